// Package rights holds the permissions of the absence application: the rights
// it knows, the most each domain may hold, and which rights each role name
// that Mijn Account puts in the "roles" claim stands for.
//
// A user's rights are the union of the rights of their roles, looked up in
// the domain of their organisation, intersected with that domain's maximum.
// A role name the application does not know in that domain (a role of another
// domain, a platform role such as org-admin, a custom role) grants nothing.
// Only the bedrijfsarts domain can ever see medical details. A team role
// (leidinggevende) limits what its rights reach to the user's own team
// (TeamOnly); package web applies that limit.
//
// The role names and rights are those of Mijn Account's builtin roles
// (account.BuiltinRoles); a test holds the two tables together. They are fixed
// here on purpose: the application trusts the role names in the ID token, and
// what a name means must not change without a release.
//
// This package must not know about HTTP, storage or tokens.
package rights
