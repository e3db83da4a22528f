package tokenizer_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

func ExampleTokenizer_Count() {
	tk, err := tokenizer.FromFile("../testdata/tokenizers/bert-base-uncased/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	text := "Tokenizers count tokens, not words."
	n, err := tk.Count(text)
	if err != nil {
		log.Fatal(err)
	}
	// Encoding adds [CLS] and [SEP]: NumSpecialTokens counts them.
	enc, err := tk.Encode(text)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, n+tk.NumSpecialTokens(false), enc.Len())
	// Output:
	// 10 12 12
}

func ExampleTokenizer_EncodeReader() {
	tk, err := tokenizer.FromFile("../testdata/tokenizers/gpt2/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	// A large file is read in blocks of about 1 MB (blockSize 0), cut at
	// line ends; here blocks of at most 20 bytes hold one line each.
	r := strings.NewReader("The first line.\nThe second one.\n")
	total := 0
	err = tk.EncodeReader(r, 20, func(ids []uint32) error {
		fmt.Println(ids)
		total += len(ids)
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(total, "tokens")
	// Output:
	// [464 717 1627 13 198]
	// [464 1218 530 13 198]
	// 10 tokens
}

func ExampleTokenizer_IDs() {
	tk, err := tokenizer.FromFile("../testdata/tokenizers/gpt2/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for id, err := range tk.IDs(strings.NewReader("Hello world, hello tokens.\n")) {
		if err != nil {
			log.Fatal(err)
		}
		if n < 3 {
			fmt.Println(id)
		}
		n++
	}
	fmt.Println(n, "tokens")
	// Output:
	// 15496
	// 995
	// 11
	// 7 tokens
}
