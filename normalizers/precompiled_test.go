package normalizers

import (
	"bufio"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// TestGraphemeBreakTest checks the segmenter on the cases of Unicode's
// GraphemeBreakTest.txt (the only check of what the reference's
// normalization cannot show, such as regional indicator pairs).
func TestGraphemeBreakTest(t *testing.T) {
	f, err := os.Open("testdata/precompiled/grapheme_break_test.txt")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		var rs []rune
		var want []bool // boundary before each character
		brk := true
		for _, f := range strings.Fields(line) {
			switch f {
			case "÷":
				brk = true
			case "×":
				brk = false
			default:
				v, err := strconv.ParseUint(f, 16, 32)
				require.NoError(t, err)
				rs = append(rs, rune(v))
				want = append(want, brk)
			}
		}
		var seg graphemeSegmenter
		for i, r := range rs {
			require.Equal(t, want[i], seg.next(graphemeProps(r)), "%s: before character %d", line, i)
		}
		n++
	}
	require.NoError(t, sc.Err())
	require.Greater(t, n, 700)
}

// rawCharsmap assembles a charsmap from its units and replacement blob.
func rawCharsmap(units []uint32, blob string) []byte {
	out := binary.LittleEndian.AppendUint32(nil, uint32(4*len(units)))
	for _, u := range units {
		out = binary.LittleEndian.AppendUint32(out, u)
	}
	return append(out, blob...)
}

// patchLeaf sets the value of the only leaf of a charsmap made by
// buildCharsmap with one key.
func patchLeaf(t *testing.T, cm []byte, v uint32) []byte {
	cm = append([]byte(nil), cm...)
	n := int(binary.LittleEndian.Uint32(cm)) / 4
	found := 0
	for i := range n {
		u := binary.LittleEndian.Uint32(cm[4+4*i:])
		if u&(1<<31) != 0 {
			binary.LittleEndian.PutUint32(cm[4+4*i:], 1<<31|v)
			found++
		}
	}
	require.Equal(t, 1, found)
	return cm
}

func TestNewPrecompiledInvalid(t *testing.T) {
	one := func(key, repl string) []byte { return buildCharsmap(map[string]string{key: repl}) }
	// A root whose edge "a" (at unit 1^'a') leads to a value at unit 300.
	leafOut := make([]uint32, 256)
	leafOut[0] = 1 << 10
	leafOut[1^'a'] = 'a' | 1<<8 | uint32((1^'a')^300)<<10
	for name, cm := range map[string][]byte{
		"empty":             {},
		"no trie size":      {4, 0, 0},
		"trie too long":     {8, 0, 0, 0, 0, 0, 0, 0},
		"empty trie":        {0, 0, 0, 0},
		"empty trie, blob":  {3, 0, 0, 0, 'a', 0},
		"invalid blob":      append(one("a", "b"), 0xFF),
		"root out":          rawCharsmap([]uint32{256 << 10}, ""),
		"root half out":     rawCharsmap(append([]uint32{0}, make([]uint32, 100)...), ""),
		"value out":         rawCharsmap(leafOut, "x"),
		"value past blob":   patchLeaf(t, one("a", "b"), 3),
		"value in char":     patchLeaf(t, one("a", "é"), 1),
		"4-byte key value":  patchLeaf(t, one("\u00e9\u00e9", "x"), 100),
		"4-byte value past": patchLeaf(t, one("😀", "x"), 10),
		"5-byte key value":  patchLeaf(t, one("a\U0001F600", "x"), 10),
	} {
		_, err := NewPrecompiled(cm)
		require.ErrorIs(t, err, ErrPrecompiledCharsmap, name)
	}

	for name, cm := range map[string][]byte{
		// The value is at the end of the blob: an empty replacement.
		"value at end": patchLeaf(t, one("a", "b"), 2),
		// Only bytes that cannot start a character lead out.
		"invalid bytes out": rawCharsmap(make([]uint32, 0xF5), ""),
		// A key of 6 bytes is never looked up.
		"6-byte key": patchLeaf(t, one("\u00e9\u00e9\u00e9", "x"), 100),
		// Nor is one holding invalid UTF-8.
		"invalid key": patchLeaf(t, one("\xff\xfe", "x"), 100),
		"trie size not a multiple of 4": append(one("a", "b")[:0:0], func() []byte {
			cm := one("a", "b")
			binary.LittleEndian.PutUint32(cm, binary.LittleEndian.Uint32(cm)+3)
			return cm
		}()...),
	} {
		p, err := NewPrecompiled(cm)
		require.NoError(t, err, name)
		// Whatever it does, it does not fail.
		for _, s := range []string{"", "a", "ab", "é", "aé😀", "\xff"} {
			n := New(s)
			require.NoError(t, p.Normalize(n))
		}
	}
	p, err := NewPrecompiled(patchLeaf(t, one("a", "b"), 2))
	require.NoError(t, err)
	require.Equal(t, "xy", normalizeString(t, p, "xay"))
}

