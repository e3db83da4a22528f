package tokenizer

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// blTokenizerFiles returns the tokenizer.json files of the shared set and of
// the variant sets that exist.
func blTokenizerFiles(t testing.TB) []string {
	var dirs []string
	shared := os.Getenv("TOKENIZERS_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "shared")
	}
	dirs = append(dirs, filepath.Join(shared, "tokenizers"), "/tmp/variants/tokenizers", "/tmp/variants2/tokenizers")
	var files []string
	for _, dir := range dirs {
		ents, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range ents {
			f := filepath.Join(dir, e.Name(), "tokenizer.json")
			if _, err := os.Stat(f); err == nil {
				files = append(files, f)
			}
		}
	}
	// The repository's own synthetic byte-level files.
	syn, _ := filepath.Glob(filepath.Join("..", "testdata", "synthetic", "*.json"))
	return append(files, syn...)
}

var (
	blOnce sync.Once
	blToks map[string]*Tokenizer
)

// blLoad loads (once for all tests) the tokenizers of files whose fast path
// is the byte-level one, by name.
func blLoad(t testing.TB, files []string) map[string]*Tokenizer {
	blOnce.Do(func() { blToks = blLoadFiles(files) })
	return blToks
}

func blLoadFiles(files []string) map[string]*Tokenizer {
	out := map[string]*Tokenizer{}
	for _, f := range files {
		tk, err := FromFile(f)
		if err != nil {
			continue
		}
		if _, ok := tk.fast.(*byteLevelFast); !ok {
			continue
		}
		name := filepath.Base(filepath.Dir(f))
		if filepath.Base(f) != "tokenizer.json" {
			name = strings.TrimSuffix(filepath.Base(f), ".json")
		}
		out[name] = tk
	}
	return out
}

// blPieces are the bits random texts are made of: every class the
// pre-tokenizers' regular expressions tell apart, whitespace of all kinds,
// contractions, controls, combining marks, text NFC and NFKC change,
// scripts, emoji, long runs, and invalid UTF-8.
var blPieces = []string{
	"a", "Z", "hello", " world", "The", " QUICK", "mIxEd", "don't", "'s", "'S", "'LL", "'ve", "'ſ", "ſ", "I'M",
	"0", "12", "12345", " 7", "٣", "²", "Ⅷ", ".", ",", "!!", "...", " --", "/", "//", "(", ")", "\"", "$", "@#",
	" ", "  ", "   ", "\t", "\n", "\r\n", "\n\n", " \n", "\v", "\f", "\u0085", "\u00a0", "\u2028", "\u3000", "\u200b", "\ufeff",
	"\x00", "\x01", "\x1f", "\x7f", "e\u0301", "é", "A\u030a", "Å", "\u0301", "\u0903", "ﬁ", "①", "Ⅸ", "ｶ", "㍿", "ǅ", "ʰ",
	"ﬁ\u0301", "e\u0327\u0301", "a\u0301\u0327", "\u0344", "\u1100\u1161\u11a8", "\u1100", "\u1161\u11a8", "Ａ\u0301", "ｶﾞ", "\u0f73", "\u2126",
	"日本語", "中文", "ー", "한국어", "ᄀ", "ᅡ", "ᆨ", "русский", " Ελληνικά", "עברית", "العربية", "हिन्दी", "ไทย",
	"😀", "👍🏽", "👨‍👩‍👧", "🇫🇷", "\U0001d165", "\ue000", "\u0378",
	"\xff", "\xc0", "\xe6\x97", "\xf0\x9f\x98", "\xed\xa0\x80", "\xc3",
	strings.Repeat("a", 70), strings.Repeat("日", 30), strings.Repeat(" ", 40), strings.Repeat("ab", 40), strings.Repeat("1", 9),
	"supercalifragilisticexpialidocious", " antidisestablishmentarianism",
}

// blRandomText makes a random text of pieces and, with the tokenizer's added
// tokens, some of those.
func blRandomText(r *rand.Rand, added []string) string {
	var b strings.Builder
	for range 1 + r.IntN(24) {
		if len(added) > 0 && r.IntN(10) == 0 {
			b.WriteString(added[r.IntN(len(added))])
			continue
		}
		b.WriteString(blPieces[r.IntN(len(blPieces))])
	}
	return b.String()
}

// blAdded returns the contents (and normalized forms) of t's added tokens.
func blAdded(tk *Tokenizer) []string {
	var out []string
	for _, tok := range tk.added.byID {
		out = append(out, tok.Content, " "+tok.Content+" ")
	}
	for _, s := range tk.added.normalizedForm {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// TestByteLevelFastPathRandom compares the fast path with the general
// pipeline on random texts, for every tokenizer that has it (the shared
// files, the variants when they exist, and the synthetic files).
func TestByteLevelFastPathRandom(t *testing.T) {
	toks := blLoad(t, blTokenizerFiles(t))
	if len(toks) == 0 {
		t.Skip("no byte-level tokenizer found")
	}
	n := 600
	if testing.Short() {
		n = 60
	}
	for name, tk := range toks {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(len(name)), 7))
			added := blAdded(tk)
			failures := 0
			for range n {
				if !checkFastMatchesGeneral(t, name, tk, blRandomText(r, added)) {
					if failures++; failures > 5 {
						t.FailNow()
					}
				}
			}
		})
	}
}

