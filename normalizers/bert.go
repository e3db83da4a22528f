package normalizers

import "unicode/utf8"

// BertNormalizer is the normalizer of BERT models. Its steps, each optional,
// run in this order:
//
//   - CleanText removes NUL, U+FFFD and the control, format and private-use
//     characters (categories Cc, Cf and Co, in the old Unicode version the
//     reference uses) other than tab, newline and carriage return, then
//     replaces every whitespace character (Unicode White_Space, tab, newline
//     and carriage return included) by a space.
//   - HandleChineseChars puts a space before and after every CJK ideograph
//     (see isChineseChar for the blocks); both spaces take the span of the
//     ideograph.
//   - StripAccents applies [NFD] and then removes nonspacing marks (category
//     Mn). When StripAccents is nil, it is done if Lowercase is.
//   - Lowercase lowercases the text as [Lowercase] does.
type BertNormalizer struct {
	CleanText          bool
	HandleChineseChars bool
	StripAccents       *bool
	Lowercase          bool
}

// NewBertNormalizer returns the BertNormalizer with the reference's
// defaults: every step on, accents stripped because the text is lowercased.
func NewBertNormalizer() *BertNormalizer {
	return &BertNormalizer{CleanText: true, HandleChineseChars: true, Lowercase: true}
}

// stripsAccents reports whether b strips accents.
func (b *BertNormalizer) stripsAccents() bool {
	if b.StripAccents != nil {
		return *b.StripAccents
	}
	return b.Lowercase
}

// Normalize implements [Normalizer].
func (b *BertNormalizer) Normalize(n *NormalizedString) error {
	// ASCII text needs at most the removal of control characters and one
	// map: whitespace to spaces and lowercase are both maps whose changes
	// are all 0, so applying them together is applying them in turn (when
	// they transform the whole text, as they nearly always do).
	var flags uint8
	ascii := true
	for _, c := range n.norm {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		flags |= bertASCIIFlags[c]
	}
	if ascii {
		if b.CleanText && flags&bertFlagRemoved != 0 {
			removeRunes(n, bertRemovedSet)
		}
		space := b.CleanText && flags&bertFlagSpace != 0
		upper := b.Lowercase && flags&bertFlagUpper != 0
		switch {
		case space && upper && wholeRange(n):
			mapRunes(n, bertSpaceLowerMap)
		case space && upper:
			mapRunes(n, bertSpaceMap)
			lowercase(n)
		case space:
			mapRunes(n, bertSpaceMap)
		case upper:
			lowercase(n)
		}
		return nil
	}
	if b.CleanText {
		removeRunes(n, bertRemovedSet)
		mapRunes(n, bertSpaceMap)
	}
	if b.HandleChineseChars {
		bertChineseChars(n)
	}
	if b.stripsAccents() {
		unicodeNormalize(n, formD)
		removeRunes(n, bertNonspacingSet)
	}
	if b.Lowercase {
		lowercase(n)
	}
	return nil
}

// What BertNormalizer does to ASCII characters.
const (
	bertFlagRemoved = 1 << iota // removed by clean_text
	bertFlagSpace               // turned into a space by clean_text
	bertFlagUpper               // lowercased
)

var bertASCIIFlags = func() (t [utf8.RuneSelf]uint8) {
	for c := range rune(utf8.RuneSelf) {
		switch {
		case bertRemoved(c):
			t[c] = bertFlagRemoved
		case bertSpace(c) != c:
			t[c] = bertFlagSpace
		case toLower(c) != c:
			t[c] = bertFlagUpper
		}
	}
	return t
}()

var (
	bertRemovedSet    = newRuneSet(bertRemoved)
	bertNonspacingSet = newRuneSet(bertNonspacing)
	bertSpaceMap      = newRuneMap(bertSpace)
	bertSpaceLowerMap = newRuneMap(func(r rune) rune { return toLower(bertSpace(r)) })
)

// bertRemoved reports whether clean_text removes r: NUL, U+FFFD, and the
// control, format and private-use characters but tab, newline and carriage
// return.
func bertRemoved(r rune) bool {
	if r < utf8.RuneSelf {
		return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7F
	}
	return props(r)&propBertRemoved != 0
}

