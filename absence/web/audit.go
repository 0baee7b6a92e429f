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
