package unigram

import (
	"errors"
	"unicode/utf8"
)

// cell is the best segmentation found so far of a prefix of the word:
// cells[i] is about word[:i]. This is SentencePiece's "optimized" Viterbi
// (the reference's encode_optimized): rather than building the lattice of
// all pieces and then searching it, each piece found is scored at once
// against the best segmentation that ends where it ends.
type cell struct {
	// score is the sum of the scores of the segmentation's pieces.
	score float64
	// start is 1 + where the segmentation's last piece starts, 0 while
	// no segmentation of the prefix is known (so that zeroed memory is
	// a fresh lattice).
	start int32
	// id is the id of that last piece (the unknown id for an unknown
	// character).
	id int32
}

// lattice is the memory of one search, pooled for long words.
type lattice struct {
	cells []cell
}

// Words up to stackWord bytes are searched in arrays on the stack; longer
// ones in pooled lattices, which are dropped after a word longer than
// maxPooled bytes so that one huge word does not pin its memory.
const (
	stackWord = 32
	maxPooled = 1 << 20
)

func (m *Model) getLattice(n int) *lattice {
	lat, _ := m.lattices.Get().(*lattice)
	if lat == nil {
		lat = &lattice{}
	}
	if cap(lat.cells) < n+1 {
		lat.cells = make([]cell, n+1)
	} else {
		lat.cells = lat.cells[:n+1]
		clear(lat.cells)
	}
	return lat
}

func (m *Model) putLattice(lat *lattice) {
	if cap(lat.cells) > maxPooled+1 {
		return
	}
	m.lattices.Put(lat)
}

var errBrokenLattice = errors.New("unigram: internal error: no segmentation found")

// viterbi finds the best segmentation of word into cells (of length
// len(word)+1, zeroed): each piece of it ends at cells[end], which has its
// start and id.
//
// Ties: a prefix keeps the first segmentation that reaches its best score.
// Pieces are tried by increasing start, then by increasing length (the
// order of the reference's trie walk), then the unknown character, so
// among equal scores the segmentation whose last piece starts earliest —
// the longest last piece — wins.
func (m *Model) viterbi(cells []cell, word string) error {
	n := len(word)
	nodes := m.trie.nodes
	leaves, isLeaf := m.trie.leaves, m.trie.isLeaf
	for s := 0; s < n; {
		size := 1
		walk := true
		if c := word[s]; c >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(word[s:])
			walk = size == 1 || m.trie.mayStart(r)
		}
		base := cells[s].score
		// single says whether a piece covers exactly the character at s;
		// if none does, the character may be an unknown piece.
		single := false
		node := int32(trieRoot)
		for j := s; j < n && walk; j++ {
			next := nodes[node].base + int32(word[j])
			if uint(next) >= uint(len(nodes)) || nodes[next].check != node {
				break
			}
			node = next
			if isLeaf[uint32(next)>>6]&(1<<(uint32(next)&63)) != 0 {
				l := &leaves[next]
				id := l.id
				e := j + 1
				cand := l.score + base
				if t := &cells[e]; t.start == 0 || cand > t.score {
					*t = cell{score: cand, start: int32(s) + 1, id: id}
				}
				if e-s == size {
					single = true
				}
			}
		}
		if !single {
			cand := m.unkScore + base
			if t := &cells[s+size]; t.start == 0 || cand > t.score {
				// The reference fails only here: a model without
				// an unknown piece is fine as long as the unknown
				// character is never the best way to a prefix.
				if m.unkID < 0 {
					return ErrMissingUnkID
				}
				*t = cell{score: cand, start: int32(s) + 1, id: m.unkID}
			}
		}
		s += size
	}
	return nil
}
