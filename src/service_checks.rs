//! Service checks: a standard's target measured. A manager records, for a
//! standard on a day, what was observed (answered on ring 2, replied in 5
//! business hours) or simply met / not met, for one person or for the whole
//! desk (no person). Each check is judged against the version of the
//! standard in force that day, and keeps that version: revising a target
//! later never changes what an old check says.
//!
//! Met rates are counts, exact: `met` of `checks`. A standard's rate counts
//! every check of it; a person's counts only the checks of them.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::{CheckId, StaffId, StandardId, VersionId};
use crate::recognition::StandardRef;
use crate::staff::{self, StaffRef};
use crate::standards::{self, target_label, TargetUnit};
use crate::storage::Where;
use crate::storage::{timestamp, Db, Readable};
use crate::text;

/// The largest observed value a check takes (in the target's unit).
pub const MAX_OBSERVED: f64 = 100_000.0;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceCheck {
    pub id: CheckId,
    pub standard: StandardRef,
    /// The version in force that day, and its target as people read it.
    pub version: u32,
    pub target: String,
    pub checked_on: NaiveDate,
    /// `None`: the whole desk.
    pub staff: Option<StaffRef>,
    /// In the target's unit; `None` when only met or not met was recorded.
    #[specta(type = Option<specta_typescript::Number>)]
    pub observed: Option<f64>,
    pub met: bool,
    pub note: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct CheckInput {
    pub standard_id: Option<StandardId>,
    /// `YYYY-MM-DD`; not in the future.
    pub checked_on: String,
    /// Empty: the whole desk.
    pub staff_id: Option<StaffId>,
    /// What was observed, in the target's unit (rings, minutes, hours,
    /// business hours or days). Met when at most the target.
    #[specta(type = Option<specta_typescript::Number>)]
    pub observed: Option<f64>,
    /// Met or not, for a target stated in words, or when nothing was
    /// measured. With an observed value it must agree with it.
    pub met: Option<bool>,
    pub note: String,
}

/// Which checks to list; all of them when empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct CheckFilter {
    pub standard_id: Option<StandardId>,
    pub staff_id: Option<StaffId>,
    /// `YYYY-MM-DD`, inclusive; empty: no bound.
    pub from: String,
    pub to: String,
}

/// How many checks met their target, of how many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MetRate {
    pub checks: u32,
    pub met: u32,
}

impl MetRate {
    /// "92%" (rounded half up), or "—" when nothing was checked.
    pub fn display(self) -> String {
        if self.checks == 0 {
            return "—".to_owned();
        }
        let (met, checks) = (u64::from(self.met), u64::from(self.checks));
        format!("{}%", (met * 200 + checks) / (checks * 2))
    }

    /// True when the rate is at least `percent`, compared exactly.
    pub fn at_least(self, percent: u32) -> bool {
        self.checks > 0 && u64::from(self.met) * 100 >= u64::from(percent) * u64::from(self.checks)
    }
}

/// The rating a met rate proposes by the practice's `thresholds` (the least
/// percentages for 5, 4, 3 and 2; below the last, 1); none without checks.
pub fn proposed_rating(thresholds: &[u32], rate: MetRate) -> Option<u8> {
    if rate.checks == 0 {
        return None;
    }
    let above = thresholds.iter().take(4).position(|t| rate.at_least(*t));
    Some(above.map_or(1, |i| 5 - i as u8))
}

/// One month's checks: "2026-03".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MonthRate {
    pub month: String,
    pub rate: MetRate,
}

/// A standard's met rate: every check of it, or of one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StandardRate {
    pub standard: StandardRef,
    pub rate: MetRate,
}

