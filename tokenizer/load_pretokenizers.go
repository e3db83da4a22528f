package tokenizer

import (
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
)

// errNoPreTokenizerVariant is the reference's error for a pre-tokenizer
// whose "type" it does not know (or that is missing).
const errNoPreTokenizerVariant = "data did not match any variant of untagged enum PreTokenizerUntagged"

// loadPreTokenizer reads a pre-tokenizer of tokenizer.json.
//
// The reference accepts the type names of its PreTokenizerWrapper enum,
// except "Delimiter", whose struct insists on the name "CharDelimiterSplit"
// (accepted through the untagged fallback). An enum value (the type
// included) may be written "Name" or {"Name": null}. Unknown keys are
// ignored.
//
// Of duplicate keys, the last wins: the reference reads pre-tokenizers from
// a serde_json::Value. (A repeated "type" in the outermost object makes it
// take its untagged path, but every pre-tokenizer checks its type there, so
// that the last type decides alike.)
func loadPreTokenizer(v jsonValue) (pretokenizers.PreTokenizer, error) {
	if v.kind() != '{' {
		return nil, v.errorf("invalid type: %s, expected struct PreTokenizer", v.describe())
	}
	o, err := v.object()
	if err != nil {
		return nil, err
	}
	o = o.asValue()
	tv, ok := o.get("type")
	if !ok {
		return nil, o.errorf("%s (no \"type\")", errNoPreTokenizerVariant)
	}
	typ, err := ptEnum(tv)
	if err != nil {
		return nil, o.errorf("%s (type: %v)", errNoPreTokenizerVariant, err)
	}
	switch typ {
	case "BertPreTokenizer":
		return pretokenizers.BertPreTokenizer{}, nil
	case "Whitespace":
		return pretokenizers.Whitespace{}, nil
	case "WhitespaceSplit":
		return pretokenizers.WhitespaceSplit{}, nil
	case "UnicodeScripts":
		return pretokenizers.UnicodeScripts{}, nil
	case "ByteLevel":
		return loadByteLevelPreTokenizer(o)
	case "Metaspace":
		return loadMetaspacePreTokenizer(o)
	case "Split":
		return loadSplitPreTokenizer(o)
	case "Punctuation":
		b := normalizers.Isolated
		if bv, ok := o.get("behavior"); ok {
			if b, err = ptBehavior(bv); err != nil {
				return nil, err
			}
		}
		return pretokenizers.Punctuation{Behavior: b}, nil
	case "Digits":
		individual, err := o.boolReq("individual_digits")
		if err != nil {
			return nil, err
		}
		return pretokenizers.Digits{IndividualDigits: individual}, nil
	case "FixedLength":
		n, err := o.uintOr("length", 5, 1<<64-1)
		if err != nil {
			return nil, err
		}
		// Lengths beyond the largest int cut nothing, as in the
		// reference.
		return pretokenizers.FixedLength{Length: int(min(n, uint64(maxInt)))}, nil
	case "Sequence":
		lv, err := o.required("pretokenizers")
		if err != nil {
			return nil, err
		}
		elems, err := lv.array()
		if err != nil {
			return nil, err
		}
		seq := make(pretokenizers.Sequence, 0, len(elems))
		for _, e := range elems {
			p, err := loadPreTokenizer(e)
			if err != nil {
				return nil, err
			}
			seq = append(seq, p)
		}
		return seq, nil
	case "Delimiter":
		return nil, tv.errorf("unknown variant `Delimiter`, expected `CharDelimiterSplit`")
	case "CharDelimiterSplit":
		// Only the untagged fallback knows this name: any problem
		// gives its generic error.
		dv, err := o.required("delimiter")
		if err == nil {
			var d rune
			if d, err = ptChar(dv); err == nil {
				return pretokenizers.CharDelimiterSplit{Delimiter: d}, nil
			}
		}
		return nil, o.errorf("%s (CharDelimiterSplit: %v)", errNoPreTokenizerVariant, err)
	}
	return nil, o.errorf("%s (unknown type %q)", errNoPreTokenizerVariant, typ)
}

func loadByteLevelPreTokenizer(o *jsonObject) (pretokenizers.PreTokenizer, error) {
	aps, err := o.boolReq("add_prefix_space")
	if err != nil {
		return nil, err
	}
	trim, err := o.boolReq("trim_offsets")
	if err != nil {
		return nil, err
	}
	useRegex, err := o.boolOr("use_regex", true)
	if err != nil {
		return nil, err
	}
	return pretokenizers.ByteLevel{AddPrefixSpace: aps, TrimOffsets: trim, UseRegex: useRegex}, nil
}

