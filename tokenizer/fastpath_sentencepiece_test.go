package tokenizer

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// spTokenizers are the tokenizers the SentencePiece fast paths should
// take, by path.
func spTokenizers(t *testing.T) []string {
	shared := testSharedDir()
	var paths []string
	for _, name := range []string{"llama2", "mistral-7b-v0.1", "mistral-7b-v0.3", "gemma", "yi", "phi-3-mini",
		"chatglm3-ortx", "gemma3-cropped", "sqlpilot", "t5-small", "albert-base-v2-ft"} {
		paths = append(paths, filepath.Join(shared, "tokenizers", name, "tokenizer.json"))
	}
	for _, dir := range []string{"/tmp/variants/tokenizers", "/tmp/variants2/tokenizers"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*", "tokenizer.json"))
		paths = append(paths, m...)
	}
	s, _ := filepath.Glob(filepath.Join("..", "testdata", "synthetic", "sp-*.json"))
	paths = append(paths, s...)
	var out []string
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		t.Skip("no tokenizer found")
	}
	return out
}

// spRandomText makes a text of pieces that stress the SentencePiece paths:
// words, runs of spaces and markers, newlines and other whitespace, the
// added tokens, characters outside the vocabulary, combining marks,
// controls and invalid UTF-8.
func spRandomText(r *rand.Rand, added []string) string {
	parts := []string{
		"the", "The", "hello", "world", "tokenizer", "de", "l'été", "naïve", "über", "ﬁn", "Ⅻ", "①",
		" ", " ", " ", "  ", "   ", "\t", "\n", "\r\n", "\r", "\v", "\f", "\u00a0", "\u3000", "\u2028", "\u0085",
		"▁", "▁▁", "▁the", "the▁", "_", "__",
		"中文", "日本語", "한국어", "Ελληνικά", "русский", "עברית", "العربية", "हिन्दी", "ไทย",
		"😀", "👍🏽", "👨‍👩‍👧", "🇫🇷", "\u0301", "e\u0301", "\u200d", "\u200b", "\ufeff", "\ufffd",
		"\x00", "\x01", "\x1b", "\x7f", "\xff", "\xe2\x96", "\xc3", "\u0600", "\u0915\u094d",
		"``", "''", "\"", "<", ">", "<0x41>", "<unk>", "<s>", "</s>", "<!dummy-prefix!>", "<!dummy",
		"1234", "3.14", "x=1;", "if (a) {", "}", "    return", "\t\tfoo", "//", "#", "@@", "...",
		"AAAA", "aaaaaaaa", "SELECT", "FROM", "where",
	}
	n := 1 + r.IntN(12)
	var b strings.Builder
	for range n {
		if len(added) > 0 && r.IntN(10) == 0 {
			b.WriteString(added[r.IntN(len(added))])
			continue
		}
		b.WriteString(parts[r.IntN(len(parts))])
		if r.IntN(3) == 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// spCorpusLines returns the edge-case lines of the shared corpus and some
// lines of the three texts.
func spCorpusLines(t *testing.T) []string {
	var out []string
	f, err := os.Open(filepath.Join(testSharedDir(), "corpus", "lines.jsonl"))
	if err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var in struct {
				Text string `json:"text"`
			}
			if json.Unmarshal(sc.Bytes(), &in) == nil {
				out = append(out, in.Text)
			}
		}
	}
	for _, name := range []string{"en", "multilingual", "code"} {
		data, err := os.ReadFile(filepath.Join(testSharedDir(), "corpus", name+".txt"))
		if err != nil {
			continue
		}
		// A few multi-line chunks.
		for i := 0; i < 5; i++ {
			start := i * len(data) / 5
			out = append(out, string(data[start:min(len(data), start+20000)]))
		}
	}
	return out
}

