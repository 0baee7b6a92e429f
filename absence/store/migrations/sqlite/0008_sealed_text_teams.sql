-- Free text written by people is sealed at rest like medical notes and BSNs
-- (package store, sealed_text.go): the notes of a sick report, the note of
-- a Poortwachter step, the reason of a correction and the notes it changes,
-- and the reason a portal link was ended. SQL cannot seal, so this
-- migration lists every row written before it that holds such text; the
-- application seals them when it opens the database (Store.SealLegacyText)
-- and removes each row from the list in the same transaction. New rows are
-- written sealed and never listed.
CREATE TABLE absence_unsealed_text (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    step   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tbl, row_id, step)
);
INSERT INTO absence_unsealed_text (tbl, row_id, step)
    SELECT 'cases', id, '' FROM absence_cases WHERE notes <> '';
INSERT INTO absence_unsealed_text (tbl, row_id, step)
    SELECT 'activities', case_id, step FROM absence_activities WHERE note <> '';
INSERT INTO absence_unsealed_text (tbl, row_id, step)
    SELECT DISTINCT 'corrections', id, field FROM absence_corrections;
INSERT INTO absence_unsealed_text (tbl, row_id, step)
    SELECT 'portal_links', id, '' FROM absence_portal_links WHERE unlink_reason <> '';

-- Teams: an employee's leidinggevende, by the stable subject (sub) of their
-- Mijn Account login; '' when the employee has none. A user whose only
-- roles that see employees are team roles (leidinggevende) sees only the
-- employees whose manager_sub is their own subject.
ALTER TABLE absence_employees ADD COLUMN manager_sub TEXT NOT NULL DEFAULT '';
CREATE INDEX absence_employees_manager ON absence_employees (employer_org, manager_sub);

-- The leidinggevenden of an employer as the application has seen them at
-- login, so that hr can choose one on the employee form and the import can
-- name one by email address. Updated at every login of such a user; removed
-- when they log in without the role.
CREATE TABLE absence_managers (
    employer_org TEXT NOT NULL,
    subject      TEXT NOT NULL,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,
    last_seen    BIGINT NOT NULL,
    PRIMARY KEY (employer_org, subject)
);
