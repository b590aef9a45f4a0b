-- Schema 9: licences and certifications, and the continuing education they
-- require. A job role requires licence types as it requires courses; a
-- person's licence of a type carries its number, issuing body, dates and a
-- scanned copy. A licence a person records at the kiosk counts once the
-- office has checked it, as their training does once approved.

-- Two more course categories: infection control (what continuing-education
-- rules most often ask a minimum of) and cross-training (a job swap). The
-- column's CHECK is its own, so it is replaced by a new column.
ALTER TABLE courses ADD COLUMN category_new TEXT NOT NULL DEFAULT 'other' CHECK (category_new IN
    ('customer_service', 'compliance', 'clinical', 'safety', 'software', 'infection_control',
     'cross_training', 'other'));
UPDATE courses SET category_new = category;
ALTER TABLE courses DROP COLUMN category;
ALTER TABLE courses RENAME COLUMN category_new TO category;

-- What a licence or certification is: "Dental hygienist licence", "CPR/BLS
-- card". Continuing education, when the type requires it: `ce_hours` hours in
-- each cycle of `ce_cycle_months` months ending on the licence's expiry date,
-- of which at least `ce_category_hours` in courses of `ce_category`.
CREATE TABLE licence_types (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    name_key          TEXT NOT NULL UNIQUE,
    issuing_body      TEXT NOT NULL DEFAULT '',
    description       TEXT NOT NULL DEFAULT '',
    ce_hours          REAL CHECK (ce_hours IS NULL OR ce_hours > 0),
    ce_cycle_months   INTEGER CHECK (ce_cycle_months IS NULL OR ce_cycle_months BETWEEN 1 AND 120),
    ce_category       TEXT CHECK (ce_category IS NULL OR ce_category IN
                          ('customer_service', 'compliance', 'clinical', 'safety', 'software',
                           'infection_control', 'cross_training', 'other')),
    ce_category_hours REAL CHECK (ce_category_hours IS NULL OR ce_category_hours > 0),
    CHECK ((ce_hours IS NULL) = (ce_cycle_months IS NULL)),
    CHECK ((ce_category IS NULL) = (ce_category_hours IS NULL)),
    CHECK (ce_category IS NULL OR ce_category_hours <= ce_hours)
);

CREATE TABLE role_licences (
    role_id         INTEGER NOT NULL REFERENCES job_roles (id) ON DELETE CASCADE,
    licence_type_id INTEGER NOT NULL REFERENCES licence_types (id) ON DELETE CASCADE,
    PRIMARY KEY (role_id, licence_type_id)
) WITHOUT ROWID;
CREATE INDEX role_licences_by_type ON role_licences (licence_type_id);

-- A person's licence. The latest checked one of a type (the one expiring
-- last; one with no expiry date never expires) is the one that counts. Like
-- training, it goes with a staff record deleted as a mistake.
CREATE TABLE licences (
    id           INTEGER PRIMARY KEY,
    staff_id     INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    type_id      INTEGER NOT NULL REFERENCES licence_types (id) ON DELETE RESTRICT,
    number       TEXT NOT NULL DEFAULT '',
    issuing_body TEXT NOT NULL DEFAULT '',
    issued_on    TEXT,
    expires_on   TEXT CHECK (expires_on IS NULL OR issued_on IS NULL OR expires_on >= issued_on),
    notes        TEXT NOT NULL DEFAULT '',
    checked      INTEGER NOT NULL CHECK (checked IN (0, 1)),
    recorded_by  INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    recorded_at  TEXT NOT NULL,
    checked_by   INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    checked_at   TEXT
);
CREATE INDEX licences_by_person ON licences (staff_id, type_id);
CREATE INDEX licences_by_type ON licences (type_id, expires_on);

-- The scanned copy of a licence: a PDF, PNG or JPEG, as a training certificate.
CREATE TABLE licence_scans (
    licence_id INTEGER PRIMARY KEY REFERENCES licences (id) ON DELETE CASCADE,
    file_name  TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL,
    data       BLOB NOT NULL
);

-- A licence due for renewal is "due soon" this many days before it expires
-- (a renewal takes longer to arrange than a course).
ALTER TABLE practice ADD COLUMN licence_soon_days INTEGER NOT NULL DEFAULT 60
    CHECK (licence_soon_days BETWEEN 0 AND 365);
