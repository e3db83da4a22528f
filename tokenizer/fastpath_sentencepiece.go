package tokenizer

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/bpe"
	"github.com/seed6642460b/tokenizers/internal/idcache"
	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
)

// The fast path of SentencePiece-style pipelines, BPE (Llama 2, Mistral,
// Gemma, Yi, Phi-3...) or Unigram (T5, ALBERT...).
//
// BPE pipelines (spBPE): the normalizer is a sequence of literal rewrites
// (Prepend, Replace of a literal string) and of Unicode normalizations
// (which leave ASCII unchanged: the piece is then declined unless it is
// ASCII); the pre-tokenizer is none, Metaspace, or Splits on literals that
// the normalized text does not contain (checked per piece) around at most
// one Metaspace. The fast path rewrites the piece's bytes into a buffer with
// the same result as the NormalizedString (only the alignments are
// skipped), cuts it into words as Metaspace does, and cuts each word into
// parts that tokenize independently (see [bpe.SentencePiece.Next]: before
// runs of "▁", around characters that never merge), each looked up in a
// word cache before being merged.
//
// The most common shape, Llama 2's (spaces become "▁", and a "▁" is put in
// front, by the normalizer or by a Metaspace that does not split), skips
// all that: [bpe.SentencePiece.AppendSpaced] cuts the raw text into parts
// directly, a space read as "▁", and looks the parts up in the cache under
// their raw bytes; a part's cache slot is loaded while the next part is
// found.
//
// Unigram pipelines (spUnigram, in fastpath_sentencepiece_unigram.go).
type spBPE struct {
	t     *Tokenizer
	ops   []spOp
	pre   []spPre
	enc   *bpe.SentencePiece
	cache *idcache.Cache
	// spaced says that the normalized text is the raw text with its
	// spaces replaced by the marker, after a marker put in front as
	// prefix says, and that the model's words can be cut before runs of
	// the marker: bpe.SentencePiece.AppendSpaced then encodes the raw
	// text.
	spaced bool
	prefix spPrefix
	marker string
}

// spPrefix says when the normalized text of a spaced pipeline starts with
// a marker put in front.
type spPrefix uint8

const (
	spPrefixNever  spPrefix = iota
	spPrefixAlways          // Prepend: whenever the text is not empty
	// Metaspace's schemes: unless the text starts with a space or the
	// marker; for spPrefixFirst, only at the start of the input.
	spPrefixMetaAlways
	spPrefixFirst
)

// spOpKind is the kind of a normalization step.
type spOpKind uint8

const (
	// spPrepend puts arg in front of a non-empty text.
	spPrepend spOpKind = iota
	// spReplace replaces every occurrence of arg by repl.
	spReplace
	// spASCII is a normalization that leaves ASCII text unchanged: the
	// piece must be ASCII.
	spASCII
)

type spOp struct {
	kind      spOpKind
	arg, repl []byte
}

// spPre is a pre-tokenization step: a literal that the text must not
// contain (a Split that then keeps it whole), or Metaspace.
type spPre struct {
	literal []byte
	meta    *pretokenizers.Metaspace
}

// spState is the memory of the SentencePiece fast paths in an encodeState.
type spState struct {
	// bufs hold the normalized text; bufs[cur] is the current one (-1:
	// the input itself).
	bufs [2][]byte
	cur  int
	// prefix is a prefix waiting to be prepended.
	prefix []byte
	// norm holds a normalized range of spUnigram.
	norm  []byte
	bpe   bpe.Scratch
	spans []addedSpan
}

// spCacheSize is the number of words of a fast path's cache.
const spCacheSize = 1 << 17

// spNewCache returns the word cache of a fast path for a model of n tokens:
// a narrow one, which holds up to twice as many ids per word, when their
// ids are likely to be below 1<<16 (it checks them).
func spNewCache(n int) *idcache.Cache {
	if n <= 1<<16 {
		return idcache.NewNarrow(spCacheSize)
	}
	return idcache.New(spCacheSize)
}

// newSentencePieceFastPath returns the fast path for t when its pipeline has the
// shape this file handles, or nil.
func newSentencePieceFastPath(t *Tokenizer) fastPath {
	switch m := t.model.(type) {
	case *bpeModel:
		return newSPBPE(t, m.m)
	case unigramModel:
		return newSPUnigram(t, m.Model)
	}
	return nil
}

