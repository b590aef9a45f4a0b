//! Job swaps: a person spends time in the role their work serves (or is
//! served by), shown the work by a host colleague, and writes down what they
//! learned about how their work affects the next person in the chain.
//!
//! A swap counts as training: recording one records a completion of the
//! catalog's cross-training course ("Job swap", made the first time it is
//! needed) for its hours on its last day, so it is on the person's
//! transcript; correcting or deleting the swap corrects or deletes that
//! record with it. The service map suggests swaps: for each pair of roles
//! where one serves the other, the people of each who have not spent time in
//! the other yet.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::courses::MAX_HOURS;
use crate::error::{Error, Problems, Result};
use crate::ids::{CourseId, RecordId, RoleId, StaffId, SwapId};
use crate::roles::RoleRef;
use crate::staff::{self, StaffRef, StaffStatus};
use crate::storage::{timestamp, Db, Readable};
use crate::text;

/// The catalog's course a job swap is recorded as.
pub const SWAP_COURSE: &str = "Job swap";

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct JobSwap {
    pub id: SwapId,
    pub staff: StaffRef,
    pub host_role: Option<RoleRef>,
    pub host_department: String,
    /// The colleague who explained the work.
    pub host: Option<StaffRef>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[specta(type = specta_typescript::Number)]
    pub hours: f64,
    /// What they learned about how their work affects the next person.
    pub learned: String,
    /// The training record it counts as.
    pub training_record_id: Option<RecordId>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct JobSwapInput {
    pub staff_id: Option<StaffId>,
    pub host_role_id: Option<RoleId>,
    pub host_department: String,
    pub host_id: Option<StaffId>,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    /// `YYYY-MM-DD`; empty: the same day.
    pub ends_on: String,
    #[specta(type = Option<specta_typescript::Number>)]
    pub hours: Option<f64>,
    pub learned: String,
}

/// A swap the service map suggests: people of `role` who have not yet spent
/// time in `host_role`, which their role serves or is served by.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SwapSuggestion {
    pub role: RoleRef,
    pub host_role: RoleRef,
    /// "Receptionist serves Dental hygienist".
    pub why: String,
    pub people: Vec<StaffRef>,
}

const SELECT: &str = "SELECT j.id, j.staff_id, s.name, j.host_role_id, r.name, j.host_department,
        j.host_staff_id, h.name, j.starts_on, j.ends_on, j.hours, j.learned, j.training_record_id
    FROM job_swaps j
    JOIN staff s ON s.id = j.staff_id
    LEFT JOIN job_roles r ON r.id = j.host_role_id
    LEFT JOIN staff h ON h.id = j.host_staff_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<JobSwap> {
    let role: Option<RoleId> = r.get(3)?;
    let role_name: Option<String> = r.get(4)?;
    Ok(JobSwap {
        id: r.get(0)?,
        staff: StaffRef::from_columns(r, 1)?,
        host_role: role.zip(role_name).map(|(id, name)| RoleRef { id, name }),
        host_department: r.get(5)?,
        host: StaffRef::optional_from_columns(r, 6)?,
        starts_on: r.get(8)?,
        ends_on: r.get(9)?,
        hours: r.get(10)?,
        learned: r.get(11)?,
        training_record_id: r.get(12)?,
    })
}

