package bpe_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/bpe"
	"github.com/seed6642460b/tokenizers/internal/bytelevel"
	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
)

// byteSymbols is GPT-2's byte alphabet.
var byteSymbols = func() (t [256]string) {
	for b := range 256 {
		t[b] = string(bytelevel.Chars[b])
	}
	return t
}()

// mapBytes returns the byte-level text of raw bytes.
func mapBytes(w []byte) string {
	var sb strings.Builder
	for _, b := range w {
		sb.WriteString(byteSymbols[b])
	}
	return sb.String()
}

// checkByteEncoder compares ByteEncoder.AppendIDs with Model.Tokenize on
// words, several times each (the second pass hits the cache).
func checkByteEncoder(t *testing.T, m *bpe.Model, words [][]byte) {
	t.Helper()
	e, err := m.NewByteEncoder(&byteSymbols)
	require.NoError(t, err)
	complete := true
	for _, sym := range byteSymbols {
		if _, ok := m.TokenToID(sym); !ok {
			complete = false
		}
	}
	var toks []bpe.Token
	var got []uint32
	for pass := range 2 {
		for _, w := range words {
			if !complete && !utf8.Valid(w) {
				continue // unspecified
			}
			toks, err = m.Tokenize(toks[:0], mapBytes(w))
			require.NoError(t, err)
			want := make([]uint32, len(toks))
			for i, tk := range toks {
				want[i] = tk.ID
			}
			got = e.AppendIDs(got[:0], w)
			if len(want) == 0 {
				want = nil
			}
			if len(got) == 0 {
				got = nil
			}
			require.Equal(t, want, got, "pass %d, word %q", pass, w)
		}
	}
}

// randomWords makes words of the bytes of alphabet, of lengths up to max.
func randomWords(r *rand.Rand, alphabet string, n, maxLen int) [][]byte {
	words := make([][]byte, n)
	for i := range words {
		w := make([]byte, 1+r.IntN(maxLen))
		for j := range w {
			w[j] = alphabet[r.IntN(len(alphabet))]
		}
		words[i] = w
	}
	return words
}

// byteLevelVocab returns a vocabulary of the 256 byte symbols plus tokens.
func byteLevelVocab(tokens ...string) map[string]uint32 {
	v := map[string]uint32{}
	for _, s := range byteSymbols {
		v[s] = uint32(len(v))
	}
	for _, s := range tokens {
		if _, ok := v[s]; !ok {
			v[s] = uint32(len(v))
		}
	}
	return v
}

func TestByteEncoderSynthetic(t *testing.T) {
	// Merges over "abc" with several merges making the same token, in an
	// order that makes stale heap entries matter.
	ms := [][2]string{
		{"a", "b"}, {"b", "c"}, {"a", "a"}, {"ab", "c"}, {"a", "bc"}, {"aa", "a"},
		{"a", "aa"}, {"c", "c"}, {"abc", "abc"}, {"aa", "aa"}, {"b", "b"}, {"bb", "bb"},
		{"cc", "a"}, {"a", "bb"}, {"abb", "c"}, {"ab", "bc"}, {"aaa", "a"}, {"a", "aaa"},
	}
	var toks []string
	for _, m := range ms {
		toks = append(toks, m[0], m[1], m[0]+m[1])
	}
	r := rand.New(rand.NewPCG(1, 2))
	words := randomWords(r, "abc", 3000, 80)
	words = append(words, []byte("ab"), []byte("aaaa"), []byte("abcabc"), []byte("\x00\xff"))
	// Tokens sharing ids: a merge's pair may then change and still
	// merge into the entry's id, which the reference applies.
	shared := byteLevelVocab(toks...)
	shared["abc"] = shared["ab"]
	shared["aaaa"] = shared["aa"]
	shared["bcc"] = shared["bb"]
	// With "ab" and "abc" one id, the entry of (a, b) applies to the pair
	// (a, bc) at its own rank, before (bc, d): abcd is abc d, not a bcd.
	ms2 := [][2]string{{"b", "c"}, {"a", "b"}, {"bc", "d"}, {"a", "bc"}, {"abc", "d"}}
	shared2 := byteLevelVocab("bc", "ab", "bcd", "abc", "abcd")
	shared2["abc"] = shared2["ab"]
	words = append(words, []byte("abcd"), []byte("abcdabcd"))
	noB := byteLevelVocab("ac", "cc", "aa", "acc")
	delete(noB, byteSymbols['b'])
	delete(noB, byteSymbols[0xFF])
	for _, c := range []bpe.Config{
		{Vocab: byteLevelVocab(toks...), Merges: ms},
		{Vocab: byteLevelVocab(toks...), Merges: ms, IgnoreMerges: true},
		{Vocab: byteLevelVocab(toks...), Merges: ms, CacheCapacity: -1},
		{Vocab: byteLevelVocab(append(toks, "abcabc", "ccc")...), Merges: ms, IgnoreMerges: true},
		{Vocab: byteLevelVocab()},
		{Vocab: shared, Merges: ms},
		{Vocab: shared, Merges: ms, IgnoreMerges: true},
		{Vocab: shared2, Merges: ms2},
		// Without the symbols of b and \xff (which valid UTF-8 never
		// has), the model drops the b: the a and c around it merge.
		{Vocab: noB, Merges: [][2]string{{"a", "c"}, {"c", "c"}, {"a", "a"}, {"ac", "c"}}},
		{Vocab: noB, Merges: [][2]string{{"a", "c"}}, UnkToken: "a", HasUnkToken: false, CacheCapacity: -1},
	} {
		m, err := bpe.New(c)
		require.NoError(t, err)
		checkByteEncoder(t, m, words)
	}
}

