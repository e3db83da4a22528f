package bpe

import (
	"unicode/utf8"
)

// This file is the entry point of the tokenizer's SentencePiece fast path
// (tokenizer/fastpath_sentencepiece.go): ids without offsets, and the places
// where a long word can be cut into parts that tokenize independently. It
// reads the model's tables (vocab, ascii, byteIDs, merges.get, the unknown
// token and option fields) but has its own merge loop.

// SentencePiece encodes words of a model to ids, with what it precomputes
// about the model: ids of characters, the tokens no merge involves, and
// whether words can be cut before a marker character (see [SentencePiece.Next]).
// It is immutable and safe for concurrent use.
type SentencePiece struct {
	m *Model

	// exact is true when the model is plain (no affixes), deterministic
	// (no dropout) and without ignore_merges: AppendIDs then merges
	// itself; otherwise it goes through Tokenize.
	exact bool
	// scan is true when the vocabulary gives each id one token: merging
	// the lowest (rank, position) pair by scanning is then the
	// reference's heap algorithm exactly (its staleness test compares
	// merged ids only).
	scan bool

	// runeIDs[r]+1 is the id of the one-character token r (r < 1<<16),
	// 0 when there is none.
	runeIDs []uint32

	// inMerge[id/64] bit id%64 is set when id is either side of a merge.
	inMerge []uint64
	// asciiInert[c] says that the ASCII character c is one symbol that
	// never merges (or byte-fallback tokens that never do).
	asciiInert [utf8.RuneSelf]bool
	// bytesInert says that every character missing from the vocabulary
	// becomes byte-fallback tokens that no merge involves.
	bytesInert bool

	// marker is the character before whose runs words may be cut, when
	// markerCuts is true.
	marker      rune
	markerLen   int
	markerBytes [utf8.UTFMax]byte
	markerCuts  bool

	// For AppendSpaced: the id of the marker's token and whether it
	// never merges, what each ASCII byte is in the raw text, and the
	// characters r < 1<<16 that never merge (bit r).
	markerID    uint32
	markerInert bool
	rawKind     [utf8.RuneSelf]uint8
	inertBits   []uint64
	// cutBits has the bit a<<7|b set for the ASCII characters a and b,
	// each a token of its own, that no merged token has side by side:
	// no symbol can ever cover both, and a word cut between them
	// tokenizes as its two sides do (see scanPart).
	cutBits []uint64
}

// NewSentencePiece returns the encoder of m's words for a pipeline whose
// spaces become marker (utf8.RuneError for none).
func NewSentencePiece(m *Model, marker rune) *SentencePiece {
	sp := &SentencePiece{
		m:     m,
		exact: m.plain && m.dropout == 0 && !m.ignoreMerges,
	}
	// Injectivity, the one-character table and merge sides.
	maxID := uint32(0)
	for _, id := range m.vocab {
		maxID = max(maxID, id)
	}
	seen := make([]uint64, maxID/64+1)
	sp.scan = true
	sp.runeIDs = make([]uint32, 1<<16)
	for tok, id := range m.vocab {
		if seen[id/64]&(1<<(id%64)) != 0 {
			sp.scan = false
		}
		seen[id/64] |= 1 << (id % 64)
		if r, sz := utf8.DecodeRuneInString(tok); sz == len(tok) && sz > 0 && r < 1<<16 && (r != utf8.RuneError || sz == 3) {
			sp.runeIDs[r] = id + 1
		}
	}
	sp.inMerge = make([]uint64, maxID/64+1)
	mark := func(id uint32) {
		if id/64 < uint32(len(sp.inMerge)) {
			sp.inMerge[id/64] |= 1 << (id % 64)
		}
	}
	for id, sides := range m.mergeable {
		if sides != 0 {
			mark(uint32(id))
		}
	}
	allBytes := true
	bytesMerge := false
	for _, id := range m.byteIDs {
		if id < 0 {
			allBytes = false
		} else if sp.merges(uint32(id)) {
			bytesMerge = true
		}
	}
	sp.bytesInert = m.byteFallback && allBytes && !bytesMerge
	for c := range sp.asciiInert {
		if id := m.ascii[c]; id >= 0 {
			sp.asciiInert[c] = !sp.merges(uint32(id))
		} else {
			sp.asciiInert[c] = sp.bytesInert
		}
	}
	if sp.exact && marker != utf8.RuneError && marker >= utf8.RuneSelf {
		sp.marker = marker
		sp.markerLen = utf8.EncodeRune(sp.markerBytes[:], marker)
		sp.markerCuts = sp.checkMarkerCuts(marker)
	}
	if sp.markerCuts {
		sp.markerID = m.vocab[string(marker)]
		sp.markerInert = !sp.merges(sp.markerID)
		sp.rawKind = sp.rawKinds()
		sp.cutBits = sp.bigramCuts()
		sp.inertBits = make([]uint64, 1<<16/64)
		for r := utf8.RuneSelf; r < 1<<16; r++ {
			inert := sp.bytesInert
			if v := sp.runeIDs[r]; v != 0 {
				inert = !sp.merges(v - 1)
			}
			if inert {
				sp.inertBits[r>>6] |= 1 << (r & 63)
			}
		}
	}
	return sp
}

