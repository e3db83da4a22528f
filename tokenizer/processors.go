package tokenizer

import (
	"fmt"
	"strings"
)

// Post-processors are loaded the way the reference's untagged enum
// PostProcessorWrapper is deserialized: each variant is tried in the order
// RobertaProcessing, BertProcessing, ByteLevel, TemplateProcessing, Sequence
// and the first that reads wins. The "type" field is not checked by the first
// two and the fourth (serde ignores the tag of a struct), so a "BertProcessing"
// with trim_offsets and add_prefix_space is a RobertaProcessing, and a
// "RobertaProcessing" whose trim_offsets is null is a BertProcessing. ByteLevel
// and Sequence need their type.

// ppVariant is one variant of the post-processor enum, in the order the
// reference tries them.
type ppVariant struct {
	name string
	load func(o *jsonObject) (ppProcessor, error)
}

// ppVariants returns the variants (a function, as Sequence refers back to
// them).
func ppVariants() [5]ppVariant {
	return [...]ppVariant{
		{"RobertaProcessing", loadRobertaProcessing},
		{"BertProcessing", loadBertProcessing},
		{"ByteLevel", loadByteLevelProcessing},
		{"TemplateProcessing", loadTemplateProcessing},
		{"Sequence", loadSequenceProcessing},
	}
}

// ppProcessor is implemented by every post-processor of this package.
type ppProcessor interface {
	PostProcessor
	// processList is ProcessEncodings with the reference's exact output
	// list, which matters when another processor of a Sequence reads it.
	// ProcessEncodings may instead return any list that merges to the
	// same encoding.
	processList(encodings []Encoding, addSpecialTokens bool) ([]Encoding, error)
}

// loadPostProcessor reads a post-processor of tokenizer.json.
func loadPostProcessor(v jsonValue) (PostProcessor, error) {
	p, err := loadPPVariant(v)
	if err != nil {
		return nil, err
	}
	return p, nil
}

func loadPPVariant(v jsonValue) (ppProcessor, error) {
	o, err := v.object()
	if err != nil {
		return nil, err
	}
	typ, _ := contentUnitVariant(o, "type")
	var named error
	for _, pv := range ppVariants() {
		p, err := pv.load(o)
		if err == nil {
			return p, nil
		}
		if typ == pv.name && named == nil {
			named = err
		}
	}
	if named != nil {
		// The reference only says that no variant matched; the error of
		// the variant the type names is more useful.
		return nil, named
	}
	if typ != "" {
		return nil, o.errorf("unknown post-processor type %q: data did not match any variant of untagged enum PostProcessorWrapper (RobertaProcessing, BertProcessing, ByteLevel, TemplateProcessing, Sequence)", typ)
	}
	return nil, o.errorf("data did not match any variant of untagged enum PostProcessorWrapper (RobertaProcessing, BertProcessing, ByteLevel, TemplateProcessing, Sequence)")
}

// contentUnitVariant reads the field key as serde reads a unit variant of
// an enum: a string, or a map with that name as its single key and null as
// its value. It returns "" when the field is absent or is neither.
func contentUnitVariant(o *jsonObject, key string) (string, bool) {
	v, ok := o.get(key)
	if !ok {
		return "", false
	}
	return unitVariantOf(v)
}

func unitVariantOf(v jsonValue) (string, bool) {
	switch v.kind() {
	case '"':
		s, err := v.str()
		return s, err == nil
	case '{':
		m, err := v.object()
		if err != nil || !m.singleEntry() {
			return "", false
		}
		for k := range m.fields {
			if inner, _ := m.get(k); inner.isNull() {
				return k, true
			}
		}
	}
	return "", false
}

// readUnitVariant reads a unit variant (see contentUnitVariant) that must be
// one of names, with the reference's errors.
func readUnitVariant(v jsonValue, names ...string) (string, error) {
	k := v.kind()
	if k != '"' && k != '{' {
		return "", v.errorf("invalid type: %s, expected string or map", v.describe())
	}
	s, ok := unitVariantOf(v)
	if !ok {
		if k == '{' {
			note := ""
			if m, err := v.object(); err == nil {
				note = m.repeated()
			}
			return "", v.errorf("invalid value: map, expected map with a single key and a null value%s", note)
		}
		return "", v.errorf("invalid type: %s, expected string or map", v.describe())
	}
	for _, n := range names {
		if s == n {
			return s, nil
		}
	}
	return "", v.errorf("unknown variant `%s`, %s", s, expectedVariants(names))
}

// expectedVariants says which variant names an enum has, as serde does.
func expectedVariants(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "`" + n + "`"
	}
	switch len(quoted) {
	case 1:
		return "expected " + quoted[0]
	case 2:
		return "expected " + quoted[0] + " or " + quoted[1]
	}
	return "expected one of " + strings.Join(quoted, ", ")
}

// requireType checks that the object's "type" is the unit variant name, as
// the reference's helper enums for ByteLevel, Sequence, Metaspace... do.
func requireType(o *jsonObject, name string) error {
	if err := o.refuseDups("type"); err != nil {
		return err
	}
	v, err := o.required("type")
	if err != nil {
		return err
	}
	_, err = readUnitVariant(v, name)
	return err
}

// contentChar reads a string of exactly one character, as serde reads a
// Rust char.
func contentChar(v jsonValue) (rune, error) {
	s, err := v.str()
	if err != nil {
		return 0, v.errorf("invalid type: %s, expected a character", v.describe())
	}
	rs := []rune(s)
	if len(rs) != 1 {
		return 0, v.errorf("invalid value: string %q, expected a character", s)
	}
	return rs[0], nil
}

// ppSpecial is one special token a post-processor adds.
type ppSpecial struct {
	token string
	id    uint32
}

