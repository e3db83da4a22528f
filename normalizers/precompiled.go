package normalizers

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf8"
)

// Precompiled is the normalizer of SentencePiece models: rewrite rules
// compiled into a "precompiled_charsmap" (the reference reads it with the
// crate spm_precompiled 0.1.4).
//
// The charsmap is a little-endian uint32 giving the size in bytes of a
// double-array trie (the darts-clone format: one uint32 unit per node), the
// trie, then a blob of NUL-terminated UTF-8 replacement texts. The keys of
// the trie are UTF-8 texts (characters, or sequences of them); the value of a
// key is the offset of its replacement in the blob.
//
// The text is rewritten grapheme cluster by grapheme cluster (extended
// clusters of Unicode 17.0, see grapheme.go). A cluster shorter than 6 bytes
// is looked up whole first; otherwise, or when that finds nothing, each of
// its characters is looked up alone. A lookup finds the shortest key that is
// a prefix of the text looked up (not the longest), and the whole text looked
// up is replaced by that key's replacement: "ª\u0300" becomes "a" with the
// t5 charsmap, which has both "ª" and "ª\u0300" as keys.
//
// Alignments follow the reference, which turns the replacement of k
// characters by m characters into the (character, change) pairs of
// [NormalizedString.Transform]: the new characters replace the old ones one
// for one, taking their spans; the m-k extra ones are inserted, sharing the
// span of the character before them; when m < k, the last new character
// also removes the old ones left, and when m is 0, the pair produced just
// before does (an inserted character then takes the span of the first
// removed one), or, at the start of the text, nothing does: the characters
// are left unconsumed, which shifts the spans of all the text after them.
//
// A Precompiled is immutable and safe for concurrent use.
type Precompiled struct {
	size     uint32   // the trie size the charsmap gives (a multiple of 4 or not)
	units    []uint32 // the trie
	blob     []byte   // the replacement texts
	rootBase uint32

	// root[c] says what the byte c does at the root of the trie.
	root [256]uint8
	// stop[c] says whether nextCandidate must look closer at the byte c:
	// an ASCII byte that is a key or starts one continued by an ASCII
	// byte, or the first byte of a multi-byte character.
	stop [256]bool
	// asciiRepl[c]+1 is the offset in blob of the replacement of the ASCII
	// character c looked up alone; 0 when it has none.
	asciiRepl [utf8.RuneSelf]uint32
	// hot has the bit r set for the characters r < 1<<16 from which a
	// lookup may find a key: the trie has a key that starts with r, or
	// one that is a prefix of r's bytes. A lookup from any other
	// character finds nothing, whatever follows it. Among them, leafy
	// has the bit r set when a key is r or a prefix of r's bytes, or
	// when a key continues r with a part of a character; for the others,
	// a lookup can find something only when the next character is one
	// that some key has after its first: follow has its bit (for the
	// characters r < 1<<16; followBig says whether some are beyond).
	hot, leafy, follow bmpSet
	followBig          bool
}

// Flags of Precompiled.root.
const (
	rootEdge       = 1 << iota // some key starts with the byte
	rootLeaf                   // the byte alone is a key
	rootASCIIChild             // some key continues the byte with an ASCII byte
)

// maxLookup is the length in bytes of the longest text the reference looks
// up: a cluster shorter than 6 bytes, or one character.
const maxLookup = 5

// Parts of a darts-clone unit.
const (
	unitLabelMask = 1<<31 | 0xFF
	unitHasLeaf   = 1 << 8
	unitValueMask = 1<<31 - 1
)

func unitOffset(u uint32) uint32 { return (u >> 10) << ((u & (1 << 9)) >> 6) }

// ErrPrecompiledCharsmap is the error (wrapped) of a charsmap that the
// reference cannot parse, or whose use would make it fail.
var ErrPrecompiledCharsmap = errors.New("cannot parse precompiled_charsmap")

