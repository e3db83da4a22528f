package tokenizer_test

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// navTokenizerPath returns the tokenizer.json of a real tokenizer: the
// compact set in the repository first, then the shared full set.
func navTokenizerPath(name string) (string, bool) {
	shared := os.Getenv("TOKENIZERS_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "shared")
	}
	for _, dir := range []string{filepath.Join("..", "testdata", "tokenizers"), filepath.Join(shared, "tokenizers")} {
		p := filepath.Join(dir, name, "tokenizer.json")
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
	}
	return "", false
}

// navTokenizers loads each real tokenizer once per test.
type navTokenizers map[string]*tokenizer.Tokenizer

// get returns the tokenizer called name, skipping t when it is not found.
func (c navTokenizers) get(t *testing.T, name string) *tokenizer.Tokenizer {
	t.Helper()
	if tk, ok := c[name]; ok {
		if tk == nil {
			t.Skipf("tokenizer %s not found", name)
		}
		return tk
	}
	p, ok := navTokenizerPath(name)
	if !ok {
		c[name] = nil
		t.Skipf("tokenizer %s not found (set TOKENIZERS_SHARED)", name)
	}
	tk, err := tokenizer.FromFile(p)
	require.NoError(t, err)
	c[name] = tk
	return tk
}

// navReadLines decodes each line of a (gzipped when the name ends in .gz)
// JSON lines file with fn.
func navReadLines(t *testing.T, path string, fn func(line []byte)) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var sc *bufio.Scanner
	if filepath.Ext(path) == ".gz" {
		zr, err := gzip.NewReader(f)
		require.NoError(t, err)
		defer zr.Close()
		sc = bufio.NewScanner(zr)
	} else {
		sc = bufio.NewScanner(f)
	}
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		fn(sc.Bytes())
	}
	require.NoError(t, sc.Err())
}

// navCase is one line of testdata/nav.jsonl.gz (see nav-gen.js).
type navCase struct {
	Tok     string  `json:"tok"`
	Text    string  `json:"text"`
	Pair    *string `json:"pair"`
	Special bool    `json:"special"`
	Pad     *[2]any `json:"pad"`
	Trunc   *[2]int `json:"trunc"`
	Enc     navEnc  `json:"enc"`
}

type navEnc struct {
	IDs     []uint32    `json:"ids"`
	Offsets [][2]int    `json:"offsets"`
	Words   []*int      `json:"words"`
	Seqs    []*int      `json:"seqs"`
	NSeq    int         `json:"nseq"`
	T2S     []*int      `json:"t2s"`
	T2C     []*[2]int   `json:"t2c"`
	T2W     []*int      `json:"t2w"`
	C2T     [][]*int    `json:"c2t"`
	C2W     [][]*int    `json:"c2w"`
	W2T     [][]*[2]int `json:"w2t"`
	W2C     [][]*[2]int `json:"w2c"`
}

func navOptInt(v int, ok bool) *int {
	if !ok {
		return nil
	}
	return &v
}

func navOptPair(a, b int, ok bool) *[2]int {
	if !ok {
		return nil
	}
	return &[2]int{a, b}
}

func navOrNone(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}

// checkNav compares every navigation answer of got with want.
func checkNav(t *testing.T, got *tokenizer.Encoding, want *navEnc) {
	t.Helper()
	require.Equal(t, append([]uint32{}, want.IDs...), append([]uint32{}, got.IDs...), "ids")
	offs := make([][2]int, len(got.Offsets))
	for i, o := range got.Offsets {
		offs[i] = [2]int{o.Start, o.End}
	}
	require.Equal(t, want.Offsets, offs, "offsets")
	words := make([]int, len(want.Words))
	for i, w := range want.Words {
		words[i] = navOrNone(w)
	}
	require.Equal(t, words, append([]int{}, got.WordIDs...), "word ids")
	seqs := make([]int, len(want.Seqs))
	for i, s := range want.Seqs {
		seqs[i] = navOrNone(s)
	}
	require.Equal(t, seqs, got.SequenceIDs(), "sequence ids")
	require.Equal(t, want.NSeq, got.NumSequences(), "n_sequences")

	for i, w := range want.T2S {
		require.Equal(t, w, navOptInt(got.TokenToSequence(i)), "TokenToSequence(%d)", i)
	}
	for i, w := range want.T2C {
		seq, off, ok := got.TokenToChars(i)
		require.Equal(t, w, navOptPair(off.Start, off.End, ok), "TokenToChars(%d)", i)
		if ok {
			require.Equal(t, want.T2S[i], &seq, "TokenToChars(%d) sequence", i)
		}
	}
	for i, w := range want.T2W {
		seq, word, ok := got.TokenToWord(i)
		require.Equal(t, w, navOptInt(word, ok), "TokenToWord(%d)", i)
		if ok {
			require.Equal(t, want.T2S[i], &seq, "TokenToWord(%d) sequence", i)
		}
	}
	for s := range want.C2T {
		for p, w := range want.C2T[s] {
			require.Equal(t, w, navOptInt(got.CharToToken(p, s)), "CharToToken(%d, %d)", p, s)
		}
		for p, w := range want.C2W[s] {
			require.Equal(t, w, navOptInt(got.CharToWord(p, s)), "CharToWord(%d, %d)", p, s)
		}
		for wd, w := range want.W2T[s] {
			require.Equal(t, w, navOptPair(got.WordToTokens(wd, s)), "WordToTokens(%d, %d)", wd, s)
		}
		for wd, w := range want.W2C[s] {
			off, ok := got.WordToChars(wd, s)
			require.Equal(t, w, navOptPair(off.Start, off.End, ok), "WordToChars(%d, %d)", wd, s)
		}
	}
}

