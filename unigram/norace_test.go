//go:build !race

package unigram

const raceEnabled = false
