package bpe_test

import (
	"fmt"

	"github.com/seed6642460b/tokenizers/bpe"
)

func ExampleModel_Tokenize() {
	m, err := bpe.New(bpe.Config{
		Vocab: map[string]uint32{
			"l": 0, "o": 1, "w": 2, "e": 3, "r": 4,
			"lo": 5, "low": 6, "er": 7, "<unk>": 8,
		},
		Merges:      [][2]string{{"l", "o"}, {"lo", "w"}, {"e", "r"}},
		UnkToken:    "<unk>",
		HasUnkToken: true,
	})
	if err != nil {
		panic(err)
	}
	toks, err := m.Tokenize(nil, "lowerx")
	if err != nil {
		panic(err)
	}
	for _, t := range toks {
		s, _ := m.IDToToken(t.ID)
		fmt.Printf("%s %d [%d:%d]\n", s, t.ID, t.Start, t.End)
	}
	// Output:
	// low 6 [0:3]
	// er 7 [3:5]
	// <unk> 8 [5:6]
}
