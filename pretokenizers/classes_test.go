package pretokenizers

import (
	"testing"
	"unicode"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/internal/onig"
)

// TestOnigRanges checks that the merged class table the hand-written
// matchers search has no overlapping ranges, and gives every code point
// the flags of Oniguruma's tables.
func TestOnigRanges(t *testing.T) {
	for i := 1; i < len(onigRanges); i++ {
		require.Less(t, onigRanges[i-1].hi, onigRanges[i].lo, "ranges %d and %d overlap", i-1, i)
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		var want uint8
		if unicode.Is(onig.L, r) {
			want |= fLetter
		}
		if unicode.Is(onig.N, r) {
			want |= fNumber
		}
		if unicode.Is(onig.Space, r) {
			want |= fSpace
		}
		if unicode.In(r, onig.Lu, onig.Lt, onig.Lm, onig.Lo, onig.M) {
			want |= fUpper
		}
		if unicode.In(r, onig.Ll, onig.Lm, onig.Lo, onig.M) {
			want |= fLower
		}
		if r == '\r' || r == '\n' {
			want |= fNewline
		}
		if got := onigFlags(r); got != want {
			t.Fatalf("U+%04X: flags %b, want %b", r, got, want)
		}
	}
}

// TestScriptsTable checks that the script table is sorted, and that the
// prolonged sound mark, Hiragana and Katakana count as Han while the space
// has no script.
func TestScriptsTable(t *testing.T) {
	for i := 1; i < len(scriptRanges); i++ {
		require.Less(t, scriptRanges[i-1].hi, scriptRanges[i].lo)
	}
	han := scriptOf('日')
	require.NotZero(t, han)
	require.Equal(t, han, scriptOf('ー'))
	require.Equal(t, han, scriptOf('の'))
	require.Equal(t, han, scriptOf('カ'))
	require.Zero(t, scriptOf(' '))
	require.NotEqual(t, scriptOf('a'), scriptOf('0'))
}
