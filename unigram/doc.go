// Package unigram will hold the Unigram model of SentencePiece-style
// tokenizers (T5, ALBERT, XLNet, mBART...): Viterbi segmentation over a
// vocabulary with scores. Until then, loading a tokenizer.json whose model is
// Unigram fails with an error wrapping tokenizer.ErrUnsupported.
package unigram
