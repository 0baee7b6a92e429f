-- Extensions of the period of wage payment during illness (package store,
-- wage_extensions.go): a loonsanctie imposed by UWV (art. 25 lid 9 Wet WIA)
-- or a vrijwillige verlenging agreed by employer and employee (art. 24 Wet
-- WIA). Each is recorded on the absence case where it was entered; the
-- Poortwachter timeline adds up the extensions of every case of a chain.
-- starts_on is the first day of extended wage payment, weeks the length
-- decided (1-52), decided_on the day of UWV's decision or of the agreement,
-- reference an optional UWV letter number (no free text). shortened_to is
-- the new last day after a bekorting of a loonsanctie ('' when not
-- shortened). Rows go with their case (ON DELETE CASCADE), also when
-- retention deletes it.
CREATE TABLE absence_wage_extensions (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES absence_cases (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('loonsanctie', 'vrijwillige_verlenging')),
    starts_on    TEXT NOT NULL,
    weeks        INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 52),
    decided_on   TEXT NOT NULL,
    reference    TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    shortened_to TEXT NOT NULL,
    shortened_by TEXT NOT NULL,
    shortened_at BIGINT NOT NULL
);
CREATE INDEX absence_wage_extensions_case ON absence_wage_extensions (case_id);
