package tokenizer

import (
	"errors"
	"fmt"
)

// Offset is a half-open range [Start, End) of a text. In an [Encoding] it is
// in bytes, into the text (or pair text) the token comes from, unless the
// encoding was made with character offsets.
type Offset struct {
	Start, End int
}

// Encoding is the result of encoding a text or a pair of texts: one entry per
// token in each of its slices.
//
// Token strings refer to the vocabulary: encoding allocates no string per
// token, except for the rare tokens whose text is not a vocabulary entry.
type Encoding struct {
	// IDs are the token ids.
	IDs []uint32
	// TypeIDs are the type (segment) ids: 0 for the first sequence, 1 for
	// the pair, as the post-processor sets them.
	TypeIDs []uint32
	// Tokens are the token strings.
	Tokens []string
	// Offsets are the offsets of the tokens in the text of their sequence.
	// Special tokens added by the post-processor, and padding, have {0, 0}.
	Offsets []Offset
	// WordIDs are the index of the word each token belongs to in its
	// sequence, or -1 for special tokens and padding.
	WordIDs []int
	// SpecialTokensMask is 1 for the special tokens the post-processor
	// added and for padding, 0 for the others.
	SpecialTokensMask []uint32
	// AttentionMask is 1 for tokens and 0 for padding.
	AttentionMask []uint32
	// Overflowing holds the parts truncation cut off, each a full
	// encoding.
	Overflowing []Encoding

	// ranges says which tokens belong to which sequence. Without any, all
	// the tokens belong to sequence 0 (as in the reference).
	ranges []seqRange
}

type seqRange struct {
	seq        int
	start, end int
}

// Len returns the number of tokens.
func (e *Encoding) Len() int { return len(e.IDs) }

// Reset empties e, keeping its memory for reuse.
func (e *Encoding) Reset() {
	e.IDs = e.IDs[:0]
	e.TypeIDs = e.TypeIDs[:0]
	clear(e.Tokens)
	e.Tokens = e.Tokens[:0]
	e.Offsets = e.Offsets[:0]
	e.WordIDs = e.WordIDs[:0]
	e.SpecialTokensMask = e.SpecialTokensMask[:0]
	e.AttentionMask = e.AttentionMask[:0]
	clear(e.Overflowing)
	e.Overflowing = e.Overflowing[:0]
	e.ranges = e.ranges[:0]
}

// appendToken adds one token.
func (e *Encoding) appendToken(id uint32, value string, off Offset, word int, typeID uint32, special bool) {
	e.IDs = append(e.IDs, id)
	e.Tokens = append(e.Tokens, value)
	e.Offsets = append(e.Offsets, off)
	e.WordIDs = append(e.WordIDs, word)
	e.TypeIDs = append(e.TypeIDs, typeID)
	var s uint32
	if special {
		s = 1
	}
	e.SpecialTokensMask = append(e.SpecialTokensMask, s)
	e.AttentionMask = append(e.AttentionMask, 1)
}

// NumSequences returns the number of sequences the encoding holds tokens of.
func (e *Encoding) NumSequences() int {
	if len(e.ranges) == 0 {
		return 1
	}
	return len(e.ranges)
}

// SetSequenceID marks all the tokens of e as belonging to sequence seq.
func (e *Encoding) SetSequenceID(seq int) {
	for i := range e.ranges {
		if e.ranges[i].seq == seq {
			e.ranges[i].start, e.ranges[i].end = 0, len(e.IDs)
			return
		}
	}
	e.ranges = append(e.ranges, seqRange{seq, 0, len(e.IDs)})
}

// sequenceRange returns the tokens of sequence seq.
func (e *Encoding) sequenceRange(seq int) (int, int) {
	for _, r := range e.ranges {
		if r.seq == seq {
			return r.start, r.end
		}
	}
	return 0, len(e.IDs)
}

// SequenceIDs returns, for each token, the index of the sequence it belongs
// to (0 for the text, 1 for the pair), or -1 for special tokens and padding.
func (e *Encoding) SequenceIDs() []int {
	return e.AppendSequenceIDs(make([]int, 0, len(e.IDs)))
}

// AppendSequenceIDs appends the result of [Encoding.SequenceIDs] to dst.
func (e *Encoding) AppendSequenceIDs(dst []int) []int {
	n := len(dst)
	for range e.IDs {
		dst = append(dst, -1)
	}
	out := dst[n:]
	if len(e.ranges) == 0 {
		for i := range out {
			out[i] = 0
		}
		return dst
	}
	for seq := range len(e.ranges) {
		s, end := e.sequenceRange(seq)
		for i := s; i < end && i < len(out); i++ {
			out[i] = seq
		}
	}
	return dst
}

