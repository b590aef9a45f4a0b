//! SWOT worksheets of internal customer service: dated, with who took part,
//! four quadrants of short items the team writes freely. The app seeds a new
//! worksheet with prompts from the records (`prompts`): strengths from
//! standards met often and frequent thanks, weaknesses from standards met
//! rarely, complaints and overdue training, opportunities from adopted
//! suggestions and the job swaps the service map suggests, threats from
//! leavers and licences expiring. Earlier worksheets are kept to compare.

use std::collections::HashSet;

use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::{text_enum, StaffId, SwotId};
use crate::staff::{self, StaffRef};
use crate::storage::{timestamp, Db, Readable};
use crate::text;

text_enum! {
    pub enum Quadrant { Strength = "strength", Weakness = "weakness", Opportunity = "opportunity", Threat = "threat" }
}

impl Quadrant {
    pub fn label(self) -> &'static str {
        match self {
            Quadrant::Strength => "Strengths",
            Quadrant::Weakness => "Weaknesses",
            Quadrant::Opportunity => "Opportunities",
            Quadrant::Threat => "Threats",
        }
    }
}

/// The most items in one quadrant: what fits a quarter of a page.
pub const MAX_ITEMS: usize = 12;
/// The longest item, in characters.
pub const MAX_ITEM_CHARS: usize = 200;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct Quadrants {
    pub strengths: Vec<String>,
    pub weaknesses: Vec<String>,
    pub opportunities: Vec<String>,
    pub threats: Vec<String>,
}

impl Quadrants {
    pub fn of(&self, q: Quadrant) -> &[String] {
        match q {
            Quadrant::Strength => &self.strengths,
            Quadrant::Weakness => &self.weaknesses,
            Quadrant::Opportunity => &self.opportunities,
            Quadrant::Threat => &self.threats,
        }
    }

