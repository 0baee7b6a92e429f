package web

import (
	"context"

	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

// Auditor records audit events. Record fails when the event could not be
// stored; callers then fail the request.
type Auditor interface {
	Record(ctx context.Context, e audit.Event) error
}

// RequestAuditor fills in the request id and the keyed hash of the client
// IP from the request context before recording.
type RequestAuditor struct {
	Recorder *audit.Recorder
	IPKey    []byte
}

// Record implements Auditor.
func (a *RequestAuditor) Record(ctx context.Context, e audit.Event) error {
	if e.RequestID == "" {
		e.RequestID = server.RequestID(ctx)
	}
	if e.IPHash == "" && len(a.IPKey) > 0 {
		if ip := server.ClientIPFrom(ctx); ip.IsValid() {
			e.IPHash = audit.HashIP(a.IPKey, ip.String())
		}
	}
	return a.Recorder.Record(ctx, e)
}

// Audit actions of the application. Target types: "employee", "absence",
// "org", "session", "role_matrix".
const (
	actLogin            = "absence.login"
	actLogout           = "absence.logout"
	actBackchannel      = "absence.backchannel_logout"
	actEmployeeList     = "absence.employee.list"
	actEmployeeView     = "absence.employee.view"
	actBSNView          = "absence.employee.bsn_view"
	actEmployeeCreate   = "absence.employee.create"
	actEmployeeUpdate   = "absence.employee.update"
	actCaseCreate       = "absence.case.create"
	actCaseView         = "absence.case.view"
	actRecoveryReport   = "absence.case.recovery"
	actStepDone         = "absence.case.step_done"
	actMedicalNotesView = "absence.medical_notes.view"
	actMedicalNoteAdd   = "absence.medical_note.create"
	actRelationsView    = "absence.relations.view"
	actStatisticsView   = "absence.statistics.view"
	actRolesExport      = "absence.roles.export"
	actPortalView       = "absence.portal.view"
	// actCaseChainView: another absence of the chain was used to compute
	// the dossier's timeline (samentelling), whether or not it is shown.
	actCaseChainView = "absence.case.chain_view"
)

// record writes an event for the principal; outcome success unless given.
func (wb *Web) record(ctx context.Context, p principal, action, targetType, targetID, org string, outcome ...audit.Outcome) error {
	o := audit.OutcomeSuccess
	if len(outcome) > 0 {
		o = outcome[0]
	}
	return wb.d.Audit.Record(ctx, audit.Event{
		ActorID: p.Subject, Action: action, TargetType: targetType, TargetID: targetID, OrgID: org, Outcome: o,
	})
}

// Audit actions of relation management (target type "relation", org the
// employer); the same actions as the `absence relation` commands.
const (
	actRelationCreate = "absence.relation.create"
	actRelationEnd    = "absence.relation.end"
)

// Audit actions of retention (package retention): viewing the expired
// records (target the employer), setting the term, and each deleted
// absence case ("absence") or employee record ("employee").
const (
	actRetentionView           = "absence.retention.view"
	actRetentionTerm           = "absence.retention.term"
	actRetentionDeleteCase     = "absence.retention.delete_case"
	actRetentionDeleteEmployee = "absence.retention.delete_employee"
	// actRetentionDeleteFailed: a deletion was rolled back after some of
	// its records had been audited as deleted.
	actRetentionDeleteFailed = "absence.retention.delete_failed"
)

// Audit actions of the employee import and export (target the employer,
// type "org") and of the BSN policy. A BSN is never part of an event.
const (
	actImportCheck    = "absence.import.check"           // an upload checked (nothing written)
	actImportApply    = "absence.import.apply"           // a checked upload written
	actImportRejected = "absence.import.rejected_export" // the rejected lines downloaded
	actEmployeeExport = "absence.employee.export"        // every employee in the import format
	actBSNExport      = "absence.employee.bsn_export"    // the export carried BSNs
	// actBSNSearch: a search by BSN, on each employee found (type
	// "employee") or else on the employer.
	actBSNSearch = "absence.employee.bsn_search"
)

// Audit actions of corrections (target the absence case, type "absence"):
// the sick report corrected, the latest recovery report withdrawn or
// corrected. The old and new values and the reason stay out of the event;
// they are in the case's correction history.
const (
	actCaseCorrected     = "absence.case.corrected"
	actRecoveryWithdrawn = "absence.recovery.withdrawn"
	actRecoveryCorrected = "absence.recovery.corrected"
)
