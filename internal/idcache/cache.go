// Package idcache is a bounded cache from short words (byte strings) to
// their token ids, safe for concurrent use without locks and without
// allocating, for the tokenizer's fast paths: natural text repeats its
// words, and a lookup (one hash, one cache line) costs a fraction of
// tokenizing a word.
package idcache

import (
	"encoding/binary"
	"math/bits"
	"sync/atomic"
)

// MaxKey is the longest word the cache keeps, in bytes, and MaxIDs the
// most ids a cached word may have.
const (
	MaxKey = 24
	MaxIDs = 8
)

// Key is a word of 1 to MaxKey bytes, ready to be looked up.
type Key struct {
	w [3]uint64
	n uint64
}

// MakeKey returns the key of b, and false when b is empty or longer than
// MaxKey.
func MakeKey(b []byte) (Key, bool) {
	var k Key
	if len(b) == 0 || len(b) > MaxKey {
		return k, false
	}
	k.n = uint64(len(b))
	i := 0
	for ; i+8 <= len(b); i += 8 {
		k.w[i>>3] = binary.LittleEndian.Uint64(b[i:])
	}
	if i < len(b) {
		var t uint64
		for j := len(b) - 1; j >= i; j-- {
			t = t<<8 | uint64(b[j])
		}
		k.w[i>>3] = t
	}
	return k, true
}

// hash mixes the key's words and length.
func (k *Key) hash() uint64 {
	h := (k.w[0] ^ 0x243F6A8885A308D3) * 0x9E3779B97F4A7C15
	h = bits.RotateLeft64(h, 31) ^ (k.w[1]^0x13198A2E03707344)*0xC2B2AE3D27D4EB4F
	h = bits.RotateLeft64(h, 31) ^ (k.w[2]^k.n<<56)*0x165667B19E3779F9
	h ^= h >> 29
	h *= 0xD6E8FEB86659FD93
	h ^= h >> 32
	return h
}

// Cache remembers the ids of recent words. It is a two-way set-associative
// table of 64-byte slots that hold the word and its ids inline, behind a
// small direct-mapped table of the words found last (which stays in a
// core's cache): a lookup loads one to three lines and follows no pointer;
// a miss overwrites the older slot of the set.
//
// Slots are read and written concurrently as sequence locks: a writer sets
// the busy bit of the slot's meta word (by compare-and-swap; a writer that
// loses gives up), stores the word and the ids, then stores a new meta word
// with a new stamp; a reader loads the meta word, the content, then the
// meta word again, and uses the content only if the meta word was not busy
// and did not change. Every field is accessed atomically, so a torn read is
// always detected.
type Cache struct {
	// hot is a small direct-mapped table in front of slots, which holds
	// the words found last: the frequent words of a text stay there,
	// in memory close to the core.
	hot   []slot
	slots []slot
	shift uint
	// clock stamps the slots written, so that a set replaces its
	// older slot.
	clock atomic.Uint64
}

// slot is one entry: meta holds the word's length (bits 0-7, 0 when
// empty), the number of ids (bits 8-15), the busy bit (16) and the stamp of
// the write (bits 17-63), which changes with every write.
type slot struct {
	meta atomic.Uint64
	key  [3]atomic.Uint64
	ids  [MaxIDs / 2]atomic.Uint64
}

const busy = 1 << 16

// hotSize is the number of slots of the hot table (256 KB).
const hotSize = 1 << 12

// New returns a cache of capacity words, rounded up to a power of two of at
// least 1024.
func New(capacity int) *Cache {
	size := 1024
	for size < capacity {
		size *= 2
	}
	return &Cache{
		hot:   make([]slot, hotSize),
		slots: make([]slot, size),
		shift: uint(64 - bits.TrailingZeros(uint(size/2))),
	}
}

// Get appends the ids of k to dst; ok is false, and dst unchanged, when k is
// not cached.
func (c *Cache) Get(dst []uint32, k *Key) ([]uint32, bool) {
	h := k.hash()
	hot := &c.hot[h&(hotSize-1)]
	if dst, ok := hot.get(dst, k); ok {
		return dst, true
	}
	i := 2 * (h >> c.shift)
	set := (*[2]slot)(c.slots[i : i+2])
	n := len(dst)
	dst, ok := set[0].get(dst, k)
	if !ok {
		if dst, ok = set[1].get(dst, k); !ok {
			return dst, false
		}
	}
	hot.put(k, dst[n:], c.clock.Add(1))
	return dst, true
}

func (s *slot) get(dst []uint32, k *Key) ([]uint32, bool) {
	m := s.meta.Load()
	if m&(0xFF|busy) != k.n {
		return dst, false
	}
	// Only the words that hold bytes of the key are compared (and
	// written): the others of a slot may hold stale bytes.
	if s.key[0].Load() != k.w[0] || k.n > 8 && (s.key[1].Load() != k.w[1] || k.n > 16 && s.key[2].Load() != k.w[2]) {
		return dst, false
	}
	n := int(m >> 8 & 0xFF)
	var ids [MaxIDs]uint32
	for i := 0; i < n; i += 2 {
		v := s.ids[i>>1].Load()
		ids[i], ids[i+1] = uint32(v), uint32(v>>32)
	}
	if s.meta.Load() != m {
		return dst, false
	}
	return append(dst, ids[:n]...), true
}

// Put caches ids as the ids of k, unless there are more than MaxIDs (or
// none), or another goroutine is writing the slot.
func (c *Cache) Put(k *Key, ids []uint32) {
	if len(ids) > MaxIDs || len(ids) == 0 || k.n == 0 {
		return
	}
	h := k.hash()
	stamp := c.clock.Add(1)
	c.hot[h&(hotSize-1)].put(k, ids, stamp)
	i := 2 * (h >> c.shift)
	set := (*[2]slot)(c.slots[i : i+2])
	s := &set[0]
	m := s.meta.Load()
	if m1 := set[1].meta.Load(); m&0xFF != 0 && (m1&0xFF == 0 || m1>>17 < m>>17) {
		s = &set[1]
	}
	s.put(k, ids, stamp)
}

// put writes ids as the ids of k in s, stamped, unless another goroutine is
// writing it.
func (s *slot) put(k *Key, ids []uint32, stamp uint64) {
	m := s.meta.Load()
	if m&busy != 0 || !s.meta.CompareAndSwap(m, m|busy) {
		return
	}
	for i := 0; i < int(k.n+7)/8; i++ {
		s.key[i].Store(k.w[i])
	}
	for i := 0; i < len(ids); i += 2 {
		v := uint64(ids[i])
		if i+1 < len(ids) {
			v |= uint64(ids[i+1]) << 32
		}
		s.ids[i>>1].Store(v)
	}
	s.meta.Store(stamp<<17 | uint64(len(ids))<<8 | k.n)
}
