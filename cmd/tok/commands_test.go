package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/internal/jsonl"
	"github.com/seed6642460b/tokenizers/tokenizer"
)

const (
	gpt2       = "../../testdata/tokenizers/gpt2/tokenizer.json"
	roberta    = "../../testdata/tokenizers/roberta-base/tokenizer.json"
	llama3ish  = "../../testdata/tokenizers/tiny-llama3-style-torchtune/tokenizer.json"
	minilm     = "../../testdata/tokenizers/all-minilm-l6-v2/tokenizer.json"
	wordlevel  = "../../testdata/tokenizers/wordlevel-wiki/tokenizer.json"
	summarizer = "../../testdata/tokenizers/hw-doc-summarizer/tokenizer.json"
	unigramBF  = "../../testdata/synthetic/unigram-byte-fallback.json"
	metaspace  = "../../testdata/synthetic/pretok-metaspace-first-split.json"
)

var allTokenizers = []string{bert, gpt2, roberta, llama3ish, minilm, wordlevel, summarizer, unigramBF, metaspace}

// hardTexts are texts where cutting is delicate: spaces and line ends
// that make no token, characters split into byte-level or byte-fallback
// tokens, invalid UTF-8, words cut inside, special tokens in the text.
var hardTexts = []string{
	"Hello, world! This is a test of truncation.",
	"  leading spaces   and   runs of them  ",
	"emoji 😀😀 and family 👩‍👩‍👧 and flags 🇫🇷🇩🇪",
	"日本語のテキストと中文文本，还有한국어",
	"invalid \xff\xfe bytes \xc3 and a cut \xe2\x82 sequence\xf0",
	"tabs\tand\nnewlines\r\nand\r\n\r\nblank lines\n\n",
	"unaffable unbelievable antidisestablishmentarianism floccinaucinihilipilification",
	"<|endoftext|> special [CLS] tokens [SEP] <s> in </s> the text [MASK]",
	"ab 😀é x  é\u0301 cafe\u0301 Ω ﬁ ²",
	"",
	" ",
	"x",
}

