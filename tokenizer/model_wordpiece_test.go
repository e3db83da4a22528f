package tokenizer

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/wordpiece"
	"github.com/stretchr/testify/require"
)

func modelValue(raw string) jsonValue {
	return jsonValue{path: "model", raw: []byte(raw)}
}

// TestLoadWordPieceWordLevel checks what the WordPiece and WordLevel
// loaders accept and refuse, on hand-made models checked with the
// reference (tokenizers 0.23.2): for each, whether the reference's
// WordPiece and WordLevel deserializers accept it.
func TestLoadWordPieceWordLevel(t *testing.T) {
	const full = `"unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100`
	for _, tc := range []struct {
		model  string
		wp, wl bool
	}{
		{`{` + full + `,"vocab":{"[UNK]":0,"a":1}}`, true, true},
		{`{"unk_token":"[UNK]","vocab":{"a":1}}`, false, true},
		{`{"unk_token":"[UNK]","continuing_subword_prefix":"##","vocab":{"a":1}}`, false, true},
		{`{"unk_token":"[UNK]","max_input_chars_per_word":100,"vocab":{"a":1}}`, false, true},
		{`{"unk_token":"[UNK]","continuing_subword_prefix":null,"max_input_chars_per_word":100,"vocab":{"a":1}}`, false, true},
		{`{"unk_token":"[UNK]","continuing_subword_prefix":5,"vocab":{"a":1}}`, false, true},
		{`{"unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":"100","vocab":{"a":1}}`, false, true},
		{`{"unk_token":null,"continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"a":1}}`, false, false},
		{`{"unk_token":5,"vocab":{"a":1}}`, false, false},
		{`{"continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"a":1}}`, false, false},
		{`{` + full + `}`, false, false},
		{`{"vocab":{}}`, false, false},
		{`{` + full + `,"vocab":{},"extra":[1,2]}`, true, true},
		{`{"unk_token":"[UNK]","vocab":{"[UNK]":0},"unk_id":0}`, false, true},
		{`{"unk_token":"[UNK]","vocab":[["a",0.0]],"unk_id":0}`, false, false},
		// max_input_chars_per_word is a usize.
		{`{"unk_token":"x","continuing_subword_prefix":"##","max_input_chars_per_word":-1,"vocab":{}}`, false, true},
		{`{"unk_token":"x","continuing_subword_prefix":"##","max_input_chars_per_word":1.0,"vocab":{}}`, false, true},
		{`{"unk_token":"x","continuing_subword_prefix":"##","max_input_chars_per_word":1e2,"vocab":{}}`, false, true},
		{`{"unk_token":"x","continuing_subword_prefix":"##","max_input_chars_per_word":18446744073709551615,"vocab":{}}`, true, true},
		{`{"unk_token":"x","continuing_subword_prefix":"##","max_input_chars_per_word":18446744073709551616,"vocab":{}}`, false, true},
		// Ids are u32.
		{`{"unk_token":"x","vocab":{"a":-1}}`, false, false},
		{`{"unk_token":"x","vocab":{"a":4294967296}}`, false, false},
		{`{"unk_token":"x","vocab":{"a":4294967295}}`, false, true},
		{`{"unk_token":"x","vocab":{"a":null}}`, false, false},
		{`{"unk_token":"x","vocab":{"a":1.0}}`, false, false},
		{`{"unk_token":"x","vocab":{"a":"1"}}`, false, false},
		{`{"unk_token":"x","vocab":[]}`, false, false},
		{`{"unk_token":"x","vocab":null}`, false, false},
		// The last of duplicate keys wins.
		{`{"unk_token":"x","vocab":{"a":null,"a":1}}`, false, true},
		{`{"unk_token":5,"vocab":{"a":1},"unk_token":"x"}`, false, true},
		{`{"unk_token":5,` + full[len(`"unk_token":"[UNK]",`):] + `,"vocab":{"a":1},"unk_token":"x"}`, true, true},
		// A "type" must name the model.
		{`{"type":"WordPiece",` + full + `,"vocab":{}}`, true, false},
		{`{"type":"WordLevel",` + full + `,"vocab":{}}`, false, true},
		{`{"type":null,` + full + `,"vocab":{}}`, false, false},
		{`{"type":"BPE",` + full + `,"vocab":{}}`, false, false},
	} {
		o, err := modelValue(tc.model).object()
		require.NoError(t, err)
		_, err = loadWordPiece(o)
		require.Equal(t, tc.wp, err == nil, "WordPiece %s: %v", tc.model, err)
		if err != nil {
			var le *LoadError
			require.True(t, errors.As(err, &le), "%v", err)
		}
		_, err = loadWordLevel(o)
		require.Equal(t, tc.wl, err == nil, "WordLevel %s: %v", tc.model, err)
	}
}

