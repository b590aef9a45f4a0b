-- Schema 8: the evidence behind the customer-service score. Who serves whom,
-- colleagues' feedback, self-reviews, thank-yous, patients' compliments and
-- complaints, service checks against the standards' targets, check-ins and
-- suggestions. A record about a person keeps them: a person with any of it
-- is marked as left, not deleted (ON DELETE RESTRICT, which the core turns
-- into a message first). Standards are never deleted, only retired.

-- A job role's internal customers: the roles it serves ("reception serves the
-- clinical team"). A role may serve its own.
CREATE TABLE role_customers (
    role_id     INTEGER NOT NULL REFERENCES job_roles (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES job_roles (id) ON DELETE RESTRICT,
    PRIMARY KEY (role_id, customer_id)
) WITHOUT ROWID;
CREATE INDEX role_customers_by_customer ON role_customers (customer_id);

-- Feedback from internal customers: a manager asks colleagues about a person,
-- until a closing date.
CREATE TABLE feedback_requests (
    id         INTEGER PRIMARY KEY,
    staff_id   INTEGER NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
    purpose    TEXT NOT NULL DEFAULT '',
    asked_on   TEXT NOT NULL,
    closes_on  TEXT NOT NULL CHECK (closes_on >= asked_on),
    asked_by   TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX feedback_requests_by_person ON feedback_requests (staff_id, closes_on);

-- Each colleague asked; the answer once given (confidential: the person sees
-- only a summary of three or more).
CREATE TABLE feedback_responses (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES feedback_requests (id) ON DELETE CASCADE,
    staff_id     INTEGER NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
    answered_on  TEXT,
    -- "If you had a choice, would you choose their service?" 1 to 5.
    would_choose INTEGER CHECK (would_choose BETWEEN 1 AND 5),
    comment      TEXT NOT NULL DEFAULT '',
    UNIQUE (request_id, staff_id),
    CHECK ((answered_on IS NULL) = (would_choose IS NULL))
);
CREATE INDEX feedback_responses_by_colleague ON feedback_responses (staff_id, answered_on);

-- One answer per internal standard that applies to the person's role.
CREATE TABLE feedback_answers (
    response_id INTEGER NOT NULL REFERENCES feedback_responses (id) ON DELETE CASCADE,
    standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE RESTRICT,
    answer      TEXT NOT NULL CHECK (answer IN ('met', 'sometimes', 'not_met', 'cant_say')),
    comment     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (response_id, standard_id)
) WITHOUT ROWID;
CREATE INDEX feedback_answers_by_standard ON feedback_answers (standard_id);

-- Self-review: the employee's own rating of each criterion, handed in before
-- the evaluation is finalized.
ALTER TABLE evaluation_criteria ADD COLUMN self_rating INTEGER CHECK (self_rating BETWEEN 1 AND 5);
ALTER TABLE evaluation_criteria ADD COLUMN self_not_applicable INTEGER NOT NULL DEFAULT 0
    CHECK (self_not_applicable IN (0, 1));
ALTER TABLE evaluation_criteria ADD COLUMN self_comment TEXT NOT NULL DEFAULT '';
ALTER TABLE evaluations ADD COLUMN self_review_on TEXT;

-- A criterion made from a standard may be measured: its rating is proposed
-- from the period's service checks by the practice's thresholds; a rating
-- other than the one proposed keeps its reason.
ALTER TABLE template_criteria ADD COLUMN measured INTEGER NOT NULL DEFAULT 0 CHECK (measured IN (0, 1));
ALTER TABLE evaluation_criteria ADD COLUMN measured INTEGER NOT NULL DEFAULT 0 CHECK (measured IN (0, 1));
ALTER TABLE evaluation_criteria ADD COLUMN proposed_rating INTEGER CHECK (proposed_rating BETWEEN 1 AND 5);
-- The proposal as finalized, kept for good: the rating, and the checks it
-- came from (`proposed_met` of `proposed_checks` met). A draft's is worked
-- out when it is read.
ALTER TABLE evaluation_criteria ADD COLUMN proposed_met INTEGER CHECK (proposed_met >= 0);
ALTER TABLE evaluation_criteria ADD COLUMN proposed_checks INTEGER CHECK (proposed_checks >= proposed_met);
ALTER TABLE evaluation_criteria ADD COLUMN override_reason TEXT NOT NULL DEFAULT '';
-- The lowest met rate, in percent, for ratings 5, 4, 3 and 2 (below the last: 1).
ALTER TABLE practice ADD COLUMN met_rate_thresholds TEXT NOT NULL DEFAULT '[95,85,70,50]';

-- The evidence summary an evaluation was finalized with, as JSON, so that
-- later entries never rewrite a signed review. NULL while a draft, and for
-- reviews finalized before schema 8.
ALTER TABLE evaluations ADD COLUMN evidence TEXT;

-- Recognition of good service: a thank-you from a manager or a colleague, to
-- one person or several.
CREATE TABLE recognitions (
    id          INTEGER PRIMARY KEY,
    happened_on TEXT NOT NULL,
    what        TEXT NOT NULL,
    standard_id INTEGER REFERENCES standards (id) ON DELETE RESTRICT,
    -- Who said thank you: their staff record, if they have one, and their
    -- name as they were signed in.
    from_staff  INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
    from_name   TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX recognitions_by_date ON recognitions (happened_on);
CREATE INDEX recognitions_by_giver ON recognitions (from_staff) WHERE from_staff IS NOT NULL;

-- Who was thanked; each may hide it from the kiosk's wall.
CREATE TABLE recognition_people (
    recognition_id INTEGER NOT NULL REFERENCES recognitions (id) ON DELETE CASCADE,
    staff_id       INTEGER NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
    hidden         INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    PRIMARY KEY (recognition_id, staff_id)
) WITHOUT ROWID;
CREATE INDEX recognition_people_by_person ON recognition_people (staff_id);

-- Patients' compliments and complaints. No patient identifiers.
CREATE TABLE patient_feedback (
    id           INTEGER PRIMARY KEY,
    received_on  TEXT NOT NULL,
    channel      TEXT NOT NULL CHECK (channel IN
                     ('phone', 'email', 'in_person', 'letter', 'online', 'survey', 'other')),
    kind         TEXT NOT NULL CHECK (kind IN ('compliment', 'complaint')),
    standard_id  INTEGER REFERENCES standards (id) ON DELETE RESTRICT,
    staff_id     INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
    summary      TEXT NOT NULL,
    action_taken TEXT NOT NULL DEFAULT '',
    closed_on    TEXT CHECK (closed_on >= received_on),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX patient_feedback_by_date ON patient_feedback (received_on);
CREATE INDEX patient_feedback_by_person ON patient_feedback (staff_id) WHERE staff_id IS NOT NULL;
CREATE INDEX patient_feedback_by_standard ON patient_feedback (standard_id) WHERE standard_id IS NOT NULL;

-- The feedback that prompted a standard's revision.
CREATE TABLE standard_version_feedback (
    version_id  INTEGER NOT NULL REFERENCES standard_versions (id) ON DELETE CASCADE,
    feedback_id INTEGER NOT NULL REFERENCES patient_feedback (id) ON DELETE RESTRICT,
    PRIMARY KEY (version_id, feedback_id)
) WITHOUT ROWID;
CREATE INDEX standard_version_feedback_by_feedback ON standard_version_feedback (feedback_id);

-- Service checks: a standard's target measured on a day, for a person or the
-- whole desk (no person), against the version in force that day.
CREATE TABLE service_checks (
    id          INTEGER PRIMARY KEY,
    standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE RESTRICT,
    version_id  INTEGER NOT NULL REFERENCES standard_versions (id) ON DELETE RESTRICT,
    checked_on  TEXT NOT NULL,
    staff_id    INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
    -- In the target's unit; NULL when only met or not met was recorded.
    observed    REAL,
    met         INTEGER NOT NULL CHECK (met IN (0, 1)),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX service_checks_by_standard ON service_checks (standard_id, checked_on);
CREATE INDEX service_checks_by_person ON service_checks (staff_id, checked_on) WHERE staff_id IS NOT NULL;

-- One-to-one check-ins between reviews. Topics, what was agreed, tips and the
-- next date are shared with the person at the kiosk; the notes are not.
CREATE TABLE check_ins (
    id         INTEGER PRIMARY KEY,
    staff_id   INTEGER NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
    held_on    TEXT NOT NULL,
    held_by    TEXT NOT NULL,
    topics     TEXT NOT NULL DEFAULT '',
    agreed     TEXT NOT NULL DEFAULT '',
    tips       TEXT NOT NULL DEFAULT '',
    next_on    TEXT CHECK (next_on > held_on),
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX check_ins_by_person ON check_ins (staff_id, held_on);

-- Suggestions from staff, signed or anonymous (no person: nothing here or in
-- the audit trail says who), and what was decided and came of it.
CREATE TABLE suggestions (
    id           INTEGER PRIMARY KEY,
    submitted_on TEXT NOT NULL,
    staff_id     INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
    text         TEXT NOT NULL,
    decision     TEXT CHECK (decision IN ('adopted', 'trying', 'declined')),
    decided_on   TEXT CHECK (decided_on >= submitted_on),
    outcome      TEXT NOT NULL DEFAULT '',
    CHECK ((decision IS NULL) = (decided_on IS NULL))
);
CREATE INDEX suggestions_by_submitter ON suggestions (staff_id) WHERE staff_id IS NOT NULL;
CREATE INDEX suggestions_by_decision ON suggestions (decided_on);
