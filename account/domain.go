package account

import (
	"fmt"
	"strings"
)

// Domain is the kind of organisation; it bounds the rights its users can get.
type Domain string

// The domains of the absence application.
const (
	Arbodienst   Domain = "arbodienst"
	Werkgever    Domain = "werkgever"
	Verzekeraar  Domain = "verzekeraar"
	Bedrijfsarts Domain = "bedrijfsarts"
)

// PlatformDomain is the Role.Domain of Mijn Account's own roles (org-admin,
// helpdesk, finance, auditor). It is not an organisation domain.
const PlatformDomain = "platform"

// Domains returns every organisation domain in a stable order.
func Domains() []Domain {
	return []Domain{Arbodienst, Werkgever, Verzekeraar, Bedrijfsarts}
}

// Valid reports whether d is one of Domains.
func (d Domain) Valid() bool {
	for _, known := range Domains() {
		if d == known {
			return true
		}
	}
	return false
}

// ParseDomain returns the domain named s (case-insensitive, spaces trimmed).
func ParseDomain(s string) (Domain, error) {
	d := Domain(strings.ToLower(strings.TrimSpace(s)))
	if !d.Valid() {
		return "", invalid("domain", fmt.Sprintf("%q is not a domain (want one of %s)", s, domainList()))
	}
	return d, nil
}

func domainList() string {
	names := make([]string, 0, 4)
	for _, d := range Domains() {
		names = append(names, string(d))
	}
	return strings.Join(names, ", ")
}
