-- Schema 5: money is exact. The bonus was a REAL amount (validated to at most
-- two decimals); it becomes whole cents, converted exactly, and the REAL
-- column goes.

ALTER TABLE evaluations ADD COLUMN bonus_cents INTEGER CHECK (bonus_cents IS NULL OR bonus_cents > 0);
UPDATE evaluations SET bonus_cents = CAST(round(bonus_amount * 100) AS INTEGER)
 WHERE bonus_amount IS NOT NULL AND bonus_amount > 0;
ALTER TABLE evaluations DROP COLUMN bonus_amount;
