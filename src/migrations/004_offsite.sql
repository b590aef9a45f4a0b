-- Schema 4: a copy of the daily backup off the computer.
--
-- The owner chooses a folder (a USB stick, a network folder); after the day's
-- backup the app copies it there. When the last copy was made, or what went
-- wrong the last time one was tried, is kept for the overview to show.

ALTER TABLE practice ADD COLUMN offsite_folder TEXT NOT NULL DEFAULT '';
ALTER TABLE practice ADD COLUMN offsite_copied_at TEXT;
ALTER TABLE practice ADD COLUMN offsite_problem TEXT;

-- A short random name for the practice: copies off the computer carry it, so
-- two practices (two computers) sharing one network folder never take each
-- other's copies for their own, nor rotate them away.
ALTER TABLE practice ADD COLUMN uid TEXT NOT NULL DEFAULT '';
UPDATE practice SET uid = lower(hex(randomblob(4)));
