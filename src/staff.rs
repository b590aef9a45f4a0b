//! Staff members: who works at the practice, in which role, under whom, and since
//! when. Names are stored as typed (NFC), in any script, and searched in a folded
//! form so "nunez" finds "Núñez".

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::{text_enum, RoleId, StaffId};
use crate::storage::Readable;
use crate::storage::{timestamp, unique_violation_as, Db};
use crate::{roles, text};

text_enum! {
    pub enum StaffStatus { Active = "active", OnLeave = "on_leave", Left = "left" }
}

/// A name and an id: enough to show and link to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StaffRef {
    pub id: StaffId,
    pub name: String,
}

impl StaffRef {
    /// The person whose id and name are columns `at` and `at + 1` of a row.
    pub(crate) fn from_columns(r: &Row<'_>, at: usize) -> rusqlite::Result<StaffRef> {
        Ok(StaffRef {
            id: r.get(at)?,
            name: r.get(at + 1)?,
        })
    }

    /// The same through a LEFT JOIN: none when the columns are NULL.
    pub(crate) fn optional_from_columns(
        r: &Row<'_>,
        at: usize,
    ) -> rusqlite::Result<Option<StaffRef>> {
        let id: Option<StaffId> = r.get(at)?;
        let name: Option<String> = r.get(at + 1)?;
        Ok(id.zip(name).map(|(id, name)| StaffRef { id, name }))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Staff {
    pub id: StaffId,
    pub name: String,
    pub employee_no: Option<String>,
    pub role_id: Option<RoleId>,
    pub role_name: Option<String>,
    pub department: String,
    pub manager: Option<StaffRef>,
    pub email: String,
    pub phone: String,
    pub hire_date: Option<NaiveDate>,
    pub status: StaffStatus,
    pub end_date: Option<NaiveDate>,
}

/// What a form sends to create or change a person. Dates are text so that a
/// mistyped one is reported against its field rather than rejected wholesale.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct StaffInput {
    pub name: String,
    pub employee_no: Option<String>,
    pub role_id: Option<RoleId>,
    pub department: String,
    pub manager_id: Option<StaffId>,
    pub email: String,
    pub phone: String,
    /// `YYYY-MM-DD`, or empty.
    pub hire_date: String,
    pub status: Option<StaffStatus>,
    /// `YYYY-MM-DD`; required when the status is "left", refused otherwise.
    pub end_date: String,
}

/// The staff list's filter; empty fields filter nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct StaffFilter {
    /// Matched against name, employee number and email, ignoring case and accents.
    pub search: String,
    pub status: Option<StaffStatus>,
    pub role_id: Option<RoleId>,
}

const SELECT: &str =
    "SELECT s.id, s.name, s.employee_no, s.role_id, r.name, s.department, s.manager_id, m.name,
        s.email, s.phone, s.hire_date, s.status, s.end_date
    FROM staff s
    LEFT JOIN job_roles r ON r.id = s.role_id
    LEFT JOIN staff m ON m.id = s.manager_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Staff> {
    let manager = StaffRef::optional_from_columns(r, 6)?;
    Ok(Staff {
        id: r.get(0)?,
        name: r.get(1)?,
        employee_no: r.get(2)?,
        role_id: r.get(3)?,
        role_name: r.get(4)?,
        department: r.get(5)?,
        manager,
        email: r.get(8)?,
        phone: r.get(9)?,
        hire_date: r.get(10)?,
        status: r.get(11)?,
        end_date: r.get(12)?,
    })
}

/// People matching `filter`, in name order.
pub fn list(conn: &dyn Readable, actor: &Actor, filter: &StaffFilter) -> Result<Vec<Staff>> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::ViewStaff)?;
    list_all(conn, filter)
}

