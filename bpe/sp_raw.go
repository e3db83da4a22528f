package bpe

import (
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/internal/idcache"
)

// This file encodes the raw text of pipelines whose normalized text is the
// raw text with every space replaced by the marker, after a marker put in
// front (Llama 2's Prepend("▁") + Replace(" ", "▁")), without building the
// normalized text: the raw text is cut into the parts of
// [SentencePiece.Next] directly, a space read as the marker, and each part
// is looked up in a word cache under its raw bytes.

// Kinds of ASCII bytes for the raw scan.
const (
	rawPlain = iota // a character that may merge
	rawInert        // a character that never merges: a part alone
	rawSpace        // a space: the marker
)

// rawKinds returns the kind of each ASCII byte.
func (sp *SentencePiece) rawKinds() (k [utf8.RuneSelf]uint8) {
	for c := range k {
		if sp.asciiInert[c] {
			k[c] = rawInert
		}
	}
	k[' '] = rawSpace
	return k
}

// bigramCuts returns cutBits: the pairs of ASCII characters with tokens of
// their own (that merge: the others are cut around anyway) that no merged
// token holds side by side. A symbol that covered both sides of such a pair
// would be a merged token whose text holds the pair, as the text of a
// merged token is the texts of its parts one after the other, and the
// text of a character's token is the character. Needs an injective
// vocabulary (as the cuts before the marker do).
func (sp *SentencePiece) bigramCuts() []uint64 {
	m := sp.m
	var joined [utf8.RuneSelf * utf8.RuneSelf / 64]uint64
	for _, sl := range m.merges.slots {
		if sl.rank1 == 0 {
			continue
		}
		tok, ok := m.IDToToken(sl.newID)
		if !ok {
			return nil
		}
		for k := 0; k+1 < len(tok); k++ {
			if a, b := uint(tok[k]), uint(tok[k+1]); a < utf8.RuneSelf && b < utf8.RuneSelf {
				joined[(a<<7|b)>>6] |= 1 << (b & 63)
			}
		}
	}
	kinds := sp.rawKinds()
	cuts := make([]uint64, len(joined))
	for a := range utf8.RuneSelf {
		for b := range utf8.RuneSelf {
			if kinds[a] != rawPlain || kinds[b] != rawPlain || m.ascii[a] < 0 || m.ascii[b] < 0 {
				continue
			}
			if i := a<<7 | b; joined[i>>6]&(1<<(i&63)) == 0 {
				cuts[i>>6] |= 1 << (i & 63)
			}
		}
	}
	return cuts
}

// cutLen is the length in bytes beyond which scanPart cuts a part
// between two ASCII characters of cutBits, when it can: parts of up to
// idcache.MaxKey bytes are cached.
const cutLen = idcache.MaxKey

// SpacedOK reports whether [SentencePiece.AppendSpaced] can encode the
// words of the model: the model merges exactly and words can be cut before
// runs of a marker that is not ASCII.
func (sp *SentencePiece) SpacedOK() bool {
	return sp.exact && sp.markerCuts
}

