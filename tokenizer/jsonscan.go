package tokenizer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// The scanner below reads tokenizer.json documents, which can be tens of
// megabytes (a 256k vocabulary and 580k merges): it validates a value in one
// pass and splits objects and arrays into their members as sub-slices of the
// document, without copying them as encoding/json's RawMessage does. It
// refuses what the reference's JSON parser (serde_json) refuses and
// encoding/json does not: invalid UTF-8, lone surrogate escapes, and nesting
// deeper than 128.

// maxJSONDepth is serde_json's recursion limit.
const maxJSONDepth = 128

type scanError struct {
	off int
	msg string
}

func (e *scanError) Error() string { return e.msg }

// syntaxError describes a scan error with its line and column.
func syntaxError(data []byte, err error) error {
	if se, ok := err.(*scanError); ok {
		line, col := lineCol(data, min(se.off, len(data)))
		return fmt.Errorf("invalid JSON: %s at line %d column %d", se.msg, line, col)
	}
	return err
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

// scanValue validates the JSON value starting at data[i] (no leading
// whitespace) and returns the index just after it.
func scanValue(data []byte, i, depth int) (int, error) {
	if i >= len(data) {
		return i, &scanError{i, "EOF while parsing a value"}
	}
	switch c := data[i]; {
	case c == '"':
		return scanString(data, i)
	case c == '{':
		return scanObject(data, i, depth+1, nil)
	case c == '[':
		return scanArray(data, i, depth+1, nil)
	case c == 't':
		return scanLiteral(data, i, "true")
	case c == 'f':
		return scanLiteral(data, i, "false")
	case c == 'n':
		return scanLiteral(data, i, "null")
	case c == '-' || (c >= '0' && c <= '9'):
		return scanNumber(data, i)
	}
	return i, &scanError{i, "expected value"}
}

func scanLiteral(data []byte, i int, lit string) (int, error) {
	if len(data)-i < len(lit) || string(data[i:i+len(lit)]) != lit {
		return i, &scanError{i, "expected ident"}
	}
	return i + len(lit), nil
}

func scanNumber(data []byte, i int) (int, error) {
	start := i
	if data[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(data) && data[i] == '0' {
		i++
	} else if digits() == 0 {
		return i, &scanError{start, "invalid number"}
	}
	if i < len(data) && data[i] == '.' {
		i++
		if digits() == 0 {
			return i, &scanError{start, "invalid number"}
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if digits() == 0 {
			return i, &scanError{start, "invalid number"}
		}
	}
	return i, nil
}

// scanString validates the string starting at data[i] (a quote) and
// returns the index after its closing quote.
func scanString(data []byte, i int) (int, error) {
	i++
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			return i + 1, nil
		case c == '\\':
			if i+1 >= len(data) {
				return i, &scanError{i, "EOF while parsing a string"}
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				r, ok := hex4(data, i+2)
				if !ok {
					return i, &scanError{i, "invalid escape"}
				}
				switch {
				case r >= 0xD800 && r < 0xDC00:
					lo, ok := hex4(data, i+8)
					if i+7 >= len(data) || data[i+6] != '\\' || data[i+7] != 'u' || !ok || lo < 0xDC00 || lo >= 0xE000 {
						return i, &scanError{i, "lone leading surrogate in hex escape"}
					}
					i += 12
				case r >= 0xDC00 && r < 0xE000:
					return i, &scanError{i, "lone trailing surrogate in hex escape"}
				default:
					i += 6
				}
			default:
				return i, &scanError{i, "invalid escape"}
			}
		case c < 0x20:
			return i, &scanError{i, "control character (\\u0000-\\u001F) found while parsing a string"}
		case c < utf8.RuneSelf:
			i++
		default:
			r, sz := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && sz == 1 {
				return i, &scanError{i, "invalid UTF-8"}
			}
			i += sz
		}
	}
	return i, &scanError{i, "EOF while parsing a string"}
}

// scanObject validates the object starting at data[i] and, when member is
// not nil, calls it with each key (raw, quotes included) and value.
func scanObject(data []byte, i, depth int, member func(key, value []byte)) (int, error) {
	if depth > maxJSONDepth {
		return i, &scanError{i, "recursion limit exceeded"}
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return i, &scanError{i, "key must be a string"}
		}
		ks := i
		var err error
		if i, err = scanString(data, i); err != nil {
			return i, err
		}
		key := data[ks:i]
		i = skipSpace(data, i)
		if i >= len(data) || data[i] != ':' {
			return i, &scanError{i, "expected `:`"}
		}
		i = skipSpace(data, i+1)
		vs := i
		if i, err = scanValue(data, i, depth); err != nil {
			return i, err
		}
		if member != nil {
			member(key, data[vs:i])
		}
		i = skipSpace(data, i)
		if i >= len(data) {
			return i, &scanError{i, "EOF while parsing an object"}
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case '}':
			return i + 1, nil
		default:
			return i, &scanError{i, "expected `,` or `}`"}
		}
	}
}

