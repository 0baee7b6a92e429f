// Command preview serves the generic pages of package templates with sample
// data, for screenshots and design review:
//
//	go run ./templates/internal/preview -addr 127.0.0.1:8099
//
// It is a development tool; nothing in the product imports it.
package main

import (
	"context"
	"embed"
	"flag"
	"io/fs"
	"log"
	"net/http"
	"strconv"

	"github.com/mijnaccount/mijnaccount/templates"
)

// pages shows how a domain package brings its own pages: an embed.FS in
// Options.Extra, reusing the layout, partials and catalogue.
//
//go:embed pages/*.html
var pages embed.FS

type message = templates.MessageData

// messages are sample uses of the generic "message" page.
var messages = map[string]message{
	"logged-out": {Title: "logout.title", Body: "logout.done", Link: "/sample", LinkText: "login.title"},
	"check-mail": {Title: "reset.sent_title", Body: "reset.sent", Link: "/sample", LinkText: "login.back"},
	"network":    {Title: "login.title", Body: "login.locked_ip"},
	"invite":     {Title: "invite.invalid_title", Body: "invite.invalid"},
}

// pwMessage is a message value with arguments, like account/password's.
type pwMessage struct {
	ID   string
	Args []any
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8099", "listen address")
	flag.Parse()

	rd, err := templates.New(templates.Options{
		Extra:     []fs.FS{pages},
		RequestID: func(context.Context) string { return "k7Qx2mP9" },
	})
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /static/", templates.StaticHandler())
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		links := []string{"/sample", "/sample?failed=1", "/password", "/error/404", "/error/429", "/error/500", "/error/503", "/flash"}
		for name := range messages {
			links = append(links, "/message/"+name)
		}
		check(rd.Render(w, r, http.StatusOK, "preview_index", links))
	})
	mux.HandleFunc("GET /sample", func(w http.ResponseWriter, r *http.Request) {
		data := map[string]any{}
		if r.URL.Query().Has("failed") {
			data = map[string]any{"Error": "login.failed", "Email": "j.jansen@voorbeeld", "EmailError": "form.email_invalid"}
		}
		check(rd.Render(w, r, http.StatusOK, "preview_login", data))
	})
	mux.HandleFunc("GET /password", func(w http.ResponseWriter, r *http.Request) {
		errs := []any{pwMessage{ID: "password.too_short", Args: []any{12}}, "password.common", "password.mismatch"}
		check(rd.Render(w, r, http.StatusUnprocessableEntity, "preview_password", errs))
	})
	mux.HandleFunc("GET /flash", func(w http.ResponseWriter, r *http.Request) {
		templates.SetFlash(w, r, "portal.notice.password_changed")
		http.Redirect(w, r, "/message/logged-out", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /error/{status}", func(w http.ResponseWriter, r *http.Request) {
		status, err := strconv.Atoi(r.PathValue("status"))
		if err != nil || status < 400 || status > 599 {
			status = http.StatusNotFound
		}
		check(rd.Error(w, r, status))
	})
	mux.HandleFunc("GET /message/{name}", func(w http.ResponseWriter, r *http.Request) {
		m, ok := messages[r.PathValue("name")]
		if !ok {
			check(rd.Error(w, r, http.StatusNotFound))
			return
		}
		check(rd.Render(w, r, http.StatusOK, "message", m))
	})
	log.Printf("preview on http://%s/", *addr)
	log.Fatal(http.ListenAndServe(*addr, templates.LanguageMiddleware(mux)))
}

func check(err error) {
	if err != nil {
		log.Print(err)
	}
}
