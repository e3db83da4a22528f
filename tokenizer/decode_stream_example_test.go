package tokenizer_test

import (
	"fmt"
	"log"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

func ExampleDecodeStream() {
	tk, err := tokenizer.FromFile("../testdata/tokenizers/gpt2/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	// Ids as a model would generate them, one at a time.
	enc, err := tk.Encode("Hi 😀 there")
	if err != nil {
		log.Fatal(err)
	}
	s := tk.NewDecodeStream(false)
	for i, id := range enc.IDs {
		chunk, ok, err := s.Step(id)
		if err != nil {
			log.Fatal(err)
		}
		if !ok {
			// The emoji's bytes span two tokens: the first alone
			// is not text yet.
			fmt.Printf("%-6q -> (waiting)\n", enc.Tokens[i])
			continue
		}
		fmt.Printf("%-6q -> %q\n", enc.Tokens[i], chunk)
	}
	// Output:
	// "Hi"   -> "Hi"
	// "ĠðŁĺ" -> (waiting)
	// "Ģ"    -> " 😀"
	// "Ġthere" -> " there"
}
