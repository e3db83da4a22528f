package tiktoken_test

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/seed6642460b/tokenizers/tiktoken"
)

// rankFile writes a rank file of tokens, ranks in order from 0.
func rankFile(tokens []string) string {
	var b strings.Builder
	for i, tok := range tokens {
		fmt.Fprintf(&b, "%s %d\n", base64.StdEncoding.EncodeToString([]byte(tok)), i)
	}
	return b.String()
}

// allBytes returns the 256 one-byte tokens, in byte order.
func allBytes() []string {
	out := make([]string, 256)
	for b := range out {
		out[b] = string([]byte{byte(b)})
	}
	return out
}

// tiktokenEncode is tiktoken's encoding of one piece, written from its
// definition: the piece's rank if it is a token, else its bytes merged again
// and again at the leftmost adjacent pair whose concatenation is the token
// of lowest rank.
func tiktokenEncode(ranks map[string]uint32, piece string) []uint32 {
	if r, ok := ranks[piece]; ok {
		return []uint32{r}
	}
	var parts []string
	for i := range len(piece) {
		parts = append(parts, piece[i:i+1])
	}
	for {
		best, bestRank := -1, uint32(0)
		for i := 0; i+1 < len(parts); i++ {
			if r, ok := ranks[parts[i]+parts[i+1]]; ok && (best < 0 || r < bestRank) {
				best, bestRank = i, r
			}
		}
		if best < 0 {
			break
		}
		parts[best] += parts[best+1]
		parts = slices.Delete(parts, best+1, best+2)
	}
	ids := make([]uint32, len(parts))
	for i, p := range parts {
		ids[i] = ranks[p]
	}
	return ids
}

// TestRandomRanks checks the derived merges against tiktoken's rule on
// random rank files over a small alphabet, in which ranks come in any
// order (a token before the tokens it is made of, tokens that no merging
// reaches), and random words: the pattern makes a word of letters one
// piece.
func TestRandomRanks(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	texts, files := 0, 0
	for range 200 {
		// 256 bytes and random tokens of 2 to 6 letters of the first 2
		// to 4 of "abcd", in a random order of ranks.
		letters := "abcd"[:2+rng.IntN(3)]
		seen := map[string]bool{}
		tokens := allBytes()
		for _, b := range tokens {
			seen[b] = true
		}
		for range 5 + rng.IntN(120) {
			n := 2 + rng.IntN(5)
			var b strings.Builder
			for range n {
				b.WriteByte(letters[rng.IntN(len(letters))])
			}
			if !seen[b.String()] {
				seen[b.String()] = true
				tokens = append(tokens, b.String())
			}
		}
		rng.Shuffle(len(tokens), func(i, j int) { tokens[i], tokens[j] = tokens[j], tokens[i] })
		ranks := map[string]uint32{}
		for i, tok := range tokens {
			ranks[tok] = uint32(i)
		}
		tk, err := tiktoken.Load(strings.NewReader(rankFile(tokens)), tiktoken.CL100KPattern, nil)
		if err != nil {
			t.Fatal(err)
		}
		files++
		for range 100 {
			var b strings.Builder
			for range 1 + rng.IntN(20) {
				b.WriteByte(letters[rng.IntN(len(letters))])
			}
			word := b.String()
			want := tiktokenEncode(ranks, word)
			got, err := tk.AppendIDs(nil, word)
			if err != nil {
				t.Fatal(err)
			}
			texts++
			if !slices.Equal(got, want) {
				var multi []string
				for i, tok := range tokens {
					if len(tok) > 1 {
						multi = append(multi, fmt.Sprintf("%s:%d", tok, i))
					}
				}
				t.Fatalf("%q gives %v, want %v; the tokens of several bytes and their ranks: %v", word, got, want, multi)
			}
		}
	}
	t.Logf("%d rank files, %d words", files, texts)
}

