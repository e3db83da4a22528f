package tokenizer

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/internal/idcache"
	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
	"github.com/seed6642460b/tokenizers/unigram"
)

// spUnigram is the fast path of Unigram pipelines such as T5's and
// ALBERT's:
//
//   - normalizer: a sequence of Precompiled, Lowercase, NFC/NFD/NFKC/NFKD,
//     StripAccents, Nmt, Replace of a literal of ASCII non-space characters
//     (after nothing that changes ASCII but such Replaces, whose contents
//     share no byte with it), Replace of a run of spaces by a space;
//   - pre-tokenizer: WhitespaceSplit then Metaspace, whose scheme is always
//     or never;
//   - model: Unigram; no added token matched in the normalized text.
//
// Every such normalizer changes ASCII character by character (the
// replacements of literals aside), what each ASCII character becomes is
// worked out at load time by normalizing it alone: a word character (one
// ASCII character that is not whitespace), a separator (whitespace only), or
// something else. The fast path then cuts the raw piece at separators: a
// word made of word characters only (and holding no literal to replace)
// is mapped, prefixed with "▁", and tokenized through a word cache; the
// other words, with the separators around them, go through the general
// pipeline, as a range from the end of the word before to the start of the
// word after.
//
// Why the ranges are exact: the normalized text of the piece is the
// normalized texts of the words and ranges one after the other, and the
// words of WhitespaceSplit are theirs, because a range starts and ends
// with separators that stay whitespace. All the normalizers but Precompiled
// work character by character (NFC and NFKC compose no character with a
// preceding space or control, and the canonical reordering of marks stops at
// such a starter), and Replace's literals hold no whitespace, so their
// matches do not cross a separator. Precompiled works on grapheme clusters:
// a range starts after an ASCII word character, where a cluster always
// starts afresh; its first separator forms a cluster with the marks after it
// (a space before a combining mark), which the charsmap replaces as it
// replaces the space alone, or character by character (checked at load: no
// key starts with a space and something else); "\r\n" is one cluster,
// checked at load too; its last separator, before an ASCII word character,
// ends a cluster, unless it is a space after a Prepend character (the piece
// is then declined).
//
// When the normalizer is one Precompiled, the general ranges are normalized
// here (Precompiled.AppendNormalized, the text without the alignments) and
// split at whitespace as WhitespaceSplit and Metaspace do; and a word that
// holds other characters is taken alone, without the separators around it,
// when clusters start afresh at both of its ends (normalizers.
// FreshClusterBreak): its normalized text is then its own, and its ids are
// cached under its raw bytes. The cache slot of a word taken here is
// loaded while the next word is found.
type spUnigram struct {
	t     *Tokenizer
	m     *unigram.Model
	cache *idcache.Cache
	// class and mapped say what each ASCII byte is and becomes.
	class  [utf8.RuneSelf]uint8
	mapped [utf8.RuneSelf]byte
	// literals are the patterns of the literal Replaces: a word that
	// holds one goes through the general pipeline.
	literals [][]byte
	// prepend is the Metaspace replacement to put in front of words
	// (empty with the scheme never).
	prepend []byte
	// prependHazard is true with a Precompiled normalizer: a space after
	// a Prepend character may not stay a space.
	prependHazard bool
	// only is the normalizer when it is one Precompiled: a range it
	// leaves unchanged is split and tokenized here.
	only *normalizers.Precompiled
	// split is Metaspace's: cut in front of every replacement.
	split bool
	repl  []byte
}

// Classes of ASCII bytes for spUnigram.
const (
	spOtherClass = iota // anything else (and non-ASCII bytes)
	spWordClass         // one ASCII character that is not whitespace
	spSepClass          // whitespace only
	spLiteral           // a word character that starts a literal
)

