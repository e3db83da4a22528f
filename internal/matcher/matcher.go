// Package matcher finds many literal patterns in a text at once, with
// leftmost-longest semantics: of the matches that start first, the longest
// wins, and matches do not overlap. This is how added tokens are found in the
// text to encode.
//
// The matcher runs in time linear in the text whatever the patterns: it is
// an Aho-Corasick automaton built over the reversed patterns, run once from
// the end of the text to the start. At each position that backward run gives
// the longest pattern starting there (the longest reversed pattern that is a
// suffix of what it has read), and a forward pass then picks matches greedily
// from the left. The usual forward automaton cannot give leftmost-longest
// matches without either re-reading text or a more delicate construction.
package matcher

import (
	"bytes"
	"unicode/utf8"
)

// Matcher is an immutable set of patterns, safe for concurrent use.
type Matcher struct {
	// root holds the transitions of the root state, dense for speed:
	// most bytes of a text are not the last byte of any pattern.
	root [256]int32
	// edges holds the transitions of the other states, keyed by
	// state<<8 | byte.
	edges map[uint64]int32
	fail  []int32
	// out is, for each state, the index+1 of the longest pattern that
	// is a suffix of the state's (reversed) string, or 0.
	out  []int32
	lens []int32 // pattern lengths
	// empty is the index+1 of the empty pattern, if there is one: it
	// matches, with length 0, at every character where no other pattern
	// does.
	empty int32
	// lastBytes lists the bytes patterns end with, when there are at
	// most maxQuickBytes of them: a text holding none of them (most
	// texts) has no match, which IndexByte finds out fast.
	lastBytes []byte
}

const maxQuickBytes = 4

// Match is one match: pattern index and byte range.
type Match struct {
	Pattern    int
	Start, End int
}

// New builds a matcher of the patterns. When a pattern is given more than
// once, the first one is the one matched.
func New(patterns []string) *Matcher {
	m := &Matcher{edges: make(map[uint64]int32)}
	m.fail = append(m.fail, 0)
	m.out = append(m.out, 0)
	m.lens = make([]int32, len(patterns))
	for i := range m.root {
		m.root[i] = -1
	}
	for pi, p := range patterns {
		if p == "" {
			if m.empty == 0 {
				m.empty = int32(pi + 1)
			}
			continue
		}
		m.lens[pi] = int32(len(p))
		s := int32(0)
		for i := len(p) - 1; i >= 0; i-- {
			next := m.child(s, p[i])
			if next < 0 {
				next = int32(len(m.fail))
				m.fail = append(m.fail, 0)
				m.out = append(m.out, 0)
				m.setChild(s, p[i], next)
			}
			s = next
		}
		if m.out[s] == 0 {
			m.out[s] = int32(pi + 1)
		}
	}
	for b := range 256 {
		if m.root[b] >= 0 {
			m.lastBytes = append(m.lastBytes, byte(b))
		}
	}
	if len(m.lastBytes) > maxQuickBytes {
		m.lastBytes = nil
	}
	// Breadth-first: failure links, and outputs inherited from them
	// (a state's own pattern is always longer than its failure state's).
	queue := make([]int32, 0, len(m.fail))
	for b := range 256 {
		if c := m.root[b]; c >= 0 {
			m.fail[c] = 0
			queue = append(queue, c)
		}
	}
	children := make(map[int32][]uint64, len(m.fail))
	for k := range m.edges {
		children[int32(k>>8)] = append(children[int32(k>>8)], k)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if m.out[s] == 0 {
			m.out[s] = m.out[m.fail[s]]
		}
		for _, k := range children[s] {
			b := byte(k)
			c := m.edges[k]
			f := m.fail[s]
			for {
				if n := m.child(f, b); n >= 0 {
					m.fail[c] = n
					break
				}
				if f == 0 {
					m.fail[c] = 0
					break
				}
				f = m.fail[f]
			}
			queue = append(queue, c)
		}
	}
	return m
}

func (m *Matcher) child(s int32, b byte) int32 {
	if s == 0 {
		return m.root[b]
	}
	if c, ok := m.edges[uint64(s)<<8|uint64(b)]; ok {
		return c
	}
	return -1
}

func (m *Matcher) setChild(s int32, b byte, c int32) {
	if s == 0 {
		m.root[b] = c
		return
	}
	m.edges[uint64(s)<<8|uint64(b)] = c
}

// Longest fills longest[i] with the index+1 of the longest pattern starting
// at byte i of text (0 when none does) and returns it, reusing the slice's
// memory when it is large enough.
func (m *Matcher) Longest(longest []int32, text []byte) []int32 {
	if cap(longest) < len(text) {
		longest = make([]int32, len(text))
	}
	longest = longest[:len(text)]
	s := int32(0)
	for i := len(text) - 1; i >= 0; i-- {
		b := text[i]
		if s == 0 {
			s = m.root[b]
			if s < 0 {
				s = 0
				longest[i] = 0
				continue
			}
			longest[i] = m.out[s]
			continue
		}
		for {
			if n := m.child(s, b); n >= 0 {
				s = n
				break
			}
			if s == 0 {
				break
			}
			s = m.fail[s]
		}
		longest[i] = m.out[s]
	}
	return longest
}

// mayMatch reports whether text holds a byte some pattern ends with.
func (m *Matcher) mayMatch(text []byte) bool {
	for _, b := range m.lastBytes {
		if bytes.IndexByte(text, b) >= 0 {
			return true
		}
	}
	return false
}

// FindAll appends to dst the leftmost-longest non-overlapping matches in
// text. scratch is reusable memory (see Longest); the updated scratch is
// returned too.
func (m *Matcher) FindAll(dst []Match, text []byte, scratch []int32) ([]Match, []int32) {
	if m.empty == 0 && m.lastBytes != nil && !m.mayMatch(text) {
		return dst, scratch
	}
	scratch = m.Longest(scratch, text)
	for i := 0; i < len(text); {
		p := scratch[i]
		if p == 0 {
			if m.empty != 0 {
				dst = append(dst, Match{Pattern: int(m.empty - 1), Start: i, End: i})
				if text[i] >= utf8.RuneSelf {
					_, sz := utf8.DecodeRune(text[i:])
					i += sz
					continue
				}
			}
			i++
			continue
		}
		l := int(m.lens[p-1])
		dst = append(dst, Match{Pattern: int(p - 1), Start: i, End: i + l})
		i += l
	}
	return dst, scratch
}
