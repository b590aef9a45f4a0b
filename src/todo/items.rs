//! Each kind's items, read from the records in a few statements whatever the
//! number of people (the training and licence rules are `due`'s and
//! `licences`'s own).
//!
//! When an item appears: training and licences by their "due soon" windows;
//! continuing education when the cycle ends within its days and hours are
//! still to do; a draft annual review of this year when its period ends
//! within its days (and anyone active without one, once the round has
//! started); a 90-day review from its days before the 90th day after hire,
//! until recorded or 180 days late; a mid-year review from its days before
//! 30 June until the year ends; a check-in from its days before the next date
//! the last one set; colleagues' feedback while it closes within its days and
//! someone has not answered. What waits for the office, acknowledgments and
//! suggestions have no date.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{params, Connection};

use super::{Place, Reminder, TodoItem};
use crate::due::{self, DueState};
use crate::error::Result;
use crate::ids::{EvaluationId, RequestId, StaffId};
use crate::licences::{self, hours, LicenceState, LicenceStatus};
use crate::staff::StaffRef;
use crate::standards;

/// How long after its day a 90-day review stays on the list.
const NINETY_DAY_GRACE: u64 = 180;

type Enabled = HashMap<Reminder, u32>;

struct Window {
    today: NaiveDate,
    enabled: Enabled,
}

impl Window {
    fn on(&self, r: Reminder) -> bool {
        self.enabled.contains_key(&r)
    }

    /// The last day an item of kind `r` due then is shown on.
    fn horizon(&self, r: Reminder) -> NaiveDate {
        let days = self.enabled.get(&r).copied().unwrap_or(0);
        self.today
            .checked_add_days(Days::new(u64::from(days)))
            .unwrap_or(self.today)
    }
}

fn item(
    reminder: Reminder,
    what: String,
    who: Option<StaffRef>,
    due_on: Option<NaiveDate>,
    overdue: bool,
    opens: Place,
    key: String,
) -> TodoItem {
    TodoItem {
        reminder,
        what,
        who,
        due_on,
        overdue,
        opens,
        key,
    }
}

