package loadgen

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/mijnaccount/mijnaccount/account/password"
)

// Machine describes where the figures were measured.
type Machine struct {
	Cores     int    `json:"cores"`
	CPU       string `json:"cpu"`
	GoVersion string `json:"go"`
	When      string `json:"when"`
}

// ConfigReport describes one server configuration of a run.
type ConfigReport struct {
	Name        string  `json:"name"`
	Instances   int     `json:"instances"`
	Users       int     `json:"users"`
	ReadyMs     float64 `json:"start_to_ready_ms"`
	IdleRSSMiB  float64 `json:"idle_rss_mib"`
	PerInstance []int64 `json:"requests_per_instance,omitempty"`
	Note        string  `json:"note,omitempty"`
}

// Report is the whole run.
type Report struct {
	Machine Machine        `json:"machine"`
	Bounds  Bounds         `json:"bounds"` // the higher of Before and After
	Before  Bounds         `json:"bounds_before"`
	After   Bounds         `json:"bounds_after"`
	Configs []ConfigReport `json:"configs"`
	Results []Result       `json:"results"`
}

func itoa(i int) string { return strconv.Itoa(i) }

func formatParams(p password.Params) string {
	return fmt.Sprintf("m=%d KiB, t=%d, p=%d", p.Memory, p.Time, p.Threads)
}

// CPUModel reads the model name from /proc/cpuinfo.
func CPUModel() string {
	raw, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// WriteMarkdown writes the report as Markdown tables.
func (r Report) WriteMarkdown(w io.Writer) {
	fmt.Fprintf(w, "Machine: %d cores, %s, %s, %s\n\n", r.Machine.Cores, r.Machine.CPU, r.Machine.GoVersion, r.Machine.When)
	fmt.Fprintf(w, "Bounds on all cores (the higher of a measurement before and after the load): argon2id verify (%s) %.1f/s (%.1f, %.1f); ES256 sign %.0f/s (%.0f, %.0f)\n\n",
		r.Bounds.ArgonParams, r.Bounds.ArgonPerSec, r.Before.ArgonPerSec, r.After.ArgonPerSec,
		r.Bounds.ES256PerSec, r.Before.ES256PerSec, r.After.ES256PerSec)
	fmt.Fprintln(w, "| configuration | instances | users | start to ready | idle RSS | requests per instance | note |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, c := range r.Configs {
		fmt.Fprintf(w, "| %s | %d | %d | %.0f ms | %.1f MiB | %v | %s |\n", c.Name, c.Instances, c.Users, c.ReadyMs, c.IdleRSSMiB, c.PerInstance, c.Note)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| configuration | scenario | workers | ops | errors | ops/s | p50 ms | p95 ms | p99 ms | server CPU ms/op | loadgen CPU ms/op | RSS MiB | peak RSS MiB | ratio to bound |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, x := range r.Results {
		ratio := ""
		if x.Bound > 0 {
			ratio = fmt.Sprintf("%.0f%% of %s", 100*x.BoundRatio, x.BoundSource)
		}
		name := x.Scenario
		if x.Exhausted {
			name += " (users' TOTP steps used up)"
		}
		fmt.Fprintf(w, "| %s | %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.1f | %.1f | %s |\n",
			x.Config, name, x.Workers, x.Ops, x.Errors, x.PerSecond, x.P50ms, x.P95ms, x.P99ms, x.CPUmsPerOp, x.LoadCPUms, x.RSSMiB, x.PeakRSSMiB, ratio)
	}
	r.writeScaling(w)
	for _, x := range r.Results {
		if x.FirstError != "" {
			fmt.Fprintf(w, "\n- %s / %s first error: `%s`", x.Config, x.Scenario, strings.ReplaceAll(x.FirstError, "`", "'"))
		}
	}
	fmt.Fprintln(w)
}

// writeScaling compares the two-instance configuration with one instance
// on the same backend, scenario by scenario.
func (r Report) writeScaling(w io.Writer) {
	one := map[string]float64{}
	for _, x := range r.Results {
		if x.Config == "postgres" {
			one[x.Scenario] = x.PerSecond
		}
	}
	header := false
	for _, x := range r.Results {
		base, ok := one[x.Scenario]
		if x.Config != "cluster" || !ok || base == 0 {
			continue
		}
		if !header {
			fmt.Fprintln(w, "\n| scenario | one instance ops/s | two instances + proxy ops/s | change |")
			fmt.Fprintln(w, "|---|---|---|---|")
			header = true
		}
		fmt.Fprintf(w, "| %s | %.1f | %.1f | %+.0f%% |\n", x.Scenario, base, x.PerSecond, 100*(x.PerSecond/base-1))
	}
}

// SetBounds records the bounds measured before and after the load and
// rates every result against the higher of the two.
func (r *Report) SetBounds(before, after Bounds) {
	r.Before, r.After, r.Bounds = before, after, before
	r.Bounds.ArgonPerSec = max(before.ArgonPerSec, after.ArgonPerSec)
	r.Bounds.ES256PerSec = max(before.ES256PerSec, after.ES256PerSec)
	for i := range r.Results {
		x := &r.Results[i]
		switch x.BoundSource {
		case boundArgon:
			x.Bound = r.Bounds.ArgonPerSec
		case boundES256:
			x.Bound = r.Bounds.ES256PerSec
		default:
			continue
		}
		x.BoundRatio = x.PerSecond / x.Bound
	}
}