// mergeWith appends the tokens of pair to e exactly as the reference's
// merge_with does, nested overflowing parts included. pair is only read.
func (e *Encoding) mergeWith(pair *Encoding, growingOffsets bool) {
	var over []Encoding
	for i := range e.Overflowing {
		n := e.Overflowing[i].clone()
		n.mergeWith(pair, growingOffsets)
		over = append(over, n)
		for j := range pair.Overflowing {
			n := e.Overflowing[i].clone()
			n.mergeWith(&pair.Overflowing[j], growingOffsets)
			over = append(over, n)
		}
	}
	for j := range pair.Overflowing {
		n := e.clone()
		n.mergeWith(&pair.Overflowing[j], growingOffsets)
		over = append(over, n)
	}
	l := len(e.IDs)
	for _, r := range pair.ranges {
		r.start += l
		r.end += l
		replaced := false
		for i := range e.ranges {
			if e.ranges[i].seq == r.seq {
				e.ranges[i] = r
				replaced = true
			}
		}
		if !replaced {
			e.ranges = append(e.ranges, r)
		}
	}
	e.IDs = append(e.IDs, pair.IDs...)
	e.TypeIDs = append(e.TypeIDs, pair.TypeIDs...)
	e.Tokens = append(e.Tokens, pair.Tokens...)
	e.WordIDs = append(e.WordIDs, pair.WordIDs...)
	shift := 0
	if growingOffsets && len(e.Offsets) > 0 {
		shift = e.Offsets[len(e.Offsets)-1].End
	}
	for _, o := range pair.Offsets {
		e.Offsets = append(e.Offsets, Offset{o.Start + shift, o.End + shift})
	}
	e.SpecialTokensMask = append(e.SpecialTokensMask, pair.SpecialTokensMask...)
	e.AttentionMask = append(e.AttentionMask, pair.AttentionMask...)
	e.Overflowing = over
}

// clone returns a deep copy of e.
func (e *Encoding) clone() Encoding {
	c := Encoding{
		IDs:               append([]uint32(nil), e.IDs...),
		TypeIDs:           append([]uint32(nil), e.TypeIDs...),
		Tokens:            append([]string(nil), e.Tokens...),
		Offsets:           append([]Offset(nil), e.Offsets...),
		WordIDs:           append([]int(nil), e.WordIDs...),
		SpecialTokensMask: append([]uint32(nil), e.SpecialTokensMask...),
		AttentionMask:     append([]uint32(nil), e.AttentionMask...),
		ranges:            append([]seqRange(nil), e.ranges...),
	}
	for i := range e.Overflowing {
		c.Overflowing = append(c.Overflowing, e.Overflowing[i].clone())
	}
	return c
}

// slice returns a copy of the tokens [start, stop) of e, without ranges or
// overflowing parts.
func (e *Encoding) slice(start, stop int) Encoding {
	return Encoding{
		IDs:               append([]uint32(nil), e.IDs[start:stop]...),
		TypeIDs:           append([]uint32(nil), e.TypeIDs[start:stop]...),
		Tokens:            append([]string(nil), e.Tokens[start:stop]...),
		Offsets:           append([]Offset(nil), e.Offsets[start:stop]...),
		WordIDs:           append([]int(nil), e.WordIDs[start:stop]...),
		SpecialTokensMask: append([]uint32(nil), e.SpecialTokensMask[start:stop]...),
		AttentionMask:     append([]uint32(nil), e.AttentionMask[start:stop]...),
	}
}

// keep cuts e down to its tokens [start, stop) in place.
func (e *Encoding) keep(start, stop int) {
	e.IDs = append(e.IDs[:0], e.IDs[start:stop]...)
	e.TypeIDs = append(e.TypeIDs[:0], e.TypeIDs[start:stop]...)
	copy(e.Tokens, e.Tokens[start:stop])
	clear(e.Tokens[stop-start:])
	e.Tokens = e.Tokens[:stop-start]
	e.Offsets = append(e.Offsets[:0], e.Offsets[start:stop]...)
	e.WordIDs = append(e.WordIDs[:0], e.WordIDs[start:stop]...)
	e.SpecialTokensMask = append(e.SpecialTokensMask[:0], e.SpecialTokensMask[start:stop]...)
	e.AttentionMask = append(e.AttentionMask[:0], e.AttentionMask[start:stop]...)
}

