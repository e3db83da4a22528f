package tokenizer_test

import (
	"fmt"
	"log"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

func ExampleEncoding_WordToTokens() {
	tk, err := tokenizer.FromFile("../testdata/tokenizers/bert-base-uncased/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	text, pair := "Héllo, wörld!", "Unbelievable."
	enc, err := tk.EncodePair(text, pair)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Tokens)
	// The words of each sequence, their tokens and their text (offsets
	// are bytes by default).
	texts := []string{text, pair}
	for seq := range enc.NumSequences() {
		for word := 0; ; word++ {
			start, end, ok := enc.WordToTokens(word, seq)
			if !ok {
				break
			}
			o, _ := enc.WordToChars(word, seq)
			fmt.Printf("seq %d word %d: tokens %v %q\n", seq, word, enc.Tokens[start:end], texts[seq][o.Start:o.End])
		}
	}
	// From a position in the text to its token and word, and back.
	pos := 9 // the byte of "ö"
	tok, _ := enc.CharToToken(pos, 0)
	word, _ := enc.CharToWord(pos, 0)
	seq, o, _ := enc.TokenToChars(tok)
	fmt.Printf("byte %d: token %d %q, word %d, sequence %d %v\n", pos, tok, enc.Tokens[tok], word, seq, o)
	_, ok := enc.TokenToSequence(0)
	fmt.Println("[CLS] in a sequence:", ok)
	// Output:
	// [[CLS] hello , world ! [SEP] unbelievable . [SEP]]
	// seq 0 word 0: tokens [hello] "Héllo"
	// seq 0 word 1: tokens [,] ","
	// seq 0 word 2: tokens [world] "wörld"
	// seq 0 word 3: tokens [!] "!"
	// seq 1 word 0: tokens [unbelievable] "Unbelievable"
	// seq 1 word 1: tokens [.] "."
	// byte 9: token 3 "world", word 2, sequence 0 {8 14}
	// [CLS] in a sequence: false
}
