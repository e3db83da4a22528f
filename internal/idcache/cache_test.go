package idcache

import (
	"fmt"
	"slices"
	"strings"
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
	for _, c := range []*Cache{New(1), NewNarrow(1)} {
		testCacheConcurrent(t, c)
	}
}

func testCacheConcurrent(t *testing.T, c *Cache) {
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

// TestMakeTaggedKey checks the words of keys against a plain
// construction, and that tags tell keys apart.
func TestMakeTaggedKey(t *testing.T) {
	b := []byte("abcdefghijklmnopqrstuvwxyz")
	seen := map[Key]bool{}
	for n := 1; n <= MaxKey; n++ {
		for tag := uint8(0); tag <= MaxTag; tag++ {
			k, ok := MakeTaggedKey(b[:n], tag)
			if !ok {
				t.Fatalf("%d bytes refused", n)
			}
			var want [3]uint64
			for i := 0; i < n; i++ {
				want[i/8] |= uint64(b[i]) << (8 * (i % 8))
			}
			if k.w != want || k.len() != uint64(n) {
				t.Fatalf("%d bytes, tag %d: %x, want %x", n, tag, k.w, want)
			}
			if ks, _ := MakeTaggedKeyString(string(b[:n]), tag); ks != k {
				t.Fatalf("%d bytes, tag %d: the string's key differs", n, tag)
			}
			for _, pad := range []string{"", "x", strings.Repeat("y", 30)} {
				text := "pre" + string(b[:n]) + pad
				if ki, ok := MakeTaggedKeyIn(text, 3, 3+n, tag); !ok || ki != k {
					t.Fatalf("%d bytes, tag %d, %d after: the key in a text differs", n, tag, len(pad))
				}
			}
			if seen[k] {
				t.Fatalf("%d bytes, tag %d: same key as another", n, tag)
			}
			seen[k] = true
		}
	}
	c := New(1)
	k0, _ := MakeTaggedKey([]byte("word"), 0)
	k1, _ := MakeTaggedKey([]byte("word"), 1)
	c.Put(&k0, []uint32{1})
	c.Put(&k1, []uint32{2, 3})
	if got, ok := c.Get(nil, &k0); !ok || !slices.Equal(got, []uint32{1}) {
		t.Errorf("tag 0: %v %v", got, ok)
	}
	if got, ok := c.Get(nil, &k1); !ok || !slices.Equal(got, []uint32{2, 3}) {
		t.Errorf("tag 1: %v %v", got, ok)
	}
}

// TestCacheSetReplacement fills a set beyond its ways: as many words as
// ways stay, among them the one written last; and Prefetch and GetHashed
// agree with Get.
func TestCacheSetReplacement(t *testing.T) {
	c := New(1)
	bySet := map[uint64][]Key{}
	var set []Key
	for i := 0; set == nil; i++ {
		k, _ := MakeKey([]byte(fmt.Sprintf("k%d", i)))
		s := k.hash() >> c.shift
		bySet[s] = append(bySet[s], k)
		if len(bySet[s]) == ways+2 {
			set = bySet[s]
		}
	}
	for i := range set {
		c.Put(&set[i], []uint32{uint32(i)})
	}
	hits := 0
	for i := range set {
		h := c.Prefetch(&set[i])
		got, ok := c.GetHashed(nil, &set[i], h)
		got2, ok2 := c.Get(nil, &set[i])
		if ok != ok2 || !slices.Equal(got, got2) {
			t.Fatalf("word %d: GetHashed %v %v, Get %v %v", i, got, ok, got2, ok2)
		}
		if ok {
			hits++
			if !slices.Equal(got, []uint32{uint32(i)}) {
				t.Errorf("word %d of %d in one set: %v", i, len(set), got)
			}
		} else if i == len(set)-1 {
			t.Errorf("the word written last is not there")
		}
	}
	if hits != ways {
		t.Errorf("%d words of %d in a set of %d ways", hits, len(set), ways)
	}
}

// TestCacheNarrow checks a narrow cache: up to MaxNarrowIDs ids below 1<<16
// per word.
func TestCacheNarrow(t *testing.T) {
	c := NewNarrow(1)
	for n := 1; n <= MaxNarrowIDs+1; n++ {
		for _, top := range []uint32{0xFFFF, 0x10000} {
			k, _ := MakeKey([]byte(fmt.Sprintf("w%d-%d", n, top)))
			ids := make([]uint32, n)
			for i := range ids {
				ids[i] = (uint32(i)*7919 + uint32(n)) % 0xFFFF
			}
			ids[n-1] = top
			c.Put(&k, ids)
			got, ok := c.Get([]uint32{1}, &k)
			want := n <= MaxNarrowIDs && top <= 0xFFFF
			if ok != want || ok && !slices.Equal(got, append([]uint32{1}, ids...)) || !ok && len(got) != 1 {
				t.Errorf("%d ids up to %#x: %v %v", n, top, got, ok)
			}
		}
	}
}
