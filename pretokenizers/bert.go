package pretokenizers

import (
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/normalizers"
)

// BertPreTokenizer splits on whitespace, removing it, and isolates every
// punctuation character (ASCII punctuation and symbols, and Unicode
// punctuation), as BERT does.
type BertPreTokenizer struct{}

// PreTokenize implements [PreTokenizer].
func (BertPreTokenizer) PreTokenize(p *PreTokenizedString) error {
	return p.Split(splitBert)
}

// splitBert does in one pass what the reference does in two (split on
// whitespace, then isolate punctuation): the pieces are the same.
func splitBert(dst []normalizers.NormalizedString, _ int, n *normalizers.NormalizedString) ([]normalizers.NormalizedString, error) {
	s := n.Bytes()
	start := -1 // start of the current word, or -1
	for i := 0; i < len(s); {
		r, sz := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRune(s[i:])
		}
		switch {
		case whitespaceClass.has(r):
			if start >= 0 {
				dst = appendSlice(dst, n, start, i)
				start = -1
			}
		case punctuationClass.has(r):
			if start >= 0 {
				dst = appendSlice(dst, n, start, i)
				start = -1
			}
			dst = appendSlice(dst, n, i, i+sz)
		default:
			if start < 0 {
				start = i
			}
		}
		i += sz
	}
	if start >= 0 {
		dst = appendSlice(dst, n, start, len(s))
	}
	return dst, nil
}

// Punctuation splits on punctuation characters (those of
// [BertPreTokenizer]) with a delimiter behavior, Isolated by default.
type Punctuation struct {
	Behavior normalizers.SplitBehavior
}

// PreTokenize implements [PreTokenizer].
func (pt Punctuation) PreTokenize(p *PreTokenizedString) error {
	return p.SplitPattern(punctuationClass, pt.Behavior)
}

// Digits splits numeric characters (Unicode Nd, Nl and No) from the rest:
// each one alone when IndividualDigits is set, else in runs.
type Digits struct {
	IndividualDigits bool
}

// PreTokenize implements [PreTokenizer].
func (d Digits) PreTokenize(p *PreTokenizedString) error {
	if d.IndividualDigits {
		return p.SplitPattern(numericClass, normalizers.Isolated)
	}
	return p.SplitPattern(numericClass, normalizers.Contiguous)
}

// CharDelimiterSplit splits on a delimiter character, removing it.
type CharDelimiterSplit struct {
	Delimiter rune
}

// PreTokenize implements [PreTokenizer].
func (c CharDelimiterSplit) PreTokenize(p *PreTokenizedString) error {
	return p.SplitPattern(runePattern(c.Delimiter), normalizers.Removed)
}

// IsWhitespace reports whether r is a whitespace character for
// [BertPreTokenizer] and [WhitespaceSplit] (Rust's char::is_whitespace).
func IsWhitespace(r rune) bool { return whitespaceClass.has(r) }

// IsBertPunctuation reports whether [BertPreTokenizer] (and [Punctuation])
// isolates r: ASCII punctuation and symbols, and Unicode punctuation.
func IsBertPunctuation(r rune) bool { return punctuationClass.has(r) }

// IsWordChar reports whether r is a word character (\w) for [Whitespace]'s
// expression \w+|[^\w\s]+.
func IsWordChar(r rune) bool { return wordClass.has(r) }

// IsSpaceChar reports whether r is a whitespace character (\s) for
// [Whitespace]'s expression \w+|[^\w\s]+.
func IsSpaceChar(r rune) bool { return spaceClass.has(r) }
