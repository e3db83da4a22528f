// Package peers compares the library with other Go tokenizers, side by
// side on the shared corpus: the same texts, the same ids, and the
// throughput of each.
//
// It is a module of its own, so that the peers' dependencies stay out of
// the library's go.mod. Run it from this directory:
//
//	go test -run . -bench . -benchtime 3x
package peers
