package bpe

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Config describes a BPE model: the fields of the "model" object of a
// tokenizer.json file of type "BPE".
type Config struct {
	// Vocab maps each token to its id. Several tokens may share an id. New
	// keeps the map: the caller must not modify it afterwards.
	Vocab map[string]uint32

	// Merges lists the merges by priority, highest first: merging Merges[i]
	// = {left, right} gives the token left + right, with the continuing
	// subword prefix removed from right (see ContinuingSubwordPrefix). Both
	// tokens and the result must be in Vocab. When a pair is listed twice,
	// its last position is its rank.
	Merges [][2]string

	// Dropout is the probability of skipping each merge, between 0 and 1
	// inclusive. 0 disables dropout and makes the model deterministic.
	Dropout float32

	// UnkToken is the token that stands for characters missing from the
	// vocabulary, when HasUnkToken is true (the empty string is a valid
	// token). Without it, such characters are dropped. New does not require
	// it to be in Vocab: as in the reference, Tokenize fails when it needs it
	// and it is missing.
	UnkToken    string
	HasUnkToken bool

	// ContinuingSubwordPrefix is prepended to every character but the first
	// of a word when looking up the initial symbols, and its length in bytes
	// is cut from the start of the right token of each merge to form the
	// merged token.
	ContinuingSubwordPrefix string

	// EndOfWordSuffix is appended to the last character of a word when
	// looking up the initial symbols.
	EndOfWordSuffix string

	// FuseUnk makes consecutive unknown characters one unknown token.
	FuseUnk bool

	// ByteFallback makes a character missing from the vocabulary become the
	// tokens <0xXX> of its bytes (with the affixes above, when they apply)
	// when all of them are in the vocabulary, instead of the unknown token.
	ByteFallback bool

	// IgnoreMerges makes a word that is itself in the vocabulary one token,
	// whatever the merges would give. Like the reference, it applies only
	// when Dropout is 0.
	IgnoreMerges bool

	// CacheCapacity is the number of entries of the cache of recent
	// words that speeds up tokenizing natural text (it never changes
	// results); 0 selects DefaultCacheCapacity and a negative value
	// disables the cache. With dropout there is no cache.
	CacheCapacity int
}

// Token is one token of a word.
type Token struct {
	// ID is the token's id in the vocabulary.
	ID uint32
	// Start and End are the token's byte offsets in the word. See
	// [Model.Tokenize] for the cases where they are not where the token's
	// characters are.
	Start, End int
}

// ErrUnkTokenNotFound is wrapped by the error Tokenize returns when a word
// needs the unknown token and the vocabulary does not have it.
var ErrUnkTokenNotFound = errors.New("unk token not found in the vocabulary")

// ErrInvalidDropout is the error New returns when Config.Dropout is not
// between 0 and 1.
var ErrInvalidDropout = errors.New("bpe: dropout should be between 0 and 1, inclusive")

// MergeError is the error New returns for a merge whose tokens or result are
// not in the vocabulary.
type MergeError struct {
	// Index is the position of the merge in Config.Merges.
	Index int
	// Token is the token missing from the vocabulary.
	Token string
}

// Error implements error.
func (e *MergeError) Error() string {
	return fmt.Sprintf("bpe: merge %d: token %q out of vocabulary", e.Index, e.Token)
}

// Model is a BPE model. It is immutable and safe for concurrent use.
type Model struct {
	vocab map[string]uint32

	// Reverse vocabulary: dense by id when ids are compact (the usual
	// case), else a map.
	idTok []string
	idOK  []bool
	idMap map[uint32]string
	// uniqueIDs is true when no two tokens share an id.
	uniqueIDs bool

	merges mergeTable
	// mergeable holds two bits per id: bit 0 when some merge has the
	// token on its left, bit 1 on its right. A pair whose tokens lack
	// them does not merge, which saves a lookup in the (large) merge
	// table: the final tokens of most words are such pairs.
	mergeable []uint8
	// pairFilter holds the hash of every merge's pair: it answers most
	// lookups of pairs that do not merge without touching the table.
	pairFilter hashFilter

	dropout      float32
	prefix       string
	suffix       string
	fuseUnk      bool
	byteFallback bool
	ignoreMerges bool

	hasUnk     bool
	unkToken   string
	unkInVocab bool
	unkID      uint32
	unkErr     error

	// cacheCapacity is Config.CacheCapacity, kept for [Model.Config].
	cacheCapacity int

	// plain is true without prefix and suffix: initial symbols are then
	// looked up without building a string, ASCII ones in ascii.
	plain bool
	ascii [128]int64 // id of the one-byte token, -1 if none

	// byteIDs[b] is the id of "<0xXX>" for byte b, -1 if missing.
	byteIDs [256]int64

	cache *wordCache // nil when disabled

	pool sync.Pool // *scratch
}

