package tokenizer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// LoadError is the error loading a tokenizer.json gives: what is wrong and
// where, as a JSON path such as pre_tokenizer.pretokenizers[1].pattern.Regex.
type LoadError struct {
	// Path is where in the document the problem is ("" for the root).
	Path string
	// Err says what is wrong.
	Err error
}

// Error implements error.
func (e *LoadError) Error() string {
	if e.Path == "" {
		return "tokenizer.json: " + e.Err.Error()
	}
	return "tokenizer.json: " + e.Path + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *LoadError) Unwrap() error { return e.Err }

// ErrUnsupported is wrapped by the error loading a tokenizer.json gives for a
// component type the reference knows but this library does not implement.
var ErrUnsupported = errors.New("not supported")

// jsonValue is one value of a tokenizer.json document with its path, for
// decoding with errors that say where they are.
type jsonValue struct {
	path string
	raw  json.RawMessage
	// viaValue is set when the reference reads this value after converting
	// it to a serde_json::Value, whose objects keep the last of duplicate
	// keys: duplicates are then never an error. Otherwise the reference's
	// derived deserializers read the document itself (or serde's buffered
	// copy of it, which keeps every entry), and refuse a duplicate field
	// of a struct, or a second entry in the map of an enum variant. Values
	// read from a viaValue value inherit it.
	viaValue bool
	// valid is set when raw is known to be valid JSON (part of a document
	// that validateDocument accepted), so that splitting it into members
	// need not check it again. Values read from a valid value inherit it.
	valid bool
}

func (v jsonValue) errorf(format string, args ...any) error {
	return &LoadError{Path: v.path, Err: fmt.Errorf(format, args...)}
}

func (v jsonValue) wrap(err error) error {
	if err == nil {
		return nil
	}
	var le *LoadError
	if errors.As(err, &le) {
		return err
	}
	return &LoadError{Path: v.path, Err: err}
}

func (v jsonValue) isNull() bool {
	return len(v.raw) == 0 || bytes.Equal(bytes.TrimSpace(v.raw), []byte("null"))
}

func (v jsonValue) kind() byte {
	b := bytes.TrimSpace(v.raw)
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

func (v jsonValue) child(key string) string {
	if v.path == "" {
		return key
	}
	return v.path + "." + key
}

func (v jsonValue) elem(i int) string {
	return v.path + "[" + strconv.Itoa(i) + "]"
}

// decode unmarshals the value into dst, with an error naming the path.
func (v jsonValue) decode(dst any) error {
	if err := json.Unmarshal(v.raw, dst); err != nil {
		return v.errorf("%s", describeJSONError(err))
	}
	return nil
}

func describeJSONError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("invalid type: %s, expected %s", te.Value, te.Type)
	}
	return err.Error()
}

// array returns the elements of an array value.
func (v jsonValue) array() ([]jsonValue, error) {
	if v.kind() != '[' {
		return nil, v.errorf("invalid type: %s, expected a sequence", v.describe())
	}
	var out []jsonValue
	b := bytes.TrimSpace(v.raw)
	elem := func(r []byte) {
		out = append(out, jsonValue{path: v.elem(len(out)), raw: r, viaValue: v.viaValue, valid: v.valid})
	}
	if v.valid {
		splitValidArray(b, elem)
		return out, nil
	}
	if _, err := scanArray(b, 0, 0, elem); err != nil {
		return nil, v.wrap(syntaxError(b, err))
	}
	return out, nil
}

// describe names the JSON type of the value, for errors.
func (v jsonValue) describe() string {
	switch v.kind() {
	case '{':
		return "map"
	case '[':
		return "sequence"
	case '"':
		return "string " + string(truncateJSON(v.raw))
	case 't', 'f':
		return "boolean " + string(v.raw)
	case 'n':
		return "null"
	case 0:
		return "nothing"
	}
	return "number " + string(truncateJSON(v.raw))
}

func truncateJSON(b []byte) []byte {
	b = bytes.TrimSpace(b)
	if len(b) > 40 {
		return append(b[:37:37], "..."...)
	}
	return b
}

// jsonObject is a JSON object whose fields are read one by one. Of
// duplicate keys, the readers see the last value, as the reference does
// wherever it accepts duplicates; dups lists them for the places where it
// does not (see [jsonObject.refuseDups]).
type jsonObject struct {
	jsonValue
	fields map[string]json.RawMessage
	// dups lists the keys that occur more than once, in the order of
	// their second occurrence (the order in which serde meets them).
	dups []string
}