const SELECT: &str = "SELECT c.id, c.standard_id,
        (SELECT v.statement FROM standard_versions v WHERE v.standard_id = c.standard_id
          ORDER BY v.version DESC LIMIT 1),
        v.version, v.target_value, v.target_unit, v.target_text,
        c.checked_on, c.staff_id, s.name, c.observed, c.met, c.note
   FROM service_checks c
   JOIN standard_versions v ON v.id = c.version_id
   LEFT JOIN staff s ON s.id = c.staff_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ServiceCheck> {
    let unit: TargetUnit = r.get(5)?;
    Ok(ServiceCheck {
        id: r.get(0)?,
        standard: StandardRef {
            id: r.get(1)?,
            statement: r.get(2)?,
        },
        version: r.get(3)?,
        target: target_label(r.get(4)?, unit, &r.get::<_, String>(6)?),
        checked_on: r.get(7)?,
        staff: StaffRef::optional_from_columns(r, 8)?,
        observed: r.get(10)?,
        met: r.get(11)?,
        note: r.get(12)?,
    })
}

pub(crate) fn load(conn: &Connection, id: CheckId) -> Result<ServiceCheck> {
    conn.query_row(&format!("{SELECT} WHERE c.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::not_found("Service check", id.0))
}

pub fn get(conn: &dyn Readable, actor: &Actor, id: CheckId) -> Result<ServiceCheck> {
    actor.require(Permission::RecordService)?;
    load(crate::storage::sql(conn), id)
}

fn bounds(filter: &CheckFilter) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    let mut problems = Problems::default();
    let from = problems.check(text::optional_date(
        "from",
        "From",
        Some(filter.from.as_str()),
    ))?;
    let to = problems.check(text::optional_date("to", "To", Some(filter.to.as_str())))?;
    problems.done()?;
    Ok((from, to))
}

/// Checks, newest first.
pub fn list(conn: &dyn Readable, actor: &Actor, filter: &CheckFilter) -> Result<Vec<ServiceCheck>> {
    actor.require(Permission::RecordService)?;
    let conn = crate::storage::sql(conn);
    let (from, to) = bounds(filter)?;
    let filters = Where::default()
        .filter("c.standard_id = ?", filter.standard_id)
        .filter("c.staff_id = ?", filter.staff_id)
        .filter("c.checked_on >= ?", from)
        .filter("c.checked_on <= ?", to);
    crate::storage::all(
        conn,
        &format!(
            "{SELECT}{} ORDER BY c.checked_on DESC, c.id DESC",
            filters.sql()
        ),
        filters.params(),
        from_row,
    )
}

/// Met rates month by month (only months with checks), oldest first.
pub fn by_month(
    conn: &dyn Readable,
    actor: &Actor,
    filter: &CheckFilter,
) -> Result<Vec<MonthRate>> {
    actor.require(Permission::RecordService)?;
    let conn = crate::storage::sql(conn);
    let (from, to) = bounds(filter)?;
    let filters = Where::default()
        .filter("standard_id = ?", filter.standard_id)
        .filter("staff_id = ?", filter.staff_id)
        .filter("checked_on >= ?", from)
        .filter("checked_on <= ?", to);
    crate::storage::all(
        conn,
        &format!(
            "SELECT substr(checked_on, 1, 7), COUNT(*), SUM(met) FROM service_checks{}
              GROUP BY 1 ORDER BY 1",
            filters.sql()
        ),
        filters.params(),
        |r| {
            Ok(MonthRate {
                month: r.get(0)?,
                rate: MetRate {
                    checks: r.get(1)?,
                    met: r.get(2)?,
                },
            })
        },
    )
}

/// Each standard's met rate in `from..=to`: of everyone's checks, or (with
/// `person`) of that person's; standards with no check left out.
pub(crate) fn rates(
    conn: &Connection,
    person: Option<StaffId>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<StandardRate>> {
    // One query for a person and one for everyone, so that each is answered
    // from its index (`?1 IS NULL OR …` would read every check).
    let sql = |who: &str| {
        format!(
            "SELECT c.standard_id,
                    (SELECT v.statement FROM standard_versions v WHERE v.standard_id = c.standard_id
                      ORDER BY v.version DESC LIMIT 1),
                    COUNT(*), SUM(c.met)
               FROM service_checks c
              WHERE {who} c.checked_on BETWEEN ?2 AND ?3
              GROUP BY c.standard_id ORDER BY c.standard_id"
        )
    };
    let sql = match person {
        Some(_) => sql("c.staff_id = ?1 AND"),
        None => sql("?1 IS NULL AND"),
    };
    crate::storage::all(conn, &sql, params![person, from, to], |r| {
        Ok(StandardRate {
            standard: StandardRef {
                id: r.get(0)?,
                statement: r.get(1)?,
            },
            rate: MetRate {
                checks: r.get(2)?,
                met: r.get(3)?,
            },
        })
    })
}

/// Every standard's met rate over the twelve months to `today` (of
/// everyone's checks, or of `person`'s), for the window's lists.
pub fn rates_this_year(
    conn: &dyn Readable,
    actor: &Actor,
    person: Option<StaffId>,
    today: NaiveDate,
) -> Result<Vec<StandardRate>> {
    actor.require(Permission::RecordService)?;
    let from = today - chrono::Days::new(364);
    rates(crate::storage::sql(conn), person, from, today)
}

struct Valid {
    standard: StandardId,
    version: VersionId,
    checked_on: NaiveDate,
    observed: Option<f64>,
    met: bool,
    note: String,
}

fn validate(conn: &Connection, input: &CheckInput, today: NaiveDate) -> Result<Valid> {
    let mut problems = Problems::default();
    let checked_on = problems.check(
        text::date("checkedOn", "The day of the check", &input.checked_on)
            .and_then(|d| {
                if d > today {
                    Err(Error::invalid(
                        "checkedOn",
                        "The day of the check cannot be in the future",
                    ))
                } else {
                    Ok(d)
                }
            })
            .map(Some),
    )?;
    if let Some(id) = input.staff_id {
        problems.check(staff::ensure_exists(conn, "staffId", id).map(drop))?;
    }
    let note = problems.check(text::optional("note", "Note", &input.note, 1000))?;
    let observed = match input.observed {
        Some(v) => problems
            .check(text::number("observed", "What was observed", v, 0.0, MAX_OBSERVED).map(Some))?,
        None => None,
    };
    let mut version = None;
    match input.standard_id {
        None => problems.note("standardId", "Choose the standard checked"),
        Some(id) => {
            // A standard that does not exist is refused at its field;
            // one that does is judged on the day checked.
            let exists =
                problems.check(standards::ensure_exists(conn, "standardId", id).map(|()| true))?;
            if let (true, Some(day)) = (exists, checked_on) {
                match standards::version_on(conn, id, day)? {
                    (_, Some(retired)) if retired <= day => problems.note(
                        "checkedOn",
                        format!("The standard was retired on {retired}, before this check"),
                    ),
                    (None, _) => problems.note(
                        "checkedOn",
                        format!("The standard was not in force yet on {day}"),
                    ),
                    (Some(v), _) => version = Some(v),
                }
            }
        }
    }
    // Met: measured against the target when there is a number to measure.
    let met = match (&version, observed, input.met) {
        (Some(v), Some(o), said) => {
            match v.target_value.filter(|_| v.target_unit != TargetUnit::Text) {
                Some(target) => {
                    let met = o <= target;
                    if said.is_some_and(|s| s != met) {
                        problems.note(
                            "met",
                            format!(
                                "{o} against a target of {} is {}: leave Met empty or match it",
                                v.target_label,
                                if met { "met" } else { "not met" }
                            ),
                        );
                    }
                    Some(met)
                }
                None => {
                    problems.note(
                        "observed",
                        format!(
                            "The target \"{}\" is not a number: record met or not met instead",
                            v.target_label
                        ),
                    );
                    None
                }
            }
        }
        (_, None, None) => {
            problems.note(
                "met",
                "Record what was observed, or whether the target was met",
            );
            None
        }
        (_, _, said) => said,
    };
    problems.done()?;
    let (Some(v), Some(checked_on), Some(met)) = (version, checked_on, met) else {
        return Err(Error::invalid("standardId", "Choose the standard checked"));
    };
    Ok(Valid {
        standard: v.standard_id,
        version: v.id,
        checked_on,
        observed,
        met,
        note,
    })
}

/// Adds a checked check inside the caller's transaction (the import's too).
pub(crate) fn insert(
    tx: &rusqlite::Transaction<'_>,
    actor: &Actor,
    input: &CheckInput,
    today: NaiveDate,
) -> Result<CheckId> {
    let v = validate(tx, input, today)?;
    tx.execute(
        "INSERT INTO service_checks (standard_id, version_id, checked_on, staff_id, observed, met, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![v.standard, v.version, v.checked_on, input.staff_id, v.observed, v.met, v.note, timestamp()],
    )?;
    let id = CheckId(tx.last_insert_rowid());
    let after = load(tx, id)?;
    audit::created(tx, actor, subject(&after), &Audited::of(&after))?;
    Ok(id)
}

pub fn record(
    db: &mut Db,
    actor: &Actor,
    input: &CheckInput,
    today: NaiveDate,
) -> Result<ServiceCheck> {
    actor.require(Permission::RecordService)?;
    let id = db.write(|tx| insert(tx, actor, input, today))?;
    load(db.conn(), id)
}

/// Removes a check recorded by mistake.
pub fn delete(db: &mut Db, actor: &Actor, id: CheckId) -> Result<()> {
    actor.require(Permission::RecordService)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        tx.execute("DELETE FROM service_checks WHERE id = ?1", [id])?;
        audit::deleted(tx, actor, subject(&before), &Audited::of(&before))
    })
}

