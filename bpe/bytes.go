package bpe

import (
	"errors"
	"fmt"
	"math"
	"unicode/utf8"
)

// ByteEncoder tokenizes words given as raw bytes with a model whose alphabet
// has one symbol per byte, as byte-level BPE (GPT-2 and its successors)
// has: the word's bytes are never turned into the symbols' text. Every byte
// starts as the symbol of its byte; merges, IgnoreMerges and the word cache
// then work on token ids as [Model.Tokenize] does, so that
//
//	e.AppendIDs(nil, word)
//
// gives the ids of m.Tokenize(nil, symbols[word[0]]+symbols[word[1]]+...).
//
// A ByteEncoder is immutable (but for its own word cache, which never
// changes results) and safe for concurrent use.
type ByteEncoder struct {
	m       *Model
	initial [256]uint32 // id of each byte's symbol

	// missing marks the bytes whose symbol is not in the vocabulary;
	// drop those that valid UTF-8 has, which the model drops (it has
	// no unknown token), and hasDrop says whether there is one.
	missing, drop [256]bool
	hasDrop       bool

	// pairs holds the merge of every two bytes' symbols, indexed by
	// the bytes: rank<<32 | merged id, or noPair. A word starts as
	// byte symbols, so all its first lookups are here, in a table a
	// fraction the size of the merge table.
	pairs *[1 << 16]uint64

	// words holds the vocabulary by raw bytes, for IgnoreMerges (nil
	// otherwise): the tokens whose characters are all byte symbols.
	words *rawVocab

	cache *idCache // nil when disabled

	// charIndex[r] is the index in charTok of what a character r of 2
	// or 3 bytes may start as instead of its bytes (see
	// buildCharTokens), 0 for nothing (charTok[0] is unused). Nil
	// without merges or when ids are not unique.
	charIndex []uint16
	charTok   []charStart
	// symbols maps each symbol back to its byte.
	symbols symbolBytes
}

// ErrNotByteLevel is wrapped by the error [Model.NewByteEncoder] returns
// for a model or an alphabet it cannot encode raw bytes with.
var ErrNotByteLevel = errors.New("bpe: not a byte-level model")

// NewByteEncoder returns an encoder of raw bytes for m, where symbols[b] is
// the token that byte b stands for (one character, a different one for
// every byte; for GPT-2's alphabet, the character of b in its
// bytes-to-unicode table). It fails, wrapping [ErrNotByteLevel], when a
// symbol is not one character, two bytes share a symbol, or m has dropout,
// a continuing-subword prefix or an end-of-word suffix (which make the
// initial symbols depend on their place in the word).
//
// Symbols may be missing from the vocabulary: those of the bytes valid
// UTF-8 never has (0xC0, 0xC1, 0xF5 to 0xFF), and others when m drops the
// characters it has no token for (it has no unknown token, and no byte
// fallback for them), as AppendIDs then does. For another missing symbol,
// NewByteEncoder fails.
//
// The encoder has a word cache of its own, of the model's capacity (see
// Config.CacheCapacity). With IgnoreMerges, it also keeps the vocabulary by
// raw bytes (about the size of the vocabulary's text plus 16 bytes per
// token).
func (m *Model) NewByteEncoder(symbols *[256]string) (*ByteEncoder, error) {
	if m.dropout != 0 {
		return nil, fmt.Errorf("%w: dropout", ErrNotByteLevel)
	}
	if !m.plain {
		return nil, fmt.Errorf("%w: continuing subword prefix or end-of-word suffix", ErrNotByteLevel)
	}
	e := &ByteEncoder{m: m}
	for b := range 256 {
		s := symbols[b]
		r, sz := utf8.DecodeRuneInString(s)
		if s == "" || sz != len(s) || r == utf8.RuneError {
			return nil, fmt.Errorf("%w: symbol %q of byte %#02x is not one character", ErrNotByteLevel, s, b)
		}
		if _, dup := e.symbols.byteOf(r); dup {
			return nil, fmt.Errorf("%w: symbol %q is used twice", ErrNotByteLevel, s)
		}
		e.symbols.add(r, byte(b))
		id, ok := m.vocab[s]
		if ok {
			e.initial[b] = id
			continue
		}
		e.missing[b] = true
		if !inUTF8(byte(b)) {
			continue
		}
		// The model drops a character it has no token for, when it
		// has no unknown token and no byte fallback for it.
		if m.hasUnk || m.byteFallback && allBytesKnown(m, s) {
			return nil, fmt.Errorf("%w: symbol %q of byte %#02x is not in the vocabulary", ErrNotByteLevel, s, b)
		}
		e.drop[b] = true
		e.hasDrop = true
	}
	e.pairs = new([1 << 16]uint64)
	for i := range e.pairs {
		e.pairs[i] = noPair
		if e.missing[i>>8] || e.missing[i&0xFF] {
			continue
		}
		if rank, nid, ok := m.merges.get(pairKey(e.initial[i>>8], e.initial[i&0xFF])); ok {
			e.pairs[i] = uint64(rank)<<32 | uint64(nid)
		}
	}
	if m.uniqueIDs && m.merges.n > 0 {
		e.buildCharTokens()
	}
	if m.ignoreMerges {
		e.words = newRawVocab(m, &e.symbols)
	}
	if m.cache != nil {
		e.cache = newIDCache(m.cacheCapacity)
	}
	return e, nil
}

