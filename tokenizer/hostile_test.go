package tokenizer_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// TestHostileFiles loads the broken and extreme tokenizer.json files of
// testdata/hostile (made by gen.py) and checks that each is refused or
// accepted as the reference decides (expect.jsonl, made by expect.js),
// with an error that says what and where, and never a panic. Files on which
// the reference crashes may be refused or loaded, but must then encode
// without panicking.
func TestHostileFiles(t *testing.T) {
	dir := filepath.Join("..", "testdata", "hostile")
	f, err := os.Open(filepath.Join(dir, "expect.jsonl"))
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		var want struct {
			File        string   `json:"file"`
			Loads       bool     `json:"loads"`
			Crash       bool     `json:"crash"`
			IDs         []uint32 `json:"ids"`
			EncodeError string   `json:"encode_error"`
			Error       string   `json:"error"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &want))
		n++
		t.Run(want.File, func(t *testing.T) {
			tk, err := tokenizer.FromFile(filepath.Join(dir, want.File))
			switch {
			case !want.Loads:
				require.Error(t, err, "the reference refuses it: %s", want.Error)
				var le *tokenizer.LoadError
				require.True(t, errors.As(err, &le), "%v is not a *LoadError", err)
				require.NotEmpty(t, le.Err.Error())
			case want.Crash:
				// The reference loads it, then crashes on use.
				if err == nil {
					e, err := tk.Encode("ab aab")
					if err == nil {
						require.NotNil(t, e)
					}
				}
			default:
				require.NoError(t, err)
				var e tokenizer.Encoding
				err := tk.EncodeTo(&e, tokenizer.Single("ab aab"), &tokenizer.Options{})
				if want.EncodeError != "" {
					require.Error(t, err, "the reference fails: %s", want.EncodeError)
					return
				}
				require.NoError(t, err)
				require.Equal(t, nonNil(want.IDs), nonNil(e.IDs))
			}
		})
	}
	require.NoError(t, sc.Err())
	require.Greater(t, n, 30)
}

func nonNil(s []uint32) []uint32 {
	if s == nil {
		return []uint32{}
	}
	return s
}

// TestHostileErrorPaths checks that errors in nested components name the
// JSON path of the problem.
func TestHostileErrorPaths(t *testing.T) {
	dir := filepath.Join("..", "testdata", "hostile")
	for file, path := range map[string]string{
		"wrong-type-bool.json":      "pre_tokenizer",
		"unknown-pretokenizer.json": "pre_tokenizer.pretokenizers[1]",
		"invalid-regex.json":        "pre_tokenizer.pattern",
		"huge-id.json":              "model",
		"added-missing-field.json":  "added_tokens[0]",
		"wrong-type-vocab.json":     "model",
	} {
		_, err := tokenizer.FromFile(filepath.Join(dir, file))
		var le *tokenizer.LoadError
		require.True(t, errors.As(err, &le), "%s: %v", file, err)
		require.True(t, strings.HasPrefix(le.Path, path), "%s: path %q, want it to start with %q (%v)", file, le.Path, path, err)
	}
}

// TestHostileCatastrophicRegex encodes with a pattern that backtracks
// catastrophically: the reference's engine gives up (and aborts the
// process); ours returns an error within the match-time bound.
func TestHostileCatastrophicRegex(t *testing.T) {
	tk, err := tokenizer.FromFile(filepath.Join("..", "testdata", "hostile", "catastrophic-regex.json"))
	require.NoError(t, err)
	start := time.Now()
	_, err = tk.Encode(strings.Repeat("a", 40) + "!")
	require.Error(t, err)
	require.Less(t, time.Since(start), 10*time.Second)
}

// TestHostileLargeFiles loads generated extremes: a vocabulary of a million
// entries and a 100 MB string, with the memory loading allocates bounded by
// a multiple of the file's size (a million short entries, 17 bytes each in
// the file, take about 200 bytes each in maps and tries: 12 times the file).
func TestHostileLargeFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("large files")
	}
	var b strings.Builder
	b.WriteString(`{"model":{"type":"WordLevel","unk_token":"[UNK]","vocab":{"[UNK]":0`)
	for i := 1; i < 1_000_000; i++ {
		fmt.Fprintf(&b, `,"w%d":%d`, i, i)
	}
	b.WriteString(`}}}`)
	million := []byte(b.String())

	huge := []byte(`{"model":{"type":"WordLevel","unk_token":"[UNK]","vocab":{"[UNK]":0}},` +
		`"normalizer":{"type":"Prepend","prepend":"` + strings.Repeat("x", 100<<20) + `"}}`)

	// A BPE vocabulary of one long token of colons and quotes (the
	// characters its reader counts to size its tables).
	colons := []byte(`{"model":{"type":"BPE","vocab":{"` + strings.Repeat(`:\"`, 10<<20) + `":0},"merges":["` +
		strings.Repeat(`\"`, 10<<20) + ` a"]}}`)

	for name, data := range map[string][]byte{"million-vocab": million, "100MB-string": huge, "colons-and-quotes": colons} {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			tk, err := tokenizer.FromBytes(data)
			if name == "colons-and-quotes" {
				require.ErrorContains(t, err, "out of vocabulary") // the merge's tokens
			} else {
				require.NoError(t, err)
			}
			runtime.ReadMemStats(&after)
			allocated := after.TotalAlloc - before.TotalAlloc
			require.Less(t, allocated, uint64(20*len(data)), "loading a %d-byte file allocated %d bytes", len(data), allocated)
			if name == "million-vocab" {
				id, ok := tk.TokenToID("w999999")
				require.True(t, ok)
				require.Equal(t, uint32(999999), id)
			}
		})
	}
}
