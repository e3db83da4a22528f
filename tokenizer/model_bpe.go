package tokenizer

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/bpe"
)

// loadBPE reads a BPE model of tokenizer.json, accepting and refusing what
// the reference's deserializer does:
//
//   - "vocab" (an object of u32 ids) and "merges" (a list of "a b" strings
//     or of ["a", "b"] pairs, not mixed) are required; a null is refused.
//   - "dropout" (a number), "unk_token", "continuing_subword_prefix",
//     "end_of_word_suffix" (strings), "fuse_unk", "byte_fallback",
//     "ignore_merges" (booleans) are optional; null means absent.
//   - "type", when present, must be the string "BPE". A file without "type"
//     is BPE if it loads as one: since the reference reads a legacy model
//     from a JSON value, from which it cannot borrow a string, any "type"
//     key makes that inference fail; loadModel only tries it without a
//     usable "type", which gives the same result.
//   - Other keys are ignored.
//   - In the string form of merges, strings starting with "#version" are
//     skipped (they do not take a rank), and the others must hold exactly
//     one space.
//   - Strings with lone UTF-16 surrogate escapes are refused, as serde_json
//     does.
//
// Vocabulary and merges are read by a scanner of their own rather than
// encoding/json, for speed: a large model has hundreds of thousands of
// each. All vocabulary strings share one backing array.
func loadBPE(o *jsonObject) (Model, error) {
	if v, ok := o.get("type"); ok {
		s, err := bpeJSONString(v)
		if err != nil {
			return nil, err
		}
		if s != "BPE" {
			return nil, v.errorf("invalid value: string %q, expected BPE", s)
		}
	}
	var c bpe.Config
	var opts bpeOptionals
	if v, ok := o.present("dropout"); ok {
		d, err := bpeDropout(v)
		if err != nil {
			return nil, err
		}
		c.Dropout, opts.dropout = d, true
	}
	if v, ok := o.present("unk_token"); ok {
		s, err := bpeJSONString(v)
		if err != nil {
			return nil, err
		}
		c.UnkToken, c.HasUnkToken = s, true
	}
	for _, f := range []struct {
		key string
		dst *string
		set *bool
	}{
		{"continuing_subword_prefix", &c.ContinuingSubwordPrefix, &opts.prefix},
		{"end_of_word_suffix", &c.EndOfWordSuffix, &opts.suffix},
	} {
		if v, ok := o.present(f.key); ok {
			s, err := bpeJSONString(v)
			if err != nil {
				return nil, err
			}
			*f.dst, *f.set = s, true
		}
	}
	for _, f := range []struct {
		key string
		dst *bool
	}{
		{"fuse_unk", &c.FuseUnk},
		{"byte_fallback", &c.ByteFallback},
		{"ignore_merges", &c.IgnoreMerges},
	} {
		b, err := o.optBool(f.key)
		if err != nil {
			return nil, err
		}
		if b != nil {
			*f.dst = *b
		}
	}
	vv, hasVocab := o.get("vocab")
	mv, hasMerges := o.get("merges")
	if !hasVocab || !hasMerges {
		// The error of a value that is there comes first.
		if hasVocab {
			if _, err := bpeLoadVocab(vv); err != nil {
				return nil, err
			}
		}
		if hasMerges {
			if _, err := bpeLoadMerges(mv); err != nil {
				return nil, err
			}
		}
		return nil, o.errorf("Missing vocab/merges")
	}
	// The two are read at the same time (they are most of the file);
	// the vocabulary's error comes first.
	var mergesErr error
	var wg sync.WaitGroup
	wg.Go(func() { c.Merges, mergesErr = bpeLoadMerges(mv) })
	var err error
	c.Vocab, err = bpeLoadVocab(vv)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if mergesErr != nil {
		return nil, mergesErr
	}
	m, err := bpe.New(c)
	if err != nil {
		var me *bpe.MergeError
		if errors.As(err, &me) {
			return nil, mv.errorf("merge %d: token `%s` out of vocabulary", me.Index, me.Token)
		}
		return nil, o.wrap(err)
	}
	a := newBPEModel(m)
	a.opts = opts
	return a, nil
}

// bpeDropout reads the dropout: a number that the reference converts to
// f32 (so 1.00000001 is 1, and -1e-50 is 0). bpe.New checks the range.
func bpeDropout(v jsonValue) (float32, error) {
	k := v.kind()
	if k != '-' && (k < '0' || k > '9') {
		return 0, v.errorf("invalid type: %s, expected f32", v.describe())
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(string(v.raw)), 64)
	if err != nil {
		return 0, v.errorf("number out of range")
	}
	if math.Abs(f) > 2 {
		// Out of range whatever the rounding; avoids converting
		// values beyond float32's range, which Go leaves unspecified.
		return 0, v.wrap(bpe.ErrInvalidDropout)
	}
	return float32(f), nil
}

