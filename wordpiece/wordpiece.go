package wordpiece

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Token is one token a model finds in a word.
type Token struct {
	// ID is the token's id in the vocabulary.
	ID uint32
	// Start and End are the token's byte offsets in the word.
	Start, End int
}

// ErrMissingUnk is matched (with [errors.Is]) by the error tokenizing gives
// when a word needs the unknown token and the vocabulary does not have it.
// The reference gives that error only then, never when the model is built.
var ErrMissingUnk = errors.New("missing [UNK] token from the vocabulary")

// missingUnkError is the reference's error text for a model.
type missingUnkError string

func (e missingUnkError) Error() string {
	return string(e) + " error: Missing [UNK] token from the vocabulary"
}

func (e missingUnkError) Is(target error) bool { return target == ErrMissingUnk }

// The errors are values made once: returning them allocates nothing.
var (
	errWordPieceUnk error = missingUnkError("WordPiece")
	errWordLevelUnk error = missingUnkError("WordLevel")
)

// Config is the configuration of a WordPiece [Model]. Its zero value is not
// the reference's default: start from [DefaultConfig].
type Config struct {
	// UnkToken is the token that replaces a word the vocabulary cannot
	// represent.
	UnkToken string
	// ContinuingSubwordPrefix marks, in the vocabulary, the pieces that
	// continue a word rather than start it. It may be empty.
	ContinuingSubwordPrefix string
	// MaxInputCharsPerWord is the number of characters (code points)
	// above which a word becomes the unknown token without being looked
	// at.
	MaxInputCharsPerWord int
}

// DefaultConfig returns the reference's defaults: "[UNK]", "##" and 100
// characters.
func DefaultConfig() Config {
	return Config{UnkToken: "[UNK]", ContinuingSubwordPrefix: "##", MaxInputCharsPerWord: 100}
}

// Model is a WordPiece model. It is immutable and safe for concurrent use.
type Model struct {
	vocab vocabulary
	trie  trie
	// contRoot is the trie node that the continuing-subword prefix leads
	// to, where walks for the pieces after the first start; -1 when no
	// token has the prefix.
	contRoot int32
	// ids holds the id of each entry, apart from the entries for a
	// smaller table to fetch them from.
	ids []uint32
	// unk is the entry of the unknown token, nil if the vocabulary has
	// none.
	unk *entry
	cfg Config
}

// New returns a WordPiece model of the vocabulary (token to id; several
// tokens may share an id). It does not keep vocab. It fails only for a
// negative MaxInputCharsPerWord or a vocabulary too large for 32-bit
// indexes; in particular an UnkToken missing from the vocabulary is
// accepted, as in the reference, and reported only by tokenizing a word that
// needs it.
func New(vocab map[string]uint32, cfg Config) (*Model, error) {
	if cfg.MaxInputCharsPerWord < 0 {
		return nil, fmt.Errorf("wordpiece: negative MaxInputCharsPerWord %d", cfg.MaxInputCharsPerWord)
	}
	v, err := newVocabulary(vocab)
	if err != nil {
		return nil, err
	}
	t, err := newTrie(v.entries)
	if err != nil {
		return nil, err
	}
	m := &Model{vocab: v, trie: t, cfg: cfg, unk: v.lookup(cfg.UnkToken)}
	m.ids = make([]uint32, len(v.entries))
	for i, e := range v.entries {
		m.ids[i] = e.id
	}
	m.contRoot = t.walk(trieRoot, cfg.ContinuingSubwordPrefix)
	return m, nil
}

// Config returns the model's configuration.
func (m *Model) Config() Config { return m.cfg }

// Tokenize appends the tokens of word to dst and returns the extended slice.
// It does no allocation when dst has room for them.
//
// The tokens are the longest vocabulary entries, from left to right, the
// ones after the first looked up with the continuing-subword prefix. A word
// of more than MaxInputCharsPerWord characters, or with a part no entry
// matches, becomes one unknown token spanning the whole word; if the
// vocabulary has no unknown token, Tokenize returns dst unchanged and an
// error matching [ErrMissingUnk]. An empty word has no tokens.
func (m *Model) Tokenize(dst []Token, word string) ([]Token, error) {
	return AppendTokens(m, dst, word, newToken)
}

func newToken(id uint32, _ string, start, end int) Token {
	return Token{ID: id, Start: start, End: end}
}

// AppendTokens is [Model.Tokenize] for callers with their own token type:
// it appends mk(id, value, start, end) for each token, where value is the
// token's vocabulary string (with the prefix for continuing pieces, the
// unknown token for an unknown word). Value strings belong to the model:
// they are not allocated by the call.
func AppendTokens[T any](m *Model, dst []T, word string, mk func(id uint32, value string, start, end int) T) ([]T, error) {
	maxChars := m.cfg.MaxInputCharsPerWord
	// A word of at most maxChars bytes has at most maxChars characters:
	// count only longer ones.
	if len(word) > maxChars && utf8.RuneCountInString(word) > maxChars {
		return appendUnk(m, dst, word, mk)
	}
	n := len(dst)
	node := int32(trieRoot)
	for start := 0; start < len(word); {
		end, e := m.trie.longest(node, word, start)
		if e < 0 {
			return appendUnk(m, dst[:n], word, mk)
		}
		ent := &m.vocab.entries[e]
		dst = append(dst, mk(ent.id, ent.tok, start, end))
		start = end
		node = m.contRoot
	}
	return dst, nil
}

// AppendIDs appends the ids of the tokens of word to dst and returns the
// extended slice: the ids of [Model.Tokenize]'s tokens, with the same
// errors, without the tokens' strings and offsets. It does no allocation
// when dst has room for them.
func (m *Model) AppendIDs(dst []uint32, word string) ([]uint32, error) {
	maxChars := m.cfg.MaxInputCharsPerWord
	if len(word) > maxChars && utf8.RuneCountInString(word) > maxChars {
		return m.appendUnkID(dst)
	}
	n := len(dst)
	node := int32(trieRoot)
	for start := 0; start < len(word); {
		end, e := m.trie.longest(node, word, start)
		if e < 0 {
			return m.appendUnkID(dst[:n])
		}
		dst = append(dst, m.ids[e])
		start = end
		node = m.contRoot
	}
	return dst, nil
}

func (m *Model) appendUnkID(dst []uint32) ([]uint32, error) {
	if m.unk == nil {
		return dst, errWordPieceUnk
	}
	return append(dst, m.unk.id), nil
}

func appendUnk[T any](m *Model, dst []T, word string, mk func(uint32, string, int, int) T) ([]T, error) {
	if m.unk == nil {
		return dst, errWordPieceUnk
	}
	return append(dst, mk(m.unk.id, m.unk.tok, 0, len(word))), nil
}

// TokenToID returns the id of a token of the vocabulary.
func (m *Model) TokenToID(token string) (uint32, bool) { return m.vocab.tokenToID(token) }

// IDToToken returns the token of an id of the vocabulary. When several
// tokens share the id, it returns the smallest in byte order.
func (m *Model) IDToToken(id uint32) (string, bool) { return m.vocab.idToToken(id) }

// VocabSize returns the number of entries of the vocabulary.
func (m *Model) VocabSize() int { return len(m.vocab.entries) }

// Vocab returns a new map of the vocabulary.
func (m *Model) Vocab() map[string]uint32 { return m.vocab.vocab() }
