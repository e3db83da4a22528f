package tokenizer

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/seed6642460b/tokenizers/pretokenizers"
)

// SpecialToken is a special token as [NewBertProcessing] and
// [NewRobertaProcessing] add it: its string and id.
type SpecialToken struct {
	Token string
	ID    uint32
}

// NewBertProcessing returns the reference's BertProcessing post-processor:
// "[CLS] A [SEP]" for a single sequence, "[CLS] A [SEP] B [SEP]" for a
// pair, with type id 0 for the first sequence and its special tokens and 1
// for the pair and its [SEP]. The reference's defaults are
// {"[SEP]", 102} and {"[CLS]", 101}.
func NewBertProcessing(sep, cls SpecialToken) PostProcessor {
	return &bertProcessing{sep: ppSpecial{token: sep.Token, id: sep.ID}, cls: ppSpecial{token: cls.Token, id: cls.ID}}
}

// NewRobertaProcessing returns the reference's RobertaProcessing
// post-processor: "<s> A </s>" for a single sequence, "<s> A </s> </s> B
// </s>" for a pair, all with type id 0. With trimOffsets, the offsets of
// the tokens leave out the spaces the byte-level pre-tokenizer kept in
// them; addPrefixSpace says whether that pre-tokenizer added a space in
// front of the text (and must match it). The reference's defaults are
// {"</s>", 2}, {"<s>", 0}, true and true.
func NewRobertaProcessing(sep, cls SpecialToken, trimOffsets, addPrefixSpace bool) PostProcessor {
	return &robertaProcessing{sep: ppSpecial{token: sep.Token, id: sep.ID}, cls: ppSpecial{token: cls.Token, id: cls.ID}, trimOffsets: trimOffsets, addPrefixSpace: addPrefixSpace}
}

// NewByteLevelProcessing returns the post-processor side of the
// reference's ByteLevel: it adds no token, and when b.TrimOffsets is true
// trims the offsets of each token to leave out the spaces it holds (the
// prefix space too when b.AddPrefixSpace). b.UseRegex does not change
// processing; it is saved.
func NewByteLevelProcessing(b pretokenizers.ByteLevel) PostProcessor {
	return &byteLevelProcessing{trimOffsets: b.TrimOffsets, addPrefixSpace: b.AddPrefixSpace, useRegex: b.UseRegex}
}

// NewProcessorSequence returns the reference's post-processor Sequence:
// each processor runs on what the previous one returns. Post-processors
// that are not this package's run through their ProcessEncodings method.
func NewProcessorSequence(processors ...PostProcessor) PostProcessor {
	s := &sequenceProcessing{processors: make([]ppProcessor, 0, len(processors))}
	for _, p := range processors {
		pp, ok := p.(ppProcessor)
		if !ok {
			pp = foreignProcessor{p}
		}
		s.processors = append(s.processors, pp)
	}
	return s
}

// foreignProcessor puts a post-processor of another package in a
// Sequence.
type foreignProcessor struct {
	PostProcessor
}

func (f foreignProcessor) processList(encs []Encoding, add bool) ([]Encoding, error) {
	return f.ProcessEncodings(encs, add)
}

// Template is a template of [NewTemplateProcessing]: how to lay out the
// special tokens and the input sequences.
type Template []TemplatePiece

// TemplatePiece is one piece of a [Template]: one of the input sequences,
// or a special token, with the type id its tokens get.
type TemplatePiece struct {
	// Special, when true, makes the piece the special token named Name;
	// otherwise it is the input sequence Seq.
	Special bool
	// Name is the special token's name: the Name of a [TemplateToken].
	Name string
	// Seq is the sequence: 0 for the first (A), 1 for the pair (B).
	Seq int
	// TypeID is the type id of the piece's tokens.
	TypeID uint32
}

// ParseTemplate reads a template in the reference's notation: pieces
// separated by single spaces, each either "$A" or "$B" (also "$a", "$b";
// "$" alone is A), "$N" for A with type id N, or the name of a special
// token; any of them may end with ":N" to set the type id (0 otherwise).
// "[CLS] $A [SEP] $B:1 [SEP]:1" is BERT's pair template.
func ParseTemplate(s string) (Template, error) {
	parts := strings.Split(s, " ")
	t := make(Template, 0, len(parts))
	for _, part := range parts {
		p, err := parseTemplatePiece(part)
		if err != nil {
			return nil, err
		}
		t = append(t, p)
	}
	return t, nil
}

