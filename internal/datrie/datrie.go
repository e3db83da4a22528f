package datrie

import (
	"errors"
	"math"
	"slices"
	"strings"
)

// Node is a slot of the double array.
type Node struct {
	// Base is where the children of the node start: the child by byte c
	// is Nodes[Base+c]. A node without children has Base 0 (no slot has
	// such a node as its Check, so walks stop there).
	Base int32
	// Check is the index of the node's parent, CheckFree for an unused
	// slot, CheckRoot for the root.
	Check int32
}

const (
	// CheckFree is the Check of an unused slot.
	CheckFree = -1
	// CheckRoot is the Check of the root.
	CheckRoot = -2
	// Root is the index of the root node, the node of the empty string.
	Root = 0
)

// maxLen bounds the length of the array, so that Base+c of any base
// stays within int32.
const maxLen = math.MaxInt32 - 256

// ErrTooLarge is returned when the array would not fit int32 indexes.
var ErrTooLarge = errors.New("datrie: trie too large")

// ErrDuplicateKey is returned when a key occurs twice.
var ErrDuplicateKey = errors.New("datrie: duplicate key")

// Layout is the double array of a set of keys.
type Layout struct {
	// Nodes is the array. It ends at its last used slot, so a walk must
	// check Base+c against its length (or the user must extend it by
	// MaxBase+256-len(Nodes) free slots).
	Nodes []Node
	// Ends[i] is the node where the i-th key ends (Root for the empty
	// key).
	Ends []int32
	// MaxBase is the largest Base of the nodes: every child index is
	// below MaxBase+256.
	MaxBase int32
}

// Build lays out the trie of keys, which need not be sorted but must be
// distinct. Any byte may occur in a key, and the empty key ends at Root.
//
// The layout depends only on the set of keys, not on their order. The
// children of a node are placed together, at the lowest base ≥ 1 whose
// slots for them are all free, and then their subtrees, depth first, the
// child of the largest byte first.
func Build(keys []string) (Layout, error) {
	if len(keys) > math.MaxInt32 {
		return Layout{}, ErrTooLarge
	}
	b := &builder{head: -1, tail: -1}
	if err := b.grow(256); err != nil {
		return Layout{}, err
	}
	b.unlink(Root)
	b.nodes[Root] = Node{Check: CheckRoot}
	g := grouper{keys: keys, order: make([]int32, len(keys))}
	for i := range g.order {
		g.order[i] = int32(i)
	}
	ends := make([]int32, len(keys))

	// Depth-first placement with an explicit stack: a long key makes a
	// long chain of nodes, which must not become deep recursion.
	type job struct {
		node   int32
		lo, hi int // order[lo:hi] are the keys that start with the node's path
		depth  int // the length of that path
		sorted bool
	}
	stack := []job{{node: Root, lo: 0, hi: len(keys)}}
	for len(stack) > 0 {
		j := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		end, sorted, err := g.group(j.lo, j.hi, j.depth, j.sorted)
		if err != nil {
			return Layout{}, err
		}
		if end >= 0 {
			ends[end] = j.node
		}
		if len(g.labels) == 0 {
			continue
		}
		base, err := b.findBase(g.labels)
		if err != nil {
			return Layout{}, err
		}
		b.nodes[j.node].Base = base
		for k, c := range g.labels {
			child := base + int32(c)
			b.unlink(child)
			b.nodes[child] = Node{Check: j.node}
			stack = append(stack, job{node: child, lo: g.bounds[k], hi: g.bounds[k+1], depth: j.depth + 1, sorted: sorted})
		}
	}
	// Drop the free tail that doubling left.
	size := 1
	for i := len(b.nodes) - 1; i > 0; i-- {
		if b.nodes[i].Check != CheckFree {
			size = i + 1
			break
		}
	}
	return Layout{Nodes: b.nodes[:size:size], Ends: ends, MaxBase: b.maxBase}, nil
}

// builder places the nodes of a trie. Free slots form a doubly linked list
// so that finding room for a node's children skips occupied slots.
type builder struct {
	nodes      []Node
	next, prev []int32 // free-list links of free slots
	head, tail int32   // free list ends, -1 when empty
	maxBase    int32
}

