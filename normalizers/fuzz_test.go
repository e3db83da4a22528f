package normalizers

import (
	"testing"
	"unicode/utf8"
)

// FuzzNormalizers checks that no normalizer panics, and that the normalized
// text stays valid UTF-8 with one alignment per byte, inside the original,
// the same for every byte of a character.
func FuzzNormalizers(f *testing.F) {
	for _, s := range interacting {
		f.Add(s + "x" + s)
	}
	f.Add("Hello 中文 İ \u0000\ufffd a\u0301\u0316 \u1100\u1161\u11a8 ﬁ")
	rep, _ := NewReplace(ReplacePattern{Value: ""}, "|")
	all := []Normalizer{
		NFD{}, NFKD{}, NFC{}, NFKC{}, Lowercase{}, StripAccents{}, Nmt{}, ByteLevel{},
		NewBertNormalizer(), &BertNormalizer{CleanText: true}, Strip{Left: true, Right: true},
		Prepend{Prefix: "▁"}, rep,
		Sequence{NFKD{}, StripAccents{}, Lowercase{}, Strip{Right: true}, NFC{}, NewBertNormalizer()},
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, x := range all {
			n := New(s)
			if err := x.Normalize(n); err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, n, len(s))
			// Normalizing again a slice of the result must work too.
			if n.Len() > 1 {
				_, sz := utf8.DecodeRune(n.Bytes())
				sl, ok := n.Slice(sz, n.Len())
				if !ok {
					t.Fatal("slice")
				}
				if err := x.Normalize(&sl); err != nil {
					t.Fatal(err)
				}
				checkInvariants(t, &sl, len(s))
			}
		}
	})
}

func checkInvariants(t *testing.T, n *NormalizedString, origLen int) {
	b := n.Bytes()
	if !utf8.Valid(b) {
		t.Fatalf("invalid UTF-8 %q", b)
	}
	if len(n.align) != len(b) {
		t.Fatalf("%d alignments for %d bytes", len(n.align), len(b))
	}
	for i := 0; i < len(b); {
		_, sz := utf8.DecodeRune(b[i:])
		a := n.align[i]
		if a.start < 0 || a.end < a.start || int(a.end) > origLen {
			t.Fatalf("alignment %v out of 0..%d", a, origLen)
		}
		for k := 1; k < sz; k++ {
			if n.align[i+k] != a {
				t.Fatalf("bytes of a character aligned differently")
			}
		}
		i += sz
	}
}
