package server

import (
	"html/template"
	"net/http"
)

// ErrorPage renders the HTML error page for browsers. It must write the
// header with status and a page that shows no detail; code is the stable
// message id to translate. The request id is in [RequestID] for a
// "reference" line. Plug one in with Options.ErrorPage to get the site
// layout; without it the server writes a minimal page of its own.
type ErrorPage func(w http.ResponseWriter, r *http.Request, status int, code string)

// message is a generic text for a status, Dutch first.
type message struct{ nl, en string }

var messages = map[int]message{
	http.StatusBadRequest:          {"Dit verzoek kunnen we niet verwerken.", "We cannot process this request."},
	http.StatusUnauthorized:        {"U bent niet ingelogd.", "You are not logged in."},
	http.StatusForbidden:           {"U heeft hier geen toegang toe.", "You do not have access to this."},
	http.StatusNotFound:            {"Deze pagina bestaat niet.", "This page does not exist."},
	http.StatusTooManyRequests:     {"Te veel pogingen. Probeer het later opnieuw.", "Too many attempts. Please try again later."},
	http.StatusInternalServerError: {"Er ging iets mis aan onze kant.", "Something went wrong on our side."},
	http.StatusServiceUnavailable:  {"De dienst is tijdelijk niet beschikbaar. Probeer het later opnieuw.", "The service is temporarily unavailable. Please try again later."},
}

// messageFor returns the text for status, falling back on its class.
func messageFor(status int) message {
	if m, ok := messages[status]; ok {
		return m
	}
	if status >= 500 {
		return messages[http.StatusInternalServerError]
	}
	return messages[http.StatusBadRequest]
}

var errorPageTemplate = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Status}} · Mijn Account</title>
</head>
<body>
<main>
<h1>{{.NL}}</h1>
<p lang="en">{{.EN}}</p>
{{with .RequestID}}<p><small>Referentie / reference: {{.}}</small></p>{{end}}
</main>
</body>
</html>
`))

// writeErrorPage writes the built-in page: generic texts only, never the
// error's detail or public text.
func writeErrorPage(w http.ResponseWriter, r *http.Request, status int) {
	m := messageFor(status)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = errorPageTemplate.Execute(w, struct {
		Status    int
		NL, EN    string
		RequestID string
	}{status, m.nl, m.en, RequestID(r.Context())})
}
