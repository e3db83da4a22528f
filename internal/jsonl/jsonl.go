// Package jsonl implements the JSON-lines protocol of `tok encode --jsonl`,
// which is also the format of the golden files the conformance tests read:
// one request object per line, one response object per line.
//
// A request holds "text" (and optionally "pair", "add_special_tokens"
// (default true), "truncation" and "padding" in tokenizer.json's shape, which
// when present, even as null, replace the tokenizer's own settings, and
// "overflowing": true to get what truncation cuts off as "overflowing"), or
// "texts" (a batch, encoded and padded together), or only "ids" (decoded).
// Other keys are ignored.
package jsonl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// Request is one input line.
type Request struct {
	Text             *string         `json:"text"`
	Pair             *string         `json:"pair"`
	Texts            []string        `json:"texts"`
	IDs              []uint32        `json:"ids"`
	AddSpecialTokens *bool           `json:"add_special_tokens"`
	Truncation       json.RawMessage `json:"truncation"`
	Overflowing      bool            `json:"overflowing"`
	Padding          json.RawMessage `json:"padding"`

	hasTruncation, hasPadding bool
}

// UnmarshalJSON records whether truncation and padding are present (a null
// value disables them, an absent one keeps the tokenizer's settings).
func (r *Request) UnmarshalJSON(data []byte) error {
	type plain Request
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil {
		return err
	}
	*r = Request(p)
	_, r.hasTruncation = keys["truncation"]
	_, r.hasPadding = keys["padding"]
	return nil
}

// EncodingJSON is the JSON form of an encoding.
type EncodingJSON struct {
	IDs               []uint32       `json:"ids"`
	Tokens            []string       `json:"tokens"`
	Offsets           [][2]int       `json:"offsets"`
	TypeIDs           []uint32       `json:"type_ids"`
	AttentionMask     []uint32       `json:"attention_mask"`
	SpecialTokensMask []uint32       `json:"special_tokens_mask"`
	WordIDs           []*int         `json:"word_ids"`
	SequenceIDs       []*int         `json:"sequence_ids"`
	Overflowing       []EncodingJSON `json:"overflowing,omitempty"`
	Decoded           *string        `json:"decoded,omitempty"`
	DecodedRaw        *string        `json:"decoded_raw,omitempty"`
}

// Response is one output line: an encoding, a batch, a decoding, or an
// error.
type Response struct {
	*EncodingJSON
	Encodings  []EncodingJSON `json:"encodings,omitempty"`
	Decoded    *string        `json:"decoded,omitempty"`
	DecodedRaw *string        `json:"decoded_raw,omitempty"`
	Error      string         `json:"error,omitempty"`
}

// MarshalJSON writes the fields of the kind of response r is, in a fixed
// order.
func (r Response) MarshalJSON() ([]byte, error) {
	switch {
	case r.Error != "":
		return marshal(struct {
			Error string `json:"error"`
		}{r.Error})
	case r.EncodingJSON != nil:
		return marshal(r.EncodingJSON)
	case r.Encodings != nil:
		return marshal(struct {
			Encodings []EncodingJSON `json:"encodings"`
		}{r.Encodings})
	}
	return marshal(struct {
		Decoded    *string `json:"decoded"`
		DecodedRaw *string `json:"decoded_raw"`
	}{r.Decoded, r.DecodedRaw})
}

// marshal is json.Marshal without the escaping of <, > and &.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Handle answers one request line. charOffsets selects offsets in
// characters (code points) rather than bytes.
func Handle(t *tokenizer.Tokenizer, line []byte, charOffsets bool) Response {
	var req Request
	if err := json.Unmarshal(line, &req); err != nil {
		return Response{Error: "invalid request: " + err.Error()}
	}
	resp, err := handle(t, &req, charOffsets)
	if err != nil {
		return Response{Error: err.Error()}
	}
	return resp
}

