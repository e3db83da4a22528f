package peers

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tiktoken "github.com/tiktoken-go/tokenizer"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// sharedDir is the shared test data: ../../../shared, or TOKENIZERS_SHARED.
func sharedDir() string {
	if d := os.Getenv("TOKENIZERS_SHARED"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared")
}

// corpusChunks returns the corpus file NAME cut into chunks of about 64 KB
// at line ends, as the library's benchmarks (and the reference's bench.js)
// cut it, and its size.
func corpusChunks(tb testing.TB, name string) ([]string, int) {
	data, err := os.ReadFile(filepath.Join(sharedDir(), "corpus", name+".txt"))
	if err != nil {
		tb.Skipf("corpus %s: %v", name, err)
	}
	text := string(data)
	var out []string
	for start := 0; start < len(text); {
		end := min(start+65536, len(text))
		if nl := strings.IndexByte(text[end:], '\n'); nl >= 0 {
			end += nl + 1
		} else {
			end = len(text)
		}
		out = append(out, text[start:end])
		start = end
	}
	return out, len(data)
}

var corpora = []string{"en", "multilingual", "code"}

// encoder encodes a text to ids, appending to dst.
type encoder func(dst []uint32, text string) ([]uint32, error)

// ours returns our tokenizer of the shared file NAME as an encoder.
func ours(tb testing.TB, name string) encoder {
	tk, err := tokenizer.FromFile(filepath.Join(sharedDir(), "tokenizers", name, "tokenizer.json"))
	if err != nil {
		tb.Skip(err)
	}
	return tk.AppendIDs
}

// tiktokenO200k returns tiktoken-go's o200k_base as an encoder.
func tiktokenO200k(tb testing.TB) encoder {
	codec, err := tiktoken.Get(tiktoken.O200kBase)
	if err != nil {
		tb.Fatal(err)
	}
	return func(dst []uint32, text string) ([]uint32, error) {
		ids, _, err := codec.Encode(text)
		for _, id := range ids {
			dst = append(dst, uint32(id))
		}
		return dst, err
	}
}

// TestTiktokenO200k checks that our gpt4o tokenizer.json and tiktoken-go's
// o200k_base give the same ids on the three corpora (no special tokens).
func TestTiktokenO200k(t *testing.T) {
	a, b := ours(t, "gpt4o"), tiktokenO200k(t)
	for _, c := range corpora {
		chunks, _ := corpusChunks(t, c)
		for i, chunk := range chunks {
			want, err := b(nil, chunk)
			if err != nil {
				t.Fatal(err)
			}
			got, err := a(nil, chunk)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				k := 0
				for k < min(len(got), len(want)) && got[k] == want[k] {
					k++
				}
				t.Fatalf("%s chunk %d: ids differ at token %d of %d/%d: ours %v, tiktoken-go %v",
					c, i, k, len(got), len(want), got[k:min(k+5, len(got))], want[k:min(k+5, len(want))])
			}
		}
	}
}

// BenchmarkO200k encodes the corpora with our gpt4o tokenizer.json and
// with tiktoken-go's o200k_base.
func BenchmarkO200k(b *testing.B) {
	encs := []struct {
		name string
		enc  func(testing.TB) encoder
	}{
		{"ours", func(tb testing.TB) encoder { return ours(tb, "gpt4o") }},
		{"tiktoken-go", tiktokenO200k},
	}
	for _, c := range corpora {
		chunks, size := corpusChunks(b, c)
		for _, e := range encs {
			b.Run(c+"/"+e.name, func(b *testing.B) {
				enc := e.enc(b)
				benchEncode(b, enc, chunks, size)
			})
		}
	}
}

// benchEncode measures enc on chunks, reporting MB/s and tokens/s.
func benchEncode(b *testing.B, enc encoder, chunks []string, size int) {
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var ids []uint32
	tokens := 0
	for b.Loop() {
		tokens = 0
		for _, c := range chunks {
			var err error
			ids, err = enc(ids[:0], c)
			if err != nil {
				b.Fatal(err)
			}
			tokens += len(ids)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
