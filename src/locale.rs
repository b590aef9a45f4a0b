//! The practice's locale: how dates, times and money are written, and the time
//! zone its times are shown in. Until the owner chooses, the practice follows
//! this computer's own language and time zone.

use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::ids::text_enum;

text_enum! {
    /// How a date is written: `2026-11-28`, `28/11/2026`, `11/28/2026` or `28 Nov 2026`.
    pub enum DateFormat { Iso = "iso", DayMonthYear = "dmy", MonthDayYear = "mdy", DayMonthNameYear = "d_mon_y" }
}

text_enum! {
    /// 24-hour (`14:05`) or 12-hour (`2:05 PM`) time.
    pub enum Clock { H24 = "24h", H12 = "12h" }
}

/// The locale a practice has before the owner chooses one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Defaults {
    pub date_format: DateFormat,
    pub clock: Clock,
    pub time_zone: String,
    pub currency: String,
}

impl Defaults {
    /// This computer's: its language's region (`en-GB`, `de_AT.UTF-8`) and its
    /// time zone, read once a run.
    pub(crate) fn of_this_computer() -> &'static Defaults {
        static COMPUTER: OnceLock<Defaults> = OnceLock::new();
        COMPUTER.get_or_init(|| {
            let zone = iana_time_zone::get_timezone().ok();
            Defaults::for_region(language_tag().as_deref(), zone.as_deref())
        })
    }

    /// The defaults for a language tag and a time zone name; anything unknown
    /// (the `C` locale, no region, an unreadable zone) gives ISO dates, a
    /// 24-hour clock, UTC and US dollars.
    pub(crate) fn for_region(tag: Option<&str>, zone: Option<&str>) -> Defaults {
        let region = tag.and_then(region_of).unwrap_or_default();
        let date_format = match region.as_str() {
            "US" | "PH" | "FM" | "MH" | "PW" => DateFormat::MonthDayYear,
            "" | "CN" | "JP" | "KR" | "TW" | "HU" | "LT" | "SE" | "MN" | "CA" => DateFormat::Iso,
            _ => DateFormat::DayMonthYear,
        };
        let clock = match region.as_str() {
            "US" | "CA" | "AU" | "NZ" | "IN" | "PH" | "PK" | "BD" | "EG" | "SA" | "MY" | "CO" => {
                Clock::H12
            }
            _ => Clock::H24,
        };
        let time_zone = zone
            .filter(|z| time_zone(z).is_ok())
            .unwrap_or("UTC")
            .to_owned();
        Defaults {
            date_format,
            clock,
            time_zone,
            currency: currency_of(&region).to_owned(),
        }
    }
}

/// The language whose region decides dates and money: on Linux the POSIX
/// order for times (`LC_ALL`, `LC_TIME`, `LANG`; `sys-locale` would ask
/// `LANGUAGE` and `LC_MESSAGES`, which say how messages read, not dates),
/// elsewhere the user's locale.
fn language_tag() -> Option<String> {
    ["LC_ALL", "LC_TIME", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .or_else(sys_locale::get_locale)
}

/// `GB` from `en-GB`, `en_GB.UTF-8` or `sr-Latn-RS`: the two-letter region, if any.
fn region_of(tag: &str) -> Option<String> {
    let tag = tag.split(['.', '@']).next().unwrap_or(tag);
    tag.split(['-', '_'])
        .skip(1)
        .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|part| part.to_ascii_uppercase())
}

/// The currency of a region, for the regions a practice is most likely in;
/// elsewhere the owner chooses it in Settings.
fn currency_of(region: &str) -> &'static str {
    match region {
        "GB" | "GG" | "JE" | "IM" => "GBP",
        "AT" | "BE" | "CY" | "DE" | "EE" | "ES" | "FI" | "FR" | "GR" | "HR" | "IE" | "IT"
        | "LT" | "LU" | "LV" | "MT" | "NL" | "PT" | "SI" | "SK" => "EUR",
        "CA" => "CAD",
        "AU" => "AUD",
        "NZ" => "NZD",
        "IN" => "INR",
        "ZA" => "ZAR",
        "CH" | "LI" => "CHF",
        "SE" => "SEK",
        "NO" => "NOK",
        "DK" => "DKK",
        "PL" => "PLN",
        "CZ" => "CZK",
        "HU" => "HUF",
        "RO" => "RON",
        "JP" => "JPY",
        "CN" => "CNY",
        "KR" => "KRW",
        "SG" => "SGD",
        "HK" => "HKD",
        "MX" => "MXN",
        "BR" => "BRL",
        "AR" => "ARS",
        "PH" => "PHP",
        "AE" => "AED",
        "IL" => "ILS",
        "TR" => "TRY",
        "UA" => "UAH",
        "RU" => "RUB",
        _ => "USD",
    }
}

