package tokenizer

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// bertProcessing is the reference's BertProcessing: [CLS] A [SEP] and
// [CLS] A [SEP] B [SEP], the pair's tokens and last [SEP] with type id 1.
// Without special tokens it changes nothing.
type bertProcessing struct {
	sep, cls ppSpecial
}

func (p *bertProcessing) AddedTokens(isPair bool) int {
	if isPair {
		return 3
	}
	return 2
}

func (p *bertProcessing) ProcessEncodings(encs []Encoding, add bool) ([]Encoding, error) {
	return p.processList(encs, add)
}

func (p *bertProcessing) processList(encs []Encoding, add bool) ([]Encoding, error) {
	if !add {
		return encs, nil
	}
	for i := range encs {
		e := &encs[i]
		if i == 0 {
			ppWrap(e, &p.cls, 0, &p.sep, 0, 0)
			for j := range e.Overflowing {
				ppWrap(&e.Overflowing[j], &p.cls, 0, &p.sep, 0, 0)
				e.Overflowing[j].Overflowing = nil
			}
		} else {
			ppWrap(e, nil, 0, &p.sep, 1, 1)
			for j := range e.Overflowing {
				ppWrap(&e.Overflowing[j], nil, 0, &p.sep, 1, 1)
				e.Overflowing[j].Overflowing = nil
			}
		}
	}
	return encs, nil
}

// robertaProcessing is the reference's RobertaProcessing: <s> A </s> and
// <s> A </s> </s> B </s>, every type id 0, and the ByteLevel offset
// trimming when trimOffsets is set (with or without special tokens).
type robertaProcessing struct {
	sep, cls                    ppSpecial
	trimOffsets, addPrefixSpace bool
}

func (p *robertaProcessing) AddedTokens(isPair bool) int {
	if isPair {
		return 4
	}
	return 2
}

func (p *robertaProcessing) ProcessEncodings(encs []Encoding, add bool) ([]Encoding, error) {
	return p.processList(encs, add)
}

func (p *robertaProcessing) processList(encs []Encoding, add bool) ([]Encoding, error) {
	if p.trimOffsets {
		for i := range encs {
			trimByteLevelOffsets(&encs[i], p.addPrefixSpace)
			for j := range encs[i].Overflowing {
				trimByteLevelOffsets(&encs[i].Overflowing[j], p.addPrefixSpace)
			}
		}
	}
	// Only the top-level type ids are reset here: without special tokens,
	// overflowing parts keep theirs, as in the reference.
	for i := range encs {
		clear(encs[i].TypeIDs)
	}
	if !add {
		return encs, nil
	}
	for i := range encs {
		e := &encs[i]
		first := &p.cls
		seq := 0
		if i > 0 {
			first, seq = &p.sep, 1
		}
		ppWrap(e, first, 0, &p.sep, 0, seq)
		for j := range e.Overflowing {
			o := &e.Overflowing[j]
			ppWrap(o, first, 0, &p.sep, 0, seq)
			clear(o.TypeIDs)
			o.Overflowing = nil
		}
	}
	return encs, nil
}

// byteLevelProcessing is the post-processor side of the reference's
// ByteLevel: it trims the offsets of tokens that start or end with spaces
// when trimOffsets is set, and adds no token.
type byteLevelProcessing struct {
	trimOffsets, addPrefixSpace bool
	// useRegex does not change processing; saving writes it.
	useRegex bool
}

func (p *byteLevelProcessing) AddedTokens(bool) int { return 0 }

func (p *byteLevelProcessing) ProcessEncodings(encs []Encoding, add bool) ([]Encoding, error) {
	return p.processList(encs, add)
}

