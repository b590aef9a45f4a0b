//! The training catalog: what can be completed, by whom it is usually taught, and
//! for how long a completion stays valid.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::{text_enum, CourseId};
use crate::storage::Readable;
use crate::storage::{unique_violation_as, Db};
use crate::text;

text_enum! {
    pub enum CourseCategory {
        CustomerService = "customer_service",
        Compliance = "compliance",
        Clinical = "clinical",
        Safety = "safety",
        Software = "software",
        InfectionControl = "infection_control",
        CrossTraining = "cross_training",
        Other = "other",
    }
}

impl CourseCategory {
    /// The category as people write it: "Infection control".
    pub fn label(self) -> &'static str {
        match self {
            CourseCategory::CustomerService => "Customer service",
            CourseCategory::Compliance => "Compliance",
            CourseCategory::Clinical => "Clinical",
            CourseCategory::Safety => "Safety",
            CourseCategory::Software => "Software",
            CourseCategory::InfectionControl => "Infection control",
            CourseCategory::CrossTraining => "Cross-training",
            CourseCategory::Other => "Other",
        }
    }
}

/// Longest validity a course may have: ten years.
pub const MAX_VALIDITY_MONTHS: u32 = 120;
/// More hours than this for one completion is a typing mistake, not a course.
pub const MAX_HOURS: f64 = 500.0;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Course {
    pub id: CourseId,
    pub title: String,
    pub category: CourseCategory,
    pub provider: String,
    #[specta(type = specta_typescript::Number)]
    pub default_hours: f64,
    /// `None`: a completion never expires.
    pub validity_months: Option<u32>,
    pub description: String,
    /// How many job roles require it.
    pub required_by_roles: u32,
    /// How many completions (approved or pending) are recorded.
    pub completions: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CourseInput {
    pub title: String,
    pub category: CourseCategory,
    #[serde(default)]
    pub provider: String,
    #[specta(type = specta_typescript::Number)]
    pub default_hours: f64,
    pub validity_months: Option<u32>,
    #[serde(default)]
    pub description: String,
}

const SELECT: &str = "SELECT c.id, c.title, c.category, c.provider, c.default_hours, c.validity_months, c.description,
        (SELECT COUNT(*) FROM role_courses rc WHERE rc.course_id = c.id),
        (SELECT COUNT(*) FROM training_records t WHERE t.course_id = c.id)
    FROM courses c";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Course> {
    Ok(Course {
        id: r.get(0)?,
        title: r.get(1)?,
        category: r.get(2)?,
        provider: r.get(3)?,
        default_hours: r.get(4)?,
        validity_months: r.get(5)?,
        description: r.get(6)?,
        required_by_roles: r.get(7)?,
        completions: r.get(8)?,
    })
}

/// The catalog; anyone signed in may read it (staff pick from it to log training).
pub fn list(conn: &dyn Readable, actor: &Actor) -> Result<Vec<Course>> {
    actor.require(Permission::UsePractice)?;
    let conn = crate::storage::sql(conn);
    crate::storage::all(
        conn,
        &format!("{SELECT} ORDER BY c.title_key"),
        [],
        from_row,
    )
}

/// One course; anyone signed in may read the catalog.
pub fn get(conn: &dyn Readable, actor: &Actor, id: CourseId) -> Result<Course> {
    actor.require(Permission::UsePractice)?;
    let conn = crate::storage::sql(conn);
    load(conn, id)
}

