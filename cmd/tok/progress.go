package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// progress draws a progress line on standard error while a long command
// runs, when standard error is a terminal. A nil *progress draws nothing.
type progress struct {
	w     io.Writer
	total int64 // bytes to process, -1 when unknown
	done  atomic.Int64
	start time.Time

	mu    sync.Mutex
	drawn bool
	quit  chan struct{}
	ended chan struct{}
}

// progressDelay is how long a command runs before the progress line
// appears, and progressEvery how often it is redrawn.
const (
	progressDelay = 500 * time.Millisecond
	progressEvery = 200 * time.Millisecond
)

// isTerminal reports whether w is a terminal (a character device), and
// returns its file information.
func isTerminal(w io.Writer) (os.FileInfo, bool) {
	f, ok := w.(*os.File)
	if !ok {
		return nil, false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil, false
	}
	return st, true
}

// startProgress starts drawing the progress of processing total bytes
// (-1 when unknown) on stderr, and returns nil when stderr is not a
// terminal. Unless shareTerminal is true, it also returns nil when stdout
// is the same terminal, where the output would mix with the progress line;
// with shareTerminal the caller writes its output through p.writer.
func startProgress(stderr, stdout io.Writer, total int64, shareTerminal bool) *progress {
	est, ok := isTerminal(stderr)
	if !ok {
		return nil
	}
	if ost, ok := isTerminal(stdout); ok && !shareTerminal && os.SameFile(est, ost) {
		return nil
	}
	p := &progress{w: stderr, total: total, start: time.Now(), quit: make(chan struct{}), ended: make(chan struct{})}
	go p.loop()
	return p
}

func (p *progress) loop() {
	defer close(p.ended)
	delay := time.NewTimer(progressDelay)
	defer delay.Stop()
	select {
	case <-p.quit:
		return
	case <-delay.C:
	}
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	for {
		p.mu.Lock()
		fmt.Fprintf(p.w, "\r\x1b[K%s", formatProgress(p.done.Load(), p.total, time.Since(p.start)))
		p.drawn = true
		p.mu.Unlock()
		select {
		case <-p.quit:
			return
		case <-tick.C:
		}
	}
}

// add records n more bytes processed.
func (p *progress) add(n int) {
	if p != nil {
		p.done.Add(int64(n))
	}
}

// finish stops drawing and erases the progress line.
func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.quit)
	<-p.ended
	p.clear()
}

// clear erases the progress line if it is drawn.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// writer returns w, or, when p draws on the terminal w also writes to, a
// writer that erases the progress line before each write (each write should
// then be whole lines).
func (p *progress) writer(w io.Writer) io.Writer {
	if p == nil {
		return w
	}
	return progressWriter{p, w}
}

type progressWriter struct {
	p *progress
	w io.Writer
}

func (pw progressWriter) Write(b []byte) (int, error) {
	pw.p.mu.Lock()
	defer pw.p.mu.Unlock()
	if pw.p.drawn {
		fmt.Fprint(pw.p.w, "\r\x1b[K")
		pw.p.drawn = false
	}
	return pw.w.Write(b)
}

// formatProgress returns the progress line: a bar and the percentage when
// the total is known, bytes done (of how many), and the rate.
func formatProgress(done, total int64, elapsed time.Duration) string {
	s := "tok: "
	if total >= 0 {
		frac := 1.0
		if total > 0 {
			frac = float64(min(done, total)) / float64(total)
		}
		const width = 20
		full := int(frac * width)
		s += fmt.Sprintf("[%s%s] %3.0f%% %s / %s", strings.Repeat("#", full), strings.Repeat("-", width-full),
			100*frac, formatBytes(done), formatBytes(total))
	} else {
		s += formatBytes(done)
	}
	if sec := elapsed.Seconds(); sec > 0 {
		s += fmt.Sprintf(", %s/s", formatBytes(int64(float64(done)/sec)))
	}
	return s
}

// formatBytes formats a number of bytes in the largest decimal unit (kB,
// MB, GB) that keeps the number at least 1.
func formatBytes(n int64) string {
	const k = 1000
	switch {
	case n < k:
		return fmt.Sprintf("%d B", n)
	case n < k*k:
		return fmt.Sprintf("%.1f kB", float64(n)/k)
	case n < k*k*k:
		return fmt.Sprintf("%.1f MB", float64(n)/(k*k))
	default:
		return fmt.Sprintf("%.2f GB", float64(n)/(k*k*k))
	}
}
