package tokenizer

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// wpSyntheticVocab is a small vocabulary for the synthetic tokenizers: every
// printable ASCII character alone and continuing, some words and pieces,
// and characters of the normalized forms the normalizers make.
func wpSyntheticVocab(prefix string, unk bool) map[string]int {
	v := map[string]int{}
	add := func(s string) {
		if _, ok := v[s]; !ok {
			v[s] = len(v)
		}
	}
	if unk {
		add("[UNK]")
	}
	for c := rune(0x21); c < 0x7f; c++ {
		add(string(c))
		add(prefix + string(c))
	}
	for _, w := range []string{"hello", "world", "the", "un", "able", "hel", "wor", "ld", "ing", "é", "e\u0301", "ü", "ß", "ı", "i\u0307", "中", "文", "가", "ᄀ", "ᅡ", "ᆨ", "ﬁ", "Ω", "ω", "д", "Д", "·", "\u0301", "😀", "a\u0345", "\U0001d165"} {
		add(w)
		add(prefix + w)
	}
	add(prefix + "ll")
	add(prefix + "llo")
	add(prefix + "able")
	return v
}

// wpSyntheticJSON returns a tokenizer.json of BERT's shape with the given
// normalizer (JSON, "null" for none), pre-tokenizer, model and added tokens.
func wpSyntheticJSON(normalizer, preTokenizer, model, added string) []byte {
	return fmt.Appendf(nil, `{"version":"1.0","truncation":null,"padding":null,"added_tokens":[%s],
"normalizer":%s,"pre_tokenizer":%s,"post_processor":null,"decoder":null,"model":%s}`,
		added, normalizer, preTokenizer, model)
}

// The pre-tokenizers of the fast path.
const (
	wpBert            = `{"type":"BertPreTokenizer"}`
	wpWhitespace      = `{"type":"Whitespace"}`
	wpWhitespaceSplit = `{"type":"WhitespaceSplit"}`
)

// wpWordPiece returns a WordPiece model of the synthetic vocabulary.
func wpWordPiece(prefix string, unk bool, maxChars int) string {
	vocab, _ := json.Marshal(wpSyntheticVocab(prefix, unk))
	return fmt.Sprintf(`{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":%q,"max_input_chars_per_word":%d,"vocab":%s}`,
		prefix, maxChars, vocab)
}

// wpWordLevel returns a WordLevel model of the synthetic vocabulary.
func wpWordLevel(unk bool) string {
	vocab, _ := json.Marshal(wpSyntheticVocab("##", unk))
	return fmt.Sprintf(`{"type":"WordLevel","unk_token":"[UNK]","vocab":%s}`, vocab)
}

// wpBPE returns a BPE model of the synthetic vocabulary with a few merges.
func wpBPE() string {
	v := wpSyntheticVocab("##", true)
	merges := [][2]string{{"h", "e"}, {"l", "l"}, {"he", "ll"}, {"hell", "o"}, {"w", "o"}, {"wo", "r"}, {"e", "\u0301"}}
	for _, m := range merges {
		if _, ok := v[m[0]+m[1]]; !ok {
			v[m[0]+m[1]] = len(v)
		}
	}
	vocab, _ := json.Marshal(v)
	ms, _ := json.Marshal(merges)
	return fmt.Sprintf(`{"type":"BPE","dropout":null,"unk_token":"[UNK]","continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":true,"byte_fallback":false,"ignore_merges":false,"vocab":%s,"merges":%s}`,
		vocab, ms)
}

// wpNormalizers are every BertNormalizer setting, and no normalizer.
func wpNormalizers() []string {
	out := []string{"null"}
	for bits := range 8 {
		for _, strip := range []string{"null", "false", "true"} {
			out = append(out, fmt.Sprintf(`{"type":"BertNormalizer","clean_text":%v,"handle_chinese_chars":%v,"strip_accents":%s,"lowercase":%v}`,
				bits&1 != 0, bits&2 != 0, strip, bits&4 != 0))
		}
	}
	return out
}

const (
	wpSpecialAdded = `{"id":0,"content":"[CLS]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
{"id":1,"content":"[UNK]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}`
	wpNormalizedAdded = wpSpecialAdded + `,
{"id":2,"content":"hello world","single_word":false,"lstrip":false,"rstrip":false,"normalized":true,"special":false},
{"id":3,"content":"Éa","single_word":false,"lstrip":true,"rstrip":true,"normalized":true,"special":false},
{"id":4,"content":"中","single_word":true,"lstrip":false,"rstrip":false,"normalized":true,"special":false},
{"id":5,"content":"xy","single_word":true,"lstrip":false,"rstrip":false,"normalized":true,"special":false}`
)