func TestLoad(t *testing.T) {
	tokens := append(allBytes(), "ab", "abc", " a")
	special := map[string]uint32{"<|x|>": 300, "<|y|>": 270}
	tk, err := tiktoken.Load(strings.NewReader(rankFile(tokens)), tiktoken.CL100KPattern, special)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text string
		ids  []uint32
	}{
		{"abc", []uint32{257}},
		{"abcab a", []uint32{257, 256, 258}},
		{"ab<|x|>abc<|y|>", []uint32{256, 300, 257, 270}},
	} {
		ids, err := tk.AppendIDs(nil, c.text)
		if err != nil || !slices.Equal(ids, c.ids) {
			t.Errorf("AppendIDs(%q) = %v, %v; want %v", c.text, ids, err, c.ids)
		}
		text, err := tk.Decode(ids, false)
		if err != nil || text != c.text {
			t.Errorf("Decode(%v) = %q, %v; want %q", ids, text, err, c.text)
		}
	}
	if text, err := tk.Decode([]uint32{256, 300, 257}, true); err != nil || text != "ababc" {
		t.Errorf("Decode skipping special tokens = %q, %v; want %q", text, err, "ababc")
	}

	// Without special tokens, they are text.
	tk, err = tiktoken.Load(strings.NewReader(rankFile(tokens)), tiktoken.CL100KPattern, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ids, err := tk.AppendIDs(nil, "<|x|>"); err != nil || !slices.Equal(ids, []uint32{'<', '|', 'x', '|', '>'}) {
		t.Errorf("AppendIDs(<|x|>) without special tokens = %v, %v; want its bytes", ids, err)
	}

	// Text the pattern does not match is dropped, as tiktoken drops it.
	tk, err = tiktoken.Load(strings.NewReader(rankFile(tokens)), `[a-c]+`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ids, err := tk.AppendIDs(nil, "ab, abc!"); err != nil || !slices.Equal(ids, []uint32{256, 257}) {
		t.Errorf("AppendIDs with a pattern matching letters only = %v, %v; want [256 257]", ids, err)
	}
}

func TestLoadErrors(t *testing.T) {
	good := rankFile(append(allBytes(), "ab"))
	for _, c := range []struct {
		file    string
		pattern string
		special map[string]uint32
		err     string
	}{
		{good + "YQ==\n", tiktoken.CL100KPattern, nil, "line 258: want two fields"},
		{good + "!!!! 300\n", tiktoken.CL100KPattern, nil, "line 258: token"},
		{good + "YWI= 300\n", tiktoken.CL100KPattern, nil, `line 258: token "ab" is also the token of line 257`},
		{good + "YWJj 256\n", tiktoken.CL100KPattern, nil, "line 258: rank 256 is also the rank of line 257"},
		{rankFile(allBytes()[:255]), tiktoken.CL100KPattern, nil, "byte 0xff has no token"},
		{good, `(`, nil, "pattern"},
		{good, tiktoken.CL100KPattern, map[string]uint32{"<|x|>": 256}, "id 256 is a rank"},
		{good, tiktoken.CL100KPattern, map[string]uint32{"<|x|>": 300, "<|y|>": 300}, "id 300"},
		{good, tiktoken.CL100KPattern, map[string]uint32{"ab": 300}, `special token "ab" is a token of the rank file`},
		{good, tiktoken.CL100KPattern, map[string]uint32{"Ġab": 300}, `special token "Ġab" is GPT-2's byte characters for " ab"`},
		{good, tiktoken.CL100KPattern, map[string]uint32{"": 300}, "empty special token"},
	} {
		_, err := tiktoken.Load(strings.NewReader(c.file), c.pattern, c.special)
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("Load(...%q, %q, %v) = %v, want an error with %q", c.file[max(0, len(c.file)-20):], c.pattern, c.special, err, c.err)
		}
	}

	path := filepath.Join(t.TempDir(), "bad.tiktoken")
	if err := os.WriteFile(path, []byte(good+"x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := tiktoken.LoadFile(path, tiktoken.CL100KPattern, nil); err == nil || !strings.Contains(err.Error(), "line 258") || !strings.Contains(err.Error(), path) {
		t.Errorf("LoadFile = %v, want an error naming line 258 and the file", err)
	}
	if _, err := tiktoken.LoadFile(filepath.Join(t.TempDir(), "missing"), tiktoken.CL100KPattern, nil); err == nil {
		t.Errorf("LoadFile of a missing file succeeded")
	}
	if _, err := tiktoken.Encoding("cl200k"); err == nil || !strings.Contains(err.Error(), "cl100k_base") {
		t.Errorf("Encoding(cl200k) = %v, want an error listing the encodings", err)
	}
}

// TestBuiltin checks what the built-in encodings hold: vocabulary sizes,
// special tokens and their ids, and the pattern each uses.
func TestBuiltin(t *testing.T) {
	encs, err := encodings()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		ranks   int
		special map[string]uint32
	}{
		{"cl100k_base", 100256, map[string]uint32{"<|endoftext|>": 100257, "<|fim_prefix|>": 100258, "<|fim_middle|>": 100259, "<|fim_suffix|>": 100260, "<|endofprompt|>": 100276}},
		{"o200k_base", 199998, map[string]uint32{"<|endoftext|>": 199999, "<|endofprompt|>": 200018}},
		{"r50k_base", 50256, map[string]uint32{"<|endoftext|>": 50256}},
		{"p50k_base", 50280, map[string]uint32{"<|endoftext|>": 50256}},
		{"p50k_edit", 50280, map[string]uint32{"<|endoftext|>": 50256, "<|fim_prefix|>": 50281, "<|fim_middle|>": 50282, "<|fim_suffix|>": 50283}},
	} {
		tk, ord := encs[c.name][0], encs[c.name][1]
		if n := tk.VocabSize(true); n != c.ranks+len(c.special) {
			t.Errorf("%s: vocabulary size %d, want %d", c.name, n, c.ranks+len(c.special))
		}
		added := map[string]uint32{}
		for _, a := range tk.AddedTokens() {
			if !a.Special {
				t.Errorf("%s: added token %q is not special", c.name, a.Content)
			}
			added[a.Content] = a.ID
		}
		if fmt.Sprint(added) != fmt.Sprint(c.special) {
			t.Errorf("%s: special tokens %v, want %v", c.name, added, c.special)
		}
		if n := len(ord.AddedTokens()); n != 0 {
			t.Errorf("%s ordinary: %d added tokens", c.name, n)
		}
		for content, id := range c.special {
			for _, x := range []struct {
				mode string
				want []uint32
			}{{"", []uint32{id}}, {"ordinary", nil}} {
				k := tk
				if x.mode != "" {
					k = ord
				}
				ids, err := k.AppendIDs(nil, content)
				if err != nil || x.want != nil && !slices.Equal(ids, x.want) || x.want == nil && len(ids) < 3 {
					t.Errorf("%s %s: AppendIDs(%q) = %v, %v", c.name, x.mode, content, ids, err)
				}
				if text, err := k.Decode([]uint32{id}, false); err != nil || text != content {
					t.Errorf("%s %s: Decode(%d) = %q, %v; want %q", c.name, x.mode, id, text, err, content)
				}
			}
		}
	}
	if got := tiktoken.Names(); !slices.Equal(got, []string{"cl100k_base", "o200k_base", "p50k_base", "p50k_edit", "r50k_base"}) {
		t.Errorf("Names() = %q", got)
	}
}