// merges reports whether id is either side of a merge.
func (sp *SentencePiece) merges(id uint32) bool {
	return id/64 < uint32(len(sp.inMerge)) && sp.inMerge[id/64]&(1<<(id%64)) != 0
}

// checkMarkerCuts reports whether a word can be cut before every run of
// the marker that follows another character: the marker is a token, no
// character can be dropped (there is an unknown token, or byte fallback
// for every byte), the unknown token is not made of markers only, and no
// merge joins a token that ends with something else than markers to a
// token that starts with the marker.
//
// Then no symbol can ever cover the cut: the symbol on its right always
// starts with the marker (the marker is a token, and merged tokens are
// the concatenation of their parts), the one on its left ends with the
// token of the character before the cut, a byte-fallback token or the
// unknown token, none of which is made of markers, and no merge joins two
// such symbols. Since merges only ever join neighbours, the two sides then
// go through exactly the merges they would go through alone (ranks are
// global, but the order of the merges on one side does not depend on the
// other), unknown characters are not fused across the cut (the marker is
// known), and pending unknown tokens are emitted at the same place.
func (sp *SentencePiece) checkMarkerCuts(marker rune) bool {
	m := sp.m
	ms := string(marker)
	if _, ok := m.vocab[ms]; !ok || !sp.scan {
		return false
	}
	allBytes := true
	for _, id := range m.byteIDs {
		allBytes = allBytes && id >= 0
	}
	if !m.hasUnk && !(m.byteFallback && allBytes) {
		return false
	}
	onlyMarkers := func(s string) bool {
		for _, r := range s {
			if r != marker {
				return false
			}
		}
		return true
	}
	if m.hasUnk && onlyMarkers(m.unkToken) {
		return false
	}
	for _, s := range m.merges.slots {
		if s.rank1 == 0 {
			continue
		}
		a, okA := m.IDToToken(uint32(s.key >> 32))
		b, okB := m.IDToToken(uint32(s.key))
		if !okA || !okB {
			return false
		}
		if len(b) >= len(ms) && b[:len(ms)] == ms && !onlyMarkers(a) {
			return false
		}
	}
	return true
}

// MarkerCuts reports whether [SentencePiece.Next] cuts before runs of the
// marker.
func (sp *SentencePiece) MarkerCuts() bool { return sp.markerCuts }

// Next returns the end of the part of word that starts at i (i < len(word))
// and tokenizes independently of the rest of the word: the tokens of word
// are those of its parts, one after the other. single is true when the part
// is one character that never merges (a token no merge involves, or
// byte-fallback tokens that none does), which is not worth caching.
//
// Parts end before such characters and before every run of the marker
// that follows another character (when [SentencePiece.MarkerCuts]).
// Without either, the whole word is one part. word must be valid UTF-8.
func (sp *SentencePiece) Next(word []byte, i int) (end int, single bool) {
	if !sp.exact {
		return len(word), false
	}
	n, inert := sp.inertAt(word, i)
	if inert {
		return i + n, true
	}
	prevMarker := sp.isMarker(word, i)
	for j := i + n; j < len(word); {
		c := word[j]
		if c < utf8.RuneSelf {
			if sp.asciiInert[c] {
				return j, false
			}
			prevMarker = false
			j++
			continue
		}
		if sp.isMarker(word, j) {
			if !prevMarker && sp.markerCuts {
				return j, false
			}
			prevMarker = true
			j += sp.markerLen
			continue
		}
		n, inert := sp.inertAt(word, j)
		if inert {
			return j, false
		}
		prevMarker = false
		j += n
	}
	return len(word), false
}

