package tokenizer_test

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// The fuzz targets check invariants that hold for any input: no panic,
// offsets inside the text of their sequence, ids the tokenizer knows,
// byte-level round trips, and append-style calls that leave the caller's
// existing data alone. Run one with, for example,
//
//	go test ./tokenizer -run X -fuzz FuzzEncode -fuzztime 10m
//
// New inputs the fuzzer finds are kept in testdata/fuzz.

// fuzzFiles are the tokenizers the encode targets pick from: every model
// family, and pipelines with normalizers that change lengths.
var fuzzFiles = []string{
	"tokenizers/bert-base-uncased/tokenizer.json",
	"tokenizers/gpt2/tokenizer.json",
	"tokenizers/roberta-base/tokenizer.json",
	"tokenizers/all-minilm-l6-v2/tokenizer.json",
	"tokenizers/wordlevel-wiki/tokenizer.json",
	"tokenizers/hw-doc-summarizer/tokenizer.json",
	"tokenizers/tiny-llama3-style-torchtune/tokenizer.json",
	"synthetic/bpe-byte-fallback.json",
	"synthetic/unigram-byte-fallback.json",
	"synthetic/norm-precompiled-t5.json",
	"synthetic/added-flags.json",
	"synthetic/added-normalized.json",
}

var fuzzTokenizers = sync.OnceValues(func() ([]*tokenizer.Tokenizer, error) {
	var out []*tokenizer.Tokenizer
	for _, f := range fuzzFiles {
		tk, err := tokenizer.FromFile(filepath.Join("..", "testdata", f))
		if err != nil {
			return nil, err
		}
		out = append(out, tk)
	}
	return out, nil
})

func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		"", " ", "Hello, world!", "Héllo wörld 😀 日本語", "<s>hello</s> [CLS] [SEP] <|endoftext|>",
		"a\u0301\u0316 ﬁ ① Ⅻ İ ß", "\x00\x01\t\n\r\u0085\u2028 \u3000", "\xff\xfe invalid \xc3", "don't stop-believing, 123.45",
		"ab abc yes x-y [SEP]  <mask>", "\u200b\u200d\ufeff", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	} {
		f.Add(s, "", uint16(0))
		f.Add(s, "pair text", uint16(0x0101))
	}
}

// FuzzEncode encodes text (and pair) with a tokenizer and options chosen by
// flags, and checks the invariants of the result.
func FuzzEncode(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, text, pair string, flags uint16) {
		tks, err := fuzzTokenizers()
		if err != nil {
			t.Fatal(err)
		}
		tk := tks[int(flags)%len(tks)]
		opts := tokenizer.Options{AddSpecialTokens: flags&0x10 != 0, CharOffsets: flags&0x20 != 0}
		if flags&0x40 != 0 {
			opts.Truncation = &tokenizer.Truncation{MaxLength: int(flags>>12) + 4, Stride: int(flags>>12) % 3,
				Strategy: tokenizer.Strategy(flags >> 8 % 3), Direction: tokenizer.Direction(flags >> 11 & 1)}
			opts.Overflowing = flags&0x80 != 0
		}
		if flags&0x200 != 0 {
			opts.Padding = &tokenizer.Padding{Fixed: flags&0x400 != 0, Length: 8, PadToMultipleOf: int(flags>>13) % 4, Direction: tokenizer.Direction(flags >> 9 & 1)}
		}
		in := tokenizer.Single(text)
		if flags&0x100 != 0 {
			in = tokenizer.Pair(text, pair)
		}
		var e tokenizer.Encoding
		if err := tk.EncodeTo(&e, in, &opts); err != nil {
			return // errors are allowed (truncation that cannot be met...)
		}
		checkEncoding(t, tk, &e, in, opts.CharOffsets)
		for i := range e.Overflowing {
			checkEncoding(t, tk, &e.Overflowing[i], in, opts.CharOffsets)
		}

		// A batch gives each input's encoding, the same as EncodeTo's.
		batch := []tokenizer.Input{in, in}
		got, err := tk.EncodeBatch(batch, &opts)
		if err != nil {
			t.Fatalf("EncodeTo succeeded but EncodeBatch failed: %v", err)
		}
		for i := range got {
			checkEncoding(t, tk, &got[i], batch[i], opts.CharOffsets)
		}
		for i := range got {
			if !equalU32(got[i].IDs, e.IDs) || !slices.Equal(got[i].Offsets, e.Offsets) {
				t.Fatalf("EncodeBatch[%d] %v %v, EncodeTo %v %v", i, got[i].IDs, got[i].Offsets, e.IDs, e.Offsets)
			}
		}

		// AppendIDs leaves the caller's data alone and agrees with
		// EncodeTo without special tokens.
		guard := []uint32{0xdead, 0xbeef, 0xcafe}
		ids, err := tk.AppendIDs(append(make([]uint32, 0, 64), guard...), text)
		if err == nil {
			if !equalU32(ids[:3], guard) {
				t.Fatalf("AppendIDs changed the caller's data: %v", ids[:3])
			}
			var plain tokenizer.Encoding
			if err := tk.EncodeTo(&plain, tokenizer.Single(text), &tokenizer.Options{}); err != nil {
				t.Fatalf("AppendIDs succeeded but EncodeTo failed: %v", err)
			}
			if !equalU32(ids[3:], plain.IDs) {
				t.Fatalf("AppendIDs %v, EncodeTo %v", ids[3:], plain.IDs)
			}
		}

		// Byte-level BPE without a normalizer gives the text back.
		if flags%uint16(len(tks)) == 1 && utf8.ValidString(text) {
			var plain tokenizer.Encoding
			if err := tk.EncodeTo(&plain, tokenizer.Single(text), &tokenizer.Options{}); err == nil {
				got, err := tk.Decode(plain.IDs, false)
				if err != nil || got != text {
					t.Fatalf("gpt2 round trip: got %q (%v), want %q", got, err, text)
				}
			}
		}
	})
}

