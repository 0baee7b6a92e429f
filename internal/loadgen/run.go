package loadgen

import (
	"context"
	"errors"
	"os"
	"slices"
	"sync"
	"time"
)

// ErrExhausted ends a run early: the scenario has nothing left to do (for
// the login, every user has used the TOTP steps it may use now).
var ErrExhausted = errors.New("scenario exhausted")

// Op is one operation of a scenario, done by worker w.
type Op func(ctx context.Context, w int) error

// Limits bound one run.
type Limits struct {
	Workers  int           // concurrent workers
	Duration time.Duration // wall-clock bound
	MaxOps   int           // operation bound (0: none)
	Rate     float64       // operations per second across workers (0: as fast as possible)
}

// Result is the outcome of one scenario run on one server configuration.
type Result struct {
	Config      string  `json:"config"`
	Scenario    string  `json:"scenario"`
	Workers     int     `json:"workers"`
	TargetRate  float64 `json:"target_rate,omitempty"`
	Ops         int     `json:"ops"`
	Errors      int     `json:"errors"`
	FirstError  string  `json:"first_error,omitempty"`
	Exhausted   bool    `json:"exhausted,omitempty"`
	Seconds     float64 `json:"seconds"`
	PerSecond   float64 `json:"per_second"`
	P50ms       float64 `json:"p50_ms"`
	P95ms       float64 `json:"p95_ms"`
	P99ms       float64 `json:"p99_ms"`
	CPUmsPerOp  float64 `json:"server_cpu_ms_per_op"`
	LoadCPUms   float64 `json:"loadgen_cpu_ms_per_op"` // this process: the load itself competes for the cores
	RSSMiB      float64 `json:"server_rss_mib"`
	PeakRSSMiB  float64 `json:"server_peak_rss_mib"`
	Bound       float64 `json:"bound_per_second,omitempty"`
	BoundRatio  float64 `json:"ratio_to_bound,omitempty"`
	BoundSource string  `json:"bound,omitempty"`
}

// Run runs op under lim and measures it, sampling the server processes pids.
func Run(ctx context.Context, cfgName, name string, pids []int, lim Limits, op Op) Result {
	ctx, cancel := context.WithTimeout(ctx, lim.Duration)
	defer cancel()
	var (
		mu        sync.Mutex
		lat       []time.Duration
		errs      int
		first     string
		exhausted bool
		ops       int
	)
	var tokens <-chan time.Time
	if lim.Rate > 0 {
		t := time.NewTicker(time.Duration(float64(time.Second) / lim.Rate))
		defer t.Stop()
		tokens = t.C
	}
	before, _ := readProcs(pids)
	self0, _ := ReadProc(os.Getpid())
	start := time.Now()
	var wg sync.WaitGroup
	for w := range lim.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if tokens != nil {
					select {
					case <-tokens:
					case <-ctx.Done():
						return
					}
				}
				mu.Lock()
				if lim.MaxOps > 0 && ops >= lim.MaxOps {
					mu.Unlock()
					return
				}
				ops++
				mu.Unlock()
				t0 := time.Now()
				err := op(ctx, w)
				d := time.Since(t0)
				mu.Lock()
				switch {
				case errors.Is(err, ErrExhausted):
					ops--
					exhausted = true
					mu.Unlock()
					cancel()
					return
				case err != nil && ctx.Err() != nil:
					ops-- // cut off by the time bound: not counted
				case err != nil:
					errs++
					if first == "" {
						first = err.Error()
					}
					lat = append(lat, d)
				default:
					lat = append(lat, d)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	after, _ := readProcs(pids)
	self1, _ := ReadProc(os.Getpid())
	r := Result{Config: cfgName, Scenario: name, Workers: lim.Workers, TargetRate: lim.Rate, Ops: ops, Errors: errs,
		FirstError: first, Exhausted: exhausted, Seconds: elapsed,
		RSSMiB: float64(after.RSSKiB) / 1024, PeakRSSMiB: float64(after.PeakKiB) / 1024}
	if elapsed > 0 {
		r.PerSecond = float64(ops-errs) / elapsed
	}
	if ops > 0 {
		r.CPUmsPerOp = (after.CPUSeconds - before.CPUSeconds) * 1000 / float64(ops)
		r.LoadCPUms = (self1.CPUSeconds - self0.CPUSeconds) * 1000 / float64(ops)
	}
	r.P50ms, r.P95ms, r.P99ms = percentile(lat, 50), percentile(lat, 95), percentile(lat, 99)
	return r
}

func percentile(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	i := int(float64(len(d))*p/100+0.5) - 1
	i = max(0, min(i, len(d)-1))
	return float64(d[i].Microseconds()) / 1000
}
