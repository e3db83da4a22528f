package wordpiece

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// refCase is one model of testdata/cases.json with what the reference gives
// for each of its words (see testdata/gen_cases.js).
type refCase struct {
	Name  string `json:"name"`
	Model struct {
		Type     string            `json:"type"`
		Unk      string            `json:"unk_token"`
		Prefix   string            `json:"continuing_subword_prefix"`
		MaxChars int               `json:"max_input_chars_per_word"`
		Vocab    map[string]uint32 `json:"vocab"`
	} `json:"model"`
	Words    []string `json:"words"`
	Expected []struct {
		Tokens  []string `json:"tokens"`
		IDs     []uint32 `json:"ids"`
		Offsets [][2]int `json:"offsets"`
		Error   string   `json:"error"`
	} `json:"expected"`
}

func loadCases(t *testing.T) []refCase {
	data, err := os.ReadFile("testdata/cases.json")
	require.NoError(t, err)
	var cases []refCase
	require.NoError(t, json.Unmarshal(data, &cases))
	return cases
}

// valueToken is a token with its vocabulary string, as the pipeline sees it.
type valueToken struct {
	id         uint32
	value      string
	start, end int
}

func mkValueToken(id uint32, value string, start, end int) valueToken {
	return valueToken{id, value, start, end}
}

// TestReferenceCases checks both models against the reference on small
// vocabularies: greedy longest match, unknown words, the character limit,
// non-ASCII, continuing-subword prefix variants, duplicate ids, errors.
func TestReferenceCases(t *testing.T) {
	for _, c := range loadCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			var tokenize func(dst []Token, word string) ([]Token, error)
			var values func(word string) ([]valueToken, error)
			var appendIDs func(dst []uint32, word string) ([]uint32, error)
			switch c.Model.Type {
			case "WordPiece":
				m, err := New(c.Model.Vocab, Config{UnkToken: c.Model.Unk, ContinuingSubwordPrefix: c.Model.Prefix, MaxInputCharsPerWord: c.Model.MaxChars})
				require.NoError(t, err)
				tokenize = m.Tokenize
				appendIDs = m.AppendIDs
				values = func(word string) ([]valueToken, error) { return AppendTokens(m, nil, word, mkValueToken) }
			case "WordLevel":
				m, err := NewWordLevel(c.Model.Vocab, WordLevelConfig{UnkToken: c.Model.Unk})
				require.NoError(t, err)
				tokenize = m.Tokenize
				values = func(word string) ([]valueToken, error) {
					id, v, err := m.Lookup(word)
					if err != nil {
						return nil, err
					}
					return []valueToken{{id, v, 0, len(word)}}, nil
				}
			default:
				t.Fatalf("unknown model type %q", c.Model.Type)
			}
			for i, w := range c.Words {
				exp := c.Expected[i]
				guard := []Token{{ID: 77, Start: -1, End: -1}}
				got, err := tokenize(guard, w)
				vals, verr := values(w)
				if appendIDs != nil {
					ids, ierr := appendIDs([]uint32{77}, w)
					if exp.Error != "" {
						require.Error(t, ierr, "word %q", w)
						require.Equal(t, exp.Error, ierr.Error())
						require.True(t, errors.Is(ierr, ErrMissingUnk))
						require.Equal(t, []uint32{77}, ids, "dst must be returned unchanged")
					} else {
						require.NoError(t, ierr, "word %q", w)
						require.Equal(t, append([]uint32{77}, exp.IDs...), ids, "word %q", w)
					}
				}
				if exp.Error != "" {
					require.Error(t, err, "word %q", w)
					require.Equal(t, exp.Error, err.Error())
					require.True(t, errors.Is(err, ErrMissingUnk))
					require.Equal(t, guard, got, "dst must be returned unchanged")
					require.Error(t, verr)
					continue
				}
				require.NoError(t, err, "word %q", w)
				require.NoError(t, verr, "word %q", w)
				require.Equal(t, guard[0], got[0], "dst prefix must be kept")
				got = got[1:]
				require.Len(t, got, len(exp.IDs), "word %q", w)
				require.Len(t, vals, len(exp.IDs), "word %q", w)
				for j, tok := range got {
					require.Equal(t, exp.IDs[j], tok.ID, "word %q token %d", w, j)
					require.Equal(t, exp.Offsets[j], [2]int{tok.Start, tok.End}, "word %q token %d", w, j)
					require.Equal(t, valueToken{exp.IDs[j], exp.Tokens[j], tok.Start, tok.End}, vals[j], "word %q token %d", w, j)
				}
			}
		})
	}
}

