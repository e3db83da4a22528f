package bpe

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCacheGate encodes a stream of words, random ones (which turn the
// cache off) then repeated ones (which turn it back on), through a gate,
// and checks every result against the encoder without gate (and against
// Tokenize).
func TestCacheGate(t *testing.T) {
	for _, name := range []string{"gpt2", "llama3"} {
		m := loadSharedModel(t, name)
		e, err := m.NewByteEncoder(&testByteSymbols)
		require.NoError(t, err)
		r := rand.New(rand.NewPCG(1, 1))
		common := strings.Fields(" the of and to in is was for on that with as by at from his her")
		var g CacheGate
		skipped, used := 0, 0
		for phase := range 6 {
			for range 3000 {
				var w []byte
				if phase%2 == 0 {
					for range 1 + r.IntN(12) {
						w = append(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/"[r.IntN(64)])
					}
				} else {
					w = []byte(" " + common[r.IntN(len(common))])
				}
				if g.skip > 0 {
					skipped++
				} else {
					used++
				}
				// text has the word with bytes around it.
				text := append(append([]byte("xx"), w...), "yyyyyyyyyyyyyyyyyyyyyyyyyy"...)
				got := e.AppendIDsGated(nil, text, 2, 2+len(w), &g)
				require.Equal(t, e.AppendIDs(nil, w), got, "%q", w)
				if r.IntN(50) == 0 {
					require.Equal(t, tokenizeIDs(t, m, testMapBytes(w)), got, "%q", w)
				}
			}
			if phase%2 == 1 {
				require.Zero(t, g.skip, "the cache should be back on in common words")
			}
		}
		require.Greater(t, skipped, 5000)
		require.Greater(t, used, 5000)
	}
}
