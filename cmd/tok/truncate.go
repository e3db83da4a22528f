package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"
	"unsafe"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// cmdTruncate prints the input (a file, or standard input) cut to its first
// --max tokens; with --lines, each line cut on its own. See truncator.cut for
// where the cut falls.
func cmdTruncate(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("truncate", stderr)
	setHelp(fs, `Usage: tok truncate -t PATH|MODEL --max N [--special] [--lines] [FILE]

Print FILE ("-", or no FILE, for standard input) cut to its first N tokens.
The output is a prefix of the input's bytes, written as they are, nothing
added: the whole input when it has N tokens or fewer; otherwise the longest
prefix, ending where a token starts or ends, whose tokens are exactly the
input's first tokens: N of them, or fewer when the next token shares a
character with the ones before (a character split into several byte-level
tokens is kept whole or not at all) or a word cut inside would tokenize
differently. Text that makes no token before the first token left out
(spaces a BERT-style tokenizer drops) is kept. Encoding the output gives at
most N tokens, the input's first ones; with --special, N includes the
special tokens encoding adds ([CLS], [SEP]...).

With --lines, each line is cut on its own and keeps its line end (\n or
\r\n), so a large N gives the input back; blocks of lines are cut on all
cores. Without it, the whole input is read and cut as one text.
`)
	path := fs.String("t", "", tFlag)
	maxTokens := fs.Int("max", 0, "keep at most `N` tokens (required)")
	special := fs.Bool("special", false, "count the special tokens encoding adds ([CLS], <s>...) within N")
	lines := fs.Bool("lines", false, "cut each line (without its \\n or \\r\\n, which is kept) on its own")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	hasMax := false
	fs.Visit(func(f *flag.Flag) { hasMax = hasMax || f.Name == "max" })
	if !hasMax || *maxTokens < 0 {
		return usagef("--max N (0 or more) is required")
	}
	if len(rest) > 1 {
		return usagef("one FILE at most (- or none for standard input)")
	}
	tk, err := load(*path)
	if err != nil {
		return err
	}
	budget := *maxTokens
	if *special {
		n := tk.NumSpecialTokens(false)
		if budget < n {
			return fmt.Errorf("--max %d is less than the %d special tokens this tokenizer adds to a text", budget, n)
		}
		budget -= n
	}
	raw, err := withoutPostProcessor(tk)
	if err != nil {
		return err
	}
	name := "-"
	if len(rest) == 1 {
		name = rest[0]
	}
	in, err := openInput(name, stdin)
	if err != nil {
		return fmt.Errorf("%s: %w", name, fileError(err))
	}
	defer in.Close()
	w := bufio.NewWriterSize(stdout, 64<<10)

	if !*lines {
		data, err := readAll(in)
		if err != nil {
			return fmt.Errorf("%s: %w", name, fileError(err))
		}
		tr := truncator{tk: raw}
		n, err := tr.cut(unsafe.String(unsafe.SliceData(data), len(data)), budget)
		if err != nil {
			return err
		}
		if _, err := w.Write(data[:n]); err != nil {
			return err
		}
		return w.Flush()
	}

	p := startProgress(stderr, stdout, in.size, false)
	defer p.finish()
	produce := func(send func(*task) bool) {
		line := 1
		err := readLineBlocks(in.r, blockSize, func(b []byte) bool {
			t := &task{line: line, data: b}
			line += bytes.Count(b, []byte{'\n'})
			return send(t)
		})
		if err != nil {
			send(&task{end: true, err: fmt.Errorf("%s: %w", name, fileError(err))})
		}
	}
	newWorker := func() func(*task) {
		tr := truncator{tk: raw}
		return func(t *task) {
			text := unsafe.String(unsafe.SliceData(t.data), len(t.data))
			line := t.line
			t.err = eachLine(text, func(l, eol string) error {
				n, err := tr.cut(l, budget)
				if err != nil {
					return lineError(line, err)
				}
				t.out = append(append(t.out, l[:n]...), eol...)
				line++
				return nil
			})
		}
	}
	emit := func(t *task) error {
		if t.err != nil {
			return t.err
		}
		p.add(len(t.data))
		_, err := w.Write(t.out)
		return err
	}
	if err := runOrdered(produce, newWorker, emit); err != nil {
		return err
	}
	return w.Flush()
}

// withoutPostProcessor returns tk without its post-processor: without
// special tokens, a post-processor changes no id, but some (ByteLevel and
// RobertaProcessing with trim_offsets) move the offsets off the spaces a
// token holds, and truncate wants the raw offsets.
func withoutPostProcessor(tk *tokenizer.Tokenizer) (*tokenizer.Tokenizer, error) {
	c := tk.Config()
	c.PostProcessor, c.Truncation, c.Padding = nil, nil, nil
	return tokenizer.New(c)
}

// truncator cuts texts to their first tokens; it reuses its memory from one
// text to the next. Its tokenizer has no post-processor.
type truncator struct {
	tk  *tokenizer.Tokenizer
	enc tokenizer.Encoding
	ids []uint32
}

// cut returns the length of the prefix of text that truncate keeps for at
// most n tokens (special tokens not counted): the whole text when it has n
// tokens or fewer, else the longest prefix, cut where a token starts or
// ends, whose tokens are the first tokens of text (n of them, or fewer when
// no cut gives exactly n: a character split into several byte-level tokens
// is kept whole or not at all, and a word cut inside may not tokenize as it
// does within the whole text). Every candidate cut is checked by encoding
// the prefix, so the result holds for any tokenizer: the tokens of
// text[:cut] are exactly the first tokens of text, at most n of them. A cut
// never splits a valid UTF-8 character (an invalid byte is a character of
// its own, as the tokenizer reads it).
func (tr *truncator) cut(text string, n int) (int, error) {
	opts := tokenizer.Options{Truncation: &tokenizer.Truncation{MaxLength: n + 1}}
	if err := tr.tk.EncodeTo(&tr.enc, tokenizer.Single(text), &opts); err != nil {
		return 0, err
	}
	ids, offs := tr.enc.IDs, tr.enc.Offsets
	if len(ids) <= n {
		return len(text), nil
	}
	// Candidates, from the longest: where token k starts, then where
	// token k-1 ends, for k from n (the first token left out) down.
	tried := len(text) + 1
	for k := n; k >= 0; k-- {
		cands := [2]int{offs[k].Start, -1}
		if k > 0 {
			cands[1] = offs[k-1].End
		}
		if cands[1] > cands[0] {
			cands[0], cands[1] = cands[1], cands[0]
		}
		for _, c := range cands {
			if c < 0 || c >= tried || splitsRune(text, c) {
				continue
			}
			tried = c
			var err error
			if tr.ids, err = tr.tk.AppendIDs(tr.ids[:0], text[:c]); err != nil {
				return 0, err
			}
			if len(tr.ids) <= n && slices.Equal(tr.ids, ids[:len(tr.ids)]) {
				return c, nil
			}
		}
	}
	return 0, nil
}

// splitsRune reports whether cutting s at i splits a valid UTF-8 encoded
// character.
func splitsRune(s string, i int) bool {
	if i <= 0 || i >= len(s) {
		return false
	}
	for j := i - 1; j >= 0 && j >= i-(utf8.UTFMax-1); j-- {
		if utf8.RuneStart(s[j]) {
			r, size := utf8.DecodeRuneInString(s[j:])
			return (r != utf8.RuneError || size > 1) && j+size > i
		}
	}
	return false
}
