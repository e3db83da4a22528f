package pretokenizers

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/normalizers"
)

// piecesOf runs pt on s and renders its pieces as the reference's
// preTokenizeString does: normalized text and offsets in characters.
func piecesOf(t *testing.T, pt PreTokenizer, s string) string {
	t.Helper()
	p := New(s)
	require.NoError(t, pt.PreTokenize(p))
	var b strings.Builder
	b.WriteByte('[')
	idx := newCharIndex(s)
	for i, pc := range p.Pieces() {
		if i > 0 {
			b.WriteByte(',')
		}
		o := pc.Normalized.OriginalOffsets()
		start, end := idx.convert(o.Start, o.End)
		text, _ := json.Marshal(pc.Normalized.String())
		fmt.Fprintf(&b, "[%s,[%d,%d]]", text, start, end)
	}
	b.WriteByte(']')
	return b.String()
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

// canonical re-encodes a JSON value compactly, for comparisons.
func canonical(t *testing.T, raw json.RawMessage) string {
	var v any
	require.NoError(t, json.Unmarshal(raw, &v))
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// TestSplitRegexSemantics checks Oniguruma's semantics (anchors, case
// folding, classes, empty matches, possessive quantifiers...) through Split
// with every behavior against the reference (testdata/mkregex.js).
func TestSplitRegexSemantics(t *testing.T) {
	data, err := os.ReadFile("testdata/regex_golden.json")
	require.NoError(t, err)
	var rows []struct {
		Pattern string
		Text    string
		Results map[string]json.RawMessage
		Error   string
	}
	require.NoError(t, json.Unmarshal(data, &rows))
	for _, row := range rows {
		name := fmt.Sprintf("%q on %q", row.Pattern, row.Text)
		t.Run(name, func(t *testing.T) {
			if row.Error != "" {
				_, err := NewSplitRegex(row.Pattern, normalizers.Isolated, false)
				require.Error(t, err, "the reference refuses it: %s", row.Error)
				return
			}
			checkSplitResults(t, row.Pattern, row.Text, row.Results)
		})
	}
}

func checkSplitResults(t *testing.T, pattern, text string, results map[string]json.RawMessage) {
	for key, want := range results {
		bname, invert := strings.CutSuffix(key, "-invert")
		b, err := normalizers.ParseSplitBehavior(bname)
		require.NoError(t, err)
		s, err := NewSplitRegex(pattern, b, invert)
		require.NoError(t, err)
		got := piecesOf(t, s, text)
		// Re-encode both the same way (json.Marshal escapes < > &).
		require.Equal(t, canonical(t, want), canonical(t, json.RawMessage(got)), key)
	}
}

// TestScannersMatchRegex compares the hand-written matchers of well-known
// regular expressions with the general engine (checked against the
// reference elsewhere) on random texts made of characters of every class
// the expressions distinguish.
func TestScannersMatchRegex(t *testing.T) {
	alphabet := []rune{
		'a', 'z', 'A', 'Z', 's', 'S', 't', 'T', 'r', 'R', 'e', 'E', 'v', 'm', 'l', 'L', 'd', 'D', 'ſ', 'K', 'k',
		'é', 'ǅ', 'ʰ', '日', 'ー', 'ا', '\u0301', '\u0903', '\u20dd', // Ll/Lu, Lt, Lm, Lo, Mn, Mc, Me
		'0', '9', '٣', '²', 'ⅷ', '\U00010d40', // numbers (the last one only in Unicode 16)
		'\U000105c0', '\u1c89', '\u1c8a', // letters only in Unicode 16
		' ', ' ', ' ', '\t', '\n', '\r', '\v', '\f', '\u0085', '\u00a0', '\u2028', '\u3000', '\u200b',
		'\'', '\'', '.', ',', '/', '-', '!', '$', '😀', '\u0378', '\ue000',
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "'s", "'S", "'ſ", "'ll", "'LL", "'lL", "a'", "''", " '", "\n\n", " \n ", "  x", "x  "}
	for range 4000 {
		n := rnd.IntN(16)
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[rnd.IntN(len(alphabet))])
		}
		texts = append(texts, b.String())
	}
	for _, expr := range []string{gpt2Regex, llama3Regex, qwenRegex, o200kRegex} {
		fast, err := compileRegex(expr)
		require.NoError(t, err)
		slow, err := normalizers.NewRegexPattern(expr)
		require.NoError(t, err)
		for _, s := range texts {
			want, err := slow.FindMatches(nil, []byte(s))
			require.NoError(t, err)
			got, err := fast.FindMatches(nil, []byte(s))
			require.NoError(t, err)
			require.Equal(t, want, got, "%.30s... on %q", expr, s)
		}
	}
}
