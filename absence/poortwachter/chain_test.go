package poortwachter

import (
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/date"
)

var d = date.MustParse

// per builds a period; back "" is an open period.
func per(id, first, back string) Period {
	p := Period{ID: id, First: d(first)}
	if back != "" {
		p.Back = d(back)
	}
	return p
}

// ids lists the period ids of each chain: "A,B|C".
func ids(chains []Chain) string {
	var parts []string
	for _, c := range chains {
		var s []string
		for _, p := range c.Periods {
			s = append(s, p.ID)
		}
		parts = append(parts, strings.Join(s, ","))
	}
	return strings.Join(parts, "|")
}

// TestChains: where chains are cut. recovered_on (Back) is the first day
// back at work, so the interruption is Back up to the day before the next
// first sick day; fewer than 28 such days continue the chain.
func TestChains(t *testing.T) {
	cases := []struct {
		name    string
		periods []Period
		want    string
		gaps    []int // interruptions of the last chain's periods
	}{
		{"one absence is a chain of its own",
			[]Period{per("A", "2026-01-05", "2026-02-02")}, "A", []int{0}},
		{"27 days at work: added up",
			[]Period{per("A", "2026-01-05", "2026-02-02"), per("B", "2026-03-01", "")}, "A,B", []int{0, 27}},
		{"28 days at work (four weeks): a new chain",
			[]Period{per("A", "2026-01-05", "2026-02-02"), per("B", "2026-03-02", "")}, "A|B", []int{0}},
		{"sick again on the day back at work: no interruption",
			[]Period{per("A", "2026-01-05", "2026-02-02"), per("B", "2026-02-02", "")}, "A,B", []int{0, 0}},
		{"27 days across 29 February",
			[]Period{per("A", "2028-01-10", "2028-02-10"), per("B", "2028-03-08", "")}, "A,B", []int{0, 27}},
		{"28 days across 29 February",
			[]Period{per("A", "2028-01-10", "2028-02-10"), per("B", "2028-03-09", "")}, "A|B", []int{0}},
		{"three absences in one chain, given in any order",
			[]Period{per("C", "2026-03-02", ""), per("A", "2026-01-05", "2026-01-19"), per("B", "2026-02-02", "2026-02-16")},
			"A,B,C", []int{0, 14, 14}},
		{"a long gap in the middle cuts the chain",
			[]Period{per("A", "2026-01-05", "2026-01-19"), per("B", "2026-02-02", "2026-02-16"), per("C", "2026-04-01", "2026-04-10"), per("D", "2026-04-20", "")},
			"A,B|C,D", []int{0, 10}},
		{"the interruption counts from the chain's latest recovery",
			// B lies within A (overlapping records); C follows A's recovery after 20 days.
			[]Period{per("A", "2026-01-05", "2026-03-02"), per("B", "2026-01-20", "2026-02-01"), per("C", "2026-03-22", "")},
			"A,B,C", []int{0, 0, 20}},
		{"a period within an open one",
			[]Period{per("A", "2026-01-05", ""), per("B", "2026-05-01", "2026-05-10")}, "A,B", []int{0, 0}},
		{"back at work on the first sick day: a period without sick days",
			[]Period{per("A", "2026-01-05", "2026-01-05"), per("B", "2026-03-01", "")}, "A|B", []int{0}},
		{"no first sick day: left out",
			[]Period{{ID: "X"}, per("A", "2026-01-05", "")}, "A", []int{0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			chains := Chains(c.periods)
			if got := ids(chains); got != c.want {
				t.Fatalf("chains %q, want %q", got, c.want)
			}
			last := chains[len(chains)-1]
			for i, want := range c.gaps {
				if got := last.Interruption(i); got != want {
					t.Errorf("interruption before %s: %d, want %d", last.Periods[i].ID, got, want)
				}
			}
			if last.Added() != (len(c.gaps) > 1) {
				t.Errorf("Added = %v", last.Added())
			}
		})
	}
}

