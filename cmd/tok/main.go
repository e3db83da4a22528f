// Command tok tokenizes text with the tokenizer.json of a model: it
// encodes, decodes, counts and truncates, and shows what a tokenizer does.
//
// Usage:
//
//	tok encode -t PATH|MODEL [--pair TEXT] [--no-special] [--offsets=byte|char] TEXT...
//	tok encode -t PATH|MODEL --jsonl [--offsets=byte|char] [FILE...] < requests.jsonl > responses.jsonl
//	tok decode -t PATH|MODEL [--skip-special] ID...
//	tok count -t PATH|MODEL [--special] [--lines] [FILE...]
//	tok truncate -t PATH|MODEL --max N [--special] [--lines] [FILE]
//	tok inspect -t PATH|MODEL [--all]
//	tok bench -t PATH|MODEL [--chunk 65536] [--rounds 3] [--workers N] [--json] [--mode ids|encoding] FILE...
//	tok save -t PATH|MODEL [-o OUT] [--pretty]
//
// -t names a tokenizer.json file, a directory holding one, or a Hugging
// Face model id (org/name, optionally @revision), found in the Hugging Face
// cache or downloaded into it (see package hub), or tiktoken:NAME for a
// built-in tiktoken encoding (cl100k_base, o200k_base...; see package
// tiktoken). Flags may come before or
// after the other arguments; "--" ends them. A FILE "-", or no FILE, is
// standard input.
//
// encode prints each token with its id and offsets; with several TEXT
// arguments, each is encoded on its own. With --jsonl it reads one JSON
// request per line (from the FILEs in order, or standard input) and writes
// one JSON response per line, in input order, encoding blocks of lines on
// all cores: {"text": ..., "pair": ..., "add_special_tokens": ...,
// "truncation": ..., "padding": ...} gives the encoding, {"texts": [...]} a
// padded batch, {"ids": [...]} the decoded text (see package
// internal/jsonl); blank lines are skipped. The golden files of the
// conformance suite have exactly this shape.
//
// count prints the number of tokens of each FILE, as wc does: "N NAME",
// or "N" alone for standard input; with several, one line each (in
// argument order) and a total. Each input is one text counted exactly as
// encode tokenizes it: the model's tokens (Tokenizer.Count), plus the
// special tokens encoding adds ([CLS], [SEP]...) with --special. With
// --lines, each line (without its "\n" or "\r\n") is a text of its own and
// the count is the sum over the lines (--special then counts the special
// tokens once per line). Inputs, and with --lines blocks of lines, are
// counted in parallel on all cores. An input that cannot be read is
// reported as "tok count: NAME: error" on standard error, the others are
// still counted, and the exit status is 1.
//
// truncate prints the input cut to its first N tokens (with --special, N
// includes the special tokens encoding adds). The cut is a prefix of the
// input's bytes, written as they are, with nothing added: the whole input
// when it has N tokens or fewer; otherwise the longest prefix ending where
// one of its tokens starts or ends whose tokens are exactly the input's
// first tokens, N of them or fewer. Fewer happens when tokens share a
// character (a character split into several byte-level or byte-fallback
// tokens is kept whole or not at all) or when a word cut inside would
// tokenize differently; text that makes no token (spaces a BERT-style
// tokenizer drops) before the first token left out is kept. Each cut is
// checked by encoding the prefix, so encoding the output gives at most N
// tokens, the input's first ones. The input is read whole; with --lines,
// each line is cut on its own, its line end kept (so a large N gives the
// input back), blocks of lines on all cores, in order.
//
// inspect prints the pipeline: normalizer, pre-tokenizer (the steps of a
// Sequence), model with its options, vocabulary size, merges and unknown
// token, added tokens (the first 10, or all with --all), post-processor
// with its templates and the number of special tokens it adds, decoder,
// and the default truncation and padding, with every option as the
// tokenizer saves it (defaults filled in).
//
// save writes the tokenizer back as the library saves it (what the
// reference's save writes for the same file), to standard output without -o.
//
// bench measures throughput as ../shared/ref/bench.js measures the
// reference's (same chunks, same token count): bytes, tokens, seconds of the
// best pass, MB/s (10^6 bytes) and tokens/s.
//
// Text that is not valid UTF-8 is read as the tokenizer package reads it:
// each invalid byte is a character U+FFFD of its own, and offsets and cuts
// still index the input's bytes.
//
// When standard error is a terminal, encode --jsonl, count and truncate
// --lines show their progress on it (bytes done, of how many when the input
// size is known, and the rate); encode --jsonl and truncate only when their
// output goes elsewhere.
//
// Exit status: 0 on success, 1 when something fails, 2 on a usage error.
// A closed output (tok ... | head) ends tok quietly, as SIGPIPE ends Unix
// tools.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/seed6642460b/tokenizers/hub"
	"github.com/seed6642460b/tokenizers/internal/jsonl"
	"github.com/seed6642460b/tokenizers/tiktoken"
	"github.com/seed6642460b/tokenizers/tokenizer"
)

