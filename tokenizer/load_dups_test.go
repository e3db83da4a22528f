package tokenizer_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// dupDoc returns a small tokenizer.json with the given top-level members
// (raw JSON text, so that keys can repeat) replacing the defaults.
func dupDoc(over map[string]string) string {
	parts := map[string]string{
		"truncation":     `null`,
		"padding":        `null`,
		"added_tokens":   `[]`,
		"normalizer":     `null`,
		"pre_tokenizer":  `{"type":"WhitespaceSplit"}`,
		"post_processor": `null`,
		"decoder":        `null`,
		"model":          `{"type":"WordLevel","vocab":{"[UNK]":0,"a":1,"b":2,"[CLS]":3,"[SEP]":4},"unk_token":"[UNK]"}`,
	}
	for k, v := range over {
		parts[k] = v
	}
	var b strings.Builder
	b.WriteString(`{"version":"1.0"`)
	for _, k := range []string{"truncation", "padding", "added_tokens", "normalizer", "pre_tokenizer", "post_processor", "decoder", "model"} {
		b.WriteString(`,"` + k + `":` + parts[k])
	}
	b.WriteString("}")
	return b.String()
}

// TestLoadDuplicateKeysRefused checks that the duplicates the reference
// refuses are refused with an error naming where and which key. (Which
// duplicates the reference refuses or accepts is checked against it by the
// dup-*.json synthetic files.)
func TestLoadDuplicateKeysRefused(t *testing.T) {
	const template = `{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}}],"pair":[{"Sequence":{"id":"A","type_id":0}},{"Sequence":{"id":"B","type_id":1}}],"special_tokens":%s}`
	tpl := func(special string) string { return strings.Replace(template, "%s", special, 1) }
	for _, c := range []struct {
		name     string
		over     map[string]string
		path     string
		contains string
	}{
		{"added token field", map[string]string{"added_tokens": `[{"id":1,"content":"a","content":"b","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}]`},
			"added_tokens[0]", "duplicate field `content`"},
		{"truncation field", map[string]string{"truncation": `{"max_length":5,"max_length":6,"strategy":"LongestFirst","stride":0}`},
			"truncation", "duplicate field `max_length`"},
		{"truncation direction map", map[string]string{"truncation": `{"max_length":5,"strategy":"LongestFirst","stride":0,"direction":{"Left":null,"Left":null}}`},
			"truncation.direction", "single key"},
		{"padding field", map[string]string{"padding": `{"strategy":"BatchLongest","direction":"Left","pad_to_multiple_of":null,"pad_id":0,"pad_id":1,"pad_type_id":0,"pad_token":"[PAD]"}`},
			"padding", "duplicate field `pad_id`"},
		{"padding strategy map", map[string]string{"padding": `{"strategy":{"Fixed":3,"Fixed":4},"direction":"Left","pad_to_multiple_of":null,"pad_id":0,"pad_type_id":0,"pad_token":"[PAD]"}`},
			"padding.strategy", "single key"},
		{"model type", map[string]string{"model": `{"type":"WordLevel","type":"WordLevel","vocab":{"[UNK]":0},"unk_token":"[UNK]"}`},
			"model", "ModelUntagged"},
		{"bert processing field", map[string]string{"post_processor": `{"type":"BertProcessing","sep":["[SEP]",4],"cls":["[CLS]",3],"cls":["[CLS]",3]}`},
			"post_processor", "duplicate field `cls`"},
		{"bytelevel processing type", map[string]string{"post_processor": `{"type":"ByteLevel","type":"ByteLevel","add_prefix_space":true,"trim_offsets":true}`},
			"post_processor", "duplicate field `type`"},
		{"template piece", map[string]string{"post_processor": strings.Replace(tpl(`{}`), `{"Sequence":{"id":"A","type_id":0}}]`, `{"Sequence":{"id":"A","type_id":0},"Sequence":{"id":"A","type_id":0}}]`, 1)},
			"post_processor.single[1]", "single key"},
		{"template special token field", map[string]string{"post_processor": tpl(`{"[CLS]":{"id":"[CLS]","ids":[3],"ids":[3],"tokens":["[CLS]"]}}`)},
			"post_processor.special_tokens.[CLS]", "duplicate field `ids`"},
		{"template special token, first of a repeated key", map[string]string{"post_processor": tpl(`{"[CLS]":{"id":"[CLS]"},"[CLS]":{"id":"[CLS]","ids":[3],"tokens":["[CLS]"]}}`)},
			"post_processor.special_tokens.[CLS]", "missing field `ids`"},
		{"top-level key, first occurrence", map[string]string{"normalizer": `{"type":"Nope"},"normalizer":null`},
			"normalizer", "NormalizerUntagged"},
		{"top-level version", map[string]string{"truncation": `null,"version":"2.0"`},
			"version", "unknown tokenizer version"},
		{"unknown top-level key", map[string]string{"truncation": `null,"comment":1,"comment":2`},
			"comment", "unknown top-level key"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := tokenizer.FromBytes([]byte(dupDoc(c.over)))
			var le *tokenizer.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a *LoadError", err)
			}
			if le.Path != c.path || !strings.Contains(le.Err.Error(), c.contains) {
				t.Errorf("got %q, want path %q and an error containing %q", err, c.path, c.contains)
			}
		})
	}
}

