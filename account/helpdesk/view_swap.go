package helpdesk

import (
	"errors"
	"net/http"
	"strings"

	"github.com/mijnaccount/mijnaccount/account/portal"
	"github.com/mijnaccount/mijnaccount/mfa/phoneswap"
	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/server"
)

// swapStep reads the temporary number form. Without a code it texts one to
// the number and shows the form again for the code the user reads out; it
// reports done when it has answered.
func (h *Handler) swapStep(w http.ResponseWriter, r *http.Request, v portal.Viewer, p *actionPage) (bool, error) {
	ctx := r.Context()
	p.Phone, p.Until = strings.TrimSpace(r.PostFormValue("phone")), strings.TrimSpace(r.PostFormValue("until"))
	phone, err := sms.ParsePhone(p.Phone, h.Service.PhonePrefixes)
	if err != nil {
		msg := "helpdesk.swap.phone_invalid"
		if errors.Is(err, sms.ErrPhoneNotMobile) {
			msg = "helpdesk.swap.phone_not_mobile"
		}
		p.Errors = append(p.Errors, msg)
		return true, h.Pages.Render(w, r, http.StatusUnprocessableEntity, "helpdesk_action", p)
	}
	p.Phone = phone
	if p.until, err = phoneswap.ParseEnd(p.Until, h.Service.Now()); err != nil {
		p.Errors = append(p.Errors, "helpdesk.swap.until_invalid")
		return true, h.Pages.Render(w, r, http.StatusUnprocessableEntity, "helpdesk_action", p)
	}
	if p.code = strings.TrimSpace(r.PostFormValue("code")); p.code != "" {
		p.CodeSent = true
		return false, nil
	}
	u, err := h.Service.Accounts.GetUser(ctx, p.UserID)
	if err != nil {
		return true, server.Unavailable(err)
	}
	if err := h.Service.SendSwapCode(ctx, Actor{ID: v.User.ID}, u, phone); err != nil {
		h.Log.Warn("helpdesk swap code not sent", "user", u.ID, "err", err)
		p.Errors = append(p.Errors, "helpdesk.swap.send_failed")
		return true, h.Pages.Render(w, r, http.StatusUnprocessableEntity, "helpdesk_action", p)
	}
	p.CodeSent = true
	return true, h.Pages.Render(w, r, http.StatusOK, "helpdesk_action", p)
}
