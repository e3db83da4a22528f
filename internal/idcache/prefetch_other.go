//go:build !(amd64 || arm64) || purego

package idcache

import "unsafe"

// prefetch does nothing where there is no prefetch instruction at hand
// (or with the purego tag).
func prefetch(unsafe.Pointer) {}
