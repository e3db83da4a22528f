// Command gen writes the rank tables package tiktoken embeds, from OpenAI's
// rank files.
//
// Usage (from the tiktoken directory, as go generate runs it):
//
//	go run ./internal/gen DIR
//	TIKTOKEN_RANKS=DIR go generate
//
// DIR holds cl100k_base.tiktoken, o200k_base.tiktoken and p50k_base.tiktoken
// as published at https://openaipublic.blob.core.windows.net/encodings/
// (tiktoken downloads them from there; several packages ship copies). Each
// file's SHA-256 must be the one tiktoken checks. r50k_base is the first
// 50256 tokens of p50k_base; when DIR also holds r50k_base.tiktoken, gen
// checks that.
//
// gen writes data/NAME.ranks.gz: the table in the compact form of package
// ranks, gzip-compressed.
package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/seed6642460b/tokenizers/tiktoken/internal/ranks"
)

// sums are the SHA-256 of the rank files, as tiktoken checks them.
var sums = map[string]string{
	"cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
	"o200k_base":  "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
	"p50k_base":   "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069",
	"r50k_base":   "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930",
}

func main() {
	if len(os.Args) != 2 || os.Args[1] == "" {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/gen DIR (or TIKTOKEN_RANKS=DIR go generate): DIR holds the .tiktoken files")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	tables := map[string]*ranks.Table{}
	for _, name := range []string{"cl100k_base", "o200k_base", "p50k_base", "r50k_base"} {
		data, err := os.ReadFile(filepath.Join(dir, name+".tiktoken"))
		if name == "r50k_base" && os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != sums[name] {
			return fmt.Errorf("%s.tiktoken: SHA-256 %s, want %s", name, got, sums[name])
		}
		t, err := ranks.Parse(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("%s.tiktoken: %w", name, err)
		}
		if t.Split, err = t.Splits(); err != nil {
			return fmt.Errorf("%s.tiktoken: %w", name, err)
		}
		tables[name] = t
	}
	if r50k := tables["r50k_base"]; r50k != nil {
		p50k := tables["p50k_base"]
		n := r50k.Len()
		if n != 50256 || !bytes.Equal(r50k.Text, p50k.Text[:r50k.Ends[n-1]]) || p50k.Ranks[n-1] != uint32(n-1) {
			return fmt.Errorf("r50k_base is not the first 50256 tokens of p50k_base")
		}
	}
	for _, name := range []string{"cl100k_base", "o200k_base", "p50k_base"} {
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return err
		}
		if err := tables[name].WriteCompact(zw); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join("data", name+".ranks.gz"), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}
