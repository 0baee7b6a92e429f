-- The BSN policy. bsn_allowed (0 or 1) marks an employer that is legally
-- allowed to record its employees' BSNs; only then does the application show,
-- import, export and search them. An administrator sets it with
-- `absence org register --bsn-allowed` or `absence org bsn`.
ALTER TABLE absence_orgs ADD COLUMN bsn_allowed INTEGER NOT NULL DEFAULT 0;

-- The keyed index of an employee's BSN (package bsn: HMAC-SHA256 over the
-- employer and the number, hex); '' when no BSN is recorded or indexed. An
-- employer searches by BSN through it without any row being decrypted.
ALTER TABLE absence_employees ADD COLUMN bsn_index TEXT NOT NULL DEFAULT '';
CREATE INDEX absence_employees_bsn_index ON absence_employees (employer_org, bsn_index);