// oracle counts sick days one calendar day at a time: the days on which at
// least one period runs.
func oracle(periods []Period, n int) date.Date {
	day := periods[0].First
	for _, p := range periods {
		if p.First.Before(day) {
			day = p.First
		}
	}
	for ; ; day = day.AddDays(1) {
		for _, p := range periods {
			if !day.Before(p.First) && (p.Open() || day.Before(p.Back)) {
				n--
				break
			}
		}
		if n == 0 {
			return day
		}
	}
}

// TestChainTimelineDates fixes the deadlines of chains: each step lands on
// the calendar day where the chain reaches its week; steps inside an earlier
// period keep their date, later ones move back by the interruptions.
func TestChainTimelineDates(t *testing.T) {
	type want struct{ key, opens, due string }
	cases := []struct {
		name    string
		periods []Period
		steps   []want
		waiting string // last day of the 104 weeks
		week    map[string]int
	}{
		{"no chain: the same as a single absence",
			[]Period{per("A", "2026-01-05", "")},
			[]want{{"probleemanalyse", "2026-02-02", "2026-02-15"}, {"uwv_melding", "2026-10-12", "2026-10-25"}, {"eindevaluatie", "2027-09-27", "2028-01-02"}},
			"2028-01-02", map[string]int{"2026-01-04": 0, "2026-01-05": 1, "2026-01-12": 2}},
		{"two weeks each, interruptions of 14 days: everything 28 days later",
			[]Period{per("A", "2026-01-05", "2026-01-19"), per("B", "2026-02-02", "2026-02-16"), per("C", "2026-03-02", "")},
			[]want{{"probleemanalyse", "2026-03-02", "2026-03-15"}, {"plan_van_aanpak", "2026-03-16", "2026-03-29"},
				{"uwv_melding", "2026-11-09", "2026-11-22"}, {"eindevaluatie", "2027-10-25", "2028-01-30"}},
			"2028-01-30", map[string]int{"2026-01-18": 2, "2026-01-25": 2, "2026-02-02": 3, "2026-03-01": 4, "2026-03-02": 5}},
		{"deadlines inside the first absence stay, later ones move by 10 days",
			[]Period{per("A", "2026-01-05", "2026-03-09"), per("B", "2026-03-19", "")},
			[]want{{"probleemanalyse", "2026-02-02", "2026-02-15"}, {"plan_van_aanpak", "2026-02-16", "2026-03-01"},
				{"evaluatie_14", "2026-04-09", "2026-04-22"}, {"uwv_melding", "2026-10-22", "2026-11-04"},
				{"eerstejaarsevaluatie", "2026-12-31", "2027-01-13"}},
			"2028-01-12", map[string]int{"2026-03-08": 9, "2026-03-18": 9, "2026-03-19": 10}},
		{"a step that opens before the gap and is due after it",
			[]Period{per("A", "2026-01-05", "2026-02-24"), per("B", "2026-03-06", "")},
			[]want{{"plan_van_aanpak", "2026-02-16", "2026-03-11"}},
			"2028-01-12", nil},
		{"across 29 February 2028",
			[]Period{per("A", "2028-01-10", "2028-02-20"), per("B", "2028-03-01", "")},
			[]want{{"probleemanalyse", "2028-02-07", "2028-03-01"}, {"plan_van_aanpak", "2028-03-02", "2028-03-15"}},
			"2030-01-16", nil},
		{"across the start of summer time",
			[]Period{per("A", "2026-03-01", "2026-03-20"), per("B", "2026-03-27", "")},
			[]want{{"probleemanalyse", "2026-04-05", "2026-04-18"}, {"plan_van_aanpak", "2026-04-19", "2026-05-02"}},
			"2028-03-04", nil},
		{"overlapping records count shared days once",
			[]Period{per("A", "2026-01-05", "2026-02-02"), per("B", "2026-01-20", "2026-02-10"), per("C", "2026-02-20", "")},
			[]want{{"probleemanalyse", "2026-02-02", "2026-02-25"}},
			"2028-01-12", map[string]int{"2026-02-09": 6, "2026-02-19": 6}},
		{"a closed chain goes on from its last sick day",
			[]Period{per("A", "2026-01-05", "2026-01-19"), per("B", "2026-02-02", "2026-02-16")},
			[]want{{"probleemanalyse", "2026-02-16", "2026-03-01"}},
			"2028-01-16", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			chains := Chains(c.periods)
			if len(chains) != 1 {
				t.Fatalf("%d chains", len(chains))
			}
			ch := chains[0]
			byKey := map[string]Step{}
			for _, s := range ch.Timeline() {
				byKey[s.Key] = s
			}
			for _, w := range c.steps {
				s := byKey[w.key]
				if s.Opens.String() != w.opens || s.Due.String() != w.due {
					t.Errorf("%s: opens %s due %s, want %s and %s", w.key, s.Opens, s.Due, w.opens, w.due)
				}
				if ch.Back().IsZero() && ch.WeekOf(s.Due) != s.LastWeek {
					t.Errorf("%s: due in week %d of the chain, want %d", w.key, ch.WeekOf(s.Due), s.LastWeek)
				}
			}
			if got := ch.WaitingTimeEnd().String(); got != c.waiting {
				t.Errorf("waiting time ends %s, want %s", got, c.waiting)
			}
			if n := ch.SickDays(ch.WaitingTimeEnd()); ch.Back().IsZero() && n != 7*WaitingWeeks {
				t.Errorf("%d sick days at the end of the waiting time", n)
			}
			if n := ch.SickDays(ch.WaitingTimeEnd()); !ch.Back().IsZero() && n != ch.SickDays(ch.Back()) {
				t.Errorf("a closed chain counts %d sick days after its end", n-ch.SickDays(ch.Back()))
			}
			for day, want := range c.week {
				if got := ch.WeekOf(d(day)); got != want {
					t.Errorf("WeekOf(%s) = %d, want %d", day, got, want)
				}
			}
			if ch.Back().IsZero() {
				for _, n := range []int{1, 7, 14, 15, 28, 29, 42, 100, 728} {
					if got, want := ch.Day(n), oracle(c.periods, n); !got.Equal(want) {
						t.Errorf("sick day %d on %s, counted by hand %s", n, got, want)
					}
				}
			}
		})
	}
}

