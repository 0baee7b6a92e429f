package poortwachter

import (
	"errors"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/date"
)

// ext builds an extension from start for weeks; shortened "" runs in full.
func ext(id string, kind ExtensionKind, start string, weeks int, shortened string) Extension {
	e := Extension{ID: id, Kind: kind, Start: d(start), Weeks: weeks}
	if shortened != "" {
		e.ShortenedTo = d(shortened)
	}
	return e
}

// openChain is one open absence from 2026-01-05 (a Monday): the 104 weeks
// end on 2028-01-02 and week 91 on 2027-10-03.
func openChain(exts ...Extension) Chain {
	return Chains([]Period{per("A", "2026-01-05", "")})[0].Extend(exts)
}

// TestExtendedTimeline fixes the end of the waiting time, the window of the
// eindevaluatie and WIA application and the evaluations for each kind of
// extension, also after a bekorting and over a chain with an interruption.
func TestExtendedTimeline(t *testing.T) {
	type window struct{ key, opens, due string }
	gapChain := Chains([]Period{per("A", "2026-01-05", "2026-02-02"), per("B", "2026-03-01", "")})[0]
	cases := []struct {
		name       string
		chain      Chain
		end        string // end of the waiting time
		extra      int    // days of extension
		weeks      string // label of the eindevaluatie
		steps      []window
		lastEval   string // key of the last evaluation
		noEval     string // key of the first evaluation there is not
		deadlineVV string // AgreementDeadline for a verlenging after the others
	}{
		{"no extension", openChain(), "2028-01-02", 0, "91–104",
			[]window{{"eindevaluatie", "2027-09-27", "2028-01-02"}, {"evaluatie_86", "2027-08-16", "2027-08-29"}},
			"evaluatie_86", "evaluatie_92", "2027-10-03"},
		{"a loonsanctie of 52 weeks moves everything by 364 days",
			openChain(ext("L", Loonsanctie, "2028-01-03", 52, "")), "2028-12-31", 364, "143–156",
			[]window{{"eindevaluatie", "2028-09-25", "2028-12-31"}, {"evaluatie_92", "2027-09-27", "2027-10-10"},
				{"evaluatie_140", "2028-08-28", "2028-09-10"}},
			"evaluatie_140", "evaluatie_146", "2028-10-01"},
		{"a vrijwillige verlenging of 13 weeks moves everything by 91 days",
			openChain(ext("V", VrijwilligeVerlenging, "2028-01-03", 13, "")), "2028-04-02", 91, "104–117",
			[]window{{"eindevaluatie", "2027-12-27", "2028-04-02"}, {"evaluatie_98", "2027-11-08", "2027-11-21"}},
			"evaluatie_98", "evaluatie_104", "2028-01-02"},
		{"a verlenging then a loonsanctie ended early by bekorting",
			openChain(ext("V", VrijwilligeVerlenging, "2028-01-03", 26, ""), ext("L", Loonsanctie, "2028-07-03", 20, "2028-09-30")),
			"2028-09-30", 272, "129–143",
			[]window{{"eindevaluatie", "2028-06-25", "2028-09-30"}, {"evaluatie_128", "2028-06-05", "2028-06-18"}},
			"evaluatie_128", "evaluatie_134", "2028-07-01"},
		{"a loonsanctie after 27 days at work counts from the chain's end",
			gapChain.Extend([]Extension{ext("L", Loonsanctie, "2028-01-30", 52, "")}), "2029-01-27", 364, "143–156",
			[]window{{"eindevaluatie", "2028-10-22", "2029-01-27"}, {"evaluatie_92", "2027-10-24", "2027-11-06"},
				{"evaluatie_140", "2028-09-24", "2028-10-07"}},
			"evaluatie_140", "evaluatie_146", "2028-10-28"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.chain.WaitingTimeEnd().String(); got != c.end {
				t.Errorf("end of the waiting time %s, want %s", got, c.end)
			}
			if got := c.chain.ExtensionDays(); got != c.extra {
				t.Errorf("extension days %d, want %d", got, c.extra)
			}
			if got := c.chain.NextStart(); !got.Equal(d(c.end).AddDays(1)) {
				t.Errorf("next start %s", got)
			}
			byKey := map[string]Step{}
			steps := c.chain.Timeline()
			for i, s := range steps {
				byKey[s.Key] = s
				if i > 0 && s.Due.Before(steps[i-1].Due) {
					t.Errorf("%s due before %s", s.Key, steps[i-1].Key)
				}
			}
			if got := byKey["eindevaluatie"].WeekLabel(); got != c.weeks {
				t.Errorf("eindevaluatie weeks %s, want %s", got, c.weeks)
			}
			for _, w := range c.steps {
				s, ok := byKey[w.key]
				if !ok || s.Opens.String() != w.opens || s.Due.String() != w.due {
					t.Errorf("%s: %v opens %s due %s, want %s and %s", w.key, ok, s.Opens, s.Due, w.opens, w.due)
				}
			}
			if !c.chain.HasStep(c.lastEval) || c.chain.HasStep(c.noEval) {
				t.Errorf("evaluations: %s %v, %s %v", c.lastEval, c.chain.HasStep(c.lastEval), c.noEval, c.chain.HasStep(c.noEval))
			}
			// A verlenging that would follow the others: agreed at the latest
			// 13 weeks before the end as it stands.
			if got := c.chain.AgreementDeadline(d(c.end).AddDays(1)).String(); got != c.deadlineVV {
				t.Errorf("agreement deadline %s, want %s", got, c.deadlineVV)
			}
		})
	}
}

