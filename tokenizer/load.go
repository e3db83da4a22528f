package tokenizer

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// FromFile loads the tokenizer.json file at path.
func FromFile(path string) (*Tokenizer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: %w", err)
	}
	t, err := FromBytes(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// FromReader loads a tokenizer.json document from r.
func FromReader(r io.Reader) (*Tokenizer, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: %w", err)
	}
	return FromBytes(data)
}

// FromBytes loads a tokenizer.json document. It accepts what the reference
// (Hugging Face tokenizers 0.23.2) accepts: the current format and the legacy
// one whose model has no "type", and refuses what it refuses, with a
// [*LoadError] that says where the problem is.
func FromBytes(data []byte) (*Tokenizer, error) {
	if err := validateDocument(data); err != nil {
		return nil, &LoadError{Err: err}
	}
	root, err := jsonValue{raw: bytes.TrimSpace(data)}.object()
	if err != nil {
		return nil, err
	}
	b := &builder{}
	if v, ok := root.get("version"); ok {
		s, err := v.str()
		if err != nil {
			return nil, err
		}
		if s != "1.0" {
			return nil, v.errorf("unknown tokenizer version '%s'", s)
		}
	}
	if v, ok := root.present("truncation"); ok {
		if b.truncation, err = loadTruncation(v); err != nil {
			return nil, err
		}
	}
	if v, ok := root.present("padding"); ok {
		if b.padding, err = loadPadding(v); err != nil {
			return nil, err
		}
	}
	if v, ok := root.present("normalizer"); ok {
		if b.normalizer, err = loadNormalizer(v); err != nil {
			return nil, err
		}
	}
	if v, ok := root.present("pre_tokenizer"); ok {
		if b.preTokenizer, err = loadPreTokenizer(v); err != nil {
			return nil, err
		}
	}
	if v, ok := root.present("post_processor"); ok {
		if b.postProcessor, err = loadPostProcessor(v); err != nil {
			return nil, err
		}
	}
	if v, ok := root.present("decoder"); ok {
		if b.decoder, err = loadDecoder(v); err != nil {
			return nil, err
		}
	}
	mv, ok := root.get("model")
	if !ok {
		return nil, &LoadError{Err: fmt.Errorf("model missing")}
	}
	if b.model, err = loadModel(mv); err != nil {
		return nil, err
	}
	var added []AddedToken
	if v, ok := root.present("added_tokens"); ok {
		if added, err = loadAddedTokens(v); err != nil {
			return nil, err
		}
	}
	t, err := b.build(added)
	if err != nil {
		return nil, &LoadError{Path: "added_tokens", Err: err}
	}
	return t, nil
}

func loadTruncation(v jsonValue) (*Truncation, error) {
	o, err := v.object()
	if err != nil {
		return nil, err
	}
	t := &Truncation{}
	if d, ok := o.get("direction"); ok {
		if t.Direction, err = loadDirection(d); err != nil {
			return nil, err
		}
	}
	n, err := o.uintReq("max_length", uint64(maxInt))
	if err != nil {
		return nil, err
	}
	t.MaxLength = int(n)
	sv, err := o.required("strategy")
	if err != nil {
		return nil, err
	}
	s, err := sv.str()
	if err != nil {
		return nil, err
	}
	switch s {
	case "LongestFirst":
		t.Strategy = LongestFirst
	case "OnlyFirst":
		t.Strategy = OnlyFirst
	case "OnlySecond":
		t.Strategy = OnlySecond
	default:
		return nil, sv.errorf("unknown variant `%s`, expected one of `LongestFirst`, `OnlyFirst`, `OnlySecond`", s)
	}
	n, err = o.uintReq("stride", uint64(maxInt))
	if err != nil {
		return nil, err
	}
	t.Stride = int(n)
	return t, nil
}

func loadDirection(v jsonValue) (Direction, error) {
	s, err := v.str()
	if err != nil {
		return 0, err
	}
	switch s {
	case "Right":
		return Right, nil
	case "Left":
		return Left, nil
	}
	return 0, v.errorf("unknown variant `%s`, expected `Left` or `Right`", s)
}

