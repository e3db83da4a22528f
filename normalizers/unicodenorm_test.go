package normalizers

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// normalizeFromStart is unicodeNormalize without its fast paths: it
// transforms the whole text.
func normalizeFromStart(n *NormalizedString, f form) {
	var u unormState
	u.init(beginAt(n, 0, 0, len(n.norm)), f)
	for _, r := range string(n.norm) {
		u.add(r, propsOf(r))
	}
	u.end()
	u.t.finish()
}

var interacting = []string{
	"a", "e", "o", "A", " ", "x", "İ",
	"\u0301", "\u0300", "\u0316", "\u0323", "\u0334", "\u0345", "\u093c", "\u3099",
	"é", "Å", "ǅ", "ậ", "ώ", "ᾼ", "\u0344", "\u0f73", "\u212b", "\u2126",
	"\u1100", "\u1161", "\u11a8", "\u11a7", "가", "각", "\u0b47", "\u0b3e", "\u0dd9", "\u0dcf",
	"\u1025", "\u102e", "ﬁ", "①", "Ａ", "ｶ", "ﾞ", "㌀", "\u00a0", "中",
}

// TestUnicodeFastPathEquivalence checks that starting the transformation at
// the last inert character gives what transforming everything gives.
func TestUnicodeFastPathEquivalence(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	iters := 20000
	if testing.Short() {
		iters = 2000
	}
	for i := range iters {
		var sb strings.Builder
		for range 1 + rng.IntN(10) {
			sb.WriteString(interacting[rng.IntN(len(interacting))])
		}
		s := sb.String()
		for f := formD; f <= formKC; f++ {
			a, b := New(s), New(s)
			unicodeNormalize(a, f)
			normalizeFromStart(b, f)
			require.Equal(t, b.String(), a.String(), "form %d of %+q (%d)", f, s, i)
			require.Equal(t, b.align, a.align, "form %d of %+q (%d)", f, s, i)
		}
	}
}

// TestUnicodeLongMarkRun checks that a character followed by very many
// combining marks (more than ucharVec holds in place) is reordered like a
// short run.
func TestUnicodeLongMarkRun(t *testing.T) {
	s := "e" + strings.Repeat("\u0301\u0316", 500) + "x" + strings.Repeat("\u0316", 40)
	want := "e" + strings.Repeat("\u0316", 500) + strings.Repeat("\u0301", 500) + "x" + strings.Repeat("\u0316", 40)
	require.Equal(t, want, normalizeString(t, NFD{}, s))
	got := normalizeString(t, NFC{}, s)
	// NFC composes e with the first U+0301 (not blocked: U+0316 has a
	// lower class), and leaves the rest in canonical order.
	require.Equal(t, "é"+strings.Repeat("\u0316", 500)+strings.Repeat("\u0301", 499)+"x"+strings.Repeat("\u0316", 40), got)
}

// TestNoChangeNoAlloc checks the fast paths: text a normalizer leaves
// alone is not copied.
func TestNoChangeNoAlloc(t *testing.T) {
	for _, c := range []struct {
		x     Normalizer
		texts []string
	}{
		{NFC{}, []string{"", "hello world", "héllo wörld 가각 中文 ﬁ①"}},
		{NFKC{}, []string{"hello world", "héllo wörld 가각 中文"}},
		{NFD{}, []string{"hello world", "hello wo\u0308rld 中文 ﬁ①"}},
		{NFKD{}, []string{"hello world", "hello wo\u0308rld 中文"}},
		{Lowercase{}, []string{"hello world", "héllo wörld 가각 中文 ﬁ① σ"}},
		{StripAccents{}, []string{"hello world", "héllo wörld 가각 中文 ﬁ①"}},
		{NewBertNormalizer(), []string{"hello world", "hello, world! [1+2=3] {x} ~"}},
		{&BertNormalizer{CleanText: true, HandleChineseChars: true}, []string{"Hello World", "Héllo wörld 가각"}},
		{Nmt{}, []string{"hello world", "Héllo wörld 가각 中文"}},
		{ByteLevel{}, []string{"hello", "!~"}},
		{Strip{Left: true, Right: true}, []string{"hello world, this is a longer text than 32 bytes", "x"}},
		{Strip{Left: true}, []string{"hello world, this is a longer text than 32 bytes  "}},
		{Strip{Right: true}, []string{"  hello world, this is a longer text than 32 bytes"}},
	} {
		for _, s := range c.texts {
			n := New(s)
			allocs := testing.AllocsPerRun(10, func() { require.NoError(t, c.x.Normalize(n)) })
			require.Equal(t, s, n.String(), "%T on %q", c.x, s)
			require.Zero(t, allocs, "%T on %q", c.x, s)
		}
	}
}

// TestASCIIProps checks the properties the code assumes for ASCII.
func TestASCIIProps(t *testing.T) {
	for r := range rune(0x80) {
		require.Equal(t, uint16(asciiProps), props(r)&^propBertRemoved, "%U", r)
		require.Equal(t, r, toLower(r)+boolRune('A' <= r && r <= 'Z')*('A'-'a'))
	}
}

func boolRune(b bool) rune {
	if b {
		return 1
	}
	return 0
}
