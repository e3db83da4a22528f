package tiktoken_test

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/seed6642460b/tokenizers/tiktoken"
	"github.com/seed6642460b/tokenizers/tokenizer"
)

// The expected ids are tiktoken's, written by internal/tools/tiktoken.js:
// testdata/golden.jsonl.gz holds the 518 edge cases of the shared corpus's
// lines.jsonl and every fifth of its other lines; the goldens of the whole
// corpus live outside the repository (see TestCorpus).

// goldenRow is one line of a golden file.
type goldenRow struct {
	Text         string              `json:"text"`
	Pair         *string             `json:"pair"`
	IDs          map[string][]uint32 `json:"ids"`
	Ordinary     map[string][]uint32 `json:"ordinary"`
	PairIDs      map[string][]uint32 `json:"pair_ids"`
	PairOrdinary map[string][]uint32 `json:"pair_ordinary"`
}

// encodings builds every built-in encoding once for all tests, in both
// modes: [0] with special tokens, [1] ordinary.
var encodings = sync.OnceValues(func() (map[string][2]*tokenizer.Tokenizer, error) {
	m := map[string][2]*tokenizer.Tokenizer{}
	for _, name := range tiktoken.Names() {
		a, err := tiktoken.Encoding(name)
		if err != nil {
			return nil, err
		}
		b, err := tiktoken.EncodingOrdinary(name)
		if err != nil {
			return nil, err
		}
		m[name] = [2]*tokenizer.Tokenizer{a, b}
	}
	return m, nil
})

// goldenStats counts what checkGolden compared.
type goldenStats struct {
	texts, encodings, ids, mismatches int
}

// checkGolden compares the ids of every text of a golden file (and their
// decoding) with the expected ones, and returns the counts.
func checkGolden(t *testing.T, path string) goldenStats {
	t.Helper()
	encs, err := encodings()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(zr)
	var st goldenStats
	var ids []uint32
	check := func(line int, name, what, text string, want []uint32, tk *tokenizer.Tokenizer) {
		st.encodings++
		st.ids += len(want)
		ids, err = tk.AppendIDs(ids[:0], text)
		if err != nil {
			t.Errorf("%s:%d %s %s: %v", filepath.Base(path), line, name, what, err)
			st.mismatches++
			return
		}
		if !slices.Equal(ids, want) {
			st.mismatches++
			if st.mismatches <= 10 {
				i := 0
				for i < min(len(ids), len(want)) && ids[i] == want[i] {
					i++
				}
				t.Errorf("%s:%d %s %s %q: ids differ at %d: have %v, want %v",
					filepath.Base(path), line, name, what, abbrev(text), i, window(ids, i), window(want, i))
			}
			return
		}
		got, err := tk.Decode(ids, false)
		if err != nil || got != text {
			st.mismatches++
			if st.mismatches <= 10 {
				t.Errorf("%s:%d %s %s: decoding gives %q, %v; want the text %q", filepath.Base(path), line, name, what, abbrev(got), err, abbrev(text))
			}
		}
	}
	for line := 1; ; line++ {
		var row goldenRow
		if err := dec.Decode(&row); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		st.texts++
		if row.Pair != nil {
			st.texts++
		}
		for name, want := range row.IDs {
			tk, ok := encs[name]
			if !ok {
				t.Fatalf("%s:%d: unknown encoding %q", path, line, name)
			}
			check(line, name, "encode", row.Text, want, tk[0])
			if w, ok := row.Ordinary[name]; ok {
				want = w
			}
			check(line, name, "encode_ordinary", row.Text, want, tk[1])
			if row.Pair == nil {
				continue
			}
			want = row.PairIDs[name]
			check(line, name, "encode pair", *row.Pair, want, tk[0])
			if w, ok := row.PairOrdinary[name]; ok {
				want = w
			}
			check(line, name, "encode_ordinary pair", *row.Pair, want, tk[1])
		}
	}
	return st
}

