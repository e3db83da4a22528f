// Package pretokenizers holds the pre-tokenizers of tokenizer.json files
// (ByteLevel, Whitespace, BertPreTokenizer, Split, Metaspace, Digits...) and
// the [PreTokenizedString] they cut into pieces: the words a model then
// tokenizes one by one, each a [normalizers.NormalizedString] aligned with
// the original text.
//
// Pre-tokenizers are immutable and safe for concurrent use; a
// PreTokenizedString is not.
package pretokenizers
