package tokenizer

import (
	"math"

	"github.com/seed6642460b/tokenizers/wordpiece"
)

// loadWordPiece reads a WordPiece model of tokenizer.json. Like the
// reference, it requires all of unk_token, continuing_subword_prefix,
// max_input_chars_per_word and vocab (no defaults when loading), ignores
// other keys, and refuses a "type" other than "WordPiece" (a null one too:
// the untagged inference for files without "type" relies on that). Fields
// that are present are checked before missing ones are reported, as the
// reference does.
func loadWordPiece(o *jsonObject) (Model, error) {
	if err := checkModelType(o, "WordPiece"); err != nil {
		return nil, err
	}
	cfg := wordpiece.Config{}
	var err error
	if v, ok := o.get("unk_token"); ok {
		if cfg.UnkToken, err = v.str(); err != nil {
			return nil, err
		}
	}
	if v, ok := o.get("continuing_subword_prefix"); ok {
		if cfg.ContinuingSubwordPrefix, err = v.str(); err != nil {
			return nil, err
		}
	}
	if v, ok := o.get("max_input_chars_per_word"); ok {
		// A usize in the reference: any u64. No word has more than
		// MaxInt characters, so larger values act alike.
		n, err := v.uint(math.MaxUint64)
		if err != nil {
			return nil, err
		}
		cfg.MaxInputCharsPerWord = int(min(n, uint64(math.MaxInt)))
	}
	var vocab map[string]uint32
	if v, ok := o.get("vocab"); ok {
		if vocab, err = bpeLoadVocab(v); err != nil {
			return nil, err
		}
	}
	if err := requireFields(o, "unk_token", "continuing_subword_prefix", "max_input_chars_per_word", "vocab"); err != nil {
		return nil, err
	}
	m, err := wordpiece.New(vocab, cfg)
	if err != nil {
		return nil, o.wrap(err)
	}
	return wordPieceModel{m}, nil
}

// loadWordLevel reads a WordLevel model of tokenizer.json: unk_token and
// vocab are required, with the same rules as [loadWordPiece].
func loadWordLevel(o *jsonObject) (Model, error) {
	if err := checkModelType(o, "WordLevel"); err != nil {
		return nil, err
	}
	cfg := wordpiece.WordLevelConfig{}
	var err error
	if v, ok := o.get("unk_token"); ok {
		if cfg.UnkToken, err = v.str(); err != nil {
			return nil, err
		}
	}
	var vocab map[string]uint32
	if v, ok := o.get("vocab"); ok {
		if vocab, err = bpeLoadVocab(v); err != nil {
			return nil, err
		}
	}
	if err := requireFields(o, "unk_token", "vocab"); err != nil {
		return nil, err
	}
	m, err := wordpiece.NewWordLevel(vocab, cfg)
	if err != nil {
		return nil, o.wrap(err)
	}
	return wordLevelModel{m}, nil
}

// checkModelType refuses a "type" field other than the string want.
func checkModelType(o *jsonObject, want string) error {
	v, ok := o.get("type")
	if !ok {
		return nil
	}
	s, err := v.str()
	if err != nil {
		return err
	}
	if s != want {
		return v.errorf("invalid value: string %q, expected %s", s, want)
	}
	return nil
}

// requireFields reports the first of keys that the object lacks.
func requireFields(o *jsonObject, keys ...string) error {
	for _, k := range keys {
		if !o.has(k) {
			return o.errorf("missing field `%s`", k)
		}
	}
	return nil
}

// wordPieceModel adapts a [wordpiece.Model] to [Model].
type wordPieceModel struct {
	*wordpiece.Model
}

// Tokenize implements [Model]: the values are the vocabulary's strings.
func (m wordPieceModel) Tokenize(dst []Token, word string) ([]Token, error) {
	return wordpiece.AppendTokens(m.Model, dst, word, makeToken)
}

func makeToken(id uint32, value string, start, end int) Token {
	return Token{ID: id, Value: value, Start: start, End: end}
}

// wordLevelModel adapts a [wordpiece.WordLevel] to [Model].
type wordLevelModel struct {
	*wordpiece.WordLevel
}

// Tokenize implements [Model]: one token, the word's entry or the unknown
// token, spanning the word.
func (m wordLevelModel) Tokenize(dst []Token, word string) ([]Token, error) {
	id, value, err := m.Lookup(word)
	if err != nil {
		return dst, err
	}
	return append(dst, Token{ID: id, Value: value, Start: 0, End: len(word)}), nil
}
