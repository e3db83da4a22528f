package tokenizer

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/pretokenizers"
)

// pretokGolden is ../pretokenizers/testdata/golden.json.gz (see mkgolden.js
// there).
type pretokGolden struct {
	EdgeInputs  []string `json:"edge_inputs"`
	ExtraInputs []string `json:"extra_inputs"`
	Configs     []struct {
		Name   string          `json:"name"`
		Config json.RawMessage `json:"config"`
		Lines  string          `json:"lines"`
		Extra  string          `json:"extra"`
		Blocks string          `json:"blocks"`
	} `json:"configs"`
}

const pretokHashLen = 4

func readPretokGolden(t *testing.T) *pretokGolden {
	f, err := os.Open(filepath.Join("..", "pretokenizers", "testdata", "golden.json.gz"))
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	var g pretokGolden
	require.NoError(t, json.NewDecoder(zr).Decode(&g))
	return &g
}

// corpusDir is the shared corpus the golden hashes were computed on.
func corpusDir() string {
	if d := os.Getenv("TOKENIZERS_CORPUS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "corpus")
}

// preTokenizeString runs pt on s and returns its pieces as the reference's
// preTokenizeString does: normalized text and offsets in characters of s.
func preTokenizeString(pt pretokenizers.PreTokenizer, s string) ([]pretokPiece, error) {
	p := pretokenizers.New(s)
	if err := pt.PreTokenize(p); err != nil {
		return nil, err
	}
	var out []pretokPiece
	idx := newCharIndex(s)
	for _, pc := range p.Pieces() {
		o := pc.Normalized.OriginalOffsets()
		start, end := idx.convert(o.Start, o.End)
		out = append(out, pretokPiece{pc.Normalized.String(), start, end})
	}
	return out, nil
}

type pretokPiece struct {
	Text       string
	Start, End int
}

func (p pretokPiece) String() string {
	return fmt.Sprintf("%q[%d,%d]", p.Text, p.Start, p.End)
}

// charIndex maps the byte offsets of a text to character offsets.
type charIndex []int32

func newCharIndex(s string) charIndex {
	idx := make(charIndex, len(s))
	c := int32(-1)
	for i := range len(s) {
		if utf8.RuneStart(s[i]) {
			c++
		}
		idx[i] = c
	}
	return idx
}

// convert converts byte offsets as the reference's
// BytesToCharOffsetConverter does (offsets it cannot convert are kept as
// they are).
func (idx charIndex) convert(start, end int) (int, int) {
	if start < 0 || start >= len(idx) {
		return start, end
	}
	cs := int(idx[start])
	if end >= 0 && end < len(idx) {
		return cs, int(idx[end])
	}
	last := cs + 1
	if end-1 >= 0 && end-1 < len(idx) {
		last = int(idx[end-1]) + 1
	}
	return cs, last
}

func pretokHash(pieces []pretokPiece) string {
	h := sha256.New()
	for _, p := range pieces {
		fmt.Fprintf(h, "%s\x00%d,%d\n", p.Text, p.Start, p.End)
	}
	return hex.EncodeToString(h.Sum(nil))[:pretokHashLen]
}

func readCorpusLines(t *testing.T) []string {
	f, err := os.Open(filepath.Join(corpusDir(), "lines.jsonl"))
	if err != nil {
		t.Skipf("corpus not found: %v", err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var l struct{ Text string }
		require.NoError(t, json.Unmarshal(sc.Bytes(), &l))
		lines = append(lines, l.Text)
	}
	require.NoError(t, sc.Err())
	return lines
}

// readCorpusBlocks cuts the corpus's text files into blocks of 100 lines,
// as mkgolden.js does.
func readCorpusBlocks(t *testing.T) []string {
	var blocks []string
	for _, name := range []string{"en.txt", "multilingual.txt", "code.txt"} {
		data, err := os.ReadFile(filepath.Join(corpusDir(), name))
		if err != nil {
			t.Skipf("corpus not found: %v", err)
		}
		lines := strings.SplitAfter(string(data), "\n")
		if lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		for i := 0; i < len(lines); i += 100 {
			blocks = append(blocks, strings.Join(lines[i:min(i+100, len(lines))], ""))
		}
	}
	return blocks
}

// checkPretokHashes runs the pre-tokenizer of every configuration on inputs
// and compares with the reference's hashes, reporting the first
// differences with what to run to see the reference's pieces.
func checkPretokHashes(t *testing.T, g *pretokGolden, inputs []string, hashes func(i int) string, what string) {
	for ci, c := range g.Configs {
		want := hashes(ci)
		if want == "" {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			pt, err := loadPreTokenizer(jsonValue{path: "pre_tokenizer", raw: c.Config})
			require.NoError(t, err)
			require.Equal(t, len(inputs)*pretokHashLen, len(want), "golden data out of date")
			failures := 0
			for i, s := range inputs {
				pieces, err := preTokenizeString(pt, s)
				require.NoError(t, err, "%s %d", what, i)
				if got := pretokHash(pieces); got != want[i*pretokHashLen:(i+1)*pretokHashLen] {
					failures++
					if failures <= 3 {
						in, _ := json.Marshal(s)
						t.Errorf("%s %d differs from the reference; the reference's pieces: echo '%s' | node ../pretokenizers/testdata/ref.js %s\ngot %v",
							what, i, in, c.Name, pieces)
					}
				}
			}
			if failures > 3 {
				t.Errorf("%d %ss differ", failures, what)
			}
		})
	}
}

// TestPreTokenizersEdgeCases checks every configuration on the hand-made
// edge cases, which the golden file holds.
func TestPreTokenizersEdgeCases(t *testing.T) {
	g := readPretokGolden(t)
	checkPretokHashes(t, g, g.EdgeInputs, func(i int) string {
		return g.Configs[i].Lines[:len(g.EdgeInputs)*pretokHashLen]
	}, "line")
}

// TestPreTokenizersClassEdges checks every configuration on inputs made of
// the code points at the edges of every character class the reference
// uses, where Unicode versions and case folding differ.
func TestPreTokenizersClassEdges(t *testing.T) {
	g := readPretokGolden(t)
	checkPretokHashes(t, g, g.ExtraInputs, func(i int) string { return g.Configs[i].Extra }, "extra input")
}

// TestPreTokenizersCorpusLines checks every configuration on all of
// lines.jsonl of the shared corpus.
func TestPreTokenizersCorpusLines(t *testing.T) {
	g := readPretokGolden(t)
	lines := readCorpusLines(t)
	checkPretokHashes(t, g, lines, func(i int) string { return g.Configs[i].Lines }, "line")
}

// TestPreTokenizersCorpusFiles checks the configurations marked "big" on
// the whole text files of the shared corpus (a few megabytes).
func TestPreTokenizersCorpusFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	g := readPretokGolden(t)
	blocks := readCorpusBlocks(t)
	checkPretokHashes(t, g, blocks, func(i int) string { return g.Configs[i].Blocks }, "block")
}

