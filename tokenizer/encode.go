package tokenizer

import (
	"fmt"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/internal/matcher"
	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
)

// Input is what to encode: a text, or a pair of texts.
type Input struct {
	// Text is the first (or only) sequence.
	Text string
	// Pair is the second sequence, used when IsPair is true.
	Pair string
	// IsPair says whether Pair is part of the input. (An empty pair is a
	// pair.)
	IsPair bool
}

// Single returns the Input of one text.
func Single(text string) Input { return Input{Text: text} }

// Pair returns the Input of a pair of texts.
func Pair(text, pair string) Input { return Input{Text: text, Pair: pair, IsPair: true} }

// Options are the settings of one encode call. The zero value adds no
// special tokens and neither truncates nor pads; [Tokenizer.Options] gives
// the tokenizer's defaults.
type Options struct {
	// AddSpecialTokens makes the post-processor add the special tokens
	// the model expects ([CLS], <s>...).
	AddSpecialTokens bool
	// Truncation, when not nil, cuts encodings longer than its
	// MaxLength.
	Truncation *Truncation
	// Padding, when not nil, pads encodings.
	Padding *Padding
	// CharOffsets gives offsets in characters (Unicode code points)
	// instead of bytes, converted exactly as the reference's
	// encode_char_offsets does (before post-processing).
	CharOffsets bool
	// Overflowing, with Truncation, also returns what truncation cuts
	// off, as Encoding.Overflowing (see [Tokenizer.EncodeTo]). It costs
	// tokenizing the whole text, which truncation alone avoids.
	Overflowing bool
}

// Options returns the default options of t: special tokens added, and the
// truncation and padding its tokenizer.json sets (copies, which the caller
// may change).
func (t *Tokenizer) Options() Options {
	o := Options{AddSpecialTokens: true}
	if t.truncation != nil {
		tr := *t.truncation
		o.Truncation = &tr
	}
	if t.padding != nil {
		p := *t.padding
		o.Padding = &p
	}
	return o
}

// defaults is Options without the copies, for internal use only: the
// pointers are never written through.
func (t *Tokenizer) defaults() Options {
	return Options{AddSpecialTokens: true, Truncation: t.truncation, Padding: t.padding}
}

// Encode encodes text with the tokenizer's defaults (see
// [Tokenizer.Options]): offsets are byte offsets into text.
func (t *Tokenizer) Encode(text string) (*Encoding, error) {
	e := &Encoding{}
	o := t.defaults()
	if err := t.EncodeTo(e, Single(text), &o); err != nil {
		return nil, err
	}
	return e, nil
}

// EncodePair encodes a pair of texts with the tokenizer's defaults. The
// offsets of the pair's tokens are byte offsets into pair.
func (t *Tokenizer) EncodePair(text, pair string) (*Encoding, error) {
	e := &Encoding{}
	o := t.defaults()
	if err := t.EncodeTo(e, Pair(text, pair), &o); err != nil {
		return nil, err
	}
	return e, nil
}

// EncodeTo encodes in into dst, reusing dst's memory. opts nil means the
// tokenizer's defaults. After a few calls with inputs of similar size it
// allocates nothing but the strings of the rare tokens that are not
// vocabulary entries (and the overflowing parts truncation keeps).
func (t *Tokenizer) EncodeTo(dst *Encoding, in Input, opts *Options) error {
	if opts == nil {
		o := t.defaults()
		opts = &o
	}
	dst.Reset()
	if err := t.checkTruncation(opts.Truncation); err != nil {
		return err
	}
	st := t.getState()
	defer t.putState(st)
	if err := t.encode(st, dst, in, opts); err != nil {
		dst.Reset()
		return err
	}
	if opts.Padding != nil {
		dst.pad(padLength(opts.Padding, len(dst.IDs)), opts.Padding)
	}
	return nil
}

// checkTruncation refuses truncation settings the reference refuses when they
// are set: a stride that is not below max_length less the special tokens of
// a single sequence.
func (t *Tokenizer) checkTruncation(tr *Truncation) error {
	if tr == nil {
		return nil
	}
	n := t.addedTokens(false)
	if tr.MaxLength >= n && tr.MaxLength-n < tr.Stride {
		return fmt.Errorf("tokenizer: truncation stride %d is not below the effective max length %d (max length %d less %d special tokens)",
			tr.Stride, tr.MaxLength-n, tr.MaxLength, n)
	}
	return nil
}

