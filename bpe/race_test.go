//go:build race

package bpe

// raceEnabled is true under the race detector, which makes sync.Pool drop
// items at random: allocation counts are then meaningless.
const raceEnabled = true