const usage = `tok: tokenize text with a tokenizer.json

Usage:
  tok encode -t PATH|MODEL [--pair TEXT] [--no-special] [--offsets=byte|char] TEXT...
  tok encode -t PATH|MODEL --jsonl [--offsets=byte|char] [FILE...] (or < requests.jsonl)
  tok decode -t PATH|MODEL [--skip-special] ID...
  tok count -t PATH|MODEL [--special] [--lines] [FILE...]
  tok truncate -t PATH|MODEL --max N [--special] [--lines] [FILE]
  tok inspect -t PATH|MODEL [--all]
  tok bench -t PATH|MODEL [--chunk 65536] [--rounds 3] [--workers N] [--json] FILE...
  tok save -t PATH|MODEL [-o OUT] [--pretty]

-t takes a tokenizer.json, a directory holding one, or a Hugging Face model
id (org/name[@revision]). FILE "-", or no FILE, is standard input.

  encode    print the tokens of each TEXT (ids, offsets); --jsonl answers
            JSON requests line by line, in order, on all cores
  decode    print the text of token ids
  count     print the number of tokens of each file, and a total (like wc);
            --lines counts each line as a text; --special adds [CLS]...
  truncate  print the input cut to its first N tokens (--lines: each line)
  inspect   show the pipeline: normalizer, pre-tokenizer, model, added
            tokens, post-processor, decoder, truncation, padding
  bench     measure encoding throughput
  save      write the tokenizer.json back as the library saves it

Run 'tok COMMAND -h' for the flags and details of a command.
Exit status: 0 ok, 1 failure, 2 usage error.
`

// usageError is a command-line mistake: it exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// errFlagParse is returned for a flag the flag package could not parse,
// after it printed why and the usage: it exits with status 2.
var errFlagParse = errors.New("bad flag")

// errReported is returned by a command that has already said on stderr
// what went wrong: it exits with status 1 and no more message.
var errReported = errors.New("errors reported")

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "encode":
		err = cmdEncode(args[1:], stdin, stdout, stderr)
	case "decode":
		err = cmdDecode(args[1:], stdout, stderr)
	case "bench":
		err = cmdBench(args[1:], stdout, stderr)
	case "save":
		err = cmdSave(args[1:], stdout, stderr)
	case "count":
		err = cmdCount(args[1:], stdin, stdout, stderr)
	case "truncate":
		err = cmdTruncate(args[1:], stdin, stdout, stderr)
	case "inspect":
		err = cmdInspect(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "tok: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errReported):
		return 1
	case errors.Is(err, errFlagParse):
		return 2
	case errors.Is(err, syscall.EPIPE):
		// The reader of the output went away (tok ... | head): not
		// worth a message. (On standard output and error, the Go
		// runtime already exits on SIGPIPE, as C programs do.)
		return 1
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "tok %s: %v (see 'tok %s -h')\n", args[0], err, args[0])
		return 2
	}
	fmt.Fprintf(stderr, "tok %s: %v\n", args[0], err)
	return 1
}

// parseInterspersed parses flags that may come before, between or after the
// positional arguments (stopping at "--"), and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			// The flag package has printed the error and the usage.
			return nil, errFlagParse
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("tok "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// setHelp makes fs print help (what the command does, then its flags) for
// -h and after a flag it cannot parse.
func setHelp(fs *flag.FlagSet, help string) {
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\nFlags:\n", help)
		fs.PrintDefaults()
	}
}

// tFlag is the help of the -t flag every command has.
const tFlag = "`tokenizer.json` path, directory, Hugging Face model id (org/name[@revision]), or tiktoken:NAME"

