package bench

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

func sharedDir() string {
	if d := os.Getenv("TOKENIZERS_SHARED"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared")
}

// tokenizerPath finds NAME's tokenizer.json in ../shared or ../testdata.
func tokenizerPath(tb testing.TB, name string) string {
	for _, dir := range []string{filepath.Join(sharedDir(), "tokenizers"), filepath.Join("..", "testdata", "tokenizers")} {
		p := filepath.Join(dir, name, "tokenizer.json")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	tb.Skipf("%s: no tokenizer.json found", name)
	return ""
}

var loadNames = []string{"bert-base-uncased", "gpt2", "llama3", "qwen3", "gpt4o", "gemma"}

// BenchmarkLoad measures FromBytes on each tokenizer (the file already in
// memory) and reports the heap the loaded tokenizer keeps (heap-MB).
func BenchmarkLoad(b *testing.B) {
	for _, name := range loadNames {
		b.Run(name, func(b *testing.B) {
			data, err := os.ReadFile(tokenizerPath(b, name))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			var tk *tokenizer.Tokenizer
			for b.Loop() {
				tk, err = tokenizer.FromBytes(data)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(retainedMB(func() any {
				t, _ := tokenizer.FromBytes(data)
				return t
			}), "heap-MB")
			runtime.KeepAlive(tk)
		})
	}
}

// retainedMB returns the heap, in MB, that the value made by f keeps alive.
func retainedMB(f func() any) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := f()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / 1e6
}
