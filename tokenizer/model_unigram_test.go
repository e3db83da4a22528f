package tokenizer

import (
	"compress/gzip"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/seed6642460b/tokenizers/unigram"
	"github.com/stretchr/testify/require"
)

// TestParseSerdeF64 checks the number parser against the values the
// reference holds after reading the same texts (../unigram/testdata/
// floats.json, made by gen_floats.js there).
func TestParseSerdeF64(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "unigram", "testdata", "floats.json"))
	require.NoError(t, err)
	var pairs [][2]*string
	require.NoError(t, json.Unmarshal(data, &pairs))
	require.NotEmpty(t, pairs)
	for _, p := range pairs {
		text := *p[0]
		got, ok := parseSerdeF64([]byte(text))
		if p[1] == nil {
			require.False(t, ok, "%s: the reference refuses it, we read %v", text, got)
			continue
		}
		require.True(t, ok, "%s", text)
		want, err := strconv.ParseFloat(*p[1], 64)
		require.NoError(t, err)
		require.Equal(t, math.Float64bits(want), math.Float64bits(got), "%s: want %s, got %v", text, *p[1], got)
	}
}

func unigramModelValue(raw string) jsonValue {
	return jsonValue{path: "model", raw: []byte(raw)}
}

// TestLoadUnigram checks what loading accepts and refuses, and the tokens
// of a word, against the reference (node, with a model-only tokenizer).
func TestLoadUnigram(t *testing.T) {
	type tok struct {
		id    uint32
		value string
	}
	for _, c := range []struct {
		model string
		err   string // a part of our error; "" if the reference loads it
		word  string
		want  []tok // nil: the word needs the missing unknown piece
	}{
		{model: `{"type":"Unigram","unk_id":0,"vocab":[["<unk>",0],["a",-1],["b",-2]]}`, word: "abc", want: []tok{{1, "a"}, {2, "b"}, {0, "c"}}},
		{model: `{"type":"Unigram","vocab":[["<unk>",0],["a",-1],["b",-2]]}`, word: "abc"},
		{model: `{"type":"Unigram","unk_id":null,"vocab":[["<unk>",0],["a",-1],["b",-2],["c",-1]]}`, word: "abc", want: []tok{{1, "a"}, {2, "b"}, {3, "c"}}},
		{model: `{"type":"Unigram","unk_id":3,"vocab":[["<unk>",0],["a",-1],["b",-2]]}`, err: "model: Unable to load vocab: the unk_id is larger"},
		{model: `{"type":"Unigram","unk_id":18446744073709551615,"vocab":[["a",0]]}`, err: "model: Unable to load vocab: the unk_id is larger"},
		{model: `{"type":"Unigram","unk_id":18446744073709551616,"vocab":[["a",0]]}`, err: "model.unk_id"},
		{model: `{"type":"Unigram","unk_id":0,"vocab":[]}`, err: "model: Unable to load vocab: the vocabulary is empty"},
		{model: `{"type":"Unigram","vocab":[]}`, word: "a"},
		{model: `{"type":"Unigram","unk_id":-1,"vocab":[["a",0]]}`, err: "model.unk_id: invalid value: integer `-1`"},
		{model: `{"type":"Unigram","unk_id":1.0,"vocab":[["a",0]]}`, err: "model.unk_id: invalid type"},
		{model: `{"type":"Unigram","unk_id":"0","vocab":[["a",0]]}`, err: "model.unk_id: invalid type"},
		{model: `{"type":"Unigram","unk_id":0}`, err: "model: Missing vocab"},
		{model: `{"type":"Unigram","unk_id":0,"vocab":null}`, err: "model.vocab: invalid type: null, expected a sequence"},
		{model: `{"type":"Unigram","unk_id":0,"vocab":{"a":0}}`, err: "model.vocab: invalid type: map, expected a sequence"},
		{model: `{"type":"Unigram","unk_id":0,"vocab":[["a"]]}`, err: "model.vocab[0]: invalid length 1, expected a tuple of size 2"},
		{model: `{"type":"Unigram","unk_id":0,"vocab":[[]]}`, err: "model.vocab[0]: invalid length 0, expected a tuple of size 2"},
		{model: `{"type":"Unigram","unk_id":0,"vocab":[["a",0],["a",0,1]]}`, err: "model.vocab[1]: invalid length 3, expected fewer elements"},
		{model: `{"type":"Unigram","unk_id":0,"vocab":[["a","0"]]}`, err: "model.vocab[0][1]: invalid type: string \"0\", expected f64"},
		{model: `{"type":"Unigram","unk_id":0,"vocab":[{"a":0}]}`, err: "model.vocab[0]: invalid type: map, expected a tuple of size 2"},
		{model: `{"type":"Unigram","unk_id":0,"vocab":[[1,0]]}`, err: "model.vocab[0][0]: invalid type: number 1, expected a string"},
		{model: `{"type":"Unigram","unk_id":0,"vocab":[["a",null]]}`, err: "model.vocab[0][1]: invalid type: null, expected f64"},
		{model: `{"type":"Unigram","unk_id":0,"vocab":[["a",0],["b",1e400]]}`, err: "model.vocab[1][1]: number out of range"},
		{model: `{"type":"Unigram","unk_id":0,"vocab":[["a",1e-400]]}`, word: "abc", want: []tok{{0, "abc"}}},
		{model: `{"type":"Unigram","unk_id":0,"vocab":[["a",-0]]}`, word: "abc", want: []tok{{0, "abc"}}},
		{model: `{"type":"Unigram","unk_id":0,"vocab":[["a",0]],"byte_fallback":null}`, err: "model.byte_fallback: invalid type: null, expected a boolean"},
		{model: `{"type":"Unigram","unk_id":0,"vocab":[["a",0]],"byte_fallback":1}`, err: "model.byte_fallback: invalid type"},
		{model: `{"type":"Unigram","unk_id":0,"vocab":[["a",0]],"byte_fallback":true,"foo":1}`, word: "abc", want: []tok{{0, "abc"}}},
		// Fields are checked in key order (the reference reads a sorted map).
		{model: `{"type":"Unigram","vocab":5,"unk_id":-1}`, err: "model.unk_id"},
		{model: `{"type":"Unigram","vocab":[["a",0]],"byte_fallback":5,"unk_id":-1}`, err: "model.byte_fallback"},
		// The last of duplicate keys wins; so does the last duplicate token.
		{model: `{"type":"Unigram","vocab":[["a",0]],"vocab":[["b",0]],"unk_id":0}`, word: "abc", want: []tok{{0, "abc"}}},
		{model: `{"type":"Unigram","unk_id":0,"vocab":[["a",0],["a",-5]]}`, word: "abc", want: []tok{{1, "a"}, {0, "bc"}}},
		// Escapes, and numbers in every form.
		{model: `{"type":"Unigram","vocab":[["a\u0062",0],["\"",1]],"unk_id":0}`, word: `ab"c`, want: []tok{{0, "ab"}, {1, `"`}, {0, "c"}}},
		{model: "{\"type\":\"Unigram\",\"vocab\":[ [ \"a\" , 0 ] ,\n[\"b\" ,-1E2], [\"c\", 1.5e-3] ],\"unk_id\":0}", word: `ab"c`, want: []tok{{0, "a"}, {1, "b"}, {0, `"`}, {2, "c"}}},
		// Legacy files without "type".
		{model: `{"unk_id":0,"vocab":[["a",0]]}`, word: "abc", want: []tok{{0, "abc"}}},
		{model: `{"vocab":[]}`, word: "a"},
		{model: `{"vocab":[],"merges":[]}`, word: "a"},
		{model: `{"vocab":[],"unk_token":"[UNK]"}`, word: "a"},
		{model: `{"unk_id":0,"vocab":[["a",0]],"merges":[]}`, word: `ab"c`, want: []tok{{0, `ab"c`}}},
		{model: `{"vocab":[["a",0]],"unk_token":"a","continuing_subword_prefix":"##","max_input_chars_per_word":100}`, word: "b"},
		{model: `{"vocab":[["a",0]],"unk_id":null,"byte_fallback":false}`, word: "b"},
		{model: `{"vocab":{},"unk_id":0}`, err: "did not match any variant"},
		{model: `{"vocab":[["a",0]],"byte_fallback":null}`, err: "did not match any variant"},
		{model: `{"unk_id":0}`, err: "did not match any variant"},
		{model: `{"unk_id":0,"vocab":[["a",0]],"type":null}`, err: "model.type"},
	} {
		m, err := loadModel(unigramModelValue(c.model))
		if c.err != "" {
			require.Error(t, err, c.model)
			require.Contains(t, err.Error(), c.err, c.model)
			continue
		}
		require.NoError(t, err, c.model)
		require.IsType(t, unigramModel{}, m, c.model)
		toks, err := m.Tokenize(nil, c.word)
		if c.want == nil {
			require.ErrorIs(t, err, unigram.ErrMissingUnkID, c.model)
			continue
		}
		require.NoError(t, err, c.model)
		var got []tok
		for _, tk := range toks {
			got = append(got, tok{tk.ID, tk.Value})
		}
		require.Equal(t, c.want, got, c.model)
	}
}

