package tiktoken_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/seed6642460b/tokenizers/tiktoken"
)

// BenchmarkEncoding measures building a built-in encoding's tokenizer
// from the embedded rank table.
func BenchmarkEncoding(b *testing.B) {
	for _, name := range []string{"cl100k_base", "o200k_base", "r50k_base"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			c0 := cpuMillis()
			for b.Loop() {
				if _, err := tiktoken.Encoding(name); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuMillis()-c0)/float64(b.N), "cpu-ms/op")
		})
	}
}

// BenchmarkTokenizer_AppendIDs measures encoding the shared corpus's
// English text, Unicode text and code, each file as one text.
func BenchmarkTokenizer_AppendIDs(b *testing.B) {
	corpus := os.Getenv("TOKENIZERS_CORPUS")
	if corpus == "" {
		corpus = filepath.Join("..", "..", "shared", "corpus")
	}
	for _, name := range []string{"cl100k_base", "o200k_base"} {
		tk, err := tiktoken.Encoding(name)
		if err != nil {
			b.Fatal(err)
		}
		for _, file := range []string{"en", "multilingual", "code"} {
			data, err := os.ReadFile(filepath.Join(corpus, file+".txt"))
			if err != nil {
				b.Skipf("corpus not found (set TOKENIZERS_CORPUS): %v", err)
			}
			text := string(data)
			b.Run(name+"/"+file, func(b *testing.B) {
				ids, err := tk.AppendIDs(nil, text)
				if err != nil {
					b.Fatal(err)
				}
				want := len(ids)
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				c0 := cpuMillis()
				for b.Loop() {
					ids, err = tk.AppendIDs(ids[:0], text)
					if err != nil || len(ids) != want {
						b.Fatalf("%d ids, %v; want %d", len(ids), err, want)
					}
				}
				b.ReportMetric(float64(want)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
				// Throughput by CPU time: on a busy machine, closer
				// to what an idle one gives than MB/s.
				b.ReportMetric(float64(len(text))*float64(b.N)/1e3/(cpuMillis()-c0), "cpu-MB/s")
			})
		}
	}
}