func TestRunningExtension(t *testing.T) {
	ch := openChain(ext("V", VrijwilligeVerlenging, "2028-01-03", 13, ""), ext("L", Loonsanctie, "2028-04-03", 52, "2028-06-30"))
	for day, want := range map[string]string{"2028-01-02": "", "2028-01-03": "V", "2028-04-02": "V", "2028-04-03": "L",
		"2028-06-30": "L", "2028-07-01": ""} {
		got := ""
		for _, e := range ch.Running(d(day)) {
			got += e.ID
		}
		if got != want {
			t.Errorf("running on %s: %q, want %q", day, got, want)
		}
	}
	// Steps after the original 104 weeks are not needed once the chain ends.
	closed := Chains([]Period{per("A", "2026-01-05", "2028-03-01")})[0].Extend(ch.Extensions())
	for _, it := range closed.Evaluate(d("2028-03-10"), nil) {
		if it.Key == "eindevaluatie" && it.Status != NotNeeded {
			t.Errorf("eindevaluatie after recovery: %s", it.Status)
		}
	}
}

// TestCheckExtension: the rules a new extension must keep, on the open
// chain from 2026-01-05 (the 104 weeks end on 2028-01-02, week 91 on
// 2027-10-03), on 2028-06-01.
func TestCheckExtension(t *testing.T) {
	ls10 := ext("L1", Loonsanctie, "2028-01-03", 10, "") // up to 2028-03-12
	vv26 := ext("V1", VrijwilligeVerlenging, "2028-01-03", 26, "")
	cases := []struct {
		name    string
		have    []Extension
		e       Extension
		decided string
		want    ExtensionReason // "" accepted
	}{
		{"a loonsanctie of 52 weeks after the 104 weeks", nil, ext("", Loonsanctie, "2028-01-03", 52, ""), "2027-12-20", ""},
		{"no weeks", nil, ext("", Loonsanctie, "2028-01-03", 0, ""), "2027-12-20", ExtensionBadWeeks},
		{"53 weeks", nil, ext("", Loonsanctie, "2028-01-03", 53, ""), "2027-12-20", ExtensionBadWeeks},
		{"an unknown kind", nil, ext("", "boete", "2028-01-03", 5, ""), "2027-12-20", ExtensionBadKind},
		{"decided tomorrow", nil, ext("", Loonsanctie, "2028-01-03", 5, ""), "2028-06-02", ExtensionDecidedFuture},
		{"decided before the first sick day", nil, ext("", Loonsanctie, "2028-01-03", 5, ""), "2026-01-04", ExtensionDecidedBeforeChain},
		{"beginning on the last day of the 104 weeks", nil, ext("", Loonsanctie, "2028-01-02", 5, ""), "2027-12-20", ExtensionStartTooEarly},
		{"beginning a day late leaves a gap", nil, ext("", Loonsanctie, "2028-01-04", 5, ""), "2027-12-20", ExtensionGap},
		{"a second loonsanctie sharing a day", []Extension{ls10}, ext("", Loonsanctie, "2028-03-12", 5, ""), "2028-01-20", ExtensionOverlap},
		{"a second loonsanctie up to 52 weeks in all", []Extension{ls10}, ext("", Loonsanctie, "2028-03-13", 42, ""), "2028-01-20", ""},
		{"a second loonsanctie beyond 52 weeks in all", []Extension{ls10}, ext("", Loonsanctie, "2028-03-13", 43, ""), "2028-01-20", ExtensionTotal},
		{"a verlenging agreed on the last day of week 91", nil, ext("", VrijwilligeVerlenging, "2028-01-03", 13, ""), "2027-10-03", ""},
		{"a verlenging agreed in week 92", nil, ext("", VrijwilligeVerlenging, "2028-01-03", 13, ""), "2027-10-04", ExtensionTooLate},
		{"a second verlenging agreed 13 weeks before the extended end", []Extension{vv26}, ext("", VrijwilligeVerlenging, "2028-07-03", 13, ""), "2028-04-02", ""},
		{"a second verlenging agreed later", []Extension{vv26}, ext("", VrijwilligeVerlenging, "2028-07-03", 13, ""), "2028-04-03", ExtensionTooLate},
		{"verlengingen beyond 52 weeks in all", []Extension{vv26}, ext("", VrijwilligeVerlenging, "2028-07-03", 27, ""), "2028-01-20", ExtensionTotal},
		{"52 weeks of each kind", []Extension{vv26, ext("V2", VrijwilligeVerlenging, "2028-07-03", 26, "")},
			ext("", Loonsanctie, "2029-01-01", 52, ""), "2028-02-01", ""},
		{"a loonsanctie after the verlenging, not after the 104 weeks", []Extension{vv26}, ext("", Loonsanctie, "2028-07-04", 5, ""), "2028-01-20", ExtensionGap},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := openChain(c.have...).CheckExtension(c.e, d(c.decided), d("2028-06-01"))
			var refused *ExtensionError
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.want != "" && (!errors.As(err, &refused) || refused.Reason != c.want):
				t.Fatalf("got %v, want %s", err, c.want)
			}
		})
	}
}

