package tokenizer

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// jsonWriter writes JSON text byte for byte as the reference's serializer
// (serde_json) does, so that a saved tokenizer.json can be compared with the
// reference's as text:
//
//   - strings escape only '"', '\\' and the control characters below
//     U+0020 (\b \f \n \r \t by name, the others as \u00xx in lowercase
//     hexadecimal); everything else, '/', '<', U+2028 and DEL included, is
//     written as is;
//   - floats are written in the reference's shortest form (see appendRyu);
//   - the compact form has no whitespace; the pretty form indents by two
//     spaces, puts ": " after keys, one element per line, and writes empty
//     containers as [] and {}.
//
// Values are written in order with the methods below; separators and
// indentation are handled here. The writer does not check that its calls
// form valid JSON: the save code is the only caller.
type jsonWriter struct {
	buf    []byte
	pretty bool
	// depth is the number of open containers; empty[i] is true while
	// the container at depth i+1 has no element yet.
	depth int
	empty []bool
	// afterKey is true between a key and its value.
	afterKey bool
}

// newline writes a line break and the indentation of the current depth.
func (w *jsonWriter) newline() {
	w.buf = append(w.buf, '\n')
	for range w.depth {
		w.buf = append(w.buf, ' ', ' ')
	}
}

// beforeValue writes what goes before a value: nothing after a key or at
// the top level, else the separator from the previous element of the array.
func (w *jsonWriter) beforeValue() {
	if w.afterKey {
		w.afterKey = false
		return
	}
	if w.depth == 0 {
		return
	}
	first := w.empty[w.depth-1]
	w.empty[w.depth-1] = false
	if !first {
		w.buf = append(w.buf, ',')
	}
	if w.pretty {
		w.newline()
	}
}

func (w *jsonWriter) open(c byte) {
	w.beforeValue()
	w.buf = append(w.buf, c)
	w.depth++
	if len(w.empty) < w.depth {
		w.empty = append(w.empty, true)
	}
	w.empty[w.depth-1] = true
}

func (w *jsonWriter) close(c byte) {
	wasEmpty := w.empty[w.depth-1]
	w.depth--
	if w.pretty && !wasEmpty {
		w.newline()
	}
	w.buf = append(w.buf, c)
}

func (w *jsonWriter) beginObject() { w.open('{') }
func (w *jsonWriter) endObject()   { w.close('}') }
func (w *jsonWriter) beginArray()  { w.open('[') }
func (w *jsonWriter) endArray()    { w.close(']') }

// key writes an object key; the next call writes its value.
func (w *jsonWriter) key(k string) {
	w.beforeValue()
	w.buf = appendJSONString(w.buf, k)
	w.buf = append(w.buf, ':')
	if w.pretty {
		w.buf = append(w.buf, ' ')
	}
	w.afterKey = true
}

func (w *jsonWriter) str(s string) {
	w.beforeValue()
	w.buf = appendJSONString(w.buf, s)
}

func (w *jsonWriter) uint(n uint64) {
	w.beforeValue()
	w.buf = strconv.AppendUint(w.buf, n, 10)
}

func (w *jsonWriter) int(n int) {
	w.beforeValue()
	w.buf = strconv.AppendInt(w.buf, int64(n), 10)
}

func (w *jsonWriter) bool(b bool) {
	w.beforeValue()
	w.buf = strconv.AppendBool(w.buf, b)
}

func (w *jsonWriter) null() {
	w.beforeValue()
	w.buf = append(w.buf, "null"...)
}

// float32 writes f as serde_json writes an f32 (null when not finite).
func (w *jsonWriter) float32(f float32) {
	w.beforeValue()
	w.buf = appendRyu(w.buf, float64(f), 32)
}

// float64 writes f as serde_json writes an f64 (null when not finite).
func (w *jsonWriter) float64(f float64) {
	w.beforeValue()
	w.buf = appendRyu(w.buf, f, 64)
}

