package onig

import (
	"sort"
	"unicode"
)

// maxRune is the largest code point.
const maxRune = unicode.MaxRune

// rng is an inclusive range of code points.
type rng struct{ lo, hi rune }

// set is a set of code points: sorted, disjoint, non-adjacent ranges.
type set []rng

// normalize sorts and merges the ranges of s.
func (s set) normalize() set {
	sort.Slice(s, func(i, j int) bool { return s[i].lo < s[j].lo })
	out := s[:0]
	for _, r := range s {
		if n := len(out); n > 0 && r.lo <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, r.hi)
			continue
		}
		out = append(out, r)
	}
	return out
}

func fromTable(t *unicode.RangeTable) set {
	var s set
	for _, r := range t.R16 {
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			if r.Stride == 1 {
				s = append(s, rng{rune(r.Lo), rune(r.Hi)})
				break
			}
			s = append(s, rng{c, c})
		}
	}
	for _, r := range t.R32 {
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			if r.Stride == 1 {
				s = append(s, rng{rune(r.Lo), rune(r.Hi)})
				break
			}
			s = append(s, rng{c, c})
		}
	}
	return s.normalize()
}

func union(a, b set) set {
	out := make(set, 0, len(a)+len(b))
	out = append(append(out, a...), b...)
	return out.normalize()
}

func (s set) complement() set {
	var out set
	next := rune(0)
	for _, r := range s {
		if r.lo > next {
			out = append(out, rng{next, r.lo - 1})
		}
		next = r.hi + 1
	}
	if next <= maxRune {
		out = append(out, rng{next, maxRune})
	}
	return out
}

func intersect(a, b set) set {
	var out set
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		lo, hi := max(a[i].lo, b[j].lo), min(a[i].hi, b[j].hi)
		if lo <= hi {
			out = append(out, rng{lo, hi})
		}
		if a[i].hi < b[j].hi {
			i++
		} else {
			j++
		}
	}
	return out
}

func subtract(a, b set) set { return intersect(a, b.complement()) }

// subsetOf reports whether every code point of s is in t.
func (s set) subsetOf(t set) bool { return len(subtract(s, t)) == 0 }

// size returns the number of code points in s.
func (s set) size() int {
	n := 0
	for _, r := range s {
		n += int(r.hi-r.lo) + 1
	}
	return n
}

// foldClosure adds to s every code point that case-folds like one of its
// members, as a case-insensitive match accepts.
func (s set) foldClosure() set {
	var extra set
	for _, r := range s {
		for c := r.lo; c <= r.hi; c++ {
			for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
				extra = append(extra, rng{f, f})
			}
		}
	}
	if len(extra) == 0 {
		return s
	}
	return union(s, extra)
}

// contains reports whether c is in s.
func (s set) contains(c rune) bool {
	i := sort.Search(len(s), func(i int) bool { return s[i].hi >= c })
	return i < len(s) && s[i].lo <= c
}
