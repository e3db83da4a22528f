package tokenizer_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

func TestEncodeBatchConcurrentMatchesSequential(t *testing.T) {
	tk := loadTestTokenizer(t, "gpt2")
	var inputs []tokenizer.Input
	for i := range 200 {
		inputs = append(inputs, tokenizer.Single(fmt.Sprintf("sentence number %d, with a few words %s", i, string(rune('a'+i%26)))))
	}
	opts := tk.Options()
	opts.Padding = &tokenizer.Padding{PadID: 50256, PadToken: "<|endoftext|>"}
	got, err := tk.EncodeBatch(inputs, &opts)
	require.NoError(t, err)
	longest := 0
	for i, in := range inputs {
		var e tokenizer.Encoding
		o := opts
		o.Padding = nil
		require.NoError(t, tk.EncodeTo(&e, in, &o))
		longest = max(longest, e.Len())
		require.Equal(t, e.IDs, got[i].IDs[:e.Len()], "input %d", i)
	}
	for i := range got {
		require.Equal(t, longest, got[i].Len())
	}
	batch := [][]uint32{got[0].IDs[:3], got[1].IDs[:2], got[2].IDs}
	texts, err := tk.DecodeBatch(batch, true)
	require.NoError(t, err)
	for i, ids := range batch {
		want, err := tk.Decode(ids, true)
		require.NoError(t, err)
		require.Equal(t, want, texts[i])
	}
	require.Equal(t, "sentence number 2, with a few words c", texts[2])
}

func TestEncodeBatchConcurrentCancel(t *testing.T) {
	tk := loadTestTokenizer(t, "bert-base-uncased")
	// About 14 MB of text: far more than the workers get through before
	// the cancel, however fast they are.
	inputs := make([]tokenizer.Input, 200000)
	for i := range inputs {
		inputs[i] = tokenizer.Single("a moderately long sentence to keep the workers busy for a while")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancelled, err := tk.EncodeBatchContext(ctx, inputs[:0], nil)
	require.NoError(t, err)
	require.Empty(t, cancelled)
	go func() { time.Sleep(2 * time.Millisecond); cancel() }()
	start := time.Now()
	_, err = tk.EncodeBatchContext(ctx, inputs, nil)
	require.True(t, errors.Is(err, context.Canceled), "err = %v", err)
	require.Less(t, time.Since(start), 2*time.Second)

	// An error names the input that failed.
	opts := tk.Options()
	opts.Truncation = &tokenizer.Truncation{MaxLength: 3, Strategy: tokenizer.OnlySecond}
	_, err = tk.EncodeBatch([]tokenizer.Input{tokenizer.Single("x"), tokenizer.Single("a b c d e")}, &opts)
	require.ErrorContains(t, err, "input 1")
}