// TestUnigramUnknownValueIsCopied checks that the value of an unknown
// token does not alias the word, which the pipeline reuses.
func TestUnigramUnknownValueIsCopied(t *testing.T) {
	m, err := loadModel(unigramModelValue(`{"type":"Unigram","unk_id":0,"vocab":[["<unk>",0],["a",-1]]}`))
	require.NoError(t, err)
	buf := []byte("axyz")
	toks, err := m.Tokenize(nil, unsafe.String(&buf[0], len(buf)))
	require.NoError(t, err)
	copy(buf, "....")
	require.Equal(t, []Token{{ID: 1, Value: "a", Start: 0, End: 1}, {ID: 0, Value: "xyz", Start: 1, End: 4}}, toks)
}

func readSharedModel(t *testing.T, name string) []byte {
	data, err := os.ReadFile(filepath.Join(testSharedDir(), "tokenizers", name, "tokenizer.json"))
	if os.IsNotExist(err) {
		t.Skipf("%s not available", name)
	}
	require.NoError(t, err)
	var f struct {
		Model json.RawMessage `json:"model"`
	}
	require.NoError(t, json.Unmarshal(data, &f))
	return f.Model
}

// TestLoadRealUnigram loads the Unigram models of real files: t5-small has
// no "type", and the other loaders must refuse it, as the reference's do,
// for the inference to reach Unigram. The scores must be those the
// reference holds (its saved file), bit for bit.
func TestLoadRealUnigram(t *testing.T) {
	for _, name := range []string{"t5-small", "albert-base-v2-ft"} {
		t.Run(name, func(t *testing.T) {
			raw := readSharedModel(t, name)
			v := unigramModelValue(string(raw))
			o, err := v.object()
			require.NoError(t, err)
			if name == "t5-small" {
				require.False(t, o.has("type"))
				_, err = loadBPE(o)
				require.Error(t, err)
				_, err = loadWordPiece(o)
				require.Error(t, err)
				_, err = loadWordLevel(o)
				require.Error(t, err)
			}
			m, err := loadModel(v)
			require.NoError(t, err)
			um, ok := m.(unigramModel)
			require.True(t, ok)

			f, err := os.Open(filepath.Join(testSharedDir(), "golden", name, "saved.json.gz"))
			if os.IsNotExist(err) {
				t.Skip("saved.json.gz not available")
			}
			require.NoError(t, err)
			defer f.Close()
			zr, err := gzip.NewReader(f)
			require.NoError(t, err)
			var saved struct {
				Model struct {
					UnkID *int                 `json:"unk_id"`
					Vocab [][2]json.RawMessage `json:"vocab"`
				} `json:"model"`
			}
			require.NoError(t, json.NewDecoder(zr).Decode(&saved))
			require.Equal(t, len(saved.Model.Vocab), um.VocabSize())
			require.Equal(t, *saved.Model.UnkID, um.UnkID())
			for id, e := range saved.Model.Vocab {
				var tok string
				require.NoError(t, json.Unmarshal(e[0], &tok))
				want, err := strconv.ParseFloat(string(e[1]), 64)
				require.NoError(t, err)
				got, _ := um.Score(uint32(id))
				s, _ := um.IDToToken(uint32(id))
				require.Equal(t, tok, s)
				require.Equal(t, math.Float64bits(want), math.Float64bits(got), "%q: want %s, got %v", tok, e[1], got)
			}
		})
	}
}

