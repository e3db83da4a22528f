package tokenizer

import (
	"fmt"
	"strings"
)

// Decode turns ids back into text: each id becomes its token string (ids
// that are in neither the vocabulary nor the added tokens are skipped, as in
// the reference), special tokens are left out when skipSpecialTokens is
// true, and the decoder joins the rest (without a decoder, the tokens are
// joined with spaces).
func (t *Tokenizer) Decode(ids []uint32, skipSpecialTokens bool) (string, error) {
	tokens := make([]string, 0, len(ids))
	for _, id := range ids {
		if s, ok := t.decodedToken(id, skipSpecialTokens); ok {
			tokens = append(tokens, s)
		}
	}
	if t.decoder == nil {
		return strings.Join(tokens, " "), nil
	}
	out, err := t.decoder.DecodeChain(tokens)
	if err != nil {
		return "", fmt.Errorf("tokenizer: decoder: %w", err)
	}
	return strings.Join(out, ""), nil
}

// decodedToken returns the token of id that decoding passes to the
// decoder; ok is false for the ids decoding leaves out, unknown ids and,
// with skipSpecialTokens, special tokens.
func (t *Tokenizer) decodedToken(id uint32, skipSpecialTokens bool) (string, bool) {
	s, ok := t.IDToToken(id)
	if !ok || skipSpecialTokens && t.added.special[s] {
		return "", false
	}
	return s, true
}

// IDToToken returns the token string of an id: an added token's (its
// normalized form when it is matched normalized and that differs), or the
// model's vocabulary entry.
func (t *Tokenizer) IDToToken(id uint32) (string, bool) {
	if s, ok := t.added.tokenString(id); ok {
		return s, true
	}
	return t.model.IDToToken(id)
}

// TokenToID returns the id of a token string: an added token's, or the
// model's.
func (t *Tokenizer) TokenToID(token string) (uint32, bool) {
	if id, ok := t.added.byContent[token]; ok {
		return id, true
	}
	return t.model.TokenToID(token)
}