/// The practice's list. `reviewer`: the acting owner's or manager's own staff
/// record, whose reviews are someone else's to write.
pub(super) fn practice(
    conn: &Connection,
    today: NaiveDate,
    enabled: &Enabled,
    reviewer: Option<StaffId>,
) -> Result<Vec<TodoItem>> {
    let w = Window {
        today,
        enabled: enabled.clone(),
    };
    let names = names(conn)?;
    let mut out = Vec::new();
    training(conn, &w, &names, None, &mut out)?;
    licence_items(conn, &w, None, &mut out)?;
    reviews(conn, &w, &names, reviewer, &mut out)?;
    check_ins(conn, &w, &names, &mut out)?;
    if w.on(Reminder::Feedback) {
        let horizon = w.horizon(Reminder::Feedback);
        let rows = crate::storage::all(
            conn,
            "SELECT r.id, r.staff_id, r.closes_on,
                    COUNT(f.id), COUNT(f.answered_on)
               FROM feedback_requests r JOIN feedback_responses f ON f.request_id = r.id
              WHERE r.closes_on BETWEEN ?1 AND ?2
              GROUP BY r.id HAVING COUNT(f.answered_on) < COUNT(f.id)",
            params![today, horizon],
            |r| {
                Ok((
                    r.get::<_, RequestId>(0)?,
                    r.get::<_, StaffId>(1)?,
                    r.get::<_, NaiveDate>(2)?,
                    r.get::<_, u32>(3)?,
                    r.get::<_, u32>(4)?,
                ))
            },
        )?;
        for (id, about, closes, asked, answered) in rows {
            out.push(item(
                Reminder::Feedback,
                format!("Colleagues' feedback closes: {answered} of {asked} answered"),
                names.get(&about).cloned(),
                Some(closes),
                false,
                Place::FeedbackRequest { request_id: id },
                format!("feedback:{id}"),
            ));
        }
    }
    if w.on(Reminder::Approvals) {
        let (training, licences): (u32, u32) = conn.query_row(
            "SELECT (SELECT COUNT(*) FROM training_records WHERE status = 'pending'),
                    (SELECT COUNT(*) FROM licences WHERE checked = 0)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        for (n, one, many, logged, waits_for, key) in [
            (
                training,
                "training record",
                "training records",
                "logged",
                "for approval",
                "training",
            ),
            (
                licences,
                "licence",
                "licences",
                "recorded",
                "to be checked",
                "licences",
            ),
        ] {
            if n == 0 {
                continue;
            }
            out.push(item(
                Reminder::Approvals,
                format!(
                    "{} {logged} at the kiosk {} {waits_for}",
                    crate::text::count(n as usize, one, many),
                    if n == 1 { "waits" } else { "wait" }
                ),
                None,
                None,
                false,
                Place::Pending,
                format!("approvals:{key}"),
            ));
        }
    }
    if w.on(Reminder::Acknowledgments) {
        for s in standards::list_all(conn, today)?
            .into_iter()
            .filter(|s| s.in_force && s.acknowledged_count < s.bound_count)
        {
            let missing = s.bound_count - s.acknowledged_count;
            out.push(item(
                Reminder::Acknowledgments,
                format!(
                    "{} not acknowledged “{}” (version {})",
                    if missing == 1 {
                        "1 person has".to_owned()
                    } else {
                        format!("{missing} people have")
                    },
                    s.current.statement,
                    s.current.version
                ),
                None,
                None,
                false,
                Place::Standard { standard_id: s.id },
                format!("ack:{}", s.current.id),
            ));
        }
    }
    if w.on(Reminder::Suggestions) {
        let waiting: u32 = conn.query_row(
            "SELECT COUNT(*) FROM suggestions WHERE decision IS NULL",
            [],
            |r| r.get(0),
        )?;
        if waiting > 0 {
            out.push(item(
                Reminder::Suggestions,
                format!(
                    "{} {} for a decision",
                    crate::text::count(waiting as usize, "suggestion", "suggestions"),
                    if waiting == 1 { "waits" } else { "wait" }
                ),
                None,
                None,
                false,
                Place::Suggestions,
                "suggestions".into(),
            ));
        }
    }
    Ok(out)
}

/// One person's own list, for the kiosk.
pub(super) fn of_person(
    conn: &Connection,
    me: StaffId,
    today: NaiveDate,
    enabled: &Enabled,
) -> Result<Vec<TodoItem>> {
    let w = Window {
        today,
        enabled: enabled.clone(),
    };
    let names = names(conn)?;
    let mut out = Vec::new();
    training(conn, &w, &names, Some(me), &mut out)?;
    licence_items(conn, &w, Some(me), &mut out)?;
    for i in &mut out {
        i.opens = Place::Kiosk;
    }
    if w.on(Reminder::Acknowledgments) {
        for s in standards::of_person(conn, me, today)?
            .into_iter()
            .filter(|s| s.acknowledged_on.is_none())
        {
            out.push(item(
                Reminder::Acknowledgments,
                format!("Read and acknowledge “{}”", s.version.statement),
                None,
                None,
                false,
                Place::Kiosk,
                format!("ack:{}:{me}", s.version.id),
            ));
        }
    }
    if w.on(Reminder::Feedback) {
        let rows = crate::storage::all(
            conn,
            "SELECT r.id, r.staff_id, r.closes_on FROM feedback_responses f
               JOIN feedback_requests r ON r.id = f.request_id
              WHERE f.staff_id = ?1 AND f.answered_on IS NULL AND r.closes_on >= ?2
              ORDER BY r.closes_on, r.id",
            params![me, today],
            |r| {
                Ok((
                    r.get::<_, RequestId>(0)?,
                    r.get::<_, StaffId>(1)?,
                    r.get::<_, NaiveDate>(2)?,
                ))
            },
        )?;
        for (id, about, closes) in rows {
            out.push(item(
                Reminder::Feedback,
                "Give your feedback on a colleague's service".to_owned(),
                names.get(&about).cloned(),
                Some(closes),
                false,
                Place::Kiosk,
                format!("feedback:{id}:{me}"),
            ));
        }
    }
    // Their reviews: a draft to rate themselves on, a finalized one to read
    // and acknowledge. Each kind of review is its own reminder.
    let reviews = crate::storage::all(
        conn,
        "SELECT id, kind, year, status, period_end, self_review_on FROM evaluations
          WHERE staff_id = ?1 AND status IN ('draft', 'finalized') ORDER BY period_end, id",
        [me],
        |r| {
            Ok((
                r.get::<_, EvaluationId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i32>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, NaiveDate>(4)?,
                r.get::<_, Option<NaiveDate>>(5)?,
            ))
        },
    )?;
    for (id, kind, year, status, period_end, handed_in) in reviews {
        let reminder = reminder_of(&kind);
        if !w.on(reminder) {
            continue;
        }
        let (what, key) = if status == "finalized" {
            (
                format!("Read and acknowledge your {} {year}", review_words(&kind)),
                format!("acknowledge:{id}"),
            )
        } else if handed_in.is_none() {
            if period_end > w.horizon(reminder) {
                continue;
            }
            (
                format!("Rate yourself for your {} {year}", review_words(&kind)),
                format!("self:{id}"),
            )
        } else {
            continue;
        };
        out.push(item(
            reminder,
            what,
            None,
            Some(period_end),
            false,
            Place::Kiosk,
            key,
        ));
    }
    if w.on(Reminder::CheckIn) {
        let next: Option<NaiveDate> = conn
            .query_row(
                "SELECT next_on FROM check_ins WHERE staff_id = ?1 ORDER BY held_on DESC, id DESC LIMIT 1",
                [me],
                |r| r.get(0),
            )
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        if let Some(on) = next.filter(|on| *on <= w.horizon(Reminder::CheckIn)) {
            out.push(item(
                Reminder::CheckIn,
                "Your next check-in with your manager".to_owned(),
                None,
                Some(on),
                on < today,
                Place::Kiosk,
                format!("checkin:{me}:{on}"),
            ));
        }
    }
    Ok(out)
}

fn reminder_of(kind: &str) -> Reminder {
    match kind {
        "ninety_day" => Reminder::NinetyDayReview,
        "mid_year" => Reminder::MidYearReview,
        _ => Reminder::AnnualReview,
    }
}

fn review_words(kind: &str) -> &'static str {
    match kind {
        "ninety_day" => "90-day review",
        "mid_year" => "mid-year review",
        _ => "annual review",
    }
}