// field helpers write a key and its value.
func (w *jsonWriter) fieldStr(k, v string) { w.key(k); w.str(v) }
func (w *jsonWriter) fieldBool(k string, v bool) {
	w.key(k)
	w.bool(v)
}
func (w *jsonWriter) fieldUint(k string, v uint64) {
	w.key(k)
	w.uint(v)
}

// typed opens an object and writes its "type" field, as the reference's
// tagged structs start.
func (w *jsonWriter) typed(name string) {
	w.beginObject()
	w.fieldStr("type", name)
}

// raw writes a JSON value produced elsewhere (a json.Marshaler), compacted
// or indented to fit the document.
func (w *jsonWriter) raw(data []byte) error {
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		return err
	}
	w.beforeValue()
	if !w.pretty {
		w.buf = append(w.buf, b.Bytes()...)
		return nil
	}
	var ind bytes.Buffer
	if err := json.Indent(&ind, b.Bytes(), strings.Repeat("  ", w.depth), "  "); err != nil {
		return err
	}
	w.buf = append(w.buf, ind.Bytes()...)
	return nil
}

// appendJSONString appends s as a JSON string with serde_json's escapes.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendRyu appends f as the reference's serde_json formats a float of
// bitSize bits: the shortest digits that read back as the same float, laid
// out as an integer with ".0" (1234e7 -> 12340000000.0), a decimal (12.34,
// 0.001234) or in scientific notation (1e-7, 1.234e+30) depending on where
// the decimal point falls. The limits are those of the ryu crate's f64 and
// f32 formats: integers and decimals up to 16 (f32: 13) digits before the
// point, up to 4 (f32: 5) zeros after it; unlike ryu, a positive exponent
// has a '+' (measured: 1e22 is written 1e+22, 1e-7 is 1e-7). Infinities and
// NaN are written null, as serde_json does.
func appendRyu(dst []byte, f float64, bitSize int) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return append(dst, "null"...)
	}
	if f == 0 {
		if math.Signbit(f) {
			return append(dst, "-0.0"...)
		}
		return append(dst, "0.0"...)
	}
	// The shortest digits and exponent, from strconv: "d.ddde±x".
	var tmp [32]byte
	e := strconv.AppendFloat(tmp[:0], f, 'e', -1, bitSize)
	if e[0] == '-' {
		dst = append(dst, '-')
		e = e[1:]
	}
	mant, expStr, _ := bytes.Cut(e, []byte{'e'})
	digits := make([]byte, 0, len(mant))
	for _, c := range mant {
		if c != '.' {
			digits = append(digits, c)
		}
	}
	exp, err := strconv.Atoi(string(expStr))
	if err != nil || len(digits) == 0 {
		// Not reached: strconv always writes digits and an exponent.
		return append(dst, e...)
	}
	// The value is 0.digits × 10^kk: kk is the position of the decimal
	// point relative to the first digit.
	length := len(digits)
	kk := exp + 1
	k := kk - length
	maxInt, minFrac := 16, -5
	if bitSize == 32 {
		maxInt, minFrac = 13, -6
	}
	switch {
	case k >= 0 && kk <= maxInt:
		dst = append(dst, digits...)
		for range k {
			dst = append(dst, '0')
		}
		return append(dst, '.', '0')
	case kk > 0 && kk <= maxInt:
		dst = append(dst, digits[:kk]...)
		dst = append(dst, '.')
		return append(dst, digits[kk:]...)
	case kk > minFrac && kk <= 0:
		dst = append(dst, '0', '.')
		for range -kk {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	dst = append(dst, digits[0])
	if length > 1 {
		dst = append(dst, '.')
		dst = append(dst, digits[1:]...)
	}
	dst = append(dst, 'e')
	if kk > 0 {
		dst = append(dst, '+')
	}
	return strconv.AppendInt(dst, int64(kk-1), 10)
}
