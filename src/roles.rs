//! Job roles: what a receptionist or a hygienist must have completed, and
//! whom each serves (the service map: a role's internal customers are the
//! roles it serves, "reception serves the clinical team"). The service
//! standards a role is bound by are kept on the standards themselves (see
//! [`crate::standards`]), because they are versioned with the standard.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::{CourseId, LicenceTypeId, RoleId, StaffId};
use crate::staff::StaffRef;
use crate::storage::Readable;
use crate::storage::{unique_violation_as, Db};
use crate::text;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct JobRole {
    pub id: RoleId,
    pub name: String,
    pub description: String,
    pub required_course_ids: Vec<CourseId>,
    /// The licences and certifications the role requires.
    pub required_licence_type_ids: Vec<LicenceTypeId>,
    /// The roles this role serves: its internal customers.
    pub customer_ids: Vec<RoleId>,
    /// How many staff members (of any status) hold the role.
    pub staff_count: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RoleInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub required_course_ids: Vec<CourseId>,
    #[serde(default)]
    pub required_licence_type_ids: Vec<LicenceTypeId>,
    /// The roles this role serves (it may serve its own).
    #[serde(default)]
    pub customer_ids: Vec<RoleId>,
}

/// Whom a person serves inside the practice: the roles their role serves,
/// and the active people who hold them (the person left out). These are the
/// colleagues whose view of the person's service counts, and whom a request
/// for feedback on them suggests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct InternalCustomers {
    pub roles: Vec<RoleRef>,
    pub people: Vec<StaffRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RoleRef {
    pub id: RoleId,
    pub name: String,
}

/// Every job role; anyone signed in may read them.
pub fn list(conn: &dyn Readable, actor: &Actor) -> Result<Vec<JobRole>> {
    actor.require(Permission::UsePractice)?;
    let conn = crate::storage::sql(conn);
    list_all(conn)
}