// bertSpace is clean_text's map: whitespace becomes a space.
func bertSpace(r rune) rune {
	if r != ' ' && isWhitespace(r) {
		return ' '
	}
	return r
}

// bertNonspacing reports whether strip_accents removes r.
func bertNonspacing(r rune) bool {
	return r >= utf8.RuneSelf && props(r)&propBertNonspacing != 0
}

// bertChineseChars puts spaces around CJK ideographs: each becomes a space
// that replaces it, then the ideograph and a space, inserted.
func bertChineseChars(n *NormalizedString) {
	b := n.norm
	i := 0
	for i < len(b) {
		r, sz := decodeAt(b, i)
		if isChineseChar(r) {
			break
		}
		i += sz
	}
	if i == len(b) {
		return
	}
	var t transformer
	bulk := wholeRange(n)
	if bulk {
		t = beginAt(n, i, 0, len(b)+len(b)/2+8)
	} else {
		s, e, ok := n.fromOriginal(0, n.oEnd-n.oStart)
		if !ok {
			return
		}
		t, i = n.beginTransform(s, e, 0, len(b)+len(b)/2+8), 0
	}
	for j := i; j < len(b); {
		r, sz := decodeAt(b, j)
		switch {
		case isChineseChar(r):
			if bulk {
				t.copyThrough(j)
			}
			t.push(' ', 0)
			t.push(r, 1)
			t.push(' ', 1)
		case !bulk:
			t.push(r, 0)
		}
		j += sz
	}
	if bulk {
		t.copyThrough(len(b))
	}
	t.finish()
}

// AppendRune appends to dst the normalized text of the one-character string
// r (a valid code point), which is what Normalize makes of r wherever it
// stands, and returns the extended slice. The normalized text of a string is
// the concatenation of the AppendRune results of its characters, except
// where canonical reordering (part of StripAccents' NFD) moves characters:
// independent is false when r's result holds a character of nonzero
// combining class that StripAccents keeps, which such reordering could move
// past the results of the characters around it. Every step of b works
// character by character otherwise, and the characters that reordering
// moves never cross a character of combining class zero, such as a
// whitespace character.
//
// AppendRune lets a caller build per-character tables of b. It allocates
// nothing when dst has room.
func (b *BertNormalizer) AppendRune(dst []byte, r rune) (out []byte, independent bool) {
	if b.CleanText {
		if bertRemoved(r) {
			return dst, true
		}
		r = bertSpace(r)
	}
	if b.HandleChineseChars && isChineseChar(r) {
		dst = append(dst, ' ')
		dst, independent = b.appendAccentsLower(dst, r)
		return append(dst, ' '), independent
	}
	return b.appendAccentsLower(dst, r)
}

// appendAccentsLower appends the result of the StripAccents and Lowercase
// steps on r.
func (b *BertNormalizer) appendAccentsLower(dst []byte, r rune) ([]byte, bool) {
	if !b.stripsAccents() {
		return b.appendLower(dst, r), true
	}
	independent := true
	add := func(d rune) {
		if bertNonspacing(d) {
			return
		}
		if d >= utf8.RuneSelf && uint8(props(d)) != 0 {
			independent = false
		}
		dst = b.appendLower(dst, d)
	}
	switch p := propsOf(r); {
	case p&propHasCanon == 0:
		add(r)
	case isHangulSyllable(r):
		s := r - hangulSBase
		add(hangulLBase + s/hangulNCount)
		add(hangulVBase + s%hangulNCount/hangulTCount)
		if tt := s % hangulTCount; tt != 0 {
			add(hangulTBase + tt)
		}
	default:
		for _, d := range decomposition(r, false) {
			add(d)
		}
	}
	return dst, independent
}

// appendLower appends r, lowercased when b lowercases.
func (b *BertNormalizer) appendLower(dst []byte, r rune) []byte {
	if !b.Lowercase {
		return utf8.AppendRune(dst, r)
	}
	if r == lowerMulti {
		return append(dst, "i\u0307"...)
	}
	return utf8.AppendRune(dst, toLower(r))
}
