package unigram

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
)

// Piece is one entry of a Unigram vocabulary: a token and its score, the
// log probability of the token in the language model. The id of an entry is
// its index in the vocabulary.
type Piece struct {
	Token string
	Score float64
}

// NoUnk is the [Config.UnkID] of a model without an unknown piece.
const NoUnk = -1

// Config holds the options of a Unigram [Model].
type Config struct {
	// UnkID is the id of the unknown piece, which stands for the
	// characters no piece covers, or NoUnk (any negative value) for none.
	// Note that the zero value means the piece with id 0.
	UnkID int
	// ByteFallback makes the model represent an unknown piece by the
	// pieces <0x00>...<0xFF> of its bytes, when the vocabulary has all
	// of them, rather than by the unknown piece.
	ByteFallback bool
}

// The errors of [New], the reference's UnigramError values.
var (
	// ErrEmptyVocabulary is the error of a model with an unknown piece
	// but no vocabulary.
	ErrEmptyVocabulary = errors.New("the vocabulary is empty but at least <unk> is needed")
	// ErrUnkIDNotInVocabulary is the error of an UnkID that is not an
	// index of the vocabulary.
	ErrUnkIDNotInVocabulary = errors.New("the unk_id is larger than vocabulary size")
	// ErrMissingUnkID is the error tokenizing gives when a word has a
	// character that no piece covers and the model has no unknown piece.
	ErrMissingUnkID = errors.New("encountered an unknown token but unk_id is missing")
)

// unkPenalty is what the score of an unknown character is below the lowest
// score of the vocabulary (SentencePiece's kUnkPenalty).
const unkPenalty = 10.0

// maxWordLen bounds the words tokenized: lattice positions are int32.
const maxWordLen = math.MaxInt32 - 1

// Model is a Unigram model: it cuts a word into the sequence of vocabulary
// pieces whose scores have the largest sum. It is immutable and safe for
// concurrent use.
type Model struct {
	// text holds the tokens of the vocabulary one after the other: the
	// token of id i is text[offs[i]:offs[i+1]]. This is smaller than a
	// slice of strings, so that the lookups of the tokens found cost
	// fewer cache misses.
	text     string
	offs     []uint32
	scores   []float64
	trie     trie
	unkID    int32 // -1 when there is none
	unkScore float64
	// byteIDs[b] is the id of the piece <0xBB>, or -1.
	byteIDs [256]int32
	// allBytes says that byteIDs has no -1: byte fallback always
	// succeeds, and needs no check per piece.
	allBytes     bool
	byteFallback bool
	lattices     sync.Pool // of *lattice
}

// New returns a Unigram model of the vocabulary (the id of a piece is its
// index; when several pieces have the same token, the token stands for the
// last of them, as in the reference). It does not keep vocab.
//
// As in the reference, it fails with [ErrEmptyVocabulary] when there is an
// unknown piece but no vocabulary, and with [ErrUnkIDNotInVocabulary] when
// UnkID is not an index of the vocabulary; a model without an unknown piece
// is accepted even if some character has no piece: tokenizing that
// character fails.
func New(vocab []Piece, cfg Config) (*Model, error) {
	unk := int32(-1)
	if cfg.UnkID >= 0 {
		if len(vocab) == 0 {
			return nil, ErrEmptyVocabulary
		}
		if cfg.UnkID >= len(vocab) {
			return nil, ErrUnkIDNotInVocabulary
		}
		unk = int32(cfg.UnkID)
	}
	if len(vocab) > math.MaxInt32 {
		return nil, errTooLarge
	}
	m := &Model{
		scores:       make([]float64, len(vocab)),
		offs:         make([]uint32, len(vocab)+1),
		unkID:        unk,
		byteFallback: cfg.ByteFallback,
	}
	size := 0
	for _, p := range vocab {
		size += len(p.Token)
	}
	if uint64(size) > math.MaxUint32 {
		return nil, errTooLarge
	}
	text := make([]byte, 0, size)
	minScore := math.Inf(1)
	last := make(map[string]int32, len(vocab))
	for i, p := range vocab {
		text = append(text, p.Token...)
		m.offs[i+1] = uint32(len(text))
		m.scores[i] = p.Score
		if p.Score < minScore {
			minScore = p.Score
		}
		last[p.Token] = int32(i)
	}
	m.text = string(text)
	m.unkScore = minScore - unkPenalty
	keys := make([]trieKey, 0, len(last))
	for s, id := range last {
		keys = append(keys, trieKey{s, id, vocab[id].Score})
	}
	var err error
	if m.trie, err = newTrie(keys); err != nil {
		return nil, err
	}
	m.allBytes = true
	for b := range m.byteIDs {
		m.byteIDs[b] = m.trie.lookup(byteToken(byte(b)))
		if m.byteIDs[b] < 0 {
			m.allBytes = false
		}
	}
	return m, nil
}

