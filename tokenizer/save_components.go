package tokenizer

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
)

// Each component is written as the reference serializes it: a "type" tag
// first (the name of the reference's struct), then its fields in
// declaration order. Components are recognized by their concrete type;
// any other type must implement json.Marshaler. The path argument is where
// the component sits in the document, for errors.

// errNotSerializable returns the error for a component that cannot be
// saved.
func errNotSerializable(path, what string, v any) error {
	return fmt.Errorf("tokenizer: cannot save %s %s: %T is not a built-in %s and does not implement json.Marshaler", what, path, v, what)
}

// writeMarshaler writes a component of a type this package does not know,
// which must implement json.Marshaler.
func writeMarshaler(w *jsonWriter, v any, path, what string) error {
	m, ok := v.(json.Marshaler)
	if !ok {
		return errNotSerializable(path, what, v)
	}
	data, err := m.MarshalJSON()
	if err != nil {
		return fmt.Errorf("tokenizer: saving %s %s (%T): %w", what, path, v, err)
	}
	if err := w.raw(data); err != nil {
		return fmt.Errorf("tokenizer: saving %s %s (%T): invalid JSON: %w", what, path, v, err)
	}
	return nil
}

func elemPath(path, key string, i int) string {
	return path + "." + key + "[" + strconv.Itoa(i) + "]"
}

// writePattern writes the pattern of Split and Replace: {"String": s} or
// {"Regex": r}.
func writePattern(w *jsonWriter, value string, regex bool) {
	w.beginObject()
	if regex {
		w.fieldStr("Regex", value)
	} else {
		w.fieldStr("String", value)
	}
	w.endObject()
}

func writeNormalizer(w *jsonWriter, n Normalizer, path string) error {
	switch n := n.(type) {
	case nil:
		w.null()
	case *normalizers.BertNormalizer:
		if n == nil {
			return errNilComponent("normalizer", path)
		}
		writeBertNormalizer(w, n)
	case normalizers.Strip:
		w.typed("Strip")
		w.fieldBool("strip_left", n.Left)
		w.fieldBool("strip_right", n.Right)
		w.endObject()
	case *normalizers.Strip:
		if n == nil {
			return errNilComponent("normalizer", path)
		}
		return writeNormalizer(w, *n, path)
	case normalizers.Prepend:
		w.typed("Prepend")
		w.fieldStr("prepend", n.Prefix)
		w.endObject()
	case *normalizers.Prepend:
		if n == nil {
			return errNilComponent("normalizer", path)
		}
		return writeNormalizer(w, *n, path)
	case *normalizers.Replace:
		if n == nil {
			return errNilComponent("normalizer", path)
		}
		w.typed("Replace")
		w.key("pattern")
		p := n.Pattern()
		writePattern(w, p.Value, p.Regex)
		w.fieldStr("content", n.Content())
		w.endObject()
	case normalizers.Sequence:
		w.typed("Sequence")
		w.key("normalizers")
		w.beginArray()
		for i, e := range n {
			ep := elemPath(path, "normalizers", i)
			if e == nil {
				return errNilComponent("normalizer", ep)
			}
			if err := writeNormalizer(w, e, ep); err != nil {
				return err
			}
		}
		w.endArray()
		w.endObject()
	case *normalizers.Sequence:
		if n == nil {
			return errNilComponent("normalizer", path)
		}
		return writeNormalizer(w, *n, path)
	case normalizers.StripAccents, *normalizers.StripAccents:
		w.typed("StripAccents")
		w.endObject()
	case normalizers.NFC, *normalizers.NFC:
		w.typed("NFC")
		w.endObject()
	case normalizers.NFD, *normalizers.NFD:
		w.typed("NFD")
		w.endObject()
	case normalizers.NFKC, *normalizers.NFKC:
		w.typed("NFKC")
		w.endObject()
	case normalizers.NFKD, *normalizers.NFKD:
		w.typed("NFKD")
		w.endObject()
	case normalizers.Lowercase, *normalizers.Lowercase:
		w.typed("Lowercase")
		w.endObject()
	case normalizers.Nmt, *normalizers.Nmt:
		w.typed("Nmt")
		w.endObject()
	case normalizers.ByteLevel, *normalizers.ByteLevel:
		w.typed("ByteLevel")
		w.endObject()
	case *normalizers.Precompiled:
		if n == nil {
			return errNilComponent("normalizer", path)
		}
		w.typed("Precompiled")
		w.fieldStr("precompiled_charsmap", base64.StdEncoding.EncodeToString(n.CharsMap()))
		w.endObject()
	default:
		return writeMarshaler(w, n, path, "normalizer")
	}
	return nil
}

