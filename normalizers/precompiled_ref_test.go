package normalizers

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// The tests in this file compare Precompiled with what the reference
// answers, recorded by testdata/precompiled/gen.js: ref.jsonl.gz (normalized
// texts and alignments) and graphemes.txt.gz (the clusters the probe
// charsmap shows around every code point).

// t5Charsmap returns the charsmap of t5-small, from the end-to-end case that
// holds it.
func t5Charsmap(t testing.TB) []byte {
	b, err := os.ReadFile("../testdata/synthetic/norm-precompiled-t5.json")
	require.NoError(t, err)
	var tok struct {
		Normalizer struct {
			PrecompiledCharsmap string `json:"precompiled_charsmap"`
		}
	}
	require.NoError(t, json.Unmarshal(b, &tok))
	data, err := base64.StdEncoding.DecodeString(tok.Normalizer.PrecompiledCharsmap)
	require.NoError(t, err)
	return data
}

// refCharsmaps returns the normalizers of the charsmaps gen.js used, by name.
func refCharsmaps(t testing.TB) map[string]*Precompiled {
	maps := readMaps(t)
	maps["t5"] = t5Charsmap(t)
	out := map[string]*Precompiled{}
	for name, data := range maps {
		p, err := NewPrecompiled(data)
		require.NoError(t, err, name)
		out[name] = p
	}
	return out
}

// sharedCorpusDir is the corpus of the shared folder, if it is there.
func sharedCorpusDir() string {
	if d := os.Getenv("TOKENIZERS_CORPUS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "corpus")
}

// pcNormalize runs p over s and returns the normalized text and the
// character offsets of each normalized character, like normalizeWithOffsets,
// faster.
func pcNormalize(p *Precompiled, s string) (string, [][2]int) {
	n := New(s)
	_ = p.Normalize(n)
	idx := charIndex(s)
	b := n.Bytes()
	offs := make([][2]int, 0, len(b))
	for i := 0; i < len(b); {
		_, sz := utf8.DecodeRune(b[i:])
		sp, _ := n.ToOriginal(i, i+sz)
		offs = append(offs, charOffsets(idx, sp))
		i += sz
	}
	return n.String(), offs
}

// pcText returns the text p makes of s through AppendNormalized (after a
// prefix that must stay untouched).
func pcText(p *Precompiled, s string) string {
	b := p.AppendNormalized([]byte("prefix"), []byte(strings.ToValidUTF8(s, "\ufffd")))
	if string(b[:6]) != "prefix" {
		return "prefix changed: " + string(b)
	}
	return string(b[6:])
}

// pcHash is hashOf, faster.
func pcHash(norm string, offs [][2]int) string {
	buf := make([]byte, 0, len(norm)+1+len(offs)*12)
	buf = append(buf, norm...)
	buf = append(buf, '\n')
	for i, o := range offs {
		if i > 0 {
			buf = append(buf, ';')
		}
		buf = strconv.AppendInt(buf, int64(o[0]), 10)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(o[1]), 10)
	}
	h := sha256.Sum256(buf)
	return hex.EncodeToString(h[:])[:8]
}

