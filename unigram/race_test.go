//go:build race

package unigram

// raceEnabled: sync.Pool drops items at random under the race detector,
// which makes allocation counts meaningless.
const raceEnabled = true
