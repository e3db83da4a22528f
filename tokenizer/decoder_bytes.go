package tokenizer

import (
	"strings"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/internal/bytelevel"
)

// byteLevelDecoder is the decoder side of the reference's ByteLevel: it maps
// the characters of GPT-2's byte-level alphabet back to bytes and joins all
// the tokens into one string. A token holding any character outside the
// alphabet keeps its own UTF-8 bytes. Invalid UTF-8 in the result becomes
// U+FFFD as Rust's String::from_utf8_lossy does it.
type byteLevelDecoder struct {
	// The options of the reference's ByteLevel, which do not change
	// decoding; saving writes them.
	addPrefixSpace, trimOffsets, useRegex bool
}

func (byteLevelDecoder) DecodeChain(tokens []string) ([]string, error) {
	n := 0
	for _, t := range tokens {
		n += len(t)
	}
	buf := make([]byte, 0, n)
	for _, t := range tokens {
		start := len(buf)
		for i := 0; i < len(t); {
			c := t[i]
			if c < utf8.RuneSelf {
				b, ok := bytelevel.Byte(rune(c))
				if !ok {
					buf = append(buf[:start], t...)
					break
				}
				buf = append(buf, b)
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(t[i:])
			b, ok := bytelevel.Byte(r)
			if !ok || (r == utf8.RuneError && size == 1) {
				buf = append(buf[:start], t...)
				break
			}
			buf = append(buf, b)
			i += size
		}
	}
	tokens = append(tokens[:0], lossyUTF8(buf))
	return tokens, nil
}

// lossyUTF8 converts b to a string, replacing each maximal ill-formed
// subsequence with U+FFFD, as Rust's String::from_utf8_lossy (and the
// Unicode "substitution of maximal subparts" practice) does. Go's own
// conversions replace each invalid byte instead.
func lossyUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			sb.WriteByte(b[i])
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || size > 1 {
			sb.Write(b[i : i+size])
			i += size
			continue
		}
		sb.WriteString("\uFFFD")
		i += invalidUTF8Len(b[i:])
	}
	return sb.String()
}

// invalidUTF8Len returns the length of the maximal ill-formed subsequence
// at the start of b (which does not start with a valid character): the
// longest prefix of a valid sequence, at least one byte.
func invalidUTF8Len(b []byte) int {
	var lo, hi byte = 0x80, 0xBF
	need := 0
	switch c := b[0]; {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c >= 0xE1 && c <= 0xEC, c == 0xEE, c == 0xEF:
		need = 2
	case c == 0xED:
		need, hi = 2, 0x9F
	case c == 0xF0:
		need, lo = 3, 0x90
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	case c == 0xF4:
		need, hi = 3, 0x8F
	default:
		return 1
	}
	n := 1
	for ; n <= need && n < len(b); n++ {
		if b[n] < lo || b[n] > hi {
			break
		}
		lo, hi = 0x80, 0xBF
	}
	return n
}

// byteFallbackDecoder is the reference's ByteFallback decoder: tokens
// "<0xXX>" are bytes; each run of them becomes its UTF-8 text if valid, or
// else one U+FFFD per byte of the run.
type byteFallbackDecoder struct{}

func (byteFallbackDecoder) DecodeChain(tokens []string) ([]string, error) {
	out := tokens[:0]
	var pending []byte
	flush := func() {
		if len(pending) == 0 {
			return
		}
		if utf8.Valid(pending) {
			out = append(out, string(pending))
		} else {
			for range pending {
				out = append(out, "\uFFFD")
			}
		}
		pending = pending[:0]
	}
	// out reuses tokens' memory: it never gets ahead of the token read,
	// except when a run of n bytes turns into n replacement characters,
	// which takes exactly the n slots the run's tokens held.
	for i := 0; i < len(tokens); i++ {
		t := tokens[i]
		if b, ok := byteFallbackByte(t); ok {
			pending = append(pending, b)
			continue
		}
		flush()
		out = append(out, t)
	}
	flush()
	return out, nil
}

// byteFallbackByte parses a token "<0xXX>" as the reference does (Rust's
// u8::from_str_radix on the two characters, which also takes "+X").
func byteFallbackByte(t string) (byte, bool) {
	if len(t) != 6 || t[0] != '<' || t[1] != '0' || t[2] != 'x' || t[5] != '>' {
		return 0, false
	}
	h, l := t[3], t[4]
	if h == '+' {
		v, ok := hexDigit(l)
		return v, ok
	}
	hv, ok1 := hexDigit(h)
	lv, ok2 := hexDigit(l)
	return hv<<4 | lv, ok1 && ok2
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
