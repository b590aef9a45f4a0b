-- Schema 10: the practice's to-do list and its daily reminder. Which kinds of
-- reminder are on, and how many days ahead each warns (training and licences
-- keep theirs in `practice`, where their "due soon" windows already were).
CREATE TABLE reminder_settings (
    kind       TEXT PRIMARY KEY CHECK (kind IN
                   ('training', 'licences', 'continuing_education', 'annual_review',
                    'ninety_day_review', 'mid_year_review', 'check_in', 'feedback',
                    'approvals', 'acknowledgments', 'suggestions')),
    enabled    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    days_ahead INTEGER CHECK (days_ahead IS NULL OR days_ahead BETWEEN 0 AND 365)
) WITHOUT ROWID;
-- Mid-year reviews are off until a practice that holds them turns them on.
INSERT INTO reminder_settings (kind, enabled, days_ahead) VALUES
    ('training', 1, NULL),
    ('licences', 1, NULL),
    ('continuing_education', 1, 120),
    ('annual_review', 1, 45),
    ('ninety_day_review', 1, 14),
    ('mid_year_review', 0, 30),
    ('check_in', 1, 7),
    ('feedback', 1, 5),
    ('approvals', 1, NULL),
    ('acknowledgments', 1, NULL),
    ('suggestions', 1, NULL);

-- What the daily reminder has told: an item on the to-do list is new until
-- a reminder has counted it. Kept only for items still on the list.
CREATE TABLE reminders_sent (
    item_key TEXT PRIMARY KEY,
    first_on TEXT NOT NULL
);

-- The day of the last daily reminder: at most one a day.
ALTER TABLE practice ADD COLUMN reminded_on TEXT;
