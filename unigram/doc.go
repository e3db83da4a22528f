// Package unigram implements the Unigram model of Hugging Face tokenizers,
// the SentencePiece language model of T5, ALBERT, XLNet, mBART and others:
// each vocabulary piece has a score (a log probability), and a word is cut
// into the sequence of pieces whose scores have the largest sum.
//
// The behaviour is that of the Rust crate tokenizers 0.23.2
// (models/unigram): same tokens, same ids, same offsets, same errors,
// including:
//
//   - A character that no piece of exactly its length covers may be an
//     unknown piece, scored 10 below the lowest score of the vocabulary.
//     Consecutive unknown pieces make one token (the reference always fuses
//     them), whose value is the original text and whose id is the unknown
//     id — unless that text happens to be a vocabulary token, or byte
//     fallback applies.
//   - With byte fallback, an unknown token becomes the pieces <0x00>...<0xFF>
//     of its bytes when the vocabulary has all of them, each with the
//     offsets of the whole unknown text.
//   - Ties between segmentations of equal score go to the one found first:
//     for each prefix of the word, the segmentation whose last piece starts
//     earliest.
//   - Scores are the float64 values the reference reads from tokenizer.json
//     (whose JSON parser is not correctly rounded; package tokenizer
//     reproduces it), summed in the same order, so that near ties resolve
//     alike.
//
// The reference has two searches, encode_optimized (the one it runs) and
// encode_unoptimized (a full lattice, used only for sampling, which
// tokenizer.json cannot enable); this package implements the first.
//
// The model is immutable after construction and safe for concurrent use.
//
// # Cost
//
// The vocabulary is a byte trie stored as a double array, with the id and
// score of the piece that ends at each node: one walk from each character
// of a word finds every piece that starts there, in time proportional to
// the longest one, without building strings or hashing (the reference walks
// a trie of hash maps, builds each piece found as a string and looks it up
// in another hash map). The search is thus linear in the length of the word
// (times the longest piece), with no recursion and no per-piece allocation;
// its memory (16 bytes per byte of the word) is on the stack for short
// words and pooled for long ones, and the tokens are appended while walking
// the best segmentation back, then reversed in place, so tokenizing does no
// allocation once warm when the destination slice has room. The reference
// also caches the results of words; this package does not.
package unigram
