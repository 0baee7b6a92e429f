package password

import (
	"runtime"
	"syscall"
	"testing"
)

// BenchmarkHash measures one hash with the default (production) parameters:
// the lower bound of every password login.
func BenchmarkHash(b *testing.B) {
	var h Hasher
	for b.Loop() {
		if _, err := h.Hash("een redelijk lange wachtzin"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify measures one verification with the default parameters.
func BenchmarkVerify(b *testing.B) {
	var h Hasher
	enc, err := h.Hash("een redelijk lange wachtzin")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, _, _ := h.Verify("een redelijk lange wachtzin", enc); !ok {
			b.Fatal("no match")
		}
	}
}

// BenchmarkVerifyCrowd runs verifications from 16 goroutines per CPU, as
// a burst of logins does, and reports the process's peak RSS: the slots in
// derive keep both the time per login and the memory bounded.
func BenchmarkVerifyCrowd(b *testing.B) {
	var h Hasher
	enc, err := h.Hash("een redelijk lange wachtzin")
	if err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if ok, _, _ := h.Verify("een redelijk lange wachtzin", enc); !ok {
				b.Error("no match")
				return
			}
		}
	})
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MiB")
	}
	b.ReportMetric(float64(16*runtime.GOMAXPROCS(0)), "goroutines")
}

// BenchmarkDummyVerify should match BenchmarkVerify: that is the point.
func BenchmarkDummyVerify(b *testing.B) {
	var h Hasher
	for b.Loop() {
		h.DummyVerify("een redelijk lange wachtzin")
	}
}

func BenchmarkPolicyCheck(b *testing.B) {
	p := Policy{RequireClasses: 3}
	for b.Loop() {
		p.Check("Fietsen langs de grachten in mei!", "j.devries@voorbeeld.nl")
	}
}
