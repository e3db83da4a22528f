package normalizers

import "unicode/utf8"

// Helpers for the normalizers' transformations. The reference rebuilds the
// whole text for every transformation; the changes of the characters a
// normalizer leaves alone are all 0, which keeps them and their alignments
// as they are, so these helpers copy such runs in bulk and only push the
// characters that change.

// copyThrough copies the input from the transformer's position up to the
// byte offset k as it is, as pushing each of its characters with change 0
// would.
func (t *transformer) copyThrough(k int) {
	if k <= t.pos {
		return
	}
	t.out = append(t.out, t.n.norm[t.pos:k]...)
	t.outAlign = append(t.outAlign, t.n.align[t.pos:k]...)
	t.pos = k
}

// wholeRange reports whether the reference's transformations, which apply to
// the normalized range its original text maps to, apply to all of n. They do
// unless n holds characters aligned to nothing (inserted before all others)
// or its original text is empty; the helpers leave those rare cases to the
// general methods of NormalizedString, which follow the reference step by
// step.
func wholeRange(n *NormalizedString) bool {
	// fromOriginal(0, len(original)) starts at the first character aligned
	// to something from the start of the original on, and ends before the
	// first one aligned past its end; this checks that without its
	// general loop.
	if len(n.align) == 0 || n.oStart == n.oEnd {
		s, e, ok := n.fromOriginal(0, n.oEnd-n.oStart)
		return ok && s == 0 && e == len(n.norm)
	}
	if a := n.align[0]; a.start == a.end || int(a.start) < n.oStart {
		return false
	}
	end := int32(n.oEnd)
	for _, a := range n.align {
		if a.end > end {
			return false
		}
	}
	return true
}

// beginAt starts a transformation of the whole of n whose changes before the
// byte offset at are all 0, skipping the initialOffset characters from at
// (removed). n must satisfy wholeRange.
func beginAt(n *NormalizedString, at, initialOffset, sizeHint int) transformer {
	return n.beginTransform(at, len(n.norm), initialOffset, sizeHint)
}

// decodeAt returns the character of b at byte offset i and its length.
func decodeAt(b []byte, i int) (rune, int) {
	if c := b[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRune(b[i:])
}

// runeSet is a set of characters: a table for ASCII, a function for the
// others.
type runeSet struct {
	ascii [utf8.RuneSelf]bool
	other func(rune) bool
}

func newRuneSet(f func(rune) bool) *runeSet {
	s := &runeSet{other: f}
	for c := range rune(utf8.RuneSelf) {
		s.ascii[c] = f(c)
	}
	return s
}

func (s *runeSet) has(r rune) bool {
	if r < utf8.RuneSelf {
		return s.ascii[r]
	}
	return s.other(r)
}

// runeMap maps characters to characters: a table for ASCII (to ASCII), a
// function for the others.
type runeMap struct {
	ascii [utf8.RuneSelf]byte
	other func(rune) rune
}

func newRuneMap(f func(rune) rune) *runeMap {
	m := &runeMap{other: f}
	for c := range rune(utf8.RuneSelf) {
		m.ascii[c] = byte(f(c))
	}
	return m
}

// removeRunes removes the characters of set, as the reference's filter
// does: each kept character replaces itself and takes the removed ones after
// it with it; removed characters before the first kept one are skipped.
func removeRunes(n *NormalizedString, set *runeSet) {
	b := n.norm
	// Find the first removed character and the kept one before it.
	i, lastKept := 0, -1
	for i < len(b) {
		if c := b[i]; c < utf8.RuneSelf {
			if set.ascii[c] {
				break
			}
			lastKept = i
			i++
			continue
		}
		r, sz := utf8.DecodeRune(b[i:])
		if set.other(r) {
			break
		}
		lastKept = i
		i += sz
	}
	if i == len(b) {
		return
	}
	if !wholeRange(n) {
		n.Filter(func(r rune) bool { return !set.has(r) })
		return
	}
	start, leading := 0, 0
	if lastKept >= 0 {
		start = lastKept
	} else {
		// Count the removed characters the text starts with.
		for j := 0; j < len(b); {
			r, sz := decodeAt(b, j)
			if !set.has(r) {
				break
			}
			leading++
			j += sz
		}
	}
	t := beginAt(n, start, leading, len(b))
	// From here on, kept characters are copied as they are, and a run of
	// removed ones is taken with the last kept character before it.
	j, kept := t.pos, -1
	for j < len(b) {
		if c := b[j]; c < utf8.RuneSelf && !set.ascii[c] {
			kept = j
			j++
			continue
		}
		r, sz := decodeAt(b, j)
		if !set.has(r) {
			kept = j
			j += sz
			continue
		}
		removed := 0
		for j < len(b) {
			r, sz = decodeAt(b, j)
			if !set.has(r) {
				break
			}
			removed++
			j += sz
		}
		if kept >= 0 {
			t.copyThrough(kept)
			kr, _ := decodeAt(b, kept)
			t.push(kr, -removed)
			kept = -1
		}
	}
	t.copyThrough(len(b))
	t.finish()
}

// mapRunes replaces every character r by its image in m, as the reference's
// map does.
func mapRunes(n *NormalizedString, m *runeMap) {
	b := n.norm
	i := 0
	for i < len(b) {
		if c := b[i]; c < utf8.RuneSelf {
			if m.ascii[c] != c {
				break
			}
			i++
			continue
		}
		r, sz := utf8.DecodeRune(b[i:])
		if m.other(r) != r {
			break
		}
		i += sz
	}
	if i == len(b) {
		return
	}
	if !wholeRange(n) {
		n.Map(func(r rune) rune {
			if r < utf8.RuneSelf {
				return rune(m.ascii[r])
			}
			return m.other(r)
		})
		return
	}
	t := beginAt(n, i, 0, len(b)+8)
	for j := i; j < len(b); {
		if c := b[j]; c < utf8.RuneSelf {
			if x := m.ascii[c]; x != c {
				t.copyThrough(j)
				t.push(rune(x), 0)
			}
			j++
			continue
		}
		r, sz := utf8.DecodeRune(b[j:])
		if x := m.other(r); x != r {
			t.copyThrough(j)
			t.push(x, 0)
		}
		j += sz
	}
	t.copyThrough(len(b))
	t.finish()
}
