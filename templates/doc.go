// Package templates renders the HTML pages of Mijn Account: one layout, shared
// partials, the Dutch and English message catalogues and the static assets.
//
// What it owns:
//   - the Renderer, which parses every page together with the layout at
//     start-up (one template set per language and page) and renders into a
//     buffer, so a failing template never sends half a page;
//   - the message catalogues (i18n/nl.json, i18n/en.json): flat maps of stable
//     message ids to text. Pages translate with {{t "login.title"}}; a missing
//     English text falls back to Dutch, a missing id renders as the id itself;
//   - language choice: ?lang=nl|en (LanguageMiddleware), the lang cookie,
//     Accept-Language, default Dutch;
//   - the generic pages "error" and "message", and the partials "field",
//     "errors", "button" and "notice";
//   - app.css and the other files under static/, served by StaticHandler.
//
// How domain packages add pages: they embed their own *.html files (and,
// when they bring texts of their own, i18n/nl.json and i18n/en.json) in an
// embed.FS and pass it in Options.Extra. A file that defines "content" is a
// page, named after the file ("pages/login.html" is page "login") and must
// also define "title"; any other file holds partials shared by all pages.
// A page may also define "main_class" ("card card-wide" for tables). Pass
// only page templates this way, not mail templates. Their tests call
// Catalog.Missing on their own FS to prove every {{t "…"}} id exists in both
// languages:
//
//	//go:embed pages/*.html
//	var Pages embed.FS
//
//	rd, err := templates.New(templates.Options{Extra: []fs.FS{login.Pages, portal.Pages}, RequestID: server.RequestIDFrom})
//	mux.Handle("GET /static/", templates.StaticHandler())
//	handler := templates.LanguageMiddleware(mux)
//	err = rd.Render(w, r, http.StatusOK, "login", loginPage{Flow: id}) // .Data in the page
//
// What it must not do: import server, account or any other domain package
// (the request id arrives through Options.RequestID), put personal data in
// logs, or emit inline styles or scripts — the CSP is
// default-src 'self'; style-src 'self'; script-src 'self'.
package templates