// encode runs the pipeline up to post-processing (padding is the caller's).
func (t *Tokenizer) encode(st *encodeState, dst *Encoding, in Input, opts *Options) error {
	first := &st.seqs[0]
	first.Reset()
	shiftA, err := t.encodeSequence(st, first, in.Text, 0, opts)
	if err != nil {
		return err
	}
	var pair *Encoding
	shiftB := 0
	if in.IsPair {
		pair = &st.seqs[1]
		pair.Reset()
		if shiftB, err = t.encodeSequence(st, pair, in.Pair, 1, opts); err != nil {
			return err
		}
	}
	return t.postProcess(st, dst, first, pair, shiftA, shiftB, opts)
}

// encodeSequence encodes one sequence into enc: added tokens, normalizer,
// pre-tokenizer, model, offsets.
//
// Like the reference, it stops tokenizing once truncation is sure to cut,
// which with Left truncation also renumbers the words kept from 0. When
// opts.Overflowing asks for the parts truncation cuts off, it tokenizes
// everything instead, and returns the number the reference would have
// subtracted from the kept words' ids (wordShift), for postProcess to apply
// to the part it keeps.
func (t *Tokenizer) encodeSequence(st *encodeState, enc *Encoding, text string, typeID uint32, opts *Options) (wordShift int, err error) {
	if len(text) > maxInputLen {
		return 0, fmt.Errorf("tokenizer: input of %d bytes is over the limit of %d", len(text), maxInputLen)
	}
	pieces, err := t.preTokenize(st, text)
	if err != nil {
		return 0, err
	}
	// 4. Tokenize, stopping early when truncation will cut anyway, as
	// the reference does (which also decides the word ids).
	first, last := 0, len(pieces)
	tr := opts.Truncation
	limited := tr != nil && (tr.Strategy != OnlySecond || typeID != 0)
	if limited && !opts.Overflowing {
		first, last, err = t.tokenizeWithLimit(st, pieces, tr.MaxLength, tr.Direction)
		if err != nil {
			return 0, err
		}
	} else {
		st.pieceToks = st.pieceToks[:0]
		for i := range pieces {
			if err := t.tokenizePiece(st, &pieces[i]); err != nil {
				return 0, err
			}
			st.pieceToks = append(st.pieceToks, len(st.toks))
		}
		if limited && tr.Direction == Left {
			wordShift = limitFirst(pieces, st.pieceToks, tr.MaxLength)
		}
	}
	// 5. Build the encoding with offsets in the original text.
	var conv *charConverter
	if opts.CharOffsets {
		st.conv.reset(text)
		conv = &st.conv
	}
	startTok := 0
	if first > 0 {
		startTok = st.pieceToks[first-1]
	}
	for w := first; w < last; w++ {
		pc := &pieces[w]
		end := st.pieceToks[w]
		for _, tk := range st.toks[startTok:end] {
			o, ok := pc.Normalized.ToOriginal(tk.Start, tk.End)
			off := Offset{tk.Start, tk.End}
			if ok {
				off = Offset{o.Start, o.End}
			}
			if conv != nil {
				off = conv.convert(off)
			}
			enc.appendToken(tk.ID, tk.Value, off, w-first, typeID, false)
		}
		startTok = end
	}
	clear(st.toks)
	st.toks = st.toks[:0]
	return wordShift, nil
}

// preTokenize runs the pipeline up to the model on the whole text: added
// tokens, normalizer, pre-tokenizer. The pieces live in st.
func (t *Tokenizer) preTokenize(st *encodeState, text string) ([]pretokenizers.Piece, error) {
	return t.preTokenizeRange(st, text, 0, len(text), true)
}

