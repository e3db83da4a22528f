package normalizers

import (
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// gpropsReps returns one character of each distinct grapheme properties
// value, and a few more of the common ones.
func gpropsReps() []rune {
	seen := map[gprops]int{}
	var out []rune
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r >= 0xD800 && r < 0xE000 {
			continue
		}
		p := graphemeProps(r)
		if seen[p] < 3 {
			seen[p]++
			out = append(out, r)
		}
	}
	return out
}

// boundaries returns the offsets of s where clusters start, from a fresh
// segmenter at offset from.
func boundaries(s string, from int) []int {
	var seg graphemeSegmenter
	var out []int
	for i, r := range s[from:] {
		if seg.next(graphemeProps(r)) {
			out = append(out, from+i)
		}
	}
	return out
}

// TestFreshBreak checks freshBreak against the segmenter: where it holds,
// the segmentation of the whole text has a boundary, and a segmenter
// started there finds the same boundaries after it.
func TestFreshBreak(t *testing.T) {
	reps := gpropsReps()
	rng := rand.New(rand.NewPCG(5, 6))
	n := 200000
	if testing.Short() {
		n = 20000
	}
	checked := 0
	for range n {
		rs := make([]rune, 2+rng.IntN(10))
		for i := range rs {
			if rng.IntN(3) == 0 {
				rs[i] = hardChars[rng.IntN(len(hardChars))]
			} else {
				rs[i] = reps[rng.IntN(len(reps))]
			}
		}
		s := string(rs)
		all := boundaries(s, 0)
		for q := len(string(rs[0])); q < len(s); {
			pr, _ := utf8.DecodeLastRuneInString(s[:q])
			r, sz := utf8.DecodeRuneInString(s[q:])
			if freshBreak(graphemeProps(pr), graphemeProps(r)) {
				checked++
				k := slices.Index(all, q)
				require.GreaterOrEqual(t, k, 0, "%+q: no boundary at %d", s, q)
				require.Equal(t, all[k:], boundaries(s, q), "%+q: restart at %d", s, q)
			}
			q += sz
		}
	}
	require.Greater(t, checked, n/2)
}

// TestPrecompiledHot checks the hot tables against the trie: a character
// that coldAt calls cold, followed by any of many characters, finds no key.
func TestPrecompiledHot(t *testing.T) {
	var next []rune
	for r := rune(1); r < 0x80; r += 5 {
		next = append(next, r)
	}
	for r := rune(0x300); r < 0x370; r++ {
		next = append(next, r)
	}
	for r := rune(0x80); r < 1<<16; r += 211 {
		if r < 0xD800 || r >= 0xE000 {
			next = append(next, r)
		}
	}
	next = append(next, 0x3099, 0x309A, 0x093C, 0x0CBC, 0x0653, 0x0654, 0x0655, 0x200D, 0x0E32, 0xFE0F, 0x1F600, 0x10000)
	for name, p := range refCharsmaps(t) {
		step := rune(1)
		if testing.Short() || name != "t5" {
			step = 13
		}
		for r := rune(0x80); r < 1<<16; r += step {
			if r >= 0xD800 && r < 0xE000 {
				continue
			}
			b := []byte(string(r))
			if p.coldAt(b, 0) {
				_, ok := p.lookup(b)
				require.False(t, ok, "%s: %U has a key", name, r)
			}
			for _, r2 := range next {
				b := []byte(string(r) + string(r2) + "x")
				if p.coldAt(b, 0) {
					_, ok := p.lookup(b[:min(maxLookup, len(b))])
					require.False(t, ok, "%s: %U %U has a key", name, r, r2)
				}
			}
		}
	}
}

// TestPrecompiledAppendNormalizedCorpus compares AppendNormalized with
// Normalize on the corpus.
func TestPrecompiledAppendNormalizedCorpus(t *testing.T) {
	p := refCharsmaps(t)["t5"]
	for _, name := range []string{"en", "multilingual", "code"} {
		data, err := os.ReadFile(sharedCorpusDir() + "/" + name + ".txt")
		if err != nil {
			t.Skip(err)
		}
		for _, line := range strings.SplitAfter(string(data), "\n") {
			n := New(line)
			require.NoError(t, p.Normalize(n))
			require.Equal(t, n.String(), pcText(p, line), "%+q", line)
		}
	}
}

func BenchmarkPrecompiledAppendNormalized(b *testing.B) {
	p := refCharsmaps(b)["t5"]
	for _, name := range []string{"en", "multilingual", "code"} {
		data, err := os.ReadFile(sharedCorpusDir() + "/" + name + ".txt")
		if err != nil {
			b.Skip(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			var out []byte
			for b.Loop() {
				out = p.AppendNormalized(out[:0], data)
			}
		})
	}
}
