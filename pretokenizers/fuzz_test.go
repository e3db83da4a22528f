package pretokenizers

import (
	"testing"

	"github.com/seed6642460b/tokenizers/normalizers"
)

// fuzzPreTokenizers returns one pre-tokenizer of every kind, with the
// regexes of real files.
func fuzzPreTokenizers(t *testing.T) []PreTokenizer {
	out := []PreTokenizer{
		BertPreTokenizer{}, Whitespace{}, WhitespaceSplit{}, UnicodeScripts{},
		Punctuation{Behavior: normalizers.Contiguous}, Digits{IndividualDigits: true}, Digits{},
		CharDelimiterSplit{Delimiter: 'a'}, FixedLength{Length: 3},
		ByteLevel{AddPrefixSpace: true, TrimOffsets: true, UseRegex: true}, ByteLevel{},
		NewMetaspace('▁', PrependFirst, true), NewMetaspace('▁', PrependAlways, false), NewMetaspace('▁', PrependNever, true),
		NewSplitString("--", normalizers.MergedWithNext, false),
	}
	for _, re := range []string{
		`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
		`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
		`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
		`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
	} {
		for _, b := range []normalizers.SplitBehavior{normalizers.Isolated, normalizers.Removed} {
			s, err := NewSplitRegex(re, b, b == normalizers.Removed)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
	}
	return out
}

// FuzzPreTokenizers runs every kind of pre-tokenizer on arbitrary text and
// checks that pieces are non-empty, inside the text and in order.
func FuzzPreTokenizers(f *testing.F) {
	for _, s := range []string{"", "Hello, world!", "don't stop-believing 123456", "  \t\n\r\u3000x", "日本語のテキスト", "a\u0301\u0316--b",
		"\xff\xfe", "😀👍🏽 🇫🇷", "It's 'S'LL 'd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for i, pt := range fuzzPreTokenizers(t) {
			p := New(text)
			if err := pt.PreTokenize(p); err != nil {
				continue // e.g. a regex timeout
			}
			prevStart, prevEnd := 0, 0
			for _, pc := range p.Pieces() {
				o := pc.Normalized.OriginalOffsets()
				if pc.Normalized.IsEmpty() {
					t.Fatalf("pre-tokenizer %d (%T): empty piece", i, pt)
				}
				if o.Start < 0 || o.End > len(text) || o.Start > o.End {
					t.Fatalf("pre-tokenizer %d (%T): piece %v outside the text (%d bytes)", i, pt, o, len(text))
				}
				// Pieces may share original characters (an inserted
				// space takes the alignment of the character it
				// precedes) but never go backwards.
				if o.Start < prevStart || o.End < prevEnd {
					t.Fatalf("pre-tokenizer %d (%T): piece %v goes back before the previous one (%d..%d)", i, pt, o, prevStart, prevEnd)
				}
				prevStart, prevEnd = o.Start, o.End
			}
		}
	})
}