// AppendIDs appends the ids of the tokens of word, a word of raw bytes, to
// dst and returns the extended slice. It does no allocation beyond the
// growth of dst.
//
// The result is unspecified (but AppendIDs does not panic) when word is not
// valid UTF-8 and holds a byte whose symbol is missing from the vocabulary
// (see [Model.NewByteEncoder]).
func (e *ByteEncoder) AppendIDs(dst []uint32, word []byte) []uint32 {
	return e.AppendIDsIn(dst, word, 0, len(word))
}

// AppendIDsIn is [ByteEncoder.AppendIDs] of the word text[start:end]. It
// may read the bytes of text around the word (it is faster when it can),
// which must not change during the call.
func (e *ByteEncoder) AppendIDsIn(dst []uint32, text []byte, start, end int) []uint32 {
	return e.AppendIDsGated(dst, text, start, end, nil)
}

// AppendIDsGated is [ByteEncoder.AppendIDsIn] with g, the cache gate of the
// stream of words the call belongs to, deciding whether the word cache is
// used (nil: always).
func (e *ByteEncoder) AppendIDsGated(dst []uint32, text []byte, start, end int, g *CacheGate) []uint32 {
	word := text[start:end]
	if e.hasDrop && e.drops(word) {
		// With IgnoreMerges, the word is looked up before its
		// characters are dropped.
		if e.words != nil {
			if id, ok := e.words.get(word); ok {
				return append(dst, id)
			}
		}
		return e.appendDropping(dst, word)
	}
	n := len(word)
	if n <= 1 {
		if n == 1 {
			dst = append(dst, e.initial[word[0]])
		}
		return dst
	}
	if n <= maxTinyWord {
		// Cheaper than the cache (whose lines are cold in random
		// text).
		if e.words != nil {
			if id, ok := e.words.get(word); ok {
				return append(dst, id)
			}
		}
		return e.mergeTiny(dst, word)
	}
	if n > maxKeyLen {
		if e.words != nil {
			if id, ok := e.words.get(word); ok {
				return append(dst, id)
			}
		}
		return e.merge(dst, word)
	}
	var k wordKey
	if start+maxKeyLen <= len(text) {
		k = loadKeyIn(text, start, n)
	} else {
		k = loadKey(word)
	}
	h := k.hash()
	skip := false
	if g != nil && g.skip > 0 {
		g.skip--
		skip = true
	}
	// With IgnoreMerges, a word of the vocabulary is one token: the
	// table says so without the cache, which then keeps only the other
	// words. (Measured: faster on English than the cache first, and no
	// slower on other text.)
	if e.words != nil {
		if id, ok := e.words.getKey(word, &k, h); ok {
			return append(dst, id)
		}
	}
	if e.cache == nil || skip {
		return e.merge(dst, word)
	}
	slot := e.cache.slot(h)
	if out, ok := slot.get(dst, &k); ok {
		if g != nil {
			g.record(true)
		}
		return out
	}
	if g != nil {
		g.record(false)
	}
	first := len(dst)
	dst = e.merge(dst, word)
	slot.put(&k, dst[first:])
	return dst
}

