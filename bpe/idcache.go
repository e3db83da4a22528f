package bpe

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"sync/atomic"
)

// maxKeyLen is the longest word (in bytes) the id cache keeps: its bytes
// fit the three words of a key. Longer words are rare in natural text.
const maxKeyLen = 24

// maxCachedIDs is the most tokens a cached word may have.
const maxCachedIDs = 8

// wordKey is a word of at most maxKeyLen bytes, zero-padded, with its
// length.
type wordKey struct {
	w [3]uint64
	n int
}

// loadKey reads a word of 1 to maxKeyLen bytes into a key.
func loadKey(b []byte) wordKey {
	k := wordKey{n: len(b)}
	i := 0
	for ; i+8 <= len(b); i += 8 {
		k.w[i>>3] = binary.LittleEndian.Uint64(b[i:])
	}
	if rem := len(b) - i; rem > 0 {
		var t uint64
		if len(b) >= 8 {
			// The last 8 bytes, shifted so that only the rem
			// new ones remain.
			t = binary.LittleEndian.Uint64(b[len(b)-8:]) >> (8 * (8 - rem))
		} else {
			if rem >= 4 {
				t = uint64(binary.LittleEndian.Uint32(b)) | uint64(binary.LittleEndian.Uint32(b[rem-4:]))<<(8*(rem-4))
			} else {
				t = uint64(b[0]) | uint64(b[rem>>1])<<(8*(rem>>1)) | uint64(b[rem-1])<<(8*(rem-1))
			}
		}
		k.w[i>>3] = t
	}
	return k
}

// loadKeyIn reads the word text[start:start+n] (1 <= n <= maxKeyLen) into a
// key when text has maxKeyLen bytes from start: three loads, masked, without
// a branch on the length.
func loadKeyIn(text []byte, start, n int) wordKey {
	b := text[start : start+maxKeyLen]
	return wordKey{
		w: [3]uint64{
			binary.LittleEndian.Uint64(b) & lowBytes(n),
			binary.LittleEndian.Uint64(b[8:]) & lowBytes(n-8),
			binary.LittleEndian.Uint64(b[16:]) & lowBytes(n-16),
		},
		n: n,
	}
}

// lowBytes returns the mask of the low k bytes of a word, k clamped to
// [0, 8].
func lowBytes(k int) uint64 {
	k = min(max(k, 0), 8)
	return ^uint64(0) >> (64 - 8*uint(k)) // 0 for k = 0: the shift is 64
}

// hash mixes the key's words and length (collisions only cost cache hits).
func (k *wordKey) hash() uint64 {
	h := (k.w[0] ^ 0x243F6A8885A308D3) * 0x9E3779B97F4A7C15
	h = bits.RotateLeft64(h, 29) ^ (k.w[1]^0x13198A2E03707344)*0xC2B2AE3D27D4EB4F
	h = bits.RotateLeft64(h, 29) ^ (k.w[2]^uint64(k.n)<<56)*0x165667B19E3779F9
	h ^= h >> 32
	h *= 0xD6E8FEB86659FD93
	h ^= h >> 32
	return h
}

// hashSeed seeds hashBytes for words longer than a key. (The seed is random
// per process; hashes are only compared within one.)
var hashSeed = maphash.MakeSeed()

// hashBytes hashes a word of any length: as its key when it fits one.
func hashBytes(b []byte) uint64 {
	if len(b) <= maxKeyLen && len(b) > 0 {
		k := loadKey(b)
		return k.hash()
	}
	return maphash.Bytes(hashSeed, b)
}

// idCache remembers the ids of recent words of up to maxKeyLen bytes and
// maxCachedIDs tokens. It is a direct-mapped table of 64-byte slots (one
// cache line) that hold the word and its ids inline: a lookup hashes the
// word's key, loads one line and compares three words, without following a
// pointer, and a miss overwrites the slot without allocating.
//
// Slots are read and written concurrently without locks, as a sequence
// lock: a writer marks the slot busy, stores the word and the ids, then
// stores a new sequence number; a reader loads the meta word, the content,
// then the meta word again, and trusts the content only if the meta word
// did not change and was not busy. Every field is accessed atomically, so
// the Go memory model (whose atomics are sequentially consistent) makes a
// torn read impossible to trust. Readers never write: hot slots are shared
// by all cores without contention.
//
// Caching never changes results: every slot holds a result of the
// deterministic algorithm for its word.
type idCache struct {
	slots []cacheSlot
	shift uint
}

// cacheSlot is one entry: meta holds the word's length (bits 0-7, 0 for
// an empty slot), the number of ids (bits 8-15), the busy flag (bit 16) and
// a sequence number (bits 17-63).
type cacheSlot struct {
	meta atomic.Uint64
	key  [3]atomic.Uint64
	ids  [maxCachedIDs / 2]atomic.Uint64
}

const slotBusy = 1 << 16

// newIDCache returns a cache of about capacity words (a power of two, at
// least 1024).
func newIDCache(capacity int) *idCache {
	if capacity <= 0 {
		capacity = DefaultCacheCapacity
	}
	size := 1024
	for size < capacity {
		size *= 2
	}
	return &idCache{slots: make([]cacheSlot, size), shift: 64 - log2(size)}
}

func (c *idCache) slot(h uint64) *cacheSlot { return &c.slots[h>>c.shift] }

// get appends the ids of k to dst when the slot holds them.
func (s *cacheSlot) get(dst []uint32, k *wordKey) ([]uint32, bool) {
	m := s.meta.Load()
	if m&(0xFF|slotBusy) != uint64(k.n) {
		return dst, false
	}
	if s.key[0].Load() != k.w[0] || s.key[1].Load() != k.w[1] || s.key[2].Load() != k.w[2] {
		return dst, false
	}
	var ids [maxCachedIDs]uint32
	n := int(m >> 8 & 0xFF)
	for i := 0; i < n; i += 2 {
		v := s.ids[i>>1].Load()
		ids[i], ids[i+1] = uint32(v), uint32(v>>32)
	}
	if s.meta.Load() != m {
		return dst, false
	}
	return append(dst, ids[:n]...), true
}

// put stores ids as the tokens of k, unless there are too many or another
// goroutine is writing the slot.
func (s *cacheSlot) put(k *wordKey, ids []uint32) {
	if len(ids) > maxCachedIDs || len(ids) == 0 {
		return
	}
	m := s.meta.Load()
	if m&slotBusy != 0 || !s.meta.CompareAndSwap(m, m|slotBusy) {
		return
	}
	for i := range k.w {
		s.key[i].Store(k.w[i])
	}
	for i := 0; i < len(ids); i += 2 {
		v := uint64(ids[i])
		if i+1 < len(ids) {
			v |= uint64(ids[i+1]) << 32
		}
		s.ids[i>>1].Store(v)
	}
	s.meta.Store((m>>17+1)<<17 | uint64(len(ids))<<8 | uint64(k.n))
}
