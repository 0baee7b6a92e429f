-- The employer's setting of the retention term for absence data (package
-- retention): 'standard' keeps a closed absence 2 years after full recovery,
-- 'eigenrisicodrager' (Ziektewet or WGA) keeps it 5 years.
ALTER TABLE absence_orgs ADD COLUMN retention_policy TEXT NOT NULL DEFAULT 'standard'
    CHECK (retention_policy IN ('standard', 'eigenrisicodrager'));
