package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/helpdesk"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/phoneswap"
)

// TestFourEyesStopsASingleHelpdeskUser is the attack: in an organisation
// that demands four eyes, one helpdesk user alone removes a user's factor,
// or points the user's SMS codes at a number of their own choosing and
// reads the texted code themselves. Neither may take effect without a
// second person.
func TestFourEyesStopsASingleHelpdeskUser(t *testing.T) {
	w := newHDWorld(t, "sqlite", func(o *account.Org) { o.FourEyesFactorReset = true })
	env := w.env
	worker := env.User(t, w.employer, "doelwit@noord.example", goodPassword)
	const own, attacker = "+31611110001", "+31645550001"
	addPhone(t, env, worker, own)
	app := factorOfKind(t, env, worker, mfa.KindTOTP)
	_, desk := w.loggedIn(t, w.arbo, "insider@arbo-noord.example", roleHelpdesk)

	act(desk, worker.ID, helpdesk.RemoveFactor, "Gebruiker belde", "", "factor", app.ID)
	if factorCount(t, env, worker) != 2 {
		t.Error("one helpdesk user alone removed a factor in a four-eyes organisation")
	}

	until := env.Clock.Now().Add(7 * 24 * time.Hour).Format(time.DateOnly)
	act(desk, worker.ID, helpdesk.StartSwap, "Gebruiker belde", "", "phone", attacker, "until", until)
	codes := env.SMSCodes(t, attacker)
	if len(codes) != 1 {
		t.Fatalf("%d codes texted to the new number", len(codes))
	}
	act(desk, worker.ID, helpdesk.StartSwap, "Gebruiker belde", "", "phone", attacker, "until", until, "code", codes[0])
	if _, err := env.App.Swaps.Active(t.Context(), worker.ID); !errors.Is(err, phoneswap.ErrNoSwap) {
		t.Error("one helpdesk user alone started a phone swap in a four-eyes organisation")
	}
	fs, err := env.App.Factors.ListFactors(t.Context(), worker.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Kind == mfa.KindSMS && strings.Contains(f.Secret, attacker) {
			t.Error("the user's SMS codes now go to the helpdesk user's number")
		}
	}
}

// factorOfKind returns the user's first factor of kind.
func factorOfKind(t *testing.T, env *apptest.Env, u account.User, kind string) mfa.Factor {
	t.Helper()
	fs, err := env.App.Factors.ListFactors(t.Context(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Kind == kind {
			return f
		}
	}
	t.Fatalf("user %s has no %s factor", u.ID, kind)
	return mfa.Factor{}
}