// CacheGate turns the word cache of a [ByteEncoder] off while it does not
// pay: in random text (base64, hashes, identifiers), few words repeat, and
// a lookup that misses costs more than it saves (the cache is much larger
// than the processor's caches), and fills the cache with words that
// evict the useful ones. The gate counts the hits of probes of
// gateProbe words; after a probe with fewer than gateMinHits, the next
// gateSkip words do without the cache. The cache never changes results, so
// neither does the gate.
//
// A gate belongs to one stream of words (one call encoding a text, say):
// it must not be used by two goroutines at once. The zero value is ready
// to use.
type CacheGate struct {
	n, hits uint32 // words and hits of the current probe
	skip    uint32 // words left to encode without the cache
}

const (
	gateProbe   = 64
	gateMinHits = 16
	gateSkip    = 960
)

// record counts a lookup of the cache.
func (g *CacheGate) record(hit bool) {
	g.n++
	if hit {
		g.hits++
	}
	if g.n == gateProbe {
		if g.hits < gateMinHits {
			g.skip = gateSkip
		}
		g.n, g.hits = 0, 0
	}
}

// drops reports whether word has a byte the model drops.
func (e *ByteEncoder) drops(word []byte) bool {
	for _, b := range word {
		if e.drop[b] {
			return true
		}
	}
	return false
}

// appendDropping encodes word without the bytes the model drops: the
// model drops their characters before merging (see [Model.Tokenize]).
func (e *ByteEncoder) appendDropping(dst []uint32, word []byte) []uint32 {
	s := e.m.getScratch()
	defer e.m.putScratch(s)
	kept := s.buf[:0]
	for _, b := range word {
		if !e.drop[b] {
			kept = append(kept, b)
		}
	}
	s.buf = kept
	return e.AppendIDs(dst, kept)
}

// inUTF8 reports whether valid UTF-8 can have b.
func inUTF8(b byte) bool { return b < 0xC0 || b >= 0xC2 && b <= 0xF4 }

// merge tokenizes word with the merges (after IgnoreMerges and the cache).
func (e *ByteEncoder) merge(dst []uint32, word []byte) []uint32 {
	if e.m.merges.n == 0 {
		for _, b := range word {
			dst = append(dst, e.initial[b])
		}
		return dst
	}
	switch {
	case e.m.uniqueIDs && len(word) <= maxShortWord:
		return e.mergeShort(dst, word)
	case e.m.uniqueIDs:
		return e.mergeWindows(dst, word, defaultWindow)
	case len(word) <= maxSmallWord:
		return e.mergeSmall(dst, word)
	}
	return e.mergeLarge(dst, word)
}

// maxTinyWord is the longest word mergeTiny takes.
const maxTinyWord = 3

// mergeTiny merges a word of 2 or 3 bytes from the merges of its byte
// pairs (e.pairs): the lower-ranked pair merges first (the left one if
// both are the same pair), then its token with the remaining byte. (A
// character that starts as one symbol in initSymbols gives the same, as
// buildCharTokens shows.)
func (e *ByteEncoder) mergeTiny(dst []uint32, w []byte) []uint32 {
	a, b := w[0], w[1]
	p := e.pairs[int(a)<<8|int(b)]
	if len(w) == 2 {
		if p != noPair {
			return append(dst, uint32(p))
		}
		return append(dst, e.initial[a], e.initial[b])
	}
	c := w[2]
	q := e.pairs[int(b)<<8|int(c)]
	switch {
	case p == noPair && q == noPair:
		return append(dst, e.initial[a], e.initial[b], e.initial[c])
	case q == noPair || p != noPair && p>>32 <= q>>32:
		t := uint32(p)
		if _, id, ok := e.get(t, e.initial[c]); ok {
			return append(dst, id)
		}
		return append(dst, t, e.initial[c])
	default:
		t := uint32(q)
		if _, id, ok := e.get(e.initial[a], t); ok {
			return append(dst, id)
		}
		return append(dst, e.initial[a], t)
	}
}

// get looks up the merge of a and b.
func (e *ByteEncoder) get(a, b uint32) (rank, newID uint32, ok bool) {
	return e.m.pairGet(a, b)
}

// noPair marks a pair of bytes whose symbols do not merge.
const noPair = ^uint64(0)

