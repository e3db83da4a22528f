package bpe

import (
	"math/rand/v2"
	"sync"
	"testing"
)

func TestLoadKey(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	text := make([]byte, 100)
	for i := range text {
		text[i] = byte(r.Uint32())
	}
	for start := range 60 {
		for n := 1; n <= maxKeyLen; n++ {
			want := wordKey{n: n}
			for i := range n {
				want.w[i/8] |= uint64(text[start+i]) << (8 * (i % 8))
			}
			if got := loadKey(text[start : start+n]); got != want {
				t.Fatalf("loadKey(%d, %d) = %x, want %x", start, n, got, want)
			}
			if got := loadKeyIn(text, start, n); got != want {
				t.Fatalf("loadKeyIn(%d, %d) = %x, want %x", start, n, got, want)
			}
		}
	}
}

// TestIDCacheConcurrent hammers a tiny cache from several goroutines: every
// hit must return the ids put for its word.
func TestIDCacheConcurrent(t *testing.T) {
	c := newIDCache(1024)
	idsOf := func(w int) []uint32 {
		ids := make([]uint32, 1+w%maxCachedIDs)
		for i := range ids {
			ids[i] = uint32(w*16 + i)
		}
		return ids
	}
	word := func(w int) []byte { return []byte{byte(w), byte(w >> 8), 'x', byte(w % 7)} }
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(g), 3))
			var dst []uint32
			for range 200000 {
				w := r.IntN(5000)
				k := loadKey(word(w))
				s := c.slot(k.hash())
				var ok bool
				if dst, ok = s.get(dst[:0], &k); ok {
					want := idsOf(w)
					if len(dst) != len(want) {
						t.Errorf("word %d: got %v, want %v", w, dst, want)
						return
					}
					for i := range want {
						if dst[i] != want[i] {
							t.Errorf("word %d: got %v, want %v", w, dst, want)
							return
						}
					}
					continue
				}
				s.put(&k, idsOf(w))
			}
		}()
	}
	wg.Wait()
}
