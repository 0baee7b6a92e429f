// Package account owns organisations, users and roles: the customer tree of
// organisations with their domain and policies (allowed factors, password
// policy, session lifetimes, IP allow-list), the users of each organisation,
// and the roles that bound what a user may do.
//
// # Domains, rights and roles
//
// Every organisation has exactly one Domain (arbodienst, werkgever,
// verzekeraar, bedrijfsarts). Each domain has a fixed maximum of rights in the
// absence application (DomainMaximum). A Role belongs to one domain, or to the
// platform (Mijn Account's own org-admin, helpdesk, finance and auditor
// rights), and may only hold rights within that maximum; ValidateRole enforces
// it. A domain role is only ever given to users of an organisation of the same
// domain (ErrCrossDomain); platform roles may be given to anyone.
// EffectiveRights is what the relying application must compute: the union of
// the user's roles' rights intersected with the organisation's domain maximum.
//
// # Storage
//
// Store is a narrow, Dex-style interface over plain value structs: Create,
// Get, List and compare-and-swap Update closures, with the sentinel errors
// ErrNotFound and ErrAlreadyExists, and ErrInvalid for values that fail
// validation. SQLStore implements it on SQLite and PostgreSQL with one set of
// queries; the conformance suite in accounttest runs against every backend.
//
// This package must not hash passwords (account/password does), send mail,
// check who is allowed to call it (handlers do), or record audit events.
package account