/// How the practice writes dates, times and money on paper, as the window
/// does (`ui/src/lib/locale.svelte.ts`): every printed date goes through here.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub date_format: DateFormat,
    pub clock: Clock,
    pub zone: chrono_tz::Tz,
    pub currency: String,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Written {
    /// A practice's choices; a time zone this build does not know (a newer
    /// database's) prints times in UTC, and says so beside them.
    pub fn new(date_format: DateFormat, clock: Clock, zone: &str, currency: &str) -> Written {
        Written {
            date_format,
            clock,
            zone: time_zone(zone).unwrap_or(chrono_tz::UTC),
            currency: currency.to_owned(),
        }
    }

    /// A date as the practice writes dates: `2026-11-28`, `28/11/2026`,
    /// `11/28/2026` or `28 Nov 2026`.
    pub fn date(&self, d: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        let (y, m, day) = (d.year(), d.month(), d.day());
        match self.date_format {
            DateFormat::Iso => format!("{y:04}-{m:02}-{day:02}"),
            DateFormat::DayMonthYear => format!("{day:02}/{m:02}/{y:04}"),
            DateFormat::MonthDayYear => format!("{m:02}/{day:02}/{y:04}"),
            DateFormat::DayMonthNameYear => {
                format!("{day} {} {y:04}", MONTHS[d.month0() as usize])
            }
        }
    }

    /// A stored `YYYY-MM-DD` text as a date; anything else as it is.
    pub fn date_text(&self, stored: &str) -> String {
        match chrono::NaiveDate::parse_from_str(stored, "%Y-%m-%d") {
            Ok(d) => self.date(d),
            Err(_) => stored.to_owned(),
        }
    }

    /// "2026-01-01 to 2026-12-31", in the practice's format.
    pub fn period(&self, from: chrono::NaiveDate, to: chrono::NaiveDate) -> String {
        format!("{} to {}", self.date(from), self.date(to))
    }

    /// The practice's date of a moment (a print at 01:00 UTC is still the
    /// evening before in New York).
    pub fn local_date(&self, at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
        at.with_timezone(&self.zone).date_naive()
    }

    /// A moment in the practice's time zone, with its clock and the zone's
    /// abbreviation: "11/28/2026 1:31 PM EST", "28/11/2026 18:31 GMT".
    pub fn moment(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        use chrono::Timelike;
        let local = at.with_timezone(&self.zone);
        let time = match self.clock {
            Clock::H24 => format!("{:02}:{:02}", local.hour(), local.minute()),
            Clock::H12 => {
                let (pm, hour) = local.hour12();
                let half = if pm { "PM" } else { "AM" };
                format!("{hour}:{:02} {half}", local.minute())
            }
        };
        format!(
            "{} {time} {}",
            self.date(local.date_naive()),
            local.format("%Z")
        )
    }

    /// Whole cents in the practice's currency: "USD 500.00".
    pub fn money(&self, cents: i64) -> String {
        let sign = if cents < 0 { "-" } else { "" };
        let c = cents.unsigned_abs();
        format!("{} {sign}{}.{:02}", self.currency, c / 100, c % 100)
    }
}

impl Default for Written {
    /// ISO dates, a 24-hour clock, UTC and US dollars: before any practice.
    fn default() -> Written {
        Written::new(DateFormat::Iso, Clock::H24, "UTC", "USD")
    }
}

/// A time zone as the IANA database names it (`Europe/London`, `UTC`).
pub fn time_zone(name: &str) -> Result<chrono_tz::Tz> {
    name.parse::<chrono_tz::Tz>().map_err(|_| {
        Error::invalid(
            "timeZone",
            format!(
                "\"{name}\" is not a time zone: choose one from the list, such as Europe/London"
            ),
        )
    })
}

