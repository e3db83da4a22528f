//go:build !unix

package tiktoken_test

// cpuMillis is not available on this system: 0.
func cpuMillis() float64 { return 0 }
