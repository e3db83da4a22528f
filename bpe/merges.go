package bpe

import "math/bits"

// pairKey packs the ids of two adjacent tokens into one map key.
func pairKey(left, right uint32) uint64 { return uint64(left)<<32 | uint64(right) }

// mergeTable maps a pair of token ids to the merge's rank and the id of the
// merged token. It is an open-addressing hash table with linear probing,
// which is faster to build and to query than a Go map with uint64 keys:
// loading a large vocabulary inserts hundreds of thousands of merges, and
// tokenizing probes it once per adjacent pair and once per merge.
type mergeTable struct {
	slots []mergeSlot
	shift uint // 64 - log2(len(slots)), for Fibonacci hashing
	n     int  // distinct pairs
}

type mergeSlot struct {
	key   uint64
	rank1 uint32 // rank + 1; 0 marks an empty slot
	newID uint32
}

// init sizes the table for n merges, at a load factor of at most 2/3.
func (t *mergeTable) init(n int) {
	size := 8
	for size*2 < n*3 {
		size *= 2
	}
	t.slots = make([]mergeSlot, size)
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
	t.n = 0
}

// slot returns the index where key is or would be.
func (t *mergeTable) slot(key uint64) uint64 {
	mask := uint64(len(t.slots) - 1)
	// Fibonacci hashing: the multiplication mixes both ids into the top
	// bits, which the shift keeps.
	i := (key * 0x9E3779B97F4A7C15) >> t.shift
	for {
		s := &t.slots[i]
		if s.rank1 == 0 || s.key == key {
			return i
		}
		i = (i + 1) & mask
	}
}

// put sets the merge of key, replacing an earlier one: as in the reference,
// a pair listed twice keeps its last rank.
func (t *mergeTable) put(key uint64, rank, newID uint32) {
	s := &t.slots[t.slot(key)]
	if s.rank1 == 0 {
		t.n++
	}
	*s = mergeSlot{key: key, rank1: rank + 1, newID: newID}
}

// get returns the rank and merged id of the pair key.
func (t *mergeTable) get(key uint64) (rank, newID uint32, ok bool) {
	s := &t.slots[t.slot(key)]
	return s.rank1 - 1, s.newID, s.rank1 != 0
}

// mergeEntry is one merge to insert with [mergeTable.putAll].
type mergeEntry struct {
	key         uint64
	rank, newID uint32
}

// putAll puts the merges in order, as put would one by one, but faster
// (see [byRegion]).
func (t *mergeTable) putAll(entries []mergeEntry) {
	hashes := make([]uint64, len(entries))
	for i, e := range entries {
		hashes[i] = pairHash(e.key)
	}
	for _, i := range byRegion(hashes) {
		e := entries[i]
		t.put(e.key, e.rank, e.newID)
	}
}

// byRegion returns the indices of hashes, grouped stably by their top
// bits. A hash table of hundreds of thousands of entries is far larger
// than the processor's caches, and inserting them in their own order
// would miss the cache once per entry: inserting them in this order, the
// order of the slots their hashes (top bits first) pick, sweeps the table
// once instead. Entries put later still win over earlier equal ones.
func byRegion(hashes []uint64) []uint32 {
	const regionBits = 12
	order := make([]uint32, len(hashes))
	var start [1<<regionBits + 1]int
	for _, h := range hashes {
		start[h>>(64-regionBits)+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	for i, h := range hashes {
		r := h >> (64 - regionBits)
		order[start[r]] = uint32(i)
		start[r]++
	}
	return order
}

// hashFilter is a set of hashes kept as one bit per hash (picked by the
// hash's top bits), 16 bits per member: a filter a fraction the size of a
// hash table that answers most lookups of non-members (all but about one
// in 16) without touching the table, which is larger than the processor's
// caches. Members always answer yes.
type hashFilter struct {
	bits  []uint64
	shift uint
}

// newHashFilter returns an empty filter sized for n members.
func newHashFilter(n int) hashFilter {
	size := 64
	for size < 16*n {
		size *= 2
	}
	return hashFilter{bits: make([]uint64, size/64), shift: 64 - log2(size)}
}

// add puts the hash h in the filter.
func (f *hashFilter) add(h uint64) {
	i := h >> f.shift
	f.bits[i/64] |= 1 << (i % 64)
}

// mayHave reports whether h may be in the filter: false only when it is
// not.
func (f *hashFilter) mayHave(h uint64) bool {
	i := h >> f.shift
	return f.bits[i/64]&(1<<(i%64)) != 0
}