pub(crate) fn list_all(conn: &Connection, filter: &StaffFilter) -> Result<Vec<Staff>> {
    let pattern = format!("%{}%", escape_like(&text::fold(filter.search.trim())));
    let mut rows = crate::storage::all(
        conn,
        &format!(
            "{SELECT}
         WHERE s.search_key LIKE ?1 ESCAPE '\\'
           AND (?2 IS NULL OR s.status = ?2)
           AND (?3 IS NULL OR s.role_id = ?3)"
        ),
        params![pattern, filter.status, filter.role_id],
        from_row,
    )?;
    rows.sort_by_cached_key(|s| (text::fold(&s.name), s.id));
    Ok(rows)
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// One person's record: anyone's for the owner and managers, one's own at the kiosk.
pub fn get(conn: &dyn Readable, actor: &Actor, id: StaffId) -> Result<Staff> {
    let conn = crate::storage::sql(conn);
    actor.require_self_or(id, Permission::ViewStaff)?;
    load(conn, id)
}

pub(crate) fn load(conn: &Connection, id: StaffId) -> Result<Staff> {
    // Cached: the import loads every person it adds or links.
    conn.prepare_cached(&format!("{SELECT} WHERE s.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or(Error::not_found("Staff member", id.0))
}

/// Fails with a message naming `field` unless the person exists.
pub(crate) fn ensure_exists(conn: &Connection, field: &str, id: StaffId) -> Result<Staff> {
    load(conn, id).map_err(|e| match e {
        Error::NotFound { .. } => {
            Error::invalid(field, format!("Staff member {id} does not exist"))
        }
        other => other,
    })
}

/// People who report to `id`.
pub(crate) fn reports(conn: &Connection, id: StaffId) -> Result<Vec<StaffRef>> {
    crate::storage::all(
        conn,
        "SELECT id, name FROM staff WHERE manager_id = ?1 ORDER BY name",
        [id],
        |r| StaffRef::from_columns(r, 0),
    )
}

struct Valid {
    name: String,
    search_key: String,
    employee_no: Option<String>,
    department: String,
    email: String,
    phone: String,
    hire_date: Option<NaiveDate>,
    status: StaffStatus,
    end_date: Option<NaiveDate>,
}

fn validate(input: &StaffInput, today: NaiveDate) -> Result<Valid> {
    let mut problems = Problems::default();
    let name = problems.check(text::name("name", "Name", &input.name, 200))?;
    let employee_no = problems.check(text::optional_some(
        "employeeNo",
        "Employee number",
        input.employee_no.as_deref(),
        40,
    ))?;
    let department = problems.check(text::optional(
        "department",
        "Department",
        &input.department,
        100,
    ))?;
    let email = problems.check(text::optional("email", "Email", &input.email, 254))?;
    if !email.is_empty() && !looks_like_email(&email) {
        problems.note(
            "email",
            format!("Email \"{email}\" is not an email address"),
        );
    }
    let phone = problems.check(text::optional("phone", "Phone", &input.phone, 40))?;
    if !phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().x/".contains(c))
    {
        problems.note(
            "phone",
            "Phone may contain only digits, spaces and + - ( ) . x /",
        );
    }
    let hire_date = problems.check(text::optional_date(
        "hireDate",
        "Hire date",
        Some(&input.hire_date),
    ))?;
    if hire_date.is_some_and(|h| h > today + chrono::Days::new(366)) {
        problems.note("hireDate", "Hire date is more than a year from now");
    }
    let status = input.status.unwrap_or(StaffStatus::Active);
    let end_date = problems.check(text::optional_date(
        "endDate",
        "End date",
        Some(&input.end_date),
    ))?;
    match (status, end_date) {
        (StaffStatus::Left, None) => {
            problems.note("endDate", "End date is required for someone who has left")
        }
        (StaffStatus::Active | StaffStatus::OnLeave, Some(_)) => problems.note(
            "endDate",
            "End date is only for someone who has left; clear it or set the status to Left",
        ),
        _ => {}
    }
    if let (Some(h), Some(e)) = (hire_date, end_date) {
        if e < h {
            problems.note("endDate", format!("End date is before the hire date ({h})"));
        }
    }
    problems.done()?;
    let search_key = search_key(&name, employee_no.as_deref(), &email);
    Ok(Valid {
        name,
        search_key,
        employee_no,
        department,
        email,
        phone,
        hire_date,
        status,
        end_date,
    })
}

/// What the staff search matches against: name, employee number and email, folded.
pub(crate) fn search_key(name: &str, employee_no: Option<&str>, email: &str) -> String {
    text::fold(&format!(
        "{name}\u{1f}{}\u{1f}{email}",
        employee_no.unwrap_or("")
    ))
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

/// Refuses a manager that does not exist, is the person, or reports (directly or
/// not) to the person.
fn check_manager(
    conn: &Connection,
    person: Option<StaffId>,
    manager: Option<StaffId>,
) -> Result<()> {
    let Some(m) = manager else { return Ok(()) };
    ensure_exists(conn, "managerId", m)?;
    let Some(p) = person else { return Ok(()) };
    if m == p {
        return Err(Error::conflict(
            "managerId",
            "A person cannot be their own manager",
        ));
    }
    let mut seen = vec![m];
    let mut cursor = m;
    let mut manager_of = conn.prepare_cached("SELECT manager_id FROM staff WHERE id = ?1")?;
    while let Some(next) = manager_of
        .query_row([cursor], |r| r.get::<_, Option<StaffId>>(0))
        .optional()?
        .flatten()
    {
        if next == p {
            let name: String =
                conn.query_row("SELECT name FROM staff WHERE id = ?1", [m], |r| r.get(0))?;
            return Err(Error::conflict(
                "managerId",
                format!("{name} already reports to this person, so cannot be their manager"),
            ));
        }
        if seen.contains(&next) {
            break; // an old cycle not involving this person; do not loop forever
        }
        seen.push(next);
        cursor = next;
    }
    Ok(())
}

/// Sets a person's manager inside the caller's transaction (the import does
/// this once everyone in the file exists), refusing a cycle.
pub(crate) fn set_manager(
    tx: &Transaction<'_>,
    actor: &Actor,
    id: StaffId,
    manager: StaffId,
) -> Result<()> {
    let before = load(tx, id)?;
    check_manager(tx, Some(id), Some(manager))?;
    tx.prepare_cached("UPDATE staff SET manager_id = ?1, updated_at = ?2 WHERE id = ?3")?
        .execute(params![manager, timestamp(), id])?;
    audit::updated(tx, actor, subject(&before), &before, &load(tx, id)?)
}

fn subject(s: &Staff) -> Subject<'_> {
    Subject::of(Entity::Staff, s.id.0, "Staff record", &s.name).about(s.id)
}

fn duplicate_employee_no(no: &Option<String>) -> Error {
    Error::conflict(
        "employeeNo",
        format!(
            "Employee number {} is already used by someone else",
            no.as_deref().unwrap_or("")
        ),
    )
}

pub fn create(db: &mut Db, actor: &Actor, input: &StaffInput, today: NaiveDate) -> Result<Staff> {
    actor.require(Permission::EditStaff)?;
    let id = db.write(|tx| insert(tx, actor, input, today))?;
    load(db.conn(), id)
}

/// Validates and adds a person inside the caller's transaction (the import adds
/// many in one). The caller has checked the actor may.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    actor: &Actor,
    input: &StaffInput,
    today: NaiveDate,
) -> Result<StaffId> {
    let v = validate(input, today)?;
    if let Some(r) = input.role_id {
        roles::ensure_exists(tx, "roleId", r)?;
    }
    check_manager(tx, None, input.manager_id)?;
    let now = timestamp();
    tx.prepare_cached(
        "INSERT INTO staff (name, search_key, employee_no, role_id, department, manager_id, email, phone,
                            hire_date, status, end_date, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    )?
    .execute(params![v.name, v.search_key, v.employee_no, input.role_id, v.department, input.manager_id,
                v.email, v.phone, v.hire_date, v.status, v.end_date, now])
    .map_err(unique_violation_as(|| duplicate_employee_no(&v.employee_no)))?;
    let id = StaffId(tx.last_insert_rowid());
    let after = load(tx, id)?;
    audit::created(tx, actor, subject(&after), &after)?;
    Ok(id)
}

pub fn update(
    db: &mut Db,
    actor: &Actor,
    id: StaffId,
    input: &StaffInput,
    today: NaiveDate,
) -> Result<Staff> {
    actor.require(Permission::EditStaff)?;
    let v = validate(input, today)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        if let Some(r) = input.role_id {
            roles::ensure_exists(tx, "roleId", r)?;
        }
        check_manager(tx, Some(id), input.manager_id)?;
        if let Some(h) = v.hire_date {
            let earliest: Option<NaiveDate> = tx.query_row(
                "SELECT MIN(completed_on) FROM training_records WHERE staff_id = ?1",
                [id],
                |r| r.get(0),
            )?;
            if let Some(first) = earliest.filter(|first| *first < h) {
                return Err(Error::invalid(
                    "hireDate",
                    format!("Hire date is after this person's first recorded training ({first})"),
                ));
            }
        }
        tx.execute(
            "UPDATE staff SET name = ?1, search_key = ?2, employee_no = ?3, role_id = ?4, department = ?5,
                    manager_id = ?6, email = ?7, phone = ?8, hire_date = ?9, status = ?10, end_date = ?11,
                    updated_at = ?12
             WHERE id = ?13",
            params![v.name, v.search_key, v.employee_no, input.role_id, v.department, input.manager_id,
                    v.email, v.phone, v.hire_date, v.status, v.end_date, timestamp(), id],
        )?;
        audit::updated(tx, actor, subject(&before), &before, &load(tx, id)?)
    })
    .map_err(unique_violation_as(|| duplicate_employee_no(&v.employee_no)))?;
    load(db.conn(), id)
}

