package pretokenizers

import (
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/normalizers"
)

// Whitespace splits on whitespace and between words and punctuation, as the
// regular expression \w+|[^\w\s]+ does (with Unicode \w and \s): the pieces
// are the runs of word characters and the runs of other non-whitespace
// characters.
type Whitespace struct{}

// PreTokenize implements [PreTokenizer].
func (Whitespace) PreTokenize(p *PreTokenizedString) error {
	return p.Split(splitWhitespace)
}

// Character kinds of the Whitespace pre-tokenizer.
const (
	kindSpace = iota
	kindWord
	kindOther
)

// whitespaceKinds holds the kind of every ASCII character.
var whitespaceKinds = func() (t [utf8.RuneSelf]uint8) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = whitespaceKindSlow(r)
	}
	return t
}()

func whitespaceKindSlow(r rune) uint8 {
	switch {
	case wordClass.has(r):
		return kindWord
	case spaceClass.has(r):
		return kindSpace
	}
	return kindOther
}

func splitWhitespace(dst []normalizers.NormalizedString, _ int, n *normalizers.NormalizedString) ([]normalizers.NormalizedString, error) {
	s := n.Bytes()
	start, kind := 0, uint8(kindSpace)
	for i := 0; i < len(s); {
		k, sz := whitespaceKinds[s[i]&0x7f], 1
		if s[i] >= utf8.RuneSelf {
			var r rune
			r, sz = utf8.DecodeRune(s[i:])
			k = whitespaceKindSlow(r)
		}
		if k != kind {
			if kind != kindSpace {
				dst = appendSlice(dst, n, start, i)
			}
			start, kind = i, k
		}
		i += sz
	}
	if kind != kindSpace {
		dst = appendSlice(dst, n, start, len(s))
	}
	return dst, nil
}

// appendSlice appends the part start..end of n, which must lie on character
// boundaries.
func appendSlice(dst []normalizers.NormalizedString, n *normalizers.NormalizedString, start, end int) []normalizers.NormalizedString {
	if sl, ok := n.Slice(start, end); ok {
		dst = append(dst, sl)
	}
	return dst
}

// WhitespaceSplit splits on whitespace (Unicode White_Space), removing it.
type WhitespaceSplit struct{}

// PreTokenize implements [PreTokenizer].
func (WhitespaceSplit) PreTokenize(p *PreTokenizedString) error {
	return p.Split(splitWhitespaceOnly)
}

func splitWhitespaceOnly(dst []normalizers.NormalizedString, _ int, n *normalizers.NormalizedString) ([]normalizers.NormalizedString, error) {
	s := n.Bytes()
	start := -1 // start of the current word, or -1 in whitespace
	for i := 0; i < len(s); {
		r, sz := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRune(s[i:])
		}
		if whitespaceClass.has(r) {
			if start >= 0 {
				dst = appendSlice(dst, n, start, i)
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += sz
	}
	if start >= 0 {
		dst = appendSlice(dst, n, start, len(s))
	}
	return dst, nil
}
