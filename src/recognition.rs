//! Recognition of good service: a thank-you from a manager or from a
//! colleague at the kiosk, to one person or several, for something that
//! happened on a day, optionally naming the service standard it shows.
//!
//! Recent thank-yous are on the kiosk's wall for everyone; a person may hide
//! one about themselves from it (the others thanked in it stay). Each prints
//! as a one-page certificate. A thank-you is evidence on the person's
//! evaluation; only the owner or a manager may remove one.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::{RecognitionId, StaffId, StandardId};
use crate::staff::{self, StaffRef};
use crate::storage::Where;
use crate::storage::{timestamp, Db, Readable};
use crate::text;

/// How far back the kiosk's wall reaches, and how many it shows at most.
pub const WALL_DAYS: i64 = 90;
pub const WALL_SIZE: usize = 20;
/// Most people one thank-you may name.
pub const MOST_PEOPLE: usize = 50;

/// A standard named by a record: its id and what it says (latest version).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StandardRef {
    pub id: StandardId,
    pub statement: String,
}

/// One person thanked, and whether they hid it from the kiosk's wall.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Thanked {
    pub staff: StaffRef,
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Recognition {
    pub id: RecognitionId,
    pub happened_on: NaiveDate,
    pub what: String,
    pub standard: Option<StandardRef>,
    /// Who said thank you, as they were signed in.
    pub from_name: String,
    /// Their staff record, if they have one.
    pub from_staff: Option<StaffId>,
    /// In name order.
    pub people: Vec<Thanked>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct RecognitionInput {
    pub staff_ids: Vec<StaffId>,
    /// What happened: "stayed late to fit in a patient in pain".
    pub what: String,
    pub standard_id: Option<StandardId>,
    /// `YYYY-MM-DD`: when it happened; not in the future.
    pub happened_on: String,
}

/// Which thank-yous to list; all of them when empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct RecognitionFilter {
    /// Only those thanking this person.
    pub staff_id: Option<StaffId>,
    /// Only those given by this person.
    pub from_staff: Option<StaffId>,
    /// `YYYY-MM-DD`, inclusive; empty: no bound.
    pub from: String,
    pub to: String,
}

/// A thank-you as the kiosk's wall shows it: the people who did not hide it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct WallEntry {
    pub id: RecognitionId,
    pub happened_on: NaiveDate,
    pub what: String,
    pub standard: Option<StandardRef>,
    pub from_name: String,
    pub people: Vec<StaffRef>,
    /// The signed-in person is thanked in it (and so may hide it).
    pub about_me: bool,
    /// The signed-in person hid it: shown to them alone, marked hidden.
    pub hidden_by_me: bool,
}

const SELECT: &str = "SELECT r.id, r.happened_on, r.what, r.standard_id,
        (SELECT v.statement FROM standard_versions v WHERE v.standard_id = r.standard_id
          ORDER BY v.version DESC LIMIT 1),
        r.from_name, r.from_staff
   FROM recognitions r";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Recognition> {
    let standard_id: Option<StandardId> = r.get(3)?;
    let statement: Option<String> = r.get(4)?;
    Ok(Recognition {
        id: r.get(0)?,
        happened_on: r.get(1)?,
        what: r.get(2)?,
        standard: standard_id.map(|id| StandardRef {
            id,
            statement: statement.unwrap_or_default(),
        }),
        from_name: r.get(5)?,
        from_staff: r.get(6)?,
        people: Vec::new(),
    })
}