func readTok(t *testing.T, path string) *tokenizer.Tokenizer {
	t.Helper()
	tk, err := tokenizer.FromFile(path)
	require.NoError(t, err)
	return tk
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

// genText returns about size bytes of lines of varied text, the same for
// the same seed.
func genText(seed uint64, size int) string {
	words := []string{"the", "tokenizer", "Hello", "world", "😀", "日本語", "  ", "\t", "don't", "3.14159", "über", "naïve",
		"<|endoftext|>", "[SEP]", "antidisestablishmentarianism", ",", ".", "!", "é\u0301", "\xff", "x", "Ω", "  \n"}
	r := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	for b.Len() < size {
		n := r.IntN(40)
		for i := range n {
			if i > 0 && r.IntN(4) > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[r.IntN(len(words))])
		}
		if r.IntN(10) == 0 {
			b.WriteByte('\r')
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestCountFiles(t *testing.T) {
	dir := t.TempDir()
	texts := []string{hardTexts[0], hardTexts[2], hardTexts[4], genText(1, 300<<10), "", hardTexts[5]}
	for _, path := range []string{bert, gpt2, unigramBF} {
		tk := readTok(t, path)
		var names []string
		want := ""
		total := 0
		for i, text := range texts {
			name := writeFile(t, dir, fmt.Sprintf("f%d.txt", i), text)
			names = append(names, name)
			n, err := tk.Count(text)
			require.NoError(t, err)
			total += n
			want += fmt.Sprintf("%8d %s\n", n, name)
		}
		want += fmt.Sprintf("%8d total\n", total)
		code, out, errs := runTok(t, "", append([]string{"count", "-t", path}, names...)...)
		require.Equal(t, 0, code, errs)
		require.Equal(t, want, out)

		// --special adds the post-processor's tokens to each file.
		code, out, _ = runTok(t, "", "count", "-t", path, "--special", names[0])
		require.Equal(t, 0, code)
		n, _ := tk.Count(texts[0])
		require.Equal(t, fmt.Sprintf("%d %s\n", n+tk.NumSpecialTokens(false), names[0]), out)

		// Standard input, with no argument or "-".
		for _, args := range [][]string{{}, {"-"}} {
			code, out, _ = runTok(t, texts[2], append([]string{"count", "-t", path}, args...)...)
			require.Equal(t, 0, code)
			n, _ := tk.Count(texts[2])
			require.Equal(t, strconv.Itoa(n)+"\n", out)
		}
	}
}

// countLines is what count --lines counts: each line without its line
// end.
func countLines(t *testing.T, tk *tokenizer.Tokenizer, text string, special bool) int {
	t.Helper()
	if text == "" {
		return 0
	}
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	total := 0
	for _, l := range lines {
		if body, ok := strings.CutSuffix(l, "\n"); ok {
			l = strings.TrimSuffix(body, "\r")
		}
		n, err := tk.Count(l)
		require.NoError(t, err)
		total += n
		if special {
			total += tk.NumSpecialTokens(false)
		}
	}
	return total
}

func TestCountLines(t *testing.T) {
	dir := t.TempDir()
	big := genText(2, 3<<20) // many blocks, counted on all cores
	for _, path := range []string{bert, gpt2, metaspace} {
		tk := readTok(t, path)
		for _, special := range []bool{false, true} {
			for _, text := range []string{big, "a\nb", "a\r\nb\r\n", "\n\n\n", "no line end", ""} {
				name := writeFile(t, dir, "in.txt", text)
				args := []string{"count", "-t", path, "--lines", name}
				if special {
					args = append(args, "--special")
				}
				code, out, errs := runTok(t, "", args...)
				require.Equal(t, 0, code, errs)
				want := countLines(t, tk, text, special)
				require.Equal(t, fmt.Sprintf("%d %s\n", want, name), out, "%s %q", path, text[:min(len(text), 40)])
			}
		}
	}
	// A line longer than a block is still one text.
	tk := readTok(t, gpt2)
	long := strings.Repeat("word ", blockSize/2) + "\nshort\n"
	code, out, _ := runTok(t, long, "count", "-t", gpt2, "--lines")
	require.Equal(t, 0, code)
	require.Equal(t, fmt.Sprintf("%d\n", countLines(t, tk, long, false)), out)
}

func TestCountErrors(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.txt", "Hello world")
	missing := filepath.Join(dir, "missing.txt")
	code, out, errs := runTok(t, "", "count", "-t", bert, a, missing, dir, a)
	require.Equal(t, 1, code)
	require.Equal(t, fmt.Sprintf("%8d %s\n%8d %s\n%8d total\n", 2, a, 2, a, 4), out)
	require.Equal(t, fmt.Sprintf("tok count: %s: no such file or directory\ntok count: %s: is a directory\n", missing, dir), errs)

	// Usage errors exit 2, a tokenizer that does not load 1.
	code, _, _ = runTok(t, "", "count", a)
	require.Equal(t, 2, code)
	code, _, _ = runTok(t, "", "count", "-t", bert, "--frobnicate", a)
	require.Equal(t, 2, code)
	code, _, errs = runTok(t, "", "count", "-t", missing, a)
	require.Equal(t, 1, code)
	require.Contains(t, errs, "missing.txt")
}

// checkCut checks that out is a prefix of text whose tokens are the first
// tokens of text, at most n of them, and the whole text when it has n
// tokens or fewer.
func checkCut(t *testing.T, tk *tokenizer.Tokenizer, text, out string, n int) {
	t.Helper()
	require.True(t, strings.HasPrefix(text, out), "%q is not a prefix of %q", out, text)
	all, err := tk.AppendIDs(nil, text)
	require.NoError(t, err)
	got, err := tk.AppendIDs(nil, out)
	require.NoError(t, err)
	require.LessOrEqual(t, len(got), n, "%q (cut of %q to %d)", out, text, n)
	require.True(t, slices.Equal(all[:len(got)], got), "%q (cut of %q to %d): %v, want a prefix of %v", out, text, n, got, all)
	if len(all) <= n {
		require.Equal(t, text, out)
	}
}

func TestTruncate(t *testing.T) {
	for _, path := range allTokenizers {
		tk := readTok(t, path)
		raw, err := withoutPostProcessor(tk)
		require.NoError(t, err)
		tr := truncator{tk: raw}
		for _, text := range hardTexts {
			all, err := tk.AppendIDs(nil, text)
			require.NoError(t, err)
			for n := range len(all) + 2 {
				cut, err := tr.cut(text, n)
				require.NoError(t, err)
				checkCut(t, tk, text, text[:cut], n)
			}
		}
		// Through the command, standard input and a file.
		text := hardTexts[0]
		code, out, errs := runTok(t, text, "truncate", "-t", path, "--max", "4")
		require.Equal(t, 0, code, errs)
		checkCut(t, tk, text, out, 4)
		name := writeFile(t, t.TempDir(), "in.txt", text)
		code, out2, _ := runTok(t, "", "truncate", "-t", path, "--max", "4", name)
		require.Equal(t, 0, code)
		require.Equal(t, out, out2)
	}
}

func TestTruncateCuts(t *testing.T) {
	for _, c := range []struct {
		path, text string
		n          int
		want       string
	}{
		// The space before the first token left out makes no token in
		// BERT: it is kept (the longest prefix).
		{bert, "Hello world, this is a test.", 3, "Hello world, "},
		// In byte-level BPE the space belongs to the next token.
		{gpt2, "Hello world, this is a test.", 3, "Hello world,"},
		// With trim_offsets, the post-processor's offsets leave the space
		// out; truncate uses the model's.
		{roberta, "Hello world, this is a test.", 3, "Hello world,"},
		// A word cut inside.
		{llama3ish, "Hello world, this is a test.", 4, "Hello wor"},
		// 😀 is 4 byte-fallback tokens: kept whole or not at all.
		{unigramBF, "ab 😀é x", 2, "ab "},
		{unigramBF, "ab 😀é x", 5, "ab "},
		{unigramBF, "ab 😀é x", 6, "ab 😀"},
		// 😀 is 2 byte-level tokens after the space.
		{gpt2, "a 😀😀", 2, "a"},
		{gpt2, "a 😀😀", 3, "a 😀"},
		// Invalid bytes are characters of their own.
		{gpt2, "a\xff\xfe\xfd", 1, "a"},
		// Byte-fallback tokens of a piece share its offsets: all or none.
		{unigramBF, "\xff\xfe", 6, ""},
		{unigramBF, "\xff\xfe", 7, "\xff\xfe"},
		{bert, "Hello", 0, ""},
	} {
		code, out, errs := runTok(t, c.text, "truncate", "-t", c.path, "--max", strconv.Itoa(c.n))
		require.Equal(t, 0, code, errs)
		require.Equal(t, c.want, out, "%s %q %d", c.path, c.text, c.n)
	}
}

func TestTruncateSpecial(t *testing.T) {
	tk := readTok(t, bert)
	text := "Hello world, this is a test."
	code, out, _ := runTok(t, text, "truncate", "-t", bert, "--max", "5", "--special")
	require.Equal(t, 0, code)
	enc, err := tk.Encode(out) // with [CLS] and [SEP]
	require.NoError(t, err)
	require.Equal(t, 5, enc.Len())
	require.Equal(t, "Hello world, ", out)

	code, _, errs := runTok(t, text, "truncate", "-t", bert, "--max", "1", "--special")
	require.Equal(t, 1, code)
	require.Contains(t, errs, "special tokens")
	// gpt2 adds none: --special changes nothing.
	code, out, _ = runTok(t, text, "truncate", "-t", gpt2, "--max", "0", "--special")
	require.Equal(t, 0, code)
	require.Equal(t, "", out)
}

func TestTruncateLines(t *testing.T) {
	dir := t.TempDir()
	text := strings.Join(hardTexts, "\n") + "\r\nlast line without end"
	big := genText(3, 600<<10) // several blocks
	for _, path := range []string{bert, gpt2, unigramBF} {
		tk := readTok(t, path)
		for _, n := range []int{0, 3} {
			for _, in := range []string{text, big} {
				name := writeFile(t, dir, "in.txt", in)
				code, out, errs := runTok(t, "", "truncate", "-t", path, "--lines", "--max", strconv.Itoa(n), name)
				require.Equal(t, 0, code, errs)
				// Line by line: the cut line, then the line end kept.
				inLines := strings.SplitAfter(in, "\n")
				outLines := strings.SplitAfter(out, "\n")
				require.Equal(t, len(inLines), len(outLines))
				for i, l := range inLines {
					body, eol := l, ""
					if strings.HasSuffix(l, "\n") {
						body, eol = l[:len(l)-1], "\n"
						if strings.HasSuffix(body, "\r") {
							body, eol = body[:len(body)-1], "\r\n"
						}
					}
					require.True(t, strings.HasSuffix(outLines[i], eol))
					checkCut(t, tk, body, strings.TrimSuffix(outLines[i], eol), n)
				}
			}
		}
		// A large enough N gives the input back, byte for byte.
		code, out, _ := runTok(t, big, "truncate", "-t", path, "--lines", "--max", "1000000")
		require.Equal(t, 0, code)
		require.True(t, out == big)
	}
}

func TestTruncateUsage(t *testing.T) {
	for _, args := range [][]string{
		{"truncate", "-t", bert},
		{"truncate", "-t", bert, "--max", "-3"},
		{"truncate", "-t", bert, "--max", "x"},
		{"truncate", "-t", bert, "--max", "3", "a", "b"},
	} {
		code, _, errs := runTok(t, "", args...)
		require.Equal(t, 2, code, "%q: %s", args, errs)
	}
	code, _, errs := runTok(t, "", "truncate", "-t", bert, "--max", "3", "/nonexistent/x.txt")
	require.Equal(t, 1, code)
	require.Equal(t, "tok truncate: /nonexistent/x.txt: no such file or directory\n", errs)
}

func TestInspect(t *testing.T) {
	for _, c := range []struct {
		path string
		want []string
	}{
		{bert, []string{
			"normalizer: BertNormalizer(clean_text=true, handle_chinese_chars=true, strip_accents=null, lowercase=true)",
			"pre-tokenizer: BertPreTokenizer",
			"model: WordPiece(", "vocabulary: 30522 tokens", `unknown token: "[UNK]" (id 100)`,
			"added tokens: 5 (5 special)", `101 "[CLS]" special`,
			"post-processor: TemplateProcessing", "single: [CLS] $A [SEP]", "pair: [CLS] $A [SEP] $B:1 [SEP]:1",
			"special_tokens: [CLS]=101, [SEP]=102", "special tokens added: 2 to a text, 3 to a pair",
			`decoder: WordPiece(prefix="##", cleanup=true)`,
			"truncation: none", "padding: none",
		}},
		{llama3ish, []string{
			"normalizer: none", "pre-tokenizer: Sequence", "  1. Split(pattern=Regex(", "  2. ByteLevel(add_prefix_space=false",
			"model: BPE(", "ignore_merges=true", "merges: 2610", "vocabulary: 2000 tokens", "added tokens: 0 (0 special)",
			"post-processor: none", "decoder: ByteLevel(",
		}},
		{minilm, []string{
			`truncation: direction="Right", max_length=256, strategy="LongestFirst", stride=0`,
			`padding: strategy="BatchLongest", direction="Right", pad_to_multiple_of=8`,
		}},
		{unigramBF, []string{
			`pre-tokenizer: Metaspace(replacement="▁", prepend_scheme="always", split=true)`,
			"model: Unigram(unk_id=2, byte_fallback=true)", `unknown token: "<unk>" (id 2)`,
			"decoder: Sequence", "  1. ByteFallback", "  2. Metaspace(",
		}},
	} {
		code, out, errs := runTok(t, "", "inspect", "-t", c.path)
		require.Equal(t, 0, code, errs)
		for _, w := range c.want {
			require.Contains(t, out, w, "%s:\n%s", c.path, out)
		}
	}
	code, _, _ := runTok(t, "", "inspect", bert)
	require.Equal(t, 2, code)
}

func TestEncodeJSONLParallel(t *testing.T) {
	tk := readTok(t, bert)
	// Requests of several kinds, several MB, many blocks.
	var in bytes.Buffer
	lines := strings.Split(genText(4, 3<<20), "\n")
	for i, l := range lines {
		switch i % 50 {
		case 7:
			fmt.Fprintf(&in, "{\"ids\":[101,%d,102]}\n", 1000+i%1000)
		case 13:
			in.WriteString("not json\n")
		case 21:
			in.WriteString("   \n")
		default:
			fmt.Fprintf(&in, "{\"text\":%s,\"add_special_tokens\":%v}\r\n", strconv.Quote(strings.ToValidUTF8(l, "?")), i%3 == 0)
		}
	}
	var want []byte
	for l := range bytes.Lines(in.Bytes()) {
		if len(bytes.TrimSpace(l)) > 0 {
			want = jsonl.Handle(tk, l, true).AppendLine(want)
		}
	}
	code, out, errs := runTok(t, in.String(), "encode", "-t", bert, "--jsonl", "--offsets=char")
	require.Equal(t, 0, code, errs)
	require.True(t, out == string(want), "parallel output differs from the sequential one")

	// From files, in argument order.
	dir := t.TempDir()
	a := writeFile(t, dir, "a.jsonl", `{"text":"a"}`+"\n")
	b := writeFile(t, dir, "b.jsonl", `{"text":"b"}`) // no final line end
	code, out, _ = runTok(t, "", "encode", "-t", bert, "--jsonl", b, a, "-")
	require.Equal(t, 0, code)
	require.Equal(t, 2, strings.Count(out, "\n"))
	require.True(t, strings.HasPrefix(out, `{"ids":[101,1038,102]`), out)

	code, _, errs = runTok(t, "", "encode", "-t", bert, "--jsonl", a, filepath.Join(dir, "missing"))
	require.Equal(t, 1, code)
	require.Contains(t, errs, "missing: no such file or directory")
	code, _, _ = runTok(t, "", "encode", "-t", bert, "--jsonl", "--no-special")
	require.Equal(t, 2, code)
}

func TestReadLineBlocks(t *testing.T) {
	for _, text := range []string{"", "a", "a\n", "\n\n", "abc\ndefghijkl\nmn", strings.Repeat("x", 100) + "\nshort\n" + strings.Repeat("y", 50)} {
		for _, size := range []int{1, 2, 3, 7, 64} {
			var blocks []string
			err := readLineBlocks(strings.NewReader(text), size, func(b []byte) bool {
				blocks = append(blocks, string(b))
				return true
			})
			require.NoError(t, err)
			require.Equal(t, text, strings.Join(blocks, ""))
			for i, b := range blocks {
				require.NotEmpty(t, b)
				if i < len(blocks)-1 {
					require.True(t, strings.HasSuffix(b, "\n"), "block %q of %q", b, text)
				}
				if strings.Count(b, "\n") > 1 {
					require.LessOrEqual(t, len(b), max(size, 2*len(text)))
				}
			}
		}
	}
}

func TestEachLine(t *testing.T) {
	var got []string
	require.NoError(t, eachLine("a\r\nb\n\nc\rd\r\n\re", func(line, eol string) error {
		got = append(got, line+"|"+eol)
		return nil
	}))
	require.Equal(t, []string{"a|\r\n", "b|\n", "|\n", "c\rd|\r\n", "\re|"}, got)
}

func TestSplitsRune(t *testing.T) {
	s := "a😀é\xff\xe2\x82b"
	var splits []int
	for i := range len(s) + 1 {
		if splitsRune(s, i) {
			splits = append(splits, i)
		}
	}
	require.Equal(t, []int{2, 3, 4, 6}, splits)
}

func TestFormatProgress(t *testing.T) {
	require.Equal(t, "tok: [##########----------]  50% 1.5 MB / 3.0 MB, 750.0 kB/s", formatProgress(1_500_000, 3_000_000, 2*time.Second))
	require.Equal(t, "tok: 999 B, 999 B/s", formatProgress(999, -1, time.Second))
	require.Equal(t, "tok: [####################] 100% 0 B / 0 B", formatProgress(0, 0, 0))
	require.Equal(t, "tok: [#####---------------]  25% 2.50 GB / 10.00 GB, 1.25 GB/s", formatProgress(2_500_000_000, 10_000_000_000, 2*time.Second))
	// Not a terminal: no progress.
	require.Nil(t, startProgress(&bytes.Buffer{}, &bytes.Buffer{}, 10, true))
	var p *progress
	p.add(1)
	p.finish()
}