/// A currency as ISO 4217 writes it: three capital letters (`USD`, `EUR`).
pub(crate) fn currency(code: &str) -> Result<String> {
    let code = code.trim();
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(code.to_owned())
    } else {
        Err(Error::invalid(
            "currency",
            "The currency is a three-letter code, such as USD, EUR or GBP",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_writes_dates_times_and_money_as_the_practice_does() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        let at = chrono::DateTime::from_timestamp(1_764_351_060, 0).unwrap(); // 2025-11-28 17:31 UTC
        let cases = [
            (
                DateFormat::Iso,
                Clock::H24,
                "UTC",
                "2026-03-05",
                "2025-11-28 17:31 UTC",
            ),
            (
                DateFormat::DayMonthYear,
                Clock::H24,
                "Europe/Berlin",
                "05/03/2026",
                "28/11/2025 18:31 CET",
            ),
            (
                DateFormat::MonthDayYear,
                Clock::H12,
                "America/New_York",
                "03/05/2026",
                "11/28/2025 12:31 PM EST",
            ),
            (
                DateFormat::DayMonthNameYear,
                Clock::H12,
                "Asia/Tokyo",
                "5 Mar 2026",
                "29 Nov 2025 2:31 AM JST",
            ),
        ];
        for (format, clock, zone, date, moment) in cases {
            let w = Written::new(format, clock, zone, "EUR");
            assert_eq!(w.date(d), date);
            assert_eq!(w.moment(at), moment);
        }
        let tokyo = Written::new(DateFormat::Iso, Clock::H24, "Asia/Tokyo", "JPY");
        assert_eq!(
            tokyo.local_date(at).to_string(),
            "2025-11-29",
            "already tomorrow there"
        );
        assert_eq!(tokyo.date_text("2026-03-05"), "2026-03-05");
        assert_eq!(
            Written::default().date_text("soon"),
            "soon",
            "not a date: as typed"
        );
        assert_eq!(tokyo.money(50_000), "JPY 500.00");
        assert_eq!(Written::default().money(-5), "USD -0.05");
        let unknown = Written::new(DateFormat::Iso, Clock::H24, "Mars/Olympus", "USD");
        assert_eq!(
            unknown.moment(at),
            "2025-11-28 17:31 UTC",
            "an unknown zone says UTC"
        );
    }

    #[test]
    fn the_computers_region_gives_the_defaults() {
        let d = Defaults::for_region(Some("en-US"), Some("America/Chicago"));
        assert_eq!(
            d,
            Defaults {
                date_format: DateFormat::MonthDayYear,
                clock: Clock::H12,
                time_zone: "America/Chicago".into(),
                currency: "USD".into()
            }
        );
        let d = Defaults::for_region(Some("en_GB.UTF-8"), Some("Europe/London"));
        assert_eq!(
            (d.date_format, d.clock, d.currency.as_str()),
            (DateFormat::DayMonthYear, Clock::H24, "GBP")
        );
        let d = Defaults::for_region(Some("de_AT.UTF-8@euro"), None);
        assert_eq!(
            (d.date_format, d.time_zone.as_str(), d.currency.as_str()),
            (DateFormat::DayMonthYear, "UTC", "EUR")
        );
        let d = Defaults::for_region(Some("sr-Latn-RS"), None);
        assert_eq!(d.date_format, DateFormat::DayMonthYear);
        // The C locale, no region, a zone nobody knows: ISO, 24 hours, UTC, dollars.
        for tag in [None, Some("C"), Some("POSIX"), Some("en")] {
            let d = Defaults::for_region(tag, Some("Mars/Olympus_Mons"));
            assert_eq!(
                d,
                Defaults {
                    date_format: DateFormat::Iso,
                    clock: Clock::H24,
                    time_zone: "UTC".into(),
                    currency: "USD".into()
                },
                "{tag:?}"
            );
        }
    }

    #[test]
    fn this_computers_defaults_are_valid() {
        let d = Defaults::of_this_computer();
        assert!(time_zone(&d.time_zone).is_ok());
        assert!(currency(&d.currency).is_ok());
    }

    #[test]
    fn zones_and_currencies_are_checked() {
        assert!(time_zone("Europe/London").is_ok());
        assert!(time_zone("UTC").is_ok());
        for bad in ["", "Europe/Londn", "../../etc/passwd", "utc+5"] {
            assert_eq!(
                time_zone(bad).unwrap_err().field(),
                Some("timeZone"),
                "{bad}"
            );
        }
        assert_eq!(currency(" EUR ").unwrap(), "EUR");
        for bad in ["", "eur", "EURO", "€", "E1R"] {
            assert_eq!(
                currency(bad).unwrap_err().field(),
                Some("currency"),
                "{bad}"
            );
        }
    }
}
