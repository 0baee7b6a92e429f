package web

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/mijnaccount/mijnaccount/absence/importer"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
	"github.com/mijnaccount/mijnaccount/templates"
)

// rightImportRun: the employer domain only.
const rightImportRun = rights.ImportRun

// importLimits bound an upload.
var importLimits = importer.DefaultLimits

// msgNoFile: the upload holds no file.
const msgNoFile = "absence.import.error.no_file"

// importColumn is a row of the format table on the import page.
type importColumn struct {
	Name     string
	Meaning  string // message id
	Required bool
}

// importPage explains the format and takes the upload.
type importPage struct {
	Chrome    chrome
	BSN       bool // the employer may record BSNs: the format has the bsn column
	CanExport bool
	Columns   []importColumn
	MaxRows   int
	MaxSize   string // "2 MiB"
	Errors    []any  // file errors: *importer.FileError or message ids
}

// rejectedView is a rejected line on the preview and result pages.
type rejectedView struct {
	Line     int
	Problems []importer.Problem
}

// importPreviewPage shows what a confirmation would do.
type importPreviewPage struct {
	Chrome   chrome
	Token    string
	New      int
	Updates  int
	Rejected []rejectedView
}

// importResultPage shows what was written.
type importResultPage struct {
	Chrome   chrome
	Token    string // for the download of the rejected lines
	Created  int
	Updated  int
	Rejected []rejectedView
}

func (wb *Web) importPageData(p principal, allowed bool, errs ...any) importPage {
	page := importPage{Chrome: p.chrome("import"), BSN: allowed, CanExport: p.Can(rightEmployeeView),
		MaxRows: importLimits.MaxRows, MaxSize: importer.FormatSize(importLimits.MaxBytes), Errors: errs}
	for _, c := range importer.Columns {
		if c.Name == importer.ColBSN && !allowed {
			continue
		}
		page.Columns = append(page.Columns, importColumn{Name: c.Name, Meaning: "absence.import.column." + c.Name,
			Required: c.Name != importer.ColBSN && c.Name != importer.ColManager})
	}
	return page
}

// employerOnly refuses principals of a provider domain (they never hold
// import.run; this guards against a changed rights table).
func employerOnly(p principal) error {
	if !p.Domain.IsEmployer() {
		return server.Forbidden("not_an_employer", nil)
	}
	return nil
}

// importForm shows the format, the template and the upload form.
func (wb *Web) importForm(w http.ResponseWriter, r *http.Request, p principal) error {
	allowed, err := wb.employerBSNPolicy(r.Context(), p)
	if err != nil {
		return err
	}
	return wb.render(w, r, http.StatusOK, "absence_import", wb.importPageData(p, allowed))
}

// importTemplate downloads the header of the format (with the bsn column
// only for an employer that may record BSNs).
func (wb *Web) importTemplate(w http.ResponseWriter, r *http.Request, p principal) error {
	allowed, err := wb.employerBSNPolicy(r.Context(), p)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw, err := importer.NewWriter(&buf, allowed, false)
	if err != nil {
		return err
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	return writeCSV(w, "sjabloon-medewerkers.csv", buf.Bytes())
}

// writeCSV sends a CSV download that no cache keeps.
func writeCSV(w http.ResponseWriter, name string, body []byte) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(body)
	return err
}

// importUpload checks an uploaded sheet and shows the preview. Nothing is
// written: the accepted lines wait in the key-value store for the
// confirmation.
func (wb *Web) importUpload(w http.ResponseWriter, r *http.Request, p principal) error {
	ctx := r.Context()
	allowed, err := wb.employerBSNPolicy(ctx, p)
	if err != nil {
		return err
	}
	sheet, fileErr, err := wb.readUpload(w, r)
	if err != nil {
		return err
	}
	if fileErr != nil {
		return wb.render(w, r, http.StatusUnprocessableEntity, "absence_import", wb.importPageData(p, allowed, fileErr))
	}
	emps, err := wb.d.Store.Employees(ctx, p.Org)
	if err != nil {
		return server.Unavailable(err)
	}
	known := make([]importer.Known, len(emps))
	for i, e := range emps {
		known[i] = importer.Known{ID: e.ID, PersonnelNumber: e.PersonnelNumber, ManagerSub: e.ManagerSub}
	}
	managers, err := wb.importManagers(ctx, p.Org)
	if err != nil {
		return err
	}
	rep := importer.Check(sheet, importer.Options{Today: wb.today(), BSNAllowed: allowed, Known: known, Managers: managers})
	batch, err := wb.batchOf(p, rep, allowed)
	if err != nil {
		return err
	}
	token, err := wb.saveImport(ctx, batch)
	if err != nil {
		return server.Unavailable(err)
	}
	if err := wb.record(ctx, p, actImportCheck, "org", p.Org, p.Org); err != nil {
		return err
	}
	return wb.render(w, r, http.StatusOK, "absence_import_preview", importPreviewPage{
		Chrome: p.chrome("import"), Token: token, New: rep.New, Updates: rep.Updates, Rejected: rejectedViews(batch.Rejected),
	})
}

