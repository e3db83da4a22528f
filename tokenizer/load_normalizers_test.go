package tokenizer

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/stretchr/testify/require"
)

// TestLoadNormalizer checks loadNormalizer against what the reference does
// with the normalizers of ../normalizers/testdata/load_ref.jsonl (made by
// ../normalizers/testdata/gen/load.js): load it, or refuse it, and what the
// loaded normalizer makes of a sample text.
func TestLoadNormalizer(t *testing.T) {
	const sample = " ABC Äé\u00a0中\u0000ﬁ "
	f, err := os.Open("../normalizers/testdata/load_ref.jsonl")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		var row [2]json.RawMessage
		require.NoError(t, json.Unmarshal(sc.Bytes(), &row))
		var doc string
		require.NoError(t, json.Unmarshal(row[0], &doc))
		var want struct {
			OK          *string
			Err         string
			Precompiled bool
		}
		require.NoError(t, json.Unmarshal(row[1], &want))
		n++
		t.Run(doc, func(t *testing.T) {
			norm, err := loadNormalizer(jsonValue{path: "normalizer", raw: json.RawMessage(doc)})
			switch {
			case want.Precompiled:
				// The reference loads these charsmaps, then crashes
				// on any text; we refuse them at load.
				require.ErrorIs(t, err, normalizers.ErrPrecompiledCharsmap)
			case want.OK != nil:
				require.NoError(t, err)
				ns := normalizers.New(sample)
				require.NoError(t, norm.Normalize(ns))
				require.Equal(t, *want.OK, ns.String())
			default:
				require.Error(t, err, "the reference says: %s", want.Err)
				require.False(t, errors.Is(err, ErrUnsupported), "%v", err)
				var le *LoadError
				require.ErrorAs(t, err, &le)
				require.True(t, strings.HasPrefix(le.Path, "normalizer"), "path %q", le.Path)
				if strings.HasPrefix(want.Err, "missing field") || strings.HasPrefix(want.Err, "data did not match") ||
					strings.HasPrefix(want.Err, "unknown variant") {
					require.Contains(t, err.Error(), want.Err)
				}
			}
		})
	}
	require.NoError(t, sc.Err())
	require.Greater(t, n, 50)
}

// TestLoadNormalizerPaths checks that errors in nested normalizers name
// where they are.
func TestLoadNormalizerPaths(t *testing.T) {
	for doc, path := range map[string]string{
		`{"type":"Sequence","normalizers":[{"type":"NFC"},{"type":"Strip","strip_left":true}]}`:                 "normalizer.normalizers[1]",
		`{"type":"Sequence","normalizers":[{"type":"Sequence","normalizers":[{"type":"Bert","lowercase":1}]}]}`: "normalizer.normalizers[0].normalizers[0]",
		`{"type":"Replace","pattern":{"Regex":"("},"content":""}`:                                               "normalizer.pattern",
		`{"type":"Replace","pattern":{"Regex":5},"content":""}`:                                                 "normalizer.pattern.Regex",
		`{"type":"Bert","clean_text":true,"handle_chinese_chars":true,"lowercase":"no"}`:                        "normalizer.lowercase",
		`{"type":"Precompiled","precompiled_charsmap":"@@"}`:                                                    "normalizer.precompiled_charsmap",
	} {
		_, err := loadNormalizer(jsonValue{path: "normalizer", raw: json.RawMessage(doc)})
		var le *LoadError
		require.ErrorAs(t, err, &le, doc)
		require.Equal(t, path, le.Path, doc)
	}
}

// TestLoadNormalizerConfig checks that the loaded normalizers keep their
// configuration readable.
func TestLoadNormalizerConfig(t *testing.T) {
	load := func(doc string) normalizers.Normalizer {
		n, err := loadNormalizer(jsonValue{path: "normalizer", raw: json.RawMessage(doc)})
		require.NoError(t, err)
		return n
	}
	b := load(`{"type":"Bert","clean_text":false,"handle_chinese_chars":true,"strip_accents":true,"lowercase":false}`).(*normalizers.BertNormalizer)
	require.False(t, b.CleanText)
	require.True(t, b.HandleChineseChars)
	require.NotNil(t, b.StripAccents)
	require.True(t, *b.StripAccents)
	require.False(t, b.Lowercase)
	b = load(`{"type":"Bert","clean_text":true,"handle_chinese_chars":true,"lowercase":true}`).(*normalizers.BertNormalizer)
	require.Nil(t, b.StripAccents)
	r := load(`{"type":"Replace","pattern":{"Regex":"\\s+"},"content":"_"}`).(*normalizers.Replace)
	require.Equal(t, normalizers.ReplacePattern{Value: `\s+`, Regex: true}, r.Pattern())
	require.Equal(t, "_", r.Content())
	require.Equal(t, normalizers.Strip{Left: true}, load(`{"type":"Strip","strip_left":true,"strip_right":false}`))
	require.Equal(t, normalizers.Prepend{Prefix: "▁"}, load(`{"type":"Prepend","prepend":"▁"}`))
	seq := load(`{"type":"Sequence","normalizers":[{"type":"NFKC"},{"type":"Lowercase"}]}`).(normalizers.Sequence)
	require.Equal(t, normalizers.Sequence{normalizers.NFKC{}, normalizers.Lowercase{}}, seq)
}
