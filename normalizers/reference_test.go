package normalizers

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// The tests in this file compare the normalizers with what the reference
// (Hugging Face tokenizers 0.23.2) answers, recorded by the scripts of
// testdata/gen:
//
//   - unicode_ref.txt.gz (probe.js): what each normalizer does to every
//     single code point;
//   - normalize_ref.jsonl.gz (golden.js): the normalized text and the
//     original span of every normalized character for the configurations
//     of configs.json over the corpus edge cases, hand-picked texts and a
//     sample of the corpus.

func readGzipLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<26)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	require.NoError(t, sc.Err())
	return lines
}

// normalizeString runs x over s and returns the normalized text.
func normalizeString(t testing.TB, x Normalizer, s string) string {
	n := New(s)
	require.NoError(t, x.Normalize(n))
	return n.String()
}

// refUnicode is unicode_ref.txt.gz.
type refUnicode struct {
	maps map[string]map[rune]string
	sets map[string][][2]rune
}

func loadRefUnicode(t *testing.T) *refUnicode {
	d := &refUnicode{maps: map[string]map[rune]string{}, sets: map[string][][2]rune{}}
	var curMap map[rune]string
	curSet := ""
	hexRune := func(s string) rune {
		v, err := strconv.ParseUint(s, 16, 32)
		require.NoError(t, err)
		return rune(v)
	}
	for _, l := range readGzipLines(t, "testdata/unicode_ref.txt.gz") {
		f := strings.Fields(l)
		switch {
		case f[0] == "map":
			curMap, curSet = map[rune]string{}, ""
			d.maps[f[1]] = curMap
		case f[0] == "set":
			curMap, curSet = nil, f[1]
			d.sets[curSet] = [][2]rune{}
		case curMap != nil:
			var sb strings.Builder
			for _, x := range f[1:] {
				if x != "-" {
					sb.WriteRune(hexRune(x))
				}
			}
			curMap[hexRune(f[0])] = sb.String()
		default:
			d.sets[curSet] = append(d.sets[curSet], [2]rune{hexRune(f[0]), hexRune(f[1])})
		}
	}
	return d
}

func (d *refUnicode) in(set string, r rune) bool {
	for _, x := range d.sets[set] {
		if x[0] <= r && r <= x[1] {
			return true
		}
	}
	return false
}

func isSurrogate(r rune) bool { return r >= 0xD800 && r <= 0xDFFF }

// TestUnicodeSingleCodePoints checks every normalizer on every code point
// (every 13th in -short mode) against the reference.
func TestUnicodeSingleCodePoints(t *testing.T) {
	ref := loadRefUnicode(t)
	step := rune(1)
	if testing.Short() {
		step = 13
	}
	bertClean := &BertNormalizer{CleanText: true, StripAccents: new(false)}
	bertChinese := &BertNormalizer{HandleChineseChars: true, StripAccents: new(false)}
	bertAccents := &BertNormalizer{StripAccents: new(true)}
	maps := []struct {
		name string
		x    Normalizer
	}{
		{"nfd", NFD{}}, {"nfkd", NFKD{}}, {"nfc", NFC{}}, {"nfkc", NFKC{}},
		{"lowercase", Lowercase{}}, {"nmt", Nmt{}},
	}
	for _, m := range maps {
		require.NotNil(t, ref.maps[m.name], m.name)
	}
	for _, name := range []string{"bert_removed", "bert_space", "bert_chinese", "bert_nonspacing", "combining_mark", "whitespace"} {
		require.NotNil(t, ref.sets[name], name)
	}
	fails := 0
	check := func(what string, r rune, got, want string) {
		t.Helper()
		if got != want && fails < 20 {
			fails++
			t.Errorf("%s(%U) = %+q, want %+q", what, r, got, want)
		}
	}
	for r := rune(0); r <= utf8.MaxRune; r += step {
		if isSurrogate(r) {
			continue
		}
		s := string(r)
		if !isHangulSyllable(r) {
			for _, m := range maps {
				want, ok := ref.maps[m.name][r]
				if !ok {
					want = s
				}
				check(m.name, r, normalizeString(t, m.x, s), want)
			}
		}
		want := s
		switch {
		case ref.in("bert_removed", r):
			want = ""
		case ref.in("bert_space", r):
			want = " "
		}
		check("bert clean_text", r, normalizeString(t, bertClean, s), want)
		want = s
		if ref.in("bert_chinese", r) {
			want = " " + s + " "
		}
		check("bert handle_chinese_chars", r, normalizeString(t, bertChinese, s), want)
		if normalizeString(t, NFD{}, s) == s {
			want = s
			if ref.in("bert_nonspacing", r) {
				want = ""
			}
			check("bert strip_accents", r, normalizeString(t, bertAccents, s), want)
		}
		want = s
		if ref.in("combining_mark", r) {
			want = ""
		}
		check("StripAccents", r, normalizeString(t, StripAccents{}, s), want)
		want = s
		if ref.in("whitespace", r) {
			want = ""
		}
		check("Strip", r, normalizeString(t, Strip{Left: true, Right: true}, s), want)
	}
}

// TestChineseCharRanges checks isChineseChar over all code points against
// the reference's set.
func TestChineseCharRanges(t *testing.T) {
	ref := loadRefUnicode(t)
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if isChineseChar(r) != ref.in("bert_chinese", r) {
			t.Fatalf("isChineseChar(%U) = %v", r, isChineseChar(r))
		}
	}
}

