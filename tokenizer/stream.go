package tokenizer

import (
	"bufio"
	"errors"
	"io"
	"iter"
	"unicode"
	"unicode/utf8"
)

// Count returns the number of tokens the model makes of text: the length of
// what [Tokenizer.AppendIDs] appends (no special tokens, truncation or
// padding), without keeping the ids. Add
// [Tokenizer.NumSpecialTokens] for the special tokens encoding adds.
func (t *Tokenizer) Count(text string) (int, error) {
	st := t.getState()
	defer t.putState(st)
	ids, err := t.appendIDs(st, st.countIDs[:0], text)
	st.countIDs = ids[:0]
	return len(ids), err
}

// NumSpecialTokens returns the number of special tokens the post-processor
// adds to a single text (isPair false) or a pair.
func (t *Tokenizer) NumSpecialTokens(isPair bool) int {
	return t.addedTokens(isPair)
}

// DefaultBlockSize is the size of the blocks [Tokenizer.EncodeReader] reads.
const DefaultBlockSize = 1 << 20

// EncodeReader reads r in blocks of about blockSize bytes (DefaultBlockSize
// when 0 or less), cut at line ends, encodes each block as a text of its
// own, ids only (as [Tokenizer.AppendIDs]), and calls fn with the ids of each
// block in order. Memory stays bounded by the block size whatever the size
// of the input. The ids slice is reused: fn must not keep it.
//
// Because each block is a text of its own, the result is that of encoding
// each block separately. For line-oriented data (a document or a sentence
// per line, blocks ending at line ends) that is usually what is wanted. A
// single long document encoded whole can differ at the block boundaries:
// tokenizers look at whole texts (a leading "▁" or space added to each text,
// whitespace runs grouped across a line end...). A line longer than a block
// is cut at its last whitespace before the limit, or at a character boundary
// when it has none.
func (t *Tokenizer) EncodeReader(r io.Reader, blockSize int, fn func(ids []uint32) error) error {
	if blockSize <= 0 {
		blockSize = DefaultBlockSize
	}
	br := bufio.NewReaderSize(r, 64<<10)
	buf := make([]byte, 0, blockSize+utf8.UTFMax)
	var ids []uint32
	eof := false
	for !eof || len(buf) > 0 {
		// Fill the block.
		for !eof && len(buf) < blockSize {
			n, err := br.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if errors.Is(err, io.EOF) {
				eof = true
			} else if err != nil {
				return err
			}
		}
		cut := len(buf)
		if !eof || len(buf) > blockSize {
			cut = blockCut(buf, blockSize)
		}
		var err error
		ids, err = t.AppendIDs(ids[:0], string(buf[:cut]))
		if err != nil {
			return err
		}
		if err := fn(ids); err != nil {
			return err
		}
		buf = buf[:copy(buf, buf[cut:])]
	}
	return nil
}

// blockCut returns where to end a block of buf: after its last line end,
// else after its last whitespace, else at its last character boundary
// within limit.
func blockCut(buf []byte, limit int) int {
	b := buf[:min(limit, len(buf))]
	for i := len(b) - 1; i > 0; i-- {
		if b[i] == '\n' {
			return i + 1
		}
	}
	for i := len(b); i > 0; {
		r, sz := utf8.DecodeLastRune(b[:i])
		if unicode.IsSpace(r) && i < len(b) {
			return i
		}
		i -= sz
	}
	i := len(b)
	for i > 0 && !utf8.RuneStart(b[i-1]) {
		i--
	}
	if i > 0 && i-1+utf8.UTFMax > len(b) && !utf8.FullRune(b[i-1:]) {
		return max(i-1, 1)
	}
	return len(b)
}

// IDs returns an iterator over the ids of the tokens of r, read and encoded
// block by block as [Tokenizer.EncodeReader] does (blocks of
// DefaultBlockSize). The iteration stops at the first error, which it
// yields with id 0.
func (t *Tokenizer) IDs(r io.Reader) iter.Seq2[uint32, error] {
	return func(yield func(uint32, error) bool) {
		stop := errors.New("stop")
		err := t.EncodeReader(r, 0, func(ids []uint32) error {
			for _, id := range ids {
				if !yield(id, nil) {
					return stop
				}
			}
			return nil
		})
		if err != nil && err != stop {
			yield(0, err)
		}
	}
}

// EncodedToken is one token of an [Encoding], as [Encoding.All] yields it.
type EncodedToken struct {
	ID      uint32
	Token   string
	Offset  Offset
	TypeID  uint32
	WordID  int // -1 for none
	Seq     int // the sequence (0, or 1 for the pair); -1 for none
	Special bool
	// Padding is true for padding tokens (attention mask 0).
	Padding bool
}

// All returns an iterator over the tokens of e with their index.
func (e *Encoding) All() iter.Seq2[int, EncodedToken] {
	return func(yield func(int, EncodedToken) bool) {
		seqs := e.SequenceIDs()
		for i, id := range e.IDs {
			tok := EncodedToken{
				ID:      id,
				Token:   e.Tokens[i],
				Offset:  e.Offsets[i],
				TypeID:  e.TypeIDs[i],
				WordID:  e.WordIDs[i],
				Seq:     seqs[i],
				Special: e.SpecialTokensMask[i] == 1,
				Padding: e.AttentionMask[i] == 0,
			}
			if !yield(i, tok) {
				return
			}
		}
	}
}
