//! The practice's own settings: name, address, paper size, rating-scale labels,
//! how far ahead training counts as "due soon", and its locale.

use base64::Engine;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::text_enum;
use crate::locale::{self, Clock, DateFormat, Defaults};
use crate::storage::Db;
use crate::storage::Readable;
use crate::text;

text_enum! {
    /// The paper every printed document uses.
    pub enum PaperSize { A4 = "a4", Letter = "letter" }
}

/// The labels of ratings 1 to 5, lowest first.
pub const RATING_LEVELS: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PracticeSettings {
    pub name: String,
    pub address: String,
    pub paper_size: PaperSize,
    /// Exactly five labels, for ratings 1 (lowest) to 5.
    pub rating_labels: Vec<String>,
    /// Training expiring within this many days is "due soon".
    pub due_soon_days: u32,
    /// A licence expiring within this many days is "due soon" (its renewal
    /// takes longer to arrange than a course).
    pub licence_soon_days: u32,
    /// The least share of an evaluation template's weight, in percent, that
    /// customer service (external and internal together) must carry.
    pub service_weight_minimum: u32,
    /// The window locks itself after this many minutes without use (1 to 240).
    pub lock_after_minutes: u32,
    /// How many automatic backups to keep (1 to 365).
    pub backups_kept: u32,
    /// False until the first-run choice (demo or empty practice) has been made.
    pub set_up: bool,
    /// How every date is written in the window.
    pub date_format: DateFormat,
    /// 12- or 24-hour time.
    pub clock: Clock,
    /// The time zone times are shown in: an IANA name such as `Europe/London`.
    pub time_zone: String,
    /// The currency of amounts such as a bonus: an ISO 4217 code such as `USD`.
    pub currency: String,
    /// The least met rate, in percent, of the period's service checks for a
    /// measured criterion's proposed rating of 5, 4, 3 and 2; below the last,
    /// 1. Four numbers, each lower than the one before.
    pub met_rate_thresholds: Vec<u32>,
}

/// The settings, for everyone signed in: they shape every screen (the name,
/// the rating labels, the idle lock).
pub fn settings(conn: &dyn Readable, actor: &Actor) -> Result<PracticeSettings> {
    actor.require(Permission::UsePractice)?;
    get(conn)
}

/// Whether the first-run choice (demo or empty practice) has been made: the
/// window asks before anyone can sign in, so it needs no actor, and it says
/// nothing else.
pub fn is_set_up(conn: &dyn Readable) -> Result<bool> {
    Ok(get(conn)?.set_up)
}

/// The settings, for the core's own use. A locale the owner has not chosen
/// yet is this computer's.
pub(crate) fn get(conn: &dyn Readable) -> Result<PracticeSettings> {
    let conn = crate::storage::sql(conn);
    let (mut s, labels, date_format, clock, time_zone, currency) = conn.query_row(
        "SELECT name, address, paper_size, rating_labels, due_soon_days, service_weight_minimum, set_up,
                lock_after_minutes, backups_kept, date_format, clock, time_zone, currency,
                met_rate_thresholds, licence_soon_days
           FROM practice WHERE id = 1",
        [],
        |r| {
            let s = PracticeSettings {
                name: r.get(0)?,
                address: r.get(1)?,
                paper_size: r.get(2)?,
                rating_labels: Vec::new(),
                due_soon_days: r.get(4)?,
                licence_soon_days: r.get(14)?,
                service_weight_minimum: r.get(5)?,
                set_up: r.get(6)?,
                lock_after_minutes: r.get(7)?,
                backups_kept: r.get(8)?,
                date_format: DateFormat::Iso,
                clock: Clock::H24,
                time_zone: String::new(),
                currency: String::new(),
                met_rate_thresholds: Vec::new(),
            };
            let labels: (String, String) = (r.get(3)?, r.get(13)?);
            let date_format: Option<DateFormat> = r.get(9)?;
            let clock: Option<Clock> = r.get(10)?;
            let time_zone: Option<String> = r.get(11)?;
            let currency: Option<String> = r.get(12)?;
            Ok((s, labels, date_format, clock, time_zone, currency))
        },
    )?;
    s.rating_labels = serde_json::from_str(&labels.0)
        .map_err(|e| Error::Migration(format!("the stored rating labels are unreadable: {e}")))?;
    s.met_rate_thresholds = serde_json::from_str(&labels.1).map_err(|e| {
        Error::Migration(format!(
            "the stored met-rate thresholds are unreadable: {e}"
        ))
    })?;
    let computer = Defaults::of_this_computer();
    s.date_format = date_format.unwrap_or(computer.date_format);
    s.clock = clock.unwrap_or(computer.clock);
    s.time_zone = time_zone.unwrap_or_else(|| computer.time_zone.clone());
    s.currency = currency.unwrap_or_else(|| computer.currency.clone());
    Ok(s)
}

