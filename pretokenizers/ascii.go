package pretokenizers

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// Runs of ASCII characters of one class, eight bytes at a time.
//
// The scanners spend most of their time finding where a run of letters
// (or digits, spaces, punctuation) ends. Testing one byte at a time costs a
// load, a table lookup and a branch per byte; here a run is measured with a
// few arithmetic operations on a 64-bit word, which classify its eight bytes
// at once (each class is one or two byte ranges, tested with additions that
// set a byte's top bit or not), and a trailing-zero count: a word of up to
// eight letters takes one step. The masks only ever claim ASCII bytes, and
// a byte with its top bit set can only disturb (by a carry) the bytes after
// it, which lie past the end of the run anyway.

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// inRange returns msb bits on the bytes of v in [lo, hi] (lo >= 1, hi <=
// 0x7E), for its ASCII bytes.
func inRange(v uint64, lo, hi byte) uint64 {
	return (v + (0x80-uint64(lo))*lsb) &^ (v + (0x7F-uint64(hi))*lsb) &^ v & msb
}

// asciiLetters returns msb bits on the ASCII letters of v.
func asciiLetters(v uint64) uint64 {
	l := v | 0x20*lsb // lower-cases letters; maps no other byte to one
	return inRange(l, 'a', 'z') &^ v
}

func asciiUpper(v uint64) uint64  { return inRange(v, 'A', 'Z') }
func asciiLower(v uint64) uint64  { return inRange(v, 'a', 'z') }
func asciiDigits(v uint64) uint64 { return inRange(v, '0', '9') }

// asciiSpaces returns msb bits on the ASCII whitespace of v: \t..\r and
// the space.
func asciiSpaces(v uint64) uint64 {
	x := v ^ 0x20*lsb
	space := ^((x&(0x7F*lsb) + 0x7F*lsb) | x) & msb // exact zero bytes of x
	return space | inRange(v, '\t', '\r')
}

// asciiOthers returns msb bits on the ASCII bytes of v that are neither
// letters, digits nor whitespace.
func asciiOthers(v uint64) uint64 {
	return msb &^ v &^ asciiLetters(v) &^ asciiDigits(v) &^ asciiSpaces(v)
}

// runLen returns the number of bytes from the start of a mask (as the
// functions above return) that are set.
func runLen(m uint64) int { return bits.TrailingZeros64(^m&msb) >> 3 }

// asciiRun returns the end of the run of bytes from i that class (one of
// the functions above) accepts, looking eight bytes at a time while they
// are there. The run stops at the first byte the class does not accept,
// which may be a non-ASCII byte the caller has to look at.
func asciiRun(s []byte, i int, class func(uint64) uint64) int {
	for i+8 <= len(s) {
		n := runLen(class(binary.LittleEndian.Uint64(s[i:])))
		i += n
		if n < 8 {
			return i
		}
	}
	if i >= len(s) {
		return i
	}
	var v uint64
	for k := len(s) - 1; k >= i; k-- {
		v = v<<8 | uint64(s[k])
	}
	// The missing high bytes are zero: a class of no NUL.
	return i + min(runLen(class(v)), len(s)-i)
}

// asciiLetterRun is asciiRun(s, i, asciiLetters), for the most common
// runs (a call through a function value costs as much as a short run).
func asciiLetterRun(s []byte, i int) int {
	for i+8 <= len(s) {
		n := runLen(asciiLetters(binary.LittleEndian.Uint64(s[i:])))
		i += n
		if n < 8 {
			return i
		}
	}
	return asciiRun(s, i, asciiLetters)
}

// asciiUpperRun is asciiRun(s, i, asciiUpper).
func asciiUpperRun(s []byte, i int) int {
	for i+8 <= len(s) {
		n := runLen(asciiUpper(binary.LittleEndian.Uint64(s[i:])))
		i += n
		if n < 8 {
			return i
		}
	}
	return asciiRun(s, i, asciiUpper)
}

// asciiLowerRun is asciiRun(s, i, asciiLower).
func asciiLowerRun(s []byte, i int) int {
	for i+8 <= len(s) {
		n := runLen(asciiLower(binary.LittleEndian.Uint64(s[i:])))
		i += n
		if n < 8 {
			return i
		}
	}
	return asciiRun(s, i, asciiLower)
}

// isASCIIAt reports whether s[i] exists and is ASCII.
func isASCIIAt(s []byte, i int) bool { return i < len(s) && s[i] < utf8.RuneSelf }
