package web

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/oidclogin"
	"github.com/mijnaccount/mijnaccount/absence/session"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/internal/amsterdam"
	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/server"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/templates"
)

// Pages holds the application's page templates and message catalogues.
//
//go:embed pages/*.html i18n/*.json
var Pages embed.FS

// Deps are what the handlers need.
type Deps struct {
	Store    *store.Store
	Sessions *session.Manager
	OIDC     *oidclogin.Client
	KV       storage.KV // login state and logout-token replay
	Audit    Auditor
	// Keyring seals BSNs at rest.
	Keyring secretbox.Keyring
	// BSNIndexKey keys the BSN search index (package bsn); at least 32 bytes.
	BSNIndexKey []byte
	// PublicURL is the application's base URL, without a trailing slash.
	PublicURL string
	Log       *slog.Logger
	Now       func() time.Time // default time.Now
	Location  *time.Location   // for "today"; default Europe/Amsterdam
}

// Web is the set of handlers.
type Web struct {
	d  Deps
	rd *templates.Renderer
}

// New checks d and parses the pages.
func New(d Deps) (*Web, error) {
	if d.Store == nil || d.Sessions == nil || d.OIDC == nil || d.KV == nil || d.Audit == nil {
		return nil, errors.New("web: store, sessions, oidc client, kv and audit are required")
	}
	if err := d.Keyring.Validate(); err != nil {
		return nil, fmt.Errorf("web: keyring: %w", err)
	}
	u, err := url.Parse(d.PublicURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("web: public URL %q is not an absolute http(s) URL", d.PublicURL)
	}
	d.PublicURL = strings.TrimSuffix(d.PublicURL, "/")
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Location == nil {
		d.Location = amsterdam.Location
	}
	pages, err := fs.Sub(Pages, ".")
	if err != nil {
		return nil, err
	}
	rd, err := templates.New(templates.Options{
		Extra: []fs.FS{pages}, RequestID: server.RequestID, Location: d.Location, Logger: d.Log,
		PrivacyURL: "/privacy", HomeURL: "/", NameID: "absence.app.name",
	})
	if err != nil {
		return nil, err
	}
	return &Web{d: d, rd: rd}, nil
}

// BypassCrossOrigin are the server-to-server endpoints exempt from the
// cross-origin check (the provider posts logout tokens).
var BypassCrossOrigin = []string{"POST /backchannel-logout"}

