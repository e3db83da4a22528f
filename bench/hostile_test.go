package bench

import (
	"encoding/base64"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// hostileInputs are 1 MB inputs without spaces, the worst cases for
// tokenizers whose pre-tokenizers split on spaces (or that have none), next
// to 1 MB of English prose to compare their cost per byte with.
func hostileInputs(tb testing.TB) []struct{ name, text string } {
	const size = 1 << 20
	r := rand.New(rand.NewPCG(1, 2))
	letters := make([]byte, size)
	for i := range letters {
		letters[i] = byte('a' + r.IntN(26))
	}
	raw := make([]byte, size*3/4)
	for i := range raw {
		raw[i] = byte(r.Uint32())
	}
	prose := ""
	if data, err := os.ReadFile(filepath.Join(sharedDir(), "corpus", "en.txt")); err == nil {
		prose = string(data[:size])
	} else {
		prose = strings.Repeat("The quick brown fox jumps over the lazy dog. ", size/45)
	}
	return []struct{ name, text string }{
		{"english", prose},
		{"repeated", strings.Repeat("a", size)},
		{"letters", string(letters)},
		{"base64", base64.StdEncoding.EncodeToString(raw)},
		{"cjk", strings.Repeat("中", size/3)},
	}
}

var hostileTokenizers = []string{"bert-base-uncased", "gpt2", "llama3", "t5-small", "llama2", "gpt4o", "wordlevel-wiki"}

// BenchmarkHostile encodes each 1 MB input in one call (AppendIDs): the
// ns/byte of the inputs without spaces should stay within a small factor of
// English prose's (linear time, whatever the input). On Linux it also
// reports cpu-ns/byte, the processor time of the benchmark's thread, which
// other processes of a busy machine do not inflate.
func BenchmarkHostile(b *testing.B) {
	inputs := hostileInputs(b)
	for _, name := range hostileTokenizers {
		b.Run(name, func(b *testing.B) {
			tk, err := tokenizer.FromFile(tokenizerPath(b, name))
			if err != nil {
				b.Skip(err)
			}
			for _, in := range inputs {
				b.Run(in.name, func(b *testing.B) {
					b.SetBytes(int64(len(in.text)))
					b.ReportAllocs()
					var ids []uint32
					runtime.LockOSThread()
					defer runtime.UnlockOSThread()
					cpu0, cpuOK := threadCPU()
					for b.Loop() {
						ids, err = tk.AppendIDs(ids[:0], in.text)
						if err != nil {
							b.Fatal(err)
						}
					}
					perByte := func(d time.Duration) float64 {
						return float64(d.Nanoseconds()) / float64(b.N) / float64(len(in.text))
					}
					b.ReportMetric(perByte(b.Elapsed()), "ns/byte")
					if cpu1, ok := threadCPU(); ok && cpuOK {
						b.ReportMetric(perByte(cpu1-cpu0), "cpu-ns/byte")
					}
				})
			}
		})
	}
}