// preTokenizeRange runs the pipeline up to the model on text[start:end].
// With raw false, the range is known to hold no added token matched in the
// raw text (a piece between such tokens), and that matching is skipped.
func (t *Tokenizer) preTokenizeRange(st *encodeState, text string, start, end int, raw bool) ([]pretokenizers.Piece, error) {
	st.scratch.Reset()
	clear(st.toks)
	st.toks = st.toks[:0]
	p := &st.pre
	p.Reset(text)
	var whole normalizers.NormalizedString
	whole.Reset(text, start, end, &st.scratch)

	// 1. Added tokens matched in the raw text.
	av := t.added
	if raw {
		av.split(st, p, whole, av.raw, av.rawIDs)
	} else {
		appendPiece(p, whole, false, 0)
	}
	// 2. Normalize the rest, then match the normalized added tokens.
	st.pieces = append(st.pieces[:0], p.Pieces()...)
	p.Reset(text)
	for i := range st.pieces {
		pc := &st.pieces[i]
		if pc.IsToken {
			p.Append(pc.Normalized, true, pc.ID)
			continue
		}
		if t.normalizer != nil {
			if err := t.normalizer.Normalize(&pc.Normalized); err != nil {
				return nil, fmt.Errorf("tokenizer: normalizer: %w", err)
			}
		}
		av.split(st, p, pc.Normalized, av.norm, av.normIDs)
	}
	clear(st.pieces)
	// 3. Pre-tokenize.
	if t.preTokenizer != nil {
		if err := t.preTokenizer.PreTokenize(p); err != nil {
			return nil, fmt.Errorf("tokenizer: pre-tokenizer: %w", err)
		}
	}
	return p.Pieces(), nil
}

// AppendIDs appends the ids of the tokens of text to dst and returns the
// extended slice: the model's tokens only (no special tokens, truncation or
// padding), without building an Encoding. It is the fastest way to
// tokenize; after a few calls it allocates nothing beyond the growth of dst.
// On error, dst is returned unchanged.
func (t *Tokenizer) AppendIDs(dst []uint32, text string) ([]uint32, error) {
	st := t.getState()
	defer t.putState(st)
	return t.appendIDs(st, dst, text)
}

// appendIDs is AppendIDs with the caller's state.
func (t *Tokenizer) appendIDs(st *encodeState, dst []uint32, text string) ([]uint32, error) {
	if len(text) > maxInputLen {
		return dst, fmt.Errorf("tokenizer: input of %d bytes is over the limit of %d", len(text), maxInputLen)
	}
	n := len(dst)
	var err error
	if t.fast == nil {
		dst, err = t.appendIDsRange(st, dst, text, 0, len(text), true)
	} else {
		dst, err = t.appendIDsFast(st, dst, text)
	}
	if err != nil {
		return dst[:n], err
	}
	return dst, nil
}

// appendIDsRange appends the ids of text[start:end] through the general
// pipeline (see preTokenizeRange for raw).
func (t *Tokenizer) appendIDsRange(st *encodeState, dst []uint32, text string, start, end int, raw bool) ([]uint32, error) {
	pieces, err := t.preTokenizeRange(st, text, start, end, raw)
	if err != nil {
		return dst, err
	}
	for i := range pieces {
		if err := t.tokenizePiece(st, &pieces[i]); err != nil {
			return dst, err
		}
		for _, tk := range st.toks {
			dst = append(dst, tk.ID)
		}
		clear(st.toks)
		st.toks = st.toks[:0]
	}
	return dst, nil
}

// appendIDsFast cuts text at the added tokens matched in the raw text and
// gives each piece between them to the fast path, or to the general
// pipeline when the fast path declines it.
func (t *Tokenizer) appendIDsFast(st *encodeState, dst []uint32, text string) ([]uint32, error) {
	av := t.added
	// findSpans reuses st.spans; the fast path and the general pipeline
	// may use it too, so work on a copy.
	st.rawSpans = av.findSpans(st.rawSpans[:0], st, unsafeBytes(text), av.raw, av.rawIDs)
	for _, sp := range st.rawSpans {
		if sp.start >= sp.end {
			continue
		}
		if sp.isToken {
			dst = append(dst, sp.id)
			continue
		}
		var ok bool
		var err error
		dst, ok, err = t.fast.appendIDs(st, dst, text, sp.start, sp.end)
		if err != nil {
			return dst, err
		}
		if !ok {
			if dst, err = t.appendIDsRange(st, dst, text, sp.start, sp.end, false); err != nil {
				return dst, err
			}
		}
	}
	return dst, nil
}

