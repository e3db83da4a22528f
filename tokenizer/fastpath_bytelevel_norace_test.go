//go:build !race

package tokenizer

const blRace = false
