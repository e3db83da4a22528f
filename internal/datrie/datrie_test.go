package datrie

import (
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// walk follows s from the root and returns the node it reaches, or -1.
func walk(l Layout, s string) int32 {
	node := int32(Root)
	for i := 0; i < len(s); i++ {
		next := l.Nodes[node].Base + int32(s[i])
		if uint(next) >= uint(len(l.Nodes)) || l.Nodes[next].Check != node {
			return -1
		}
		node = next
	}
	return node
}

// naive lays out keys as Build documents it, the simple way: recursion,
// and a scan from 1 for each base.
func naive(keys []string) []Node {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	nodes := []Node{{Check: CheckRoot}}
	free := func(i int) bool { return i >= len(nodes) || nodes[i].Check == CheckFree }
	lowFree := 1 // every slot below is used
	var place func(node int32, keys []string, depth int)
	place = func(node int32, keys []string, depth int) {
		if len(keys) > 0 && len(keys[0]) == depth {
			keys = keys[1:]
		}
		if len(keys) == 0 {
			return
		}
		var labels []byte
		var groups [][]string
		for i, k := range keys {
			if i == 0 || k[depth] != labels[len(labels)-1] {
				labels = append(labels, k[depth])
				groups = append(groups, nil)
			}
			groups[len(groups)-1] = append(groups[len(groups)-1], k)
		}
		base := max(1, lowFree-int(labels[0]))
		for !all(labels, func(c byte) bool { return free(base + int(c)) }) {
			base++
		}
		nodes[node].Base = int32(base)
		for _, c := range labels {
			for len(nodes) <= base+int(c) {
				nodes = append(nodes, Node{Check: CheckFree})
			}
			nodes[base+int(c)] = Node{Check: node}
		}
		for !free(lowFree) {
			lowFree++
		}
		for k := len(labels) - 1; k >= 0; k-- {
			place(int32(base+int(labels[k])), groups[k], depth+1)
		}
	}
	place(Root, keys, 0)
	return nodes
}

func all(labels []byte, f func(byte) bool) bool {
	for _, c := range labels {
		if !f(c) {
			return false
		}
	}
	return true
}

// randomKeys returns n distinct keys over a small alphabet (so that keys
// share prefixes and are prefixes of each other) with some arbitrary
// bytes.
func randomKeys(r *rand.Rand, n, maxLen int) []string {
	seen := make(map[string]bool)
	var keys []string
	for len(keys) < n {
		b := make([]byte, r.Intn(maxLen+1))
		for i := range b {
			if r.Intn(4) == 0 {
				b[i] = byte(r.Intn(256))
			} else {
				b[i] = "ab\x00\xff"[r.Intn(4)]
			}
		}
		if !seen[string(b)] {
			seen[string(b)] = true
			keys = append(keys, string(b))
		}
	}
	return keys
}

// checkLayout checks l against keys: each key ends at its node, the used
// slots are exactly the prefixes of the keys, and the documented
// invariants hold.
func checkLayout(t *testing.T, keys []string, l Layout) {
	t.Helper()
	require.Len(t, l.Ends, len(keys))
	require.NotEmpty(t, l.Nodes)
	require.Equal(t, int32(CheckRoot), l.Nodes[Root].Check)
	require.NotEqual(t, int32(CheckFree), l.Nodes[len(l.Nodes)-1].Check, "free tail")
	isEnd := make(map[int32]bool)
	for i, k := range keys {
		if node := walk(l, k); node != l.Ends[i] {
			t.Fatalf("key %q: walk reaches %d, ends at %d", k, node, l.Ends[i])
		}
		if isEnd[l.Ends[i]] {
			t.Fatalf("two keys end at node %d", l.Ends[i])
		}
		isEnd[l.Ends[i]] = true
	}
	prefixes := map[string]bool{"": true} // the root is always there
	for _, k := range keys {
		for i := 0; i <= len(k); i++ {
			prefixes[k[:i]] = true
		}
	}
	// The path of every used slot, read up the parents, is a prefix of a
	// key, and no two slots have the same path.
	paths := make(map[string]int32)
	var maxBase int32
	hasChild := make(map[int32]bool)
	for i, n := range l.Nodes {
		maxBase = max(maxBase, n.Base)
		if n.Check == CheckFree {
			if n.Base != 0 {
				t.Fatalf("free slot %d: base %d", i, n.Base)
			}
			continue
		}
		var path []byte
		for node := int32(i); node != Root; {
			parent := l.Nodes[node].Check
			if parent < 0 {
				t.Fatalf("node %d: parent %d", node, parent)
			}
			c := node - l.Nodes[parent].Base
			if c < 0 || c >= 256 {
				t.Fatalf("node %d: byte %d", node, c)
			}
			path = append(path, byte(c))
			node = parent
		}
		slices.Reverse(path)
		if !prefixes[string(path)] {
			t.Fatalf("stray path %q", path)
		}
		if _, dup := paths[string(path)]; dup {
			t.Fatalf("two nodes of path %q", path)
		}
		paths[string(path)] = int32(i)
		if i != Root {
			hasChild[n.Check] = true
		}
	}
	require.Len(t, paths, len(prefixes))
	require.Equal(t, maxBase, l.MaxBase)
	for i, n := range l.Nodes {
		if hasChild[int32(i)] != (n.Base >= 1) {
			t.Fatalf("node %d: base %d, children %v", i, n.Base, hasChild[int32(i)])
		}
	}
}

func TestBuild(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	sets := [][]string{
		nil,
		{""},
		{"", "a"},
		{"a", "ab", "abc", "abd", "b"},
		{"\x00", "\x00\x00", "\xff", "\xff\xff"},
		{strings.Repeat("x", 3000), "x"},
	}
	for _, n := range []int{1, 10, 65, 200, 3000} {
		sets = append(sets, randomKeys(r, n, 8))
	}
	for _, keys := range sets {
		l, err := Build(keys)
		require.NoError(t, err)
		checkLayout(t, keys, l)
		require.Equal(t, naive(keys), l.Nodes, "keys %q", keys)

		// Strings that are not keys are not found, or not at an end.
		isEnd := make(map[int32]bool)
		for _, e := range l.Ends {
			isEnd[e] = true
		}
		for _, s := range randomKeys(r, 200, 9) {
			if !slices.Contains(keys, s) {
				if node := walk(l, s); node >= 0 && isEnd[node] {
					t.Fatalf("%q found", s)
				}
			}
		}

		// The order of the keys does not matter.
		shuffled := slices.Clone(keys)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		l2, err := Build(shuffled)
		require.NoError(t, err)
		require.Equal(t, l.Nodes, l2.Nodes)
		require.Equal(t, l.MaxBase, l2.MaxBase)
		for i, k := range shuffled {
			if walk(l, k) != l2.Ends[i] {
				t.Fatalf("shuffled key %q ends at %d", k, l2.Ends[i])
			}
		}
	}
}

func TestBuildEmpty(t *testing.T) {
	l, err := Build(nil)
	require.NoError(t, err)
	require.Equal(t, []Node{{Check: CheckRoot}}, l.Nodes)
	require.Empty(t, l.Ends)
	require.Zero(t, l.MaxBase)

	l, err = Build([]string{"b", "", "a"})
	require.NoError(t, err)
	require.Equal(t, int32(Root), l.Ends[1])
}

func TestBuildDuplicate(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for _, keys := range [][]string{
		{"a", "a"},
		{"", ""},
		{"ab", "a", "ab"},
		append(randomKeys(r, 500, 6), "ab", "ab"),
		append(randomKeys(r, 500, 6), "", ""),
	} {
		_, err := Build(keys)
		require.ErrorIs(t, err, ErrDuplicateKey, "keys %q", keys)
	}
}