// TestUnigramAdapterAllocations checks that the adapter allocates only the
// copies of unknown texts.
func TestUnigramAdapterAllocations(t *testing.T) {
	m, err := loadModel(unigramModelValue(`{"type":"Unigram","unk_id":0,"vocab":[["<unk>",0],["a",-1],["b",-2],["ab",-2.5],["▁",-1]]}`))
	require.NoError(t, err)
	dst := make([]Token, 0, 64)
	for _, c := range []struct {
		word   string
		allocs float64
	}{{"▁abab", 0}, {strings.Repeat("ab", 30), 0}, {"▁xyab", 1}} {
		got := testing.AllocsPerRun(50, func() {
			dst, err = m.Tokenize(dst[:0], c.word)
		})
		require.NoError(t, err)
		require.Equal(t, c.allocs, got, c.word)
	}
}

// TestUnigramConcurrentEncode encodes with a Unigram tokenizer from several
// goroutines: the results must be those of a sequential run (the unknown
// values in particular must not share the pipeline's reused memory).
func TestUnigramConcurrentEncode(t *testing.T) {
	tk, err := FromFile(filepath.Join("..", "testdata", "synthetic", "unigram-t5-metaspace.json"))
	require.NoError(t, err)
	texts := []string{"Hello world! 😀 日本語 x<unk>y", "The quick brown fox", "ÿ€‰ unknown ☃☃ snow", "", strings.Repeat("-", 300)}
	want := make([]*Encoding, len(texts))
	for i, s := range texts {
		want[i], err = tk.Encode(s)
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range 50 {
				i := (g + r) % len(texts)
				e, err := tk.Encode(texts[i])
				if err != nil || !slices.Equal(e.Tokens, want[i].Tokens) || !slices.Equal(e.IDs, want[i].IDs) {
					errs <- texts[i]
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for s := range errs {
		t.Errorf("concurrent encoding of %q differs", s)
	}
}
