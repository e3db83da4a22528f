package pretokenizers

import (
	"github.com/seed6642460b/tokenizers/normalizers"
)

// PreTokenizer cuts a text into pieces (pre-tokens, or words) that a model
// then tokenizes one by one. It may also change the normalized text of the
// pieces, keeping their alignment.
//
// Implementations must be safe for concurrent use: a tokenizer shares one
// PreTokenizer among all the goroutines that use it.
type PreTokenizer interface {
	PreTokenize(p *PreTokenizedString) error
}

// Piece is one piece of a [PreTokenizedString]: a normalized text that still
// has to be split and tokenized, or an added token already recognized, which
// pre-tokenizers leave alone.
type Piece struct {
	// Normalized is the text of the piece and its alignment to the
	// original input.
	Normalized normalizers.NormalizedString
	// IsToken is true for a piece recognized as an added token.
	IsToken bool
	// ID is the id of the added token when IsToken is true.
	ID uint32
}

// PreTokenizedString is a text cut into pieces, each with its normalized text
// and its alignment to the original input.
//
// A PreTokenizedString is not safe for concurrent use. Its memory is reused
// by [PreTokenizedString.Reset], so a pipeline can run without allocating
// once it has seen inputs of a given size.
type PreTokenizedString struct {
	original string
	pieces   []Piece
	spare    []Piece
	nbuf     []normalizers.NormalizedString
	matches  []normalizers.Match
}

// New returns a PreTokenizedString of s in one piece.
func New(s string) *PreTokenizedString {
	p := &PreTokenizedString{}
	var n normalizers.NormalizedString
	n.Reset(s, 0, len(s), nil)
	p.Reset(s)
	p.Append(n, false, 0)
	return p
}

// Reset empties p for a new input whose whole original text is original.
// Pieces are then added with [PreTokenizedString.Append].
func (p *PreTokenizedString) Reset(original string) {
	p.original = original
	clear(p.pieces)
	p.pieces = p.pieces[:0]
}

// Append adds a piece at the end of p.
func (p *PreTokenizedString) Append(n normalizers.NormalizedString, isToken bool, id uint32) {
	p.pieces = append(p.pieces, Piece{Normalized: n, IsToken: isToken, ID: id})
}

// Original returns the whole original input.
func (p *PreTokenizedString) Original() string { return p.original }

// Pieces returns the pieces of p. The slice aliases p's memory: it is valid
// until p changes. Its elements may be modified in place (their normalized
// text, for example) but not added or removed.
func (p *PreTokenizedString) Pieces() []Piece { return p.pieces }

// SplitFunc cuts the normalized string n, the i-th piece of a
// [PreTokenizedString], into pieces that it appends to dst, and returns the
// extended slice. It may change n first. The pieces must be, in order, slices
// of n that together cover its original text (they may leave out parts of
// its normalized text, as when delimiters are removed).
type SplitFunc func(dst []normalizers.NormalizedString, i int, n *normalizers.NormalizedString) ([]normalizers.NormalizedString, error)

// Split replaces each piece of p that is not an added token by the pieces f
// cuts it into, dropping the empty ones, as the reference's
// PreTokenizedString::split does.
func (p *PreTokenizedString) Split(f SplitFunc) error {
	out := p.spare[:0]
	for i := range p.pieces {
		pc := &p.pieces[i]
		if pc.IsToken {
			out = append(out, *pc)
			continue
		}
		var err error
		p.nbuf, err = f(p.nbuf[:0], i, &pc.Normalized)
		if err != nil {
			return err
		}
		for _, n := range p.nbuf {
			if !n.IsEmpty() {
				out = append(out, Piece{Normalized: n})
			}
		}
	}
	clear(p.nbuf)
	clear(p.pieces)
	p.spare = p.pieces[:0]
	p.pieces = out
	return nil
}

// SplitPattern cuts every piece that is not an added token with the pattern
// pat and the delimiter behavior b.
func (p *PreTokenizedString) SplitPattern(pat normalizers.Pattern, b normalizers.SplitBehavior) error {
	return p.Split(func(dst []normalizers.NormalizedString, _ int, n *normalizers.NormalizedString) ([]normalizers.NormalizedString, error) {
		var err error
		dst, p.matches, err = n.Split(dst, pat, b, p.matches)
		return dst, err
	})
}

// Normalize calls f on the normalized string of every piece that is not an
// added token.
func (p *PreTokenizedString) Normalize(f func(n *normalizers.NormalizedString) error) error {
	for i := range p.pieces {
		if p.pieces[i].IsToken {
			continue
		}
		if err := f(&p.pieces[i].Normalized); err != nil {
			return err
		}
	}
	return nil
}

// Sequence applies pre-tokenizers one after the other.
type Sequence []PreTokenizer

// PreTokenize implements [PreTokenizer].
func (s Sequence) PreTokenize(p *PreTokenizedString) error {
	for _, x := range s {
		if err := x.PreTokenize(p); err != nil {
			return err
		}
	}
	return nil
}
