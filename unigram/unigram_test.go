package unigram

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func pieces(kv ...any) []Piece {
	var out []Piece
	for i := 0; i < len(kv); i += 2 {
		var score float64
		switch s := kv[i+1].(type) {
		case float64:
			score = s
		case int:
			score = float64(s)
		}
		out = append(out, Piece{kv[i].(string), score})
	}
	return out
}

func mustNew(t testing.TB, vocab []Piece, cfg Config) *Model {
	t.Helper()
	m, err := New(vocab, cfg)
	require.NoError(t, err)
	return m
}

func values(t testing.TB, m *Model, word string) []string {
	t.Helper()
	toks, err := m.Tokenize(nil, word)
	require.NoError(t, err)
	out := []string{}
	for _, tk := range toks {
		out = append(out, word[tk.Start:tk.End])
	}
	return out
}

// The cases of the reference's own tests (models/unigram/model.rs).
func TestReferenceUnitCases(t *testing.T) {
	m := mustNew(t, pieces("<unk>", 0, "a", 0, "b", 0, "c", 0, "d", 0, "cd", 1.0, "ab", 2.0, "abc", 5.0, "abcd", 10.0), Config{UnkID: 0})
	require.Equal(t, []string{"abcd"}, values(t, m, "abcd"))
	require.Equal(t, []string{"abcd", "a", "cd", "xx"}, values(t, m, "abcdacdxx"))

	m = mustNew(t, pieces("<unk>", 0, "ab", 0, "cd", -0.1, "abc", -0.2, "a", -0.3, "b", -0.4, "c", -0.5,
		"ABC", -0.5, "abcdabcd", 20.0, "q", 20.5, "r", 20.5, "qr", -0.5), Config{UnkID: 0})
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"abc", []string{"abc"}},
		{"AB", []string{"AB"}},
		{"abcd", []string{"ab", "cd"}},
		{"abcc", []string{"abc", "c"}},
		{"xabcabaabcdd", []string{"x", "abc", "ab", "a", "ab", "cd", "d"}},
		{"xyz東京", []string{"xyz東京"}},
		{"ABC", []string{"ABC"}},
		{"abABCcd", []string{"ab", "ABC", "cd"}},
		{"ababcdabcdcd", []string{"ab", "abcdabcd", "cd"}},
		{"abqrcd", []string{"ab", "q", "r", "cd"}},
	} {
		require.Equal(t, c.want, values(t, m, c.in), c.in)
	}

	m = mustNew(t, pieces("<unk>", 0, "<0xC3>", -0.01, "<0xA9>", -0.03), Config{UnkID: 0, ByteFallback: true})
	toks, err := m.Tokenize(nil, "é")
	require.NoError(t, err)
	require.Equal(t, []Token{{1, "<0xC3>", 0, 2}, {2, "<0xA9>", 0, 2}}, toks)
	toks, err = m.Tokenize(nil, "?é")
	require.NoError(t, err)
	require.Equal(t, uint32(0), toks[0].ID)
}

func TestUnknownValues(t *testing.T) {
	m := mustNew(t, pieces("<unk>", 0, "a", -1, "b", -1), Config{UnkID: 0})
	toks, err := m.Tokenize(nil, "axy😀b<unk>")
	require.NoError(t, err)
	// The trailing "<unk>" text is not a piece: it is unknown characters,
	// fused with nothing else since b separates them.
	require.Equal(t, []Token{
		{1, "a", 0, 1}, {0, "xy😀", 1, 7}, {2, "b", 7, 8}, {0, "<unk>", 8, 13},
	}, toks)

	// A piece whose id is the unknown id is fused with unknown characters
	// around it, and the run's text is then unknown.
	m = mustNew(t, pieces("a", -1, "<unk>", -1), Config{UnkID: 1})
	toks, err = m.Tokenize(nil, "x<unk>y")
	require.NoError(t, err)
	require.Equal(t, []Token{{1, "x<unk>y", 0, 7}}, toks)
	toks, err = m.Tokenize(nil, "<unk>")
	require.NoError(t, err)
	require.Equal(t, []Token{{1, "<unk>", 0, 5}}, toks)

	// Two unknown characters may beat a piece (all scores high: the
	// unknown score is 20), and their fused text is then a vocabulary
	// token, with its own id.
	m = mustNew(t, pieces("<unk>", 30, "xy", 30), Config{UnkID: 0})
	toks, err = m.Tokenize(nil, "xy")
	require.NoError(t, err)
	require.Equal(t, []Token{{1, "xy", 0, 2}}, toks)
}