// TestLoadDuplicateKeysLastWins checks, through the ids of a word, that the
// last of duplicate keys counts where the reference accepts them, including
// fields a reader looks up by name ("type" of a nested normalizer). The
// expected ids are the reference's.
func TestLoadDuplicateKeysLastWins(t *testing.T) {
	for _, c := range []struct {
		name string
		over map[string]string
		text string
		want []uint32
	}{
		{"top-level normalizer", map[string]string{"normalizer": `{"type":"Lowercase"},"normalizer":null`}, "A", []uint32{0}},
		{"top-level normalizer after null", map[string]string{"normalizer": `null,"normalizer":{"type":"Lowercase"}`}, "A", []uint32{1}},
		{"nested normalizer type", map[string]string{"normalizer": `{"type":"Sequence","normalizers":[{"type":"NFC","type":"Lowercase"}]}`}, "A", []uint32{1}},
		{"outer normalizer type", map[string]string{"normalizer": `{"type":"NFC","type":"Lowercase"}`}, "A", []uint32{1}},
		// A repeated outer type sends the reference to its untagged forms,
		// where Strip (which ignores its type) comes before Lowercase.
		{"outer normalizer type, untagged", map[string]string{"normalizer": `{"type":"Lowercase","type":"Lowercase","strip_left":true,"strip_right":true}`}, "A", []uint32{0}},
		{"replace pattern", map[string]string{"normalizer": `{"type":"Replace","pattern":{"String":"x","String":"A"},"content":"b","content":"a"}`}, "A", []uint32{1}},
		{"vocab entry", map[string]string{"model": `{"type":"WordLevel","vocab":{"[UNK]":0,"a":1,"a":2},"unk_token":"[UNK]"}`}, "a", []uint32{2}},
		{"model field", map[string]string{"model": `{"type":"WordLevel","vocab":{"[UNK]":0,"a":1},"unk_token":"[UNK]","unk_token":"a"}`}, "b", []uint32{1}},
		{"added tokens", map[string]string{"added_tokens": `[{"id":5,"content":"b","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}],"added_tokens":[]`}, "b", []uint32{2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tk, err := tokenizer.FromBytes([]byte(dupDoc(c.over)))
			if err != nil {
				t.Fatal(err)
			}
			e, err := tk.Encode(c.text)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(e.IDs, c.want) {
				t.Errorf("ids of %q: got %v, want %v", c.text, e.IDs, c.want)
			}
		})
	}
}