// AppendSpaced appends to dst the ids of the normalized text m+s', where s'
// is s with every space replaced by the marker m (and m is there only when
// prefix is true and s is not empty), as [SentencePiece.Next] cuts it and
// [SentencePiece.AppendIDs] encodes its parts: exactly the ids of
// [Model.Tokenize] on that text. Parts of one character that never merges
// are encoded at once; the others go through cache, keyed by their raw
// bytes, tagged 1 for the first one after the marker put in front, else
// 0: a key stands for one normalized part only, and the tag 0 keys of
// normalized text (without spaces) stand for themselves.
//
// It requires [SentencePiece.SpacedOK]. It returns ok false, and dst
// unchanged, when s is not valid UTF-8; on error (the unknown token is
// needed but missing) it returns dst unchanged and the error.
func (sp *SentencePiece) AppendSpaced(dst []uint32, s string, prefix bool, cache *idcache.Cache, sc *Scratch) (out []uint32, ok bool, err error) {
	n0 := len(dst)
	if len(s) == 0 {
		return dst, true, nil
	}
	// A word is encoded once the part after it is found: its cache slot
	// is being loaded meanwhile. words[cur] is the word being found,
	// words[1-cur] the one pending, if pend.
	var words [2]spWord
	cur, pend := 0, false
	for i, virtual := 0, prefix; i < len(s) || virtual; virtual = false {
		if !virtual && !pend && s[i] >= utf8.RuneSelf {
			// A character that never merges, between two of them
			// as in text without spaces: at once.
			if r, n := decodeRune(s, i); r != sp.marker && n > 1 && sp.runeInert(r, s[i:i+n]) {
				dst = sp.appendInert(dst, r, s[i:i+n])
				i += n
				continue
			}
		}
		j, kind, r := sp.scanPart(s, i, virtual)
		if kind == partWord {
			w := &words[cur]
			w.i, w.j, w.virtual = i, j, virtual
			tag := uint8(0)
			if virtual {
				tag = 1
			}
			if w.k, w.keyOK = idcache.MakeTaggedKeyIn(s, i, j, tag); w.keyOK {
				w.h = cache.Prefetch(&w.k)
			}
			if pend {
				if dst, err = sp.encodeWord(dst, s, &words[1-cur], cache, sc); err != nil {
					return dst[:n0], true, err
				}
			}
			cur, pend = 1-cur, true
			i = j
			continue
		}
		if pend {
			if dst, err = sp.encodeWord(dst, s, &words[1-cur], cache, sc); err != nil {
				return dst[:n0], true, err
			}
			pend = false
		}
		switch kind {
		case partInvalid:
			return dst[:n0], false, nil
		case partASCII:
			c := s[i]
			if id := sp.m.ascii[c]; id >= 0 {
				dst = append(dst, uint32(id))
			} else {
				dst = append(dst, uint32(sp.m.byteIDs[c]))
			}
		case partMarker:
			dst = append(dst, sp.markerID)
		case partRune:
			dst = sp.appendInert(dst, r, s[i:j])
		}
		i = j
	}
	if pend {
		if dst, err = sp.encodeWord(dst, s, &words[1-cur], cache, sc); err != nil {
			return dst[:n0], true, err
		}
	}
	return dst, true, nil
}

// spWord is a part of kind partWord of the raw text s: s[i:j], after the
// marker put in front when virtual, with its cache key (tagged 1 when
// virtual) and the key's hash.
type spWord struct {
	i, j    int
	virtual bool
	keyOK   bool
	h       uint64
	k       idcache.Key
}

// Kinds of parts.
const (
	partWord    = iota // a part that may merge
	partASCII          // an ASCII character that never merges
	partMarker         // the marker (a space, the marker, or the one put in front), which never merges
	partRune           // a character that never merges
	partInvalid        // invalid UTF-8
)

