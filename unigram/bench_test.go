package unigram

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// loadT5 reads the vocabulary of t5-small (skipped when it is absent). The
// scores are read with encoding/json, not as the reference reads them:
// fine for timing.
func loadT5(b testing.TB) *Model {
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "tokenizers", "t5-small", "tokenizer.json"))
	if err != nil {
		b.Skip("t5-small not available")
	}
	var f struct {
		Model struct {
			UnkID int                  `json:"unk_id"`
			Vocab [][2]json.RawMessage `json:"vocab"`
		} `json:"model"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		b.Fatal(err)
	}
	vocab := make([]Piece, len(f.Model.Vocab))
	for i, e := range f.Model.Vocab {
		_ = json.Unmarshal(e[0], &vocab[i].Token)
		_ = json.Unmarshal(e[1], &vocab[i].Score)
	}
	m, err := New(vocab, Config{UnkID: f.Model.UnkID})
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func BenchmarkModel_Tokenize(b *testing.B) {
	m := loadT5(b)
	text, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", "en.txt"))
	if err != nil {
		b.Skip("corpus not available")
	}
	words := strings.Fields(string(text))
	for i, w := range words {
		words[i] = "▁" + w
	}
	n := 0
	for _, w := range words {
		n += len(w)
	}
	b.Run("t5/en-words", func(b *testing.B) {
		dst := make([]Token, 0, 64)
		b.SetBytes(int64(n))
		b.ReportAllocs()
		for b.Loop() {
			for _, w := range words {
				dst, _ = m.Tokenize(dst[:0], w)
			}
		}
	})
	long := "▁" + strings.Join(strings.Fields(string(text)), "▁")
	b.Run("t5/en-one-word", func(b *testing.B) {
		dst := make([]Token, 0, len(long))
		b.SetBytes(int64(len(long)))
		b.ReportAllocs()
		for b.Loop() {
			dst, _ = m.Tokenize(dst[:0], long)
		}
	})
}

func BenchmarkNew(b *testing.B) {
	m := loadT5(b)
	vocab := m.Pieces()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(vocab, Config{UnkID: 2}); err != nil {
			b.Fatal(err)
		}
	}
}
