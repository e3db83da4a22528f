package normalizers

import (
	"fmt"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/internal/bytelevel"
)

// Lowercase lowercases the text character by character, as Rust's
// char::to_lowercase does (Unicode 17.0 mappings, no final-sigma rule):
// U+0130 becomes "i\u0307", whose second character is inserted and shares
// the span of the first.
type Lowercase struct{}

// Normalize implements [Normalizer].
func (Lowercase) Normalize(n *NormalizedString) error {
	lowercase(n)
	return nil
}

func lowercase(n *NormalizedString) {
	b := n.norm
	i := 0
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				break
			}
			i++
			continue
		}
		r, sz := utf8.DecodeRune(b[i:])
		if r == lowerMulti || toLower(r) != r {
			break
		}
		i += sz
	}
	if i == len(b) {
		return
	}
	if !wholeRange(n) {
		n.MapMulti(func(dst []rune, r rune) []rune {
			if r == lowerMulti {
				return append(dst, 'i', 0x307)
			}
			return append(dst, toLower(r))
		})
		return
	}
	t := beginAt(n, i, 0, len(b)+8)
	for j := i; j < len(b); {
		c := b[j]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				t.copyThrough(j)
				t.push(rune(c+'a'-'A'), 0)
			}
			j++
			continue
		}
		r, sz := utf8.DecodeRune(b[j:])
		switch {
		case r == lowerMulti:
			t.copyThrough(j)
			t.push('i', 0)
			t.push(0x307, 1)
		default:
			if l := toLower(r); l != r {
				t.copyThrough(j)
				t.push(l, 0)
			}
		}
		j += sz
	}
	t.copyThrough(len(b))
	t.finish()
}

// Strip removes whitespace (Unicode White_Space) from the left, the right or
// both ends of the text.
type Strip struct {
	Left, Right bool
}

// Normalize implements [Normalizer].
func (s Strip) Normalize(n *NormalizedString) error {
	b := n.norm
	if len(b) == 0 {
		return nil
	}
	first, _ := decodeAt(b, 0)
	last, _ := utf8.DecodeLastRune(b)
	if (!s.Left || !isWhitespace(first)) && (!s.Right || !isWhitespace(last)) {
		return nil
	}
	switch {
	case s.Left && s.Right:
		n.Strip()
	case s.Left:
		n.LStrip()
	case s.Right:
		n.RStrip()
	}
	return nil
}

// StripAccents removes combining marks: the characters of General_Category
// Mark (Mn, Mc and Me) in Unicode 9.0. It is meant to follow [NFD] or [NFKD];
// it leaves precomposed characters alone.
type StripAccents struct{}

// Normalize implements [Normalizer].
func (StripAccents) Normalize(n *NormalizedString) error {
	removeRunes(n, combiningMarkSet)
	return nil
}

var combiningMarkSet = newRuneSet(combiningMark)

func combiningMark(r rune) bool {
	return r >= utf8.RuneSelf && props(r)&propCombiningMark != 0
}

// Nmt is the normalizer of the NMT (SentencePiece "nmt_nfkc") models without
// the NFKC part: it removes the control characters U+0001..U+0008, U+000B,
// U+000E..U+001F, U+007F, U+008F and U+009F (not NUL), then replaces tab,
// newline, form feed, carriage return, U+1680, U+200B..U+200F, U+2028,
// U+2029, U+2581, U+FEFF and U+FFFD by a space.
type Nmt struct{}

// Normalize implements [Normalizer].
func (Nmt) Normalize(n *NormalizedString) error {
	removeRunes(n, nmtRemovedSet)
	mapRunes(n, nmtSpaceMap)
	return nil
}

var (
	nmtRemovedSet = newRuneSet(nmtRemoved)
	nmtSpaceMap   = newRuneMap(nmtSpace)
)