// bpeJSONString reads a JSON string strictly, as serde_json does: lone
// surrogate escapes and invalid UTF-8 are errors.
func bpeJSONString(v jsonValue) (string, error) {
	if v.kind() != '"' {
		return "", v.errorf("invalid type: %s, expected a string", v.describe())
	}
	s := bpeScanner{b: v.raw}
	s.skipSpace()
	b, err := s.str(nil)
	if err != nil {
		return "", v.errorf("%v", err)
	}
	return string(b), nil
}

// bpeLoadVocab reads a vocabulary map (of BPE, WordPiece or WordLevel). All
// tokens are decoded into one buffer, converted to a string once; the map
// keys are substrings of it, which keeps loading memory close to the size
// of the file.
// As with the JSON value the reference reads, the last of duplicate keys
// wins.
func bpeLoadVocab(v jsonValue) (map[string]uint32, error) {
	if v.kind() != '{' {
		return nil, v.errorf("invalid type: %s, expected a map", v.describe())
	}
	// An entry is a token (in arena) and its id; when the value is not a
	// u32, bad holds the value's bounds in v.raw, plus one.
	type entry struct {
		start, end       uint32
		id               uint32
		badStart, badEnd uint32
	}
	if len(v.raw) >= math.MaxUint32 {
		return nil, v.errorf("vocabulary too large (%d bytes)", len(v.raw))
	}
	s := bpeScanner{b: v.raw}
	s.skipSpace()
	s.i++ // '{'
	arena := make([]byte, 0, len(v.raw)/2)
	// Each entry has a colon (tokens may have more); the other bounds
	// keep a file of one long token of colons from reserving much (the
	// slice grows past them when it must).
	entries := make([]entry, 0, min(bytes.Count(v.raw, []byte{':'}), len(v.raw)/8, 1<<21)+1)
	anyBad := false
	for n := 0; ; n++ {
		s.skipSpace()
		if s.peek() == '}' {
			break
		}
		if n > 0 {
			if s.peek() != ',' {
				return nil, v.errorf("expected `,` or `}` at byte %d", s.i)
			}
			s.i++
			s.skipSpace()
		}
		start := len(arena)
		var err error
		if arena, err = s.str(arena); err != nil {
			return nil, v.errorf("%v", err)
		}
		end := len(arena)
		s.skipSpace()
		if s.peek() != ':' {
			return nil, v.errorf("expected `:` at byte %d", s.i)
		}
		s.i++
		s.skipSpace()
		vs := s.i
		tok := s.value()
		id, ok := bpeParseU32(tok)
		e := entry{start: uint32(start), end: uint32(end), id: id}
		if !ok {
			e.badStart, e.badEnd = uint32(vs)+1, uint32(s.i)+1
			anyBad = true
		}
		entries = append(entries, e)
	}
	all := string(arena)
	vocab := make(map[string]uint32, len(entries))
	if !anyBad {
		// The last of duplicate keys wins.
		for _, e := range entries {
			vocab[all[e.start:e.end]] = e.id
		}
		return vocab, nil
	}
	// As in the JSON value the reference reads, the last of duplicate
	// keys wins, and only its value has to be a u32: the map first holds,
	// for each token, the index of its last entry.
	for i, e := range entries {
		vocab[all[e.start:e.end]] = uint32(i)
	}
	firstBad := -1
	for k, i := range vocab {
		e := entries[i]
		if e.badEnd != 0 {
			if firstBad < 0 || int(i) < firstBad {
				firstBad = int(i)
			}
			continue
		}
		vocab[k] = e.id
	}
	if firstBad >= 0 {
		e := entries[firstBad]
		key := all[e.start:e.end]
		bad := v.raw[e.badStart-1 : e.badEnd-1]
		return nil, jsonValue{path: v.child(key), raw: bad}.errorf("%s", bpeU32Error(bad))
	}
	return vocab, nil
}

// bpeParseU32 parses a JSON number made only of decimal digits that fits a
// uint32: serde_json reads anything else (a sign, a fraction, an exponent,
// even -0 or 1.0) as a float or a negative integer, which a u32 refuses.
func bpeParseU32(b []byte) (uint32, bool) {
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return uint32(n), n <= math.MaxUint32
}

// bpeU32Error describes why a vocabulary id is not a u32, in serde's words.
func bpeU32Error(b []byte) string {
	v := jsonValue{raw: b}
	k := v.kind()
	if k != '-' && (k < '0' || k > '9') {
		return fmt.Sprintf("invalid type: %s, expected u32", v.describe())
	}
	s := string(b)
	if !strings.ContainsAny(s, ".eE") {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n != 0 {
			return fmt.Sprintf("invalid value: integer `%s`, expected u32", s)
		}
		if _, err := strconv.ParseUint(s, 10, 64); err == nil {
			return fmt.Sprintf("invalid value: integer `%s`, expected u32", s)
		}
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return "number out of range"
	}
	return fmt.Sprintf("invalid type: floating point `%s`, expected u32", s)
}

