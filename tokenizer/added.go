package tokenizer

import (
	"fmt"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/internal/matcher"
	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
)

// addedVocabulary holds the added tokens and finds them in texts. It is
// immutable once built.
type addedVocabulary struct {
	// byID maps each id to its token; byContent the other way.
	byID      map[uint32]AddedToken
	byContent map[string]uint32
	// special holds the contents of special tokens: decoding skips the
	// token strings found here.
	special map[string]bool
	// normalizedForm holds, for normalized tokens whose normalized form
	// differs from their content, that form: they are matched and
	// decoded with it.
	normalizedForm map[uint32]string

	// raw matches the tokens with Normalized false in the raw text,
	// norm the others in the normalized text; rawIDs and normIDs give
	// the id of each pattern.
	raw, norm       *matcher.Matcher
	rawIDs, normIDs []uint32
}

// newAddedVocabulary adds the tokens in order as the reference's add_tokens
// does: the ids a tokenizer.json gives are ignored; a token takes the id its
// content already has (as an added token or in the model's vocabulary), or
// the next free id after the model's vocabulary.
func newAddedVocabulary(tokens []AddedToken, model Model, normalizer Normalizer) (*addedVocabulary, error) {
	av := &addedVocabulary{
		byID:           make(map[uint32]AddedToken, len(tokens)),
		byContent:      make(map[string]uint32, len(tokens)),
		special:        make(map[string]bool),
		normalizedForm: make(map[uint32]string),
	}
	if err := av.add(tokens, model, normalizer); err != nil {
		return nil, err
	}
	return av, nil
}

func (av *addedVocabulary) add(tokens []AddedToken, model Model, normalizer Normalizer) error {
	vocabSize := uint32(model.VocabSize())
	next := vocabSize
	if len(av.byID) > 0 {
		var top uint32
		for id := range av.byID {
			top = max(top, id)
		}
		if top >= vocabSize || vocabSize == 0 {
			next = top + 1
		}
	}
	for i, tok := range tokens {
		if tok.Content == "" {
			continue
		}
		if id, ok := av.byContent[tok.Content]; ok && av.byID[id] == tok {
			continue
		}
		id, ok := av.byContent[tok.Content]
		if !ok {
			id, ok = model.TokenToID(tok.Content)
		}
		if !ok {
			id = next
			next++
		}
		if tok.Normalized && normalizer != nil {
			n := normalizers.New(tok.Content)
			if err := normalizer.Normalize(n); err != nil {
				return fmt.Errorf("[%d]: normalizing %q: %w", i, tok.Content, err)
			}
			if s := n.String(); s != tok.Content {
				av.normalizedForm[id] = s
			}
		}
		av.byContent[tok.Content] = id
		if tok.Special {
			av.special[tok.Content] = true
		}
		av.byID[id] = tok
	}
	av.buildMatchers()
	return nil
}

// buildMatchers builds the two matchers, patterns in id order (so that of
// two tokens with the same pattern, the lower id wins; the reference's choice
// there depends on hash order).
func (av *addedVocabulary) buildMatchers() {
	ids := make([]uint32, 0, len(av.byID))
	for id := range av.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var rawPats, normPats []string
	av.rawIDs, av.normIDs = av.rawIDs[:0], av.normIDs[:0]
	for _, id := range ids {
		tok := av.byID[id]
		if tok.Normalized {
			p, ok := av.normalizedForm[id]
			if !ok {
				p = tok.Content
			}
			normPats = append(normPats, p)
			av.normIDs = append(av.normIDs, id)
		} else {
			rawPats = append(rawPats, tok.Content)
			av.rawIDs = append(av.rawIDs, id)
		}
	}
	av.raw, av.norm = nil, nil
	if len(rawPats) > 0 {
		av.raw = matcher.New(rawPats)
	}
	if len(normPats) > 0 {
		av.norm = matcher.New(normPats)
	}
}

