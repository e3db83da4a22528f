package normalizers

import (
	"fmt"
	"unicode"
)

// Normalizer changes a text before it is split and tokenized, keeping its
// alignment with the original (see [NormalizedString]).
//
// Implementations must be safe for concurrent use: a tokenizer shares one
// Normalizer among all the goroutines that use it.
type Normalizer interface {
	Normalize(n *NormalizedString) error
}

// Sequence applies normalizers one after the other.
type Sequence []Normalizer

// Normalize implements [Normalizer].
func (s Sequence) Normalize(n *NormalizedString) error {
	for i, x := range s {
		if err := x.Normalize(n); err != nil {
			return fmt.Errorf("normalizer %d: %w", i, err)
		}
	}
	return nil
}

// isWhitespace reports whether r has the Unicode White_Space property, as
// Rust's char::is_whitespace does (unicode.IsSpace is the same set).
func isWhitespace(r rune) bool {
	return unicode.IsSpace(r)
}
