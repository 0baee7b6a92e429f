package mfa

import (
	"slices"

	"github.com/mijnaccount/mijnaccount/account"
)

// Usable returns the factors of fs that org allows, the default first.
func Usable(org account.Org, fs []Factor) []Factor {
	allowed := org.WithDefaults().AllowedFactors
	var out []Factor
	for _, f := range fs {
		if slices.Contains(allowed, f.Kind) {
			out = append(out, f)
		}
	}
	return DefaultFirst(out)
}

// DefaultFirst sorts fs in place, the user's default factor first, the
// others in their order, and returns it.
func DefaultFirst(fs []Factor) []Factor {
	slices.SortStableFunc(fs, func(a, b Factor) int {
		switch {
		case a.Default == b.Default:
			return 0
		case a.Default:
			return -1
		}
		return 1
	})
	return fs
}

// Allows reports whether org allows factors of kind.
func Allows(org account.Org, kind string) bool {
	return slices.Contains(org.WithDefaults().AllowedFactors, kind)
}

// Has reports whether fs holds a factor of kind.
func Has(fs []Factor, kind string) bool {
	return slices.ContainsFunc(fs, func(f Factor) bool { return f.Kind == kind })
}
