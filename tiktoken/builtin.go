package tiktoken

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/seed6642460b/tokenizers/tiktoken/internal/ranks"
	"github.com/seed6642460b/tokenizers/tokenizer"
)

// The rank files are in the directory $TIKTOKEN_RANKS (see internal/gen).
//go:generate go run ./internal/gen $TIKTOKEN_RANKS

// data holds the rank tables of the built-in encodings (see internal/gen).
//
//go:embed data/*.ranks.gz
var data embed.FS

// The split patterns of the built-in encodings, for [Load] of rank files
// made for them (Llama 3's tokenizer.model, for one, is a rank file for
// CL100KPattern).
const (
	// R50KPattern is the pattern of r50k_base, p50k_base and p50k_edit
	// (GPT-2's).
	R50KPattern = `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
	// CL100KPattern is the pattern of cl100k_base (GPT-4, GPT-3.5).
	CL100KPattern = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	// O200KPattern is the pattern of o200k_base (GPT-4o).
	O200KPattern = `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`
)

// builtin describes a built-in encoding, as tiktoken defines it.
type builtin struct {
	// file is the embedded table; the encoding has its first tokens
	// tokens (0: all).
	file    string
	tokens  int
	pattern string
	special map[string]uint32
}

var builtins = map[string]builtin{
	"r50k_base": {"p50k_base", 50256, R50KPattern, map[string]uint32{"<|endoftext|>": 50256}},
	"p50k_base": {"p50k_base", 0, R50KPattern, map[string]uint32{"<|endoftext|>": 50256}},
	"p50k_edit": {"p50k_base", 0, R50KPattern, map[string]uint32{
		"<|endoftext|>":  50256,
		"<|fim_prefix|>": 50281,
		"<|fim_middle|>": 50282,
		"<|fim_suffix|>": 50283,
	}},
	"cl100k_base": {"cl100k_base", 0, CL100KPattern, map[string]uint32{
		"<|endoftext|>":   100257,
		"<|fim_prefix|>":  100258,
		"<|fim_middle|>":  100259,
		"<|fim_suffix|>":  100260,
		"<|endofprompt|>": 100276,
	}},
	"o200k_base": {"o200k_base", 0, O200KPattern, map[string]uint32{
		"<|endoftext|>":   199999,
		"<|endofprompt|>": 200018,
	}},
}

// Names returns the names of the built-in encodings, sorted.
func Names() []string { return slices.Sorted(maps.Keys(builtins)) }

// Encoding returns the tokenizer of the built-in encoding name (one of
// [Names]): cl100k_base, o200k_base, r50k_base, p50k_base or p50k_edit.
// Special tokens in the text give their ids, as tiktoken's
// encode(text, allowed_special="all") does; see [EncodingOrdinary].
//
// Each call builds a new tokenizer from the embedded rank table (about
// 0.1 s for o200k_base, and half that for cl100k_base): call it once and
// keep the tokenizer, which is safe for concurrent use.
func Encoding(name string) (*tokenizer.Tokenizer, error) { return encoding(name, true) }

// EncodingOrdinary is [Encoding] for tiktoken's encode_ordinary: special
// tokens in the text are encoded as the text they are. Decoding still knows
// their ids.
func EncodingOrdinary(name string) (*tokenizer.Tokenizer, error) { return encoding(name, false) }

func encoding(name string, addSpecial bool) (*tokenizer.Tokenizer, error) {
	b, ok := builtins[name]
	if !ok {
		return nil, fmt.Errorf("tiktoken: unknown encoding %q (built in: %q)", name, Names())
	}
	t, err := readTable(b.file)
	if err != nil {
		return nil, fmt.Errorf("tiktoken: %s: %w", name, err)
	}
	if b.tokens > 0 {
		t.Text = t.Text[:t.Ends[b.tokens-1]]
		t.Ends = t.Ends[:b.tokens]
		t.Ranks = t.Ranks[:b.tokens]
		t.Split = t.Split[:b.tokens]
	}
	return build(t, b.pattern, b.special, addSpecial)
}

// readTable reads an embedded table.
func readTable(file string) (*ranks.Table, error) {
	z, err := data.ReadFile("data/" + file + ".ranks.gz")
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, err
	}
	// A gzip file ends with the size of its content (modulo 2^32).
	raw := make([]byte, binary.LittleEndian.Uint32(z[len(z)-4:]))
	if _, err := io.ReadFull(zr, raw); err != nil {
		return nil, err
	}
	if n, err := zr.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		return nil, fmt.Errorf("%s: the content is longer than its size", file)
	}
	return ranks.ReadCompact(raw)
}
