package pretokenizers

import (
	"sort"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/normalizers"
)

// UnicodeScripts splits where the script of the characters changes, as
// SentencePiece does. Hiragana, Katakana and the prolonged sound mark
// U+30FC count as Han. Characters with no script in the reference's table,
// and the space, belong to every script: they never start a piece, and
// those before the first character with a script are dropped.
type UnicodeScripts struct{}

// scriptRange gives the script class of the code points lo..hi. Classes
// are small numbers; 0 stands for none.
type scriptRange struct {
	lo, hi rune
	script uint8
}

// asciiScripts holds the script class of every ASCII character.
var asciiScripts = func() (t [utf8.RuneSelf]uint8) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = scriptSlow(r)
	}
	return t
}()

func scriptOf(r rune) uint8 {
	if r < utf8.RuneSelf {
		return asciiScripts[r]
	}
	return scriptSlow(r)
}

func scriptSlow(r rune) uint8 {
	i := sort.Search(len(scriptRanges), func(i int) bool { return scriptRanges[i].hi >= r })
	if i < len(scriptRanges) && scriptRanges[i].lo <= r {
		return scriptRanges[i].script
	}
	return 0
}

// PreTokenize implements [PreTokenizer].
func (UnicodeScripts) PreTokenize(p *PreTokenizedString) error {
	return p.Split(splitScripts)
}

func splitScripts(dst []normalizers.NormalizedString, _ int, n *normalizers.NormalizedString) ([]normalizers.NormalizedString, error) {
	s := n.Bytes()
	start := -1      // start of the current piece, or -1 before the first
	last := uint8(0) // script of the last character that has one
	for i := 0; i < len(s); {
		r, sz := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRune(s[i:])
		}
		if sc := scriptOf(r); sc != 0 {
			if sc != last || start < 0 {
				if start >= 0 {
					dst = appendSlice(dst, n, start, i)
				}
				start = i
			}
			last = sc
		}
		i += sz
	}
	if start >= 0 {
		dst = appendSlice(dst, n, start, len(s))
	}
	return dst, nil
}
