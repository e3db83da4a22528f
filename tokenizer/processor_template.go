package tokenizer

import (
	"fmt"
	"slices"
)

// templateProcessing is the reference's TemplateProcessing: the encodings
// are laid out as a template says, a list of pieces each either one of the
// input sequences (A, the text, or B, the pair) or a special token, each
// with the type id its tokens get.
type templateProcessing struct {
	single, pair []templatePiece
	special      map[string]*templateSpecial
	// addedSingle and addedPair count the tokens the special pieces of
	// each template add (pieces naming no special token count 0).
	addedSingle, addedPair int
}

// templatePiece is a piece of a template: a sequence (seq 0 for A, 1 for B)
// or, when seq is -1, the special token of the map named name.
type templatePiece struct {
	seq    int
	name   string
	typeID uint32
	// last is true for the last piece of the template that refers to
	// its sequence, whose encoding can then be used without a copy.
	last bool
	// special is the entry of the special tokens map a special piece
	// names, nil when the map lacks it.
	special *templateSpecial
}

// templateSpecial is an entry of the special_tokens map: tokens and their
// ids. The reference does not check at load that both have the same
// length; we refuse to add one whose lengths differ.
type templateSpecial struct {
	// id is the entry's own "id" field, which only saving uses (the map
	// key is what pieces name).
	id     string
	ids    []uint32
	tokens []string
}

func loadTemplateProcessing(o *jsonObject) (ppProcessor, error) {
	if err := o.refuseDups("single", "pair", "special_tokens"); err != nil {
		return nil, err
	}
	single, err := loadTemplate(o, "single")
	if err != nil {
		return nil, err
	}
	pair, err := loadTemplate(o, "pair")
	if err != nil {
		return nil, err
	}
	sv, err := o.required("special_tokens")
	if err != nil {
		return nil, err
	}
	so, err := sv.object()
	if err != nil {
		return nil, err
	}
	t := &templateProcessing{single: single, pair: pair, special: make(map[string]*templateSpecial, len(so.fields))}
	// A map: the last entry of a repeated key counts, but the reference
	// reads every one, which must be valid.
	err = so.checkOverridden(func(_ string, ev jsonValue) error {
		_, err := loadTemplateSpecial(ev)
		return err
	})
	if err != nil {
		return nil, err
	}
	for key := range so.fields {
		ev, _ := so.get(key)
		sp, err := loadTemplateSpecial(ev)
		if err != nil {
			return nil, err
		}
		// The map key, not the entry's "id", is what pieces refer to.
		t.special[key] = sp
	}
	t.addedSingle = t.resolve(single)
	t.addedPair = t.resolve(pair)
	return t, nil
}

// loadTemplateSpecial reads an entry of the special_tokens map.
func loadTemplateSpecial(ev jsonValue) (*templateSpecial, error) {
	st, err := readPPStruct(ev, "struct SpecialToken", "id", "ids", "tokens")
	if err != nil {
		return nil, err
	}
	idv, err := st.field("id")
	if err != nil {
		return nil, err
	}
	entryID, err := idv.str()
	if err != nil {
		return nil, err
	}
	idsv, err := st.field("ids")
	if err != nil {
		return nil, err
	}
	ids, err := idsv.array()
	if err != nil {
		return nil, err
	}
	sp := &templateSpecial{id: entryID}
	sp.ids = make([]uint32, len(ids))
	for i, e := range ids {
		n, err := e.uint(maxU32)
		if err != nil {
			return nil, err
		}
		sp.ids[i] = uint32(n)
	}
	tv, err := st.field("tokens")
	if err != nil {
		return nil, err
	}
	toks, err := tv.array()
	if err != nil {
		return nil, err
	}
	sp.tokens = make([]string, len(toks))
	for i, e := range toks {
		if sp.tokens[i], err = e.str(); err != nil {
			return nil, err
		}
	}
	return sp, nil
}

// loadTemplate reads a template: a list of pieces, each
// {"Sequence": {"id": "A"|"B", "type_id": n}} or
// {"SpecialToken": {"id": name, "type_id": n}}. (The string form
// "[CLS] $A [SEP]" is only accepted by the reference's constructors, not by
// its deserialization.)
func loadTemplate(o *jsonObject, key string) ([]templatePiece, error) {
	v, err := o.required(key)
	if err != nil {
		return nil, err
	}
	elems, err := v.array()
	if err != nil {
		return nil, err
	}
	pieces := make([]templatePiece, 0, len(elems))
	for _, e := range elems {
		p, err := loadTemplatePiece(e)
		if err != nil {
			return nil, err
		}
		pieces = append(pieces, p)
	}
	seen := [2]bool{}
	for i := len(pieces) - 1; i >= 0; i-- {
		if s := pieces[i].seq; s >= 0 && !seen[s] {
			seen[s] = true
			pieces[i].last = true
		}
	}
	return pieces, nil
}

