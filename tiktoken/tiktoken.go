package tiktoken

import (
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/seed6642460b/tokenizers/bpe"
	"github.com/seed6642460b/tokenizers/internal/bytelevel"
	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
	"github.com/seed6642460b/tokenizers/tiktoken/internal/ranks"
	"github.com/seed6642460b/tokenizers/tokenizer"
)

// Load reads a rank file in tiktoken's format (a .tiktoken file: each line a
// token's bytes in base64, a space, and its rank) and returns the tokenizer
// of the encoding it defines with the split pattern and special tokens
// given. The ids are the ranks, and the special tokens' ids those of
// special; special tokens are found in the text (see the package
// documentation); nil or empty special makes a tokenizer that encodes as
// tiktoken's encode_ordinary.
//
// The pattern is read as the regular expressions of tokenizer.json files
// are (Oniguruma's syntax, which has what tiktoken's patterns use:
// look-ahead, \p{...} classes, (?i:...) groups); text it does not match is
// dropped, as tiktoken drops it. The patterns of the built-in encodings
// ([R50KPattern], [CL100KPattern], [O200KPattern]) run through hand-written
// scanners, others through a general regular expression engine, which is
// much slower.
//
// Errors name the line of the rank file. Load fails when a line is not a
// base64 token and a rank, when two lines have the same rank or the same
// token, when a byte has no token of its own (tiktoken could not encode a
// text holding it), and when a special token is empty, has the id of a
// rank, or is a token of the rank file.
func Load(r io.Reader, pattern string, special map[string]uint32) (*tokenizer.Tokenizer, error) {
	t, err := ranks.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("tiktoken: %w", err)
	}
	return build(t, pattern, special, true)
}

// LoadFile is [Load] of the file at path.
func LoadFile(path, pattern string, special map[string]uint32) (*tokenizer.Tokenizer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tiktoken: %w", err)
	}
	defer f.Close()
	tk, err := Load(f, pattern, special)
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, path)
	}
	return tk, nil
}

// build makes the tokenizer of table t. With addSpecial, the special tokens
// are added tokens, found in the text; without, they are only in the
// model's vocabulary, so that decoding knows them (encoding never gives
// them: no piece of a built-in pattern's is a whole special token).
func build(t *ranks.Table, pattern string, special map[string]uint32, addSpecial bool) (*tokenizer.Tokenizer, error) {
	split := t.Split
	if split == nil {
		var err error
		if split, err = t.Splits(); err != nil {
			return nil, fmt.Errorf("tiktoken: %w", err)
		}
	}
	n := t.Len()

	// The vocabulary holds each token as the characters GPT-2's
	// byte-level alphabet has for its bytes, all in one string.
	size := 0
	for _, b := range t.Text {
		size += int(bytelevel.Len[b])
	}
	if size > math.MaxInt32 {
		return nil, fmt.Errorf("tiktoken: the tokens are too long")
	}
	var sb strings.Builder
	sb.Grow(size)
	// ends[i] is the end of token i in text, and mid[i] that of its
	// first split[i] bytes.
	ends := make([]int32, n)
	mid := make([]int32, n)
	for i := range n {
		for k, b := range t.Token(i) {
			if uint32(k) == split[i] {
				mid[i] = int32(sb.Len())
			}
			sb.Write(bytelevel.Encoded[b][:bytelevel.Len[b]])
		}
		ends[i] = int32(sb.Len())
	}
	text := sb.String()
	start := func(i int) int32 {
		if i == 0 {
			return 0
		}
		return ends[i-1]
	}

	vocab := make(map[string]uint32, n+len(special))
	specialIDs := make(map[uint32]bool, len(special))
	for i := range n {
		vocab[text[start(i):ends[i]]] = t.Ranks[i]
	}
	if len(vocab) != n {
		// ranks.Parse refuses duplicate tokens; the compact tables
		// have none.
		return nil, fmt.Errorf("tiktoken: the rank file has duplicate tokens")
	}
	var added []tokenizer.AddedToken
	for _, content := range slices.Sorted(maps.Keys(special)) {
		id := special[content]
		if content == "" {
			return nil, fmt.Errorf("tiktoken: empty special token")
		}
		if _, ok := slices.BinarySearch(t.Ranks, id); ok || specialIDs[id] {
			return nil, fmt.Errorf("tiktoken: special token %q: id %d is a rank of the file, or of another special token", content, id)
		}
		if _, ok := vocab[byteLevel(content)]; ok {
			return nil, fmt.Errorf("tiktoken: special token %q is a token of the rank file", content)
		}
		// The model's vocabulary holds the special token as it is:
		// adding it then gives it this id, and decoding finds it. That
		// key must not be the byte characters of other text (as "Ġx"
		// is of " x"), which the model would then take for it.
		if raw, ok := fromByteLevel(content); ok && raw != content {
			return nil, fmt.Errorf("tiktoken: special token %q is GPT-2's byte characters for %q", content, raw)
		}
		specialIDs[id] = true
		vocab[content] = id
		if addSpecial {
			added = append(added, tokenizer.NewAddedToken(content, true))
		}
	}

	merges := make([][2]string, 0, n)
	for i := range n {
		if split[i] > 0 {
			merges = append(merges, [2]string{text[start(i):mid[i]], text[mid[i]:ends[i]]})
		}
	}
	model, err := bpe.New(bpe.Config{Vocab: vocab, Merges: merges, IgnoreMerges: true})
	if err != nil {
		return nil, fmt.Errorf("tiktoken: %w", err)
	}
	// Keeping the matches, each a piece, and dropping what lies between
	// them: Removed of the inverted pattern.
	pretok, err := pretokenizers.NewSplitRegex(pattern, normalizers.Removed, true)
	if err != nil {
		return nil, fmt.Errorf("tiktoken: pattern: %w", err)
	}
	bl := pretokenizers.ByteLevel{}
	tk, err := tokenizer.New(tokenizer.Config{
		PreTokenizer: pretokenizers.Sequence{pretok, bl},
		Model:        tokenizer.BPEModel(model),
		Decoder:      tokenizer.NewByteLevelDecoder(bl),
		AddedTokens:  added,
	})
	if err != nil {
		return nil, fmt.Errorf("tiktoken: %w", err)
	}
	return tk, nil
}

// byteLevel returns s as the characters of GPT-2's byte-level alphabet.
func byteLevel(s string) string {
	var b strings.Builder
	for i := range len(s) {
		b.Write(bytelevel.Encoded[s[i]][:bytelevel.Len[s[i]]])
	}
	return b.String()
}

// fromByteLevel returns the bytes s stands for when all its characters
// are of GPT-2's byte-level alphabet.
func fromByteLevel(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		c, ok := bytelevel.Byte(r)
		if !ok {
			return "", false
		}
		b = append(b, c)
	}
	return string(b), true
}
