//go:build unix

package ranks

import "syscall"

// cpuTime returns the CPU time the process has used, in milliseconds.
func cpuTime() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}
