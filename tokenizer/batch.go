package tokenizer

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// EncodeBatch encodes several inputs on all cores, then pads them together
// when opts asks for padding (to the longest of the batch with
// BatchLongest). The results are in the order of the inputs. opts nil means
// the tokenizer's defaults.
func (t *Tokenizer) EncodeBatch(inputs []Input, opts *Options) ([]Encoding, error) {
	return t.EncodeBatchContext(context.Background(), inputs, opts)
}

// EncodeBatchContext is [Tokenizer.EncodeBatch] with a context: when ctx is
// done, the workers stop after the input each is encoding and the context's
// error is returned.
func (t *Tokenizer) EncodeBatchContext(ctx context.Context, inputs []Input, opts *Options) ([]Encoding, error) {
	if opts == nil {
		o := t.defaults()
		opts = &o
	}
	out := make([]Encoding, len(inputs))
	err := parallel(ctx, len(inputs), func(i int) error {
		if err := t.EncodeTo(&out[i], inputs[i], opts); err != nil {
			return fmt.Errorf("input %d: %w", i, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if opts.Padding != nil {
		padEncodings(out, opts.Padding)
	}
	return out, nil
}

// DecodeBatch decodes several id sequences on all cores (see
// [Tokenizer.Decode]).
func (t *Tokenizer) DecodeBatch(ids [][]uint32, skipSpecialTokens bool) ([]string, error) {
	return t.DecodeBatchContext(context.Background(), ids, skipSpecialTokens)
}

// DecodeBatchContext is [Tokenizer.DecodeBatch] with a context.
func (t *Tokenizer) DecodeBatchContext(ctx context.Context, ids [][]uint32, skipSpecialTokens bool) ([]string, error) {
	out := make([]string, len(ids))
	err := parallel(ctx, len(ids), func(i int) error {
		s, err := t.Decode(ids[i], skipSpecialTokens)
		if err != nil {
			return fmt.Errorf("input %d: %w", i, err)
		}
		out[i] = s
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// parallel calls f(0..n-1) on up to GOMAXPROCS goroutines, handing out
// indexes one at a time so that uneven inputs balance. It returns the error
// of the lowest index that failed, or the context's error, and stops handing
// out work at the first of them.
func parallel(ctx context.Context, n int, f func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := f(i); err != nil {
				return err
			}
		}
		return nil
	}
	var (
		next    atomic.Int64
		stop    atomic.Bool
		mu      sync.Mutex
		errIdx  = n
		firstEr error
		wg      sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := ctx.Err(); err != nil {
					stop.Store(true)
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					if i < errIdx {
						errIdx, firstEr = i, err
					}
					mu.Unlock()
					stop.Store(true)
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstEr != nil {
		return firstEr
	}
	return ctx.Err()
}