// TestEncodingNavigation checks the navigation methods against the
// reference's answers in testdata/nav.jsonl.gz (written by nav-gen.js), with
// character offsets as the reference's Node binding gives them.
func TestEncodingNavigation(t *testing.T) {
	toks := navTokenizers{}
	var cases []navCase
	navReadLines(t, filepath.Join("testdata", "nav.jsonl.gz"), func(line []byte) {
		var c navCase
		require.NoError(t, json.Unmarshal(line, &c))
		cases = append(cases, c)
	})
	require.NotEmpty(t, cases)
	for i, c := range cases {
		name := fmt.Sprintf("%s/%d", c.Tok, i)
		t.Run(name, func(t *testing.T) {
			tk := toks.get(t, c.Tok)
			opts := tokenizer.Options{AddSpecialTokens: c.Special, CharOffsets: true}
			if c.Pad != nil {
				p := &tokenizer.Padding{Fixed: true, Length: int(c.Pad[0].(float64)), PadToken: "[PAD]"}
				if c.Pad[1] == "left" {
					p.Direction = tokenizer.Left
				}
				opts.Padding = p
			}
			if c.Trunc != nil {
				opts.Truncation = &tokenizer.Truncation{MaxLength: c.Trunc[0], Stride: c.Trunc[1]}
			}
			in := tokenizer.Single(c.Text)
			if c.Pair != nil {
				in = tokenizer.Pair(c.Text, *c.Pair)
			}
			var enc tokenizer.Encoding
			require.NoError(t, tk.EncodeTo(&enc, in, &opts))
			t.Logf("text %q pair %s special %v pad %v trunc %v", c.Text, navShow(c.Pair), c.Special, c.Pad, c.Trunc)
			checkNav(t, &enc, &c.Enc)
		})
	}
}

func navShow(p *string) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprintf("%q", *p)
}

// navEncoding returns an encoding of tokens with the given ids, offsets (s, e
// pairs) and word ids, of type typeID, like one sequence before
// post-processing.
func navEncoding(typeID uint32, ids []uint32, words []int, offs ...int) tokenizer.Encoding {
	e := tokenizer.Encoding{}
	for i, id := range ids {
		e.IDs = append(e.IDs, id)
		e.TypeIDs = append(e.TypeIDs, typeID)
		e.Tokens = append(e.Tokens, fmt.Sprint("t", id))
		e.Offsets = append(e.Offsets, tokenizer.Offset{Start: offs[2*i], End: offs[2*i+1]})
		e.WordIDs = append(e.WordIDs, words[i])
		e.SpecialTokensMask = append(e.SpecialTokensMask, 0)
		e.AttentionMask = append(e.AttentionMask, 1)
	}
	return e
}

// The reference's own merge test (encoding.rs, merge_encodings), with and
// without growing offsets.
func TestMergeEncodingsOffsets(t *testing.T) {
	a := navEncoding(0, []uint32{1}, []int{0}, 0, 6)
	b := navEncoding(1, []uint32{2}, []int{0}, 0, 6)
	got := tokenizer.MergeEncodings([]tokenizer.Encoding{a, b}, true)
	require.Equal(t, []uint32{1, 2}, got.IDs)
	require.Equal(t, []uint32{0, 1}, got.TypeIDs)
	require.Equal(t, []string{"t1", "t2"}, got.Tokens)
	require.Equal(t, []int{0, 0}, got.WordIDs)
	require.Equal(t, []tokenizer.Offset{{0, 6}, {6, 12}}, got.Offsets)
	require.Equal(t, []uint32{0, 0}, got.SpecialTokensMask)
	require.Equal(t, []uint32{1, 1}, got.AttentionMask)
	require.Empty(t, got.Overflowing)
	// No ranges: one sequence, every token (and one past the last) in it.
	require.Equal(t, 1, got.NumSequences())
	require.Equal(t, []int{0, 0}, got.SequenceIDs())
	for tok := range 3 {
		require.Equal(t, navOptInt(0, true), navOptInt(got.TokenToSequence(tok)), "token %d", tok)
	}
	require.Nil(t, navOptInt(got.TokenToSequence(3)))

	got = tokenizer.MergeEncodings([]tokenizer.Encoding{a, b}, false)
	require.Equal(t, []tokenizer.Offset{{0, 6}, {0, 6}}, got.Offsets)

	// Growing offsets shift by the end of the last token so far, whatever
	// its start.
	c := navEncoding(0, []uint32{3, 4}, []int{0, 1}, 2, 3, 0, 0)
	got = tokenizer.MergeEncodings([]tokenizer.Encoding{a, c, b}, true)
	require.Equal(t, []tokenizer.Offset{{0, 6}, {8, 9}, {6, 6}, {6, 12}}, got.Offsets)

	empty := tokenizer.MergeEncodings(nil, true)
	require.Zero(t, empty.Len())
}

