package tokenizer_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// streamCase is one line of testdata/stream.jsonl.gz (see stream-gen.js).
type streamCase struct {
	Tok  string            `json:"tok"`
	Skip bool              `json:"skip"`
	IDs  []uint32          `json:"ids"`
	Out  []json.RawMessage `json:"out"`
}

// streamStep is what one step gives, in the form of stream.jsonl.gz: a
// JSON string, null, or {"err": message}.
func streamStep(text string, ok bool, err error) string {
	if err != nil {
		var ip *tokenizer.InvalidPrefixError
		if !errors.As(err, &ip) {
			return fmt.Sprintf(`{"err":%q}`, "decode: "+err.Error())
		}
		b, _ := json.Marshal(map[string]string{"err": err.Error()})
		return string(b)
	}
	if !ok {
		return "null"
	}
	b, _ := json.Marshal(text)
	return string(b)
}

// TestDecodeStream steps DecodeStreams through the id sequences of
// testdata/stream.jsonl.gz and checks every step's chunk, None and error
// against the reference's.
func TestDecodeStream(t *testing.T) {
	toks := navTokenizers{}
	var cases []streamCase
	navReadLines(t, filepath.Join("testdata", "stream.jsonl.gz"), func(line []byte) {
		var c streamCase
		require.NoError(t, json.Unmarshal(line, &c))
		cases = append(cases, c)
	})
	require.NotEmpty(t, cases)
	for i, c := range cases {
		t.Run(fmt.Sprintf("%s/%d", c.Tok, i), func(t *testing.T) {
			tk := toks.get(t, c.Tok)
			s := tk.NewDecodeStream(c.Skip)
			var all strings.Builder
			errored := false
			for j, id := range c.IDs {
				text, ok, err := s.Step(id)
				got := streamStep(text, ok, err)
				var want any
				require.NoError(t, json.Unmarshal(c.Out[j], &want))
				wantJSON, _ := json.Marshal(want)
				var gotV any
				require.NoError(t, json.Unmarshal([]byte(got), &gotV))
				gotJSON, _ := json.Marshal(gotV)
				require.Equal(t, string(wantJSON), string(gotJSON), "step %d (id %d) of %v skip=%v", j, id, c.IDs, c.Skip)
				all.WriteString(text)
				errored = errored || err != nil
			}
			if errored {
				return
			}
			// Without errors, the chunks add up to at most the decoding
			// of all the ids: what is missing is held back (a trailing
			// U+FFFD, or text not yet returned). That does not hold
			// when the decoding has U+FFFD: a run of byte-fallback
			// tokens that ends in an invalid sequence decodes to
			// U+FFFD as a whole, characters already returned included.
			full, err := tk.Decode(c.IDs, c.Skip)
			require.NoError(t, err)
			if strings.ContainsRune(full, '\uFFFD') {
				return
			}
			require.True(t, strings.HasPrefix(full, all.String()), "chunks %q, decode %q", all.String(), full)
		})
	}
}

// TestDecodeStreamConcurrent runs streams sharing one Tokenizer in parallel
// (a DecodeStream itself is for one goroutine).
func TestDecodeStreamConcurrent(t *testing.T) {
	toks := navTokenizers{}
	tk := toks.get(t, "gpt2")
	text := "Héllo wörld 😀, 日本語のテキスト! Streaming works token by token."
	enc, err := tk.Encode(text)
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for g := range errs {
		wg.Go(func() {
			for range 20 {
				s := tk.NewDecodeStream(false)
				var b strings.Builder
				for _, id := range enc.IDs {
					chunk, _, err := s.Step(id)
					if err != nil {
						errs[g] = err
						return
					}
					b.WriteString(chunk)
				}
				if b.String() != text {
					errs[g] = fmt.Errorf("got %q", b.String())
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
}
