package tokenizer

import (
	"fmt"

	"github.com/seed6642460b/tokenizers/normalizers"
	"github.com/seed6642460b/tokenizers/pretokenizers"
)

// The constructors below return the reference's decoders. The tokenizer
// passes a decoder the token strings of the ids to decode and joins what it
// returns.

// NewBPEDecoder returns the reference's BPEDecoder: the end-of-word suffix
// becomes a space in every token but the last, where it is removed. The
// reference's default suffix is "</w>".
func NewBPEDecoder(suffix string) Decoder { return &bpeDecoder{suffix: suffix} }

// NewByteLevelDecoder returns the decoder side of the reference's
// ByteLevel: the characters of GPT-2's byte-level alphabet become the bytes
// they stand for, and the tokens are joined (invalid UTF-8 becomes U+FFFD).
// The options of b do not change decoding; they are saved.
func NewByteLevelDecoder(b pretokenizers.ByteLevel) Decoder {
	return byteLevelDecoder{addPrefixSpace: b.AddPrefixSpace, trimOffsets: b.TrimOffsets, useRegex: b.UseRegex}
}

// NewWordPieceDecoder returns the reference's WordPiece decoder: tokens
// after the first lose the prefix when they start with it, or else get a
// space in front; cleanup removes the spaces before punctuation and in
// some English contractions. The reference's defaults are "##" and true.
func NewWordPieceDecoder(prefix string, cleanup bool) Decoder {
	return &wordPieceDecoder{prefix: prefix, cleanup: cleanup}
}

// NewMetaspaceDecoder returns the decoder side of the reference's
// Metaspace: the replacement character becomes a space, except at the
// start of the first token when the scheme adds one (any scheme but
// PrependNever), where it is removed. split does not change decoding; it is
// saved. The reference's defaults are '▁', PrependAlways and true.
func NewMetaspaceDecoder(replacement rune, scheme pretokenizers.PrependScheme, split bool) Decoder {
	return &metaspaceDecoder{
		replacement: string(replacement),
		stripFirst:  scheme != pretokenizers.PrependNever,
		scheme:      scheme,
		split:       split,
	}
}

// NewCTCDecoder returns the reference's CTC decoder: consecutive duplicate
// tokens are merged, the pad token removed, and, with cleanup, the word
// delimiter becomes a space (and WordPiece's cleanup applies). The
// reference's defaults are "<pad>", "|" and true.
func NewCTCDecoder(padToken, wordDelimiterToken string, cleanup bool) Decoder {
	return &ctcDecoder{pad: padToken, delimiter: wordDelimiterToken, cleanup: cleanup}
}

// NewDecoderSequence returns the reference's decoder Sequence: each decoder
// transforms what the previous one returns.
func NewDecoderSequence(decoders ...Decoder) Decoder {
	return &sequenceDecoder{decoders: append([]Decoder(nil), decoders...)}
}

// NewReplaceDecoder returns the reference's Replace decoder: in every token,
// the matches of pattern (a literal string or a regular expression) become
// content. It fails when the regular expression does not compile.
func NewReplaceDecoder(pattern normalizers.ReplacePattern, content string) (Decoder, error) {
	d := &replaceDecoder{content: content}
	if !pattern.Regex {
		d.literal = pattern.Value
		return d, nil
	}
	re, err := normalizers.NewRegexPattern(pattern.Value)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: Replace decoder: %w", err)
	}
	d.re = re
	return d, nil
}

// NewStripDecoder returns the reference's Strip decoder: every token loses
// up to start leading and stop trailing occurrences of content. It fails
// for negative counts.
func NewStripDecoder(content rune, start, stop int) (Decoder, error) {
	if start < 0 || stop < 0 {
		return nil, fmt.Errorf("tokenizer: Strip decoder: negative count (start %d, stop %d)", start, stop)
	}
	return &stripDecoder{content: content, start: start, stop: stop}, nil
}

// NewFuseDecoder returns the reference's Fuse decoder: all the tokens
// become one.
func NewFuseDecoder() Decoder { return fuseDecoder{} }

// NewByteFallbackDecoder returns the reference's ByteFallback decoder:
// runs of tokens "<0xXX>" become the text their bytes spell, or one U+FFFD
// per byte when they are not valid UTF-8.
func NewByteFallbackDecoder() Decoder { return byteFallbackDecoder{} }