// initSymbols sets the initial symbols of word in ids (one per byte, or
// one per character for the characters of charTok) and the merges of their
// pairs in keys and newIDs (as mergeShort keeps them), and returns the
// number of symbols. The slices must have room for len(word) symbols.
func (e *ByteEncoder) initSymbols(word []byte, ids, newIDs []uint32, keys []uint64) int {
	const none = math.MaxUint64
	n := 0
	prevByte := -1 // the previous symbol's byte, -1 if it is a character
	for i := 0; i < len(word); {
		c := word[i]
		id, size := e.initial[c], 1
		if c >= utf8.RuneSelf && e.charIndex != nil {
			if r, sz := utf8.DecodeRune(word[i:]); sz > 1 && r < 1<<16 && e.charIndex[r] != 0 {
				t := &e.charTok[e.charIndex[r]]
				if (i == 0 || t.left>>leftClass[word[i-1]]&1 != 0) &&
					(i+sz == len(word) || t.right>>rightClass[word[i+sz]]&1 != 0) {
					id, size = t.id, sz
				}
			}
		}
		ids[n] = id
		if n > 0 {
			k, nid := uint64(none), uint32(0)
			if size == 1 && prevByte >= 0 {
				if p := e.pairs[prevByte<<8|int(c)]; p != noPair {
					k, nid = p>>32<<32|uint64(n-1), uint32(p)
				}
			} else if rank, id2, ok := e.get(ids[n-1], id); ok {
				k, nid = uint64(rank)<<32|uint64(n-1), id2
			}
			keys[n-1], newIDs[n-1] = k, nid
		}
		prevByte = -1
		if size == 1 {
			prevByte = int(c)
		}
		n++
		i += size
	}
	keys[n-1] = none
	return n
}

// The classes of the byte before a character and of the byte after it,
// which decide whether the character may start as one symbol (see
// buildCharTokens): leftClass[b] for the byte b before it, rightClass[b]
// for the byte b after it. A class stands for one byte, or for several
// when that is precise enough (the test then holds for all of them).
var leftClass, rightClass = func() (l, r [256]uint8) {
	for b := range 256 {
		switch {
		case b == ' ':
			l[b], r[b] = 0, 0
		case b < 0x80:
			l[b], r[b] = 1, 1
		case b < 0xC0: // a continuation byte: the end of a character
			l[b], r[b] = 2+uint8(min(b-0x80, 61)), 53
		case b >= 0xC2 && b <= 0xF4: // a leading byte
			l[b], r[b] = 1, 2+uint8(b-0xC2)
		default: // never in valid UTF-8
			l[b], r[b] = 1, 53
		}
	}
	return l, r
}()

// charStart is what a character of 2 or 3 bytes may start as: the token,
// when bit leftClass[b] of left is set for the byte b before it (or it
// starts the word) and bit rightClass[b] of right for the byte b after it
// (or it ends the word).
type charStart struct {
	id          uint32
	left, right uint64
}

