package pretokenizers

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/internal/onig"
	"github.com/seed6642460b/tokenizers/normalizers"
)

// TestFlagTables checks the flag and kind tables against the Unicode tables
// they are built from, for every code point.
func TestFlagTables(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := onigFlagsSlow(r)
		if r == '\r' || r == '\n' {
			want |= fNewline
		}
		if got := onigFlags(r); got != want {
			t.Fatalf("onigFlags(%U) = %#x, want %#x", r, got, want)
		}
		kind := uint8(gpt2Other)
		switch {
		case unicode.Is(onig.L, r):
			kind = gpt2Letter
		case unicode.Is(onig.N, r):
			kind = gpt2Number
		case unicode.Is(onig.Space, r):
			kind = gpt2Space
		}
		if utf8.ValidRune(r) {
			b := utf8.AppendRune(nil, r)
			if got, sz := gpt2Kind(b, 0); got != kind || sz != len(b) {
				t.Fatalf("gpt2Kind(%U) = %d, %d; want %d, %d", r, got, sz, kind, len(b))
			}
		}
	}
}

func BenchmarkScan(b *testing.B) {
	scanners := []struct {
		name string
		f    ScanFunc
	}{{"gpt2", gpt2Match}, {"llama3", llama3Match}, {"qwen", qwenMatch}, {"o200k", o200kMatch}}
	for _, in := range []struct{ name, file string }{{"en", "en.txt"}, {"multi", "multilingual.txt"}, {"code", "code.txt"}} {
		text := []byte(benchInput(b, in.file, 1<<20))
		for _, sc := range scanners {
			b.Run(sc.name+"/"+in.name, func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				n := 0
				for b.Loop() {
					n = 0
					for i := 0; i < len(text); n++ {
						i = sc.f(text, i)
					}
				}
				b.ReportMetric(float64(len(text))/float64(n), "bytes/piece")
			})
		}
	}
}

// TestScannersMatchRegexCorpus compares the hand-written matchers with the
// general engine on the shared corpus (the start of each file, all of it
// without -short).
func TestScannersMatchRegexCorpus(t *testing.T) {
	dir := os.Getenv("TOKENIZERS_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus")
	}
	limit := 1 << 30
	if testing.Short() {
		limit = 32 << 10
	}
	for _, file := range []string{"en.txt", "multilingual.txt", "code.txt", "lines.jsonl"} {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Skip(err)
		}
		data = data[:min(len(data), limit)]
		for _, expr := range []string{gpt2Regex, llama3Regex, qwenRegex, o200kRegex} {
			fast, err := compileRegex(expr)
			require.NoError(t, err)
			slow, err := normalizers.NewRegexPattern(expr)
			require.NoError(t, err)
			// Line by line: the general engine is slow on long texts.
			for len(data) > 0 {
				n := bytes.IndexByte(data, '\n') + 1
				if n == 0 || n > 4096 {
					n = min(len(data), 4096)
				}
				line := data[:n]
				data = data[n:]
				want, err := slow.FindMatches(nil, line)
				require.NoError(t, err)
				got, err := fast.FindMatches(nil, line)
				require.NoError(t, err)
				if !slices.Equal(want, got) {
					t.Fatalf("%.30s... on %q:\n got %v\nwant %v", expr, line, got, want)
				}
			}
			data, _ = os.ReadFile(filepath.Join(dir, file))
			data = data[:min(len(data), limit)]
		}
	}
}
