package normalizers

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// benchTexts returns the texts of the reference test data joined into two
// inputs: the ASCII ones ("ascii") and all of them ("mixed").
func benchTexts(b *testing.B) map[string]string {
	lines := readGzipLines(&testing.T{}, "testdata/normalize_ref.jsonl.gz")
	var head struct {
		Texts []struct{ S string }
	}
	if err := json.Unmarshal([]byte(lines[0]), &head); err != nil {
		b.Fatal(err)
	}
	var ascii, mixed strings.Builder
	for _, t := range head.Texts {
		mixed.WriteString(t.S)
		mixed.WriteByte('\n')
		isASCII := true
		for i := 0; i < len(t.S); i++ {
			if t.S[i] >= utf8.RuneSelf {
				isASCII = false
				break
			}
		}
		if isASCII {
			ascii.WriteString(t.S)
			ascii.WriteByte('\n')
		}
	}
	return map[string]string{"ascii": ascii.String(), "mixed": mixed.String()}
}

func BenchmarkNormalizer_Normalize(b *testing.B) {
	texts := benchTexts(b)
	for _, c := range []struct {
		name string
		x    Normalizer
	}{
		{"NFC", NFC{}}, {"NFKC", NFKC{}}, {"NFD", NFD{}}, {"NFKD", NFKD{}},
		{"Lowercase", Lowercase{}}, {"BertUncased", NewBertNormalizer()},
		{"BertCased", &BertNormalizer{CleanText: true, HandleChineseChars: true}},
		{"StripAccents", StripAccents{}}, {"Nmt", Nmt{}}, {"ByteLevel", ByteLevel{}},
	} {
		for _, in := range []string{"ascii", "mixed"} {
			s := texts[in]
			b.Run(c.name+"/"+in, func(b *testing.B) {
				var scratch Scratch
				var n NormalizedString
				b.SetBytes(int64(len(s)))
				b.ReportAllocs()
				for b.Loop() {
					scratch.Reset()
					n.Reset(s, 0, len(s), &scratch)
					if err := c.x.Normalize(&n); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkNormalizedString_Reset is the cost every benchmark above includes.
func BenchmarkNormalizedString_Reset(b *testing.B) {
	texts := benchTexts(b)
	for _, in := range []string{"ascii", "mixed"} {
		s := texts[in]
		b.Run(in, func(b *testing.B) {
			var scratch Scratch
			var n NormalizedString
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for b.Loop() {
				scratch.Reset()
				n.Reset(s, 0, len(s), &scratch)
			}
		})
	}
}