/// Everyone's name, once.
fn names(conn: &Connection) -> Result<HashMap<StaffId, StaffRef>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM staff")?;
    let rows = stmt.query_map([], |r| StaffRef::from_columns(r, 0))?;
    let mut names = HashMap::new();
    for r in rows {
        let r = r?;
        names.insert(r.id, r);
    }
    Ok(names)
}

fn training(
    conn: &Connection,
    w: &Window,
    names: &HashMap<StaffId, StaffRef>,
    person: Option<StaffId>,
    out: &mut Vec<TodoItem>,
) -> Result<()> {
    if !w.on(Reminder::Training) {
        return Ok(());
    }
    for d in due::due_items(conn, person, w.today)? {
        let (what, overdue) = match d.state {
            DueState::Current => continue,
            DueState::DueSoon => (format!("{} is due for renewal", d.course_title), false),
            DueState::Overdue => (format!("{} has expired", d.course_title), true),
            DueState::NeverDone => (format!("{} has never been done", d.course_title), true),
        };
        out.push(item(
            Reminder::Training,
            what,
            names.get(&d.staff_id).cloned(),
            d.expires_on,
            overdue,
            Place::Staff {
                staff_id: d.staff_id,
            },
            format!(
                "training:{}:{}:{}",
                d.staff_id,
                d.course_id,
                d.expires_on.map(|e| e.to_string()).unwrap_or_default()
            ),
        ));
    }
    Ok(())
}