/// Deletes a person and their training records, licences and acknowledgments. Refused
/// for someone with evaluations (an evaluation is a record to keep), someone's
/// manager and someone's reviewer: for someone who has simply left, set the
/// status to Left instead, which keeps the history.
pub fn delete(db: &mut Db, actor: &Actor, id: StaffId) -> Result<()> {
    actor.require(Permission::EditStaff)?;
    db.write(|tx| {
        let evaluations: i64 = tx.query_row(
            "SELECT COUNT(*) FROM evaluations WHERE staff_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if evaluations > 0 {
            let name = load(tx, id)?.name;
            return Err(Error::conflict(
                "status",
                format!(
                    "{name} has {} on record, which must be kept: mark them as left instead of deleting them",
                    text::count(evaluations as usize, "evaluation", "evaluations")
                ),
            ));
        }
        let before = load(tx, id)?;
        // The evidence of service about a person, or given by them, is kept
        // with them, like their evaluations.
        let service: i64 = tx.query_row(
            "SELECT (SELECT COUNT(*) FROM recognition_people WHERE staff_id = ?1)
                  + (SELECT COUNT(*) FROM recognitions WHERE from_staff = ?1)
                  + (SELECT COUNT(*) FROM feedback_requests WHERE staff_id = ?1)
                  + (SELECT COUNT(*) FROM feedback_responses WHERE staff_id = ?1)
                  + (SELECT COUNT(*) FROM patient_feedback WHERE staff_id = ?1)
                  + (SELECT COUNT(*) FROM service_checks WHERE staff_id = ?1)
                  + (SELECT COUNT(*) FROM check_ins WHERE staff_id = ?1)
                  + (SELECT COUNT(*) FROM suggestions WHERE staff_id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if service > 0 {
            return Err(Error::conflict(
                "status",
                format!(
                    "{} has {} of service on record (thank-yous, feedback, service checks, check-ins or suggestions), which must be kept: mark them as left instead of deleting them",
                    before.name,
                    text::count(service as usize, "piece of evidence", "pieces of evidence")
                ),
            ));
        }
        // An improvement project's team keeps the people who were on it.
        audit::refuse_if_held(
            tx,
            "status",
            "SELECT '\"' || p.title || '\"' FROM project_members m JOIN projects p ON p.id = m.project_id
              WHERE m.staff_id = ?1 ORDER BY p.title",
            id,
            |held| {
                format!(
                    "{} is on the team of the improvement project {}: mark them as left instead of deleting them",
                    before.name, held.names
                )
            },
        )?;
        // Deleting never quietly changes someone else's record: a manager's
        // reports would lose their manager, a review its reviewer.
        audit::refuse_if_held(
            tx,
            "status",
            "SELECT name FROM staff WHERE manager_id = ?1 ORDER BY name",
            id,
            |held| {
                format!(
                    "{} is the manager of {}: choose another manager for {} first, or mark {} as left instead of deleting them",
                    before.name,
                    held.names,
                    held.each_of_them(),
                    before.name
                )
            },
        )?;
        audit::refuse_if_held(
            tx,
            "status",
            "SELECT s.name || '''s ' || CASE e.kind WHEN 'annual' THEN 'annual' WHEN 'ninety_day' THEN '90-day'
                    ELSE 'mid-year' END || ' review ' || e.year
               FROM evaluations e JOIN staff s ON s.id = e.staff_id
              WHERE e.reviewer_id = ?1 ORDER BY e.year DESC, s.name",
            id,
            |held| {
                format!(
                    "{} is the reviewer of {}, which must keep their reviewer: mark them as left instead of deleting them",
                    before.name, held.names
                )
            },
        )?;
        // Training they logged or approved for others stays, no longer naming
        // them: each record touched says so in its own trail.
        type Touched = (i64, StaffId, String, String, bool, bool);
        let touched: Vec<Touched> = tx
            .prepare(
                "SELECT t.id, t.staff_id, c.title, t.completed_on, t.logged_by IS ?1, t.approved_by IS ?1
                   FROM training_records t JOIN courses c ON c.id = t.course_id
                  WHERE t.staff_id <> ?1 AND (t.logged_by = ?1 OR t.approved_by = ?1)",
            )?
            .query_map([id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (record, person, course, on, logged, approved) in touched {
            let changes: Vec<audit::Change> = [("Logged by", logged), ("Approved by", approved)]
                .into_iter()
                .filter(|(_, was)| *was)
                .map(|(field, _)| audit::Change {
                    field: field.to_owned(),
                    before: before.name.clone(),
                    after: String::new(),
                })
                .collect();
            let summary = format!(
                "Training record {course} ({on}) no longer names {}: their staff record was deleted",
                before.name
            );
            audit::record(
                tx,
                actor,
                Entity::TrainingRecord,
                record,
                Some(person),
                "updated",
                &summary,
                &changes,
            )?;
        }
        // Licences they recorded or checked for others stay, no longer naming
        // them: each says so in its own trail.
        let touched: Vec<(i64, StaffId, String)> = tx
            .prepare(
                "SELECT l.id, l.staff_id, t.name FROM licences l JOIN licence_types t ON t.id = l.type_id
                  WHERE l.staff_id <> ?1 AND (l.recorded_by = ?1 OR l.checked_by = ?1)",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (licence, person, kind) in touched {
            let summary = format!(
                "Licence {kind} no longer names {}: their staff record was deleted",
                before.name
            );
            audit::record(tx, actor, Entity::Licence, licence, Some(person), "updated", &summary, &[])?;
        }
        // An owner's or manager's account belongs to a person who is kept;
        // deleting them would take the account with them.
        let signs_in: Option<String> = tx
            .query_row(
                "SELECT role FROM accounts WHERE staff_id = ?1 AND role <> 'staff'",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(role) = signs_in {
            return Err(Error::conflict(
                "status",
                format!(
                    "{} signs in as the practice's {role}: mark them as left instead of deleting them",
                    before.name
                ),
            ));
        }
        let pin: Option<i64> = tx
            .query_row("SELECT id FROM accounts WHERE staff_id = ?1", [id], |r| r.get(0))
            .optional()?;
        if let Some(account) = pin {
            let summary = format!("Kiosk PIN removed with the staff record of {}", before.name);
            audit::record(tx, actor, Entity::Account, account, Some(id), "deleted", &summary, &[])?;
        }
        tx.execute("DELETE FROM staff WHERE id = ?1", [id])?;
        audit::deleted(tx, actor, subject(&before), &before)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn input() -> StaffInput {
        StaffInput {
            name: "Zoë Núñez".into(),
            hire_date: "2020-01-06".into(),
            ..Default::default()
        }
    }

    #[test]
    fn bad_fields_are_named() {
        let cases: Vec<(StaffInput, &str)> = vec![
            (
                StaffInput {
                    name: "".into(),
                    ..input()
                },
                "name",
            ),
            (
                StaffInput {
                    name: "x".repeat(10_000),
                    ..input()
                },
                "name",
            ),
            (
                StaffInput {
                    hire_date: "2020-02-30".into(),
                    ..input()
                },
                "hireDate",
            ),
            (
                StaffInput {
                    hire_date: "06/01/2020".into(),
                    ..input()
                },
                "hireDate",
            ),
            (
                StaffInput {
                    hire_date: "2029-01-01".into(),
                    ..input()
                },
                "hireDate",
            ),
            (
                StaffInput {
                    email: "zoe at example".into(),
                    ..input()
                },
                "email",
            ),
            (
                StaffInput {
                    phone: "call me".into(),
                    ..input()
                },
                "phone",
            ),
            (
                StaffInput {
                    status: Some(StaffStatus::Left),
                    ..input()
                },
                "endDate",
            ),
            (
                StaffInput {
                    end_date: "2024-01-01".into(),
                    ..input()
                },
                "endDate",
            ),
            (
                StaffInput {
                    status: Some(StaffStatus::Left),
                    end_date: "2019-01-01".into(),
                    ..input()
                },
                "endDate",
            ),
            (
                StaffInput {
                    employee_no: Some("x".repeat(41)),
                    ..input()
                },
                "employeeNo",
            ),
            (
                StaffInput {
                    name: "Zoë Núñez\nBo Li".into(),
                    ..input()
                },
                "name",
            ),
        ];
        for (i, field) in cases {
            let e = validate(&i, today())
                .err()
                .unwrap_or_else(|| panic!("accepted {i:?}"));
            assert_eq!(e.field(), Some(field), "{e}");
        }
        assert!(validate(&input(), today()).is_ok());
    }

    #[test]
    fn search_key_is_folded() {
        let v = validate(
            &StaffInput {
                employee_no: Some("E-7".into()),
                email: "Zoe@Example.com".into(),
                ..input()
            },
            today(),
        )
        .unwrap();
        assert!(v.search_key.contains("zoe nunez"));
        assert!(v.search_key.contains("e-7"));
        assert!(v.search_key.contains("zoe@example.com"));
    }
}
