package unigram

import (
	"errors"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// trie is a byte trie of the vocabulary stored as a double array (Aoe, "An
// efficient digital search algorithm by using a double-array structure",
// 1989): the child of node s by byte c is node nodes[s].base+c when that
// node's check is s. A step is two array reads, with no hashing, and a walk
// from a position of a word finds every vocabulary piece that starts there,
// with its id, without building a string.
type trie struct {
	nodes []trieNode
	// leaves[i] is the piece that ends at node i, for the nodes whose bit
	// is set in isLeaf. They are kept out of the nodes so that a walk
	// reads 8 bytes per step (the nodes of a 32k vocabulary then nearly
	// fit a core's cache), and only a tiny bitmap to know where pieces
	// end.
	leaves []trieLeaf
	isLeaf []uint64
	// starts has the bit r set for the characters r < 1<<16 with which
	// some piece starts: a walk from any other character stops at once,
	// so a search skips it without touching the nodes.
	starts []uint64
}

type trieLeaf struct {
	score float64
	id    int32
}

type trieNode struct {
	// base is where the children of the node start: the child by byte c
	// is nodes[base+c]. A node without children has base 0; no slot has
	// such a node as its check, so walks stop there.
	base int32
	// check is the index of the node's parent, checkFree for an unused
	// slot, checkRoot for the root.
	check int32
}

// leaf returns the piece that ends at node i, if any.
func (t *trie) leaf(i int32) (id int32, score float64, ok bool) {
	if t.isLeaf[uint32(i)>>6]&(1<<(uint32(i)&63)) == 0 {
		return -1, 0, false
	}
	l := &t.leaves[i]
	return l.id, l.score, true
}

const (
	checkFree = -1
	checkRoot = -2
	// trieRoot is the index of the root node.
	trieRoot = 0
)

var errTooLarge = errors.New("unigram: vocabulary too large")

// lookup returns the id of the piece s, or -1.
func (t *trie) lookup(s string) int32 {
	nodes := t.nodes
	node := int32(trieRoot)
	for j := 0; j < len(s); j++ {
		next := nodes[node].base + int32(s[j])
		if uint(next) >= uint(len(nodes)) || nodes[next].check != node {
			return -1
		}
		node = next
	}
	id, _, _ := t.leaf(node)
	return id
}

// trieKey is a piece of the vocabulary with its id.
type trieKey struct {
	s     string
	id    int32
	score float64
}

// newTrie builds the trie of the keys, which must be distinct.
func newTrie(keys []trieKey) (trie, error) {
	slices.SortFunc(keys, func(a, b trieKey) int { return strings.Compare(a.s, b.s) })
	b := &trieBuilder{head: -1, tail: -1}
	if err := b.grow(256); err != nil {
		return trie{}, err
	}
	b.unlink(trieRoot)
	b.nodes[trieRoot] = trieNode{check: checkRoot}

	// Depth-first placement with an explicit stack: a long piece makes a
	// long chain of nodes, which must not become deep recursion.
	type job struct {
		node   int32
		lo, hi int // keys[lo:hi] share keys[lo].s[:depth], the node's path
		depth  int
	}
	stack := []job{{node: trieRoot, lo: 0, hi: len(keys)}}
	var labels []byte
	var bounds []int
	type trieEnd struct {
		node int32
		leaf trieLeaf
	}
	var ends []trieEnd
	for len(stack) > 0 {
		j := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		lo := j.lo
		if lo < j.hi && len(keys[lo].s) == j.depth {
			// Sorted order puts the key equal to the path first.
			ends = append(ends, trieEnd{j.node, trieLeaf{keys[lo].score, keys[lo].id}})
			lo++
		}
		if lo == j.hi {
			continue
		}
		labels, bounds = labels[:0], bounds[:0]
		for k := lo; k < j.hi; k++ {
			c := keys[k].s[j.depth]
			if len(labels) == 0 || labels[len(labels)-1] != c {
				labels = append(labels, c)
				bounds = append(bounds, k)
			}
		}
		bounds = append(bounds, j.hi)
		base, err := b.findBase(labels)
		if err != nil {
			return trie{}, err
		}
		b.nodes[j.node].base = base
		for k, c := range labels {
			child := base + int32(c)
			b.unlink(child)
			b.nodes[child] = trieNode{check: j.node}
			stack = append(stack, job{node: child, lo: bounds[k], hi: bounds[k+1], depth: j.depth + 1})
		}
	}
	// Drop the free tail that doubling left.
	size := 1
	for i := len(b.nodes) - 1; i > 0; i-- {
		if b.nodes[i].check != checkFree {
			size = i + 1
			break
		}
	}
	t := trie{
		nodes:  slices.Clone(b.nodes[:size]),
		leaves: make([]trieLeaf, size),
		isLeaf: make([]uint64, (size+63)/64),
	}
	for _, e := range ends {
		t.leaves[e.node] = e.leaf
		t.isLeaf[e.node>>6] |= 1 << (e.node & 63)
	}
	t.starts = make([]uint64, 1<<16/64)
	for _, k := range keys {
		r, sz := utf8.DecodeRuneInString(k.s)
		if r == utf8.RuneError && sz <= 1 {
			// A piece that starts with invalid UTF-8 (or the
			// empty one): no skipping.
			t.starts = nil
			break
		}
		if r < 1<<16 {
			t.starts[r>>6] |= 1 << (r & 63)
		}
	}
	return t, nil
}

// mayStart reports whether some piece may start with the character r (not
// utf8.RuneError of an invalid byte): false only when none does.
func (t *trie) mayStart(r rune) bool {
	return r >= 1<<16 || t.starts == nil || t.starts[r>>6]&(1<<(r&63)) != 0
}

// trieBuilder places the nodes of a trie. Free slots form a doubly linked
// list so that finding room for a node's children skips occupied slots.
type trieBuilder struct {
	nodes      []trieNode
	next, prev []int32 // free-list links of free slots
	head, tail int32   // free list ends, -1 when empty
}

// grow extends the array to at least n slots, all free.
func (b *trieBuilder) grow(n int) error {
	if n <= len(b.nodes) {
		return nil
	}
	if n > math.MaxInt32-256 {
		return errTooLarge
	}
	n = max(n, min(2*len(b.nodes), math.MaxInt32-256))
	for i := len(b.nodes); i < n; i++ {
		b.nodes = append(b.nodes, trieNode{check: checkFree})
		b.next = append(b.next, -1)
		b.prev = append(b.prev, b.tail)
		if b.tail >= 0 {
			b.next[b.tail] = int32(i)
		} else {
			b.head = int32(i)
		}
		b.tail = int32(i)
	}
	return nil
}

// unlink takes the free slot i out of the free list.
func (b *trieBuilder) unlink(i int32) {
	p, n := b.prev[i], b.next[i]
	if p >= 0 {
		b.next[p] = n
	} else {
		b.head = n
	}
	if n >= 0 {
		b.prev[n] = p
	} else {
		b.tail = p
	}
}

// findBase returns a base ≥ 1 such that base+c is free for every label c
// (labels are sorted and distinct).
func (b *trieBuilder) findBase(labels []byte) (int32, error) {
	first := int32(labels[0])
	p := b.head
	for {
		if p < 0 {
			// No free slot left: grow, and continue at the first new one.
			n := len(b.nodes)
			if err := b.grow(n + 256); err != nil {
				return 0, err
			}
			p = int32(n)
		}
		base := p - first
		ok := base >= 1
		for _, c := range labels[1:] {
			if !ok {
				break
			}
			q := int(base) + int(c)
			if q >= len(b.nodes) {
				if err := b.grow(q + 1); err != nil {
					return 0, err
				}
			}
			ok = b.nodes[q].check == checkFree
		}
		if ok {
			return base, nil
		}
		p = b.next[p]
	}
}