// bpeLoadMerges reads the merges, in either form. The JSON text is converted
// to a string once, and merge tokens without escapes are substrings of it.
func bpeLoadMerges(v jsonValue) ([][2]string, error) {
	if v.kind() != '[' {
		return nil, v.errorf("data did not match any variant of untagged enum MergeType (expected a sequence, got %s)", v.describe())
	}
	all := string(v.raw)
	s := bpeScanner{b: v.raw}
	s.skipSpace()
	s.i++ // '['
	// str reads a string at s.i as a substring of all when it has no
	// escapes.
	var scratch []byte
	str := func() (string, error) {
		start := s.i + 1
		if j := s.plainStringEnd(); j >= 0 {
			s.i = j + 1
			return all[start:j], nil
		}
		var err error
		if scratch, err = s.str(scratch[:0]); err != nil {
			return "", err
		}
		return string(scratch), nil
	}
	mismatch := func(i int) error {
		return jsonValue{path: v.elem(i)}.errorf("data did not match any variant of untagged enum MergeType: merges must be all \"a b\" strings or all [\"a\", \"b\"] pairs")
	}
	// Each merge has two quotes in the string form, four in the pair
	// form (escaped quotes only make the estimate larger), and takes at
	// least 5 bytes; the slice grows past the bounds when it must.
	quotes := bytes.Count(v.raw, []byte{'"'})
	if s.skipSpace(); s.peek() == '[' {
		quotes /= 2
	}
	merges := make([][2]string, 0, min(quotes/2, len(v.raw)/5, 1<<20)+1)
	const (
		unknown = iota
		strs
		pairs
	)
	form := unknown
	line := 0 // merges read in the string form, #version lines excepted
	for n := 0; ; n++ {
		s.skipSpace()
		if s.peek() == ']' {
			break
		}
		if n > 0 {
			if s.peek() != ',' {
				return nil, v.errorf("expected `,` or `]` at byte %d", s.i)
			}
			s.i++
			s.skipSpace()
		}
		switch s.peek() {
		case '"':
			if form == pairs {
				return nil, mismatch(n)
			}
			form = strs
			m, err := str()
			if err != nil {
				return nil, jsonValue{path: v.elem(n)}.errorf("%v", err)
			}
			if strings.HasPrefix(m, "#version") {
				continue
			}
			line++
			a, b, ok := strings.Cut(m, " ")
			if !ok || strings.IndexByte(b, ' ') >= 0 {
				return nil, jsonValue{path: v.elem(n)}.errorf("Merges text file invalid at line %d: %q must be two tokens separated by one space", line, m)
			}
			merges = append(merges, [2]string{a, b})
		case '[':
			if form == strs {
				return nil, mismatch(n)
			}
			form = pairs
			s.i++
			var pair [2]string
			for k := range 3 {
				s.skipSpace()
				if k == 2 {
					if s.peek() != ']' {
						return nil, mismatch(n)
					}
					s.i++
					break
				}
				if k == 1 {
					if s.peek() != ',' {
						return nil, mismatch(n)
					}
					s.i++
					s.skipSpace()
				}
				if s.peek() != '"' {
					return nil, mismatch(n)
				}
				var err error
				if pair[k], err = str(); err != nil {
					return nil, jsonValue{path: v.elem(n)}.errorf("%v", err)
				}
			}
			merges = append(merges, pair)
		default:
			return nil, mismatch(n)
		}
	}
	return merges, nil
}

// bpeScanner reads JSON text that encoding/json has already validated
// (jsonObject's fields are). It still checks bounds, so that text that is
// not valid gives errors, never panics.
type bpeScanner struct {
	b []byte
	i int
}

func (s *bpeScanner) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *bpeScanner) skipSpace() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// value skips a JSON value (a number, literal, string, array or object) and
// returns its text.
func (s *bpeScanner) value() []byte {
	start := s.i
	depth := 0
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch c {
		case '"':
			if _, err := s.str(nil); err != nil {
				s.i = len(s.b)
			}
			if depth == 0 {
				return s.b[start:s.i]
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return s.b[start:s.i]
			}
			depth--
			if depth == 0 {
				s.i++
				return s.b[start:s.i]
			}
		case ',', ' ', '\t', '\n', '\r', ':':
			if depth == 0 {
				return s.b[start:s.i]
			}
		}
		s.i++
	}
	return s.b[start:s.i]
}