pub(crate) fn list_all(conn: &Connection) -> Result<Vec<JobRole>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.name, r.description, (SELECT COUNT(*) FROM staff s WHERE s.role_id = r.id)
         FROM job_roles r ORDER BY r.name_key",
    )?;
    let mut roles = stmt
        .query_map([], |r| {
            Ok(JobRole {
                id: r.get(0)?,
                name: r.get(1)?,
                description: r.get(2)?,
                required_course_ids: Vec::new(),
                required_licence_type_ids: Vec::new(),
                customer_ids: Vec::new(),
                staff_count: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT rc.role_id, rc.course_id FROM role_courses rc JOIN courses c ON c.id = rc.course_id ORDER BY c.title_key",
    )?;
    let pairs = stmt
        .query_map([], |r| {
            Ok((r.get::<_, RoleId>(0)?, r.get::<_, CourseId>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT rc.role_id, rc.customer_id FROM role_customers rc
           JOIN job_roles r ON r.id = rc.customer_id ORDER BY r.name_key",
    )?;
    let mut licences = conn.prepare_cached(
        "SELECT rl.role_id, rl.licence_type_id FROM role_licences rl
           JOIN licence_types t ON t.id = rl.licence_type_id ORDER BY t.name_key",
    )?;
    let licences = licences
        .query_map([], |r| {
            Ok((r.get::<_, RoleId>(0)?, r.get::<_, LicenceTypeId>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let served = stmt
        .query_map([], |r| Ok((r.get::<_, RoleId>(0)?, r.get::<_, RoleId>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for role in &mut roles {
        role.required_course_ids = pairs
            .iter()
            .filter(|(r, _)| *r == role.id)
            .map(|(_, c)| *c)
            .collect();
        role.required_licence_type_ids = licences
            .iter()
            .filter(|(r, _)| *r == role.id)
            .map(|(_, t)| *t)
            .collect();
        role.customer_ids = served
            .iter()
            .filter(|(r, _)| *r == role.id)
            .map(|(_, c)| *c)
            .collect();
    }
    Ok(roles)
}

fn get(conn: &Connection, id: RoleId) -> Result<JobRole> {
    list_all(conn)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(Error::not_found("Job role", id.0))
}

/// Fails with a message naming `field` unless the role exists.
pub(crate) fn ensure_exists(conn: &Connection, field: &str, id: RoleId) -> Result<()> {
    let found: Option<i64> = conn
        .query_row("SELECT id FROM job_roles WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    found
        .map(|_| ())
        .ok_or_else(|| Error::invalid(field, format!("Job role {id} does not exist")))
}

fn save_courses(tx: &rusqlite::Transaction<'_>, id: RoleId, courses: &[CourseId]) -> Result<()> {
    tx.execute("DELETE FROM role_courses WHERE role_id = ?1", [id])?;
    for c in courses {
        let exists: Option<i64> = tx
            .query_row("SELECT id FROM courses WHERE id = ?1", [c], |r| r.get(0))
            .optional()?;
        if exists.is_none() {
            return Err(Error::invalid(
                "requiredCourseIds",
                format!("Course {c} does not exist"),
            ));
        }
        tx.execute(
            "INSERT OR IGNORE INTO role_courses (role_id, course_id) VALUES (?1, ?2)",
            params![id, c],
        )?;
    }
    Ok(())
}

fn save_licences(
    tx: &rusqlite::Transaction<'_>,
    id: RoleId,
    types: &[LicenceTypeId],
) -> Result<()> {
    tx.execute("DELETE FROM role_licences WHERE role_id = ?1", [id])?;
    for t in types {
        crate::licences::ensure_type(tx, "requiredLicenceTypeIds", *t)?;
        tx.execute(
            "INSERT OR IGNORE INTO role_licences (role_id, licence_type_id) VALUES (?1, ?2)",
            params![id, t],
        )?;
    }
    Ok(())
}

fn save_customers(tx: &rusqlite::Transaction<'_>, id: RoleId, customers: &[RoleId]) -> Result<()> {
    tx.execute("DELETE FROM role_customers WHERE role_id = ?1", [id])?;
    for c in customers {
        ensure_exists(tx, "customerIds", *c)?;
        tx.execute(
            "INSERT OR IGNORE INTO role_customers (role_id, customer_id) VALUES (?1, ?2)",
            params![id, c],
        )?;
    }
    Ok(())
}

/// The internal customers of `person`: the roles their role serves and the
/// active people in them, by name. Nobody is their own internal customer.
pub(crate) fn internal_customers(conn: &Connection, person: StaffId) -> Result<InternalCustomers> {
    let roles = crate::storage::all(
        conn,
        "SELECT r.id, r.name FROM staff s
           JOIN role_customers rc ON rc.role_id = s.role_id
           JOIN job_roles r ON r.id = rc.customer_id
          WHERE s.id = ?1 ORDER BY r.name_key",
        [person],
        |r| {
            Ok(RoleRef {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        },
    )?;
    let people = crate::storage::all(
        conn,
        "SELECT c.id, c.name FROM staff s
           JOIN role_customers rc ON rc.role_id = s.role_id
           JOIN staff c ON c.role_id = rc.customer_id
          WHERE s.id = ?1 AND c.id <> ?1 AND c.status = 'active' ORDER BY c.search_key, c.id",
        [person],
        |r| StaffRef::from_columns(r, 0),
    )?;
    Ok(InternalCustomers { roles, people })
}

/// A role's name and description as they are saved.
struct ValidRole {
    name: String,
    description: String,
}

/// Checks a role's text fields, naming every bad one at once.
fn validate(input: &RoleInput) -> Result<ValidRole> {
    let mut problems = Problems::default();
    let name = problems.check(text::required("name", "Role name", &input.name, 100))?;
    let description = problems.check(text::description(&input.description, 2000))?;
    problems.done()?;
    Ok(ValidRole { name, description })
}

pub fn create(db: &mut Db, actor: &Actor, input: &RoleInput) -> Result<JobRole> {
    actor.require(Permission::EditStaff)?;
    let id = db.write(|tx| insert(tx, actor, input))?;
    get(db.conn(), id)
}

/// Validates and adds a role inside the caller's transaction.
pub(crate) fn insert(
    tx: &rusqlite::Transaction<'_>,
    actor: &Actor,
    input: &RoleInput,
) -> Result<RoleId> {
    let ValidRole { name, description } = validate(input)?;
    tx.execute(
        "INSERT INTO job_roles (name, name_key, description) VALUES (?1, ?2, ?3)",
        params![name, text::unique_key(&name), description],
    )
    .map_err(unique_violation_as(|| {
        Error::name_taken("a job role", &name)
    }))?;
    let id = RoleId(tx.last_insert_rowid());
    save_courses(tx, id, &input.required_course_ids)?;
    save_licences(tx, id, &input.required_licence_type_ids)?;
    save_customers(tx, id, &input.customer_ids)?;
    let after = get(tx, id)?;
    audit::created(tx, actor, subject(&after), &audited(tx, &after)?)?;
    Ok(id)
}

pub fn update(db: &mut Db, actor: &Actor, id: RoleId, input: &RoleInput) -> Result<JobRole> {
    actor.require(Permission::EditStaff)?;
    let ValidRole { name, description } = validate(input)?;
    db.write(|tx| {
        let before = get(tx, id)?;
        tx.execute(
            "UPDATE job_roles SET name = ?1, name_key = ?2, description = ?3 WHERE id = ?4",
            params![name, text::unique_key(&name), description, id],
        )?;
        save_courses(tx, id, &input.required_course_ids)?;
        save_licences(tx, id, &input.required_licence_type_ids)?;
        save_customers(tx, id, &input.customer_ids)?;
        let after = get(tx, id)?;
        audit::updated(
            tx,
            actor,
            subject(&before),
            &audited(tx, &before)?,
            &audited(tx, &after)?,
        )
    })
    .map_err(unique_violation_as(|| {
        Error::name_taken("a job role", &name)
    }))?;
    get(db.conn(), id)
}

/// Deletes a role; the people who held it keep their records and have no role.
pub fn delete(db: &mut Db, actor: &Actor, id: RoleId) -> Result<()> {
    actor.require(Permission::EditStaff)?;
    db.write(|tx| {
        let before = get(tx, id)?;
        // Deleting a role in use would silently take it from people, and
        // could make a standard that binds only this role bind everyone.
        audit::refuse_if_held(
            tx,
            "id",
            "SELECT name FROM staff WHERE role_id = ?1 ORDER BY name",
            id,
            |held| {
                format!(
                    "The job role {} is held by {}: give {} another role first",
                    before.name,
                    held.names,
                    held.each_of_them()
                )
            },
        )?;
        audit::refuse_if_held(
            tx,
            "id",
            "SELECT DISTINCT '\"' || v.statement || '\"' FROM standard_version_roles r
               JOIN standard_versions v ON v.id = r.version_id
              WHERE r.role_id = ?1 ORDER BY 1",
            id,
            |held| {
                format!(
                    "The job role {} is named by {}",
                    before.name,
                    held.take_it_out_of("service standard")
                )
            },
        )?;
        audit::refuse_if_held(
            tx,
            "id",
            "SELECT r.name FROM role_customers rc JOIN job_roles r ON r.id = rc.role_id
              WHERE rc.customer_id = ?1 AND rc.role_id <> ?1 ORDER BY r.name_key",
            id,
            |held| {
                format!(
                    "The job role {} is an internal customer of {}",
                    before.name,
                    held.take_it_out_of("job role")
                )
            },
        )?;
        audit::refuse_if_held(
            tx,
            "id",
            "SELECT '\"' || p.title || '\"' FROM project_roles pr JOIN projects p ON p.id = pr.project_id
              WHERE pr.role_id = ?1 ORDER BY p.title",
            id,
            |held| {
                format!(
                    "The job role {} is in the process of {}",
                    before.name,
                    held.take_it_out_of("improvement project")
                )
            },
        )?;
        let audited_before = audited(tx, &before)?;
        tx.execute("DELETE FROM role_customers WHERE role_id = ?1", [id])?;
        tx.execute("DELETE FROM job_roles WHERE id = ?1", [id])?;
        audit::deleted(tx, actor, subject(&before), &audited_before)
    })
}

/// A role as the audit trail records it. The trail leaves ids out (names stand
/// in for them), and a role's required courses are only ids, so they are added
/// by title: without this, changing only which courses a role requires would
/// leave no row at all.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Audited<'a> {
    #[serde(flatten)]
    role: &'a JobRole,
    required_courses: Vec<String>,
    required_licences: Vec<String>,
    internal_customers: Vec<String>,
}

fn audited<'a>(conn: &Connection, role: &'a JobRole) -> Result<Audited<'a>> {
    let required_courses = audit::names_of(
        conn,
        "SELECT title FROM courses WHERE id = ?1",
        &role.required_course_ids,
    )?;
    let required_licences = audit::names_of(
        conn,
        "SELECT name FROM licence_types WHERE id = ?1",
        &role.required_licence_type_ids,
    )?;
    let internal_customers = audit::names_of(
        conn,
        "SELECT name FROM job_roles WHERE id = ?1",
        &role.customer_ids,
    )?;
    Ok(Audited {
        role,
        required_courses,
        required_licences,
        internal_customers,
    })
}

fn subject(r: &JobRole) -> Subject<'_> {
    Subject::of(Entity::JobRole, r.id.0, "Job role", &r.name)
}
