package normalizers

import (
	"bytes"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/dlclark/regexp2"

	"github.com/seed6642460b/tokenizers/internal/onig"
)

// Match is one part of a text cut by a [Pattern]: a byte range and whether
// it is a match of the pattern or text between matches.
type Match struct {
	Start, End int
	IsMatch    bool
}

// Pattern finds the matches of something in a text.
//
// FindMatches appends to dst the parts of s, in order, contiguous and
// covering all of s, each flagged as a match or not, and returns the
// extended slice. An empty s gives the single part {0, 0, false}.
type Pattern interface {
	FindMatches(dst []Match, s []byte) ([]Match, error)
}

// StringPattern matches every non-overlapping occurrence of a literal string,
// leftmost first.
type StringPattern string

// FindMatches implements [Pattern].
func (p StringPattern) FindMatches(dst []Match, s []byte) ([]Match, error) {
	if p == "" {
		// The reference gives one non-match spanning the number of
		// characters (not bytes) of s here.
		return append(dst, Match{0, utf8.RuneCount(s), false}), nil
	}
	if len(s) == 0 {
		return append(dst, Match{0, 0, false}), nil
	}
	prev := 0
	for prev < len(s) {
		i := bytes.Index(s[prev:], []byte(p))
		if i < 0 {
			break
		}
		start := prev + i
		if start != prev {
			dst = append(dst, Match{prev, start, false})
		}
		dst = append(dst, Match{start, start + len(p), true})
		prev = start + len(p)
	}
	if prev != len(s) {
		dst = append(dst, Match{prev, len(s), false})
	}
	return dst, nil
}

// RunePattern matches each character for which the function returns true.
type RunePattern func(rune) bool

// FindMatches implements [Pattern].
func (p RunePattern) FindMatches(dst []Match, s []byte) ([]Match, error) {
	if len(s) == 0 {
		return append(dst, Match{0, 0, false}), nil
	}
	last := 0
	for i := 0; i < len(s); {
		r, sz := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRune(s[i:])
		}
		if p(r) {
			if last < i {
				dst = append(dst, Match{last, i, false})
			}
			dst = append(dst, Match{i, i + sz, true})
			last = i + sz
		}
		i += sz
	}
	if last < len(s) {
		dst = append(dst, Match{last, len(s), false})
	}
	return dst, nil
}

// Invert flips the IsMatch flag of every part its pattern finds, for example
// to split on what lies between the words a regular expression matches.
type Invert struct {
	Pattern Pattern
}

// FindMatches implements [Pattern].
func (p Invert) FindMatches(dst []Match, s []byte) ([]Match, error) {
	n := len(dst)
	dst, err := p.Pattern.FindMatches(dst, s)
	if err != nil {
		return dst, err
	}
	for i := n; i < len(dst); i++ {
		dst[i].IsMatch = !dst[i].IsMatch
	}
	return dst, nil
}

// RegexPattern matches a regular expression in the syntax tokenizer.json
// files use (Oniguruma's, as the reference uses; lookaround included). It is
// safe for concurrent use.
type RegexPattern struct {
	source string
	re     *regexp2.Regexp
}

// DefaultMatchTimeout bounds the time one regular expression search may take,
// so that a pattern that backtracks catastrophically (such as `(a+)+$`)
// cannot hang an encode: the search fails with an error instead. The
// reference's regex engine, Oniguruma, likewise gives up after a fixed
// amount of backtracking. One search is one match attempt from one
// position, far below this bound for any sane pattern.
const DefaultMatchTimeout = 1 * time.Second

// NewRegexPattern compiles expr, a pattern in Oniguruma's syntax. It is
// translated for regexp2 so that character classes, case folding, anchors
// and empty matches behave as in the reference.
func NewRegexPattern(expr string) (*RegexPattern, error) {
	translated, err := onig.Translate(expr)
	if err != nil {
		return nil, fmt.Errorf("invalid regex %q: %w", expr, err)
	}
	re, err := regexp2.Compile(translated, regexp2.None)
	if err != nil {
		return nil, fmt.Errorf("invalid regex %q: %w", expr, err)
	}
	re.MatchTimeout = DefaultMatchTimeout
	return &RegexPattern{source: expr, re: re}, nil
}

// String returns the source of the expression.
func (p *RegexPattern) String() string { return p.source }

