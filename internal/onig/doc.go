// Package onig makes regular expressions written for Oniguruma, the engine
// the reference implementation compiles the patterns of tokenizer.json with,
// behave the same under github.com/dlclark/regexp2.
//
// The two engines agree on syntax and on backtracking order for what
// tokenizer.json files use, but not on character classes: Oniguruma follows
// Unicode 16 while Go's unicode package (which regexp2 uses) follows an
// older version, and Oniguruma's case-insensitive matching folds more (it
// matches "ſ" for (?i:s)). [Translate] rewrites a pattern so that regexp2
// sees explicit classes measured on the reference.
//
// The tables are generated: see gen/.
package onig

//go:generate go run ./gen
