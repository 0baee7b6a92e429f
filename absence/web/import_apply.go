package web

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"github.com/mijnaccount/mijnaccount/absence/importer"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

// importConfirm writes a checked upload. The token is used once; the lines
// are checked again against the data as it is now, in the one transaction
// that writes them, and a line that no longer fits is rejected. Every
// change is audited before the commit: when an event cannot be written,
// nothing is.
func (wb *Web) importConfirm(w http.ResponseWriter, r *http.Request, p principal) error {
	if err := employerOnly(p); err != nil {
		return err
	}
	ctx := r.Context()
	b, err := wb.takeImport(ctx, p, r.PostFormValue("token"))
	if errors.Is(err, errImportToken) {
		if err := wb.record(ctx, p, actImportApply, "org", p.Org, p.Org, audit.OutcomeDenied); err != nil {
			return err
		}
		return wb.importRefused(w, r, p)
	} else if err != nil {
		return server.Unavailable(err)
	}
	allowed, err := wb.bsnAllowed(ctx, p.Org)
	if err != nil {
		return err
	}
	rejected := slices.Clone(b.Rejected)
	var changes []store.EmployeeChange
	byLine := map[int]importChange{}
	for _, c := range b.Changes {
		if !allowed && c.WithBSN {
			// The permission was withdrawn after the check.
			rejected = append(rejected, importRejection{Line: c.Line, Cells: c.cells(),
				Problems: []importer.Problem{{Column: importer.ColBSN, Message: importer.ReasonBSNNotAllowed}}})
			continue
		}
		if !allowed {
			c.KeepBSN = true
		}
		byLine[c.Line] = c
		changes = append(changes, c.storeChange(p.Org))
	}
	results, err := wb.d.Store.ApplyEmployeeChanges(ctx, p.Org, changes, func(rs []store.ChangeResult) error {
		return wb.auditImport(ctx, p, rs)
	})
	if err != nil {
		wb.d.Log.ErrorContext(ctx, "import not written", "org", p.Org, "err", err)
		// 503 only when the store is down; a bug is a 500 no retry mends.
		return wb.render(w, r, server.Classify(err), "absence_import", wb.importPageData(p, allowed, "absence.import.error.not_written"))
	}
	out := importBatch{Applied: true, Subject: p.Subject, Org: p.Org, SID: p.SID, BSN: b.BSN && allowed}
	for _, res := range results {
		switch {
		case res.Err == nil && res.Create:
			out.Created++
		case res.Err == nil:
			out.Updated++
		default:
			reason := importer.ReasonNumberTaken
			column := importer.ColPersonnelNumber
			if errors.Is(res.Err, store.ErrNotFound) {
				reason, column = importer.ReasonGone, importer.ColID
			}
			rejected = append(rejected, importRejection{Line: res.Line, Cells: byLine[res.Line].cells(),
				Problems: []importer.Problem{{Column: column, Message: reason}}})
		}
	}
	slices.SortStableFunc(rejected, func(a, b importRejection) int { return a.Line - b.Line })
	out.Rejected = rejected
	token, err := wb.saveImport(ctx, out)
	if err != nil {
		// The import is written; only the download is lost.
		wb.d.Log.WarnContext(ctx, "rejected lines of an import not kept", "err", err)
		token = ""
	}
	return wb.render(w, r, http.StatusOK, "absence_import_result", importResultPage{
		Chrome: p.chrome("import"), Token: token, Created: out.Created, Updated: out.Updated, Rejected: rejectedViews(rejected),
	})
}

// auditImport records every written change and the import itself.
func (wb *Web) auditImport(ctx context.Context, p principal, rs []store.ChangeResult) error {
	for _, res := range rs {
		if res.Err != nil {
			continue
		}
		action := actEmployeeUpdate
		if res.Create {
			action = actEmployeeCreate
		}
		if err := wb.record(ctx, p, action, "employee", res.Employee.ID, p.Org); err != nil {
			return err
		}
	}
	return wb.record(ctx, p, actImportApply, "org", p.Org, p.Org)
}
