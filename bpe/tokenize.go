package bpe

import (
	"math/rand/v2"
	"sync/atomic"
	"unicode/utf8"
)

// symbol is one token of a word being merged. Symbols stay in the slice in
// word order; a merge folds the right symbol into the left one and marks the
// right one removed (len 0: every live symbol covers at least one byte).
type symbol struct {
	id         uint32
	prev, next int32 // neighbour indexes, -1 at the ends
	len        int32 // bytes of the word covered; 0 once merged away
}

// heapItem is a candidate merge: the pair starting at symbol pos, of the
// given rank, giving the token newID. key packs rank and pos so that one
// comparison orders by rank, then by position, as the reference does.
type heapItem struct {
	key   uint64 // rank<<32 | pos
	newID uint32
}

// scratch is the working state of one Tokenize call, recycled through the
// model's pool so that warm calls do not allocate.
type scratch struct {
	syms []symbol
	heap []heapItem
	skip []heapItem
	buf  []byte
	rng  *rand.Rand

	// win merges long words of unique ids by windows (window.go);
	// wids and wstarts hold a word's symbols then its tokens, and the
	// tokens' first symbols, for mergeAllWindows.
	win     window
	wids    []uint32
	wstarts []uint32
}

func (m *Model) getScratch() *scratch {
	if s, ok := m.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{}
}

// maxScratch bounds what a scratch keeps when it returns to the pool, so
// that one huge word does not pin its memory.
const maxScratch = 1 << 16

func (m *Model) putScratch(s *scratch) {
	if cap(s.syms) > maxScratch || cap(s.heap) > 3*maxScratch || cap(s.skip) > 3*maxScratch {
		s.syms, s.heap, s.skip = nil, nil, nil
	}
	s.win.shrink()
	if cap(s.wids) > 2*maxScratch || cap(s.wstarts) > maxScratch {
		s.wids, s.wstarts = nil, nil
	}
	m.pool.Put(s)
}

// Tokenize appends the tokens of word to dst and returns the extended slice.
// It does not allocate once warm, except to grow dst and to add a new word
// to the word cache.
//
// The word starts as one symbol per character (an invalid UTF-8 byte counts
// as a character), looked up in the vocabulary with the continuing subword
// prefix before every character but the first and the end-of-word suffix
// after the last. A character that is not in the vocabulary becomes, in this
// order of preference: the byte-fallback tokens <0xXX> of the bytes of the
// looked-up string (affixes included) if ByteFallback is set and all of them
// exist; the unknown token (one per character, or one per run with FuseUnk);
// nothing (the character is dropped) without an unknown token. Then merges
// apply; with IgnoreMerges (and no dropout) a word that is in the vocabulary
// is one token.
//
// Offsets are computed as in the reference, by adding up the byte lengths of
// the tokens from 0: they are exact except that a dropped character shifts
// later tokens left, a byte-fallback token counts 1 byte (so affix bytes
// make later offsets run past the character, possibly past the word's end),
// and a pending unknown token is emitted after byte-fallback tokens that
// follow it (the reference's order).
//
// Tokenize fails, wrapping [ErrUnkTokenNotFound], when the word needs the
// unknown token and the vocabulary does not have it.
//
// With dropout, each call draws from a random generator owned by the call's
// pooled scratch (seeded from math/rand/v2 when the scratch is made): results
// vary from call to call, as in the reference. [Model.TokenizeRand] takes the
// generator from the caller instead.
func (m *Model) Tokenize(dst []Token, word string) ([]Token, error) {
	return m.TokenizeRand(dst, word, nil)
}