// byteToken returns the token of the byte-fallback piece of b: <0x41> for
// 'A' (two upper-case hexadecimal digits).
func byteToken(b byte) string {
	const hex = "0123456789ABCDEF"
	return string([]byte{'<', '0', 'x', hex[b>>4], hex[b&15], '>'})
}

// UnkID returns the id of the unknown piece, or NoUnk.
func (m *Model) UnkID() int {
	if m.unkID < 0 {
		return NoUnk
	}
	return int(m.unkID)
}

// ByteFallback reports whether the model falls back to byte pieces.
func (m *Model) ByteFallback() bool { return m.byteFallback }

// TokenToID returns the id of a token of the vocabulary (the last piece with
// that token).
func (m *Model) TokenToID(token string) (uint32, bool) {
	id := m.trie.lookup(token)
	if id < 0 {
		return 0, false
	}
	return uint32(id), true
}

// IDToToken returns the token of an id of the vocabulary.
func (m *Model) IDToToken(id uint32) (string, bool) {
	if uint64(id) >= uint64(len(m.scores)) {
		return "", false
	}
	return m.token(int32(id)), true
}

// Score returns the score of the piece with the id.
func (m *Model) Score(id uint32) (float64, bool) {
	if uint64(id) >= uint64(len(m.scores)) {
		return 0, false
	}
	return m.scores[id], true
}

// Pieces returns a new slice of the vocabulary's pieces, by id.
func (m *Model) Pieces() []Piece {
	out := make([]Piece, len(m.scores))
	for i := range out {
		out[i] = Piece{m.token(int32(i)), m.scores[i]}
	}
	return out
}

// VocabSize returns the number of pieces of the vocabulary, counting
// duplicates.
func (m *Model) VocabSize() int { return len(m.scores) }

// token returns the token of a valid id.
func (m *Model) token(id int32) string { return m.text[m.offs[id]:m.offs[id+1]] }

// Vocab returns a new map of the vocabulary: each token with its id (the
// last piece of a duplicated token).
func (m *Model) Vocab() map[string]uint32 {
	out := make(map[string]uint32, len(m.scores))
	for i := range m.scores {
		out[m.token(int32(i))] = uint32(i)
	}
	return out
}

// Token is one token a model finds in a word.
type Token struct {
	// ID is the token's id in the vocabulary.
	ID uint32
	// Value is the token's text: its vocabulary token, or for an unknown
	// piece the text it covers (a substring of the word).
	Value string
	// Start and End are the token's byte offsets in the word.
	Start, End int
}

// Tokenize appends the tokens of word to dst and returns the extended slice.
// Once the model has tokenized a few words of similar length, it does no
// allocation when dst has room for the tokens.
//
// The tokens are the pieces of the best segmentation of word: the one whose
// scores have the largest sum, where a character that no piece of its
// length covers may be an unknown piece, scored 10 below the lowest score of
// the vocabulary. Consecutive unknown pieces (and pieces whose id is the
// unknown id) make one unknown token, whose Value is the text it covers;
// with byte fallback, that token becomes the byte pieces of its text when
// the vocabulary has them all, each spanning the whole text. Among
// segmentations of equal score, the one whose last piece is longest wins,
// and so on backwards, as in the reference.
//
// An empty word has no tokens. If word has a character that no piece covers
// and the model has no unknown piece, Tokenize returns dst unchanged and
// [ErrMissingUnkID]. Invalid UTF-8 bytes count as one-byte characters.
func (m *Model) Tokenize(dst []Token, word string) ([]Token, error) {
	return AppendTokens(m, dst, word, newToken)
}