func newSPBPE(t *Tokenizer, m *bpe.Model) fastPath {
	ops, ok := spCompileNormalizer(t.normalizer)
	if !ok {
		return nil
	}
	pre, ok := spCompilePreTokenizer(t.preTokenizer)
	if !ok {
		return nil
	}
	// The space marker: what spaces become.
	marker := utf8.RuneError
	for _, op := range ops {
		if op.kind == spReplace && string(op.arg) == " " {
			if r, sz := utf8.DecodeRune(op.repl); sz == len(op.repl) && sz > 1 {
				marker = r
			}
		}
	}
	for _, p := range pre {
		if p.meta == nil {
			continue
		}
		if marker != utf8.RuneError && p.meta.Replacement() != marker {
			marker = utf8.RuneError
			break
		}
		marker = p.meta.Replacement()
		if p.meta.PrependScheme() == pretokenizers.PrependFirst && len(ops) > 0 && t.added.norm != nil {
			// Whether the piece starts the input is decided by the
			// alignments of its normalized text: not tracked.
			return nil
		}
	}
	f := &spBPE{
		t:     t,
		ops:   ops,
		pre:   pre,
		enc:   bpe.NewSentencePiece(m, marker),
		cache: spNewCache(m.VocabSize()),
	}
	if f.enc.SpacedOK() && t.added.norm == nil {
		f.spaced, f.prefix = spSpacedShape(ops, pre, marker)
		f.marker = string(marker)
	}
	return f
}

// spSpacedShape reports whether ops and pre make the normalized text the
// raw text with every space replaced by the marker, after a marker put in
// front (when prefix says), in one word: the normalizer replaces spaces by
// the marker and maybe prepends it, with no pre-tokenizer, or there is no
// normalizer and the pre-tokenizer is a Metaspace that does not split.
func spSpacedShape(ops []spOp, pre []spPre, marker rune) (bool, spPrefix) {
	m := []byte(string(marker))
	if len(pre) == 0 {
		replaces, prepends := 0, 0
		for _, op := range ops {
			switch {
			case op.kind == spReplace && string(op.arg) == " " && bytes.Equal(op.repl, m):
				replaces++
			case op.kind == spPrepend && bytes.Equal(op.arg, m):
				prepends++
			default:
				return false, 0
			}
		}
		if replaces != 1 || prepends > 1 {
			return false, 0
		}
		if prepends == 1 {
			return true, spPrefixAlways
		}
		return true, spPrefixNever
	}
	if len(ops) != 0 || len(pre) != 1 || pre[0].meta == nil {
		return false, 0
	}
	ms := pre[0].meta
	if ms.SplitEnabled() || ms.Replacement() != marker {
		return false, 0
	}
	switch ms.PrependScheme() {
	case pretokenizers.PrependAlways:
		return true, spPrefixMetaAlways
	case pretokenizers.PrependFirst:
		return true, spPrefixFirst
	case pretokenizers.PrependNever:
		return true, spPrefixNever
	}
	return false, 0
}

// spCompileNormalizer returns the steps of a normalizer made of literal
// rewrites and normalizations that leave ASCII unchanged.
func spCompileNormalizer(n Normalizer) ([]spOp, bool) {
	var ops []spOp
	var add func(n Normalizer) bool
	add = func(n Normalizer) bool {
		switch x := n.(type) {
		case nil:
		case normalizers.Sequence:
			for _, e := range x {
				if !add(e) {
					return false
				}
			}
		case normalizers.Prepend:
			if x.Prefix != "" {
				ops = append(ops, spOp{kind: spPrepend, arg: []byte(x.Prefix)})
			}
		case *normalizers.Replace:
			p := x.Pattern()
			if p.Regex || p.Value == "" {
				return false
			}
			ops = append(ops, spOp{kind: spReplace, arg: []byte(p.Value), repl: []byte(x.Content())})
		case normalizers.NFC, normalizers.NFKC, normalizers.NFD, normalizers.NFKD, normalizers.StripAccents:
			ops = append(ops, spOp{kind: spASCII})
		default:
			return false
		}
		return true
	}
	return ops, add(n)
}

// spCompilePreTokenizer returns the steps of a pre-tokenizer made of at
// most one Metaspace and of Splits on non-empty literals (which keep a
// text without the literal whole, whatever their behavior).
func spCompilePreTokenizer(p PreTokenizer) ([]spPre, bool) {
	var pre []spPre
	metas := 0
	var add func(p PreTokenizer) bool
	add = func(p PreTokenizer) bool {
		switch x := p.(type) {
		case nil:
		case pretokenizers.Sequence:
			for _, e := range x {
				if !add(e) {
					return false
				}
			}
		case *pretokenizers.Metaspace:
			metas++
			pre = append(pre, spPre{meta: x})
		case *pretokenizers.Split:
			lit, isRegex := x.Pattern()
			if isRegex || lit == "" || x.Invert() {
				return false
			}
			pre = append(pre, spPre{literal: []byte(lit)})
		default:
			return false
		}
		return true
	}
	return pre, add(p) && metas <= 1
}

