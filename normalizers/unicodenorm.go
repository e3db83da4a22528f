package normalizers

import (
	"slices"
	"unicode/utf8"
)

// NFD applies Unicode canonical decomposition (Normalization Form D).
//
// Like all the Unicode normalization forms here, it uses the Unicode 9.0.0
// data of the reference, so that characters assigned later are left alone
// exactly as the reference leaves them, and aligns the characters it
// produces the way the reference does: the first character of a
// decomposition replaces the decomposed character, the others are inserted
// after it (and share its span), and characters reordered by their combining
// classes keep the spans of the positions they move to.
type NFD struct{}

// NFKD applies Unicode compatibility decomposition (Normalization Form KD).
// See [NFD] for how characters are aligned.
type NFKD struct{}

// NFC applies Unicode canonical decomposition followed by canonical
// composition (Normalization Form C). A composed character takes the span of
// the first character it is made of; the ones merged into it are removed.
// See [NFD] for the rest.
type NFC struct{}

// NFKC applies Unicode compatibility decomposition followed by canonical
// composition (Normalization Form KC). See [NFC].
type NFKC struct{}

// Normalize implements [Normalizer].
func (NFD) Normalize(n *NormalizedString) error { unicodeNormalize(n, formD); return nil }

// Normalize implements [Normalizer].
func (NFKD) Normalize(n *NormalizedString) error { unicodeNormalize(n, formKD); return nil }

// Normalize implements [Normalizer].
func (NFC) Normalize(n *NormalizedString) error { unicodeNormalize(n, formC); return nil }

// Normalize implements [Normalizer].
func (NFKC) Normalize(n *NormalizedString) error { unicodeNormalize(n, formKC); return nil }

type form uint8

const (
	formD form = iota
	formKD
	formC
	formKC
)

// inertMask returns the property bits that make a character inert for f: a
// character without them (and with combining class 0 for the decomposing
// forms) is left as it is, and a transformation can start at it.
func (f form) inert(p uint16) bool {
	switch f {
	case formD:
		return p&(propHasCanon|0xFF) == 0
	case formKD:
		return p&(propHasCompat|0xFF) == 0
	case formC:
		return p&propNFCInert != 0
	}
	return p&propNFKCInert != 0
}

// unicodeNormalize applies the normalization form f to n.
//
// The reference produces the new text as a stream of (character, change)
// pairs (see [NormalizedString.Transform]): a character's decomposition
// gives its first character change 0 and the others change 1; canonical
// reordering moves the pairs, changes included; and composing a pair (k, c)
// gives change(k)+change(c)-1. This function produces the same stream.
//
// Runs of inert characters (see form.inert) are copied as they are: their
// changes would all be 0. Only the last inert character before one that is
// not goes through the algorithm, with what follows it, until two inert
// characters in a row show that the state is clean again. For the
// decomposing forms, the first scan also lets non-starters in canonical
// order through.
func unicodeNormalize(n *NormalizedString, f form) {
	b := n.norm
	start, i := 0, 0
	var lastCCC uint8
	for i < len(b) {
		if b[i] < utf8.RuneSelf {
			start = i
			lastCCC = 0
			i++
			continue
		}
		r, sz := utf8.DecodeRune(b[i:])
		p := props(r)
		if !f.inert(p) {
			ccc := uint8(p)
			if f == formD && p&propHasCanon == 0 && ccc >= lastCCC ||
				f == formKD && p&propHasCompat == 0 && ccc >= lastCCC {
				lastCCC = ccc
				i += sz
				continue
			}
			break
		}
		start = i
		lastCCC = 0
		i += sz
	}
	if i == len(b) {
		return
	}
	var u unormState
	if !wholeRange(n) {
		// The reference's changes, computed over the whole text, applied
		// to the range its transformation covers.
		s, e, ok := n.fromOriginal(0, n.oEnd-n.oStart)
		if !ok {
			return
		}
		u.init(n.beginTransform(s, e, 0, len(b)+len(b)/2+8), f)
		for j := 0; j < len(b); {
			r, sz := decodeAt(b, j)
			u.add(r, propsOf(r))
			j += sz
		}
		u.end()
		u.t.finish()
		return
	}
	u.init(beginAt(n, start, 0, len(b)+len(b)/2+8), f)
	for j := start; j < len(b); {
		r, sz := decodeAt(b, j)
		p := propsOf(r)
		u.add(r, p)
		j += sz
		if !f.inert(p) || j == len(b) || !f.inert(propsAt(b, j)) {
			continue
		}
		// r and the character after it are inert: r's output is
		// final. Copy the inert run that follows, but its last
		// character, which what comes after it may change.
		u.end()
		k, q := j, j
		for q < len(b) {
			r, sz := decodeAt(b, q)
			if !f.inert(propsOf(r)) {
				break
			}
			k = q
			q += sz
		}
		if q == len(b) {
			k = q
		}
		u.t.copyThrough(k)
		j = k
	}
	u.end()
	u.t.finish()
}

// asciiProps are the properties of every ASCII character.
const asciiProps = propNFCInert | propNFKCInert

// propsOf returns the properties of r.
func propsOf(r rune) uint16 {
	if r < utf8.RuneSelf {
		return asciiProps
	}
	return props(r)
}

