package bpe_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/seed6642460b/tokenizers/bpe"
	"github.com/seed6642460b/tokenizers/internal/bytelevel"
)

// loadRealModel builds the BPE model of a real tokenizer.json whose merges
// are in the string form, for benchmarks; a name ending in "-nocache"
// disables the word cache.
func loadRealModel(tb testing.TB, name string) *bpe.Model {
	tb.Helper()
	name, noCache := strings.CutSuffix(name, "-nocache")
	raw, err := os.ReadFile(filepath.Join("/work/shared/tokenizers", name, "tokenizer.json"))
	if err != nil {
		tb.Skip(err)
	}
	var doc struct {
		Model struct {
			Vocab        map[string]uint32 `json:"vocab"`
			Merges       []string          `json:"merges"`
			IgnoreMerges bool              `json:"ignore_merges"`
		} `json:"model"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		tb.Fatal(err)
	}
	c := bpe.Config{Vocab: doc.Model.Vocab, IgnoreMerges: doc.Model.IgnoreMerges}
	if noCache {
		c.CacheCapacity = -1
	}
	for _, m := range doc.Model.Merges {
		a, b, _ := strings.Cut(m, " ")
		c.Merges = append(c.Merges, [2]string{a, b})
	}
	m, err := bpe.New(c)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// byteLevelWords cuts text roughly as GPT-2's pre-tokenizer does (runs of
// letters, of digits, of other characters, each with the space before it)
// and maps the bytes of each word to byte-level characters.
func byteLevelWords(text string) []string {
	var words []string
	class := func(r rune) int {
		switch {
		case unicode.IsLetter(r):
			return 1
		case unicode.IsDigit(r):
			return 2
		case unicode.IsSpace(r):
			return 3
		}
		return 4
	}
	start := 0
	prev := -1
	for i, r := range text {
		c := class(r)
		if i > start && c != prev && !(prev == 3 && r != ' ' && text[i-1] == ' ' && i-1 == start) {
			if text[i-1] == ' ' && c != 3 && i-1 > start {
				words = append(words, text[start:i-1])
				start = i - 1
			} else {
				words = append(words, text[start:i])
				start = i
			}
		}
		prev = c
	}
	if start < len(text) {
		words = append(words, text[start:])
	}
	for i, w := range words {
		var b strings.Builder
		for j := 0; j < len(w); j++ {
			b.WriteRune(bytelevel.Chars[w[j]])
		}
		words[i] = b.String()
	}
	return words
}

func BenchmarkModel_Tokenize(b *testing.B) {
	for _, name := range []string{"gpt2", "gpt2-nocache", "llama3", "llama3-nocache"} {
		m := loadRealModel(b, name)
		for _, corpus := range []string{"en", "multilingual", "code"} {
			data, err := os.ReadFile(filepath.Join("/work/shared/corpus", corpus+".txt"))
			if err != nil {
				b.Skip(err)
			}
			text := string(data[:min(len(data), 256<<10)])
			words := byteLevelWords(text)
			b.Run(name+"/"+corpus, func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				dst := make([]bpe.Token, 0, 1024)
				n := 0
				for b.Loop() {
					n = 0
					for _, w := range words {
						var err error
						dst, err = m.Tokenize(dst[:0], w)
						if err != nil {
							b.Fatal(err)
						}
						n += len(dst)
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
			})
		}
	}
}
