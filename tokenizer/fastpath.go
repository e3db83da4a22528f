package tokenizer

import "unsafe"

// A fastPath encodes to ids, without offsets, the pieces of text between the
// added tokens matched in the raw text, for one pipeline shape it recognizes
// (byte-level BPE, BERT's WordPiece, SentencePiece BPE and Unigram...),
// faster than the general pipeline and with exactly its result. The general
// pipeline stays the definition: every fast path is checked against it (and
// the reference's goldens) on the whole corpus.
//
// Fast paths are chosen when a tokenizer is built (selectFastPath) and are
// immutable and safe for concurrent use, like the rest of the tokenizer.
type fastPath interface {
	// appendIDs appends the ids of text[start:end], a piece of the input
	// with no added token matched in the raw text inside it (added
	// tokens matched in the normalized text are the fast path's to
	// find), and returns the extended slice. It returns ok == false,
	// having appended nothing, when it cannot encode this piece exactly:
	// the caller then runs the general pipeline on it.
	appendIDs(st *encodeState, dst []uint32, text string, start, end int) (out []uint32, ok bool, err error)
}

// selectFastPath returns the fast path for t's pipeline shape, or nil when
// there is none.
func selectFastPath(t *Tokenizer) fastPath {
	for _, detect := range []func(*Tokenizer) fastPath{newByteLevelFastPath, newWordPieceFastPath, newSentencePieceFastPath} {
		if f := detect(t); f != nil {
			return f
		}
	}
	return nil
}

// unsafeBytes returns the bytes of s without copying them. They must not be
// modified.
func unsafeBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
