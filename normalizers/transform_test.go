package normalizers

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBulkHelpersMatchGeneralMethods checks removeRunes, mapRunes and
// lowercase, which copy unchanged runs in bulk, against the step-by-step
// Filter, Map and MapMulti of NormalizedString, on random texts and on
// slices of them.
func TestBulkHelpersMatchGeneralMethods(t *testing.T) {
	pool := []string{"a", "B", " ", "\t", "\n", "\u0000", "\u0001", "\u007f", "\u0085", "é", "\u0301", "İ", "Σ", "中",
		"\ufffd", "\u200b", "\u00ad", "\u3000", "\u2581", "\U0001F600", "\U000E0001", "ȺȾ"}
	rng := rand.New(rand.NewPCG(3, 4))
	iters := 20000
	if testing.Short() {
		iters = 2000
	}
	for i := range iters {
		var sb strings.Builder
		for range rng.IntN(12) {
			sb.WriteString(pool[rng.IntN(len(pool))])
		}
		s := sb.String()
		for _, c := range []struct {
			name    string
			fast    func(*NormalizedString)
			general func(*NormalizedString)
		}{
			{"bert removed", func(n *NormalizedString) { removeRunes(n, bertRemovedSet) },
				func(n *NormalizedString) { n.Filter(func(r rune) bool { return !bertRemoved(r) }) }},
			{"nmt removed", func(n *NormalizedString) { removeRunes(n, nmtRemovedSet) },
				func(n *NormalizedString) { n.Filter(func(r rune) bool { return !nmtRemoved(r) }) }},
			{"bert space", func(n *NormalizedString) { mapRunes(n, bertSpaceMap) }, func(n *NormalizedString) { n.Map(bertSpace) }},
			{"lowercase", lowercase, func(n *NormalizedString) {
				n.MapMulti(func(dst []rune, r rune) []rune {
					if r == lowerMulti {
						return append(dst, 'i', 0x307)
					}
					return append(dst, toLower(r))
				})
			}},
		} {
			a, b := New(s), New(s)
			c.fast(a)
			c.general(b)
			require.Equal(t, b.String(), a.String(), "%s of %+q (%d)", c.name, s, i)
			require.Equal(t, b.align, a.align, "%s of %+q (%d)", c.name, s, i)
		}
	}
}
