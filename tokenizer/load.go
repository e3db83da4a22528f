package tokenizer

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
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
	root, err := readDocument(data)
	if err != nil {
		return nil, err
	}
	// The reference's reader of the top level does not skip the value of a
	// key it does not know, and so fails on the colon that follows it.
	for _, k := range slices.Sorted(maps.Keys(root.fields)) {
		switch k {
		case "version", "truncation", "padding", "added_tokens", "normalizer",
			"pre_tokenizer", "post_processor", "decoder", "model":
		default:
			return nil, &LoadError{Path: k, Err: fmt.Errorf("unknown top-level key (the reference fails on it with \"expected `,` or `}`\")")}
		}
	}
	// The reference reads the top-level keys in turn and acts on each:
	// every occurrence of a repeated key must be valid, and the last one
	// counts. The readers below see the last; the others are checked here.
	if err := root.checkOverridden(checkTopLevel); err != nil {
		return nil, err
	}
	b := &builder{}
	if v, ok := root.get("version"); ok {
		if err := checkVersion(v); err != nil {
			return nil, err
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
	if v, ok := root.get("added_tokens"); ok {
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

func checkVersion(v jsonValue) error {
	s, err := v.str()
	if err != nil {
		return err
	}
	if s != "1.0" {
		return v.errorf("unknown tokenizer version '%s'", s)
	}
	return nil
}

// checkTopLevel reads the value of a top-level key as FromBytes does, for an
// occurrence of a repeated key that is not the last.
func checkTopLevel(key string, v jsonValue) error {
	var err error
	switch key {
	case "version":
		err = checkVersion(v)
	case "added_tokens":
		_, err = loadAddedTokens(v)
	case "model":
		_, err = loadModel(v)
	}
	if err != nil || v.isNull() {
		return err
	}
	switch key {
	case "truncation":
		_, err = loadTruncation(v)
	case "padding":
		_, err = loadPadding(v)
	case "normalizer":
		_, err = loadNormalizer(v)
	case "pre_tokenizer":
		_, err = loadPreTokenizer(v)
	case "post_processor":
		_, err = loadPostProcessor(v)
	case "decoder":
		_, err = loadDecoder(v)
	}
	return err
}

func loadTruncation(v jsonValue) (*Truncation, error) {
	o, err := v.structObject("TruncationParams", "direction", "max_length", "strategy", "stride")
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
	s, err := readUnitVariant(sv, "LongestFirst", "OnlyFirst", "OnlySecond")
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
	}
	n, err = o.uintReq("stride", uint64(maxInt))
	if err != nil {
		return nil, err
	}
	t.Stride = int(n)
	return t, nil
}

// loadDirection reads a truncation or padding direction: "Left" or "Right",
// or the map form of a unit variant, {"Left": null}.
func loadDirection(v jsonValue) (Direction, error) {
	s, err := readUnitVariant(v, "Left", "Right")
	if err != nil {
		return 0, err
	}
	if s == "Left" {
		return Left, nil
	}
	return Right, nil
}

func loadPadding(v jsonValue) (*Padding, error) {
	o, err := v.structObject("PaddingParams", "strategy", "direction", "pad_to_multiple_of", "pad_id", "pad_type_id", "pad_token")
	if err != nil {
		return nil, err
	}
	p := &Padding{}
	sv, err := o.required("strategy")
	if err != nil {
		return nil, err
	}
	if p.Fixed, p.Length, err = loadPaddingStrategy(sv); err != nil {
		return nil, err
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

// loadPaddingStrategy reads the padding strategy, an enum with the unit
// variant BatchLongest and the newtype variant Fixed: "BatchLongest",
// {"BatchLongest": null} or {"Fixed": length}.
func loadPaddingStrategy(v jsonValue) (fixed bool, length int, err error) {
	switch v.kind() {
	case '"':
		s, err := v.str()
		if err != nil {
			return false, 0, err
		}
		switch s {
		case "BatchLongest":
			return false, 0, nil
		case "Fixed":
			return false, 0, v.errorf("invalid type: unit variant, expected newtype variant")
		}
		return false, 0, v.errorf("unknown variant `%s`, expected `BatchLongest` or `Fixed`", s)
	case '{':
		o, err := v.object()
		if err != nil {
			return false, 0, err
		}
		if !o.singleEntry() {
			return false, 0, v.errorf("invalid value: map, expected map with a single key%s", o.repeated())
		}
		for k := range o.fields {
			x, _ := o.get(k)
			switch k {
			case "BatchLongest":
				if !x.isNull() {
					return false, 0, x.errorf("invalid type: %s, expected unit", x.describe())
				}
				return false, 0, nil
			case "Fixed":
				n, err := x.uint(uint64(maxInt))
				return true, int(n), err
			}
			return false, 0, v.errorf("unknown variant `%s`, expected `BatchLongest` or `Fixed`", k)
		}
	}
	return false, 0, v.errorf("invalid type: %s, expected `BatchLongest` or {\"Fixed\": length}", v.describe())
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
		if err := o.refuseDups("id", "content", "single_word", "lstrip", "rstrip", "normalized", "special"); err != nil {
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
//
// The reference reads the model from a serde_json::Value, where the last of
// duplicate keys wins, after reading its "type" from the document: a repeated
// "type" (or a type map with a repeated key) sends it to the inference,
// which fails for every model once there is a "type" key.
func loadModel(v jsonValue) (Model, error) {
	o, err := v.object()
	if err != nil {
		return nil, err
	}
	if tv, ok := o.get("type"); ok {
		if tv.isNull() {
			return nil, tv.errorf("invalid type: null, expected a model type")
		}
		typ, ok := unitVariantOf(tv)
		if !ok || (!v.viaValue && o.isDup("type")) {
			return nil, o.errorf("data did not match any variant of untagged enum ModelUntagged (the \"type\" is repeated or is not a model type)")
		}
		// The tagged model is read without its type.
		rest := o.without("type").asValue()
		switch typ {
		case "BPE":
			return loadBPE(rest)
		case "WordPiece":
			return loadWordPiece(rest)
		case "WordLevel":
			return loadWordLevel(rest)
		case "Unigram":
			return loadUnigram(rest)
		}
		// The reference falls back to inferring the type, which fails
		// for every known model once "type" names another one.
		return nil, o.errorf("unknown model type %q (expected BPE, WordPiece, WordLevel or Unigram)", typ)
	}
	o = o.asValue()
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