// wpTokenizers returns the tokenizers of BERT's shape to test: the
// synthetic ones (every normalizer setting, with and without an unknown
// token, a small max_input_chars_per_word, an empty prefix, normalized
// added tokens), the real ones found, and variants in /tmp/variants*.
func wpTokenizers(t *testing.T, all bool) map[string]*Tokenizer {
	out := map[string]*Tokenizer{}
	load := func(name string, data []byte) {
		tk, err := FromBytes(data)
		require.NoError(t, err, name)
		if _, ok := tk.fast.(*wordPieceFast); !ok {
			t.Fatalf("%s: no WordPiece fast path", name)
		}
		out[name] = tk
	}
	for i, norm := range wpNormalizers() {
		wp := wpWordPiece("##", true, 100)
		load(fmt.Sprintf("synthetic-%d", i), wpSyntheticJSON(norm, wpBert, wp, wpSpecialAdded))
		if !all && i%5 != 0 {
			continue
		}
		load(fmt.Sprintf("synthetic-%d-nounk", i), wpSyntheticJSON(norm, wpBert, wpWordPiece("##", false, 100), wpSpecialAdded))
		load(fmt.Sprintf("synthetic-%d-max5-noprefix", i), wpSyntheticJSON(norm, wpBert, wpWordPiece("", true, 5), wpSpecialAdded))
		load(fmt.Sprintf("synthetic-%d-normadded", i), wpSyntheticJSON(norm, wpBert, wp, wpNormalizedAdded))
		load(fmt.Sprintf("synthetic-%d-whitespace", i), wpSyntheticJSON(norm, wpWhitespace, wp, wpSpecialAdded))
		load(fmt.Sprintf("synthetic-%d-whitespace-wordlevel", i), wpSyntheticJSON(norm, wpWhitespace, wpWordLevel(true), wpNormalizedAdded))
		load(fmt.Sprintf("synthetic-%d-whitespace-wordlevel-nounk", i), wpSyntheticJSON(norm, wpWhitespace, wpWordLevel(false), wpSpecialAdded))
		load(fmt.Sprintf("synthetic-%d-whitespacesplit-bpe", i), wpSyntheticJSON(norm, wpWhitespaceSplit, wpBPE(), wpSpecialAdded))
		load(fmt.Sprintf("synthetic-%d-bert-bpe", i), wpSyntheticJSON(norm, wpBert, wpBPE(), wpNormalizedAdded))
	}
	var paths []string
	for _, dir := range []string{filepath.Join("..", "testdata", "tokenizers"), filepath.Join(testSharedDir(), "tokenizers"), "/tmp/variants/tokenizers", "/tmp/variants2/tokenizers"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*", "tokenizer.json"))
		paths = append(paths, m...)
	}
	for _, p := range paths {
		name := filepath.Base(filepath.Dir(p))
		if _, ok := out[name]; ok {
			continue
		}
		tk, err := FromFile(p)
		if err != nil {
			continue
		}
		if _, ok := tk.fast.(*wordPieceFast); ok {
			out[name] = tk
		}
	}
	return out
}

// wpAlphabet is what random texts are made of: ASCII of every class, the
// whitespace characters (ASCII, Unicode, removed by clean_text or not),
// controls and format characters, combining marks (some of which the
// canonical reordering moves), CJK, Hangul, letters that decompose or
// lowercase to several characters, punctuation, emoji, added tokens'
// contents.
var wpAlphabet = []string{
	"a", "b", "e", "h", "l", "o", "w", "r", "d", "x", "y", "Z", "H", "E", "L", "0", "9",
	"hello", "world", "Hello", "WORLD", "the", "unable", "helloworld", "hel", "ing",
	" ", " ", " ", "  ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u2003", "\u3000", "\u2028", "\u0085", "\u1680",
	"\x00", "\x01", "\x1f", "\x7f", "\u200b", "\u200d", "\ufeff", "\u00ad", "\ue000", "\U000e0001", "\U000f0000",
	".", ",", "!", "?", "'", "\"", "#", "##", "$", "-", "_", "[", "]", "`", "~", "^", "|", "\\", "¿", "«", "»", "—", "“", "”", "·", "\u0387", "\u037e", "、", "。", "！",
	"\u0301", "\u0316", "\u0345", "\u0308", "\u0f73", "\u0f71", "\U0001d165", "\U0001d16d", "\u302e", "\u0e49", "\u093c", "\u0903",
	"é", "É", "e\u0301", "ü", "ß", "ẞ", "İ", "ı", "ǅ", "ﬁ", "Å", "Å", "ᾂ", "Ω", "ω", "Д", "д", "\u0929", "\u0958",
	"中", "文", "\uf900", "\U00020000", "\U0002b820", "가", "각", "\u1100\u1161\u11a8", "ア", "が", "\u3099",
	"😀", "👍🏽", "🇫🇷", "\ufffd", "\xff", "\xe4\xb8", "\xc3", "\xed\xa0\x80",
	"[CLS]", "[UNK]", "[cls]", "hello world", "Hello World", "Éa", "éa", "ÉA", " Éa ", "xy", " xy ", "axy",
}

