package tokenizer

import (
	"encoding/base64"
	"slices"
	"strings"

	"github.com/seed6642460b/tokenizers/normalizers"
)

// errNoNormalizerVariant is the reference's error for a normalizer it cannot
// read as any of its kinds.
const errNoNormalizerVariant = "data did not match any variant of untagged enum NormalizerUntagged"

// errRepeatedType explains the error of a normalizer or decoder whose type
// names a kind but could not be read as one.
const errRepeatedType = "\"type\" is repeated, or is a map with a repeated key, which makes the reference ignore it where it can"

// loadNormalizer reads a normalizer of tokenizer.json.
//
// The reference reads a normalizer in two ways. When "type" names one of its
// kinds (as a string, or as {"Name": null}), the object must be a valid
// normalizer of that kind, and errors say what is wrong with it. Otherwise
// (no "type", or one it does not know) it tries, in order, every kind, and
// takes the first the object is valid for; when none fits, the error says
// only that. The kinds without fields need their name as "type"; the others
// ignore it. (Precompiled is never found that way: its field cannot be read
// on that path.) Unknown keys are ignored everywhere.
//
// Duplicate keys: the reference first reads the outermost normalizer object
// as a struct with a "type" field, which fails when "type" is repeated (or
// is a map with a repeated key): it then takes the second way. Everything
// else is read from a serde_json::Value, where the last of duplicate keys
// wins, nested normalizers included.
func loadNormalizer(v jsonValue) (normalizers.Normalizer, error) {
	if v.kind() != '{' {
		return nil, v.errorf("invalid type: %s, expected struct Normalizer", v.describe())
	}
	o, err := v.object()
	if err != nil {
		return nil, err
	}
	if tv, ok := o.get("type"); ok && (v.viaValue || !o.isDup("type")) {
		if typ, ok := normalizerKind(tv); ok {
			return loadNormalizerTagged(o.asValue(), typ)
		}
	}
	return loadNormalizerUntagged(o.asValue())
}

// normalizerKinds are the type names the reference knows.
var normalizerKinds = []string{
	"Bert", "Strip", "StripAccents", "NFC", "NFD", "NFKC", "NFKD", "Sequence",
	"Lowercase", "Nmt", "Precompiled", "Replace", "Prepend", "ByteLevel",
}

// normalizerKind reads the "type" of a normalizer: a known kind name, as a
// string or as a map {"Name": null}.
func normalizerKind(v jsonValue) (string, bool) {
	name, ok := unitVariantOf(v)
	if !ok || !slices.Contains(normalizerKinds, name) {
		return "", false
	}
	return name, true
}

func loadNormalizerTagged(o *jsonObject, typ string) (normalizers.Normalizer, error) {
	switch typ {
	case "Bert":
		return loadBertNormalizer(o)
	case "Strip":
		return loadStripNormalizer(o)
	case "StripAccents":
		return normalizers.StripAccents{}, nil
	case "NFC":
		return normalizers.NFC{}, nil
	case "NFD":
		return normalizers.NFD{}, nil
	case "NFKC":
		return normalizers.NFKC{}, nil
	case "NFKD":
		return normalizers.NFKD{}, nil
	case "Sequence":
		return loadNormalizerSequence(o)
	case "Lowercase":
		return normalizers.Lowercase{}, nil
	case "Nmt":
		return normalizers.Nmt{}, nil
	case "Precompiled":
		return loadNormPrecompiled(o)
	case "Replace":
		return loadReplaceNormalizer(o)
	case "Prepend":
		return loadPrependNormalizer(o)
	case "ByteLevel":
		return normalizers.ByteLevel{}, nil
	}
	return nil, o.errorf("%s (type %q)", errNoNormalizerVariant, typ)
}

// loadNormalizerUntagged reads a normalizer the way the reference does when
// its "type" does not name a kind (or is repeated): as the first kind, in
// the reference's order, it is valid for.
func loadNormalizerUntagged(o *jsonObject) (normalizers.Normalizer, error) {
	typ := ""
	if tv, ok := o.get("type"); ok {
		typ, _ = unitVariantOf(tv)
	}
	for _, k := range normalizerKinds {
		var n normalizers.Normalizer
		var err error
		switch k {
		case "Bert":
			n, err = loadBertNormalizer(o)
		case "Strip":
			n, err = loadStripNormalizer(o)
		case "Sequence":
			n, err = loadNormalizerSequence(o)
		case "Replace":
			n, err = loadReplaceNormalizer(o)
		case "Prepend":
			n, err = loadPrependNormalizer(o)
		case "Precompiled":
			continue
		default:
			// A kind without fields, which must be named.
			if typ != k {
				continue
			}
			n, err = loadNormalizerTagged(o, k)
		}
		if err == nil {
			return n, nil
		}
	}
	if slices.Contains(normalizerKinds, typ) {
		return nil, o.errorf("%s (%s)", errNoNormalizerVariant, errRepeatedType)
	}
	return nil, o.errorf("%s", errNoNormalizerVariant)
}

