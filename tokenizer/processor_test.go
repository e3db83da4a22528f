package tokenizer

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// testEnc builds an encoding as a model gives it: ids, tokens, offsets,
// word ids 0, 1, ..., type id typeID.
func testEnc(typeID uint32, toks []string, offs ...Offset) Encoding {
	var e Encoding
	for i, t := range toks {
		e.appendToken(uint32(10+i), t, offs[i], i, typeID, false)
	}
	return e
}

// prepare does what the pipeline does before calling the post-processor.
func prepare(encs ...Encoding) []Encoding {
	for i := range encs {
		encs[i].SetSequenceID(i)
		for j := range encs[i].Overflowing {
			encs[i].Overflowing[j].SetSequenceID(i)
		}
		setAll(encs[i].TypeIDs, uint32(i))
	}
	return encs
}

// mergeAll merges what a post-processor returns, as the pipeline does.
func mergeAll(encs []Encoding) Encoding {
	var dst Encoding
	for i := range encs {
		if i == 0 {
			dst.copyFrom(&encs[0])
			continue
		}
		dst.mergeWith(&encs[i], false)
	}
	return dst
}

func mustLoadPP(t *testing.T, js string) PostProcessor {
	t.Helper()
	p, err := loadPostProcessor(jsonValue{path: "post_processor", raw: []byte(js)})
	if err != nil {
		t.Fatalf("load %s: %v", js, err)
	}
	return p
}

type encView struct {
	IDs      []uint32
	Types    []uint32
	Tokens   []string
	Offsets  []Offset
	Words    []int
	Special  []uint32
	Attn     []uint32
	Seqs     []int
	Overflow []encView
}

func view(e *Encoding) encView {
	v := encView{e.IDs, e.TypeIDs, e.Tokens, e.Offsets, e.WordIDs, e.SpecialTokensMask, e.AttentionMask, e.SequenceIDs(), nil}
	for i := range e.Overflowing {
		v.Overflow = append(v.Overflow, view(&e.Overflowing[i]))
	}
	return v
}

// TestBertProcessing follows the reference's bert_processing test.
func TestBertProcessing(t *testing.T) {
	p := mustLoadPP(t, `{"type":"BertProcessing","sep":["[SEP]",102],"cls":["[CLS]",101]}`)
	if p.AddedTokens(false) != 2 || p.AddedTokens(true) != 3 {
		t.Fatalf("added tokens %d %d", p.AddedTokens(false), p.AddedTokens(true))
	}
	enc := func() Encoding { return testEnc(0, []string{"Hello", "there"}, Offset{0, 5}, Offset{6, 11}) }
	pair := func() Encoding { return testEnc(1, []string{"pair"}, Offset{0, 4}) }

	out, err := p.ProcessEncodings(prepare(enc()), true)
	if err != nil {
		t.Fatal(err)
	}
	got := mergeAll(out)
	want := encView{
		IDs: []uint32{101, 10, 11, 102}, Types: []uint32{0, 0, 0, 0},
		Tokens:  []string{"[CLS]", "Hello", "there", "[SEP]"},
		Offsets: []Offset{{0, 0}, {0, 5}, {6, 11}, {0, 0}}, Words: []int{-1, 0, 1, -1},
		Special: []uint32{1, 0, 0, 1}, Attn: []uint32{1, 1, 1, 1}, Seqs: []int{-1, 0, 0, -1},
	}
	if v := view(&got); !reflect.DeepEqual(v, want) {
		t.Errorf("single:\n got %+v\nwant %+v", v, want)
	}

	out, err = p.ProcessEncodings(prepare(enc(), pair()), true)
	if err != nil {
		t.Fatal(err)
	}
	got = mergeAll(out)
	want = encView{
		IDs: []uint32{101, 10, 11, 102, 10, 102}, Types: []uint32{0, 0, 0, 0, 1, 1},
		Tokens:  []string{"[CLS]", "Hello", "there", "[SEP]", "pair", "[SEP]"},
		Offsets: []Offset{{0, 0}, {0, 5}, {6, 11}, {0, 0}, {0, 4}, {0, 0}}, Words: []int{-1, 0, 1, -1, 0, -1},
		Special: []uint32{1, 0, 0, 1, 0, 1}, Attn: []uint32{1, 1, 1, 1, 1, 1}, Seqs: []int{-1, 0, 0, -1, 1, -1},
	}
	if v := view(&got); !reflect.DeepEqual(v, want) {
		t.Errorf("pair:\n got %+v\nwant %+v", v, want)
	}

	out, err = p.ProcessEncodings(prepare(enc(), pair()), false)
	if err != nil {
		t.Fatal(err)
	}
	got = mergeAll(out)
	want = encView{
		IDs: []uint32{10, 11, 10}, Types: []uint32{0, 0, 1},
		Tokens:  []string{"Hello", "there", "pair"},
		Offsets: []Offset{{0, 5}, {6, 11}, {0, 4}}, Words: []int{0, 1, 0},
		Special: []uint32{0, 0, 0}, Attn: []uint32{1, 1, 1}, Seqs: []int{0, 0, 1},
	}
	if v := view(&got); !reflect.DeepEqual(v, want) {
		t.Errorf("pair without special tokens:\n got %+v\nwant %+v", v, want)
	}
}

