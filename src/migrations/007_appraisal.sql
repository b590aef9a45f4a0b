-- Schema 7: what a paper appraisal has and the forms lacked. The manager's
-- overall summary of a review, which opens its narrative; and the practice's
-- logo for the header of every printed document (the PNG or JPEG file as the
-- owner chose it, checked before it is stored; NULL: none).

ALTER TABLE evaluations ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE practice ADD COLUMN logo BLOB;