func wpRandomText(rng *rand.Rand) string {
	var sb strings.Builder
	for range 1 + rng.IntN(24) {
		sb.WriteString(wpAlphabet[rng.IntN(len(wpAlphabet))])
	}
	return sb.String()
}

// TestWordPieceFastRandom compares the fast path with the general pipeline
// on random texts, for every tokenizer of BERT's shape.
func TestWordPieceFastRandom(t *testing.T) {
	tks := wpTokenizers(t, !testing.Short())
	n := 3000
	if testing.Short() {
		n = 300
	}
	names := make([]string, 0, len(tks))
	for name := range tks {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		tk := tks[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(uint64(len(name)), 42))
			fails := 0
			for range n {
				if !checkFastMatchesGeneral(t, name, tk, wpRandomText(rng)) {
					if fails++; fails >= 5 {
						return
					}
				}
			}
			// Long words (over max_input_chars_per_word), long texts.
			for _, s := range []string{strings.Repeat("a", 99), strings.Repeat("a", 100), strings.Repeat("a", 101), strings.Repeat("é", 101),
				strings.Repeat("hello", 30), strings.Repeat("Hello, world! ", 2000), strings.Repeat("中文", 1000)} {
				checkFastMatchesGeneral(t, name, tk, s)
			}
		})
	}
}

// TestWordPieceFastEveryCodePoint compares the fast path with the general
// pipeline on every code point, in several contexts (alone, inside and
// next to words, next to itself, after combining marks), for some
// normalizer settings (every one outside -short).
//
// Three configurations are checked on every code point; the others on every
// code point below U+3400 and a sample above, unless TOKENIZERS_EXHAUSTIVE
// is set (which checks them all on every code point: minutes of CPU).
func TestWordPieceFastEveryCodePoint(t *testing.T) {
	norms := wpNormalizers()
	exhaustive := os.Getenv("TOKENIZERS_EXHAUSTIVE") != ""
	for i, norm := range norms {
		for _, pre := range []string{wpBert, wpWhitespace, wpWhitespaceSplit} {
			chosen := pre == wpBert && (i == 0 || i == 3*7+1 || i == 3*3+2)
			if testing.Short() && !chosen {
				continue
			}
			step := rune(1)
			if !chosen && !exhaustive {
				step = 97
			}
			t.Run(fmt.Sprint(i, pre), func(t *testing.T) {
				t.Parallel()
				tk, err := FromBytes(wpSyntheticJSON(norm, pre, wpWordPiece("##", true, 100), wpSpecialAdded))
				require.NoError(t, err)
				// Batches of code points; a batch that differs is
				// checked code point by code point to report.
				const batch = 512
				var sb strings.Builder
				var rs []rune
				flush := func() {
					if !checkFastMatchesGeneral(t, norm, tk, sb.String()) {
						for _, r := range rs {
							checkFastMatchesGeneral(t, norm, tk, wpContexts(r))
						}
						t.FailNow()
					}
					sb.Reset()
					rs = rs[:0]
				}
				for r := rune(0); r <= utf8.MaxRune; r++ {
					if !utf8.ValidRune(r) || r >= 0x3400 && r%step != 0 {
						continue
					}
					sb.WriteString(wpContexts(r))
					if rs = append(rs, r); len(rs) == batch {
						flush()
					}
				}
				flush()
			})
		}
	}
}

// wpContexts returns r in several contexts.
func wpContexts(r rune) string {
	s := string(r)
	return "x" + s + "y " + s + " Z" + s + s + ".a\u0301" + s + "\u0316" + s + "\U0001d16d" + s + "\t"
}

