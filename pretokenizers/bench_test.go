package pretokenizers

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/seed6642460b/tokenizers/normalizers"
)

// benchInput returns the first n bytes of a corpus file (cut at a line),
// or skips.
func benchInput(b *testing.B, name string, n int) string {
	dir := os.Getenv("TOKENIZERS_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus")
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		b.Skipf("corpus not found: %v", err)
	}
	if len(data) > n {
		data = data[:n]
		for len(data) > 0 && data[len(data)-1] != '\n' {
			data = data[:len(data)-1]
		}
	}
	return string(data)
}

func mustSplit(b *testing.B, expr string, behavior normalizers.SplitBehavior, invert bool) *Split {
	s, err := NewSplitRegex(expr, behavior, invert)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkPreTokenize(b *testing.B) {
	pts := []struct {
		name string
		pt   PreTokenizer
	}{
		{"bytelevel", ByteLevel{UseRegex: true}},
		{"whitespace", Whitespace{}},
		{"bert", BertPreTokenizer{}},
		{"metaspace", NewMetaspace('▁', PrependAlways, true)},
		{"scripts", UnicodeScripts{}},
		{"digits", Digits{}},
		{"punctuation", Punctuation{Behavior: normalizers.Isolated}},
		{"split-llama3", mustSplit(b, llama3Regex, normalizers.Isolated, false)},
		{"split-qwen", mustSplit(b, qwenRegex, normalizers.Isolated, false)},
		{"split-o200k", mustSplit(b, o200kRegex, normalizers.Removed, true)},
		{"split-gpt2", mustSplit(b, gpt2Regex, normalizers.Isolated, false)},
	}
	inputs := []struct{ name, file string }{{"en", "en.txt"}, {"multi", "multilingual.txt"}}
	for _, in := range inputs {
		text := benchInput(b, in.file, 64<<10)
		for _, p := range pts {
			b.Run(p.name+"/"+in.name, func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				var n normalizers.NormalizedString
				var scratch normalizers.Scratch
				ps := &PreTokenizedString{}
				for b.Loop() {
					scratch.Reset()
					n.Reset(text, 0, len(text), &scratch)
					ps.Reset(text)
					ps.Append(n, false, 0)
					if err := p.pt.PreTokenize(ps); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
