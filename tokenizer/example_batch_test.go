package tokenizer_test

import (
	"fmt"
	"log"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

func ExampleTokenizer_EncodeBatch() {
	tk, err := tokenizer.FromFile("../testdata/tokenizers/bert-base-uncased/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	// Pad every encoding to the longest of the batch, as models take them.
	opts := tk.Options()
	opts.Padding = &tokenizer.Padding{PadID: 0, PadToken: "[PAD]"}
	batch, err := tk.EncodeBatch([]tokenizer.Input{
		tokenizer.Single("Short one."),
		tokenizer.Single("A somewhat longer sentence."),
		tokenizer.Pair("Is it a pair?", "Yes."),
	}, &opts)
	if err != nil {
		log.Fatal(err)
	}
	for _, enc := range batch {
		fmt.Println(enc.IDs, enc.AttentionMask)
	}
	texts, err := tk.DecodeBatch([][]uint32{batch[0].IDs, batch[2].IDs}, true)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q\n", texts)
	// Output:
	// [101 2460 2028 1012 102 0 0 0 0 0] [1 1 1 1 1 0 0 0 0 0]
	// [101 1037 5399 2936 6251 1012 102 0 0 0] [1 1 1 1 1 1 1 0 0 0]
	// [101 2003 2009 1037 3940 1029 102 2748 1012 102] [1 1 1 1 1 1 1 1 1 1]
	// ["short one." "is it a pair? yes."]
}
