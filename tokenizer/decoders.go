package tokenizer

import (
	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
)

// Decoders are loaded as the reference's DecoderWrapper deserializes them:
// when "type" names a decoder, the object is read as that decoder (and its
// errors are reported); otherwise (no type, or an unknown one) every decoder
// is tried in the reference's order, and the first the object is valid for
// wins: BPEDecoder, WordPiece, CTC, Replace and Strip ignore their "type",
// the others need theirs.
//
// Duplicate keys: as for normalizers (see loadNormalizer), a repeated "type"
// in the outermost decoder object (or a type map with a repeated key) makes
// the reference take the second way; everything else is read from a
// serde_json::Value, where the last of duplicate keys wins.

// decLoader returns the loader of a decoder type name the reference knows,
// or nil.
func decLoader(typ string) func(*jsonObject) (Decoder, error) {
	switch typ {
	case "BPEDecoder":
		return loadBPEDecoder
	case "ByteLevel":
		return loadByteLevelDecoder
	case "WordPiece":
		return loadWordPieceDecoder
	case "Metaspace":
		return loadMetaspaceDecoder
	case "CTC":
		return loadCTCDecoder
	case "Sequence":
		return loadSequenceDecoder
	case "Replace":
		return loadReplaceDecoder
	case "Fuse":
		return func(*jsonObject) (Decoder, error) { return fuseDecoder{}, nil }
	case "Strip":
		return loadStripDecoder
	case "ByteFallback":
		return func(*jsonObject) (Decoder, error) { return byteFallbackDecoder{}, nil }
	}
	return nil
}

// loadDecoder reads a decoder of tokenizer.json.
func loadDecoder(v jsonValue) (Decoder, error) {
	o, err := v.object()
	if err != nil {
		return nil, err
	}
	typ, _ := contentUnitVariant(o, "type")
	if load := decLoader(typ); load != nil && (v.viaValue || !o.isDup("type")) {
		return load(o.asValue())
	}
	o = o.asValue()
	if tv, ok := o.get("type"); ok {
		typ, _ = unitVariantOf(tv)
	}
	for _, name := range [...]string{"BPEDecoder", "ByteLevel", "WordPiece", "Metaspace", "CTC", "Sequence", "Replace", "Fuse", "Strip", "ByteFallback"} {
		switch name {
		case "BPEDecoder", "WordPiece", "CTC", "Replace", "Strip":
			// These ignore their type.
		case "Fuse", "ByteFallback":
			// These need the type as a string.
			if tv, _ := o.get("type"); tv.kind() != '"' || typ != name {
				continue
			}
		default:
			if typ != name {
				continue
			}
		}
		if d, err := decLoader(name)(o); err == nil {
			return d, nil
		}
	}
	if decLoader(typ) != nil {
		return nil, o.errorf("data did not match any variant of untagged enum DecoderUntagged (%s)", errRepeatedType)
	}
	if typ != "" {
		return nil, o.errorf("unknown decoder type %q: data did not match any variant of untagged enum DecoderUntagged", typ)
	}
	return nil, o.errorf("data did not match any variant of untagged enum DecoderUntagged")
}

func loadBPEDecoder(o *jsonObject) (Decoder, error) {
	suffix, err := o.stringReq("suffix")
	if err != nil {
		return nil, err
	}
	return &bpeDecoder{suffix: suffix}, nil
}

func loadByteLevelDecoder(o *jsonObject) (Decoder, error) {
	// The fields only matter to the pre-tokenizer and post-processor,
	// but the reference requires them (and saves them).
	var d byteLevelDecoder
	var err error
	if d.addPrefixSpace, err = o.boolReq("add_prefix_space"); err != nil {
		return nil, err
	}
	if d.trimOffsets, err = o.boolReq("trim_offsets"); err != nil {
		return nil, err
	}
	if d.useRegex, err = o.boolOr("use_regex", true); err != nil {
		return nil, err
	}
	return d, nil
}

func loadWordPieceDecoder(o *jsonObject) (Decoder, error) {
	prefix, err := o.stringReq("prefix")
	if err != nil {
		return nil, err
	}
	cleanup, err := o.boolReq("cleanup")
	if err != nil {
		return nil, err
	}
	return &wordPieceDecoder{prefix: prefix, cleanup: cleanup}, nil
}