func TestMissingUnk(t *testing.T) {
	m := mustNew(t, pieces("a", 0, "b", 0), Config{UnkID: NoUnk})
	_, err := m.Tokenize(nil, "abc")
	require.ErrorIs(t, err, ErrMissingUnkID)
	dst := []Token{{ID: 9}}
	dst, err = m.Tokenize(dst, "cab")
	require.ErrorIs(t, err, ErrMissingUnkID)
	require.Equal(t, []Token{{ID: 9}}, dst)

	// The reference fails only when the unknown character would improve
	// a prefix: here "ab" already reaches the end of the word.
	m = mustNew(t, pieces("ab", 0, "a", 0), Config{UnkID: NoUnk})
	toks, err := m.Tokenize(nil, "ab")
	require.NoError(t, err)
	require.Equal(t, []Token{{0, "ab", 0, 2}}, toks)

	m = mustNew(t, nil, Config{UnkID: NoUnk})
	toks, err = m.Tokenize(nil, "")
	require.NoError(t, err)
	require.Empty(t, toks)
	_, err = m.Tokenize(nil, "a")
	require.ErrorIs(t, err, ErrMissingUnkID)
}

func TestNewErrors(t *testing.T) {
	_, err := New(nil, Config{UnkID: 0})
	require.ErrorIs(t, err, ErrEmptyVocabulary)
	_, err = New(pieces("a", 0), Config{UnkID: 1})
	require.ErrorIs(t, err, ErrUnkIDNotInVocabulary)
	m, err := New(pieces("a", 0), Config{UnkID: -5})
	require.NoError(t, err)
	require.Equal(t, NoUnk, m.UnkID())
}

func TestVocabulary(t *testing.T) {
	m := mustNew(t, pieces("a", 0, "", -1, "b", -2, "a", -5), Config{UnkID: 1})
	require.Equal(t, 4, m.VocabSize())
	require.Equal(t, map[string]uint32{"a": 3, "": 1, "b": 2}, m.Vocab())
	id, ok := m.TokenToID("a")
	require.True(t, ok)
	require.Equal(t, uint32(3), id)
	id, ok = m.TokenToID("")
	require.True(t, ok)
	require.Equal(t, uint32(1), id)
	_, ok = m.TokenToID("ab")
	require.False(t, ok)
	s, ok := m.IDToToken(0)
	require.True(t, ok)
	require.Equal(t, "a", s)
	_, ok = m.IDToToken(4)
	require.False(t, ok)
	// The empty piece never matches; the duplicate "a" is the last one,
	// with its score.
	toks, err := m.Tokenize(nil, "ab")
	require.NoError(t, err)
	require.Equal(t, []Token{{3, "a", 0, 1}, {2, "b", 1, 2}}, toks)
}

// refCase is a model and words with the reference's output, from
// testdata/cases.json.gz (see gen_cases.js).
type refCase struct {
	Vocab        [][2]json.RawMessage `json:"vocab"`
	UnkID        *int                 `json:"unk_id"`
	ByteFallback bool                 `json:"byte_fallback"`
	Tests        []struct {
		W       string   `json:"w"`
		IDs     []uint32 `json:"ids"`
		Tokens  []string `json:"tokens"`
		Offsets [][2]int `json:"offsets"`
		Error   string   `json:"error"`
	} `json:"tests"`
}