// load reads the tokenizer -t names: a tokenizer.json file, a directory
// holding one, or, when no such file or directory exists, a model id of the
// Hugging Face Hub ("org/name", "name", optionally "@revision") whose
// tokenizer.json comes from the cache shared with Python's huggingface_hub,
// downloaded into it if needed (HF_HUB_OFFLINE, HF_TOKEN, HF_HUB_CACHE and
// the other variables of package hub apply). A name ending in ".json" is
// always a file. Ctrl-C stops a download and keeps what it got for the next
// run to resume. "tiktoken:NAME" is a built-in tiktoken encoding.
func load(path string) (*tokenizer.Tokenizer, error) {
	if path == "" {
		return nil, usagef("-t PATH (a tokenizer.json, or a Hub model id) is required")
	}
	if name, ok := strings.CutPrefix(path, "tiktoken:"); ok {
		return tiktoken.Encoding(name)
	}
	st, err := os.Stat(path)
	if err == nil && st.IsDir() {
		return tokenizer.FromFile(filepath.Join(path, hub.TokenizerFile))
	}
	id, rev, hasRev := strings.Cut(path, "@")
	if err == nil || strings.HasSuffix(strings.ToLower(id), ".json") || hub.ValidateRepoID(id) != nil || hasRev && rev == "" {
		return tokenizer.FromFile(path)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	tk, err := hub.FromPretrained(ctx, id, &hub.Options{Revision: rev})
	if err != nil {
		return nil, fmt.Errorf("-t %s: no such file, and as a Hub model id: %w", path, err)
	}
	return tk, nil
}

func cmdEncode(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("encode", stderr)
	setHelp(fs, `Usage: tok encode -t PATH|MODEL [--pair TEXT] [--no-special] [--offsets=byte|char] TEXT...
       tok encode -t PATH|MODEL --jsonl [--offsets=byte|char] [FILE...]

Print the tokens of each TEXT: index, id, token, offsets, and the text the
offsets cover, then the ids.

With --jsonl, read JSON requests, one per line, from the FILEs in order (or
standard input) and write one JSON response per line, in the same order:
{"text": ..., "pair": ..., "add_special_tokens": ..., "truncation": ...,
"padding": ...} gives the encoding, {"texts": [...]} a padded batch,
{"ids": [...]} the decoded text; a line that is not a request gives
{"error": ...}. Blank lines are skipped. Blocks of lines are encoded on all
cores.
`)
	path := fs.String("t", "", tFlag)
	pair := fs.String("pair", "", "encode each TEXT with this second sequence")
	noSpecial := fs.Bool("no-special", false, "do not add special tokens")
	asJSONL := fs.Bool("jsonl", false, "read JSON requests, one per line, from the FILE arguments or stdin, and write JSON responses in order")
	offsets := fs.String("offsets", "byte", "offsets unit: `byte` or char (code points)")
	texts, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	hasPair := false
	fs.Visit(func(f *flag.Flag) { hasPair = hasPair || f.Name == "pair" })
	if *offsets != "byte" && *offsets != "char" {
		return usagef("--offsets must be byte or char, not %q", *offsets)
	}
	if !*asJSONL && len(texts) == 0 {
		return usagef("no TEXT to encode (or use --jsonl)")
	}
	tk, err := load(*path)
	if err != nil {
		return err
	}
	if *asJSONL {
		if hasPair || *noSpecial {
			return usagef("--pair and --no-special do not apply to --jsonl (requests say it)")
		}
		return encodeJSONL(tk, texts, stdin, stdout, stderr, *offsets == "char")
	}
	opts := tk.Options()
	opts.AddSpecialTokens = !*noSpecial
	opts.CharOffsets = *offsets == "char"
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	for i, text := range texts {
		in := tokenizer.Single(text)
		if hasPair {
			in = tokenizer.Pair(text, *pair)
		}
		var enc tokenizer.Encoding
		if err := tk.EncodeTo(&enc, in, &opts); err != nil {
			return err
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		printEncoding(w, &enc, in, opts.CharOffsets)
	}
	return nil
}

// printEncoding writes one line per token: index, id, token, offsets and the
// text the offsets cover.
func printEncoding(w io.Writer, enc *tokenizer.Encoding, in tokenizer.Input, charOffsets bool) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "#\tid\ttoken\t\toffsets\ttext\t")
	seqs := enc.SequenceIDs()
	for i, id := range enc.IDs {
		text := ""
		src := in.Text
		if seqs[i] == 1 {
			src = in.Pair
		}
		if seqs[i] >= 0 {
			text = covered(src, enc.Offsets[i], charOffsets)
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t\t%d..%d\t%s\t\n", i, id, strconv.Quote(enc.Tokens[i]),
			enc.Offsets[i].Start, enc.Offsets[i].End, strconv.Quote(text))
	}
	tw.Flush()
	ids := make([]string, len(enc.IDs))
	for i, id := range enc.IDs {
		ids[i] = strconv.FormatUint(uint64(id), 10)
	}
	fmt.Fprintf(w, "ids: [%s]\n", strings.Join(ids, " "))
}

