package pretokenizers

import (
	"unicode"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/normalizers"
)

// runeClass is a set of characters with a table for ASCII.
type runeClass struct {
	ascii [utf8.RuneSelf]bool
	table *unicode.RangeTable
}

func newRuneClass(t *unicode.RangeTable) *runeClass {
	c := &runeClass{table: t}
	for r := range rune(utf8.RuneSelf) {
		c.ascii[r] = unicode.Is(t, r)
	}
	return c
}

// has reports whether r is in the class.
func (c *runeClass) has(r rune) bool {
	if r < utf8.RuneSelf {
		return c.ascii[r]
	}
	return unicode.Is(c.table, r)
}

// The classes the pre-tokenizers test.
var (
	whitespaceClass  = newRuneClass(rustWhitespace) // WhitespaceSplit, BertPreTokenizer
	punctuationClass = newRuneClass(bertPunct)      // BertPreTokenizer, Punctuation
	numericClass     = newRuneClass(rustNumeric)    // Digits
	wordClass        = newRuneClass(regexWord)      // Whitespace
	spaceClass       = newRuneClass(regexSpace)     // Whitespace
)

// FindMatches implements [normalizers.Pattern]: every character of the
// class is a match of its own.
func (c *runeClass) FindMatches(dst []normalizers.Match, s []byte) ([]normalizers.Match, error) {
	if len(s) == 0 {
		return append(dst, normalizers.Match{}), nil
	}
	last := 0
	for i := 0; i < len(s); {
		r, sz := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRune(s[i:])
		}
		if c.has(r) {
			if last < i {
				dst = append(dst, normalizers.Match{Start: last, End: i})
			}
			dst = append(dst, normalizers.Match{Start: i, End: i + sz, IsMatch: true})
			last = i + sz
		}
		i += sz
	}
	if last < len(s) {
		dst = append(dst, normalizers.Match{Start: last, End: len(s)})
	}
	return dst, nil
}

// runePattern matches every occurrence of one character.
type runePattern rune

// FindMatches implements [normalizers.Pattern].
func (p runePattern) FindMatches(dst []normalizers.Match, s []byte) ([]normalizers.Match, error) {
	if len(s) == 0 {
		return append(dst, normalizers.Match{}), nil
	}
	var enc [utf8.UTFMax]byte
	w := utf8.EncodeRune(enc[:], rune(p))
	last := 0
	for i := 0; i < len(s); {
		if s[i] == enc[0] && i+w <= len(s) && string(s[i:i+w]) == string(enc[:w]) {
			if last < i {
				dst = append(dst, normalizers.Match{Start: last, End: i})
			}
			dst = append(dst, normalizers.Match{Start: i, End: i + w, IsMatch: true})
			last = i + w
			i += w
			continue
		}
		i++
	}
	if last < len(s) {
		dst = append(dst, normalizers.Match{Start: last, End: len(s)})
	}
	return dst, nil
}
