package normalizers

import (
	"unicode/utf8"
	"unsafe"
)

// Span is a half-open byte range [Start, End) of a text.
type Span struct {
	Start, End int
}

// align is the original span one normalized byte comes from. It is stored
// with int32 fields because there is one per normalized byte: 8 bytes per
// byte instead of 16. Inputs are limited to 2 GiB accordingly.
type align struct {
	start, end int32
}

// NormalizedString is a text under normalization. It keeps the original text,
// the normalized text, and for every byte of the normalized text the span of
// the original text it comes from, so that a token found in the normalized
// text can be given offsets in the text the caller passed.
//
// Alignment spans are absolute: they index the whole original input, not the
// part of it a slice covers, which makes slicing free (a slice shares its
// parent's arrays). Every byte of a normalized character carries the same
// span. The semantics of every method follow the reference implementation's
// NormalizedString (Hugging Face tokenizers, tokenizer/normalizer.rs), edge
// cases included, because offsets are part of what has to be exact.
//
// Methods that change the text never write into memory another
// NormalizedString may share: they build the new text in fresh memory (taken
// from the Scratch the string was created with, when there is one).
//
// A NormalizedString is not safe for concurrent use.
type NormalizedString struct {
	original     string // the whole input
	oStart, oEnd int    // the part of original this string covers
	norm         []byte
	align        []align
	scratch      *Scratch
}

// Scratch is reusable memory for the normalized texts and alignments an
// encode call builds. It lets a pipeline run without allocating once its
// buffers have grown to the size of its inputs. The zero value is ready to
// use. Reset must only be called once no NormalizedString built from the
// Scratch is used any more.
type Scratch struct {
	bytes  []byte
	aligns []align
	// runes and matches are small reusable buffers for MapMulti and
	// Replace, whose callees would otherwise make stack buffers escape.
	runes   []rune
	matches []Match
}

// Reset makes all the memory of s available again.
func (s *Scratch) Reset() {
	s.bytes = s.bytes[:0]
	s.aligns = s.aligns[:0]
}

// Size returns the number of bytes of normalized text s can hold without
// growing.
func (s *Scratch) Size() int { return cap(s.bytes) }

// alloc returns zero-length slices with room for n bytes and n alignments.
// The slices must be filled with append and then committed with commit.
func (s *Scratch) alloc(n int) ([]byte, []align) {
	if s == nil {
		return make([]byte, 0, n), make([]align, 0, n)
	}
	if cap(s.bytes)-len(s.bytes) < n {
		s.bytes = make([]byte, 0, max(2*cap(s.bytes), n, 4096))
	}
	if cap(s.aligns)-len(s.aligns) < n {
		s.aligns = make([]align, 0, max(2*cap(s.aligns), n, 4096))
	}
	b := s.bytes[len(s.bytes):len(s.bytes)]
	a := s.aligns[len(s.aligns):len(s.aligns)]
	return b, a
}

// commit records that b and a (returned by alloc, then appended to) are in
// use. If they outgrew the room alloc gave, append moved them elsewhere and
// the scratch memory is simply not consumed.
func (s *Scratch) commit(b []byte, a []align) {
	if s == nil {
		return
	}
	if len(b) > 0 && len(s.bytes) < cap(s.bytes) && &s.bytes[:len(s.bytes)+1][len(s.bytes)] == &b[0] {
		s.bytes = s.bytes[:len(s.bytes)+len(b)]
	}
	if len(a) > 0 && len(s.aligns) < cap(s.aligns) && &s.aligns[:len(s.aligns)+1][len(s.aligns)] == &a[0] {
		s.aligns = s.aligns[:len(s.aligns)+len(a)]
	}
}

// New returns a NormalizedString whose original and normalized texts are
// both s. Invalid UTF-8 in s is read as U+FFFD: each invalid byte becomes one
// replacement character aligned to that byte, so the normalized text is always
// valid UTF-8 and offsets still index s.
func New(s string) *NormalizedString {
	n := &NormalizedString{}
	n.Reset(s, 0, len(s), nil)
	return n
}

