package pretokenizers

import (
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/internal/bytelevel"
	"github.com/seed6642460b/tokenizers/normalizers"
)

// ByteLevel prepares text for a byte-level BPE model, as GPT-2 does: it
// optionally adds a space in front of every piece that does not start with
// one, splits with GPT-2's regular expression (when UseRegex is set), and
// replaces every byte of the pieces by the printable character that stands
// for it (a space becomes "Ġ"). Every byte becomes one character aligned to
// the original character it is part of.
//
// TrimOffsets is not used by the pre-tokenizer; it belongs to the
// post-processor and decoder of the same name.
type ByteLevel struct {
	AddPrefixSpace bool
	TrimOffsets    bool
	UseRegex       bool
}

// PreTokenize implements [PreTokenizer].
func (b ByteLevel) PreTokenize(p *PreTokenizedString) error {
	var err error
	switch {
	case b.AddPrefixSpace && b.UseRegex:
		err = p.Split(splitPrefixGPT2)
	case b.AddPrefixSpace:
		err = p.Split(splitPrefix)
	case b.UseRegex:
		err = p.Split(splitGPT2)
	default:
		// Splitting into the piece itself drops empty pieces, as the
		// reference's split always does.
		err = p.Split(splitNone)
	}
	if err != nil {
		return err
	}
	return p.Normalize(byteLevelMap)
}

func addPrefixSpace(n *normalizers.NormalizedString) {
	if s := n.Bytes(); len(s) > 0 && s[0] != ' ' {
		n.Prepend(" ")
	}
}

func splitPrefix(dst []normalizers.NormalizedString, _ int, n *normalizers.NormalizedString) ([]normalizers.NormalizedString, error) {
	addPrefixSpace(n)
	return append(dst, *n), nil
}

func splitNone(dst []normalizers.NormalizedString, _ int, n *normalizers.NormalizedString) ([]normalizers.NormalizedString, error) {
	return append(dst, *n), nil
}

func splitPrefixGPT2(dst []normalizers.NormalizedString, i int, n *normalizers.NormalizedString) ([]normalizers.NormalizedString, error) {
	addPrefixSpace(n)
	return splitGPT2(dst, i, n)
}

// splitGPT2 cuts n into the matches of GPT-2's regular expression, which
// cover all of it.
func splitGPT2(dst []normalizers.NormalizedString, _ int, n *normalizers.NormalizedString) ([]normalizers.NormalizedString, error) {
	s := n.Bytes()
	for i := 0; i < len(s); {
		end := gpt2Match(s, i)
		dst = appendSlice(dst, n, i, end)
		i = end
	}
	return dst, nil
}

// byteLevelMap replaces every byte by its character. The first character
// of the bytes of an input character replaces it, the others are inserted
// after it, as in the reference: all take its alignment.
func byteLevelMap(n *normalizers.NormalizedString) error {
	s := n.Bytes()
	same, ascii := true, true
	for _, c := range s {
		if c < '!' || c > '~' {
			same = false
			if c >= utf8.RuneSelf {
				ascii = false
				break
			}
		}
	}
	switch {
	case same:
		// Printable ASCII stands for itself: nothing changes.
	case ascii:
		// One character per byte: a plain replacement.
		n.Map(byteLevelASCII)
	default:
		n.MapMulti(byteLevelRune)
	}
	return nil
}

func byteLevelASCII(r rune) rune { return bytelevel.Chars[r&0x7f] }

func byteLevelRune(dst []rune, r rune) []rune {
	var buf [utf8.UTFMax]byte
	w := utf8.EncodeRune(buf[:], r)
	for _, c := range buf[:w] {
		dst = append(dst, bytelevel.Chars[c])
	}
	return dst
}

// gpt2Regex is the regular expression of GPT-2, which ByteLevel uses and
// some Split pre-tokenizers repeat.
const gpt2Regex = `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`

// Character kinds of GPT-2's regular expression.
const (
	gpt2Other = iota // [^\s\p{L}\p{N}]
	gpt2Letter
	gpt2Number
	gpt2Space
)

var gpt2ASCII = func() (t [utf8.RuneSelf]uint8) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = gpt2KindOf(onigASCII[r])
	}
	return t
}()