// grow extends the array to at least n slots, all free.
func (b *builder) grow(n int) error {
	if n <= len(b.nodes) {
		return nil
	}
	if n > maxLen {
		return ErrTooLarge
	}
	n = max(n, min(2*len(b.nodes), maxLen))
	old := len(b.nodes)
	b.nodes = slices.Grow(b.nodes, n-old)[:n]
	b.next = slices.Grow(b.next, n-old)[:n]
	b.prev = slices.Grow(b.prev, n-old)[:n]
	// The new slots join the end of the free list, in order.
	for i := old; i < n; i++ {
		b.nodes[i] = Node{Check: CheckFree}
		b.next[i] = int32(i + 1)
		b.prev[i] = int32(i - 1)
	}
	b.next[n-1] = -1
	b.prev[old] = b.tail
	if b.tail >= 0 {
		b.next[b.tail] = int32(old)
	} else {
		b.head = int32(old)
	}
	b.tail = int32(n - 1)
	return nil
}

// unlink takes the free slot i out of the free list.
func (b *builder) unlink(i int32) {
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
func (b *builder) findBase(labels []byte) (int32, error) {
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
			ok = b.nodes[q].Check == CheckFree
		}
		if ok {
			b.maxBase = max(b.maxBase, base)
			return base, nil
		}
		p = b.next[p]
	}
}

// sortMax is the size of the largest group of keys that [grouper.group]
// sorts outright rather than distributes by byte.
const sortMax = 64

// grouper orders the keys as the placement of the nodes needs them: the
// keys below a node must be grouped by their next byte, in increasing byte
// order. It sorts small groups (whose subgroups are then sorted too) and
// distributes large ones by byte, as in an MSD radix sort, which compares
// no common prefix twice.
type grouper struct {
	keys   []string
	order  []int32 // the indexes of keys, in the order built so far
	tmp    []int32 // room to distribute a group
	count  [257]int
	labels []byte // the bytes of the last group's subgroups
	bounds []int  // the starts of the last group's subgroups, and its end
}

// group orders order[lo:hi], the keys whose first depth bytes are the same,
// by their byte at depth; sorted tells that they are sorted already. It
// returns the key of length depth, or -1, and whether the subgroups are
// sorted, and leaves in g.labels and g.bounds the subgroups of the other
// keys.
func (g *grouper) group(lo, hi, depth int, sorted bool) (end int32, subSorted bool, err error) {
	keys, order := g.keys, g.order
	g.labels, g.bounds = g.labels[:0], g.bounds[:0]
	end = -1
	if !sorted && hi-lo <= sortMax {
		slices.SortFunc(order[lo:hi], func(a, b int32) int {
			return strings.Compare(keys[a][depth:], keys[b][depth:])
		})
		sorted = true
	}
	if sorted {
		if lo < hi && len(keys[order[lo]]) == depth {
			// Sorted order puts the key equal to the path first.
			end = order[lo]
			lo++
			if lo < hi && len(keys[order[lo]]) == depth {
				return -1, true, ErrDuplicateKey
			}
		}
		for k := lo; k < hi; k++ {
			c := keys[order[k]][depth]
			if len(g.labels) == 0 || g.labels[len(g.labels)-1] != c {
				g.labels = append(g.labels, c)
				g.bounds = append(g.bounds, k)
			}
		}
		if lo < hi {
			g.bounds = append(g.bounds, hi)
		}
		return end, true, nil
	}
	// Count the keys of each byte (count[0] for those that end), then
	// turn the counts into the starts of the subgroups and distribute.
	count := &g.count
	clear(count[:])
	for _, i := range order[lo:hi] {
		if s := keys[i]; len(s) > depth {
			count[int(s[depth])+1]++
		} else {
			count[0]++
		}
	}
	if count[0] > 1 {
		return -1, false, ErrDuplicateKey
	}
	pos := lo
	for c, n := range count {
		count[c] = pos
		if c > 0 && n > 0 {
			g.labels = append(g.labels, byte(c-1))
			g.bounds = append(g.bounds, pos)
		}
		pos += n
	}
	g.bounds = append(g.bounds, hi)
	if g.tmp == nil {
		g.tmp = make([]int32, len(order))
	}
	for _, i := range order[lo:hi] {
		c := 0
		if s := keys[i]; len(s) > depth {
			c = int(s[depth]) + 1
		}
		g.tmp[count[c]] = i
		count[c]++
	}
	copy(order[lo:hi], g.tmp[lo:hi])
	if count[0] > lo {
		end = order[lo]
	}
	return end, false, nil
}
