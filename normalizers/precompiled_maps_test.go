package normalizers

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// The charsmaps the reference is asked about (testdata/precompiled/gen.js),
// besides t5-small's: testdata/precompiled/maps.json holds them in base64.
// Run with -precompiled.writemaps to rewrite it after changing them.

var writeMaps = flag.Bool("precompiled.writemaps", false, "rewrite testdata/precompiled/maps.json")

const mapsFile = "testdata/precompiled/maps.json"

// probeRules maps every byte that can start a UTF-8 character to "X": each
// cluster shorter than 6 bytes becomes one X, as does each character of the
// longer ones, which shows the reference's clusters.
func probeRules() map[string]string {
	m := map[string]string{}
	for c := 1; c < 0xF5; c++ {
		if c < 0x80 || c >= 0xC2 {
			m[string([]byte{byte(c)})] = "X"
		}
	}
	return m
}

// craftedRules exercise the lookup and the alignments: keys that prefix
// other keys (the shortest wins), keys of several characters, replacements
// longer and shorter than their keys, empty ones, identities, keys that can
// never be looked up whole (two clusters, or 6 bytes and more).
func craftedRules() map[string]string {
	return map[string]string{
		"a":                    "1",
		"ab":                   "2",
		"e\u0301":              "é",
		"e\u0301\u0302":        "E",
		"o\u0308":              "oe",
		"u\u0308":              "uee",
		"ﬁ":                    "fi",
		"x":                    "",
		"z\u0301":              "",
		"\u0300":               "",
		"y":                    "yyy",
		"m":                    "m",
		"Q":                    "q\u0301",
		"klmnop":               "K",
		"kl":                   "KL",
		"\r":                   "<CR>",
		"\r\n":                 "<CRLF>",
		"\n":                   "",
		"😀":                    ":)",
		"👍":                    "",
		"👍🏽":                   "thumb",
		"ä":                    "ae",
		"中":                    "zhong",
		"\u200d":               "",
		"\u0915":               "k",
		"\u094d":               "",
		"가":                    "ga",
		"\u1100":               "g",
		"é":                    "e\u0301",
		"ü":                    "",
		"ñ":                    "ñ",
		"\u00a0":               " ",
		"①":                    "1",
		"🇦":                    "A",
		"\u0600":               "#",
		"\u0600a":              "#a",
		"©\u200d":              "(c)+",
		"\u0903":               ":",
		"\u0d4e":               "~",
		"\U0001F3FB":           "",
		"\u3000\u0301":         "!",
		"\u3000":               "  ",
		"\u2003\u20dd":         "()",
		"i\u0307\u0301":        "í",
		"\u0130":               "İ",
		"T\u0302\u0303":        "T~",
		"\x01":                 "",
		"\x02\x03":             "23",
		"\x7f":                 "DEL",
		"\u0085":               "\n",
		"\u0308":               "\u0308\u0308",
		"\U0001F1E6\U0001F1E8": "AC",
	}
}

// removalRules remove characters, first ones included (the reference then
// drops them without aligning anything to them).
func removalRules() map[string]string {
	return map[string]string{
		"x":       "",
		" ":       "",
		"\u0301":  "",
		"\u200b":  "",
		"y":       "yy",
		"w":       "",
		"ww":      "W",
		"q\u0301": "",
	}
}

func testMaps() map[string]map[string]string {
	return map[string]map[string]string{
		"probe":    probeRules(),
		"crafted":  craftedRules(),
		"removals": removalRules(),
	}
}

// readMaps returns the charsmaps of maps.json by name.
func readMaps(t testing.TB) map[string][]byte {
	b, err := os.ReadFile(mapsFile)
	require.NoError(t, err)
	var enc map[string]string
	require.NoError(t, json.Unmarshal(b, &enc))
	out := map[string][]byte{}
	for k, v := range enc {
		out[k], err = base64.StdEncoding.DecodeString(v)
		require.NoError(t, err)
	}
	return out
}

// TestPrecompiledMaps checks that maps.json holds the charsmaps of the
// rules above, and that they read back as their rules.
func TestPrecompiledMaps(t *testing.T) {
	enc := map[string]string{}
	for name, rules := range testMaps() {
		enc[name] = base64.StdEncoding.EncodeToString(buildCharsmap(rules))
		p, err := NewPrecompiled(buildCharsmap(rules))
		require.NoError(t, err, name)
		for k, v := range rules {
			got, ok := p.lookup([]byte(k))
			require.True(t, ok, "%s: %+q", name, k)
			// The shortest key that prefixes k wins.
			want := v
			for i := 1; i < len(k); i++ {
				if w, ok := rules[k[:i]]; ok {
					want = w
					break
				}
			}
			require.Equal(t, want, string(got), "%s: %+q", name, k)
		}
	}
	if *writeMaps {
		b, err := json.MarshalIndent(enc, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(mapsFile, append(b, '\n'), 0o644))
	}
	maps := readMaps(t)
	require.Len(t, maps, len(enc))
	for name, e := range enc {
		require.Equal(t, e, base64.StdEncoding.EncodeToString(maps[name]), "%s differs from %s: rerun with -precompiled.writemaps and regenerate", name, mapsFile)
	}
}