// propsAt returns the properties of the character at byte offset i of b.
func propsAt(b []byte, i int) uint16 {
	if b[i] < utf8.RuneSelf {
		return asciiProps
	}
	r, _ := utf8.DecodeRune(b[i:])
	return props(r)
}

// uchar is a character on its way through normalization.
type uchar struct {
	r      rune
	p      uint16 // properties; the low 8 bits are the combining class
	change int
}

// unormState runs decomposition, canonical reordering and (for the
// composing forms) composition as a stream.
type unormState struct {
	t       transformer
	compat  bool
	compose bool

	// pending is the current segment of decomposed characters: a starter
	// (combining class 0) and the non-starters after it, which are put in
	// canonical order when the next starter comes.
	pending ucharVec

	// Composition: the starter characters may compose with (starter), the
	// characters after it that did not compose (blocked), and the
	// combining class of the last of them (0 when there is none).
	starter     uchar
	haveStarter bool
	lastCCC     uint8
	blocked     ucharVec
}

func (u *unormState) init(t transformer, f form) {
	u.t = t
	u.compat = f == formKD || f == formKC
	u.compose = f == formC || f == formKC
}

// add decomposes one input character.
func (u *unormState) add(r rune, p uint16) {
	if r < utf8.RuneSelf {
		u.decomposed(uchar{r, 0, 0})
		return
	}
	if p&(propHasCanon|propHasCompat) == 0 || (!u.compat && p&propHasCanon == 0) {
		u.decomposed(uchar{r, p, 0})
		return
	}
	if isHangulSyllable(r) {
		s := r - hangulSBase
		l := hangulLBase + s/hangulNCount
		v := hangulVBase + s%hangulNCount/hangulTCount
		u.decomposed(uchar{l, props(l), 0})
		u.decomposed(uchar{v, props(v), 1})
		if tt := s % hangulTCount; tt != 0 {
			u.decomposed(uchar{hangulTBase + tt, props(hangulTBase + tt), 1})
		}
		return
	}
	change := 0
	for _, d := range decomposition(r, u.compat) {
		u.decomposed(uchar{d, props(d), change})
		change = 1
	}
}

// decomposed takes the next character of the decomposition.
func (u *unormState) decomposed(c uchar) {
	if uint8(c.p) == 0 {
		u.flushPending()
	}
	u.pending.push(c)
}

// flushPending puts the pending segment in canonical order (a stable sort by
// combining class: the starter, of class 0, stays first) and passes it on.
func (u *unormState) flushPending() {
	p := u.pending.items()
	if len(p) > 1 {
		sorted := true
		for i := 1; i < len(p); i++ {
			if uint8(p[i].p) < uint8(p[i-1].p) {
				sorted = false
				break
			}
		}
		if !sorted {
			slices.SortStableFunc(p, func(a, b uchar) int { return int(uint8(a.p)) - int(uint8(b.p)) })
		}
	}
	for _, c := range p {
		if u.compose {
			u.composeNext(c)
		} else {
			u.t.push(c.r, c.change)
		}
	}
	u.pending.reset()
}

// composeNext takes the next character in canonical order, for the
// composing forms.
func (u *unormState) composeNext(c uchar) {
	ccc := uint8(c.p)
	if !u.haveStarter {
		if ccc != 0 {
			u.t.push(c.r, c.change)
			return
		}
		u.starter, u.haveStarter = c, true
		return
	}
	if u.lastCCC != 0 && u.lastCCC >= ccc {
		// c is blocked from the starter.
		if ccc == 0 {
			u.emitStarter()
			u.starter = c
			return
		}
		u.blocked.push(c)
		u.lastCCC = ccc
		return
	}
	if r, ok := compose(u.starter.r, c.r, c.p); ok {
		u.starter.r = r
		u.starter.p = props(r)
		u.starter.change += c.change - 1
		return
	}
	if ccc == 0 && u.lastCCC == 0 {
		u.emitStarter()
		u.starter = c
		return
	}
	u.blocked.push(c)
	u.lastCCC = ccc
}

// emitStarter outputs the starter and the characters blocked after it.
func (u *unormState) emitStarter() {
	u.t.push(u.starter.r, u.starter.change)
	for _, b := range u.blocked.items() {
		u.t.push(b.r, b.change)
	}
	u.blocked.reset()
	u.lastCCC = 0
}

func (u *unormState) end() {
	u.flushPending()
	if u.compose && u.haveStarter {
		u.emitStarter()
		u.haveStarter = false
	}
}

// ucharVec is a list of characters held in place while short, so that
// normalizing does not allocate unless a character has more than a few
// combining marks.
type ucharVec struct {
	a   [16]uchar
	n   int
	ext []uchar // used instead of a once a has overflowed
}

func (v *ucharVec) push(c uchar) {
	switch {
	case v.ext != nil:
		v.ext = append(v.ext, c)
	case v.n < len(v.a):
		v.a[v.n] = c
		v.n++
	default:
		v.ext = make([]uchar, v.n, 4*v.n)
		copy(v.ext, v.a[:v.n])
		v.ext = append(v.ext, c)
	}
}

func (v *ucharVec) items() []uchar {
	if v.ext != nil {
		return v.ext
	}
	return v.a[:v.n]
}

func (v *ucharVec) reset() {
	v.n = 0
	if v.ext != nil {
		v.ext = v.ext[:0]
	}
}
