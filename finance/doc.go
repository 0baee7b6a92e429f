// Package finance serves the SMS usage reports: the finance page (table per
// customer with drill-down, a monthly bar chart as server-rendered SVG, CSV
// download), the reports API for machine clients with scope reports:sms,
// and an organisation admin's own usage with the saving of moving to the app
// or a security key.
//
// Numbers come from package billing; this package only shows them. It must
// not compute amounts itself, use floats for money, or show a report outside
// the viewer's right (finance: all customers; org admin: their organisation).
package finance
