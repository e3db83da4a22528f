package wordpiece

import (
	"cmp"
	"errors"
	"math"
	"slices"
	"strings"
)

// entry is one vocabulary entry: a token and its id. The token string is
// the one kept for the life of the model, so returning it allocates nothing.
type entry struct {
	tok string
	id  uint32
}

// vocabulary maps tokens to ids and back. Several tokens may share an id
// (the reference accepts such files); IDToToken then returns the smallest
// of them in byte order, where the reference returns an arbitrary one.
type vocabulary struct {
	// entries is sorted by id, then token.
	entries []entry
	// index maps a token to its entry.
	index map[string]int32
	// byID maps an id to its entry (-1 for none) when ids are dense
	// enough; otherwise sparse does.
	byID   []int32
	sparse map[uint32]int32
}

// errTooLarge is returned for a vocabulary whose tables would not fit the
// 32-bit indexes the models use.
var errTooLarge = errors.New("wordpiece: vocabulary too large")

func newVocabulary(vocab map[string]uint32) (vocabulary, error) {
	if len(vocab) >= math.MaxInt32 {
		return vocabulary{}, errTooLarge
	}
	v := vocabulary{
		entries: make([]entry, 0, len(vocab)),
		index:   make(map[string]int32, len(vocab)),
	}
	var maxID uint32
	for tok, id := range vocab {
		v.entries = append(v.entries, entry{tok: tok, id: id})
		maxID = max(maxID, id)
	}
	slices.SortFunc(v.entries, func(a, b entry) int {
		if c := cmp.Compare(a.id, b.id); c != 0 {
			return c
		}
		return strings.Compare(a.tok, b.tok)
	})
	for i, e := range v.entries {
		v.index[e.tok] = int32(i)
	}
	// A slice indexed by id when it costs at most about twice the entries
	// (real vocabularies are dense: ids 0..n-1).
	if len(v.entries) > 0 && uint64(maxID) < 2*uint64(len(v.entries))+256 {
		v.byID = make([]int32, int(maxID)+1)
		for i := range v.byID {
			v.byID[i] = -1
		}
		for i, e := range v.entries {
			if v.byID[e.id] < 0 {
				v.byID[e.id] = int32(i)
			}
		}
	} else {
		v.sparse = make(map[uint32]int32, len(v.entries))
		for i, e := range v.entries {
			if _, ok := v.sparse[e.id]; !ok {
				v.sparse[e.id] = int32(i)
			}
		}
	}
	return v, nil
}

// lookup returns the entry of token, or nil.
func (v *vocabulary) lookup(token string) *entry {
	if i, ok := v.index[token]; ok {
		return &v.entries[i]
	}
	return nil
}

func (v *vocabulary) tokenToID(token string) (uint32, bool) {
	if e := v.lookup(token); e != nil {
		return e.id, true
	}
	return 0, false
}

func (v *vocabulary) idToToken(id uint32) (string, bool) {
	i := int32(-1)
	if v.byID != nil {
		if uint64(id) < uint64(len(v.byID)) {
			i = v.byID[id]
		}
	} else if j, ok := v.sparse[id]; ok {
		i = j
	}
	if i < 0 {
		return "", false
	}
	return v.entries[i].tok, true
}

func (v *vocabulary) vocab() map[string]uint32 {
	m := make(map[string]uint32, len(v.entries))
	for _, e := range v.entries {
		m[e.tok] = e.id
	}
	return m
}