// TokenizeRand is like [Model.Tokenize], but with dropout the merges to skip
// are drawn from r (when r is not nil), which makes results reproducible
// for a given seed. r is used by this call only; it must not be shared with
// concurrent calls. Without dropout, r is not used.
func (m *Model) TokenizeRand(dst []Token, word string, r *rand.Rand) ([]Token, error) {
	if word == "" {
		return dst, nil
	}
	if m.dropout == 0 && m.ignoreMerges {
		if id, ok := m.vocab[word]; ok {
			return append(dst, Token{ID: id, Start: 0, End: len(word)}), nil
		}
	}
	var set []atomic.Pointer[cacheEntry]
	if m.cache != nil && len(word) <= maxCachedWord {
		set = m.cache.set(word)
		var hit bool
		if dst, hit = get(set, dst, word); hit {
			return dst, nil
		}
	}
	s := m.getScratch()
	defer m.putScratch(s)
	if err := m.initSymbols(s, word); err != nil {
		return dst, err
	}
	if len(s.syms) > 1 && m.merges.n > 0 {
		if m.dropout == 0 {
			if m.uniqueIDs && len(s.syms) > minWindowedSymbols {
				m.mergeAllWindows(s)
			} else {
				m.mergeAll(s)
			}
		} else {
			if r == nil {
				if s.rng == nil {
					s.rng = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
				}
				r = s.rng
			}
			m.mergeAllDropout(s, r)
		}
	}
	n := len(dst)
	pos := 0
	for _, sym := range s.syms {
		if sym.len == 0 {
			continue
		}
		end := pos + int(sym.len)
		dst = append(dst, Token{ID: sym.id, Start: pos, End: end})
		pos = end
	}
	if set != nil {
		put(set, word, dst[n:])
	}
	return dst, nil
}

// addSymbol appends a symbol linked after the last one.
func (s *scratch) addSymbol(id uint32, n int) {
	i := int32(len(s.syms))
	prev := i - 1
	if prev >= 0 {
		s.syms[prev].next = i
	}
	s.syms = append(s.syms, symbol{id: id, prev: prev, next: -1, len: int32(n)})
}

// initSymbols splits word into its initial symbols (see Tokenize).
func (m *Model) initSymbols(s *scratch, word string) error {
	s.syms = s.syms[:0]
	unkLen := 0 // bytes of the pending unknown token; 0 when none
	for i := 0; i < len(word); {
		c := word[i]
		n := 1
		if c >= utf8.RuneSelf {
			_, n = utf8.DecodeRuneInString(word[i:])
		}
		var id int64 = -1
		var str string // the looked-up string, for byte fallback
		if m.plain {
			if c < utf8.RuneSelf {
				id = m.ascii[c]
			} else if v, ok := m.vocab[word[i:i+n]]; ok {
				id = int64(v)
			}
			if id < 0 {
				str = word[i : i+n]
			}
		} else {
			b := s.buf[:0]
			if i > 0 {
				b = append(b, m.prefix...)
			}
			b = append(b, word[i:i+n]...)
			if i+n == len(word) {
				b = append(b, m.suffix...)
			}
			s.buf = b
			if v, ok := m.vocab[string(b)]; ok {
				id = int64(v)
			}
		}
		if id >= 0 {
			if unkLen > 0 {
				s.addSymbol(m.unkID, unkLen)
				unkLen = 0
			}
			s.addSymbol(uint32(id), n)
			i += n
			continue
		}
		if m.byteFallback {
			if m.plain {
				if allBytesKnown(m, str) {
					for j := 0; j < len(str); j++ {
						s.addSymbol(uint32(m.byteIDs[str[j]]), 1)
					}
					i += n
					continue
				}
			} else if allBytesKnown(m, s.buf) {
				for _, b := range s.buf {
					s.addSymbol(uint32(m.byteIDs[b]), 1)
				}
				i += n
				continue
			}
		}
		if m.hasUnk {
			if unkLen > 0 && m.fuseUnk {
				unkLen += n
			} else {
				if unkLen > 0 {
					s.addSymbol(m.unkID, unkLen)
				}
				if !m.unkInVocab {
					return m.unkErr
				}
				unkLen = n
			}
		}
		i += n
	}
	if unkLen > 0 {
		s.addSymbol(m.unkID, unkLen)
	}
	return nil
}

// allBytesKnown reports whether every byte of bs has a byte-fallback token.
func allBytesKnown[S ~string | ~[]byte](m *Model, bs S) bool {
	for i := 0; i < len(bs); i++ {
		if m.byteIDs[bs[i]] < 0 {
			return false
		}
	}
	return true
}

// initHeap fills the heap with the mergeable pairs of the initial symbols.
func (m *Model) initHeap(s *scratch) {
	h := s.heap[:0]
	syms := s.syms
	for i := 0; i+1 < len(syms); i++ {
		if rank, newID, ok := m.merges.get(pairKey(syms[i].id, syms[i+1].id)); ok {
			h = append(h, heapItem{key: uint64(rank)<<32 | uint64(i), newID: newID})
		}
	}
	heapify(h)
	s.heap = h
}