    fn of_mut(&mut self, q: Quadrant) -> &mut Vec<String> {
        match q {
            Quadrant::Strength => &mut self.strengths,
            Quadrant::Weakness => &mut self.weaknesses,
            Quadrant::Opportunity => &mut self.opportunities,
            Quadrant::Threat => &mut self.threats,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Worksheet {
    pub id: SwotId,
    pub title: String,
    pub held_on: NaiveDate,
    pub participants: Vec<StaffRef>,
    pub items: Quadrants,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct WorksheetInput {
    pub title: String,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    pub participant_ids: Vec<StaffId>,
    pub items: Quadrants,
}

/// Every worksheet, newest first; anyone signed in may read them.
pub fn list(conn: &dyn Readable, actor: &Actor) -> Result<Vec<Worksheet>> {
    actor.require(Permission::UsePractice)?;
    let conn = crate::storage::sql(conn);
    let ids = crate::storage::all(
        conn,
        "SELECT id FROM swot_worksheets ORDER BY held_on DESC, id DESC",
        [],
        |r| r.get::<_, SwotId>(0),
    )?;
    ids.into_iter().map(|id| load(conn, id)).collect()
}

pub fn get(conn: &dyn Readable, actor: &Actor, id: SwotId) -> Result<Worksheet> {
    actor.require(Permission::UsePractice)?;
    load(crate::storage::sql(conn), id)
}

pub(crate) fn load(conn: &Connection, id: SwotId) -> Result<Worksheet> {
    let (title, held_on) = conn
        .query_row(
            "SELECT title, held_on FROM swot_worksheets WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(Error::not_found("SWOT worksheet", id.0))?;
    let participants = crate::storage::all(
        conn,
        "SELECT s.id, s.name FROM swot_participants p JOIN staff s ON s.id = p.staff_id
          WHERE p.worksheet_id = ?1 ORDER BY s.search_key, s.id",
        [id],
        |r| StaffRef::from_columns(r, 0),
    )?;
    let mut items = Quadrants::default();
    for (q, t) in crate::storage::all(
        conn,
        "SELECT quadrant, text FROM swot_items WHERE worksheet_id = ?1 ORDER BY quadrant, position",
        [id],
        |r| Ok((r.get::<_, Quadrant>(0)?, r.get::<_, String>(1)?)),
    )? {
        items.of_mut(q).push(t);
    }
    Ok(Worksheet {
        id,
        title,
        held_on,
        participants,
        items,
    })
}

/// Prompts for a new worksheet from the last twelve months' records, for the
/// team to keep, reword or drop.
pub fn prompts(conn: &dyn Readable, actor: &Actor, today: NaiveDate) -> Result<Quadrants> {
    actor.require(Permission::ViewStaff)?;
    let conn = crate::storage::sql(conn);
    let from = today - Days::new(365);
    let mut q = Quadrants::default();
    let rates = crate::service_checks::rates(conn, None, from, today)?;
    for r in &rates {
        let (met, checks) = (r.rate.met, r.rate.checks);
        if checks < 5 {
            continue;
        }
        let percent = met * 100 / checks;
        if percent >= 90 {
            q.strengths.push(format!(
                "“{}” met {}% of the time",
                r.standard.statement, percent
            ));
        } else if percent < 75 {
            q.weaknesses.push(format!(
                "“{}” met only {}% of the time",
                r.standard.statement, percent
            ));
        }
    }
    let thanks: u32 = conn.query_row(
        "SELECT COUNT(*) FROM recognitions WHERE happened_on BETWEEN ?1 AND ?2",
        params![from, today],
        |r| r.get(0),
    )?;
    if thanks > 0 {
        q.strengths.push(format!(
            "{} thank-yous between colleagues in the last year",
            thanks
        ));
    }
    let complaints: u32 = conn.query_row(
        "SELECT COUNT(*) FROM patient_feedback WHERE kind = 'complaint' AND received_on BETWEEN ?1 AND ?2",
        params![from, today],
        |r| r.get(0),
    )?;
    if complaints > 0 {
        q.weaknesses.push(format!(
            "{} patient complaints in the last year",
            complaints
        ));
    }
    let overdue = crate::due::due_items(conn, None, today)?
        .iter()
        .filter(|i| {
            matches!(
                i.state,
                crate::due::DueState::Overdue | crate::due::DueState::NeverDone
            )
        })
        .count();
    if overdue > 0 {
        q.weaknesses.push(format!(
            "{} required courses overdue or never done",
            overdue
        ));
    }
    let adopted = crate::storage::all(
        conn,
        "SELECT text FROM suggestions WHERE decision = 'adopted' AND decided_on BETWEEN ?1 AND ?2
          ORDER BY decided_on DESC LIMIT 3",
        params![from, today],
        |r| r.get::<_, String>(0),
    )?;
    for s in adopted {
        q.opportunities
            .push(format!("Adopted suggestion: {}", first_line(&s, 120)));
    }
    let mut seen = HashSet::new();
    for s in crate::job_swaps::suggestions(conn, actor)?
        .into_iter()
        .take(3)
    {
        if seen.insert((s.role.id, s.host_role.id)) {
            q.opportunities.push(format!(
                "Job swaps: {} with {} ({})",
                s.role.name, s.host_role.name, s.why
            ));
        }
    }
    let left: u32 = conn.query_row(
        "SELECT COUNT(*) FROM staff WHERE status = 'left' AND end_date BETWEEN ?1 AND ?2",
        params![from, today],
        |r| r.get(0),
    )?;
    if left > 0 {
        q.threats.push(format!(
            "{} {} left in the last year",
            left,
            if left == 1 { "person" } else { "people" }
        ));
    }
    let statuses = crate::licences::licence_statuses(conn, None, today)?;
    let expiring = statuses
        .iter()
        .filter(|s| s.state != crate::licences::LicenceState::Current)
        .count();
    if expiring > 0 {
        q.threats.push(format!(
            "{} licences expiring, expired or missing",
            expiring
        ));
    }
    for list in [
        &mut q.strengths,
        &mut q.weaknesses,
        &mut q.opportunities,
        &mut q.threats,
    ] {
        list.truncate(MAX_ITEMS);
    }
    Ok(q)
}

fn first_line(s: &str, max: usize) -> String {
    let line = s.lines().next().unwrap_or_default();
    if line.chars().count() <= max {
        line.to_owned()
    } else {
        let mut cut: String = line.chars().take(max).collect();
        cut.push('…');
        cut
    }
}

struct Valid {
    title: String,
    held_on: NaiveDate,
    items: Quadrants,
}

fn validate(conn: &Connection, input: &WorksheetInput, today: NaiveDate) -> Result<Valid> {
    let mut problems = Problems::default();
    let title = problems.check(text::required("title", "Title", &input.title, 200))?;
    let held_on = problems.check(text::date("heldOn", "Date", &input.held_on).map(Some))?;
    if let Some(d) = held_on.filter(|d| *d > today) {
        problems.note("heldOn", format!("Date {d} is in the future"));
    }
    for id in &input.participant_ids {
        problems.check(staff::ensure_exists(conn, "participantIds", *id).map(|_| ()))?;
    }
    let mut items = Quadrants::default();
    for q in Quadrant::ALL {
        let field = match q {
            Quadrant::Strength => "strengths",
            Quadrant::Weakness => "weaknesses",
            Quadrant::Opportunity => "opportunities",
            Quadrant::Threat => "threats",
        };
        let given = input.items.of(*q);
        let kept: Vec<&String> = given.iter().filter(|t| !t.trim().is_empty()).collect();
        if kept.len() > MAX_ITEMS {
            problems.note(
                field,
                format!(
                    "{}: at most {MAX_ITEMS} items, so the sheet fits on one page",
                    q.label()
                ),
            );
        }
        for t in kept.into_iter().take(MAX_ITEMS) {
            let item = problems.check(text::required(field, q.label(), t, MAX_ITEM_CHARS))?;
            items.of_mut(*q).push(item);
        }
    }
    problems.done()?;
    let Some(held_on) = held_on else {
        return Err(Error::invalid("heldOn", "Give the date"));
    };
    Ok(Valid {
        title,
        held_on,
        items,
    })
}

fn save_parts(tx: &Transaction<'_>, id: SwotId, input: &WorksheetInput, v: &Valid) -> Result<()> {
    tx.execute(
        "DELETE FROM swot_participants WHERE worksheet_id = ?1",
        [id],
    )?;
    tx.execute("DELETE FROM swot_items WHERE worksheet_id = ?1", [id])?;
    for p in &input.participant_ids {
        tx.execute(
            "INSERT OR IGNORE INTO swot_participants (worksheet_id, staff_id) VALUES (?1, ?2)",
            params![id, p],
        )?;
    }
    for q in Quadrant::ALL {
        for (i, t) in v.items.of(*q).iter().enumerate() {
            tx.execute(
                "INSERT INTO swot_items (worksheet_id, quadrant, position, text) VALUES (?1, ?2, ?3, ?4)",
                params![id, q, i as i64, t],
            )?;
        }
    }
    Ok(())
}

/// Saves a new worksheet. The owner's and managers'.
pub fn create(
    db: &mut Db,
    actor: &Actor,
    input: &WorksheetInput,
    today: NaiveDate,
) -> Result<Worksheet> {
    actor.require(Permission::EditStandards)?;
    let id = db.write(|tx| insert(tx, actor, input, today))?;
    load(db.conn(), id)
}

pub(crate) fn insert(
    tx: &Transaction<'_>,
    actor: &Actor,
    input: &WorksheetInput,
    today: NaiveDate,
) -> Result<SwotId> {
    let v = validate(tx, input, today)?;
    let now = timestamp();
    tx.execute(
        "INSERT INTO swot_worksheets (title, held_on, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        params![v.title, v.held_on, now],
    )?;
    let id = SwotId(tx.last_insert_rowid());
    save_parts(tx, id, input, &v)?;
    let after = load(tx, id)?;
    audit::created(tx, actor, subject(&after), &after)?;
    Ok(id)
}

pub fn update(
    db: &mut Db,
    actor: &Actor,
    id: SwotId,
    input: &WorksheetInput,
    today: NaiveDate,
) -> Result<Worksheet> {
    actor.require(Permission::EditStandards)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        let v = validate(tx, input, today)?;
        tx.execute(
            "UPDATE swot_worksheets SET title = ?1, held_on = ?2, updated_at = ?3 WHERE id = ?4",
            params![v.title, v.held_on, timestamp(), id],
        )?;
        save_parts(tx, id, input, &v)?;
        let after = load(tx, id)?;
        audit::updated(tx, actor, subject(&before), &before, &after)
    })?;
    load(db.conn(), id)
}

pub fn delete(db: &mut Db, actor: &Actor, id: SwotId) -> Result<()> {
    actor.require(Permission::EditStandards)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        tx.execute("DELETE FROM swot_worksheets WHERE id = ?1", [id])?;
        audit::deleted(tx, actor, subject(&before), &before)
    })
}

fn subject(w: &Worksheet) -> Subject<'_> {
    Subject::of(Entity::Swot, w.id.0, "SWOT worksheet", &w.title)
}
