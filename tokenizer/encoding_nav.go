package tokenizer

// Navigation between the tokens of an Encoding, the words of its sequences
// and the positions in their texts, with the reference's semantics (its
// Encoding methods token_to_sequence, token_to_chars, token_to_word,
// char_to_token, char_to_word, word_to_tokens and word_to_chars).
//
// Positions and offsets are in the unit the encoding was made with: bytes by
// default, characters with [Options.CharOffsets]. The names keep the
// reference's "chars" either way.
//
// Sequences are found through the encoding's ranges (which tokens belong to
// which sequence), set by post-processing. A sequence index the encoding has
// no range for means all of its tokens: the reference's fallback, which
// makes for instance CharToToken(pos, 1) of a single text search the text.
// An encoding with no ranges at all (made without a post-processor from a
// single text) has all its tokens, padding included, in sequence 0.
//
// The answers that may not exist come with an ok boolean (the reference's
// Option); negative tokens, words, positions and sequences give false.

// TokenToSequence returns the index of the sequence token belongs to: false
// for special tokens and padding added around or between the sequences
// (when the encoding has ranges), and for tokens out of range.
//
// Like the reference, an encoding without ranges answers 0 for every token
// up to and including Len() (one past the last token); with ranges, a token
// belongs to the first range containing it.
func (e *Encoding) TokenToSequence(token int) (int, bool) {
	if token < 0 || token > len(e.IDs) {
		return 0, false
	}
	if len(e.ranges) == 0 {
		return 0, true
	}
	for _, r := range e.ranges {
		if token >= r.start && token < r.end {
			return r.seq, true
		}
	}
	return 0, false
}

// TokenToChars returns the sequence token belongs to and its offsets in
// that sequence's text. It is false when [Encoding.TokenToSequence] is
// false or token is out of range.
func (e *Encoding) TokenToChars(token int) (seq int, off Offset, ok bool) {
	seq, ok = e.TokenToSequence(token)
	if !ok || token >= len(e.Offsets) {
		return 0, Offset{}, false
	}
	return seq, e.Offsets[token], true
}

// TokenToWord returns the sequence token belongs to and the index of its
// word in that sequence. It is false for tokens without a word (special
// tokens, padding), when [Encoding.TokenToSequence] is false, or when token
// is out of range.
func (e *Encoding) TokenToWord(token int) (seq, word int, ok bool) {
	seq, ok = e.TokenToSequence(token)
	if !ok || token >= len(e.WordIDs) || e.WordIDs[token] < 0 {
		return 0, 0, false
	}
	return seq, e.WordIDs[token], true
}

// seqBounds returns the tokens of sequence seq, false when the encoding's
// ranges go past its tokens (the reference then answers None).
func (e *Encoding) seqBounds(seq, n int) (int, int, bool) {
	start, end := e.sequenceRange(seq)
	if end > n || start > end {
		return 0, 0, false
	}
	return start, end, true
}

// CharToToken returns the index of the first token of sequence seq whose
// offsets contain pos (start <= pos < end). Special tokens and padding,
// whose offsets are empty, never contain a position. When the encoding has
// no range for seq, all its tokens are searched (see the note at the top of
// this file), so with a pair the answer may be a token of the other
// sequence.
func (e *Encoding) CharToToken(pos, seq int) (int, bool) {
	if pos < 0 || seq < 0 {
		return 0, false
	}
	start, end, ok := e.seqBounds(seq, len(e.Offsets))
	if !ok {
		return 0, false
	}
	for i, o := range e.Offsets[start:end] {
		if pos >= o.Start && pos < o.End {
			return start + i, true
		}
	}
	return 0, false
}

// CharToWord returns the index of the word of the token
// [Encoding.CharToToken] finds. It is false when there is no such token,
// when it has no word, or when it belongs to no sequence.
func (e *Encoding) CharToWord(pos, seq int) (int, bool) {
	tok, ok := e.CharToToken(pos, seq)
	if !ok {
		return 0, false
	}
	_, w, ok := e.TokenToWord(tok)
	return w, ok
}

// WordToTokens returns the tokens [start, end) of word in sequence seq.
//
// As in the reference, the tokens of the sequence are scanned in order until
// the first whose word index is above word (tokens without a word do not
// stop the scan): start is the first token of word seen and end is one past
// the last. So when the encoding has no range for seq and holds a pair, the
// scan stops inside the first sequence, and a word of the second sequence is
// found only when its index is above every word index of the first.
func (e *Encoding) WordToTokens(word, seq int) (start, end int, ok bool) {
	if word < 0 || seq < 0 {
		return 0, 0, false
	}
	lo, hi, ok := e.seqBounds(seq, len(e.WordIDs))
	if !ok {
		return 0, 0, false
	}
	start, end = -1, -1
	for i := lo; i < hi; i++ {
		w := e.WordIDs[i]
		if w > word {
			break
		}
		if w == word {
			if start < 0 {
				start = i
			}
			end = i + 1
		}
	}
	if start < 0 {
		return 0, 0, false
	}
	return start, end, true
}

// WordToChars returns the offsets of word in the text of sequence seq: from
// the start of its first token to the end of its last, as
// [Encoding.WordToTokens] finds them.
func (e *Encoding) WordToChars(word, seq int) (Offset, bool) {
	start, end, ok := e.WordToTokens(word, seq)
	if !ok || end > len(e.Offsets) {
		return Offset{}, false
	}
	return Offset{e.Offsets[start].Start, e.Offsets[end-1].End}, true
}

// MergeEncodings concatenates encs into a new encoding, as the reference's
// Encoding::merge does. The sequence ranges of each follow its tokens (a
// later encoding's range for a sequence replaces an earlier one's). With
// growingOffsets, the offsets of each encoding are shifted by the end offset
// of the last token before it; otherwise they are kept.
//
// Overflowing parts combine as in the reference: merging the encoding so
// far, M, with the next one, N, gives as overflowing parts each of M's
// merged with N and with each of N's, then M itself (with its own
// overflowing parts, so the result nests) merged with each of N's. Their
// number grows as the product of the numbers of parts.
//
// The result shares no memory with encs, which are left unchanged.
func MergeEncodings(encs []Encoding, growingOffsets bool) Encoding {
	var out Encoding
	for i := range encs {
		out.mergeWith(&encs[i], growingOffsets)
	}
	return out
}
