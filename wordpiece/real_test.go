package wordpiece

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// sharedDir holds the real tokenizer.json files; tests that need them are
// skipped when it is absent.
const sharedDir = "/work/shared/tokenizers"

type realModel struct {
	Type     string            `json:"type"`
	Unk      string            `json:"unk_token"`
	Prefix   string            `json:"continuing_subword_prefix"`
	MaxChars int               `json:"max_input_chars_per_word"`
	Vocab    map[string]uint32 `json:"vocab"`
}

func loadRealModel(t testing.TB, name string) realModel {
	data, err := os.ReadFile(filepath.Join(sharedDir, name, "tokenizer.json"))
	if os.IsNotExist(err) {
		t.Skipf("%s not available", name)
	}
	require.NoError(t, err)
	var f struct {
		Model realModel `json:"model"`
	}
	require.NoError(t, json.Unmarshal(data, &f))
	return f.Model
}

// TestRealWords compares the models of real files with the reference on
// the words their normalizer and pre-tokenizer make of the corpus (see
// testdata/gen_words.js).
func TestRealWords(t *testing.T) {
	for _, name := range []string{"bert-base-uncased", "bert-base-cased", "wordlevel-wiki"} {
		t.Run(name, func(t *testing.T) {
			rm := loadRealModel(t, name)
			var values func(word string) ([]valueToken, error)
			var vocabSize int
			if rm.Type == "WordLevel" {
				m, err := NewWordLevel(rm.Vocab, WordLevelConfig{UnkToken: rm.Unk})
				require.NoError(t, err)
				vocabSize = m.VocabSize()
				values = func(word string) ([]valueToken, error) {
					id, v, err := m.Lookup(word)
					return []valueToken{{id, v, 0, len(word)}}, err
				}
			} else {
				m, err := New(rm.Vocab, Config{UnkToken: rm.Unk, ContinuingSubwordPrefix: rm.Prefix, MaxInputCharsPerWord: rm.MaxChars})
				require.NoError(t, err)
				vocabSize = m.VocabSize()
				values = func(word string) ([]valueToken, error) {
					toks, err := AppendTokens(m, nil, word, mkValueToken)
					// AppendIDs gives the same ids.
					ids, ierr := m.AppendIDs(nil, word)
					require.Equal(t, err, ierr)
					require.Len(t, ids, len(toks))
					for i := range ids {
						require.Equal(t, toks[i].id, ids[i])
					}
					return toks, err
				}
			}
			require.Equal(t, len(rm.Vocab), vocabSize)

			f, err := os.Open(filepath.Join("testdata", name+"-words.jsonl.gz"))
			require.NoError(t, err)
			defer f.Close()
			zr, err := gzip.NewReader(f)
			require.NoError(t, err)
			sc := bufio.NewScanner(zr)
			sc.Buffer(nil, 1<<20)
			n := 0
			for sc.Scan() {
				var row struct {
					W       string   `json:"w"`
					Tokens  []string `json:"tokens"`
					IDs     []uint32 `json:"ids"`
					Offsets [][2]int `json:"offsets"`
				}
				require.NoError(t, json.Unmarshal(sc.Bytes(), &row))
				got, err := values(row.W)
				require.NoError(t, err, "word %q", row.W)
				want := make([]valueToken, len(row.IDs))
				for i := range want {
					want[i] = valueToken{row.IDs[i], row.Tokens[i], row.Offsets[i][0], row.Offsets[i][1]}
				}
				require.Equal(t, want, got, "word %q", row.W)
				n++
			}
			require.NoError(t, sc.Err())
			require.Greater(t, n, 1000)
		})
	}
}

// BenchmarkModel_Tokenize tokenizes the words of the reference test data
// with the BERT vocabulary.
func BenchmarkModel_Tokenize(b *testing.B) {
	rm := loadRealModel(b, "bert-base-uncased")
	m, err := New(rm.Vocab, Config{UnkToken: rm.Unk, ContinuingSubwordPrefix: rm.Prefix, MaxInputCharsPerWord: rm.MaxChars})
	require.NoError(b, err)
	f, err := os.Open("testdata/bert-base-uncased-words.jsonl.gz")
	require.NoError(b, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(b, err)
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	var words []string
	bytes := 0
	for sc.Scan() {
		var row struct {
			W string `json:"w"`
		}
		require.NoError(b, json.Unmarshal(sc.Bytes(), &row))
		if len(row.W) <= 100 {
			words = append(words, row.W)
			bytes += len(row.W)
		}
	}
	dst := make([]Token, 0, 256)
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	tokens := 0
	for b.Loop() {
		tokens = 0
		for _, w := range words {
			dst, _ = m.Tokenize(dst[:0], w)
			tokens += len(dst)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkNew builds the BERT model.
func BenchmarkNew(b *testing.B) {
	rm := loadRealModel(b, "bert-base-uncased")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(rm.Vocab, DefaultConfig()); err != nil {
			b.Fatal(err)
		}
	}
}