// Direction says from which end truncation cuts or padding fills.
type Direction uint8

// The directions.
const (
	Right Direction = iota
	Left
)

// String returns the name tokenizer.json uses for d.
func (d Direction) String() string {
	if d == Left {
		return "Left"
	}
	return "Right"
}

// truncate cuts e to maxLen tokens. When overflow is true, the parts cut off
// become e.Overflowing: windows of maxLen tokens, each starting maxLen-stride
// tokens after the previous one, as the reference's Encoding::truncate
// defines them.
func (e *Encoding) truncate(maxLen, stride int, dir Direction, overflow bool) error {
	n := len(e.IDs)
	if maxLen >= n {
		return nil
	}
	if maxLen == 0 {
		if overflow {
			o := *e
			*e = Encoding{}
			e.Overflowing = []Encoding{o}
		} else {
			e.keep(0, 0)
			e.ranges = e.ranges[:0]
		}
		return nil
	}
	if stride >= maxLen {
		return fmt.Errorf("stride (%d) must be strictly less than max_len (%d), which may be shorter than the model's max length as it excludes the special tokens", stride, maxLen)
	}
	e.ranges = e.ranges[:0]
	if overflow {
		step := maxLen - stride
		var parts [][2]int
		switch dir {
		case Right:
			for start := 0; start < n; start += step {
				stop := min(start+maxLen, n)
				parts = append(parts, [2]int{start, stop})
				if stop == n {
					break
				}
			}
		case Left:
			for stop := n; stop > 0; stop -= step {
				start := max(stop-maxLen, 0)
				parts = append(parts, [2]int{start, stop})
				if start == 0 {
					break
				}
			}
		}
		over := make([]Encoding, 0, len(parts)-1)
		for _, p := range parts[1:] {
			over = append(over, e.slice(p[0], p[1]))
		}
		e.keep(parts[0][0], parts[0][1])
		e.Overflowing = over
		return nil
	}
	if dir == Right {
		e.keep(0, maxLen)
	} else {
		e.keep(n-maxLen, n)
	}
	e.Overflowing = e.Overflowing[:0]
	return nil
}

// pad pads e (and its overflowing parts) to targetLen tokens.
func (e *Encoding) pad(targetLen int, p *Padding) {
	for i := range e.Overflowing {
		e.Overflowing[i].pad(targetLen, p)
	}
	n := len(e.IDs)
	if n >= targetLen {
		return
	}
	k := targetLen - n
	if p.Direction == Left {
		e.IDs = prependN(e.IDs, k, p.PadID)
		e.TypeIDs = prependN(e.TypeIDs, k, p.PadTypeID)
		e.Tokens = prependN(e.Tokens, k, p.PadToken)
		e.WordIDs = prependN(e.WordIDs, k, -1)
		e.AttentionMask = prependN(e.AttentionMask, k, 0)
		e.SpecialTokensMask = prependN(e.SpecialTokensMask, k, 1)
		e.Offsets = prependN(e.Offsets, k, Offset{})
		for i := range e.ranges {
			e.ranges[i].start += k
			e.ranges[i].end += k
		}
		return
	}
	e.IDs = appendN(e.IDs, k, p.PadID)
	e.TypeIDs = appendN(e.TypeIDs, k, p.PadTypeID)
	e.Tokens = appendN(e.Tokens, k, p.PadToken)
	e.WordIDs = appendN(e.WordIDs, k, -1)
	e.AttentionMask = appendN(e.AttentionMask, k, 0)
	e.SpecialTokensMask = appendN(e.SpecialTokensMask, k, 1)
	e.Offsets = appendN(e.Offsets, k, Offset{})
}

func appendN[T any](s []T, k int, v T) []T {
	for range k {
		s = append(s, v)
	}
	return s
}

func prependN[T any](s []T, k int, v T) []T {
	n := len(s)
	s = appendN(s, k, v)
	copy(s[k:], s[:n])
	for i := range k {
		s[i] = v
	}
	return s
}

// Strategy is how truncation shares the length among the two sequences of a
// pair.
type Strategy uint8

// The truncation strategies.
const (
	// LongestFirst removes tokens from the longer sequence first.
	LongestFirst Strategy = iota
	// OnlyFirst truncates only the first sequence.
	OnlyFirst
	// OnlySecond truncates only the second sequence (the pair).
	OnlySecond
)