func handle(t *tokenizer.Tokenizer, req *Request, charOffsets bool) (Response, error) {
	opts := t.Options()
	opts.CharOffsets = charOffsets
	opts.Overflowing = req.Overflowing
	if req.AddSpecialTokens != nil {
		opts.AddSpecialTokens = *req.AddSpecialTokens
	}
	if req.hasTruncation {
		tr, err := tokenizer.ParseTruncation(req.Truncation)
		if err != nil {
			return Response{}, err
		}
		opts.Truncation = tr
	}
	if req.hasPadding {
		p, err := tokenizer.ParsePadding(req.Padding)
		if err != nil {
			return Response{}, err
		}
		opts.Padding = p
	}
	switch {
	case req.Text != nil:
		in := tokenizer.Single(*req.Text)
		if req.Pair != nil {
			in = tokenizer.Pair(*req.Text, *req.Pair)
		}
		var e tokenizer.Encoding
		if err := t.EncodeTo(&e, in, &opts); err != nil {
			return Response{}, err
		}
		ej := ToJSON(&e)
		dec, err := t.Decode(e.IDs, true)
		if err != nil {
			return Response{}, err
		}
		raw, err := t.Decode(e.IDs, false)
		if err != nil {
			return Response{}, err
		}
		ej.Decoded, ej.DecodedRaw = &dec, &raw
		return Response{EncodingJSON: &ej}, nil
	case req.Texts != nil:
		inputs := make([]tokenizer.Input, len(req.Texts))
		for i, s := range req.Texts {
			inputs[i] = tokenizer.Single(s)
		}
		encs, err := t.EncodeBatch(inputs, &opts)
		if err != nil {
			return Response{}, err
		}
		out := make([]EncodingJSON, len(encs))
		for i := range encs {
			out[i] = ToJSON(&encs[i])
		}
		return Response{Encodings: out}, nil
	case req.IDs != nil:
		dec, err := t.Decode(req.IDs, true)
		if err != nil {
			return Response{}, err
		}
		raw, err := t.Decode(req.IDs, false)
		if err != nil {
			return Response{}, err
		}
		return Response{Decoded: &dec, DecodedRaw: &raw}, nil
	}
	return Response{}, errors.New(`request has none of "text", "texts" or "ids"`)
}

// ToJSON converts an encoding to its JSON form.
func ToJSON(e *tokenizer.Encoding) EncodingJSON {
	n := e.Len()
	j := EncodingJSON{
		IDs:               nonNil(e.IDs),
		Tokens:            nonNil(e.Tokens),
		Offsets:           make([][2]int, n),
		TypeIDs:           nonNil(e.TypeIDs),
		AttentionMask:     nonNil(e.AttentionMask),
		SpecialTokensMask: nonNil(e.SpecialTokensMask),
		WordIDs:           make([]*int, n),
		SequenceIDs:       make([]*int, n),
	}
	ints := make([]int, 2*n)
	seqs := e.SequenceIDs()
	for i := range e.Overflowing {
		j.Overflowing = append(j.Overflowing, ToJSON(&e.Overflowing[i]))
	}
	for i := range n {
		j.Offsets[i] = [2]int{e.Offsets[i].Start, e.Offsets[i].End}
		if w := e.WordIDs[i]; w >= 0 {
			ints[2*i] = w
			j.WordIDs[i] = &ints[2*i]
		}
		if s := seqs[i]; s >= 0 {
			ints[2*i+1] = s
			j.SequenceIDs[i] = &ints[2*i+1]
		}
	}
	return j
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// AppendLine appends the response's JSON line, newline included, to dst.
// Characters such as < and > are written as they are, not escaped.
func (r Response) AppendLine(dst []byte) []byte {
	b, err := marshal(r)
	if err != nil {
		return fmt.Appendf(dst, "{\"error\":%q}\n", err.Error())
	}
	return append(append(dst, b...), '\n')
}