// configNormalizer builds the normalizer of a configuration of
// testdata/gen/configs.json (a tokenizer.json normalizer).
func configNormalizer(t *testing.T, cfg map[string]any) Normalizer {
	t.Helper()
	b := func(k string) bool { return cfg[k].(bool) }
	switch cfg["type"] {
	case "NFD":
		return NFD{}
	case "NFKD":
		return NFKD{}
	case "NFC":
		return NFC{}
	case "NFKC":
		return NFKC{}
	case "Lowercase":
		return Lowercase{}
	case "StripAccents":
		return StripAccents{}
	case "Nmt":
		return Nmt{}
	case "ByteLevel":
		return ByteLevel{}
	case "Strip":
		return Strip{Left: b("strip_left"), Right: b("strip_right")}
	case "Prepend":
		return Prepend{Prefix: cfg["prepend"].(string)}
	case "BertNormalizer":
		x := &BertNormalizer{CleanText: b("clean_text"), HandleChineseChars: b("handle_chinese_chars"), Lowercase: b("lowercase")}
		if v, ok := cfg["strip_accents"].(bool); ok {
			x.StripAccents = &v
		}
		return x
	case "Replace":
		p := cfg["pattern"].(map[string]any)
		var rp ReplacePattern
		if v, ok := p["Regex"]; ok {
			rp = ReplacePattern{Value: v.(string), Regex: true}
		} else {
			rp = ReplacePattern{Value: p["String"].(string)}
		}
		x, err := NewReplace(rp, cfg["content"].(string))
		require.NoError(t, err)
		return x
	case "Sequence":
		var seq Sequence
		for _, c := range cfg["normalizers"].([]any) {
			seq = append(seq, configNormalizer(t, c.(map[string]any)))
		}
		return seq
	}
	t.Fatalf("unknown configuration %v", cfg)
	return nil
}

// charIndex maps every byte of s to the index of the character it is part
// of.
func charIndex(s string) []int {
	idx := make([]int, 0, len(s))
	i := 0
	for _, r := range s {
		for range utf8.RuneLen(r) {
			idx = append(idx, i)
		}
		i++
	}
	return idx
}

// charOffsets converts a byte span into the character offsets the
// reference's binding reports (its BytesToCharOffsetConverter), given the
// charIndex of the text: an end past the text is converted from the byte
// before it, and the span is left in bytes when its start is past the text.
func charOffsets(idx []int, sp Span) [2]int {
	at := func(b int) (int, bool) {
		if b < 0 || b >= len(idx) {
			return 0, false
		}
		return idx[b], true
	}
	start, ok := at(sp.Start)
	if !ok {
		return [2]int{sp.Start, sp.End}
	}
	if end, ok := at(sp.End); ok {
		return [2]int{start, end}
	}
	if last, ok := at(sp.End - 1); ok {
		return [2]int{start, last + 1}
	}
	return [2]int{start, start + 2}
}

// normalizeWithOffsets runs x over s and returns the normalized text and
// the character offsets of each normalized character.
func normalizeWithOffsets(t *testing.T, x Normalizer, s string) (string, [][2]int) {
	n := New(s)
	require.NoError(t, x.Normalize(n))
	var offs [][2]int
	idx := charIndex(s)
	b := n.Bytes()
	for i := 0; i < len(b); {
		_, sz := utf8.DecodeRune(b[i:])
		sp, ok := n.ToOriginal(i, i+sz)
		require.True(t, ok)
		offs = append(offs, charOffsets(idx, sp))
		i += sz
	}
	return n.String(), offs
}

func encodeOffsets(offs [][2]int) string {
	var sb strings.Builder
	prev := [2]int{}
	for _, o := range offs {
		switch {
		case o[0] == prev[1] && o[1] == prev[1]+1:
			sb.WriteByte('.')
		case o == prev:
			sb.WriteByte('=')
		default:
			fmt.Fprintf(&sb, "%d,%d;", o[0], o[1])
		}
		prev = o
	}
	return sb.String()
}

func hashOf(norm string, offs [][2]int) string {
	parts := make([]string, len(offs))
	for i, o := range offs {
		parts[i] = fmt.Sprintf("%d,%d", o[0], o[1])
	}
	h := sha256.Sum256([]byte(norm + "\n" + strings.Join(parts, ";")))
	return hex.EncodeToString(h[:])[:8]
}

// TestNormalizeReference compares normalized texts and alignments with the
// reference's.
func TestNormalizeReference(t *testing.T) {
	lines := readGzipLines(t, "testdata/normalize_ref.jsonl.gz")
	var head struct {
		Configs []map[string]any
		Texts   []struct {
			S string
			H bool
		}
	}
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &head))
	norms := make([]Normalizer, len(head.Configs))
	for i, c := range head.Configs {
		norms[i] = configNormalizer(t, c)
	}
	fails := 0
	for _, l := range lines[1:] {
		var row struct {
			C, T    int
			N, O, H string
		}
		require.NoError(t, json.Unmarshal([]byte(l), &row))
		text := head.Texts[row.T].S
		cfg, _ := json.Marshal(head.Configs[row.C])
		got, offs := normalizeWithOffsets(t, norms[row.C], text)
		if head.Texts[row.T].H {
			if h := hashOf(got, offs); h != row.H {
				t.Errorf("%s on text %d %.60q: hash %s, want %s (regenerate with testdata/gen/golden.js for details)", cfg, row.T, text, h, row.H)
				fails++
			}
		} else {
			if got != row.N {
				t.Errorf("%s on text %d %+.80q:\ngot  %+q\nwant %+q", cfg, row.T, text, got, row.N)
				fails++
			} else if o := encodeOffsets(offs); o != row.O {
				t.Errorf("%s on text %d %+.80q (%+q):\ngot offsets  %s\nwant offsets %s", cfg, row.T, text, got, o, row.O)
				fails++
			}
		}
		if fails >= 20 {
			t.Fatal("too many failures")
		}
	}
}
