package secondfactor

import (
	"errors"
	"net/http"
	"time"

	"github.com/mijnaccount/mijnaccount/account/login"
	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa/phoneswap"
	"github.com/mijnaccount/mijnaccount/server"
)

// swapUntil reads the optional end date (phoneswap.ParseEnd); it answers a
// message id when the date is not acceptable.
func (h *Handler) swapUntil(raw string) (time.Time, string) {
	end, err := phoneswap.ParseEnd(raw, h.Now())
	if err != nil {
		return time.Time{}, "mfa.swap.until_invalid"
	}
	return end, ""
}

func (h *Handler) startSwap(w http.ResponseWriter, r *http.Request, v portal.Viewer) error {
	if _, err := h.Swaps.Active(r.Context(), v.User.ID); err == nil {
		return h.renderSecurity(w, r, v, "mfa.swap.running")
	} else if !errors.Is(err, phoneswap.ErrNoSwap) {
		return server.Unavailable(err)
	}
	return h.guarded(login.ModePhoneSwap)(w, r, v)
}

// swapStarted begins the swap with the verified temporary number: all
// sessions end, the user logs in again with the new number.
func (h *Handler) swapStarted(w http.ResponseWriter, r *http.Request, s *step, phone string) error {
	ctx := r.Context()
	sw, err := h.Swaps.Start(ctx, s.user.ID, phone, s.st.SwapUntil, s.user.ID)
	switch {
	case errors.Is(err, phoneswap.ErrActive):
		return h.end(w, r, s.fl, "mfa.swap.running")
	case errors.Is(err, phoneswap.ErrInvalid):
		return h.end(w, r, s.fl, "mfa.swap.until_invalid")
	case err != nil:
		return server.Unavailable(err)
	}
	h.record(ctx, audit.Event{ActorID: s.user.ID, Action: "mfa.phone_swap.started", TargetType: "phone_swap", TargetID: sw.ID,
		OrgID: s.org.ID, Outcome: audit.OutcomeSuccess})
	if err := h.Flows.Finish(ctx, w, s.fl); err != nil {
		return server.Unavailable(err)
	}
	return h.Pages.Render(w, r, http.StatusOK, "message", web.MessagePage{
		Title: "mfa.swap.started_title", Body: "mfa.swap.started", Link: "/login", LinkText: "login.submit"})
}

// endSwap puts the user's own number back now ("Terugzetten").
func (h *Handler) endSwap(w http.ResponseWriter, r *http.Request, v portal.Viewer) error {
	if done, err := h.needsReauth(w, r, v); done {
		return err
	}
	sw, err := h.Swaps.Active(r.Context(), v.User.ID)
	if errors.Is(err, phoneswap.ErrNoSwap) {
		http.Redirect(w, r, "/account/security", http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return server.Unavailable(err)
	}
	if err := h.Swaps.End(r.Context(), v.User.ID, v.User.ID); err != nil && !errors.Is(err, phoneswap.ErrNoSwap) {
		return server.Unavailable(err)
	}
	h.record(r.Context(), audit.Event{ActorID: v.User.ID, Action: "mfa.phone_swap.ended", TargetType: "phone_swap", TargetID: sw.ID,
		OrgID: v.Org.ID, Outcome: audit.OutcomeSuccess})
	return h.Pages.Render(w, r, http.StatusOK, "message", web.MessagePage{
		Title: "mfa.swap.ended_title", Body: "mfa.swap.ended", Link: "/login", LinkText: "login.submit"})
}