// object reads v as a JSON object.
func (v jsonValue) object() (*jsonObject, error) {
	if v.kind() != '{' {
		return nil, v.errorf("invalid type: %s, expected a map", v.describe())
	}
	o := &jsonObject{jsonValue: v, fields: make(map[string]json.RawMessage)}
	b := bytes.TrimSpace(v.raw)
	if v.valid {
		splitValidObject(b, o.addMember)
		return o, nil
	}
	if _, err := scanObject(b, 0, 0, o.addMember); err != nil {
		return nil, v.wrap(syntaxError(b, err))
	}
	return o, nil
}

// structObject reads v as the struct called name whose fields, in their
// order of declaration in the reference, are fields, as serde's derived
// deserializers do: an object, in which a repeated field is an error (see
// [jsonObject.refuseDups]), or the sequence form, an array of one element
// per field.
func (v jsonValue) structObject(name string, fields ...string) (*jsonObject, error) {
	if v.kind() != '[' {
		o, err := v.object()
		if err == nil {
			err = o.refuseDups(fields...)
		}
		if err != nil {
			return nil, err
		}
		return o, nil
	}
	elems, err := v.array()
	if err != nil {
		return nil, err
	}
	if len(elems) != len(fields) {
		return nil, v.errorf("invalid length %d, expected struct %s with %d elements", len(elems), name, len(fields))
	}
	o := &jsonObject{jsonValue: v, fields: make(map[string]json.RawMessage, len(fields))}
	for i, e := range elems {
		o.fields[fields[i]] = e.raw
	}
	return o, nil
}

// addMember records one member of the object, in document order.
func (o *jsonObject) addMember(k, val []byte) {
	key := unquoteKey(k)
	if _, seen := o.fields[key]; seen && !slices.Contains(o.dups, key) {
		o.dups = append(o.dups, key)
	}
	o.fields[key] = val
}

// asValue returns o marked as read through a serde_json::Value.
func (o *jsonObject) asValue() *jsonObject {
	c := *o
	c.viaValue = true
	return &c
}

// without returns o without key.
func (o *jsonObject) without(key string) *jsonObject {
	c := *o
	c.fields = make(map[string]json.RawMessage, len(o.fields))
	for k, v := range o.fields {
		if k != key {
			c.fields[k] = v
		}
	}
	c.dups = slices.DeleteFunc(slices.Clone(o.dups), func(k string) bool { return k == key })
	return &c
}

// isDup reports whether key occurs more than once in the object.
func (o *jsonObject) isDup(key string) bool {
	return slices.Contains(o.dups, key)
}

// refuseDups gives the error serde's derived deserializer of a struct with
// the given fields gives when one of them occurs twice, unless the object
// is read through a serde_json::Value (where the last one silently wins).
// Duplicates of other keys, which such a struct ignores, are accepted.
func (o *jsonObject) refuseDups(fields ...string) error {
	if o.viaValue {
		return nil
	}
	for _, k := range o.dups {
		if slices.Contains(fields, k) {
			return o.errorf("duplicate field `%s`", k)
		}
	}
	return nil
}

// singleEntry reports whether the object has exactly one entry, as the map
// form of an enum variant must: a repeated key counts twice, except through
// a serde_json::Value, which keeps only the last.
func (o *jsonObject) singleEntry() bool {
	return len(o.fields) == 1 && (o.viaValue || len(o.dups) == 0)
}

// repeated returns " (`key` is repeated)" for the first repeated key, or ""
// when there is none: a note for errors.
func (o *jsonObject) repeated() string {
	if len(o.dups) == 0 {
		return ""
	}
	return " (`" + o.dups[0] + "` is repeated)"
}

// all returns every value of key, in document order (the readers only see
// the last): for the places where the reference reads each occurrence.
func (o *jsonObject) all(key string) []jsonValue {
	var out []jsonValue
	b := bytes.TrimSpace(o.raw)
	_, _ = scanObject(b, 0, 0, func(k, val []byte) {
		if unquoteKey(k) == key {
			out = append(out, jsonValue{path: o.child(key), raw: val, viaValue: o.viaValue, valid: o.valid})
		}
	})
	return out
}

