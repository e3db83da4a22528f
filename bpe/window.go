package bpe

import (
	"math"
	"unicode/utf8"
)

// Long words are merged window by window, in time linear in their length
// and in memory bounded by the window, when no two tokens share an id.
//
// Merging applies, while one exists, the merge of lowest (rank, position)
// among the adjacent pairs. Merges only join neighbours, so a word cut in
// two parts X and Y merges as its parts do, interleaved, until a merge
// joins the last symbol of X with the first of Y (a crossing). The last
// symbol of X goes through a sequence of tokens x_0, x_1, ... (each made
// when the one before merges with its left neighbour), each present from
// the time the merge that made it is applied to the time the merge that
// ends it is; so does the first symbol of Y (y_0, y_1, ..., each ended by
// a merge with its right neighbour). Times are the keys (rank, position)
// of the merges: when a part's run is monotone (every merge it applies
// makes pairs of higher rank than its own), its merges are applied in
// increasing key order, and so are those of two such runs interleaved.
// The first crossing, if any, joins some x_i and y_j that are both
// present when it is applied, and its key (the rank of x_i y_j, the
// position of x_i) is below the times at which x_i and y_j would end: it
// is the smallest pending key when applied, the merges pending then have
// higher keys, and so do those they make later (monotone). So if no x_i
// and y_j present together merge with a key below the time the first of
// them ends, there is no crossing, and the tokens of the word are those of
// X followed by those of Y. With several cuts, the first crossing at any
// of them is one between two parts that have merged as they do alone so
// far: the same test at every cut shows there is none.
//
// The parts and their histories come from windows: a window of symbols
// starting at a cut is merged alone; the start of its last token that ends
// at least a margin before the window's end is the next cut (no merge
// crosses it in the window, so the window's tokens before it are those of
// the part alone, and so are the histories of the symbols next to it); the
// next window starts there, and its first symbol's history is tested
// against the last symbol's of the part before. Far from the window's end
// what happens does not depend on what follows in the text, so the test
// passes for natural merge lists. When it fails, the window before is
// merged again, larger (see windows); when that does not help (or a run is
// not monotone: merge lists in odd orders), the whole word is merged in
// one window, which is the reference's algorithm.
//
// Positions are comparable across windows: a symbol's coordinate is where
// it starts in the word (a byte offset for ByteEncoder, a symbol index for
// ids), which orders symbols as their indexes do.
//
// An entry of the reference's heap applies when the pair at its position
// merges into the entry's token: with unique ids, exactly when that pair
// has not changed since the entry was made (a pair only changes by one of
// its symbols growing, and merges into a longer token if at all). So a
// window keeps the current pair of each symbol in the leaves of a
// tournament tree whose root is the pair to merge.

// windowParams are the number of symbols of a window and the margin before
// its end within which no cut is made.
type windowParams struct{ size, margin int }

// defaultWindow is the window of ByteEncoder and of appendMergedIDs.
var defaultWindow = windowParams{size: 1024, margin: 64}

// never is the time of a merge that does not happen.
const never = math.MaxUint64

// noKey marks a leaf without a pair that merges.
const noKey = math.MaxUint64

// histEntry is a token that was for a time the last symbol of a part (or
// its first): from time born to time died, times being merge keys + 1 (0
// for the start, never for the end).
type histEntry struct {
	id         uint32
	start      uint32 // the coordinate of the token's start
	born, died uint64
}

// window is the state of the merging of a window.
type window struct {
	n      int      // symbols
	ids    []uint32 // each symbol's token
	newIDs []uint32 // the token the pair at each symbol merges into
	coord  []uint32 // each symbol's start in the word
	next   []int32  // -1 at the end
	prev   []int32  // -1 at the start; kept when merged away (the absorber)
	dead   []uint64 // the time a symbol was merged into its left neighbour, 0 while alive
	tree   []uint64 // tournament tree of the pairs' keys, leaves at size
	size   int
	id0    uint32      // the first symbol's initial token
	first  []histEntry // the merges of the first symbol: id and born
	mono   bool        // whether every merge made pairs of higher rank than its own
	xh, yh []histEntry // histories on each side of a cut
	xa     []histEntry // the history before the cut before (see windows)
}

// prepare sizes w for up to n symbols and returns the leaves.
func (w *window) prepare(n int) []uint64 {
	size := 1
	for size < n {
		size *= 2
	}
	w.size = size
	w.tree = grow(w.tree, 2*size)
	w.ids = grow(w.ids, n)
	w.newIDs = grow(w.newIDs, n)
	w.coord = grow(w.coord, n)
	w.next = grow(w.next, n)
	w.prev = grow(w.prev, n)
	w.dead = grow(w.dead, n)
	return w.tree[size : 2*size]
}

