package normalizers

// Helpers for the tokenizer's fast paths, which work out at load time what
// a Precompiled normalizer does to ASCII text.

// KeysStartingWith reports whether the charsmap has c alone as a key, and
// whether it has longer keys that start with c.
func (p *Precompiled) KeysStartingWith(c byte) (alone, longer bool) {
	if c == 0 {
		return false, false
	}
	pos := p.rootBase ^ uint32(c)
	if pos >= uint32(len(p.units)) || p.units[pos]&unitLabelMask != uint32(c) {
		return false, false
	}
	u := p.units[pos]
	base := pos ^ unitOffset(u)
	for d := uint32(1); d < 256; d++ {
		if q := base ^ d; q < uint32(len(p.units)) && p.units[q]&unitLabelMask == d {
			longer = true
			break
		}
	}
	return u&unitHasLeaf != 0, longer
}

// GraphemePrepend reports whether r has the Grapheme_Cluster_Break property
// Prepend (Unicode 17.0): a grapheme cluster does not end after it, not
// even before a space.
func GraphemePrepend(r rune) bool { return graphemeProps(r).cat() == gcPrepend }

// FreshClusterBreak reports whether a grapheme cluster boundary (Unicode
// 17.0) lies between the characters prev and cur whatever comes before
// prev, and the clusters from cur on are those of a text that starts at
// cur: the rules that look further back cannot apply there. Precompiled
// then rewrites the text before the boundary and the text after it as it
// rewrites each alone.
func FreshClusterBreak(prev, cur rune) bool {
	return freshBreak(graphemeProps(prev), graphemeProps(cur))
}
