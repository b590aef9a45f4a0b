-- Schema 11: what the practice does about internal service beyond reviews.
-- Job swaps (a day in the role one's work serves), SWOT worksheets of
-- internal service, and process-improvement projects with their measure.

-- A job swap: a person spends time in a host role, shown the work by a host
-- colleague, and notes how their work affects the next person in the chain.
-- It counts as training: its record (course category cross-training) is
-- kept with it and goes with it.
CREATE TABLE job_swaps (
    id                 INTEGER PRIMARY KEY,
    staff_id           INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    host_role_id       INTEGER REFERENCES job_roles (id) ON DELETE SET NULL,
    host_department    TEXT NOT NULL DEFAULT '',
    host_staff_id      INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    starts_on          TEXT NOT NULL,
    ends_on            TEXT NOT NULL CHECK (ends_on >= starts_on),
    hours              REAL NOT NULL CHECK (hours > 0),
    learned            TEXT NOT NULL DEFAULT '',
    training_record_id INTEGER REFERENCES training_records (id) ON DELETE SET NULL,
    created_at         TEXT NOT NULL,
    CHECK (host_role_id IS NOT NULL OR host_department <> '')
);
CREATE INDEX job_swaps_by_person ON job_swaps (staff_id, ends_on);
CREATE INDEX job_swaps_by_record ON job_swaps (training_record_id);

-- A SWOT worksheet of internal customer service, dated, with who took part;
-- its items in four quadrants, in the order the team wrote them.
CREATE TABLE swot_worksheets (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    held_on    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE swot_participants (
    worksheet_id INTEGER NOT NULL REFERENCES swot_worksheets (id) ON DELETE CASCADE,
    staff_id     INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    PRIMARY KEY (worksheet_id, staff_id)
) WITHOUT ROWID;
CREATE TABLE swot_items (
    id           INTEGER PRIMARY KEY,
    worksheet_id INTEGER NOT NULL REFERENCES swot_worksheets (id) ON DELETE CASCADE,
    quadrant     TEXT NOT NULL CHECK (quadrant IN ('strength', 'weakness', 'opportunity', 'threat')),
    position     INTEGER NOT NULL,
    text         TEXT NOT NULL CHECK (text <> '')
);
CREATE INDEX swot_items_by_worksheet ON swot_items (worksheet_id, quadrant, position);

-- A process-improvement project: the problem, the roles in the process and a
-- team drawn from each, one measure with its baseline and target, dated
-- measurements, its status and outcome, and what it came from.
CREATE TABLE projects (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    problem     TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('proposed', 'active', 'done', 'dropped')),
    measure     TEXT NOT NULL,
    unit        TEXT NOT NULL DEFAULT '',
    baseline    REAL NOT NULL,
    target      REAL NOT NULL CHECK (target <> baseline),
    started_on  TEXT,
    ended_on    TEXT CHECK (ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on),
    outcome     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE TABLE project_roles (
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    role_id    INTEGER NOT NULL REFERENCES job_roles (id) ON DELETE RESTRICT,
    PRIMARY KEY (project_id, role_id)
) WITHOUT ROWID;
CREATE TABLE project_members (
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    staff_id   INTEGER NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
    PRIMARY KEY (project_id, staff_id)
) WITHOUT ROWID;
CREATE INDEX project_members_by_person ON project_members (staff_id);
CREATE TABLE project_measurements (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    measured_on TEXT NOT NULL,
    value       REAL NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_measurements_by_project ON project_measurements (project_id, measured_on);
CREATE TABLE project_suggestions (
    project_id    INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    suggestion_id INTEGER NOT NULL REFERENCES suggestions (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, suggestion_id)
) WITHOUT ROWID;
CREATE TABLE project_standards (
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE RESTRICT,
    PRIMARY KEY (project_id, standard_id)
) WITHOUT ROWID;

-- A person's approved training in a date range (their continuing education in
-- a licence's cycle) is one range of this index, not all their records.
CREATE INDEX training_by_person_date ON training_records (staff_id, status, completed_on);
