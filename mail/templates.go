package mail

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"path"
	"slices"
	"strings"
	texttemplate "text/template"
)

// DefaultLang is the language used when a recipient's language is unknown.
const DefaultLang = "nl"

//go:embed templates/*/*
var embedded embed.FS

// Templates renders named mails in a language. Each language is a
// directory <lang>/ holding, per mail name:
//
//	<name>.subject  text/template, one line
//	<name>.txt      text/template, the plain-text body
//	<name>.html     html/template defining "body", shown inside _layout.html
//
// plus _layout.html (executed for the HTML body) and _*.txt partials
// such as _footer.txt. Data keys a template needs are listed in a comment
// at the top of its .txt file; a missing key is an error, not "<no value>".
// Templates get the function date, which formats a time.Time in Dutch or
// English, Amsterdam time.
type Templates struct {
	langs map[string]map[string]*mailTemplate // lang → name → mail
	names []string
}

type mailTemplate struct {
	subject, text *texttemplate.Template
	html          *htmltemplate.Template
}

// NewTemplates loads the mail templates embedded in the binary.
func NewTemplates() (*Templates, error) {
	sub, err := fs.Sub(embedded, "templates")
	if err != nil {
		return nil, err
	}
	return LoadTemplates(sub)
}

// LoadTemplates loads mail templates from fsys (one directory per language).
// Every language must have the same mails, each with all three parts, and
// DefaultLang must be there; all problems are reported at once.
func LoadTemplates(fsys fs.FS) (*Templates, error) {
	dirs, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("mail: templates: %w", err)
	}
	t := &Templates{langs: map[string]map[string]*mailTemplate{}}
	var errs []error
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		lang := d.Name()
		mails, err := loadLang(fsys, lang)
		if err != nil {
			errs = append(errs, err)
		}
		if mails != nil {
			t.langs[lang] = mails // also when incomplete, to compare languages
		}
	}
	base, ok := t.langs[DefaultLang]
	if !ok {
		errs = append(errs, fmt.Errorf("mail: templates: no directory for default language %q", DefaultLang))
	}
	for name := range base {
		t.names = append(t.names, name)
	}
	slices.Sort(t.names)
	for lang, mails := range t.langs {
		for _, name := range t.names {
			if mails[name] == nil {
				errs = append(errs, fmt.Errorf("mail: templates: %s/%s is missing", lang, name))
			}
		}
		for name := range mails {
			if base != nil && base[name] == nil {
				errs = append(errs, fmt.Errorf("mail: templates: %s/%s has no %s version", lang, name, DefaultLang))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return t, nil
}

var parts = []string{".subject", ".txt", ".html"}

func loadLang(fsys fs.FS, lang string) (map[string]*mailTemplate, error) {
	entries, err := fs.ReadDir(fsys, lang)
	if err != nil {
		return nil, fmt.Errorf("mail: templates: %w", err)
	}
	have := map[string]map[string]bool{} // name → parts present
	var textPartials []string
	hasLayout := false
	for _, e := range entries {
		file := e.Name()
		if e.IsDir() {
			continue
		}
		if strings.HasPrefix(file, "_") {
			hasLayout = hasLayout || file == "_layout.html"
			if path.Ext(file) == ".txt" {
				textPartials = append(textPartials, path.Join(lang, file))
			}
			continue
		}
		ext := path.Ext(file)
		if !slices.Contains(parts, ext) {
			continue
		}
		name := strings.TrimSuffix(file, ext)
		if have[name] == nil {
			have[name] = map[string]bool{}
		}
		have[name][ext] = true
	}
	if !hasLayout {
		return nil, fmt.Errorf("mail: templates: %s/_layout.html is missing", lang)
	}
	var errs []error
	mails := map[string]*mailTemplate{}
	funcs := funcsFor(lang)
	for name, got := range have {
		complete := true
		for _, p := range parts {
			if !got[p] {
				errs = append(errs, fmt.Errorf("mail: templates: %s/%s%s is missing", lang, name, p))
				complete = false
			}
		}
		if !complete {
			continue
		}
		mt, err := parseMail(fsys, lang, name, textPartials, funcs)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		mails[name] = mt
	}
	return mails, errors.Join(errs...)
}

func parseMail(fsys fs.FS, lang, name string, textPartials []string, funcs map[string]any) (*mailTemplate, error) {
	file := path.Join(lang, name)
	wrap := func(err error) error { return fmt.Errorf("mail: templates: %s: %w", file, err) }
	subject, err := texttemplate.New(name+".subject").Option("missingkey=error").Funcs(funcs).ParseFS(fsys, file+".subject")
	if err != nil {
		return nil, wrap(err)
	}
	text, err := texttemplate.New(name+".txt").Option("missingkey=error").Funcs(funcs).ParseFS(fsys, append([]string{file + ".txt"}, textPartials...)...)
	if err != nil {
		return nil, wrap(err)
	}
	html, err := htmltemplate.New("_layout.html").Option("missingkey=error").Funcs(funcs).ParseFS(fsys, path.Join(lang, "_layout.html"), file+".html")
	if err != nil {
		return nil, wrap(err)
	}
	if html.Lookup("body") == nil {
		return nil, wrap(errors.New(`the .html part does not define "body"`))
	}
	return &mailTemplate{subject: subject, text: text, html: html}, nil
}

// Names lists the mails, sorted.
func (t *Templates) Names() []string { return slices.Clone(t.names) }

// Lang returns the language Render uses for lang: lang's primary subtag
// ("en" for "en-GB") when there are templates for it, else DefaultLang.
func (t *Templates) Lang(lang string) string {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(lang)), "-")
	primary, _, _ = strings.Cut(primary, "_")
	if _, ok := t.langs[primary]; ok {
		return primary
	}
	return DefaultLang
}

// Render renders the mail name in lang (see Lang) with data. The returned
// Message has Subject, Text, HTML and Purpose (= name) set; the caller sets
// To.
func (t *Templates) Render(name, lang string, data map[string]any) (Message, error) {
	lang = t.Lang(lang)
	mt := t.langs[lang][name]
	if mt == nil {
		return Message{}, fmt.Errorf("mail: no template %q", name)
	}
	fail := func(part string, err error) (Message, error) {
		return Message{}, fmt.Errorf("mail: rendering %s/%s%s: %w", lang, name, part, err)
	}
	var subject, text, html bytes.Buffer
	if err := mt.subject.Execute(&subject, data); err != nil {
		return fail(".subject", err)
	}
	if err := mt.text.Execute(&text, data); err != nil {
		return fail(".txt", err)
	}
	if err := mt.html.Execute(&html, data); err != nil {
		return fail(".html", err)
	}
	m := Message{
		Subject: strings.Join(strings.Fields(subject.String()), " "),
		Text:    strings.TrimSpace(text.String()) + "\n",
		HTML:    html.String(),
		Purpose: name,
	}
	if m.Subject == "" {
		return fail(".subject", errors.New("empty subject"))
	}
	return m, nil
}