func nmtRemoved(r rune) bool {
	switch {
	case r >= 0x01 && r <= 0x08, r == 0x0B, r >= 0x0E && r <= 0x1F, r == 0x7F, r == 0x8F, r == 0x9F:
		return true
	}
	return false
}

func nmtSpace(r rune) rune {
	switch {
	case r == 0x09, r == 0x0A, r == 0x0C, r == 0x0D, r == 0x1680, r >= 0x200B && r <= 0x200F,
		r == 0x2028, r == 0x2029, r == 0x2581, r == 0xFEFF, r == 0xFFFD:
		return ' '
	}
	return r
}

// Prepend puts Prefix before the text, unless the text is empty. The
// prefix takes the span of the first character.
type Prepend struct {
	Prefix string
}

// Normalize implements [Normalizer].
func (p Prepend) Normalize(n *NormalizedString) error {
	if !n.IsEmpty() {
		n.Prepend(p.Prefix)
	}
	return nil
}

// ReplacePattern is what [Replace] looks for: a literal string, or a
// regular expression when Regex is true.
type ReplacePattern struct {
	Value string
	Regex bool
}

// Replace replaces every match of a pattern by a content. The characters of
// the content take the span of the last character of the match they replace
// (see [NormalizedString.Replace]).
type Replace struct {
	pattern ReplacePattern
	content string
	matcher Pattern
}

// NewReplace returns a Replace of the matches of pattern by content. It fails
// when pattern is a regular expression that does not compile.
func NewReplace(pattern ReplacePattern, content string) (*Replace, error) {
	r := &Replace{pattern: pattern, content: content}
	switch {
	case pattern.Regex:
		re, err := NewRegexPattern(pattern.Value)
		if err != nil {
			return nil, err
		}
		r.matcher = re
	case pattern.Value == "":
		// The reference searches for a literal string with a regular
		// expression, which matches the empty string at every character
		// boundary; a StringPattern would not match at all.
		re, err := NewRegexPattern("")
		if err != nil {
			return nil, fmt.Errorf("replace: %w", err)
		}
		r.matcher = re
	default:
		r.matcher = StringPattern(pattern.Value)
	}
	return r, nil
}

// Pattern returns the pattern r replaces.
func (r *Replace) Pattern() ReplacePattern { return r.pattern }

// Content returns what r replaces the matches with.
func (r *Replace) Content() string { return r.content }

// Normalize implements [Normalizer].
func (r *Replace) Normalize(n *NormalizedString) error {
	return n.Replace(r.matcher, r.content)
}

// ByteLevel replaces every byte of the text's UTF-8 encoding by the
// character GPT-2's byte-level BPE uses for it (a space becomes 'Ġ'). The
// character of a character's first byte replaces it; those of its other
// bytes are inserted after it, sharing its span.
type ByteLevel struct{}

// Normalize implements [Normalizer].
func (ByteLevel) Normalize(n *NormalizedString) error {
	b := n.norm
	i := 0
	for i < len(b) && b[i] >= '!' && b[i] <= '~' {
		i++
	}
	if i == len(b) {
		return nil
	}
	var t transformer
	bulk := wholeRange(n)
	if bulk {
		t = beginAt(n, i, 0, 2*len(b)+8)
	} else {
		s, e, ok := n.fromOriginal(0, n.oEnd-n.oStart)
		if !ok {
			return nil
		}
		t, i = n.beginTransform(s, e, 0, 2*len(b)+8), 0
	}
	for j := i; j < len(b); {
		if c := b[j]; bulk && c >= '!' && c <= '~' {
			j++
			continue
		}
		if bulk {
			t.copyThrough(j)
		}
		_, sz := decodeAt(b, j)
		for k := range sz {
			change := 0
			if k > 0 {
				change = 1
			}
			t.push(bytelevel.Chars[b[j+k]], change)
		}
		j += sz
	}
	if bulk {
		t.copyThrough(len(b))
	}
	t.finish()
	return nil
}
