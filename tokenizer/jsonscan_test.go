package tokenizer

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSplitValid checks that splitting known-valid JSON without checking it
// gives the members that the validating scanner gives, on every object and
// array of the tokenizer.json files in testdata.
func TestSplitValid(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "*", "*.json"))
	require.NoError(t, err)
	more, err := filepath.Glob(filepath.Join("..", "testdata", "tokenizers", "*", "tokenizer.json"))
	require.NoError(t, err)
	files = append(files, more...)
	require.NotEmpty(t, files)
	type member struct{ key, value string }
	var walk func(t *testing.T, raw []byte)
	walk = func(t *testing.T, raw []byte) {
		switch raw[0] {
		case '{':
			var want, got []member
			_, err := scanObject(raw, 0, 0, func(k, v []byte) { want = append(want, member{string(k), string(v)}) })
			require.NoError(t, err)
			splitValidObject(raw, func(k, v []byte) { got = append(got, member{string(k), string(v)}) })
			require.Equal(t, want, got)
			for _, m := range want {
				walk(t, []byte(m.value))
			}
		case '[':
			var want, got []string
			_, err := scanArray(raw, 0, 0, func(v []byte) { want = append(want, string(v)) })
			require.NoError(t, err)
			splitValidArray(raw, func(v []byte) { got = append(got, string(v)) })
			require.Equal(t, want, got)
			for _, v := range want {
				walk(t, []byte(v))
			}
		default:
			end, err := scanValue(raw, 0, 0)
			require.NoError(t, err)
			require.Equal(t, end, skipValid(raw, 0))
		}
	}
	t.Run("escapes", func(t *testing.T) {
		walk(t, []byte(`{"a\\":"\\\"}","b\"[":[1,-2.5e3,"]\\",{},[],{"c":[null,true,false]}],"\\\\":"x\\\\"}`))
	})
	checked := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		if validateDocument(data) != nil {
			continue // the hostile files that are not JSON
		}
		checked++
		t.Run(f, func(t *testing.T) { walk(t, []byte(string(trimJSON(data)))) })
	}
	require.Greater(t, checked, 100)
}

func trimJSON(b []byte) []byte {
	i, j := 0, len(b)
	for i < j && isSpace(b[i]) {
		i++
	}
	for j > i && isSpace(b[j-1]) {
		j--
	}
	return b[i:j]
}