func abbrev(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}

func window(ids []uint32, i int) []uint32 {
	return ids[max(0, i-3):min(len(ids), i+5)]
}

func TestGolden(t *testing.T) {
	st := checkGolden(t, filepath.Join("testdata", "golden.jsonl.gz"))
	t.Logf("%d texts, %d encodings (%d ids) compared, %d mismatches", st.texts, st.encodings, st.ids, st.mismatches)
}

// TestCorpus compares the ids of the whole shared corpus with tiktoken's:
// every line of en.txt, multilingual.txt and code.txt, each of those files
// whole, every text of lines.jsonl and every text and pair of pairs.jsonl,
// with every built-in encoding, both with special tokens and ordinary. The
// goldens (35 MB) are made by internal/tools/tiktoken.js (its comment says
// how) into ../../tiktoken-golden, or $TIKTOKEN_GOLDEN; the test skips
// without them. When the corpus is there too (../../shared/corpus, or
// $TOKENIZERS_CORPUS), it checks that the goldens hold all of it.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("whole corpus: not with -short")
	}
	dir := os.Getenv("TIKTOKEN_GOLDEN")
	if dir == "" {
		dir = filepath.Join("..", "..", "tiktoken-golden")
	}
	files := []string{
		"en.lines", "en.whole", "multilingual.lines", "multilingual.whole",
		"code.lines", "code.whole", "lines", "pairs",
	}
	if _, err := os.Stat(filepath.Join(dir, "lines.jsonl.gz")); err != nil {
		t.Skipf("whole-corpus goldens not found in %s (set TIKTOKEN_GOLDEN; internal/tools/tiktoken.js makes them)", dir)
	}
	corpus := os.Getenv("TOKENIZERS_CORPUS")
	if corpus == "" {
		corpus = filepath.Join("..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(corpus); err == nil {
		checkCoverage(t, dir, corpus, files)
	} else {
		t.Logf("corpus not found in %s: its coverage by the goldens is not checked", corpus)
	}
	var total goldenStats
	for _, f := range files {
		st := checkGolden(t, filepath.Join(dir, f+".jsonl.gz"))
		t.Logf("%s: %d texts, %d encodings (%d ids) compared, %d mismatches", f, st.texts, st.encodings, st.ids, st.mismatches)
		total.texts += st.texts
		total.encodings += st.encodings
		total.ids += st.ids
		total.mismatches += st.mismatches
	}
	t.Logf("total: %d texts, %d encodings (%d ids) compared, %d mismatches", total.texts, total.encodings, total.ids, total.mismatches)
}

// checkCoverage checks that the goldens hold the texts of the corpus.
func checkCoverage(t *testing.T, dir, corpus string, files []string) {
	for _, f := range files {
		var want []string
		name, form, _ := strings.Cut(f, ".")
		switch form {
		case "whole", "lines":
			data, err := os.ReadFile(filepath.Join(corpus, name+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			if form == "whole" {
				want = []string{string(data)}
			} else {
				want = strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
			}
		default:
			data, err := os.ReadFile(filepath.Join(corpus, name+".jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				var row goldenRow
				if err := json.Unmarshal([]byte(l), &row); err != nil {
					t.Fatal(err)
				}
				want = append(want, row.Text)
			}
		}
		texts := goldenTexts(t, filepath.Join(dir, f+".jsonl.gz"))
		if !slices.Equal(texts, want) {
			t.Errorf("%s: the golden's %d texts are not the corpus's %d", f, len(texts), len(want))
		}
	}
}

// goldenTexts returns the texts of a golden file.
func goldenTexts(t *testing.T, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(zr)
	var texts []string
	for {
		var row struct{ Text string }
		if err := dec.Decode(&row); err != nil {
			if errors.Is(err, io.EOF) {
				return texts
			}
			t.Fatal(err)
		}
		texts = append(texts, row.Text)
	}
}