// Reset makes n a NormalizedString of original[start:end], with alignments
// that index original, taking its memory from scratch when it is not nil.
func (n *NormalizedString) Reset(original string, start, end int, scratch *Scratch) {
	n.original = original
	n.oStart, n.oEnd = start, end
	n.scratch = scratch
	size := end - start
	b, a := scratch.alloc(size)
	for i := start; i < end; {
		c := original[i]
		if c < utf8.RuneSelf {
			b = append(b, c)
			a = append(a, align{int32(i), int32(i + 1)})
			i++
			continue
		}
		r, sz := utf8.DecodeRuneInString(original[i:end])
		if r == utf8.RuneError && sz == 1 {
			b = utf8.AppendRune(b, utf8.RuneError)
			for range 3 {
				a = append(a, align{int32(i), int32(i + 1)})
			}
			i++
			continue
		}
		b = append(b, original[i:i+sz]...)
		for range sz {
			a = append(a, align{int32(i), int32(i + sz)})
		}
		i += sz
	}
	scratch.commit(b, a)
	n.norm, n.align = b, a
}

// Bytes returns the normalized text. The slice aliases n's memory: it must
// not be modified, and it is only valid until n changes.
func (n *NormalizedString) Bytes() []byte { return n.norm }

// String returns a copy of the normalized text.
func (n *NormalizedString) String() string { return string(n.norm) }

// Len returns the length of the normalized text in bytes.
func (n *NormalizedString) Len() int { return len(n.norm) }

// IsEmpty reports whether the normalized text is empty.
func (n *NormalizedString) IsEmpty() bool { return len(n.norm) == 0 }

// Original returns the part of the original text n covers.
func (n *NormalizedString) Original() string { return n.original[n.oStart:n.oEnd] }

// OriginalOffsets returns the span of the whole original input n covers.
func (n *NormalizedString) OriginalOffsets() Span { return Span{n.oStart, n.oEnd} }

// Scratch returns the scratch memory n takes its memory from (nil when it
// allocates normally).
func (n *NormalizedString) Scratch() *Scratch { return n.scratch }

// Alignment returns the span of the original input that the normalized byte
// at index i comes from.
func (n *NormalizedString) Alignment(i int) Span {
	a := n.align[i]
	return Span{int(a.start), int(a.end)}
}

// ToOriginal converts a byte range of the normalized text into the span of
// the whole original input it comes from. It reports false when the range is
// out of bounds.
//
// As in the reference, an empty range is returned unchanged (still in
// normalized coordinates, shifted by where n starts in the original), and the
// range 0..0 of an empty normalized text covers the whole original.
func (n *NormalizedString) ToOriginal(start, end int) (Span, bool) {
	if start == end {
		if start == 0 && len(n.norm) == 0 {
			return Span{n.oStart, n.oEnd}, true
		}
		return Span{n.oStart + start, n.oStart + end}, true
	}
	if start > end || start < 0 || end > len(n.norm) {
		return Span{}, false
	}
	return Span{int(n.align[start].start), int(n.align[end-1].end)}, true
}

// fromOriginal converts a range relative to n's original text into a range
// of the normalized text, as the reference's convert_offsets does for
// Range::Original.
func (n *NormalizedString) fromOriginal(start, end int) (int, int, bool) {
	if start == end {
		return start, end, true
	}
	if start > end {
		return 0, 0, false
	}
	if n.oStart == n.oEnd && start == 0 && end == 0 {
		return 0, len(n.norm), true
	}
	s, e := -1, -1
	for i, a := range n.align {
		as, ae := int(a.start)-n.oStart, int(a.end)-n.oStart
		if end < ae {
			break
		}
		if s < 0 && start <= as && as != ae {
			s = i
		}
		e = i + 1
	}
	switch {
	case s >= 0 && e >= 0:
		return s, e, true
	case s >= 0:
		return s, s, true
	case e >= 0:
		return e, e, true
	}
	return 0, 0, false
}

