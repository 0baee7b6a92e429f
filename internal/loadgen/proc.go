package loadgen

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// clockTicks is USER_HZ, the unit of utime and stime in /proc/<pid>/stat.
// Linux reports 100 on every architecture Go supports.
const clockTicks = 100

// ProcSample is one reading of a process's CPU time and memory.
type ProcSample struct {
	CPUSeconds float64 // user + system
	RSSKiB     int64   // VmRSS
	PeakKiB    int64   // VmHWM, the highest RSS so far
}

// ReadProc reads /proc/<pid>/stat and /proc/<pid>/status.
func ReadProc(pid int) (ProcSample, error) {
	var s ProcSample
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return s, err
	}
	// The command name (field 2) may hold spaces; fields after it are plain.
	rest := string(raw)
	if i := strings.LastIndexByte(rest, ')'); i >= 0 {
		rest = rest[i+2:]
	}
	f := strings.Fields(rest)
	if len(f) < 13 {
		return s, fmt.Errorf("short /proc/%d/stat", pid)
	}
	// f[0] is field 3 (state); utime and stime are fields 14 and 15.
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	s.CPUSeconds = float64(ut+st) / clockTicks
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return s, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		name, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kib, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		switch name {
		case "VmRSS":
			s.RSSKiB = kib
		case "VmHWM":
			s.PeakKiB = kib
		}
	}
	return s, nil
}

// readProcs sums the samples of several processes (RSS and peak are summed
// too: two instances hold two heaps).
func readProcs(pids []int) (ProcSample, error) {
	var total ProcSample
	for _, pid := range pids {
		s, err := ReadProc(pid)
		if err != nil {
			return total, err
		}
		total.CPUSeconds += s.CPUSeconds
		total.RSSKiB += s.RSSKiB
		total.PeakKiB += s.PeakKiB
	}
	return total, nil
}