/// The five rating labels, each named and none twice.
fn rating_labels(labels: &[String]) -> Result<Vec<String>> {
    if labels.len() != RATING_LEVELS {
        return Err(Error::invalid(
            "ratingLabels",
            format!("There must be exactly {RATING_LEVELS} rating labels, one for each rating from 1 to 5"),
        ));
    }
    let mut checked = Vec::with_capacity(RATING_LEVELS);
    for (i, label) in labels.iter().enumerate() {
        let l = text::required(
            "ratingLabels",
            &format!("The label for rating {}", i + 1),
            label,
            40,
        )?;
        if checked
            .iter()
            .any(|other: &String| text::unique_key(other) == text::unique_key(&l))
        {
            return Err(Error::invalid(
                "ratingLabels",
                format!("The label \"{l}\" is used twice"),
            ));
        }
        checked.push(l);
    }
    Ok(checked)
}

fn validate(input: &PracticeSettings) -> Result<PracticeSettings> {
    let mut problems = Problems::default();
    let name = problems.check(text::required("name", "Practice name", &input.name, 200))?;
    let address = problems.check(text::optional("address", "Address", &input.address, 1000))?;
    let rating_labels = problems.check(rating_labels(&input.rating_labels))?;
    if input.due_soon_days > 365 {
        problems.note("dueSoonDays", "\"Due soon\" must be between 0 and 365 days");
    }
    if input.licence_soon_days > 365 {
        problems.note(
            "licenceSoonDays",
            "\"Due soon\" for licences must be between 0 and 365 days",
        );
    }
    if input.service_weight_minimum > 100 {
        problems.note(
            "serviceWeightMinimum",
            "The customer service minimum is a percentage from 0 to 100",
        );
    }
    if !(1..=240).contains(&input.lock_after_minutes) {
        problems.note(
            "lockAfterMinutes",
            "Lock after must be between 1 and 240 minutes",
        );
    }
    if !(1..=365).contains(&input.backups_kept) {
        problems.note("backupsKept", "Keep between 1 and 365 automatic backups");
    }
    let t = &input.met_rate_thresholds;
    if t.len() != 4 || t.iter().any(|p| *p > 100) || t.windows(2).any(|w| w[1] >= w[0]) {
        problems.note(
            "metRateThresholds",
            "Give four met rates from 100% down to 0%, for ratings 5, 4, 3 and 2, each lower than the one before",
        );
    }
    let time_zone =
        problems.check(locale::time_zone(&input.time_zone).map(|tz| tz.name().to_owned()))?;
    let currency = problems.check(locale::currency(&input.currency))?;
    problems.done()?;
    Ok(PracticeSettings {
        name,
        address,
        paper_size: input.paper_size,
        rating_labels,
        due_soon_days: input.due_soon_days,
        licence_soon_days: input.licence_soon_days,
        service_weight_minimum: input.service_weight_minimum,
        lock_after_minutes: input.lock_after_minutes,
        backups_kept: input.backups_kept,
        set_up: true,
        date_format: input.date_format,
        clock: input.clock,
        time_zone,
        currency,
        met_rate_thresholds: input.met_rate_thresholds.clone(),
    })
}

