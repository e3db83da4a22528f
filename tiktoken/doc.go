// Package tiktoken loads the encodings of OpenAI's tiktoken (cl100k_base for
// GPT-4 and GPT-3.5, o200k_base for GPT-4o, and the older r50k_base,
// p50k_base and p50k_edit) as tokenizers of package tokenizer, which give the
// same ids as tiktoken:
//
//	tk, err := tiktoken.Encoding("o200k_base")
//	...
//	ids, err := tk.AppendIDs(nil, "Hello, world!")
//	text, err := tk.Decode(ids, false)
//
// [Encoding] returns a built-in encoding by name; [Load] and [LoadFile] read
// a rank file (.tiktoken) with its split pattern and special tokens.
//
// It is a package of its own because it embeds the rank tables of the
// built-in encodings (2 MB, compressed): only programs that import it carry
// them.
//
// # How it works
//
// A tiktoken encoding is a byte-level BPE: text is cut into pieces with a
// regular expression, and each piece's bytes are merged, lowest rank first.
// The tokenizers built here are the Hugging Face pipeline that does the
// same (the one Hugging Face's conversions of tiktoken encodings use): a
// Split pre-tokenizer keeping the matches of the pattern, ByteLevel without
// its own regular expression, a BPE model whose vocabulary is the ranks
// (as GPT-2's byte characters; the id of a token is its rank) with
// ignore_merges, and the ByteLevel decoder. tiktoken merges by the rank of
// a pair's concatenation and BPE by the rank of the pair itself, so the
// merges are derived from the ranks: for each token, the pair tiktoken
// forms it from, ranked by the token's rank (internal/ranks explains why
// this gives tiktoken's results on every text; tests check the ids against
// tiktoken's on the project's whole corpus). The tokenizers use the fast
// byte-level path of package tokenizer, with hand-written scanners for the
// built-in patterns.
//
// # Special tokens
//
// tiktoken's encode refuses, by default, a text holding a special token
// (allowed_special and disallowed_special choose), and encode_ordinary
// encodes special tokens as the text they are. A tokenizer has no such
// switch: the special tokens given to it are added tokens, always found in
// the text. So [Encoding] and [Load] return tokenizers that encode as
// tiktoken's encode(text, allowed_special="all") does: "<|endoftext|>" in a
// text gives its id. [EncodingOrdinary], and [Load] without special tokens,
// return tokenizers that encode as encode_ordinary does. Use the former for
// text you build with special tokens (chat templates, document
// separators), the latter for text from users, in which a special token
// must not take effect.
//
// Decoding gives the text of the tokens; [tokenizer.Tokenizer.Decode] with
// skipSpecialTokens true leaves the special tokens out. Tokens that end in
// the middle of a character decode together with the tokens that complete
// it; the text of ids that leave a character incomplete has U+FFFD where
// tiktoken's decode_bytes would give the bytes.
package tiktoken
