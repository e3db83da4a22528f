package tokenizer

import (
	"fmt"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
	"github.com/seed6642460b/tokenizers/wordpiece"
)

// The fast path of BERT's pipeline, and of the pipelines of the same shape:
// a BertNormalizer (any settings) or no normalizer; a BertPreTokenizer, a
// Whitespace or a WhitespaceSplit pre-tokenizer; any model (WordPiece and
// WordLevel are called directly, others through [Model]).
//
// The normalizer and the pre-tokenizer both work character by character:
// the normalized text is the concatenation of what the normalizer makes of
// each character alone (see [normalizers.BertNormalizer.AppendRune]), but
// for the canonical reordering of strip_accents' NFD, and the pre-tokenizer
// cuts that text at each whitespace character (removed) and, depending on
// the pre-tokenizer, around each punctuation character (BertPreTokenizer)
// or between runs of word and other characters (Whitespace). So one scan of
// the raw text, with a table giving for each character its normalized form
// already classified (part of a word of some class, whitespace, a word of
// its own...), yields the words, which go to the model as soon as they end,
// without NormalizedString, alignments or pieces.
//
// Characters whose result canonical reordering could move (a kept
// character of nonzero combining class, after strip_accents; none in
// ordinary text), and those whose normalized form the table cannot
// describe, make their chunk, the text between the whitespace characters
// around them, go through the general pipeline. That is exact: reordering
// never crosses a character of combining class zero (all whitespace
// characters), the normalizer does nothing else across characters, and the
// pre-tokenizer cuts at the whitespace, so the chunks' words are
// independent of each other.
//
// Added tokens with normalized true are matched in the normalized text of
// the whole piece: when the tokenizer has some, the piece is normalized
// first and declined when one of them appears in it.

// The pre-tokenizers of the fast path.
const (
	wpSplitBert            = iota // BertPreTokenizer
	wpSplitWhitespace             // Whitespace: \w+|[^\w\s]+
	wpSplitWhitespaceSplit        // WhitespaceSplit
)

// The classes of the characters of normalized text, for the pre-tokenizer:
// runs of characters of class A (or B) make words, whitespace separates
// them, and an isolated character is a word of its own.
const (
	wpClassA       = iota // word characters (for Whitespace, \w)
	wpClassB              // Whitespace's other non-whitespace characters
	wpClassSpace          // whitespace, removed
	wpClassIsolate        // BertPreTokenizer's punctuation
)

// What a character does to the word being built: its kind, in the tables.
// The kinds that append give the class of the word in their low bit.
const (
	// wpAppendA and wpAppendB append the character's normalized form,
	// all of class A or B, to the current word, which ends first if it
	// is of the other class.
	wpAppendA = iota
	wpAppendB
	// wpAppendSameA and wpAppendSameB are wpAppendA and wpAppendB
	// where the normalized form is the character itself.
	wpAppendSameA
	wpAppendSameB
	// wpSkip is a character the normalizer removes.
	wpSkip
	// wpSpace ends the current word: the normalized form is whitespace.
	wpSpace
	// wpIsolate ends the current word; the normalized form (a
	// punctuation character of BertPreTokenizer, or a run of one class
	// between whitespace) is a word of its own.
	wpIsolate
	// wpIsolateSame is wpIsolate where the word is the character itself.
	wpIsolateSame
	// wpHard marks the characters whose normalized form depends on
	// their neighbors, and those of any other form (none in any setting
	// of BertPreTokenizer): their chunk goes through the general
	// pipeline.
	wpHard
)

// A wpEntry describes one character: kind in the low 4 bits, the length of
// its normalized form (in pool) in the next 5, its offset in pool above.
type wpEntry uint32

func (e wpEntry) kind() uint8 { return uint8(e & 15) }

const (
	wpLenShift = 4
	wpOffShift = 9
	wpMaxLen   = 1<<(wpOffShift-wpLenShift) - 1
	wpMaxOff   = 1<<(32-wpOffShift) - 1
)

// The models of the fast path.
const (
	wpModelWordPiece = iota
	wpModelWordLevel
	wpModelOther
)

// wordPieceFast is the fast path of BERT's pipeline shape. It is
// immutable.
type wordPieceFast struct {
	t         *Tokenizer
	norm      normalizers.BertNormalizer
	split     uint8
	modelKind uint8
	wp        *wordpiece.Model
	wl        *wordpiece.WordLevel

	// asciiKind and asciiOut describe the ASCII characters: the kind
	// (wpAppendA, wpAppendB, wpSkip, wpSpace or wpIsolateSame) and, for
	// wpAppendA and wpAppendB, the normalized byte.
	asciiKind [utf8.RuneSelf]uint8
	asciiOut  [utf8.RuneSelf]byte
	// asciiIso holds the model's id for the ASCII characters that are
	// words of their own (punctuation), or -1 when the model does not
	// always give one token for them.
	asciiIso [utf8.RuneSelf]int64

	// The characters of the Basic Multilingual Plane above ASCII: the
	// entry of r is blocks[index[r>>8]<<8|r&0xFF], its normalized form
	// pool[off:off+len]. Identical blocks are stored once. Characters
	// above the BMP are classified when met.
	index  [256]uint16
	blocks []wpEntry
	pool   []byte

	// normAdded says the tokenizer has added tokens matched in the
	// normalized text.
	normAdded bool
}

