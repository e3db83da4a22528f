package tokenizer_test

import (
	"fmt"
	"log"
	"os"

	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
	"github.com/seed6642460b/tokenizers/tokenizer"
	"github.com/seed6642460b/tokenizers/wordpiece"
)

// buildBERTLike builds a small BERT-style pipeline from Go values. The
// reference gives the same results for the same pipeline (built with its
// Node binding: WordPiece.init, bertNormalizer, bertPreTokenizer,
// templateProcessing, wordPieceDecoder, addSpecialTokens).
func buildBERTLike() (*tokenizer.Tokenizer, error) {
	vocab := map[string]uint32{
		"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3,
		"the": 4, "quick": 5, "brown": 6, "fox": 7, "jump": 8, "##s": 9,
		"##ed": 10, "over": 11, "lazy": 12, "dog": 13, ",": 14, ".": 15, "!": 16,
	}
	model, err := wordpiece.New(vocab, wordpiece.DefaultConfig())
	if err != nil {
		return nil, err
	}
	single, err := tokenizer.ParseTemplate("[CLS] $A [SEP]")
	if err != nil {
		return nil, err
	}
	pair, err := tokenizer.ParseTemplate("[CLS] $A [SEP] $B:1 [SEP]:1")
	if err != nil {
		return nil, err
	}
	post, err := tokenizer.NewTemplateProcessing(single, pair, []tokenizer.TemplateToken{
		{Name: "[CLS]", IDs: []uint32{2}, Tokens: []string{"[CLS]"}},
		{Name: "[SEP]", IDs: []uint32{3}, Tokens: []string{"[SEP]"}},
	})
	if err != nil {
		return nil, err
	}
	var special []tokenizer.AddedToken
	for _, s := range []string{"[PAD]", "[UNK]", "[CLS]", "[SEP]"} {
		special = append(special, tokenizer.NewAddedToken(s, true))
	}
	return tokenizer.New(tokenizer.Config{
		Normalizer:    normalizers.NewBertNormalizer(),
		PreTokenizer:  pretokenizers.BertPreTokenizer{},
		Model:         tokenizer.WordPieceModel(model),
		PostProcessor: post,
		Decoder:       tokenizer.NewWordPieceDecoder("##", true),
		AddedTokens:   special,
	})
}

func ExampleNew() {
	tk, err := buildBERTLike()
	if err != nil {
		log.Fatal(err)
	}
	enc, err := tk.EncodePair("The quick brown fox jumps!", "Jumped over the lazy dog.")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Tokens)
	fmt.Println(enc.IDs)
	fmt.Println(enc.TypeIDs)
	text, err := tk.Decode(enc.IDs, true)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(text)
	fmt.Println(tk.VocabSize(true))
	// Output:
	// [[CLS] the quick brown fox jump ##s ! [SEP] jump ##ed over the lazy dog . [SEP]]
	// [2 4 5 6 7 8 9 16 3 8 10 11 4 12 13 15 3]
	// [0 0 0 0 0 0 0 0 0 1 1 1 1 1 1 1 1]
	// the quick brown fox jumps! jumped over the lazy dog.
	// 17
}

func ExampleTokenizer_WithAddedTokens() {
	tk, err := tokenizer.FromFile("../testdata/tokenizers/bert-base-uncased/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	// As the reference's add_tokens: "hello" is in the vocabulary and
	// keeps its id; the others get the next free ids; "" is skipped.
	tk2, err := tk.WithAddedTokens([]tokenizer.AddedToken{
		tokenizer.NewAddedToken("tokenizers", false),
		tokenizer.NewAddedToken("hello", false),
		tokenizer.NewAddedToken("Go-lang", false),
		tokenizer.NewAddedToken("", false),
	})
	if err != nil {
		log.Fatal(err)
	}
	// As add_special_tokens: "[SEP]" is already there, as it is.
	tk3, err := tk2.WithSpecialTokens([]tokenizer.AddedToken{
		tokenizer.NewAddedToken("<ent>", true),
		tokenizer.NewAddedToken("[SEP]", true),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tk.VocabSize(true), tk3.VocabSize(false), tk3.VocabSize(true))
	for _, a := range tk3.AddedTokens()[5:] {
		fmt.Println(a.ID, a.Content, a.Special)
	}
	enc, err := tk3.Encode("I love Go-lang tokenizers <ent> hello!")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Tokens)
	fmt.Println(enc.IDs)
	text, err := tk3.Decode(enc.IDs, true)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(text)
	// The original tokenizer has not changed.
	_, ok := tk.TokenToID("<ent>")
	fmt.Println(ok)
	// Output:
	// 30522 30522 30525
	// 7592 hello false
	// 30522 tokenizers false
	// 30523 Go-lang false
	// 30524 <ent> true
	// [[CLS] i love go-lang tokenizers <ent> hello ! [SEP]]
	// [101 1045 2293 30523 30522 30524 7592 999 102]
	// i love go-lang tokenizers hello!
	// false
}

func ExampleTokenizer_WriteJSON() {
	model, err := wordpiece.NewWordLevel(map[string]uint32{"[UNK]": 0, "hello": 1, "world": 2}, wordpiece.WordLevelConfig{UnkToken: "[UNK]"})
	if err != nil {
		log.Fatal(err)
	}
	tk, err := tokenizer.New(tokenizer.Config{
		Normalizer:   normalizers.Lowercase{},
		PreTokenizer: pretokenizers.Whitespace{},
		Model:        tokenizer.WordLevelModel(model),
		AddedTokens:  []tokenizer.AddedToken{tokenizer.NewAddedToken("[UNK]", true)},
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := tk.WriteJSON(os.Stdout, true); err != nil {
		log.Fatal(err)
	}
	// Output:
	// {
	//   "version": "1.0",
	//   "truncation": null,
	//   "padding": null,
	//   "added_tokens": [
	//     {
	//       "id": 0,
	//       "content": "[UNK]",
	//       "single_word": false,
	//       "lstrip": false,
	//       "rstrip": false,
	//       "normalized": false,
	//       "special": true
	//     }
	//   ],
	//   "normalizer": {
	//     "type": "Lowercase"
	//   },
	//   "pre_tokenizer": {
	//     "type": "Whitespace"
	//   },
	//   "post_processor": null,
	//   "decoder": null,
	//   "model": {
	//     "type": "WordLevel",
	//     "vocab": {
	//       "[UNK]": 0,
	//       "hello": 1,
	//       "world": 2
	//     },
	//     "unk_token": "[UNK]"
	//   }
	// }
}
