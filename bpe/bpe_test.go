package bpe

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// tokenStrings returns "token@start:end" for each token.
func tokenStrings(t *testing.T, m *Model, toks []Token) []string {
	t.Helper()
	out := make([]string, len(toks))
	for i, tok := range toks {
		s, ok := m.IDToToken(tok.ID)
		require.True(t, ok, "id %d", tok.ID)
		out[i] = fmt.Sprintf("%s@%d:%d", s, tok.Start, tok.End)
	}
	return out
}

func mustNew(t *testing.T, c Config) *Model {
	t.Helper()
	m, err := New(c)
	require.NoError(t, err)
	return m
}

func vocabOf(tokens ...string) map[string]uint32 {
	v := make(map[string]uint32, len(tokens))
	for i, s := range tokens {
		v[s] = uint32(i)
	}
	return v
}

func merges(s ...string) [][2]string {
	out := make([][2]string, len(s))
	for i, m := range s {
		a, b, _ := strings.Cut(m, " ")
		out[i] = [2]string{a, b}
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name   string
		config Config
		words  map[string][]string // word -> "token@start:end"...
	}{
		{
			name: "merge order",
			config: Config{
				Vocab:  vocabOf("a", "b", "c", "d", "ab", "bc", "cd", "abcd", "bcd"),
				Merges: merges("c d", "b c", "a b", "b cd", "ab cd"),
			},
			words: map[string][]string{
				"abcd": {"abcd@0:4"},
				"bcd":  {"bcd@0:3"},
				"abc":  {"a@0:1", "bc@1:3"},
				"dcba": {"d@0:1", "c@1:2", "b@2:3", "a@3:4"},
			},
		},
		{
			name: "leftmost first among equal ranks",
			config: Config{
				Vocab:  vocabOf("a", "aa", "aaa"),
				Merges: merges("a a", "aa a"),
			},
			words: map[string][]string{
				"aaa":   {"aaa@0:3"},
				"aaaa":  {"aa@0:2", "aa@2:4"},
				"aaaaa": {"aa@0:2", "aaa@2:5"},
			},
		},
		{
			name: "unknown characters dropped without unk token",
			config: Config{
				Vocab:  vocabOf("a", "b", "ab"),
				Merges: merges("a b"),
			},
			words: map[string][]string{
				// Offsets add up the lengths of the tokens kept.
				"xaéb": {"ab@0:2"},
				"axb":  {"ab@0:2"},
				"zzz":  {},
			},
		},
		{
			name: "unk not fused",
			config: Config{
				Vocab:       vocabOf("a", "b", "ab", "<unk>"),
				Merges:      merges("a b"),
				UnkToken:    "<unk>",
				HasUnkToken: true,
			},
			words: map[string][]string{
				"aééb": {"a@0:1", "<unk>@1:3", "<unk>@3:5", "b@5:6"},
			},
		},
		{
			name: "unk fused",
			config: Config{
				Vocab:       vocabOf("a", "b", "ab", "<unk>"),
				Merges:      merges("a b"),
				UnkToken:    "<unk>",
				HasUnkToken: true,
				FuseUnk:     true,
			},
			words: map[string][]string{
				"aééb":  {"a@0:1", "<unk>@1:5", "b@5:6"},
				"xyab":  {"<unk>@0:2", "ab@2:4"},
				"abxyz": {"ab@0:2", "<unk>@2:5"},
			},
		},
		{
			name: "byte fallback",
			config: Config{
				Vocab:        vocabOf("a", "b", "<unk>", "<0xC3>", "<0xA9>", "<0x78>"),
				UnkToken:     "<unk>",
				HasUnkToken:  true,
				ByteFallback: true,
			},
			words: map[string][]string{
				"aé": {"a@0:1", "<0xC3>@1:2", "<0xA9>@2:3"},
				"x":  {"<0x78>@0:1"},
				// <0xE6>... are missing: unk, emitted after the
				// byte tokens that follow it, as the reference does.
				"日é": {"<0xC3>@0:1", "<0xA9>@1:2", "<unk>@2:5"},
			},
		},
		{
			name: "byte fallback bytes include the prefix",
			config: Config{
				Vocab:                   vocabOf("a", "<0x23>", "<0x78>"),
				ContinuingSubwordPrefix: "##",
				ByteFallback:            true,
			},
			words: map[string][]string{
				// The offsets run past the word's end.
				"ax": {"a@0:1", "<0x23>@1:2", "<0x23>@2:3", "<0x78>@3:4"},
			},
		},
		{
			name: "continuing subword prefix",
			config: Config{
				Vocab:                   vocabOf("a", "##b", "##c", "ab", "##bc", "abc"),
				Merges:                  merges("a ##b", "##b ##c", "ab ##c"),
				ContinuingSubwordPrefix: "##",
			},
			words: map[string][]string{
				"abc": {"abc@0:3"},
				// "##a" is not in the vocabulary: dropped, and the
				// offsets after it shift.
				"abcabc": {"abc@0:3", "##bc@3:5"},
				"bc":     {"##c@0:1"},
			},
		},
		{
			name: "end of word suffix",
			config: Config{
				Vocab:           vocabOf("a", "b", "b</w>", "ab</w>", "ab"),
				Merges:          merges("a b</w>", "a b"),
				EndOfWordSuffix: "</w>",
			},
			words: map[string][]string{
				"ab":  {"ab</w>@0:2"},
				"abb": {"ab@0:2", "b</w>@2:3"},
			},
		},
		{
			name: "ignore merges",
			config: Config{
				Vocab:        vocabOf("a", "b", "c", "ab", "abc", "bc"),
				Merges:       merges("a b"),
				IgnoreMerges: true,
			},
			words: map[string][]string{
				"abc": {"abc@0:3"},
				"bc":  {"bc@0:2"},
				"cab": {"c@0:1", "ab@1:3"},
			},
		},
		{
			name: "dropout 1 makes no merge and ignores ignore_merges",
			config: Config{
				Vocab:        vocabOf("a", "b", "ab"),
				Merges:       merges("a b"),
				IgnoreMerges: true,
				Dropout:      1,
			},
			words: map[string][]string{
				"ab": {"a@0:1", "b@1:2"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mustNew(t, tt.config)
			for w, want := range tt.words {
				got, err := m.Tokenize(nil, w)
				require.NoError(t, err)
				require.Equal(t, want, append([]string{}, tokenStrings(t, m, got)...), "word %q", w)
			}
		})
	}
}

func TestUnkTokenMissing(t *testing.T) {
	m := mustNew(t, Config{
		Vocab:       vocabOf("a"),
		UnkToken:    "<unk>",
		HasUnkToken: true,
	})
	got, err := m.Tokenize(nil, "aa")
	require.NoError(t, err)
	require.Len(t, got, 2)
	_, err = m.Tokenize(nil, "ax")
	require.ErrorIs(t, err, ErrUnkTokenNotFound)
	require.Contains(t, err.Error(), "<unk>")
}

func TestNewErrors(t *testing.T) {
	v := vocabOf("a", "b", "ab", "##b")
	for _, c := range []Config{
		{Vocab: v, Dropout: 1.5},
		{Vocab: v, Dropout: -0.1},
		{Vocab: v, Merges: merges("a x")},
		{Vocab: v, Merges: merges("x b")},
		{Vocab: v, Merges: merges("b a")},
		// The right token must be at least as long as the prefix
		// (the reference panics).
		{Vocab: v, Merges: merges("a b"), ContinuingSubwordPrefix: "###"},
	} {
		_, err := New(c)
		require.Error(t, err, "%+v", c)
	}
	var me *MergeError
	_, err := New(Config{Vocab: v, Merges: merges("a b", "b a")})
	require.ErrorAs(t, err, &me)
	require.Equal(t, 1, me.Index)
	require.Equal(t, "ba", me.Token)
}

func TestMergeRankIsLastOccurrence(t *testing.T) {
	m := mustNew(t, Config{
		Vocab:  vocabOf("a", "b", "c", "ab", "bc"),
		Merges: merges("a b", "b c", "a b"),
	})
	require.Equal(t, 2, m.NumMerges())
	got, err := m.Tokenize(nil, "abc")
	require.NoError(t, err)
	require.Equal(t, []string{"a@0:1", "bc@1:3"}, tokenStrings(t, m, got))
}

func TestVocab(t *testing.T) {
	v := map[string]uint32{"a": 0, "b": 1, "x": 0, "": 2}
	m := mustNew(t, Config{Vocab: v})
	require.Equal(t, 4, m.VocabSize())
	require.Equal(t, v, m.Vocab())
	s, ok := m.IDToToken(0)
	require.True(t, ok)
	require.Equal(t, "a", s, "shared id: the smallest token")
	s, ok = m.IDToToken(2)
	require.True(t, ok)
	require.Equal(t, "", s)
	_, ok = m.IDToToken(3)
	require.False(t, ok)
	id, ok := m.TokenToID("x")
	require.True(t, ok)
	require.Equal(t, uint32(0), id)

	// Sparse ids use a map.
	m = mustNew(t, Config{Vocab: map[string]uint32{"a": 4000000000, "b": 1}})
	s, ok = m.IDToToken(4000000000)
	require.True(t, ok)
	require.Equal(t, "a", s)
	_, ok = m.IDToToken(2)
	require.False(t, ok)
}

func TestAppendKeepsPrefix(t *testing.T) {
	m := mustNew(t, Config{Vocab: vocabOf("a", "b", "ab"), Merges: merges("a b")})
	dst := []Token{{ID: 99, Start: -1, End: -1}}
	got, err := m.Tokenize(dst, "abab")
	require.NoError(t, err)
	require.Equal(t, []Token{{99, -1, -1}, {2, 0, 2}, {2, 2, 4}}, got)
}

func TestTokenizeRandReproducible(t *testing.T) {
	var letters []string
	for c := 'a'; c <= 'h'; c++ {
		letters = append(letters, string(c))
	}
	v := vocabOf(letters...)
	var ms [][2]string
	for i := 0; i+1 < len(letters); i++ {
		l, r := strings.Join(letters[:i+1], ""), letters[i+1]
		v[l+r] = uint32(len(v))
		ms = append(ms, [2]string{l, r})
	}
	m := mustNew(t, Config{Vocab: v, Merges: ms, Dropout: 0.5})
	word := "abcdefgh"
	seen := map[int]bool{}
	for seed := range uint64(50) {
		a, err := m.TokenizeRand(nil, word, rand.New(rand.NewPCG(seed, 1)))
		require.NoError(t, err)
		b, err := m.TokenizeRand(nil, word, rand.New(rand.NewPCG(seed, 1)))
		require.NoError(t, err)
		require.Equal(t, a, b)
		seen[len(a)] = true
		// The tokens still cover the word.
		require.Equal(t, 0, a[0].Start)
		require.Equal(t, len(word), a[len(a)-1].End)
	}
	require.Greater(t, len(seen), 2, "dropout should vary the result")
	// Without a generator, Tokenize uses the scratch's own.
	_, err := m.Tokenize(nil, word)
	require.NoError(t, err)
}

// naiveMerge is the textbook BPE loop: repeatedly merge the leftmost pair
// of lowest rank. With a vocabulary whose ids are unique it gives what the
// heap-based algorithm (and the reference) gives.
func naiveMerge(m *Model, ids []uint32, lens []int) ([]uint32, []int) {
	for {
		best, bestRank := -1, uint32(0)
		var bestID uint32
		for i := 0; i+1 < len(ids); i++ {
			if r, id, ok := m.merges.get(pairKey(ids[i], ids[i+1])); ok && (best < 0 || r < bestRank) {
				best, bestRank, bestID = i, r, id
			}
		}
		if best < 0 {
			return ids, lens
		}
		ids[best] = bestID
		lens[best] += lens[best+1]
		ids = append(ids[:best+1], ids[best+2:]...)
		lens = append(lens[:best+1], lens[best+2:]...)
	}
}

func TestAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "c", "d", "é", "日"}
	for iter := range 200 {
		// A random merge list over a small alphabet.
		v := vocabOf(alphabet...)
		var toks []string
		toks = append(toks, alphabet...)
		var ms [][2]string
		for range 1 + r.IntN(40) {
			a, b := toks[r.IntN(len(toks))], toks[r.IntN(len(toks))]
			if len(a)+len(b) > 12 {
				continue
			}
			if _, ok := v[a+b]; !ok {
				v[a+b] = uint32(len(v))
				toks = append(toks, a+b)
			}
			ms = append(ms, [2]string{a, b})
		}
		m := mustNew(t, Config{Vocab: v, Merges: ms})
		for range 20 {
			var sb strings.Builder
			for range r.IntN(30) {
				sb.WriteString(alphabet[r.IntN(len(alphabet))])
			}
			word := sb.String()
			got, err := m.Tokenize(nil, word)
			require.NoError(t, err)
			var ids []uint32
			var lens []int
			for _, c := range word {
				ids = append(ids, v[string(c)])
				lens = append(lens, len(string(c)))
			}
			ids, lens = naiveMerge(m, ids, lens)
			require.Len(t, got, len(ids), "iter %d word %q", iter, word)
			pos := 0
			for i := range ids {
				require.Equal(t, Token{ids[i], pos, pos + lens[i]}, got[i], "iter %d word %q", iter, word)
				pos += lens[i]
			}
		}
	}
}

