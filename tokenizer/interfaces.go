package tokenizer

import (
	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
)

// Normalizer is the first stage of the pipeline: it changes the text (Unicode
// normalization, lowercasing...) keeping its alignment with the original.
// The implementations that tokenizer.json files name are in package
// normalizers.
type Normalizer = normalizers.Normalizer

// PreTokenizer is the second stage: it cuts the normalized text into words.
// The implementations that tokenizer.json files name are in package
// pretokenizers.
type PreTokenizer = pretokenizers.PreTokenizer

// Token is one token a [Model] finds in a word.
type Token struct {
	// ID is the token's id in the vocabulary.
	ID uint32
	// Value is the token's text: normally its vocabulary entry.
	Value string
	// Start and End are the token's byte offsets in the word.
	Start, End int
}

// Model is the third stage: it tokenizes one word at a time. The models of
// tokenizer.json files are in packages bpe, wordpiece and unigram.
//
// Implementations must be safe for concurrent use.
type Model interface {
	// Tokenize appends the tokens of word to dst and returns the extended
	// slice. word is only valid during the call: a Token's Value must not
	// refer to its memory.
	Tokenize(dst []Token, word string) ([]Token, error)
	// TokenToID returns the id of a token of the vocabulary.
	TokenToID(token string) (uint32, bool)
	// IDToToken returns the token of an id of the vocabulary.
	IDToToken(id uint32) (string, bool)
	// VocabSize returns the number of entries of the vocabulary.
	VocabSize() int
	// Vocab returns a new map of the vocabulary.
	Vocab() map[string]uint32
}

// PostProcessor is the last stage of encoding: it adds the special tokens a
// model expects ([CLS], <s>...), sets type ids, and may adjust offsets.
//
// Implementations must be safe for concurrent use.
type PostProcessor interface {
	// AddedTokens returns the number of tokens ProcessEncodings adds to a
	// single sequence (isPair false) or to a pair.
	AddedTokens(isPair bool) int
	// ProcessEncodings receives the encodings of the sequences of one
	// input (one, or two for a pair), with their sequence ids and type
	// ids set, and returns the encodings that result, which the tokenizer
	// then merges into one. It may modify and return its argument.
	ProcessEncodings(encodings []Encoding, addSpecialTokens bool) ([]Encoding, error)
}

// Decoder turns token strings back into text.
//
// Implementations must be safe for concurrent use.
type Decoder interface {
	// DecodeChain transforms the token strings; the tokenizer joins the
	// result. It may modify and return its argument.
	DecodeChain(tokens []string) ([]string, error)
}