// Slice returns the part of n covering the normalized byte range
// [start, end). It reports false when the range is out of bounds or not on
// character boundaries. The slice shares n's memory.
func (n *NormalizedString) Slice(start, end int) (NormalizedString, bool) {
	if start < 0 || end > len(n.norm) || start > end ||
		!isBoundary(n.norm, start) || !isBoundary(n.norm, end) {
		return NormalizedString{}, false
	}
	o, _ := n.ToOriginal(start, end)
	if start == end {
		// The reference shifts the original by the normalized start here.
		o = Span{n.oStart + start, n.oStart + start}
		if o.Start > n.oEnd {
			o = Span{n.oEnd, n.oEnd}
		}
	}
	return NormalizedString{
		original: n.original,
		oStart:   o.Start,
		oEnd:     o.End,
		norm:     n.norm[start:end:end],
		align:    n.align[start:end:end],
		scratch:  n.scratch,
	}, true
}

func isBoundary(b []byte, i int) bool {
	return i == 0 || i == len(b) || utf8.RuneStart(b[i])
}

// Change is one character of a transformation's output (see
// [NormalizedString.Transform]).
type Change struct {
	// Rune is the output character.
	Rune rune
	// Delta says how Rune relates to the input: 1 if it is inserted, 0 if
	// it replaces the next input character, -N if it replaces the next
	// input character and the N characters after it are removed.
	Delta int
}

// Transform replaces the whole normalized text by the characters of changes,
// updating the alignments, exactly as the reference's transform does. The
// first initialOffset characters of the current text are removed before the
// changes apply.
func (n *NormalizedString) Transform(changes []Change, initialOffset int) {
	s, e, ok := n.fromOriginal(0, n.oEnd-n.oStart)
	if !ok {
		return
	}
	n.TransformRange(s, e, changes, initialOffset)
}

// TransformRange is [NormalizedString.Transform] restricted to the
// normalized byte range [start, end).
func (n *NormalizedString) TransformRange(start, end int, changes []Change, initialOffset int) {
	t := n.beginTransform(start, end, initialOffset, len(changes))
	for _, c := range changes {
		t.push(c.Rune, c.Delta)
	}
	t.finish()
}

// transformer applies a transformation one output character at a time,
// without materializing the list of changes.
type transformer struct {
	n          *NormalizedString
	start, end int // the normalized range being replaced
	pos        int // byte index of the next input character to consume
	out        []byte
	outAlign   []align
}

func (n *NormalizedString) beginTransform(start, end, initialOffset, sizeHint int) transformer {
	pos := start
	for i := 0; i < initialOffset && pos < end; i++ {
		pos += runeLen(n.norm[pos:end])
	}
	out, outAlign := n.scratch.alloc(max(sizeHint, len(n.norm)+8))
	out = append(out, n.norm[:start]...)
	outAlign = append(outAlign, n.align[:start]...)
	return transformer{n: n, start: start, end: end, pos: pos, out: out, outAlign: outAlign}
}

func runeLen(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	if b[0] < utf8.RuneSelf {
		return 1
	}
	_, sz := utf8.DecodeRune(b)
	return sz
}

func (t *transformer) push(r rune, delta int) {
	n := t.n
	var a align
	if delta > 0 {
		if t.pos < 1 {
			a = align{int32(n.oStart), int32(n.oStart)}
		} else {
			a = n.align[t.pos-1]
		}
	} else {
		switch {
		case t.pos < len(n.align):
			a = n.align[t.pos]
		case len(n.align) > 0:
			// The reference would index out of bounds here; only a
			// malformed transformation gets here.
			a = n.align[len(n.align)-1]
		default:
			a = align{int32(n.oStart), int32(n.oStart)}
		}
		t.pos += runeLen(t.n.norm[t.pos:t.end])
		for k := 0; k < -delta && t.pos < t.end; k++ {
			t.pos += runeLen(t.n.norm[t.pos:t.end])
		}
	}
	t.pushAligned(r, a)
}

