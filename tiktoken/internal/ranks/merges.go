package ranks

import (
	"fmt"
	"math/bits"
)

// Splits returns, for every token i (by rank), where the two tokens
// tiktoken's encoder merges to make it meet: it merges token i's first
// split[i] bytes with the rest. split[i] is 0 when the encoder never makes
// token i by merging: single bytes, and tokens it cannot reach. It fails
// when a byte has no token of its own (tiktoken would fail to encode a text
// holding that byte).
//
// # Why these merges give tiktoken's results
//
// tiktoken encodes a piece of text that is not itself a token by starting
// from its bytes and merging, again and again, the leftmost of the adjacent
// pairs whose concatenation is the token of lowest rank. A BPE model with a
// merge list (Hugging Face's) merges, again and again, the leftmost of the
// adjacent pairs that are the listed merge of lowest rank. The two agree
// when the list holds, for every token T, the one pair tiktoken forms T
// from, ranked by T's rank:
//
//   - The merges tiktoken makes inside the bytes of T, up to the moment T is
//     formed, are those it makes when merging the bytes of T alone, in the
//     same order: no symbol crosses T's bounds before then, so the pairs
//     inside are the same, and when the pair chosen is inside it is also
//     the leftmost lowest pair inside. So T, whenever tiktoken forms it, is
//     formed from the last pair of merging T alone: its canonical pair.
//   - So tiktoken only ever merges canonical pairs, and the leftmost lowest
//     pair among all pairs whose concatenation is a token is also the
//     leftmost lowest among canonical pairs: the BPE rule. (Two pairs of the
//     same rank make the same token; ranks are unique.)
//
// A token tiktoken cannot form by merging (merging its bytes alone ends in
// three tokens or more) gets no merge: it can still be a whole piece of
// text, which both encoders look up before merging (IgnoreMerges).
//
// Merging the bytes of T alone only forms tokens shorter than T before the
// last merge, so the tokens are taken by increasing length, each merged
// with the canonical pairs found so far: a BPE encoder whose merges are
// keyed by pairs of ids, without string lookups.
func (t *Table) Splits() ([]uint32, error) {
	n := t.Len()
	var single [256]int32
	for b := range single {
		single[b] = -1
	}
	maxLen := 0
	for i := range n {
		tok := t.Token(i)
		if len(tok) == 1 {
			single[tok[0]] = int32(i)
		}
		maxLen = max(maxLen, len(tok))
	}
	for b, id := range single {
		if id < 0 {
			return nil, fmt.Errorf("byte %#02x has no token of its own", b)
		}
	}

	// Tokens by increasing length (a counting sort, stable so ties stay
	// by rank, which does not matter but keeps the work reproducible).
	count := make([]int, maxLen+2)
	for i := range n {
		count[len(t.Token(i))+1]++
	}
	for l := 1; l < len(count); l++ {
		count[l] += count[l-1]
	}
	order := make([]int32, n)
	for i := range n {
		l := len(t.Token(i))
		order[count[l]] = int32(i)
		count[l]++
	}

	split := make([]uint32, n)
	var pairs pairTable
	pairs.init(n - count[2]) // count[2]: the tokens of one or two bytes
	// bytePairs[a<<8|b] is the token merged from the tokens of bytes a
	// and b, +1 (0: none); byteOf[i] is the byte of token i +1 (0: not
	// one byte). Most lookups are of two bytes.
	bytePairs := make([]int32, 1<<16)
	byteOf := make([]uint16, n)
	for b, i := range single {
		byteOf[i] = uint16(b) + 1
	}
	// side[i] has bit 0 when token i is the left of a pair found so far,
	// bit 1 when it is the right: a pair without them does not merge,
	// which this small array says without a lookup in the large table
	// (most lookups find nothing).
	side := make([]uint8, n)
	lookup := func(a, b int32) int32 {
		if x, y := byteOf[a], byteOf[b]; x != 0 && y != 0 {
			return bytePairs[int(x-1)<<8|int(y-1)] - 1
		}
		if side[a]&1 == 0 || side[b]&2 == 0 {
			return -1
		}
		return pairs.get(a, b)
	}

	syms := make([]int32, maxLen)
	// merged[k] is the token syms[k] and syms[k+1] merge into, or -1;
	// token indices are ranks' order, so the lowest index wins.
	merged := make([]int32, maxLen)
	for _, i := range order {
		tok := t.Token(int(i))
		if len(tok) < 2 {
			continue
		}
		s := syms[:len(tok)]
		for k, b := range tok {
			s[k] = single[b]
		}
		m := merged[:len(s)-1]
		for k := range m {
			m[k] = lookup(s[k], s[k+1])
		}
		for len(s) > 2 {
			best := -1
			for k, r := range m {
				if r >= 0 && (best < 0 || r < m[best]) {
					best = k
				}
			}
			if best < 0 {
				break
			}
			s[best] = m[best]
			copy(s[best+1:], s[best+2:])
			s = s[:len(s)-1]
			copy(m[best:], m[best+1:])
			m = m[:len(m)-1]
			if best > 0 {
				m[best-1] = lookup(s[best-1], s[best])
			}
			if best < len(m) {
				m[best] = lookup(s[best], s[best+1])
			}
		}
		if len(s) != 2 {
			continue
		}
		split[i] = uint32(len(t.Token(int(s[0]))))
		side[s[0]] |= 1
		side[s[1]] |= 2
		if len(tok) == 2 {
			bytePairs[int(tok[0])<<8|int(tok[1])] = i + 1
		} else {
			pairs.put(s[0], s[1], i)
		}
	}
	return split, nil
}

// pairTable maps a pair of token indices to the token they merge into: an
// open-addressing hash table with linear probing (faster to fill and query
// than a map, for the few hundred thousand pairs of a large vocabulary).
type pairTable struct {
	slots []pairSlot
	shift uint
}

type pairSlot struct {
	a, b int32
	tok  int32 // token + 1; 0 marks an empty slot
}

// init sizes the table for n pairs, at a load factor of at most 2/3.
func (p *pairTable) init(n int) {
	size := 16
	for size*2 < n*3 {
		size *= 2
	}
	p.slots = make([]pairSlot, size)
	p.shift = uint(64 - bits.TrailingZeros(uint(size)))
}

func (p *pairTable) slot(a, b int32) *pairSlot {
	mask := len(p.slots) - 1
	i := int(((uint64(a)<<32 | uint64(uint32(b))) * 0x9E3779B97F4A7C15) >> p.shift)
	for {
		s := &p.slots[i]
		if s.tok == 0 || s.a == a && s.b == b {
			return s
		}
		i = (i + 1) & mask
	}
}

func (p *pairTable) put(a, b, tok int32) { *p.slot(a, b) = pairSlot{a, b, tok + 1} }

func (p *pairTable) get(a, b int32) int32 { return p.slot(a, b).tok - 1 }