func TestMergeEncodingsSequences(t *testing.T) {
	a := navEncoding(0, []uint32{1, 2}, []int{0, 1}, 0, 3, 4, 7)
	b := navEncoding(1, []uint32{3, 4, 5}, []int{0, 0, 1}, 0, 2, 2, 4, 5, 6)
	a.SetSequenceID(0)
	b.SetSequenceID(1)
	sep := navEncoding(0, []uint32{9}, []int{-1}, 0, 0)
	got := tokenizer.MergeEncodings([]tokenizer.Encoding{sep, a, sep, b, sep}, false)
	require.Equal(t, 2, got.NumSequences())
	require.Equal(t, []int{-1, 0, 0, -1, 1, 1, 1, -1}, got.SequenceIDs())
	seq, off, ok := got.TokenToChars(5)
	require.True(t, ok)
	require.Equal(t, 1, seq)
	require.Equal(t, tokenizer.Offset{Start: 2, End: 4}, off)
	_, _, ok = got.TokenToChars(3)
	require.False(t, ok)
	start, end, ok := got.WordToTokens(0, 1)
	require.True(t, ok)
	require.Equal(t, [2]int{4, 6}, [2]int{start, end})
	wo, ok := got.WordToChars(0, 1)
	require.True(t, ok)
	require.Equal(t, tokenizer.Offset{Start: 0, End: 4}, wo)
	tok, ok := got.CharToToken(5, 1)
	require.True(t, ok)
	require.Equal(t, 6, tok)
	w, ok := got.CharToWord(5, 0)
	require.True(t, ok)
	require.Equal(t, 1, w)
	// Sequence 2 has no range: all the tokens (words -1 0 1 -1 0 0 1 -1)
	// are scanned, up to the first word above the one looked for. Word 1:
	// no word above, its last token is in the second sequence. Word 0:
	// the scan stops at the first 1.
	start, end, ok = got.WordToTokens(1, 2)
	require.True(t, ok)
	require.Equal(t, [2]int{2, 7}, [2]int{start, end})
	start, end, ok = got.WordToTokens(0, 2)
	require.True(t, ok)
	require.Equal(t, [2]int{1, 2}, [2]int{start, end})

	// A later range of the same sequence replaces the earlier one: the
	// tokens of a lose their sequence.
	got = tokenizer.MergeEncodings([]tokenizer.Encoding{a, sep, a}, false)
	require.Equal(t, 1, got.NumSequences())
	require.Equal(t, []int{-1, -1, -1, 0, 0}, got.SequenceIDs())
	require.Nil(t, navOptInt(got.TokenToSequence(0)))
	require.Equal(t, navOptInt(3, true), navOptInt(got.CharToToken(0, 0)))
	tok, ok = got.CharToToken(0, 1) // no range for 1: all tokens
	require.True(t, ok)
	require.Equal(t, 0, tok)
	_, ok = got.CharToWord(0, 1) // token 0 is in no sequence
	require.False(t, ok)
}

// Overflowing parts combine as the reference's merge_with does, nesting
// included: merging A (overflowing A1) with B (overflowing B1) gives
// [A1+B (overflowing [A1+B1]), A1+B1, A+B1 (overflowing [A1+B1])].
func TestMergeEncodingsOverflowing(t *testing.T) {
	a := navEncoding(0, []uint32{1}, []int{0}, 0, 1)
	a.Overflowing = []tokenizer.Encoding{navEncoding(0, []uint32{2}, []int{0}, 1, 2)}
	b := navEncoding(1, []uint32{3}, []int{0}, 0, 1)
	b.Overflowing = []tokenizer.Encoding{navEncoding(1, []uint32{4}, []int{0}, 1, 2)}
	in := []tokenizer.Encoding{a, b}
	got := tokenizer.MergeEncodings(in, true)

	var ids func(e *tokenizer.Encoding) string
	ids = func(e *tokenizer.Encoding) string {
		s := fmt.Sprint(e.IDs)
		if len(e.Overflowing) > 0 {
			s += "{"
			for i := range e.Overflowing {
				s += ids(&e.Overflowing[i])
			}
			s += "}"
		}
		return s
	}
	require.Equal(t, "[1 3]{[2 3]{[2 4]}[2 4][1 4]{[2 4]}}", ids(&got))
	require.Equal(t, []tokenizer.Offset{{1, 2}, {3, 4}}, got.Overflowing[1].Offsets)

	// The inputs are unchanged and share no memory with the result.
	got.IDs[0] = 99
	got.Overflowing[0].IDs[0] = 99
	got.Overflowing[0].Overflowing[0].IDs[0] = 99
	require.Equal(t, "[1]{[2]}", ids(&in[0]))
	require.Equal(t, "[3]{[4]}", ids(&in[1]))
}