func TestConcurrent(t *testing.T) {
	// A cache of 2 slots: the goroutines keep replacing each other's
	// entries.
	for _, capacity := range []int{2, -1} {
		m := mustNew(t, Config{
			Vocab:         vocabOf("a", "b", "c", "ab", "abc"),
			Merges:        merges("a b", "ab c"),
			CacheCapacity: capacity,
		})
		words := []string{"abcabcab", "ab", "cab", "abc", "cccc", "aaaa", "bcbcbc"}
		want := map[string][]Token{}
		for _, w := range words {
			toks, err := m.Tokenize(nil, w)
			require.NoError(t, err)
			want[w] = toks
		}
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				var buf []Token
				for i := range 2000 {
					w := words[(i+g)%len(words)]
					var err error
					buf, err = m.Tokenize(buf[:0], w)
					if err != nil || !slices.Equal(buf, want[w]) {
						t.Errorf("%q: got %v, %v; want %v", w, buf, err, want[w])
						return
					}
				}
			})
		}
		wg.Wait()
	}
}

func TestTokenizeAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	v := vocabOf("a", "b", "c", "ab", "abc", "é", "日", "本", "日本", "<unk>", "##b", "##c", "a</w>")
	for _, c := range []Config{
		{Vocab: v, Merges: merges("a b", "ab c", "日 本")},
		{Vocab: v, Merges: merges("a b", "ab c", "日 本"), CacheCapacity: -1},
		{Vocab: v, Merges: merges("a ##b", "ab ##c"), ContinuingSubwordPrefix: "##", EndOfWordSuffix: "</w>", UnkToken: "<unk>", HasUnkToken: true, CacheCapacity: -1},
		{Vocab: v, Merges: merges("a ##b", "ab ##c"), ContinuingSubwordPrefix: "##", EndOfWordSuffix: "</w>", UnkToken: "<unk>", HasUnkToken: true},
	} {
		m := mustNew(t, c)
		dst := make([]Token, 0, 64)
		for _, w := range []string{"abcabcabc", "日本é日本", "abx"} {
			allocs := testing.AllocsPerRun(100, func() {
				var err error
				dst, err = m.Tokenize(dst[:0], w)
				if err != nil {
					t.Fatal(err)
				}
			})
			require.Zero(t, allocs, "word %q", w)
		}
	}
}

