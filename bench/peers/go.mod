module github.com/seed6642460b/tokenizers/bench/peers

go 1.26.0

require (
	github.com/seed6642460b/tokenizers v0.0.0
	github.com/tiktoken-go/tokenizer v0.10.0
)

require (
	github.com/dlclark/regexp2 v1.12.0 // indirect
	github.com/dlclark/regexp2/v2 v2.5.1 // indirect
)

replace github.com/seed6642460b/tokenizers => ../..
