package pretokenizers

import (
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/normalizers"
)

// Split splits on the matches of a pattern (a literal string or a regular
// expression), with a delimiter behavior; Invert splits on what lies
// between the matches instead.
type Split struct {
	pattern  normalizers.Pattern
	source   string
	isRegex  bool
	behavior normalizers.SplitBehavior
	invert   bool

	// scan is the hand-written matcher of the pattern when it has one
	// and the pieces are exactly its matches (see Scanner).
	scan ScanFunc
}

// NewSplitString returns a Split on the occurrences of the literal s. An
// empty s matches the empty string before and after every character, as
// in the reference (whose literal is a regular expression).
func NewSplitString(s string, behavior normalizers.SplitBehavior, invert bool) *Split {
	var pat normalizers.Pattern = normalizers.StringPattern(s)
	if s == "" {
		pat = emptyPattern{}
	}
	return newSplit(pat, s, false, behavior, invert)
}

// NewSplitRegex returns a Split on the matches of the regular expression
// expr, in Oniguruma's syntax as tokenizer.json files write them.
func NewSplitRegex(expr string, behavior normalizers.SplitBehavior, invert bool) (*Split, error) {
	pat, err := compileRegex(expr)
	if err != nil {
		return nil, err
	}
	return newSplit(pat, expr, true, behavior, invert), nil
}

func newSplit(pat normalizers.Pattern, source string, isRegex bool, behavior normalizers.SplitBehavior, invert bool) *Split {
	s := &Split{source: source, isRegex: isRegex, behavior: behavior, invert: invert}
	if cp, ok := pat.(coverPattern); ok {
		// The matches cover the text, one after the other: every
		// behavior keeps them as they are but Removed (which drops
		// them all unless inverted) and Contiguous (which joins them).
		switch {
		case behavior == normalizers.Removed && !invert, behavior == normalizers.Contiguous:
		default:
			s.scan = ScanFunc(cp)
		}
	}
	if invert {
		pat = normalizers.Invert{Pattern: pat}
	}
	s.pattern = pat
	return s
}

// Scanner returns the function that cuts a text into the pieces s makes of
// it, and true, when s splits with one of the regular expressions that have
// a hand-written matcher (GPT-2's, cl100k's as in Llama 3, Qwen's, o200k's)
// and keeps its matches as the pieces; otherwise false.
func (s *Split) Scanner() (ScanFunc, bool) { return s.scan, s.scan != nil }

// The regular expressions of well-known tokenizers, which have
// hand-written matchers.
const (
	// llama3Regex is cl100k_base's (GPT-4), which Llama 3 and OLMo 2 use.
	llama3Regex = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	// qwenRegex is Qwen's: single digits.
	qwenRegex = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	// o200kRegex is o200k_base's (GPT-4o).
	o200kRegex = `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`
)

// compileRegex compiles a regular expression, with a hand-written matcher
// for the patterns of well-known tokenizers.
func compileRegex(expr string) (normalizers.Pattern, error) {
	switch expr {
	case gpt2Regex:
		return coverPattern(gpt2Match), nil
	case llama3Regex:
		return coverPattern(llama3Match), nil
	case qwenRegex:
		return coverPattern(qwenMatch), nil
	case o200kRegex:
		return coverPattern(o200kMatch), nil
	}
	return normalizers.NewRegexPattern(expr)
}

func llama3Match(s []byte, i int) int { return llamaMatch(s, i, 3) }
func qwenMatch(s []byte, i int) int   { return llamaMatch(s, i, 1) }

// coverPattern is a regular expression that matches at every position
// (every character starts a match, which the function returns the end of),
// so that its matches cover the text.
type coverPattern func(s []byte, i int) int

// FindMatches implements [normalizers.Pattern].
func (p coverPattern) FindMatches(dst []normalizers.Match, s []byte) ([]normalizers.Match, error) {
	if len(s) == 0 {
		return append(dst, normalizers.Match{}), nil
	}
	for i := 0; i < len(s); {
		end := p(s, i)
		dst = append(dst, normalizers.Match{Start: i, End: end, IsMatch: true})
		i = end
	}
	return dst, nil
}

// Pattern returns the literal or the regular expression s splits on, and
// whether it is a regular expression.
func (s *Split) Pattern() (string, bool) { return s.source, s.isRegex }

// Behavior returns what s does with the delimiters.
func (s *Split) Behavior() normalizers.SplitBehavior { return s.behavior }

// Invert reports whether s splits on what lies between the matches.
func (s *Split) Invert() bool { return s.invert }

// PreTokenize implements [PreTokenizer].
func (s *Split) PreTokenize(p *PreTokenizedString) error {
	return p.SplitPattern(s.pattern, s.behavior)
}

// emptyPattern matches the empty string at every character boundary, as a
// regular expression that matches nothing does in the reference.
type emptyPattern struct{}

// FindMatches implements [normalizers.Pattern].
func (emptyPattern) FindMatches(dst []normalizers.Match, s []byte) ([]normalizers.Match, error) {
	if len(s) == 0 {
		return append(dst, normalizers.Match{}), nil
	}
	dst = append(dst, normalizers.Match{IsMatch: true})
	for i := 0; i < len(s); {
		sz := 1
		if s[i] >= utf8.RuneSelf {
			_, sz = utf8.DecodeRune(s[i:])
		}
		dst = append(dst, normalizers.Match{Start: i, End: i + sz})
		i += sz
		dst = append(dst, normalizers.Match{Start: i, End: i, IsMatch: true})
	}
	return dst, nil
}
