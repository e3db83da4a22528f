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
	"unsafe"
)

// MaxKey is the longest word the cache keeps, in bytes, and MaxIDs the
// most ids a cached word may have (MaxNarrowIDs in a cache of NewNarrow).
const (
	MaxKey       = 24
	MaxIDs       = 8
	MaxNarrowIDs = 16
)

// Key is a word of 1 to MaxKey bytes and a tag, ready to be looked up.
type Key struct {
	w [3]uint64
	n uint64 // the length, and the tag times 32
}

// MaxTag is the largest tag of a key.
const MaxTag = 7

// MakeKey returns the key of b, and false when b is empty or longer than
// MaxKey. It is MakeTaggedKey with the tag 0.
func MakeKey(b []byte) (Key, bool) { return MakeTaggedKey(b, 0) }

// MakeTaggedKey returns the key of b with a tag (at most MaxTag), and
// false when b is empty or longer than MaxKey. Keys of different tags
// differ: a cache can hold several kinds of words.
func MakeTaggedKey(b []byte, tag uint8) (Key, bool) {
	var k Key
	if len(b) == 0 || len(b) > MaxKey {
		return k, false
	}
	k.n = uint64(len(b)) | uint64(tag&MaxTag)<<5
	i := 0
	for ; i+8 <= len(b); i += 8 {
		k.w[i>>3] = binary.LittleEndian.Uint64(b[i:])
	}
	if rem := len(b) - i; rem > 0 {
		var t uint64
		switch {
		case len(b) >= 8:
			// The last 8 bytes, shifted so that only the rem new
			// ones remain.
			t = binary.LittleEndian.Uint64(b[len(b)-8:]) >> (8 * (8 - rem))
		case rem >= 4:
			t = uint64(binary.LittleEndian.Uint32(b)) | uint64(binary.LittleEndian.Uint32(b[rem-4:]))<<(8*(rem-4))
		default:
			t = uint64(b[0]) | uint64(b[rem>>1])<<(8*(rem>>1)) | uint64(b[rem-1])<<(8*(rem-1))
		}
		k.w[i>>3] = t
	}
	return k, true
}

// MakeKeyString is MakeKey for a string.
func MakeKeyString(s string) (Key, bool) {
	return MakeTaggedKey(unsafe.Slice(unsafe.StringData(s), len(s)), 0)
}

// MakeTaggedKeyString is MakeTaggedKey for a string.
func MakeTaggedKeyString(s string, tag uint8) (Key, bool) {
	return MakeTaggedKey(unsafe.Slice(unsafe.StringData(s), len(s)), tag)
}

// MakeTaggedKeyIn is MakeTaggedKeyString(s[i:j], tag), faster when s has
// MaxKey bytes from i: it then reads three words and masks them.
func MakeTaggedKeyIn(s string, i, j int, tag uint8) (Key, bool) {
	n := j - i
	if n <= 0 || n > MaxKey || i < 0 {
		return Key{}, false
	}
	if len(s)-i < MaxKey {
		return MakeTaggedKeyString(s[i:j], tag)
	}
	b := unsafe.Slice(unsafe.StringData(s[i:]), MaxKey)
	return Key{
		w: [3]uint64{
			binary.LittleEndian.Uint64(b) & lowBytes(n),
			binary.LittleEndian.Uint64(b[8:]) & lowBytes(n-8),
			binary.LittleEndian.Uint64(b[16:]) & lowBytes(n-16),
		},
		n: uint64(n) | uint64(tag&MaxTag)<<5,
	}, true
}

// lowBytes returns the mask of the low k bytes of a word, k clamped to
// [0, 8].
func lowBytes(k int) uint64 {
	k = min(max(k, 0), 8)
	return ^uint64(0) >> (64 - 8*uint(k)) // 0 for k = 0: the shift is 64
}

// len returns the length of the key's word.
func (k *Key) len() uint64 { return k.n & 31 }

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

// Cache remembers the ids of recent words. It is a four-way set-associative
// table of 64-byte slots that hold the word and its ids inline: a lookup
// loads up to four adjacent lines (which Prefetch can ask for ahead) and
// follows no pointer, and a hit writes nothing; a miss overwrites an empty
// slot of the set, else one picked pseudo-randomly. (With two ways, the
// words of a text that collide in a set evict one another much more often,
// ten to fifteen percent slower on the corpus; evicting the slot written
// longest ago evicts the frequent words, found and never written again,
// and misses a third more.)
//
// Slots are read and written concurrently as sequence locks: a writer sets
// the busy bit of the slot's meta word (by compare-and-swap; a writer that
// loses gives up), stores the word and the ids, then stores a new meta word
// with a new stamp; a reader loads the meta word, the content, then the
// meta word again, and uses the content only if the meta word was not busy
// and did not change. Every field is accessed atomically, so a torn read is
// always detected.
type Cache struct {
	slots []slot
	shift uint
	// narrow caches ids below 1<<16 only, four to a word (else two).
	narrow bool
	// clock stamps the slots written (a slot's stamp changes with every
	// write, for the readers' check) and picks the slot to replace.
	clock atomic.Uint64
}

// slot is one entry: meta holds the word's length and tag (bits 0-7, 0 when
// empty: Key.n), the number of ids (bits 8-15), the busy bit (16) and the
// stamp of the write (bits 17-63), which changes with every write.
type slot struct {
	meta atomic.Uint64
	key  [3]atomic.Uint64
	ids  [MaxIDs / 2]atomic.Uint64
}