func newSPUnigram(t *Tokenizer, m *unigram.Model) fastPath {
	if t.added.norm != nil {
		return nil
	}
	f := &spUnigram{t: t, m: m, cache: spNewCache(m.VocabSize())}
	// Pre-tokenizer: WhitespaceSplit, Metaspace.
	seq, ok := t.preTokenizer.(pretokenizers.Sequence)
	if !ok || len(seq) != 2 {
		return nil
	}
	if _, ok := seq[0].(pretokenizers.WhitespaceSplit); !ok {
		return nil
	}
	ms, ok := seq[1].(*pretokenizers.Metaspace)
	if !ok {
		return nil
	}
	switch ms.PrependScheme() {
	case pretokenizers.PrependAlways:
		f.prepend = []byte(string(ms.Replacement()))
	case pretokenizers.PrependNever:
	default:
		return nil
	}
	if ms.Replacement() < utf8.RuneSelf {
		// A replacement that is ASCII could be in the words.
		return nil
	}
	// Normalizer.
	var pc *normalizers.Precompiled
	changed := false // an op before may change ASCII
	var replContents [][]byte
	var check func(n Normalizer) bool
	check = func(n Normalizer) bool {
		switch x := n.(type) {
		case nil:
		case normalizers.Sequence:
			for _, e := range x {
				if !check(e) {
					return false
				}
			}
		case *normalizers.Precompiled:
			pc = x
			changed = true
		case normalizers.Lowercase, normalizers.Nmt:
			changed = true
		case normalizers.NFC, normalizers.NFKC, normalizers.NFD, normalizers.NFKD, normalizers.StripAccents:
		case *normalizers.Replace:
			p := x.Pattern()
			if p.Regex {
				// Runs of spaces to a space.
				return (p.Value == " {2,}" || p.Value == " +") && x.Content() == " "
			}
			pat := []byte(p.Value)
			if len(pat) == 0 || changed || x.Content() == "" {
				return false
			}
			for _, c := range pat {
				if c >= utf8.RuneSelf || unicode.IsSpace(rune(c)) {
					return false
				}
			}
			for _, rc := range replContents {
				if bytes.ContainsAny(rc, string(pat)) {
					return false
				}
			}
			if len(pat) == 1 {
				// Probing single characters sees it.
				changed = true
			} else {
				f.literals = append(f.literals, pat)
			}
			replContents = append(replContents, []byte(x.Content()))
		default:
			return false
		}
		return true
	}
	if !check(t.normalizer) {
		return nil
	}
	f.split = ms.SplitEnabled()
	f.repl = []byte(string(ms.Replacement()))
	if x, ok := unwrapNormalizer(t.normalizer).(*normalizers.Precompiled); ok {
		f.only = x
	}
	if pc != nil {
		if alone, longer := pc.KeysStartingWith(' '); longer && !alone {
			return nil
		}
		f.prependHazard = true
	}
	probe := func(s string) (string, bool) {
		if t.normalizer == nil {
			return s, true
		}
		n := normalizers.New(s)
		if err := t.normalizer.Normalize(n); err != nil {
			return "", false
		}
		return n.String(), true
	}
	for c := range utf8.RuneSelf {
		out, ok := probe(string(rune(c)))
		if !ok {
			return nil
		}
		switch {
		case spAllSpace(out):
			f.class[c] = spSepClass
		case unicode.IsSpace(rune(c)):
			// Whitespace that becomes something else (or nothing):
			// the general pipeline sees to it.
		case len(out) == 1 && out[0] < utf8.RuneSelf && !unicode.IsSpace(rune(out[0])):
			f.class[c] = spWordClass
			f.mapped[c] = out[0]
		}
	}
	// "\r\n" is one cluster for Precompiled.
	if f.class['\r'] == spSepClass && f.class['\n'] == spSepClass {
		if out, ok := probe("\r\n"); !ok || !spAllSpace(out) {
			f.class['\r'] = spOtherClass
		}
	}
	for _, l := range f.literals {
		if f.class[l[0]] == spWordClass {
			f.class[l[0]] = spLiteral
		}
	}
	return f
}

// spAllSpace reports whether s is whitespace only, and not empty.
func spAllSpace(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return s != ""
}

