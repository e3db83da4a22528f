package idcache

import (
	"fmt"
	"slices"
	"sync"
	"testing"
)

func TestMakeKey(t *testing.T) {
	if _, ok := MakeKey(nil); ok {
		t.Error("empty key accepted")
	}
	if _, ok := MakeKey(make([]byte, MaxKey+1)); ok {
		t.Error("long key accepted")
	}
	// Keys of different bytes or lengths differ.
	seen := map[Key]string{}
	for n := 1; n <= MaxKey; n++ {
		for _, fill := range []byte{0, 'a', 0xff} {
			b := make([]byte, n)
			for i := range b {
				b[i] = fill
			}
			k, ok := MakeKey(b)
			if !ok {
				t.Fatalf("key of %d bytes refused", n)
			}
			if old, dup := seen[k]; dup {
				t.Fatalf("%q and %q have the same key", old, b)
			}
			seen[k] = string(b)
		}
	}
}

func TestCache(t *testing.T) {
	c := New(1)
	word := func(i int) []byte { return []byte(fmt.Sprintf("w%d", i)) }
	ids := func(i int) []uint32 {
		out := make([]uint32, 1+i%MaxIDs)
		for j := range out {
			out[j] = uint32(i*10 + j)
		}
		return out
	}
	for i := range 5000 {
		k, _ := MakeKey(word(i))
		c.Put(&k, ids(i))
	}
	hits := 0
	for i := range 5000 {
		k, _ := MakeKey(word(i))
		got, ok := c.Get([]uint32{9}, &k)
		if !ok {
			if len(got) != 1 {
				t.Fatalf("a miss changed dst: %v", got)
			}
			continue
		}
		hits++
		if !slices.Equal(got[1:], ids(i)) || got[0] != 9 {
			t.Fatalf("word %d: got %v, want %v", i, got, ids(i))
		}
	}
	if hits < 1000 {
		t.Errorf("only %d hits of 5000 words in a cache of %d", hits, len(c.slots))
	}
	k, _ := MakeKey([]byte("many"))
	c.Put(&k, make([]uint32, MaxIDs+1))
	if _, ok := c.Get(nil, &k); ok {
		t.Error("a word of too many ids was cached")
	}
}

// TestCacheConcurrent has goroutines put and get the same words: every hit
// must be the word's ids, never a torn mix.
func TestCacheConcurrent(t *testing.T) {
	c := New(1)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20000 {
				w := (i*7 + g) % 3000
				k, _ := MakeKey([]byte(fmt.Sprintf("word%d", w)))
				want := []uint32{uint32(w), uint32(w) + 1, uint32(w) + 2}[:1+w%3]
				if got, ok := c.Get(nil, &k); ok && !slices.Equal(got, want) {
					t.Errorf("word %d: got %v, want %v", w, got, want)
					return
				}
				c.Put(&k, want)
			}
		}()
	}
	wg.Wait()
}