const busy = 1 << 16

// ways is the number of slots of a set.
const ways = 4

// New returns a cache of capacity words, rounded up to a power of two of at
// least 1024, of up to MaxIDs ids each.
func New(capacity int) *Cache {
	size := 1024
	for size < capacity {
		size *= 2
	}
	return &Cache{
		slots: make([]slot, size),
		shift: uint(64 - bits.TrailingZeros(uint(size/ways))),
	}
}

// NewNarrow is New for a vocabulary of fewer than 1<<16 ids: a word of up to
// MaxNarrowIDs ids is cached (the others, and words with an id beyond,
// are not).
func NewNarrow(capacity int) *Cache {
	c := New(capacity)
	c.narrow = true
	return c
}

// Get appends the ids of k to dst; ok is false, and dst unchanged, when k is
// not cached.
func (c *Cache) Get(dst []uint32, k *Key) ([]uint32, bool) {
	return c.GetHashed(dst, k, k.hash())
}

// Prefetch returns the hash of k for GetHashed and PutHashed, and asks the
// core to load the memory where k would be, without waiting for it: a
// lookup of k a little later, after other work (the lookup of the word
// before, the scan of the text), then does not wait for memory.
func (c *Cache) Prefetch(k *Key) uint64 {
	h := k.hash()
	i := ways * (h >> c.shift)
	prefetch(unsafe.Pointer(&c.slots[i]))
	prefetch(unsafe.Pointer(&c.slots[i+ways-1]))
	return h
}

// GetHashed is Get of a key of hash h (from Prefetch).
func (c *Cache) GetHashed(dst []uint32, k *Key, h uint64) ([]uint32, bool) {
	i := ways * (h >> c.shift)
	set := (*[ways]slot)(c.slots[i : i+ways])
	for w := range set {
		var ok bool
		if dst, ok = set[w].get(dst, k, c.narrow); ok {
			return dst, true
		}
	}
	return dst, false
}

func (s *slot) get(dst []uint32, k *Key, narrow bool) ([]uint32, bool) {
	m := s.meta.Load()
	if m&(0xFF|busy) != k.n {
		return dst, false
	}
	// Only the words that hold bytes of the key are compared (and
	// written): the others of a slot may hold stale bytes.
	if n := k.len(); s.key[0].Load() != k.w[0] || n > 8 && (s.key[1].Load() != k.w[1] || n > 16 && s.key[2].Load() != k.w[2]) {
		return dst, false
	}
	n := int(m >> 8 & 0xFF)
	var ids [MaxNarrowIDs]uint32
	if narrow {
		for i := 0; i < n; i += 4 {
			v := s.ids[i>>2].Load()
			ids[i], ids[i+1], ids[i+2], ids[i+3] = uint32(v&0xFFFF), uint32(v>>16&0xFFFF), uint32(v>>32&0xFFFF), uint32(v>>48)
		}
	} else {
		for i := 0; i < n; i += 2 {
			v := s.ids[i>>1].Load()
			ids[i], ids[i+1] = uint32(v), uint32(v>>32)
		}
	}
	if s.meta.Load() != m {
		return dst, false
	}
	return append(dst, ids[:n]...), true
}

// Put caches ids as the ids of k, unless there are more than MaxIDs (or
// MaxNarrowIDs, all below 1<<16, in a narrow cache), or none, or another
// goroutine is writing the slot.
func (c *Cache) Put(k *Key, ids []uint32) {
	c.PutHashed(k, k.hash(), ids)
}

// PutHashed is Put of a key of hash h (from Prefetch).
func (c *Cache) PutHashed(k *Key, h uint64, ids []uint32) {
	if len(ids) == 0 || k.n == 0 {
		return
	}
	if c.narrow {
		if len(ids) > MaxNarrowIDs {
			return
		}
		for _, id := range ids {
			if id > 0xFFFF {
				return
			}
		}
	} else if len(ids) > MaxIDs {
		return
	}
	stamp := c.clock.Add(1)
	i := ways * (h >> c.shift)
	set := (*[ways]slot)(c.slots[i : i+ways])
	// The first empty slot, else one picked by the hash and the stamp.
	s := &set[(h^stamp^stamp>>7)&(ways-1)]
	for w := range set {
		if set[w].meta.Load()&0xFF == 0 {
			s = &set[w]
			break
		}
	}
	s.put(k, ids, stamp, c.narrow)
}

// put writes ids as the ids of k in s, stamped, unless another goroutine is
// writing it.
func (s *slot) put(k *Key, ids []uint32, stamp uint64, narrow bool) {
	m := s.meta.Load()
	if m&busy != 0 || !s.meta.CompareAndSwap(m, m|busy) {
		return
	}
	for i := 0; i < int(k.len()+7)/8; i++ {
		s.key[i].Store(k.w[i])
	}
	if narrow {
		for i := 0; i < len(ids); i += 4 {
			var v uint64
			for j := min(i+4, len(ids)) - 1; j >= i; j-- {
				v = v<<16 | uint64(ids[j])
			}
			s.ids[i>>2].Store(v)
		}
	} else {
		for i := 0; i < len(ids); i += 2 {
			v := uint64(ids[i])
			if i+1 < len(ids) {
				v |= uint64(ids[i+1]) << 32
			}
			s.ids[i>>1].Store(v)
		}
	}
	s.meta.Store(stamp<<17 | uint64(len(ids))<<8 | k.n)
}