// buildCharTokens finds the characters of 2 or 3 bytes that a word can
// start with as one symbol, their token, instead of their bytes, without
// changing the result: those whose bytes merge into one token before
// anything else can happen to them or to that token.
//
// Merging applies, among the pairs of adjacent symbols, the one of lowest
// rank (the leftmost of equal ones) until none merges. Take a character c
// whose bytes, alone, merge into one token T, with merges of ranks up to
// R. In a word, while c is not yet T, one of its pairs, of rank at most R,
// waits: any merge applied meanwhile has a rank of at most R. So if every
// merge that joins a partial token of c, or T, with a token outside c has
// a rank above R, none of those applies before c is T; and the merges
// applied elsewhere meanwhile would be chosen as well in the word where c
// starts as T (its pairs with T rank above them). Both words then meet
// with c as T and the rest the same: the results are equal.
//
// The merges that matter are those of a token that starts c (its first
// byte, a token merged from it, or T) with the token before it, which ends
// with the byte before c in the word, and those of a token that ends c
// with the token after it, which starts with the byte after c. The test
// looks at all the merges whose other token ends (or starts) with a byte
// of the class of that byte, so it is conservative. It holds for most
// characters common in text, whose bytes merge early, and starting from
// characters saves most merges (and merge lookups) in the scripts of 2 and
// 3 bytes per character.
func (e *ByteEncoder) buildCharTokens() {
	m := e.m
	type sym struct {
		id         uint32
		start, end int
	}
	// A character whose bytes merge into one token, with the tokens
	// that start it (the first byte, the tokens merged from it, T) and
	// those that end it.
	type candidate struct {
		r            rune
		id, maxRank  uint32
		starts, ends [utf8.UTFMax]uint32
		nstart, nend uint8
	}
	// First, every character's merges, and the tokens whose merges
	// with their neighbours have to be looked at.
	size := len(m.mergeable) // the ids in merges are below it
	// tabBefore[id] (tabAfter[id]) is 1 + the index in mins of the
	// lowest ranks of id's merges with a token before (after) it, by
	// class of that token's last (first) byte; 0 when not needed.
	tabBefore := make([]int32, size)
	tabAfter := make([]int32, size)
	var mins [][64]uint32
	need := func(tab []int32, id uint32) {
		if int(id) < len(tab) && tab[id] == 0 {
			var t [64]uint32
			for k := range t {
				t[k] = math.MaxUint32
			}
			mins = append(mins, t)
			tab[id] = int32(len(mins))
		}
	}
	var cands []candidate
	var buf [utf8.UTFMax]byte
	var seen [16]sym // the tokens c is made of while merging, T last
	for r := rune(utf8.RuneSelf); r < 1<<16; r++ {
		if r >= 0xD800 && r < 0xE000 {
			continue
		}
		n := utf8.EncodeRune(buf[:], r)
		if e.pairs[int(buf[0])<<8|int(buf[1])] == noPair && (n == 2 || e.pairs[int(buf[1])<<8|int(buf[2])] == noPair) {
			continue // its bytes do not merge
		}
		var syms [utf8.UTFMax]sym
		ok := true
		for i := range n {
			if e.missing[buf[i]] {
				ok = false
			}
			syms[i] = sym{e.initial[buf[i]], i, i + 1}
		}
		if !ok {
			continue
		}
		ns := copy(seen[:], syms[:n])
		cnt := n
		maxRank := uint32(0)
		for cnt > 1 {
			best, at, nid := uint32(math.MaxUint32), -1, uint32(0)
			for i := 0; i+1 < cnt; i++ {
				if rank, id, ok := m.merges.get(pairKey(syms[i].id, syms[i+1].id)); ok && rank < best {
					best, at, nid = rank, i, id
				}
			}
			if at < 0 {
				break
			}
			maxRank = max(maxRank, best)
			syms[at] = sym{nid, syms[at].start, syms[at+1].end}
			copy(syms[at+1:cnt], syms[at+2:cnt])
			cnt--
			seen[ns] = syms[at]
			ns++
		}
		if cnt != 1 {
			continue
		}
		c := candidate{r: r, id: syms[0].id, maxRank: maxRank}
		for _, p := range seen[:ns] {
			if p.start == 0 && int(c.nstart) < len(c.starts) {
				c.starts[c.nstart] = p.id
				c.nstart++
				need(tabBefore, p.id)
			}
			if p.end == n && int(c.nend) < len(c.ends) {
				c.ends[c.nend] = p.id
				c.nend++
				need(tabAfter, p.id)
			}
		}
		cands = append(cands, c)
	}
	if len(cands) == 0 {
		return
	}
	// edgeByte returns the byte at the start (or end) of token id, and
	// false when it has none (not a token of byte symbols).
	edgeByte := func(id uint32, last bool) (byte, bool) {
		tok, _ := m.IDToToken(id) // no allocation
		var r rune
		if last {
			r, _ = utf8.DecodeLastRuneInString(tok)
		} else {
			r, _ = utf8.DecodeRuneInString(tok)
		}
		b, ok := e.symbols.byteOf(r)
		return b, ok && tok != ""
	}
	lower := func(t *[64]uint32, rank uint32, b byte, ok bool, class *[256]uint8) {
		if !ok {
			for k := range t {
				t[k] = min(t[k], rank)
			}
			return
		}
		k := class[b]
		t[k] = min(t[k], rank)
	}
	// Then, in one pass over the merges, the lowest ranks of the merges
	// of the tokens needed.
	for _, s := range m.merges.slots {
		if s.rank1 == 0 {
			continue
		}
		left, right, rank := uint32(s.key>>32), uint32(s.key), s.rank1-1
		if i := tabBefore[right]; i != 0 {
			b, ok := edgeByte(left, true)
			lower(&mins[i-1], rank, b, ok, &leftClass)
		}
		if i := tabAfter[left]; i != 0 {
			b, ok := edgeByte(right, false)
			lower(&mins[i-1], rank, b, ok, &rightClass)
		}
	}
	// Last, which neighbours leave each character alone until it is T.
	narrow := func(mask *uint64, tab []int32, id, maxRank uint32) {
		if int(id) >= len(tab) || tab[id] == 0 {
			return // in no merge
		}
		for k, rank := range &mins[tab[id]-1] {
			if rank <= maxRank {
				*mask &^= 1 << k
			}
		}
	}
	e.charIndex = make([]uint16, 1<<16)
	e.charTok = make([]charStart, 1, len(cands)+1)
	for _, c := range cands {
		left, right := ^uint64(0), ^uint64(0)
		for _, id := range c.starts[:c.nstart] {
			narrow(&left, tabBefore, id, c.maxRank)
		}
		for _, id := range c.ends[:c.nend] {
			narrow(&right, tabAfter, id, c.maxRank)
		}
		if len(e.charTok) == math.MaxUint16 {
			break // (the characters of a real vocabulary are far fewer)
		}
		e.charIndex[c.r] = uint16(len(e.charTok))
		e.charTok = append(e.charTok, charStart{id: c.id, left: left, right: right})
	}
}

