package tokenizer

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/seed6642460b/tokenizers/unigram"
)

// loadUnigram reads a Unigram model of tokenizer.json, accepting and
// refusing what the reference's deserializer does:
//
//   - "vocab", a list of [token, score] pairs, is required ("Missing vocab");
//     a null is refused.
//   - "unk_id" is an optional index of the vocabulary (null means none);
//     "byte_fallback" an optional boolean (a null is refused).
//   - "type", when present, must be the string "Unigram"; a file without
//     "type" gets here when it is neither BPE, WordPiece nor WordLevel.
//   - Other keys are ignored.
//   - The model is then built as the reference builds it, with its checks:
//     an unk_id out of the vocabulary, or an unk_id with an empty
//     vocabulary, is refused.
//
// The reference reads the model through a JSON map sorted by key, so its
// fields are checked in the order byte_fallback, unk_id, vocab; so are they
// here, so that the first error reported is the same.
//
// The scores are the float64 values the reference's JSON parser gives,
// which are not always the nearest to the decimal text (see
// [parseSerdeF64]): the model must sum the same numbers to break near ties
// alike.
func loadUnigram(o *jsonObject) (Model, error) {
	if err := checkModelType(o, "Unigram"); err != nil {
		return nil, err
	}
	cfg := unigram.Config{UnkID: unigram.NoUnk}
	if v, ok := o.get("byte_fallback"); ok {
		if k := v.kind(); k != 't' && k != 'f' {
			return nil, v.errorf("invalid type: %s, expected a boolean", v.describe())
		}
		cfg.ByteFallback = v.kind() == 't'
	}
	if v, ok := o.present("unk_id"); ok {
		// A usize in the reference: any u64. No vocabulary has more
		// than MaxInt pieces, so larger values are out of range alike.
		n, err := v.uint(math.MaxUint64)
		if err != nil {
			return nil, err
		}
		cfg.UnkID = int(min(n, uint64(math.MaxInt)))
	}
	vv, ok := o.get("vocab")
	if !ok {
		return nil, o.errorf("Missing vocab")
	}
	vocab, err := loadUnigramVocab(vv)
	if err != nil {
		return nil, err
	}
	m, err := unigram.New(vocab, cfg)
	if err != nil {
		return nil, o.errorf("Unable to load vocab: %w", err)
	}
	return unigramModel{m}, nil
}

// loadUnigramVocab reads the list of [token, score] pairs of a Unigram
// model. Pairs written plainly are parsed by a fast path; anything else goes
// through the generic readers, which give the reference's errors. All the
// tokens share one backing string.
func loadUnigramVocab(v jsonValue) ([]unigram.Piece, error) {
	if v.kind() != '[' {
		return nil, v.errorf("invalid type: %s, expected a sequence", v.describe())
	}
	type entry struct {
		off, end int
		score    float64
	}
	var (
		entries []entry
		text    []byte
		bad     []byte // the first element the fast path cannot read
		badAt   int
	)
	raw := bytes.TrimSpace(v.raw)
	_, err := scanArray(raw, 0, 0, func(e []byte) {
		if bad != nil {
			return
		}
		tok, num, ok := splitUnigramPiece(e)
		var score float64
		if ok {
			score, ok = parseSerdeF64(num)
		}
		if ok && bytes.IndexByte(tok, '\\') >= 0 {
			var s string
			ok = json.Unmarshal(tok, &s) == nil
			tok = []byte(s)
		} else if ok {
			tok = tok[1 : len(tok)-1]
		}
		if !ok {
			bad, badAt = e, len(entries)
			return
		}
		off := len(text)
		text = append(text, tok...)
		entries = append(entries, entry{off, len(text), score})
	})
	if err != nil {
		return nil, v.wrap(syntaxError(raw, err))
	}
	if bad != nil {
		return nil, unigramPieceError(jsonValue{path: v.elem(badAt), raw: bad})
	}
	all := string(text)
	vocab := make([]unigram.Piece, len(entries))
	for i, e := range entries {
		vocab[i] = unigram.Piece{Token: all[e.off:e.end], Score: e.score}
	}
	return vocab, nil
}

// splitUnigramPiece splits a plainly written pair ["token", number] into the
// token (a raw JSON string, quotes included) and the number. ok is false
// for anything else.
func splitUnigramPiece(e []byte) (tok, num []byte, ok bool) {
	if len(e) == 0 || e[0] != '[' {
		return nil, nil, false
	}
	i := skipSpace(e, 1)
	if i >= len(e) || e[i] != '"' {
		return nil, nil, false
	}
	end, err := scanString(e, i)
	if err != nil {
		return nil, nil, false
	}
	tok = e[i:end]
	i = skipSpace(e, end)
	if i >= len(e) || e[i] != ',' {
		return nil, nil, false
	}
	i = skipSpace(e, i+1)
	if i >= len(e) || (e[i] != '-' && (e[i] < '0' || e[i] > '9')) {
		return nil, nil, false
	}
	end, err = scanNumber(e, i)
	if err != nil {
		return nil, nil, false
	}
	num = e[i:end]
	i = skipSpace(e, end)
	if i != len(e)-1 || e[i] != ']' {
		return nil, nil, false
	}
	return tok, num, true
}

