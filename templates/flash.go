package templates

import (
	"net/http"
	"regexp"
)

const (
	flashCookie = "flash"
	flashMaxAge = 5 * 60
)

// flashRE is the shape of a message id; anything else in the cookie is ignored.
var flashRE = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$`)

// SetFlash makes the next page this browser gets show the message id once,
// as an information notice under the page title — typically before a
// redirect after a POST ("De sessie is beëindigd."). Only ids present in the
// catalogue are ever shown, so the cookie cannot carry text of its own.
func SetFlash(w http.ResponseWriter, r *http.Request, id string) {
	if !flashRE.MatchString(id) {
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: flashCookie, Value: id, Path: "/", MaxAge: flashMaxAge,
		HttpOnly: true, Secure: isHTTPS(r), SameSite: http.SameSiteLaxMode,
	})
}

// takeFlash returns the pending flash id of r (if it names a known message)
// and whether a flash cookie must be cleared.
func (rd *Renderer) takeFlash(r *http.Request) (id string, clear bool) {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return "", false
	}
	if flashRE.MatchString(c.Value) && rd.catalog.Has(DefaultLang, c.Value) {
		return c.Value, true
	}
	return "", true
}

func clearFlash(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: flashCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: isHTTPS(r), SameSite: http.SameSiteLaxMode,
	})
}
