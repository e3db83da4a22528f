package pretokenizers

import (
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/internal/onig"
)

// The character classes of the regular expressions of well-known
// tokenizers, as Oniguruma (the reference's engine) sees them, as bit flags.
const (
	fLetter  = 1 << iota // \p{L}
	fNumber              // \p{N}
	fSpace               // \s
	fUpper               // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] of o200k
	fLower               // [\p{Ll}\p{Lm}\p{Lo}\p{M}] of o200k
	fNewline             // [\r\n]
)

// onigCatRange gives the flags of the code points lo..hi.
type onigCatRange struct {
	lo, hi rune
	flags  uint8
}

// onigRanges lists the flags of every code point that has some (the
// others have none), from Oniguruma's general categories.
var onigRanges = func() []onigCatRange {
	cats := []struct {
		t     *unicode.RangeTable
		flags uint8
	}{
		{onig.Lu, fLetter | fUpper}, {onig.Lt, fLetter | fUpper}, {onig.Lm, fLetter | fUpper | fLower},
		{onig.Lo, fLetter | fUpper | fLower}, {onig.Ll, fLetter | fLower},
		{onig.M, fUpper | fLower}, {onig.N, fNumber},
		{onig.Space, fSpace},
	}
	var out []onigCatRange
	for _, c := range cats {
		eachRange(c.t, func(lo, hi rune) {
			out = append(out, onigCatRange{lo, hi, c.flags})
		})
	}
	// The categories are disjoint, and White_Space lies in Z and Cc: the
	// ranges do not overlap. Adjacent ones with the same flags merge.
	sort.Slice(out, func(i, j int) bool { return out[i].lo < out[j].lo })
	merged := out[:0]
	for _, r := range out {
		if n := len(merged); n > 0 && merged[n-1].hi+1 == r.lo && merged[n-1].flags == r.flags {
			merged[n-1].hi = r.hi
			continue
		}
		merged = append(merged, r)
	}
	return merged
}()

// eachRange calls f with the ranges of t.
func eachRange(t *unicode.RangeTable, f func(lo, hi rune)) {
	for _, r := range t.R16 {
		if r.Stride == 1 {
			f(rune(r.Lo), rune(r.Hi))
			continue
		}
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			f(c, c)
		}
	}
	for _, r := range t.R32 {
		if r.Stride == 1 {
			f(rune(r.Lo), rune(r.Hi))
			continue
		}
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			f(c, c)
		}
	}
}

// onigASCII holds the flags of every ASCII character.
var onigASCII = func() (t [utf8.RuneSelf]uint8) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = onigFlagsSlow(r)
	}
	t['\r'] |= fNewline
	t['\n'] |= fNewline
	return t
}()

func onigFlagsSlow(r rune) uint8 {
	i := sort.Search(len(onigRanges), func(i int) bool { return onigRanges[i].hi >= r })
	if i < len(onigRanges) && onigRanges[i].lo <= r {
		return onigRanges[i].flags
	}
	return 0
}

// onigFlagsAt returns the flags of the character at s[i] and its size.
// The ASCII case is small enough to inline.
func onigFlagsAt(s []byte, i int) (uint8, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return onigASCII[c], 1
	}
	return onigFlagsAtSlow(s, i)
}

func onigFlagsAtSlow(s []byte, i int) (uint8, int) {
	r, sz := utf8.DecodeRune(s[i:])
	return onigFlags(r), sz
}

// onigRun returns the end of the run from i of characters whose flags
// have one of want.
func onigRun(s []byte, i int, want uint8) int {
	var class func(uint64) uint64
	switch want {
	case fLetter:
		class = asciiLetters
	case fSpace:
		class = asciiSpaces
	case fUpper:
		class = asciiUpper
	case fLower:
		class = asciiLower
	}
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if class != nil {
				i = asciiRun(s, i, class)
				if !(i < len(s) && s[i] >= utf8.RuneSelf) {
					return i
				}
				continue
			}
			if onigASCII[c]&want == 0 {
				break
			}
			i++
			continue
		}
		f, sz := onigFlagsAtSlow(s, i)
		if f&want == 0 {
			break
		}
		i += sz
	}
	return i
}

