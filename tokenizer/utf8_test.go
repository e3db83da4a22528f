package tokenizer_test

import (
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// TestInvalidUTF8 checks the documented policy: each invalid byte is read as
// U+FFFD, and offsets index the caller's bytes. Encoding a text with
// invalid bytes gives the ids and tokens of the text where each invalid
// byte is replaced by U+FFFD, with the offsets of that text mapped back onto
// the original bytes.
func TestInvalidUTF8(t *testing.T) {
	texts := []string{
		"abc\xffdef", "\xff", "\xc3", "héllo \xe2\x82 wörld", "\xed\xa0\x80 surrogate", "ok \xf0\x9f\x98 emoji cut",
		"\x80\x80\x80", "<s>\xff</s> [CLS]\xfe[SEP]",
	}
	for _, name := range []string{"bert-base-uncased", "gpt2", "roberta-base", "wordlevel-wiki", "hw-doc-summarizer", "tiny-llama3-style-torchtune"} {
		tk := loadTestTokenizer(t, name)
		for _, text := range texts {
			fixed, posMap := replaceInvalid(text)
			opts := tk.Options()
			var got, want tokenizer.Encoding
			require.NoError(t, tk.EncodeTo(&got, tokenizer.Single(text), &opts), "%s %q", name, text)
			require.NoError(t, tk.EncodeTo(&want, tokenizer.Single(fixed), &opts))
			require.Equal(t, want.IDs, got.IDs, "%s %q", name, text)
			require.Equal(t, want.Tokens, got.Tokens, "%s %q", name, text)
			for i, o := range want.Offsets {
				if want.SpecialTokensMask[i] == 1 {
					continue
				}
				mapped := tokenizer.Offset{Start: posMap[o.Start], End: posMap[o.End]}
				require.Equal(t, mapped, got.Offsets[i], "%s %q token %d (%q)", name, text, i, got.Tokens[i])
				require.LessOrEqual(t, got.Offsets[i].End, len(text))
			}
			ids, err := tk.AppendIDs(nil, text)
			require.NoError(t, err)
			wantIDs, _ := tk.AppendIDs(nil, fixed)
			require.Equal(t, wantIDs, ids)
		}
	}
}

// replaceInvalid replaces each invalid byte of s by U+FFFD and returns, for
// each byte offset of the result (and its end), the offset in s.
func replaceInvalid(s string) (string, []int) {
	var out []byte
	var pos []int
	for i := 0; i < len(s); {
		r, sz := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && sz == 1 {
			out = append(out, "\uFFFD"...)
			pos = append(pos, i, i, i)
			i++
			continue
		}
		for k := range sz {
			pos = append(pos, i+k)
		}
		out = append(out, s[i:i+sz]...)
		i += sz
	}
	// Offsets fall on character boundaries: a token's end is the start of
	// the next character (whose entry holds its original start) or the
	// end of the text.
	pos = append(pos, len(s))
	return string(out), pos
}