func TestInvalidUTF8(t *testing.T) {
	m := mustNew(t, Config{
		Vocab:        vocabOf("a", "<0xFF>", "<unk>"),
		ByteFallback: true,
		UnkToken:     "<unk>",
		HasUnkToken:  true,
	})
	got, err := m.Tokenize(nil, "a\xff\xfe")
	require.NoError(t, err)
	require.Equal(t, []string{"a@0:1", "<0xFF>@1:2", "<unk>@2:3"}, tokenStrings(t, m, got))
}

// TestLargeMergeListFirstError checks that a list of merges long enough to
// be resolved in parts reports its first bad merge, as in order.
func TestLargeMergeListFirstError(t *testing.T) {
	const n = 300
	vocab := map[string]uint32{}
	chars := make([]string, n)
	for i := range chars {
		chars[i] = string(rune(0x4E00 + i))
		vocab[chars[i]] = uint32(len(vocab))
	}
	var list [][2]string
	for i := range n {
		for j := range n {
			vocab[chars[i]+chars[j]] = uint32(len(vocab))
			list = append(list, [2]string{chars[i], chars[j]})
		}
	}
	require.Greater(t, len(list), 1<<16)
	m, err := New(Config{Vocab: vocab, Merges: list})
	require.NoError(t, err)
	require.Equal(t, len(list), m.NumMerges())
	for _, bad := range [][]int{{len(list) - 1}, {70000, len(list) - 1}, {5, 70000}, {40000, 40001, 89999}} {
		l := slices.Clone(list)
		for _, i := range bad {
			l[i] = [2]string{"missing", chars[0]}
		}
		_, err := New(Config{Vocab: vocab, Merges: l})
		var me *MergeError
		require.ErrorAs(t, err, &me)
		require.Equal(t, bad[0], me.Index)
	}
}