func TestByteEncoderErrors(t *testing.T) {
	m, err := bpe.New(bpe.Config{Vocab: byteLevelVocab()})
	require.NoError(t, err)
	bad := byteSymbols
	bad[3] = "xy"
	_, err = m.NewByteEncoder(&bad)
	require.ErrorIs(t, err, bpe.ErrNotByteLevel)
	bad = byteSymbols
	bad[3] = bad[4]
	_, err = m.NewByteEncoder(&bad)
	require.ErrorIs(t, err, bpe.ErrNotByteLevel)
	bad = byteSymbols
	bad[3] = "é"
	_, err = m.NewByteEncoder(&bad)
	require.ErrorIs(t, err, bpe.ErrNotByteLevel)
	missingQ := byteLevelVocab()
	delete(missingQ, byteSymbols['q'])
	for _, c := range []bpe.Config{
		{Vocab: byteLevelVocab(), Dropout: 0.5},
		{Vocab: byteLevelVocab(), ContinuingSubwordPrefix: "##"},
		{Vocab: byteLevelVocab(), EndOfWordSuffix: "</w>"},
		{Vocab: missingQ, UnkToken: "a", HasUnkToken: true},
	} {
		m, err := bpe.New(c)
		require.NoError(t, err)
		_, err = m.NewByteEncoder(&byteSymbols)
		require.ErrorIs(t, err, bpe.ErrNotByteLevel, "%+v", c)
	}
}

// realWords cuts a corpus file into words as GPT-2 roughly does, keeping
// raw bytes, plus random byte strings.
func realWords(t *testing.T, corpus string, limit int) [][]byte {
	data, err := os.ReadFile(filepath.Join("/work/shared/corpus", corpus+".txt"))
	if err != nil {
		t.Skip(err)
	}
	text := string(data[:min(len(data), limit)])
	var words [][]byte
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' }) {
		for len(w) > 0 {
			n := min(len(w), 1+len(words)%40)
			words = append(words, []byte(w[:n]))
			w = w[n:]
		}
	}
	return words
}

func TestByteEncoderReal(t *testing.T) {
	limit := 200 << 10
	if testing.Short() {
		limit = 20 << 10
	}
	for _, name := range []string{"gpt2", "llama3"} {
		t.Run(name, func(t *testing.T) {
			m := loadRealModel(t, name)
			r := rand.New(rand.NewPCG(3, 4))
			words := randomWords(r, " \t\nabcdeéfghijklmnopqrstuvwxyz0123456789日本語", 2000, 100)
			for _, c := range []string{"en", "multilingual", "code"} {
				words = append(words, realWords(t, c, limit)...)
			}
			checkByteEncoder(t, m, words)
		})
	}
}