// TestLoadModelInference checks the type the reference infers for models
// without "type" (and with one), where it is WordPiece or WordLevel.
func TestLoadModelInference(t *testing.T) {
	for _, tc := range []struct{ model, want string }{
		{`{"unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"[UNK]":0,"a":1}}`, "WordPiece"},
		{`{"unk_token":"[UNK]","vocab":{"[UNK]":0,"a":1}}`, "WordLevel"},
		{`{"unk_token":"[UNK]","continuing_subword_prefix":null,"max_input_chars_per_word":100,"vocab":{"a":1}}`, "WordLevel"},
		{`{"unk_token":"[UNK]","vocab":{"[UNK]":0},"unk_id":0}`, "WordLevel"},
		{`{"unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":1.5,"vocab":{"a":1}}`, "WordLevel"},
		{`{"type":"WordLevel","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"a":1}}`, "WordLevel"},
		{`{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"a":1}}`, "WordPiece"},
		{`{"type":"WordPiece","unk_token":"[UNK]","vocab":{"a":1}}`, ""},
		{`{"type":null,"unk_token":"[UNK]","vocab":{"a":1}}`, ""},
		{`{"type":"Foo","unk_token":"[UNK]","vocab":{"a":1}}`, ""},
		{`{"vocab":{}}`, ""},
	} {
		m, err := loadModel(modelValue(tc.model))
		switch tc.want {
		case "":
			require.Error(t, err, tc.model)
		case "WordPiece":
			require.NoError(t, err, tc.model)
			require.IsType(t, wordPieceModel{}, m, tc.model)
		case "WordLevel":
			require.NoError(t, err, tc.model)
			require.IsType(t, wordLevelModel{}, m, tc.model)
		}
	}
}

func TestLoadWordPieceErrorPaths(t *testing.T) {
	for _, tc := range []struct{ model, want string }{
		{`{"type":"WordPiece","unk_token":"x","continuing_subword_prefix":"##","max_input_chars_per_word":1,"vocab":{"a":-1}}`, "model.vocab.a: "},
		{`{"type":"WordPiece","unk_token":"x","continuing_subword_prefix":"##","max_input_chars_per_word":-1,"vocab":{}}`, "model.max_input_chars_per_word: "},
		{`{"type":"WordPiece","unk_token":"x","max_input_chars_per_word":1,"vocab":{}}`, "model: missing field `continuing_subword_prefix`"},
		// Present fields are checked before missing ones are reported.
		{`{"type":"WordPiece","vocab":[]}`, "model.vocab: invalid type: sequence"},
		{`{"type":"WordLevel","unk_token":"x"}`, "model: missing field `vocab`"},
	} {
		_, err := loadModel(modelValue(tc.model))
		require.Error(t, err, tc.model)
		require.Contains(t, err.Error(), tc.want, tc.model)
	}
	o, err := modelValue(`{"type":"WordPiece","unk_token":"x","vocab":{}}`).object()
	require.NoError(t, err)
	_, err = loadWordLevel(o)
	require.EqualError(t, err, `tokenizer.json: model.type: invalid value: string "WordPiece", expected WordLevel`)
}

// TestWordPieceAdapters checks the Model adapters: values are vocabulary
// strings, errors are the reference's.
func TestWordPieceAdapters(t *testing.T) {
	m, err := loadModel(modelValue(`{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":5,"vocab":{"[UNK]":0,"a":1,"##b":2,"x":3,"##c":3}}`))
	require.NoError(t, err)
	got, err := m.Tokenize([]Token{{Value: "keep"}}, "abxc")
	require.NoError(t, err)
	require.Equal(t, []Token{{Value: "keep"}, {ID: 0, Value: "[UNK]", Start: 0, End: 4}}, got)
	got, err = m.Tokenize(nil, "abcb")
	require.NoError(t, err)
	require.Equal(t, []Token{{1, "a", 0, 1}, {2, "##b", 1, 2}, {3, "##c", 2, 3}, {2, "##b", 3, 4}}, got)
	got, err = m.Tokenize(nil, "abbbbb")
	require.NoError(t, err)
	require.Equal(t, []Token{{0, "[UNK]", 0, 6}}, got)
	require.Equal(t, 5, m.VocabSize())
	id, ok := m.TokenToID("##b")
	require.True(t, ok)
	require.Equal(t, uint32(2), id)
	s, ok := m.IDToToken(3)
	require.True(t, ok)
	require.Equal(t, "##c", s)
	require.Len(t, m.Vocab(), 5)
	dst := make([]Token, 0, 8)
	allocs := testing.AllocsPerRun(100, func() {
		dst, _ = m.Tokenize(dst[:0], "abcb")
		dst, _ = m.Tokenize(dst, "abxc")
	})
	require.Zero(t, allocs)

	m, err = loadModel(modelValue(`{"unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"a":1}}`))
	require.NoError(t, err)
	got, err = m.Tokenize([]Token{{Value: "keep"}}, "b")
	require.EqualError(t, err, "WordPiece error: Missing [UNK] token from the vocabulary")
	require.ErrorIs(t, err, wordpiece.ErrMissingUnk)
	require.Equal(t, []Token{{Value: "keep"}}, got)

	m, err = loadModel(modelValue(`{"unk_token":"<unk>","vocab":{"<unk>":0,"a b":1}}`))
	require.NoError(t, err)
	got, err = m.Tokenize(nil, "a b")
	require.NoError(t, err)
	require.Equal(t, []Token{{1, "a b", 0, 3}}, got)
	got, err = m.Tokenize(got, "ab")
	require.NoError(t, err)
	require.Equal(t, []Token{{1, "a b", 0, 3}, {0, "<unk>", 0, 2}}, got)
	allocs = testing.AllocsPerRun(100, func() {
		dst, _ = m.Tokenize(dst[:0], "a b")
		dst, _ = m.Tokenize(dst, "ab")
	})
	require.Zero(t, allocs)

	m, err = loadModel(modelValue(`{"unk_token":"<unk>","vocab":{"a":1}}`))
	require.NoError(t, err)
	got, err = m.Tokenize([]Token{{Value: "keep"}}, "b")
	require.EqualError(t, err, "WordLevel error: Missing [UNK] token from the vocabulary")
	require.Equal(t, []Token{{Value: "keep"}}, got)
}

