package wordpiece

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// trie is a byte trie of the vocabulary stored as a double array (Aoe,
// "An efficient digital search algorithm by using a double-array
// structure", 1989): the child of node s by byte c is node base(s)+c if
// that node's check is s. A step is two array reads, with no hashing and no
// per-node maps, and a walk never builds a string.
type trie struct {
	nodes []trieNode
}

type trieNode struct {
	// base is where the children of the node start: the child by byte c
	// is nodes[base+c].
	base int32
	// check is the index of the node's parent, checkFree for an unused
	// slot, checkRoot for the root.
	check int32
	// val is the entry index of the vocabulary token that ends at this
	// node, or -1.
	val int32
}

const (
	checkFree = -1
	checkRoot = -2
	// trieRoot is the index of the root node.
	trieRoot = 0
)

// longest walks from node over s[i:] and returns the end of the longest key
// that the walk completes after at least one byte, with its entry index; it
// returns -1, -1 when there is none. A key must end on a character boundary
// of s (always true when s and the keys are valid UTF-8, as in the
// reference, where the candidates are whole characters).
func (t *trie) longest(node int32, s string, i int) (end int, val int32) {
	nodes := t.nodes
	end, val = -1, -1
	if uint(node) >= uint(len(nodes)) {
		return
	}
	for j := i; j < len(s); j++ {
		next := nodes[node].base + int32(s[j])
		if uint(next) >= uint(len(nodes)) || nodes[next].check != node {
			break
		}
		node = next
		if v := nodes[node].val; v >= 0 && (j+1 == len(s) || utf8.RuneStart(s[j+1])) {
			end, val = j+1, v
		}
	}
	return
}

// walk follows s from node and returns the node it reaches, or -1.
func (t *trie) walk(node int32, s string) int32 {
	for j := 0; j < len(s); j++ {
		next := t.nodes[node].base + int32(s[j])
		if uint(next) >= uint(len(t.nodes)) || t.nodes[next].check != node {
			return -1
		}
		node = next
	}
	return node
}

// trieBuilder places the nodes of a trie. Free slots form a doubly linked
// list so that finding room for a node's children skips occupied slots.
type trieBuilder struct {
	nodes      []trieNode
	next, prev []int32 // free-list links of free slots
	head, tail int32   // free list ends, -1 when empty
	maxBase    int32
}

// newTrie builds the trie of the entries' tokens, whose values are the
// entry indexes. Tokens are distinct.
func newTrie(entries []entry) (trie, error) {
	order := make([]int32, len(entries))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(entries[a].tok, entries[b].tok) })
	keys := make([]string, len(order))
	for i, e := range order {
		keys[i] = entries[e].tok
	}

	b := &trieBuilder{head: -1, tail: -1}
	b.grow(256)
	b.nodes[trieRoot] = trieNode{check: checkRoot, val: -1}
	b.unlink(trieRoot)

	// Depth-first placement with an explicit stack: a long token makes a
	// long chain of nodes, which must not become deep recursion.
	type job struct {
		node   int32
		lo, hi int // keys[lo:hi] share keys[lo][:depth], the node's path
		depth  int
	}
	stack := []job{{node: trieRoot, lo: 0, hi: len(keys)}}
	var labels []byte
	var bounds []int
	for len(stack) > 0 {
		j := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		lo := j.lo
		if lo < j.hi && len(keys[lo]) == j.depth {
			// Sorted order puts the key equal to the path first.
			b.nodes[j.node].val = order[lo]
			lo++
		}
		if lo == j.hi {
			continue
		}
		labels, bounds = labels[:0], bounds[:0]
		for k := lo; k < j.hi; k++ {
			c := keys[k][j.depth]
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
			b.nodes[child] = trieNode{check: j.node, val: -1}
			stack = append(stack, job{node: child, lo: bounds[k], hi: bounds[k+1], depth: j.depth + 1})
		}
	}
	// Keep room for base+255 of every node, so that walks stay inside the
	// array, and drop the free tail that doubling left.
	size := int(b.maxBase) + 256
	if err := b.grow(size); err != nil {
		return trie{}, err
	}
	for i := len(b.nodes) - 1; i >= size; i-- {
		if b.nodes[i].check != checkFree {
			size = i + 1
			break
		}
	}
	return trie{nodes: slices.Clone(b.nodes[:size])}, nil
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
		b.nodes = append(b.nodes, trieNode{check: checkFree, val: -1})
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
			b.maxBase = max(b.maxBase, base)
			return base, nil
		}
		p = b.next[p]
	}
}
