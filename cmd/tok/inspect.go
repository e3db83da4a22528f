package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// cmdInspect prints the pipeline of a tokenizer readably: each stage with
// its type and options (as the tokenizer saves them, defaults filled in),
// the vocabulary and merges sizes, the added tokens, the post-processor's
// templates, and the default truncation and padding.
func cmdInspect(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("inspect", stderr)
	setHelp(fs, `Usage: tok inspect -t PATH|MODEL [--all]

Print the pipeline of the tokenizer, one stage a line with its type and
options (as the tokenizer saves them, defaults filled in): normalizer,
pre-tokenizer (the steps of a Sequence below it), model (vocabulary size,
merges, unknown token), added tokens (the first 10, or all with --all),
post-processor (templates, special tokens, how many it adds), decoder, and
the truncation and padding the file sets.
`)
	path := fs.String("t", "", tFlag)
	all := fs.Bool("all", false, "list every added token (else the first 10)")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q (the tokenizer goes after -t)", rest[0])
	}
	tk, err := load(*path)
	if err != nil {
		return err
	}
	// The saved document has every component's options, defaults filled
	// in and legacy forms updated: display it.
	doc, err := tk.AppendJSON(nil, false)
	if err != nil {
		return err
	}
	v, err := parseOrdered(doc)
	if err != nil {
		return err
	}
	root, ok := v.(jsonObj)
	if !ok {
		return errors.New("the saved tokenizer is not a JSON object")
	}
	w := bufio.NewWriter(stdout)
	r := inspector{w: w, tk: tk}
	fmt.Fprintf(w, "tokenizer: %s\n", *path)
	r.component("", "normalizer: ", root.get("normalizer"))
	r.component("", "pre-tokenizer: ", root.get("pre_tokenizer"))
	r.component("", "model: ", root.get("model"))
	r.addedTokens(*all)
	r.component("", "post-processor: ", root.get("post_processor"))
	fmt.Fprintf(w, "  special tokens added: %d to a text, %d to a pair\n", tk.NumSpecialTokens(false), tk.NumSpecialTokens(true))
	r.component("", "decoder: ", root.get("decoder"))
	r.component("", "truncation: ", root.get("truncation"))
	r.component("", "padding: ", root.get("padding"))
	return w.Flush()
}

type inspector struct {
	w  io.Writer
	tk *tokenizer.Tokenizer
}

// componentLists are the keys of the lists of components of the Sequence
// normalizer, pre-tokenizer, post-processor and decoder.
var componentLists = map[string]bool{"normalizers": true, "pretokenizers": true, "processors": true, "decoders": true}

// component prints the line label TYPE(option=value, ...) and, under it,
// the components of a Sequence and the details of a model or template.
func (r *inspector) component(indent, label string, v any) {
	o, ok := v.(jsonObj)
	if !ok {
		if v == nil {
			fmt.Fprintf(r.w, "%s%snone\n", indent, label)
		} else {
			fmt.Fprintf(r.w, "%s%s%s\n", indent, label, formatValue(v))
		}
		return
	}
	typ, _ := o.get("type").(string)
	var opts, details []string
	var children []any
	for _, kv := range o {
		switch {
		case kv.key == "type":
		case componentLists[kv.key]:
			children, _ = kv.val.([]any)
		case typ == "TemplateProcessing" && (kv.key == "single" || kv.key == "pair"):
			details = append(details, kv.key+": "+formatTemplate(kv.val))
		case typ == "TemplateProcessing" && kv.key == "special_tokens":
			details = append(details, "special_tokens: "+formatTemplateTokens(kv.val))
		case label == "model: " && (kv.key == "vocab" || kv.key == "merges"):
			// Counted below.
		default:
			opts = append(opts, kv.key+"="+formatValue(kv.val))
		}
	}
	if label == "model: " {
		details = append(details, r.modelDetails(o)...)
	}
	head := typ
	if len(opts) > 0 {
		if head == "" {
			head = strings.Join(opts, ", ")
		} else {
			head += "(" + strings.Join(opts, ", ") + ")"
		}
	}
	fmt.Fprintf(r.w, "%s%s%s\n", indent, label, head)
	for i, c := range children {
		r.component(indent+"  ", strconv.Itoa(i+1)+". ", c)
	}
	for _, d := range details {
		fmt.Fprintf(r.w, "%s  %s\n", indent, d)
	}
}

// modelDetails returns the sizes of a model's vocabulary and merges, and
// its unknown token.
func (r *inspector) modelDetails(o jsonObj) []string {
	var d []string
	s := fmt.Sprintf("vocabulary: %d tokens", r.tk.VocabSize(false))
	if n := r.tk.VocabSize(true); n != r.tk.VocabSize(false) {
		s += fmt.Sprintf(" (%d with the added tokens)", n)
	}
	d = append(d, s)
	if merges, ok := o.get("merges").([]any); ok {
		d = append(d, fmt.Sprintf("merges: %d", len(merges)))
	}
	if n, ok := o.get("unk_id").(json.Number); ok {
		if id, err := strconv.ParseUint(n.String(), 10, 32); err == nil {
			if tok, ok := r.tk.IDToToken(uint32(id)); ok {
				d = append(d, fmt.Sprintf("unknown token: %q (id %d)", tok, id))
			}
		}
	}
	if unk, ok := o.get("unk_token").(string); ok {
		if id, ok := r.tk.TokenToID(unk); ok {
			d = append(d, fmt.Sprintf("unknown token: %q (id %d)", unk, id))
		} else {
			d = append(d, fmt.Sprintf("unknown token: %q (not in the vocabulary)", unk))
		}
	}
	return d
}

