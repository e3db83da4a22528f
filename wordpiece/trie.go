package wordpiece

import (
	"errors"
	"math"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/internal/datrie"
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
	// check is the index of the node's parent, datrie.CheckFree for an
	// unused slot, datrie.CheckRoot for the root.
	check int32
	// val is the entry index of the vocabulary token that ends at this
	// node, or -1.
	val int32
}

const (
	checkFree = datrie.CheckFree
	// trieRoot is the index of the root node.
	trieRoot = datrie.Root
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

// newTrie builds the trie of the entries' tokens, whose values are the
// entry indexes. Tokens are distinct.
func newTrie(entries []entry) (trie, error) {
	keys := make([]string, len(entries))
	for i, e := range entries {
		keys[i] = e.tok
	}
	l, err := datrie.Build(keys)
	if err != nil {
		if errors.Is(err, datrie.ErrTooLarge) {
			err = errTooLarge
		}
		return trie{}, err
	}
	// Keep room for base+255 of every node, so that walks stay inside the
	// array.
	if int(l.MaxBase)+256 > math.MaxInt32-256 {
		return trie{}, errTooLarge
	}
	nodes := make([]trieNode, max(len(l.Nodes), int(l.MaxBase)+256))
	for i, n := range l.Nodes {
		nodes[i] = trieNode{base: n.Base, check: n.Check, val: -1}
	}
	for i := len(l.Nodes); i < len(nodes); i++ {
		nodes[i] = trieNode{check: checkFree, val: -1}
	}
	for i, e := range l.Ends {
		nodes[e].val = int32(i)
	}
	return trie{nodes: nodes}, nil
}
