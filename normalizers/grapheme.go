package normalizers

import "unicode/utf8"

// Extended grapheme clusters (Unicode Standard Annex #29), as the reference's
// Precompiled normalizer finds them: it uses the crate unicode-segmentation
// 1.13.3, of Unicode 17.0.0, whose tables graphememake.go turns into
// graphemetables.go. The rules are those of UAX #29 for extended clusters
// (GB3 to GB13, GB9c included), applied left to right with a little state
// instead of the crate's look-backs.

// gcat is a grapheme cluster break category. Besides the Grapheme_Cluster_Break
// values, Extended_Pictographic and Indic_Conjunct_Break=Consonant characters
// (which are all Grapheme_Cluster_Break=Other) have their own categories.
type gcat uint8

const (
	gcAny gcat = iota
	gcCR
	gcLF
	gcControl
	gcExtend
	gcZWJ
	gcRegionalIndicator
	gcPrepend
	gcSpacingMark
	gcL
	gcV
	gcT
	gcLV
	gcLVT
	gcExtPict
	gcConsonant
)

// gprops are the grapheme properties of a character: its category in the
// low 4 bits and the Indic_Conjunct_Break Extend and Linker flags.
type gprops uint8

const (
	gpCatMask    gprops = 0x0F
	gpInCBExtend gprops = 1 << 4
	gpInCBLinker gprops = 1 << 5
)

func (p gprops) cat() gcat { return gcat(p & gpCatMask) }

// asciiGProps are the grapheme properties of the ASCII characters.
var asciiGProps = func() (t [utf8.RuneSelf]gprops) {
	for c := range t {
		t[c] = gprops(graphemeData[int(graphemeIndex[0])<<graphemeShift+c])
	}
	return t
}()

// graphemeProps returns the grapheme properties of r.
func graphemeProps(r rune) gprops {
	if r < utf8.RuneSelf {
		return asciiGProps[r]
	}
	if uint32(r) > utf8.MaxRune {
		return 0
	}
	blk := int(graphemeIndex[r>>graphemeShift])
	return gprops(graphemeData[blk<<graphemeShift|int(r&(1<<graphemeShift-1))])
}

// graphemeSegmenter finds the boundaries of extended grapheme clusters. It is
// fed the characters of a text one at a time and says before each whether a
// cluster starts there. The zero value is at the start of a text.
type graphemeSegmenter struct {
	started bool
	prev    gcat
	// riOdd: the regional indicators right before the position are odd
	// in number (GB12, GB13).
	riOdd bool
	// emoji: 1 after Extended_Pictographic Extend*, 2 after
	// Extended_Pictographic Extend* ZWJ (GB11).
	emoji uint8
	// incb: 1 after an InCB=Consonant followed by InCB=Extend characters,
	// 2 when InCB=Linker characters are among them (GB9c).
	incb uint8
}

// next reports whether a cluster boundary precedes a character of
// properties p, and moves past that character.
func (s *graphemeSegmenter) next(p gprops) bool {
	c := p.cat()
	brk := true
	if s.started {
		brk = s.breakBefore(c)
	}
	s.started = true
	s.prev = c
	s.riOdd = c == gcRegionalIndicator && !s.riOdd
	switch {
	case c == gcExtPict:
		s.emoji = 1
	case c == gcExtend && s.emoji == 1:
	case c == gcZWJ && s.emoji == 1:
		s.emoji = 2
	default:
		s.emoji = 0
	}
	switch {
	case p&gpInCBLinker != 0:
		if s.incb != 0 {
			s.incb = 2
		}
	case p&gpInCBExtend != 0:
	case c == gcConsonant:
		s.incb = 1
	default:
		s.incb = 0
	}
	return brk
}

// breakBefore applies the rules between the previous character and one of
// category c, in the order of UAX #29.
func (s *graphemeSegmenter) breakBefore(c gcat) bool {
	prev := s.prev
	switch {
	case prev == gcCR && c == gcLF: // GB3
		return false
	case prev == gcControl || prev == gcCR || prev == gcLF: // GB4
		return true
	case c == gcControl || c == gcCR || c == gcLF: // GB5
		return true
	case prev == gcL && (c == gcL || c == gcV || c == gcLV || c == gcLVT): // GB6
		return false
	case (prev == gcLV || prev == gcV) && (c == gcV || c == gcT): // GB7
		return false
	case (prev == gcLVT || prev == gcT) && c == gcT: // GB8
		return false
	case c == gcExtend || c == gcZWJ: // GB9
		return false
	case c == gcSpacingMark: // GB9a
		return false
	case prev == gcPrepend: // GB9b
		return false
	case c == gcConsonant: // GB9c
		return s.incb != 2
	case prev == gcZWJ && c == gcExtPict: // GB11
		return s.emoji != 2
	case prev == gcRegionalIndicator && c == gcRegionalIndicator: // GB12, GB13
		return !s.riOdd
	}
	return true // GB999
}
