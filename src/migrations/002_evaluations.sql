-- Schema 2: evaluation templates and evaluations. An evaluation keeps its own
-- copy of its template's sections and criteria, so editing a template never
-- changes an evaluation already started. Weights are hundredths (2.5 is 250).

ALTER TABLE practice ADD COLUMN service_weight_minimum INTEGER NOT NULL DEFAULT 25
    CHECK (service_weight_minimum BETWEEN 0 AND 100);

CREATE TABLE templates (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE template_sections (
    id          INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('external_service', 'internal_service', 'general')),
    title       TEXT NOT NULL,
    UNIQUE (template_id, position)
);

CREATE TABLE template_criteria (
    id          INTEGER PRIMARY KEY,
    section_id  INTEGER NOT NULL REFERENCES template_sections (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    levels      TEXT NOT NULL, -- JSON: five sentences, for ratings 1 to 5
    weight      INTEGER NOT NULL CHECK (weight > 0),
    standard_id INTEGER REFERENCES standards (id) ON DELETE SET NULL,
    UNIQUE (section_id, position)
);

CREATE TABLE evaluations (
    id                 INTEGER PRIMARY KEY,
    -- A person with evaluations cannot be deleted: they are marked as left.
    staff_id           INTEGER NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
    reviewer_id        INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    template_id        INTEGER REFERENCES templates (id) ON DELETE SET NULL,
    template_name      TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('annual', 'ninety_day', 'mid_year')),
    period_start       TEXT NOT NULL,
    period_end         TEXT NOT NULL CHECK (period_end >= period_start),
    -- The review year is the year the period ends in.
    year               INTEGER NOT NULL,
    status             TEXT NOT NULL DEFAULT 'draft'
                           CHECK (status IN ('draft', 'finalized', 'acknowledged')),
    strengths          TEXT NOT NULL DEFAULT '',
    improvements       TEXT NOT NULL DEFAULT '',
    recommendation     TEXT NOT NULL DEFAULT 'none' CHECK (recommendation IN
                           ('none', 'merit_increase', 'bonus', 'recognition', 'promotion')),
    merit_percent      REAL,
    bonus_amount       REAL,
    recommendation_note TEXT NOT NULL DEFAULT '',
    employee_comments  TEXT NOT NULL DEFAULT '',
    finalized_on       TEXT,
    acknowledged_on    TEXT,
    acknowledgment_comment TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX evaluations_by_person ON evaluations (staff_id, year);
CREATE INDEX evaluations_by_year ON evaluations (year, status);
CREATE UNIQUE INDEX one_annual_per_person_and_year ON evaluations (staff_id, year)
    WHERE kind = 'annual';

CREATE TABLE evaluation_sections (
    id            INTEGER PRIMARY KEY,
    evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('external_service', 'internal_service', 'general')),
    title         TEXT NOT NULL,
    UNIQUE (evaluation_id, position)
);

CREATE TABLE evaluation_criteria (
    id             INTEGER PRIMARY KEY,
    evaluation_id  INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    section_id     INTEGER NOT NULL REFERENCES evaluation_sections (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    levels         TEXT NOT NULL,
    weight         INTEGER NOT NULL CHECK (weight > 0),
    standard_id    INTEGER REFERENCES standards (id) ON DELETE SET NULL,
    rating         INTEGER CHECK (rating BETWEEN 1 AND 5),
    not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),
    comment        TEXT NOT NULL DEFAULT '',
    CHECK (NOT (rating IS NOT NULL AND not_applicable = 1)),
    UNIQUE (section_id, position)
);
CREATE INDEX evaluation_criteria_by_evaluation ON evaluation_criteria (evaluation_id);

CREATE TABLE evaluation_goals (
    id            INTEGER PRIMARY KEY,
    evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    goal          TEXT NOT NULL,
    target_date   TEXT,
    UNIQUE (evaluation_id, position)
);

-- Courses are copied by title too, so a plan reads the same after the catalog changes.
CREATE TABLE evaluation_training_plan (
    id            INTEGER PRIMARY KEY,
    evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    course_id     INTEGER REFERENCES courses (id) ON DELETE SET NULL,
    course_title  TEXT NOT NULL,
    UNIQUE (evaluation_id, position)
);

-- A change to a finalized evaluation: why, when, and each field before and after.
CREATE TABLE evaluation_amendments (
    id            INTEGER PRIMARY KEY,
    evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    made_on       TEXT NOT NULL,
    made_at       TEXT NOT NULL,
    reason        TEXT NOT NULL,
    changes       TEXT NOT NULL -- JSON: [{"field", "before", "after"}]
);
CREATE INDEX evaluation_amendments_by_evaluation ON evaluation_amendments (evaluation_id);