// scanPart returns the end and kind of the part that starts at i (after
// the marker put in front when virtual), and for partRune its character.
func (sp *SentencePiece) scanPart(s string, i int, virtual bool) (end int, kind uint8, r rune) {
	kinds := &sp.rawKind
	marker := sp.marker
	cuts := sp.cutBits
	// The first character of the part.
	var prevMarker bool
	prev := -1 // the ASCII character before j, if a plain one
	cut := i   // the last place where the part can be cut (cutBits)
	j := i
	if virtual {
		if sp.markerInert {
			return i, partMarker, 0
		}
		prevMarker = true
	} else {
		c := s[i]
		if c < utf8.RuneSelf {
			switch kinds[c] {
			case rawInert:
				return i + 1, partASCII, 0
			case rawSpace:
				if sp.markerInert {
					return i + 1, partMarker, 0
				}
				prevMarker = true
			default:
				prev = int(c)
			}
			j++
		} else {
			r, n := decodeRune(s, i)
			switch {
			case r == utf8.RuneError && n == 1:
				return i, partInvalid, 0
			case r == marker:
				if sp.markerInert {
					return i + n, partMarker, 0
				}
				prevMarker = true
			case sp.runeInert(r, s[i:i+n]):
				return i + n, partRune, r
			}
			j += n
		}
	}
	// The rest of the part.
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			switch kinds[c] {
			case rawPlain:
				if prev >= 0 {
					if k := prev<<7 | int(c); cuts[k>>6]&(1<<(k&63)) != 0 {
						cut = j
					}
					if j-i >= cutLen && cut > i {
						return cut, partWord, 0
					}
				}
				prev = int(c)
				prevMarker = false
			case rawInert:
				return j, partWord, 0
			case rawSpace:
				if !prevMarker {
					return j, partWord, 0
				}
				prev = -1
			}
			j++
			continue
		}
		r, n := decodeRune(s, j)
		switch {
		case r == utf8.RuneError && n == 1:
			return j, partInvalid, 0
		case r == marker:
			if !prevMarker {
				return j, partWord, 0
			}
		case sp.runeInert(r, s[j:j+n]):
			return j, partWord, 0
		default:
			prevMarker = false
		}
		prev = -1
		j += n
	}
	return j, partWord, 0
}

// encodeWord appends the ids of a word, through the cache.
func (sp *SentencePiece) encodeWord(dst []uint32, s string, w *spWord, cache *idcache.Cache, sc *Scratch) ([]uint32, error) {
	if w.keyOK {
		var hit bool
		if dst, hit = cache.GetHashed(dst, &w.k, w.h); hit {
			return dst, nil
		}
	}
	raw := s[w.i:w.j]
	// The normalized part.
	norm := sc.norm[:0]
	if w.virtual {
		norm = append(norm, sp.markerBytes[:sp.markerLen]...)
	}
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c == ' ' {
			norm = append(norm, sp.markerBytes[:sp.markerLen]...)
		} else {
			norm = append(norm, c)
		}
	}
	sc.norm = norm
	n := len(dst)
	dst, err := sp.AppendIDs(dst, norm, sc)
	if err != nil {
		return dst, err
	}
	if w.keyOK {
		cache.PutHashed(&w.k, w.h, dst[n:])
	}
	return dst, nil
}

// runeInert reports whether the character r (of UTF-8 bytes ch, not the
// marker) never merges.
func (sp *SentencePiece) runeInert(r rune, ch string) bool {
	if r < 1<<16 {
		return sp.inertBits[r>>6]&(1<<(r&63)) != 0
	}
	if id, ok := sp.m.vocab[ch]; ok {
		return !sp.merges(id)
	}
	return sp.bytesInert
}

// appendInert appends the ids of the character r (of UTF-8 bytes ch) that
// never merges: its token, or its byte-fallback tokens.
func (sp *SentencePiece) appendInert(dst []uint32, r rune, ch string) []uint32 {
	if r < 1<<16 {
		if v := sp.runeIDs[r]; v != 0 {
			return append(dst, v-1)
		}
	} else if id, ok := sp.m.vocab[ch]; ok {
		return append(dst, id)
	}
	for i := 0; i < len(ch); i++ {
		dst = append(dst, uint32(sp.m.byteIDs[ch[i]]))
	}
	return dst
}

// decodeRune is utf8.DecodeRuneInString(s[i:]) with the characters of two
// and three bytes decoded inline.
func decodeRune(s string, i int) (rune, int) {
	if i+2 < len(s) {
		c0, c1, c2 := s[i], s[i+1], s[i+2]
		if c0 < 0xE0 {
			if c0 >= 0xC2 && c1&0xC0 == 0x80 {
				return rune(c0&0x1F)<<6 | rune(c1&0x3F), 2
			}
		} else if c0 < 0xF0 && c1&0xC0 == 0x80 && c2&0xC0 == 0x80 {
			if r := rune(c0&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F); r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
				return r, 3
			}
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}