func equalU32(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkEncoding checks the invariants of one encoding.
func checkEncoding(t *testing.T, tk *tokenizer.Tokenizer, e *tokenizer.Encoding, in tokenizer.Input, charOffsets bool) {
	t.Helper()
	n := e.Len()
	if len(e.TypeIDs) != n || len(e.Tokens) != n || len(e.Offsets) != n || len(e.WordIDs) != n ||
		len(e.SpecialTokensMask) != n || len(e.AttentionMask) != n {
		t.Fatalf("fields of different lengths: %d ids", n)
	}
	seqs := e.SequenceIDs()
	var lastStart [2]int
	for i, id := range e.IDs {
		if e.AttentionMask[i] == 0 {
			continue // padding
		}
		if _, ok := tk.IDToToken(id); !ok {
			t.Fatalf("token %d: id %d unknown to the tokenizer", i, id)
		}
		src := in.Text
		if seqs[i] == 1 {
			src = in.Pair
		}
		limit := len(src)
		if charOffsets {
			limit = utf8.RuneCountInString(src)
		}
		o := e.Offsets[i]
		if seqs[i] >= 0 && (o.Start < 0 || o.Start > o.End || o.End > limit) {
			t.Fatalf("token %d (%q): offsets %v outside its sequence (%d units)", i, e.Tokens[i], o, limit)
		}
		// Within a sequence, the tokens of the text start in order.
		if seqs[i] >= 0 && e.SpecialTokensMask[i] == 0 {
			if o.Start < lastStart[seqs[i]] {
				t.Fatalf("token %d (%q): offsets %v start before the previous token's (%d)", i, e.Tokens[i], o, lastStart[seqs[i]])
			}
			lastStart[seqs[i]] = o.Start
		}
	}
}

// FuzzLoad loads arbitrary bytes as a tokenizer.json: it must fail with an
// error or load a tokenizer that can encode and decode without panicking.
func FuzzLoad(f *testing.F) {
	for _, file := range []string{"synthetic/bpe-byte-fallback.json", "synthetic/added-flags.json", "synthetic/added-normalized.json"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", file))
		if err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{`{}`, `{"model":{}}`, `{"model":{"type":"BPE","vocab":{},"merges":[]}}`,
		`{"model":{"type":"WordLevel","vocab":{"a":0},"unk_token":"a"},"pre_tokenizer":{"type":"Split","pattern":{"Regex":"(a+)+$"},"behavior":"Isolated","invert":false}}`,
		`{"model":{"vocab":[["a",0.0]],"unk_id":0},"normalizer":{"type":"Sequence","normalizers":[{"type":"Sequence","normalizers":[]}]}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tk, err := tokenizer.FromBytes(data)
		if err != nil {
			return
		}
		for _, s := range []string{"", "a", "Hello, world! 😀", "aaaa aaaa", "\xff"} {
			if e, err := tk.Encode(s); err == nil {
				_, _ = tk.Decode(e.IDs, false)
			}
		}
		_, _ = tk.MarshalJSON()
	})
}

// FuzzDecode decodes arbitrary ids, all at once and as a stream.
func FuzzDecode(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 1, 0, 0, 0}, uint8(0))
	f.Add([]byte("\x01\x02\x03\x04\xff\xff\xff\xff"), uint8(1))
	f.Fuzz(func(t *testing.T, raw []byte, which uint8) {
		tks, err := fuzzTokenizers()
		if err != nil {
			t.Fatal(err)
		}
		tk := tks[int(which)%len(tks)]
		// At most 1024 ids: a stream of byte tokens that never complete
		// a character is decoded again at each step (as in the
		// reference: see DecodeStream), and longer inputs would make
		// single runs take seconds.
		raw = raw[:min(len(raw), 4*1024)]
		var ids []uint32
		for len(raw) >= 4 {
			v := binary.LittleEndian.Uint32(raw)
			if which&0x80 == 0 {
				v %= 70000 // mostly known ids
			}
			ids = append(ids, v)
			raw = raw[4:]
		}
		_, _ = tk.Decode(ids, which&0x40 != 0)
		s := tk.NewDecodeStream(which&0x40 != 0)
		for _, id := range ids {
			if _, _, err := s.Step(id); err != nil {
				break
			}
		}
	})
}
