package tiktoken_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRoundTrip checks, on cl100k_base and o200k_base, that decoding the
// ids of a text gives the text back, and that the ordinary tokenizer gives
// the same ids when the text holds no special token.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"", "hello world", "<|endoftext|>x", "  \n\t 12345 ÿ 😀 ﬁ", "I'M'll 'S"} {
		f.Add(s)
	}
	encs, err := encodings()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		for _, name := range []string{"cl100k_base", "o200k_base"} {
			tk, ord := encs[name][0], encs[name][1]
			ids, err := tk.AppendIDs(nil, text)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := tk.Decode(ids, false); err != nil || got != text {
				t.Fatalf("%s: Decode(AppendIDs(%q)) = %q, %v", name, text, got, err)
			}
			if strings.Contains(text, "<|") {
				continue
			}
			o, err := ord.AppendIDs(nil, text)
			if err != nil || !slices.Equal(o, ids) {
				t.Fatalf("%s: ordinary ids of %q: %v, %v; want %v", name, text, o, err, ids)
			}
		}
	})
}