// FindMatches implements [Pattern].
func (p *RegexPattern) FindMatches(dst []Match, s []byte) ([]Match, error) {
	if len(s) == 0 {
		return append(dst, Match{0, 0, false}), nil
	}
	// regexp2 works on runes: keep the byte offset of every rune.
	runes := make([]rune, 0, len(s))
	offs := make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		r, sz := utf8.DecodeRune(s[i:])
		runes = append(runes, r)
		offs = append(offs, i)
		i += sz
	}
	offs = append(offs, len(s))
	prev := 0
	matched := false
	m, err := p.re.FindRunesMatch(runes)
	for m != nil && err == nil {
		start, end := offs[m.Index], offs[m.Index+m.Length]
		if start == end && matched && start == prev {
			// The reference's iterator (the onig crate's) refuses an
			// empty match right where the previous match ended.
			m, err = p.re.FindNextMatch(m)
			continue
		}
		matched = true
		if prev != start {
			dst = append(dst, Match{prev, start, false})
		}
		dst = append(dst, Match{start, end, true})
		prev = end
		m, err = p.re.FindNextMatch(m)
	}
	if err != nil {
		return dst, fmt.Errorf("regex %q: %w", p.source, err)
	}
	if prev != len(s) {
		dst = append(dst, Match{prev, len(s), false})
	}
	return dst, nil
}

// SplitBehavior says what a split does with the delimiters it finds. With
// the delimiter '-' and the text "the-final--countdown":
//
//   - Removed:            "the", "final", "countdown"
//   - Isolated:           "the", "-", "final", "-", "-", "countdown"
//   - MergedWithPrevious: "the-", "final-", "-", "countdown"
//   - MergedWithNext:     "the", "-final", "-", "-countdown"
//   - Contiguous:         "the", "-", "final", "--", "countdown"
type SplitBehavior uint8

// The split behaviors.
const (
	Removed SplitBehavior = iota
	Isolated
	MergedWithPrevious
	MergedWithNext
	Contiguous
)

var splitBehaviorNames = [...]string{"Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous"}

// String returns the name tokenizer.json uses for b.
func (b SplitBehavior) String() string {
	if int(b) < len(splitBehaviorNames) {
		return splitBehaviorNames[b]
	}
	return fmt.Sprintf("SplitBehavior(%d)", uint8(b))
}

// ParseSplitBehavior returns the behavior tokenizer.json names name.
func ParseSplitBehavior(name string) (SplitBehavior, error) {
	for i, s := range splitBehaviorNames {
		if s == name {
			return SplitBehavior(i), nil
		}
	}
	return 0, fmt.Errorf("unknown split behavior %q", name)
}

// ApplyBehavior turns the parts a pattern found into the spans a split with
// behavior b keeps, in place, and returns them. The spans of removed
// delimiters are dropped.
func ApplyBehavior(parts []Match, b SplitBehavior) []Match {
	switch b {
	case Isolated:
		for i := range parts {
			parts[i].IsMatch = false
		}
		return parts
	case Removed:
		out := parts[:0]
		for _, m := range parts {
			if !m.IsMatch {
				out = append(out, m)
			}
		}
		return out
	case Contiguous:
		out := parts[:0]
		prev := false
		for _, m := range parts {
			if m.IsMatch == prev && len(out) > 0 {
				out[len(out)-1].End = m.End
			} else {
				out = append(out, Match{m.Start, m.End, false})
			}
			prev = m.IsMatch
		}
		return out
	case MergedWithPrevious:
		out := parts[:0]
		prev := false
		for _, m := range parts {
			if m.IsMatch && !prev && len(out) > 0 {
				out[len(out)-1].End = m.End
			} else {
				out = append(out, Match{m.Start, m.End, false})
			}
			prev = m.IsMatch
		}
		return out
	case MergedWithNext:
		// Walk backwards, merging each delimiter into the part after it,
		// then restore the order.
		w := len(parts)
		prev := false
		for i := len(parts) - 1; i >= 0; i-- {
			m := parts[i]
			if m.IsMatch && !prev && w < len(parts) {
				parts[w].Start = m.Start
			} else {
				w--
				parts[w] = Match{m.Start, m.End, false}
			}
			prev = m.IsMatch
		}
		return append(parts[:0], parts[w:]...)
	}
	return parts
}

// Split cuts n with the pattern p and the behavior b, and appends the pieces
// to dst. Pieces share n's memory. Empty pieces are kept, as in the
// reference; a pre-tokenizer drops them.
func (n *NormalizedString) Split(dst []NormalizedString, p Pattern, b SplitBehavior, buf []Match) ([]NormalizedString, []Match, error) {
	parts, err := p.FindMatches(buf[:0], n.norm)
	if err != nil {
		return dst, parts, err
	}
	parts = ApplyBehavior(parts, b)
	for _, m := range parts {
		s, ok := n.Slice(m.Start, m.End)
		if !ok {
			return dst, parts, fmt.Errorf("pattern gave a split %d..%d off character boundaries", m.Start, m.End)
		}
		dst = append(dst, s)
	}
	return dst, parts, nil
}
