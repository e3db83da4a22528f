package tokenizer

import (
	"sync"
	"unsafe"
)

// Tokenizer is a loaded tokenization pipeline: normalizer, pre-tokenizer,
// model, post-processor and decoder, plus the added tokens and the
// truncation and padding the tokenizer.json sets.
//
// A Tokenizer is immutable once loaded and safe for concurrent use by
// multiple goroutines. Options that the reference sets on the tokenizer
// (truncation, padding) are passed per call instead.
type Tokenizer struct {
	normalizer    Normalizer
	preTokenizer  PreTokenizer
	model         Model
	postProcessor PostProcessor
	decoder       Decoder

	added *addedVocabulary

	truncation *Truncation
	padding    *Padding

	// states recycles the memory of encode calls.
	states sync.Pool

	// fast, when not nil, encodes to ids the pipeline shape it was made
	// for faster than the general pipeline (see fastpath.go).
	fast fastPath
}

// unsafeString returns a string sharing b's memory. It is used to pass the
// pipeline's reusable buffers to code that takes strings (models, maps)
// without copying; the string must not outlive the call it is passed to.
func unsafeString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// AddedToken is a token added on top of the model's vocabulary: special
// tokens such as [CLS] or <|endoftext|>, or words a fine-tuning added. They
// are found in the text before the model runs.
type AddedToken struct {
	// Content is the token's text.
	Content string
	// SingleWord, when true, matches the token only as a whole word.
	SingleWord bool
	// LStrip and RStrip make the token take the whitespace on its left
	// or right.
	LStrip, RStrip bool
	// Normalized, when true, matches the token in the normalized text
	// (against its own normalized form); otherwise in the raw text.
	Normalized bool
	// Special marks tokens that decoding can skip.
	Special bool
}

// builder collects the parts of a Tokenizer.
type builder struct {
	normalizer    Normalizer
	preTokenizer  PreTokenizer
	model         Model
	postProcessor PostProcessor
	decoder       Decoder
	truncation    *Truncation
	padding       *Padding
}

// build makes the Tokenizer, adding the added tokens the way the
// reference's add_tokens does.
func (b *builder) build(added []AddedToken) (*Tokenizer, error) {
	t := &Tokenizer{
		normalizer:    b.normalizer,
		preTokenizer:  b.preTokenizer,
		model:         b.model,
		postProcessor: b.postProcessor,
		decoder:       b.decoder,
		truncation:    b.truncation,
		padding:       b.padding,
	}
	av, err := newAddedVocabulary(added, b.model, b.normalizer)
	if err != nil {
		return nil, err
	}
	t.added = av
	t.fast = selectFastPath(t)
	return t, nil
}
