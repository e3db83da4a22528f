package tokenizer_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// TestConcurrentEncode shares one tokenizer among many goroutines that
// encode different inputs with different options at the same time, and
// checks every result against the same call made alone. Run it with -race.
func TestConcurrentEncode(t *testing.T) {
	for _, name := range []string{"bert-base-uncased", "gpt2"} {
		t.Run(name, func(t *testing.T) {
			tk, err := tokenizer.FromFile(filepath.Join("..", "testdata", "tokenizers", name, "tokenizer.json"))
			if err != nil {
				t.Fatal(err)
			}
			texts := []string{
				"Hello, world!", "The quick brown fox jumps over the lazy dog.",
				"Héllo wörld — ünïcode 😀 日本語", "", "  leading and trailing  ",
				"a much longer sentence that truncation will certainly cut somewhere in the middle of it",
			}
			optsList := []tokenizer.Options{
				{AddSpecialTokens: true},
				{AddSpecialTokens: false, CharOffsets: true},
				{AddSpecialTokens: true, Truncation: &tokenizer.Truncation{MaxLength: 5}},
				{AddSpecialTokens: true, Padding: &tokenizer.Padding{Fixed: true, Length: 16, PadToken: "[PAD]"}},
				{AddSpecialTokens: true, Truncation: &tokenizer.Truncation{MaxLength: 6, Direction: tokenizer.Left, Stride: 2}},
			}
			type job struct {
				in   tokenizer.Input
				opts *tokenizer.Options
			}
			var jobs []job
			for i, s := range texts {
				for j := range optsList {
					jobs = append(jobs, job{tokenizer.Single(s), &optsList[j]})
					jobs = append(jobs, job{tokenizer.Pair(s, texts[(i+1)%len(texts)]), &optsList[j]})
				}
			}
			want := make([]string, len(jobs))
			for i, j := range jobs {
				want[i] = encodeString(tk, j.in, j.opts)
			}
			var wg sync.WaitGroup
			errs := make(chan string, 8*len(jobs))
			for g := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var e tokenizer.Encoding // reused across calls
					for k := range 3 * len(jobs) {
						i := (k*7 + g*13) % len(jobs)
						j := jobs[i]
						got := encodeIntoString(tk, &e, j.in, j.opts)
						if got != want[i] {
							errs <- fmt.Sprintf("job %d: got %s, want %s", i, got, want[i])
							return
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for e := range errs {
				t.Error(e)
			}
		})
	}
}

func encodeString(tk *tokenizer.Tokenizer, in tokenizer.Input, opts *tokenizer.Options) string {
	var e tokenizer.Encoding
	return encodeIntoString(tk, &e, in, opts)
}

func encodeIntoString(tk *tokenizer.Tokenizer, e *tokenizer.Encoding, in tokenizer.Input, opts *tokenizer.Options) string {
	if err := tk.EncodeTo(e, in, opts); err != nil {
		return "error: " + err.Error()
	}
	v := reflect.ValueOf(*e)
	s := ""
	for i := range v.NumField() {
		if v.Type().Field(i).IsExported() {
			s += fmt.Sprint(v.Field(i).Interface()) + ";"
		}
	}
	return s + fmt.Sprint(e.SequenceIDs())
}