fn licence_items(
    conn: &Connection,
    w: &Window,
    person: Option<StaffId>,
    out: &mut Vec<TodoItem>,
) -> Result<()> {
    let (licences_on, ce_on) = (
        w.on(Reminder::Licences),
        w.on(Reminder::ContinuingEducation),
    );
    if !licences_on && !ce_on {
        return Ok(());
    }
    let ce_horizon = w.horizon(Reminder::ContinuingEducation);
    for s in licences::licence_statuses(conn, person, w.today)? {
        if licences_on {
            if let Some(i) = licence_item(&s) {
                out.push(i);
            }
        }
        let Some(ce) =
            s.ce.as_ref()
                .filter(|c| !c.met && c.cycle_end <= ce_horizon)
        else {
            continue;
        };
        if !ce_on {
            continue;
        }
        out.push(item(
            Reminder::ContinuingEducation,
            format!(
                "{}: {} hours of continuing education still to do",
                s.type_name,
                hours(ce.hours_short())
            ),
            Some(s.staff.clone()),
            Some(ce.cycle_end),
            ce.cycle_end < w.today,
            Place::Staff {
                staff_id: s.staff.id,
            },
            format!("ce:{}:{}:{}", s.staff.id, s.type_id, ce.cycle_end),
        ));
    }
    Ok(())
}

fn licence_item(s: &LicenceStatus) -> Option<TodoItem> {
    let waiting = if s.unchecked > 0 {
        " (one waits to be checked)"
    } else {
        ""
    };
    let (what, overdue) = match s.state {
        LicenceState::Current => return None,
        LicenceState::DueSoon => (
            format!("{} is due for renewal{waiting}", s.type_name),
            false,
        ),
        LicenceState::Expired => (format!("{} has expired{waiting}", s.type_name), true),
        LicenceState::Missing => (format!("{} is missing{waiting}", s.type_name), true),
    };
    Some(item(
        Reminder::Licences,
        what,
        Some(s.staff.clone()),
        s.expires_on,
        overdue,
        Place::Staff {
            staff_id: s.staff.id,
        },
        format!(
            "licence:{}:{}:{}",
            s.staff.id,
            s.type_id,
            s.expires_on.map(|e| e.to_string()).unwrap_or_default()
        ),
    ))
}