// addedTokens prints the number of added tokens and the first ten (or all
// of them) with their ids and flags.
func (r *inspector) addedTokens(all bool) {
	added := r.tk.AddedTokens()
	special := 0
	for _, a := range added {
		if a.Special {
			special++
		}
	}
	fmt.Fprintf(r.w, "added tokens: %d (%d special)\n", len(added), special)
	const few = 10
	for i, a := range added {
		if i == few && !all {
			fmt.Fprintf(r.w, "  ... %d more (--all lists them)\n", len(added)-few)
			break
		}
		var flags []string
		if a.Special {
			flags = append(flags, "special")
		}
		if a.Normalized {
			flags = append(flags, "normalized")
		}
		if a.SingleWord {
			flags = append(flags, "single_word")
		}
		if a.LStrip {
			flags = append(flags, "lstrip")
		}
		if a.RStrip {
			flags = append(flags, "rstrip")
		}
		fmt.Fprintf(r.w, "  %d %s %s\n", a.ID, strconv.Quote(a.Content), strings.Join(flags, " "))
	}
}

// formatTemplate formats a TemplateProcessing template as its string form
// ("[CLS] $A [SEP] $B:1 [SEP]:1"), type ids shown when not 0.
func formatTemplate(v any) string {
	pieces, _ := v.([]any)
	var parts []string
	for _, p := range pieces {
		o, ok := p.(jsonObj)
		if !ok || len(o) != 1 {
			parts = append(parts, formatValue(p))
			continue
		}
		inner, _ := o[0].val.(jsonObj)
		id, _ := inner.get("id").(string)
		if o[0].key == "Sequence" {
			id = "$" + id
		}
		if t, ok := inner.get("type_id").(json.Number); ok && t.String() != "0" {
			id += ":" + t.String()
		}
		parts = append(parts, id)
	}
	return strings.Join(parts, " ")
}

// formatTemplateTokens formats the special tokens of a TemplateProcessing
// as "[CLS]=101, [SEP]=102".
func formatTemplateTokens(v any) string {
	o, _ := v.(jsonObj)
	var parts []string
	for _, kv := range o {
		tok, _ := kv.val.(jsonObj)
		ids, _ := tok.get("ids").([]any)
		s := make([]string, len(ids))
		for i, id := range ids {
			s[i] = formatValue(id)
		}
		idText := strings.Join(s, " ")
		if len(ids) != 1 {
			idText = "[" + idText + "]"
		}
		parts = append(parts, kv.key+"="+idText)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// formatValue formats an option's value compactly: strings quoted (the
// long ones, such as a precompiled charsmap, shortened), one-key objects
// such as a pattern {"Regex": "..."} as Regex("..."), long lists by their
// length.
func formatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		const long = 300
		if len(v) > long {
			return fmt.Sprintf("%s... (%d bytes)", strconv.Quote(v[:60]), len(v))
		}
		return strconv.Quote(v)
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case []any:
		if len(v) > 20 {
			return fmt.Sprintf("[%d items]", len(v))
		}
		s := make([]string, len(v))
		for i, e := range v {
			s[i] = formatValue(e)
		}
		return "[" + strings.Join(s, ", ") + "]"
	case jsonObj:
		if len(v) == 1 {
			if _, isObj := v[0].val.(jsonObj); !isObj {
				return v[0].key + "(" + formatValue(v[0].val) + ")"
			}
		}
		s := make([]string, len(v))
		for i, kv := range v {
			s[i] = kv.key + ": " + formatValue(kv.val)
		}
		return "{" + strings.Join(s, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// jsonObj is a JSON object with its keys in document order.
type jsonObj []jsonKV

type jsonKV struct {
	key string
	val any
}

// get returns the value of key, nil when absent.
func (o jsonObj) get(key string) any {
	for _, kv := range o {
		if kv.key == key {
			return kv.val
		}
	}
	return nil
}

// parseOrdered parses a JSON document into nil, bool, json.Number, string,
// []any and jsonObj values (objects keeping their key order).
func parseOrdered(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return parseValue(dec)
}

func parseValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return tok, nil
	}
	switch d {
	case '{':
		o := jsonObj{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			key, _ := k.(string)
			v, err := parseValue(dec)
			if err != nil {
				return nil, err
			}
			o = append(o, jsonKV{key, v})
		}
		_, err = dec.Token()
		return o, err
	case '[':
		a := []any{}
		for dec.More() {
			v, err := parseValue(dec)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err = dec.Token()
		return a, err
	}
	return nil, fmt.Errorf("unexpected %v", d)
}