// appendIDs implements fastPath.
func (f *spUnigram) appendIDs(st *encodeState, dst []uint32, text string, start, end int) ([]uint32, bool, error) {
	sp := &st.sentencePiece
	n0 := len(dst)
	s := text[start:end]
	gen := -1    // start of the pending general range, -1 if none
	lastEnd := 0 // end of the last word taken here
	// words[cur] is the word being found, words[1-cur] the one pending,
	// if pend.
	var words [2]spUWord
	cur, pend := 0, false
	ok := true
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf && f.class[c] == spSepClass {
			i++
			continue
		}
		// A word: up to the next separator.
		j, fast, check := i, true, false
		for ; j < len(s); j++ {
			c := s[j]
			if c >= utf8.RuneSelf {
				fast = false
				continue
			}
			switch f.class[c] {
			case spSepClass:
				goto done
			case spWordClass:
			case spLiteral:
				check = true
			default:
				fast = false
			}
		}
	done:
		if fast && check {
			for _, l := range f.literals {
				if bytes.Contains(unsafeBytes(s[i:j]), l) {
					fast = false
					break
				}
			}
		}
		alone := false // a word normalized alone, through the cache
		if !fast {
			alone = f.only != nil && f.normalizedAlone(s, i, j)
			if !alone {
				if gen < 0 {
					gen = lastEnd
				}
				i = j
				continue
			}
		}
		// The word is encoded once the next one is found: its cache
		// slot is being loaded meanwhile.
		w := &words[cur]
		w.i, w.j, w.alone = i, j, alone
		if w.alone {
			w.k, w.keyOK = idcache.MakeTaggedKeyIn(s, i, j, spRawKey)
		} else {
			w.k, w.keyOK = idcache.MakeKey(f.mappedWord(sp, s[i:j]))
		}
		if w.keyOK {
			w.h = f.cache.Prefetch(&w.k)
		}
		if pend {
			if dst, ok = f.appendWord(sp, dst, s, &words[1-cur]); !ok {
				return dst[:n0], false, nil
			}
		}
		if gen >= 0 {
			if dst, ok = f.general(st, dst, text, start, gen, i); !ok {
				return dst[:n0], false, nil
			}
			gen = -1
		}
		cur, pend = 1-cur, true
		lastEnd = j
		i = j
	}
	if pend {
		if dst, ok = f.appendWord(sp, dst, s, &words[1-cur]); !ok {
			return dst[:n0], false, nil
		}
	}
	if gen >= 0 {
		if dst, ok = f.general(st, dst, text, start, gen, len(s)); !ok {
			return dst[:n0], false, nil
		}
	}
	sp.shrink()
	return dst, true, nil
}

// spUWord is a word of spUnigram whose ids are on their way: s[i:j], of
// word characters or (alone) rewritten alone by the Precompiled
// normalizer, with its cache key and the key's hash.
type spUWord struct {
	i, j  int
	alone bool
	keyOK bool
	h     uint64
	k     idcache.Key
}

// Tags of the keys of spUnigram's cache.
const (
	spNormalizedKey = 0 // a normalized word
	spRawKey        = 1 // a raw word that the Precompiled normalizer rewrites alone
)

// normalizedAlone reports whether the word s[i:j], between separators or
// the ends of the piece, is valid UTF-8 and rewritten by the Precompiled
// normalizer as it would be alone: clusters start afresh at both of its
// ends. Its tokens are then those of its normalized text, alone.
func (f *spUnigram) normalizedAlone(s string, i, j int) bool {
	if i > 0 {
		r, _ := utf8.DecodeRuneInString(s[i:j])
		if !normalizers.FreshClusterBreak(rune(s[i-1]), r) {
			return false
		}
	}
	if j < len(s) {
		r, _ := utf8.DecodeLastRuneInString(s[i:j])
		if !normalizers.FreshClusterBreak(r, rune(s[j])) {
			return false
		}
	}
	return utf8.ValidString(s[i:j])
}

// general appends the ids of s[a:b] (s = text[start:]) through the general
// pipeline. It reports false when the range ends with a space after a
// Prepend character, whose cluster may swallow the space, or on error (the
// whole piece through the general pipeline then gives the error).
func (f *spUnigram) general(st *encodeState, dst []uint32, text string, start, a, b int) ([]uint32, bool) {
	s := text[start:]
	if f.prependHazard && b < len(s) && b-a >= 2 && s[b-1] == ' ' && s[b-2] >= utf8.RuneSelf {
		r, _ := utf8.DecodeLastRuneInString(s[a : b-1])
		if normalizers.GraphemePrepend(r) {
			return dst, false
		}
	}
	if f.only != nil {
		r := unsafeBytes(s[a:b])
		if utf8.Valid(r) {
			sp := &st.sentencePiece
			sp.norm = f.only.AppendNormalized(sp.norm[:0], r)
			return f.appendRaw(sp, dst, sp.norm)
		}
	}
	dst, err := f.t.appendIDsRange(st, dst, text, start+a, start+b, false)
	return dst, err == nil
}

