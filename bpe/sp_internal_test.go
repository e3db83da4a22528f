package bpe

import (
	"testing"
	"unicode/utf8"
)

// TestDecodeRune compares decodeRune with utf8.DecodeRuneInString on every
// three-byte prefix, with and without a byte after it.
func TestDecodeRune(t *testing.T) {
	b := make([]byte, 4)
	step := 1
	if testing.Short() {
		step = 7
	}
	for x := 0; x < 1<<24; x += step {
		b[0], b[1], b[2], b[3] = byte(x>>16), byte(x>>8), byte(x), 'z'
		for _, s := range []string{string(b), string(b[:3])} {
			r, n := decodeRune(s, 0)
			wr, wn := utf8.DecodeRuneInString(s)
			if r != wr || n != wn {
				t.Fatalf("%x: got %U %d, want %U %d", s, r, n, wr, wn)
			}
		}
	}
}
