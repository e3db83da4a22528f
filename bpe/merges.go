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

// putAll puts the merges in order, as put would one by one. A table of
// hundreds of thousands of merges is far larger than the processor's
// caches, and inserting in merge order would miss the cache once per
// merge: the merges are first grouped (stably) by the region of the table
// their key hashes to, so that the inserts sweep the table once.
func (t *mergeTable) putAll(entries []mergeEntry) {
	const regionBits = 12
	tableBits := 64 - t.shift
	if len(entries) < 1<<regionBits || tableBits <= regionBits {
		for _, e := range entries {
			t.put(e.key, e.rank, e.newID)
		}
		return
	}
	region := func(key uint64) uint64 {
		return (key * 0x9E3779B97F4A7C15) >> (64 - regionBits)
	}
	var start [1<<regionBits + 1]int
	for _, e := range entries {
		start[region(e.key)+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	grouped := make([]mergeEntry, len(entries))
	for _, e := range entries {
		r := region(e.key)
		grouped[start[r]] = e
		start[r]++
	}
	for _, e := range grouped {
		t.put(e.key, e.rank, e.newID)
	}
}
