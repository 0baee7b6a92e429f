package templates

// View is what every page template receives as its dot.
type View struct {
	Lang      string // "nl" or "en"
	Path      string // the request path, to mark the current navigation item
	RequestID string // shown on error pages so support can find the log line
	Flash     string // message id of a one-time notice (SetFlash), or ""
	Data      any    // the page's own data, as passed to Render

	escapedPath string
	rawQuery    string // without lang
}

// LangURL is the link that switches the current page to lang, keeping the
// rest of the query (such as ?flow=…).
func (v View) LangURL(lang string) string {
	q := langParam + "=" + lang
	if v.rawQuery != "" {
		q = v.rawQuery + "&" + q
	}
	return localURL(v.escapedPath, q)
}

// ErrorData is the data of the "error" page. Title and Body are message ids.
type ErrorData struct {
	Status int
	Title  string
	Body   string
}

// MessageData is the data of the "message" page: a title and body (message
// ids) and an optional link whose text is a message id too. Any struct with
// the same field names works.
type MessageData struct {
	Title, Body, Link, LinkText string
}
