package tokenizer

import (
	"fmt"
	"io"
	"os"
	"slices"
)

// Saving writes a tokenizer back to tokenizer.json as the reference (Hugging
// Face tokenizers 0.23.2) does, field for field and in its order: the
// version "1.0", truncation and padding (null when unset), the added tokens
// sorted by id with the ids they resolved to, then normalizer,
// pre-tokenizer, post-processor, decoder and model. Legacy forms a file was
// loaded from are written in the current form (a Metaspace's
// add_prefix_space becomes its prepend_scheme, a model without "type" gets
// one, merges become pairs), vocabularies are ordered by id, and options the
// reference writes are written even when the file left them to their
// defaults. The compact form is byte for byte what the reference's
// save(path, false) writes for the same file.

// MarshalJSON returns t as a compact tokenizer.json document (see
// [Tokenizer.WriteJSON]). It implements json.Marshaler; note that
// json.Marshal re-escapes '<', '>' and '&' in what it returns, which
// [Tokenizer.AppendJSON] does not.
func (t *Tokenizer) MarshalJSON() ([]byte, error) {
	return t.AppendJSON(nil, false)
}

// WriteJSON writes t to w as a tokenizer.json document that [FromBytes]
// loads back into an equivalent tokenizer: compact when pretty is false (as
// the reference's save(path, false), byte for byte), else indented by two
// spaces (as its save(path, true)).
//
// Every built-in component can be saved. A component of another type is
// saved when it implements json.Marshaler (its JSON is then written in its
// place, and loading needs a type the loader knows); otherwise WriteJSON
// fails with an error naming it and its place in the document, and writes
// nothing.
func (t *Tokenizer) WriteJSON(w io.Writer, pretty bool) error {
	data, err := t.AppendJSON(nil, pretty)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// Save writes t to the file at path (created or truncated) as
// [Tokenizer.WriteJSON] does.
func (t *Tokenizer) Save(path string, pretty bool) error {
	data, err := t.AppendJSON(nil, pretty)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, data, 0o666); err != nil {
		return fmt.Errorf("tokenizer: %w", err)
	}
	return nil
}

// AppendJSON appends t's tokenizer.json document (see
// [Tokenizer.WriteJSON]) to dst and returns the extended slice. On error,
// it returns dst unchanged.
func (t *Tokenizer) AppendJSON(dst []byte, pretty bool) ([]byte, error) {
	w := &jsonWriter{buf: dst, pretty: pretty}
	if err := t.writeJSON(w); err != nil {
		return dst, err
	}
	return w.buf, nil
}

func (t *Tokenizer) writeJSON(w *jsonWriter) error {
	w.beginObject()
	w.fieldStr("version", "1.0")
	w.key("truncation")
	writeTruncation(w, t.truncation)
	w.key("padding")
	writePadding(w, t.padding)
	w.key("added_tokens")
	t.writeAddedTokens(w)
	w.key("normalizer")
	if err := writeNormalizer(w, t.normalizer, "normalizer"); err != nil {
		return err
	}
	w.key("pre_tokenizer")
	if err := writePreTokenizer(w, t.preTokenizer, "pre_tokenizer"); err != nil {
		return err
	}
	w.key("post_processor")
	if err := writePostProcessor(w, t.postProcessor, "post_processor"); err != nil {
		return err
	}
	w.key("decoder")
	if err := writeDecoder(w, t.decoder, "decoder"); err != nil {
		return err
	}
	w.key("model")
	if err := writeModel(w, t.model, "model"); err != nil {
		return err
	}
	w.endObject()
	return nil
}

func writeTruncation(w *jsonWriter, tr *Truncation) {
	if tr == nil {
		w.null()
		return
	}
	w.beginObject()
	w.fieldStr("direction", tr.Direction.String())
	w.key("max_length")
	w.int(tr.MaxLength)
	w.fieldStr("strategy", tr.Strategy.String())
	w.key("stride")
	w.int(tr.Stride)
	w.endObject()
}

// writePadding writes the padding settings. A PadToMultipleOf of 0 is
// written null: the reference, which tells 0 from no value, treats both
// alike.
func writePadding(w *jsonWriter, p *Padding) {
	if p == nil {
		w.null()
		return
	}
	w.beginObject()
	w.key("strategy")
	if p.Fixed {
		w.beginObject()
		w.key("Fixed")
		w.int(p.Length)
		w.endObject()
	} else {
		w.str("BatchLongest")
	}
	w.fieldStr("direction", p.Direction.String())
	w.key("pad_to_multiple_of")
	if p.PadToMultipleOf > 0 {
		w.int(p.PadToMultipleOf)
	} else {
		w.null()
	}
	w.fieldUint("pad_id", uint64(p.PadID))
	w.fieldUint("pad_type_id", uint64(p.PadTypeID))
	w.fieldStr("pad_token", p.PadToken)
	w.endObject()
}

func (t *Tokenizer) writeAddedTokens(w *jsonWriter) {
	w.beginArray()
	for _, a := range t.AddedTokens() {
		w.beginObject()
		w.fieldUint("id", uint64(a.ID))
		w.fieldStr("content", a.Content)
		w.fieldBool("single_word", a.SingleWord)
		w.fieldBool("lstrip", a.LStrip)
		w.fieldBool("rstrip", a.RStrip)
		w.fieldBool("normalized", a.Normalized)
		w.fieldBool("special", a.Special)
		w.endObject()
	}
	w.endArray()
}

// sortedIDs returns the ids of vocab in increasing order, each once.
func sortedIDs(vocab map[string]uint32) []uint32 {
	ids := make([]uint32, 0, len(vocab))
	for _, id := range vocab {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// writeOrderedVocab writes a vocabulary as the reference does: an object
// of token to id, by increasing id, one token per id (the one idToToken
// gives; when several tokens share an id, the reference keeps one of
// them, which one depending on hash order).
func writeOrderedVocab(w *jsonWriter, vocab map[string]uint32, idToToken func(uint32) (string, bool)) {
	w.beginObject()
	for _, id := range sortedIDs(vocab) {
		tok, ok := idToToken(id)
		if !ok {
			continue
		}
		w.key(tok)
		w.uint(uint64(id))
	}
	w.endObject()
}