/// A check as the audit trail records it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Audited<'a> {
    standard: &'a str,
    target: &'a str,
    checked_on: NaiveDate,
    who: &'a str,
    observed: Option<f64>,
    met: &'static str,
    note: &'a str,
}

impl<'a> Audited<'a> {
    fn of(c: &'a ServiceCheck) -> Self {
        Audited {
            standard: &c.standard.statement,
            target: &c.target,
            checked_on: c.checked_on,
            who: c
                .staff
                .as_ref()
                .map_or("The whole desk", |s| s.name.as_str()),
            observed: c.observed,
            met: if c.met { "Met" } else { "Not met" },
            note: &c.note,
        }
    }
}

fn subject(c: &ServiceCheck) -> Subject<'_> {
    let s = Subject::of(
        Entity::ServiceCheck,
        c.id.0,
        "Service check",
        &c.standard.statement,
    );
    match &c.staff {
        Some(p) => s.about(p.id),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_exact_and_round_half_up_for_display() {
        let r = |met, checks| MetRate { checks, met };
        assert_eq!(r(0, 0).display(), "—");
        assert_eq!(r(19, 20).display(), "95%");
        assert_eq!(r(1, 8).display(), "13%"); // 12.5 → 13
        assert_eq!(r(2, 3).display(), "67%");
        assert!(r(19, 20).at_least(95));
        assert!(!r(18, 19).at_least(95)); // 94.7%
        assert!(!r(0, 0).at_least(0), "no checks: no rate");
    }

    #[test]
    fn a_met_rate_proposes_a_rating_by_the_thresholds() {
        let t = [95, 85, 70, 50];
        let p = |met, checks| proposed_rating(&t, MetRate { checks, met });
        assert_eq!(p(0, 0), None);
        assert_eq!(p(20, 20), Some(5));
        assert_eq!(p(19, 20), Some(5)); // exactly 95%
        assert_eq!(p(18, 19), Some(4)); // 94.7%
        assert_eq!(p(17, 20), Some(4)); // exactly 85%
        assert_eq!(p(7, 10), Some(3));
        assert_eq!(p(1, 2), Some(2));
        assert_eq!(p(49, 100), Some(1));
        assert_eq!(p(0, 5), Some(1));
    }
}
