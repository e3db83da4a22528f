package bpe_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// wrapModel must match wrapModel in testdata/mkload.js.
func wrapModel(model string) []byte {
	return []byte(`{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":` + model + `}`)
}

// TestLoad checks that tokenizer.json loading accepts and refuses BPE models
// as the reference does (testdata/load_cases.json, by testdata/mkload.js).
func TestLoad(t *testing.T) {
	data, err := os.ReadFile("testdata/load_cases.json")
	require.NoError(t, err)
	var cases []struct {
		Name  string `json:"name"`
		Model string `json:"model"`
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	require.NoError(t, json.Unmarshal(data, &cases))
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			_, err := tokenizer.FromBytes(wrapModel(c.Model))
			if c.OK {
				require.NoError(t, err)
			} else {
				require.Error(t, err, "the reference refuses it: %s", c.Error)
			}
		})
	}
}

// TestLoadPanics covers models on which the reference panics (the process
// aborts): we refuse them.
func TestLoadPanics(t *testing.T) {
	for _, model := range []string{
		// The merged token is longer than every vocabulary token.
		`{"type":"BPE","vocab":{"a":0,"b":1},"merges":["a b"]}`,
		// The right token is shorter than the prefix.
		`{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b"],"continuing_subword_prefix":"##"}`,
	} {
		_, err := tokenizer.FromBytes(wrapModel(model))
		require.Error(t, err, model)
	}
}

// TestLoadModelFields checks what a loaded BPE model holds.
func TestLoadModelFields(t *testing.T) {
	tk, err := tokenizer.FromBytes(wrapModel(`{"type":"BPE","vocab":{"a":0,"b":1,"ab":2,"\ud83d\ude00":3,"a":4},"merges":[["a","b"]]}`))
	require.NoError(t, err)
	id, ok := tk.TokenToID("😀")
	require.True(t, ok)
	require.Equal(t, uint32(3), id)
	id, ok = tk.TokenToID("a")
	require.True(t, ok)
	require.Equal(t, uint32(4), id, "the last of duplicate keys wins")
	s, ok := tk.IDToToken(2)
	require.True(t, ok)
	require.Equal(t, "ab", s)
}

// realBPE lists the BPE tokenizers of /work/shared/tokenizers (or
// $TOKENIZERS_DIR), or skips the test when they are not there.
func realBPE(t *testing.T) (dir string, names []string) {
	dir = os.Getenv("TOKENIZERS_DIR")
	if dir == "" {
		dir = "/work/shared/tokenizers"
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("no real tokenizers: %v", err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, e.Name(), "tokenizer.json"))
		if err != nil {
			continue
		}
		var doc struct {
			Model struct {
				Type   string          `json:"type"`
				Merges json.RawMessage `json:"merges"`
			} `json:"model"`
		}
		require.NoError(t, json.Unmarshal(raw, &doc), e.Name())
		if doc.Model.Type == "BPE" || (doc.Model.Type == "" && doc.Model.Merges != nil) {
			names = append(names, e.Name())
		}
	}
	return dir, names
}

// TestLoadReal loads the model of every real BPE tokenizer.json alone.
func TestLoadReal(t *testing.T) {
	dir, names := realBPE(t)
	require.NotEmpty(t, names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, name, "tokenizer.json"))
			require.NoError(t, err)
			if testing.Short() && len(raw) > 3<<20 {
				t.Skip("large file, skipped in short mode")
			}
			var doc struct {
				Model json.RawMessage `json:"model"`
			}
			require.NoError(t, json.Unmarshal(raw, &doc))
			var m struct {
				Vocab map[string]uint32 `json:"vocab"`
			}
			require.NoError(t, json.Unmarshal(doc.Model, &m))
			start := time.Now()
			tk, err := tokenizer.FromBytes(wrapModel(string(doc.Model)))
			elapsed := time.Since(start)
			require.NoError(t, err)
			t.Logf("%s: %d tokens, loaded in %v", name, len(m.Vocab), elapsed)
			for tok, id := range m.Vocab {
				got, ok := tk.TokenToID(tok)
				require.True(t, ok, tok)
				require.Equal(t, id, got, tok)
			}
		})
	}
}

// BenchmarkLoad measures loading the model of real tokenizers alone.
func BenchmarkLoad(b *testing.B) {
	dir := "/work/shared/tokenizers"
	for _, name := range []string{"gpt2", "llama3", "qwen3", "gemma"} {
		raw, err := os.ReadFile(filepath.Join(dir, name, "tokenizer.json"))
		if err != nil {
			b.Skip(err)
		}
		var doc struct {
			Model json.RawMessage `json:"model"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			b.Fatal(err)
		}
		data := wrapModel(string(doc.Model))
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tokenizer.FromBytes(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