/// The people thanked in each of `list` (one indexed read each).
fn with_people(conn: &Connection, mut list: Vec<Recognition>) -> Result<Vec<Recognition>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.staff_id, s.name, p.hidden FROM recognition_people p
           JOIN staff s ON s.id = p.staff_id
          WHERE p.recognition_id = ?1 ORDER BY s.search_key, s.id",
    )?;
    for r in &mut list {
        r.people = stmt
            .query_map([r.id], |row| {
                Ok(Thanked {
                    staff: StaffRef::from_columns(row, 0)?,
                    hidden: row.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(list)
}

pub(crate) fn load(conn: &Connection, id: RecognitionId) -> Result<Recognition> {
    let found = conn
        .query_row(&format!("{SELECT} WHERE r.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::not_found("Thank-you", id.0))?;
    Ok(with_people(conn, vec![found])?.remove(0))
}

/// One thank-you: the owner and managers, the people it thanks, and whoever gave it.
pub fn get(conn: &dyn Readable, actor: &Actor, id: RecognitionId) -> Result<Recognition> {
    let conn = crate::storage::sql(conn);
    let r = load(conn, id)?;
    may_see(actor, &r)?;
    Ok(r)
}

fn may_see(actor: &Actor, r: &Recognition) -> Result<()> {
    let mine =
        r.people.iter().any(|p| actor.is(p.staff.id)) || r.from_staff.is_some_and(|s| actor.is(s));
    if mine {
        Ok(())
    } else {
        actor.require(Permission::ViewStaff)
    }
}

/// Thank-yous, newest first. The owner and managers see everyone's; a staff
/// member may list only those thanking them or given by them.
pub fn list(
    conn: &dyn Readable,
    actor: &Actor,
    filter: &RecognitionFilter,
) -> Result<Vec<Recognition>> {
    let conn = crate::storage::sql(conn);
    let own = filter
        .staff_id
        .or(filter.from_staff)
        .is_some_and(|p| actor.is(p));
    if !own {
        actor.require(Permission::ViewStaff)?;
    }
    let mut problems = Problems::default();
    let from = problems.check(text::optional_date(
        "from",
        "From",
        Some(filter.from.as_str()),
    ))?;
    let to = problems.check(text::optional_date("to", "To", Some(filter.to.as_str())))?;
    problems.done()?;
    list_between(conn, filter.staff_id, filter.from_staff, from, to)
}

/// Thank-yous matching the filter, newest first, whoever asks.
pub(crate) fn list_between(
    conn: &Connection,
    thanked: Option<StaffId>,
    given_by: Option<StaffId>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<Recognition>> {
    let filters = Where::default()
        .filter(
            "r.id IN (SELECT recognition_id FROM recognition_people WHERE staff_id = ?)",
            thanked,
        )
        .filter("r.from_staff = ?", given_by)
        .filter("r.happened_on >= ?", from)
        .filter("r.happened_on <= ?", to);
    let list = crate::storage::all(
        conn,
        &format!(
            "{SELECT}{} ORDER BY r.happened_on DESC, r.id DESC",
            filters.sql()
        ),
        filters.params(),
        from_row,
    )?;
    with_people(conn, list)
}

/// The kiosk's wall: the thank-yous of the last [`WALL_DAYS`] days, newest
/// first, at most [`WALL_SIZE`], each naming the people who did not hide it
/// (one all its people hid is not shown). Everyone signed in sees it; a
/// person who hid one still sees it, marked, so they can show it again.
pub fn wall(conn: &dyn Readable, actor: &Actor, today: NaiveDate) -> Result<Vec<WallEntry>> {
    actor.require(Permission::UsePractice)?;
    let conn = crate::storage::sql(conn);
    let since = today - Duration::days(WALL_DAYS);
    let recent = crate::storage::all(
        conn,
        &format!(
            "{SELECT} WHERE r.happened_on >= ?1 AND r.happened_on <= ?2
              ORDER BY r.happened_on DESC, r.id DESC LIMIT ?3"
        ),
        params![since, today, (WALL_SIZE * 3) as i64],
        from_row,
    )?;
    let mut wall = Vec::new();
    for r in with_people(conn, recent)? {
        let me = r.people.iter().find(|p| actor.is(p.staff.id));
        let shown: Vec<StaffRef> = r
            .people
            .iter()
            .filter(|p| !p.hidden)
            .map(|p| p.staff.clone())
            .collect();
        let hidden_by_me = me.is_some_and(|p| p.hidden);
        if shown.is_empty() && !hidden_by_me {
            continue;
        }
        wall.push(WallEntry {
            id: r.id,
            happened_on: r.happened_on,
            what: r.what,
            standard: r.standard,
            from_name: r.from_name,
            people: shown,
            about_me: me.is_some(),
            hidden_by_me,
        });
        if wall.len() == WALL_SIZE {
            break;
        }
    }
    Ok(wall)
}

/// The active colleagues a person at the kiosk may thank: everyone active but
/// themselves, by name. Names only, as the kiosk's sign-in list shows them.
pub fn colleagues(conn: &dyn Readable, actor: &Actor) -> Result<Vec<StaffRef>> {
    actor.require(Permission::UsePractice)?;
    let conn = crate::storage::sql(conn);
    crate::storage::all(
        conn,
        "SELECT id, name FROM staff WHERE status = 'active' AND id IS NOT ?1
          ORDER BY search_key, id",
        [actor.staff()],
        |r| StaffRef::from_columns(r, 0),
    )
}

struct Valid {
    people: Vec<StaffId>,
    what: String,
    standard: Option<StandardId>,
    happened_on: NaiveDate,
}

fn validate(
    conn: &Connection,
    actor: &Actor,
    input: &RecognitionInput,
    today: NaiveDate,
) -> Result<Valid> {
    let mut problems = Problems::default();
    let mut people: Vec<StaffId> = Vec::new();
    for id in &input.staff_ids {
        if !people.contains(id) {
            people.push(*id);
        }
    }
    if people.is_empty() {
        problems.note("staffIds", "Choose whom to thank");
    } else if people.len() > MOST_PEOPLE {
        problems.note(
            "staffIds",
            format!("One thank-you may name at most {MOST_PEOPLE} people"),
        );
    } else if people.iter().any(|p| actor.is(*p)) {
        problems.note("staffIds", "You cannot thank yourself");
    } else {
        for id in &people {
            match staff::ensure_exists(conn, "staffIds", *id) {
                Ok(s) if s.status == staff::StaffStatus::Left => {
                    problems.note("staffIds", format!("{} has left the practice", s.name));
                }
                Ok(_) => {}
                Err(e) => {
                    problems.check::<()>(Err(e))?;
                }
            }
        }
    }
    let what = problems.check(text::required("what", "What happened", &input.what, 1000))?;
    if let Some(id) = input.standard_id {
        problems.check(crate::standards::ensure_exists(conn, "standardId", id))?;
    }
    let happened_on = problems.check(
        text::date("happenedOn", "The day it happened", &input.happened_on).and_then(|d| {
            if d > today {
                Err(Error::invalid(
                    "happenedOn",
                    "The day it happened cannot be in the future",
                ))
            } else {
                Ok(d)
            }
        }),
    )?;
    problems.done()?;
    Ok(Valid {
        people,
        what,
        standard: input.standard_id,
        happened_on,
    })
}

/// Records a thank-you. The owner and managers may thank anyone; anyone else
/// with a staff record (a colleague at the kiosk) may thank anyone but
/// themselves. It is given in the signed-in person's name, never the form's.
pub fn give(
    db: &mut Db,
    actor: &Actor,
    input: &RecognitionInput,
    today: NaiveDate,
) -> Result<Recognition> {
    if actor.staff().is_none() {
        actor.require(Permission::RecordService)?;
    }
    let id = db.write(|tx| {
        let v = validate(tx, actor, input, today)?;
        tx.execute(
            "INSERT INTO recognitions (happened_on, what, standard_id, from_staff, from_name, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![v.happened_on, v.what, v.standard, actor.staff(), actor.name(), timestamp()],
        )?;
        let id = RecognitionId(tx.last_insert_rowid());
        let mut stmt = tx.prepare_cached(
            "INSERT INTO recognition_people (recognition_id, staff_id) VALUES (?1, ?2)",
        )?;
        for p in &v.people {
            stmt.execute(params![id, p])?;
        }
        let after = load(tx, id)?;
        let names = names(&after);
        for p in &after.people {
            audit::created(tx, actor, subject(&after, &names).about(p.staff.id), &Audited::of(&after))?;
        }
        Ok(id)
    })?;
    load(db.conn(), id)
}

/// Hides a thank-you from the kiosk's wall, or shows it again: only a person
/// it thanks, for themselves.
pub fn set_hidden(
    db: &mut Db,
    actor: &Actor,
    id: RecognitionId,
    hidden: bool,
) -> Result<Recognition> {
    db.write(|tx| {
        let before = load(tx, id)?;
        let Some(me) = before.people.iter().find(|p| actor.is(p.staff.id)) else {
            return Err(Error::Forbidden {
                message: "Only a person thanked may hide a thank-you from the wall".into(),
            });
        };
        if me.hidden == hidden {
            return Ok(());
        }
        tx.execute(
            "UPDATE recognition_people SET hidden = ?1 WHERE recognition_id = ?2 AND staff_id = ?3",
            params![hidden, id, me.staff.id],
        )?;
        let word = |h: bool| if h { "Hidden" } else { "Shown" };
        let names = names(&before);
        audit::record_about(
            tx,
            actor,
            subject(&before, &names).about(me.staff.id),
            "updated",
            &[audit::Change::new(
                "On the kiosk's wall",
                word(me.hidden),
                word(hidden),
            )],
        )
    })?;
    load(db.conn(), id)
}

/// Removes a thank-you (one given by mistake, or unkind): the owner or a manager.
pub fn delete(db: &mut Db, actor: &Actor, id: RecognitionId) -> Result<()> {
    actor.require(Permission::RecordService)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        tx.execute("DELETE FROM recognitions WHERE id = ?1", [id])?;
        let names = names(&before);
        for p in &before.people {
            audit::deleted(
                tx,
                actor,
                subject(&before, &names).about(p.staff.id),
                &Audited::of(&before),
            )?;
        }
        Ok(())
    })
}

/// A thank-you as the audit trail records it: the names of those thanked,
/// the standard by what it says.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Audited<'a> {
    happened_on: NaiveDate,
    what: &'a str,
    standard: Option<&'a str>,
    from: &'a str,
    thanked: Vec<&'a str>,
}

impl<'a> Audited<'a> {
    fn of(r: &'a Recognition) -> Self {
        Audited {
            happened_on: r.happened_on,
            what: &r.what,
            standard: r.standard.as_ref().map(|s| s.statement.as_str()),
            from: &r.from_name,
            thanked: r.people.iter().map(|p| p.staff.name.as_str()).collect(),
        }
    }
}

/// "Ana Lima and Sam Okafor": whom a thank-you is for, in the trail's summary.
fn names(r: &Recognition) -> String {
    let names: Vec<String> = r.people.iter().map(|p| p.staff.name.clone()).collect();
    format!("to {}", text::names_in_words(&names, names.len()))
}

fn subject<'a>(r: &Recognition, names: &'a str) -> Subject<'a> {
    Subject::of(Entity::Recognition, r.id.0, "Thank-you", names)
}