// symbolBytes maps the symbols of the bytes back to the bytes: from a
// table for the symbols below U+0400 (all of GPT-2's alphabet), a map for
// the others.
type symbolBytes struct {
	low  [0x400]int16 // byte + 1, 0 for none
	high map[rune]byte
}

func (t *symbolBytes) add(r rune, b byte) {
	if r < 0x400 {
		t.low[r] = int16(b) + 1
		return
	}
	if t.high == nil {
		t.high = map[rune]byte{}
	}
	t.high[r] = b
}

func (t *symbolBytes) byteOf(r rune) (byte, bool) {
	if r >= 0 && r < 0x400 {
		v := t.low[r]
		return byte(v - 1), v != 0
	}
	b, ok := t.high[r]
	return b, ok
}

// maxShortWord is the longest word mergeShort takes.
const maxShortWord = 64

// mergeShort merges a short word with a few arrays on the stack, when no
// two tokens share an id (Model.uniqueIDs).
//
// It applies, as long as one exists, the merge of smallest rank among the
// adjacent pairs, the leftmost of those with that rank: what the heap of
// [Model.Tokenize] does when ids are unique. There, an entry is applied if
// the pair at its position merges into the entry's id; the pair there may
// have changed since the entry was made, but only by growing (its left
// symbol absorbing its right one, or the right one its own right
// neighbour), so it then merges, if at all, into a longer token, which has
// another id. So an entry is applied exactly when its pair is still there,
// with its own rank, and the heap's order is that of the current pairs.
func (e *ByteEncoder) mergeShort(dst []uint32, word []byte) []uint32 {
	const N = maxShortWord
	const none = math.MaxUint64
	var (
		// keys[i] is rank<<32 | i for the pair at position i, none
		// when it does not merge (or i is the last or a merged
		// position): the smallest key is the merge to apply.
		keys   [N]uint64
		ids    [N]uint32
		newIDs [N]uint32
		next   [N]uint8 // N at the end
		prev   [N]uint8 // N at the start
	)
	n := e.initSymbols(word, ids[:], newIDs[:], keys[:])
	for i := range n {
		next[i] = uint8(i + 1)
		prev[i] = uint8(i - 1)
	}
	next[n-1] = N
	prev[0] = N
	for {
		best := keys[0]
		for _, k := range keys[1:n] {
			best = min(best, k)
		}
		if best == none {
			break
		}
		// Merge the symbol at r into the one at j.
		j := int(uint32(best))
		r := next[j&(N-1)]
		ids[j&(N-1)] = newIDs[j&(N-1)]
		keys[r&(N-1)] = none
		rn := next[r&(N-1)]
		next[j&(N-1)] = rn
		keys[j&(N-1)] = none
		if rn < N {
			prev[rn] = uint8(j)
			if rank, nid, ok := e.get(ids[j&(N-1)], ids[rn]); ok {
				keys[j&(N-1)], newIDs[j&(N-1)] = uint64(rank)<<32|uint64(j), nid
			}
		}
		if p := prev[j&(N-1)]; p < N {
			keys[p] = none
			if rank, nid, ok := e.get(ids[p], ids[j&(N-1)]); ok {
				keys[p], newIDs[p] = uint64(rank)<<32|uint64(p), nid
			}
		}
	}
	for i := uint8(0); i < N; i = next[i] {
		dst = append(dst, ids[i])
	}
	return dst
}

// grow returns b with length n, reallocated if needed.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n, n+n/2)
	}
	return b[:n]
}

