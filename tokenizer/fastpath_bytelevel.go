package tokenizer

import (
	"fmt"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/bpe"
	"github.com/seed6642460b/tokenizers/internal/bytelevel"
	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
)

// The fast path of byte-level BPE pipelines (GPT-2, RoBERTa, Llama 3,
// GPT-4o, Qwen...):
//
//   - normalizer: none, NFC or NFKC;
//   - pre-tokenizer: ByteLevel alone (with or without its regular
//     expression, with or without add_prefix_space), or a Split whose
//     regular expression has a hand-written matcher and whose pieces are its
//     matches (Isolated, or Removed inverted...) followed by ByteLevel
//     without its regular expression;
//   - model: BPE whose vocabulary has the 256 byte characters, without
//     dropout, continuing-subword prefix or end-of-word suffix.
//
// The pipeline normalizes, cuts at the added tokens matched in the
// normalized text, cuts each part with the regular expression, maps every
// byte of each piece to its character and gives the piece to BPE, whose
// initial symbols are then those characters, one per byte. Only the ids
// are wanted, so the fast path skips the alignments and the character
// mapping: it scans the normalized bytes with the matcher, and gives the
// raw bytes of each piece to a [bpe.ByteEncoder], which starts from the
// symbol of each byte. NFC and NFKC leave ASCII unchanged; the runs of other
// characters are normalized (and invalid UTF-8 replaced, as
// [normalizers.NormalizedString] does) through a NormalizedString (see
// normalizeRuns), and the normalized text goes the same way.
type byteLevelFast struct {
	t   *Tokenizer
	enc *bpe.ByteEncoder
	// scan cuts a part into pieces; nil keeps it whole.
	scan pretokenizers.ScanFunc
	// prefixPart and prefixPiece add a space in front of every part
	// (ByteLevel alone) or every piece (after a Split) that does not
	// start with one: add_prefix_space.
	prefixPart, prefixPiece bool
	// normalize is true with a normalizer (NFC or NFKC), which leaves
	// ASCII unchanged.
	normalize bool
}

// byteLevelState is the fast path's memory in an encodeState.
type byteLevelState struct {
	// spans are the parts between normalized added tokens.
	spans []addedSpan
	// part and word hold a part or a piece with a prefix space.
	part, word []byte
	// norm is the run being normalized, and text the normalized text.
	norm normalizers.NormalizedString
	text []byte
	// gate turns the word cache off in random text; reset per call.
	gate bpe.CacheGate
}

// byteSymbols is the byte-level alphabet: the character of each byte.
var byteSymbols = func() (t [256]string) {
	for b := range 256 {
		t[b] = string(bytelevel.Chars[b])
	}
	return t
}()

// newByteLevelFastPath returns the fast path for t when its pipeline has the
// shape this file handles, or nil.
func newByteLevelFastPath(t *Tokenizer) fastPath {
	bm, ok := t.model.(*bpeModel)
	if !ok {
		return nil
	}
	f := &byteLevelFast{t: t}
	switch unwrapNormalizer(t.normalizer).(type) {
	case nil:
	case normalizers.NFC, normalizers.NFKC:
		f.normalize = true
	default:
		return nil
	}
	steps := []pretokenizers.PreTokenizer{t.preTokenizer}
	if seq, ok := t.preTokenizer.(pretokenizers.Sequence); ok {
		steps = seq
	}
	switch len(steps) {
	case 1:
		bl, ok := steps[0].(pretokenizers.ByteLevel)
		if !ok {
			return nil
		}
		f.scan, _ = bl.Scanner()
		f.prefixPart = bl.AddPrefixSpace
	case 2:
		sp, ok := steps[0].(*pretokenizers.Split)
		if !ok {
			return nil
		}
		bl, ok := steps[1].(pretokenizers.ByteLevel)
		if !ok || bl.UseRegex {
			return nil
		}
		if f.scan, ok = sp.Scanner(); !ok {
			return nil
		}
		f.prefixPiece = bl.AddPrefixSpace
	default:
		return nil
	}
	enc, err := bm.m.NewByteEncoder(&byteSymbols)
	if err != nil {
		return nil
	}
	f.enc = enc
	return f
}

// unwrapNormalizer returns the only normalizer of a one-element sequence
// (recursively), or n.
func unwrapNormalizer(n Normalizer) Normalizer {
	for {
		seq, ok := n.(normalizers.Sequence)
		if !ok || len(seq) != 1 {
			return n
		}
		n = seq[0]
	}
}