// limitFirst returns the first piece the reference's tokenize_with_limit
// keeps with Left truncation, given the end of each piece's tokens.
func limitFirst(pieces []pretokenizers.Piece, ends []int, maxTokens int) int {
	total := 0
	for i := len(pieces) - 1; i >= 0; i-- {
		start := 0
		if i > 0 {
			start = ends[i-1]
		}
		total += ends[i] - start
		if total >= maxTokens && !pieces[i].IsToken {
			return i
		}
	}
	return 0
}

// maxInputLen is the largest text encoded: alignments are stored as int32.
const maxInputLen = 1<<31 - 1

// tokenizePiece appends the tokens of one piece to st.toks.
func (t *Tokenizer) tokenizePiece(st *encodeState, pc *pretokenizers.Piece) error {
	if pc.IsToken {
		st.toks = append(st.toks, Token{ID: pc.ID, Value: t.addedValue(pc), Start: 0, End: pc.Normalized.Len()})
		return nil
	}
	var err error
	st.toks, err = t.model.Tokenize(st.toks, unsafeString(pc.Normalized.Bytes()))
	if err != nil {
		return fmt.Errorf("tokenizer: model: %w", err)
	}
	return nil
}

// addedValue returns the token string of an added-token piece: its
// normalized text, without allocating when that is the token's content or
// normalized form.
func (t *Tokenizer) addedValue(pc *pretokenizers.Piece) string {
	b := pc.Normalized.Bytes()
	if tok, ok := t.added.byID[pc.ID]; ok && tok.Content == string(b) {
		return tok.Content
	}
	if s, ok := t.added.normalizedForm[pc.ID]; ok && s == string(b) {
		return s
	}
	return string(b)
}

// tokenizeWithLimit tokenizes the pieces from one end until maxTokens
// tokens are reached, as the reference's tokenize_with_limit does, and
// returns the range of pieces kept. st.pieceToks[i] is the end of piece i's
// tokens in st.toks, for the kept pieces.
func (t *Tokenizer) tokenizeWithLimit(st *encodeState, pieces []pretokenizers.Piece, maxTokens int, dir Direction) (int, int, error) {
	st.pieceToks = st.pieceToks[:0]
	if dir == Right {
		total := 0
		last := 0
		for i := range pieces {
			n := len(st.toks)
			if err := t.tokenizePiece(st, &pieces[i]); err != nil {
				return 0, 0, err
			}
			st.pieceToks = append(st.pieceToks, len(st.toks))
			total += len(st.toks) - n
			last = i + 1
			if total >= maxTokens && !pieces[i].IsToken {
				break
			}
			if total >= maxTokens {
				// An added-token piece counts but does not stop the
				// walk in the reference (it is already tokenized);
				// the next piece to tokenize stops it.
				continue
			}
		}
		return 0, last, nil
	}
	// Left: tokenize from the end, then lay the tokens out in order.
	type span struct{ start, end int }
	var spansBuf [64]span
	spans := spansBuf[:0]
	total := 0
	first := len(pieces)
	for i := len(pieces) - 1; i >= 0; i-- {
		n := len(st.toks)
		if err := t.tokenizePiece(st, &pieces[i]); err != nil {
			return 0, 0, err
		}
		spans = append(spans, span{n, len(st.toks)})
		total += len(st.toks) - n
		first = i
		if total >= maxTokens && !pieces[i].IsToken {
			break
		}
	}
	// Reorder the tokens: spans were produced from the last piece back.
	st.toks2 = st.toks2[:0]
	st.pieceToks = st.pieceToks[:0]
	for k := len(spans) - 1; k >= 0; k-- {
		st.toks2 = append(st.toks2, st.toks[spans[k].start:spans[k].end]...)
		st.pieceToks = append(st.pieceToks, len(st.toks2))
	}
	st.toks, st.toks2 = st.toks2, st.toks
	clear(st.toks2)
	// The pieces before first are dropped: word ids restart at 0.
	return first, len(pieces), t.shiftPieceToks(st, first)
}

// shiftPieceToks re-indexes st.pieceToks so that it is indexed by piece
// number (pieces before first have no tokens).
func (t *Tokenizer) shiftPieceToks(st *encodeState, first int) error {
	if first == 0 {
		return nil
	}
	n := len(st.pieceToks)
	for range first {
		st.pieceToks = append(st.pieceToks, 0)
	}
	copy(st.pieceToks[first:], st.pieceToks[:n])
	for i := range first {
		st.pieceToks[i] = 0
	}
	return nil
}