pub(crate) fn load(conn: &Connection, id: CourseId) -> Result<Course> {
    conn.query_row(&format!("{SELECT} WHERE c.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::not_found("Course", id.0))
}

struct Valid {
    title: String,
    key: String,
    provider: String,
    description: String,
}

fn validate(input: &CourseInput) -> Result<Valid> {
    let mut problems = Problems::default();
    let title = problems.check(text::required("title", "Title", &input.title, 200))?;
    let provider = problems.check(text::optional("provider", "Provider", &input.provider, 200))?;
    let description = problems.check(text::description(&input.description, 4000))?;
    if !input.default_hours.is_finite()
        || input.default_hours <= 0.0
        || input.default_hours > MAX_HOURS
    {
        problems.note(
            "defaultHours",
            format!("Default hours must be more than 0 and at most {MAX_HOURS}"),
        );
    }
    if input
        .validity_months
        .is_some_and(|m| m == 0 || m > MAX_VALIDITY_MONTHS)
    {
        problems.note(
            "validityMonths",
            format!("Valid for must be between 1 and {MAX_VALIDITY_MONTHS} months, or empty for \"never expires\""),
        );
    }
    problems.done()?;
    Ok(Valid {
        key: text::unique_key(&title),
        title,
        provider,
        description,
    })
}

fn duplicate(title: &str) -> Error {
    Error::conflict(
        "title",
        format!("A course called \"{title}\" is already in the catalog"),
    )
}

pub fn create(db: &mut Db, actor: &Actor, input: &CourseInput) -> Result<Course> {
    actor.require(Permission::EditStaff)?;
    let v = validate(input)?;
    let id = db
        .write(|tx| {
            tx.execute(
                "INSERT INTO courses (title, title_key, category, provider, default_hours, validity_months, description)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![v.title, v.key, input.category, v.provider, input.default_hours, input.validity_months, v.description],
            )?;
            let id = CourseId(tx.last_insert_rowid());
            let after = load(tx, id)?;
            audit::created(tx, actor, subject(&after), &after)?;
            Ok(id)
        })
        .map_err(unique_violation_as(|| duplicate(&v.title)))?;
    load(db.conn(), id)
}

pub fn update(db: &mut Db, actor: &Actor, id: CourseId, input: &CourseInput) -> Result<Course> {
    actor.require(Permission::EditStaff)?;
    let v = validate(input)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        tx.execute(
            "UPDATE courses SET title = ?1, title_key = ?2, category = ?3, provider = ?4, default_hours = ?5,
                    validity_months = ?6, description = ?7 WHERE id = ?8",
            params![v.title, v.key, input.category, v.provider, input.default_hours, input.validity_months, v.description, id],
        )?;
        audit::updated(tx, actor, subject(&before), &before, &load(tx, id)?)
    })
    .map_err(unique_violation_as(|| duplicate(&v.title)))?;
    load(db.conn(), id)
}

/// Deletes a course nobody has completed; one with records is refused, because
/// deleting it would erase people's training history.
pub fn delete(db: &mut Db, actor: &Actor, id: CourseId) -> Result<()> {
    actor.require(Permission::EditStaff)?;
    db.write(|tx| {
        let c = load(tx, id)?;
        if c.completions > 0 {
            return Err(Error::conflict(
                "id",
                format!(
                    "\"{}\" has {} training record(s); it cannot be deleted without erasing that history",
                    c.title, c.completions
                ),
            ));
        }
        // A role that requires it would quietly stop requiring it.
        audit::refuse_if_held(
            tx,
            "id",
            "SELECT r.name FROM role_courses rc JOIN job_roles r ON r.id = rc.role_id
              WHERE rc.course_id = ?1 ORDER BY r.name",
            id,
            |held| {
                format!(
                    "\"{}\" is required by {}",
                    c.title,
                    held.take_it_out_of("job role")
                )
            },
        )?;
        tx.execute("DELETE FROM courses WHERE id = ?1", [id])?;
        audit::deleted(tx, actor, subject(&c), &c)
    })
}

fn subject(c: &Course) -> Subject<'_> {
    Subject::of(Entity::Course, c.id.0, "Course", &c.title)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CourseInput {
        CourseInput {
            title: "CPR".into(),
            category: CourseCategory::Safety,
            provider: String::new(),
            default_hours: 4.0,
            validity_months: Some(24),
            description: String::new(),
        }
    }

    #[test]
    fn validity_and_hours_are_bounded() {
        assert!(validate(&input()).is_ok());
        for (hours, months, field) in [
            (0.0, Some(12), "defaultHours"),
            (-1.0, Some(12), "defaultHours"),
            (f64::NAN, Some(12), "defaultHours"),
            (501.0, Some(12), "defaultHours"),
            (1.0, Some(0), "validityMonths"),
            (1.0, Some(121), "validityMonths"),
        ] {
            let i = CourseInput {
                default_hours: hours,
                validity_months: months,
                ..input()
            };
            assert_eq!(
                validate(&i)
                    .err()
                    .and_then(|e| e.field().map(String::from))
                    .as_deref(),
                Some(field)
            );
        }
    }
}
