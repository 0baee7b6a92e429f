package audit

import (
	"strings"
	"testing"
)

// chain builds n linked events.
func chain(n int) []Event {
	out := make([]Event, n)
	prev := GenesisHash
	for i := range out {
		e := okEvent()
		e.Seq, e.PrevHash = int64(i+1), prev
		e.Hash = e.ComputeHash()
		out[i], prev = e, e.Hash
	}
	return out
}

func verifyEvents(events []Event) Report {
	v := newVerifier()
	for _, e := range events {
		_ = v.check(e)
	}
	return v.report
}

func TestVerifierReportsFirstProblem(t *testing.T) {
	drop := func(events []Event, seqs ...int64) []Event {
		var out []Event
	next:
		for _, e := range events {
			for _, s := range seqs {
				if e.Seq == s {
					continue next
				}
			}
			out = append(out, e)
		}
		return out
	}
	relinked := chain(3)
	relinked[0].PrevHash = strings.Repeat("9", 64)
	relinked[0].Hash = relinked[0].ComputeHash()
	swapped := chain(3)
	swapped[1], swapped[2] = swapped[2], swapped[1]
	twoBroken := chain(6)
	twoBroken[1].Reason = "INC-2"
	twoBroken[4].Reason = "INC-5"

	cases := []struct {
		name    string
		events  []Event
		broken  int64
		problem string
	}{
		{"intact", chain(5), 0, ""},
		{"empty", nil, 0, ""},
		{"one missing", drop(chain(6), 3), 3, "event 3 missing (seq jumps from 2 to 4)"},
		{"several missing", drop(chain(6), 3, 4), 3, "events 3 to 4 missing (seq jumps from 2 to 5)"},
		{"first missing", drop(chain(3), 1), 1, "event 1 missing (seq jumps from 0 to 2)"},
		{"first relinked", relinked, 1, "event 1: prev_hash is not the genesis hash"},
		{"out of order", swapped, 2, "event 2 missing (seq jumps from 1 to 3)"},
		{"first of two kept", twoBroken, 2, "event 2: hash mismatch (row changed)"},
	}
	for _, c := range cases {
		r := verifyEvents(c.events)
		if r.Events != int64(len(c.events)) {
			t.Errorf("%s: events = %d, want %d", c.name, r.Events, len(c.events))
		}
		if c.broken == 0 {
			if !r.OK || r.Problem != "" {
				t.Errorf("%s: %+v, want OK", c.name, r)
			}
			continue
		}
		if r.OK || r.FirstBroken != c.broken || !strings.Contains(r.Problem, c.problem) {
			t.Errorf("%s: %+v, want broken at %d with %q", c.name, r, c.broken, c.problem)
		}
	}
}