pub(crate) fn load(conn: &Connection, id: SwapId) -> Result<JobSwap> {
    conn.query_row(&format!("{SELECT} WHERE j.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::not_found("Job swap", id.0))
}

/// Every swap, newest first (one person's: theirs to read at the kiosk).
pub fn list(conn: &dyn Readable, actor: &Actor, person: Option<StaffId>) -> Result<Vec<JobSwap>> {
    match person {
        Some(p) => actor.require_self_or(p, Permission::ViewStaff)?,
        None => actor.require(Permission::ViewStaff)?,
    }
    let conn = crate::storage::sql(conn);
    match person {
        Some(p) => crate::storage::all(
            conn,
            &format!("{SELECT} WHERE j.staff_id = ?1 ORDER BY j.ends_on DESC, j.id DESC"),
            [p],
            from_row,
        ),
        None => crate::storage::all(
            conn,
            &format!("{SELECT} ORDER BY j.ends_on DESC, j.id DESC"),
            [],
            from_row,
        ),
    }
}

struct Valid {
    staff_id: StaffId,
    host_role_id: Option<RoleId>,
    host_department: String,
    host_id: Option<StaffId>,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    hours: f64,
    learned: String,
    /// For the record's notes: who and where.
    host_words: String,
    person_name: String,
}

fn validate(conn: &Connection, input: &JobSwapInput, today: NaiveDate) -> Result<Valid> {
    let mut problems = Problems::default();
    let person = match problems.given("staffId", input.staff_id, "Choose who swapped") {
        Some(id) => problems.check(staff::ensure_exists(conn, "staffId", id).map(Some))?,
        None => None,
    };
    let role = match input.host_role_id {
        Some(id) => problems
            .check(crate::roles::ensure_exists(conn, "hostRoleId", id).map(|()| Some(id)))?,
        None => None,
    };
    let department = problems.check(text::optional(
        "hostDepartment",
        "Host department",
        &input.host_department,
        100,
    ))?;
    if input.host_role_id.is_none() && department.is_empty() {
        problems.note(
            "hostRoleId",
            "Choose the role (or write the department) they spent time in",
        );
    }
    let host = match input.host_id {
        Some(id) => problems.check(staff::ensure_exists(conn, "hostId", id).map(Some))?,
        None => None,
    };
    let starts_on =
        problems.check(text::date("startsOn", "First day", &input.starts_on).map(Some))?;
    let ends_on = if input.ends_on.trim().is_empty() {
        starts_on
    } else {
        problems.check(text::date("endsOn", "Last day", &input.ends_on).map(Some))?
    };
    let learned = problems.check(text::optional(
        "learned",
        "What they learned",
        &input.learned,
        4000,
    ))?;
    let hours = match input.hours {
        Some(h) if h.is_finite() && h > 0.0 && h <= MAX_HOURS => h,
        _ => {
            problems.note(
                "hours",
                format!("Hours must be more than 0 and at most {MAX_HOURS}"),
            );
            0.0
        }
    };
    if let (Some(a), Some(b)) = (starts_on, ends_on) {
        if b < a {
            problems.note(
                "endsOn",
                format!("Last day {b} is before the first day {a}"),
            );
        }
        if b > today {
            problems.note(
                "endsOn",
                format!("Last day {b} is in the future: record a swap once it is done"),
            );
        }
    }
    if let (Some(p), Some(h)) = (&person, &host) {
        if p.id == h.id {
            problems.note(
                "hostId",
                "The host is the colleague who showed them the work, not themselves",
            );
        }
    }
    if let (Some(p), Some(on)) = (&person, starts_on) {
        if let Some(hired) = p.hire_date.filter(|h| on < *h) {
            problems.note(
                "startsOn",
                format!("First day {on} is before {} was hired ({hired})", p.name),
            );
        }
        if let (StaffStatus::Left, Some(end)) = (p.status, p.end_date) {
            if ends_on.is_some_and(|e| e > end) {
                problems.note(
                    "endsOn",
                    format!("Last day is after {} left ({end})", p.name),
                );
            }
        }
    }
    problems.done()?;
    let (Some(person), Some(starts_on), Some(ends_on)) = (person, starts_on, ends_on) else {
        return Err(Error::invalid("staffId", "Choose who swapped"));
    };
    let role_name: Option<String> = match role {
        Some(id) => conn
            .query_row("SELECT name FROM job_roles WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?,
        None => None,
    };
    let place = role_name.unwrap_or_else(|| department.clone());
    let host_words = match &host {
        Some(h) => format!("Job swap with {} ({place})", h.name),
        None => format!("Job swap in {place}"),
    };
    Ok(Valid {
        staff_id: person.id,
        host_role_id: role,
        host_department: department,
        host_id: host.map(|h| h.id),
        starts_on,
        ends_on,
        hours,
        learned,
        host_words,
        person_name: person.name,
    })
}

/// The catalog's cross-training course, made the first time it is needed.
fn swap_course(tx: &Transaction<'_>, actor: &Actor) -> Result<CourseId> {
    let found: Option<CourseId> = tx
        .query_row(
            "SELECT id FROM courses WHERE title_key = ?1",
            [text::unique_key(SWAP_COURSE)],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO courses (title, title_key, category, provider, default_hours, description)
         VALUES (?1, ?2, 'cross_training', 'In house', 4, ?3)",
        params![
            SWAP_COURSE,
            text::unique_key(SWAP_COURSE),
            "Time spent in another role, shown the work by a colleague there: how our work affects the next person in the chain."
        ],
    )?;
    let id = CourseId(tx.last_insert_rowid());
    let course = crate::courses::load(tx, id)?;
    audit::created(
        tx,
        actor,
        Subject::of(Entity::Course, id.0, "Course", SWAP_COURSE),
        &course,
    )?;
    Ok(id)
}

/// Records a swap and the training it counts as, in one transaction. The
/// owner's and managers'.
pub fn record(
    db: &mut Db,
    actor: &Actor,
    input: &JobSwapInput,
    today: NaiveDate,
) -> Result<JobSwap> {
    actor.require(Permission::EditTraining)?;
    let id = db.write(|tx| insert(tx, actor, input, today))?;
    load(db.conn(), id)
}

pub(crate) fn insert(
    tx: &Transaction<'_>,
    actor: &Actor,
    input: &JobSwapInput,
    today: NaiveDate,
) -> Result<SwapId> {
    let v = validate(tx, input, today)?;
    let course = swap_course(tx, actor)?;
    let record = crate::training::insert(
        tx,
        actor,
        &crate::training::TrainingInput {
            staff_id: Some(v.staff_id),
            course_id: Some(course),
            completed_on: v.ends_on.to_string(),
            hours: Some(v.hours),
            notes: v.host_words.clone(),
            ..Default::default()
        },
        today,
    )?;
    tx.execute(
        "INSERT INTO job_swaps (staff_id, host_role_id, host_department, host_staff_id, starts_on,
                                ends_on, hours, learned, training_record_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            v.staff_id,
            v.host_role_id,
            v.host_department,
            v.host_id,
            v.starts_on,
            v.ends_on,
            v.hours,
            v.learned,
            record,
            timestamp()
        ],
    )?;
    let id = SwapId(tx.last_insert_rowid());
    let after = load(tx, id)?;
    let label = format!("{}, {}", v.person_name, v.host_words);
    audit::created(tx, actor, subject(&after, &label), &after)?;
    Ok(id)
}

/// Corrects a swap, and its training record with it.
pub fn update(
    db: &mut Db,
    actor: &Actor,
    id: SwapId,
    input: &JobSwapInput,
    today: NaiveDate,
) -> Result<JobSwap> {
    actor.require(Permission::EditTraining)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        let v = validate(tx, input, today)?;
        tx.execute(
            "UPDATE job_swaps SET staff_id = ?1, host_role_id = ?2, host_department = ?3,
                    host_staff_id = ?4, starts_on = ?5, ends_on = ?6, hours = ?7, learned = ?8
              WHERE id = ?9",
            params![v.staff_id, v.host_role_id, v.host_department, v.host_id, v.starts_on,
                    v.ends_on, v.hours, v.learned, id],
        )?;
        if let Some(record) = before.training_record_id {
            tx.execute(
                "UPDATE training_records SET staff_id = ?1, completed_on = ?2, hours = ?3, notes = ?4
                  WHERE id = ?5",
                params![v.staff_id, v.ends_on, v.hours, v.host_words, record],
            )?;
        }
        let after = load(tx, id)?;
        let label = format!("{}, {}", v.person_name, v.host_words);
        audit::updated(tx, actor, subject(&before, &label), &before, &after)
    })?;
    load(db.conn(), id)
}