func loadRefCases(t testing.TB) []refCase {
	f, err := os.Open(filepath.Join("testdata", "cases.json.gz"))
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	var cases []refCase
	require.NoError(t, json.NewDecoder(zr).Decode(&cases))
	return cases
}

func (c *refCase) model(t testing.TB) *Model {
	vocab := make([]Piece, len(c.Vocab))
	for i, e := range c.Vocab {
		require.NoError(t, json.Unmarshal(e[0], &vocab[i].Token))
		require.NoError(t, json.Unmarshal(e[1], &vocab[i].Score))
	}
	cfg := Config{UnkID: NoUnk, ByteFallback: c.ByteFallback}
	if c.UnkID != nil {
		cfg.UnkID = *c.UnkID
	}
	return mustNew(t, vocab, cfg)
}

// TestReferenceCases compares random small models (ties, duplicates,
// unknown pieces, byte fallback, missing unknown piece) with the reference.
func TestReferenceCases(t *testing.T) {
	cases := loadRefCases(t)
	require.NotEmpty(t, cases)
	n := 0
	for ci := range cases {
		c := &cases[ci]
		m := c.model(t)
		for _, tc := range c.Tests {
			toks, err := m.Tokenize(nil, tc.W)
			if tc.Error != "" {
				require.ErrorIs(t, err, ErrMissingUnkID, "model %d word %q", ci, tc.W)
				require.Contains(t, tc.Error, "unk_id` is missing")
				continue
			}
			require.NoError(t, err, "model %d word %q", ci, tc.W)
			var ids []uint32
			var vals []string
			var offs [][2]int
			for _, tk := range toks {
				ids = append(ids, tk.ID)
				vals = append(vals, tk.Value)
				offs = append(offs, [2]int{tk.Start, tk.End})
			}
			require.Equal(t, tc.IDs, nilIfEmpty(ids), "model %d word %q", ci, tc.W)
			require.Equal(t, tc.Tokens, nilIfEmpty(vals), "model %d word %q", ci, tc.W)
			require.Equal(t, tc.Offsets, nilIfEmpty(offs), "model %d word %q", ci, tc.W)
			n++
		}
	}
	t.Logf("%d words of %d models match", n, len(cases))
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return []T{}
	}
	return s
}

// unoptimized is the reference's encode_unoptimized: build the lattice of
// all pieces (and unknown characters), then for each node pick the best
// predecessor, fusing unknown pieces. It needs an unknown piece.
func unoptimized(m *Model, word string) []string {
	type node struct {
		start, end int
		id         int32
		score      float64
		back       float64
		prev       int // node index, -1 for the start
	}
	var nodes []node
	begins := make([][]int, len(word)+1)
	ends := make([][]int, len(word)+1)
	add := func(s, e int, id int32, score float64) {
		nodes = append(nodes, node{start: s, end: e, id: id, score: score, prev: -2})
		begins[s] = append(begins[s], len(nodes)-1)
		ends[e] = append(ends[e], len(nodes)-1)
	}
	for s := 0; s < len(word); {
		size := len(string([]rune(word[s:])[0]))
		single := false
		for e := s + 1; e <= len(word); e++ {
			if id := m.trie.lookup(word[s:e]); id >= 0 {
				add(s, e, id, m.scores[id])
				if e-s == size {
					single = true
				}
			}
		}
		if !single {
			add(s, s+size, m.unkID, m.unkScore)
		}
		s += size
	}
	// bos ends at 0 with score 0; eos begins at len(word).
	bestAt := func(pos int, score float64) (int, float64) {
		best, bestScore := -2, 0.0
		if pos == 0 {
			return -1, score
		}
		for _, l := range ends[pos] {
			if nodes[l].prev == -2 {
				continue
			}
			sc := nodes[l].back + score
			if best == -2 || sc > bestScore {
				best, bestScore = l, sc
			}
		}
		return best, bestScore
	}
	for pos := 0; pos < len(word); {
		for _, r := range begins[pos] {
			if p, sc := bestAt(pos, nodes[r].score); p != -2 {
				nodes[r].prev, nodes[r].back = p, sc
			}
		}
		pos += len(string([]rune(word[pos:])[0]))
	}
	last, _ := bestAt(len(word), 0)
	var path []int
	for k := last; k >= 0; k = nodes[k].prev {
		path = append(path, k)
	}
	var out []string
	unk := ""
	for i := len(path) - 1; i >= 0; i-- {
		nd := nodes[path[i]]
		if nd.id == m.unkID {
			unk += word[nd.start:nd.end]
			continue
		}
		if unk != "" {
			out = append(out, unk)
			unk = ""
		}
		out = append(out, word[nd.start:nd.end])
	}
	if unk != "" {
		out = append(out, unk)
	}
	return out
}

