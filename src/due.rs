//! Due status: for each person and each course their role requires, whether their
//! training is current, due soon, overdue or never done. Computed here and nowhere
//! else.
//!
//! The rules, pinned by the table in the tests:
//! - only *approved* completions count, and only the latest one;
//! - a completion on day D of a course valid for N months expires on D + N months
//!   (the same day-of-month, or the month's last day when there is no such day:
//!   2024-02-29 + 12 months = 2025-02-28); on the expiry day it is still valid;
//! - it is *due soon* when it expires within the practice's "due soon" days
//!   (inclusive), *overdue* from the day after it expires;
//! - a course that never expires is current once done;
//! - requirements follow the person's current role; completions made under an
//!   earlier role still count; the course's current validity applies;
//! - people on leave keep their requirements; people who have left have none.

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use serde::Serialize;
use specta::Type;

use crate::access::{Actor, Permission};
use crate::error::Result;
use crate::ids::{text_enum, CourseId, StaffId};
use crate::storage::Readable;

text_enum! {
    pub enum DueState { Current = "current", DueSoon = "due_soon", Overdue = "overdue", NeverDone = "never_done" }
}

/// One required course for one person.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DueItem {
    pub staff_id: StaffId,
    pub course_id: CourseId,
    pub course_title: String,
    pub last_completed: Option<NaiveDate>,
    /// `None` when never done or when the course never expires.
    pub expires_on: Option<NaiveDate>,
    pub state: DueState,
    /// Days from today to the expiry date; negative once overdue.
    pub days_left: Option<i32>,
}

/// How many of a person's required courses are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DueCounts {
    pub current: u32,
    pub due_soon: u32,
    pub overdue: u32,
    pub never_done: u32,
}

impl DueCounts {
    pub fn add(&mut self, state: DueState) {
        match state {
            DueState::Current => self.current += 1,
            DueState::DueSoon => self.due_soon += 1,
            DueState::Overdue => self.overdue += 1,
            DueState::NeverDone => self.never_done += 1,
        }
    }
}

/// The rule itself: the state and expiry date of a course last completed on `last`.
pub fn due_state(
    last: Option<NaiveDate>,
    validity_months: Option<u32>,
    today: NaiveDate,
    due_soon_days: u32,
) -> (DueState, Option<NaiveDate>) {
    let Some(done) = last else {
        return (DueState::NeverDone, None);
    };
    let Some(months) = validity_months else {
        return (DueState::Current, None);
    };
    let Some(expires) = done.checked_add_months(Months::new(months)) else {
        return (DueState::Current, None);
    };
    let state = if today > expires {
        DueState::Overdue
    } else if (expires - today).num_days() <= i64::from(due_soon_days) {
        DueState::DueSoon
    } else {
        DueState::Current
    };
    (state, Some(expires))
}

/// Every (person who has not left, required course) with the latest approved
/// completion.
const DUE_ROWS: &str = "SELECT s.id, rc.course_id,
        (SELECT t.completed_on FROM training_records t
          WHERE t.staff_id = s.id AND t.course_id = rc.course_id AND t.status = 'approved'
          ORDER BY t.completed_on DESC LIMIT 1)
   FROM staff s
   JOIN role_courses rc ON rc.role_id = s.role_id
  WHERE s.status != 'left'";

/// Due items for one person (`Some(id)`; a staff member may ask for their own)
/// or for everyone who has not left (`None`), ordered by person, then worst
/// state first, then course title.
pub fn items(
    conn: &dyn Readable,
    actor: &Actor,
    person: Option<StaffId>,
    today: NaiveDate,
) -> Result<Vec<DueItem>> {
    match person {
        Some(p) => actor.require_self_or(p, Permission::ViewStaff)?,
        None => actor.require(Permission::ViewStaff)?,
    }
    due_items(conn, person, today)
}