func TestSingleChainEqualsTimeline(t *testing.T) {
	for _, first := range []string{"2026-01-05", "2027-12-29", "2026-03-22", "2026-10-25"} {
		ch := Chains([]Period{per("A", first, "")})[0]
		want, got := Timeline(d(first)), ch.Timeline()
		if len(got) != len(want) {
			t.Fatalf("%s: %d steps, want %d", first, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: %+v, want %+v", first, got[i], want[i])
			}
		}
	}
	if (Chain{}).Timeline() != nil || !(Chain{}).Day(1).IsZero() || !(Chain{}).Start().IsZero() {
		t.Error("an empty chain has no days")
	}
}

func TestLocate(t *testing.T) {
	all := []Period{per("C", "2026-04-01", ""), per("A", "2026-01-05", "2026-01-19"), per("B", "2026-02-02", "2026-02-16"), per("X", "2025-06-01", "2025-06-10")}
	cases := []struct {
		id, chain, next string
		interruption    int
	}{
		{"A", "A", "B", 14},
		{"B", "A,B", "", 0},
		{"C", "C", "", 0},
		{"X", "X", "", 0},
	}
	for _, c := range cases {
		pos, ok := Locate(all, c.id)
		if !ok {
			t.Fatalf("%s not found", c.id)
		}
		if got := ids([]Chain{pos.Chain}); got != c.chain {
			t.Errorf("%s: chain %q, want %q", c.id, got, c.chain)
		}
		if pos.HasNext != (c.next != "") || pos.Next.ID != c.next || pos.NextInterruption != c.interruption {
			t.Errorf("%s: next %q (%v) after %d days, want %q after %d", c.id, pos.Next.ID, pos.HasNext, pos.NextInterruption, c.next, c.interruption)
		}
	}
	if _, ok := Locate(all, "Y"); ok {
		t.Error("found an unknown id")
	}
	// The chain through A ends with A's recovery: its later steps are not needed.
	pos, _ := Locate(all, "A")
	if !pos.Chain.Back().Equal(d("2026-01-19")) {
		t.Errorf("chain through A ends %s", pos.Chain.Back())
	}
}