// tokenString returns the string decoding uses for an added token id.
func (av *addedVocabulary) tokenString(id uint32) (string, bool) {
	if s, ok := av.normalizedForm[id]; ok {
		return s, true
	}
	tok, ok := av.byID[id]
	return tok.Content, ok
}

// addedSpan is a part of a text cut at added tokens: a token, or the text
// between tokens.
type addedSpan struct {
	start, end int
	id         uint32
	isToken    bool
}

// findSpans appends to dst the parts of text cut at the added tokens m
// finds, as the reference's find_matches does: single-word tokens that
// touch a word are skipped, lstrip and rstrip tokens take the whitespace
// beside them. Parts may be empty (and, with rstrip, overlap the next
// token, as in the reference). m may be nil.
func (av *addedVocabulary) findSpans(dst []addedSpan, st *encodeState, text []byte, m *matcher.Matcher, ids []uint32) []addedSpan {
	if m == nil || len(text) == 0 {
		return append(dst, addedSpan{0, len(text), 0, false})
	}
	st.matches, st.longest = m.FindAll(st.matches[:0], text, st.longest)
	pos := 0
	for _, mt := range st.matches {
		id := ids[mt.Pattern]
		tok := av.byID[id]
		start, stop := mt.Start, mt.End
		if tok.SingleWord {
			startSpace := start == 0 || !endsWithWord(text[:start])
			stopSpace := stop == len(text) || !startsWithWord(text[stop:])
			if !startSpace || !stopSpace {
				continue
			}
		}
		if tok.LStrip {
			start = max(trailingSpaceStart(text[:start]), pos)
		}
		if tok.RStrip {
			stop += leadingSpaceLen(text[stop:])
		}
		if pos < start {
			dst = append(dst, addedSpan{pos, start, 0, false})
		}
		dst = append(dst, addedSpan{start, stop, id, true})
		pos = stop
	}
	if pos != len(text) {
		dst = append(dst, addedSpan{pos, len(text), 0, false})
	}
	return dst
}

// split cuts n at the added tokens m finds in it (see findSpans) and
// appends the non-empty pieces to p.
func (av *addedVocabulary) split(st *encodeState, p *pretokenizers.PreTokenizedString, n normalizers.NormalizedString, m *matcher.Matcher, ids []uint32) {
	if m == nil {
		appendPiece(p, n, false, 0)
		return
	}
	st.spans = av.findSpans(st.spans[:0], st, n.Bytes(), m, ids)
	for _, sp := range st.spans {
		s, _ := n.Slice(sp.start, sp.end)
		appendPiece(p, s, sp.isToken, sp.id)
	}
}

func appendPiece(p *pretokenizers.PreTokenizedString, n normalizers.NormalizedString, isToken bool, id uint32) {
	if n.IsEmpty() {
		return
	}
	p.Append(n, isToken, id)
}

// isWordChar reports whether r is matched by \w in the reference's regular
// expressions (Rust's regex crate, Unicode mode): Alphabetic, marks, decimal
// numbers, connector punctuation and join controls.
func isWordChar(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_Alphabetic, r) ||
		unicode.IsMark(r) || unicode.Is(unicode.Nd, r) || unicode.Is(unicode.Pc, r) ||
		unicode.Is(unicode.Join_Control, r)
}

func endsWithWord(b []byte) bool {
	r, _ := utf8.DecodeLastRune(b)
	return len(b) > 0 && isWordChar(r)
}

func startsWithWord(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return len(b) > 0 && isWordChar(r)
}

// trailingSpaceStart returns where the whitespace at the end of b starts.
func trailingSpaceStart(b []byte) int {
	i := len(b)
	for i > 0 {
		r, sz := utf8.DecodeLastRune(b[:i])
		if !unicode.IsSpace(r) {
			break
		}
		i -= sz
	}
	return i
}

// leadingSpaceLen returns the length of the whitespace at the start of b.
func leadingSpaceLen(b []byte) int {
	i := 0
	for i < len(b) {
		r, sz := utf8.DecodeRune(b[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += sz
	}
	return i
}