// appendIDs implements fastPath.
func (f *spBPE) appendIDs(st *encodeState, dst []uint32, text string, start, end int) ([]uint32, bool, error) {
	sp := &st.sentencePiece
	n0 := len(dst)
	if f.spaced {
		s := text[start:end]
		prefix := false
		switch f.prefix {
		case spPrefixAlways:
			prefix = true
		case spPrefixFirst, spPrefixMetaAlways:
			prefix = (f.prefix == spPrefixMetaAlways || start == 0) &&
				len(s) > 0 && s[0] != ' ' && !strings.HasPrefix(s, f.marker)
		}
		out, ok, err := f.enc.AppendSpaced(dst, s, prefix, f.cache, &sp.bpe)
		if ok {
			sp.bpe.Shrink(1 << 16)
			if err != nil {
				// Let the general pipeline report the error.
				return dst[:n0], false, nil
			}
			return out, true, nil
		}
	}
	b, ok := sp.normalize(f.ops, text[start:end])
	if !ok {
		return dst, false, nil
	}
	if len(b) == 0 {
		return dst, true, nil
	}
	if av := f.t.added; av.norm != nil {
		sp.spans = av.findSpans(sp.spans[:0], st, b, av.norm, av.normIDs)
		if len(sp.spans) != 1 || sp.spans[0].isToken {
			return dst, false, nil
		}
	}
	// Pre-tokenize: literals must be absent; Metaspace rewrites spaces
	// and prepends, then cuts words (or not). Literals after a
	// Metaspace that cuts are looked for in the whole text: a literal in
	// a word is in the text.
	var repl []byte
	split := false
	for _, p := range f.pre {
		if p.meta == nil {
			if bytes.Contains(b, p.literal) {
				return dst, false, nil
			}
			continue
		}
		m := p.meta
		repl = []byte(string(m.Replacement()))
		// Once its spaces are replaced, the text starts with the
		// replacement if it started with it or with a space.
		starts := b[0] == ' ' || bytes.HasPrefix(b, repl)
		var prefix []byte
		switch m.PrependScheme() {
		case pretokenizers.PrependAlways:
			if !starts {
				prefix = repl
			}
		case pretokenizers.PrependFirst:
			if !starts && start == 0 {
				prefix = repl
			}
		}
		if bytes.IndexByte(b, ' ') >= 0 {
			b = sp.replaceByte(nil, b, ' ', repl)
		}
		if prefix != nil {
			b = sp.replaceByte(prefix, b, 0, nil)
		}
		split = m.SplitEnabled()
	}
	var err error
	if !split {
		dst, err = f.appendWord(sp, dst, b)
	} else {
		// Cut in front of every marker but at the start of a word.
		for i := 0; i < len(b) && err == nil; {
			j := len(b)
			if k := bytes.Index(b[i+1:], repl); k >= 0 {
				j = i + 1 + k
			}
			dst, err = f.appendWord(sp, dst, b[i:j])
			i = j
		}
	}
	if err != nil {
		// Let the general pipeline report the error.
		return dst[:n0], false, nil
	}
	sp.shrink()
	return dst, true, nil
}

// appendWord appends the ids of one word, part by part.
func (f *spBPE) appendWord(sp *spState, dst []uint32, w []byte) ([]uint32, error) {
	var err error
	for i := 0; i < len(w); {
		j, single := f.enc.Next(w, i)
		part := w[i:j]
		i = j
		if single {
			if dst, err = f.enc.AppendIDs(dst, part, &sp.bpe); err != nil {
				return dst, err
			}
			continue
		}
		k, ok := idcache.MakeKey(part)
		if ok {
			var hit bool
			if dst, hit = f.cache.Get(dst, &k); hit {
				continue
			}
		}
		n := len(dst)
		if dst, err = f.enc.AppendIDs(dst, part, &sp.bpe); err != nil {
			return dst, err
		}
		if ok {
			f.cache.Put(&k, dst[n:])
		}
	}
	return dst, nil
}

