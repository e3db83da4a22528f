package tokenizer_test

import (
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// TestZeroAllocs checks that the append-style calls allocate nothing once
// their buffers are warm, for every model family: AppendIDs, and EncodeTo
// of a single text and of a pair with the tokenizer's post-processor.
func TestZeroAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	// Parallel tests make garbage; a collection empties the sync.Pools that
	// hold the warm scratch, and refilling one is not what is measured here.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	files := map[string]string{
		"WordPiece":          "tokenizers/bert-base-uncased/tokenizer.json",
		"byte-level BPE":     "tokenizers/gpt2/tokenizer.json",
		"BPE (Roberta)":      "tokenizers/roberta-base/tokenizer.json",
		"BPE (end of word)":  "tokenizers/hw-doc-summarizer/tokenizer.json",
		"WordLevel":          "tokenizers/wordlevel-wiki/tokenizer.json",
		"BPE byte fallback":  "synthetic/bpe-byte-fallback.json",
		"Unigram":            "synthetic/unigram-byte-fallback.json",
		"Unigram (T5-style)": "synthetic/norm-precompiled-t5.json",
	}
	texts := []string{
		"Hello, world! This is a test of the allocation counts.",
		"Héllo wörld 😀 日本語 — ünïcode façade, 1234 \t\n tabs",
	}
	for family, file := range files {
		t.Run(family, func(t *testing.T) {
			tk, err := tokenizer.FromFile(filepath.Join("..", "testdata", file))
			require.NoError(t, err)
			opts := tk.Options()
			var e tokenizer.Encoding
			var ids []uint32
			for _, text := range texts {
				// Warm the buffers first.
				for range 3 {
					ids, err = tk.AppendIDs(ids[:0], text)
					require.NoError(t, err)
					require.NoError(t, tk.EncodeTo(&e, tokenizer.Pair(text, text), &opts))
				}
				require.Zero(t, testing.AllocsPerRun(20, func() { ids, _ = tk.AppendIDs(ids[:0], text) }), "AppendIDs")
				require.Zero(t, testing.AllocsPerRun(20, func() { _ = tk.EncodeTo(&e, tokenizer.Single(text), &opts) }), "EncodeTo")
				require.Zero(t, testing.AllocsPerRun(20, func() { _ = tk.EncodeTo(&e, tokenizer.Pair(text, text), &opts) }), "EncodeTo pair")
			}
		})
	}
}