// contraction returns the end of (?i:'s|'t|'re|'ve|'m|'ll|'d) at i, or -1.
// Case-insensitively, "s" also matches "ſ" (U+017F).
func contraction(s []byte, i int) int {
	if i+1 >= len(s) || s[i] != '\'' {
		return -1
	}
	// c|0x20 lower-cases an ASCII letter (and maps no other byte to one).
	switch s[i+1] | 0x20 {
	case 's', 't', 'm', 'd':
		return i + 2
	case 'r', 'v':
		if i+2 < len(s) && s[i+2]|0x20 == 'e' {
			return i + 3
		}
	case 'l':
		if i+2 < len(s) && s[i+2]|0x20 == 'l' {
			return i + 3
		}
	}
	// ſ is C5 BF in UTF-8.
	if s[i+1] == 0xC5 && i+2 < len(s) && s[i+2] == 0xBF {
		return i + 3
	}
	return -1
}

// spaceTail returns the end of \s*[\r\n]+|\s+(?!\S)|\s+ at i, where s[i] is
// whitespace.
func spaceTail(s []byte, i int) int {
	end := onigRun(s, i, fSpace)
	// \s*[\r\n]+: up to the last newline of the run.
	for j := end - 1; j >= i; j-- {
		if s[j] == '\n' || s[j] == '\r' {
			return j + 1
		}
	}
	// \s+(?!\S): all of it at the end of the text, else all but the last
	// character if that leaves one.
	if end < len(s) {
		_, lsz := utf8.DecodeLastRune(s[:end])
		if end-lsz > i {
			return end - lsz
		}
	}
	// \s+
	return end
}

// llamaMatch returns the end of the match at i of the regular expression
// of Llama 3 (cl100k_base) when maxDigits is 3, or Qwen's when it is 1:
//
//	(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
//
// There is always one, at least one character long. The alternatives are
// tried in order, as a backtracking engine does.
func llamaMatch(s []byte, i, maxDigits int) int {
	// The usual pieces of ASCII text first: letters, with the character
	// before them (not a newline, a digit, nor the quote of a
	// contraction); digits.
	if c := s[i]; c < utf8.RuneSelf {
		f := onigASCII[c]
		switch {
		case f&fLetter != 0:
			return llamaLetterRun(s, i+1)
		case f&(fNewline|fNumber) == 0 && c != '\'' && isASCIIAt(s, i+1) && onigASCII[s[i+1]]&fLetter != 0:
			return llamaLetterRun(s, i+2)
		case f&(fLetter|fNumber) == 0 && c != '\'':
			if e := asciiOtherPiece(s, i, false); e >= 0 {
				return e
			}
		case f&fNumber != 0:
			// \p{N}{1,maxDigits}: ASCII digits, unless a character
			// that may be a number of another script comes first.
			e := i + 1
			for e < len(s) && e-i < maxDigits && s[e]-'0' < 10 {
				e++
			}
			if e-i == maxDigits || e == len(s) || s[e] < utf8.RuneSelf {
				return e
			}
		}
	}
	return llamaMatchSlow(s, i, maxDigits)
}

// asciiOtherPiece returns the end of the piece at s[i], an ASCII character
// that is neither a letter nor a digit, when the next character is ASCII
// and not a letter (or there is none), in the common cases of the
// expressions of Llama 3 and o200k (with slash): punctuation, with a space
// before it, and a newline alone. It returns -1 for the other cases.
//
// When the next character is not a letter, the alternatives of words do
// not match (c may only be the character before the letters), nor does
// the one of numbers, and what remains is  ?[^\s\p{L}\p{N}]+[\r\n]* (or
// [\r\n/]*) then the ones of whitespace.
func asciiOtherPiece(s []byte, i int, slash bool) int {
	c := s[i]
	next := uint8(0) // the flags of the next character, 0 at the end
	if i+1 < len(s) {
		if s[i+1] >= utf8.RuneSelf {
			return -1
		}
		next = onigASCII[s[i+1]]
	}
	if next&fLetter != 0 {
		return -1
	}
	f := onigASCII[c]
	switch {
	case f&fSpace == 0:
		return otherRun(s, i, f, slash)
	case c == ' ' && i+1 < len(s) && next&(fSpace|fNumber) == 0:
		return otherRun(s, i, f, slash)
	case c == '\n' && next&fSpace == 0:
		return i + 1 // \s*[\r\n]+
	}
	return -1
}

