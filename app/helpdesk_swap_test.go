package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account/helpdesk"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/phoneswap"
)

// TestHelpdeskEndsAPhoneSwap: the helpdesk puts a user's own number back on
// request, with a reason; the user page offers it only while a swap runs.
func TestHelpdeskEndsAPhoneSwap(t *testing.T) {
	w := newHDWorld(t, "sqlite")
	env := w.env
	_, hd := w.loggedIn(t, w.arbo, "hd@arbo-noord.example", "platform/helpdesk")
	u := env.UserWithoutFactor(t, w.employer, "verlof@bakkerij-noord.example", goodPassword)
	const own, temp = "+31612770001", "+31612770002"
	if _, err := env.App.Factors.AddFactor(t.Context(), mfa.Factor{UserID: u.ID, Kind: mfa.KindSMS, Secret: own}); err != nil {
		t.Fatal(err)
	}
	if p := hd.Get("/helpdesk/users/" + u.ID); strings.Contains(p.Body, "/end-swap") {
		t.Fatal("ending a swap is offered while none runs")
	}
	if _, err := env.App.Swaps.Start(t.Context(), u.ID, temp, env.Clock.Now().Add(30*24*time.Hour), u.ID); err != nil {
		t.Fatal(err)
	}
	if p := hd.Get("/helpdesk/users/" + u.ID); !strings.Contains(p.Body, "/end-swap") {
		t.Fatalf("the running swap must be offered to end:\n%s", p.Body)
	}
	if p := act(hd, u.ID, helpdesk.EndSwap, "", ""); p.Status != 422 {
		t.Fatalf("without a reason: %d", p.Status)
	}
	if _, err := env.App.Swaps.Active(t.Context(), u.ID); err != nil {
		t.Fatal("a refused action ended the swap")
	}
	act(hd, u.ID, helpdesk.EndSwap, "Gebruiker belde: weer terug van verlof", "T-1234")
	if _, err := env.App.Swaps.Active(t.Context(), u.ID); !errors.Is(err, phoneswap.ErrNoSwap) {
		t.Fatalf("swap after the action: %v", err)
	}
	fs, _ := env.App.Factors.ListFactors(t.Context(), u.ID)
	if len(fs) != 1 || fs[0].Secret != own {
		t.Fatal("the own number is not back")
	}
	if ev := findEvent(t, env, "helpdesk.phone_swap_ended", u.ID); ev.Reason != "T-1234" {
		t.Errorf("audit event %+v", ev)
	}
	noPersonalData(t, env, "weer terug van verlof", own, temp)
}

// TestHelpdeskStartsAPhoneSwap: on the user's request the helpdesk sets a
// temporary number; the user reads out the code texted to it.
func TestHelpdeskStartsAPhoneSwap(t *testing.T) {
	w := newHDWorld(t, "sqlite")
	env := w.env
	_, hd := w.loggedIn(t, w.arbo, "hd2@arbo-noord.example", "platform/helpdesk")
	u := env.UserWithoutFactor(t, w.employer, "ziek@bakkerij-noord.example", goodPassword)
	const own, temp = "+31688880001", "+31688880002"
	if _, err := env.App.Factors.AddFactor(t.Context(), mfa.Factor{UserID: u.ID, Kind: mfa.KindSMS, Secret: own}); err != nil {
		t.Fatal(err)
	}
	if p := hd.Get("/helpdesk/users/" + u.ID); !strings.Contains(p.Body, "/start-swap") {
		t.Fatalf("a temporary number must be offered for a user with SMS:\n%s", p.Body)
	}
	reason := "Gebruiker belde: telefoon kapot"
	if p := act(hd, u.ID, helpdesk.StartSwap, reason, "", "phone", "12345"); p.Status != 422 || !strings.Contains(p.Body, "geen geldig mobiel nummer") {
		t.Fatalf("a bad number: %d\n%s", p.Status, p.Body)
	}
	if p := act(hd, u.ID, helpdesk.StartSwap, reason, "", "phone", "+31 900 123 4567"); p.Status != 422 || !strings.Contains(p.Body, "geen mobiel nummer") {
		t.Fatalf("a premium-rate number: %d\n%s", p.Status, p.Body)
	}
	until := env.Clock.Now().Add(14 * 24 * time.Hour).Format(time.DateOnly)
	p := act(hd, u.ID, helpdesk.StartSwap, reason, "T-77", "phone", temp, "until", until)
	if p.Status != 200 || !strings.Contains(p.Body, `id="swap-code-sent"`) {
		t.Fatalf("the code must be sent first: %d\n%s", p.Status, p.Body)
	}
	codes := env.SMSCodes(t, temp)
	if len(codes) != 1 {
		t.Fatalf("%d codes texted to the temporary number", len(codes))
	}
	if p := act(hd, u.ID, helpdesk.StartSwap, reason, "T-77", "phone", temp, "until", until, "code", "000000"); p.Status != 422 {
		t.Fatalf("a wrong code: %d", p.Status)
	}
	if _, err := env.App.Swaps.Active(t.Context(), u.ID); !errors.Is(err, phoneswap.ErrNoSwap) {
		t.Fatal("a wrong code started the swap")
	}
	act(hd, u.ID, helpdesk.StartSwap, reason, "T-77", "phone", temp, "until", until, "code", codes[0])
	sw, err := env.App.Swaps.Active(t.Context(), u.ID)
	if err != nil || sw.EndsAt.IsZero() {
		t.Fatalf("swap after the right code: %+v %v", sw, err)
	}
	fs, _ := env.App.Factors.ListFactors(t.Context(), u.ID)
	if fs[0].Secret != temp {
		t.Fatal("the temporary number is not in use")
	}
	if ev := findEvent(t, env, "helpdesk.phone_swap_started", u.ID); ev.Reason != "T-77" {
		t.Errorf("audit event %+v", ev)
	}
	noPersonalData(t, env, "telefoon kapot", own, temp)
}
