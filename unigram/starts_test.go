package unigram

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestStartsSkip checks the search that skips the characters no piece
// starts with against the search that walks the trie from every one, on
// random vocabularies and words of mixed characters (invalid bytes too).
func TestStartsSkip(t *testing.T) {
	alphabet := []string{"a", "b", "é", "ü", "中", "文", "▁", "😀", "\u0301", "\xff", "\xe4\xb8"}
	r := rand.New(rand.NewPCG(1, 2))
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	for round := range 200 {
		var vocab []Piece
		seen := map[string]bool{}
		for len(vocab) < 3+r.IntN(20) {
			w := word(1 + r.IntN(3))
			if round%2 == 0 {
				w = strings.ToValidUTF8(w, "")
			}
			if w == "" || seen[w] {
				continue
			}
			seen[w] = true
			vocab = append(vocab, Piece{w, -r.Float64() * 10})
		}
		vocab = append(vocab, Piece{"<unk>", 0})
		m, err := New(vocab, Config{UnkID: len(vocab) - 1, ByteFallback: round%3 == 0})
		if err != nil {
			t.Fatal(err)
		}
		slow, err := New(vocab, Config{UnkID: len(vocab) - 1, ByteFallback: round%3 == 0})
		if err != nil {
			t.Fatal(err)
		}
		slow.trie.starts = nil
		for range 50 {
			w := word(r.IntN(12))
			got, err1 := m.AppendIDs(nil, w)
			want, err2 := slow.AppendIDs(nil, w)
			if err1 != err2 || !slices.Equal(got, want) {
				t.Fatalf("vocab %v, word %+q: got %v %v, want %v %v", vocab, w, got, err1, want, err2)
			}
		}
	}
}
