package tokenizer_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/seed6642460b/tokenizers/bpe"
	"github.com/seed6642460b/tokenizers/internal/bytelevel"
	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
	"github.com/seed6642460b/tokenizers/tokenizer"
	"github.com/seed6642460b/tokenizers/unigram"
	"github.com/seed6642460b/tokenizers/wordpiece"
)

// The pipelines below are built from Go values with every constructor of
// the package. Each is checked against files made from it once:
//
//   - testdata/save/built-NAME.json is what saving it writes (go test
//     -run TestBuilt -update-built rewrites them);
//   - testdata/save_synthetic.jsonl.gz holds what the reference writes
//     when it loads that file and saves it again (testdata/save-gen.js):
//     TestSaveSynthetic checks that it is the same file, so what the Go
//     constructors build is what the reference would have saved;
//   - testdata/save/built-NAME.jsonl is the reference's output for
//     inputs of testdata/save/inputs.jsonl (internal/tools/mkgolden.js over
//     the file), which the Go-built pipeline must match.

var updateBuilt = flag.Bool("update-built", false, "rewrite testdata/save/built-*.json from the Go-built pipelines")

type builtPipeline struct {
	name  string
	build func() (*tokenizer.Tokenizer, error)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// byteLevelBPE returns a small byte-level BPE model: the 256 byte
// characters and a few merges.
func byteLevelBPE(extra ...string) *bpe.Model {
	vocab := map[string]uint32{}
	for _, r := range bytelevel.Chars {
		vocab[string(r)] = uint32(len(vocab))
	}
	var merges [][2]string
	for _, m := range append([]string{"Ġ t", "h e", "Ġt he", "Ġ a", "i n", "Ġ w", "o r", "Ġw or", "l d", "Ġwor ld", "e r", "Ġ 'll", "' l", "'l l"}, extra...) {
		a, b, _ := strings.Cut(m, " ")
		merges = append(merges, [2]string{a, b})
		for _, tok := range []string{a, b, a + b} {
			if _, ok := vocab[tok]; !ok {
				vocab[tok] = uint32(len(vocab))
			}
		}
	}
	return must(bpe.New(bpe.Config{Vocab: vocab, Merges: merges}))
}

var builtPipelines = []builtPipeline{
	{"bert-like", buildBERTLike},
	{"bytelevel-bpe", func() (*tokenizer.Tokenizer, error) {
		bl := pretokenizers.ByteLevel{AddPrefixSpace: true, TrimOffsets: true, UseRegex: true}
		return tokenizer.New(tokenizer.Config{
			Normalizer:    normalizers.NFC{},
			PreTokenizer:  bl,
			Model:         tokenizer.BPEModel(byteLevelBPE()),
			PostProcessor: tokenizer.NewByteLevelProcessing(pretokenizers.ByteLevel{TrimOffsets: true}),
			Decoder:       tokenizer.NewByteLevelDecoder(bl),
			AddedTokens: []tokenizer.AddedToken{
				tokenizer.NewAddedToken("<|endoftext|>", true),
				{Content: "<mask>", LStrip: true, Special: true},
				{Content: "world", SingleWord: true, Normalized: true},
				{Content: "[R]", RStrip: true},
			},
			Truncation: &tokenizer.Truncation{MaxLength: 40, Stride: 2, Strategy: tokenizer.OnlyFirst, Direction: tokenizer.Left},
			Padding:    &tokenizer.Padding{Direction: tokenizer.Left, PadToMultipleOf: 8, PadID: 256, PadToken: "<|endoftext|>", PadTypeID: 1},
		})
	}},
	{"roberta", func() (*tokenizer.Tokenizer, error) {
		return tokenizer.New(tokenizer.Config{
			PreTokenizer:  pretokenizers.ByteLevel{TrimOffsets: true, UseRegex: true},
			Model:         tokenizer.BPEModel(byteLevelBPE("<s", ">", "</", "s>", "</s >")),
			PostProcessor: tokenizer.NewRobertaProcessing(tokenizer.SpecialToken{Token: "</s>", ID: 272}, tokenizer.SpecialToken{Token: "<s>", ID: 270}, true, false),
			Decoder:       tokenizer.NewByteLevelDecoder(pretokenizers.ByteLevel{}),
			AddedTokens:   []tokenizer.AddedToken{tokenizer.NewAddedToken("<s>", true), tokenizer.NewAddedToken("</s>", true)},
			Padding:       &tokenizer.Padding{Fixed: true, Length: 24, PadID: 1, PadToken: "<pad>"},
		})
	}},
	{"bert-processing", func() (*tokenizer.Tokenizer, error) {
		wl := must(wordpiece.NewWordLevel(map[string]uint32{"<unk>": 0, "[CLS]": 1, "[SEP]": 2, "hello": 3, "world": 4, "!": 5, "12": 6, "3": 7}, wordpiece.DefaultWordLevelConfig()))
		return tokenizer.New(tokenizer.Config{
			Normalizer: normalizers.Sequence{normalizers.Strip{Left: true, Right: true}, normalizers.NFD{}, normalizers.StripAccents{}, normalizers.Lowercase{}},
			PreTokenizer: pretokenizers.Sequence{
				pretokenizers.WhitespaceSplit{},
				pretokenizers.Punctuation{Behavior: normalizers.Isolated},
				pretokenizers.Digits{IndividualDigits: false},
			},
			Model:         tokenizer.WordLevelModel(wl),
			PostProcessor: tokenizer.NewBertProcessing(tokenizer.SpecialToken{Token: "[SEP]", ID: 2}, tokenizer.SpecialToken{Token: "[CLS]", ID: 1}),
			Decoder:       tokenizer.NewDecoderSequence(tokenizer.NewCTCDecoder("<unk>", "|", true), tokenizer.NewBPEDecoder("</w>")),
		})
	}},
	{"llama-like", func() (*tokenizer.Tokenizer, error) {
		vocab := map[string]uint32{"<unk>": 0, "<s>": 1, "</s>": 2}
		for b := range 256 {
			vocab[byteToken(byte(b))] = uint32(len(vocab))
		}
		merges := [][2]string{{"▁", "h"}, {"e", "l"}, {"▁h", "el"}, {"l", "o"}, {"▁hel", "lo"}, {"▁", "w"}}
		for _, m := range merges {
			for _, tok := range []string{m[0], m[1], m[0] + m[1]} {
				if _, ok := vocab[tok]; !ok {
					vocab[tok] = uint32(len(vocab))
				}
			}
		}
		model := must(bpe.New(bpe.Config{Vocab: vocab, Merges: merges, UnkToken: "<unk>", HasUnkToken: true, FuseUnk: true, ByteFallback: true}))
		single := must(tokenizer.ParseTemplate("<s> $A"))
		pair := must(tokenizer.ParseTemplate("<s>:0 $A:0 <s>:1 $B:1"))
		post := must(tokenizer.NewTemplateProcessing(single, pair, []tokenizer.TemplateToken{{Name: "<s>", IDs: []uint32{1}, Tokens: []string{"<s>"}}}))
		replace := must(normalizers.NewReplace(normalizers.ReplacePattern{Value: " "}, "▁"))
		return tokenizer.New(tokenizer.Config{
			Normalizer:    normalizers.Sequence{normalizers.Prepend{Prefix: "▁"}, replace},
			Model:         tokenizer.BPEModel(model),
			PostProcessor: post,
			Decoder: tokenizer.NewDecoderSequence(
				must(tokenizer.NewReplaceDecoder(normalizers.ReplacePattern{Value: "▁"}, " ")),
				tokenizer.NewByteFallbackDecoder(),
				tokenizer.NewFuseDecoder(),
				must(tokenizer.NewStripDecoder(' ', 1, 0)),
			),
			AddedTokens: []tokenizer.AddedToken{tokenizer.NewAddedToken("<unk>", true), tokenizer.NewAddedToken("<s>", true), tokenizer.NewAddedToken("</s>", true)},
		})
	}},
	{"metaspace", func() (*tokenizer.Tokenizer, error) {
		vocab := map[string]uint32{"<unk>": 0, "▁": 1, "h": 2, "e": 3, "l": 4, "o": 5, "▁h": 6, "el": 7, "▁hel": 8, "lo": 9, "▁hello": 10, "w": 11, "r": 12, "d": 13, "▁w": 14, "1": 15, "2": 16}
		merges := [][2]string{{"▁", "h"}, {"e", "l"}, {"▁h", "el"}, {"l", "o"}, {"▁hel", "lo"}, {"▁", "w"}}
		model := must(bpe.New(bpe.Config{Vocab: vocab, Merges: merges, UnkToken: "<unk>", HasUnkToken: true, Dropout: 0}))
		split := must(pretokenizers.NewSplitRegex(`\d+|\s+`, normalizers.MergedWithNext, false))
		return tokenizer.New(tokenizer.Config{
			Normalizer: normalizers.Sequence{normalizers.NFKD{}, normalizers.Nmt{}, must(normalizers.NewReplace(normalizers.ReplacePattern{Value: `\s+`, Regex: true}, " "))},
			PreTokenizer: pretokenizers.Sequence{
				split,
				pretokenizers.NewSplitString("-", normalizers.Contiguous, true),
				pretokenizers.NewMetaspace('▁', pretokenizers.PrependFirst, false),
			},
			Model:       tokenizer.BPEModel(model),
			Decoder:     tokenizer.NewMetaspaceDecoder('▁', pretokenizers.PrependFirst, false),
			AddedTokens: []tokenizer.AddedToken{tokenizer.NewAddedToken("<unk>", true), tokenizer.NewAddedToken("Hello", false)},
			Truncation:  &tokenizer.Truncation{MaxLength: 6, Strategy: tokenizer.LongestFirst},
		})
	}},
	{"sequence-processors", func() (*tokenizer.Tokenizer, error) {
		model := byteLevelBPE("<c", "ls>", "<cls>")
		clsID, _ := model.TokenToID("<cls>")
		post := must(tokenizer.NewTemplateProcessing(
			must(tokenizer.ParseTemplate("<cls> $0 <cls>:2")),
			must(tokenizer.ParseTemplate("$A <cls> $B:1")),
			[]tokenizer.TemplateToken{{Name: "<cls>", IDs: []uint32{clsID, clsID}, Tokens: []string{"<cls>", "<cls>"}}},
		))
		return tokenizer.New(tokenizer.Config{
			Normalizer: normalizers.Sequence{normalizers.ByteLevel{}},
			PreTokenizer: pretokenizers.Sequence{
				pretokenizers.UnicodeScripts{},
				pretokenizers.CharDelimiterSplit{Delimiter: 'Ġ'},
				pretokenizers.FixedLength{Length: 4},
			},
			Model:         tokenizer.BPEModel(model),
			PostProcessor: tokenizer.NewProcessorSequence(tokenizer.NewByteLevelProcessing(pretokenizers.ByteLevel{TrimOffsets: true, UseRegex: true}), post),
			Decoder:       tokenizer.NewDecoderSequence(tokenizer.NewByteLevelDecoder(pretokenizers.ByteLevel{}), must(tokenizer.NewReplaceDecoder(normalizers.ReplacePattern{Value: `o+`, Regex: true}, "0"))),
			AddedTokens:   []tokenizer.AddedToken{tokenizer.NewAddedToken("<cls>", true)},
		})
	}},
	{"unigram", func() (*tokenizer.Tokenizer, error) {
		pieces := []unigram.Piece{{Token: "<unk>", Score: 0}, {Token: "▁", Score: -2}, {Token: "▁he", Score: -1.5}, {Token: "llo", Score: -3.25}, {Token: "▁hello", Score: -1e-7}, {Token: "h", Score: -12.345678901234567}, {Token: "e", Score: -4}, {Token: "l", Score: -4}, {Token: "o", Score: -4}, {Token: "▁w", Score: -5.5e-20}, {Token: "or", Score: -100}, {Token: "ld", Score: -6.0000001}, {Token: "w", Score: -1e22}}
		model := must(unigram.New(pieces, unigram.Config{UnkID: 0}))
		return tokenizer.New(tokenizer.Config{
			PreTokenizer: pretokenizers.NewMetaspace('▁', pretokenizers.PrependAlways, true),
			Model:        tokenizer.UnigramModel(model),
			Decoder:      tokenizer.NewMetaspaceDecoder('▁', pretokenizers.PrependAlways, true),
		})
	}},
	{"wordpiece-bert-normalizer", func() (*tokenizer.Tokenizer, error) {
		no := false
		vocab := map[string]uint32{"[UNK]": 0, "héllo": 1, "wo": 2, "@@rld": 3, "中": 4, "文": 5, ",": 6}
		model := must(wordpiece.New(vocab, wordpiece.Config{UnkToken: "[UNK]", ContinuingSubwordPrefix: "@@", MaxInputCharsPerWord: 8}))
		return tokenizer.New(tokenizer.Config{
			Normalizer:   &normalizers.BertNormalizer{CleanText: true, HandleChineseChars: true, StripAccents: &no, Lowercase: true},
			PreTokenizer: pretokenizers.Whitespace{},
			Model:        tokenizer.WordPieceModel(model),
			Decoder:      tokenizer.NewWordPieceDecoder("@@", false),
		})
	}},
}

func byteToken(b byte) string {
	const hex = "0123456789ABCDEF"
	return string([]byte{'<', '0', 'x', hex[b>>4], hex[b&15], '>'})
}

func TestBuilt(t *testing.T) {
	for _, p := range builtPipelines {
		t.Run(p.name, func(t *testing.T) {
			tk, err := p.build()
			if err != nil {
				t.Fatal(err)
			}
			got, err := tk.AppendJSON(nil, false)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "save", "built-"+p.name+".json")
			if *updateBuilt {
				if err := os.WriteFile(path, got, 0o666); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			compareSaved(t, want, got)
			lines, err := readLines(strings.TrimSuffix(path, ".json") + ".jsonl")
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range lines {
				if d := compareLine(tk, line); d != "" {
					t.Errorf("line %d: %s\n  input: %s", i+1, d, short(inputOf(line)))
				}
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	if _, err := tokenizer.New(tokenizer.Config{}); err == nil {
		t.Error("New without a model: no error")
	}
	single := must(tokenizer.ParseTemplate("[CLS] $A"))
	for _, tc := range []struct {
		name         string
		single, pair tokenizer.Template
		special      []tokenizer.TemplateToken
		want         string
	}{
		{"missing special", single, nil, nil, "missing SpecialToken(s) with id(s) `[CLS]`"},
		{"pair without B", single, single, []tokenizer.TemplateToken{{Name: "[CLS]", IDs: []uint32{1}, Tokens: []string{"[CLS]"}}}, "must use both sequences"},
		{"lengths", single, nil, []tokenizer.TemplateToken{{Name: "[CLS]", IDs: []uint32{1, 2}, Tokens: []string{"[CLS]"}}}, "same length"},
		{"bad sequence", tokenizer.Template{{Seq: 2}}, nil, nil, "sequence 2"},
	} {
		_, err := tokenizer.NewTemplateProcessing(tc.single, tc.pair, tc.special)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := tokenizer.NewStripDecoder(' ', -1, 0); err == nil {
		t.Error("NewStripDecoder(-1): no error")
	}
	if _, err := tokenizer.NewReplaceDecoder(normalizers.ReplacePattern{Value: "(", Regex: true}, ""); err == nil {
		t.Error("NewReplaceDecoder with a bad regex: no error")
	}
}

func TestParseTemplate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want tokenizer.Template
		err  bool
	}{
		{in: "[CLS] $A [SEP]", want: tokenizer.Template{{Special: true, Name: "[CLS]"}, {}, {Special: true, Name: "[SEP]"}}},
		{in: "$B:1 [SEP]:1", want: tokenizer.Template{{Seq: 1, TypeID: 1}, {Special: true, Name: "[SEP]", TypeID: 1}}},
		{in: "$ $a $b $7 $7:2", want: tokenizer.Template{{}, {}, {Seq: 1}, {TypeID: 7}, {TypeID: 2}}},
		// Pieces are separated by single spaces: two make an empty name.
		{in: "$A  $B", want: tokenizer.Template{{}, {Special: true}, {Seq: 1}}},
		{in: "$C", err: true},
		{in: "$A:x", err: true},
		{in: "a:1:2", err: true},
		{in: "$A:-1", err: true},
	} {
		got, err := tokenizer.ParseTemplate(tc.in)
		if tc.err {
			if err == nil {
				t.Errorf("ParseTemplate(%q) = %v, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || len(got) != len(tc.want) {
			t.Errorf("ParseTemplate(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("ParseTemplate(%q)[%d] = %+v, want %+v", tc.in, i, got[i], tc.want[i])
			}
		}
	}
}

// notSaveable is a normalizer of another package without MarshalJSON.
type notSaveable struct{}

func (notSaveable) Normalize(*normalizers.NormalizedString) error { return nil }

// saveable is one with MarshalJSON, standing for a built-in one.
type saveable struct{ notSaveable }

func (saveable) MarshalJSON() ([]byte, error) { return []byte(`{"type": "NFC"}`), nil }

// countingProcessor adds one token id 0 at the end of the first encoding.
type countingProcessor struct{}

func (countingProcessor) AddedTokens(bool) int { return 1 }

func (countingProcessor) ProcessEncodings(encs []tokenizer.Encoding, add bool) ([]tokenizer.Encoding, error) {
	e := &encs[0]
	e.IDs = append(e.IDs, 0)
	e.TypeIDs = append(e.TypeIDs, 0)
	e.Tokens = append(e.Tokens, "a")
	e.Offsets = append(e.Offsets, tokenizer.Offset{})
	e.WordIDs = append(e.WordIDs, -1)
	e.SpecialTokensMask = append(e.SpecialTokensMask, 1)
	e.AttentionMask = append(e.AttentionMask, 1)
	return encs, nil
}

func TestSaveForeignComponents(t *testing.T) {
	model := must(wordpiece.NewWordLevel(map[string]uint32{"a": 0}, wordpiece.WordLevelConfig{UnkToken: "a"}))
	tk := must(tokenizer.New(tokenizer.Config{
		Normalizer: normalizers.Sequence{normalizers.NFC{}, notSaveable{}},
		Model:      tokenizer.WordLevelModel(model),
	}))
	_, err := tk.AppendJSON(nil, false)
	if err == nil || !strings.Contains(err.Error(), "normalizer.normalizers[1]") || !strings.Contains(err.Error(), "notSaveable") {
		t.Errorf("saving an unknown normalizer: got %v, want an error naming it and its place", err)
	}
	var buf bytes.Buffer
	if err := tk.WriteJSON(&buf, true); err == nil || buf.Len() != 0 {
		t.Errorf("WriteJSON: got %v and %d bytes written, want an error and nothing written", err, buf.Len())
	}
	if err := tk.Save(filepath.Join(t.TempDir(), "t.json"), false); err == nil {
		t.Error("Save: no error")
	}

	// A post-processor of another package in a Sequence runs through its
	// ProcessEncodings, and cannot be saved.
	tk = must(tokenizer.New(tokenizer.Config{
		Model:         tokenizer.WordLevelModel(model),
		PostProcessor: tokenizer.NewProcessorSequence(tokenizer.NewBertProcessing(tokenizer.SpecialToken{Token: "a", ID: 0}, tokenizer.SpecialToken{Token: "a", ID: 0}), countingProcessor{}),
	}))
	// "a a" is one unknown word: with the two tokens of BertProcessing
	// and the one of countingProcessor, 4 tokens.
	enc, err := tk.Encode("a a")
	if err != nil || len(enc.IDs) != 4 {
		t.Errorf("Sequence with a foreign post-processor: %v, %v", enc, err)
	}
	if _, err := tk.AppendJSON(nil, false); err == nil || !strings.Contains(err.Error(), "post_processor.processors[1]") {
		t.Errorf("saving a foreign post-processor: got %v", err)
	}

	tk = must(tokenizer.New(tokenizer.Config{
		Normalizer: normalizers.Sequence{normalizers.Lowercase{}, saveable{}},
		Model:      tokenizer.WordLevelModel(model),
	}))
	for _, pretty := range []bool{false, true} {
		got, err := tk.AppendJSON(nil, pretty)
		if err != nil {
			t.Fatal(err)
		}
		re, err := tokenizer.FromBytes(got)
		if err != nil {
			t.Fatalf("loading %s: %v", got, err)
		}
		again, _ := re.AppendJSON(nil, pretty)
		if !bytes.Equal(got, again) {
			t.Errorf("pretty=%v: saving a Marshaler component, reloading and saving:\n%s\n%s", pretty, got, again)
		}
	}
}

func TestSaveFile(t *testing.T) {
	tk, err := buildBERTLike()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tokenizer.json")
	if err := tk.Save(path, true); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tk.WriteJSON(&buf, true); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, buf.Bytes()) {
		t.Error("Save and WriteJSON differ")
	}
	compact, err := tk.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := tk.AppendJSON(nil, false); !bytes.Equal(compact, want) {
		t.Error("MarshalJSON and AppendJSON differ")
	}
	if err := tk.Save(filepath.Join(path, "nested"), false); err == nil {
		t.Error("Save into a file's path: no error")
	}
}

func TestConfigRoundTrip(t *testing.T) {
	tk, err := tokenizer.FromFile("../testdata/tokenizers/roberta-base/tokenizer.json")
	if err != nil {
		t.Fatal(err)
	}
	c := tk.Config()
	tk2, err := tokenizer.New(c)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := tk.AppendJSON(nil, false)
	b, _ := tk2.AppendJSON(nil, false)
	if !bytes.Equal(a, b) {
		t.Error("New(t.Config()) saves differently from t")
	}
	c.Truncation = &tokenizer.Truncation{MaxLength: 5}
	tk3, err := tokenizer.New(c)
	if err != nil {
		t.Fatal(err)
	}
	c.Truncation.MaxLength = 3 // New copied it
	enc, err := tk3.Encode("one two three four five six")
	if err != nil {
		t.Fatal(err)
	}
	if len(enc.IDs) != 5 || tk.Truncation() != nil {
		t.Errorf("variant: %d tokens, original truncation %v", len(enc.IDs), tk.Truncation())
	}
	if m, ok := tokenizer.AsBPE(tk.Model()); !ok || m.VocabSize() != 50265 {
		t.Errorf("AsBPE: %v %v", m, ok)
	}
	if _, ok := tokenizer.AsWordPiece(tk.Model()); ok {
		t.Error("AsWordPiece of a BPE model: ok")
	}
}

func TestVocab(t *testing.T) {
	tk, err := tokenizer.FromFile("../testdata/tokenizers/gpt2/tokenizer.json")
	if err != nil {
		t.Fatal(err)
	}
	// gpt2's one added token is in the vocabulary: it counts once.
	if n, m := tk.VocabSize(false), tk.VocabSize(true); n != 50257 || m != 50257 {
		t.Errorf("VocabSize = %d, %d; want 50257, 50257", n, m)
	}
	tk2, err := tk.WithAddedTokens([]tokenizer.AddedToken{tokenizer.NewAddedToken("<new>", false), tokenizer.NewAddedToken("hello", false)})
	if err != nil {
		t.Fatal(err)
	}
	if n := tk2.VocabSize(true); n != 50258 {
		t.Errorf("VocabSize(true) after adding = %d, want 50258", n)
	}
	v := tk2.Vocab(true)
	if len(v) != 50258 || v["<new>"] != 50257 || v["hello"] != 31373 {
		t.Errorf("Vocab(true): %d entries, <new> %d, hello %d", len(v), v["<new>"], v["hello"])
	}
	if _, ok := tk2.Vocab(false)["<new>"]; ok {
		t.Error("Vocab(false) holds an added token")
	}
	if _, ok := tk.TokenToID("<new>"); ok {
		t.Error("WithAddedTokens changed the original")
	}
}

// TestAddedTokensReference adds tokens in batches as testdata/added.jsonl
// says (testdata/added-gen.js made it with the reference) and checks the
// ids, flags, vocabulary sizes, saved file and encodings that result.
func TestAddedTokensReference(t *testing.T) {
	lines, err := readLines(filepath.Join("testdata", "added.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range lines {
		var c struct {
			Name, Tokenizer string
			Batches         [][]struct {
				Content                                       string
				Special                                       bool
				SingleWord, LeftStrip, RightStrip, Normalized *bool
			}
			VocabSize      int             `json:"vocab_size"`
			VocabSizeAdded int             `json:"vocab_size_added"`
			VocabLenAdded  int             `json:"vocab_len_added"`
			SavedSHA256    string          `json:"saved_sha256"`
			Added          json.RawMessage `json:"added_tokens"`
			Encodings      []struct {
				Text    string
				IDs     []uint32
				Tokens  []string
				Decoded string
			}
		}
		if err := json.Unmarshal(line, &c); err != nil {
			t.Fatal(err)
		}
		t.Run(c.Name, func(t *testing.T) {
			tk, err := tokenizer.FromFile(filepath.Join("..", "testdata", "tokenizers", c.Tokenizer, "tokenizer.json"))
			if err != nil {
				t.Fatal(err)
			}
			orig, _ := tk.AppendJSON(nil, false)
			cur := tk
			for _, batch := range c.Batches {
				var toks []tokenizer.AddedToken
				for _, b := range batch {
					a := tokenizer.NewAddedToken(b.Content, b.Special)
					for _, f := range []struct {
						src *bool
						dst *bool
					}{{b.SingleWord, &a.SingleWord}, {b.LeftStrip, &a.LStrip}, {b.RightStrip, &a.RStrip}, {b.Normalized, &a.Normalized}} {
						if f.src != nil {
							*f.dst = *f.src
						}
					}
					toks = append(toks, a)
				}
				if cur, err = cur.WithAddedTokens(toks); err != nil {
					t.Fatal(err)
				}
			}
			if n := cur.VocabSize(false); n != c.VocabSize {
				t.Errorf("VocabSize(false) = %d, want %d", n, c.VocabSize)
			}
			if n := cur.VocabSize(true); n != c.VocabSizeAdded {
				t.Errorf("VocabSize(true) = %d, want %d", n, c.VocabSizeAdded)
			}
			if n := len(cur.Vocab(true)); n != c.VocabLenAdded {
				t.Errorf("len(Vocab(true)) = %d, want %d", n, c.VocabLenAdded)
			}
			saved, err := cur.AppendJSON(nil, false)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Added json.RawMessage `json:"added_tokens"`
			}
			if err := json.Unmarshal(saved, &got); err != nil {
				t.Fatal(err)
			}
			var wantAdded, gotAdded any
			_ = json.Unmarshal(c.Added, &wantAdded)
			_ = json.Unmarshal(got.Added, &gotAdded)
			if d := firstJSONDiff("added_tokens", wantAdded, gotAdded); d != "" {
				t.Errorf("added tokens: %s", d)
			}
			if h := sha256.Sum256(saved); hex.EncodeToString(h[:]) != c.SavedSHA256 {
				t.Errorf("saved file differs from the reference's")
			}
			for _, e := range c.Encodings {
				enc, err := cur.Encode(e.Text)
				if err != nil {
					t.Fatal(err)
				}
				dec, err := cur.Decode(enc.IDs, true)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(enc.IDs, e.IDs) || !slices.Equal(enc.Tokens, e.Tokens) || dec != e.Decoded {
					t.Errorf("%q: got %v %q %q, want %v %q %q", e.Text, enc.IDs, enc.Tokens, dec, e.IDs, e.Tokens, e.Decoded)
				}
			}
			if again, _ := tk.AppendJSON(nil, false); !bytes.Equal(again, orig) {
				t.Error("adding tokens changed the original tokenizer")
			}
		})
	}
}