// Mount registers every route on mux.
func (wb *Web) Mount(mux *http.ServeMux) {
	h := func(pattern string, f server.HandlerFunc) { mux.Handle(pattern, f) }
	mux.Handle("GET /static/", templates.StaticHandler())
	mux.HandleFunc("GET /absence.css", serveStylesheet)
	h("GET /{$}", wb.home)
	h("GET /privacy", wb.privacy)
	h("GET /login", wb.login)
	h("GET /callback", wb.callback)
	h("POST /logout", wb.logout)
	h("GET /logged-out", wb.loggedOut)
	h("POST /backchannel-logout", wb.backchannelLogout)

	h("GET /roles", wb.authed(wb.roles))
	h("GET /roles.csv", wb.authed(wb.rolesCSV))
	h("GET /relations", wb.authed(wb.listRelations))
	h("POST /relations", wb.authed(wb.addRelation, rightRelationManage))
	h("POST /relations/{id}/end", wb.authed(wb.endRelation, rightRelationManage))
	h("GET /employees", wb.authed(wb.employees, rightEmployeeView))
	h("GET /employees/new", wb.authed(wb.newEmployee, rightEmployeeEdit))
	h("POST /employees", wb.authed(wb.createEmployee, rightEmployeeEdit))
	h("GET /employees/{id}", wb.authed(wb.employee, rightEmployeeView))
	h("GET /employees/{id}/edit", wb.authed(wb.editEmployee, rightEmployeeEdit, rightEmployeeView))
	h("POST /employees/{id}", wb.authed(wb.updateEmployee, rightEmployeeEdit, rightEmployeeView))
	h("GET /employees/{id}/sick", wb.authed(wb.sickForm, rightSickReport, rightEmployeeView))
	h("POST /employees/{id}/sick", wb.authed(wb.reportSick, rightSickReport, rightEmployeeView))
	h("GET /cases/{id}", wb.authed(wb.dossier, rightDossierView))
	h("POST /cases/{id}/recovery", wb.authed(wb.reportRecovery, rightRecoveryReport, rightDossierView))
	h("POST /cases/{id}/steps/{step}", wb.authed(wb.markStep, rightDossierView))
	h("POST /cases/{id}/medical-notes", wb.authed(wb.addMedicalNote, rightDossierMedicalView, rightDossierView))
	h("POST /cases/{id}/extensions", wb.authed(wb.addExtension, rightDossierView))
	h("POST /cases/{id}/extensions/{ext}/shorten", wb.authed(wb.shortenExtension, rightDossierView))
	h("POST /cases/{id}/corrections/case", wb.authed(wb.correctCase, rightSickReport, rightDossierView))
	h("POST /cases/{id}/corrections/recovery", wb.authed(wb.correctRecovery, rightRecoveryReport, rightDossierView))
	h("POST /cases/{id}/corrections/recovery/withdraw", wb.authed(wb.withdrawRecovery, rightRecoveryReport, rightDossierView))
	h("GET /statistics", wb.authed(wb.statistics, rightStatisticsView))
	h("GET /me", wb.authed(wb.portal))
	h("POST /me/sick", wb.authed(wb.portalSick, rightSickReport))
	h("POST /me/recovery", wb.authed(wb.portalRecovery, rightRecoveryReport))
	h("GET /employees/{id}/portal-link", wb.authed(wb.portalLinkPage, rightEmployeeEdit, rightEmployeeView))
	h("POST /employees/{id}/portal-link/end", wb.authed(wb.unlinkPortal, rightEmployeeEdit, rightEmployeeView))
	h("GET /retention", wb.authed(wb.retentionOverview, rightRetentionDelete))
	h("POST /retention/term", wb.authed(wb.setRetentionTerm, rightRetentionDelete))
	h("POST /retention/confirm", wb.authed(wb.confirmRetention, rightRetentionDelete))
	h("POST /retention/delete", wb.authed(wb.deleteRetention, rightRetentionDelete))
	h("GET /import", wb.authed(wb.importForm, rightImportRun))
	h("GET /import/template.csv", wb.authed(wb.importTemplate, rightImportRun))
	h("POST /import", wb.authed(wb.importUpload, rightImportRun))
	h("POST /import/confirm", wb.authed(wb.importConfirm, rightImportRun))
	h("POST /import/rejected.csv", wb.authed(wb.importRejected, rightImportRun))
	h("GET /employees/export.csv", wb.authed(wb.employeesExport, rightImportRun, rightEmployeeView))
	h("GET /employees/bsn", wb.authed(wb.bsnSearchForm, rightEmployeeView))
	h("POST /employees/bsn", wb.authed(wb.bsnSearch, rightEmployeeView))
}

// ErrorPage renders the site's error page; plug it into server.Options.
func (wb *Web) ErrorPage(w http.ResponseWriter, r *http.Request, status int, _ string) {
	_ = wb.rd.Error(w, r, status)
}

// Renderer returns the page renderer (for tests and the language middleware).
func (wb *Web) Renderer() *templates.Renderer { return wb.rd }

// today is the current calendar day in the application's time zone.
func (wb *Web) today() date.Date { return date.Of(wb.d.Now(), wb.d.Location) }

// render writes page with the site layout.
func (wb *Web) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) error {
	return wb.rd.Render(w, r, status, page, data)
}

// isHTTPS reports whether the application is served over HTTPS.
func (wb *Web) isHTTPS() bool { return strings.HasPrefix(wb.d.PublicURL, "https://") }

// localPath returns p when it is a path on this site ("/employees/MW-…"),
// else "/". It refuses "//host", "/\host" and anything with a scheme.
func localPath(p string) string {
	if p == "" || p[0] != '/' || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n\t") {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return p
}