// wordPieceState is the fast path's memory in an encodeState.
type wordPieceState struct {
	word  []byte // the current word
	norm  []byte // the normalized piece, to find normalized added tokens
	other []byte // the normalized form of a character above the BMP
	spans []addedSpan
}

// newWordPieceFastPath returns the fast path for t when its pipeline has the
// shape this file handles, or nil.
func newWordPieceFastPath(t *Tokenizer) fastPath {
	f := &wordPieceFast{t: t, normAdded: t.added.norm != nil}
	switch t.preTokenizer.(type) {
	case pretokenizers.BertPreTokenizer, *pretokenizers.BertPreTokenizer:
		f.split = wpSplitBert
	case pretokenizers.Whitespace, *pretokenizers.Whitespace:
		f.split = wpSplitWhitespace
	case pretokenizers.WhitespaceSplit, *pretokenizers.WhitespaceSplit:
		f.split = wpSplitWhitespaceSplit
	default:
		return nil
	}
	switch n := t.normalizer.(type) {
	case nil:
		// No normalizer: the BertNormalizer with every step off.
		f.norm.StripAccents = new(false)
	case *normalizers.BertNormalizer:
		f.norm = *n
		if n.StripAccents != nil {
			f.norm.StripAccents = new(*n.StripAccents)
		}
	default:
		return nil
	}
	switch m := t.model.(type) {
	case wordPieceModel:
		f.modelKind, f.wp = wpModelWordPiece, m.Model
	case wordLevelModel:
		f.modelKind, f.wl = wpModelWordLevel, m.WordLevel
	default:
		f.modelKind = wpModelOther
	}
	if !f.buildTables() {
		return nil
	}
	return f
}

// class returns the pre-tokenizer's class of c.
func (f *wordPieceFast) class(c rune) uint8 {
	switch f.split {
	case wpSplitBert:
		switch {
		case pretokenizers.IsWhitespace(c):
			return wpClassSpace
		case pretokenizers.IsBertPunctuation(c):
			return wpClassIsolate
		}
	case wpSplitWhitespace:
		switch {
		case pretokenizers.IsWordChar(c):
			return wpClassA
		case pretokenizers.IsSpaceChar(c):
			return wpClassSpace
		}
		return wpClassB
	default:
		if pretokenizers.IsWhitespace(c) {
			return wpClassSpace
		}
	}
	return wpClassA
}

// classify appends to dst the normalized form of r that the entry of r
// refers to and returns its kind: for wpIsolate, the word (without the
// whitespace around it), for wpAppendA, wpAppendB and wpHard the whole
// form, for the others nothing.
func (f *wordPieceFast) classify(dst []byte, r rune) ([]byte, uint8) {
	start := len(dst)
	out, independent := f.norm.AppendRune(dst, r)
	if !independent {
		return out, wpHard
	}
	form := out[start:]
	if len(form) == 0 {
		return out, wpSkip
	}
	// The form is leading whitespace, a core, trailing whitespace: find
	// the core, whether its characters are all of one class (class, or
	// mixed) and whether whitespace comes inside it.
	first, last := -1, -1
	var class uint8
	chars, mixed, inner := 0, false, false
	for i := 0; i < len(form); {
		c, sz := utf8.DecodeRune(form[i:])
		if k := f.class(c); k != wpClassSpace {
			switch {
			case first < 0:
				first, class = i, k
			case k != class:
				mixed = true
			}
			inner = inner || last >= 0 && last < i
			last = i + sz
			chars++
		}
		i += sz
	}
	var selfBuf [utf8.UTFMax]byte
	self := selfBuf[:utf8.EncodeRune(selfBuf[:], r)]
	switch {
	case first < 0:
		return out[:start], wpSpace
	case mixed || inner:
		return out, wpHard
	case class == wpClassIsolate && chars != 1:
		return out, wpHard
	case class != wpClassIsolate && first == 0 && last == len(form):
		if string(form) == string(self) {
			return out[:start], wpAppendSameA + class
		}
		return out, wpAppendA + class
	case class == wpClassIsolate || first > 0 && last < len(form):
		// One punctuation character, with whitespace around it or not,
		// or a run of one class with whitespace on both sides.
		core := form[first:last]
		if string(core) == string(self) {
			return out[:start], wpIsolateSame
		}
		n := copy(form, core)
		return out[:start+n], wpIsolate
	}
	return out, wpHard
}