// appendRaw appends the ids of r, a range that the normalizer leaves
// unchanged: split at whitespace, each word with the replacement in front
// and cut in front of the replacements (Metaspace), as the pipeline does.
func (f *spUnigram) appendRaw(sp *spState, dst []uint32, r []byte) ([]uint32, bool) {
	n0 := len(dst)
	var err error
	for i := 0; i < len(r); {
		sz, space := spSpaceAt(r, i)
		if space {
			i += sz
			continue
		}
		j := i + sz
		for j < len(r) {
			sz, space := spSpaceAt(r, j)
			if space {
				break
			}
			j += sz
		}
		w := r[i:j]
		i = j
		// Metaspace: the word has no space; prepend, then cut.
		pre := f.prepend
		if bytes.HasPrefix(w, f.repl) {
			pre = nil
		}
		if !f.split {
			if dst, err = f.appendKey(sp, dst, pre, w); err != nil {
				return dst[:n0], false
			}
			continue
		}
		for k := 0; k < len(w); {
			e := len(w)
			if x := bytes.Index(w[k+1:], f.repl); x >= 0 {
				e = k + 1 + x
			}
			if dst, err = f.appendKey(sp, dst, pre, w[k:e]); err != nil {
				return dst[:n0], false
			}
			pre = nil
			k = e
		}
	}
	return dst, true
}

// spSpaceAt returns the length of the character at r[i] (of valid UTF-8),
// and whether it is whitespace (unicode.IsSpace, which is Rust's
// char::is_whitespace). Whitespace characters beyond ASCII start with the
// bytes C2, E1, E2 or E3; others are not decoded.
func spSpaceAt(r []byte, i int) (int, bool) {
	c := r[i]
	switch {
	case c < utf8.RuneSelf:
		return 1, spASCIISpace[c]
	case c < 0xE0:
		if c != 0xC2 {
			return 2, false
		}
	case c < 0xF0:
		if c < 0xE1 || c > 0xE3 {
			return 3, false
		}
	default:
		return 4, false
	}
	ch, sz := utf8.DecodeRune(r[i:])
	return sz, unicode.IsSpace(ch)
}

// spASCIISpace says which ASCII characters are whitespace.
var spASCIISpace = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = unicode.IsSpace(rune(c))
	}
	return t
}()

// appendKey appends the ids of the word pre+w, through the cache.
func (f *spUnigram) appendKey(sp *spState, dst []uint32, pre, w []byte) ([]uint32, error) {
	key := append(append(sp.bufs[1][:0], pre...), w...)
	sp.bufs[1] = key
	k, ok := idcache.MakeKey(key)
	if ok {
		var hit bool
		if dst, hit = f.cache.Get(dst, &k); hit {
			return dst, nil
		}
	}
	n := len(dst)
	dst, err := f.m.AppendIDs(dst, unsafeString(key))
	if err != nil {
		return dst, err
	}
	if ok {
		f.cache.Put(&k, dst[n:])
	}
	return dst, nil
}

// mappedWord returns the normalized text of a word of word characters,
// with the Metaspace replacement in front, in sp.bufs[0].
func (f *spUnigram) mappedWord(sp *spState, w string) []byte {
	key := append(append(sp.bufs[0][:0], f.prepend...), w...)
	for k := len(f.prepend); k < len(key); k++ {
		key[k] = f.mapped[key[k]]
	}
	sp.bufs[0] = key
	return key
}

// appendWord appends the ids of a word, through the cache. It reports
// false on error (the general pipeline then gives it).
func (f *spUnigram) appendWord(sp *spState, dst []uint32, s string, w *spUWord) ([]uint32, bool) {
	if w.keyOK {
		var hit bool
		if dst, hit = f.cache.GetHashed(dst, &w.k, w.h); hit {
			return dst, true
		}
	}
	n := len(dst)
	if w.alone {
		sp.norm = f.only.AppendNormalized(sp.norm[:0], unsafeBytes(s[w.i:w.j]))
		var ok bool
		if dst, ok = f.appendRaw(sp, dst, sp.norm); !ok {
			return dst, false
		}
	} else {
		var err error
		if dst, err = f.m.AppendIDs(dst, unsafeString(f.mappedWord(sp, s[w.i:w.j]))); err != nil {
			return dst, false
		}
	}
	if w.keyOK {
		f.cache.PutHashed(&w.k, w.h, dst[n:])
	}
	return dst, true
}