func TestCheckShortening(t *testing.T) {
	ls52 := ext("L", Loonsanctie, "2028-01-03", 52, "") // up to 2028-12-31
	cases := []struct {
		name string
		have []Extension
		id   string
		end  string
		want ExtensionReason
	}{
		{"to a day within it", []Extension{ls52}, "L", "2028-06-30", ""},
		{"to its first day", []Extension{ls52}, "L", "2028-01-03", ""},
		{"to its last day: nothing shorter", []Extension{ls52}, "L", "2028-12-31", ExtensionShortenRange},
		{"to before its first day", []Extension{ls52}, "L", "2028-01-02", ExtensionShortenRange},
		{"again, to a later day", []Extension{ext("L", Loonsanctie, "2028-01-03", 52, "2028-06-30")}, "L", "2028-07-30", ExtensionShortenRange},
		{"a verlenging", []Extension{ext("V", VrijwilligeVerlenging, "2028-01-03", 13, "")}, "V", "2028-02-01", ExtensionNotLoonsanctie},
		{"with a loonsanctie after it", []Extension{ext("L", Loonsanctie, "2028-01-03", 10, ""), ext("M", Loonsanctie, "2028-03-13", 10, "")},
			"L", "2028-02-01", ExtensionGap},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ok, err := openChain(c.have...).CheckShortening(c.id, d(c.end))
			var refused *ExtensionError
			switch {
			case !ok:
				t.Fatal("extension not found")
			case c.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.want != "" && (!errors.As(err, &refused) || refused.Reason != c.want):
				t.Fatalf("got %v, want %s", err, c.want)
			}
		})
	}
	if ok, _ := openChain(ls52).CheckShortening("X", d("2028-06-30")); ok {
		t.Error("an unknown extension was found")
	}
	if got := openChain(ext("L", Loonsanctie, "2028-01-03", 52, "2028-06-30")).WaitingTimeEnd(); !got.Equal(date.MustParse("2028-06-30")) {
		t.Errorf("end after bekorting %s", got)
	}
}