// gpt2KindOf returns the kind of a character with the flags f.
func gpt2KindOf(f uint8) uint8 {
	switch {
	case f&fLetter != 0:
		return gpt2Letter
	case f&fNumber != 0:
		return gpt2Number
	case f&fSpace != 0:
		return gpt2Space
	}
	return gpt2Other
}

// gpt2Kind returns the kind of the character at s[i] and its size. The
// ASCII case is small enough to inline.
func gpt2Kind(s []byte, i int) (uint8, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return gpt2ASCII[c], 1
	}
	return gpt2KindSlow(s, i)
}

func gpt2KindSlow(s []byte, i int) (uint8, int) {
	f, sz := onigFlagsAtSlow(s, i)
	return gpt2KindOf(f), sz
}

// gpt2Classes gives the ASCII class of each kind, for asciiRun.
var gpt2Classes = [...]func(uint64) uint64{
	gpt2Other:  asciiOthers,
	gpt2Letter: asciiLetters,
	gpt2Number: asciiDigits,
	gpt2Space:  asciiSpaces,
}

// gpt2Run returns the end of the run of characters of kind k from i.
func gpt2Run(s []byte, i int, k uint8) int {
	class := gpt2Classes[k&3]
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			i = asciiRun(s, i, class)
			if !(i < len(s) && s[i] >= utf8.RuneSelf) {
				return i
			}
			continue
		}
		kk, sz := gpt2KindSlow(s, i)
		if kk != k {
			break
		}
		i += sz
	}
	return i
}

// gpt2Match returns the end of the match of GPT-2's regular expression at
// i (there is always one, at least one character long). The alternatives
// are tried in order, as a backtracking engine does.
func gpt2Match(s []byte, i int) int {
	// The usual pieces of ASCII text first: a space and a run, a run of
	// letters or digits (none of which can start a contraction).
	if c := s[i]; c < utf8.RuneSelf {
		switch k := gpt2ASCII[c]; {
		case c == ' ':
			if i+1 < len(s) && s[i+1] < utf8.RuneSelf {
				switch k2 := gpt2ASCII[s[i+1]]; k2 {
				case gpt2Letter:
					return gpt2LetterRun(s, i+2)
				case gpt2Number, gpt2Other:
					return gpt2Run(s, i+2, k2)
				}
			}
		case k == gpt2Letter:
			return gpt2LetterRun(s, i+1)
		case k == gpt2Number:
			return gpt2Run(s, i+1, k)
		}
	}
	return gpt2MatchSlow(s, i)
}

// gpt2LetterRun returns the end of the run of letters from i.
func gpt2LetterRun(s []byte, i int) int {
	i = asciiLetterRun(s, i)
	if i < len(s) && s[i] >= utf8.RuneSelf {
		return gpt2Run(s, i, gpt2Letter)
	}
	return i
}

// gpt2MatchSlow is gpt2Match for all cases.
func gpt2MatchSlow(s []byte, i int) int {
	if s[i] == '\'' && i+1 < len(s) {
		// 's|'t|'re|'ve|'m|'ll|'d
		switch s[i+1] {
		case 's', 't', 'm', 'd':
			return i + 2
		case 'r', 'v':
			if i+2 < len(s) && s[i+2] == 'e' {
				return i + 3
			}
		case 'l':
			if i+2 < len(s) && s[i+2] == 'l' {
				return i + 3
			}
		}
	}
	k, sz := gpt2Kind(s, i)
	if s[i] == ' ' && i+1 < len(s) {
		//  ?\p{L}+|  ?\p{N}+|  ?[^\s\p{L}\p{N}]+ with the space.
		if k2, sz2 := gpt2Kind(s, i+1); k2 != gpt2Space {
			return gpt2Run(s, i+1+sz2, k2)
		}
	}
	if k != gpt2Space {
		return gpt2Run(s, i+sz, k)
	}
	// \s+(?!\S)|\s+: a run of whitespace, without its last character
	// when a non-space follows and that leaves one at least.
	end := gpt2Run(s, i+sz, gpt2Space)
	if end < len(s) {
		_, lsz := utf8.DecodeLastRune(s[:end])
		if end-lsz > i {
			return end - lsz
		}
	}
	return end
}