// loadPPSpecial reads a (token, id) pair of BertProcessing and
// RobertaProcessing: a two-element array.
func loadPPSpecial(o *jsonObject, key string) (ppSpecial, error) {
	v, err := o.required(key)
	if err != nil {
		return ppSpecial{}, err
	}
	elems, err := v.array()
	if err != nil {
		return ppSpecial{}, v.errorf("invalid type: %s, expected a tuple of size 2", v.describe())
	}
	if len(elems) != 2 {
		return ppSpecial{}, v.errorf("invalid length %d, expected a tuple of size 2", len(elems))
	}
	tok, err := elems[0].str()
	if err != nil {
		return ppSpecial{}, err
	}
	id, err := elems[1].uint(maxU32)
	if err != nil {
		return ppSpecial{}, err
	}
	return ppSpecial{token: tok, id: uint32(id)}, nil
}

// The struct deserializers of the variants refuse a duplicate of their own
// fields (the post-processor is never read through a serde_json::Value), and
// ignore duplicates of other keys: a RobertaProcessing with two
// "trim_offsets" loads as a BertProcessing. RobertaProcessing, BertProcessing
// and TemplateProcessing ignore their "type", repeated or not; ByteLevel and
// Sequence check it.

func loadBertProcessing(o *jsonObject) (ppProcessor, error) {
	if err := o.refuseDups("sep", "cls"); err != nil {
		return nil, err
	}
	sep, err := loadPPSpecial(o, "sep")
	if err != nil {
		return nil, err
	}
	cls, err := loadPPSpecial(o, "cls")
	if err != nil {
		return nil, err
	}
	return &bertProcessing{sep: sep, cls: cls}, nil
}

func loadRobertaProcessing(o *jsonObject) (ppProcessor, error) {
	if err := o.refuseDups("sep", "cls", "trim_offsets", "add_prefix_space"); err != nil {
		return nil, err
	}
	sep, err := loadPPSpecial(o, "sep")
	if err != nil {
		return nil, err
	}
	cls, err := loadPPSpecial(o, "cls")
	if err != nil {
		return nil, err
	}
	trim, err := o.boolReq("trim_offsets")
	if err != nil {
		return nil, err
	}
	prefix, err := o.boolReq("add_prefix_space")
	if err != nil {
		return nil, err
	}
	return &robertaProcessing{sep: sep, cls: cls, trimOffsets: trim, addPrefixSpace: prefix}, nil
}

func loadByteLevelProcessing(o *jsonObject) (ppProcessor, error) {
	if err := requireType(o, "ByteLevel"); err != nil {
		return nil, err
	}
	if err := o.refuseDups("add_prefix_space", "trim_offsets", "use_regex"); err != nil {
		return nil, err
	}
	prefix, err := o.boolReq("add_prefix_space")
	if err != nil {
		return nil, err
	}
	trim, err := o.boolReq("trim_offsets")
	if err != nil {
		return nil, err
	}
	// use_regex only matters to the pre-tokenizer, but it must be a
	// boolean when present.
	useRegex, err := o.boolOr("use_regex", true)
	if err != nil {
		return nil, err
	}
	return &byteLevelProcessing{trimOffsets: trim, addPrefixSpace: prefix, useRegex: useRegex}, nil
}

func loadSequenceProcessing(o *jsonObject) (ppProcessor, error) {
	if err := requireType(o, "Sequence"); err != nil {
		return nil, err
	}
	if err := o.refuseDups("processors"); err != nil {
		return nil, err
	}
	v, err := o.required("processors")
	if err != nil {
		return nil, err
	}
	elems, err := v.array()
	if err != nil {
		return nil, err
	}
	s := &sequenceProcessing{processors: make([]ppProcessor, 0, len(elems))}
	for _, e := range elems {
		p, err := loadPPVariant(e)
		if err != nil {
			return nil, err
		}
		s.processors = append(s.processors, p)
	}
	return s, nil
}

// ppStruct reads the fields of a serde struct, which may be written as a
// map or as a sequence holding the fields in declaration order.
type ppStruct struct {
	v      jsonValue
	obj    *jsonObject
	elems  []jsonValue
	fields []string
}

func readPPStruct(v jsonValue, what string, fields ...string) (*ppStruct, error) {
	s := &ppStruct{v: v, fields: fields}
	switch v.kind() {
	case '{':
		o, err := v.object()
		if err != nil {
			return nil, err
		}
		if err := o.refuseDups(fields...); err != nil {
			return nil, err
		}
		s.obj = o
	case '[':
		elems, err := v.array()
		if err != nil {
			return nil, err
		}
		if len(elems) != len(fields) {
			return nil, v.errorf("invalid length %d, expected %s with %d elements", len(elems), what, len(fields))
		}
		s.elems = elems
	default:
		return nil, v.errorf("invalid type: %s, expected %s", v.describe(), what)
	}
	return s, nil
}

// field returns the value of a required field.
func (s *ppStruct) field(name string) (jsonValue, error) {
	if s.obj != nil {
		return s.obj.required(name)
	}
	for i, f := range s.fields {
		if f == name {
			return s.elems[i], nil
		}
	}
	return jsonValue{}, s.v.errorf("missing field `%s`", name)
}

func (s *ppStruct) uint32Field(name string) (uint32, error) {
	v, err := s.field(name)
	if err != nil {
		return 0, err
	}
	n, err := v.uint(maxU32)
	return uint32(n), err
}

// errPPEncodings is the error for a number of encodings other than 1 or 2.
func errPPEncodings(n int) error {
	return fmt.Errorf("post-processor: got %d encodings, expected 1 or 2", n)
}
