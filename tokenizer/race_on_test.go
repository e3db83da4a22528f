//go:build race

package tokenizer_test

// raceEnabled is true under the race detector, which makes sync.Pool drop
// items at random: allocation counts are meaningless then.
const raceEnabled = true