/// The annual round's drafts and the active people it has not reached, the
/// 90-day reviews after hire and the mid-year reviews.
fn reviews(
    conn: &Connection,
    w: &Window,
    names: &HashMap<StaffId, StaffRef>,
    reviewer: Option<StaffId>,
    out: &mut Vec<TodoItem>,
) -> Result<()> {
    let today = w.today;
    let year = today.year();
    let not_mine = |id: StaffId| Some(id) != reviewer;
    if w.on(Reminder::AnnualReview) {
        let horizon = w.horizon(Reminder::AnnualReview);
        let drafts = crate::storage::all(
            conn,
            "SELECT e.id, e.staff_id, e.period_end FROM evaluations e JOIN staff s ON s.id = e.staff_id
              WHERE e.kind = 'annual' AND e.year = ?1 AND e.status = 'draft' AND s.status != 'left'
                AND e.period_end <= ?2",
            params![year, horizon],
            |r| {
                Ok((
                    r.get::<_, EvaluationId>(0)?,
                    r.get::<_, StaffId>(1)?,
                    r.get::<_, NaiveDate>(2)?,
                ))
            },
        )?;
        for (id, who, end) in drafts.into_iter().filter(|d| not_mine(d.1)) {
            out.push(item(
                Reminder::AnnualReview,
                format!("Annual review {year} to finish and finalize"),
                names.get(&who).cloned(),
                Some(end),
                end < today,
                Place::Evaluation { evaluation_id: id },
                format!("annual:{who}:{year}"),
            ));
        }
        let year_end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
        if year_end <= horizon {
            let missing = crate::storage::all(
                conn,
                "SELECT s.id FROM staff s
                  WHERE s.status = 'active'
                    AND EXISTS (SELECT 1 FROM evaluations e WHERE e.kind = 'annual' AND e.year = ?1)
                    AND NOT EXISTS (SELECT 1 FROM evaluations e
                                     WHERE e.staff_id = s.id AND e.kind = 'annual' AND e.year = ?1)",
                [year],
                |r| r.get::<_, StaffId>(0),
            )?;
            for who in missing.into_iter().filter(|w| not_mine(*w)) {
                out.push(item(
                    Reminder::AnnualReview,
                    format!("Annual review {year} not started"),
                    names.get(&who).cloned(),
                    Some(year_end),
                    year_end < today,
                    Place::Staff { staff_id: who },
                    format!("annual:{who}:{year}"),
                ));
            }
        }
    }
    if w.on(Reminder::NinetyDayReview) {
        let horizon = w.horizon(Reminder::NinetyDayReview);
        let earliest = today - Days::new(NINETY_DAY_GRACE);
        let due = crate::storage::all(
            conn,
            "SELECT s.id, date(s.hire_date, '+90 days') FROM staff s
              WHERE s.status = 'active' AND s.hire_date IS NOT NULL
                AND date(s.hire_date, '+90 days') BETWEEN ?1 AND ?2
                AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.staff_id = s.id AND e.kind = 'ninety_day')",
            params![earliest, horizon],
            |r| Ok((r.get::<_, StaffId>(0)?, r.get::<_, NaiveDate>(1)?)),
        )?;
        for (who, on) in due.into_iter().filter(|d| not_mine(d.0)) {
            out.push(item(
                Reminder::NinetyDayReview,
                "90-day review after hire".to_owned(),
                names.get(&who).cloned(),
                Some(on),
                on < today,
                Place::Staff { staff_id: who },
                format!("ninety:{who}"),
            ));
        }
    }
    if w.on(Reminder::MidYearReview) {
        let mid = NaiveDate::from_ymd_opt(year, 6, 30).unwrap_or(today);
        if mid <= w.horizon(Reminder::MidYearReview) {
            let due = crate::storage::all(
                conn,
                "SELECT s.id FROM staff s
                  WHERE s.status = 'active' AND (s.hire_date IS NULL OR s.hire_date < ?2)
                    AND NOT EXISTS (SELECT 1 FROM evaluations e
                                     WHERE e.staff_id = s.id AND e.kind = 'mid_year' AND e.year = ?1)",
                params![year, NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today)],
                |r| r.get::<_, StaffId>(0),
            )?;
            for who in due.into_iter().filter(|w| not_mine(*w)) {
                out.push(item(
                    Reminder::MidYearReview,
                    format!("Mid-year review {year}"),
                    names.get(&who).cloned(),
                    Some(mid),
                    mid < today,
                    Place::Staff { staff_id: who },
                    format!("midyear:{who}:{year}"),
                ));
            }
        }
    }
    Ok(())
}

/// Each active person whose last check-in set a next date within the window.
fn check_ins(
    conn: &Connection,
    w: &Window,
    names: &HashMap<StaffId, StaffRef>,
    out: &mut Vec<TodoItem>,
) -> Result<()> {
    if !w.on(Reminder::CheckIn) {
        return Ok(());
    }
    let due = crate::storage::all(
        conn,
        "SELECT c.staff_id, c.next_on FROM check_ins c JOIN staff s ON s.id = c.staff_id
          WHERE s.status = 'active' AND c.next_on IS NOT NULL AND c.next_on <= ?1
            AND c.id = (SELECT l.id FROM check_ins l WHERE l.staff_id = c.staff_id
                         ORDER BY l.held_on DESC, l.id DESC LIMIT 1)",
        [w.horizon(Reminder::CheckIn)],
        |r| Ok((r.get::<_, StaffId>(0)?, r.get::<_, NaiveDate>(1)?)),
    )?;
    for (who, on) in due {
        out.push(item(
            Reminder::CheckIn,
            "Check-in due".to_owned(),
            names.get(&who).cloned(),
            Some(on),
            on < w.today,
            Place::Staff { staff_id: who },
            format!("checkin:{who}:{on}"),
        ));
    }
    Ok(())
}