// isMarker reports whether the marker is at word[i:].
func (sp *SentencePiece) isMarker(word []byte, i int) bool {
	if sp.markerLen == 0 || len(word)-i < sp.markerLen {
		return false
	}
	for k := 0; k < sp.markerLen; k++ {
		if word[i+k] != sp.markerBytes[k] {
			return false
		}
	}
	return true
}

// inertAt returns the length of the character at i, and whether it never
// merges.
func (sp *SentencePiece) inertAt(word []byte, i int) (int, bool) {
	c := word[i]
	if c < utf8.RuneSelf {
		return 1, sp.asciiInert[c]
	}
	r, n := utf8.DecodeRune(word[i:])
	if r == utf8.RuneError && n == 1 {
		return 1, false
	}
	id, ok := sp.charID(word[i:i+n], r)
	if ok {
		return n, !sp.merges(id)
	}
	return n, sp.bytesInert
}

// charID returns the id of the one-character token ch (r, its rune).
func (sp *SentencePiece) charID(ch []byte, r rune) (uint32, bool) {
	if r < 1<<16 && (r != utf8.RuneError || len(ch) == 3) {
		v := sp.runeIDs[r]
		return v - 1, v != 0
	}
	id, ok := sp.m.vocab[string(ch)]
	return id, ok
}

// Scratch is the reusable working memory of [SentencePiece.AppendIDs]. The
// zero value is ready to use; a Scratch must not be used by two calls at
// once.
type Scratch struct {
	ids   []uint32
	ranks []uint32
	nids  []uint32
	syms  []spSym
	heap  []heapItem
	toks  []Token
	// norm holds a part's normalized text (AppendSpaced).
	norm []byte
}

// spSym is a symbol of a long word: the heap algorithm links them.
type spSym struct {
	id         uint32
	prev, next int32
	alive      bool
}

// smallWord is the number of symbols up to which merges are found by
// scanning the pairs rather than through a heap.
const smallWord = 48

// noRank marks a pair that does not merge.
const noRank = ^uint32(0)

// AppendIDs appends the ids of the tokens of word to dst: exactly the ids of
// [Model.Tokenize]. It does not use the model's word cache. On error (the
// unknown token is needed but missing) it returns dst unchanged and the
// error Tokenize returns.
func (sp *SentencePiece) AppendIDs(dst []uint32, word []byte, s *Scratch) ([]uint32, error) {
	if len(word) == 0 {
		return dst, nil
	}
	m := sp.m
	if !sp.exact {
		var err error
		s.toks, err = m.Tokenize(s.toks[:0], string(word))
		if err != nil {
			return dst, err
		}
		for _, t := range s.toks {
			dst = append(dst, t.ID)
		}
		return dst, nil
	}
	if err := sp.initSymbols(s, word); err != nil {
		return dst, err
	}
	if len(s.ids) > 1 && m.merges.n > 0 {
		switch {
		case len(s.ids) <= smallWord && sp.scan:
			sp.mergeScan(s)
		case sp.scan:
			// Unique ids: window by window, linear in the word.
			return m.appendMergedIDs(dst, s.ids), nil
		default:
			return sp.mergeHeap(dst, s), nil
		}
	}
	return append(dst, s.ids...), nil
}

// initSymbols puts the initial symbols of word in s.ids, as
// Model.initSymbols does for a plain model.
func (sp *SentencePiece) initSymbols(s *Scratch, word []byte) error {
	m := sp.m
	ids := s.ids[:0]
	unkPending := false
	for i := 0; i < len(word); {
		c := word[i]
		if c < utf8.RuneSelf {
			if id := m.ascii[c]; id >= 0 {
				if unkPending {
					ids = append(ids, m.unkID)
					unkPending = false
				}
				ids = append(ids, uint32(id))
				i++
				continue
			}
		}
		n := 1
		var id uint32
		var ok bool
		if c < utf8.RuneSelf {
			ok = false
		} else {
			var r rune
			r, n = utf8.DecodeRune(word[i:])
			if r == utf8.RuneError && n == 1 {
				id, ok = m.vocab[string(word[i:i+1])]
			} else {
				id, ok = sp.charID(word[i:i+n], r)
			}
		}
		if ok {
			if unkPending {
				ids = append(ids, m.unkID)
				unkPending = false
			}
			ids = append(ids, id)
			i += n
			continue
		}
		if m.byteFallback && allBytesKnown(m, word[i:i+n]) {
			for _, b := range word[i : i+n] {
				ids = append(ids, uint32(m.byteIDs[b]))
			}
			i += n
			continue
		}
		if m.hasUnk {
			if unkPending && m.fuseUnk {
				i += n
				continue
			}
			if unkPending {
				ids = append(ids, m.unkID)
			}
			if !m.unkInVocab {
				s.ids = ids
				return m.unkErr
			}
			unkPending = true
		}
		i += n
	}
	if unkPending {
		ids = append(ids, m.unkID)
	}
	s.ids = ids
	return nil
}

