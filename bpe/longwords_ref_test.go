package bpe_test

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// TestLongWordsReference encodes long words without spaces (merged by
// windows: testdata/long_words.jsonl.gz, written by mklongwords.sh with the
// reference's results) with real tokenizers, through AppendIDs (the fast
// paths) and EncodeTo (the general pipeline, with offsets).
func TestLongWordsReference(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "long_words.jsonl.gz"))
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	tokenizers := map[string]*tokenizer.Tokenizer{}
	n := 0
	for sc.Scan() {
		var want struct {
			Tokenizer string   `json:"tokenizer"`
			Text      string   `json:"text"`
			IDs       []uint32 `json:"ids"`
			Spans     [][2]int `json:"spans"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &want))
		tk, ok := tokenizers[want.Tokenizer]
		if !ok {
			tk, err = tokenizer.FromFile(filepath.Join("/work/shared/tokenizers", want.Tokenizer, "tokenizer.json"))
			if err != nil {
				t.Skip(err)
			}
			tokenizers[want.Tokenizer] = tk
		}
		ids, err := tk.AppendIDs(nil, want.Text)
		require.NoError(t, err)
		require.Equal(t, want.IDs, ids, "%s line %d", want.Tokenizer, n)
		var enc tokenizer.Encoding
		require.NoError(t, tk.EncodeTo(&enc, tokenizer.Input{Text: want.Text}, &tokenizer.Options{CharOffsets: true}))
		require.Equal(t, want.IDs, enc.IDs, "%s line %d", want.Tokenizer, n)
		offsets := make([]tokenizer.Offset, len(want.Spans))
		end := 0
		for i, sp := range want.Spans {
			offsets[i] = tokenizer.Offset{Start: end + sp[0], End: end + sp[0] + sp[1]}
			end = offsets[i].End
		}
		require.Equal(t, offsets, enc.Offsets, "%s line %d", want.Tokenizer, n)
		n++
	}
	require.NoError(t, sc.Err())
	require.Equal(t, 44, n)
}