// maxWindowScratch bounds the symbols a window keeps memory for in the
// pool (a word merged whole allocates for all its symbols).
const maxWindowScratch = 1 << 12

// shrink drops w's memory when it is much larger than a window needs.
func (w *window) shrink() {
	if cap(w.ids) > maxWindowScratch || cap(w.tree) > 4*maxWindowScratch {
		*w = window{xh: w.xh[:0], yh: w.yh[:0], xa: w.xa[:0], first: w.first[:0]}
	}
	if cap(w.first) > maxWindowScratch || cap(w.xh) > maxWindowScratch || cap(w.yh) > maxWindowScratch || cap(w.xa) > maxWindowScratch {
		w.first, w.xh, w.yh, w.xa = nil, nil, nil, nil
	}
}

// treeSet sets leaf k of tree (k counts from the root's 1) to v and
// updates its ancestors, stopping at the first that does not change. The
// new minimum is carried up in a register rather than reloaded.
func treeSet(tree []uint64, k int, v uint64) {
	tree[k] = v
	for k > 1 {
		v = min(v, tree[k^1])
		k >>= 1
		if tree[k] == v {
			return
		}
		tree[k] = v
	}
}

// run merges the window: w.n symbols (at least 1) whose ids, coordinates,
// and pairs (leaves: rank<<32 | index, or noKey; newIDs) are set.
func (m *Model) runWindow(w *window) {
	n, size := w.n, w.size
	tree := w.tree
	ids, newIDs, coord := w.ids[:n], w.newIDs[:n], w.coord[:n]
	next, prev, dead := w.next[:n], w.prev[:n], w.dead[:n]
	leaves := tree[size : 2*size]
	for i := n - 1; i < size; i++ {
		leaves[i] = noKey
	}
	for k := size - 1; k >= 1; k-- {
		tree[k] = min(tree[2*k], tree[2*k+1])
	}
	for i := range n {
		next[i] = int32(i + 1)
		prev[i] = int32(i - 1)
		dead[i] = 0
	}
	next[n-1] = -1
	w.id0 = ids[0]
	w.first = w.first[:0]
	mono := true
	for {
		best := tree[1]
		if best == noKey {
			break
		}
		j := int32(uint32(best))
		rank := uint32(best >> 32)
		t := uint64(rank)<<32 | uint64(coord[j]) + 1
		// Merge the symbol at r into the one at j.
		r := next[j]
		nid := newIDs[j]
		ids[j] = nid
		dead[r] = t
		if j == 0 {
			w.first = append(w.first, histEntry{id: nid, born: t})
		}
		treeSet(tree, size+int(r), noKey)
		rn := next[r]
		next[j] = rn
		v := uint64(noKey)
		if rn >= 0 {
			prev[rn] = j
			if rk, id2, ok := m.pairGet(nid, ids[rn]); ok {
				v, newIDs[j] = uint64(rk)<<32|uint64(j), id2
				mono = mono && rk > rank
			}
		}
		treeSet(tree, size+int(j), v)
		if p := prev[j]; p >= 0 {
			v := uint64(noKey)
			if rk, id2, ok := m.pairGet(ids[p], nid); ok {
				v, newIDs[p] = uint64(rk)<<32|uint64(p), id2
				mono = mono && rk > rank
			}
			treeSet(tree, size+int(p), v)
		}
	}
	w.mono = mono
}

// appendTokens appends the tokens of the window that start before symbol
// c (a token start, or w.n).
func (w *window) appendTokens(dst []uint32, c int) []uint32 {
	for i := int32(0); i >= 0 && int(i) < c; i = w.next[i] {
		dst = append(dst, w.ids[i])
	}
	return dst
}

// appendStarts appends the coordinates of the tokens of the window that
// start before symbol c.
func (w *window) appendStarts(dst []uint32, c int) []uint32 {
	for i := int32(0); i >= 0 && int(i) < c; i = w.next[i] {
		dst = append(dst, w.coord[i])
	}
	return dst
}

// cut returns the last token start after symbol 0 and at most limit, 0
// when there is none.
func (w *window) cut(limit int) int {
	for i := min(limit, w.n-1); i > 0; i-- {
		if w.dead[i] == 0 {
			return i
		}
	}
	return 0
}