/// [`items`], for the core's own use.
pub(crate) fn due_items(
    conn: &dyn Readable,
    person: Option<StaffId>,
    today: NaiveDate,
) -> Result<Vec<DueItem>> {
    let conn = crate::storage::sql(conn);
    let soon: u32 = conn.query_row("SELECT due_soon_days FROM practice WHERE id = 1", [], |r| {
        r.get(0)
    })?;
    let mut stmt = conn.prepare_cached("SELECT id, title, validity_months FROM courses")?;
    let courses: HashMap<CourseId, (String, Option<u32>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    // One index seek per (person, required course) for the latest approved
    // completion; joining the course table here makes SQLite pick a slower plan.
    // One person's items are a separate statement: with `?1 IS NULL OR s.id =
    // ?1` SQLite scans every person, which made the annual batch quadratic.
    let sql = match person {
        Some(_) => format!("{DUE_ROWS} AND s.id = ?1"),
        None => DUE_ROWS.to_owned(),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let row = |r: &rusqlite::Row<'_>| {
        Ok((
            r.get::<_, StaffId>(0)?,
            r.get::<_, CourseId>(1)?,
            r.get::<_, Option<NaiveDate>>(2)?,
        ))
    };
    let rows = match person {
        Some(id) => stmt.query_map([id], row)?,
        None => stmt.query_map([], row)?,
    }
    .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut items = Vec::with_capacity(rows.len());
    for (staff_id, course_id, last) in rows {
        let Some((title, validity)) = courses.get(&course_id) else {
            continue;
        };
        let (state, expires_on) = due_state(last, *validity, today, soon);
        items.push(DueItem {
            staff_id,
            course_id,
            course_title: title.clone(),
            last_completed: last,
            expires_on,
            state,
            days_left: expires_on.map(|e| {
                (e - today)
                    .num_days()
                    .clamp(i32::MIN as i64, i32::MAX as i64) as i32
            }),
        });
    }
    items.sort_by(|a, b| {
        a.staff_id
            .cmp(&b.staff_id)
            .then(severity(a.state).cmp(&severity(b.state)))
            .then_with(|| a.course_title.cmp(&b.course_title))
    });
    Ok(items)
}

fn severity(s: DueState) -> u8 {
    match s {
        DueState::Overdue => 0,
        DueState::NeverDone => 1,
        DueState::DueSoon => 2,
        DueState::Current => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn due_state_edge_cases() {
        use DueState::*;
        // (last completed, validity months, today, due-soon days, expected state, expected expiry)
        let table: &[(Option<&str>, Option<u32>, &str, u32, DueState, Option<&str>)] = &[
            (None, Some(12), "2026-11-23", 30, NeverDone, None),
            (None, None, "2026-11-23", 30, NeverDone, None),
            (Some("2020-01-01"), None, "2026-11-23", 30, Current, None),
            // expires today: still valid, and due soon
            (
                Some("2025-11-23"),
                Some(12),
                "2026-11-23",
                30,
                DueSoon,
                Some("2026-11-23"),
            ),
            // expired yesterday
            (
                Some("2025-11-22"),
                Some(12),
                "2026-11-23",
                30,
                Overdue,
                Some("2026-11-22"),
            ),
            // exactly at the due-soon horizon, and one day past it
            (
                Some("2025-12-23"),
                Some(12),
                "2026-11-23",
                30,
                DueSoon,
                Some("2026-12-23"),
            ),
            (
                Some("2025-12-24"),
                Some(12),
                "2026-11-23",
                30,
                Current,
                Some("2026-12-24"),
            ),
            // due-soon window of 0 days: only the expiry day itself
            (
                Some("2025-11-23"),
                Some(12),
                "2026-11-23",
                0,
                DueSoon,
                Some("2026-11-23"),
            ),
            (
                Some("2025-11-24"),
                Some(12),
                "2026-11-23",
                0,
                Current,
                Some("2026-11-24"),
            ),
            // leap day: Feb 29 + 12 months is Feb 28; + 48 months is Feb 29 again
            (
                Some("2024-02-29"),
                Some(12),
                "2025-02-28",
                0,
                DueSoon,
                Some("2025-02-28"),
            ),
            (
                Some("2024-02-29"),
                Some(12),
                "2025-03-01",
                0,
                Overdue,
                Some("2025-02-28"),
            ),
            (
                Some("2024-02-29"),
                Some(48),
                "2028-02-29",
                0,
                DueSoon,
                Some("2028-02-29"),
            ),
            // end of month: Jan 31 + 1 month is Feb 28/29
            (
                Some("2026-01-31"),
                Some(1),
                "2026-02-28",
                0,
                DueSoon,
                Some("2026-02-28"),
            ),
            (
                Some("2024-01-31"),
                Some(1),
                "2024-02-29",
                0,
                DueSoon,
                Some("2024-02-29"),
            ),
            // a longer validity turns an overdue completion current again
            (
                Some("2025-06-01"),
                Some(6),
                "2026-11-23",
                30,
                Overdue,
                Some("2025-12-01"),
            ),
            (
                Some("2025-06-01"),
                Some(24),
                "2026-11-23",
                30,
                Current,
                Some("2027-06-01"),
            ),
        ];
        for (last, months, today, soon, state, expires) in table {
            let got = due_state(last.map(d), *months, d(today), *soon);
            assert_eq!(
                got,
                (*state, expires.map(d)),
                "last={last:?} months={months:?} today={today} soon={soon}"
            );
        }
    }
}
