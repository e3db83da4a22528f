package matcher

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// naive finds leftmost-longest non-overlapping matches by trying every
// pattern at every position.
func naive(patterns []string, text string) []Match {
	var out []Match
	for i := 0; i < len(text); {
		best, bestLen := -1, -1
		for pi, p := range patterns {
			if p != "" && strings.HasPrefix(text[i:], p) && len(p) > bestLen {
				best, bestLen = pi, len(p)
			}
		}
		if best < 0 {
			i++
			continue
		}
		// The first of equal patterns wins.
		for pi, p := range patterns {
			if p == patterns[best] {
				best = pi
				break
			}
		}
		out = append(out, Match{Pattern: best, Start: i, End: i + bestLen})
		i += bestLen
	}
	return out
}

func TestMatcherAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abc"[r.IntN(3)]
		}
		return string(b)
	}
	for iter := range 3000 {
		var pats []string
		for range 1 + r.IntN(6) {
			pats = append(pats, word(1+r.IntN(5)))
		}
		text := word(r.IntN(40))
		m := New(pats)
		got, _ := m.FindAll(nil, []byte(text), nil)
		want := naive(pats, text)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("iteration %d: patterns %q text %q: got %v, want %v", iter, pats, text, got, want)
		}
	}
}

func TestMatcherEmptyPattern(t *testing.T) {
	m := New([]string{"", "ab"})
	got, _ := m.FindAll(nil, []byte("xabé"), nil)
	want := []Match{{0, 0, 0}, {1, 1, 3}, {0, 3, 3}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestMatcherLinear(t *testing.T) {
	// A pattern that almost matches everywhere must not make the scan
	// quadratic: this runs in a few milliseconds.
	long := strings.Repeat("a", 1000) + "b"
	m := New([]string{long, "a"})
	text := []byte(strings.Repeat("a", 1<<20))
	got, _ := m.FindAll(nil, text, nil)
	if len(got) != 1<<20 {
		t.Fatalf("got %d matches, want %d", len(got), 1<<20)
	}
}