// checkOverridden calls check with every value of a repeated key but the
// last (the one the readers see), in document order, and returns its first
// error: for the places where the reference reads, and so validates, each
// occurrence.
func (o *jsonObject) checkOverridden(check func(key string, v jsonValue) error) error {
	for _, k := range o.dups {
		vals := o.all(k)
		for _, v := range vals[:len(vals)-1] {
			if err := check(k, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// has reports whether the object has the key, even with a null value.
func (o *jsonObject) has(key string) bool {
	_, ok := o.fields[key]
	return ok
}

// get returns the value of key; ok is false when it is absent.
func (o *jsonObject) get(key string) (jsonValue, bool) {
	r, ok := o.fields[key]
	return jsonValue{path: o.child(key), raw: r, viaValue: o.viaValue, valid: o.valid}, ok
}

// present returns the value of key; ok is false when it is absent or null.
func (o *jsonObject) present(key string) (jsonValue, bool) {
	v, ok := o.get(key)
	if !ok || v.isNull() {
		return v, false
	}
	return v, true
}

// required returns the value of key, or the error the reference gives when
// it is missing.
func (o *jsonObject) required(key string) (jsonValue, error) {
	v, ok := o.get(key)
	if !ok {
		return v, o.errorf("missing field `%s`", key)
	}
	return v, nil
}

// The readers below decode a field of a given Go type. The ...Or forms give
// def when the field is absent (serde's #[serde(default)]); a null value is
// an error for them, as in the reference, unless noted. The plain forms
// require the field.

func (o *jsonObject) boolOr(key string, def bool) (bool, error) {
	v, ok := o.get(key)
	if !ok {
		return def, nil
	}
	var b bool
	if v.kind() != 't' && v.kind() != 'f' {
		return false, v.errorf("invalid type: %s, expected a boolean", v.describe())
	}
	err := v.decode(&b)
	return b, err
}

func (o *jsonObject) boolReq(key string) (bool, error) {
	v, err := o.required(key)
	if err != nil {
		return false, err
	}
	if v.kind() != 't' && v.kind() != 'f' {
		return false, v.errorf("invalid type: %s, expected a boolean", v.describe())
	}
	var b bool
	err = v.decode(&b)
	return b, err
}

// optBool reads an Option<bool>: absent or null give nil.
func (o *jsonObject) optBool(key string) (*bool, error) {
	v, ok := o.present(key)
	if !ok {
		return nil, nil
	}
	if v.kind() != 't' && v.kind() != 'f' {
		return nil, v.errorf("invalid type: %s, expected a boolean", v.describe())
	}
	var b bool
	if err := v.decode(&b); err != nil {
		return nil, err
	}
	return &b, nil
}

func (o *jsonObject) stringReq(key string) (string, error) {
	v, err := o.required(key)
	if err != nil {
		return "", err
	}
	return v.str()
}

// optString reads an Option<String>: absent or null give nil.
func (o *jsonObject) optString(key string) (*string, error) {
	v, ok := o.present(key)
	if !ok {
		return nil, nil
	}
	s, err := v.str()
	if err != nil {
		return nil, err
	}
	return &s, nil
}

func (v jsonValue) str() (string, error) {
	if v.kind() != '"' {
		return "", v.errorf("invalid type: %s, expected a string", v.describe())
	}
	var s string
	err := v.decode(&s)
	return s, err
}

// uint reads a non-negative integer no larger than max.
func (v jsonValue) uint(max uint64) (uint64, error) {
	k := v.kind()
	if k != '-' && (k < '0' || k > '9') {
		return 0, v.errorf("invalid type: %s, expected an unsigned integer", v.describe())
	}
	s := string(bytes.TrimSpace(v.raw))
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		if _, ferr := strconv.ParseFloat(s, 64); ferr == nil && !bytes.ContainsAny(v.raw, ".eE") {
			return 0, v.errorf("invalid value: integer `%s`, expected an unsigned integer", s)
		}
		return 0, v.errorf("invalid type: %s, expected an unsigned integer", v.describe())
	}
	if n > max {
		return 0, v.errorf("invalid value: integer `%s`, expected an integer no larger than %d", s, max)
	}
	return n, nil
}

func (o *jsonObject) uintReq(key string, max uint64) (uint64, error) {
	v, err := o.required(key)
	if err != nil {
		return 0, err
	}
	return v.uint(max)
}

func (o *jsonObject) uintOr(key string, def, max uint64) (uint64, error) {
	v, ok := o.get(key)
	if !ok {
		return def, nil
	}
	return v.uint(max)
}

// optUint reads an Option<integer>: absent or null give ok == false.
func (o *jsonObject) optUint(key string, max uint64) (n uint64, ok bool, err error) {
	v, ok := o.present(key)
	if !ok {
		return 0, false, nil
	}
	n, err = v.uint(max)
	return n, err == nil, err
}

const (
	maxU32 = 1<<32 - 1
	maxInt = int(^uint(0) >> 1)
)

func hex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

func lineCol(data []byte, off int) (int, int) {
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}