// NewPrecompiled parses a precompiled_charsmap (decoded from its base64
// form). Besides the charsmaps the reference refuses, it refuses those that
// make the reference fail (panic) on some input: an empty trie, a trie that
// leads out of its bounds, a replacement that starts past the end of the
// blob or inside a character. Only what valid UTF-8 text can reach is
// checked. NewPrecompiled does not keep charsmap.
func NewPrecompiled(charsmap []byte) (*Precompiled, error) {
	if len(charsmap) < 4 {
		return nil, fmt.Errorf("%w: %d bytes, no trie size", ErrPrecompiledCharsmap, len(charsmap))
	}
	size := binary.LittleEndian.Uint32(charsmap)
	nUnits := int(size / 4)
	if nUnits > (len(charsmap)-4)/4 {
		return nil, fmt.Errorf("%w: a trie of %d bytes in %d bytes", ErrPrecompiledCharsmap, size, len(charsmap)-4)
	}
	p := &Precompiled{size: size, units: make([]uint32, nUnits)}
	for i := range p.units {
		p.units[i] = binary.LittleEndian.Uint32(charsmap[4+4*i:])
	}
	p.blob = bytes.Clone(charsmap[4+4*nUnits:])
	if !utf8.Valid(p.blob) {
		return nil, fmt.Errorf("%w: the replacement texts are not valid UTF-8", ErrPrecompiledCharsmap)
	}
	if nUnits == 0 {
		return nil, fmt.Errorf("%w: the trie is empty (the reference fails on any text)", ErrPrecompiledCharsmap)
	}
	p.rootBase = unitOffset(p.units[0])
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("%w: %v (the reference would fail on such text)", ErrPrecompiledCharsmap, err)
	}
	for c := 1; c < 256; c++ {
		pos := p.rootBase ^ uint32(c)
		if pos >= uint32(len(p.units)) || p.units[pos]&unitLabelMask != uint32(c) {
			continue
		}
		u := p.units[pos]
		base := pos ^ unitOffset(u)
		f := uint8(rootEdge)
		if u&unitHasLeaf != 0 {
			f |= rootLeaf
			if c < utf8.RuneSelf {
				p.asciiRepl[c] = p.units[base]&unitValueMask + 1
			}
		}
		for d := uint32(1); d < utf8.RuneSelf; d++ {
			if q := base ^ d; q < uint32(len(p.units)) && p.units[q]&unitLabelMask == d {
				f |= rootASCIIChild
				break
			}
		}
		p.root[c] = f
	}
	p.markHot()
	for c := range 256 {
		switch {
		case c < utf8.RuneSelf:
			p.stop[c] = p.root[c]&(rootLeaf|rootASCIIChild) != 0
		case c >= 0xC0:
			p.stop[c] = true
		}
	}
	return p, nil
}

// CharsMap returns the charsmap p was made from, in a new slice.
func (p *Precompiled) CharsMap() []byte {
	out := make([]byte, 4, 4+4*len(p.units)+len(p.blob))
	binary.LittleEndian.PutUint32(out, p.size)
	for _, u := range p.units {
		out = binary.LittleEndian.AppendUint32(out, u)
	}
	return append(out, p.blob...)
}

// utf8 states of check: what the next byte of valid UTF-8 text may be.
const (
	u8Start = iota // a character's first byte
	u8Cont1        // the last continuation byte
	u8Cont2        // the second-to-last continuation byte
	u8Cont3        // the third-to-last continuation byte
	u8E0           // after E0: A0..BF, then one more
	u8ED           // after ED: 80..9F, then one more
	u8F0           // after F0: 90..BF, then two more
	u8F4           // after F4: 80..8F, then two more
	u8States
)

