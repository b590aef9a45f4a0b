-- Schema 1: practice settings, job roles, staff, the course catalog, training
-- records with certificates, service standards (versioned) and acknowledgments.
-- Dates are ISO-8601 text (YYYY-MM-DD); timestamps are RFC 3339 UTC text.

PRAGMA application_id = 1397772867; -- 'SPRC': marks the file as ours

CREATE TABLE practice (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name            TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    paper_size      TEXT NOT NULL DEFAULT 'a4' CHECK (paper_size IN ('a4', 'letter')),
    rating_labels   TEXT NOT NULL DEFAULT '["Unsatisfactory","Needs improvement","Meets standards","Exceeds standards","Outstanding"]',
    due_soon_days   INTEGER NOT NULL DEFAULT 30 CHECK (due_soon_days BETWEEN 0 AND 365),
    set_up          INTEGER NOT NULL DEFAULT 0 CHECK (set_up IN (0, 1))
);
INSERT INTO practice (id) VALUES (1);

CREATE TABLE job_roles (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE staff (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    search_key  TEXT NOT NULL,
    employee_no TEXT UNIQUE,
    role_id     INTEGER REFERENCES job_roles (id) ON DELETE SET NULL,
    department  TEXT NOT NULL DEFAULT '',
    manager_id  INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    hire_date   TEXT,
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'on_leave', 'left')),
    end_date    TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX staff_role ON staff (role_id);
CREATE INDEX staff_manager ON staff (manager_id);

CREATE TABLE courses (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    title_key       TEXT NOT NULL UNIQUE,
    category        TEXT NOT NULL CHECK (category IN
                        ('customer_service', 'compliance', 'clinical', 'safety', 'software', 'other')),
    provider        TEXT NOT NULL DEFAULT '',
    default_hours   REAL NOT NULL DEFAULT 1,
    validity_months INTEGER CHECK (validity_months IS NULL OR validity_months BETWEEN 1 AND 120),
    description     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE role_courses (
    role_id   INTEGER NOT NULL REFERENCES job_roles (id) ON DELETE CASCADE,
    course_id INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    PRIMARY KEY (role_id, course_id)
) WITHOUT ROWID;

CREATE TABLE training_records (
    id           INTEGER PRIMARY KEY,
    staff_id     INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    course_id    INTEGER NOT NULL REFERENCES courses (id) ON DELETE RESTRICT,
    completed_on TEXT NOT NULL,
    hours        REAL NOT NULL CHECK (hours >= 0),
    provider     TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved')),
    logged_by    INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    logged_at    TEXT NOT NULL,
    approved_by  INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    approved_at  TEXT
);
-- Serves both a person's history and "latest approved completion per course".
CREATE INDEX training_by_person ON training_records (staff_id, course_id, status, completed_on);
CREATE INDEX training_pending ON training_records (status) WHERE status = 'pending';

-- Kept apart from training_records so that listing records never reads the bytes.
CREATE TABLE certificates (
    record_id  INTEGER PRIMARY KEY REFERENCES training_records (id) ON DELETE CASCADE,
    file_name  TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL,
    data       BLOB NOT NULL
);

-- A standard is an identity; what it says lives in its versions.
CREATE TABLE standards (
    id         INTEGER PRIMARY KEY,
    retired_on TEXT
);

CREATE TABLE standard_versions (
    id             INTEGER PRIMARY KEY,
    standard_id    INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    audience       TEXT NOT NULL CHECK (audience IN ('internal', 'external')),
    channel        TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'in_person', 'internal_request', 'other')),
    statement      TEXT NOT NULL,
    target_value   REAL,
    target_unit    TEXT NOT NULL CHECK (target_unit IN
                       ('rings', 'minutes', 'hours', 'business_hours', 'business_days', 'text')),
    target_text    TEXT NOT NULL DEFAULT '',
    effective_date TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (standard_id, version)
);

-- Which roles a version applies to; none listed means every role.
CREATE TABLE standard_version_roles (
    version_id INTEGER NOT NULL REFERENCES standard_versions (id) ON DELETE CASCADE,
    role_id    INTEGER NOT NULL REFERENCES job_roles (id) ON DELETE CASCADE,
    PRIMARY KEY (version_id, role_id)
) WITHOUT ROWID;

CREATE TABLE acknowledgments (
    id              INTEGER PRIMARY KEY,
    staff_id        INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    version_id      INTEGER NOT NULL REFERENCES standard_versions (id) ON DELETE CASCADE,
    acknowledged_on TEXT NOT NULL,
    UNIQUE (staff_id, version_id)
);
CREATE INDEX acknowledgments_by_version ON acknowledgments (version_id);