// plainStringEnd returns the index of the closing quote of the string at
// s.i if it has no escapes, no control characters and is valid UTF-8, else
// -1.
func (s *bpeScanner) plainStringEnd() int {
	j := s.i + 1
	ascii := true
	for ; j < len(s.b); j++ {
		c := s.b[j]
		if c == '"' {
			if !ascii && !utf8.Valid(s.b[s.i+1:j]) {
				return -1
			}
			return j
		}
		if c == '\\' || c < 0x20 {
			return -1
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	return -1
}

// str decodes the string at s.i, appending it to dst.
func (s *bpeScanner) str(dst []byte) ([]byte, error) {
	if s.peek() != '"' {
		return dst, fmt.Errorf("expected a string at byte %d", s.i)
	}
	if j := s.plainStringEnd(); j >= 0 {
		dst = append(dst, s.b[s.i+1:j]...)
		s.i = j + 1
		return dst, nil
	}
	s.i++
	start := len(dst)
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			if !utf8.Valid(dst[start:]) {
				return dst, fmt.Errorf("invalid UTF-8 in string")
			}
			return dst, nil
		case c < 0x20:
			return dst, fmt.Errorf("control character (\\u0000-\\u001F) found while parsing a string")
		case c != '\\':
			dst = append(dst, c)
			s.i++
			continue
		}
		if s.i+1 >= len(s.b) {
			break
		}
		e := s.b[s.i+1]
		s.i += 2
		switch e {
		case '"', '\\', '/':
			dst = append(dst, e)
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := s.hex4()
			if !ok {
				return dst, fmt.Errorf("invalid escape")
			}
			if utf16.IsSurrogate(rune(r)) {
				if r >= 0xDC00 {
					return dst, fmt.Errorf("lone leading surrogate in hex escape")
				}
				if s.i+1 >= len(s.b) || s.b[s.i] != '\\' || s.b[s.i+1] != 'u' {
					return dst, fmt.Errorf("unexpected end of hex escape")
				}
				s.i += 2
				r2, ok := s.hex4()
				if !ok {
					return dst, fmt.Errorf("invalid escape")
				}
				if r2 < 0xDC00 || r2 > 0xDFFF {
					return dst, fmt.Errorf("lone leading surrogate in hex escape")
				}
				r = 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00)
			}
			dst = utf8.AppendRune(dst, rune(r))
		default:
			return dst, fmt.Errorf("invalid escape")
		}
	}
	return dst, fmt.Errorf("EOF while parsing a string")
}

// hex4 reads four hexadecimal digits.
func (s *bpeScanner) hex4() (uint32, bool) {
	if s.i+4 > len(s.b) {
		return 0, false
	}
	var r uint32
	for _, c := range s.b[s.i : s.i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | uint32(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | uint32(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | uint32(c-'A'+10)
		default:
			return 0, false
		}
	}
	s.i += 4
	return r, true
}

// bpeModel adapts a *bpe.Model to the Model interface.
type bpeModel struct {
	m    *bpe.Model
	pool sync.Pool // *[]bpe.Token

	// opts records which of the reference's optional fields are set
	// even though their value is the zero one (a dropout of 0, an empty
	// prefix or suffix): saving writes them as values, not null.
	opts bpeOptionals
}

// bpeOptionals says which optional BPE fields a tokenizer.json set.
type bpeOptionals struct {
	dropout, prefix, suffix bool
}

func newBPEModel(m *bpe.Model) *bpeModel { return &bpeModel{m: m} }

// BPE returns the underlying model.
func (a *bpeModel) BPE() *bpe.Model { return a.m }

// Tokenize implements Model. Token values are the vocabulary's strings.
func (a *bpeModel) Tokenize(dst []Token, word string) ([]Token, error) {
	bp, _ := a.pool.Get().(*[]bpe.Token)
	if bp == nil {
		bp = new([]bpe.Token)
	}
	toks, err := a.m.Tokenize((*bp)[:0], word)
	if err == nil {
		for _, t := range toks {
			v, _ := a.m.IDToToken(t.ID)
			dst = append(dst, Token{ID: t.ID, Value: v, Start: t.Start, End: t.End})
		}
	}
	if cap(toks) <= 1<<16 {
		*bp = toks
		a.pool.Put(bp)
	}
	return dst, err
}

// TokenToID implements Model.
func (a *bpeModel) TokenToID(token string) (uint32, bool) { return a.m.TokenToID(token) }

// IDToToken implements Model; it returns the vocabulary's string.
func (a *bpeModel) IDToToken(id uint32) (string, bool) { return a.m.IDToToken(id) }

// VocabSize implements Model.
func (a *bpeModel) VocabSize() int { return a.m.VocabSize() }

// Vocab implements Model.
func (a *bpeModel) Vocab() map[string]uint32 { return a.m.Vocab() }
