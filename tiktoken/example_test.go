package tiktoken_test

import (
	"encoding/base64"
	"fmt"
	"log"
	"strings"

	"github.com/seed6642460b/tokenizers/tiktoken"
)

func ExampleEncoding() {
	tk, err := tiktoken.Encoding("cl100k_base")
	if err != nil {
		log.Fatal(err)
	}
	ids, err := tk.AppendIDs(nil, "hello world<|endoftext|>")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ids)
	text, err := tk.Decode(ids, true)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q\n", text)
	// Output:
	// [15339 1917 100257]
	// "hello world"
}

func ExampleEncodingOrdinary() {
	tk, err := tiktoken.EncodingOrdinary("o200k_base")
	if err != nil {
		log.Fatal(err)
	}
	enc, err := tk.Encode("hi<|endoftext|>")
	if err != nil {
		log.Fatal(err)
	}
	for i, id := range enc.IDs {
		o := enc.Offsets[i]
		fmt.Println(id, o, "hi<|endoftext|>"[o.Start:o.End])
	}
	// Output:
	// 3686 {0 2} hi
	// 27 {2 3} <
	// 91 {3 4} |
	// 419 {4 7} end
	// 1440 {7 9} of
	// 919 {9 13} text
	// 91 {13 14} |
	// 29 {14 15} >
}

func ExampleLoad() {
	// A rank file: the 256 bytes, then "ab" and "abc".
	var file strings.Builder
	for b := range 256 {
		fmt.Fprintf(&file, "%s %d\n", base64.StdEncoding.EncodeToString([]byte{byte(b)}), b)
	}
	fmt.Fprintf(&file, "YWI= 256\nYWJj 257\n")

	tk, err := tiktoken.Load(strings.NewReader(file.String()), tiktoken.CL100KPattern, map[string]uint32{"<|end|>": 258})
	if err != nil {
		log.Fatal(err)
	}
	ids, err := tk.AppendIDs(nil, "abcab abc<|end|>")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ids)
	// Output:
	// [257 256 32 257 258]
}
