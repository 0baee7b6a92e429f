-- The employee portal's links between a Mijn Account login (the issuer and
-- the ID token's sub) and an employee record (package store, portal_links.go).
-- A link is made at the employee's first visit to /me when exactly one
-- employee of the user's employer has the token's verified email address and
-- birth date, and is then used by subject alone. The partial unique indexes
-- hold at most one current link per login and per employee, so a second
-- account can never take over a linked employee. An employer ends a link
-- (unlinked_at > 0, by whom and why); ended links stay as history and go
-- with the employee record (ON DELETE CASCADE, also by retention).
CREATE TABLE absence_portal_links (
    id            TEXT PRIMARY KEY,
    employee_id   TEXT NOT NULL REFERENCES absence_employees (id) ON DELETE CASCADE,
    employer_org  TEXT NOT NULL,
    issuer        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    linked_at     BIGINT NOT NULL,
    unlinked_at   BIGINT NOT NULL DEFAULT 0,
    unlinked_by   TEXT NOT NULL DEFAULT '',
    unlink_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX absence_portal_links_login ON absence_portal_links (issuer, subject) WHERE unlinked_at = 0;
CREATE UNIQUE INDEX absence_portal_links_employee ON absence_portal_links (employee_id) WHERE unlinked_at = 0;
CREATE INDEX absence_portal_links_history ON absence_portal_links (employee_id, linked_at);
