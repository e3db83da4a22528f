// Package ranks reads tiktoken rank files, in their text form (.tiktoken)
// and in the compact form package tiktoken embeds, and derives from the
// ranks the BPE merges that give tiktoken's results.
package ranks

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
)

// Table holds the tokens of a rank file by increasing rank.
type Table struct {
	// Text holds the bytes of the tokens, one after the other: token i
	// is Text[Ends[i-1]:Ends[i]] (Text[:Ends[0]] for the first).
	Text []byte
	Ends []uint32
	// Ranks holds the rank of each token, increasing (ranks need not be
	// contiguous: p50k_base has a gap where <|endoftext|> is).
	Ranks []uint32
	// Split holds what [Table.Splits] returns, when known (tables in the
	// compact form have it), or nil.
	Split []uint32
}

// Len returns the number of tokens.
func (t *Table) Len() int { return len(t.Ranks) }

// Token returns the bytes of token i (the i-th by rank).
func (t *Table) Token(i int) []byte {
	start := uint32(0)
	if i > 0 {
		start = t.Ends[i-1]
	}
	return t.Text[start:t.Ends[i]]
}

// Parse reads a rank file in tiktoken's text form: one token a line, its
// bytes in standard base64 (with padding), then white space, then its rank
// in decimal. Empty lines are skipped; lines may be in any order. Errors
// name the line. Parse fails on an empty token, a rank over 2^32-2, and on
// two lines with the same rank or the same token (tiktoken keeps the last
// of two equal tokens; a file holding two is damaged).
func Parse(r io.Reader) (*Table, error) {
	type entry struct {
		rank       uint32
		start, end uint32
		line       int
	}
	var (
		text    []byte
		entries []entry
		buf     []byte
	)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		l := sc.Bytes()
		if len(l) == 0 {
			continue
		}
		fields := bytes.Fields(l)
		if len(fields) != 2 {
			return nil, fmt.Errorf("line %d: want two fields (base64 token, rank), have %d", line, len(fields))
		}
		var err error
		buf = slices.Grow(buf[:0], base64.StdEncoding.DecodedLen(len(fields[0])))
		buf = buf[:cap(buf)]
		n, err := base64.StdEncoding.Decode(buf, fields[0])
		if err != nil {
			return nil, fmt.Errorf("line %d: token %q: %v", line, fields[0], err)
		}
		if n == 0 {
			return nil, fmt.Errorf("line %d: empty token", line)
		}
		rank, err := strconv.ParseUint(string(fields[1]), 10, 32)
		if err != nil || rank == math.MaxUint32 {
			return nil, fmt.Errorf("line %d: rank %q is not a number from 0 to %d", line, fields[1], uint32(math.MaxUint32-1))
		}
		if uint64(len(text))+uint64(n) > math.MaxUint32 {
			return nil, fmt.Errorf("line %d: the tokens are too long", line)
		}
		start := uint32(len(text))
		text = append(text, buf[:n]...)
		entries = append(entries, entry{uint32(rank), start, uint32(len(text)), line})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	if !slices.IsSortedFunc(entries, func(a, b entry) int { return cmp.Compare(a.rank, b.rank) }) {
		slices.SortStableFunc(entries, func(a, b entry) int { return cmp.Compare(a.rank, b.rank) })
	}
	t := &Table{
		Text:  make([]byte, 0, len(text)),
		Ends:  make([]uint32, len(entries)),
		Ranks: make([]uint32, len(entries)),
	}
	for i, e := range entries {
		if i > 0 && e.rank == entries[i-1].rank {
			return nil, fmt.Errorf("line %d: rank %d is also the rank of line %d", e.line, e.rank, entries[i-1].line)
		}
		t.Text = append(t.Text, text[e.start:e.end]...)
		t.Ends[i] = uint32(len(t.Text))
		t.Ranks[i] = e.rank
	}
	if i, j, ok := t.duplicate(); ok {
		li, lj := entries[i].line, entries[j].line
		return nil, fmt.Errorf("line %d: token %q is also the token of line %d", max(li, lj), t.Token(i), min(li, lj))
	}
	return t, nil
}

// duplicate returns two tokens with the same bytes, if there are.
func (t *Table) duplicate() (i, j int, ok bool) {
	seen := make(map[string]int, t.Len())
	for k := range t.Len() {
		tok := t.Token(k)
		if prev, dup := seen[string(tok)]; dup {
			return prev, k, true
		}
		seen[string(tok)] = k
	}
	return 0, 0, false
}

// The compact form is a sequence of records, one per token by increasing
// rank: uvarint(rank - previous rank - 1) (the previous rank of the first
// is -1), uvarint(length), uvarint(split), the bytes, where split is what
// [Table.Splits] gives. Package tiktoken embeds it gzip-compressed: it is a
// third smaller than the base64 text, and reads without decoding base64,
// parsing numbers or deriving the merges.

// WriteCompact writes t in the compact form, computing the splits when t
// does not have them.
func (t *Table) WriteCompact(w io.Writer) error {
	split := t.Split
	if split == nil {
		var err error
		if split, err = t.Splits(); err != nil {
			return err
		}
	}
	bw := bufio.NewWriter(w)
	var tmp [3 * binary.MaxVarintLen32]byte
	prev := int64(-1)
	for i := range t.Len() {
		tok := t.Token(i)
		n := binary.PutUvarint(tmp[:], uint64(int64(t.Ranks[i])-prev-1))
		n += binary.PutUvarint(tmp[n:], uint64(len(tok)))
		n += binary.PutUvarint(tmp[n:], uint64(split[i]))
		bw.Write(tmp[:n])
		bw.Write(tok)
		prev = int64(t.Ranks[i])
	}
	return bw.Flush()
}

// ErrCorrupt is the error ReadCompact returns for data not in the compact
// form.
var ErrCorrupt = errors.New("ranks: corrupt compact table")

// ReadCompact reads a table in the compact form from data. It checks that
// the data is well formed, not the table (it is only written from a
// checked one).
func ReadCompact(data []byte) (*Table, error) {
	// The records are at least 4 bytes long.
	t := &Table{
		Text:  make([]byte, 0, len(data)),
		Ends:  make([]uint32, 0, len(data)/4),
		Ranks: make([]uint32, 0, len(data)/4),
		Split: make([]uint32, 0, len(data)/4),
	}
	prev := int64(-1)
	for len(data) > 0 {
		var v [3]uint64
		for k := range v {
			x, n := binary.Uvarint(data)
			if n <= 0 {
				return nil, ErrCorrupt
			}
			v[k] = x
			data = data[n:]
		}
		gap, size, split := v[0], v[1], v[2]
		if size == 0 || size > uint64(len(data)) || split >= size {
			return nil, ErrCorrupt
		}
		rank := prev + 1 + int64(gap)
		if gap >= math.MaxUint32 || rank >= math.MaxUint32 {
			return nil, ErrCorrupt
		}
		t.Text = append(t.Text, data[:size]...)
		t.Ends = append(t.Ends, uint32(len(t.Text)))
		t.Ranks = append(t.Ranks, uint32(rank))
		t.Split = append(t.Split, uint32(split))
		data = data[size:]
		prev = rank
	}
	return t, nil
}