// TestLoadRealWordPieceFiles loads the models of the real WordPiece and
// WordLevel files and checks a few words against the reference.
func TestLoadRealWordPieceFiles(t *testing.T) {
	dir := "/work/shared/tokenizers"
	for _, tc := range []struct {
		name, word string
		size       int
		want       []Token
	}{
		{"bert-base-uncased", "unaffable", 30522, []Token{{14477, "una", 0, 3}, {20961, "##ffa", 3, 6}, {3468, "##ble", 6, 9}}},
		{"bert-base-cased", "unaffable", 28996, []Token{{8362, "un", 0, 2}, {9823, "##af", 2, 4}, {8057, "##fa", 4, 6}, {2165, "##ble", 6, 9}}},
		{"all-minilm-l6-v2", "unaffable", 30522, []Token{{14477, "una", 0, 3}, {20961, "##ffa", 3, 6}, {3468, "##ble", 6, 9}}},
		{"gte", "unaffable", 30522, []Token{{14477, "una", 0, 3}, {20961, "##ffa", 3, 6}, {3468, "##ble", 6, 9}}},
		{"wordlevel-wiki", "the", 30000, []Token{{2, "the", 0, 3}}},
		{"wordlevel-wiki", "unaffable", 30000, []Token{{0, "[UNK]", 0, 9}}},
	} {
		data, err := os.ReadFile(filepath.Join(dir, tc.name, "tokenizer.json"))
		if os.IsNotExist(err) {
			t.Skipf("%s not available", tc.name)
		}
		require.NoError(t, err)
		root, err := jsonValue{raw: data}.object()
		require.NoError(t, err)
		mv, ok := root.get("model")
		require.True(t, ok)
		m, err := loadModel(mv)
		require.NoError(t, err, tc.name)
		require.Equal(t, tc.size, m.VocabSize(), tc.name)
		got, err := m.Tokenize(nil, tc.word)
		require.NoError(t, err)
		require.Equal(t, tc.want, got, tc.name)
	}
}

// TestSyntheticWordPieceModels loads the models of the synthetic wp-* files
// (the wp-bad-* ones must fail, as in the reference) and, for the files
// whose only stage is the model, checks every expected encoding: there the
// whole text is one word.
func TestSyntheticWordPieceModels(t *testing.T) {
	files, err := filepath.Glob("../testdata/synthetic/wp-*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			root, err := jsonValue{raw: data}.object()
			require.NoError(t, err)
			mv, ok := root.get("model")
			require.True(t, ok)
			m, err := loadModel(mv)
			if strings.HasPrefix(name, "wp-bad-") {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			for _, k := range []string{"normalizer", "pre_tokenizer", "post_processor"} {
				if _, ok := root.present(k); ok {
					return
				}
			}
			if n := len(root.fields["added_tokens"]); n > 2 {
				return
			}
			golden, err := os.ReadFile(strings.TrimSuffix(file, ".json") + ".jsonl")
			require.NoError(t, err)
			checked := 0
			for _, line := range strings.Split(strings.TrimSpace(string(golden)), "\n") {
				var row struct {
					Text    *string  `json:"text"`
					Pair    *string  `json:"pair"`
					IDs     []uint32 `json:"ids"`
					Tokens  []string `json:"tokens"`
					Offsets [][2]int `json:"offsets"`
					Error   string   `json:"error"`
				}
				require.NoError(t, json.Unmarshal([]byte(line), &row))
				if row.Text == nil || row.Pair != nil || *row.Text == "" {
					continue
				}
				text := *row.Text
				got, err := m.Tokenize(nil, text)
				if row.Error != "" {
					require.EqualError(t, err, row.Error, "%q", text)
					continue
				}
				require.NoError(t, err, "%q", text)
				want := make([]Token, len(row.IDs))
				for i := range want {
					want[i] = Token{ID: row.IDs[i], Value: row.Tokens[i], Start: row.Offsets[i][0], End: row.Offsets[i][1]}
				}
				for i := range got {
					// The golden offsets count characters.
					got[i].Start = utf8.RuneCountInString(text[:got[i].Start])
					got[i].End = utf8.RuneCountInString(text[:got[i].End])
				}
				require.Equal(t, want, got, "%q", text)
				checked++
			}
			require.Greater(t, checked, 50)
		})
	}
}