func writeBertNormalizer(w *jsonWriter, n *normalizers.BertNormalizer) {
	w.typed("BertNormalizer")
	w.fieldBool("clean_text", n.CleanText)
	w.fieldBool("handle_chinese_chars", n.HandleChineseChars)
	w.key("strip_accents")
	if n.StripAccents == nil {
		w.null()
	} else {
		w.bool(*n.StripAccents)
	}
	w.fieldBool("lowercase", n.Lowercase)
	w.endObject()
}

func writePreTokenizer(w *jsonWriter, p PreTokenizer, path string) error {
	switch p := p.(type) {
	case nil:
		w.null()
	case pretokenizers.BertPreTokenizer, *pretokenizers.BertPreTokenizer:
		w.typed("BertPreTokenizer")
		w.endObject()
	case pretokenizers.Whitespace, *pretokenizers.Whitespace:
		w.typed("Whitespace")
		w.endObject()
	case pretokenizers.WhitespaceSplit, *pretokenizers.WhitespaceSplit:
		w.typed("WhitespaceSplit")
		w.endObject()
	case pretokenizers.UnicodeScripts, *pretokenizers.UnicodeScripts:
		w.typed("UnicodeScripts")
		w.endObject()
	case pretokenizers.ByteLevel:
		writeByteLevel(w, p.AddPrefixSpace, p.TrimOffsets, p.UseRegex)
	case *pretokenizers.ByteLevel:
		if p == nil {
			return errNilComponent("pre-tokenizer", path)
		}
		writeByteLevel(w, p.AddPrefixSpace, p.TrimOffsets, p.UseRegex)
	case *pretokenizers.Metaspace:
		if p == nil {
			return errNilComponent("pre-tokenizer", path)
		}
		writeMetaspace(w, p.Replacement(), p.PrependScheme(), p.SplitEnabled())
	case *pretokenizers.Split:
		if p == nil {
			return errNilComponent("pre-tokenizer", path)
		}
		w.typed("Split")
		w.key("pattern")
		src, regex := p.Pattern()
		writePattern(w, src, regex)
		w.fieldStr("behavior", p.Behavior().String())
		w.fieldBool("invert", p.Invert())
		w.endObject()
	case pretokenizers.Punctuation:
		w.typed("Punctuation")
		w.fieldStr("behavior", p.Behavior.String())
		w.endObject()
	case *pretokenizers.Punctuation:
		if p == nil {
			return errNilComponent("pre-tokenizer", path)
		}
		return writePreTokenizer(w, *p, path)
	case pretokenizers.Digits:
		w.typed("Digits")
		w.fieldBool("individual_digits", p.IndividualDigits)
		w.endObject()
	case *pretokenizers.Digits:
		if p == nil {
			return errNilComponent("pre-tokenizer", path)
		}
		return writePreTokenizer(w, *p, path)
	case pretokenizers.CharDelimiterSplit:
		w.typed("CharDelimiterSplit")
		w.fieldStr("delimiter", string(p.Delimiter))
		w.endObject()
	case *pretokenizers.CharDelimiterSplit:
		if p == nil {
			return errNilComponent("pre-tokenizer", path)
		}
		return writePreTokenizer(w, *p, path)
	case pretokenizers.FixedLength:
		w.typed("FixedLength")
		w.key("length")
		w.int(p.Length)
		w.endObject()
	case *pretokenizers.FixedLength:
		if p == nil {
			return errNilComponent("pre-tokenizer", path)
		}
		return writePreTokenizer(w, *p, path)
	case pretokenizers.Sequence:
		w.typed("Sequence")
		w.key("pretokenizers")
		w.beginArray()
		for i, e := range p {
			ep := elemPath(path, "pretokenizers", i)
			if e == nil {
				return errNilComponent("pre-tokenizer", ep)
			}
			if err := writePreTokenizer(w, e, ep); err != nil {
				return err
			}
		}
		w.endArray()
		w.endObject()
	case *pretokenizers.Sequence:
		if p == nil {
			return errNilComponent("pre-tokenizer", path)
		}
		return writePreTokenizer(w, *p, path)
	default:
		return writeMarshaler(w, p, path, "pre-tokenizer")
	}
	return nil
}

func errNilComponent(what, path string) error {
	return fmt.Errorf("tokenizer: cannot save %s %s: nil pointer", what, path)
}

