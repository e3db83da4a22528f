// Package bytelevel holds the byte-to-character table of GPT-2's byte-level
// BPE, shared by the ByteLevel normalizer, pre-tokenizer and decoder.
//
// Every byte maps to one printable character: the printable Latin-1 bytes
// ('!'..'~', 0xA1..0xAC, 0xAE..0xFF) to themselves, the 68 others, in order,
// to U+0100 upwards. A space (0x20) becomes 'Ġ' (U+0120).
package bytelevel

// Chars maps each byte to its character.
var Chars = func() (t [256]rune) {
	n := rune(0)
	for b := range 256 {
		if printable(byte(b)) {
			t[b] = rune(b)
		} else {
			t[b] = 256 + n
			n++
		}
	}
	return t
}()

// Encoded holds the UTF-8 encoding of Chars[b] in Encoded[b][:Len[b]].
var Encoded, Len = func() (e [256][2]byte, l [256]uint8) {
	for b := range 256 {
		r := Chars[b]
		if r < 0x80 {
			e[b][0] = byte(r)
			l[b] = 1
		} else {
			e[b][0] = byte(0xC0 | r>>6)
			e[b][1] = byte(0x80 | r&0x3F)
			l[b] = 2
		}
	}
	return e, l
}()

func printable(b byte) bool {
	return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE
}

// Byte returns the byte a character stands for, and false when r is not one
// of the 256 characters of the table.
func Byte(r rune) (byte, bool) {
	switch {
	case r < 256:
		if printable(byte(r)) {
			return byte(r), true
		}
		return 0, false
	case r < 256+68:
		return nonPrintable[r-256], true
	}
	return 0, false
}

var nonPrintable = func() (t [68]byte) {
	n := 0
	for b := range 256 {
		if !printable(byte(b)) {
			t[n] = byte(b)
			n++
		}
	}
	return t
}()