// appendIDs implements fastPath.
func (f *byteLevelFast) appendIDs(st *encodeState, dst []uint32, text string, start, end int) ([]uint32, bool, error) {
	b := unsafeBytes(text[start:end])
	st.byteLevel.gate = bpe.CacheGate{}
	if !isASCII(b) && (f.normalize || !utf8.Valid(b)) {
		var err error
		if b, err = f.normalizeRuns(st, text, start, end); err != nil {
			return dst, false, err
		}
	}
	av := f.t.added
	if av.norm == nil {
		return f.appendPart(st, dst, b), true, nil
	}
	st.byteLevel.spans = av.findSpans(st.byteLevel.spans[:0], st, b, av.norm, av.normIDs)
	for _, sp := range st.byteLevel.spans {
		if sp.start >= sp.end {
			continue
		}
		if sp.isToken {
			dst = append(dst, sp.id)
			continue
		}
		dst = f.appendPart(st, dst, b[sp.start:sp.end])
	}
	return dst, true, nil
}

// normalizeRuns returns the normalized text of text[start:end], with
// invalid UTF-8 replaced as [normalizers.NormalizedString] does, in
// st.byteLevel.text.
//
// NFC and NFKC leave ASCII alone, and what they do to the other characters
// depends only on the characters before them up to the last ASCII one: an
// ASCII character is a starter (combining class 0) that is never the
// second of a composition, so nothing composes or reorders across the
// start of an ASCII character (what a compatibility decomposition makes,
// "fi" of "ﬁ" say, belongs to the run of the character decomposed). So the text is copied as it is but for the
// runs of other characters, each normalized with the ASCII character before
// it (a letter may compose with the accents after it) through the general
// NormalizedString, whose alignments are not used.
func (f *byteLevelFast) normalizeRuns(st *encodeState, text string, start, end int) ([]byte, error) {
	out := st.byteLevel.text[:0]
	n := &st.byteLevel.norm
	for i := start; i < end; {
		j := i
		for j < end && text[j] < utf8.RuneSelf {
			j++
		}
		if j == end {
			out = append(out, text[i:end]...)
			break
		}
		seg := j
		if j > i {
			seg = j - 1
		}
		out = append(out, text[i:seg]...)
		k := j
		for k < end && text[k] >= utf8.RuneSelf {
			k++
		}
		st.scratch.Reset()
		n.Reset(text, seg, k, &st.scratch)
		if f.normalize {
			if err := f.t.normalizer.Normalize(n); err != nil {
				return nil, fmt.Errorf("tokenizer: normalizer: %w", err)
			}
		}
		out = append(out, n.Bytes()...)
		i = k
	}
	st.byteLevel.text = out
	return out, nil
}

// appendPart appends the ids of a part of the normalized text between added
// tokens.
func (f *byteLevelFast) appendPart(st *encodeState, dst []uint32, b []byte) []uint32 {
	if len(b) == 0 {
		return dst
	}
	if f.prefixPart && b[0] != ' ' {
		st.byteLevel.part = append(append(st.byteLevel.part[:0], ' '), b...)
		b = st.byteLevel.part
	}
	if f.scan == nil {
		return f.appendPiece(st, dst, b, 0, len(b))
	}
	for i := 0; i < len(b); {
		e := f.scan(b, i)
		dst = f.appendPiece(st, dst, b, i, e)
		i = e
	}
	return dst
}

// appendPiece appends the ids of the piece b[start:end].
func (f *byteLevelFast) appendPiece(st *encodeState, dst []uint32, b []byte, start, end int) []uint32 {
	if f.prefixPiece && b[start] != ' ' {
		st.byteLevel.word = append(append(st.byteLevel.word[:0], ' '), b[start:end]...)
		w := st.byteLevel.word
		return f.enc.AppendIDsGated(dst, w, 0, len(w), &st.byteLevel.gate)
	}
	return f.enc.AppendIDsGated(dst, b, start, end, &st.byteLevel.gate)
}

// isASCII reports whether b is all ASCII, eight bytes at a time.
func isASCII(b []byte) bool {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		v := uint64(b[i]) | uint64(b[i+1])<<8 | uint64(b[i+2])<<16 | uint64(b[i+3])<<24 |
			uint64(b[i+4])<<32 | uint64(b[i+5])<<40 | uint64(b[i+6])<<48 | uint64(b[i+7])<<56
		if v&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