func (t *transformer) pushAligned(r rune, a align) {
	if r < utf8.RuneSelf {
		t.out = append(t.out, byte(r))
		t.outAlign = append(t.outAlign, a)
		return
	}
	l := len(t.out)
	t.out = utf8.AppendRune(t.out, r)
	for range len(t.out) - l {
		t.outAlign = append(t.outAlign, a)
	}
}

func (t *transformer) finish() {
	n := t.n
	t.out = append(t.out, n.norm[t.end:]...)
	t.outAlign = append(t.outAlign, n.align[t.end:]...)
	n.scratch.commit(t.out, t.outAlign)
	n.norm, n.align = t.out, t.outAlign
}

// Filter removes the characters for which keep returns false.
func (n *NormalizedString) Filter(keep func(rune) bool) {
	// Fast path: nothing removed.
	all := true
	for _, r := range view(n.norm) {
		if !keep(r) {
			all = false
			break
		}
	}
	if all {
		return
	}
	// The reference emits each kept character with the count of removed
	// characters that follow it, and starts after the removed ones that
	// precede the first kept character.
	s, e, ok := n.fromOriginal(0, n.oEnd-n.oStart)
	if !ok {
		return
	}
	removed, removedStart := 0, 0
	var last rune
	haveLast := false
	// First pass counts the leading removed characters.
	for _, r := range view(n.norm) {
		if keep(r) {
			break
		}
		removedStart++
	}
	t := n.beginTransform(s, e, removedStart, len(n.norm))
	for _, r := range view(n.norm) {
		if keep(r) {
			if haveLast {
				t.push(last, -removed)
			}
			last, haveLast = r, true
			removed = 0
		} else if haveLast {
			removed++
		}
	}
	if haveLast {
		t.push(last, -removed)
	}
	t.finish()
}

// Map replaces every character c by f(c).
func (n *NormalizedString) Map(f func(rune) rune) {
	same := true
	for _, r := range view(n.norm) {
		if f(r) != r {
			same = false
			break
		}
	}
	if same {
		return
	}
	s, e, ok := n.fromOriginal(0, n.oEnd-n.oStart)
	if !ok {
		return
	}
	t := n.beginTransform(s, e, 0, len(n.norm))
	for _, r := range view(n.norm) {
		t.push(f(r), 0)
	}
	t.finish()
}

// MapMulti replaces every character c by the characters f appends to dst
// for it: the first replaces c, the others are inserted after it. This is
// how case mappings that produce several characters are applied.
func (n *NormalizedString) MapMulti(f func(dst []rune, r rune) []rune) {
	s, e, ok := n.fromOriginal(0, n.oEnd-n.oStart)
	if !ok {
		return
	}
	var buf []rune
	if n.scratch != nil {
		buf = n.scratch.runes[:0]
	}
	t := n.beginTransform(s, e, 0, len(n.norm))
	for _, r := range view(n.norm) {
		rs := f(buf[:0], r)
		buf = rs
		for i, c := range rs {
			d := 0
			if i > 0 {
				d = 1
			}
			t.push(c, d)
		}
	}
	t.finish()
	if n.scratch != nil {
		n.scratch.runes = buf[:0]
	}
}

// Prepend inserts s before the normalized text. Nothing happens when the
// normalized text is empty. The inserted characters take the alignment of
// the first character.
func (n *NormalizedString) Prepend(s string) {
	if len(n.norm) == 0 || s == "" {
		return
	}
	first, sz := utf8.DecodeRune(n.norm)
	t := n.beginTransform(0, sz, 0, len(n.norm)+len(s))
	i := 0
	for _, c := range s {
		d := 1
		if i == 0 {
			d = 0
		}
		t.push(c, d)
		i++
	}
	t.push(first, 1)
	t.finish()
}