var strategyNames = [...]string{"LongestFirst", "OnlyFirst", "OnlySecond"}

// String returns the name tokenizer.json uses for s.
func (s Strategy) String() string {
	if int(s) < len(strategyNames) {
		return strategyNames[s]
	}
	return fmt.Sprintf("Strategy(%d)", uint8(s))
}

// Truncation says how to cut encodings longer than MaxLength tokens.
type Truncation struct {
	// MaxLength is the number of tokens to keep, special tokens included.
	MaxLength int
	// Strategy chooses which sequence of a pair is cut.
	Strategy Strategy
	// Stride is the number of tokens each overflowing window repeats from
	// the one before it.
	Stride int
	// Direction is the end tokens are cut from.
	Direction Direction
}

// Padding says how to pad encodings.
type Padding struct {
	// Fixed, when true, pads to Length tokens; otherwise encodings are
	// padded to the longest of the batch (BatchLongest).
	Fixed bool
	// Length is the length Fixed pads to.
	Length int
	// Direction is the end padding is added to.
	Direction Direction
	// PadToMultipleOf, when above 0, rounds the length up to a multiple
	// of it.
	PadToMultipleOf int
	// PadID, PadTypeID and PadToken are what padding tokens get.
	PadID     uint32
	PadTypeID uint32
	PadToken  string
}

// Errors truncation gives, as the reference does.
var (
	// ErrSecondSequenceNotProvided is the error of OnlySecond truncation
	// of a single sequence.
	ErrSecondSequenceNotProvided = errors.New("truncation error: second sequence not provided")
	// ErrSequenceTooShort is the error of a truncation that cannot remove
	// enough tokens from the sequence it may cut.
	ErrSequenceTooShort = errors.New("truncation error: sequence to truncate too short to respect the provided max_length")
)

// truncateEncodings applies t to an encoding and its optional pair, as the
// reference's truncate_encodings does.
func truncateEncodings(enc, pair *Encoding, t *Truncation, overflow bool) error {
	if t.MaxLength == 0 {
		if err := enc.truncate(0, t.Stride, t.Direction, overflow); err != nil {
			return err
		}
		if pair != nil {
			return pair.truncate(0, t.Stride, t.Direction, overflow)
		}
		return nil
	}
	total := len(enc.IDs)
	if pair != nil {
		total += len(pair.IDs)
	}
	if total <= t.MaxLength {
		return nil
	}
	toRemove := total - t.MaxLength
	switch t.Strategy {
	case LongestFirst:
		if pair == nil {
			return enc.truncate(total-toRemove, t.Stride, t.Direction, overflow)
		}
		n1, n2 := len(enc.IDs), len(pair.IDs)
		swap := false
		if n1 > n2 {
			swap = true
			n1, n2 = n2, n1
		}
		if n1 > t.MaxLength {
			n2 = n1
		} else {
			n2 = max(n1, t.MaxLength-n1)
		}
		if n1+n2 > t.MaxLength {
			n1 = t.MaxLength / 2
			n2 = n1 + t.MaxLength%2
		}
		if swap {
			n1, n2 = n2, n1
		}
		if err := enc.truncate(n1, t.Stride, t.Direction, overflow); err != nil {
			return err
		}
		return pair.truncate(n2, t.Stride, t.Direction, overflow)
	default:
		target := enc
		if t.Strategy == OnlySecond {
			if pair == nil {
				return ErrSecondSequenceNotProvided
			}
			target = pair
		}
		l := len(target.IDs)
		if l <= toRemove {
			return ErrSequenceTooShort
		}
		return target.truncate(l-toRemove, t.Stride, t.Direction, overflow)
	}
}

// padEncodings pads a batch of encodings as the reference's pad_encodings
// does.
func padEncodings(encs []Encoding, p *Padding) {
	if len(encs) == 0 {
		return
	}
	longest := 0
	for i := range encs {
		longest = max(longest, len(encs[i].IDs))
	}
	target := padLength(p, longest)
	for i := range encs {
		encs[i].pad(target, p)
	}
}

// padLength returns the length p pads to, given the longest encoding.
func padLength(p *Padding, longest int) int {
	target := longest
	if p.Fixed {
		target = p.Length
	}
	if m := p.PadToMultipleOf; m > 0 && target%m > 0 {
		target += m - target%m
	}
	return target
}
