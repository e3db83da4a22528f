package pretokenizers

import (
	"errors"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/normalizers"
)

// FixedLength cuts every piece into chunks of Length characters (the last
// one may be shorter).
type FixedLength struct {
	Length int
}

// errZeroLength is what a FixedLength of length 0 gives on a non-empty text
// (the reference panics).
var errZeroLength = errors.New("pretokenizers: FixedLength with length 0")

// PreTokenize implements [PreTokenizer].
func (f FixedLength) PreTokenize(p *PreTokenizedString) error {
	length := f.Length
	return p.Split(func(dst []normalizers.NormalizedString, _ int, n *normalizers.NormalizedString) ([]normalizers.NormalizedString, error) {
		s := n.Bytes()
		if len(s) == 0 {
			return dst, nil
		}
		if length <= 0 {
			return dst, errZeroLength
		}
		start, count := 0, 0
		for i := 0; i < len(s); {
			sz := 1
			if s[i] >= utf8.RuneSelf {
				_, sz = utf8.DecodeRune(s[i:])
			}
			i += sz
			count++
			if count == length {
				dst = appendSlice(dst, n, start, i)
				start, count = i, 0
			}
		}
		if start < len(s) {
			dst = appendSlice(dst, n, start, len(s))
		}
		return dst, nil
	})
}
