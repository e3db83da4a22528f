package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// corpusChunks returns the shared corpus file NAME cut into chunks of about
// 64 KB at line ends, as the reference's bench.js cuts it.
func corpusChunks(tb testing.TB, name string) ([]string, int) {
	data, err := os.ReadFile(filepath.Join(sharedDir(), "corpus", name+".txt"))
	if err != nil {
		tb.Skipf("corpus %s: %v", name, err)
	}
	text := string(data)
	var out []string
	for start := 0; start < len(text); {
		end := min(start+65536, len(text))
		if end < len(text) {
			if nl := strings.IndexByte(text[end:], '\n'); nl >= 0 {
				end += nl + 1
			} else {
				end = len(text)
			}
		}
		out = append(out, text[start:end])
		start = end
	}
	return out, len(data)
}

var (
	encodeTokenizers = []string{"bert-base-uncased", "gpt2", "llama3", "t5-small", "llama2", "gpt4o"}
	encodeCorpora    = []string{"en", "multilingual", "code"}
)

// BenchmarkEncode measures AppendIDs (ids only, no special tokens) per
// tokenizer and corpus, on one goroutine.
func BenchmarkEncode(b *testing.B) {
	for _, name := range encodeTokenizers {
		b.Run(name, func(b *testing.B) {
			tk, err := tokenizer.FromFile(tokenizerPath(b, name))
			if err != nil {
				b.Skip(err)
			}
			for _, corpus := range encodeCorpora {
				b.Run(corpus, func(b *testing.B) {
					chunks, size := corpusChunks(b, corpus)
					b.SetBytes(int64(size))
					b.ReportAllocs()
					var ids []uint32
					tokens := 0
					for b.Loop() {
						tokens = 0
						for _, c := range chunks {
							ids, err = tk.AppendIDs(ids[:0], c)
							if err != nil {
								b.Fatal(err)
							}
							tokens += len(ids)
						}
					}
					b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
				})
			}
		})
	}
}

// BenchmarkEncodeFull measures EncodeTo (a full Encoding with offsets, no
// special tokens) per tokenizer on English.
func BenchmarkEncodeFull(b *testing.B) {
	for _, name := range encodeTokenizers {
		b.Run(name, func(b *testing.B) {
			tk, err := tokenizer.FromFile(tokenizerPath(b, name))
			if err != nil {
				b.Skip(err)
			}
			chunks, size := corpusChunks(b, "en")
			b.SetBytes(int64(size))
			b.ReportAllocs()
			var e tokenizer.Encoding
			opts := tokenizer.Options{}
			for b.Loop() {
				for _, c := range chunks {
					if err := tk.EncodeTo(&e, tokenizer.Single(c), &opts); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkEncodeBatch measures EncodeBatch over all the chunks of en.txt;
// run it with -cpu 1,2 to see how it scales with cores.
func BenchmarkEncodeBatch(b *testing.B) {
	for _, name := range []string{"bert-base-uncased", "gpt2"} {
		b.Run(name, func(b *testing.B) {
			tk, err := tokenizer.FromFile(tokenizerPath(b, name))
			if err != nil {
				b.Skip(err)
			}
			chunks, size := corpusChunks(b, "en")
			// Smaller inputs than chunks, as a serving batch would have.
			var inputs []tokenizer.Input
			for _, c := range chunks {
				for len(c) > 0 {
					n := min(len(c), 4096)
					if i := strings.IndexByte(c[n:], '\n'); i >= 0 {
						n += i + 1
					} else {
						n = len(c)
					}
					inputs = append(inputs, tokenizer.Single(c[:n]))
					c = c[n:]
				}
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			opts := tokenizer.Options{}
			for b.Loop() {
				if _, err := tk.EncodeBatch(inputs, &opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
