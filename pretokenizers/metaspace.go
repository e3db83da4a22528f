package pretokenizers

import (
	"fmt"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/normalizers"
)

// PrependScheme says when [Metaspace] adds its replacement character in
// front of a piece.
type PrependScheme uint8

// The prepend schemes.
const (
	// PrependAlways adds it to every piece that does not start with it.
	PrependAlways PrependScheme = iota
	// PrependFirst adds it only to a piece that starts the input (at
	// offset 0 of the original text), so not after an added token.
	PrependFirst
	// PrependNever never adds it.
	PrependNever
)

var prependSchemeNames = [...]string{"always", "first", "never"}

// String returns the name tokenizer.json uses for s.
func (s PrependScheme) String() string {
	if int(s) < len(prependSchemeNames) {
		return prependSchemeNames[s]
	}
	return fmt.Sprintf("PrependScheme(%d)", uint8(s))
}

// ParsePrependScheme returns the scheme tokenizer.json names name.
func ParsePrependScheme(name string) (PrependScheme, error) {
	for i, s := range prependSchemeNames {
		if s == name {
			return PrependScheme(i), nil
		}
	}
	return 0, fmt.Errorf("unknown variant `%s`, expected one of `first`, `never`, `always`", name)
}

// Metaspace replaces every space by a replacement character ("▁" in
// SentencePiece models), prepends one to pieces as its scheme says, and
// optionally splits in front of every replacement character.
type Metaspace struct {
	replacement rune
	repl        string
	scheme      PrependScheme
	split       bool
}

// NewMetaspace returns a Metaspace.
func NewMetaspace(replacement rune, scheme PrependScheme, split bool) *Metaspace {
	return &Metaspace{replacement: replacement, repl: string(replacement), scheme: scheme, split: split}
}

// Replacement returns the replacement character.
func (m *Metaspace) Replacement() rune { return m.replacement }

// PrependScheme returns the prepend scheme.
func (m *Metaspace) PrependScheme() PrependScheme { return m.scheme }

// SplitEnabled reports whether m splits in front of replacement characters.
func (m *Metaspace) SplitEnabled() bool { return m.split }

// PreTokenize implements [PreTokenizer].
func (m *Metaspace) PreTokenize(p *PreTokenizedString) error {
	return p.Split(m.splitPiece)
}

func (m *Metaspace) splitPiece(dst []normalizers.NormalizedString, _ int, n *normalizers.NormalizedString) ([]normalizers.NormalizedString, error) {
	if s := n.Bytes(); hasSpace(s) {
		if a := n.Alignment(0); a.Start != a.End {
			// Replacing one character by one is a plain map, which
			// gives the same alignments as a replacement unless the
			// text starts with inserted characters (which a map
			// would leave alone).
			repl := m.replacement
			n.Map(func(r rune) rune {
				if r == ' ' {
					return repl
				}
				return r
			})
		} else if err := n.Replace(normalizers.StringPattern(" "), m.repl); err != nil {
			return dst, err
		}
	}
	switch m.scheme {
	case PrependAlways:
		if !m.startsWithReplacement(n.Bytes()) {
			n.Prepend(m.repl)
		}
	case PrependFirst:
		if !m.startsWithReplacement(n.Bytes()) && n.OriginalOffsets().Start == 0 {
			n.Prepend(m.repl)
		}
	}
	if !m.split {
		return append(dst, *n), nil
	}
	// Splitting on the replacement with the delimiter merged with what
	// follows it cuts in front of every replacement character.
	s := n.Bytes()
	start := 0
	for i := 0; i < len(s); {
		r, sz := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRune(s[i:])
		}
		if r == m.replacement && i > start {
			dst = appendSlice(dst, n, start, i)
			start = i
		}
		i += sz
	}
	if start < len(s) {
		dst = appendSlice(dst, n, start, len(s))
	}
	return dst, nil
}

func (m *Metaspace) startsWithReplacement(s []byte) bool {
	r, _ := utf8.DecodeRune(s)
	return len(s) > 0 && r == m.replacement
}

func hasSpace(s []byte) bool {
	for _, c := range s {
		if c == ' ' {
			return true
		}
	}
	return false
}