func parseTemplatePiece(s string) (TemplatePiece, error) {
	bad := func() (TemplatePiece, error) {
		return TemplatePiece{}, fmt.Errorf("tokenizer: cannot build a template piece from %q", s)
	}
	id, typ, hasType := strings.Cut(s, ":")
	if strings.Contains(typ, ":") {
		return bad()
	}
	var p TemplatePiece
	if rest, ok := strings.CutPrefix(id, "$"); ok {
		switch rest {
		case "", "A", "a":
		case "B", "b":
			p.Seq = 1
		default:
			n, err := parseU32Decimal(rest)
			if err != nil {
				return bad()
			}
			p.TypeID = n
		}
	} else {
		p.Special, p.Name = true, id
	}
	if hasType {
		n, err := parseU32Decimal(typ)
		if err != nil {
			return bad()
		}
		p.TypeID = n
	}
	return p, nil
}

// parseU32Decimal parses a u32 as Rust's str::parse does: decimal digits,
// with an optional leading '+'.
func parseU32Decimal(s string) (uint32, error) {
	s = strings.TrimPrefix(s, "+")
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, strconv.ErrSyntax
	}
	n, err := strconv.ParseUint(s, 10, 32)
	return uint32(n), err
}

// TemplateToken is a special token of [NewTemplateProcessing]: a name that
// template pieces refer to, and the ids and token strings it adds (usually
// one of each).
type TemplateToken struct {
	Name   string
	IDs    []uint32
	Tokens []string
}

// NewTemplateProcessing returns the reference's TemplateProcessing
// post-processor: single lays out a single sequence, pair a pair, and
// specialTokens are the special tokens they name (the last of two with
// the same name wins). As the reference's builder, it uses "$0" when
// single is nil and "$A:0 $B:1" when pair is nil, and fails when pair does
// not use both sequences, when a template names a special token that
// specialTokens lacks, or when a special token has not as many ids as
// tokens.
func NewTemplateProcessing(single, pair Template, specialTokens []TemplateToken) (PostProcessor, error) {
	if single == nil {
		single = Template{{}}
	}
	if pair == nil {
		pair = Template{{Seq: 0}, {Seq: 1, TypeID: 1}}
	}
	t := &templateProcessing{special: make(map[string]*templateSpecial, len(specialTokens))}
	for _, st := range specialTokens {
		if len(st.IDs) != len(st.Tokens) {
			return nil, fmt.Errorf("tokenizer: special token %q: ids and tokens must be of the same length", st.Name)
		}
		t.special[st.Name] = &templateSpecial{id: st.Name, ids: slices.Clone(st.IDs), tokens: slices.Clone(st.Tokens)}
	}
	var err error
	if t.single, err = t.pieces(single); err != nil {
		return nil, err
	}
	if t.pair, err = t.pieces(pair); err != nil {
		return nil, err
	}
	var hasA, hasB bool
	for _, p := range t.pair {
		hasA = hasA || p.seq == 0
		hasB = hasB || p.seq == 1
	}
	if !hasA || !hasB {
		return nil, errors.New("tokenizer: template for `pair` must use both sequences")
	}
	var missing []string
	for _, tmpl := range [][]templatePiece{t.single, t.pair} {
		for _, p := range tmpl {
			if p.seq < 0 && t.special[p.name] == nil && !slices.Contains(missing, p.name) {
				missing = append(missing, p.name)
			}
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("tokenizer: missing SpecialToken(s) with id(s) `%s`", strings.Join(missing, ", "))
	}
	t.addedSingle = t.resolve(t.single)
	t.addedPair = t.resolve(t.pair)
	return t, nil
}

// pieces converts a template to the processor's form.
func (t *templateProcessing) pieces(tmpl Template) ([]templatePiece, error) {
	out := make([]templatePiece, len(tmpl))
	for i, p := range tmpl {
		switch {
		case p.Special:
			out[i] = templatePiece{seq: -1, name: p.Name, typeID: p.TypeID}
		case p.Seq == 0 || p.Seq == 1:
			out[i] = templatePiece{seq: p.Seq, typeID: p.TypeID}
		default:
			return nil, fmt.Errorf("tokenizer: template piece %d: sequence %d (expected 0 for A or 1 for B)", i, p.Seq)
		}
	}
	markLastPieces(out)
	return out, nil
}

// markLastPieces sets the last flag of the last piece of each sequence.
func markLastPieces(pieces []templatePiece) {
	var seen [2]bool
	for i := len(pieces) - 1; i >= 0; i-- {
		if s := pieces[i].seq; s >= 0 && !seen[s] {
			seen[s] = true
			pieces[i].last = true
		}
	}
}
