package tokenizer

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/seed6642460b/tokenizers/bpe"
	"github.com/seed6642460b/tokenizers/unigram"
	"github.com/seed6642460b/tokenizers/wordpiece"
)

// Config lists the parts of a tokenization pipeline, for [New]. Only Model
// is required; a nil stage is skipped, as a null one in tokenizer.json.
//
// The components tokenizer.json files name are built with the
// constructors of packages normalizers and pretokenizers
// (normalizers.NFKC{}, pretokenizers.NewMetaspace...), of the models
// (wrapped by [BPEModel], [WordPieceModel], [WordLevelModel],
// [UnigramModel]), and of this package for post-processors
// ([NewTemplateProcessing], [NewBertProcessing]...) and decoders
// ([NewByteLevelDecoder], [NewDecoderSequence]...). Types of one's own
// that implement the interfaces work too; a tokenizer holding them can be
// saved when they implement json.Marshaler.
type Config struct {
	// The stages, in the order encoding runs them (the decoder is used
	// by decoding).
	Normalizer    Normalizer
	PreTokenizer  PreTokenizer
	Model         Model
	PostProcessor PostProcessor
	Decoder       Decoder

	// AddedTokens are added in order as [Tokenizer.WithAddedTokens]
	// adds them.
	AddedTokens []AddedToken

	// Truncation and Padding are the defaults of encode calls (see
	// [Tokenizer.Options]); nil means none. New copies them.
	Truncation *Truncation
	Padding    *Padding
}

// New builds a tokenizer from its parts. It fails when c has no model, or
// when normalizing an added token (Normalized true) fails.
//
// The components must not be modified afterwards: the tokenizer uses them
// as they are, from any number of goroutines.
func New(c Config) (*Tokenizer, error) {
	if c.Model == nil {
		return nil, errors.New("tokenizer: New: Config.Model is nil")
	}
	b := &builder{
		normalizer:    c.Normalizer,
		preTokenizer:  c.PreTokenizer,
		model:         c.Model,
		postProcessor: c.PostProcessor,
		decoder:       c.Decoder,
	}
	if c.Truncation != nil {
		tr := *c.Truncation
		b.truncation = &tr
	}
	if c.Padding != nil {
		p := *c.Padding
		b.padding = &p
	}
	t, err := b.build(c.AddedTokens)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: added tokens: %w", err)
	}
	return t, nil
}

// Config returns the parts of t: New(t.Config()) builds a tokenizer that
// behaves as t does, as saving and loading it would. The added tokens are
// listed by id; Truncation and Padding are copies. Changing the fields of
// the result builds variants of t:
//
//	c := tk.Config()
//	c.Truncation = nil
//	variant, err := tokenizer.New(c)
func (t *Tokenizer) Config() Config {
	c := Config{
		Normalizer:    t.normalizer,
		PreTokenizer:  t.preTokenizer,
		Model:         t.model,
		PostProcessor: t.postProcessor,
		Decoder:       t.decoder,
		Truncation:    t.Truncation(),
		Padding:       t.Padding(),
	}
	for _, a := range t.AddedTokens() {
		c.AddedTokens = append(c.AddedTokens, a.AddedToken)
	}
	return c
}

// Normalizer returns t's normalizer, nil if it has none.
func (t *Tokenizer) Normalizer() Normalizer { return t.normalizer }

// PreTokenizer returns t's pre-tokenizer, nil if it has none.
func (t *Tokenizer) PreTokenizer() PreTokenizer { return t.preTokenizer }

// Model returns t's model. [AsBPE], [AsWordPiece], [AsWordLevel] and
// [AsUnigram] give the model of its package.
func (t *Tokenizer) Model() Model { return t.model }

// PostProcessor returns t's post-processor, nil if it has none.
func (t *Tokenizer) PostProcessor() PostProcessor { return t.postProcessor }

// Decoder returns t's decoder, nil if it has none.
func (t *Tokenizer) Decoder() Decoder { return t.decoder }

// Truncation returns a copy of t's default truncation, nil if it has none.
func (t *Tokenizer) Truncation() *Truncation {
	if t.truncation == nil {
		return nil
	}
	tr := *t.truncation
	return &tr
}

// Padding returns a copy of t's default padding, nil if it has none.
func (t *Tokenizer) Padding() *Padding {
	if t.padding == nil {
		return nil
	}
	p := *t.padding
	return &p
}

// BPEModel returns m as a [Model], for [Config]. Saved, its optional
// string fields that are empty (continuing_subword_prefix,
// end_of_word_suffix) and a dropout of 0 are written null, as the
// reference's builder leaves them unset.
func BPEModel(m *bpe.Model) Model { return newBPEModel(m) }

// WordPieceModel returns m as a [Model], for [Config].
func WordPieceModel(m *wordpiece.Model) Model { return wordPieceModel{m} }

// WordLevelModel returns m as a [Model], for [Config].
func WordLevelModel(m *wordpiece.WordLevel) Model { return wordLevelModel{m} }

