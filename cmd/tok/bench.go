package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// cmdBench measures encoding throughput the way ../shared/ref/bench.js
// measures the reference's: the files are cut into chunks of about --chunk
// characters at line ends, every chunk is encoded without special tokens,
// and the best of --rounds passes (after a warm-up pass) is reported.
func cmdBench(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", stderr)
	path := fs.String("t", "", "`tokenizer.json` path, directory, or Hugging Face model id (org/name[@revision])")
	chunk := fs.Int("chunk", 65536, "chunk size in UTF-16 code units, as bench.js counts them (cut at the next line end)")
	rounds := fs.Int("rounds", 3, "timed passes (after one warm-up pass); the best is reported")
	workers := fs.Int("workers", 1, "goroutines encoding chunks at once")
	asJSON := fs.Bool("json", false, "print one JSON line")
	mode := fs.String("mode", "ids", "what to compute: `ids` (AppendIDs) or encoding (full Encoding with offsets)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("no FILE to encode")
	}
	if *chunk <= 0 || *rounds <= 0 || *workers <= 0 {
		return usagef("--chunk, --rounds and --workers must be positive")
	}
	if *mode != "ids" && *mode != "encoding" {
		return usagef("--mode must be ids or encoding, not %q", *mode)
	}
	tk, err := load(*path)
	if err != nil {
		return err
	}
	var chunks []string
	total := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		total += len(data)
		chunks = append(chunks, splitChunks(string(data), *chunk)...)
	}
	encodeChunk := func(enc *tokenizer.Encoding, ids []uint32, s string, opts *tokenizer.Options) ([]uint32, int, error) {
		if *mode == "ids" {
			ids, err := tk.AppendIDs(ids[:0], s)
			return ids, len(ids), err
		}
		err := tk.EncodeTo(enc, tokenizer.Single(s), opts)
		return ids, enc.Len(), err
	}
	pass := func() (int, time.Duration, error) {
		start := time.Now()
		var (
			mu     sync.Mutex
			tokens int
			first  error
			wg     sync.WaitGroup
			next   = make(chan string)
		)
		for range *workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				opts := tokenizer.Options{} // no special tokens, truncation or padding
				var enc tokenizer.Encoding
				var ids []uint32
				n := 0
				for s := range next {
					var k int
					var err error
					if ids, k, err = encodeChunk(&enc, ids, s, &opts); err != nil {
						mu.Lock()
						first = err
						mu.Unlock()
					}
					n += k
				}
				mu.Lock()
				tokens += n
				mu.Unlock()
			}()
		}
		for _, c := range chunks {
			next <- c
		}
		close(next)
		wg.Wait()
		return tokens, time.Since(start), first
	}
	runtime.GC()
	tokens, _, err := pass()
	if err != nil {
		return err
	}
	best := time.Duration(1<<63 - 1)
	for range *rounds {
		n, d, err := pass()
		if err != nil {
			return err
		}
		tokens = n
		best = min(best, d)
	}
	secs := best.Seconds()
	res := struct {
		Bytes      int     `json:"bytes"`
		Tokens     int     `json:"tokens"`
		Seconds    float64 `json:"seconds"`
		MBPerS     float64 `json:"mb_per_s"`
		TokensPerS float64 `json:"tokens_per_s"`
	}{total, tokens, secs, float64(total) / 1e6 / secs, float64(tokens) / secs}
	if *asJSON {
		b, _ := json.Marshal(res)
		_, err = fmt.Fprintln(stdout, string(b))
		return err
	}
	_, err = fmt.Fprintf(stdout, "bytes %d  tokens %d  seconds %.4f  %.2f MB/s  %.0f tokens/s  (%d chunks, %d worker(s), mode %s)\n",
		res.Bytes, res.Tokens, res.Seconds, res.MBPerS, res.TokensPerS, len(chunks), *workers, *mode)
	return err
}

// splitChunks cuts text like bench.js does: a chunk ends at the first line
// end at or after size UTF-16 code units from its start (JavaScript string
// lengths), or at the end of the text.
func splitChunks(text string, size int) []string {
	var out []string
	start := 0
	for start < len(text) {
		// Advance size UTF-16 units from start.
		units, i := 0, start
		for i < len(text) && units < size {
			r, sz := utf8.DecodeRuneInString(text[i:])
			if r >= 0x10000 {
				units += 2
			} else {
				units++
			}
			i += sz
		}
		end := len(text)
		if i < len(text) {
			if nl := indexByteFrom(text, '\n', i); nl >= 0 {
				end = nl + 1
			}
		}
		out = append(out, text[start:end])
		start = end
	}
	return out
}

func indexByteFrom(s string, c byte, from int) int {
	for i := from; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
