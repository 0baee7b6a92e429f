-- The BSN of an employee, sealed with AES-256-GCM (package secretbox) under
-- the associated data "absence_employees.bsn:<id>"; '' when not recorded.
ALTER TABLE absence_employees ADD COLUMN bsn_sealed TEXT NOT NULL DEFAULT '';
