// Package bpe implements the byte-pair-encoding (BPE) model of Hugging Face
// tokenizers: it cuts one word (a pre-token) into the tokens of a
// vocabulary by starting from its characters and applying merges in order of
// priority, exactly as the Rust crate tokenizers 0.23.2 does, options
// included (unknown token, fused unknowns, byte fallback, continuing-subword
// prefix, end-of-word suffix, ignore_merges, dropout).
//
// A [Model] is built once with [New] from a [Config] and is then immutable
// and safe for concurrent use by multiple goroutines. [Model.Tokenize]
// appends to a caller's slice and, once warm, does no allocation: its working
// state (symbols, heap) lives in a scratch recycled through a sync.Pool. A
// bounded cache of recent words (see Config.CacheCapacity) skips the merging
// of words already seen; adding a word to it allocates.
//
// # Algorithm
//
// A word starts as one symbol per character (see [Model.Tokenize] for how the
// unknown, byte-fallback and affix options shape that first split). Every pair
// of adjacent symbols that the merge list knows is pushed on a min-heap keyed
// by (rank, position): the rank is the pair's index in the merge list, so the
// earliest merge applies first and, among equal ranks, the leftmost pair.
// Popping a pair merges its two symbols into the merged token and pushes the
// two new pairs the merge forms with its neighbours. Entries made stale by an
// earlier merge are not removed from the heap: they are recognized and
// dropped when popped (lazy deletion), by the same test the reference uses —
// the entry's position still starts a symbol with a right neighbour, and that
// pair still merges into the entry's token. The heap never holds more than
// three entries per character, so it needs no compaction.
//
// Symbols live in a slice and link to their neighbours by index, so merging
// never moves memory; merges are found in an open-addressing hash table keyed
// by the two token ids packed in a uint64.
//
// # Byte-level models
//
// [ByteEncoder] ([Model.NewByteEncoder]) tokenizes words given as raw bytes
// for models whose alphabet has one symbol per byte (GPT-2, Llama 3,
// GPT-4o...), with the results of [Model.Tokenize] on the words' symbols
// but without building them. What it precomputes: the id of each byte's
// symbol and the merge of every two bytes; with IgnoreMerges, the
// vocabulary by raw bytes; the characters of 2 and 3 bytes a word can start
// with as one token, in which contexts (see buildCharTokens in bytes.go:
// most merges of non-Latin scripts are inside characters). When no two
// tokens share an id, short words are merged by a scan of the pairs, which
// is exactly the heap's order then (see mergeShort), and long words window
// by window, cut only where a check proves that no merge crosses the cut, in
// linear time (see window.go). Its word cache holds words of up
// to 24 bytes and their ids inline, in 64-byte slots read without locks or
// allocation (idcache.go).
package bpe