// maxSmallWord is the longest word mergeSmall takes.
const maxSmallWord = 64

// mergeSmall merges a short word with fixed arrays on the stack.
//
// It does what the heap of [Model.Tokenize] does, entry for entry: the
// candidate merges are the same (rank, position, merged id) entries, taken
// in the same order, and an entry is applied under the same condition (its
// position starts a symbol with a right neighbour, and that pair merges
// into its id). Only the data structure differs: a short word has few
// entries, and finding the smallest by a scan beats keeping a heap.
//
// The validity test needs no merge lookup when the pair at the entry's
// position has not changed since the entry was made: each position has a
// version, bumped whenever its pair changes, which the entry records. (A
// pair that changed can still merge into the same id: several merges may
// make one token, and the reference then applies the entry with its old
// rank. The lookup keeps that.)
func (e *ByteEncoder) mergeSmall(dst []uint32, word []byte) []uint32 {
	const N = maxSmallWord
	var (
		ids   [N]uint32
		next  [N]int8 // -1 at the end
		prev  [N]int8 // -1 at the start
		ver   [N]uint8
		alive [N]bool
		// An entry's key is rank<<32 | pos<<8 | version: ordered by
		// rank, then position, as the reference orders merges.
		keys   [3 * N]uint64
		newIDs [3 * N]uint32
	)
	n := len(word)
	mt := &e.m.merges
	ne := 0
	for i := range n {
		ids[i] = e.initial[word[i]]
		next[i] = int8(i + 1)
		prev[i] = int8(i - 1)
		alive[i] = true
	}
	next[n-1] = -1
	for i := 0; i+1 < n; i++ {
		if p := e.pairs[int(word[i])<<8|int(word[i+1])]; p != noPair {
			keys[ne] = p>>32<<32 | uint64(i)<<8
			newIDs[ne] = uint32(p)
			ne++
		}
	}
	for ne > 0 {
		j := 0
		for k := 1; k < ne; k++ {
			if keys[k] < keys[j] {
				j = k
			}
		}
		key, nid := keys[j], newIDs[j]
		ne--
		keys[j], newIDs[j] = keys[ne], newIDs[ne]

		pos := int(key >> 8 & 0xFF)
		r := next[pos]
		if !alive[pos] || r < 0 {
			continue
		}
		if uint8(key) != ver[pos] {
			if _, cur, ok := mt.get(pairKey(ids[pos], ids[r])); !ok || cur != nid {
				continue
			}
		}
		// Merge the symbol at r into the one at pos.
		ids[pos] = nid
		alive[r] = false
		rn := next[r]
		next[pos] = rn
		if rn >= 0 {
			prev[rn] = int8(pos)
		}
		ver[pos]++
		if p := prev[pos]; p >= 0 {
			ver[p]++
			if rank, pid, ok := mt.get(pairKey(ids[p], ids[pos])); ok {
				keys[ne] = uint64(rank)<<32 | uint64(p)<<8 | uint64(ver[p])
				newIDs[ne] = pid
				ne++
			}
		}
		if rn >= 0 {
			if rank, rid, ok := mt.get(pairKey(ids[pos], ids[rn])); ok {
				keys[ne] = uint64(rank)<<32 | uint64(pos)<<8 | uint64(ver[pos])
				newIDs[ne] = rid
				ne++
			}
		}
	}
	for i := int8(0); i >= 0; i = next[i] {
		dst = append(dst, ids[i])
	}
	return dst
}

// mergeLarge merges a long word with the heap of [Model.Tokenize].
func (e *ByteEncoder) mergeLarge(dst []uint32, word []byte) []uint32 {
	m := e.m
	s := m.getScratch()
	defer m.putScratch(s)
	s.syms = s.syms[:0]
	for _, b := range word {
		s.addSymbol(e.initial[b], 1)
	}
	m.mergeAll(s)
	for _, sym := range s.syms {
		if sym.len != 0 {
			dst = append(dst, sym.id)
		}
	}
	return dst
}

// rawVocab maps the raw bytes of vocabulary tokens to their ids: an
// open-addressing table of 16-byte slots, which hold a token of up to 8
// bytes itself and a longer one's place in a byte arena, so that a lookup
// touches one slot (and the arena for long tokens) and builds no string.
//
// A filter of the tokens' hashes answers most lookups of words that are
// not tokens without touching the slots: in random text, most words are
// not tokens.
type rawVocab struct {
	arena  []byte
	slots  []rawSlot
	shift  uint
	filter hashFilter // the tokens' hashes
}

