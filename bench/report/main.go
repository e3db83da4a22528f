// Command report measures this library side by side with the reference (Hugging Face
// tokenizers, Rust, through ../shared/ref/bench.js) and writes the table and the chart
// of the README.
//
//	go run ./bench/report -ref DIR [-runs 5] [-out bench/results]
//
// For each tokenizer and corpus it runs `tok bench` (built from this module) and
// `node DIR/bench.js` one after the other, -runs times, and keeps the median MB/s of
// each (the machines are noisy; alternating keeps the comparison fair). It checks that
// both count the same tokens. DIR is a copy of ../shared/ref with `npm ci` done.
// Results go to OUT.json, OUT.md (a Markdown table) and OUT.svg (a bar chart of the
// speed-ups).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

type result struct {
	Bytes      int     `json:"bytes"`
	Tokens     int     `json:"tokens"`
	Seconds    float64 `json:"seconds"`
	MBPerS     float64 `json:"mb_per_s"`
	TokensPerS float64 `json:"tokens_per_s"`
}

// Row is one tokenizer × corpus measurement.
type Row struct {
	Tokenizer string    `json:"tokenizer"`
	Corpus    string    `json:"corpus"`
	Tokens    int       `json:"tokens"`
	Ours      []float64 `json:"ours_mb_per_s"`
	Ref       []float64 `json:"ref_mb_per_s"`
	OursMed   float64   `json:"ours_median"`
	RefMed    float64   `json:"ref_median"`
	Ratio     float64   `json:"ratio"`
}

func main() {
	ref := flag.String("ref", "", "directory of the reference's bench.js (a copy of ../shared/ref with npm ci done)")
	shared := flag.String("shared", filepath.Join("..", "shared"), "the shared directory (tokenizers and corpus)")
	runs := flag.Int("runs", 5, "runs of each side; the median is kept")
	out := flag.String("out", filepath.Join("bench", "results"), "output path without extension")
	toks := flag.String("tokenizers", "bert-base-uncased,gpt2,llama3,t5-small,llama2", "comma-separated tokenizer names")
	corpora := flag.String("corpora", "en,multilingual,code", "comma-separated corpus names")
	flag.Parse()
	if *ref == "" {
		fmt.Fprintln(os.Stderr, "report: -ref DIR is required")
		os.Exit(2)
	}
	if err := run(*ref, *shared, *runs, *out, strings.Split(*toks, ","), strings.Split(*corpora, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func run(ref, shared string, runs int, out string, toks, corpora []string) error {
	dir, err := os.MkdirTemp("", "report")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	tok := filepath.Join(dir, "tok")
	if b, err := exec.Command("go", "build", "-o", tok, "./cmd/tok").CombinedOutput(); err != nil {
		return fmt.Errorf("building tok: %v\n%s", err, b)
	}
	var rows []Row
	for _, t := range toks {
		tj := filepath.Join(shared, "tokenizers", t, "tokenizer.json")
		for _, c := range corpora {
			text := filepath.Join(shared, "corpus", c+".txt")
			row := Row{Tokenizer: t, Corpus: c}
			for i := range runs {
				o, err := measure(exec.Command(tok, "bench", "-t", tj, "--json", text))
				if err != nil {
					return fmt.Errorf("%s %s: tok: %w", t, c, err)
				}
				cmd := exec.Command("node", filepath.Join(ref, "bench.js"), tj, text)
				cmd.Env = append(os.Environ(), "TOKENIZERS_PARALLELISM=false", "RAYON_NUM_THREADS=1")
				r, err := measure(cmd)
				if err != nil {
					return fmt.Errorf("%s %s: bench.js: %w", t, c, err)
				}
				if o.Tokens != r.Tokens {
					return fmt.Errorf("%s %s: token counts differ: ours %d, reference %d", t, c, o.Tokens, r.Tokens)
				}
				row.Tokens = o.Tokens
				row.Ours = append(row.Ours, o.MBPerS)
				row.Ref = append(row.Ref, r.MBPerS)
				fmt.Fprintf(os.Stderr, "%s %s run %d: ours %.1f MB/s, reference %.2f MB/s\n", t, c, i+1, o.MBPerS, r.MBPerS)
			}
			row.OursMed, row.RefMed = median(row.Ours), median(row.Ref)
			row.Ratio = row.OursMed / row.RefMed
			rows = append(rows, row)
		}
	}
	js, _ := json.MarshalIndent(rows, "", "  ")
	if err := os.WriteFile(out+".json", append(js, '\n'), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(out+".md", []byte(markdown(rows, runs)), 0o644); err != nil {
		return err
	}
	return os.WriteFile(out+".svg", []byte(chart(rows)), 0o644)
}

func measure(cmd *exec.Cmd) (result, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return result{}, fmt.Errorf("%v: %s", err, stderr.String())
	}
	var r result
	if err := json.Unmarshal(bytes.TrimSpace(b), &r); err != nil {
		return result{}, fmt.Errorf("reading %q: %v", b, err)
	}
	return r, nil
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func markdown(rows []Row, runs int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| tokenizer | corpus | tokens | this library (MB/s) | reference (MB/s) | speed-up |\n")
	fmt.Fprintf(&b, "|---|---|---:|---:|---:|---:|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %d | %.1f | %.2f | %.1f× |\n", r.Tokenizer, r.Corpus, r.Tokens, r.OursMed, r.RefMed, r.Ratio)
	}
	fmt.Fprintf(&b, "\nMedians of %d alternating runs each, one core, 64 KB chunks, no special tokens; equal token counts.\n", runs)
	return b.String()
}

// chart draws one horizontal bar per row: the speed-up over the reference,
// with a line at 10×.
func chart(rows []Row) string {
	const (
		left, barH, gap, width = 230, 18, 6, 420
	)
	maxRatio := 10.0
	for _, r := range rows {
		maxRatio = max(maxRatio, r.Ratio)
	}
	scale := float64(width) / (maxRatio * 1.1)
	h := len(rows)*(barH+gap) + 50
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n", left+width+60, h)
	fmt.Fprintf(&b, `<text x="%d" y="16" font-size="14">Speed-up over Hugging Face tokenizers (Rust), one core</text>`+"\n", 10)
	for i, r := range rows {
		y := 30 + i*(barH+gap)
		w := r.Ratio * scale
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s · %s</text>`+"\n", left-8, y+13, r.Tokenizer, r.Corpus)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="#3b7dd8"/>`+"\n", left, y, w, barH)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%.1f×</text>`+"\n", float64(left)+w+4, y+13, r.Ratio)
	}
	x := float64(left) + 10*scale
	fmt.Fprintf(&b, `<line x1="%.1f" y1="24" x2="%.1f" y2="%d" stroke="#d33" stroke-dasharray="4 3"/>`+"\n", x, x, h-14)
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="#d33" text-anchor="middle">10×</text>`+"\n", x, h-2)
	b.WriteString("</svg>\n")
	return b.String()
}
