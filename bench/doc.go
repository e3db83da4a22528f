// Package bench is the benchmark suite of the library: `go test -bench . ./bench`
// measures loading (time and retained heap per tokenizer) and encoding
// throughput on the shared corpus. It reads the tokenizers and texts of
// ../shared when they exist (TOKENIZERS_SHARED overrides the location) and
// falls back to ../testdata.
//
// It is a package of its own so that benchmark-only code and data
// dependencies stay out of the library's packages.
package bench
