-- Schema 7: the manager's overall summary of a review, which a paper
-- appraisal opens its narrative with (beside strengths and areas to improve).

ALTER TABLE evaluations ADD COLUMN summary TEXT NOT NULL DEFAULT '';
