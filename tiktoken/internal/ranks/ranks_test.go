package ranks

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
)

// readEmbedded reads a table package tiktoken embeds.
func readEmbedded(tb testing.TB, name string) *Table {
	tb.Helper()
	f, err := os.Open("../../data/" + name + ".ranks.gz")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	t, err := ReadCompact(raw)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// rankFile writes a rank file of tokens, ranks in order from 0.
func rankFile(tokens ...string) string {
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

// TestEmbedded checks the embedded tables: what tiktoken says of them
// (token counts, the ranks of known tokens) and that their splits are the
// ones Splits derives.
func TestEmbedded(t *testing.T) {
	for _, c := range []struct {
		name   string
		tokens int
		known  map[string]uint32
	}{
		{"cl100k_base", 100256, map[string]uint32{"hello": 15339, " world": 1917, "!": 0, " ": 220}},
		{"o200k_base", 199998, map[string]uint32{"hello": 24912, " world": 2375, "!": 0, " ": 220}},
		{"p50k_base", 50280, map[string]uint32{"hello": 31373, " world": 995, "!": 0, "  ": 50257}},
	} {
		tb := readEmbedded(t, c.name)
		if tb.Len() != c.tokens {
			t.Errorf("%s: %d tokens, want %d", c.name, tb.Len(), c.tokens)
		}
		found := 0
		for i := range tb.Len() {
			if r, ok := c.known[string(tb.Token(i))]; ok {
				found++
				if tb.Ranks[i] != r {
					t.Errorf("%s: %q has rank %d, want %d", c.name, tb.Token(i), tb.Ranks[i], r)
				}
			}
		}
		if found != len(c.known) {
			t.Errorf("%s: found %d of the known tokens, want %d", c.name, found, len(c.known))
		}
		split, err := tb.Splits()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(split, tb.Split) {
			t.Errorf("%s: the embedded splits are not the derived ones (regenerate with go generate)", c.name)
		}
	}
}

func TestParse(t *testing.T) {
	// Lines in any order, empty lines skipped, tabs and CR as white
	// space.
	in := "Yg== 1\n\nYQ==\t0\r\nYWI= 5\n"
	tb, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if tb.Len() != 3 || !slices.Equal(tb.Ranks, []uint32{0, 1, 5}) || string(tb.Text) != "abab" {
		t.Fatalf("Parse = %+v", tb)
	}
	if tb.Split != nil {
		t.Errorf("Parse set Split")
	}
	for _, c := range []struct{ in, err string }{
		{"YQ== 0\nYg==\n", "line 2: want two fields"},
		{"YQ== 0\n\nYg== 1 2\n", "line 3: want two fields"},
		{"YQ== 0\nY!== 1\n", "line 2: token"},
		{"YQ== 0\nYg= 1\n", "line 2: token"},
		{"YQ== x\n", "line 1: rank \"x\""},
		{"YQ== -1\n", "line 1: rank"},
		{"YQ== 4294967295\n", "line 1: rank"},
		{" 0\n", "line 1: want two fields"},
		{"YQ== 0\nYg== 1\nYw== 0\n", "line 3: rank 0 is also the rank of line 1"},
		{"YQ== 0\nYg== 1\nYQ== 2\n", "line 3: token \"a\" is also the token of line 1"},
		{"YQ== 2\nYg== 1\nYQ== 0\n", "line 3: token \"a\" is also the token of line 1"},
	} {
		_, err := Parse(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("Parse(%q) = %v, want an error with %q", c.in, err, c.err)
		}
	}
}

func TestCompact(t *testing.T) {
	tokens := append(allBytes(), "ab", "abc", "bc", "abcd")
	tb, err := Parse(strings.NewReader(rankFile(tokens...)))
	if err != nil {
		t.Fatal(err)
	}
	// A gap in the ranks, as p50k_base has.
	tb.Ranks[tb.Len()-1] += 7
	var buf bytes.Buffer
	if err := tb.WriteCompact(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCompact(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	split, _ := tb.Splits()
	if !bytes.Equal(got.Text, tb.Text) || !slices.Equal(got.Ends, tb.Ends) || !slices.Equal(got.Ranks, tb.Ranks) || !slices.Equal(got.Split, split) {
		t.Errorf("ReadCompact(WriteCompact(t)) = %+v, want %+v with splits %v", got, tb, split)
	}
	data := buf.Bytes()
	for n := range len(data) {
		// Every cut inside a record is corrupt (the records end
		// at the tokens' last bytes, which are never cut here).
		if _, err := ReadCompact(data[:n]); err == nil && n > 0 && !recordEnd(tb, n) {
			t.Errorf("ReadCompact of the first %d bytes succeeded", n)
		}
	}
	for _, bad := range [][]byte{{0, 0, 0}, {0, 2, 2, 'a', 'b'}, {0, 5, 0, 'a'}, {0xFF}} {
		if _, err := ReadCompact(bad); err == nil {
			t.Errorf("ReadCompact(%v) succeeded", bad)
		}
	}
}

// recordEnd reports whether n is the end of a record of t's compact form.
func recordEnd(t *Table, n int) bool {
	var buf bytes.Buffer
	for i := range t.Len() {
		u := &Table{Text: t.Text, Ends: t.Ends[:i+1], Ranks: t.Ranks[:i+1], Split: make([]uint32, i+1)}
		buf.Reset()
		u.WriteCompact(&buf)
		if buf.Len() == n {
			return true
		}
	}
	return false
}

func TestSplits(t *testing.T) {
	for _, c := range []struct {
		tokens []string // after the 256 bytes, by rank
		want   map[string]int
	}{
		// "abc" is merged from "ab" and "c" (ab is the earlier).
		{[]string{"ab", "bc", "abc"}, map[string]int{"ab": 1, "bc": 1, "abc": 2}},
		// bc comes first: a + bc.
		{[]string{"bc", "ab", "abc"}, map[string]int{"abc": 1}},
		// "abc" ranked before the pair it is formed from.
		{[]string{"abc", "bc"}, map[string]int{"abc": 1}},
		// Unreachable: neither "ab" nor "bc" is a token.
		{[]string{"abc"}, map[string]int{"abc": 0}},
		// "aaa": a+a first, leftmost, then aa+a.
		{[]string{"aa", "aaa"}, map[string]int{"aaa": 2}},
		// "abcd": ab, then cd (before abc), then ab+cd.
		{[]string{"ab", "cd", "abc", "abcd"}, map[string]int{"abc": 2, "abcd": 2}},
	} {
		tb, err := Parse(strings.NewReader(rankFile(append(allBytes(), c.tokens...)...)))
		if err != nil {
			t.Fatal(err)
		}
		split, err := tb.Splits()
		if err != nil {
			t.Fatal(err)
		}
		for i := range tb.Len() {
			tok := string(tb.Token(i))
			if want, ok := c.want[tok]; ok && int(split[i]) != want {
				t.Errorf("%q: split of %q = %d, want %d", c.tokens, tok, split[i], want)
			}
		}
	}
	tb, err := Parse(strings.NewReader(rankFile(allBytes()[1:]...)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tb.Splits(); err == nil || !strings.Contains(err.Error(), "byte 0x00") {
		t.Errorf("Splits without byte 0 = %v, want an error naming it", err)
	}
}

// BenchmarkSplits measures deriving the merges of a large table (what
// loading a rank file does; the embedded tables hold them).
func BenchmarkSplits(b *testing.B) {
	for _, name := range []string{"cl100k_base", "o200k_base"} {
		t := readEmbedded(b, name)
		b.Run(name, func(b *testing.B) {
			c0 := cpuTime()
			for b.Loop() {
				if _, err := t.Splits(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuTime()-c0)/float64(b.N), "cpu-ms/op")
		})
	}
}
