-- Schema 3: who may sign in, and what everyone changed.
--
-- An account is the owner, a manager (both sign in with a passphrase) or a
-- staff member (signs in at the kiosk with a PIN, linked to their staff record).
-- Secrets are argon2id PHC strings; the clear text is never stored.
-- Failed sign-ins are counted here so that restarting the app does not reset
-- the wait after too many wrong PINs.

ALTER TABLE practice ADD COLUMN lock_after_minutes INTEGER NOT NULL DEFAULT 5
    CHECK (lock_after_minutes BETWEEN 1 AND 240);
ALTER TABLE practice ADD COLUMN backups_kept INTEGER NOT NULL DEFAULT 14
    CHECK (backups_kept BETWEEN 1 AND 365);

CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    role            TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'staff')),
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    -- Staff accounts belong to one person; owners and managers may be linked too.
    staff_id        INTEGER UNIQUE REFERENCES staff (id) ON DELETE CASCADE,
    secret_hash     TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (role <> 'staff' OR staff_id IS NOT NULL)
);
-- Owners and managers pick their name on the lock screen, so names are unique
-- among them; a staff account shows its person's name.
CREATE UNIQUE INDEX accounts_name ON accounts (name_key) WHERE role <> 'staff';

-- One row per change, written in the same transaction as the change itself.
-- `changes` is a JSON array of {field, before, after}; `person` is the staff
-- member the record is about, so a person's page can show every change about
-- them. Rows are never updated or deleted by the app.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    actor      TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER NOT NULL,
    person     INTEGER,
    action     TEXT NOT NULL,
    summary    TEXT NOT NULL,
    changes    TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX audit_by_record ON audit_log (entity, entity_id);
CREATE INDEX audit_by_person ON audit_log (person) WHERE person IS NOT NULL;
