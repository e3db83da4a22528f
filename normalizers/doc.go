// Package normalizers holds the normalizers of tokenizer.json files
// (BertNormalizer, NFC, NFKC, Lowercase, Replace, Strip...) and the
// [NormalizedString] they work on: a text under normalization that keeps,
// for every byte of the normalized text, the span of the original text it
// comes from, so that tokens found in the normalized text get offsets in the
// original.
//
// It also defines [Pattern], the matches of a string or regular expression
// that normalizers (Replace) and pre-tokenizers (Split) use, and the
// [SplitBehavior]s of splits.
//
// Normalizers are immutable and safe for concurrent use; a NormalizedString is
// not.
package normalizers