func loadTemplatePiece(v jsonValue) (templatePiece, error) {
	if v.kind() == '"' {
		s, _ := v.str()
		return templatePiece{}, v.errorf("invalid type: unit variant %q, expected struct variant", s)
	}
	o, err := v.object()
	if err != nil {
		return templatePiece{}, v.errorf("invalid type: %s, expected enum Piece", v.describe())
	}
	if !o.singleEntry() {
		return templatePiece{}, v.errorf("invalid value: map, expected map with a single key%s", o.repeated())
	}
	if sv, ok := o.get("Sequence"); ok {
		st, err := readPPStruct(sv, "struct variant Piece::Sequence", "id", "type_id")
		if err != nil {
			return templatePiece{}, err
		}
		idv, err := st.field("id")
		if err != nil {
			return templatePiece{}, err
		}
		id, err := readUnitVariant(idv, "A", "B")
		if err != nil {
			return templatePiece{}, err
		}
		typeID, err := st.uint32Field("type_id")
		if err != nil {
			return templatePiece{}, err
		}
		p := templatePiece{seq: 0, typeID: typeID}
		if id == "B" {
			p.seq = 1
		}
		return p, nil
	}
	if sv, ok := o.get("SpecialToken"); ok {
		st, err := readPPStruct(sv, "struct variant Piece::SpecialToken", "id", "type_id")
		if err != nil {
			return templatePiece{}, err
		}
		idv, err := st.field("id")
		if err != nil {
			return templatePiece{}, err
		}
		name, err := idv.str()
		if err != nil {
			return templatePiece{}, err
		}
		typeID, err := st.uint32Field("type_id")
		if err != nil {
			return templatePiece{}, err
		}
		return templatePiece{seq: -1, name: name, typeID: typeID}, nil
	}
	for k := range o.fields {
		return templatePiece{}, v.errorf("unknown variant `%s`, expected `Sequence` or `SpecialToken`", k)
	}
	return templatePiece{}, nil
}

// resolve points the special pieces to their map entries and returns the
// number of tokens they add (0 for those the map lacks).
func (t *templateProcessing) resolve(pieces []templatePiece) int {
	n := 0
	for i := range pieces {
		if pieces[i].seq < 0 {
			pieces[i].special = t.special[pieces[i].name]
			if pieces[i].special != nil {
				n += len(pieces[i].special.ids)
			}
		}
	}
	return n
}

func (t *templateProcessing) AddedTokens(isPair bool) int {
	if isPair {
		return t.addedPair
	}
	return t.addedSingle
}

func (t *templateProcessing) template(n int) ([]templatePiece, error) {
	switch n {
	case 1:
		return t.single, nil
	case 2:
		return t.pair, nil
	}
	return nil, errPPEncodings(n)
}

// checkPiece returns the error for a piece the reference would panic on:
// a sequence the input does not have, or (when adding special tokens) a
// special token the map lacks or whose ids and tokens differ in number.
func checkPiece(p *templatePiece, n int, add bool) error {
	if p.seq >= 0 {
		if p.seq >= n {
			return fmt.Errorf("TemplateProcessing: the template uses sequence B but there is no pair")
		}
		return nil
	}
	if !add {
		return nil
	}
	sp := p.special
	if sp == nil {
		return fmt.Errorf("TemplateProcessing: the template uses the special token %q, which special_tokens lacks", p.name)
	}
	if len(sp.ids) != len(sp.tokens) {
		return fmt.Errorf("TemplateProcessing: special token %q has %d ids but %d tokens", p.name, len(sp.ids), len(sp.tokens))
	}
	return nil
}

// processList is the reference's apply_template: one encoding per piece,
// the sequences with their type ids and sequence ids set.
func (t *templateProcessing) processList(encs []Encoding, add bool) ([]Encoding, error) {
	pieces, err := t.template(len(encs))
	if err != nil {
		return nil, err
	}
	out := make([]Encoding, 0, len(pieces))
	for i := range pieces {
		p := &pieces[i]
		if err := checkPiece(p, len(encs), add); err != nil {
			return nil, err
		}
		if p.seq >= 0 {
			e := &encs[p.seq]
			setAll(e.TypeIDs, p.typeID)
			e.SetSequenceID(p.seq)
			if p.last {
				out = append(out, *e)
			} else {
				out = append(out, e.clone())
			}
			continue
		}
		if !add {
			continue
		}
		var s Encoding
		for j, id := range p.special.ids {
			s.appendToken(id, p.special.tokens[j], Offset{}, -1, p.typeID, true)
		}
		out = append(out, s)
	}
	return out, nil
}

