package wordpiece_test

import (
	"fmt"

	"github.com/seed6642460b/tokenizers/wordpiece"
)

func ExampleModel_Tokenize() {
	vocab := map[string]uint32{"[UNK]": 0, "un": 1, "##aff": 2, "##able": 3}
	m, err := wordpiece.New(vocab, wordpiece.DefaultConfig())
	if err != nil {
		panic(err)
	}
	word := "unaffable"
	tokens, _ := m.Tokenize(nil, word)
	for _, t := range tokens {
		s, _ := m.IDToToken(t.ID)
		fmt.Println(t.ID, s, word[t.Start:t.End])
	}
	tokens, _ = m.Tokenize(tokens[:0], "affable") // no entry starts with "a"
	fmt.Println(tokens)
	// Output:
	// 1 un un
	// 2 ##aff aff
	// 3 ##able able
	// [{0 0 7}]
}

func ExampleAppendTokens() {
	vocab := map[string]uint32{"[UNK]": 0, "日本": 1, "##語": 2}
	m, err := wordpiece.New(vocab, wordpiece.DefaultConfig())
	if err != nil {
		panic(err)
	}
	pieces, _ := wordpiece.AppendTokens(m, nil, "日本語", func(id uint32, value string, start, end int) string {
		return fmt.Sprintf("%s=%d[%d:%d]", value, id, start, end)
	})
	fmt.Println(pieces)
	// Output:
	// [日本=1[0:6] ##語=2[6:9]]
}

func ExampleWordLevel_Lookup() {
	m, err := wordpiece.NewWordLevel(map[string]uint32{"<unk>": 0, "hello": 1}, wordpiece.DefaultWordLevelConfig())
	if err != nil {
		panic(err)
	}
	for _, w := range []string{"hello", "world"} {
		id, value, _ := m.Lookup(w)
		fmt.Println(w, id, value)
	}
	// Output:
	// hello 1 hello
	// world 0 <unk>
}