// llamaLetterRun returns the end of the run of letters from i.
func llamaLetterRun(s []byte, i int) int {
	i = asciiLetterRun(s, i)
	if i < len(s) && s[i] >= utf8.RuneSelf {
		return onigRun(s, i, fLetter)
	}
	return i
}

// llamaMatchSlow is llamaMatch for all cases.
func llamaMatchSlow(s []byte, i, maxDigits int) int {
	if e := contraction(s, i); e >= 0 {
		return e
	}
	f, sz := onigFlagsAt(s, i)
	// [^\r\n\p{L}\p{N}]?\p{L}+
	if f&(fNewline|fLetter|fNumber) == 0 && i+sz < len(s) {
		if f2, sz2 := onigFlagsAt(s, i+sz); f2&fLetter != 0 {
			return onigRun(s, i+sz+sz2, fLetter)
		}
	}
	if f&fLetter != 0 {
		return onigRun(s, i+sz, fLetter)
	}
	// \p{N}{1,3}
	if f&fNumber != 0 {
		end := i + sz
		for n := 1; n < maxDigits && end < len(s); n++ {
			f2, sz2 := onigFlagsAt(s, end)
			if f2&fNumber == 0 {
				break
			}
			end += sz2
		}
		return end
	}
	//  ?[^\s\p{L}\p{N}]+[\r\n]*
	if e := otherRun(s, i, f, false); e >= 0 {
		return e
	}
	return spaceTail(s, i)
}

// otherRun returns the end of  ?[^\s\p{L}\p{N}]+[\r\n]* at i (whose
// character has flags f), or -1; with slash, of o200k's variant ending in
// [\r\n/]* (where a "/" can follow a newline).
func otherRun(s []byte, i int, f uint8, slash bool) int {
	start := i
	if s[i] == ' ' && i+1 < len(s) {
		if f2, _ := onigFlagsAt(s, i+1); f2&(fSpace|fLetter|fNumber) == 0 {
			start = i + 1
		}
	}
	if start == i && f&(fSpace|fLetter|fNumber) != 0 {
		return -1
	}
	end := start
	for end < len(s) {
		if s[end] < utf8.RuneSelf {
			end = asciiRun(s, end, asciiOthers)
			if !(end < len(s) && s[end] >= utf8.RuneSelf) {
				break
			}
			continue
		}
		f, sz := onigFlagsAtSlow(s, end)
		if f&(fSpace|fLetter|fNumber) != 0 {
			break
		}
		end += sz
	}
	for end < len(s) && (s[end] == '\r' || s[end] == '\n' || (slash && s[end] == '/')) {
		end++
	}
	return end
}

// o200kMatch returns the end of the match at i of the regular expression
// of o200k_base (GPT-4o):
//
//	[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|
//	[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|
//	\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
//
// There is always one, at least one character long.
func o200kMatch(s []byte, i int) int {
	// Words of ASCII letters first, with the character before them (not
	// a newline or a digit): uppercase letters then lowercase ones
	// (at least one of either), then a contraction. A word that goes on
	// with other characters takes the general way.
	if c := s[i]; c < utf8.RuneSelf {
		k := i
		if onigASCII[c]&(fNewline|fLetter|fNumber) == 0 && isASCIIAt(s, i+1) {
			k = i + 1
		}
		if onigASCII[s[k]]&fLetter != 0 {
			u := asciiUpperRun(s, k)
			l := asciiLowerRun(s, u)
			if !(l < len(s) && s[l] >= utf8.RuneSelf) {
				return withContraction(s, l)
			}
		} else if e := asciiOtherPiece(s, i, true); e >= 0 {
			return e
		}
	}
	return o200kMatchSlow(s, i)
}