// readUpload reads the file part of a multipart upload within the limits.
// A problem with the upload itself comes back as a file error for the page.
func (wb *Web) readUpload(w http.ResponseWriter, r *http.Request) (*importer.Sheet, any, error) {
	r.Body = http.MaxBytesReader(w, r.Body, importLimits.MaxBytes+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, msgNoFile, nil
	}
	tooLarge := &importer.FileError{ID: importer.ErrTooLarge, Args: []any{importer.FormatSize(importLimits.MaxBytes)}}
	for {
		part, err := mr.NextPart()
		var mbe *http.MaxBytesError
		switch {
		case errors.Is(err, io.EOF):
			return nil, msgNoFile, nil
		case errors.As(err, &mbe):
			return nil, tooLarge, nil
		case err != nil:
			return nil, msgNoFile, nil
		}
		if part.FormName() != "file" || part.FileName() == "" {
			_ = part.Close()
			continue
		}
		return parseUpload(part, tooLarge)
	}
}

func parseUpload(part *multipart.Part, tooLarge *importer.FileError) (*importer.Sheet, any, error) {
	defer part.Close()
	sheet, err := importer.Parse(part, importLimits)
	var fe *importer.FileError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &fe):
		return nil, fe, nil
	case errors.As(err, &mbe):
		return nil, tooLarge, nil
	case err != nil:
		return nil, msgNoFile, nil
	}
	return sheet, nil, nil
}

// batchOf turns a checked sheet into the batch kept until the confirmation:
// new employees get their id now, and every BSN is sealed under its
// employee's id and indexed before it leaves the request.
func (wb *Web) batchOf(p principal, rep importer.Report, allowed bool) (importBatch, error) {
	b := importBatch{Subject: p.Subject, Org: p.Org, SID: p.SID, BSN: rep.HasBSN && allowed}
	for _, l := range rep.Lines {
		switch l.Outcome {
		case importer.New, importer.Update:
			in := l.Employee
			e := store.Employee{Employer: p.Org, PersonnelNumber: in.PersonnelNumber, Name: in.Name, BirthDate: in.BirthDate,
				Email: in.Email, ContractMinutes: in.ContractMinutes, EmploymentStart: in.EmploymentStart, EmploymentEnd: in.EmploymentEnd,
				ManagerSub: l.ManagerSub}
			create := l.Outcome == importer.New
			if create {
				e.ID = store.NewEmployeeID()
			} else {
				e.ID = l.ID
			}
			keep := !create && !b.BSN
			if !keep {
				if err := wb.setBSN(&e, in.BSN); err != nil {
					return b, err
				}
			}
			c := changeOf(l.Line, create, e)
			c.KeepBSN, c.WithBSN = keep, in.BSN != ""
			c.KeepManager, c.Manager = !create && !rep.HasManager, l.Cells[managerColumn()]
			b.Changes = append(b.Changes, c)
		default:
			cells := l.Cells
			if !allowed {
				cells = blankBSN(cells)
			}
			b.Rejected = append(b.Rejected, importRejection{Line: l.Line, Problems: l.Problems, Cells: cells})
		}
	}
	return b, nil
}

// blankBSN returns cells without the BSN: of an employer that may not
// record BSNs the number is neither kept nor sent back.
func blankBSN(cells []string) []string {
	out := append([]string(nil), cells...)
	for i, c := range importer.Columns {
		if c.Name == importer.ColBSN && i < len(out) {
			out[i] = ""
		}
	}
	return out
}

func rejectedViews(rs []importRejection) []rejectedView {
	out := make([]rejectedView, len(rs))
	for i, r := range rs {
		out[i] = rejectedView{Line: r.Line, Problems: r.Problems}
	}
	return out
}

// importRejected downloads the rejected lines of a checked upload or of an
// import, in the import format with a reason column, so they can be
// corrected and imported again.
func (wb *Web) importRejected(w http.ResponseWriter, r *http.Request, p principal) error {
	if err := employerOnly(p); err != nil {
		return err
	}
	ctx := r.Context()
	b, _, err := wb.loadImport(ctx, p, r.PostFormValue("token"))
	if errors.Is(err, errImportToken) {
		return wb.importRefused(w, r, p)
	} else if err != nil {
		return server.Unavailable(err)
	}
	lang := templates.Lang(ctx)
	var buf bytes.Buffer
	cw, err := importer.NewWriter(&buf, b.BSN, true)
	if err != nil {
		return err
	}
	for _, rj := range b.Rejected {
		if err := cw.WriteRejected(rj.Cells, wb.reasonText(lang, rj.Problems)); err != nil {
			return err
		}
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	if err := wb.record(ctx, p, actImportRejected, "org", p.Org, p.Org); err != nil {
		return err
	}
	return writeCSV(w, "afgekeurde-regels.csv", buf.Bytes())
}

// reasonText writes the reasons of a rejected line for the reason column,
// such as "geboortedatum: Vul een geldige datum in als dd-mm-jjjj.".
func (wb *Web) reasonText(lang string, problems []importer.Problem) string {
	c := wb.rd.Catalog()
	parts := make([]string, 0, len(problems))
	for _, pr := range problems {
		text := c.T(lang, pr.Message)
		if pr.Column != "" {
			text = pr.Column + ": " + text
		}
		parts = append(parts, text)
	}
	return strings.Join(parts, " ")
}

// importRefused answers a token that names no batch of this user (unknown,
// expired, already used, or someone else's) with the import page.
func (wb *Web) importRefused(w http.ResponseWriter, r *http.Request, p principal) error {
	allowed, err := wb.bsnAllowed(r.Context(), p.Org)
	if err != nil {
		return err
	}
	return wb.render(w, r, http.StatusConflict, "absence_import", wb.importPageData(p, allowed, "absence.import.error.token"))
}
