package unigram_test

import (
	"fmt"

	"github.com/seed6642460b/tokenizers/unigram"
)

func ExampleModel_Tokenize() {
	m, err := unigram.New([]unigram.Piece{
		{Token: "<unk>", Score: 0},
		{Token: "▁token", Score: -3},
		{Token: "▁to", Score: -2},
		{Token: "ken", Score: -2.5},
		{Token: "ize", Score: -2},
		{Token: "r", Score: -4},
	}, unigram.Config{UnkID: 0})
	if err != nil {
		panic(err)
	}
	toks, err := m.Tokenize(nil, "▁tokenizer😀😀")
	if err != nil {
		panic(err)
	}
	for _, t := range toks {
		fmt.Println(t.ID, t.Value, t.Start, t.End)
	}
	// Output:
	// 1 ▁token 0 8
	// 4 ize 8 11
	// 5 r 11 12
	// 0 😀😀 12 20
}