// UnigramModel returns m as a [Model], for [Config].
func UnigramModel(m *unigram.Model) Model { return unigramModel{m} }

// AsBPE returns the BPE model m wraps, when it is one (loaded from a
// tokenizer.json or made by [BPEModel]).
func AsBPE(m Model) (*bpe.Model, bool) {
	a, ok := m.(*bpeModel)
	if !ok {
		return nil, false
	}
	return a.m, true
}

// AsWordPiece returns the WordPiece model m wraps, when it is one.
func AsWordPiece(m Model) (*wordpiece.Model, bool) {
	a, ok := m.(wordPieceModel)
	return a.Model, ok
}

// AsWordLevel returns the WordLevel model m wraps, when it is one.
func AsWordLevel(m Model) (*wordpiece.WordLevel, bool) {
	a, ok := m.(wordLevelModel)
	return a.WordLevel, ok
}

// AsUnigram returns the Unigram model m wraps, when it is one.
func AsUnigram(m Model) (*unigram.Model, bool) {
	a, ok := m.(unigramModel)
	return a.Model, ok
}

// NewAddedToken returns an added token with the reference's defaults
// (AddedToken::from): normalized unless special, neither single-word nor
// stripping.
func NewAddedToken(content string, special bool) AddedToken {
	return AddedToken{Content: content, Special: special, Normalized: !special}
}

// AddedTokenWithID is an added token and the id it has in a tokenizer.
type AddedTokenWithID struct {
	ID uint32
	AddedToken
}

// AddedTokens returns t's added tokens by increasing id, as tokenizer.json
// lists them. (The reference's get_added_tokens_decoder gives the same as
// a map.)
func (t *Tokenizer) AddedTokens() []AddedTokenWithID {
	ids := slices.Sorted(maps.Keys(t.added.byID))
	out := make([]AddedTokenWithID, len(ids))
	for i, id := range ids {
		out[i] = AddedTokenWithID{ID: id, AddedToken: t.added.byID[id]}
	}
	return out
}

// Vocab returns a new map of t's vocabulary: the model's, with the added
// tokens (which take precedence) when withAddedTokens is true.
func (t *Tokenizer) Vocab(withAddedTokens bool) map[string]uint32 {
	v := t.model.Vocab()
	if withAddedTokens {
		if v == nil {
			v = make(map[string]uint32, len(t.added.byContent))
		}
		maps.Copy(v, t.added.byContent)
	}
	return v
}

// VocabSize returns the size of t's vocabulary, as the reference's
// get_vocab_size: the model's, plus the added tokens that are not in it
// when withAddedTokens is true. (Ids are not counted: a model whose ids
// have gaps, or tokens sharing an id, has a size other than its largest id
// plus one.)
func (t *Tokenizer) VocabSize(withAddedTokens bool) int {
	n := t.model.VocabSize()
	if withAddedTokens {
		for content := range t.added.byContent {
			if _, ok := t.model.TokenToID(content); !ok {
				n++
			}
		}
	}
	return n
}

// WithAddedTokens returns a new tokenizer: t with tokens added, as the
// reference's add_tokens (and add_special_tokens, which only differs in the
// binding) adds them, in order. A token whose content is already an added
// token or in the model's vocabulary takes that id (an added token with the
// same content is replaced); others take the next free id, above the
// model's vocabulary and the added tokens. Empty contents are skipped. t
// does not change; the new tokenizer shares its components.
//
// It fails only when normalizing a token (Normalized true) fails.
func (t *Tokenizer) WithAddedTokens(tokens []AddedToken) (*Tokenizer, error) {
	av := t.added.clone()
	if err := av.add(tokens, t.model, t.normalizer); err != nil {
		return nil, fmt.Errorf("tokenizer: added tokens: %w", err)
	}
	nt := &Tokenizer{
		normalizer:    t.normalizer,
		preTokenizer:  t.preTokenizer,
		model:         t.model,
		postProcessor: t.postProcessor,
		decoder:       t.decoder,
		added:         av,
		truncation:    t.truncation,
		padding:       t.padding,
	}
	nt.fast = selectFastPath(nt)
	return nt, nil
}

// WithSpecialTokens is [Tokenizer.WithAddedTokens] with every token marked
// Special, as the Python and Node bindings' add_special_tokens do. Use
// [NewAddedToken] (content, true) for the reference's defaults of a special
// token (not normalized).
func (t *Tokenizer) WithSpecialTokens(tokens []AddedToken) (*Tokenizer, error) {
	special := make([]AddedToken, len(tokens))
	for i, tok := range tokens {
		tok.Special = true
		special[i] = tok
	}
	return t.WithAddedTokens(special)
}

// clone returns a copy of av that add can change without changing av.
func (av *addedVocabulary) clone() *addedVocabulary {
	return &addedVocabulary{
		byID:           maps.Clone(av.byID),
		byContent:      maps.Clone(av.byContent),
		special:        maps.Clone(av.special),
		normalizedForm: maps.Clone(av.normalizedForm),
	}
}
