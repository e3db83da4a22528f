package bench

import (
	"syscall"
	"time"
)

// threadCPU returns the processor time used by the calling thread, and
// true. The caller must be locked to its thread (runtime.LockOSThread).
// Unlike wall time, it does not count the time other processes of a busy
// machine take.
func threadCPU() (time.Duration, bool) {
	const rusageThread = 1 // RUSAGE_THREAD
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
