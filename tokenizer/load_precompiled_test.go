package tokenizer

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/stretchr/testify/require"
)

// TestLoadPrecompiled checks the loading of Precompiled normalizers. The
// reference aborts the process on every charsmap it cannot read (a panic in
// its deserialization), and on any non-empty text with charsmaps it reads
// but cannot use (an empty trie, for one): all of them are load errors here.
func TestLoadPrecompiled(t *testing.T) {
	b, err := os.ReadFile("../testdata/synthetic/norm-precompiled-t5.json")
	require.NoError(t, err)
	var doc struct {
		Normalizer json.RawMessage
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	load := func(raw string) (normalizers.Normalizer, error) {
		return loadNormalizer(jsonValue{path: "normalizer", raw: json.RawMessage(raw)})
	}

	t5 := string(doc.Normalizer)
	for _, raw := range []string{
		t5,
		// JSON escapes in the base64 text are fine.
		strings.ReplaceAll(t5, "/", `\/`),
		`{"type":"Sequence","normalizers":[` + t5 + `]}`,
	} {
		n, err := load(raw)
		require.NoError(t, err)
		ns := normalizers.New("ﬁ\tx ①\x01 ª\u0300")
		require.NoError(t, n.Normalize(ns))
		require.Equal(t, "fi x 1 a", ns.String())
	}

	for raw, path := range map[string]string{
		`{"type":"Precompiled"}`:                                                                                      "normalizer",
		`{"type":"Precompiled","precompiled_charsmap":null}`:                                                          "normalizer.precompiled_charsmap",
		`{"type":"Precompiled","precompiled_charsmap":5}`:                                                             "normalizer.precompiled_charsmap",
		`{"type":"Precompiled","precompiled_charsmap":"@@"}`:                                                          "normalizer.precompiled_charsmap",
		`{"type":"Precompiled","precompiled_charsmap":"QUE"}`:                                                         "normalizer.precompiled_charsmap",
		`{"type":"Precompiled","precompiled_charsmap":"QUF\nB"}`:                                                      "normalizer.precompiled_charsmap",
		`{"type":"Precompiled","precompiled_charsmap":"QUF="}`:                                                        "normalizer.precompiled_charsmap",
		`{"type":"Precompiled","precompiled_charsmap":""}`:                                                            "normalizer.precompiled_charsmap",
		`{"type":"Precompiled","precompiled_charsmap":"AAAA"}`:                                                        "normalizer.precompiled_charsmap",
		`{"type":"Precompiled","precompiled_charsmap":"BAAAAA=="}`:                                                    "normalizer.precompiled_charsmap",
		`{"type":"Precompiled","precompiled_charsmap":"AAAAAA=="}`:                                                    "normalizer.precompiled_charsmap",
		`{"type":"Precompiled","precompiled_charsmap":"BAAAAAAAAAA="}`:                                                "normalizer.precompiled_charsmap",
		`{"type":"Sequence","normalizers":[{"type":"NFC"},{"type":"Precompiled","precompiled_charsmap":"AAAAAA=="}]}`: "normalizer.normalizers[1].precompiled_charsmap",
	} {
		_, err := load(raw)
		var le *LoadError
		require.ErrorAs(t, err, &le, raw)
		require.Equal(t, path, le.Path, raw)
		require.False(t, errors.Is(err, ErrUnsupported), raw)
	}
	// The ones the reference parses, and that would make it fail.
	for _, cm := range []string{"AAAAAA==", "BAAAAAAAAAA="} {
		_, err := load(`{"type":"Precompiled","precompiled_charsmap":"` + cm + `"}`)
		require.ErrorIs(t, err, normalizers.ErrPrecompiledCharsmap)
	}
}