// normalize returns the bytes of the normalized text of s, as a
// NormalizedString of s would hold them after ops (invalid UTF-8 read as
// U+FFFD, one per byte); ok is false when an op needs ASCII and the text
// is not. The result is s itself when nothing changes it, else in one of
// sp's buffers.
//
// A prefix to prepend is kept aside until a rewrite that cannot take it
// into account comes: a replacement of one byte applies to the prefix and
// the text apart, in the same pass.
func (sp *spState) normalize(ops []spOp, s string) ([]byte, bool) {
	sp.cur = -1
	var b []byte
	if utf8.ValidString(s) {
		b = unsafeBytes(s)
	} else {
		b = sp.bufs[0][:0]
		for i := 0; i < len(s); {
			r, sz := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && sz == 1 {
				b = append(b, "\uFFFD"...)
			} else {
				b = append(b, s[i:i+sz]...)
			}
			i += sz
		}
		sp.bufs[0], sp.cur = b, 0
	}
	prefix := sp.prefix[:0]
	for _, op := range ops {
		switch op.kind {
		case spASCII:
			if !spIsASCII(prefix) || !spIsASCII(b) {
				return nil, false
			}
		case spPrepend:
			if len(prefix)+len(b) > 0 {
				n := len(prefix)
				prefix = append(prefix, op.arg...)
				copy(prefix[len(op.arg):], prefix[:n])
				copy(prefix, op.arg)
			}
		case spReplace:
			if len(op.arg) == 1 {
				c := op.arg[0]
				if bytes.IndexByte(prefix, c) >= 0 || bytes.IndexByte(b, c) >= 0 {
					b = sp.replaceByte(prefix, b, c, op.repl)
					prefix = prefix[:0]
				}
				continue
			}
			if len(prefix) > 0 {
				b = sp.replaceByte(prefix, b, 0, nil)
				prefix = prefix[:0]
			}
			if bytes.Contains(b, op.arg) {
				b = sp.replaceAll(b, op.arg, op.repl)
			}
		}
	}
	if len(prefix) > 0 {
		b = sp.replaceByte(prefix, b, 0, nil)
	}
	sp.prefix = prefix[:0]
	return b, true
}

// out returns the buffer to write a rewrite of the current text into: one
// that the current text is not in. It becomes the current one.
func (sp *spState) out() []byte {
	sp.cur = 1 - max(sp.cur, 0)
	return sp.bufs[sp.cur][:0]
}

// replaceByte returns prefix+b with every byte c replaced by repl (with
// repl nil, just prefix+b), in a buffer that becomes the current one.
func (sp *spState) replaceByte(prefix, b []byte, c byte, repl []byte) []byte {
	n := len(prefix) + len(b)
	if repl != nil {
		cs := []byte{c}
		n += (bytes.Count(prefix, cs) + bytes.Count(b, cs)) * (len(repl) - 1)
	}
	dst := sp.out()
	if cap(dst) < n {
		dst = make([]byte, n, n+n/4)
	}
	dst = dst[:n]
	w := 0
	for _, src := range [2][]byte{prefix, b} {
		switch {
		case repl == nil:
			w += copy(dst[w:], src)
		case len(repl) == 3:
			r0, r1, r2 := repl[0], repl[1], repl[2]
			for _, x := range src {
				if x == c {
					d := dst[w : w+3 : w+3]
					d[0], d[1], d[2] = r0, r1, r2
					w += 3
					continue
				}
				dst[w] = x
				w++
			}
		default:
			for _, x := range src {
				if x == c {
					w += copy(dst[w:], repl)
					continue
				}
				dst[w] = x
				w++
			}
		}
	}
	sp.bufs[sp.cur] = dst
	return dst
}

// replaceAll returns b with every leftmost, non-overlapping occurrence of
// pat replaced by repl, in a buffer that becomes the current one.
func (sp *spState) replaceAll(b, pat, repl []byte) []byte {
	dst := sp.out()
	for {
		i := bytes.Index(b, pat)
		if i < 0 {
			break
		}
		dst = append(append(dst, b[:i]...), repl...)
		b = b[i+len(pat):]
	}
	dst = append(dst, b...)
	sp.bufs[sp.cur] = dst
	return dst
}

func spIsASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// shrink drops buffers grown by a huge input.
func (sp *spState) shrink() {
	const maxKeep = 1 << 20
	for i := range sp.bufs {
		if cap(sp.bufs[i]) > maxKeep {
			sp.bufs[i] = nil
		}
	}
	if cap(sp.norm) > maxKeep {
		sp.norm = nil
	}
	sp.bpe.Shrink(1 << 16)
}