func TestPrecompiledCharsMap(t *testing.T) {
	cm := t5Charsmap(t)
	p, err := NewPrecompiled(cm)
	require.NoError(t, err)
	require.Equal(t, cm, p.CharsMap())
	// A trie size that is not a multiple of 4 is kept as it is.
	odd := buildCharsmap(map[string]string{"a": "b"})
	binary.LittleEndian.PutUint32(odd, binary.LittleEndian.Uint32(odd)+2)
	p, err = NewPrecompiled(odd)
	require.NoError(t, err)
	require.Equal(t, odd, p.CharsMap())
}

func TestPrecompiledLookup(t *testing.T) {
	p, err := NewPrecompiled(buildCharsmap(craftedRules()))
	require.NoError(t, err)
	for key, want := range map[string]string{
		"a": "1", "ab": "1", "abc": "1", "e\u0301\u0302": "é", "e": "", "klmnop": "KL", "kl": "KL", "k": "",
		"\r\n": "<CR>", "👍🏽": "", "x": "", "\x00a": "", "a\x00": "1",
	} {
		got, ok := p.lookup([]byte(key))
		require.Equal(t, want != "" || key == "x" || key == "👍🏽", ok, "%+q", key)
		require.Equal(t, want, string(got), "%+q", key)
	}
}

// naivePrecompiled normalizes n as the reference does, step by step: the
// list of (character, change) pairs of every cluster, then a Transform.
func naivePrecompiled(p *Precompiled, n *NormalizedString) {
	s := string(n.Bytes())
	var changes []Change
	modified := false
	replace := func(old string, repl []byte) {
		diff := utf8.RuneCount(repl) - utf8.RuneCountInString(old)
		for _, r := range string(repl) {
			changes = append(changes, Change{Rune: r})
		}
		switch {
		case diff > 0:
			for i := len(changes) - diff; i < len(changes); i++ {
				changes[i].Delta = 1
			}
		case diff < 0 && len(changes) > 0:
			changes[len(changes)-1].Delta += diff
		}
	}
	var seg graphemeSegmenter
	var clusters []string
	start := 0
	for i, r := range s {
		if seg.next(graphemeProps(r)) && i > 0 {
			clusters = append(clusters, s[start:i])
			start = i
		}
	}
	if start < len(s) {
		clusters = append(clusters, s[start:])
	}
	for _, g := range clusters {
		if len(g) < 6 {
			if repl, ok := p.lookup([]byte(g)); ok {
				modified = true
				replace(g, repl)
				continue
			}
		}
		for _, c := range g {
			if repl, ok := p.lookup([]byte(string(c))); ok {
				modified = true
				replace(string(c), repl)
			} else {
				changes = append(changes, Change{Rune: c})
			}
		}
	}
	if modified {
		n.Transform(changes, 0)
	}
}

// sameNormalized reports the first difference between a and b.
func sameNormalized(t *testing.T, a, b *NormalizedString, what string) {
	t.Helper()
	require.Equal(t, string(b.norm), string(a.norm), what)
	require.Equal(t, b.align, a.align, "%s: alignments of %+q", what, b.norm)
}

// checkAgainstNaive normalizes s with p, directly and after other
// normalizers (so that the text is not wholly transformed), and compares
// with naivePrecompiled.
func checkAgainstNaive(t *testing.T, p *Precompiled, s string) {
	t.Helper()
	prep := Prepend{Prefix: "▁"}
	rm, _ := NewReplace(ReplacePattern{Value: "a"}, "")
	for _, before := range []Normalizer{nil, prep, rm, Sequence{prep, rm}} {
		a, b := New(s), New(s)
		if before != nil {
			require.NoError(t, before.Normalize(a))
			require.NoError(t, before.Normalize(b))
		}
		require.NoError(t, p.Normalize(a))
		naivePrecompiled(p, b)
		if before == nil {
			require.Equal(t, string(b.norm), pcText(p, s), "AppendNormalized of %+q", s)
		}
		sameNormalized(t, a, b, strconv.Quote(s))
		checkInvariants(t, a, len(s))
		// And on a slice of the result.
		if a.Len() > 1 {
			_, sz := utf8.DecodeRune(a.Bytes())
			sa, _ := a.Slice(sz, a.Len())
			sb, _ := b.Slice(sz, b.Len())
			require.NoError(t, p.Normalize(&sa))
			naivePrecompiled(p, &sb)
			sameNormalized(t, &sa, &sb, "slice of "+strconv.Quote(s))
		}
	}
}