func TestChainDone(t *testing.T) {
	ch := Chains([]Period{per("A", "2026-01-05", "2026-01-19"), per("B", "2026-02-02", "2026-02-16"), per("C", "2026-03-02", "")})[0]
	marks := map[string]map[string]Completion{
		"A": {"probleemanalyse": {On: d("2026-01-15"), Note: "in A"}, "plan_van_aanpak": {On: d("2026-01-16")}},
		"B": {"probleemanalyse": {On: d("2026-02-05"), Note: "in B"}, "plan_van_aanpak": {On: d("2026-01-16")}, "evaluatie_14": {On: d("2026-02-10")}},
		"C": {"plan_van_aanpak": {On: d("2026-03-20"), Note: "in C"}},
		"X": {"uwv_melding": {On: d("2026-03-01")}},
	}
	done := ch.Done(marks)
	cases := []struct{ key, period, on string }{
		{"probleemanalyse", "A", "2026-01-15"}, // the earliest
		{"plan_van_aanpak", "C", "2026-03-20"}, // the current absence wins
		{"evaluatie_14", "B", "2026-02-10"},
	}
	for _, c := range cases {
		got, ok := done[c.key]
		if !ok || got.Period != c.period || got.On.String() != c.on {
			t.Errorf("%s: %+v, want from %s on %s", c.key, got, c.period, c.on)
		}
	}
	if _, ok := done["uwv_melding"]; ok {
		t.Error("a mark of an absence outside the chain counts")
	}
	// The same date in two earlier absences: the earlier absence.
	ch2 := Chains([]Period{per("A", "2026-01-05", "2026-01-19"), per("B", "2026-02-02", "2026-02-16"), per("C", "2026-03-02", "")})[0]
	tie := ch2.Done(map[string]map[string]Completion{"A": {"x": {On: d("2026-02-01")}}, "B": {"x": {On: d("2026-02-01")}}})
	if tie["x"].Period != "A" {
		t.Errorf("tie went to %s", tie["x"].Period)
	}
}

// TestChainStatus: states over a chain seen from its last absence.
func TestChainStatus(t *testing.T) {
	// A: 9 weeks (probleemanalyse and plan van aanpak due inside it), then 10 days at work.
	periods := []Period{per("A", "2026-01-05", "2026-03-09"), per("B", "2026-03-19", "")}
	ch := Chains(periods)[0]
	status := func(items []Item, key string) Status {
		for _, it := range items {
			if it.Key == key {
				return it.Status
			}
		}
		t.Fatalf("no step %s", key)
		return ""
	}
	done := ch.Done(map[string]map[string]Completion{"A": {"probleemanalyse": {On: d("2026-02-10")}}})
	items := ch.Evaluate(d("2026-04-01"), done)
	for key, want := range map[string]Status{
		"probleemanalyse": Done,     // marked in the earlier absence
		"plan_van_aanpak": Overdue,  // due inside the earlier absence, never marked
		"evaluatie_14":    Upcoming, // opens 2026-04-09, 10 days later than without the chain
		"uwv_melding":     Upcoming,
	} {
		if got := status(items, key); got != want {
			t.Errorf("%s: %s, want %s", key, got, want)
		}
	}
	if next, ok := Next(items); !ok || next.Key != "plan_van_aanpak" {
		t.Errorf("next %s", next.Key)
	}
	// Without the chain the evaluation would be due already on this day.
	if got := status(Evaluate(d("2026-01-05"), date.Date{}, d("2026-04-01"), nil), "evaluatie_14"); got != Due {
		t.Errorf("unchained evaluatie_14: %s", got)
	}
	// B recovers: steps due after the chain's end are not needed.
	periods[1].Back = d("2026-04-15")
	ch = Chains(periods)[0]
	items = ch.Evaluate(d("2026-05-01"), nil)
	if got := status(items, "evaluatie_14"); got != NotNeeded {
		t.Errorf("evaluatie_14 after recovery: %s", got)
	}
	if got := status(items, "plan_van_aanpak"); got != Overdue {
		t.Errorf("plan_van_aanpak after recovery: %s", got)
	}
}
