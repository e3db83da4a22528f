//go:build !race

package tokenizer

const spRace = false
