package billing

import (
	"cmp"
	"slices"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
)

// assemble builds the customer tree of a report from aggregate lines, adding
// up lines with the same kind, customer, organisation and purpose (a range
// report spanning months has one per month).
func assemble(lines []line) []CustomerReport {
	type orgKey struct{ kind, customer, org string }
	customers := map[string]*CustomerReport{}
	orgs := map[orgKey]*OrgReport{}
	var order []string
	for _, l := range lines {
		c := customers[l.customerID]
		if c == nil {
			c = &CustomerReport{CustomerID: l.customerID, CustomerName: l.customerName}
			customers[l.customerID] = c
			order = append(order, l.customerID)
		}
		key := orgKey{l.kind, l.customerID, l.orgID}
		o := orgs[key]
		if o == nil {
			o = &OrgReport{OrgID: l.orgID, OrgName: l.orgName}
			orgs[key] = o
		}
		i := slices.IndexFunc(o.Purposes, func(p PurposeReport) bool { return p.Purpose == l.purpose })
		if i < 0 {
			o.Purposes = append(o.Purposes, PurposeReport{Purpose: l.purpose})
			i = len(o.Purposes) - 1
		}
		o.Purposes[i].Totals = o.Purposes[i].Totals.Add(l.Totals)
		o.Total = o.Total.Add(l.Totals)
	}
	for key, o := range orgs {
		slices.SortFunc(o.Purposes, func(a, b PurposeReport) int { return comparePurposes(a.Purpose, b.Purpose) })
		c := customers[key.customer]
		if key.kind == kindAdjustment {
			c.Adjustments = append(c.Adjustments, *o)
			c.AdjustmentTotal = c.AdjustmentTotal.Add(o.Total)
		} else {
			c.Orgs = append(c.Orgs, *o)
			c.Total = c.Total.Add(o.Total)
		}
	}
	out := make([]CustomerReport, 0, len(order))
	for _, id := range order {
		c := customers[id]
		if c.Orgs == nil {
			c.Orgs = []OrgReport{}
		}
		byOrg := func(a, b OrgReport) int { return compareOrgs(c.CustomerID, a, b) }
		slices.SortFunc(c.Orgs, byOrg)
		slices.SortFunc(c.Adjustments, byOrg)
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b CustomerReport) int {
		return cmp.Or(cmp.Compare(a.CustomerName, b.CustomerName), cmp.Compare(a.CustomerID, b.CustomerID))
	})
	return out
}

// compareOrgs puts the customer's own organisation first, then sorts by name
// and id.
func compareOrgs(customerID string, a, b OrgReport) int {
	if (a.OrgID == customerID) != (b.OrgID == customerID) {
		if a.OrgID == customerID {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(a.OrgName, b.OrgName), cmp.Compare(a.OrgID, b.OrgID))
}

// purposeOrder is the order of the known purposes in a report.
var purposeOrder = map[string]int{sms.PurposeLogin: 1, sms.PurposeEnrol: 2, sms.PurposePhoneChange: 3}

func comparePurposes(a, b string) int {
	ra, rb := purposeOrder[a], purposeOrder[b]
	if ra == 0 {
		ra = len(purposeOrder) + 1
	}
	if rb == 0 {
		rb = len(purposeOrder) + 1
	}
	return cmp.Or(cmp.Compare(ra, rb), cmp.Compare(a, b))
}
