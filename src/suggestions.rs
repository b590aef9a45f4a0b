//! Suggestions from staff, with the outcome shared back. Anyone with a staff
//! record submits one at the kiosk, signed or anonymous; the owner or a
//! manager records the decision (adopted, trying it, declined) and what came
//! of it. The "You said, we did" board shows every decided suggestion and its
//! outcome to everyone signed in, without names, and prints on one page.
//!
//! Anonymous means that nothing the app keeps says who: the suggestion has no
//! person, and its row in the audit trail names "Anonymous", with no account,
//! and is dated to the day, not the minute, so that it cannot be matched with
//! the kiosk's other rows of that moment.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::{text_enum, StaffId, SuggestionId};
use crate::staff::StaffRef;
use crate::storage::{Db, Readable};
use crate::text;

text_enum! {
    pub enum Decision { Adopted = "adopted", Trying = "trying", Declined = "declined" }
}

impl Decision {
    pub fn label(self) -> &'static str {
        match self {
            Decision::Adopted => "Adopted",
            Decision::Trying => "Trying it",
            Decision::Declined => "Declined",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    pub id: SuggestionId,
    pub submitted_on: NaiveDate,
    /// Who suggested it; `None` when anonymous.
    pub by: Option<StaffRef>,
    pub text: String,
    pub decision: Option<Decision>,
    pub decided_on: Option<NaiveDate>,
    /// What came of it: the outcome or impact, shared back with everyone.
    pub outcome: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct SuggestionInput {
    pub text: String,
    /// Leave no name on it, nor in the audit trail.
    pub anonymous: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct DecisionInput {
    pub decision: Option<Decision>,
    pub outcome: String,
}

/// A decided suggestion on the board: no name on it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BoardEntry {
    pub id: SuggestionId,
    pub submitted_on: NaiveDate,
    pub text: String,
    pub decision: Decision,
    pub decided_on: NaiveDate,
    pub outcome: String,
}

const SELECT: &str =
    "SELECT g.id, g.submitted_on, g.staff_id, s.name, g.text, g.decision, g.decided_on, g.outcome
   FROM suggestions g LEFT JOIN staff s ON s.id = g.staff_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Suggestion> {
    Ok(Suggestion {
        id: r.get(0)?,
        submitted_on: r.get(1)?,
        by: StaffRef::optional_from_columns(r, 2)?,
        text: r.get(4)?,
        decision: r.get(5)?,
        decided_on: r.get(6)?,
        outcome: r.get(7)?,
    })
}

fn load(conn: &Connection, id: SuggestionId) -> Result<Suggestion> {
    conn.query_row(&format!("{SELECT} WHERE g.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::not_found("Suggestion", id.0))
}

/// Every suggestion, newest first, with who made it when signed: the owner
/// and managers.
pub fn list(conn: &dyn Readable, actor: &Actor) -> Result<Vec<Suggestion>> {
    actor.require(Permission::RecordService)?;
    crate::storage::all(
        crate::storage::sql(conn),
        &format!("{SELECT} ORDER BY g.submitted_on DESC, g.id DESC"),
        [],
        from_row,
    )
}

/// The signed suggestions of `person`, newest first, with what was decided.
pub(crate) fn of_person(conn: &Connection, person: StaffId) -> Result<Vec<Suggestion>> {
    crate::storage::all(
        conn,
        &format!("{SELECT} WHERE g.staff_id = ?1 ORDER BY g.submitted_on DESC, g.id DESC"),
        [person],
        from_row,
    )
}

/// "You said, we did": every decided suggestion, newest decision first,
/// without names. Everyone signed in.
pub fn board(conn: &dyn Readable, actor: &Actor) -> Result<Vec<BoardEntry>> {
    actor.require(Permission::UsePractice)?;
    crate::storage::all(
        crate::storage::sql(conn),
        "SELECT id, submitted_on, text, decision, decided_on, outcome FROM suggestions
          WHERE decision IS NOT NULL ORDER BY decided_on DESC, id DESC",
        [],
        |r| {
            Ok(BoardEntry {
                id: r.get(0)?,
                submitted_on: r.get(1)?,
                text: r.get(2)?,
                decision: r.get(3)?,
                decided_on: r.get(4)?,
                outcome: r.get(5)?,
            })
        },
    )
}

/// Submits a suggestion: anyone with a staff record (or the owner and
/// managers), signed in their name or anonymous.
pub fn submit(
    db: &mut Db,
    actor: &Actor,
    input: &SuggestionInput,
    today: NaiveDate,
) -> Result<Suggestion> {
    if actor.staff().is_none() {
        actor.require(Permission::RecordService)?;
    }
    let mut problems = Problems::default();
    let text = problems.check(text::required("text", "The suggestion", &input.text, 2000))?;
    // Signed by an account with no staff record, it would be kept with no
    // name but its trail would name the account: neither one thing nor the other.
    if !input.anonymous && actor.staff().is_none() {
        problems.note(
            "anonymous",
            "Your account names no staff record to sign it with: send it without a name",
        );
    }
    problems.done()?;
    let by = if input.anonymous { None } else { actor.staff() };
    let id = db.write(|tx| {
        tx.execute(
            "INSERT INTO suggestions (submitted_on, staff_id, text) VALUES (?1, ?2, ?3)",
            params![today, by, text],
        )?;
        let id = SuggestionId(tx.last_insert_rowid());
        let after = load(tx, id)?;
        if input.anonymous {
            // The day, not the minute, and no one's name or account.
            audit::record_dated(
                tx,
                &Actor::anonymous(),
                &format!("{today}T00:00:00Z"),
                subject(&after),
                "created",
            )
        } else {
            audit::created(tx, actor, subject(&after), &Audited::of(&after))
        }?;
        Ok(id)
    })?;
    load(db.conn(), id)
}

/// Records what was decided and what came of it; shared on the board.
pub fn decide(
    db: &mut Db,
    actor: &Actor,
    id: SuggestionId,
    input: &DecisionInput,
    today: NaiveDate,
) -> Result<Suggestion> {
    actor.require(Permission::RecordService)?;
    let mut problems = Problems::default();
    let decision = problems.given(
        "decision",
        input.decision,
        "Choose what was decided: adopted, trying it or declined",
    );
    let outcome = problems.check(text::optional(
        "outcome",
        "What came of it",
        &input.outcome,
        2000,
    ))?;
    problems.done()?;
    db.write(|tx| {
        let before = load(tx, id)?;
        let decided_on = before.decided_on.unwrap_or(today);
        tx.execute(
            "UPDATE suggestions SET decision = ?2, decided_on = ?3, outcome = ?4 WHERE id = ?1",
            params![id, decision, decided_on, outcome],
        )?;
        let after = load(tx, id)?;
        audit::updated(
            tx,
            actor,
            subject(&before),
            &Audited::of(&before),
            &Audited::of(&after),
        )
    })?;
    load(db.conn(), id)
}

/// A suggestion as the audit trail records it (a signed one only).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Audited<'a> {
    text: &'a str,
    decision: Option<&'static str>,
    decided_on: Option<NaiveDate>,
    outcome: &'a str,
}

impl<'a> Audited<'a> {
    fn of(s: &'a Suggestion) -> Self {
        Audited {
            text: &s.text,
            decision: s.decision.map(Decision::label),
            decided_on: s.decided_on,
            outcome: &s.outcome,
        }
    }
}

fn subject(s: &Suggestion) -> Subject<'_> {
    let subject = Subject::of(Entity::Suggestion, s.id.0, "Suggestion", &s.text);
    match &s.by {
        Some(p) => subject.about(p.id),
        None => subject,
    }
}