func (p *byteLevelProcessing) processList(encs []Encoding, _ bool) ([]Encoding, error) {
	if p.trimOffsets {
		for i := range encs {
			trimByteLevelOffsets(&encs[i], p.addPrefixSpace)
			for j := range encs[i].Overflowing {
				trimByteLevelOffsets(&encs[i].Overflowing[j], p.addPrefixSpace)
			}
		}
	}
	for i := range encs {
		encs[i].SetSequenceID(i)
	}
	return encs, nil
}

// byteLevelSpace is the character GPT-2's byte-level alphabet gives a space.
const byteLevelSpace = 'Ġ'

// trimByteLevelOffsets moves the offsets of each token past its leading and
// trailing spaces ('Ġ' or Unicode White_Space characters), as the
// reference's process_offsets does: it counts characters and moves the
// offsets by that count, whatever unit the offsets are in (the reference
// post-processes character offsets when asked for them, byte offsets
// otherwise). With addPrefixSpace, a single leading space of the first token
// (index 0, or an offset starting at 0) is kept, being the added prefix.
func trimByteLevelOffsets(e *Encoding, addPrefixSpace bool) {
	for i, tok := range e.Tokens {
		if tok == "" || i >= len(e.Offsets) {
			continue
		}
		if c, l := tok[0], tok[len(tok)-1]; c < utf8.RuneSelf && l < utf8.RuneSelf && !asciiSpace(c) && !asciiSpace(l) {
			continue
		}
		leading, trailing := 0, 0
		for _, r := range tok {
			if !isByteLevelSpace(r) {
				break
			}
			leading++
		}
		for j := len(tok); j > 0; {
			r, size := utf8.DecodeLastRuneInString(tok[:j])
			if !isByteLevelSpace(r) {
				break
			}
			trailing++
			j -= size
		}
		off := &e.Offsets[i]
		if leading > 0 {
			if (i == 0 || off.Start == 0) && addPrefixSpace && leading == 1 {
				leading = 0
			}
			off.Start = min(off.Start+leading, off.End)
		}
		if trailing > 0 && off.End >= trailing {
			off.End = max(off.End-trailing, off.Start)
		}
	}
}

func asciiSpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

func isByteLevelSpace(r rune) bool {
	return r == byteLevelSpace || unicode.IsSpace(r)
}

// ppWrap adds the special token first (unless nil) before the tokens of e
// and last after them, with the given type ids, as BertProcessing and
// RobertaProcessing build their encodings: the special tokens mask becomes
// 1 for the added tokens and 0 for the others, the attention mask all 1, and
// the sequence ranges just {seq: the original tokens}.
func ppWrap(e *Encoding, first *ppSpecial, firstType uint32, last *ppSpecial, lastType uint32, seq int) {
	n := len(e.IDs)
	for i := range e.SpecialTokensMask {
		e.SpecialTokensMask[i] = 0
	}
	start := 0
	if first != nil {
		start = 1
		e.IDs = slices.Insert(e.IDs, 0, first.id)
		e.TypeIDs = slices.Insert(e.TypeIDs, 0, firstType)
		e.Tokens = slices.Insert(e.Tokens, 0, first.token)
		e.Offsets = slices.Insert(e.Offsets, 0, Offset{})
		e.WordIDs = slices.Insert(e.WordIDs, 0, -1)
		e.SpecialTokensMask = slices.Insert(e.SpecialTokensMask, 0, 1)
		e.AttentionMask = slices.Insert(e.AttentionMask, 0, 1)
	}
	e.IDs = append(e.IDs, last.id)
	e.TypeIDs = append(e.TypeIDs, lastType)
	e.Tokens = append(e.Tokens, last.token)
	e.Offsets = append(e.Offsets, Offset{})
	e.WordIDs = append(e.WordIDs, -1)
	e.SpecialTokensMask = append(e.SpecialTokensMask, 1)
	e.AttentionMask = append(e.AttentionMask, 1)
	for i := range e.AttentionMask {
		e.AttentionMask[i] = 1
	}
	e.ranges = append(e.ranges[:0], seqRange{seq: seq, start: start, end: start + n})
}
