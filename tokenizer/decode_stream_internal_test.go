package tokenizer

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDecodeStreamKeepsNoDroppedIDs checks that a long run of ids that
// decoding leaves out (unknown ids, skipped special tokens) is counted, not
// stored: the stream's work per step stays proportional to the ids that
// decode to something, not to the length of the run.
func TestDecodeStreamKeepsNoDroppedIDs(t *testing.T) {
	tk, err := FromFile(filepath.Join("..", "testdata", "tokenizers", "gpt2", "tokenizer.json"))
	require.NoError(t, err)
	eot, ok := tk.TokenToID("<|endoftext|>")
	require.True(t, ok)
	partial, ok := tk.TokenToID("\u0122") // byte 0x80: a piece of a character
	require.True(t, ok)
	s := tk.NewDecodeStream(true)
	_, ok, err = s.Step(partial)
	require.NoError(t, err)
	require.False(t, ok)
	for i := range 100000 {
		id := eot // skipped
		if i%2 == 1 {
			id = 1 << 30 // unknown
		}
		_, ok, err := s.Step(id)
		require.NoError(t, err)
		require.False(t, ok)
	}
	require.Equal(t, []uint32{partial}, s.ids)
	require.Equal(t, 100001, s.n)
	// A character completed: the run is returned and dropped.
	text, ok, err := s.Step(tk.mustID(t, "a"))
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, "\uFFFDa", text)
	require.LessOrEqual(t, len(s.ids), 2)
}

func (t *Tokenizer) mustID(tb testing.TB, tok string) uint32 {
	id, ok := t.TokenToID(tok)
	require.True(tb, ok, tok)
	return id
}
