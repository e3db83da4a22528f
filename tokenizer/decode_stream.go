package tokenizer

import (
	"fmt"
	"strings"
)

// DecodeStream decodes ids one at a time, as a model generates them,
// returning the text each one adds. Decoding each id on its own would be
// wrong: decoders look at neighbouring tokens (to strip or keep a leading
// space, to join the bytes of a character split across byte-level or
// byte-fallback tokens). A DecodeStream keeps the few ids needed to decode
// the next one in context, and returns exactly the chunks the reference's
// DecodeStream returns. Joined, they usually make the decoding of all the
// ids stepped so far, but for text held back until later ids complete it;
// [DecodeStream.Step] describes a case where they do not.
//
// A step decodes the ids the stream keeps, usually a handful. Ids that
// decoding leaves out (unknown ids, skipped special tokens) are counted
// rather than kept, so a run of them costs nothing more per step. A run of
// ids that never ends a whole character (byte tokens that are not valid
// UTF-8) is kept whole, as in the reference, and each step decodes it
// again: the time of such a run grows with the square of its length.
//
// A DecodeStream is not safe for concurrent use; its Tokenizer is, and any
// number of streams may share one.
type DecodeStream struct {
	t                 *Tokenizer
	skipSpecialTokens bool
	// The stream keeps, as the reference's does, the ids needed for
	// context: those of the last chunk (the prefix, the first
	// prefixIndex), then those not yet returned; n of them in all. Of
	// those, only the ids that decoding does not leave out are stored,
	// in ids, with their positions among the n in at: the others change
	// no decoding, and a long run of them (unknown ids, skipped special
	// tokens) must not make every step decode it again.
	ids []uint32
	at  []int
	n   int
	// prefix is the decoding of the first prefixIndex ids, which the
	// decoding of all of them starts with.
	prefix      string
	prefixIndex int
}

// NewDecodeStream returns a DecodeStream that decodes with t, leaving out
// special tokens when skipSpecialTokens is true (as [Tokenizer.Decode]).
func (t *Tokenizer) NewDecodeStream(skipSpecialTokens bool) *DecodeStream {
	return &DecodeStream{t: t, skipSpecialTokens: skipSpecialTokens}
}

// InvalidPrefixError is the error of [DecodeStream.Step] when the decoding of
// the ids kept no longer starts with the text already returned for them: the
// new id changed how earlier ones decode, so no chunk can be appended to
// what was returned.
type InvalidPrefixError struct {
	// TokenID is the id that was stepped.
	TokenID uint32
	// ExpectedPrefix is the text already returned for the ids kept.
	ExpectedPrefix string
	// ActualString is the decoding of the ids kept, TokenID included.
	ActualString string
}

// Error returns the reference's message for the error.
func (e *InvalidPrefixError) Error() string {
	return fmt.Sprintf("Invalid prefix encountered while decoding stream. Token ID: %d, Expected prefix: '%s', Actual string: '%s'",
		e.TokenID, e.ExpectedPrefix, e.ActualString)
}

// Step adds id to the stream. It returns the text id adds, with ok true,
// when the ids so far decode to more text than before, ending in a whole
// character. ok is false when they do not (yet): when the decoding ends
// with U+FFFD, the replacement character (typically a byte-level or
// byte-fallback token holding part of a character, which the next ids
// complete), or gives no new text (a skipped special token, an unknown id).
// The ids are kept and their text comes with a later step.
//
// The error is an [*InvalidPrefixError] when id changes the decoding of the
// ids before it, or the decoder's error. After an InvalidPrefixError the
// stream keeps id, as the reference's does, and may be stepped on.
//
// As in the reference, a decoding that really ends with U+FFFD (such as the
// token of U+FFFD itself) waits for the next id that makes it end
// otherwise.
//
// Also as in the reference, byte-fallback tokens can make a stream fail for
// good: the ByteFallback decoder turns a run of byte tokens into U+FFFD
// byte by byte when the run as a whole is not valid UTF-8. When a character
// already returned (say <0xED><0x83><0x80>, "타") is directly followed by
// byte tokens that make the run invalid, the run decodes to U+FFFD from its
// start, which no longer begins with the text returned: every later step
// that would give text fails with an InvalidPrefixError, since the stream
// keeps the ids of that run.
func (s *DecodeStream) Step(id uint32) (text string, ok bool, err error) {
	t := s.t
	if s.prefix == "" && s.n > 0 {
		p, err := t.Decode(s.ids, s.skipSpecialTokens)
		if err != nil {
			return "", false, err
		}
		if !endsWithReplacement(p) {
			s.prefix = p
			s.prefixIndex = s.n
		}
	}
	if _, ok := t.decodedToken(id, s.skipSpecialTokens); ok {
		s.ids = append(s.ids, id)
		s.at = append(s.at, s.n)
	}
	s.n++
	str, err := t.Decode(s.ids, s.skipSpecialTokens)
	if err != nil {
		return "", false, err
	}
	if len(str) <= len(s.prefix) || endsWithReplacement(str) {
		return "", false, nil
	}
	if !strings.HasPrefix(str, s.prefix) {
		return "", false, &InvalidPrefixError{TokenID: id, ExpectedPrefix: s.prefix, ActualString: str}
	}
	text = str[len(s.prefix):]
	// Keep the ids from the prefix's end on: they become the next prefix.
	k := 0
	for i, at := range s.at {
		if at >= s.prefixIndex {
			s.ids[k], s.at[k] = s.ids[i], at-s.prefixIndex
			k++
		}
	}
	s.ids, s.at = s.ids[:k], s.at[:k]
	s.n -= s.prefixIndex
	p, err := t.Decode(s.ids, s.skipSpecialTokens)
	if err != nil {
		return "", false, err
	}
	s.prefix, s.prefixIndex = p, s.n
	return text, true, nil
}

// endsWithReplacement reports whether s ends with U+FFFD.
func endsWithReplacement(s string) bool {
	return strings.HasSuffix(s, "\uFFFD")
}