// TestBertOverflowing checks that the overflowing parts get the special
// tokens too, and lose their own overflowing parts.
func TestBertOverflowing(t *testing.T) {
	p := mustLoadPP(t, `{"sep":["[SEP]",102],"cls":["[CLS]",101]}`)
	e := testEnc(0, []string{"a", "b"}, Offset{0, 1}, Offset{2, 3})
	o := testEnc(0, []string{"c"}, Offset{4, 5})
	o.Overflowing = []Encoding{testEnc(0, []string{"z"}, Offset{0, 1})}
	e.Overflowing = []Encoding{o}
	out, err := p.ProcessEncodings(prepare(e), true)
	if err != nil {
		t.Fatal(err)
	}
	got := view(&out[0].Overflowing[0])
	want := encView{
		IDs: []uint32{101, 10, 102}, Types: []uint32{0, 0, 0}, Tokens: []string{"[CLS]", "c", "[SEP]"},
		Offsets: []Offset{{0, 0}, {4, 5}, {0, 0}}, Words: []int{-1, 0, -1}, Special: []uint32{1, 0, 1},
		Attn: []uint32{1, 1, 1}, Seqs: []int{-1, 0, -1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("overflowing:\n got %+v\nwant %+v", got, want)
	}
}

// byteLevelStart is the encoding of the reference's process_chain test.
func byteLevelStart() Encoding {
	var e Encoding
	toks := []string{"Ġ", "ĠĠĠĠHelloĠĠ", "ĠĠHello", "HelloĠĠ", "ĠĠĠĠ"}
	offs := []Offset{{0, 1}, {0, 11}, {11, 18}, {18, 25}, {25, 29}}
	for i, tk := range toks {
		e.appendToken(0, tk, offs[i], -1, 0, false)
	}
	return e
}

// TestByteLevelTrimOffsets follows the reference's process_chain test of
// the Sequence post-processor.
func TestByteLevelTrimOffsets(t *testing.T) {
	for _, js := range []string{
		`{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true}`,
		`{"type":"Sequence","processors":[{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true}]}`,
	} {
		p := mustLoadPP(t, js)
		want := []Offset{{0, 0}, {4, 9}, {13, 18}, {18, 23}, {29, 29}}
		out, err := p.ProcessEncodings(prepare(byteLevelStart()), false)
		if err != nil {
			t.Fatal(err)
		}
		got := mergeAll(out)
		if !reflect.DeepEqual(got.Offsets, want) {
			t.Errorf("%s: offsets %v, want %v", js, got.Offsets, want)
		}
		out, err = p.ProcessEncodings(prepare(byteLevelStart(), byteLevelStart()), false)
		if err != nil {
			t.Fatal(err)
		}
		got = mergeAll(out)
		if w := append(want, want...); !reflect.DeepEqual(got.Offsets, w) {
			t.Errorf("%s: pair offsets %v, want %v", js, got.Offsets, w)
		}
		if w := []uint32{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}; !reflect.DeepEqual(got.TypeIDs, w) {
			t.Errorf("%s: pair type ids %v, want %v", js, got.TypeIDs, w)
		}
		if w := []int{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}; !reflect.DeepEqual(got.SequenceIDs(), w) {
			t.Errorf("%s: pair sequence ids %v, want %v", js, got.SequenceIDs(), w)
		}
	}
}

// TestTrimOffsetsWhitespace checks the trimming of tokens holding Unicode
// whitespace, counted in characters.
func TestTrimOffsetsWhitespace(t *testing.T) {
	e := testEnc(0, []string{"\u3000a", "a\u00a0\t", "Ġ", "ab", "\u2028\u2029", " a"},
		Offset{0, 2}, Offset{2, 5}, Offset{5, 6}, Offset{6, 8}, Offset{8, 10}, Offset{0, 2})
	trimByteLevelOffsets(&e, true)
	want := []Offset{{0, 2}, {2, 3}, {6, 6}, {6, 8}, {10, 10}, {0, 2}}
	if !reflect.DeepEqual(e.Offsets, want) {
		t.Errorf("offsets %v, want %v", e.Offsets, want)
	}
	e = testEnc(0, []string{"\u3000a", "  "}, Offset{0, 2}, Offset{0, 1})
	trimByteLevelOffsets(&e, false)
	if want := []Offset{{1, 2}, {1, 1}}; !reflect.DeepEqual(e.Offsets, want) {
		t.Errorf("offsets %v, want %v", e.Offsets, want)
	}
}

func TestRobertaProcessing(t *testing.T) {
	p := mustLoadPP(t, `{"type":"RobertaProcessing","sep":["</s>",2],"cls":["<s>",0],"trim_offsets":true,"add_prefix_space":false}`)
	if p.AddedTokens(false) != 2 || p.AddedTokens(true) != 4 {
		t.Fatalf("added tokens %d %d", p.AddedTokens(false), p.AddedTokens(true))
	}
	a := testEnc(0, []string{"Ġa", "b"}, Offset{0, 2}, Offset{2, 3})
	b := testEnc(1, []string{"Ġc"}, Offset{0, 2})
	out, err := p.ProcessEncodings(prepare(a, b), true)
	if err != nil {
		t.Fatal(err)
	}
	got := mergeAll(out)
	want := encView{
		IDs: []uint32{0, 10, 11, 2, 2, 10, 2}, Types: make([]uint32, 7),
		Tokens:  []string{"<s>", "Ġa", "b", "</s>", "</s>", "Ġc", "</s>"},
		Offsets: []Offset{{0, 0}, {1, 2}, {2, 3}, {0, 0}, {0, 0}, {1, 2}, {0, 0}}, Words: []int{-1, 0, 1, -1, -1, 0, -1},
		Special: []uint32{1, 0, 0, 1, 1, 0, 1}, Attn: []uint32{1, 1, 1, 1, 1, 1, 1}, Seqs: []int{-1, 0, 0, -1, -1, 1, -1},
	}
	if v := view(&got); !reflect.DeepEqual(v, want) {
		t.Errorf("pair:\n got %+v\nwant %+v", v, want)
	}
	// Without special tokens, type ids still become 0 and offsets are
	// still trimmed.
	a = testEnc(0, []string{"Ġa"}, Offset{0, 2})
	b = testEnc(1, []string{"Ġc"}, Offset{0, 2})
	out, err = p.ProcessEncodings(prepare(a, b), false)
	if err != nil {
		t.Fatal(err)
	}
	got = mergeAll(out)
	if !reflect.DeepEqual(got.TypeIDs, []uint32{0, 0}) || !reflect.DeepEqual(got.Offsets, []Offset{{1, 2}, {1, 2}}) {
		t.Errorf("without special tokens: types %v offsets %v", got.TypeIDs, got.Offsets)
	}
}

const testTemplate = `{"type":"TemplateProcessing",
	"single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}}],
	"pair":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}},
		{"Sequence":{"id":"B","type_id":1}},{"SpecialToken":{"id":"[SEP]","type_id":1}}],
	"special_tokens":{"[CLS]":{"id":"[CLS]","ids":[1],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[0],"tokens":["[SEP]"]}}}`

func TestTemplateAddedTokens(t *testing.T) {
	p := mustLoadPP(t, testTemplate)
	if p.AddedTokens(false) != 2 || p.AddedTokens(true) != 3 {
		t.Errorf("added tokens %d %d", p.AddedTokens(false), p.AddedTokens(true))
	}
	p = mustLoadPP(t, `{"single":[{"SpecialToken":{"id":"X","type_id":0}},{"SpecialToken":{"id":"M","type_id":0}}],"pair":[],
		"special_tokens":{"M":{"id":"M","ids":[1,2,3],"tokens":["a","b","c"]}}}`)
	if p.AddedTokens(false) != 3 || p.AddedTokens(true) != 0 {
		t.Errorf("added tokens %d %d", p.AddedTokens(false), p.AddedTokens(true))
	}
}

// TestTemplateFastPath checks that ProcessEncodings gives, once merged,
// what the reference's apply_template (processList) gives, for templates
// taking the in-place path and the others, with and without overflowing
// parts.
func TestTemplateFastPath(t *testing.T) {
	specials := `"special_tokens":{"C":{"id":"C","ids":[1],"tokens":["[CLS]"]},"S":{"id":"x","ids":[2],"tokens":["[SEP]"]},
		"M":{"id":"M","ids":[3,4],"tokens":["m1","m2"]},"E":{"id":"E","ids":[],"tokens":[]}}`
	piece := func(p string) string {
		name, ty, _ := strings.Cut(p, ":")
		if ty == "" {
			ty = "0"
		}
		if name == "A" || name == "B" {
			return `{"Sequence":{"id":"` + name + `","type_id":` + ty + `}}`
		}
		return `{"SpecialToken":{"id":"` + name + `","type_id":` + ty + `}}`
	}
	tmpl := func(s string) string {
		var ps []string
		for _, p := range strings.Fields(s) {
			ps = append(ps, piece(p))
		}
		return "[" + strings.Join(ps, ",") + "]"
	}
	templates := [][2]string{
		{"C A S", "C A S B:1 S:1"},
		{"M:3 E A:2 M", "M A:1 M:2 E B:3 S:4"},
		{"A", "A B:1"},
		{"A:1 S A:2", "B:1 S A B:3"},
		{"C", "B A"},
		{"S C", "A"},
		{"", ""},
	}
	inputs := func(overflow bool) [][]Encoding {
		a := func() Encoding {
			e := testEnc(0, []string{"a", "b", "c"}, Offset{0, 1}, Offset{2, 3}, Offset{4, 5})
			if overflow {
				e.Overflowing = []Encoding{testEnc(0, []string{"d"}, Offset{6, 7})}
			}
			return e
		}
		b := func() Encoding {
			e := testEnc(1, []string{"x", "y"}, Offset{0, 1}, Offset{1, 2})
			if overflow {
				e.Overflowing = []Encoding{testEnc(1, []string{"z"}, Offset{2, 3})}
			}
			return e
		}
		return [][]Encoding{{a()}, {a(), b()}}
	}
	for _, tp := range templates {
		js := `{"single":` + tmpl(tp[0]) + `,"pair":` + tmpl(tp[1]) + `,` + specials + `}`
		p := mustLoadPP(t, js).(*templateProcessing)
		for _, overflow := range []bool{false, true} {
			for k := range 2 {
				for _, add := range []bool{true, false} {
					in1, in2 := inputs(overflow)[k], inputs(overflow)[k]
					want, err1 := p.processList(prepare(in1...), add)
					got, err2 := p.ProcessEncodings(prepare(in2...), add)
					if (err1 == nil) != (err2 == nil) {
						t.Fatalf("%v: errors differ: %v, %v", tp, err1, err2)
					}
					if err1 != nil {
						continue
					}
					w, g := mergeAll(want), mergeAll(got)
					if !reflect.DeepEqual(view(&w), view(&g)) {
						t.Errorf("%v pair=%v add=%v overflow=%v:\n got %+v\nwant %+v", tp, k == 1, add, overflow, view(&g), view(&w))
					}
				}
			}
		}
	}
}

// TestTemplateReferencePanics checks the cases where the reference panics
// while encoding (a special token missing from the map, sequence B in the
// single template): they are errors when they matter, and nothing when
// special tokens are not added.
func TestTemplateReferencePanics(t *testing.T) {
	p := mustLoadPP(t, `{"single":[{"SpecialToken":{"id":"X","type_id":0}},{"Sequence":{"id":"A","type_id":0}}],"pair":[],"special_tokens":{}}`)
	if _, err := p.ProcessEncodings(prepare(testEnc(0, []string{"a"}, Offset{0, 1})), true); err == nil {
		t.Error("missing special token: no error")
	}
	out, err := p.ProcessEncodings(prepare(testEnc(0, []string{"a"}, Offset{0, 1})), false)
	if err != nil || len(out) != 1 || len(out[0].IDs) != 1 {
		t.Errorf("missing special token without special tokens: %v %v", out, err)
	}
	p = mustLoadPP(t, `{"single":[{"SpecialToken":{"id":"X","type_id":0}}],"pair":[],"special_tokens":{"X":{"id":"X","ids":[1,2],"tokens":["a"]}}}`)
	if _, err := p.ProcessEncodings(prepare(testEnc(0, []string{"a"}, Offset{0, 1})), true); err == nil {
		t.Error("ids and tokens of different lengths: no error")
	}
	p = mustLoadPP(t, `{"single":[{"Sequence":{"id":"B","type_id":0}}],"pair":[],"special_tokens":{}}`)
	if _, err := p.ProcessEncodings(prepare(testEnc(0, []string{"a"}, Offset{0, 1})), false); err == nil {
		t.Error("sequence B in single: no error")
	}
}

// TestLoadPostProcessor checks which variant loads, following the
// reference's untagged enum (checked with its Node binding).
func TestLoadPostProcessor(t *testing.T) {
	tests := []struct {
		js   string
		want string // type name, or "" for an error
	}{
		{`{"sep":["[SEP]",102],"cls":["[CLS]",101]}`, "*tokenizer.bertProcessing"},
		{`{"type":"Foo","sep":["[SEP]",102],"cls":["[CLS]",101]}`, "*tokenizer.bertProcessing"},
		{`{"type":"BertProcessing","sep":["[SEP]",102],"cls":["[CLS]",101],"trim_offsets":false,"add_prefix_space":false}`, "*tokenizer.robertaProcessing"},
		{`{"type":"RobertaProcessing","sep":["[SEP]",102],"cls":["[CLS]",101],"trim_offsets":null,"add_prefix_space":true}`, "*tokenizer.bertProcessing"},
		{`{"type":"RobertaProcessing","sep":["</s>",2]}`, ""},
		{`{"type":"BertProcessing","sep":["[SEP]",2.0],"cls":["[CLS]",1]}`, ""},
		{`{"type":"BertProcessing","sep":["[SEP]",-2],"cls":["[CLS]",1]}`, ""},
		{`{"type":"BertProcessing","sep":["[SEP]",2,3],"cls":["[CLS]",1]}`, ""},
		{`{"type":"BertProcessing","sep":[2,"[SEP]"],"cls":["[CLS]",1]}`, ""},
		{`{"type":"BertProcessing","sep":{"0":"[SEP]","1":2},"cls":["[CLS]",1]}`, ""},
		{`{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false}`, "*tokenizer.byteLevelProcessing"},
		{`{"type":{"ByteLevel":null},"add_prefix_space":true,"trim_offsets":false}`, "*tokenizer.byteLevelProcessing"},
		{`{"type":"ByteLevel","add_prefix_space":true}`, ""},
		{`{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":null}`, ""},
		{`{"add_prefix_space":true,"trim_offsets":false}`, ""},
		{`{"type":"Sequence","processors":[]}`, "*tokenizer.sequenceProcessing"},
		{`{"type":{"Sequence":null},"processors":[]}`, "*tokenizer.sequenceProcessing"},
		{`{"processors":[]}`, ""},
		{`{"type":"Sequence","processors":[{"type":"ByteLevel"}]}`, ""},
		{`{"single":[],"pair":[],"special_tokens":{}}`, "*tokenizer.templateProcessing"},
		{`{"type":"Whatever","single":[{"Sequence":{"id":"A","type_id":1}}],"pair":[],"special_tokens":{}}`, "*tokenizer.templateProcessing"},
		{`{"single":[{"Sequence":["A",2]}],"pair":[],"special_tokens":{}}`, "*tokenizer.templateProcessing"},
		{`{"single":[{"Sequence":{"id":{"A":null},"type_id":2}}],"pair":[],"special_tokens":{}}`, "*tokenizer.templateProcessing"},
		{`{"single":[{"Sequence":{"id":"A","type_id":1,"zz":3}}],"pair":[],"special_tokens":{}}`, "*tokenizer.templateProcessing"},
		{`{"single":[{"SpecialToken":["K",0]}],"pair":[],"special_tokens":{"K":["K",[1],["[CLS]"]]}}`, "*tokenizer.templateProcessing"},
		{`{"single":[{"SpecialToken":["K",0,1]}],"pair":[],"special_tokens":{"K":["K",[1],["[CLS]"]]}}`, ""},
		{`{"single":[{"Sequence":{"id":"a","type_id":2}}],"pair":[],"special_tokens":{}}`, ""},
		{`{"single":[{"Sequence":{"id":"A"}}],"pair":[],"special_tokens":{}}`, ""},
		{`{"single":[{"Sequence":{"id":"A","type_id":1},"SpecialToken":{"id":"x","type_id":0}}],"pair":[],"special_tokens":{}}`, ""},
		{`{"single":[{"Sequence":{"id":"A","type_id":-1}}],"pair":[],"special_tokens":{}}`, ""},
		{`{"single":[{"Sequence":{"id":"A","type_id":1.0}}],"pair":[],"special_tokens":{}}`, ""},
		{`{"single":[{"Sequence":{"id":"A","type_id":4294967296}}],"pair":[],"special_tokens":{}}`, ""},
		{`{"single":["$A"],"pair":[],"special_tokens":{}}`, ""},
		{`{"single":[{"Sequence":null}],"pair":[],"special_tokens":{}}`, ""},
		{`{"single":"[CLS] $A [SEP]","pair":"[CLS] $A [SEP] $B:1 [SEP]:1","special_tokens":{}}`, ""},
		{`{"single":[],"pair":[]}`, ""},
		{`{"single":[],"pair":null,"special_tokens":{}}`, ""},
		{`{"single":[],"pair":[],"special_tokens":[]}`, ""},
		{`{"single":[],"pair":[],"special_tokens":{"K":{"id":"K","ids":[-1],"tokens":["a"]}}}`, ""},
		{`{"single":[],"pair":[],"special_tokens":{"K":{"ids":[1],"tokens":["a"]}}}`, ""},
		{`{}`, ""},
		{`"x"`, ""},
		{`[]`, ""},
	}
	for _, tt := range tests {
		p, err := loadPostProcessor(jsonValue{path: "post_processor", raw: []byte(tt.js)})
		if tt.want == "" {
			if err == nil {
				t.Errorf("%s: loaded as %T, the reference refuses it", tt.js, p)
				continue
			}
			var le *LoadError
			if !errors.As(err, &le) || !strings.HasPrefix(le.Path, "post_processor") {
				t.Errorf("%s: error without a path: %v", tt.js, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.js, err)
			continue
		}
		if got := reflect.TypeOf(p).String(); got != tt.want {
			t.Errorf("%s: loaded as %s, want %s", tt.js, got, tt.want)
		}
	}
}

// TestLoadPostProcessorErrorPath checks that errors name where the problem
// is.
func TestLoadPostProcessorErrorPath(t *testing.T) {
	_, err := loadPostProcessor(jsonValue{path: "post_processor", raw: []byte(
		`{"type":"Sequence","processors":[{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false},{"type":"TemplateProcessing","single":[{"Sequence":{"id":"C","type_id":0}}],"pair":[],"special_tokens":{}}]}`)})
	if err == nil || !strings.Contains(err.Error(), "post_processor.processors[1].single[0].Sequence.id") {
		t.Errorf("error %v does not name post_processor.processors[1].single[0].Sequence.id", err)
	}
}

// TestProcessAllocations checks that the common post-processing paths do
// not allocate when the encodings have room for the special tokens.
func TestProcessAllocations(t *testing.T) {
	tmpl := mustLoadPP(t, testTemplate)
	bl := mustLoadPP(t, `{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true}`)
	mk := func(typeID uint32) Encoding {
		e := testEnc(typeID, []string{"Ġa", "b", "cĠ"}, Offset{0, 2}, Offset{2, 3}, Offset{3, 5})
		e.IDs = slices.Grow(e.IDs, 8)
		e.TypeIDs = slices.Grow(e.TypeIDs, 8)
		e.Tokens = slices.Grow(e.Tokens, 8)
		e.Offsets = slices.Grow(e.Offsets, 8)
		e.WordIDs = slices.Grow(e.WordIDs, 8)
		e.SpecialTokensMask = slices.Grow(e.SpecialTokensMask, 8)
		e.AttentionMask = slices.Grow(e.AttentionMask, 8)
		e.ranges = slices.Grow(e.ranges, 2)
		return e
	}
	a, b := mk(0), mk(1)
	encs := make([]Encoding, 2)
	for _, p := range []PostProcessor{tmpl, bl} {
		n := testing.AllocsPerRun(100, func() {
			encs[0], encs[1] = a, b
			encs[0].IDs, encs[1].IDs = encs[0].IDs[:3], encs[1].IDs[:3]
			encs[0].TypeIDs, encs[1].TypeIDs = encs[0].TypeIDs[:3], encs[1].TypeIDs[:3]
			encs[0].Tokens, encs[1].Tokens = encs[0].Tokens[:3], encs[1].Tokens[:3]
			encs[0].Offsets, encs[1].Offsets = encs[0].Offsets[:3], encs[1].Offsets[:3]
			encs[0].WordIDs, encs[1].WordIDs = encs[0].WordIDs[:3], encs[1].WordIDs[:3]
			encs[0].SpecialTokensMask, encs[1].SpecialTokensMask = encs[0].SpecialTokensMask[:3], encs[1].SpecialTokensMask[:3]
			encs[0].AttentionMask, encs[1].AttentionMask = encs[0].AttentionMask[:3], encs[1].AttentionMask[:3]
			if _, err := p.ProcessEncodings(encs, true); err != nil {
				t.Fatal(err)
			}
		})
		if n != 0 {
			t.Errorf("%T: %v allocations", p, n)
		}
	}
}