// TestOptimizedMatchesUnoptimized checks that the search agrees with the
// reference's other search (the full lattice) on random models and words,
// for models with an unknown piece (without one, encode_unoptimized fails
// on every non-empty word, and stops at any character where no piece
// begins, while encode_optimized, the one that runs, may succeed).
func TestOptimizedMatchesUnoptimized(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "c", "é", "東", "😀"}
	word := func(n int) string {
		var sb strings.Builder
		for range 1 + rng.IntN(n) {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return sb.String()
	}
	scores := []float64{0, -1, -2, -0.5, -1.5, -3, -2.0122928619384766, -0.25}
	for range 2000 {
		var vocab []Piece
		vocab = append(vocab, Piece{"<unk>", 0})
		for range 2 + rng.IntN(12) {
			vocab = append(vocab, Piece{word(3), scores[rng.IntN(len(scores))]})
		}
		m := mustNew(t, vocab, Config{UnkID: 0})
		for range 10 {
			w := word(12)
			require.Equal(t, unoptimized(m, w), values(t, m, w), "vocab %v word %q", vocab, w)
		}
	}
}

func TestAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under the race detector")
	}
	cases := loadRefCases(t)
	m := cases[0].model(t)
	dst := make([]Token, 0, 1<<16)
	for _, w := range []string{"ab", strings.Repeat("abé東 ", 5), strings.Repeat("abcé東😀 ", 2000)} {
		var err error
		allocs := testing.AllocsPerRun(100, func() {
			dst, err = m.Tokenize(dst[:0], w)
		})
		require.NoError(t, err)
		require.Zero(t, allocs, "word of %d bytes", len(w))
	}
}

// TestLinear tokenizes a megabyte without spaces: the search must stay
// linear (a quadratic one would take hours).
func TestLinear(t *testing.T) {
	vocab := pieces("<unk>", 0, "a", -1, "b", -2, "ab", -2.5, "aab", -3, "abab", -3.5, "é", -1)
	for _, byteFallback := range []bool{false, true} {
		m := mustNew(t, vocab, Config{UnkID: 0, ByteFallback: byteFallback})
		for _, w := range []string{strings.Repeat("aab", 1<<20/3), strings.Repeat("x", 1<<20), strings.Repeat("aéxyzb東", 1<<17)} {
			start := time.Now()
			toks, err := m.Tokenize(nil, w)
			require.NoError(t, err)
			require.NotEmpty(t, toks)
			require.Equal(t, len(w), toks[len(toks)-1].End)
			require.Less(t, time.Since(start), 5*time.Second)
		}
	}
}

func TestConcurrent(t *testing.T) {
	cases := loadRefCases(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ci := g; ci < len(cases); ci += 8 {
				c := &cases[ci]
				m := c.model(t)
				for range 3 {
					for _, tc := range c.Tests {
						toks, err := m.Tokenize(nil, strings.Repeat(tc.W, 8))
						if err != nil && !errors.Is(err, ErrMissingUnkID) {
							errs <- err
							return
						}
						_ = toks
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}