func loadMetaspaceDecoder(o *jsonObject) (Decoder, error) {
	rv, err := o.required("replacement")
	if err != nil {
		return nil, err
	}
	rep, err := contentChar(rv)
	if err != nil {
		return nil, err
	}
	addPrefix, err := o.optBool("add_prefix_space")
	if err != nil {
		return nil, err
	}
	scheme := "always"
	if sv, ok := o.get("prepend_scheme"); ok {
		if scheme, err = readUnitVariant(sv, "first", "never", "always"); err != nil {
			return nil, err
		}
	}
	split, err := o.optBool("split")
	if err != nil {
		return nil, err
	}
	if _, err := o.optString("str_rep"); err != nil {
		return nil, err
	}
	// The legacy add_prefix_space: false means the scheme "never", and
	// contradicts any other scheme (including the default).
	if addPrefix != nil && !*addPrefix && scheme != "never" {
		return nil, o.errorf("add_prefix_space does not match declared prepend_scheme")
	}
	d := &metaspaceDecoder{replacement: string(rep), stripFirst: scheme != "never", split: split == nil || *split}
	d.scheme, _ = pretokenizers.ParsePrependScheme(scheme)
	return d, nil
}

func loadCTCDecoder(o *jsonObject) (Decoder, error) {
	pad, err := o.stringReq("pad_token")
	if err != nil {
		return nil, err
	}
	delim, err := o.stringReq("word_delimiter_token")
	if err != nil {
		return nil, err
	}
	cleanup, err := o.boolReq("cleanup")
	if err != nil {
		return nil, err
	}
	return &ctcDecoder{pad: pad, delimiter: delim, cleanup: cleanup}, nil
}

func loadSequenceDecoder(o *jsonObject) (Decoder, error) {
	v, err := o.required("decoders")
	if err != nil {
		return nil, err
	}
	elems, err := v.array()
	if err != nil {
		return nil, err
	}
	s := &sequenceDecoder{decoders: make([]Decoder, 0, len(elems))}
	for _, e := range elems {
		d, err := loadDecoder(e)
		if err != nil {
			return nil, err
		}
		s.decoders = append(s.decoders, d)
	}
	return s, nil
}

func loadReplaceDecoder(o *jsonObject) (Decoder, error) {
	pv, err := o.required("pattern")
	if err != nil {
		return nil, err
	}
	if pv.kind() != '{' {
		return nil, pv.errorf("invalid type: %s, expected string or map", pv.describe())
	}
	po, err := pv.object()
	if err != nil {
		return nil, err
	}
	if len(po.fields) != 1 {
		return nil, pv.errorf("invalid value: map, expected map with a single key")
	}
	d := &replaceDecoder{}
	if sv, ok := po.get("String"); ok {
		if d.literal, err = sv.str(); err != nil {
			return nil, err
		}
	} else if rv, ok := po.get("Regex"); ok {
		expr, err := rv.str()
		if err != nil {
			return nil, err
		}
		if d.re, err = normalizers.NewRegexPattern(expr); err != nil {
			return nil, rv.wrap(err)
		}
	} else {
		for k := range po.fields {
			return nil, pv.errorf("unknown variant `%s`, expected `String` or `Regex`", k)
		}
	}
	if d.content, err = o.stringReq("content"); err != nil {
		return nil, err
	}
	return d, nil
}

func loadStripDecoder(o *jsonObject) (Decoder, error) {
	cv, err := o.required("content")
	if err != nil {
		return nil, err
	}
	c, err := contentChar(cv)
	if err != nil {
		return nil, err
	}
	d := &stripDecoder{content: c}
	for _, f := range [...]struct {
		key string
		dst *int
	}{{"start", &d.start}, {"stop", &d.stop}} {
		v, err := o.required(f.key)
		if err != nil {
			return nil, err
		}
		n, err := v.uint(uint64(maxInt))
		if err != nil {
			return nil, err
		}
		*f.dst = int(n)
	}
	return d, nil
}
