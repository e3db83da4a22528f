//go:build (amd64 || arm64) && !purego

package idcache

import "unsafe"

// prefetch asks the core to load the cache line at p, without waiting for
// it: unlike a load, the instruction retires at once.
//
//go:noescape
func prefetch(p unsafe.Pointer)