// TestPrecompiledReference compares normalized texts and alignments with the
// reference's.
func TestPrecompiledReference(t *testing.T) {
	lines := readGzipLines(t, "testdata/precompiled/ref.jsonl.gz")
	var head struct {
		Maps   []string
		Texts  []string
		Lines  int
		Blocks []struct {
			F    string
			I, N int
		}
	}
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &head))
	byName := refCharsmaps(t)
	maps := make([]*Precompiled, len(head.Maps))
	for i, name := range head.Maps {
		maps[i] = byName[name]
		require.NotNil(t, maps[i], name)
	}

	var corpus []string
	if b, err := os.ReadFile(filepath.Join(sharedCorpusDir(), "lines.jsonl")); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.TrimSpace(l) == "" {
				continue
			}
			var x struct{ Text string }
			require.NoError(t, json.Unmarshal([]byte(l), &x))
			corpus = append(corpus, x.Text)
		}
		require.Len(t, corpus, head.Lines)
	}
	fileLines := map[string][]string{}
	blockText := func(i int) (string, bool) {
		b := head.Blocks[i]
		ls, ok := fileLines[b.F]
		if !ok {
			data, err := os.ReadFile(filepath.Join(sharedCorpusDir(), b.F))
			if err != nil {
				fileLines[b.F] = nil
				return "", false
			}
			ls = strings.Split(string(data), "\n")
			fileLines[b.F] = ls
		}
		if ls == nil {
			return "", false
		}
		return strings.Join(ls[b.I:b.I+b.N], "\n"), true
	}

	fails, skipped := 0, 0
	for _, l := range lines[1:] {
		var row struct {
			M       int
			T, L, B *int
			N, O, H string
		}
		require.NoError(t, json.Unmarshal([]byte(l), &row))
		name := head.Maps[row.M]
		switch {
		case row.T != nil:
			text := head.Texts[*row.T]
			got, offs := pcNormalize(maps[row.M], text)
			if tx := pcText(maps[row.M], text); tx != got {
				t.Errorf("%s on text %d %+.80q: AppendNormalized %+q, Normalize %+q", name, *row.T, text, tx, got)
				fails++
			}
			if got != row.N {
				t.Errorf("%s on text %d %+.80q:\ngot  %+q\nwant %+q", name, *row.T, text, got, row.N)
				fails++
			} else if o := encodeOffsets(offs); o != row.O {
				t.Errorf("%s on text %d %+.80q (%+q):\ngot offsets  %s\nwant offsets %s", name, *row.T, text, got, o, row.O)
				fails++
			}
		case row.L != nil:
			if corpus == nil {
				skipped++
				continue
			}
			text := corpus[*row.L]
			norm, offs := pcNormalize(maps[row.M], text)
			if tx := pcText(maps[row.M], text); tx != norm {
				t.Errorf("%s on corpus line %d %.60q: AppendNormalized %+q, Normalize %+q", name, *row.L, text, tx, norm)
				fails++
			}
			if h := pcHash(norm, offs); h != row.H {
				t.Errorf("%s on corpus line %d %.60q: hash %s, want %s", name, *row.L, text, h, row.H)
				fails++
			}
		case row.B != nil:
			text, ok := blockText(*row.B)
			if !ok {
				skipped++
				continue
			}
			norm, offs := pcNormalize(maps[row.M], text)
			if tx := pcText(maps[row.M], text); tx != norm {
				t.Errorf("%s on block %d: AppendNormalized differs from Normalize", name, *row.B)
				fails++
			}
			if h := pcHash(norm, offs); h != row.H {
				b := head.Blocks[*row.B]
				t.Errorf("%s on %s lines %d..%d: hash %s, want %s", name, b.F, b.I, b.I+b.N, h, row.H)
				fails++
			}
		}
		if fails >= 20 {
			t.Fatal("too many failures")
		}
	}
	if skipped > 0 {
		t.Logf("%d corpus answers skipped: no corpus in %s", skipped, sharedCorpusDir())
	}
}

// probeTexts are the texts around c of gen.js's probes, in the same order.
func probeTexts(c string) []string {
	return []string{
		"a" + c, c + "a", "\u0600" + c, "©\u200d" + c,
		"\u1100" + c + "\u0300", "\u1161" + c + "\u0300", "\u11a8" + c + "\u0300", "가" + c + "\u0300", "각" + c + "\u0300",
		"क्" + c + "\u0300", "क" + c + "क\u0300", "क्" + c + "क\u0300", "©" + c + "\u200d©\u0300", "\r" + c, c + "\u0300",
	}
}

// probeSignature returns what the probe charsmap shows of the clusters of
// the probes of c, as gen.js writes it: the size in characters of each
// normalized character's span, probe by probe.
func probeSignature(p *Precompiled, c rune, sc *Scratch, buf []byte) []byte {
	var n NormalizedString
	for i, s := range probeTexts(string(c)) {
		if i > 0 {
			buf = append(buf, '|')
		}
		sc.Reset()
		n.Reset(s, 0, len(s), sc)
		_ = p.Normalize(&n)
		b := n.Bytes()
		for j := 0; j < len(b); {
			_, sz := utf8.DecodeRune(b[j:])
			sp, _ := n.ToOriginal(j, j+sz)
			buf = strconv.AppendInt(buf, int64(utf8.RuneCountInString(s[sp.Start:sp.End])), 10)
			j += sz
		}
	}
	return buf
}

// TestPrecompiledGraphemes checks the clusters around every code point (every
// 7th in -short mode) against the reference's, as the probe charsmap shows
// them.
func TestPrecompiledGraphemes(t *testing.T) {
	p := refCharsmaps(t)["probe"]
	step := rune(1)
	if testing.Short() {
		step = 7
	}
	fails := 0
	covered := 0
	var sc Scratch
	buf := make([]byte, 0, 128)
	for _, l := range readGzipLines(t, "testdata/precompiled/graphemes.txt.gz") {
		f := strings.SplitN(l, " ", 3)
		require.Len(t, f, 3)
		lo, err := strconv.ParseUint(f[0], 16, 32)
		require.NoError(t, err)
		hi, err := strconv.ParseUint(f[1], 16, 32)
		require.NoError(t, err)
		for c := rune(lo); c <= rune(hi); c++ {
			covered++
			if c%step != 0 && c != rune(lo) && c != rune(hi) {
				continue
			}
			if got := probeSignature(p, c, &sc, buf[:0]); string(got) != f[2] {
				t.Errorf("%U: got %s, want %s", c, got, f[2])
				if fails++; fails >= 20 {
					t.Fatal("too many failures")
				}
			}
		}
	}
	require.Equal(t, utf8.MaxRune+1-0x800, rune(covered), "code points covered")
}
