//! Check-ins: dated one-to-one notes between reviews — the topics, what was
//! agreed, tips for serving internal customers, and the next date. That
//! part is shared: the person sees it at the kiosk. The manager's own notes
//! are not. The owner and managers hold them with someone else, never with
//! themselves.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::{CheckInId, StaffId};
use crate::staff::{self, StaffRef};
use crate::storage::{timestamp, Db, Readable};
use crate::text;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CheckIn {
    pub id: CheckInId,
    pub staff: StaffRef,
    pub held_on: NaiveDate,
    /// Who held it, as they were signed in.
    pub held_by: String,
    pub topics: String,
    pub agreed: String,
    /// Tips for serving their internal customers.
    pub tips: String,
    pub next_on: Option<NaiveDate>,
    /// The manager's own notes: never shown to the person.
    pub notes: String,
}

/// A check-in as the person sees it at the kiosk: the shared part.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SharedCheckIn {
    pub id: CheckInId,
    pub held_on: NaiveDate,
    pub held_by: String,
    pub topics: String,
    pub agreed: String,
    pub tips: String,
    pub next_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct CheckInInput {
    pub staff_id: Option<StaffId>,
    /// `YYYY-MM-DD`; not in the future.
    pub held_on: String,
    pub topics: String,
    pub agreed: String,
    pub tips: String,
    /// `YYYY-MM-DD` after the day it was held, or empty.
    pub next_on: String,
    pub notes: String,
}

const SELECT: &str =
    "SELECT c.id, c.staff_id, s.name, c.held_on, c.held_by, c.topics, c.agreed, c.tips,
        c.next_on, c.notes
   FROM check_ins c JOIN staff s ON s.id = c.staff_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CheckIn> {
    Ok(CheckIn {
        id: r.get(0)?,
        staff: StaffRef::from_columns(r, 1)?,
        held_on: r.get(3)?,
        held_by: r.get(4)?,
        topics: r.get(5)?,
        agreed: r.get(6)?,
        tips: r.get(7)?,
        next_on: r.get(8)?,
        notes: r.get(9)?,
    })
}