// postProcess truncates, then runs the post-processor (or the default
// processing), writing the result into dst.
//
// With opts.Overflowing, the parts truncation cuts off become dst.Overflowing,
// each post-processed on its own: for a single sequence, the windows of
// MaxLength tokens (special tokens excluded) that Encoding::truncate in the
// reference defines, each starting MaxLength-Stride tokens after the one
// before; for a pair, each window of the first sequence with the part of
// the pair that is kept, then the kept part of the first sequence with each
// window of the pair. (The reference combines every window of one side with
// every window of the other, which grows as the product of their numbers.)
func (t *Tokenizer) postProcess(st *encodeState, dst, enc, pair *Encoding, shiftA, shiftB int, opts *Options) error {
	var winA, winB []Encoding
	if tr := opts.Truncation; tr != nil {
		params := *tr
		n := t.addedTokens(pair != nil)
		if opts.AddSpecialTokens && n > 0 {
			// The reference subtracts in unsigned arithmetic: when
			// the special tokens alone exceed max_length the result
			// wraps around and nothing is truncated.
			if params.MaxLength >= n {
				params.MaxLength -= n
			} else {
				params.MaxLength = maxInt
			}
		}
		if err := truncateEncodings(enc, pair, &params, opts.Overflowing); err != nil {
			return err
		}
		if opts.Overflowing {
			winA, enc.Overflowing = enc.Overflowing, nil
			shiftWords(enc, shiftA)
			if pair != nil {
				winB, pair.Overflowing = pair.Overflowing, nil
				shiftWords(pair, shiftB)
			}
		}
	}
	if len(winA) == 0 && len(winB) == 0 {
		return t.process(st, dst, enc, pair, opts.AddSpecialTokens)
	}
	// The kept parts, unprocessed, to combine with the windows.
	keptA := enc.clone()
	var keptB Encoding
	if pair != nil {
		keptB = pair.clone()
	}
	if err := t.process(st, dst, enc, pair, opts.AddSpecialTokens); err != nil {
		return err
	}
	over := make([]Encoding, 0, len(winA)+len(winB))
	for i := range winA {
		var o Encoding
		var b *Encoding
		if pair != nil {
			c := keptB.clone()
			b = &c
		}
		if err := t.process(st, &o, &winA[i], b, opts.AddSpecialTokens); err != nil {
			return err
		}
		over = append(over, o)
	}
	for i := range winB {
		var o Encoding
		a := keptA.clone()
		if err := t.process(st, &o, &a, &winB[i], opts.AddSpecialTokens); err != nil {
			return err
		}
		over = append(over, o)
	}
	dst.Overflowing = over
	return nil
}

// shiftWords subtracts shift from the word ids of e.
func shiftWords(e *Encoding, shift int) {
	if shift == 0 {
		return
	}
	for i, w := range e.WordIDs {
		if w >= 0 {
			e.WordIDs[i] = w - shift
		}
	}
}

// process runs the post-processor (or the reference's default processing)
// on the encodings of one input and writes the merged result into dst. It
// modifies enc and pair.
func (t *Tokenizer) process(st *encodeState, dst, enc, pair *Encoding, addSpecialTokens bool) error {
	if t.postProcessor == nil {
		if pair == nil {
			dst.copyFrom(enc)
			return nil
		}
		enc.SetSequenceID(0)
		pair.SetSequenceID(1)
		dst.copyFrom(enc)
		dst.mergeWith(pair, false)
		return nil
	}
	// Set the sequence and type ids on enc and pair themselves, so that
	// the memory this grows stays with them for the next call.
	for i, e := range [2]*Encoding{enc, pair} {
		if e == nil {
			continue
		}
		e.SetSequenceID(i)
		for j := range e.Overflowing {
			e.Overflowing[j].SetSequenceID(i)
		}
		for j := range e.TypeIDs {
			e.TypeIDs[j] = uint32(i)
		}
	}
	encs := st.processBuf[:1]
	encs[0] = *enc
	if pair != nil {
		encs = st.processBuf[:2]
		encs[1] = *pair
	}
	out, err := t.postProcessor.ProcessEncodings(encs, addSpecialTokens)
	if err != nil {
		return fmt.Errorf("tokenizer: post-processor: %w", err)
	}
	for i := range out {
		if i == 0 {
			dst.copyFrom(&out[0])
			continue
		}
		dst.mergeWith(&out[i], false)
	}
	// Keep the memory the post-processor grew for the next call (the
	// processors of this package grow the encodings in place), unless
	// the result shares the pair's memory, which the next call fills
	// separately.
	if len(out) > 0 && (pair == nil || !sameArray(out[0].IDs, st.processBuf[1].IDs)) {
		*enc = out[0]
		enc.Overflowing = nil
		if pair != nil {
			*pair = st.processBuf[1]
			pair.Overflowing = nil
		}
	}
	st.processBuf = [2]Encoding{}
	return nil
}