// mergeScan applies the merges to s.ids by finding the lowest (rank,
// position) pair by a scan, for short words.
func (sp *SentencePiece) mergeScan(s *Scratch) {
	mt := &sp.m.merges
	ids := s.ids
	n := len(ids)
	ranks := growU32(s.ranks, n)
	nids := growU32(s.nids, n)
	s.ranks, s.nids = ranks, nids
	for i := 0; i+1 < n; i++ {
		ranks[i], nids[i] = pairRank(mt, ids[i], ids[i+1])
	}
	for n > 1 {
		best, bi := noRank, -1
		for i, r := range ranks[:n-1] {
			if r < best {
				best, bi = r, i
			}
		}
		if bi < 0 {
			break
		}
		ids[bi] = nids[bi]
		copy(ids[bi+1:n-1], ids[bi+2:n])
		copy(ranks[bi:n-2], ranks[bi+1:n-1])
		copy(nids[bi:n-2], nids[bi+1:n-1])
		n--
		if bi > 0 {
			ranks[bi-1], nids[bi-1] = pairRank(mt, ids[bi-1], ids[bi])
		}
		if bi+1 < n {
			ranks[bi], nids[bi] = pairRank(mt, ids[bi], ids[bi+1])
		}
	}
	s.ids = ids[:n]
}

func pairRank(mt *mergeTable, a, b uint32) (uint32, uint32) {
	rank, newID, ok := mt.get(pairKey(a, b))
	if !ok {
		return noRank, 0
	}
	return rank, newID
}

func growU32(b []uint32, n int) []uint32 {
	if cap(b) < n {
		return make([]uint32, n, n+n/2)
	}
	return b[:n]
}

// mergeHeap applies the merges to s.ids with a heap keyed by (rank,
// position), as the reference does, and appends the result to dst.
func (sp *SentencePiece) mergeHeap(dst []uint32, s *Scratch) []uint32 {
	mt := &sp.m.merges
	ids := s.ids
	n := len(ids)
	syms := s.syms[:0]
	for i, id := range ids {
		syms = append(syms, spSym{id: id, prev: int32(i - 1), next: int32(i + 1), alive: true})
	}
	syms[n-1].next = -1
	h := s.heap[:0]
	for i := 0; i+1 < n; i++ {
		if rank, newID, ok := mt.get(pairKey(ids[i], ids[i+1])); ok {
			h = append(h, heapItem{key: uint64(rank)<<32 | uint64(i), newID: newID})
		}
	}
	heapify(h)
	for len(h) > 0 {
		var top heapItem
		h, top = heapPop(h)
		pos := int32(uint32(top.key))
		sym := &syms[pos]
		if !sym.alive || sym.next < 0 {
			continue
		}
		rpos := sym.next
		right := syms[rpos]
		if _, newID, ok := mt.get(pairKey(sym.id, right.id)); !ok || newID != top.newID {
			continue
		}
		sym.id = top.newID
		sym.next = right.next
		syms[rpos].alive = false
		if right.next >= 0 {
			syms[right.next].prev = pos
		}
		if sym.prev >= 0 {
			if rank, newID, ok := mt.get(pairKey(syms[sym.prev].id, sym.id)); ok {
				h = heapPush(h, heapItem{key: uint64(rank)<<32 | uint64(uint32(sym.prev)), newID: newID})
			}
		}
		if sym.next >= 0 {
			if rank, newID, ok := mt.get(pairKey(sym.id, syms[sym.next].id)); ok {
				h = heapPush(h, heapItem{key: uint64(rank)<<32 | uint64(uint32(pos)), newID: newID})
			}
		}
	}
	for i := int32(0); i >= 0; i = syms[i].next {
		dst = append(dst, syms[i].id)
	}
	s.syms, s.heap = syms, h
	return dst
}

// Shrink drops the memory of s beyond what words of about n bytes need,
// so that one huge word does not pin its memory.
func (s *Scratch) Shrink(n int) {
	if limit := 4*n + 64; cap(s.ids) > limit || cap(s.syms) > limit || cap(s.heap) > 3*limit || cap(s.toks) > limit || cap(s.norm) > 4*limit {
		*s = Scratch{}
	}
}
