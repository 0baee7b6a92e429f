-- The history of corrections of absence cases (package store, corrections.go):
-- one row per value a correction changed. Rows of one correction share id.
-- field is first_sick_day, expected_days, notes or recovery; old_value and
-- new_value are the values as the case holds them (dates ISO text, numbers
-- decimal, a recovery report as "YYYY-MM-DD;percentage", '' for none, such as
-- a withdrawn report). The history goes with its case (ON DELETE CASCADE),
-- also when retention deletes the case.
CREATE TABLE absence_corrections (
    id           TEXT NOT NULL,
    case_id      TEXT NOT NULL REFERENCES absence_cases (id) ON DELETE CASCADE,
    field        TEXT NOT NULL
        CHECK (field IN ('first_sick_day', 'expected_days', 'notes', 'recovery')),
    old_value    TEXT NOT NULL,
    new_value    TEXT NOT NULL,
    reason       TEXT NOT NULL,
    corrected_by TEXT NOT NULL,
    corrected_at BIGINT NOT NULL,
    PRIMARY KEY (id, field)
);
CREATE INDEX absence_corrections_case ON absence_corrections (case_id, corrected_at);
