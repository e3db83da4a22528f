package tokenizer_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

func loadTestTokenizer(t testing.TB, name string) *tokenizer.Tokenizer {
	t.Helper()
	tk, err := tokenizer.FromFile(filepath.Join("..", "testdata", "tokenizers", name, "tokenizer.json"))
	require.NoError(t, err)
	return tk
}

// words returns the tokens of e without special tokens, joined.
func words(e *tokenizer.Encoding) string {
	return strings.Join(e.Tokens, " ")
}

// The windows follow Encoding::truncate in the reference's source: windows
// of max_len tokens (special tokens excluded), each starting max_len-stride
// tokens after the previous one, every window post-processed.
func TestOverflowSingle(t *testing.T) {
	tk := loadTestTokenizer(t, "bert-base-uncased")
	text := "a b c d e f g h i j"
	for _, tc := range []struct {
		dir  tokenizer.Direction
		want []string
	}{
		{tokenizer.Right, []string{
			"[CLS] a b c d [SEP]",
			"[CLS] d e f g [SEP]",
			"[CLS] g h i j [SEP]",
		}},
		{tokenizer.Left, []string{
			"[CLS] g h i j [SEP]",
			"[CLS] d e f g [SEP]",
			"[CLS] a b c d [SEP]",
		}},
	} {
		opts := tk.Options()
		opts.Truncation = &tokenizer.Truncation{MaxLength: 6, Stride: 1, Direction: tc.dir}
		opts.Overflowing = true
		var e tokenizer.Encoding
		require.NoError(t, tk.EncodeTo(&e, tokenizer.Single(text), &opts))
		got := []string{words(&e)}
		for i := range e.Overflowing {
			o := &e.Overflowing[i]
			got = append(got, words(o))
			// Each window is a full encoding: offsets into the text,
			// special tokens masked, sequence ids set.
			require.Equal(t, []uint32{1, 0, 0, 0, 0, 1}, o.SpecialTokensMask)
			require.Equal(t, []int{-1, 0, 0, 0, 0, -1}, o.SequenceIDs())
			for j, off := range o.Offsets[1:5] {
				require.Equal(t, o.Tokens[j+1], text[off.Start:off.End])
			}
		}
		require.Equal(t, tc.want, got, "direction %v", tc.dir)
		// Without Overflowing, the same kept part and no windows.
		opts.Overflowing = false
		var plain tokenizer.Encoding
		require.NoError(t, tk.EncodeTo(&plain, tokenizer.Single(text), &opts))
		require.Equal(t, e.IDs, plain.IDs)
		require.Equal(t, e.WordIDs, plain.WordIDs)
		require.Empty(t, plain.Overflowing)
	}
}

func TestOverflowPair(t *testing.T) {
	tk := loadTestTokenizer(t, "bert-base-uncased")
	opts := tk.Options()
	opts.Truncation = &tokenizer.Truncation{MaxLength: 9, Stride: 1}
	opts.Overflowing = true
	var e tokenizer.Encoding
	require.NoError(t, tk.EncodeTo(&e, tokenizer.Pair("a b c d e f", "u v w x y z"), &opts))
	got := []string{words(&e)}
	for i := range e.Overflowing {
		got = append(got, words(&e.Overflowing[i]))
	}
	require.Equal(t, []string{
		"[CLS] a b c [SEP] u v w [SEP]",
		"[CLS] c d e [SEP] u v w [SEP]",
		"[CLS] e f [SEP] u v w [SEP]",
		"[CLS] a b c [SEP] w x y [SEP]",
		"[CLS] a b c [SEP] y z [SEP]",
	}, got)
	for i := range e.Overflowing {
		o := &e.Overflowing[i]
		seqs := o.SequenceIDs()
		for j, off := range o.Offsets {
			src := map[int]string{0: "a b c d e f", 1: "u v w x y z"}[seqs[j]]
			if seqs[j] >= 0 {
				require.Equal(t, o.Tokens[j], src[off.Start:off.End])
			}
		}
	}
}

// The reference combines every window of one side with every window of the
// other; ours stays linear: a pair of two 3,000-token texts truncated to 8
// gives one window per cut part of each side.
func TestOverflowPairBounded(t *testing.T) {
	tk := loadTestTokenizer(t, "bert-base-uncased")
	a := strings.Repeat("one ", 3000)
	b := strings.Repeat("two ", 3000)
	opts := tk.Options()
	opts.Truncation = &tokenizer.Truncation{MaxLength: 8}
	opts.Overflowing = true
	var e tokenizer.Encoding
	require.NoError(t, tk.EncodeTo(&e, tokenizer.Pair(a, b), &opts))
	// 8 - 3 special tokens = 5: 2 tokens of a, 3 of b per window.
	require.Equal(t, "[CLS] one one [SEP] two two two [SEP]", words(&e))
	require.Len(t, e.Overflowing, 1499+999)
	total := 0
	for i := range e.Overflowing {
		require.LessOrEqual(t, e.Overflowing[i].Len(), 8)
		total += e.Overflowing[i].Len()
	}
	require.LessOrEqual(t, total, 8*(1499+999))
}
