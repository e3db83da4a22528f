package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
)

// blockSize is the size of the blocks of lines that count --lines, truncate
// --lines and encode --jsonl give to one worker at a time.
const blockSize = 256 << 10

// task is one piece of work of runOrdered: a block of lines, or a whole
// input, of one of the inputs; or, with end set, the mark that an input is
// over (err then holds why it stopped early, if it did).
type task struct {
	input int    // index of the input the data comes from
	line  int    // number of the block's first line in its input, from 1
	data  []byte // the block
	end   bool   // the input is over: no data, no work
	err   error  // the work's error, or with end the input's read error
	n     int64  // a count the work made
	out   []byte // output the work made
	done  chan struct{}
}

// runOrdered runs work on all cores and hands the results to emit in the
// order produce sent the tasks. produce sends tasks until send returns false
// (emit failed: the pipeline is stopping). newWorker is called once per
// worker goroutine and returns its work function, which may keep state of
// its own. At most a few tasks per core are in flight, which bounds memory.
// runOrdered returns emit's first error; it then returns at once, leaving
// produce to stop at its next send.
func runOrdered(produce func(send func(*task) bool), newWorker func() func(*task), emit func(*task) error) error {
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *task, workers)
	order := make(chan *task, 2*workers)
	stop := make(chan struct{})
	go func() {
		defer close(order)
		defer close(jobs)
		produce(func(t *task) bool {
			t.done = make(chan struct{})
			select {
			case order <- t:
			case <-stop:
				return false
			}
			if t.end {
				close(t.done)
				return true
			}
			select {
			case jobs <- t:
				return true
			case <-stop:
				return false
			}
		})
	}()
	for range workers {
		go func() {
			work := newWorker()
			for t := range jobs {
				work(t)
				close(t.done)
			}
		}()
	}
	for t := range order {
		<-t.done
		if err := emit(t); err != nil {
			close(stop)
			return err
		}
	}
	return nil
}

// readLineBlocks reads r and calls fn with blocks of about size bytes made
// of whole lines: each block ends just after a '\n', except the last one of
// the input, and a line longer than size makes a longer block. Each block is
// a new slice that fn may keep. fn returns false to stop reading.
func readLineBlocks(r io.Reader, size int, fn func(block []byte) bool) error {
	buf := make([]byte, 0, size)
	for {
		eof := false
		for len(buf) < cap(buf) {
			n, err := r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if errors.Is(err, io.EOF) {
				eof = true
				break
			}
			if err != nil {
				return err
			}
		}
		if eof {
			if len(buf) > 0 {
				fn(buf)
			}
			return nil
		}
		cut := bytes.LastIndexByte(buf, '\n') + 1
		if cut == 0 {
			// A line longer than the block: read more of it.
			buf = append(buf, make([]byte, cap(buf))...)[:len(buf)]
			continue
		}
		rest := buf[cut:]
		next := make([]byte, len(rest), max(size, 2*len(rest)))
		copy(next, rest)
		if !fn(buf[:cut]) {
			return nil
		}
		buf = next
	}
}

// eachLine calls fn with each line of block, without its line end ("\n" or
// "\r\n"), and that line end. A last line without a line end counts; there
// is no empty line after a final '\n'.
func eachLine(block string, fn func(line, eol string) error) error {
	for len(block) > 0 {
		line, eol := block, ""
		if i := strings.IndexByte(block, '\n'); i >= 0 {
			line, eol, block = block[:i], "\n", block[i+1:]
			if len(line) > 0 && line[len(line)-1] == '\r' {
				line, eol = line[:len(line)-1], "\r\n"
			}
		} else {
			block = ""
		}
		if err := fn(line, eol); err != nil {
			return err
		}
	}
	return nil
}

// input is one FILE argument of count, truncate or encode --jsonl: a path,
// or "-" for standard input.
type input struct {
	name string
	r    io.Reader
	size int64 // bytes to read, -1 when unknown
	c    io.Closer
}

// openInput opens the input name ("-" is stdin).
func openInput(name string, stdin io.Reader) (*input, error) {
	if name == "-" {
		return &input{name: name, r: stdin, size: readerSize(stdin)}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if st.IsDir() {
		f.Close()
		return nil, errors.New("is a directory")
	}
	return &input{name: name, r: f, size: readerSize(f), c: f}, nil
}

func (in *input) Close() {
	if in.c != nil {
		in.c.Close()
	}
}

// readerSize returns the number of bytes left to read in r when r is a
// regular file, else -1.
func readerSize(r io.Reader) int64 {
	f, ok := r.(*os.File)
	if !ok {
		return -1
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return -1
	}
	off, err := f.Seek(0, io.SeekCurrent)
	if err != nil || off > st.Size() {
		return -1
	}
	return st.Size() - off
}

// fileError returns err without the operation and path an *os.PathError
// repeats, as Unix tools print it after the file name.
func fileError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// lineError is the error of the line number line of an input.
func lineError(line int, err error) error {
	return fmt.Errorf("line %d: %w", line, err)
}