func TestEmptyWord(t *testing.T) {
	m, err := New(map[string]uint32{"": 3, "a": 1}, Config{UnkToken: "[UNK]", ContinuingSubwordPrefix: "##", MaxInputCharsPerWord: 100})
	require.NoError(t, err)
	got, err := m.Tokenize(nil, "")
	require.NoError(t, err)
	require.Empty(t, got)

	// WordLevel looks the empty word up like any other.
	wl, err := NewWordLevel(map[string]uint32{"": 3, "a": 1}, WordLevelConfig{UnkToken: "<unk>"})
	require.NoError(t, err)
	got, err = wl.Tokenize(nil, "")
	require.NoError(t, err)
	require.Equal(t, []Token{{ID: 3}}, got)
	wl, err = NewWordLevel(map[string]uint32{"<unk>": 0, "a": 1}, WordLevelConfig{UnkToken: "<unk>"})
	require.NoError(t, err)
	got, err = wl.Tokenize(nil, "")
	require.NoError(t, err)
	require.Equal(t, []Token{{ID: 0}}, got)
}

// TestLongWord checks that the character limit counts characters, not
// bytes, at the boundary.
func TestLongWord(t *testing.T) {
	m, err := New(map[string]uint32{"[UNK]": 0, "é": 1, "##é": 2, "a": 3, "##a": 4}, DefaultConfig())
	require.NoError(t, err)
	for _, tc := range []struct {
		word string
		n    int // tokens, 0 for the unknown token
	}{
		{strings.Repeat("é", 100), 100},
		{strings.Repeat("é", 101), 0},
		{strings.Repeat("a", 100), 100},
		{strings.Repeat("a", 101), 0},
		{strings.Repeat("a", 99) + "x", 0},
	} {
		got, err := m.Tokenize(nil, tc.word)
		require.NoError(t, err)
		if tc.n == 0 {
			require.Equal(t, []Token{{ID: 0, Start: 0, End: len(tc.word)}}, got)
			continue
		}
		require.Len(t, got, tc.n)
		end := 0
		for _, tok := range got {
			require.Equal(t, end, tok.Start)
			end = tok.End
		}
		require.Equal(t, len(tc.word), end)
	}
}

// TestInvalidUTF8 checks that invalid input (which the pipeline never
// passes) neither panics nor cuts inside a character.
func TestInvalidUTF8(t *testing.T) {
	m, err := New(map[string]uint32{"[UNK]": 0, "\xc3": 1, "a": 2, "##\xa9": 3, "##b": 4}, DefaultConfig())
	require.NoError(t, err)
	got, err := m.Tokenize(nil, "é")
	require.NoError(t, err)
	require.Equal(t, []Token{{ID: 0, Start: 0, End: 2}}, got)
	for _, w := range []string{"\xff", "a\xff", "\xc3", "a\x80b", "ab\xc3"} {
		got, err := m.Tokenize(nil, w)
		require.NoError(t, err, "%q", w)
		for _, tok := range got {
			require.True(t, 0 <= tok.Start && tok.Start < tok.End && tok.End <= len(w), "%q %v", w, got)
		}
	}
}

func TestVocabAPI(t *testing.T) {
	vocab := map[string]uint32{"[UNK]": 0, "a": 1, "##a": 2, "b": 1, "c": 7}
	m, err := New(vocab, DefaultConfig())
	require.NoError(t, err)
	require.Equal(t, 5, m.VocabSize())
	require.Equal(t, vocab, m.Vocab())
	id, ok := m.TokenToID("##a")
	require.True(t, ok)
	require.Equal(t, uint32(2), id)
	_, ok = m.TokenToID("##b")
	require.False(t, ok)
	s, ok := m.IDToToken(1)
	require.True(t, ok)
	require.Equal(t, "a", s) // smallest of "a" and "b"
	_, ok = m.IDToToken(3)
	require.False(t, ok)
	_, ok = m.IDToToken(1 << 31)
	require.False(t, ok)
	require.Equal(t, DefaultConfig(), m.Config())

	// Sparse ids.
	vocab = map[string]uint32{"x": 4000000000, "y": 3, "z": 4000000000}
	wl, err := NewWordLevel(vocab, DefaultWordLevelConfig())
	require.NoError(t, err)
	require.Equal(t, 3, wl.VocabSize())
	require.Equal(t, vocab, wl.Vocab())
	s, ok = wl.IDToToken(4000000000)
	require.True(t, ok)
	require.Equal(t, "x", s)
	_, ok = wl.IDToToken(5)
	require.False(t, ok)
	id, ok = wl.TokenToID("y")
	require.True(t, ok)
	require.Equal(t, uint32(3), id)
	require.Equal(t, "<unk>", wl.Config().UnkToken)

	// Empty vocabularies.
	m, err = New(nil, DefaultConfig())
	require.NoError(t, err)
	require.Equal(t, 0, m.VocabSize())
	_, err = m.Tokenize(nil, "a")
	require.ErrorIs(t, err, ErrMissingUnk)
	_, ok = m.IDToToken(0)
	require.False(t, ok)

	_, err = New(nil, Config{MaxInputCharsPerWord: -1})
	require.Error(t, err)
}