// Append inserts s after the normalized text. The inserted characters take
// the alignment of the last character.
func (n *NormalizedString) Append(s string) {
	if s == "" {
		return
	}
	if len(n.norm) == 0 {
		t := n.beginTransform(0, 0, 0, len(s))
		for _, c := range s {
			t.push(c, 1)
		}
		t.finish()
		return
	}
	last, sz := utf8.DecodeLastRune(n.norm)
	t := n.beginTransform(len(n.norm)-sz, len(n.norm), 0, len(n.norm)+len(s))
	t.push(last, 0)
	for _, c := range s {
		t.push(c, 1)
	}
	t.finish()
}

// Replace replaces every match of p in the normalized text by content. The
// characters of content all take the alignment of the last character of the
// match they replace, as in the reference.
func (n *NormalizedString) Replace(p Pattern, content string) error {
	var mbuf []Match
	if n.scratch != nil {
		mbuf = n.scratch.matches[:0]
	}
	matches, err := p.FindMatches(mbuf, n.norm)
	if n.scratch != nil {
		n.scratch.matches = matches[:0]
	}
	if err != nil {
		return err
	}
	any := false
	for _, m := range matches {
		if m.IsMatch {
			any = true
			break
		}
	}
	if !any {
		return nil
	}
	out, outAlign := n.scratch.alloc(len(n.norm) + 16)
	last := 0
	for _, m := range matches {
		if !m.IsMatch {
			continue
		}
		out = append(out, n.norm[last:m.Start]...)
		outAlign = append(outAlign, n.align[last:m.Start]...)
		var a align
		if m.End < 1 {
			a = align{int32(n.oStart), int32(n.oStart)}
		} else {
			a = n.align[m.End-1]
		}
		for _, c := range content {
			l := len(out)
			out = utf8.AppendRune(out, c)
			for range len(out) - l {
				outAlign = append(outAlign, a)
			}
		}
		last = m.End
	}
	out = append(out, n.norm[last:]...)
	outAlign = append(outAlign, n.align[last:]...)
	n.scratch.commit(out, outAlign)
	n.norm, n.align = out, outAlign
	return nil
}

// Clear empties the normalized text and returns its former length in bytes.
func (n *NormalizedString) Clear() int {
	l := len(n.norm)
	t := n.beginTransform(0, l, 1<<30, 0)
	t.finish()
	return l
}

// Strip removes leading and trailing whitespace (Unicode White_Space).
func (n *NormalizedString) Strip() { n.lrStrip(true, true) }

// LStrip removes leading whitespace.
func (n *NormalizedString) LStrip() { n.lrStrip(true, false) }

// RStrip removes trailing whitespace.
func (n *NormalizedString) RStrip() { n.lrStrip(false, true) }

func (n *NormalizedString) lrStrip(left, right bool) {
	s := view(n.norm)
	leading, trailing := 0, 0
	if left {
		for _, r := range s {
			if !isWhitespace(r) {
				break
			}
			leading++
		}
	}
	if right {
		for i := len(n.norm); i > 0; {
			r, sz := utf8.DecodeLastRune(n.norm[:i])
			if !isWhitespace(r) {
				break
			}
			trailing++
			i -= sz
		}
	}
	if leading == 0 && trailing == 0 {
		return
	}
	count := utf8.RuneCount(n.norm)
	st, en, ok := n.fromOriginal(0, n.oEnd-n.oStart)
	if !ok {
		return
	}
	t := n.beginTransform(st, en, leading, len(n.norm))
	i := 0
	for _, r := range s {
		switch {
		case i < leading || i >= count-trailing:
		case i == len(n.norm)-trailing-1:
			// The reference compares a character index with a byte
			// length here; kept as is for identical results.
			t.push(r, -trailing)
		default:
			t.push(r, 0)
		}
		i++
	}
	t.finish()
}

// view returns a string sharing b's memory, for reading b as text without
// copying it (a range over string(b) copies b when it is long). The string
// must not be kept past the next change of b.
func view(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}
