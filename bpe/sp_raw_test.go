package bpe_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/bpe"
	"github.com/seed6642460b/tokenizers/internal/idcache"
)

// loadSPModel loads the BPE model of a shared SentencePiece tokenizer with
// its unknown token and byte fallback.
func loadSPModel(tb testing.TB, name string) *bpe.Model {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("/work/shared/tokenizers", name, "tokenizer.json"))
	if err != nil {
		tb.Skip(err)
	}
	var doc struct {
		Model struct {
			Vocab        map[string]uint32 `json:"vocab"`
			Merges       []string          `json:"merges"`
			UnkToken     *string           `json:"unk_token"`
			FuseUnk      bool              `json:"fuse_unk"`
			ByteFallback bool              `json:"byte_fallback"`
		} `json:"model"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		tb.Fatal(err)
	}
	c := bpe.Config{Vocab: doc.Model.Vocab, FuseUnk: doc.Model.FuseUnk, ByteFallback: doc.Model.ByteFallback}
	if doc.Model.UnkToken != nil {
		c.UnkToken, c.HasUnkToken = *doc.Model.UnkToken, true
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

// spToyModel is a small SentencePiece-style model: characters, the marker,
// byte fallback for everything else, and merges; with inertMarker, no merge
// involves the marker.
func spToyModel(t *testing.T, inertMarker bool) *bpe.Model {
	vocab := map[string]uint32{"<unk>": 0}
	add := func(tok string) {
		if _, ok := vocab[tok]; !ok {
			vocab[tok] = uint32(len(vocab))
		}
	}
	for b := range 256 {
		add(fmt.Sprintf("<0x%02X>", b))
	}
	for _, r := range "▁abcdeéxyz.,!中文" {
		add(string(r))
	}
	merges := [][2]string{{"a", "b"}, {"ab", "c"}, {"x", "y"}, {"中", "文"}, {"e", "."}}
	if !inertMarker {
		merges = append(merges, [2]string{"▁", "▁"}, [2]string{"▁", "a"}, [2]string{"▁a", "b"}, [2]string{"▁▁", "x"})
	}
	for _, mg := range merges {
		add(mg[0] + mg[1])
	}
	m, err := bpe.New(bpe.Config{Vocab: vocab, Merges: merges, UnkToken: "<unk>", HasUnkToken: true, ByteFallback: true, FuseUnk: true})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// spSpacedTexts returns random texts of pieces that matter to the cuts,
// and lines of the corpus.
func spSpacedTexts(r *rand.Rand, n int) []string {
	pieces := []string{"", " ", "  ", "   ", "▁", "▁▁", " ▁", "▁ ", "a", "ab", "abc", "x", "xy", "e.", ".", ",", "!",
		"é", "中文", "中", "文", "日本", "\n", "\t", "\r\n", "😀", "\u0301", "\x00", "\x7f", "\xff", "\xe2\x96", "<0x41>",
		"the", "The", " the", "hello", "world", "привет", "ไทย", "한국어", "x=1;", "    return"}
	var out []string
	for range n {
		var b strings.Builder
		for range r.IntN(10) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		out = append(out, b.String())
	}
	for _, name := range []string{"en", "multilingual", "code"} {
		data, err := os.ReadFile(filepath.Join("/work/shared/corpus", name+".txt"))
		if err != nil {
			continue
		}
		lines := strings.Split(string(data), "\n")
		for i := 0; i < len(lines); i += 1 + len(lines)/200 {
			out = append(out, lines[i])
		}
	}
	return out
}

// TestAppendSpaced compares AppendSpaced with Tokenize on the normalized
// text, with and without the marker in front, on a cold and a warm cache.
func TestAppendSpaced(t *testing.T) {
	models := map[string]*bpe.Model{
		"toy":         spToyModel(t, false),
		"toy-inert-▁": spToyModel(t, true),
	}
	if _, err := os.Stat("/work/shared/tokenizers/llama2/tokenizer.json"); err == nil {
		models["llama2"] = loadSPModel(t, "llama2")
	}
	r := rand.New(rand.NewPCG(7, 8))
	n := 3000
	if testing.Short() {
		n = 300
	}
	texts := spSpacedTexts(r, n)
	for name, m := range models {
		t.Run(name, func(t *testing.T) {
			sp := bpe.NewSentencePiece(m, '▁')
			if !sp.SpacedOK() {
				t.Fatal("not SpacedOK")
			}
			cache := idcache.New(1024)
			var sc bpe.Scratch
			var toks []bpe.Token
			fails := 0
			for _, text := range texts {
				for _, prefix := range []bool{false, true} {
					norm := strings.ReplaceAll(text, " ", "▁")
					if prefix && text != "" {
						norm = "▁" + norm
					}
					var want []uint32
					var wantErr error
					if utf8.ValidString(text) {
						toks, wantErr = m.Tokenize(toks[:0], norm)
						for _, tk := range toks {
							want = append(want, tk.ID)
						}
					}
					for pass := range 2 {
						got, ok, err := sp.AppendSpaced([]uint32{5}, text, prefix, cache, &sc)
						if ok != utf8.ValidString(text) {
							t.Fatalf("%+q: ok %v", text, ok)
						}
						if !ok || wantErr != nil || err != nil {
							if len(got) != 1 || fmt.Sprint(err) != fmt.Sprint(wantErr) && ok {
								t.Fatalf("%+q: got %v, %v; want error %v", text, got, err, wantErr)
							}
							continue
						}
						if got[0] != 5 || !slices.Equal(got[1:], want) {
							t.Errorf("%+q prefix %v pass %d:\n got %v\nwant %v", text, prefix, pass, got[1:], want)
							fails++
						}
					}
				}
				if fails > 5 {
					t.FailNow()
				}
			}
		})
	}
}