// TestLoadPreTokenizerRules checks what loading accepts and refuses, as the
// reference does (each case was checked with it), and that errors name the
// JSON path of the problem.
func TestLoadPreTokenizerRules(t *testing.T) {
	accepted := []string{
		`{"type":"Whitespace","extra":1}`,
		`{"type":{"Whitespace":null}}`,
		`{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false}`,
		`{"type":"Metaspace","replacement":"▁","add_prefix_space":false,"prepend_scheme":"never"}`,
		`{"type":"Metaspace","replacement":"▁","add_prefix_space":true,"prepend_scheme":"never"}`,
		`{"type":"Metaspace","replacement":"▁","add_prefix_space":null,"split":null,"str_rep":null}`,
		`{"type":"Metaspace","replacement":"▁","prepend_scheme":{"never":null}}`,
		`{"type":"Split","pattern":{"String":"a"},"behavior":{"Isolated":null},"invert":false}`,
		`{"type":"Punctuation"}`,
		`{"type":"FixedLength"}`,
		`{"type":"FixedLength","length":18446744073709551615}`,
		`{"type":"CharDelimiterSplit","delimiter":"a"}`,
		`{"type":{"CharDelimiterSplit":null},"delimiter":"c"}`,
		`{"type":"Sequence","pretokenizers":[]}`,
		`{"type":"Digits","individual_digits":true,"type":"Digits"}`,
	}
	for _, js := range accepted {
		_, err := loadPreTokenizer(jsonValue{path: "pre_tokenizer", raw: json.RawMessage(js)})
		require.NoError(t, err, js)
	}
	refused := []struct{ json, path string }{
		{`{"type":"ByteLevel"}`, "pre_tokenizer"},
		{`{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":null}`, "pre_tokenizer.use_regex"},
		{`{"type":"Metaspace","replacement":"▁","add_prefix_space":false}`, "pre_tokenizer"},
		{`{"type":"Metaspace","replacement":"▁","str_rep":5}`, "pre_tokenizer.str_rep"},
		{`{"type":"Metaspace","replacement":"ab"}`, "pre_tokenizer.replacement"},
		{`{"type":"Metaspace","replacement":""}`, "pre_tokenizer.replacement"},
		{`{"type":"Metaspace","replacement":"▁","prepend_scheme":null}`, "pre_tokenizer.prepend_scheme"},
		{`{"type":"Metaspace","replacement":"▁","prepend_scheme":"First"}`, "pre_tokenizer.prepend_scheme"},
		{`{"type":"Metaspace","replacement":"▁","prepend_scheme":{"never":[]}}`, "pre_tokenizer.prepend_scheme.never"},
		{`{"type":"Split","pattern":{"String":" "},"behavior":"Isolated"}`, "pre_tokenizer"},
		{`{"type":"Split","pattern":" ","behavior":"Isolated","invert":false}`, "pre_tokenizer.pattern"},
		{`{"type":"Split","pattern":{"Regex":"(","String":"a"},"behavior":"Isolated","invert":false}`, "pre_tokenizer.pattern"},
		{`{"type":"Split","pattern":{"Regex":"("},"behavior":"Isolated","invert":false}`, "pre_tokenizer.pattern"},
		{`{"type":"Split","pattern":{"String":null},"behavior":"Isolated","invert":false}`, "pre_tokenizer.pattern.String"},
		{`{"type":"Split","pattern":{"String":" "},"behavior":"isolated","invert":false}`, "pre_tokenizer.behavior"},
		{`{"type":"Split","pattern":{"String":"a"},"behavior":{"Isolated":1},"invert":false}`, "pre_tokenizer.behavior.Isolated"},
		{`{"type":"Split","pattern":{"String":"a"},"behavior":"Isolated","invert":0}`, "pre_tokenizer.invert"},
		{`{"type":"Digits"}`, "pre_tokenizer"},
		{`{"type":"Punctuation","behavior":null}`, "pre_tokenizer.behavior"},
		{`{"type":"FixedLength","length":5.0}`, "pre_tokenizer.length"},
		{`{"type":"FixedLength","length":-1}`, "pre_tokenizer.length"},
		{`{"type":"FixedLength","length":null}`, "pre_tokenizer.length"},
		{`{"type":"Delimiter","delimiter":"a"}`, "pre_tokenizer.type"},
		{`{"type":"CharDelimiterSplit","delimiter":"ab"}`, "pre_tokenizer"},
		{`{"type":"CharDelimiterSplit"}`, "pre_tokenizer"},
		{`{"type":"Sequence"}`, "pre_tokenizer"},
		{`{"type":"Sequence","pretokenizers":null}`, "pre_tokenizer.pretokenizers"},
		{`{"type":"Sequence","pretokenizers":[{"type":"Whitespace"},{"type":"Foo"}]}`, "pre_tokenizer.pretokenizers[1]"},
		{`{"type":"Foo"}`, "pre_tokenizer"},
		{`{"add_prefix_space":true}`, "pre_tokenizer"},
		{`{"type":5}`, "pre_tokenizer"},
		{`{"type":null}`, "pre_tokenizer"},
		{`[]`, "pre_tokenizer"},
		{`"Whitespace"`, "pre_tokenizer"},
	}
	for _, c := range refused {
		_, err := loadPreTokenizer(jsonValue{path: "pre_tokenizer", raw: json.RawMessage(c.json)})
		require.Error(t, err, c.json)
		var le *LoadError
		require.ErrorAs(t, err, &le, c.json)
		require.Equal(t, c.path, le.Path, "%s: %v", c.json, err)
	}
}

// TestFixedLengthZero checks that a FixedLength of length 0, which the
// reference accepts but panics with on any text, gives an error instead.
func TestFixedLengthZero(t *testing.T) {
	pt, err := loadPreTokenizer(jsonValue{path: "pre_tokenizer", raw: json.RawMessage(`{"type":"FixedLength","length":0}`)})
	require.NoError(t, err)
	pieces, err := preTokenizeString(pt, "")
	require.NoError(t, err)
	require.Empty(t, pieces)
	_, err = preTokenizeString(pt, "abc")
	require.Error(t, err)
}
