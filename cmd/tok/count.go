package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"unsafe"
)

// cmdCount prints the number of tokens of each input (a file, or "-" for
// standard input, the default), then their total when there are several,
// as wc prints its counts. Each input is one text, counted exactly as
// encode tokenizes it (Tokenizer.Count, plus the post-processor's special
// tokens with --special); with --lines each line is a text of its own. The
// inputs, or with --lines blocks of lines, are counted in parallel on all
// cores; the output is in argument order. An input that cannot be read is
// reported on stderr and the others are still counted; the exit status is
// then 1.
func cmdCount(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("count", stderr)
	setHelp(fs, `Usage: tok count -t PATH|MODEL [--special] [--lines] [FILE...]

Print the number of tokens of each FILE ("-", or no FILE, for standard
input), then their total when there are several, as wc does. Each file is
one text, counted exactly as encode tokenizes it (without the special
tokens unless --special). With --lines, each line (without its \n or \r\n)
is a text of its own, and the file's count is the sum over its lines.
Files, and blocks of lines, are counted on all cores. A file that cannot be
read is reported on standard error; the others are still counted, and the
exit status is 1.
`)
	path := fs.String("t", "", tFlag)
	special := fs.Bool("special", false, "also count the special tokens encoding adds to each text ([CLS], <s>...)")
	lines := fs.Bool("lines", false, "count each line (without its \\n or \\r\\n) as a text of its own")
	names, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	tk, err := load(*path)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		names = []string{"-"}
	}
	specials := int64(0)
	if *special {
		specials = int64(tk.NumSpecialTokens(false))
	}

	size := int64(0)
	for _, name := range names {
		n := readerSize(stdin)
		if name != "-" {
			n = -1
			if st, err := os.Stat(name); err == nil && st.Mode().IsRegular() {
				n = st.Size()
			}
		}
		if n < 0 {
			size = -1
			break
		}
		size += n
	}
	p := startProgress(stderr, stdout, size, true)
	out, errOut := p.writer(stdout), p.writer(stderr)

	produce := func(send func(*task) bool) {
		for i, name := range names {
			in, err := openInput(name, stdin)
			if err != nil {
				if !send(&task{input: i, end: true, err: fileError(err)}) {
					return
				}
				continue
			}
			if *lines {
				line := 1
				err = readLineBlocks(in.r, blockSize, func(b []byte) bool {
					t := &task{input: i, line: line, data: b}
					line += bytes.Count(b, []byte{'\n'})
					return send(t)
				})
			} else {
				var data []byte
				if data, err = readAll(in); err == nil && !send(&task{input: i, data: data}) {
					in.Close()
					return
				}
			}
			in.Close()
			if !send(&task{input: i, end: true, err: fileError(err)}) {
				return
			}
		}
	}
	newWorker := func() func(*task) {
		return func(t *task) {
			// The block is not modified once read: it can be seen as a
			// string without a copy.
			text := unsafe.String(unsafe.SliceData(t.data), len(t.data))
			if !*lines {
				n, err := tk.Count(text)
				t.n, t.err = int64(n)+specials, err
				return
			}
			line := t.line
			t.err = eachLine(text, func(l, _ string) error {
				n, err := tk.Count(l)
				if err != nil {
					return lineError(line, err)
				}
				t.n += int64(n) + specials
				line++
				return nil
			})
		}
	}

	counts := make([]int64, len(names))
	errs := make([]error, len(names))
	total, failed := int64(0), 0
	emit := func(t *task) error {
		i := t.input
		p.add(len(t.data))
		counts[i] += t.n
		if t.err != nil && errs[i] == nil {
			errs[i] = t.err
		}
		if !t.end {
			return nil
		}
		if errs[i] != nil {
			failed++
			fmt.Fprintf(errOut, "tok count: %s: %v\n", names[i], errs[i])
			return nil
		}
		total += counts[i]
		var err error
		switch {
		case len(names) > 1:
			_, err = fmt.Fprintf(out, "%8d %s\n", counts[i], names[i])
		case names[i] == "-":
			_, err = fmt.Fprintf(out, "%d\n", counts[i])
		default:
			_, err = fmt.Fprintf(out, "%d %s\n", counts[i], names[i])
		}
		return err
	}
	err = runOrdered(produce, newWorker, emit)
	p.finish()
	if err != nil {
		return err
	}
	if len(names) > 1 {
		if _, err := fmt.Fprintf(stdout, "%8d total\n", total); err != nil {
			return err
		}
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

// readAll reads the rest of in, in one allocation when its size is known.
func readAll(in *input) ([]byte, error) {
	if in.size < 0 {
		return io.ReadAll(in.r)
	}
	var buf bytes.Buffer
	buf.Grow(int(in.size) + 1)
	_, err := buf.ReadFrom(in.r)
	return buf.Bytes(), err
}
