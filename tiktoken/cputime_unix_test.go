//go:build unix

package tiktoken_test

import "syscall"

// cpuMillis returns the CPU time the process has used, in milliseconds:
// on a busy machine it says more about the work done than the wall clock.
func cpuMillis() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}