// TestSentencePieceFastPath checks the SentencePiece fast paths against the
// general pipeline on random texts and the corpus, for every tokenizer
// whose pipeline they take.
func TestSentencePieceFastPath(t *testing.T) {
	lines := spCorpusLines(t)
	for _, path := range spTokenizers(t) {
		name := filepath.Base(filepath.Dir(path))
		if strings.HasSuffix(path, ".json") && filepath.Base(path) != "tokenizer.json" {
			name = strings.TrimSuffix(filepath.Base(path), ".json")
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tk, err := FromFile(path)
			if err != nil {
				t.Fatal(err)
			}
			switch tk.fast.(type) {
			case *spBPE, *spUnigram:
			default:
				t.Skipf("not a SentencePiece fast path: %T", tk.fast)
			}
			var added []string
			for _, tok := range tk.added.byID {
				added = append(added, tok.Content)
			}
			slices.Sort(added)
			r := rand.New(rand.NewPCG(1, uint64(len(name))))
			n := 2000
			if testing.Short() {
				n = 200
			}
			fails := 0
			for i := 0; i < n && fails < 5; i++ {
				if !checkFastMatchesGeneral(t, name, tk, spRandomText(r, added)) {
					fails++
				}
			}
			for _, s := range lines {
				if fails >= 5 {
					break
				}
				if !checkFastMatchesGeneral(t, name, tk, s) {
					fails++
				}
			}
		})
	}
}

// FuzzSentencePieceFastPath compares the fast path with the general
// pipeline on llama2, mistral and t5.
func FuzzSentencePieceFastPath(f *testing.F) {
	var tks []*Tokenizer
	for _, name := range []string{"llama2", "mistral-7b-v0.1", "t5-small", "albert-base-v2-ft", "chatglm3-ortx"} {
		tk, err := FromFile(filepath.Join(testSharedDir(), "tokenizers", name, "tokenizer.json"))
		if err != nil {
			f.Skip(err)
		}
		tks = append(tks, tk)
	}
	for _, s := range []string{"", " ", "hello world", "  a\u0301 b", "中文 text\n\tx", "<s>a</s>", "\xff▁x", "a\r\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tk := range tks {
			checkFastMatchesGeneral(t, "fuzz", tk, s)
		}
	})
}

// TestSentencePieceFastPathConcurrent encodes the same texts from several
// goroutines at once (sharing the word caches) and checks every result
// against the general pipeline's.
func TestSentencePieceFastPathConcurrent(t *testing.T) {
	for _, name := range []string{"llama2", "t5-small"} {
		tk, err := FromFile(filepath.Join(testSharedDir(), "tokenizers", name, "tokenizer.json"))
		if err != nil {
			t.Skip(err)
		}
		r := rand.New(rand.NewPCG(3, 4))
		var texts []string
		var want [][]uint32
		for range 300 {
			s := spRandomText(r, nil)
			ids, err := generalIDs(tk, s)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, s)
			want = append(want, ids)
		}
		done := make(chan bool)
		for g := range 4 {
			go func() {
				defer func() { done <- true }()
				for i := range 3 * len(texts) {
					k := (i*5 + g) % len(texts)
					got, err := tk.AppendIDs(nil, texts[k])
					if err != nil || !slices.Equal(got, want[k]) {
						t.Errorf("%s: %q: got %v (%v), want %v", name, texts[k], got, err, want[k])
						return
					}
				}
			}()
		}
		for range 4 {
			<-done
		}
	}
}

// TestSPSpaceAt checks spSpaceAt against unicode.IsSpace on every character.
func TestSPSpaceAt(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r >= 0xD800 && r < 0xE000 {
			continue
		}
		b := []byte(string(r) + "x")
		sz, space := spSpaceAt(b, 0)
		if sz != utf8.RuneLen(r) || space != unicode.IsSpace(r) {
			t.Fatalf("%U: got %d %v", r, sz, space)
		}
	}
}