// writeByteLevel writes the reference's ByteLevel, which is the
// pre-tokenizer, post-processor and decoder at once.
func writeByteLevel(w *jsonWriter, addPrefixSpace, trimOffsets, useRegex bool) {
	w.typed("ByteLevel")
	w.fieldBool("add_prefix_space", addPrefixSpace)
	w.fieldBool("trim_offsets", trimOffsets)
	w.fieldBool("use_regex", useRegex)
	w.endObject()
}

// writeMetaspace writes the reference's Metaspace, pre-tokenizer and
// decoder.
func writeMetaspace(w *jsonWriter, replacement rune, scheme pretokenizers.PrependScheme, split bool) {
	w.typed("Metaspace")
	w.fieldStr("replacement", string(replacement))
	w.fieldStr("prepend_scheme", scheme.String())
	w.fieldBool("split", split)
	w.endObject()
}

func writePostProcessor(w *jsonWriter, p PostProcessor, path string) error {
	switch p := p.(type) {
	case nil:
		w.null()
	case *bertProcessing:
		w.typed("BertProcessing")
		writePPSpecial(w, "sep", p.sep)
		writePPSpecial(w, "cls", p.cls)
		w.endObject()
	case *robertaProcessing:
		w.typed("RobertaProcessing")
		writePPSpecial(w, "sep", p.sep)
		writePPSpecial(w, "cls", p.cls)
		w.fieldBool("trim_offsets", p.trimOffsets)
		w.fieldBool("add_prefix_space", p.addPrefixSpace)
		w.endObject()
	case *byteLevelProcessing:
		writeByteLevel(w, p.addPrefixSpace, p.trimOffsets, p.useRegex)
	case *templateProcessing:
		writeTemplateProcessing(w, p)
	case *sequenceProcessing:
		w.typed("Sequence")
		w.key("processors")
		w.beginArray()
		for i, e := range p.processors {
			if err := writePostProcessor(w, e, elemPath(path, "processors", i)); err != nil {
				return err
			}
		}
		w.endArray()
		w.endObject()
	case foreignProcessor:
		return writePostProcessor(w, p.PostProcessor, path)
	default:
		return writeMarshaler(w, p, path, "post-processor")
	}
	return nil
}

func writePPSpecial(w *jsonWriter, key string, s ppSpecial) {
	w.key(key)
	w.beginArray()
	w.str(s.token)
	w.uint(uint64(s.id))
	w.endArray()
}

func writeTemplateProcessing(w *jsonWriter, t *templateProcessing) {
	w.typed("TemplateProcessing")
	w.key("single")
	writeTemplate(w, t.single)
	w.key("pair")
	writeTemplate(w, t.pair)
	w.key("special_tokens")
	w.beginObject()
	keys := make([]string, 0, len(t.special))
	for k := range t.special {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		sp := t.special[k]
		w.key(k)
		w.beginObject()
		w.fieldStr("id", sp.id)
		w.key("ids")
		w.beginArray()
		for _, id := range sp.ids {
			w.uint(uint64(id))
		}
		w.endArray()
		w.key("tokens")
		w.beginArray()
		for _, tok := range sp.tokens {
			w.str(tok)
		}
		w.endArray()
		w.endObject()
	}
	w.endObject()
	w.endObject()
}

func writeTemplate(w *jsonWriter, pieces []templatePiece) {
	w.beginArray()
	for _, p := range pieces {
		w.beginObject()
		if p.seq >= 0 {
			w.key("Sequence")
			w.beginObject()
			w.fieldStr("id", [...]string{"A", "B"}[p.seq])
		} else {
			w.key("SpecialToken")
			w.beginObject()
			w.fieldStr("id", p.name)
		}
		w.fieldUint("type_id", uint64(p.typeID))
		w.endObject()
		w.endObject()
	}
	w.endArray()
}

