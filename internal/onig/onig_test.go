package onig

import (
	"testing"
	"unicode"

	"github.com/dlclark/regexp2"
	"github.com/stretchr/testify/require"
)

// TestCategoriesPartition checks that the general categories measured on
// the reference are disjoint and cover every code point but surrogates.
func TestCategoriesPartition(t *testing.T) {
	fine := []*unicode.RangeTable{Cc, Cf, Cn, Co, Ll, Lm, Lo, Lt, Lu, Mc, Me, Mn, Nd, Nl, No,
		Pc, Pd, Pe, Pf, Pi, Po, Ps, Sc, Sk, Sm, So, Zl, Zp, Zs}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		n := 0
		for _, tab := range fine {
			if unicode.Is(tab, r) {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("U+%04X is in %d categories", r, n)
		}
	}
}

// TestASCIIFoldIsSimpleFold checks the translator's assumption that Go's
// case folding orbits are Oniguruma's for ASCII letters (which the
// reference's contraction patterns use; "s" also matches "ſ").
func TestASCIIFoldIsSimpleFold(t *testing.T) {
	for i, want := range asciiFold {
		got := set{{'a' + rune(i), 'a' + rune(i)}}.foldClosure()
		var w set
		for _, r := range want {
			w = append(w, rng{r, r})
		}
		require.Equal(t, w.normalize(), got, "%c", 'a'+i)
	}
}

// TestTranslateClasses checks that translated classes match exactly the
// measured tables, at the edges of every range (where Go's older tables
// differ) and around them.
func TestTranslateClasses(t *testing.T) {
	for name, tab := range categoryTables {
		for _, neg := range []bool{false, true} {
			expr := `\p{` + name + `}`
			if neg {
				expr = `\P{` + name + `}`
			}
			tr, err := Translate(expr)
			require.NoError(t, err)
			re := regexp2.MustCompile(tr, regexp2.None)
			for _, r := range edges(tab) {
				ok, err := re.MatchRunes([]rune{r})
				require.NoError(t, err)
				require.Equal(t, unicode.Is(tab, r) != neg, ok, "%s on U+%04X", expr, r)
			}
		}
	}
}

// edges returns the code points at and next to the ends of the ranges of
// tab.
func edges(tab *unicode.RangeTable) []rune {
	var out []rune
	add := func(lo, hi rune) {
		for _, r := range []rune{lo - 1, lo, hi, hi + 1} {
			if r >= 0 && r <= unicode.MaxRune && (r < 0xD800 || r > 0xDFFF) {
				out = append(out, r)
			}
		}
	}
	for _, r := range tab.R16 {
		add(rune(r.Lo), rune(r.Hi))
	}
	for _, r := range tab.R32 {
		add(rune(r.Lo), rune(r.Hi))
	}
	return out
}

// TestTranslateErrors checks patterns the reference refuses.
func TestTranslateErrors(t *testing.T) {
	for _, expr := range []string{`(?s)a`, `[\p{L}-[a]]`, `[a-\w]`, `\p{Foo}`, `(`, `)`, `[b-a]`, `*a`, `[a`} {
		tr, err := Translate(expr)
		if err == nil {
			_, err = regexp2.Compile(tr, regexp2.None)
		}
		require.Error(t, err, expr)
	}
}