/// Deletes a swap and the training record it counted as.
pub fn delete(db: &mut Db, actor: &Actor, id: SwapId) -> Result<()> {
    actor.require(Permission::EditTraining)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        tx.execute("DELETE FROM job_swaps WHERE id = ?1", [id])?;
        if let Some(record) = before.training_record_id {
            tx.execute("DELETE FROM training_records WHERE id = ?1", [record])?;
        }
        let label = format!("{}, job swap of {}", before.staff.name, before.ends_on);
        audit::deleted(tx, actor, subject(&before, &label), &before)
    })
}

/// The swaps the service map suggests (see the module's doc): for each pair
/// of roles where one serves the other, both ways, the active people of each
/// who have no swap into the other yet.
pub fn suggestions(conn: &dyn Readable, actor: &Actor) -> Result<Vec<SwapSuggestion>> {
    actor.require(Permission::ViewStaff)?;
    let conn = crate::storage::sql(conn);
    let pairs = crate::storage::all(
        conn,
        "SELECT a.id, a.name, b.id, b.name FROM role_customers rc
           JOIN job_roles a ON a.id = rc.role_id JOIN job_roles b ON b.id = rc.customer_id
          WHERE rc.role_id <> rc.customer_id ORDER BY a.name_key, b.name_key",
        [],
        |r| {
            Ok((
                RoleRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                },
                RoleRef {
                    id: r.get(2)?,
                    name: r.get(3)?,
                },
            ))
        },
    )?;
    let mut out = Vec::new();
    // Two roles that serve each other are one pair, suggested once each way.
    let mut seen = std::collections::HashSet::new();
    let mut people = conn.prepare_cached(
        "SELECT s.id, s.name FROM staff s
          WHERE s.role_id = ?1 AND s.status = 'active'
            AND NOT EXISTS (SELECT 1 FROM job_swaps j WHERE j.staff_id = s.id AND j.host_role_id = ?2)
          ORDER BY s.search_key, s.id",
    )?;
    for (server, served) in pairs {
        for (role, host, why) in [
            (
                &server,
                &served,
                format!("{} serves {}", server.name, served.name),
            ),
            (
                &served,
                &server,
                format!("{} is served by {}", served.name, server.name),
            ),
        ] {
            if !seen.insert((role.id, host.id)) {
                continue;
            }
            let who = people
                .query_map(params![role.id, host.id], |r| StaffRef::from_columns(r, 0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            if !who.is_empty() {
                out.push(SwapSuggestion {
                    role: role.clone(),
                    host_role: host.clone(),
                    why,
                    people: who,
                });
            }
        }
    }
    Ok(out)
}

fn subject<'a>(s: &JobSwap, label: &'a str) -> Subject<'a> {
    Subject::of(Entity::JobSwap, s.id.0, "Job swap", label).about(s.staff.id)
}
