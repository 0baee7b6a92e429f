package server_test

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/server"
)

var errNoRows = errors.New("sql: no rows in result set")

// A domain package mounts handlers that return errors; the server maps them.
func ExampleHandle() {
	s := server.New(server.Options{Config: config.Defaults(), Logger: slog.New(slog.DiscardHandler)})
	s.Mux().Handle("GET /api/sessions/{id}", server.Handle(func(w http.ResponseWriter, r *http.Request) error {
		if r.PathValue("id") != "current" {
			return server.NotFound("session_not_found", errNoRows)
		}
		_, err := w.Write([]byte("ok"))
		return err
	}))

	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/sessions/other", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output: 404 {"error":"session_not_found","message":"This page does not exist."}
}