// scanArray validates the array starting at data[i] and, when elem is not
// nil, calls it with each element.
func scanArray(data []byte, i, depth int, elem func(value []byte)) (int, error) {
	if depth > maxJSONDepth {
		return i, &scanError{i, "recursion limit exceeded"}
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == ']' {
		return i + 1, nil
	}
	for {
		vs := i
		var err error
		if i, err = scanValue(data, i, depth); err != nil {
			return i, err
		}
		if elem != nil {
			elem(data[vs:i])
		}
		i = skipSpace(data, i)
		if i >= len(data) {
			return i, &scanError{i, "EOF while parsing a list"}
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case ']':
			return i + 1, nil
		default:
			return i, &scanError{i, "expected `,` or `]`"}
		}
	}
}

// validateDocument checks that data is one JSON value, with only whitespace
// around it.
func validateDocument(data []byte) error {
	i := skipSpace(data, 0)
	end, err := scanValue(data, i, 0)
	if err != nil {
		return syntaxError(data, err)
	}
	if j := skipSpace(data, end); j != len(data) {
		return syntaxError(data, &scanError{j, "trailing characters"})
	}
	return nil
}

// unquoteKey returns the text of a raw JSON string (quotes included).
func unquoteKey(raw []byte) string {
	for _, c := range raw[1 : len(raw)-1] {
		if c == '\\' {
			var s string
			_ = json.Unmarshal(raw, &s)
			return s
		}
	}
	return string(raw[1 : len(raw)-1])
}

// readDocument validates data as validateDocument does and, when it is an
// object, returns its members, read in the same pass.
func readDocument(data []byte) (*jsonObject, error) {
	i := skipSpace(data, 0)
	if i == len(data) || data[i] != '{' {
		if err := validateDocument(data); err != nil {
			return nil, &LoadError{Err: err}
		}
		return jsonValue{raw: bytes.TrimSpace(data), valid: true}.object()
	}
	o := &jsonObject{fields: make(map[string]json.RawMessage)}
	end, err := scanObject(data, i, 1, o.addMember)
	if err == nil {
		if j := skipSpace(data, end); j != len(data) {
			err = &scanError{j, "trailing characters"}
		}
	}
	if err != nil {
		return nil, &LoadError{Err: syntaxError(data, err)}
	}
	o.raw, o.valid = data[i:end], true
	return o, nil
}

// The functions below split JSON text that is known to be valid: they find
// where values end without checking them again.

// skipValid returns the index just after the valid value at data[i].
func skipValid(data []byte, i int) int {
	switch data[i] {
	case '"':
		return skipValidString(data, i)
	case '{', '[':
		depth := 0
		for i < len(data) {
			switch data[i] {
			case '"':
				i = skipValidString(data, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	for i < len(data) {
		switch data[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// skipValidString returns the index just after the valid string at data[i]:
// after the first quote that an even number of backslashes precedes.
func skipValidString(data []byte, i int) int {
	j := i + 1
	for {
		k := bytes.IndexByte(data[j:], '"')
		if k < 0 {
			return len(data)
		}
		q := j + k
		n := 0
		for n < q-i-1 && data[q-1-n] == '\\' {
			n++
		}
		if n%2 == 0 {
			return q + 1
		}
		j = q + 1
	}
}

// splitValidObject calls member with each key (quotes included) and value
// of the valid object data.
func splitValidObject(data []byte, member func(key, value []byte)) {
	i := skipSpace(data, 1)
	for i < len(data) && data[i] == '"' {
		ks := i
		i = skipValidString(data, i)
		key := data[ks:i]
		i = skipSpace(data, i)
		i = skipSpace(data, i+1) // ':'
		vs := i
		i = skipValid(data, i)
		member(key, data[vs:i])
		i = skipSpace(data, i)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
}

// splitValidArray calls elem with each element of the valid array data.
func splitValidArray(data []byte, elem func(value []byte)) {
	i := skipSpace(data, 1)
	for i < len(data) && data[i] != ']' {
		vs := i
		i = skipValid(data, i)
		elem(data[vs:i])
		i = skipSpace(data, i)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
}
