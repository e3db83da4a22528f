package tokenizer_test

import (
	"fmt"
	"log"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

func ExampleFromFile() {
	tk, err := tokenizer.FromFile("../testdata/tokenizers/bert-base-uncased/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	enc, err := tk.Encode("Hello, world!")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Tokens)
	fmt.Println(enc.IDs)
	// Output:
	// [[CLS] hello , world ! [SEP]]
	// [101 7592 1010 2088 999 102]
}

func ExampleTokenizer_Encode() {
	tk, err := tokenizer.FromFile("../testdata/tokenizers/gpt2/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	text := "Héllo wörld"
	enc, err := tk.Encode(text)
	if err != nil {
		log.Fatal(err)
	}
	for i, tok := range enc.Tokens {
		o := enc.Offsets[i]
		fmt.Printf("%-8q %5d  %q\n", tok, enc.IDs[i], text[o.Start:o.End])
	}
	// Output:
	// "H"         39  "H"
	// "Ã©"      2634  "é"
	// "llo"    18798  "llo"
	// "Ġw"       266  " w"
	// "Ã¶r"    30570  "ör"
	// "ld"       335  "ld"
}

func ExampleTokenizer_EncodePair() {
	tk, err := tokenizer.FromFile("../testdata/tokenizers/bert-base-uncased/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	enc, err := tk.EncodePair("Who wrote it?", "Ada did.")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Tokens)
	fmt.Println(enc.TypeIDs)
	fmt.Println(enc.SequenceIDs())
	// Output:
	// [[CLS] who wrote it ? [SEP] ada did . [SEP]]
	// [0 0 0 0 0 0 1 1 1 1]
	// [-1 0 0 0 0 -1 1 1 1 -1]
}

func ExampleTokenizer_EncodeTo() {
	tk, err := tokenizer.FromFile("../testdata/tokenizers/bert-base-uncased/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	// Options per call: the tokenizer itself never changes and can be
	// shared by goroutines.
	opts := tk.Options()
	opts.Truncation = &tokenizer.Truncation{MaxLength: 6}
	opts.Padding = &tokenizer.Padding{Fixed: true, Length: 8, PadID: 0, PadToken: "[PAD]"}
	opts.CharOffsets = true

	var enc tokenizer.Encoding // reused across calls
	for _, text := range []string{"Ünïcode façade", "a rather longer sentence to cut"} {
		if err := tk.EncodeTo(&enc, tokenizer.Single(text), &opts); err != nil {
			log.Fatal(err)
		}
		fmt.Println(enc.Tokens, enc.AttentionMask, enc.Offsets)
	}
	// Output:
	// [[CLS] unicode facade [SEP] [PAD] [PAD] [PAD] [PAD]] [1 1 1 1 0 0 0 0] [{0 0} {0 7} {8 14} {0 0} {0 0} {0 0} {0 0} {0 0}]
	// [[CLS] a rather longer sentence [SEP] [PAD] [PAD]] [1 1 1 1 1 1 0 0] [{0 0} {0 1} {2 8} {9 15} {16 24} {0 0} {0 0} {0 0}]
}

func ExampleTokenizer_Decode() {
	tk, err := tokenizer.FromFile("../testdata/tokenizers/roberta-base/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	enc, err := tk.Encode("Decoding gives the text back.")
	if err != nil {
		log.Fatal(err)
	}
	withSpecial, _ := tk.Decode(enc.IDs, false)
	text, _ := tk.Decode(enc.IDs, true)
	fmt.Println(withSpecial)
	fmt.Println(text)
	// Output:
	// <s>Decoding gives the text back.</s>
	// Decoding gives the text back.
}
