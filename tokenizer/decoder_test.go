package tokenizer

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// decUnitCase is a line of testdata/dec-unit.json: a decoder of
// tokenizer.json and either the error loading it gives in the reference or
// some tokens and what the reference's Decoder.decode makes of them (the
// decode_chain output joined).
type decUnitCase struct {
	Dec       json.RawMessage `json:"dec"`
	LoadError string          `json:"load_error"`
	Tokens    []string        `json:"tokens"`
	Want      string          `json:"want"`
}

func TestDecodersAgainstReference(t *testing.T) {
	data, err := os.ReadFile("testdata/dec-unit.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []decUnitCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		d, err := loadDecoder(jsonValue{path: "decoder", raw: c.Dec})
		if c.LoadError != "" {
			if err == nil {
				t.Errorf("case %d %s: loaded, the reference refuses it: %s", i, c.Dec, c.LoadError)
				continue
			}
			var le *LoadError
			if !errors.As(err, &le) || !strings.HasPrefix(le.Path, "decoder") {
				t.Errorf("case %d %s: error without a path: %v", i, c.Dec, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("case %d %s: load: %v", i, c.Dec, err)
			continue
		}
		toks := append([]string(nil), c.Tokens...)
		out, err := d.DecodeChain(toks)
		if err != nil {
			t.Errorf("case %d %s %q: %v", i, c.Dec, c.Tokens, err)
			continue
		}
		if got := strings.Join(out, ""); got != c.Want {
			t.Errorf("case %d %s %q: got %q, want %q", i, c.Dec, c.Tokens, got, c.Want)
		}
	}
}

// TestDecodeChainTokens checks the token lists the decoders return, which
// the joined strings above do not show (the reference's own unit tests give
// them).
func TestDecodeChainTokens(t *testing.T) {
	tests := []struct {
		name string
		dec  Decoder
		in   []string
		want []string
	}{
		{"bytefallback valid run", byteFallbackDecoder{}, []string{"<0xE5>", "<0x8f>", "<0xab>", "a"}, []string{"叫", "a"}},
		{"bytefallback invalid run", byteFallbackDecoder{}, []string{"<0xE5>", "<0x8f>", "a"}, []string{"\uFFFD", "\uFFFD", "a"}},
		{"bytefallback tail", byteFallbackDecoder{}, []string{"a", "<0xE5>"}, []string{"a", "\uFFFD"}},
		{"bytelevel joins", byteLevelDecoder{}, []string{"Ġa", "b"}, []string{" ab"}},
		{"bytelevel empty", byteLevelDecoder{}, nil, []string{""}},
		{"fuse", fuseDecoder{}, []string{"a", " b"}, []string{"a b"}},
		{"fuse empty", fuseDecoder{}, nil, []string{""}},
		{"ctc", &ctcDecoder{pad: "<pad>", delimiter: "|", cleanup: true},
			strings.Split("<pad> <pad> h e e l l <pad> l o o o <pad> <pad> | <pad> w o o o r <pad> <pad> l l d <pad> <pad> <pad> <pad>", " "),
			[]string{"h", "e", "l", "l", "o", " ", "w", "o", "r", "l", "d"}},
		{"strip", &stripDecoder{content: 'H', start: 1}, []string{"Hey", " friend!", "HHH"}, []string{"ey", " friend!", "HH"}},
		{"strip end", &stripDecoder{content: 'y', stop: 1}, []string{"Hey", " friend!"}, []string{"He", " friend!"}},
		{"wordpiece", &wordPieceDecoder{prefix: "##", cleanup: true}, []string{"a", "##b", "c", "."}, []string{"a", "b", " c", "."}},
		{"metaspace", &metaspaceDecoder{replacement: "▁", stripFirst: true}, []string{"▁a▁b", "▁c"}, []string{"ab", " c"}},
	}
	for _, tt := range tests {
		got, err := tt.dec.DecodeChain(append([]string(nil), tt.in...))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if strings.Join(got, "\x00") != strings.Join(tt.want, "\x00") || len(got) != len(tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestStripPanicsInReference checks that the inputs on which the
// reference's Strip panics give errors.
func TestStripPanicsInReference(t *testing.T) {
	for _, tt := range []struct {
		d   stripDecoder
		tok string
	}{
		{stripDecoder{content: 'y', stop: 3}, "yy"},
		{stripDecoder{content: 'y', stop: 1}, ""},
		{stripDecoder{content: 'y', start: 1, stop: 1}, "y"},
	} {
		if _, err := tt.d.DecodeChain([]string{tt.tok}); err == nil {
			t.Errorf("%+v on %q: no error", tt.d, tt.tok)
		}
	}
}

// TestLossyUTF8 checks the replacement of ill-formed UTF-8 with the
// examples of the Unicode standard (table 3-8) and Rust's documentation.
func TestLossyUTF8(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\x80b", "a\uFFFDb"},
		{"\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64", "a\uFFFD\uFFFD\uFFFDb\uFFFDc\uFFFD\uFFFDd"},
		{"Hello \xF0\x90\x80World", "Hello \uFFFDWorld"},
		{"\xED\xA0\x80", "\uFFFD\uFFFD\uFFFD"},
		{"\xF4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD"},
		{"\xE0\x80\x80", "\uFFFD\uFFFD\uFFFD"},
		{"\xE6\xB8", "\uFFFD"},
		{"\xC0\xAF", "\uFFFD\uFFFD"},
		{"\xF0\x9F\x98\x80", "😀"},
		{"\xF0\x9F\x98", "\uFFFD"},
		{"\xF0\x9F\x98x", "\uFFFDx"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := lossyUTF8([]byte(tt.in)); got != tt.want {
			t.Errorf("lossyUTF8(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLossyUTF8AllShort compares lossyUTF8 with a direct reading of the
// rule on every string of up to two bytes and all three-byte strings
// starting with a lead byte.
func TestLossyUTF8AllShort(t *testing.T) {
	prefixes := utf8Prefixes()
	check := func(b []byte) {
		got := lossyUTF8(b)
		if !utf8.ValidString(got) {
			t.Fatalf("lossyUTF8(%x) is not valid UTF-8", b)
		}
		if want := lossySlow(b, prefixes); got != want {
			t.Fatalf("lossyUTF8(%x) = %q, want %q", b, got, want)
		}
	}
	for i := range 256 {
		check([]byte{byte(i)})
		for j := range 256 {
			check([]byte{byte(i), byte(j)})
			if i >= 0xC0 && j >= 0x80 && j < 0xC0 {
				for k := range 256 {
					check([]byte{byte(i), byte(j), byte(k)})
				}
			}
		}
	}
}

// lossySlow replaces, at each invalid position, the longest prefix of b
// there that is a proper prefix of the encoding of some code point.
func lossySlow(b []byte, prefixes map[string]bool) string {
	var sb strings.Builder
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || size > 1 {
			sb.WriteRune(r)
			i += size
			continue
		}
		best := 1
		for m := 2; m <= 3 && i+m <= len(b); m++ {
			if prefixes[string(b[i:i+m])] {
				best = m
			}
		}
		sb.WriteString("\uFFFD")
		i += best
	}
	return sb.String()
}

// utf8Prefixes returns the proper prefixes of two or more bytes of the
// encodings of all code points.
func utf8Prefixes() map[string]bool {
	m := map[string]bool{}
	var buf [4]byte
	for c := rune(0x800); c <= utf8.MaxRune; c++ {
		n := utf8.EncodeRune(buf[:], c)
		if c >= 0xD800 && c <= 0xDFFF {
			continue
		}
		for k := 2; k < n; k++ {
			m[string(buf[:k])] = true
		}
	}
	return m
}