// New builds a model from c. It fails if the dropout is out of range or a
// merge refers to tokens that are not in the vocabulary.
func New(c Config) (*Model, error) {
	d := c.Dropout
	if !(d >= 0 && d <= 1) {
		return nil, ErrInvalidDropout
	}
	if c.Vocab == nil {
		c.Vocab = map[string]uint32{}
	}
	m := &Model{
		vocab:        c.Vocab,
		dropout:      d,
		prefix:       c.ContinuingSubwordPrefix,
		suffix:       c.EndOfWordSuffix,
		fuseUnk:      c.FuseUnk,
		byteFallback: c.ByteFallback,
		ignoreMerges: c.IgnoreMerges,
		hasUnk:       c.HasUnkToken,

		cacheCapacity: c.CacheCapacity,
	}
	m.plain = m.prefix == "" && m.suffix == ""
	if c.CacheCapacity >= 0 && d == 0 {
		m.cache = newWordCache(cmp.Or(c.CacheCapacity, DefaultCacheCapacity))
	}
	if m.hasUnk {
		m.unkToken = c.UnkToken
		m.unkID, m.unkInVocab = m.vocab[c.UnkToken]
		m.unkErr = fmt.Errorf("bpe: %w: `%s`", ErrUnkTokenNotFound, c.UnkToken)
	}
	for b := range m.ascii {
		m.ascii[b] = -1
		if id, ok := m.vocab[string(rune(b))]; ok {
			m.ascii[b] = int64(id)
		}
	}
	for b := range m.byteIDs {
		m.byteIDs[b] = -1
		if id, ok := m.vocab[byteToken(byte(b))]; ok {
			m.byteIDs[b] = int64(id)
		}
	}
	m.buildReverse()
	if err := m.buildMerges(c.Merges); err != nil {
		return nil, err
	}
	return m, nil
}

// byteToken returns the byte-fallback token of b, such as "<0x0A>".
func byteToken(b byte) string {
	const hex = "0123456789ABCDEF"
	return string([]byte{'<', '0', 'x', hex[b>>4], hex[b&15], '>'})
}

// buildReverse fills the id-to-token table. When several tokens share an id,
// the smallest (in byte order) is kept, so the choice is stable; the
// reference keeps one at random.
func (m *Model) buildReverse() {
	maxID := uint32(0)
	for _, id := range m.vocab {
		maxID = max(maxID, id)
	}
	n := len(m.vocab)
	distinct := 0
	if n > 0 && uint64(maxID) < 2*uint64(n)+1024 {
		m.idTok = make([]string, maxID+1)
		m.idOK = make([]bool, maxID+1)
		for tok, id := range m.vocab {
			if !m.idOK[id] {
				distinct++
			}
			if !m.idOK[id] || tok < m.idTok[id] {
				m.idTok[id] = tok
				m.idOK[id] = true
			}
		}
	} else {
		m.idMap = make(map[uint32]string, n)
		for tok, id := range m.vocab {
			if old, ok := m.idMap[id]; !ok || tok < old {
				m.idMap[id] = tok
			}
		}
		distinct = len(m.idMap)
	}
	m.uniqueIDs = distinct == n
}