fn load(conn: &Connection, id: CheckInId) -> Result<CheckIn> {
    conn.query_row(&format!("{SELECT} WHERE c.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::not_found("Check-in", id.0))
}

pub fn get(conn: &dyn Readable, actor: &Actor, id: CheckInId) -> Result<CheckIn> {
    actor.require(Permission::RecordService)?;
    Ok(as_seen_by(actor, load(crate::storage::sql(conn), id)?))
}

/// A person's check-ins, newest first: the owner and managers. Their own
/// (a manager's account may name their staff record) without the private
/// notes, as the kiosk shows them.
pub fn list(conn: &dyn Readable, actor: &Actor, person: StaffId) -> Result<Vec<CheckIn>> {
    actor.require(Permission::RecordService)?;
    Ok(of_person(crate::storage::sql(conn), person, None, None)?
        .into_iter()
        .map(|c| as_seen_by(actor, c))
        .collect())
}

/// `c` without its private notes when `actor` is the person it was held with.
fn as_seen_by(actor: &Actor, mut c: CheckIn) -> CheckIn {
    if actor.is(c.staff.id) {
        c.notes.clear();
    }
    c
}

pub(crate) fn of_person(
    conn: &Connection,
    person: StaffId,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<CheckIn>> {
    crate::storage::all(
        conn,
        &format!(
            "{SELECT} WHERE c.staff_id = ?1 AND (?2 IS NULL OR c.held_on >= ?2)
                AND (?3 IS NULL OR c.held_on <= ?3)
              ORDER BY c.held_on DESC, c.id DESC"
        ),
        params![person, from, to],
        from_row,
    )
}

/// The shared part of `person`'s check-ins, newest first, for their kiosk.
pub(crate) fn shared(conn: &Connection, person: StaffId) -> Result<Vec<SharedCheckIn>> {
    Ok(of_person(conn, person, None, None)?
        .into_iter()
        .map(|c| SharedCheckIn {
            id: c.id,
            held_on: c.held_on,
            held_by: c.held_by,
            topics: c.topics,
            agreed: c.agreed,
            tips: c.tips,
            next_on: c.next_on,
        })
        .collect())
}

struct Valid {
    staff: StaffId,
    held_on: NaiveDate,
    topics: String,
    agreed: String,
    tips: String,
    next_on: Option<NaiveDate>,
    notes: String,
}

fn validate(
    conn: &Connection,
    actor: &Actor,
    input: &CheckInInput,
    today: NaiveDate,
) -> Result<Valid> {
    let mut problems = Problems::default();
    let staff = match input.staff_id {
        None => {
            problems.note("staffId", "Choose whom the check-in was with");
            None
        }
        Some(id) if actor.is(id) => {
            problems.note("staffId", "A check-in is held with someone else");
            None
        }
        Some(id) => {
            problems.check(staff::ensure_exists(conn, "staffId", id).map(|p| Some(p.id)))?
        }
    };
    let held_on = problems.check(
        text::date("heldOn", "The day it was held", &input.held_on)
            .and_then(|d| {
                if d > today {
                    Err(Error::invalid(
                        "heldOn",
                        "The day it was held cannot be in the future",
                    ))
                } else {
                    Ok(d)
                }
            })
            .map(Some),
    )?;
    let topics = problems.check(text::optional("topics", "Topics", &input.topics, 4000))?;
    let agreed = problems.check(text::optional(
        "agreed",
        "What was agreed",
        &input.agreed,
        4000,
    ))?;
    let tips = problems.check(text::optional("tips", "Tips", &input.tips, 4000))?;
    let notes = problems.check(text::optional("notes", "Notes", &input.notes, 4000))?;
    if [&topics, &agreed, &tips, &notes]
        .iter()
        .all(|t| t.is_empty())
    {
        problems.note("topics", "Write what was talked about");
    }
    let next_on = problems.check(text::optional_date(
        "nextOn",
        "The next check-in",
        Some(input.next_on.as_str()),
    ))?;
    if let (Some(next), Some(held)) = (next_on, held_on) {
        if next <= held {
            problems.note("nextOn", "The next check-in comes after this one");
        }
    }
    problems.done()?;
    let (Some(staff), Some(held_on)) = (staff, held_on) else {
        return Err(Error::invalid(
            "staffId",
            "Choose whom the check-in was with",
        ));
    };
    Ok(Valid {
        staff,
        held_on,
        topics,
        agreed,
        tips,
        next_on,
        notes,
    })
}

pub fn record(
    db: &mut Db,
    actor: &Actor,
    input: &CheckInInput,
    today: NaiveDate,
) -> Result<CheckIn> {
    actor.require(Permission::RecordService)?;
    let id = db.write(|tx| {
        let v = validate(tx, actor, input, today)?;
        let now = timestamp();
        tx.execute(
            "INSERT INTO check_ins (staff_id, held_on, held_by, topics, agreed, tips, next_on, notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            params![v.staff, v.held_on, actor.name(), v.topics, v.agreed, v.tips, v.next_on, v.notes, now],
        )?;
        let id = CheckInId(tx.last_insert_rowid());
        let after = load(tx, id)?;
        audit::created(tx, actor, subject(&after), &Audited::of(&after))?;
        Ok(id)
    })?;
    load(db.conn(), id)
}

/// Corrects a check-in; it stays with the person it was held with.
pub fn update(
    db: &mut Db,
    actor: &Actor,
    id: CheckInId,
    input: &CheckInInput,
    today: NaiveDate,
) -> Result<CheckIn> {
    actor.require(Permission::RecordService)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        actor.require_about_another(before.staff.id, Permission::RecordService, "Your own check-ins are someone else's to change")?;
        let v = validate(tx, actor, input, today)?;
        if v.staff != before.staff.id {
            return Err(Error::invalid(
                "staffId",
                format!("This check-in was held with {}", before.staff.name),
            ));
        }
        tx.execute(
            "UPDATE check_ins SET held_on = ?2, topics = ?3, agreed = ?4, tips = ?5, next_on = ?6, notes = ?7,
                    updated_at = ?8 WHERE id = ?1",
            params![id, v.held_on, v.topics, v.agreed, v.tips, v.next_on, v.notes, timestamp()],
        )?;
        let after = load(tx, id)?;
        audit::updated(tx, actor, subject(&before), &Audited::of(&before), &Audited::of(&after))
    })?;
    load(db.conn(), id)
}

pub fn delete(db: &mut Db, actor: &Actor, id: CheckInId) -> Result<()> {
    actor.require(Permission::RecordService)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        actor.require_about_another(
            before.staff.id,
            Permission::RecordService,
            "Your own check-ins are someone else's to change",
        )?;
        tx.execute("DELETE FROM check_ins WHERE id = ?1", [id])?;
        audit::deleted(tx, actor, subject(&before), &Audited::of(&before))
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Audited<'a> {
    held_on: NaiveDate,
    held_by: &'a str,
    topics: &'a str,
    agreed: &'a str,
    tips: &'a str,
    next_on: Option<NaiveDate>,
    notes: &'a str,
}

impl<'a> Audited<'a> {
    fn of(c: &'a CheckIn) -> Self {
        Audited {
            held_on: c.held_on,
            held_by: &c.held_by,
            topics: &c.topics,
            agreed: &c.agreed,
            tips: &c.tips,
            next_on: c.next_on,
            notes: &c.notes,
        }
    }
}

fn subject(c: &CheckIn) -> Subject<'_> {
    Subject::of(Entity::CheckIn, c.id.0, "Check-in", &c.staff.name).about(c.staff.id)
}