// lastHistory appends to dst the history of the last symbol of the part
// that ends before symbol c (a token start).
func (w *window) lastHistory(dst []histEntry, c int) []histEntry {
	x := int32(c - 1)
	born := uint64(0)
	for {
		// The symbol at x never merged with the one after it: it
		// kept its token from born until it merged into the one
		// before it (prev[x]).
		d := w.dead[x]
		died := d
		if d == 0 {
			died = never
		}
		dst = append(dst, histEntry{id: w.ids[x], start: w.coord[x], born: born, died: died})
		if d == 0 {
			return dst
		}
		born = d
		x = w.prev[x]
	}
}

// firstHistory appends to dst the history of the window's first symbol.
func (w *window) firstHistory(dst []histEntry) []histEntry {
	id, born := w.id0, uint64(0)
	for _, f := range w.first {
		dst = append(dst, histEntry{id: id, start: w.coord[0], born: born, died: f.born})
		id, born = f.id, f.born
	}
	return append(dst, histEntry{id: id, start: w.coord[0], born: born, died: never})
}

// crosses reports whether a merge may join the last symbol of a part,
// whose history is xh, with the first of the next, whose history is yh
// (see the top of this file).
func (m *Model) crosses(xh, yh []histEntry) bool {
	for _, x := range xh {
		for _, y := range yh {
			hi := min(x.died, y.died)
			if max(x.born, y.born) >= hi {
				continue // never present together
			}
			rank, _, ok := m.pairGet(x.id, y.id)
			if ok && uint64(rank)<<32|uint64(x.start)+1 <= hi {
				return true
			}
		}
	}
	return false
}

// maxWindowedWord bounds the words merged by windows, whose coordinates
// are 32-bit.
const maxWindowedWord = math.MaxUint32 / 2

// fillWindow sets the initial symbols of word from byte g in w, at most
// max of them, as initSymbols does for the whole word (a character that
// starts as one symbol is decided with the bytes around it in word), and
// returns the byte where they end.
func (e *ByteEncoder) fillWindow(w *window, word []byte, g, max int) int {
	leaves := w.prepare(min(max, len(word)-g))
	ids, newIDs, coord := w.ids, w.newIDs, w.coord
	n := 0
	prevByte := -1 // the previous symbol's byte, -1 if it is a character
	i := g
	for i < len(word) && n < len(ids) {
		c := word[i]
		id, size := e.initial[c], 1
		if c >= utf8.RuneSelf && e.charIndex != nil {
			if r, sz := utf8.DecodeRune(word[i:]); sz > 1 && r < 1<<16 && e.charIndex[r] != 0 {
				t := &e.charTok[e.charIndex[r]]
				if (i == 0 || t.left>>leftClass[word[i-1]]&1 != 0) &&
					(i+sz == len(word) || t.right>>rightClass[word[i+sz]]&1 != 0) {
					id, size = t.id, sz
				}
			}
		}
		ids[n] = id
		coord[n] = uint32(i)
		if n > 0 {
			k, nid := uint64(noKey), uint32(0)
			if size == 1 && prevByte >= 0 {
				if p := e.pairs[prevByte<<8|int(c)]; p != noPair {
					k, nid = p>>32<<32|uint64(n-1), uint32(p)
				}
			} else if rank, id2, ok := e.get(ids[n-1], id); ok {
				k, nid = uint64(rank)<<32|uint64(n-1), id2
			}
			leaves[n-1], newIDs[n-1] = k, nid
		}
		prevByte = -1
		if size == 1 {
			prevByte = int(c)
		}
		n++
		i += size
	}
	w.n = n
	return i
}

// fillIDs sets the symbols ids[g:], at most max of them, in w.
func (m *Model) fillIDs(w *window, ids []uint32, g, max int) int {
	n := min(max, len(ids)-g)
	leaves := w.prepare(n)
	wids := w.ids[:n]
	copy(wids, ids[g:g+n])
	for i := range n {
		w.coord[i] = uint32(g + i)
	}
	for i := 0; i+1 < n; i++ {
		k, nid := uint64(noKey), uint32(0)
		if rank, id2, ok := m.pairGet(wids[i], wids[i+1]); ok {
			k, nid = uint64(rank)<<32|uint64(i), id2
		}
		leaves[i], w.newIDs[i] = k, nid
	}
	w.n = n
	return g + n
}

// appendMergedIDs appends to dst the tokens that merging the symbols ids
// gives, for a model whose ids are unique (m.uniqueIDs) and without
// dropout: by windows for long words, in time linear in len(ids).
func (m *Model) appendMergedIDs(dst []uint32, ids []uint32) []uint32 {
	dst, _ = m.mergeIDs(dst, nil, ids, defaultWindow)
	return dst
}