// buildTables fills the character tables. It reports false when they
// would not fit (which no setting of the normalizer does).
func (f *wordPieceFast) buildTables() bool {
	var buf []byte
	for c := range rune(utf8.RuneSelf) {
		form, kind := f.classify(buf[:0], c)
		f.asciiIso[c] = -1
		f.asciiKind[c] = kind
		switch kind {
		case wpAppendSameA, wpAppendSameB:
			f.asciiKind[c] = kind - wpAppendSameA
			f.asciiOut[c] = byte(c)
		case wpAppendA, wpAppendB:
			if len(form) != 1 {
				return false
			}
			f.asciiOut[c] = form[0]
		case wpSkip, wpSpace:
		case wpIsolateSame:
			f.asciiIso[c] = f.isolatedID(c)
		default:
			return false
		}
	}
	// Blocks of 256 characters, deduplicated by content.
	seen := make(map[string]uint16)
	block := make([]wpEntry, 256)
	key := make([]byte, 0, 256*4)
	for hi := range 256 {
		for lo := range 256 {
			r := rune(hi<<8 | lo)
			if r < utf8.RuneSelf || !utf8.ValidRune(r) {
				block[lo] = wpHard
				continue
			}
			start := len(f.pool)
			var kind uint8
			f.pool, kind = f.classify(f.pool, r)
			n := len(f.pool) - start
			if n > wpMaxLen || start > wpMaxOff {
				return false
			}
			if n == 0 {
				start = 0
			}
			block[lo] = wpEntry(uint32(kind) | uint32(n)<<wpLenShift | uint32(start)<<wpOffShift)
		}
		key = key[:0]
		for _, e := range block {
			key = append(key, byte(e), byte(e>>8), byte(e>>16), byte(e>>24))
		}
		if i, ok := seen[string(key)]; ok {
			f.index[hi] = i
			continue
		}
		i := uint16(len(f.blocks) / 256)
		seen[string(key)] = i
		f.index[hi] = i
		f.blocks = append(f.blocks, block...)
	}
	return true
}

// isolatedID returns the id of the one token the model always gives the
// word c, or -1.
func (f *wordPieceFast) isolatedID(c rune) int64 {
	word := string(c)
	switch f.modelKind {
	case wpModelWordPiece:
		if ids, err := f.wp.AppendIDs(nil, word); err == nil && len(ids) == 1 {
			return int64(ids[0])
		}
	case wpModelWordLevel:
		if id, _, err := f.wl.Lookup(word); err == nil {
			return int64(id)
		}
	}
	return -1
}

// appendIDs implements [fastPath].
func (f *wordPieceFast) appendIDs(st *encodeState, dst []uint32, text string, start, end int) ([]uint32, bool, error) {
	if f.normAdded && f.hasNormalizedAdded(st, text[start:end]) {
		return dst, false, nil
	}
	ws := &st.wordPiece
	word := ws.word[:0]
	var class uint8 // of the word, when it is not empty
	// The chunk being scanned starts after the last whitespace
	// character, where dst had chunkIDs ids.
	chunkStart, chunkIDs := start, len(dst)
	var err error
	for i := start; i < end; {
		c := text[i]
		if c < utf8.RuneSelf {
			k := f.asciiKind[c]
			if k <= wpAppendB {
				if k != class && len(word) > 0 {
					if dst, err = f.appendWord(st, dst, word); err != nil {
						return dst, true, err
					}
					word = word[:0]
				}
				class = k
				word = append(word, f.asciiOut[c])
				i++
				continue
			}
			switch k {
			case wpSkip:
			case wpSpace:
				if len(word) > 0 {
					if dst, err = f.appendWord(st, dst, word); err != nil {
						return dst, true, err
					}
					word = word[:0]
				}
				chunkStart, chunkIDs = i+1, len(dst)
			default: // wpIsolateSame
				if len(word) > 0 {
					if dst, err = f.appendWord(st, dst, word); err != nil {
						return dst, true, err
					}
					word = word[:0]
				}
				if id := f.asciiIso[c]; id >= 0 {
					dst = append(dst, uint32(id))
				} else if dst, err = f.appendWord(st, dst, unsafeBytes(text[i:i+1])); err != nil {
					return dst, true, err
				}
			}
			i++
			continue
		}
		r, sz := utf8.DecodeRuneInString(text[i:end])
		self := text[i : i+sz]
		if r == utf8.RuneError && sz == 1 {
			// Invalid UTF-8 reads as U+FFFD, as in NormalizedString.
			self = "\uFFFD"
		}
		var e wpEntry
		var form []byte
		if r <= 0xFFFF {
			e = f.blocks[int(f.index[r>>8])<<8|int(r&0xFF)]
			form = f.pool[e>>wpOffShift : e>>wpOffShift+e>>wpLenShift&wpMaxLen]
		} else {
			var kind uint8
			ws.other, kind = f.classify(ws.other[:0], r)
			e, form = wpEntry(kind), ws.other
		}
		switch k := e.kind(); k {
		case wpAppendA, wpAppendB, wpAppendSameA, wpAppendSameB:
			if k&1 != class && len(word) > 0 {
				if dst, err = f.appendWord(st, dst, word); err != nil {
					return dst, true, err
				}
				word = word[:0]
			}
			class = k & 1
			if k >= wpAppendSameA {
				word = append(word, self...)
			} else {
				word = append(word, form...)
			}
		case wpSkip:
		case wpSpace:
			if len(word) > 0 {
				if dst, err = f.appendWord(st, dst, word); err != nil {
					return dst, true, err
				}
				word = word[:0]
			}
			chunkStart, chunkIDs = i+sz, len(dst)
		case wpIsolate, wpIsolateSame:
			if len(word) > 0 {
				if dst, err = f.appendWord(st, dst, word); err != nil {
					return dst, true, err
				}
				word = word[:0]
			}
			if k == wpIsolateSame {
				form = unsafeBytes(self)
			}
			if dst, err = f.appendWord(st, dst, form); err != nil {
				return dst, true, err
			}
		default: // wpHard
			// (Never met with normalized added tokens: the piece was
			// declined then.)
			chunkEnd := f.chunkEnd(st, text, i+sz, end)
			ws.word = word[:0]
			if dst, err = f.t.appendIDsRange(st, dst[:chunkIDs], text, chunkStart, chunkEnd, false); err != nil {
				return dst, true, err
			}
			word = ws.word[:0]
			i = chunkEnd
			continue
		}
		i += sz
	}
	if len(word) > 0 {
		if dst, err = f.appendWord(st, dst, word); err != nil {
			return dst, true, err
		}
	}
	ws.word = word[:0]
	return dst, true, nil
}

