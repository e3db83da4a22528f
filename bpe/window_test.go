package bpe

import (
	"encoding/base64"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/internal/bytelevel"
)

// The tests of window.go compare merging by windows with the reference's
// algorithm (Model.Tokenize's heap, or the textbook loop), with the default
// windows and with tiny ones, whose cuts fail often and land everywhere.

var testByteSymbols = func() (t [256]string) {
	for b := range 256 {
		t[b] = string(bytelevel.Chars[b])
	}
	return t
}()

func testMapBytes(w []byte) string {
	var sb strings.Builder
	for _, b := range w {
		sb.WriteString(testByteSymbols[b])
	}
	return sb.String()
}

// loadSharedModel builds the BPE model of /work/shared/tokenizers/NAME.
func loadSharedModel(t testing.TB, name string) *Model {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("/work/shared/tokenizers", name, "tokenizer.json"))
	if err != nil {
		t.Skip(err)
	}
	var doc struct {
		Model struct {
			Vocab        map[string]uint32 `json:"vocab"`
			Merges       json.RawMessage   `json:"merges"`
			UnkToken     *string           `json:"unk_token"`
			FuseUnk      bool              `json:"fuse_unk"`
			ByteFallback bool              `json:"byte_fallback"`
			IgnoreMerges bool              `json:"ignore_merges"`
		} `json:"model"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	d := doc.Model
	c := Config{Vocab: d.Vocab, FuseUnk: d.FuseUnk, ByteFallback: d.ByteFallback, IgnoreMerges: d.IgnoreMerges}
	if d.UnkToken != nil {
		c.UnkToken, c.HasUnkToken = *d.UnkToken, true
	}
	var strs []string
	if json.Unmarshal(d.Merges, &strs) == nil {
		for _, s := range strs {
			a, b, _ := strings.Cut(s, " ")
			c.Merges = append(c.Merges, [2]string{a, b})
		}
	} else {
		require.NoError(t, json.Unmarshal(d.Merges, &c.Merges))
	}
	m, err := New(c)
	require.NoError(t, err)
	return m
}

// tokenizeIDs returns the ids of m.Tokenize(word).
func tokenizeIDs(t *testing.T, m *Model, word string) []uint32 {
	t.Helper()
	toks, err := m.Tokenize(nil, word)
	require.NoError(t, err)
	ids := make([]uint32, len(toks))
	for i, tk := range toks {
		ids[i] = tk.ID
	}
	return ids
}

// hostileWords are long words of the kinds that defeat word caches and
// pre-tokenizers.
func hostileWords(r *rand.Rand, n int) map[string][]byte {
	letters := make([]byte, n)
	for i := range letters {
		letters[i] = byte('a' + r.IntN(26))
	}
	mixed := make([]byte, n)
	for i := range mixed {
		mixed[i] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;'\"-_=+\n"[r.IntN(73)]
	}
	raw := make([]byte, n)
	for i := range raw {
		raw[i] = byte(r.Uint32())
	}
	var cjk, scripts strings.Builder
	for cjk.Len() < n {
		cjk.WriteRune(rune(0x4E00 + r.IntN(0x5000)))
	}
	alphabet := []string{"é", "ж", "日", "本", "ー", "😀", "a", "ç", "ü", "ी", "ا"}
	for scripts.Len() < n {
		scripts.WriteString(alphabet[r.IntN(len(alphabet))])
	}
	return map[string][]byte{
		"repeated":  []byte(strings.Repeat("a", n)),
		"repeated=": []byte(strings.Repeat("=", n)),
		"spaces":    []byte(strings.Repeat(" ", n)),
		"letters":   letters,
		"mixed":     mixed,
		"base64":    []byte(base64.StdEncoding.EncodeToString(raw[:n*3/4])),
		"cjk":       []byte(strings.Repeat("中", n/3)),
		"cjkRandom": []byte(cjk.String()),
		"scripts":   []byte(scripts.String()),
		"bytes":     raw,
		"abab":      []byte(strings.Repeat("ab", n/2)),
		"digits":    []byte(strings.Repeat("1234567890", n/10)),
	}
}

// TestWindowsByteLevelReal checks ByteEncoder's merging by windows on the
// real byte-level vocabularies against Tokenize, and that the default
// windows succeed (no fallback to merging the word whole) on hostile
// words.
func TestWindowsByteLevelReal(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 3000
	}
	for _, name := range []string{"gpt2", "llama3", "gpt4o"} {
		t.Run(name, func(t *testing.T) {
			m := loadSharedModel(t, name)
			e, err := m.NewByteEncoder(&testByteSymbols)
			require.NoError(t, err)
			require.True(t, m.uniqueIDs)
			r := rand.New(rand.NewPCG(7, uint64(len(name))))
			var w window
			for kind, word := range hostileWords(r, n) {
				want := tokenizeIDs(t, m, testMapBytes(word))
				got, _, ok := windows(m, byteSource{e, word}, nil, nil, &w, defaultWindow)
				require.True(t, ok, "%s: the windows failed", kind)
				require.Equal(t, want, got, kind)
				require.Equal(t, want, e.AppendIDs(nil, word), kind)
				for _, p := range []windowParams{{8, 2}, {16, 4}, {40, 12}, {100, 30}} {
					require.Equal(t, want, e.mergeWindows(nil, word, p), "%s %v", kind, p)
				}
			}
		})
	}
}

// TestWindowsSentencePieceReal checks appendMergedIDs on llama2's
// vocabulary (characters as initial symbols, byte fallback for the
// others) against Tokenize.
func TestWindowsSentencePieceReal(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 3000
	}
	m := loadSharedModel(t, "llama2")
	require.True(t, m.uniqueIDs)
	r := rand.New(rand.NewPCG(3, 4))
	for kind, word := range hostileWords(r, n) {
		word = []byte(strings.ToValidUTF8(strings.ReplaceAll(string(word), " ", "▁"), "?"))
		want := tokenizeIDs(t, m, string(word))
		var s scratch
		require.NoError(t, m.initSymbols(&s, string(word)))
		ids := make([]uint32, len(s.syms))
		for i, sym := range s.syms {
			ids[i] = sym.id
		}
		require.Equal(t, want, m.appendMergedIDs(nil, ids), kind)
		for _, p := range []windowParams{{8, 2}, {16, 4}, {40, 12}} {
			require.Equal(t, want, mergeIDsOnly(m, ids, p), "%s %v", kind, p)
		}
	}
}

// randomMerges makes a random merge list over alphabet, in random order:
// a merge's result may be used by a merge of lower rank, a pair may be
// listed twice, and several merges may make one token.
func randomMerges(r *rand.Rand, alphabet []string, count, maxLen int) (map[string]uint32, [][2]string) {
	v := map[string]uint32{}
	toks := append([]string(nil), alphabet...)
	for _, a := range alphabet {
		v[a] = uint32(len(v))
	}
	var ms [][2]string
	for range count {
		a, b := toks[r.IntN(len(toks))], toks[r.IntN(len(toks))]
		if len(a)+len(b) > maxLen {
			continue
		}
		if _, ok := v[a+b]; !ok {
			v[a+b] = uint32(len(v))
			toks = append(toks, a+b)
		}
		ms = append(ms, [2]string{a, b})
	}
	// Shuffle part of the list: merges of tokens not made yet.
	for range len(ms) / 4 {
		i, j := r.IntN(len(ms)), r.IntN(len(ms))
		ms[i], ms[j] = ms[j], ms[i]
	}
	return v, ms
}

// TestWindowsSynthetic checks merging by windows against the textbook
// loop on random merge lists, some in natural order (each merge after
// those that make its tokens), some in odd orders, with tiny windows. Both
// outcomes of the cuts must happen.
func TestWindowsSynthetic(t *testing.T) {
	alphabet := []string{"a", "b", "c", "d", "é", "日"}
	var passed, failed int
	for iter := range 300 {
		r := rand.New(rand.NewPCG(uint64(iter), 5))
		v, ms := randomMerges(r, alphabet, 10+r.IntN(60), 4+r.IntN(12))
		if iter%2 == 0 {
			// Natural order: sort by the length of the result, which
			// puts the merges making a token before those using it.
			sortByLen(ms)
		}
		m, err := New(Config{Vocab: v, Merges: ms, CacheCapacity: -1})
		require.NoError(t, err)
		for range 10 {
			var ids []uint32
			var sb strings.Builder
			n := 1 + r.IntN(300)
			rep := r.IntN(3) == 0
			c := alphabet[r.IntN(len(alphabet))]
			for range n {
				if !rep {
					c = alphabet[r.IntN(len(alphabet))]
				}
				sb.WriteString(c)
				ids = append(ids, v[c])
			}
			word := sb.String()
			lens := make([]int, len(ids))
			want, _ := naiveMerge(m, append([]uint32(nil), ids...), lens)
			require.Equal(t, want, tokenizeIDs(t, m, word), "iter %d %q", iter, word)
			for _, p := range []windowParams{{2, 0}, {3, 1}, {6, 2}, {12, 3}, {30, 8}, defaultWindow} {
				got := mergeIDsOnly(m, ids, p)
				require.Equal(t, want, got, "iter %d %v %q", iter, p, word)
				var w window
				if _, _, ok := windows(m, idSource{m, ids}, nil, nil, &w, p); ok {
					passed++
				} else {
					failed++
				}
			}
		}
	}
	t.Logf("cuts passed %d, failed %d", passed, failed)
	require.Greater(t, passed, 100)
	require.Greater(t, failed, 100)
}

// TestWindowsByteEncoderSynthetic checks ByteEncoder's windows (with
// characters that start as one symbol) against Tokenize on random merge
// lists over the bytes of characters of 1 to 4 bytes.
func TestWindowsByteEncoderSynthetic(t *testing.T) {
	chars := []string{"a", "b", " ", "é", "ü", "ж", "日", "本", "ー", "😀"}
	for iter := range 100 {
		r := rand.New(rand.NewPCG(uint64(iter), 11))
		var alphabet []string
		v := map[string]uint32{}
		for _, sym := range testByteSymbols {
			v[sym] = uint32(len(v))
		}
		for _, c := range chars {
			for i := 0; i < len(c); i++ {
				alphabet = append(alphabet, testByteSymbols[c[i]])
			}
			alphabet = append(alphabet, testMapBytes([]byte(c)))
		}
		_, ms := randomMerges(r, alphabet, 40+r.IntN(80), 30)
		if iter%2 == 0 {
			sortByLen(ms)
		}
		for _, mg := range ms {
			for _, s := range []string{mg[0], mg[1], mg[0] + mg[1]} {
				if _, ok := v[s]; !ok {
					v[s] = uint32(len(v))
				}
			}
		}
		m, err := New(Config{Vocab: v, Merges: ms, CacheCapacity: -1})
		require.NoError(t, err)
		e, err := m.NewByteEncoder(&testByteSymbols)
		require.NoError(t, err)
		for range 10 {
			var w []byte
			for range 1 + r.IntN(200) {
				w = append(w, chars[r.IntN(len(chars))]...)
			}
			if r.IntN(4) == 0 {
				w[r.IntN(len(w))] = byte(r.Uint32()) // invalid UTF-8 too
			}
			want := tokenizeIDs(t, m, testMapBytes(w))
			for _, p := range []windowParams{{2, 0}, {5, 1}, {12, 3}, {40, 10}, defaultWindow} {
				require.Equal(t, want, e.mergeWindows(nil, w, p), "iter %d %v %q", iter, p, w)
			}
			require.Equal(t, want, e.AppendIDs(nil, w), "iter %d %q", iter, w)
		}
	}
}

// sortByLen orders merges by the length of their result (stable).
func sortByLen(ms [][2]string) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && utf8.RuneCountInString(ms[j][0]+ms[j][1]) < utf8.RuneCountInString(ms[j-1][0]+ms[j-1][1]); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

// TestWindowsTinyAlphabet searches many small merge lists over three
// letters (most in odd orders) and short words with windows of 2 to 6
// symbols for a word whose cuts pass but whose tokens differ from the
// textbook loop's. (Without the monotonicity test, it finds hundreds.)
func TestWindowsTinyAlphabet(t *testing.T) {
	alphabet := []string{"a", "b", "c"}
	iters := 30000
	if testing.Short() {
		iters = 3000
	}
	var w window
	passed := 0
	for iter := range iters {
		r := rand.New(rand.NewPCG(uint64(iter), 77))
		v, ms := randomMerges(r, alphabet, 5+r.IntN(20), 2+r.IntN(8))
		m, err := New(Config{Vocab: v, Merges: ms, CacheCapacity: -1})
		require.NoError(t, err)
		for range 5 {
			var ids []uint32
			for range 2 + r.IntN(20) {
				ids = append(ids, v[alphabet[r.IntN(len(alphabet))]])
			}
			want, _ := naiveMerge(m, append([]uint32(nil), ids...), make([]int, len(ids)))
			for _, p := range []windowParams{{2, 0}, {3, 0}, {3, 1}, {4, 1}, {5, 2}, {6, 2}} {
				got, _, ok := windows(m, idSource{m, ids}, nil, nil, &w, p)
				if ok {
					passed++
					require.Equal(t, want, got, "iter %d %v %v merges %v", iter, p, ids, ms)
				}
			}
		}
	}
	require.Greater(t, passed, iters)
}

// BenchmarkWindows merges 1 MB hostile words by windows.
func BenchmarkWindows(b *testing.B) {
	words := hostileWords(rand.New(rand.NewPCG(1, 2)), 1<<20)
	for _, name := range []string{"gpt2", "gpt4o"} {
		m := loadSharedModel(b, name)
		e, err := m.NewByteEncoder(&testByteSymbols)
		require.NoError(b, err)
		for _, kind := range []string{"repeated", "letters", "base64", "cjkRandom"} {
			word := words[kind]
			b.Run(name+"/"+kind, func(b *testing.B) {
				b.SetBytes(int64(len(word)))
				var dst []uint32
				for b.Loop() {
					dst = e.mergeWindows(dst[:0], word, defaultWindow)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(word)), "ns/byte")
			})
		}
	}
}

func mergeIDsOnly(m *Model, ids []uint32, p windowParams) []uint32 {
	dst, _ := m.mergeIDs(nil, nil, ids, p)
	return dst
}

// TestTokenizeWindows checks Tokenize on long words (merged by windows)
// against the heap, with offsets, on a real byte-level vocabulary and on
// llama2's (byte fallback, unknown characters).
func TestTokenizeWindows(t *testing.T) {
	for _, name := range []string{"gpt2", "llama2"} {
		m := loadSharedModel(t, name)
		r := rand.New(rand.NewPCG(9, 9))
		for kind, word := range hostileWords(r, 5000) {
			w := strings.ToValidUTF8(string(word), "\uFFFD")
			if name == "gpt2" {
				w = testMapBytes(word)
			}
			got, err := m.Tokenize(nil, w)
			require.NoError(t, err)
			var s scratch
			require.NoError(t, m.initSymbols(&s, w))
			require.Greater(t, len(s.syms), minWindowedSymbols)
			m.mergeAll(&s)
			var want []Token
			pos := 0
			for _, sym := range s.syms {
				if sym.len != 0 {
					want = append(want, Token{ID: sym.id, Start: pos, End: pos + int(sym.len)})
					pos += int(sym.len)
				}
			}
			require.Equal(t, want, got, "%s %s", name, kind)
		}
	}
}

// FuzzWindows builds a merge list over three letters and a word from the
// input, and checks merging by tiny windows against the textbook loop.
func FuzzWindows(f *testing.F) {
	f.Add([]byte("\x03\x05abcabcaabbcc"), []byte("abcabcabcaaaabbbbcccc"))
	f.Add([]byte("\x02\x00aabbaaab"), []byte("aaaaaaaaaaaaaaaaab"))
	f.Fuzz(func(t *testing.T, list, word []byte) {
		if len(list) < 2 || len(word) > 400 {
			return
		}
		size, margin := 2+int(list[0]%8), int(list[1]%3)
		alphabet := []string{"a", "b", "c"}
		v := map[string]uint32{"a": 0, "b": 1, "c": 2}
		toks := append([]string(nil), alphabet...)
		var ms [][2]string
		for i := 2; i+1 < len(list) && len(ms) < 40; i += 2 {
			a, b := toks[int(list[i])%len(toks)], toks[int(list[i+1])%len(toks)]
			if len(a)+len(b) > 8 {
				continue
			}
			if _, ok := v[a+b]; !ok {
				v[a+b] = uint32(len(v))
				toks = append(toks, a+b)
			}
			ms = append(ms, [2]string{a, b})
		}
		m, err := New(Config{Vocab: v, Merges: ms, CacheCapacity: -1})
		require.NoError(t, err)
		var ids []uint32
		for _, c := range word {
			ids = append(ids, uint32(c)%3)
		}
		want, _ := naiveMerge(m, append([]uint32(nil), ids...), make([]int, len(ids)))
		if len(want) == 0 {
			want = nil
		}
		got := mergeIDsOnly(m, ids, windowParams{size, margin})
		require.Equal(t, want, got, "merges %v", ms)
	})
}
