//! Patients' compliments and complaints: when and how each came in, the
//! standard it concerns and the person it is about (both optional), what was
//! done and when it was closed. No patient is identified: the summary is
//! free text, and the window asks for none (no name, date of birth or
//! contact details). A revision of a standard may name the feedback that
//! prompted it.
//!
//! The owner and managers log and read them (`RecordService`); staff never
//! see them, not even those about themselves: what reaches a person is their
//! review's evidence summary.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::{text_enum, FeedbackId, StaffId, StandardId};
use crate::recognition::StandardRef;
use crate::staff::{self, StaffRef};
use crate::storage::Where;
use crate::storage::{timestamp, Db, Readable};
use crate::text;

text_enum! {
    pub enum FeedbackKind { Compliment = "compliment", Complaint = "complaint" }
}

impl FeedbackKind {
    pub fn label(self) -> &'static str {
        match self {
            FeedbackKind::Compliment => "Compliment",
            FeedbackKind::Complaint => "Complaint",
        }
    }
}

text_enum! {
    /// How the feedback reached the practice.
    pub enum FeedbackChannel {
        Phone = "phone",
        Email = "email",
        InPerson = "in_person",
        Letter = "letter",
        Online = "online",
        Survey = "survey",
        Other = "other",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PatientFeedback {
    pub id: FeedbackId,
    pub received_on: NaiveDate,
    pub channel: FeedbackChannel,
    pub kind: FeedbackKind,
    pub standard: Option<StandardRef>,
    /// Whom it is about, if anyone in particular.
    pub staff: Option<StaffRef>,
    pub summary: String,
    /// What was done about it.
    pub action_taken: String,
    /// `None` while it is open.
    pub closed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct PatientFeedbackInput {
    /// `YYYY-MM-DD`; not in the future.
    pub received_on: String,
    pub channel: Option<FeedbackChannel>,
    pub kind: Option<FeedbackKind>,
    pub standard_id: Option<StandardId>,
    pub staff_id: Option<StaffId>,
    /// What the patient said, without naming them.
    pub summary: String,
    pub action_taken: String,
    /// `YYYY-MM-DD`, or empty while it is open; not before it was received,
    /// not in the future.
    pub closed_on: String,
}

/// Which feedback to list; all of it when empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct PatientFeedbackFilter {
    pub kind: Option<FeedbackKind>,
    pub staff_id: Option<StaffId>,
    pub standard_id: Option<StandardId>,
    /// Only what is not closed yet.
    pub open_only: bool,
    /// Only what came in during this calendar year.
    pub year: Option<i32>,
}

const SELECT: &str = "SELECT f.id, f.received_on, f.channel, f.kind, f.standard_id,
        (SELECT v.statement FROM standard_versions v WHERE v.standard_id = f.standard_id
          ORDER BY v.version DESC LIMIT 1),
        f.staff_id, s.name, f.summary, f.action_taken, f.closed_on
   FROM patient_feedback f LEFT JOIN staff s ON s.id = f.staff_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PatientFeedback> {
    let standard_id: Option<StandardId> = r.get(4)?;
    let statement: Option<String> = r.get(5)?;
    Ok(PatientFeedback {
        id: r.get(0)?,
        received_on: r.get(1)?,
        channel: r.get(2)?,
        kind: r.get(3)?,
        standard: standard_id.map(|id| StandardRef {
            id,
            statement: statement.unwrap_or_default(),
        }),
        staff: StaffRef::optional_from_columns(r, 6)?,
        summary: r.get(8)?,
        action_taken: r.get(9)?,
        closed_on: r.get(10)?,
    })
}

pub(crate) fn load(conn: &Connection, id: FeedbackId) -> Result<PatientFeedback> {
    conn.query_row(&format!("{SELECT} WHERE f.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::not_found("Patient feedback", id.0))
}

pub fn get(conn: &dyn Readable, actor: &Actor, id: FeedbackId) -> Result<PatientFeedback> {
    actor.require(Permission::RecordService)?;
    load(crate::storage::sql(conn), id)
}

/// Patients' feedback, newest first.
pub fn list(
    conn: &dyn Readable,
    actor: &Actor,
    filter: &PatientFeedbackFilter,
) -> Result<Vec<PatientFeedback>> {
    actor.require(Permission::RecordService)?;
    let conn = crate::storage::sql(conn);
    let filters = Where::default()
        .filter("f.kind = ?", filter.kind)
        .filter("f.staff_id = ?", filter.staff_id)
        .filter("f.standard_id = ?", filter.standard_id)
        .when("f.closed_on IS NULL", filter.open_only)
        .filter(
            "f.received_on >= ?",
            filter.year.map(|y| format!("{y:04}-01-01")),
        )
        .filter(
            "f.received_on <= ?",
            filter.year.map(|y| format!("{y:04}-12-31")),
        );
    crate::storage::all(
        conn,
        &format!(
            "{SELECT}{} ORDER BY f.received_on DESC, f.id DESC",
            filters.sql()
        ),
        filters.params(),
        from_row,
    )
}

/// Feedback about `person` received in `from..=to`, newest first.
pub(crate) fn about(
    conn: &Connection,
    person: StaffId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<PatientFeedback>> {
    crate::storage::all(
        conn,
        &format!(
            "{SELECT} WHERE f.staff_id = ?1 AND f.received_on BETWEEN ?2 AND ?3
              ORDER BY f.received_on DESC, f.id DESC"
        ),
        params![person, from, to],
        from_row,
    )
}

struct Valid {
    received_on: NaiveDate,
    channel: FeedbackChannel,
    kind: FeedbackKind,
    summary: String,
    action_taken: String,
    closed_on: Option<NaiveDate>,
}

fn validate(conn: &Connection, input: &PatientFeedbackInput, today: NaiveDate) -> Result<Valid> {
    let mut problems = Problems::default();
    let not_future = |field: &str, label: &str, d: NaiveDate| {
        if d > today {
            Err(Error::invalid(
                field,
                format!("{label} cannot be in the future"),
            ))
        } else {
            Ok(d)
        }
    };
    let received_on = problems.check(
        text::date("receivedOn", "The day it came in", &input.received_on)
            .and_then(|d| not_future("receivedOn", "The day it came in", d))
            .map(Some),
    )?;
    let channel = problems.given("channel", input.channel, "Choose how it came in");
    let kind = problems.given(
        "kind",
        input.kind,
        "Choose whether it is a compliment or a complaint",
    );
    if let Some(id) = input.standard_id {
        problems.check(crate::standards::ensure_exists(conn, "standardId", id))?;
    }
    if let Some(id) = input.staff_id {
        problems.check(staff::ensure_exists(conn, "staffId", id).map(drop))?;
    }
    let summary = problems.check(text::required(
        "summary",
        "What the patient said",
        &input.summary,
        2000,
    ))?;
    let action_taken = problems.check(text::optional(
        "actionTaken",
        "What was done",
        &input.action_taken,
        2000,
    ))?;
    let closed_on = problems.check(
        text::optional_date(
            "closedOn",
            "The day it was closed",
            Some(input.closed_on.as_str()),
        )
        .and_then(|d| {
            d.map(|d| not_future("closedOn", "The day it was closed", d))
                .transpose()
        }),
    )?;
    if let (Some(closed), Some(received)) = (closed_on, received_on) {
        if closed < received {
            problems.note("closedOn", "It cannot be closed before the day it came in");
        }
    }
    problems.done()?;
    let (Some(received_on), Some(channel), Some(kind)) = (received_on, channel, kind) else {
        return Err(Error::invalid(
            "receivedOn",
            "The day it came in is required",
        ));
    };
    Ok(Valid {
        received_on,
        channel,
        kind,
        summary,
        action_taken,
        closed_on,
    })
}

/// Logs a compliment or a complaint.
pub fn log(
    db: &mut Db,
    actor: &Actor,
    input: &PatientFeedbackInput,
    today: NaiveDate,
) -> Result<PatientFeedback> {
    actor.require(Permission::RecordService)?;
    let id = db.write(|tx| {
        let v = validate(tx, input, today)?;
        let now = timestamp();
        tx.execute(
            "INSERT INTO patient_feedback (received_on, channel, kind, standard_id, staff_id, summary,
                    action_taken, closed_on, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            params![v.received_on, v.channel, v.kind, input.standard_id, input.staff_id, v.summary,
                    v.action_taken, v.closed_on, now],
        )?;
        let id = FeedbackId(tx.last_insert_rowid());
        let after = load(tx, id)?;
        audit::created(tx, actor, subject(&after), &Audited::of(&after))?;
        Ok(id)
    })?;
    load(db.conn(), id)
}

/// Corrects feedback, or records what was done and closes it.
pub fn update(
    db: &mut Db,
    actor: &Actor,
    id: FeedbackId,
    input: &PatientFeedbackInput,
    today: NaiveDate,
) -> Result<PatientFeedback> {
    actor.require(Permission::RecordService)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        let v = validate(tx, input, today)?;
        tx.execute(
            "UPDATE patient_feedback SET received_on = ?1, channel = ?2, kind = ?3, standard_id = ?4,
                    staff_id = ?5, summary = ?6, action_taken = ?7, closed_on = ?8, updated_at = ?9
              WHERE id = ?10",
            params![v.received_on, v.channel, v.kind, input.standard_id, input.staff_id, v.summary,
                    v.action_taken, v.closed_on, timestamp(), id],
        )?;
        let after = load(tx, id)?;
        // Moved from one person to another: the row is in both their lists.
        let mut people: Vec<Option<StaffId>> = vec![before.staff.as_ref().map(|s| s.id)];
        if after.staff.as_ref().map(|s| s.id) != people[0] {
            people.push(after.staff.as_ref().map(|s| s.id));
        }
        for person in people {
            let s = Subject { person, ..subject(&before) };
            audit::updated(tx, actor, s, &Audited::of(&before), &Audited::of(&after))?;
        }
        Ok(())
    })?;
    load(db.conn(), id)
}

/// Deletes feedback logged by mistake; refused while a standard's revision
/// names it.
pub fn delete(db: &mut Db, actor: &Actor, id: FeedbackId) -> Result<()> {
    actor.require(Permission::RecordService)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        audit::refuse_if_held(
            tx,
            "id",
            "SELECT '\"' || v.statement || '\" version ' || v.version FROM standard_version_feedback p
               JOIN standard_versions v ON v.id = p.version_id WHERE p.feedback_id = ?1
              ORDER BY v.standard_id, v.version",
            id,
            |held| {
                format!(
                    "This {} prompted the revision of {}, which keeps it",
                    before.kind.label().to_lowercase(),
                    held.names
                )
            },
        )?;
        tx.execute("DELETE FROM patient_feedback WHERE id = ?1", [id])?;
        audit::deleted(tx, actor, subject(&before), &Audited::of(&before))
    })
}

/// Feedback as the audit trail records it: the person and standard by name.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Audited<'a> {
    received_on: NaiveDate,
    channel: FeedbackChannel,
    kind: &'static str,
    standard: Option<&'a str>,
    about: Option<&'a str>,
    summary: &'a str,
    action_taken: &'a str,
    closed_on: Option<NaiveDate>,
}

impl<'a> Audited<'a> {
    fn of(f: &'a PatientFeedback) -> Self {
        Audited {
            received_on: f.received_on,
            channel: f.channel,
            kind: f.kind.label(),
            standard: f.standard.as_ref().map(|s| s.statement.as_str()),
            about: f.staff.as_ref().map(|s| s.name.as_str()),
            summary: &f.summary,
            action_taken: &f.action_taken,
            closed_on: f.closed_on,
        }
    }
}

fn subject(f: &PatientFeedback) -> Subject<'_> {
    let s = Subject::of(Entity::PatientFeedback, f.id.0, f.kind.label(), &f.summary);
    match &f.staff {
        Some(p) => s.about(p.id),
        None => s,
    }
}
