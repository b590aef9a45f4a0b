-- Schema 6: the practice's locale. How dates are written, 12- or 24-hour
-- time, the time zone (an IANA name) and the currency (an ISO 4217 code).
-- NULL is "not chosen yet": the practice follows the computer's own
-- settings until the owner saves them.

ALTER TABLE practice ADD COLUMN date_format TEXT
    CHECK (date_format IS NULL OR date_format IN ('iso', 'dmy', 'mdy', 'd_mon_y'));
ALTER TABLE practice ADD COLUMN clock TEXT CHECK (clock IS NULL OR clock IN ('24h', '12h'));
ALTER TABLE practice ADD COLUMN time_zone TEXT;
ALTER TABLE practice ADD COLUMN currency TEXT;