// TestTrieMatchesMap compares the trie's longest match with the
// reference's method (hash lookups of every candidate, longest first) on
// random vocabularies and words over a small alphabet.
func TestTrieMatchesMap(t *testing.T) {
	alphabet := []string{"a", "b", "é", "日", "#", "😀"}
	seed := uint64(1)
	rnd := func(n int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % n
	}
	word := func(maxLen int) string {
		var sb strings.Builder
		for n := 1 + rnd(maxLen); n > 0; n-- {
			sb.WriteString(alphabet[rnd(len(alphabet))])
		}
		return sb.String()
	}
	for iter := 0; iter < 200; iter++ {
		vocab := map[string]uint32{"[UNK]": 0}
		for n := 1 + rnd(40); n > 0; n-- {
			w := word(4)
			if rnd(2) == 0 {
				w = "##" + w
			}
			vocab[w] = uint32(len(vocab))
		}
		cfg := DefaultConfig()
		cfg.MaxInputCharsPerWord = 8
		if rnd(3) == 0 {
			cfg.ContinuingSubwordPrefix = []string{"", "#", "a", "日"}[rnd(4)]
		}
		m, err := New(vocab, cfg)
		require.NoError(t, err)
		for k := 0; k < 50; k++ {
			w := word(10)
			got, err := m.Tokenize(nil, w)
			require.NoError(t, err)
			require.Equal(t, naiveWordPiece(vocab, cfg, w), got, "word %q vocab %v cfg %+v", w, vocab, cfg)
		}
	}
}

// naiveWordPiece is the reference's algorithm written plainly.
func naiveWordPiece(vocab map[string]uint32, cfg Config, word string) []Token {
	unk := []Token{{ID: vocab[cfg.UnkToken], Start: 0, End: len(word)}}
	if utf8.RuneCountInString(word) > cfg.MaxInputCharsPerWord {
		return unk
	}
	var out []Token
	for start := 0; start < len(word); {
		end := len(word)
		found := false
		for start < end {
			s := word[start:end]
			if start > 0 {
				s = cfg.ContinuingSubwordPrefix + s
			}
			if id, ok := vocab[s]; ok {
				out = append(out, Token{ID: id, Start: start, End: end})
				found = true
				break
			}
			_, size := utf8.DecodeLastRuneInString(word[start:end])
			end -= size
		}
		if !found {
			return unk
		}
		start = end
	}
	return out
}

func TestNoAllocs(t *testing.T) {
	m, err := New(map[string]uint32{"[UNK]": 0, "un": 1, "##aff": 2, "##able": 3, "日": 4, "##本": 5}, DefaultConfig())
	require.NoError(t, err)
	wl, err := NewWordLevel(map[string]uint32{"<unk>": 0, "a": 1}, DefaultWordLevelConfig())
	require.NoError(t, err)
	dst := make([]Token, 0, 16)
	vdst := make([]valueToken, 0, 16)
	ids := make([]uint32, 0, 16)
	for _, w := range []string{"unaffable", "日本", "xyz", strings.Repeat("a", 200)} {
		allocs := testing.AllocsPerRun(100, func() {
			dst, _ = m.Tokenize(dst[:0], w)
			vdst, _ = AppendTokens(m, vdst[:0], w, mkValueToken)
			ids, _ = m.AppendIDs(ids[:0], w)
			dst, _ = wl.Tokenize(dst[:0], w)
		})
		require.Zero(t, allocs, "word %q", w)
	}
	noUnk, err := New(map[string]uint32{"a": 1}, DefaultConfig())
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(100, func() {
		_, err = noUnk.Tokenize(dst[:0], "b")
		_, err = noUnk.AppendIDs(ids[:0], "b")
	})
	require.Zero(t, allocs)
}

// FuzzTokenize compares Tokenize with the reference's algorithm written
// plainly, on a vocabulary with overlapping entries and several prefixes.
func FuzzTokenize(f *testing.F) {
	vocab := map[string]uint32{"[UNK]": 0}
	for _, w := range []string{"a", "ab", "abc", "b", "é", "éa", "日", "日本", "#", "##", "x", "😀", "\x00", " "} {
		vocab[w] = uint32(len(vocab))
		vocab["##"+w] = uint32(len(vocab))
		vocab["▁"+w] = uint32(len(vocab))
	}
	var models []*Model
	var cfgs []Config
	for _, p := range []string{"##", "", "▁", "#"} {
		cfg := Config{UnkToken: "[UNK]", ContinuingSubwordPrefix: p, MaxInputCharsPerWord: 12}
		m, err := New(vocab, cfg)
		require.NoError(f, err)
		models, cfgs = append(models, m), append(cfgs, cfg)
	}
	for _, s := range []string{"abcab", "日本日", "éaé", "##a", "a##b", "😀x😀", "a b", "\x00a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, word string) {
		if !utf8.ValidString(word) {
			return
		}
		for i, m := range models {
			got, err := m.Tokenize(nil, word)
			require.NoError(t, err)
			want := naiveWordPiece(vocab, cfgs[i], word)
			if len(want) == 0 {
				want = nil
			}
			require.Equal(t, want, got, "prefix %q word %q", cfgs[i].ContinuingSubwordPrefix, word)
			ids, err := m.AppendIDs(nil, word)
			require.NoError(t, err)
			require.Len(t, ids, len(got))
			for j := range got {
				require.Equal(t, got[j].ID, ids[j])
			}
		}
	})
}
