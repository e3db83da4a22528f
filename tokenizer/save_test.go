package tokenizer_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/seed6642460b/tokenizers/internal/jsonl"
	"github.com/seed6642460b/tokenizers/tokenizer"
)

// Saving is checked against what the reference writes when it loads the same
// file and saves it (save(path, false)):
//
//   - for the real tokenizers, ../shared/golden/NAME/saved.json.gz (made for
//     files under 3 MB), or TOKENIZERS_SAVED/NAME/saved.json for any (made
//     by `node ../shared/ref/saved.js ../shared/tokenizers DIR`);
//   - for the synthetic files, testdata/save_synthetic.jsonl.gz (made by
//     testdata/save-gen.js).
//
// The comparison is byte for byte: same keys in the same order, same values,
// same number formats and string escapes. Then the saved file is loaded back
// and must encode and decode the golden inputs exactly as the original.

// savedReference returns the reference's saved form of the real tokenizer
// name, or nil when there is none.
func savedReference(t *testing.T, goldenDir, name string) []byte {
	t.Helper()
	paths := []string{filepath.Join(goldenDir, "saved.json.gz")}
	if d := os.Getenv("TOKENIZERS_SAVED"); d != "" {
		paths = append(paths, filepath.Join(d, name, "saved.json"))
	}
	for _, p := range paths {
		data, err := readMaybeGzip(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	return nil
}

func readMaybeGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, err
		}
		r = gz
	}
	return io.ReadAll(r)
}

// compareSaved checks that got equals want byte for byte, and describes the
// first difference as a JSON path when it does not.
func compareSaved(t *testing.T, want, got []byte) {
	t.Helper()
	if bytes.Equal(want, got) {
		return
	}
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("reference save: %v", err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("our save is not valid JSON: %v", err)
	}
	if d := firstJSONDiff("$", w, g); d != "" {
		t.Errorf("saved JSON differs from the reference's: %s", d)
		return
	}
	i := 0
	for i < min(len(want), len(got)) && want[i] == got[i] {
		i++
	}
	lo := max(0, i-60)
	t.Errorf("saved JSON equals the reference's as values but not as text, from byte %d:\n want %q\n  got %q",
		i, want[lo:min(len(want), i+60)], got[lo:min(len(got), i+60)])
}

// firstJSONDiff describes the first difference between two parsed JSON
// values, "" when they are equal.
func firstJSONDiff(path string, w, g any) string {
	switch wv := w.(type) {
	case map[string]any:
		gv, ok := g.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: want an object, got %s", path, short(g))
		}
		keys := make([]string, 0, len(wv))
		for k := range wv {
			keys = append(keys, k)
		}
		for k := range gv {
			if _, ok := wv[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			x, okw := wv[k]
			y, okg := gv[k]
			switch {
			case !okw:
				return fmt.Sprintf("%s.%s: unexpected key (value %s)", path, k, short(y))
			case !okg:
				return fmt.Sprintf("%s.%s: missing (want %s)", path, k, short(x))
			}
			if d := firstJSONDiff(path+"."+k, x, y); d != "" {
				return d
			}
		}
		return ""
	case []any:
		gv, ok := g.([]any)
		if !ok {
			return fmt.Sprintf("%s: want an array, got %s", path, short(g))
		}
		for i := range min(len(wv), len(gv)) {
			if d := firstJSONDiff(fmt.Sprintf("%s[%d]", path, i), wv[i], gv[i]); d != "" {
				return d
			}
		}
		if len(wv) != len(gv) {
			return fmt.Sprintf("%s: want %d elements, got %d", path, len(wv), len(gv))
		}
		return ""
	}
	if !reflect.DeepEqual(w, g) {
		return fmt.Sprintf("%s: want %s, got %s", path, short(w), short(g))
	}
	return ""
}

// checkRoundTrip loads saved and checks that it encodes and decodes the
// golden lines as orig does, and that saving it again gives the same bytes.
func checkRoundTrip(t *testing.T, orig *tokenizer.Tokenizer, saved []byte, lines [][]byte) {
	t.Helper()
	re, err := tokenizer.FromBytes(saved)
	if err != nil {
		t.Fatalf("loading the saved file: %v", err)
	}
	again, err := re.AppendJSON(nil, false)
	if err != nil {
		t.Fatalf("saving the reloaded tokenizer: %v", err)
	}
	if !bytes.Equal(again, saved) {
		t.Errorf("saving the reloaded tokenizer gives other bytes")
	}
	reported := 0
	for i, line := range lines {
		want := jsonl.Handle(orig, line, true).AppendLine(nil)
		got := jsonl.Handle(re, line, true).AppendLine(nil)
		if !bytes.Equal(want, got) && reported < 5 {
			reported++
			t.Errorf("line %d: the reloaded tokenizer differs\n  input: %s\n  original: %.300s\n  reloaded: %.300s", i+1, short(inputOf(line)), want, got)
		}
	}
}