// TestByteLevelFastPathCorpus compares the fast path with the general
// pipeline on the shared corpus (lines of every file), cut into pieces of
// random sizes so that chunk edges fall anywhere.
func TestByteLevelFastPathCorpus(t *testing.T) {
	shared := os.Getenv("TOKENIZERS_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "shared")
	}
	var texts []string
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []string{"en", "multilingual", "code"} {
		data, err := os.ReadFile(filepath.Join(shared, "corpus", c+".txt"))
		if err != nil {
			t.Skip(err)
		}
		limit := len(data)
		if testing.Short() {
			limit = min(limit, 64<<10)
		}
		for i := 0; i < limit; {
			n := min(1+r.IntN(4000), limit-i)
			texts = append(texts, string(data[i:i+n]))
			i += n
		}
	}
	toks := blLoad(t, blTokenizerFiles(t))
	full := map[string]bool{"gpt2": true, "llama3": true, "gpt4o": true, "qwen3": true}
	for name, tk := range toks {
		if strings.HasPrefix(name, "v-") || strings.Contains(name, "tiny") {
			continue // the variants are covered by the random texts
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			texts := texts
			if !full[name] {
				// The others share these models' shapes: a sample.
				texts = texts[:len(texts)/16]
			}
			for _, text := range texts {
				if !checkFastMatchesGeneral(t, name, tk, text) {
					t.FailNow()
				}
			}
		})
	}
}

// TestByteLevelFastPathConcurrent encodes random texts from several
// goroutines at once, which share the word cache.
func TestByteLevelFastPathConcurrent(t *testing.T) {
	toks := blLoad(t, blTokenizerFiles(t))
	for _, name := range []string{"gpt2", "llama3"} {
		tk := toks[name]
		if tk == nil {
			continue
		}
		r := rand.New(rand.NewPCG(3, 4))
		texts := make([]string, 300)
		want := make([][]uint32, len(texts))
		for i := range texts {
			texts[i] = blRandomText(r, nil)
			var err error
			want[i], err = generalIDs(tk, texts[i])
			require.NoError(t, err)
		}
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var ids []uint32
				for k := range 3 * len(texts) {
					i := (k*7 + g*31) % len(texts)
					ids, _ = tk.AppendIDs(ids[:0], texts[i])
					if !slices.Equal(ids, want[i]) {
						t.Errorf("%s: %+q: got %v, want %v", name, texts[i], ids, want[i])
						return
					}
				}
			}()
		}
		wg.Wait()
	}
}

// TestByteLevelFastPathAllocs checks that warm calls allocate nothing.
func TestByteLevelFastPathAllocs(t *testing.T) {
	if blRace {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	// A collection would empty the pools the calls take their memory
	// from.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	toks := blLoad(t, blTokenizerFiles(t))
	texts := []string{
		"Hello, world! This is a test of the allocation counts, don't you think?",
		"日本語のテキスト、そして русский текст — ünïcode façade 😀 1234\t\n",
		strings.Repeat("supercalifragilistic", 10),
	}
	for _, name := range []string{"gpt2", "llama3", "gpt4o", "qwen3", "roberta-base"} {
		tk := toks[name]
		if tk == nil {
			continue
		}
		var ids []uint32
		for _, text := range texts {
			for range 3 {
				ids, _ = tk.AppendIDs(ids[:0], text)
			}
			require.Zero(t, testing.AllocsPerRun(20, func() { ids, _ = tk.AppendIDs(ids[:0], text) }), "%s: %q", name, text)
		}
	}
}

// FuzzByteLevelFastPath compares the fast path with the general pipeline on
// arbitrary inputs, for GPT-2, Llama 3, GPT-4o and Qwen 3.
func FuzzByteLevelFastPath(f *testing.F) {
	for _, p := range blPieces {
		f.Add(p)
	}
	f.Add("Hello, world! It's 2024.\n\n  def f(x):\n\treturn x ** 2  # 😀")
	f.Add("<|endoftext|>hi<|endoftext|>")
	all := blLoad(f, blTokenizerFiles(f))
	var toks []*Tokenizer
	var names []string
	for _, name := range []string{"gpt2", "llama3", "gpt4o", "qwen3", "modernbert"} {
		if tk := all[name]; tk != nil {
			toks = append(toks, tk)
			names = append(names, name)
		}
	}
	if len(toks) == 0 {
		f.Skip("no byte-level tokenizer found")
	}
	f.Fuzz(func(t *testing.T, text string) {
		for i, tk := range toks {
			checkFastMatchesGeneral(t, names[i], tk, text)
		}
	})
}

// TestByteLevelFastPathSynthetic checks AppendIDs against the reference's
// ids on the synthetic byte-level tokenizers made for the fast path
// (testdata/synthetic/bpe-bl-*, see bpe-bl-gen.py): every shape it takes.
func TestByteLevelFastPathSynthetic(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "synthetic", "bpe-bl-*.json"))
	if len(files) == 0 {
		t.Skip("no synthetic byte-level tokenizers")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			tk, err := FromFile(f)
			require.NoError(t, err)
			_, ok := tk.fast.(*byteLevelFast)
			require.True(t, ok, "the byte-level fast path does not take %s", name)
			data, err := os.ReadFile(strings.TrimSuffix(f, ".json") + ".jsonl")
			require.NoError(t, err)
			n := 0
			for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				var row struct {
					Text             *string  `json:"text"`
					Pair             *string  `json:"pair"`
					AddSpecialTokens bool     `json:"add_special_tokens"`
					IDs              []uint32 `json:"ids"`
				}
				require.NoError(t, json.Unmarshal([]byte(line), &row))
				if row.Text == nil || row.Pair != nil || row.AddSpecialTokens || row.IDs == nil {
					continue
				}
				got, err := tk.AppendIDs(nil, *row.Text)
				require.NoError(t, err)
				if len(got) == 0 {
					got = nil
				}
				want := row.IDs
				if len(want) == 0 {
					want = nil
				}
				require.Equal(t, want, got, "%+q", *row.Text)
				n++
			}
			require.NotZero(t, n)
		})
	}
}
