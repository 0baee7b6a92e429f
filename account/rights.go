package account

import "slices"

// Rights in the absence application. The ids are stable: relying parties and
// stored roles refer to them.
const (
	RightEmployeeView       = "employee.view"
	RightEmployeeEdit       = "employee.edit"
	RightSickReport         = "sick.report"
	RightRecoveryReport     = "recovery.report"
	RightDossierView        = "dossier.view"
	RightDossierMedicalView = "dossier.medical.view"
	RightStatisticsView     = "statistics.view"
	RightImportRun          = "import.run"
	RightRetentionDelete    = "retention.delete"
	RightRelationManage     = "relation.manage"
)

// Rights in Mijn Account itself, held through platform roles.
const (
	RightUsersInvite         = "users.invite"
	RightUsersBlock          = "users.block"
	RightRolesAssign         = "roles.assign"
	RightFactorsResetRequest = "factors.reset.request"
	RightHelpdeskAct         = "helpdesk.act"
	RightReportsSMSView      = "reports.sms.view"
	RightAuditRead           = "audit.read"
)

// AppRights returns every right of the absence application in a stable order.
func AppRights() []string {
	return []string{
		RightEmployeeView, RightEmployeeEdit, RightSickReport, RightRecoveryReport,
		RightDossierView, RightDossierMedicalView, RightStatisticsView, RightImportRun,
		RightRetentionDelete, RightRelationManage,
	}
}

// PlatformRights returns every right of Mijn Account itself in a stable order.
func PlatformRights() []string {
	return []string{
		RightUsersInvite, RightUsersBlock, RightRolesAssign, RightFactorsResetRequest,
		RightHelpdeskAct, RightReportsSMSView, RightAuditRead,
	}
}

// domainMaxima are the most a user of each domain can ever be granted.
var domainMaxima = map[Domain][]string{
	Werkgever: {
		RightEmployeeView, RightEmployeeEdit, RightSickReport, RightRecoveryReport,
		RightDossierView, RightStatisticsView, RightImportRun, RightRetentionDelete,
		RightRelationManage,
	},
	Arbodienst: {
		RightEmployeeView, RightSickReport, RightRecoveryReport, RightDossierView, RightStatisticsView,
	},
	Bedrijfsarts: {
		RightEmployeeView, RightRecoveryReport, RightDossierView, RightDossierMedicalView, RightStatisticsView,
	},
	Verzekeraar: {
		RightEmployeeView, RightDossierView, RightStatisticsView,
	},
}

// DomainMaximum returns the rights a role of domain d may hold, in the order
// of AppRights; nil for an unknown domain.
func DomainMaximum(d Domain) []string {
	return slices.Clone(domainMaxima[d])
}

// roleMaximum is the set of rights a role of the given Role.Domain may hold:
// the domain maximum, or every platform right for PlatformDomain.
func roleMaximum(domain string) []string {
	if domain == PlatformDomain {
		return PlatformRights()
	}
	return DomainMaximum(Domain(domain))
}

// IsAppRight reports whether right is a right of the absence application.
func IsAppRight(right string) bool { return slices.Contains(AppRights(), right) }

// IsPlatformRight reports whether right is a right of Mijn Account itself.
func IsPlatformRight(right string) bool { return slices.Contains(PlatformRights(), right) }

// EffectiveRights returns the application rights a user of an organisation
// in domain holds through roles: the union of the rights of the roles of that
// domain, intersected with the domain maximum, in the order of AppRights.
// Roles of other domains and platform roles count for nothing here.
func EffectiveRights(roles []Role, domain Domain) []string {
	return grantedWithin(roles, string(domain), DomainMaximum(domain))
}

// EffectivePlatformRights returns the Mijn Account rights held through
// platform roles, in the order of PlatformRights.
func EffectivePlatformRights(roles []Role) []string {
	return grantedWithin(roles, PlatformDomain, PlatformRights())
}

func grantedWithin(roles []Role, domain string, maximum []string) []string {
	held := map[string]bool{}
	for _, r := range roles {
		if r.Domain != domain {
			continue
		}
		for _, right := range r.Rights {
			held[right] = true
		}
	}
	var out []string
	for _, right := range maximum {
		if held[right] {
			out = append(out, right)
		}
	}
	return out
}
