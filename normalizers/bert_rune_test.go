package normalizers

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// bertConfigs are all the BertNormalizer settings: every step on or off,
// StripAccents nil, false or true.
func bertConfigs() []*BertNormalizer {
	var out []*BertNormalizer
	for bits := range 8 {
		for _, strip := range []*bool{nil, new(false), new(true)} {
			out = append(out, &BertNormalizer{
				CleanText:          bits&1 != 0,
				HandleChineseChars: bits&2 != 0,
				Lowercase:          bits&4 != 0,
				StripAccents:       strip,
			})
		}
	}
	return out
}

func bertName(b *BertNormalizer) string {
	s := "nil"
	if b.StripAccents != nil {
		s = fmt.Sprint(*b.StripAccents)
	}
	return fmt.Sprintf("clean=%v,chinese=%v,strip=%s,lower=%v", b.CleanText, b.HandleChineseChars, s, b.Lowercase)
}

// TestBertAppendRuneEveryCodePoint checks AppendRune against Normalize on
// every code point alone, for every setting (a sample of them with -short).
func TestBertAppendRuneEveryCodePoint(t *testing.T) {
	for _, b := range bertConfigs() {
		t.Run(bertName(b), func(t *testing.T) {
			t.Parallel()
			step := rune(1)
			if testing.Short() {
				step = 7
			}
			fails := 0
			var buf []byte
			for r := rune(0); r <= utf8.MaxRune; r += step {
				if !utf8.ValidRune(r) {
					continue
				}
				n := New(string(r))
				if err := b.Normalize(n); err != nil {
					t.Fatal(err)
				}
				buf, _ = b.AppendRune(buf[:0], r)
				if string(buf) != n.String() {
					if fails++; fails <= 10 {
						t.Errorf("AppendRune(%U) = %+q, Normalize gives %+q", r, buf, n.String())
					}
				}
			}
		})
	}
}

// TestBertAppendRuneConcatenates checks that Normalize of a string is the
// concatenation of AppendRune of its characters when they are all
// independent, on random strings drawn from characters that exercise every
// step (controls, spaces, CJK, accents, combining marks, Hangul, İ).
func TestBertAppendRuneConcatenates(t *testing.T) {
	alphabet := []rune("aZ09 \t\n\r\v\f\x00\x01\x7f.,!¿éÉİıßǅ\u0301\u0316\u0345\u0f73\u0344中文\uf900\U00020000가각\u1100\u1161\u11a8ﬁ\u00a0\u2003\u200b\u200d\ufeff\ufffd\U000e0001\ue000Åᾂ\u0387\u037e\u1d165\U0001d165\U0001d16d\u302e" +
		"Ωω\u1e9eД\u0958\u0929\u093c\u0915")
	rng := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for _, b := range bertConfigs() {
		var want, got []byte
		for range n {
			var sb strings.Builder
			for range 1 + rng.IntN(12) {
				sb.WriteRune(alphabet[rng.IntN(len(alphabet))])
			}
			s := sb.String()
			norm := New(s)
			if err := b.Normalize(norm); err != nil {
				t.Fatal(err)
			}
			want = append(want[:0], norm.Bytes()...)
			got = got[:0]
			all := true
			for _, r := range s {
				var ind bool
				got, ind = b.AppendRune(got, r)
				all = all && ind
			}
			if all && string(got) != string(want) {
				t.Fatalf("%s: %+q: AppendRune gives %+q, Normalize %+q", bertName(b), s, got, want)
			}
		}
	}
}