/// Saves the settings (and marks the practice as set up). The owner's work.
pub fn update(db: &mut Db, actor: &Actor, input: &PracticeSettings) -> Result<PracticeSettings> {
    actor.require(Permission::ManagePractice)?;
    let s = validate(input)?;
    let labels = serde_json::to_string(&s.rating_labels)
        .map_err(|e| Error::invalid("ratingLabels", e.to_string()))?;
    let thresholds = serde_json::to_string(&s.met_rate_thresholds)
        .map_err(|e| Error::invalid("metRateThresholds", e.to_string()))?;
    db.write(|tx| {
        let before = get(tx)?;
        tx.execute(
            "UPDATE practice SET name = ?1, address = ?2, paper_size = ?3, rating_labels = ?4,
                    due_soon_days = ?5, service_weight_minimum = ?6, lock_after_minutes = ?7,
                    backups_kept = ?8, date_format = ?9, clock = ?10, time_zone = ?11, currency = ?12,
                    met_rate_thresholds = ?13, licence_soon_days = ?14, set_up = 1 WHERE id = 1",
            params![
                s.name,
                s.address,
                s.paper_size,
                labels,
                s.due_soon_days,
                s.service_weight_minimum,
                s.lock_after_minutes,
                s.backups_kept,
                s.date_format,
                s.clock,
                s.time_zone,
                s.currency,
                thresholds,
                s.licence_soon_days
            ],
        )?;
        let subject = Subject::of(Entity::Practice, 1, "Practice settings", &s.name);
        audit::updated(tx, actor, subject, &before, &s)
    })?;
    Ok(s)
}

/// The practice's logo as the window previews it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Logo {
    /// `image/png` or `image/jpeg`.
    pub media_type: String,
    pub data_base64: String,
    #[specta(type = specta_typescript::Number)]
    pub width: u32,
    #[specta(type = specta_typescript::Number)]
    pub height: u32,
}

/// A logo file the owner chose, as the window sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct LogoUpload {
    pub file_name: String,
    pub data_base64: String,
}

/// The stored logo file, if any, for printing.
pub(crate) fn logo_file(conn: &rusqlite::Connection) -> Result<Option<Vec<u8>>> {
    Ok(conn.query_row("SELECT logo FROM practice WHERE id = 1", [], |r| r.get(0))?)
}

/// The logo, for everyone signed in (it heads what they print).
pub fn logo(conn: &dyn Readable, actor: &Actor) -> Result<Option<Logo>> {
    actor.require(Permission::UsePractice)?;
    let Some(bytes) = logo_file(crate::storage::sql(conn))? else {
        return Ok(None);
    };
    let image = crate::documents::check_logo(&bytes)?;
    Ok(Some(Logo {
        media_type: if bytes.starts_with(b"\x89PNG") {
            "image/png"
        } else {
            "image/jpeg"
        }
        .to_owned(),
        data_base64: base64::engine::general_purpose::STANDARD.encode(&bytes),
        width: image.0,
        height: image.1,
    }))
}

