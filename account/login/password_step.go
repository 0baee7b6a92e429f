package login

import (
	"errors"
	"net/http"

	"github.com/mijnaccount/mijnaccount/server"
)

// loginPage is the data of the login form.
type loginPage struct {
	Flow  string
	Email string
	Stay  bool
	Error string // message id
}

func (h *Handler) showLogin(w http.ResponseWriter, r *http.Request) error {
	fl, err := h.Flows.Load(r)
	if errors.Is(err, ErrNoFlow) {
		return h.restart(w, r, r.URL.Query().Get("return_to"))
	}
	if err != nil {
		return server.Unavailable(err)
	}
	if fl.Step != StepPassword {
		return h.resume(w, r, fl)
	}
	// A browser where the user chose to stay logged in remembers the address.
	email := h.Sessions.Remembered(r)
	return h.Pages.Render(w, r, http.StatusOK, "login", loginPage{Flow: fl.ID, Email: email, Stay: email != ""})
}

// restart begins a new flow and sends the browser to its login form.
func (h *Handler) restart(w http.ResponseWriter, r *http.Request, returnTo string) error {
	fl, err := h.Flows.Start(r.Context(), w, returnTo)
	if err != nil {
		return server.Unavailable(err)
	}
	http.Redirect(w, r, fl.URL("/login"), http.StatusSeeOther)
	return nil
}

// resume sends the browser to the page of the flow's current step.
func (h *Handler) resume(w http.ResponseWriter, r *http.Request, fl Flow) error {
	switch fl.Step {
	case StepChangePassword:
		http.Redirect(w, r, fl.URL("/login/password"), http.StatusSeeOther)
		return nil
	case StepSecondFactor:
		if h.SecondFactor == nil {
			return server.Unavailable(errNoSecondFactor)
		}
		return h.SecondFactor.Begin(w, r, fl)
	}
	return h.restart(w, r, fl.ReturnTo)
}

// errNoSecondFactor fails a login closed when no factor step is wired.
var errNoSecondFactor = errors.New("login: no second-factor step configured")

// next moves a flow whose password step is done to the second factor.
func (h *Handler) next(w http.ResponseWriter, r *http.Request, fl Flow) error {
	if h.SecondFactor == nil {
		return server.Unavailable(errNoSecondFactor)
	}
	fl.Step = StepSecondFactor
	if err := h.Flows.Save(r.Context(), fl); err != nil {
		return server.Unavailable(err)
	}
	return h.SecondFactor.Begin(w, r, fl)
}
