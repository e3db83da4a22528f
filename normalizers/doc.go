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
// The normalizers reproduce the reference's Unicode data, whatever the Go
// release: Unicode 9.0 for the normalization forms and StripAccents (so a
// character assigned later is never decomposed, reordered or composed), the
// older categories of BertNormalizer, and Unicode 17.0 case mappings for
// Lowercase (see maketables.go). They leave text they do not change as it
// is, without copying it.
//
// Normalizers are immutable and safe for concurrent use; a NormalizedString is
// not.
package normalizers
