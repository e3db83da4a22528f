package tokenizer_test

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"
)

func TestCountAndEncodeReader(t *testing.T) {
	tk := loadTestTokenizer(t, "gpt2")
	lines := []string{"Hello, world!\n", "Second line, with 😀 and ünïcode.\n", "\n", "last line without a newline"}
	text := strings.Join(lines, "")
	n, err := tk.Count(text)
	require.NoError(t, err)
	all, err := tk.AppendIDs(nil, text)
	require.NoError(t, err)
	require.Equal(t, len(all), n)

	// Small blocks read one byte at a time: each block is a text of its
	// own, cut after its last line end.
	var got [][]uint32
	require.NoError(t, tk.EncodeReader(iotest.OneByteReader(strings.NewReader(text)), 16, func(ids []uint32) error {
		got = append(got, append([]uint32(nil), ids...))
		return nil
	}))
	first, err := tk.AppendIDs(nil, lines[0])
	require.NoError(t, err)
	require.Equal(t, first, got[0])
	// A big block size reads everything as one text.
	var one []uint32
	require.NoError(t, tk.EncodeReader(strings.NewReader(text), 1<<20, func(ids []uint32) error {
		one = append(one, ids...)
		return nil
	}))
	require.Equal(t, all, one)

	// The iterator gives the same ids, and stops early when asked.
	var it []uint32
	for id, err := range tk.IDs(strings.NewReader(text)) {
		require.NoError(t, err)
		it = append(it, id)
	}
	require.Equal(t, all, it)
	count := 0
	for range tk.IDs(strings.NewReader(text)) {
		if count++; count == 3 {
			break
		}
	}
	require.Equal(t, 3, count)

	// Errors from the reader and from fn come out.
	boom := errors.New("boom")
	require.ErrorIs(t, tk.EncodeReader(iotest.ErrReader(boom), 0, func([]uint32) error { return nil }), boom)
	require.ErrorIs(t, tk.EncodeReader(strings.NewReader(text), 0, func([]uint32) error { return boom }), boom)
}

func TestEncodeReaderBlocks(t *testing.T) {
	tk := loadTestTokenizer(t, "bert-base-uncased")
	// Lines of 10 bytes, blocks of 25 bytes: two lines per block.
	text := strings.Repeat("abcd efgh\n", 7)
	var blocks int
	var got []uint32
	require.NoError(t, tk.EncodeReader(strings.NewReader(text), 25, func(ids []uint32) error {
		blocks++
		got = append(got, ids...)
		return nil
	}))
	require.Equal(t, 4, blocks)
	want, _ := tk.AppendIDs(nil, text) // BERT's pipeline is the same cut at line ends
	require.Equal(t, want, got)

	// A line longer than a block is cut at whitespace, or anywhere on a
	// character boundary when it has none.
	long := strings.Repeat("é", 40)
	var parts int
	require.NoError(t, tk.EncodeReader(strings.NewReader(long), 25, func(ids []uint32) error {
		parts++
		return nil
	}))
	require.Equal(t, 4, parts)
}

func TestEncodingAll(t *testing.T) {
	tk := loadTestTokenizer(t, "bert-base-uncased")
	e, err := tk.EncodePair("Hi there", "you")
	require.NoError(t, err)
	var toks []string
	for i, tok := range e.All() {
		require.Equal(t, e.IDs[i], tok.ID)
		toks = append(toks, tok.Token)
		if tok.Special {
			require.Equal(t, -1, tok.Seq)
		}
	}
	require.Equal(t, []string{"[CLS]", "hi", "there", "[SEP]", "you", "[SEP]"}, toks)
}
