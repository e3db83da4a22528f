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

// Unchanged reports whether p leaves the valid UTF-8 text b unchanged: no
// lookup of p's rewriting, whatever the grapheme clusters, finds a key in
// it.
func (p *Precompiled) Unchanged(b []byte) bool { return p.nextCandidate(b, 0) == len(b) }