// mergeAll applies the merges to s.syms.
func (m *Model) mergeAll(s *scratch) {
	m.initHeap(s)
	for len(s.heap) > 0 {
		var top heapItem
		s.heap, top = heapPop(s.heap)
		m.apply(s, top)
	}
}

// minWindowedSymbols is the number of symbols above which Tokenize merges
// by windows (window.go) rather than with a heap.
const minWindowedSymbols = 256

// mergeAllWindows applies the merges to s.syms by windows, when ids are
// unique: what mergeAll does, in time linear in the word's length.
func (m *Model) mergeAllWindows(s *scratch) {
	ids := s.wids[:0]
	for _, sym := range s.syms {
		ids = append(ids, sym.id)
	}
	starts := s.wstarts[:0]
	if starts == nil {
		starts = make([]uint32, 0, 64) // not nil: mergeIDs fills it
	}
	ids, starts = m.mergeIDs(ids, starts, ids[:len(s.syms)], defaultWindow)
	s.wids, s.wstarts = ids, starts
	toks := ids[len(s.syms):]
	syms := s.syms
	for k, a := range starts {
		b := len(syms)
		if k+1 < len(starts) {
			b = int(starts[k+1])
		}
		n := syms[a].len
		for i := int(a) + 1; i < b; i++ {
			n += syms[i].len
			syms[i].len = 0
		}
		syms[a].id, syms[a].len = toks[k], n
	}
}

// mergeAllDropout applies the merges to s.syms, skipping each with
// probability m.dropout. As in the reference, a skipped merge goes back on
// the heap as soon as a merge is applied, and is lost if none is applied
// before the heap runs empty.
func (m *Model) mergeAllDropout(s *scratch, r *rand.Rand) {
	m.initHeap(s)
	s.skip = s.skip[:0]
	for len(s.heap) > 0 {
		var top heapItem
		s.heap, top = heapPop(s.heap)
		if r.Float32() < m.dropout {
			s.skip = append(s.skip, top)
			continue
		}
		for _, it := range s.skip {
			s.heap = heapPush(s.heap, it)
		}
		s.skip = s.skip[:0]
		m.apply(s, top)
	}
}

// apply performs the merge top if it is still valid, and pushes the pairs
// the merged symbol forms with its neighbours.
func (m *Model) apply(s *scratch, top heapItem) {
	syms := s.syms
	pos := int32(uint32(top.key))
	sym := &syms[pos]
	if sym.len == 0 || sym.next < 0 {
		return
	}
	rpos := sym.next
	right := syms[rpos]
	// The entry is stale unless the pair at pos still merges into its
	// token (the reference compares the merged id only, not the rank).
	if _, newID, ok := m.merges.get(pairKey(sym.id, right.id)); !ok || newID != top.newID {
		return
	}
	sym.id = top.newID
	sym.len += right.len
	sym.next = right.next
	syms[rpos].len = 0
	if right.next >= 0 {
		syms[right.next].prev = pos
	}
	if sym.prev >= 0 {
		if rank, newID, ok := m.merges.get(pairKey(syms[sym.prev].id, sym.id)); ok {
			s.heap = heapPush(s.heap, heapItem{key: uint64(rank)<<32 | uint64(uint32(sym.prev)), newID: newID})
		}
	}
	if sym.next >= 0 {
		if rank, newID, ok := m.merges.get(pairKey(sym.id, syms[sym.next].id)); ok {
			s.heap = heapPush(s.heap, heapItem{key: uint64(rank)<<32 | uint64(uint32(pos)), newID: newID})
		}
	}
}

// The heap is a binary min-heap on heapItem.key, written out rather than
// through container/heap to avoid interface calls.

func heapify(h []heapItem) {
	for i := len(h)/2 - 1; i >= 0; i-- {
		siftDown(h, i)
	}
}

func heapPush(h []heapItem, it heapItem) []heapItem {
	h = append(h, it)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p].key <= it.key {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = it
	return h
}

func heapPop(h []heapItem) ([]heapItem, heapItem) {
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	if n > 1 {
		siftDown(h, 0)
	}
	return h, top
}

func siftDown(h []heapItem, i int) {
	it := h[i]
	n := len(h)
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h[c+1].key < h[c].key {
			c++
		}
		if it.key <= h[c].key {
			break
		}
		h[i] = h[c]
		i = c
	}
	h[i] = it
}