// ProcessEncodings returns the merge of what processList returns, built
// directly (in the memory of the first encoding when the template starts
// with special tokens and then A), when there are no overflowing parts for
// the merge to combine.
func (t *templateProcessing) ProcessEncodings(encs []Encoding, add bool) ([]Encoding, error) {
	for i := range encs {
		if len(encs[i].Overflowing) > 0 {
			return t.processList(encs, add)
		}
	}
	pieces, err := t.template(len(encs))
	if err != nil {
		return nil, err
	}
	total := 0
	inPlace := len(encs) > 0
	nextSeq := 0
	for i := range pieces {
		p := &pieces[i]
		if err := checkPiece(p, len(encs), add); err != nil {
			return nil, err
		}
		if p.seq >= 0 {
			// In place only for A then (optionally) B, each once.
			if p.seq != nextSeq || !p.last {
				inPlace = false
			}
			nextSeq++
			total += len(encs[p.seq].IDs)
		} else if add {
			total += len(p.special.ids)
		}
	}
	if nextSeq != len(encs) {
		inPlace = false
	}
	var out Encoding
	rest := pieces
	if inPlace {
		// Put the special tokens before A in front of it, then append
		// the rest.
		a := 0
		for pieces[a].seq < 0 {
			a++
		}
		out = encs[0]
		setAll(out.TypeIDs, pieces[a].typeID)
		out.SetSequenceID(0)
		k := 0
		if add {
			for i := range pieces[:a] {
				k += len(pieces[i].special.ids)
			}
		}
		ppGrowFront(&out, k, total)
		j := 0
		if add {
			for i := range pieces[:a] {
				sp := pieces[i].special
				for m, id := range sp.ids {
					ppSetSpecial(&out, j, id, sp.tokens[m], pieces[i].typeID)
					j++
				}
			}
		}
		for i := range out.ranges {
			out.ranges[i].start += k
			out.ranges[i].end += k
		}
		rest = pieces[a+1:]
	} else {
		out = Encoding{
			IDs:               make([]uint32, 0, total),
			TypeIDs:           make([]uint32, 0, total),
			Tokens:            make([]string, 0, total),
			Offsets:           make([]Offset, 0, total),
			WordIDs:           make([]int, 0, total),
			SpecialTokensMask: make([]uint32, 0, total),
			AttentionMask:     make([]uint32, 0, total),
		}
	}
	for i := range rest {
		p := &rest[i]
		if p.seq < 0 {
			if add {
				sp := p.special
				for m, id := range sp.ids {
					out.appendToken(id, sp.tokens[m], Offset{}, -1, p.typeID, true)
				}
			}
			continue
		}
		e := &encs[p.seq]
		e.SetSequenceID(p.seq)
		base := len(out.IDs)
		out.IDs = append(out.IDs, e.IDs...)
		for range e.IDs {
			out.TypeIDs = append(out.TypeIDs, p.typeID)
		}
		out.Tokens = append(out.Tokens, e.Tokens...)
		out.Offsets = append(out.Offsets, e.Offsets...)
		out.WordIDs = append(out.WordIDs, e.WordIDs...)
		out.SpecialTokensMask = append(out.SpecialTokensMask, e.SpecialTokensMask...)
		out.AttentionMask = append(out.AttentionMask, e.AttentionMask...)
		for _, r := range e.ranges {
			ppSetRange(&out.ranges, seqRange{seq: r.seq, start: r.start + base, end: r.end + base})
		}
	}
	encs[0] = out
	return encs[:1], nil
}

// ppSetRange records r in ranges, replacing the range of the same
// sequence, as the reference's merge_with does.
func ppSetRange(ranges *[]seqRange, r seqRange) {
	for i := range *ranges {
		if (*ranges)[i].seq == r.seq {
			(*ranges)[i] = r
			return
		}
	}
	*ranges = append(*ranges, r)
}

// ppGrowFront makes room for k tokens in front of those of e, with
// capacity for total tokens.
func ppGrowFront(e *Encoding, k, total int) {
	e.IDs = growFront(e.IDs, k, total)
	e.TypeIDs = growFront(e.TypeIDs, k, total)
	e.Tokens = growFront(e.Tokens, k, total)
	e.Offsets = growFront(e.Offsets, k, total)
	e.WordIDs = growFront(e.WordIDs, k, total)
	e.SpecialTokensMask = growFront(e.SpecialTokensMask, k, total)
	e.AttentionMask = growFront(e.AttentionMask, k, total)
}

func growFront[T any](s []T, k, total int) []T {
	n := len(s)
	s = slices.Grow(s, max(total, n+k)-n)[:n+k]
	copy(s[k:], s[:n])
	return s
}

// ppSetSpecial writes an added special token at index i.
func ppSetSpecial(e *Encoding, i int, id uint32, tok string, typeID uint32) {
	e.IDs[i] = id
	e.TypeIDs[i] = typeID
	e.Tokens[i] = tok
	e.Offsets[i] = Offset{}
	e.WordIDs[i] = -1
	e.SpecialTokensMask[i] = 1
	e.AttentionMask[i] = 1
}

func setAll(s []uint32, v uint32) {
	for i := range s {
		s[i] = v
	}
}