// u8Next returns the state after byte c in state s, and whether c may come
// there.
func u8Next(s int, c byte) (int, bool) {
	switch s {
	case u8Start:
		switch {
		case c >= 1 && c < 0x80:
			return u8Start, true
		case c >= 0xC2 && c <= 0xDF:
			return u8Cont1, true
		case c == 0xE0:
			return u8E0, true
		case c == 0xED:
			return u8ED, true
		case c >= 0xE1 && c <= 0xEF:
			return u8Cont2, true
		case c == 0xF0:
			return u8F0, true
		case c >= 0xF1 && c <= 0xF3:
			return u8Cont3, true
		case c == 0xF4:
			return u8F4, true
		}
		return 0, false
	case u8E0:
		return u8Cont1, c >= 0xA0 && c <= 0xBF
	case u8ED:
		return u8Cont1, c >= 0x80 && c <= 0x9F
	case u8F0:
		return u8Cont2, c >= 0x90 && c <= 0xBF
	case u8F4:
		return u8Cont2, c >= 0x80 && c <= 0x8F
	}
	return s - 1, c >= 0x80 && c <= 0xBF
}

// check walks the trie over every valid UTF-8 prefix (without NUL) of up to
// maxLookup bytes, as the reference's lookups can, and reports the first
// step that would read out of the trie or a replacement the reference cannot
// take.
func (p *Precompiled) check() error {
	n := uint32(len(p.units))
	// visited[base] has bit state*maxLookup+depth set once (base, state,
	// depth) has been walked from; children[base] caches the bytes that
	// have an edge from base.
	visited := map[uint32]uint64{}
	children := map[uint32][]byte{}
	type item struct {
		base         uint32
		state, depth int
	}
	stack := []item{{p.rootBase, u8Start, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.depth == maxLookup {
			continue
		}
		bit := uint64(1) << (it.state*maxLookup + it.depth)
		if visited[it.base]&bit != 0 {
			continue
		}
		visited[it.base] |= bit
		kids, ok := children[it.base]
		if !ok {
			kids = []byte{}
			for c := 1; c < 256; c++ {
				pos := it.base ^ uint32(c)
				if pos >= n {
					if _, ok := u8Next(u8Start, byte(c)); ok || c >= 0x80 && c < 0xC0 {
						// Reported below, if the state allows c.
						kids = append(kids, byte(c))
					}
					continue
				}
				if p.units[pos]&unitLabelMask == uint32(c) {
					kids = append(kids, byte(c))
				}
			}
			children[it.base] = kids
		}
		for _, c := range kids {
			next, ok := u8Next(it.state, c)
			if !ok {
				continue
			}
			pos := it.base ^ uint32(c)
			if pos >= n {
				return fmt.Errorf("the trie has %d units, a text reaches unit %d", n, pos)
			}
			u := p.units[pos]
			base := pos ^ unitOffset(u)
			if u&unitHasLeaf != 0 {
				if base >= n {
					return fmt.Errorf("the trie has %d units, a text reaches the value at unit %d", n, base)
				}
				v := p.units[base] & unitValueMask
				if v > uint32(len(p.blob)) {
					return fmt.Errorf("a replacement starts at %d, past the %d bytes of replacement texts", v, len(p.blob))
				}
				if v < uint32(len(p.blob)) && !utf8.RuneStart(p.blob[v]) {
					return fmt.Errorf("a replacement starts at %d, inside a character", v)
				}
			}
			stack = append(stack, item{base, next, it.depth + 1})
		}
	}
	return nil
}

// markHot sets hot, leafy, follow and followBig.
func (p *Precompiled) markHot() {
	units := p.units
	// child returns the node under base by byte c, and its unit.
	child := func(base uint32, c byte) (uint32, uint32, bool) {
		pos := base ^ uint32(c)
		if pos >= uint32(len(units)) || units[pos]&unitLabelMask != uint32(c) {
			return 0, 0, false
		}
		u := units[pos]
		return pos ^ unitOffset(u), u, true
	}
	// follows records the characters that continue the node base (after
	// a first character r), and reports false when a key ends inside
	// one of them.
	follows := func(base uint32) bool {
		for c1 := 1; c1 < 256; c1++ {
			b1, u1, ok := child(base, byte(c1))
			switch {
			case !ok:
				continue
			case c1 < utf8.RuneSelf:
				p.follow.add(rune(c1))
				continue
			case c1 >= 0xF0:
				p.followBig = true
				continue
			case c1 < 0xC0:
				continue // never in valid text there
			}
			if u1&unitHasLeaf != 0 {
				return false
			}
			for c2 := 0x80; c2 < 0xC0; c2++ {
				b2, u2, ok := child(b1, byte(c2))
				if !ok {
					continue
				}
				if c1 < 0xE0 {
					p.follow.add(rune(c1&0x1F)<<6 | rune(c2&0x3F))
					continue
				}
				if u2&unitHasLeaf != 0 {
					return false
				}
				for c3 := 0x80; c3 < 0xC0; c3++ {
					if _, _, ok := child(b2, byte(c3)); ok {
						p.follow.add(rune(c1&0x0F)<<12 | rune(c2&0x3F)<<6 | rune(c3&0x3F))
					}
				}
			}
		}
		return true
	}
	var buf [utf8.UTFMax]byte
	for r := rune(1); r < 1<<16; r++ {
		if r >= 0xD800 && r < 0xE000 {
			continue
		}
		n := utf8.EncodeRune(buf[:], r)
		base, leaf, found := p.rootBase, false, true
		for _, c := range buf[:n] {
			var u uint32
			if base, u, found = child(base, c); !found {
				break
			}
			if u&unitHasLeaf != 0 {
				leaf = true
				break
			}
		}
		switch {
		case leaf:
			p.hot.add(r)
			p.leafy.add(r)
		case found:
			// A key that continues r?
			for c := 1; c < 256; c++ {
				if _, _, ok := child(base, byte(c)); ok {
					p.hot.add(r)
					if !follows(base) {
						p.leafy.add(r)
					}
					break
				}
			}
		}
	}
}

// bmpSet is a set of characters below 1<<16, a bit each.
type bmpSet [1 << 16 / 64]uint64

func (s *bmpSet) add(r rune) { s[r>>6] |= 1 << (r & 63) }

// has reports whether r (below 1<<16) is in the set.
func (s *bmpSet) has(r rune) bool { return s[r>>6&(1<<16/64-1)]&(1<<(r&63)) != 0 }

// decodeBMP returns the character at b[i] (a character's first byte, of
// valid UTF-8) and its length, and false for a character beyond 1<<16.
func decodeBMP(b []byte, i int) (rune, int, bool) {
	c := b[i]
	switch {
	case c < utf8.RuneSelf:
		return rune(c), 1, true
	case c < 0xE0:
		if i+1 < len(b) {
			return rune(c&0x1F)<<6 | rune(b[i+1]&0x3F), 2, true
		}
	case c < 0xF0:
		if i+2 < len(b) {
			return rune(c&0x0F)<<12 | rune(b[i+1]&0x3F)<<6 | rune(b[i+2]&0x3F), 3, true
		}
	}
	return 0, 0, false
}

// coldAt reports whether no lookup from the character at b[i] (a
// multi-byte character of valid UTF-8) can find a key, by the hot tables;
// false when it cannot tell.
func (p *Precompiled) coldAt(b []byte, i int) bool {
	r, n, ok := decodeBMP(b, i)
	if !ok {
		return false
	}
	if !p.hot.has(r) {
		return true
	}
	if p.leafy.has(r) {
		return false
	}
	// A key must go on with the next character.
	if i+n >= len(b) {
		return true
	}
	r2, _, ok := decodeBMP(b, i+n)
	if !ok {
		return !p.followBig
	}
	return !p.follow.has(r2)
}

// lookup returns the replacement of the shortest key of the trie that is a
// prefix of key (up to a NUL byte), as the reference's transform does.
func (p *Precompiled) lookup(key []byte) ([]byte, bool) {
	units := p.units
	pos := p.rootBase
	for _, c := range key {
		if c == 0 {
			break
		}
		pos ^= uint32(c)
		if pos >= uint32(len(units)) {
			return nil, false // not reachable: checked at construction
		}
		u := units[pos]
		if u&unitLabelMask != uint32(c) {
			return nil, false
		}
		pos ^= unitOffset(u)
		if u&unitHasLeaf != 0 {
			if pos >= uint32(len(units)) {
				return nil, false // not reachable: checked at construction
			}
			return p.replacement(units[pos] & unitValueMask), true
		}
	}
	return nil, false
}

// replacement returns the replacement text at offset v of the blob.
func (p *Precompiled) replacement(v uint32) []byte {
	if v > uint32(len(p.blob)) {
		return nil // not reachable: checked at construction
	}
	r := p.blob[v:]
	if i := bytes.IndexByte(r, 0); i >= 0 {
		r = r[:i]
	}
	return r
}

// nextCandidate returns the byte offset of the first character at or after
// offset start of b from which the trie finds a key in the maxLookup bytes
// there, or len(b). No lookup of the reference from a character between can
// find anything.
func (p *Precompiled) nextCandidate(b []byte, start int) int {
	for i := start; i < len(b); i++ {
		c := b[i]
		if !p.stop[c] {
			continue
		}
		if c < utf8.RuneSelf {
			// A key alone, or one continued by an ASCII byte.
			if p.root[c]&rootLeaf != 0 {
				return i
			}
			if i+1 < len(b) && b[i+1] < utf8.RuneSelf {
				if _, ok := p.lookup(b[i:min(i+maxLookup, len(b))]); ok {
					return i
				}
			}
			continue
		}
		// A character's first byte: it may continue a key that starts
		// with the ASCII character before it, or start one.
		if k := i - 1; k >= start && b[k] < utf8.RuneSelf && p.root[b[k]]&rootEdge != 0 {
			if _, ok := p.lookup(b[k:min(k+maxLookup, len(b))]); ok {
				return k
			}
		}
		if p.root[c] != 0 && !p.coldAt(b, i) {
			if _, ok := p.lookup(b[i:min(i+maxLookup, len(b))]); ok {
				return i
			}
		}
	}
	return len(b)
}

// Normalize implements [Normalizer].
func (p *Precompiled) Normalize(n *NormalizedString) error {
	e := pcEmitter{n: n, b: n.norm}
	p.rewrite(&e, n.norm)
	e.finish()
	return nil
}

// AppendNormalized appends to dst the text Normalize makes of the valid
// UTF-8 text b (without the alignments), and returns the extended slice.
func (p *Precompiled) AppendNormalized(dst, b []byte) []byte {
	e := pcEmitter{text: true, out: dst, b: b}
	p.rewrite(&e, b)
	return e.out
}

// restartBefore returns the last offset in (lo, hi] where the clusters can
// be found afresh, without looking at what precedes: the end of b, or a
// character offset (freshBreak) such as one between two ASCII characters
// other than CR LF. It returns lo if there is none.
func restartBefore(b []byte, lo, hi int) int {
	if hi == len(b) {
		return hi
	}
	for q := hi; q > lo; {
		c := b[q]
		if c < utf8.RuneSelf && b[q-1] < utf8.RuneSelf {
			if b[q-1] != '\r' || c != '\n' {
				return q
			}
			q--
			continue
		}
		r, _ := decodeAt(b, q)
		pr, sz := utf8.DecodeLastRune(b[:q])
		if freshBreak(graphemeProps(pr), graphemeProps(r)) {
			return q
		}
		q -= sz
	}
	return lo
}

// freshBreak reports whether there is a cluster boundary between two
// characters of properties prev and cur, whatever comes before them, and a
// segmenter started afresh at cur is then in the state it would be in after
// going through the text before: the rules that look further back (GB9c,
// GB11, GB12 and GB13) cannot apply, and cur does not continue a sequence
// they follow.
func freshBreak(prev, cur gprops) bool {
	pc, cc := prev.cat(), cur.cat()
	switch {
	case pc == gcCR:
		return cc != gcLF
	case pc == gcControl || pc == gcLF:
		return true
	case cc == gcControl || cc == gcCR || cc == gcLF:
		return true
	case cc == gcExtend || cc == gcZWJ || cc == gcSpacingMark || pc == gcPrepend:
		return false
	case cur&(gpInCBExtend|gpInCBLinker) != 0:
		return false
	case pc == gcL && (cc == gcL || cc == gcV || cc == gcLV || cc == gcLVT):
		return false
	case (pc == gcLV || pc == gcV) && (cc == gcV || cc == gcT):
		return false
	case (pc == gcLVT || pc == gcT) && cc == gcT:
		return false
	case cc == gcConsonant && prev&(gpInCBExtend|gpInCBLinker) != 0:
		return false
	case pc == gcZWJ && cc == gcExtPict:
		return false
	case pc == gcRegionalIndicator && cc == gcRegionalIndicator:
		return false
	}
	return true
}

// rewrite goes through the clusters of b and passes the changes to e.
//
// Runs of clusters that nothing changes are skipped: nextCandidate finds
// where a change may start, and the clusters before the last place before
// it where segmentation can restart are left as they are. Between, the
// clusters are found one by one.
func (p *Precompiled) rewrite(e *pcEmitter, b []byte) {
	var seg graphemeSegmenter
	fed := 0   // the characters before fed went through seg
	cand := -1 // where a change may start next, when at or after i
	for i := 0; i < len(b); {
		if cand < i {
			cand = p.nextCandidate(b, i)
			if q := restartBefore(b, i, cand); q > i {
				e.keepRun(i, q)
				i, fed = q, q
				seg = graphemeSegmenter{}
				if i == len(b) {
					break
				}
			}
		}
		c := b[i]
		if c < utf8.RuneSelf && (i+1 == len(b) || b[i+1] < utf8.RuneSelf && (c != '\r' || b[i+1] != '\n')) {
			// A cluster of one ASCII character, followed by a boundary.
			if v := p.asciiRepl[c]; v != 0 {
				e.replace(i, 1, p.replacement(v-1))
			} else {
				e.keep(i)
			}
			seg = graphemeSegmenter{started: true, prev: asciiGProps[c].cat()}
			i++
			fed = i
			continue
		}
		// Find the end of the cluster starting at i.
		r, sz := decodeAt(b, i)
		if fed <= i {
			seg.next(graphemeProps(r))
		}
		j, chars := i+sz, 1
		for j < len(b) {
			r, sz := decodeAt(b, j)
			if seg.next(graphemeProps(r)) {
				break
			}
			j += sz
			chars++
		}
		fed = j + 1
		if chars == 1 {
			if repl, ok := p.lookup(b[i:j]); ok {
				e.replace(i, 1, repl)
			} else {
				e.keep(i)
			}
			i = j
			continue
		}
		if j-i <= maxLookup {
			if repl, ok := p.lookup(b[i:j]); ok {
				e.replace(i, chars, repl)
				i = j
				continue
			}
		}
		for i < j {
			_, sz := decodeAt(b, i)
			if repl, ok := p.lookup(b[i : i+sz]); ok {
				e.replace(i, 1, repl)
			} else {
				e.keep(i)
			}
			i += sz
		}
	}
}

// Kinds of pcEmitter.pend.
const (
	pendNone     = iota
	pendCopy     // the input character at pendPos, unchanged (change 0)
	pendExplicit // pendRune with change pendDelta
)

// pcEmitter turns the rewrites of Precompiled into a transformation. It
// produces the reference's list of (character, change) pairs, one pair late
// (pend) because a character replaced by nothing changes the pair before it.
//
// Unless explicit is set, unchanged characters are not pushed one by one:
// as every pair then consumes the input characters it comes from, a run of
// them is copied in bulk. That needs the whole text to be transformed
// (wholeRange) and breaks once leading characters replaced by nothing have
// been dropped; from then on (explicit), every pair is pushed.
type pcEmitter struct {
	// text is set by AppendNormalized: out receives the rewritten text,
	// and nothing else is tracked.
	text bool
	out  []byte

	n        *NormalizedString
	b        []byte // the text being rewritten (n's normalized text)
	t        transformer
	started  bool
	dead     bool // the reference's transformation does nothing
	explicit bool

	pend      int
	pendPos   int
	pendRune  rune
	pendDelta int
}

// keep records the unchanged character at offset i.
func (e *pcEmitter) keep(i int) {
	if e.text {
		if c := e.b[i]; c < utf8.RuneSelf {
			e.out = append(e.out, c)
		} else {
			e.out = append(e.out, e.b[i:i+runeLen(e.b[i:])]...)
		}
		return
	}
	if e.dead {
		return
	}
	if e.started && (e.explicit || e.pend == pendExplicit) {
		e.flush()
	}
	e.pend, e.pendPos = pendCopy, i
}

// keepRun records the unchanged characters of b[i:q].
func (e *pcEmitter) keepRun(i, q int) {
	if e.text {
		e.out = append(e.out, e.b[i:q]...)
		return
	}
	if e.dead {
		return
	}
	if e.started && e.explicit {
		for i < q {
			e.keep(i)
			i += runeLen(e.b[i:q])
		}
		return
	}
	last := q - 1
	for last > i && !utf8.RuneStart(e.b[last]) {
		last--
	}
	e.keep(last)
}

// replace records the replacement of the k characters at offset i by repl.
func (e *pcEmitter) replace(i, k int, repl []byte) {
	if e.text {
		e.out = append(e.out, repl...)
		return
	}
	if !e.started {
		e.start(len(repl) == 0 && e.pend == pendNone)
	}
	if e.dead {
		return
	}
	if len(repl) == 0 {
		switch e.pend {
		case pendNone:
			// Nothing to take the characters: they are dropped
			// without being consumed.
		case pendCopy:
			if !e.explicit {
				e.t.copyThrough(e.pendPos)
			}
			r, _ := decodeAt(e.b, e.pendPos)
			e.pend, e.pendRune, e.pendDelta = pendExplicit, r, -k
		default:
			e.pendDelta -= k
		}
		return
	}
	m := utf8.RuneCount(repl)
	idx := 0
	for _, r := range string(repl) {
		d := 0
		switch {
		case m > k && idx >= k:
			d = 1
		case m < k && idx == m-1:
			d = m - k
		}
		e.flush()
		e.pend, e.pendRune, e.pendDelta = pendExplicit, r, d
		idx++
	}
}

// start begins the transformation, at the first change. lag reports that
// the change drops characters nothing takes, after which the pairs no longer
// consume the characters they come from.
func (e *pcEmitter) start(lag bool) {
	e.started = true
	n := e.n
	hint := len(e.b) + len(e.b)/4 + 16
	switch {
	case !wholeRange(n):
		// The changes, computed over the whole text, apply to the range
		// of the normalized text its original maps to.
		e.explicit = true
		s, end, ok := n.fromOriginal(0, n.oEnd-n.oStart)
		if !ok {
			e.dead = true
			return
		}
		e.t = n.beginTransform(s, end, 0, hint)
	case lag:
		e.explicit = true
		e.t = beginAt(n, 0, 0, hint)
	default:
		at := 0
		if e.pend == pendCopy {
			at = e.pendPos
		}
		e.t = beginAt(n, at, 0, hint)
		return
	}
	// Push the unchanged characters before the pending one.
	end := 0
	if e.pend == pendCopy {
		end = e.pendPos
	}
	for i := 0; i < end; {
		r, sz := decodeAt(e.b, i)
		e.t.push(r, 0)
		i += sz
	}
}

// flush passes the pending pair on.
func (e *pcEmitter) flush() {
	switch e.pend {
	case pendCopy:
		if e.explicit {
			r, _ := decodeAt(e.b, e.pendPos)
			e.t.push(r, 0)
		} else {
			_, sz := decodeAt(e.b, e.pendPos)
			e.t.copyThrough(e.pendPos + sz)
		}
	case pendExplicit:
		e.t.push(e.pendRune, e.pendDelta)
	}
	e.pend = pendNone
}

func (e *pcEmitter) finish() {
	if !e.started || e.dead {
		return
	}
	e.flush()
	if !e.explicit {
		e.t.copyThrough(len(e.b))
	}
	e.t.finish()
}
