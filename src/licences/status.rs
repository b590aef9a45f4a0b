//! Where each person stands with each licence: current, due soon, expired or
//! missing, and their continuing education in the licence's cycle. Computed
//! here and nowhere else.
//!
//! The rules, pinned by the table in the tests:
//! - only *checked* licences count; of a person's licences of one type the
//!   one that counts expires last (one with no expiry date never expires);
//! - a licence is valid on its expiry day and *expired* from the day after;
//!   it is *due soon* when it expires within the practice's licence window
//!   (inclusive); one that never expires is current;
//! - a type the person's role requires and they hold no checked licence of
//!   is *missing*; types they hold but their role does not require are shown
//!   with their state, never as missing;
//! - continuing education: the cycle of a licence expiring on day E, of a type
//!   asking for H hours every M months, runs from the day after E − M months
//!   to E, both included (E − M months as training's validity counts months:
//!   2027-02-28 − 12 months = 2026-02-28); every *approved* training the person
//!   completed in it counts, its hours towards H, those of courses in the
//!   type's category towards that minimum too;
//! - people who have left have no requirements and no states.

use std::collections::HashMap;

use chrono::{Days, Months, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use specta::Type;

use super::types::{all_types, CeRule, LicenceType};
use crate::access::{Actor, Permission};
use crate::courses::CourseCategory;
use crate::error::Result;
use crate::ids::{text_enum, LicenceId, LicenceTypeId, StaffId};
use crate::locale::Written;
use crate::staff::StaffRef;
use crate::storage::Readable;

text_enum! {
    pub enum LicenceState { Current = "current", DueSoon = "due_soon", Expired = "expired", Missing = "missing" }
}

/// One person's standing with one licence type.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LicenceStatus {
    pub staff: StaffRef,
    pub type_id: LicenceTypeId,
    pub type_name: String,
    /// Whether the person's role requires it.
    pub required: bool,
    /// The licence that counts; `None` when missing.
    pub licence_id: Option<LicenceId>,
    pub number: String,
    pub expires_on: Option<NaiveDate>,
    pub state: LicenceState,
    /// Days from today to the expiry date; negative once expired.
    pub days_left: Option<i32>,
    /// How many licences of this type they recorded that wait for the office.
    pub unchecked: u32,
    /// Continuing education in the licence's cycle, when the type requires it.
    pub ce: Option<CeProgress>,
}

/// A person's continuing education in one licence's cycle: "18 of 25 hours,
/// 2 of 4 in infection control, cycle ends 31 Mar 2027".
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CeProgress {
    pub cycle_start: NaiveDate,
    pub cycle_end: NaiveDate,
    #[specta(type = specta_typescript::Number)]
    pub hours: f64,
    #[specta(type = specta_typescript::Number)]
    pub hours_required: f64,
    pub category: Option<CourseCategory>,
    #[specta(type = specta_typescript::Number)]
    pub category_hours: f64,
    #[specta(type = Option<specta_typescript::Number>)]
    pub category_required: Option<f64>,
    /// Every hour the cycle asks for is done, the category's too.
    pub met: bool,
    /// The hours still to do (see [`CeProgress::hours_short`]).
    #[specta(type = specta_typescript::Number)]
    pub short: f64,
}

impl CeProgress {
    /// The hours still to do in the cycle (the larger of what the total and
    /// the category's minimum still ask).
    pub fn hours_short(&self) -> f64 {
        let total = (self.hours_required - self.hours).max(0.0);
        let category = self
            .category_required
            .map_or(0.0, |r| (r - self.category_hours).max(0.0));
        total.max(category)
    }

    /// The progress in words, dates written the practice's way.
    pub fn in_words(&self, written: &Written) -> String {
        let mut s = format!(
            "{} of {} hours",
            hours(self.hours),
            hours(self.hours_required)
        );
        if let (Some(category), Some(required)) = (self.category, self.category_required) {
            s.push_str(&format!(
                ", {} of {} in {}",
                hours(self.category_hours),
                hours(required),
                category.label().to_lowercase()
            ));
        }
        s.push_str(&format!(", cycle ends {}", written.date(self.cycle_end)));
        s
    }
}

