package tokenizer

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
)

// bpeDecoder is the reference's BPEDecoder: the end-of-word suffix becomes
// a space, except in the last token, where it is removed.
type bpeDecoder struct {
	suffix string
}

func (d *bpeDecoder) DecodeChain(tokens []string) ([]string, error) {
	for i, t := range tokens {
		repl := " "
		if i == len(tokens)-1 {
			repl = ""
		}
		tokens[i] = strings.ReplaceAll(t, d.suffix, repl)
	}
	return tokens, nil
}

// wordPieceDecoder is the reference's WordPiece decoder: tokens after the
// first lose the continuing-subword prefix, or else get a space in front;
// with cleanup, some spaces before punctuation and contractions go.
type wordPieceDecoder struct {
	prefix  string
	cleanup bool
}

func (d *wordPieceDecoder) DecodeChain(tokens []string) ([]string, error) {
	for i, t := range tokens {
		if i != 0 {
			if strings.HasPrefix(t, d.prefix) {
				t = t[len(d.prefix):]
			} else {
				t = " " + t
			}
		}
		if d.cleanup {
			t = wordPieceCleanup(t)
		}
		tokens[i] = t
	}
	return tokens, nil
}

// wordPieceCleanupPairs are the replacements of the reference's cleanup, made
// one after the other over the whole string, in this order.
var wordPieceCleanupPairs = [...][2]string{
	{" .", "."},
	{" ?", "?"},
	{" !", "!"},
	{" ,", ","},
	{" ' ", "'"},
	{" n't", "n't"},
	{" 'm", "'m"},
	{" do not", " don't"},
	{" 's", "'s"},
	{" 've", "'ve"},
	{" 're", "'re"},
}

// wordPieceCleanup removes tokenization artifacts as the reference's
// wordpiece::cleanup does. Every pattern starts with a space, so a string
// without one is returned as is.
func wordPieceCleanup(s string) string {
	if strings.IndexByte(s, ' ') < 0 {
		return s
	}
	for _, p := range wordPieceCleanupPairs {
		s = strings.ReplaceAll(s, p[0], p[1])
	}
	return s
}

// ctcDecoder is the reference's CTC decoder: repeated tokens collapse into
// one, the pad token is removed and, with cleanup, the WordPiece cleanup
// runs and the word delimiter becomes a space; tokens left empty go.
type ctcDecoder struct {
	pad, delimiter string
	cleanup        bool
}

func (d *ctcDecoder) DecodeChain(tokens []string) ([]string, error) {
	// out reuses the memory of tokens, writing at most at the index
	// being read: prev keeps the original of the previous token.
	out := tokens[:0]
	prev := ""
	for i, t := range tokens {
		if i > 0 && t == prev {
			continue
		}
		prev = t
		t = strings.ReplaceAll(t, d.pad, "")
		if d.cleanup {
			t = strings.ReplaceAll(wordPieceCleanup(t), d.delimiter, " ")
		}
		if t != "" {
			out = append(out, t)
		}
	}
	return out, nil
}

// metaspaceDecoder is the decoder side of the reference's Metaspace: the
// replacement character becomes a space, except in the first token when a
// prefix space is added (prepend scheme other than "never"), where it is
// removed.
type metaspaceDecoder struct {
	// replacement is the replacement character, as a string.
	replacement string
	// stripFirst is true unless the prepend scheme is "never".
	stripFirst bool
	// scheme and split are the rest of the reference's Metaspace, which
	// saving writes.
	scheme pretokenizers.PrependScheme
	split  bool
}

func (d *metaspaceDecoder) DecodeChain(tokens []string) ([]string, error) {
	for i, t := range tokens {
		if !strings.Contains(t, d.replacement) {
			continue
		}
		if i == 0 && d.stripFirst {
			tokens[i] = strings.ReplaceAll(t, d.replacement, "")
		} else {
			tokens[i] = strings.ReplaceAll(t, d.replacement, " ")
		}
	}
	return tokens, nil
}

// sequenceDecoder is the reference's decoder Sequence: each decoder
// transforms what the previous one returned.
type sequenceDecoder struct {
	decoders []Decoder
}

func (d *sequenceDecoder) DecodeChain(tokens []string) ([]string, error) {
	var err error
	for _, dec := range d.decoders {
		if tokens, err = dec.DecodeChain(tokens); err != nil {
			return nil, err
		}
	}
	return tokens, nil
}

// fuseDecoder is the reference's Fuse: all the tokens join into one.
type fuseDecoder struct{}

func (fuseDecoder) DecodeChain(tokens []string) ([]string, error) {
	s := strings.Join(tokens, "")
	return append(tokens[:0], s), nil
}

// stripDecoder is the reference's Strip: each token loses up to start
// occurrences of the content character at its start and up to stop at its
// end.
type stripDecoder struct {
	content     rune
	start, stop int
}

func (d *stripDecoder) DecodeChain(tokens []string) ([]string, error) {
	for i, t := range tokens {
		from := 0
		for n := 0; n < d.start && from < len(t); n++ {
			r, size := utf8.DecodeRuneInString(t[from:])
			if r != d.content {
				break
			}
			from += size
		}
		to := len(t)
		for n := 0; n < d.stop; n++ {
			if to == 0 {
				// The reference indexes before the start of the
				// token here and panics.
				return nil, fmt.Errorf("strip decoder: cannot strip %d characters %q from the end of %q", d.stop, d.content, t)
			}
			r, size := utf8.DecodeLastRuneInString(t[:to])
			if r != d.content {
				break
			}
			to -= size
		}
		if from > to {
			// The reference slices with start > end here and panics.
			return nil, fmt.Errorf("strip decoder: stripping %q from both ends of %q overlaps", d.content, t)
		}
		tokens[i] = t[from:to]
	}
	return tokens, nil
}

// replaceDecoder is the decoder side of the reference's Replace: every
// match of the pattern in each token becomes content.
type replaceDecoder struct {
	// literal is the pattern when it is a non-empty string; re the
	// compiled regular expression otherwise, nil for the empty string.
	literal string
	re      *normalizers.RegexPattern
	content string
}

func (d *replaceDecoder) DecodeChain(tokens []string) ([]string, error) {
	var parts []normalizers.Match
	for i, t := range tokens {
		switch {
		case d.literal != "":
			tokens[i] = strings.ReplaceAll(t, d.literal, d.content)
		case d.re == nil:
			// The empty string, compiled as a regular expression by the
			// reference, matches before every character and at the end
			// of a non-empty token.
			if t == "" {
				continue
			}
			var sb strings.Builder
			sb.Grow(len(t) + (utf8.RuneCountInString(t)+1)*len(d.content))
			for _, r := range t {
				sb.WriteString(d.content)
				sb.WriteRune(r)
			}
			sb.WriteString(d.content)
			tokens[i] = sb.String()
		default:
			var err error
			parts, err = d.re.FindMatches(parts[:0], []byte(t))
			if err != nil {
				return nil, err
			}
			tokens[i] = replaceMatches(t, parts, d.content)
		}
	}
	return tokens, nil
}

// replaceMatches rebuilds s with content in place of each match.
func replaceMatches(s string, parts []normalizers.Match, content string) string {
	var sb strings.Builder
	for _, p := range parts {
		if p.IsMatch {
			sb.WriteString(content)
		} else {
			sb.WriteString(s[p.Start:p.End])
		}
	}
	return sb.String()
}
