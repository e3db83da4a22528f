package bpe

import (
	"hash/maphash"
	"strings"
	"sync/atomic"
)

// DefaultCacheCapacity is the number of entries of a model's word cache when
// Config.CacheCapacity is 0.
const DefaultCacheCapacity = 1 << 16

// maxCachedWord is the longest word (in bytes) the cache keeps, as in the
// reference: long words are rare and would hold memory for nothing.
const maxCachedWord = 256

// wordCache remembers the tokens of recent words. Natural text repeats its
// words, and a lookup (one hash, one or two comparisons, one copy) costs a
// fraction of merging.
//
// It is a two-way set-associative table: a word's hash chooses a set of two
// slots. Each slot holds a pointer to an immutable entry, loaded and stored
// atomically, so lookups take no lock and concurrent calls can at worst
// replace each other's entries. Eviction is a two-slot CLOCK: a hit marks
// its entry used; a new word takes an empty slot, else one whose entry was
// not used since the last sweep, else it is not cached and the set's marks
// are cleared. Frequent words thus stay, while the cache still follows a
// change of text (the reference's cache, by contrast, stops inserting once
// full).
//
// Caching never changes results: entries are results of the deterministic
// (dropout 0) algorithm. Inserting allocates (an entry, a copy of the word);
// hits do not.
type wordCache struct {
	slots []atomic.Pointer[cacheEntry]
	mask  uint64 // of set indexes
	seed  maphash.Seed
}

type cacheEntry struct {
	used atomic.Bool
	word string
	// toks holds each token as id<<32 | byte length.
	toks []uint64
}

func newWordCache(capacity int) *wordCache {
	sets := 1
	for 2*sets < capacity {
		sets *= 2
	}
	return &wordCache{
		slots: make([]atomic.Pointer[cacheEntry], 2*sets),
		mask:  uint64(sets - 1),
		seed:  maphash.MakeSeed(),
	}
}

// set returns the two slots of word.
func (c *wordCache) set(word string) []atomic.Pointer[cacheEntry] {
	i := 2 * (maphash.String(c.seed, word) & c.mask)
	return c.slots[i : i+2 : i+2]
}

// get appends the cached tokens of word, whose set is set, to dst; ok is
// false on a miss.
func get(set []atomic.Pointer[cacheEntry], dst []Token, word string) ([]Token, bool) {
	e := set[0].Load()
	if e == nil || e.word != word {
		if e = set[1].Load(); e == nil || e.word != word {
			return dst, false
		}
	}
	if !e.used.Load() {
		// Written only when it changes, so that hot entries are
		// not written by every hit from every core.
		e.used.Store(true)
	}
	pos := 0
	for _, t := range e.toks {
		end := pos + int(uint32(t))
		dst = append(dst, Token{ID: uint32(t >> 32), Start: pos, End: end})
		pos = end
	}
	return dst, true
}

// put caches in set the tokens toks of word, if a slot is free or stale.
// word is copied: callers may pass strings whose memory they reuse.
func put(set []atomic.Pointer[cacheEntry], word string, toks []Token) {
	victim := -1
	for i := range set {
		e := set[i].Load()
		if e == nil || !e.used.Load() {
			victim = i
			break
		}
	}
	if victim < 0 {
		// Both entries were used since the last sweep: give them a
		// second chance, and do not cache this word.
		for i := range set {
			if e := set[i].Load(); e != nil {
				e.used.Store(false)
			}
		}
		return
	}
	e := &cacheEntry{word: strings.Clone(word), toks: make([]uint64, len(toks))}
	for i, t := range toks {
		e.toks[i] = uint64(t.ID)<<32 | uint64(uint32(t.End-t.Start))
	}
	set[victim].Store(e)
}