// TestSentencePieceFastPathAllocs checks that the SentencePiece fast paths
// allocate nothing once warm, on mixed texts and corpus chunks.
func TestSentencePieceFastPathAllocs(t *testing.T) {
	if spRace {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	texts := []string{
		"Hello, world! This is a test of the allocation counts.",
		"Héllo wörld 😀 日本語 — ünïcode façade, 1234 \t\n tabs  ▁x",
		"привет мир, नमस्ते दुनिया, สวัสดีชาวโลก, 안녕하세요 세계",
	}
	for _, name := range []string{"en", "multilingual", "code"} {
		if data, err := os.ReadFile(filepath.Join(testSharedDir(), "corpus", name+".txt")); err == nil {
			texts = append(texts, string(data[:8192]))
		}
	}
	for _, name := range []string{"llama2", "t5-small", "mistral-7b-v0.1", "gemma"} {
		tk, err := FromFile(filepath.Join(testSharedDir(), "tokenizers", name, "tokenizer.json"))
		if err != nil {
			t.Skip(err)
		}
		var ids []uint32
		for _, text := range texts {
			for range 3 {
				ids, _ = tk.AppendIDs(ids[:0], text)
			}
			if n := testing.AllocsPerRun(20, func() { ids, _ = tk.AppendIDs(ids[:0], text) }); n != 0 {
				t.Errorf("%s: %.1f allocations for %.40q", name, n, text)
			}
		}
	}
}

// TestSentencePieceSpacedShapes builds variants of llama2 whose normalized
// text is the raw text with spaces replaced by "▁" in other ways (Metaspace
// of each scheme, the normalizer's steps in another order or alone) and
// checks that the spaced fast path takes them, with the general pipeline's
// ids.
func TestSentencePieceSpacedShapes(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(testSharedDir(), "tokenizers", "llama2", "tokenizer.json"))
	if err != nil {
		t.Skip(err)
	}
	prepend := `{"type":"Prepend","prepend":"▁"}`
	replace := `{"type":"Replace","pattern":{"String":" "},"content":"▁"}`
	meta := func(scheme string, split bool) string {
		return fmt.Sprintf(`{"type":"Metaspace","replacement":"▁","prepend_scheme":%q,"split":%v}`, scheme, split)
	}
	cases := []struct {
		name, normalizer, preTokenizer string
		spaced                         bool
		prefix                         spPrefix
	}{
		{"prepend-replace", `{"type":"Sequence","normalizers":[` + prepend + `,` + replace + `]}`, "null", true, spPrefixAlways},
		{"replace-prepend", `{"type":"Sequence","normalizers":[` + replace + `,` + prepend + `]}`, "null", true, spPrefixAlways},
		{"replace", replace, "null", true, spPrefixNever},
		{"meta-always", "null", meta("always", false), true, spPrefixMetaAlways},
		{"meta-first", "null", meta("first", false), true, spPrefixFirst},
		{"meta-never", "null", meta("never", false), true, spPrefixNever},
		{"meta-split", "null", meta("always", true), false, 0},
		{"prepend-only", prepend, "null", false, 0},
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 12))
	var texts []string
	for range 400 {
		texts = append(texts, spRandomText(r, []string{"<s>", "</s>"}))
	}
	texts = append(texts, "", " ", "  x", "▁x", " ▁x", "x ", "<s> x", "<s>x", "\xff x")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc["normalizer"] = json.RawMessage(c.normalizer)
			doc["pre_tokenizer"] = json.RawMessage(c.preTokenizer)
			b, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			tk, err := FromBytes(b)
			if err != nil {
				t.Fatal(err)
			}
			f, ok := tk.fast.(*spBPE)
			if !ok {
				t.Fatalf("fast path %T", tk.fast)
			}
			if f.spaced != c.spaced || f.spaced && f.prefix != c.prefix {
				t.Fatalf("spaced %v prefix %d, want %v %d", f.spaced, f.prefix, c.spaced, c.prefix)
			}
			for _, text := range texts {
				if !checkFastMatchesGeneral(t, c.name, tk, text) {
					break
				}
			}
		})
	}
}
