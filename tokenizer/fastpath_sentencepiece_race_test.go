//go:build race

package tokenizer

// spRace is true under the race detector, where sync.Pool drops items at
// random and allocation counts mean nothing.
const spRace = true
