package wordpiece

// WordLevelConfig is the configuration of a [WordLevel] model. Its zero
// value is not the reference's default: start from
// [DefaultWordLevelConfig].
type WordLevelConfig struct {
	// UnkToken is the token that replaces a word not in the vocabulary.
	UnkToken string
}

// DefaultWordLevelConfig returns the reference's default: "<unk>".
func DefaultWordLevelConfig() WordLevelConfig {
	return WordLevelConfig{UnkToken: "<unk>"}
}

// WordLevel is a WordLevel model: each word is one token, its vocabulary
// entry, or the unknown token. It is immutable and safe for concurrent use.
type WordLevel struct {
	vocab vocabulary
	unk   *entry
	cfg   WordLevelConfig
}

// NewWordLevel returns a WordLevel model of the vocabulary (token to id;
// several tokens may share an id). It does not keep vocab. It fails only
// for a vocabulary too large for 32-bit indexes; an UnkToken missing from
// the vocabulary is accepted, as in the reference, and reported only by
// tokenizing an unknown word.
func NewWordLevel(vocab map[string]uint32, cfg WordLevelConfig) (*WordLevel, error) {
	v, err := newVocabulary(vocab)
	if err != nil {
		return nil, err
	}
	return &WordLevel{vocab: v, unk: v.lookup(cfg.UnkToken), cfg: cfg}, nil
}

// Config returns the model's configuration.
func (m *WordLevel) Config() WordLevelConfig { return m.cfg }

// Lookup returns the id and vocabulary string of the one token of word:
// its own entry, or else the unknown token. The string belongs to the
// model: Lookup does no allocation. When the word is unknown and the
// vocabulary has no unknown token, the error matches [ErrMissingUnk].
// The empty word is looked up like any other (the reference's pipeline
// never passes one).
func (m *WordLevel) Lookup(word string) (id uint32, value string, err error) {
	e := m.vocab.lookup(word)
	if e == nil {
		if e = m.unk; e == nil {
			return 0, "", errWordLevelUnk
		}
	}
	return e.id, e.tok, nil
}

// Tokenize appends the token of word, which spans the whole word, to dst
// and returns the extended slice; see [WordLevel.Lookup]. On error it
// returns dst unchanged. It does no allocation when dst has room.
func (m *WordLevel) Tokenize(dst []Token, word string) ([]Token, error) {
	id, _, err := m.Lookup(word)
	if err != nil {
		return dst, err
	}
	return append(dst, Token{ID: id, Start: 0, End: len(word)}), nil
}

// TokenToID returns the id of a token of the vocabulary.
func (m *WordLevel) TokenToID(token string) (uint32, bool) { return m.vocab.tokenToID(token) }

// IDToToken returns the token of an id of the vocabulary. When several
// tokens share the id, it returns the smallest in byte order.
func (m *WordLevel) IDToToken(id uint32) (string, bool) { return m.vocab.idToToken(id) }

// VocabSize returns the number of entries of the vocabulary.
func (m *WordLevel) VocabSize() int { return len(m.vocab.entries) }

// Vocab returns a new map of the vocabulary.
func (m *WordLevel) Vocab() map[string]uint32 { return m.vocab.vocab() }
