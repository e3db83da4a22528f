// Package wordpiece implements the two vocabulary-lookup models of Hugging
// Face tokenizers: WordPiece ([Model]), the model of BERT, which cuts a word
// into the longest pieces its vocabulary has, and WordLevel ([WordLevel]),
// which maps each whole word to one vocabulary entry. Both replace a word
// they cannot represent with a single unknown token that spans it.
//
// The behaviour is that of the Rust crate tokenizers 0.23.2 (models/wordpiece
// and models/wordlevel): same tokens, same ids, same offsets, same errors.
//
// The models are immutable after construction and safe for concurrent use.
// Tokenizing appends to a caller's slice and does no allocation once that
// slice has room.
//
// # Longest match without building strings
//
// WordPiece tries, at each position of a word, the longest vocabulary entry
// that starts there; after the first piece, entries must carry the
// continuing-subword prefix ("##" in BERT). The reference builds the string
// prefix+piece for every candidate length and hashes it. Here the vocabulary
// is a byte trie stored as a double array: one walk from a position finds the
// longest entry in time proportional to its length, and a continuation walk
// simply starts at the trie node the prefix leads to, so the prefix is never
// concatenated. A word costs at most (number of bytes) × (longest entry)
// steps, and words longer than max_input_chars_per_word are refused before
// any walk. That bound (about 20 steps per byte for BERT's vocabulary, in the
// worst case) keeps the time linear without the failure links of Fast
// WordPiece (Song et al., 2021), whose gain would be on adversarial words
// only: on real text a walk is about as long as the piece it finds.
//
// [Model.AppendIDs] gives the ids alone, for callers that need neither the
// tokens' strings nor their offsets.
package wordpiece