func writeDecoder(w *jsonWriter, d Decoder, path string) error {
	switch d := d.(type) {
	case nil:
		w.null()
	case *bpeDecoder:
		w.typed("BPEDecoder")
		w.fieldStr("suffix", d.suffix)
		w.endObject()
	case byteLevelDecoder:
		writeByteLevel(w, d.addPrefixSpace, d.trimOffsets, d.useRegex)
	case *wordPieceDecoder:
		w.typed("WordPiece")
		w.fieldStr("prefix", d.prefix)
		w.fieldBool("cleanup", d.cleanup)
		w.endObject()
	case *metaspaceDecoder:
		r := []rune(d.replacement)
		if len(r) != 1 {
			return fmt.Errorf("tokenizer: cannot save decoder %s: Metaspace replacement %q is not one character", path, d.replacement)
		}
		writeMetaspace(w, r[0], d.scheme, d.split)
	case *ctcDecoder:
		w.typed("CTC")
		w.fieldStr("pad_token", d.pad)
		w.fieldStr("word_delimiter_token", d.delimiter)
		w.fieldBool("cleanup", d.cleanup)
		w.endObject()
	case *sequenceDecoder:
		w.typed("Sequence")
		w.key("decoders")
		w.beginArray()
		for i, e := range d.decoders {
			ep := elemPath(path, "decoders", i)
			if e == nil {
				return errNilComponent("decoder", ep)
			}
			if err := writeDecoder(w, e, ep); err != nil {
				return err
			}
		}
		w.endArray()
		w.endObject()
	case *replaceDecoder:
		w.typed("Replace")
		w.key("pattern")
		if d.re != nil {
			writePattern(w, d.re.String(), true)
		} else {
			writePattern(w, d.literal, false)
		}
		w.fieldStr("content", d.content)
		w.endObject()
	case fuseDecoder:
		w.typed("Fuse")
		w.endObject()
	case *stripDecoder:
		w.typed("Strip")
		w.fieldStr("content", string(d.content))
		w.key("start")
		w.int(d.start)
		w.key("stop")
		w.int(d.stop)
		w.endObject()
	case byteFallbackDecoder:
		w.typed("ByteFallback")
		w.endObject()
	default:
		return writeMarshaler(w, d, path, "decoder")
	}
	return nil
}

func writeModel(w *jsonWriter, m Model, path string) error {
	switch m := m.(type) {
	case nil:
		return fmt.Errorf("tokenizer: cannot save: no model")
	case *bpeModel:
		writeBPEModel(w, m)
	case wordPieceModel:
		cfg := m.Config()
		w.typed("WordPiece")
		w.fieldStr("unk_token", cfg.UnkToken)
		w.fieldStr("continuing_subword_prefix", cfg.ContinuingSubwordPrefix)
		w.key("max_input_chars_per_word")
		w.int(cfg.MaxInputCharsPerWord)
		w.key("vocab")
		writeOrderedVocab(w, m.Vocab(), m.IDToToken)
		w.endObject()
	case unigramModel:
		writeUnigramModel(w, m)
	case wordLevelModel:
		w.typed("WordLevel")
		w.key("vocab")
		writeOrderedVocab(w, m.Vocab(), m.IDToToken)
		w.fieldStr("unk_token", m.Config().UnkToken)
		w.endObject()
	default:
		return writeMarshaler(w, m, path, "model")
	}
	return nil
}

func writeBPEModel(w *jsonWriter, a *bpeModel) {
	cfg := a.m.Config()
	w.typed("BPE")
	w.key("dropout")
	if cfg.Dropout != 0 || a.opts.dropout {
		w.float32(cfg.Dropout)
	} else {
		w.null()
	}
	w.key("unk_token")
	if cfg.HasUnkToken {
		w.str(cfg.UnkToken)
	} else {
		w.null()
	}
	for _, f := range [...]struct {
		key string
		val string
		set bool
	}{
		{"continuing_subword_prefix", cfg.ContinuingSubwordPrefix, a.opts.prefix},
		{"end_of_word_suffix", cfg.EndOfWordSuffix, a.opts.suffix},
	} {
		w.key(f.key)
		if f.val != "" || f.set {
			w.str(f.val)
		} else {
			w.null()
		}
	}
	w.fieldBool("fuse_unk", cfg.FuseUnk)
	w.fieldBool("byte_fallback", cfg.ByteFallback)
	w.fieldBool("ignore_merges", cfg.IgnoreMerges)
	w.key("vocab")
	writeOrderedVocab(w, cfg.Vocab, a.m.IDToToken)
	w.key("merges")
	w.beginArray()
	for _, mg := range cfg.Merges {
		w.beginArray()
		w.str(mg[0])
		w.str(mg[1])
		w.endArray()
	}
	w.endArray()
	w.endObject()
}

// writeUnigramModel writes a Unigram model: the vocabulary as [token,
// score] pairs by id, the scores as the reference writes its f64 values.
func writeUnigramModel(w *jsonWriter, m unigramModel) {
	w.typed("Unigram")
	w.key("unk_id")
	if id := m.UnkID(); id >= 0 {
		w.int(id)
	} else {
		w.null()
	}
	w.key("vocab")
	w.beginArray()
	for id := range uint32(m.VocabSize()) {
		tok, _ := m.IDToToken(id)
		score, _ := m.Score(id)
		w.beginArray()
		w.str(tok)
		w.float64(score)
		w.endArray()
	}
	w.endArray()
	w.fieldBool("byte_fallback", m.ByteFallback())
	w.endObject()
}