func loadBertNormalizer(o *jsonObject) (normalizers.Normalizer, error) {
	var b normalizers.BertNormalizer
	var err error
	if b.CleanText, err = o.boolReq("clean_text"); err != nil {
		return nil, err
	}
	if b.HandleChineseChars, err = o.boolReq("handle_chinese_chars"); err != nil {
		return nil, err
	}
	if b.StripAccents, err = o.optBool("strip_accents"); err != nil {
		return nil, err
	}
	if b.Lowercase, err = o.boolReq("lowercase"); err != nil {
		return nil, err
	}
	return &b, nil
}

func loadStripNormalizer(o *jsonObject) (normalizers.Normalizer, error) {
	left, err := o.boolReq("strip_left")
	if err != nil {
		return nil, err
	}
	right, err := o.boolReq("strip_right")
	if err != nil {
		return nil, err
	}
	return normalizers.Strip{Left: left, Right: right}, nil
}

func loadNormalizerSequence(o *jsonObject) (normalizers.Normalizer, error) {
	v, err := o.required("normalizers")
	if err != nil {
		return nil, err
	}
	elems, err := v.array()
	if err != nil {
		return nil, err
	}
	seq := make(normalizers.Sequence, 0, len(elems))
	for _, e := range elems {
		if e.kind() != '{' {
			return nil, e.errorf("%s (a %s)", errNoNormalizerVariant, e.describe())
		}
		n, err := loadNormalizer(e)
		if err != nil {
			return nil, err
		}
		seq = append(seq, n)
	}
	return seq, nil
}

func loadPrependNormalizer(o *jsonObject) (normalizers.Normalizer, error) {
	s, err := o.stringReq("prepend")
	if err != nil {
		return nil, err
	}
	return normalizers.Prepend{Prefix: s}, nil
}

func loadReplaceNormalizer(o *jsonObject) (normalizers.Normalizer, error) {
	pv, err := o.required("pattern")
	if err != nil {
		return nil, err
	}
	p, err := loadNormReplacePattern(pv)
	if err != nil {
		return nil, err
	}
	content, err := o.stringReq("content")
	if err != nil {
		return nil, err
	}
	r, err := normalizers.NewReplace(p, content)
	if err != nil {
		return nil, pv.wrap(err)
	}
	return r, nil
}

// loadNormReplacePattern reads the pattern of Replace (normalizer and decoder):
// {"String": s} or {"Regex": r}.
func loadNormReplacePattern(v jsonValue) (normalizers.ReplacePattern, error) {
	var p normalizers.ReplacePattern
	if v.kind() == '"' {
		s, _ := v.str()
		return p, v.errorf("unknown variant `%s`, expected `String` or `Regex`", s)
	}
	o, err := v.object()
	if err != nil {
		return p, err
	}
	if len(o.fields) != 1 {
		return p, v.errorf("invalid value: map, expected map with a single key")
	}
	for k := range o.fields {
		x, _ := o.get(k)
		switch k {
		case "String":
		case "Regex":
			p.Regex = true
		default:
			return p, v.errorf("unknown variant `%s`, expected `String` or `Regex`", k)
		}
		if p.Value, err = x.str(); err != nil {
			return p, err
		}
	}
	return p, nil
}

// loadNormPrecompiled reads a Precompiled normalizer (SentencePiece's compiled
// normalization rules): "precompiled_charsmap" is the charsmap in standard
// base64 with padding, as the reference reads it. A charsmap the reference
// cannot parse, or one that would make it fail on some text (see
// [normalizers.NewPrecompiled]), is refused.
func loadNormPrecompiled(o *jsonObject) (normalizers.Normalizer, error) {
	v, err := o.required("precompiled_charsmap")
	if err != nil {
		return nil, err
	}
	s, err := v.str()
	if err != nil {
		return nil, err
	}
	if strings.ContainsAny(s, "\r\n") {
		return nil, v.errorf("invalid base64")
	}
	data, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, v.errorf("invalid base64: %v", err)
	}
	p, err := normalizers.NewPrecompiled(data)
	if err != nil {
		return nil, v.wrap(err)
	}
	return p, nil
}