// TestWordPieceFastNoAllocs checks that a warm AppendIDs allocates nothing.
func TestWordPieceFastNoAllocs(t *testing.T) {
	if blRace {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	// A collection would empty the pools the calls take their memory from.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	tk := wpTokenizers(t, false)["synthetic-1"]
	text := strings.Repeat("Hello, World! Ünïcödé 中文 가각 😀 \u00a0\t", 50)
	dst := make([]uint32, 0, 10000)
	allocs := testing.AllocsPerRun(20, func() {
		var err error
		if dst, err = tk.AppendIDs(dst[:0], text); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("AppendIDs allocates %v times", allocs)
	}
}

// TestWordPieceFastCorpus compares the paths on the shared corpus files,
// line by line, for the real tokenizers of BERT's shape.
func TestWordPieceFastCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var texts []string
	for _, f := range []string{"en.txt", "multilingual.txt", "code.txt"} {
		data, err := os.ReadFile(filepath.Join(testSharedDir(), "corpus", f))
		if err != nil {
			t.Skip(err)
		}
		texts = append(texts, strings.Split(string(data), "\n\n")...)
	}
	tks := wpTokenizers(t, false)
	for name, tk := range tks {
		if strings.HasPrefix(name, "synthetic") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fails := 0
			for _, s := range texts {
				if !checkFastMatchesGeneral(t, name, tk, s) {
					if fails++; fails >= 3 {
						return
					}
				}
			}
		})
	}
}

// FuzzWordPieceFast compares the fast path with the general pipeline on
// arbitrary texts, with a synthetic tokenizer (every step of the normalizer
// on, normalized added tokens) and bert-base-uncased when present.
func FuzzWordPieceFast(f *testing.F) {
	for _, s := range wpAlphabet {
		f.Add(s + " " + s + "x" + s)
	}
	var tks []*Tokenizer
	for _, data := range [][]byte{
		wpSyntheticJSON(wpNormalizers()[3*7+1], wpBert, wpWordPiece("##", true, 100), wpNormalizedAdded),
		wpSyntheticJSON(wpNormalizers()[3*7+3], wpBert, wpWordPiece("##", false, 8), wpSpecialAdded),
		wpSyntheticJSON(wpNormalizers()[3*7+2], wpWhitespace, wpWordLevel(true), wpNormalizedAdded),
	} {
		tk, err := FromBytes(data)
		if err != nil {
			f.Fatal(err)
		}
		tks = append(tks, tk)
	}
	if tk, err := FromFile(filepath.Join("..", "testdata", "tokenizers", "bert-base-uncased", "tokenizer.json")); err == nil {
		tks = append(tks, tk)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, tk := range tks {
			checkFastMatchesGeneral(t, fmt.Sprint(i), tk, s)
		}
	})
}

// BenchmarkWordPieceFastBuild measures building the fast path's tables
// (part of loading a tokenizer).
func BenchmarkWordPieceFastBuild(b *testing.B) {
	tk, err := FromFile(filepath.Join("..", "testdata", "tokenizers", "bert-base-uncased", "tokenizer.json"))
	if err != nil {
		b.Skip(err)
	}
	b.ReportAllocs()
	var f fastPath
	for b.Loop() {
		f = newWordPieceFastPath(tk)
	}
	w := f.(*wordPieceFast)
	b.ReportMetric(float64(len(w.blocks)/256), "blocks")
	b.ReportMetric(float64(len(w.pool)), "pool-bytes")
}

// TestWordPieceFastSynthetic checks AppendIDs against the reference's ids
// on the synthetic tokenizers made for the fast path (see
// testdata/wp-fast-gen.js; they have no post-processor, so the ids are the
// model's).
func TestWordPieceFastSynthetic(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "synthetic", "wp-fast-*.json"))
	if len(files) == 0 {
		t.Skip("no synthetic tokenizers")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			tk, err := FromFile(file)
			require.NoError(t, err)
			if _, ok := tk.fast.(*wordPieceFast); !ok {
				t.Fatal("no WordPiece fast path")
			}
			data, err := os.ReadFile(strings.TrimSuffix(file, ".json") + ".jsonl")
			require.NoError(t, err)
			n := 0
			for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
				var row struct {
					Text  string   `json:"text"`
					IDs   []uint32 `json:"ids"`
					Error string   `json:"error"`
				}
				require.NoError(t, json.Unmarshal([]byte(line), &row))
				ids, err := tk.AppendIDs(nil, row.Text)
				if row.Error != "" {
					require.Error(t, err, "%+q", row.Text)
					continue
				}
				require.NoError(t, err, "%+q", row.Text)
				if len(row.IDs) == 0 {
					row.IDs = nil
				}
				require.Equal(t, row.IDs, ids, "%+q", row.Text)
				n++
			}
			require.Positive(t, n)
		})
	}
}