// roundTripLines returns the golden lines to run through a reloaded
// tokenizer: single, pairs and decode inputs.
func roundTripLines(t *testing.T, goldenDir string) [][]byte {
	var all [][]byte
	for _, sc := range []string{"single", "pairs", "decode", "truncpad"} {
		lines, err := readLines(filepath.Join(goldenDir, sc+".jsonl.gz"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		n := 300
		if testing.Short() {
			n = 30
		}
		all = append(all, lines[:min(n, len(lines))]...)
	}
	return all
}

func TestSaveReal(t *testing.T) {
	sources := findSources(t)
	if len(sources) == 0 {
		t.Skip("no tokenizers found")
	}
	for _, src := range sources {
		t.Run(src.name, func(t *testing.T) {
			t.Parallel()
			tk, err := tokenizer.FromFile(src.tokenizer)
			if err != nil {
				if errors.Is(err, tokenizer.ErrUnsupported) {
					t.Skipf("not supported yet: %v", err)
				}
				t.Fatalf("load: %v", err)
			}
			got, err := tk.AppendJSON(nil, false)
			if err != nil {
				t.Fatalf("save: %v", err)
			}
			if want := savedReference(t, src.golden, src.name); want != nil {
				compareSaved(t, want, got)
			} else {
				t.Logf("no reference save for %s (set TOKENIZERS_SAVED): round trip only", src.name)
			}
			checkRoundTrip(t, tk, got, roundTripLines(t, src.golden))
		})
	}
}

// syntheticSave is the reference's saved form of a synthetic file, compact
// and pretty: the text, or its SHA-256 when long.
type syntheticSave struct {
	Name          string
	Compact       *string
	Pretty        *string
	CompactSHA256 string `json:"compact_sha256"`
	PrettySHA256  string `json:"pretty_sha256"`
}

// syntheticSaves reads testdata/save_synthetic.jsonl.gz.
func syntheticSaves(t *testing.T) map[string]syntheticSave {
	lines, err := readLines(filepath.Join("testdata", "save_synthetic.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]syntheticSave{}
	for _, line := range lines {
		var e syntheticSave
		if err := json.Unmarshal(line, &e); err != nil {
			t.Fatal(err)
		}
		out[e.Name] = e
	}
	return out
}

// compareSavedForm compares got with a form of syntheticSave.
func compareSavedForm(t *testing.T, what string, text *string, sum string, got []byte) {
	t.Helper()
	if text != nil {
		compareSaved(t, []byte(*text), got)
		return
	}
	h := sha256.Sum256(got)
	if hex.EncodeToString(h[:]) != sum {
		t.Errorf("%s save differs from the reference's (SHA-256 %s; compare with `node testdata/save-gen.js` output)", what, sum)
	}
}

func TestSaveSynthetic(t *testing.T) {
	saves := syntheticSaves(t)
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "synthetic", "*.json"))
	files = append(files, filepathGlob(filepath.Join("testdata", "save", "*.json"))...)
	checked := 0
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		want, ok := saves[name]
		if !ok {
			continue
		}
		checked++
		t.Run(name, func(t *testing.T) {
			tk, err := tokenizer.FromFile(f)
			if err != nil {
				if errors.Is(err, tokenizer.ErrUnsupported) {
					t.Skipf("not supported yet: %v", err)
				}
				t.Fatalf("load: %v", err)
			}
			got, err := tk.AppendJSON(nil, false)
			if err != nil {
				t.Fatalf("save: %v", err)
			}
			compareSavedForm(t, "compact", want.Compact, want.CompactSHA256, got)
			pretty, err := tk.AppendJSON(nil, true)
			if err != nil {
				t.Fatalf("save pretty: %v", err)
			}
			compareSavedForm(t, "pretty", want.Pretty, want.PrettySHA256, pretty)
			lines, err := readLines(strings.TrimSuffix(f, ".json") + ".jsonl")
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
			checkRoundTrip(t, tk, got, lines)
		})
	}
	if checked < len(saves) {
		t.Errorf("%d reference saves in testdata/save_synthetic.jsonl.gz, %d files checked", len(saves), checked)
	}
}

func filepathGlob(pattern string) []string {
	m, _ := filepath.Glob(pattern)
	return m
}