// o200kMatchSlow is o200kMatch for all cases.
func o200kMatchSlow(s []byte, i int) int {
	f, sz := onigFlagsAt(s, i)
	prefix := f&(fNewline|fLetter|fNumber) == 0 && i+sz < len(s)
	// First alternative, with the optional character then without.
	if prefix {
		if e := o200kLowerWord(s, i+sz); e >= 0 {
			return withContraction(s, e)
		}
	}
	if e := o200kLowerWord(s, i); e >= 0 {
		return withContraction(s, e)
	}
	// Second alternative.
	if prefix {
		if e := o200kUpperWord(s, i+sz); e >= 0 {
			return withContraction(s, e)
		}
	}
	if e := o200kUpperWord(s, i); e >= 0 {
		return withContraction(s, e)
	}
	if f&fNumber != 0 {
		end := i + sz
		for n := 1; n < 3 && end < len(s); n++ {
			f2, sz2 := onigFlagsAt(s, end)
			if f2&fNumber == 0 {
				break
			}
			end += sz2
		}
		return end
	}
	if e := otherRun(s, i, f, true); e >= 0 {
		return e
	}
	return spaceTail(s, i)
}

// o200kLowerWord returns the end of [upper]*[lower]+ at k, or -1, where
// the classes overlap (Lm, Lo and M are in both): the longest run of upper
// gives back characters until one is lower.
func o200kLowerWord(s []byte, k int) int {
	if k >= len(s) {
		return -1
	}
	u := onigRun(s, k, fUpper)
	if u < len(s) {
		if f, sz := onigFlagsAt(s, u); f&fLower != 0 {
			return onigRun(s, u+sz, fLower)
		}
	}
	// Give back: the last character of the run that is lower ends it
	// (what follows it in the run is not lower).
	for j := u; j > k; {
		r, sz := utf8.DecodeLastRune(s[:j])
		j -= sz
		if onigFlags(r)&fLower != 0 {
			return j + sz
		}
	}
	return -1
}

// o200kUpperWord returns the end of [upper]+[lower]* at k, or -1.
func o200kUpperWord(s []byte, k int) int {
	if k >= len(s) {
		return -1
	}
	u := onigRun(s, k, fUpper)
	if u == k {
		return -1
	}
	return onigRun(s, u, fLower)
}

// withContraction extends a match ending at e with an optional
// (?i:'s|'t|'re|'ve|'m|'ll|'d).
func withContraction(s []byte, e int) int {
	if c := contraction(s, e); c >= 0 {
		return c
	}
	return e
}

// onigFlags returns the flags of r: from a table for ASCII, a two-stage
// table for the rest of the Basic Multilingual Plane, a binary search
// beyond.
func onigFlags(r rune) uint8 {
	if r < utf8.RuneSelf {
		return onigASCII[r]
	}
	if r < 1<<16 {
		return onigBMP.blocks[int(onigBMP.index[r>>8])<<8|int(r&0xFF)]
	}
	return onigFlagsSlow(r)
}

// onigBMP holds the flags of the code points below U+10000: index gives,
// for the 256 blocks of 256 code points, the offset (in blocks) of the
// block's flags in blocks, where identical blocks are stored once (about
// a hundred distinct blocks: whole blocks of letters, of unassigned code
// points...).
var onigBMP = func() (t struct {
	index  [256]uint16
	blocks []uint8
}) {
	seen := map[string]uint16{}
	var block [256]uint8
	k := 0 // index in onigRanges, which is sorted
	for hi := range 256 {
		for lo := range 256 {
			r := rune(hi<<8 | lo)
			for k < len(onigRanges) && onigRanges[k].hi < r {
				k++
			}
			block[lo] = 0
			if k < len(onigRanges) && onigRanges[k].lo <= r {
				block[lo] = onigRanges[k].flags
			}
		}
		if r := rune(hi << 8); r < utf8.RuneSelf {
			for c := range rune(utf8.RuneSelf) {
				block[c] = onigASCII[c]
			}
		}
		id, ok := seen[string(block[:])]
		if !ok {
			id = uint16(len(t.blocks) / 256)
			seen[string(block[:])] = id
			t.blocks = append(t.blocks, block[:]...)
		}
		t.index[hi] = id
	}
	return t
}()