// hardChars are characters that matter to clusters or to the test charsmaps.
var hardChars = []rune("abexyzmkloqutiwAQT \r\n\t\x00\x01\x02\x03\x7f" +
	"\u0300\u0301\u0302\u0303\u0307\u0308\u20dd\u093c\u200d\u200c\ufe0f\u0903\u0d4e\u0600" +
	"👍😀🏽❤©🇦🇨\u1100\u1161\u11a8가각\u0915\u094d\u0937ﬁäéüñ①中\u3000\u00a0\u2003\u0130ª\u0085\u200b\ufeff\u00ad\uff76\uff9e\U000E0020\U000E0001")

func TestPrecompiledNaive(t *testing.T) {
	maps := refCharsmaps(t)
	rng := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for name, p := range maps {
		t.Run(name, func(t *testing.T) {
			for range n {
				rs := make([]rune, 1+rng.IntN(12))
				for i := range rs {
					rs[i] = hardChars[rng.IntN(len(hardChars))]
				}
				checkAgainstNaive(t, p, string(rs))
			}
			for _, s := range []string{"", "a", "xxabc", "\x01abc", "Hello, world\r\n" + strings.Repeat("ab ", 50) + "é\u0301x"} {
				checkAgainstNaive(t, p, s)
			}
		})
	}
}

func FuzzPrecompiled(f *testing.F) {
	for _, s := range []string{"\x01abc", "a\x01bc", "ª\u0300x", "ﬁ\u0301", "a\r\nb", "xxabc yx", "👍🏽 🇦🇨🇦 क्ष 가\u0301"} {
		f.Add(s)
	}
	ps := []*Precompiled{}
	for _, rules := range testMaps() {
		p, err := NewPrecompiled(buildCharsmap(rules))
		if err != nil {
			f.Fatal(err)
		}
		ps = append(ps, p)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			// New reads invalid bytes as U+FFFD; the naive version
			// works on the normalized text, so this is covered too,
			// but keep failures readable.
			s = strings.ToValidUTF8(s, "\ufffd")
		}
		for _, p := range ps {
			checkAgainstNaive(t, p, s)
		}
	})
}

func TestPrecompiledAllocs(t *testing.T) {
	p := refCharsmaps(t)["t5"]
	for _, s := range []string{
		"Hello world, nothing to change here. Ünïcödé 中文",
		"Tabs\tand\nnewlines\r\n change, ﬁ too, and ª\u0300 and ①\x01",
	} {
		var sc Scratch
		var n NormalizedString
		allocs := testing.AllocsPerRun(100, func() {
			sc.Reset()
			n.Reset(s, 0, len(s), &sc)
			_ = p.Normalize(&n)
		})
		require.Zero(t, allocs, "%q", s)
	}
}

func BenchmarkPrecompiled(b *testing.B) {
	texts := benchTexts(b)
	p := refCharsmaps(&testing.T{})["t5"]
	en, err := os.ReadFile(sharedCorpusDir() + "/en.txt")
	if err == nil {
		texts["en"] = string(en)
	}
	ml, err := os.ReadFile(sharedCorpusDir() + "/multilingual.txt")
	if err == nil {
		texts["multilingual"] = string(ml)
	}
	texts["ascii-nochange"] = strings.Map(func(r rune) rune {
		if r < ' ' {
			return ' '
		}
		return r
	}, texts["ascii"])
	for _, in := range []string{"ascii", "ascii-nochange", "mixed", "en", "multilingual"} {
		s, ok := texts[in]
		if !ok {
			continue
		}
		b.Run("t5/"+in, func(b *testing.B) {
			var scratch Scratch
			var n NormalizedString
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for b.Loop() {
				scratch.Reset()
				n.Reset(s, 0, len(s), &scratch)
				if err := p.Normalize(&n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