// sameArray reports whether a and b share their backing array's first
// element.
func sameArray(a, b []uint32) bool {
	return cap(a) > 0 && cap(b) > 0 && &a[:1][0] == &b[:1][0]
}

func (t *Tokenizer) addedTokens(isPair bool) int {
	if t.postProcessor == nil {
		return 0
	}
	return t.postProcessor.AddedTokens(isPair)
}

// copyFrom makes e a copy of src, reusing e's memory. The overflowing
// encodings themselves are shared, not copied.
func (e *Encoding) copyFrom(src *Encoding) {
	e.Reset()
	e.IDs = append(e.IDs, src.IDs...)
	e.TypeIDs = append(e.TypeIDs, src.TypeIDs...)
	e.Tokens = append(e.Tokens, src.Tokens...)
	e.Offsets = append(e.Offsets, src.Offsets...)
	e.WordIDs = append(e.WordIDs, src.WordIDs...)
	e.SpecialTokensMask = append(e.SpecialTokensMask, src.SpecialTokensMask...)
	e.AttentionMask = append(e.AttentionMask, src.AttentionMask...)
	e.Overflowing = append(e.Overflowing, src.Overflowing...)
	e.ranges = append(e.ranges, src.ranges...)
}

// charConverter converts byte offsets into a text to character offsets
// exactly as the reference's BytesToCharOffsetConverter does.
type charConverter struct {
	text  string
	index []int32 // char index of each byte
}

func (c *charConverter) reset(text string) {
	c.text = text
	c.index = c.index[:0]
	n := int32(0)
	for i := 0; i < len(text); {
		sz := 1
		if text[i] >= utf8.RuneSelf {
			_, sz = utf8.DecodeRuneInString(text[i:])
		}
		for range sz {
			c.index = append(c.index, n)
		}
		n++
		i += sz
	}
}

func (c *charConverter) convert(o Offset) Offset {
	l := len(c.index)
	if o.Start < 0 || o.Start >= l {
		return o
	}
	s := int(c.index[o.Start])
	if o.End >= 0 && o.End < l {
		return Offset{s, int(c.index[o.End])}
	}
	last := s + 1
	if e := o.End - 1; e >= 0 && e < l {
		last = int(c.index[e])
	}
	return Offset{s, last + 1}
}

// encodeState is the reusable memory of one encode call.
type encodeState struct {
	scratch   normalizers.Scratch
	pre       pretokenizers.PreTokenizedString
	pieces    []pretokenizers.Piece
	toks      []Token
	toks2     []Token
	pieceToks []int
	seqs      [2]Encoding
	conv      charConverter
	matches   []matcher.Match
	longest   []int32
	spans     []addedSpan
	rawSpans  []addedSpan
	// processBuf holds the encodings handed to the post-processor.
	processBuf [2]Encoding
	// countIDs is the buffer Count fills.
	countIDs []uint32
	// wordPiece is the memory of the WordPiece fast path.
	wordPiece wordPieceState
	// byteLevel is the memory of the byte-level BPE fast path.
	byteLevel byteLevelState
	// sentencePiece is the memory of the SentencePiece fast paths.
	sentencePiece spState
}

func (t *Tokenizer) getState() *encodeState {
	if st, ok := t.states.Get().(*encodeState); ok {
		return st
	}
	return &encodeState{}
}

func (t *Tokenizer) putState(st *encodeState) {
	// Do not keep huge buffers around after a huge input.
	if st.scratch.Size() > 16<<20 {
		return
	}
	st.seqs[0].Reset()
	st.seqs[1].Reset()
	t.states.Put(st)
}