func TestByteEncoderConcurrent(t *testing.T) {
	ms := [][2]string{{"a", "b"}, {"b", "c"}, {"ab", "c"}, {"c", "c"}, {"abc", "abc"}}
	m, err := bpe.New(bpe.Config{Vocab: byteLevelVocab("ab", "bc", "abc", "cc", "abcabc"), Merges: ms, CacheCapacity: 1024})
	require.NoError(t, err)
	e, err := m.NewByteEncoder(&byteSymbols)
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(5, 6))
	words := randomWords(r, "abc", 5000, 20)
	want := make([][]uint32, len(words))
	for i, w := range words {
		toks, err := m.Tokenize(nil, mapBytes(w))
		require.NoError(t, err)
		for _, tk := range toks {
			want[i] = append(want[i], tk.ID)
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var got []uint32
			for k := range 3 * len(words) {
				i := (k*7 + g*13) % len(words)
				got = e.AppendIDs(got[:0], words[i])
				if !slicesEqual(got, want[i]) {
					t.Errorf("word %q: got %v, want %v", words[i], got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}

func slicesEqual(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestByteEncoderAllocs(t *testing.T) {
	if bpe.RaceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	m := loadRealModel(t, "gpt2")
	e, err := m.NewByteEncoder(&byteSymbols)
	require.NoError(t, err)
	defer debug.SetGCPercent(debug.SetGCPercent(-1)) // a collection empties the pool
	dst := make([]uint32, 0, 256)
	long := []byte(strings.Repeat("supercalifragilistic", 5))
	for _, w := range [][]byte{[]byte(" hello"), []byte(" antidisestablishment"), long} {
		allocs := testing.AllocsPerRun(100, func() { dst = e.AppendIDs(dst[:0], w) })
		require.Zero(t, allocs, "word %q", w)
	}
}

// scannedWords cuts a corpus file with Llama 3's pre-tokenizer.
func scannedWords(tb testing.TB, corpus string) ([][]byte, int) {
	data, err := os.ReadFile(filepath.Join("/work/shared/corpus", corpus+".txt"))
	if err != nil {
		tb.Skip(err)
	}
	sp, err := pretokenizers.NewSplitRegex(`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`, normalizers.Isolated, false)
	if err != nil {
		tb.Fatal(err)
	}
	scan, _ := sp.Scanner()
	var words [][]byte
	for i := 0; i < len(data); {
		e := scan(data, i)
		words = append(words, data[i:e])
		i = e
	}
	return words, len(data)
}

func BenchmarkByteEncoder(b *testing.B) {
	for _, name := range []string{"gpt2", "gpt2-nocache", "llama3", "llama3-nocache"} {
		m := loadRealModel(b, name)
		e, err := m.NewByteEncoder(&byteSymbols)
		if err != nil {
			b.Fatal(err)
		}
		for _, corpus := range []string{"en", "multilingual", "code"} {
			words, size := scannedWords(b, corpus)
			b.Run(name+"/"+corpus, func(b *testing.B) {
				b.SetBytes(int64(size))
				b.ReportAllocs()
				dst := make([]uint32, 0, 1024)
				for b.Loop() {
					for _, w := range words {
						dst = e.AppendIDs(dst[:0], w)
					}
				}
			})
		}
	}
}

// TestByteEncoderRandomMerges checks the encoder against Tokenize with
// random merge lists over the bytes of a few characters of 1 to 4 bytes, so
// that merges inside characters, across them, and of whole characters with
// their neighbours come in every order (which decides whether a character
// may start as one symbol).
func TestByteEncoderRandomMerges(t *testing.T) {
	chars := []string{"a", "b", " ", "é", "ü", "ж", "日", "本", "語", "ー", "😀"}
	var alphabet []byte
	for _, c := range chars {
		alphabet = append(alphabet, c...)
	}
	for seed := range uint64(100) {
		r := rand.New(rand.NewPCG(seed, 99))
		vocab := byteLevelVocab()
		toks := []string{}
		for _, b := range alphabet {
			toks = append(toks, byteSymbols[b])
		}
		for _, c := range chars {
			toks = append(toks, mapBytes([]byte(c)))
		}
		var ms [][2]string
		seen := map[[2]string]bool{}
		for range 40 + r.IntN(80) {
			var a, b string
			if r.IntN(3) == 0 {
				// A merge inside a character.
				c := []byte(chars[r.IntN(len(chars))])
				if len(c) < 2 {
					continue
				}
				k := 1 + r.IntN(len(c)-1)
				a, b = mapBytes(c[:k]), mapBytes(c[k:])
			} else {
				a, b = toks[r.IntN(len(toks))], toks[r.IntN(len(toks))]
			}
			if seen[[2]string{a, b}] || len(a)+len(b) > 40 {
				continue
			}
			seen[[2]string{a, b}] = true
			for _, s := range []string{a, b, a + b} {
				if _, ok := vocab[s]; !ok {
					vocab[s] = uint32(len(vocab))
					toks = append(toks, s)
				}
			}
			ms = append(ms, [2]string{a, b})
		}
		m, err := bpe.New(bpe.Config{Vocab: vocab, Merges: ms})
		require.NoError(t, err)
		var words [][]byte
		for range 300 {
			var w []byte
			for range 1 + r.IntN(30) {
				w = append(w, chars[r.IntN(len(chars))]...)
			}
			words = append(words, w)
		}
		checkByteEncoder(t, m, words)
	}
}