func loadPadding(v jsonValue) (*Padding, error) {
	o, err := v.object()
	if err != nil {
		return nil, err
	}
	p := &Padding{}
	sv, err := o.required("strategy")
	if err != nil {
		return nil, err
	}
	switch sv.kind() {
	case '"':
		s, _ := sv.str()
		if s != "BatchLongest" {
			return nil, sv.errorf("unknown variant `%s`, expected `BatchLongest` or `Fixed`", s)
		}
	case '{':
		so, err := sv.object()
		if err != nil {
			return nil, err
		}
		fv, ok := so.get("Fixed")
		if !ok || len(so.fields) != 1 {
			return nil, sv.errorf("expected `BatchLongest` or {\"Fixed\": length}")
		}
		n, err := fv.uint(uint64(maxInt))
		if err != nil {
			return nil, err
		}
		p.Fixed, p.Length = true, int(n)
	default:
		return nil, sv.errorf("invalid type: %s, expected `BatchLongest` or {\"Fixed\": length}", sv.describe())
	}
	dv, err := o.required("direction")
	if err != nil {
		return nil, err
	}
	if p.Direction, err = loadDirection(dv); err != nil {
		return nil, err
	}
	if n, ok, err := o.optUint("pad_to_multiple_of", uint64(maxInt)); err != nil {
		return nil, err
	} else if ok {
		p.PadToMultipleOf = int(n)
	}
	n, err := o.uintReq("pad_id", maxU32)
	if err != nil {
		return nil, err
	}
	p.PadID = uint32(n)
	if n, err = o.uintReq("pad_type_id", maxU32); err != nil {
		return nil, err
	}
	p.PadTypeID = uint32(n)
	if p.PadToken, err = o.stringReq("pad_token"); err != nil {
		return nil, err
	}
	return p, nil
}

func loadAddedTokens(v jsonValue) ([]AddedToken, error) {
	elems, err := v.array()
	if err != nil {
		return nil, err
	}
	out := make([]AddedToken, 0, len(elems))
	for _, e := range elems {
		o, err := e.object()
		if err != nil {
			return nil, err
		}
		if _, err := o.uintReq("id", maxU32); err != nil {
			return nil, err
		}
		var t AddedToken
		if t.Content, err = o.stringReq("content"); err != nil {
			return nil, err
		}
		if t.SingleWord, err = o.boolReq("single_word"); err != nil {
			return nil, err
		}
		if t.LStrip, err = o.boolReq("lstrip"); err != nil {
			return nil, err
		}
		if t.RStrip, err = o.boolReq("rstrip"); err != nil {
			return nil, err
		}
		if t.Normalized, err = o.boolReq("normalized"); err != nil {
			return nil, err
		}
		if t.Special, err = o.boolReq("special"); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// loadModel reads the model, inferring its type from its fields when it has
// no "type", as the reference does: it tries BPE, WordPiece, WordLevel and
// Unigram in that order and takes the first that loads.
func loadModel(v jsonValue) (Model, error) {
	o, err := v.object()
	if err != nil {
		return nil, err
	}
	if tv, ok := o.get("type"); ok && tv.isNull() {
		return nil, tv.errorf("invalid type: null, expected a model type")
	}
	typ, err := o.typeName()
	if err != nil {
		return nil, err
	}
	switch typ {
	case "BPE":
		return loadBPE(o)
	case "WordPiece":
		return loadWordPiece(o)
	case "WordLevel":
		return loadWordLevel(o)
	case "Unigram":
		return loadUnigram(o)
	case "":
	default:
		// The reference falls back to inferring the type, which fails
		// for every known model once "type" names another one.
		return nil, o.errorf("unknown model type %q (expected BPE, WordPiece, WordLevel or Unigram)", typ)
	}
	var firstErr error
	for _, load := range []func(*jsonObject) (Model, error){loadBPE, loadWordPiece, loadWordLevel, loadUnigram} {
		m, err := load(o)
		if err == nil {
			return m, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, o.errorf("data did not match any variant of untagged enum ModelWrapper (BPE, WordPiece, WordLevel, Unigram); as BPE: %v", firstErr)
}

// ParseTruncation reads truncation settings in tokenizer.json's shape:
// {"max_length": 512, "strategy": "LongestFirst", "stride": 0,
// "direction": "Right"}. The JSON null gives nil (no truncation).
func ParseTruncation(data []byte) (*Truncation, error) {
	v := jsonValue{path: "truncation", raw: data}
	if v.isNull() {
		return nil, nil
	}
	return loadTruncation(v)
}

// ParsePadding reads padding settings in tokenizer.json's shape:
// {"strategy": "BatchLongest" or {"Fixed": 32}, "direction": "Right",
// "pad_to_multiple_of": null, "pad_id": 0, "pad_type_id": 0,
// "pad_token": "[PAD]"}. The JSON null gives nil (no padding).
func ParsePadding(data []byte) (*Padding, error) {
	v := jsonValue{path: "padding", raw: data}
	if v.isNull() {
		return nil, nil
	}
	return loadPadding(v)
}