// buildMerges resolves the merges to ids and builds the merge tables.
func (m *Model) buildMerges(merges [][2]string) error {
	if uint64(len(merges)) >= math.MaxUint32 {
		return fmt.Errorf("bpe: too many merges (%d)", len(merges))
	}
	m.merges.init(len(merges))
	entries := make([]mergeEntry, len(merges))
	// Resolving is three vocabulary lookups per merge, most of the time
	// of loading a large model: with several processors, parts of the
	// list are resolved at the same time (the map is only read). The
	// error is that of the first bad merge, as when resolving in order.
	parts := 1
	if len(merges) >= 1<<16 {
		parts = min(runtime.GOMAXPROCS(0), 4)
	}
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := p*len(merges)/parts, (p+1)*len(merges)/parts
		wg.Go(func() { errs[p] = m.resolveMerges(merges, entries, lo, hi) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	m.merges.putAll(entries)
	// The ids of the merges' sides, and the pairs' hashes, from the
	// entries (a pair listed twice only sets its bits twice).
	size := 0
	for _, e := range entries {
		size = max(size, int(uint32(e.key>>32))+1, int(uint32(e.key))+1)
	}
	m.mergeable = make([]uint8, size)
	m.pairFilter = newHashFilter(m.merges.n)
	for _, e := range entries {
		m.mergeable[uint32(e.key>>32)] |= 1
		m.mergeable[uint32(e.key)] |= 2
		m.pairFilter.add(pairHash(e.key))
	}
	return nil
}

// resolveMerges sets entries[lo:hi] to the ids of merges[lo:hi], or returns
// the error of the first of them that names a token out of the vocabulary.
// The merged token is looked up through a reused buffer, so no string is
// built per merge.
func (m *Model) resolveMerges(merges [][2]string, entries []mergeEntry, lo, hi int) error {
	plen := len(m.prefix)
	var buf []byte
	for i := lo; i < hi; i++ {
		a, b := merges[i][0], merges[i][1]
		aID, ok := m.vocab[a]
		if !ok {
			return &MergeError{Index: i, Token: a}
		}
		bID, ok := m.vocab[b]
		if !ok {
			return &MergeError{Index: i, Token: b}
		}
		if len(b) < plen {
			// The reference panics here (it slices the prefix off
			// without checking that it is there).
			return fmt.Errorf("bpe: merge %d: token %q is shorter than the continuing subword prefix %q", i, b, m.prefix)
		}
		// The reference cuts len(prefix) bytes off b without checking
		// that b starts with the prefix: so do we.
		buf = append(append(buf[:0], a...), b[plen:]...)
		newID, ok := m.vocab[string(buf)]
		if !ok {
			return &MergeError{Index: i, Token: strings.ToValidUTF8(string(buf), "\uFFFD")}
		}
		entries[i] = mergeEntry{pairKey(aID, bID), uint32(i), newID}
	}
	return nil
}

// pairHash is the hash of a pair's key in m.pairFilter: Fibonacci hashing,
// as in the merge table, whose multiplication mixes both ids into the top
// bits.
func pairHash(key uint64) uint64 { return key * 0x9E3779B97F4A7C15 }

// pairGet looks up the merge of a and b, first in m.mergeable.
func (m *Model) pairGet(a, b uint32) (rank, newID uint32, ok bool) {
	mg := m.mergeable
	if int(a) >= len(mg) || int(b) >= len(mg) || mg[a]&1 == 0 || mg[b]&2 == 0 {
		return 0, 0, false
	}
	k := pairKey(a, b)
	if !m.pairFilter.mayHave(pairHash(k)) {
		return 0, 0, false
	}
	return m.merges.get(k)
}

// TokenToID returns the id of token.
func (m *Model) TokenToID(token string) (uint32, bool) {
	id, ok := m.vocab[token]
	return id, ok
}

// IDToToken returns the token of id: the string the vocabulary holds, so the
// call does not allocate. When several tokens share id, it returns the
// smallest in byte order.
func (m *Model) IDToToken(id uint32) (string, bool) {
	if m.idMap != nil {
		s, ok := m.idMap[id]
		return s, ok
	}
	if uint64(id) < uint64(len(m.idTok)) && m.idOK[id] {
		return m.idTok[id], true
	}
	return "", false
}

// VocabSize returns the number of entries of the vocabulary (tokens that
// share an id count once each).
func (m *Model) VocabSize() int { return len(m.vocab) }

// Vocab returns a new map of the vocabulary.
func (m *Model) Vocab() map[string]uint32 { return maps.Clone(m.vocab) }

// NumMerges returns the number of distinct merges (pairs listed twice
// count once).
func (m *Model) NumMerges() int { return m.merges.n }

// Dropout returns the model's dropout probability (0 when disabled).
func (m *Model) Dropout() float32 { return m.dropout }

// Config returns a configuration that New turns into a model equivalent to
// m, as the reference writes a BPE model back to tokenizer.json: Vocab is a
// new map, and Merges lists the distinct merges by rank (a pair the
// original list held twice appears once, at its last position), each
// written with the tokens [Model.IDToToken] gives for its two ids. It
// allocates the whole vocabulary and merge list: it is meant for saving,
// not for hot paths.
func (m *Model) Config() Config {
	type rankedMerge struct {
		rank        uint32
		left, right uint32
	}
	ranked := make([]rankedMerge, 0, m.merges.n)
	for _, s := range m.merges.slots {
		if s.rank1 != 0 {
			ranked = append(ranked, rankedMerge{s.rank1 - 1, uint32(s.key >> 32), uint32(s.key)})
		}
	}
	slices.SortFunc(ranked, func(a, b rankedMerge) int { return cmp.Compare(a.rank, b.rank) })
	merges := make([][2]string, len(ranked))
	for i, r := range ranked {
		a, _ := m.IDToToken(r.left)
		b, _ := m.IDToToken(r.right)
		merges[i] = [2]string{a, b}
	}
	return Config{
		Vocab:                   maps.Clone(m.vocab),
		Merges:                  merges,
		Dropout:                 m.dropout,
		UnkToken:                m.unkToken,
		HasUnkToken:             m.hasUnk,
		ContinuingSubwordPrefix: m.prefix,
		EndOfWordSuffix:         m.suffix,
		FuseUnk:                 m.fuseUnk,
		ByteFallback:            m.byteFallback,
		IgnoreMerges:            m.ignoreMerges,
		CacheCapacity:           m.cacheCapacity,
	}
}