// mergeIDs is appendMergedIDs with the windows p; when starts is not nil,
// it also appends there the index in ids of the first symbol of each
// token.
func (m *Model) mergeIDs(dst, starts []uint32, ids []uint32, p windowParams) ([]uint32, []uint32) {
	if len(ids) == 0 {
		return dst, starts
	}
	s := m.getScratch()
	defer m.putScratch(s)
	return mergeBy(m, idSource{m, ids}, dst, starts, &s.win, p)
}

// mergeWindows merges a word of unique ids by windows.
func (e *ByteEncoder) mergeWindows(dst []uint32, word []byte, p windowParams) []uint32 {
	s := e.m.getScratch()
	defer e.m.putScratch(s)
	dst, _ = mergeBy(e.m, byteSource{e, word}, dst, nil, &s.win, p)
	return dst
}

// A windowSource gives the initial symbols of a word, window by window.
type windowSource interface {
	// fill sets in w the initial symbols from coordinate g, at most
	// max of them, and returns the coordinate where they end.
	fill(w *window, g, max int) int
	// end is the word's end coordinate.
	end() int
}

// byteSource is a word of raw bytes for a ByteEncoder.
type byteSource struct {
	e    *ByteEncoder
	word []byte
}

func (b byteSource) fill(w *window, g, max int) int { return b.e.fillWindow(w, b.word, g, max) }
func (b byteSource) end() int                       { return len(b.word) }

// idSource is a word of initial symbols.
type idSource struct {
	m   *Model
	ids []uint32
}

func (s idSource) fill(w *window, g, max int) int { return s.m.fillIDs(w, s.ids, g, max) }
func (s idSource) end() int                       { return len(s.ids) }

// maxWindow bounds the windows that a failed cut makes larger.
const maxWindow = 1 << 13

// mergeBy appends the tokens of src (and their starts when starts is not
// nil) merged by windows, or in one window when that fails.
func mergeBy[S windowSource](m *Model, src S, dst, starts []uint32, w *window, p windowParams) ([]uint32, []uint32) {
	if src.end() <= maxWindowedWord {
		first, firstStart := len(dst), len(starts)
		var ok bool
		if dst, starts, ok = windows(m, src, dst, starts, w, p); ok {
			return dst, starts
		}
		dst, starts = dst[:first], starts[:firstStart]
	}
	src.fill(w, 0, src.end())
	m.runWindow(w)
	if starts != nil {
		starts = w.appendStarts(starts, w.n)
	}
	return w.appendTokens(dst, w.n), starts
}

// windows appends the tokens of src (and their starts when starts is not
// nil) merged by windows, or returns false when that fails.
//
// A window starts at a cut g, tested against the history of the part
// before it (w.xh). When the test fails, the window before, which started
// at the cut a, is merged again with twice the size and margin: the part
// before a, and so its history (w.xa), have not changed. The same happens
// when a window has no cut far enough from its end (a token longer than
// the window).
func windows[S windowSource](m *Model, src S, dst, starts []uint32, w *window, p windowParams) ([]uint32, []uint32, bool) {
	end := src.end()
	size := p.size
	// The window before: its start (-1 for none) and size, and the
	// tokens before it.
	a, aSize, aDst, aStarts := -1, 0, 0, 0
	for g := 0; ; {
		e := src.fill(w, g, size)
		m.runWindow(w)
		if !w.mono && (g > 0 || e < end) {
			return dst, starts, false // the test of cuts needs monotone runs
		}
		if g > 0 {
			w.yh = w.firstHistory(w.yh[:0])
			if m.crosses(w.xh, w.yh) {
				if a < 0 || 2*aSize > maxWindow {
					return dst, starts, false
				}
				// Merge the window before again, larger.
				g, size, a = a, 2*aSize, -1
				dst, starts = dst[:aDst], starts[:aStarts]
				w.xh, w.xa = w.xa, w.xh
				continue
			}
		}
		c := w.n
		if e < end {
			if c = w.cut(w.n - p.margin*size/p.size); c == 0 {
				if 2*size > maxWindow {
					return dst, starts, false
				}
				size *= 2
				continue
			}
		}
		a, aSize, aDst, aStarts = g, size, len(dst), len(starts)
		dst = w.appendTokens(dst, c)
		if starts != nil {
			starts = w.appendStarts(starts, c)
		}
		if e == end {
			return dst, starts, true
		}
		w.xh, w.xa = w.xa, w.xh
		w.xh = w.lastHistory(w.xh[:0], c)
		g = int(w.coord[c])
		size = p.size
	}
}