// appendWord appends the ids of a word, with the general pipeline's errors.
func (f *wordPieceFast) appendWord(st *encodeState, dst []uint32, word []byte) ([]uint32, error) {
	var err error
	switch f.modelKind {
	case wpModelWordPiece:
		dst, err = f.wp.AppendIDs(dst, unsafeString(word))
	case wpModelWordLevel:
		var id uint32
		if id, _, err = f.wl.Lookup(unsafeString(word)); err == nil {
			dst = append(dst, id)
		}
	default:
		n := len(st.toks)
		st.toks, err = f.t.model.Tokenize(st.toks, unsafeString(word))
		for _, tk := range st.toks[n:] {
			dst = append(dst, tk.ID)
		}
		clear(st.toks[n:])
		st.toks = st.toks[:n]
	}
	if err != nil {
		return dst, fmt.Errorf("tokenizer: model: %w", err)
	}
	return dst, nil
}

// kindAt returns the kind of the character at text[i:end] and its length.
func (f *wordPieceFast) kindAt(st *encodeState, text string, i, end int) (uint8, int) {
	c := text[i]
	if c < utf8.RuneSelf {
		return f.asciiKind[c], 1
	}
	r, sz := utf8.DecodeRuneInString(text[i:end])
	if r <= 0xFFFF {
		return f.blocks[int(f.index[r>>8])<<8|int(r&0xFF)].kind(), sz
	}
	var kind uint8
	st.wordPiece.other, kind = f.classify(st.wordPiece.other[:0], r)
	return kind, sz
}

// chunkEnd returns the start of the first whitespace character (wpSpace) of
// text[i:end], or end.
func (f *wordPieceFast) chunkEnd(st *encodeState, text string, i, end int) int {
	for i < end {
		kind, sz := f.kindAt(st, text, i, end)
		if kind == wpSpace {
			return i
		}
		i += sz
	}
	return end
}

// hasNormalizedAdded reports whether the normalized text of piece holds an
// added token matched in the normalized text, or has a character of kind
// wpHard: the general pipeline must take the piece then.
func (f *wordPieceFast) hasNormalizedAdded(st *encodeState, piece string) bool {
	ws := &st.wordPiece
	norm := ws.norm[:0]
	for i := 0; i < len(piece); {
		kind, sz := f.kindAt(st, piece, i, len(piece))
		if kind == wpHard {
			ws.norm = norm
			return true
		}
		r, _ := utf8.DecodeRuneInString(piece[i:])
		norm, _ = f.norm.AppendRune(norm, r)
		i += sz
	}
	ws.norm = norm
	av := f.t.added
	ws.spans = av.findSpans(ws.spans[:0], st, norm, av.norm, av.normIDs)
	return len(ws.spans) != 1 || ws.spans[0].isToken
}