/// Sets the logo printed in the header of every document, after checking it
/// is a PNG or JPEG that decodes (at the field `logo`); nothing is stored
/// otherwise.
pub fn set_logo(db: &mut Db, actor: &Actor, upload: &LogoUpload) -> Result<Option<Logo>> {
    actor.require(Permission::ManagePractice)?;
    let name = text::required("logo", "The logo's file name", &upload.file_name, 255)?;
    if upload.data_base64.len() > crate::documents::MAX_LOGO_BYTES / 3 * 4 + 8 {
        return Err(Error::invalid(
            "logo",
            "The logo may be at most 1024 KB: save it smaller",
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(upload.data_base64.trim())
        .map_err(|_| Error::invalid("logo", format!("The file \"{name}\" could not be read")))?;
    crate::documents::check_logo(&bytes)?;
    write_logo(db, actor, Some(&bytes), &name)?;
    logo(db, actor)
}

/// Removes the logo; the documents print without one.
pub fn remove_logo(db: &mut Db, actor: &Actor) -> Result<()> {
    actor.require(Permission::ManagePractice)?;
    write_logo(db, actor, None, "")
}

fn write_logo(db: &mut Db, actor: &Actor, bytes: Option<&[u8]>, name: &str) -> Result<()> {
    db.write(|tx| {
        let before = logo_file(tx)?.is_some();
        tx.execute("UPDATE practice SET logo = ?1 WHERE id = 1", [bytes])?;
        let s = get(tx)?;
        let subject = Subject::of(Entity::Practice, 1, "Practice settings", &s.name);
        let was = if before { "a logo" } else { "none" };
        let now = if bytes.is_some() { name } else { "none" };
        audit::record_about(
            tx,
            actor,
            subject,
            "updated",
            &[audit::Change::new("Logo", was, now)],
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> PracticeSettings {
        PracticeSettings {
            name: "Lakeside Dental".into(),
            address: "1 Lake Rd".into(),
            paper_size: PaperSize::Letter,
            rating_labels: ["Poor", "Fair", "Good", "Very good", "Excellent"]
                .map(String::from)
                .to_vec(),
            due_soon_days: 45,
            licence_soon_days: 60,
            service_weight_minimum: 25,
            lock_after_minutes: 5,
            backups_kept: 14,
            set_up: false,
            date_format: DateFormat::DayMonthYear,
            clock: Clock::H12,
            time_zone: "Europe/London".into(),
            currency: "GBP".into(),
            met_rate_thresholds: vec![95, 85, 70, 50],
        }
    }

    #[test]
    fn met_rate_thresholds_are_four_falling_percentages() {
        for bad in [
            vec![],
            vec![95, 85, 70],
            vec![95, 85, 85, 50],
            vec![101, 85, 70, 50],
            vec![50, 70, 85, 95],
        ] {
            let mut s = sample();
            s.met_rate_thresholds = bad;
            assert_eq!(validate(&s).unwrap_err().field(), Some("metRateThresholds"));
        }
        let mut s = sample();
        s.met_rate_thresholds = vec![100, 90, 1, 0];
        assert!(validate(&s).is_ok());
    }

    #[test]
    fn settings_need_five_distinct_labels_and_a_name() {
        assert!(validate(&sample()).unwrap().set_up);
        let mut s = sample();
        s.rating_labels.pop();
        assert_eq!(validate(&s).unwrap_err().field(), Some("ratingLabels"));
        let mut s = sample();
        s.rating_labels[4] = "poor".into();
        assert!(validate(&s).unwrap_err().to_string().contains("used twice"));
        let mut s = sample();
        s.name = " ".into();
        assert_eq!(validate(&s).unwrap_err().field(), Some("name"));
        let mut s = sample();
        s.due_soon_days = 400;
        assert_eq!(validate(&s).unwrap_err().field(), Some("dueSoonDays"));
        let mut s = sample();
        s.licence_soon_days = 366;
        assert_eq!(validate(&s).unwrap_err().field(), Some("licenceSoonDays"));
        let mut s = sample();
        s.service_weight_minimum = 101;
        assert_eq!(
            validate(&s).unwrap_err().field(),
            Some("serviceWeightMinimum")
        );
    }

    #[test]
    fn a_bad_time_zone_and_currency_are_named_together() {
        let mut s = sample();
        s.time_zone = "Europe/Atlantis".into();
        s.currency = "pounds".into();
        let e = validate(&s).unwrap_err();
        assert_eq!(e.field(), Some("timeZone"));
        let Error::Invalid { also, .. } = e else {
            panic!("{e:?}")
        };
        assert_eq!(
            also.iter().map(|p| p.field.as_str()).collect::<Vec<_>>(),
            ["currency"]
        );
    }
}
