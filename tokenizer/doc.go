// Package tokenizer loads the tokenizer.json files of Hugging Face models and
// encodes and decodes text exactly as the Hugging Face tokenizers library
// (Rust, 0.23.2) does: same ids, tokens, offsets, type ids, masks, word and
// sequence ids, truncation, padding and decoded text.
//
// It is the one import the common path needs:
//
//	tk, err := tokenizer.FromFile("tokenizer.json")
//	...
//	enc, err := tk.Encode("Hello, world!")
//	fmt.Println(enc.IDs, enc.Tokens, enc.Offsets)
//	text, err := tk.Decode(enc.IDs, true)
//
// # Pipeline
//
// Encoding runs a text through five stages, each an interface a tokenizer.json
// names an implementation of:
//
//	text ─▶ added tokens ─▶ Normalizer ─▶ PreTokenizer ─▶ Model ─▶ PostProcessor ─▶ Encoding
//	        (found first)   (normalizers)  (pretokenizers)  (bpe, wordpiece, unigram)
//
// Added tokens (special tokens such as [CLS], and tokens added by a
// fine-tuning) are found first, in one pass over the text; the rest is
// normalized, cut into words, and each word tokenized by the model; the
// post-processor adds the special tokens the model expects. Every stage keeps
// the alignment of what it produces with the original text, so each token's
// offsets point into the string the caller passed. [Decoder]s turn ids back
// into text.
//
// # Offsets
//
// Offsets are byte offsets into the text the token comes from (the first text
// or the pair), the natural unit for slicing a Go string. [Options.CharOffsets]
// gives offsets in characters (Unicode code points) instead, converted exactly
// as the reference's encode_char_offsets does.
//
// # Invalid UTF-8
//
// Text that is not valid UTF-8 is read as if each invalid byte were the
// replacement character U+FFFD, each one its own character; offsets still
// index the caller's bytes (an invalid byte's token covers that byte). This
// policy applies everywhere: added-token matching, normalizers,
// pre-tokenizers and models all see the same valid text.
//
// # Building and saving
//
// [New] builds a tokenizer from Go values (a [Config] of components: the
// models of packages bpe, wordpiece and unigram wrapped by [BPEModel],
// [WordPieceModel], [WordLevelModel] and [UnigramModel], the normalizers and
// pre-tokenizers of their packages, and the post-processors and decoders of
// this one), and [Tokenizer.WithAddedTokens] returns a tokenizer with more
// added tokens. [Tokenizer.Save] and [Tokenizer.WriteJSON] write a
// tokenizer.json exactly as the reference writes it.
//
// # Concurrency and memory
//
// A [Tokenizer] is immutable after loading and safe for concurrent use by
// multiple goroutines; per-call settings (special tokens, truncation, padding,
// offset unit) are passed in [Options] rather than set on it. The encode path
// reuses its working memory across calls, and [Tokenizer.EncodeTo] reuses the
// caller's [Encoding]: token strings refer to the vocabulary rather than being
// allocated per token.
package tokenizer