func newToken(id uint32, value string, start, end int, _ bool) Token {
	return Token{ID: id, Value: value, Start: start, End: end}
}

// AppendTokens is [Model.Tokenize] for callers with their own token type: it
// appends mk(id, value, start, end, fromWord) for each token. value is the
// token's vocabulary string, which belongs to the model, except for an
// unknown token, where fromWord is true and value is a substring of word:
// a caller that keeps it longer than word's memory must copy it.
func AppendTokens[T any](m *Model, dst []T, word string, mk func(id uint32, value string, start, end int, fromWord bool) T) ([]T, error) {
	if len(word) == 0 {
		return dst, nil
	}
	if len(word) > maxWordLen {
		return dst, fmt.Errorf("unigram: word of %d bytes is too long", len(word))
	}
	var cells []cell
	if len(word) <= stackWord {
		// Zeroed by the declaration: the zero cell is "nothing yet".
		var buf [stackWord + 1]cell
		cells = buf[:len(word)+1]
	} else {
		lat := m.getLattice(len(word))
		defer m.putLattice(lat)
		cells = lat.cells
	}
	if err := m.viterbi(cells, word); err != nil {
		return dst, err
	}
	return appendPath(m, dst, word, cells, mk)
}

// appendPath appends the tokens of the best segmentation, which cells hold:
// it walks it from the end, appending the tokens last first, then puts them
// in order.
func appendPath[T any](m *Model, dst []T, word string, cells []cell, mk func(uint32, string, int, int, bool) T) ([]T, error) {
	n := len(dst)
	runEnd := -1 // end of the pending run of unknown pieces
	var err error
	for end := len(word); end > 0; {
		c := cells[end]
		start := int(c.start) - 1
		if start < 0 || start >= end {
			return dst[:n], errBrokenLattice // cannot happen
		}
		if c.id == m.unkID {
			if runEnd < 0 {
				runEnd = end
			}
		} else {
			if runEnd >= 0 {
				if dst, err = appendUnknown(m, dst, word, end, runEnd, mk); err != nil {
					return dst[:n], err
				}
				runEnd = -1
			}
			dst = append(dst, mk(uint32(c.id), m.token(c.id), start, end, false))
		}
		end = start
	}
	if runEnd >= 0 {
		if dst, err = appendUnknown(m, dst, word, 0, runEnd, mk); err != nil {
			return dst[:n], err
		}
	}
	slices.Reverse(dst[n:])
	return dst, nil
}

// appendUnknown appends the tokens of a run of unknown pieces,
// word[start:end], last first: as in the reference, the run's text is
// looked up in the vocabulary (a run of several pieces may be a token),
// then falls back to bytes, then to the unknown piece.
func appendUnknown[T any](m *Model, dst []T, word string, start, end int, mk func(uint32, string, int, int, bool) T) ([]T, error) {
	text := word[start:end]
	if id := m.trie.lookup(text); id >= 0 {
		return append(dst, mk(uint32(id), m.token(id), start, end, false)), nil
	}
	if m.byteFallback && m.hasBytes(text) {
		for i := len(text) - 1; i >= 0; i-- {
			id := m.byteIDs[text[i]]
			dst = append(dst, mk(uint32(id), m.token(id), start, end, false))
		}
		return dst, nil
	}
	if m.unkID < 0 {
		return dst, ErrMissingUnkID
	}
	return append(dst, mk(uint32(m.unkID), text, start, end, true)), nil
}

// hasBytes reports whether the vocabulary has the byte pieces of every byte
// of s.
func (m *Model) hasBytes(s string) bool {
	if m.allBytes {
		return true
	}
	for i := 0; i < len(s); i++ {
		if m.byteIDs[s[i]] < 0 {
			return false
		}
	}
	return true
}