/// Hours as people write them: 18, 2.5.
pub fn hours(h: f64) -> String {
    let rounded = (h * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// The rule itself: the state of a licence expiring on `expires`, and the
/// days left.
pub fn licence_state(
    expires: Option<NaiveDate>,
    today: NaiveDate,
    soon_days: u32,
) -> (LicenceState, Option<i32>) {
    let Some(expires) = expires else {
        return (LicenceState::Current, None);
    };
    let days = (expires - today).num_days();
    let state = if days < 0 {
        LicenceState::Expired
    } else if days <= i64::from(soon_days) {
        LicenceState::DueSoon
    } else {
        LicenceState::Current
    };
    (
        state,
        Some(days.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32),
    )
}

/// The continuing-education cycle ending on `end`: its first and last days.
pub fn ce_cycle(end: NaiveDate, cycle_months: u32) -> (NaiveDate, NaiveDate) {
    let start = end
        .checked_sub_months(Months::new(cycle_months))
        .and_then(|d| d.checked_add_days(Days::new(1)))
        .unwrap_or(NaiveDate::MIN);
    (start, end)
}

/// Statuses for one person (`Some(id)`; a staff member may ask for their
/// own) or for everyone who has not left (`None`), by person, worst first.
pub fn statuses(
    conn: &dyn Readable,
    actor: &Actor,
    person: Option<StaffId>,
    today: NaiveDate,
) -> Result<Vec<LicenceStatus>> {
    match person {
        Some(p) => actor.require_self_or(p, Permission::ViewStaff)?,
        None => actor.require(Permission::ViewStaff)?,
    }
    licence_statuses(crate::storage::sql(conn), person, today)
}

/// The checked licence that counts, per (person, type), with how many wait.
struct Held {
    licence_id: Option<LicenceId>,
    number: String,
    expires_on: Option<NaiveDate>,
    unchecked: u32,
}

/// [`statuses`], for the core's own use: a few statements whatever the
/// number of people, and one index seek per licence with continuing education.
pub(crate) fn licence_statuses(
    conn: &Connection,
    person: Option<StaffId>,
    today: NaiveDate,
) -> Result<Vec<LicenceStatus>> {
    let soon: u32 = conn.query_row(
        "SELECT licence_soon_days FROM practice WHERE id = 1",
        [],
        |r| r.get(0),
    )?;
    let types: HashMap<LicenceTypeId, LicenceType> =
        all_types(conn)?.into_iter().map(|t| (t.id, t)).collect();
    let one = |sql: &str| match person {
        Some(_) => format!("{sql} AND s.id = ?1"),
        None => sql.to_owned(),
    };
    let mut stmt =
        conn.prepare_cached(&one("SELECT s.id, s.name, rl.licence_type_id FROM staff s
           JOIN role_licences rl ON rl.role_id = s.role_id
          WHERE s.status != 'left'"))?;
    let row = |r: &rusqlite::Row<'_>| {
        Ok((
            r.get::<_, StaffId>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, LicenceTypeId>(2)?,
        ))
    };
    let mut names: HashMap<StaffId, String> = HashMap::new();
    let mut required: Vec<(StaffId, LicenceTypeId)> = Vec::new();
    let rows = match person {
        Some(id) => stmt.query_map([id], row)?,
        None => stmt.query_map([], row)?,
    };
    for r in rows {
        let (staff, name, kind) = r?;
        names.entry(staff).or_insert(name);
        required.push((staff, kind));
    }
    // Every licence of people who have not left, the one that counts first
    // within each (person, type): checked, then the latest expiry (none:
    // never expires), then the latest recorded.
    let mut stmt = conn.prepare_cached(&one(
        "SELECT l.staff_id, l.type_id, l.id, l.number, l.expires_on, l.checked, s.name FROM licences l
           JOIN staff s ON s.id = l.staff_id
          WHERE s.status != 'left'",
    ))?;
    let row = |r: &rusqlite::Row<'_>| {
        Ok((
            r.get::<_, StaffId>(0)?,
            r.get::<_, LicenceTypeId>(1)?,
            r.get::<_, LicenceId>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<NaiveDate>>(4)?,
            r.get::<_, bool>(5)?,
            r.get::<_, String>(6)?,
        ))
    };
    let rows: Vec<_> = match person {
        Some(id) => stmt.query_map([id], row)?,
        None => stmt.query_map([], row)?,
    }
    .collect::<rusqlite::Result<_>>()?;
    let mut held: HashMap<(StaffId, LicenceTypeId), Held> = HashMap::new();
    for (staff, kind, id, number, expires, checked, name) in rows {
        names.entry(staff).or_insert(name);
        let h = held.entry((staff, kind)).or_insert(Held {
            licence_id: None,
            number: String::new(),
            expires_on: None,
            unchecked: 0,
        });
        if !checked {
            h.unchecked += 1;
            continue;
        }
        // Later expiry wins; no expiry beats any; on a tie the later id.
        let better = match h.licence_id {
            None => true,
            Some(prev) => match (expires, h.expires_on) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (a, b) if a == b => id.0 > prev.0,
                (a, b) => a > b,
            },
        };
        if better {
            h.licence_id = Some(id);
            h.number = number;
            h.expires_on = expires;
        }
    }
    let required_set: std::collections::HashSet<(StaffId, LicenceTypeId)> =
        required.iter().copied().collect();
    let mut keys: Vec<(StaffId, LicenceTypeId, bool)> =
        required.iter().map(|&(s, t)| (s, t, true)).collect();
    for &(s, t) in held.keys() {
        if !required_set.contains(&(s, t)) {
            keys.push((s, t, false));
        }
    }
    let mut hours = conn.prepare_cached(
        "SELECT COALESCE(SUM(t.hours), 0), COALESCE(SUM(CASE WHEN c.category = ?4 THEN t.hours END), 0)
           FROM training_records t JOIN courses c ON c.id = t.course_id
          WHERE t.staff_id = ?1 AND t.status = 'approved' AND t.completed_on BETWEEN ?2 AND ?3",
    )?;
    let mut out = Vec::with_capacity(keys.len());
    for (staff_id, type_id, is_required) in keys {
        let Some(kind) = types.get(&type_id) else {
            continue;
        };
        let h = held.get(&(staff_id, type_id));
        let licence_id = h.and_then(|h| h.licence_id);
        let expires_on = h.and_then(|h| h.expires_on);
        let (state, days_left) = match licence_id {
            None => (LicenceState::Missing, None),
            Some(_) => licence_state(expires_on, today, soon),
        };
        if licence_id.is_none() && !is_required {
            // Only unchecked licences of a type nobody requires: nothing to say yet.
            continue;
        }
        let ce = match (&kind.ce, licence_id, expires_on) {
            (Some(rule), Some(_), Some(end)) => {
                let (start, end) = ce_cycle(end, rule.cycle_months);
                let (done, in_category): (f64, f64) = hours.query_row(
                    rusqlite::params![staff_id, start, end, rule.category],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                Some(progress(rule, start, end, done, in_category))
            }
            _ => None,
        };
        out.push(LicenceStatus {
            staff: StaffRef {
                id: staff_id,
                name: names.get(&staff_id).cloned().unwrap_or_default(),
            },
            type_id,
            type_name: kind.name.clone(),
            required: is_required,
            licence_id,
            number: h.map(|h| h.number.clone()).unwrap_or_default(),
            expires_on,
            state,
            days_left,
            unchecked: h.map_or(0, |h| h.unchecked),
            ce,
        });
    }
    out.sort_by(|a, b| {
        a.staff
            .id
            .cmp(&b.staff.id)
            .then(severity(a.state).cmp(&severity(b.state)))
            .then_with(|| a.type_name.cmp(&b.type_name))
    });
    Ok(out)
}

fn progress(
    rule: &CeRule,
    start: NaiveDate,
    end: NaiveDate,
    done: f64,
    in_category: f64,
) -> CeProgress {
    // Hours are summed as REAL: compare at a tenth of an hour, as they are typed.
    let reached = |have: f64, need: f64| (have * 10.0).round() >= (need * 10.0).round();
    let met = reached(done, rule.hours)
        && rule
            .category_hours
            .is_none_or(|need| reached(in_category, need));
    let mut p = CeProgress {
        cycle_start: start,
        cycle_end: end,
        hours: done,
        hours_required: rule.hours,
        category: rule.category,
        category_hours: if rule.category.is_some() {
            in_category
        } else {
            0.0
        },
        category_required: rule.category_hours,
        met,
        short: 0.0,
    };
    p.short = if met { 0.0 } else { p.hours_short() };
    p
}

fn severity(s: LicenceState) -> u8 {
    match s {
        LicenceState::Expired => 0,
        LicenceState::Missing => 1,
        LicenceState::DueSoon => 2,
        LicenceState::Current => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_state_of_a_licence_at_its_edges() {
        let today = d("2026-11-29");
        let table: &[(Option<&str>, u32, LicenceState, Option<i32>)] = &[
            (None, 60, LicenceState::Current, None),
            (Some("2027-06-01"), 60, LicenceState::Current, Some(184)),
            // The window's last day is due soon; the day after it is not.
            (Some("2027-01-28"), 60, LicenceState::DueSoon, Some(60)),
            (Some("2027-01-29"), 60, LicenceState::Current, Some(61)),
            // Valid on its expiry day, expired the day after.
            (Some("2026-11-29"), 60, LicenceState::DueSoon, Some(0)),
            (Some("2026-11-28"), 60, LicenceState::Expired, Some(-1)),
            // A window of 0 days: due soon only on the day itself.
            (Some("2026-11-29"), 0, LicenceState::DueSoon, Some(0)),
            (Some("2026-11-30"), 0, LicenceState::Current, Some(1)),
        ];
        for &(expires, soon, state, days) in table {
            assert_eq!(
                licence_state(expires.map(d), today, soon),
                (state, days),
                "{expires:?} with {soon} days"
            );
        }
    }

    #[test]
    fn a_cycle_ends_on_the_expiry_day_and_starts_the_day_after_m_months_before() {
        assert_eq!(
            ce_cycle(d("2027-03-31"), 24),
            (d("2025-04-01"), d("2027-03-31"))
        );
        // No 29 February in 2026: the month's last day, as training validity counts.
        assert_eq!(
            ce_cycle(d("2027-02-28"), 12),
            (d("2026-03-01"), d("2027-02-28"))
        );
        assert_eq!(
            ce_cycle(d("2028-02-29"), 12),
            (d("2027-03-01"), d("2028-02-29"))
        );
        assert_eq!(
            ce_cycle(d("2027-01-31"), 1),
            (d("2027-01-01"), d("2027-01-31"))
        );
    }

    #[test]
    fn progress_is_met_only_when_the_category_is_met_too() {
        let rule = CeRule {
            hours: 25.0,
            cycle_months: 24,
            category: Some(CourseCategory::InfectionControl),
            category_hours: Some(4.0),
        };
        let (s, e) = ce_cycle(d("2027-03-31"), 24);
        let p = progress(&rule, s, e, 18.0, 2.0);
        assert!(!p.met);
        assert_eq!(p.hours_short(), 7.0);
        assert!(!progress(&rule, s, e, 25.0, 3.5).met);
        assert_eq!(progress(&rule, s, e, 25.0, 3.5).hours_short(), 0.5);
        // 0.1 summed ten times is 0.9999…: a tenth of an hour is the unit.
        assert!(progress(&rule, s, e, 24.999_999, 4.0).met);
        let written = Written::new(
            crate::locale::DateFormat::DayMonthYear,
            crate::locale::Clock::H24,
            "UTC",
            "USD",
        );
        assert_eq!(
            progress(&rule, s, e, 18.0, 2.0).in_words(&written),
            format!(
                "18 of 25 hours, 2 of 4 in infection control, cycle ends {}",
                written.date(e)
            )
        );
        let plain = CeRule {
            category: None,
            category_hours: None,
            ..rule
        };
        assert_eq!(
            progress(&plain, s, e, 30.5, 0.0)
                .in_words(&written)
                .split(',')
                .next(),
            Some("30.5 of 25 hours")
        );
        assert!(progress(&plain, s, e, 30.5, 0.0).met);
    }
}
