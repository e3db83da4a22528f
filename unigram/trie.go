package unigram

import (
	"errors"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/internal/datrie"
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
	// check is the index of the node's parent, datrie.CheckFree for an
	// unused slot, datrie.CheckRoot for the root.
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

// trieRoot is the index of the root node.
const trieRoot = datrie.Root

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
	strs := make([]string, len(keys))
	for i, k := range keys {
		strs[i] = k.s
	}
	l, err := datrie.Build(strs)
	if err != nil {
		if errors.Is(err, datrie.ErrTooLarge) {
			err = errTooLarge
		}
		return trie{}, err
	}
	size := len(l.Nodes)
	t := trie{
		nodes:  make([]trieNode, size),
		leaves: make([]trieLeaf, size),
		isLeaf: make([]uint64, (size+63)/64),
	}
	for i, n := range l.Nodes {
		t.nodes[i] = trieNode{base: n.Base, check: n.Check}
	}
	for i, k := range keys {
		e := l.Ends[i]
		t.leaves[e] = trieLeaf{k.score, k.id}
		t.isLeaf[e>>6] |= 1 << (e & 63)
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
