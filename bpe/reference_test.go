package bpe

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// refCase is one model of testdata/cases.json with the reference's results
// for its words (written by testdata/mkcases.js).
type refCase struct {
	Name      string          `json:"name"`
	Model     json.RawMessage `json:"model"`
	Words     []string        `json:"words"`
	LoadError string          `json:"load_error"`
	Results   []struct {
		IDs     []uint32 `json:"ids"`
		Tokens  []string `json:"tokens"`
		Offsets [][2]int `json:"offsets"`
		Error   string   `json:"error"`
	} `json:"results"`
}

// configFromJSON reads a model object of tokenizer.json into a Config. It is
// a test helper, lenient about what the reference refuses: package tokenizer
// does the real loading.
func configFromJSON(t *testing.T, raw []byte) Config {
	t.Helper()
	var m struct {
		Vocab                   map[string]uint32 `json:"vocab"`
		Merges                  json.RawMessage   `json:"merges"`
		Dropout                 *float64          `json:"dropout"`
		UnkToken                *string           `json:"unk_token"`
		ContinuingSubwordPrefix *string           `json:"continuing_subword_prefix"`
		EndOfWordSuffix         *string           `json:"end_of_word_suffix"`
		FuseUnk                 *bool             `json:"fuse_unk"`
		ByteFallback            *bool             `json:"byte_fallback"`
		IgnoreMerges            *bool             `json:"ignore_merges"`
	}
	require.NoError(t, json.Unmarshal(raw, &m))
	c := Config{Vocab: m.Vocab}
	var strs []string
	if err := json.Unmarshal(m.Merges, &strs); err == nil {
		for _, s := range strs {
			if strings.HasPrefix(s, "#version") {
				continue
			}
			a, b, ok := strings.Cut(s, " ")
			require.True(t, ok && !strings.Contains(b, " "), "merge %q", s)
			c.Merges = append(c.Merges, [2]string{a, b})
		}
	} else {
		require.NoError(t, json.Unmarshal(m.Merges, &c.Merges))
	}
	if m.Dropout != nil {
		c.Dropout = float32(*m.Dropout)
	}
	if m.UnkToken != nil {
		c.UnkToken, c.HasUnkToken = *m.UnkToken, true
	}
	if m.ContinuingSubwordPrefix != nil {
		c.ContinuingSubwordPrefix = *m.ContinuingSubwordPrefix
	}
	if m.EndOfWordSuffix != nil {
		c.EndOfWordSuffix = *m.EndOfWordSuffix
	}
	c.FuseUnk = m.FuseUnk != nil && *m.FuseUnk
	c.ByteFallback = m.ByteFallback != nil && *m.ByteFallback
	c.IgnoreMerges = m.IgnoreMerges != nil && *m.IgnoreMerges
	return c
}

// charOffsets converts byte offsets in word to code point offsets the way
// the reference's pipeline does (for a word with no normalizer), including
// for offsets that are past the word's end.
func charOffsets(word string, start, end int) [2]int {
	if 0 <= start && start < end && end <= len(word) {
		// Byte offsets inside a character widen to the whole character,
		// as the alignments of a normalized string do.
		for start > 0 && !utf8.RuneStart(word[start]) {
			start--
		}
		for end < len(word) && !utf8.RuneStart(word[end]) {
			end++
		}
	}
	m := map[int]int{}
	ci := 0
	for b, r := range word {
		for k := range utf8.RuneLen(r) {
			m[b+k] = ci
		}
		ci++
	}
	s, okS := m[start]
	e, okE := m[end]
	switch {
	case okS && okE:
		return [2]int{s, e}
	case okS:
		last, ok := m[end-1]
		if !ok {
			last = s + 1
		}
		return [2]int{s, last + 1}
	}
	return [2]int{start, end}
}

func TestReferenceCases(t *testing.T) {
	data, err := os.ReadFile("testdata/cases.json")
	require.NoError(t, err)
	var cases []refCase
	require.NoError(t, json.Unmarshal(data, &cases))
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			config := configFromJSON(t, c.Model)
			m, err := New(config)
			if c.LoadError != "" {
				require.Error(t, err, "reference: %s", c.LoadError)
				return
			}
			require.NoError(t, err)
			config.CacheCapacity = -1
			noCache, err := New(config)
			require.NoError(t, err)
			// Each word three times: without cache, then with (a
			// miss, then a hit).
			for i, w := range slices.Repeat(c.Words, 3) {
				model := m
				if i < len(c.Words) {
					model = noCache
				}
				i %= len(c.Words)
				want := c.Results[i]
				got, err := model.Tokenize(nil, w)
				if want.Error != "" {
					require.ErrorIs(t, err, ErrUnkTokenNotFound, "word %q", w)
					continue
				}
				require.NoError(t, err, "word %q", w)
				ids := make([]uint32, len(got))
				offs := make([][2]int, len(got))
				for j, tok := range got {
					ids[j] = tok.ID
					offs[j] = charOffsets(w, tok.Start, tok.End)
					s, ok := m.IDToToken(tok.ID)
					require.True(t, ok)
					if id, _ := m.TokenToID(want.Tokens[j]); id == tok.ID && s != want.Tokens[j] {
						// Several tokens share this id: the
						// reference's choice is arbitrary.
						continue
					}
					require.Equal(t, want.Tokens[j], s, "word %q token %d", w, j)
				}
				if want.IDs == nil {
					want.IDs = []uint32{}
				}
				if want.Offsets == nil {
					want.Offsets = [][2]int{}
				}
				require.Equal(t, want.IDs, ids, "word %q", w)
				require.Equal(t, want.Offsets, offs, "word %q", w)
			}
		})
	}
}
