//go:build !unix

package ranks

// cpuTime is not available on this system: 0.
func cpuTime() float64 { return 0 }