// unigramPieceError returns the error the reference gives for an element of
// the vocabulary that is not a [string, f64] pair.
func unigramPieceError(v jsonValue) error {
	if v.kind() != '[' {
		return v.errorf("invalid type: %s, expected a tuple of size 2", v.describe())
	}
	elems, err := v.array()
	if err != nil {
		return err
	}
	if len(elems) == 0 {
		return v.errorf("invalid length 0, expected a tuple of size 2")
	}
	if _, err := elems[0].str(); err != nil {
		return err
	}
	if len(elems) == 1 {
		return v.errorf("invalid length 1, expected a tuple of size 2")
	}
	s := elems[1]
	if k := s.kind(); k != '-' && (k < '0' || k > '9') {
		return s.errorf("invalid type: %s, expected f64", s.describe())
	}
	if _, ok := parseSerdeF64(bytes.TrimSpace(s.raw)); !ok {
		return s.errorf("number out of range")
	}
	if len(elems) > 2 {
		return v.errorf("invalid length %d, expected fewer elements in array", len(elems))
	}
	return v.errorf("invalid vocabulary entry")
}

// pow10 holds 1e0...1e308 as the reference's JSON parser has them (exact
// decimal literals, correctly rounded).
var pow10 = func() (t [309]float64) {
	for i := range t {
		t[i], _ = strconv.ParseFloat("1e"+strconv.Itoa(i), 64)
	}
	return t
}()

// parseSerdeF64 converts a JSON number (valid JSON syntax, no surrounding
// space) to the float64 that the reference's JSON parser (serde_json built
// without its float_roundtrip feature, as tokenizers is) gives; ok is false
// when that parser reports "number out of range".
//
// That parser is fast but not correctly rounded: it accumulates up to 19 or
// 20 significant digits in a uint64 (ignoring the digits after those),
// converts that to float64, then multiplies or divides by a power of ten.
// The two roundings can land one unit in the last place away from the
// nearest float64: "-2.0122928619384766", a score of T5's vocabulary, is
// read as -2.012292861938477. A quarter of T5's scores are affected.
// Integers that fit a u64 or i64 are converted directly (exactly rounded).
func parseSerdeF64(b []byte) (f float64, ok bool) {
	i := 0
	neg := false
	if i < len(b) && b[i] == '-' {
		neg = true
		i++
	}
	const maxU64 = math.MaxUint64
	overflows := func(sig, d uint64) bool {
		return sig >= maxU64/10 && (sig > maxU64/10 || d > maxU64%10)
	}
	var sig uint64
	var exp int32
	isInt := true
	if i < len(b) && b[i] == '0' {
		i++
	} else {
		for ; i < len(b) && isDigit(b[i]); i++ {
			d := uint64(b[i] - '0')
			if overflows(sig, d) {
				// The remaining digits only scale the number.
				isInt = false
				for ; i < len(b) && isDigit(b[i]); i++ {
					exp++
				}
				break
			}
			sig = sig*10 + d
		}
	}
	if i < len(b) && b[i] == '.' {
		isInt = false
		i++
		for ; i < len(b) && isDigit(b[i]); i++ {
			d := uint64(b[i] - '0')
			if overflows(sig, d) {
				// The remaining fraction digits are ignored.
				for ; i < len(b) && isDigit(b[i]); i++ {
				}
				break
			}
			sig = sig*10 + d
			exp--
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		posExp := true
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			posExp = b[i] == '+'
			i++
		}
		var e int32
		for ; i < len(b) && isDigit(b[i]); i++ {
			d := int32(b[i] - '0')
			if e >= math.MaxInt32/10 && (e > math.MaxInt32/10 || d > math.MaxInt32%10) {
				// An exponent beyond i32: infinity is an error, zero
				// is zero.
				if sig != 0 && posExp {
					return 0, false
				}
				if neg {
					return math.Copysign(0, -1), true
				}
				return 0, true
			}
			e = e*10 + d
		}
		if posExp {
			exp = satAdd32(exp, e)
		} else {
			exp = satAdd32(exp, -e)
		}
		return serdeFromParts(neg, sig, exp)
	}
	if isInt {
		f = float64(sig)
		if neg {
			f = -f
		}
		return f, true
	}
	return serdeFromParts(neg, sig, exp)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// satAdd32 adds two int32 values, saturating (e is never MinInt32).
func satAdd32(a, e int32) int32 {
	s := int64(a) + int64(e)
	return int32(max(min(s, math.MaxInt32), math.MinInt32))
}

// serdeFromParts is serde_json's f64_from_parts: sig × 10^exp with one
// multiplication or division (several divisions by 1e308 first for tiny
// numbers).
func serdeFromParts(neg bool, sig uint64, exp int32) (float64, bool) {
	f := float64(sig)
	for {
		a := exp
		if a < 0 {
			a = -a // MinInt32 stays negative: not in the table
		}
		if a >= 0 && a < int32(len(pow10)) {
			if exp >= 0 {
				f *= pow10[a]
				if math.IsInf(f, 0) {
					return 0, false
				}
			} else {
				f /= pow10[a]
			}
			break
		}
		if f == 0 {
			break
		}
		if exp >= 0 {
			return 0, false
		}
		f /= 1e308
		exp += 308
	}
	if neg {
		f = -f
	}
	return f, true
}

// unigramModel adapts a [unigram.Model] to [Model].
type unigramModel struct {
	*unigram.Model
}

// Tokenize implements [Model]: the values are the vocabulary's strings, and
// for an unknown piece a copy of the text it covers (word is only valid
// during the call).
func (m unigramModel) Tokenize(dst []Token, word string) ([]Token, error) {
	return unigram.AppendTokens(m.Model, dst, word, makeUnigramToken)
}

func makeUnigramToken(id uint32, value string, start, end int, fromWord bool) Token {
	if fromWord {
		value = strings.Clone(value)
	}
	return Token{ID: id, Value: value, Start: start, End: end}
}