func loadMetaspacePreTokenizer(o *jsonObject) (pretokenizers.PreTokenizer, error) {
	rv, err := o.required("replacement")
	if err != nil {
		return nil, err
	}
	repl, err := ptChar(rv)
	if err != nil {
		return nil, err
	}
	aps, err := o.optBool("add_prefix_space")
	if err != nil {
		return nil, err
	}
	scheme := pretokenizers.PrependAlways
	if sv, ok := o.get("prepend_scheme"); ok {
		if scheme, err = ptPrependScheme(sv); err != nil {
			return nil, err
		}
	}
	split, err := o.optBool("split")
	if err != nil {
		return nil, err
	}
	// str_rep is ignored, but must be a string when set.
	if _, err := o.optString("str_rep"); err != nil {
		return nil, err
	}
	if aps != nil && !*aps {
		// The legacy add_prefix_space: false means the scheme "never",
		// and must agree with the scheme when there is one.
		if scheme != pretokenizers.PrependNever {
			return nil, o.errorf("add_prefix_space does not match declared prepend_scheme")
		}
	}
	return pretokenizers.NewMetaspace(repl, scheme, split == nil || *split), nil
}

func loadSplitPreTokenizer(o *jsonObject) (pretokenizers.PreTokenizer, error) {
	pv, err := o.required("pattern")
	if err != nil {
		return nil, err
	}
	kind, val, err := ptSplitPattern(pv)
	if err != nil {
		return nil, err
	}
	bv, err := o.required("behavior")
	if err != nil {
		return nil, err
	}
	behavior, err := ptBehavior(bv)
	if err != nil {
		return nil, err
	}
	invert, err := o.boolReq("invert")
	if err != nil {
		return nil, err
	}
	if kind == "String" {
		return pretokenizers.NewSplitString(val, behavior, invert), nil
	}
	s, err := pretokenizers.NewSplitRegex(val, behavior, invert)
	if err != nil {
		return nil, pv.errorf("%w", err)
	}
	return s, nil
}

// ptSplitPattern reads {"String": s} or {"Regex": r}.
func ptSplitPattern(v jsonValue) (kind, val string, err error) {
	if v.kind() == '"' {
		s, _ := v.str()
		return "", "", v.errorf("unknown variant `%s`, expected `String` or `Regex`", s)
	}
	o, err := v.object()
	if err != nil {
		return "", "", err
	}
	if len(o.fields) != 1 {
		return "", "", v.errorf("invalid value: map, expected map with a single key")
	}
	for k := range o.fields {
		kind = k
	}
	if kind != "String" && kind != "Regex" {
		return "", "", v.errorf("unknown variant `%s`, expected `String` or `Regex`", kind)
	}
	sv, _ := o.get(kind)
	val, err = sv.str()
	return kind, val, err
}

// ptEnum reads a unit variant of an enum: "Name" or {"Name": null}.
func ptEnum(v jsonValue) (string, error) {
	switch v.kind() {
	case '"':
		return v.str()
	case '{':
		o, err := v.object()
		if err != nil {
			return "", err
		}
		if len(o.fields) != 1 {
			return "", v.errorf("invalid value: map, expected map with a single key")
		}
		for k := range o.fields {
			if uv, _ := o.get(k); !uv.isNull() {
				return "", uv.errorf("invalid type: %s, expected unit", uv.describe())
			}
			return k, nil
		}
	}
	return "", v.errorf("invalid type: %s, expected string or map", v.describe())
}

// ptBehavior reads a SplitDelimiterBehavior.
func ptBehavior(v jsonValue) (normalizers.SplitBehavior, error) {
	name, err := ptEnum(v)
	if err != nil {
		return 0, err
	}
	b, err := normalizers.ParseSplitBehavior(name)
	if err != nil {
		return 0, v.errorf("unknown variant `%s`, expected one of `Removed`, `Isolated`, `MergedWithPrevious`, `MergedWithNext`, `Contiguous`", name)
	}
	return b, nil
}

// ptPrependScheme reads a Metaspace prepend scheme.
func ptPrependScheme(v jsonValue) (pretokenizers.PrependScheme, error) {
	name, err := ptEnum(v)
	if err != nil {
		return 0, err
	}
	s, err := pretokenizers.ParsePrependScheme(name)
	if err != nil {
		return 0, v.wrap(err)
	}
	return s, nil
}

// ptChar reads a string of exactly one character.
func ptChar(v jsonValue) (rune, error) {
	s, err := v.str()
	if err != nil {
		return 0, err
	}
	r, size := utf8.DecodeRuneInString(s)
	if s == "" || size != len(s) {
		return 0, v.errorf("invalid value: string %q, expected a character", s)
	}
	return r, nil
}
