-- The absence application's own data. Times are Unix microseconds (UTC);
-- calendar dates are ISO 8601 text (YYYY-MM-DD), '' when unset, so they sort
-- and compare as text on both dialects.

-- Organisations the application has seen in tokens (or an administrator
-- registered), with the domain it knows them by.
CREATE TABLE absence_orgs (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    domain     TEXT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL
);

-- A provider (arbodienst, bedrijfsarts, verzekeraar) serving an employer.
CREATE TABLE absence_relations (
    id           TEXT PRIMARY KEY,
    provider_org TEXT NOT NULL,
    employer_org TEXT NOT NULL,
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX absence_relations_provider ON absence_relations (provider_org);
CREATE INDEX absence_relations_employer ON absence_relations (employer_org);

CREATE TABLE absence_employees (
    id               TEXT PRIMARY KEY,
    employer_org     TEXT NOT NULL,
    personnel_number TEXT NOT NULL,
    name             TEXT NOT NULL,
    birth_date       TEXT NOT NULL,
    email            TEXT NOT NULL,
    contract_minutes INTEGER NOT NULL,
    employment_start TEXT NOT NULL,
    employment_end   TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    UNIQUE (employer_org, personnel_number)
);

-- One absence (verzuimgeval) of an employee.
CREATE TABLE absence_cases (
    id             TEXT PRIMARY KEY,
    employee_id    TEXT NOT NULL REFERENCES absence_employees (id),
    employer_org   TEXT NOT NULL,
    first_sick_day TEXT NOT NULL,
    expected_days  INTEGER NOT NULL,
    notes          TEXT NOT NULL,
    recovered_on   TEXT NOT NULL,
    reported_by    TEXT NOT NULL,
    reported_at    BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX absence_cases_employee ON absence_cases (employee_id);
CREATE INDEX absence_cases_employer ON absence_cases (employer_org);

-- Partial and full recovery reports; percentage is the share of the work resumed.
CREATE TABLE absence_recoveries (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES absence_cases (id),
    on_date     TEXT NOT NULL,
    percentage  INTEGER NOT NULL,
    reported_by TEXT NOT NULL,
    reported_at BIGINT NOT NULL
);
CREATE INDEX absence_recoveries_case ON absence_recoveries (case_id);

-- Poortwachter steps marked done.
CREATE TABLE absence_activities (
    case_id TEXT NOT NULL REFERENCES absence_cases (id),
    step    TEXT NOT NULL,
    done_on TEXT NOT NULL,
    note    TEXT NOT NULL,
    done_by TEXT NOT NULL,
    done_at BIGINT NOT NULL,
    PRIMARY KEY (case_id, step)
);

-- Medical notes: shown to the bedrijfsarts domain only.
CREATE TABLE absence_medical_notes (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES absence_cases (id),
    body       TEXT NOT NULL,
    author     TEXT NOT NULL,
    author_org TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX absence_medical_notes_case ON absence_medical_notes (case_id);

-- At most one open absence per employee.
CREATE UNIQUE INDEX absence_cases_one_open ON absence_cases (employee_id) WHERE recovered_on = '';
