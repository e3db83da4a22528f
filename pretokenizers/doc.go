// Package pretokenizers holds the pre-tokenizers of tokenizer.json files
// (ByteLevel, Whitespace, BertPreTokenizer, Split, Metaspace, Digits...) and
// the [PreTokenizedString] they cut into pieces: the words a model then
// tokenizes one by one, each a [normalizers.NormalizedString] aligned with
// the original text.
//
// Every pre-tokenizer behaves exactly as the reference implementation's
// (Hugging Face tokenizers): same pieces, same normalized text, same
// alignment. Those that only split produce pieces sharing the memory of the
// piece they cut; the character classes they test have ASCII tables and the
// reference's Unicode membership (measured on the reference, whose Unicode
// versions differ from Go's).
//
// Pre-tokenizers are immutable and safe for concurrent use; a
// PreTokenizedString is not.
package pretokenizers