// covered returns the part of s an offset covers.
func covered(s string, o tokenizer.Offset, charOffsets bool) string {
	if charOffsets {
		start, end, n := -1, len(s), 0
		for i := range s {
			if n == o.Start {
				start = i
			}
			if n == o.End {
				end = i
				break
			}
			n++
		}
		if start < 0 {
			return ""
		}
		return s[start:end]
	}
	if o.Start < 0 || o.End > len(s) || o.Start > o.End {
		return ""
	}
	// Invalid bytes stay: the caller quotes the text, which shows each.
	return s[o.Start:o.End]
}

// encodeJSONL answers the JSON requests of the inputs (files, "-" or none
// for standard input), one per line, in order: blocks of lines are encoded
// on all cores and written in input order.
func encodeJSONL(tk *tokenizer.Tokenizer, names []string, stdin io.Reader, stdout, stderr io.Writer, charOffsets bool) error {
	if len(names) == 0 {
		names = []string{"-"}
	}
	size := int64(0)
	var inputs []*input
	for _, name := range names {
		in, err := openInput(name, stdin)
		if err != nil {
			for _, in := range inputs {
				in.Close()
			}
			return fmt.Errorf("%s: %w", name, fileError(err))
		}
		inputs = append(inputs, in)
		if in.size < 0 || size < 0 {
			size = -1
		} else {
			size += in.size
		}
	}
	defer func() {
		for _, in := range inputs {
			in.Close()
		}
	}()
	p := startProgress(stderr, stdout, size, false)
	defer p.finish()
	w := bufio.NewWriterSize(stdout, 1<<20)
	produce := func(send func(*task) bool) {
		for i, in := range inputs {
			err := readLineBlocks(in.r, blockSize, func(b []byte) bool {
				return send(&task{input: i, data: b})
			})
			if err != nil {
				send(&task{end: true, err: fmt.Errorf("%s: %w", in.name, fileError(err))})
				return
			}
		}
	}
	newWorker := func() func(*task) {
		return func(t *task) {
			for b := t.data; len(b) > 0; {
				line := b
				if i := bytes.IndexByte(b, '\n'); i >= 0 {
					line, b = b[:i+1], b[i+1:]
				} else {
					b = nil
				}
				if len(bytes.TrimSpace(line)) > 0 {
					t.out = jsonl.Handle(tk, line, charOffsets).AppendLine(t.out)
				}
			}
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
	err := runOrdered(produce, newWorker, emit)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return err
}

func cmdDecode(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("decode", stderr)
	setHelp(fs, `Usage: tok decode -t PATH|MODEL [--skip-special] ID...

Print the text of the token ids (separated by spaces or commas, brackets
ignored: "[101, 7592, 102]" works).
`)
	path := fs.String("t", "", tFlag)
	skip := fs.Bool("skip-special", false, "leave special tokens out")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usagef("no ID to decode")
	}
	ids := make([]uint32, 0, len(rest))
	for _, a := range rest {
		for _, f := range strings.FieldsFunc(a, func(r rune) bool { return r == ',' || r == ' ' || r == '[' || r == ']' }) {
			n, err := strconv.ParseUint(f, 10, 32)
			if err != nil {
				return usagef("%q is not a token id", f)
			}
			ids = append(ids, uint32(n))
		}
	}
	tk, err := load(*path)
	if err != nil {
		return err
	}
	s, err := tk.Decode(ids, *skip)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, s)
	return err
}
