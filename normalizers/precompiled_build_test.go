package normalizers

import (
	"encoding/binary"
	"slices"
	"sort"
)

// buildCharsmap builds a precompiled_charsmap (darts-clone double array plus
// replacement blob) holding the rules of m (key -> replacement), for tests.
// Keys must be non-empty and hold no NUL byte.
func buildCharsmap(m map[string]string) []byte {
	type node struct {
		kids  map[byte]*node
		leaf  bool
		value uint32
	}
	newNode := func() *node { return &node{kids: map[byte]*node{}} }
	root := newNode()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var blob []byte
	offsets := map[string]uint32{}
	for _, k := range keys {
		v := m[k]
		off, ok := offsets[v]
		if !ok {
			off = uint32(len(blob))
			offsets[v] = off
			blob = append(blob, v...)
			blob = append(blob, 0)
		}
		nd := root
		for i := 0; i < len(k); i++ {
			c := k[i]
			if c == 0 {
				panic("NUL in a key")
			}
			next, ok := nd.kids[c]
			if !ok {
				next = newNode()
				nd.kids[c] = next
			}
			nd = next
		}
		nd.leaf, nd.value = true, off
	}

	var units []uint32
	used := []bool{}
	baseUsed := map[uint32]bool{}
	grow := func(n int) {
		for len(units) < n {
			units = append(units, make([]uint32, 256)...)
			used = append(used, make([]bool, 256)...)
		}
	}
	grow(256)
	used[0] = true
	// place gives the node whose unit is at pos a base for its children.
	var place func(nd *node, pos uint32)
	place = func(nd *node, pos uint32) {
		labels := make([]byte, 0, len(nd.kids)+1)
		if nd.leaf {
			labels = append(labels, 0)
		}
		for c := range nd.kids {
			labels = append(labels, c)
		}
		slices.Sort(labels)
		if len(labels) == 0 {
			return
		}
		var base uint32
		for base = 1; ; base++ {
			if baseUsed[base] {
				continue
			}
			grow(int(base|255) + 1)
			ok := true
			for _, c := range labels {
				if used[base^uint32(c)] {
					ok = false
					break
				}
			}
			if ok {
				break
			}
		}
		baseUsed[base] = true
		off := pos ^ base
		if off >= 1<<21 {
			panic("offset too large for this builder")
		}
		units[pos] |= off << 10
		if nd.leaf {
			units[pos] |= 1 << 8
			units[base] = 1<<31 | nd.value
			used[base] = true
		}
		for _, c := range labels {
			if c != 0 {
				units[base^uint32(c)] = uint32(c)
				used[base^uint32(c)] = true
			}
		}
		for _, c := range labels {
			if c != 0 {
				place(nd.kids[c], base^uint32(c))
			}
		}
	}
	place(root, 0)
	out := make([]byte, 4, 4+4*len(units)+len(blob))
	binary.LittleEndian.PutUint32(out, uint32(4*len(units)))
	for _, u := range units {
		out = binary.LittleEndian.AppendUint32(out, u)
	}
	return append(out, blob...)
}