type rawSlot struct {
	// tag is the hash's top 24 bits and the token's length (255 for
	// 255 and more) in the low 8: never 0, which marks an empty slot.
	tag uint32
	id  uint32
	// data is the token's bytes, zero-padded, when it has at most 8;
	// else its offset in the arena << 32 | its length.
	data uint64
}

// rawTag returns the tag of a word of n bytes with hash h.
func rawTag(h uint64, n int) uint32 { return uint32(h>>40)<<8 | uint32(min(n, 255)) }

// newRawVocab decodes every token of vocab whose characters are all in
// byteOf into its bytes.
func newRawVocab(m *Model, byteOf *symbolBytes) *rawVocab {
	type entry struct{ off, len, id uint32 }
	var arena []byte
	entries := make([]entry, 0, len(m.vocab))
	add := func(tok string, id uint32) {
		start := len(arena)
		ok := true
		for _, r := range tok {
			b, known := byteOf.byteOf(r)
			if !known {
				ok = false
				break
			}
			arena = append(arena, b)
		}
		if !ok || len(arena)-start == 0 || len(arena) > math.MaxUint32 {
			arena = arena[:start]
			return
		}
		entries = append(entries, entry{uint32(start), uint32(len(arena) - start), id})
	}
	if m.uniqueIDs && m.idTok != nil {
		// Every token, in id order: a slice is faster to walk than
		// the map.
		for id, tok := range m.idTok {
			if m.idOK[id] {
				add(tok, uint32(id))
			}
		}
	} else {
		for tok, id := range m.vocab {
			add(tok, id)
		}
	}
	size := 8
	for size < 2*len(entries) {
		size *= 2
	}
	v := &rawVocab{arena: arena, slots: make([]rawSlot, size), shift: 64 - log2(size),
		filter: newHashFilter(len(entries))}
	hashes := make([]uint64, len(entries))
	for i, en := range entries {
		hashes[i] = hashBytes(arena[en.off : en.off+en.len])
	}
	for _, k := range byRegion(hashes) {
		en, h := entries[k], hashes[k]
		w := arena[en.off : en.off+en.len]
		v.filter.add(h)
		i := h >> v.shift
		for v.slots[i].tag != 0 {
			i = (i + 1) & uint64(size-1)
		}
		sl := rawSlot{tag: rawTag(h, len(w)), id: en.id, data: uint64(en.off)<<32 | uint64(en.len)}
		if len(w) <= 8 {
			k := loadKey(w)
			sl.data = k.w[0]
		}
		v.slots[i] = sl
	}
	return v
}

// get returns the id of the token whose bytes are word.
func (v *rawVocab) get(word []byte) (uint32, bool) {
	if len(word) <= maxKeyLen {
		k := loadKey(word)
		return v.getKey(word, &k, k.hash())
	}
	return v.find(word, hashBytes(word))
}

// find looks word up with its hash h.
func (v *rawVocab) find(word []byte, h uint64) (uint32, bool) {
	if !v.filter.mayHave(h) {
		return 0, false
	}
	tag := rawTag(h, len(word))
	mask := uint64(len(v.slots) - 1)
	for i := h >> v.shift; ; i = (i + 1) & mask {
		s := &v.slots[i]
		if s.tag == 0 {
			return 0, false
		}
		if s.tag == tag {
			off, n := s.data>>32, uint64(uint32(s.data))
			if n == uint64(len(word)) && string(v.arena[off:off+n]) == string(word) {
				return s.id, true
			}
		}
	}
}

// getKey returns the id of the token word, of at most maxKeyLen bytes,
// whose key is k and hash h.
func (v *rawVocab) getKey(word []byte, k *wordKey, h uint64) (uint32, bool) {
	if k.n > 8 {
		return v.find(word, h)
	}
	if !v.filter.mayHave(h) {
		return 0, false
	}
	tag := rawTag(h, k.n)
	mask := uint64(len(v.slots) - 1)
	for i := h >> v.shift; ; i = (i + 1) & mask {
		s := &v.slots[i]
		if s.tag == 0 {
			return 0, false
		}
		if s.tag == tag && s.data == k.w[0] {
			return s.id, true
		}
	}
}

func log2(n int) uint {
	k := uint(0)
	for 1<<k < n {
		k++
	}
	return k
}
