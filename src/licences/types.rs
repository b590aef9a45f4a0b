//! The kinds of licence and certification the practice keeps ("Dental
//! hygienist licence", "CPR/BLS card"), and the continuing education each
//! requires.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::courses::{CourseCategory, MAX_HOURS};
use crate::error::{Error, Problems, Result};
use crate::ids::LicenceTypeId;
use crate::storage::Readable;
use crate::storage::{unique_violation_as, Db};
use crate::text;

/// The longest continuing-education cycle: ten years.
pub const MAX_CYCLE_MONTHS: u32 = 120;

/// Continuing education a licence type requires: `hours` in each cycle of
/// `cycle_months` months ending on the licence's expiry date, of which at
/// least `category_hours` in courses of `category`.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CeRule {
    #[specta(type = specta_typescript::Number)]
    pub hours: f64,
    pub cycle_months: u32,
    pub category: Option<CourseCategory>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub category_hours: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LicenceType {
    pub id: LicenceTypeId,
    pub name: String,
    /// Who usually issues it: "State Board of Dentistry".
    pub issuing_body: String,
    pub description: String,
    /// `None`: no continuing education is required.
    pub ce: Option<CeRule>,
    /// How many job roles require it.
    pub required_by_roles: u32,
    /// How many licences of this type are recorded.
    pub held: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct LicenceTypeInput {
    pub name: String,
    pub issuing_body: String,
    pub description: String,
    /// Hours of continuing education each cycle; empty: none required.
    #[specta(type = Option<specta_typescript::Number>)]
    pub ce_hours: Option<f64>,
    /// The cycle's length in months, ending on the licence's expiry date.
    pub ce_cycle_months: Option<u32>,
    /// A category some of the hours must be in.
    pub ce_category: Option<CourseCategory>,
    /// How many of the hours must be in that category.
    #[specta(type = Option<specta_typescript::Number>)]
    pub ce_category_hours: Option<f64>,
}

const SELECT: &str = "SELECT t.id, t.name, t.issuing_body, t.description, t.ce_hours,
        t.ce_cycle_months, t.ce_category, t.ce_category_hours,
        (SELECT COUNT(*) FROM role_licences rl WHERE rl.licence_type_id = t.id),
        (SELECT COUNT(*) FROM licences l WHERE l.type_id = t.id)
    FROM licence_types t";

fn from_row(r: &Row<'_>) -> rusqlite::Result<LicenceType> {
    let hours: Option<f64> = r.get(4)?;
    let months: Option<u32> = r.get(5)?;
    Ok(LicenceType {
        id: r.get(0)?,
        name: r.get(1)?,
        issuing_body: r.get(2)?,
        description: r.get(3)?,
        ce: match (hours, months) {
            (Some(hours), Some(cycle_months)) => Some(CeRule {
                hours,
                cycle_months,
                category: r.get(6)?,
                category_hours: r.get(7)?,
            }),
            _ => None,
        },
        required_by_roles: r.get(8)?,
        held: r.get(9)?,
    })
}

/// Every licence type; anyone signed in may read them (staff pick one to
/// record their own licence).
pub fn list_types(conn: &dyn Readable, actor: &Actor) -> Result<Vec<LicenceType>> {
    actor.require(Permission::UsePractice)?;
    all_types(crate::storage::sql(conn))
}

pub(crate) fn all_types(conn: &Connection) -> Result<Vec<LicenceType>> {
    crate::storage::all(conn, &format!("{SELECT} ORDER BY t.name_key"), [], from_row)
}

pub(crate) fn load_type(conn: &Connection, id: LicenceTypeId) -> Result<LicenceType> {
    conn.query_row(&format!("{SELECT} WHERE t.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::not_found("Licence type", id.0))
}

/// A type named by a form's `field`: a missing one is that field's problem.
pub(crate) fn ensure_type(
    conn: &Connection,
    field: &str,
    id: LicenceTypeId,
) -> Result<LicenceType> {
    load_type(conn, id).map_err(|e| match e {
        Error::NotFound { .. } => {
            Error::invalid(field, format!("Licence type {id} does not exist"))
        }
        other => other,
    })
}

struct Valid {
    name: String,
    key: String,
    issuing_body: String,
    description: String,
    ce: Option<CeRule>,
}

fn validate(input: &LicenceTypeInput) -> Result<Valid> {
    let mut problems = Problems::default();
    let name = problems.check(text::required("name", "Name", &input.name, 200))?;
    let issuing_body = problems.check(text::optional(
        "issuingBody",
        "Issuing body",
        &input.issuing_body,
        200,
    ))?;
    let description = problems.check(text::description(&input.description, 4000))?;
    let hours = input.ce_hours;
    if hours.is_some_and(|h| !h.is_finite() || h <= 0.0 || h > MAX_HOURS) {
        problems.note(
            "ceHours",
            format!("Hours of continuing education must be more than 0 and at most {MAX_HOURS}"),
        );
    }
    match (hours, input.ce_cycle_months) {
        (Some(_), None) => problems.note(
            "ceCycleMonths",
            "Give the cycle's length in months: the hours are due in each cycle",
        ),
        (None, Some(_)) => problems.note(
            "ceHours",
            "Give the hours of continuing education each cycle requires",
        ),
        (_, Some(m)) if m == 0 || m > MAX_CYCLE_MONTHS => problems.note(
            "ceCycleMonths",
            format!("A cycle is 1 to {MAX_CYCLE_MONTHS} months long"),
        ),
        _ => {}
    }
    let category_hours = input.ce_category_hours;
    if category_hours.is_some_and(|h| !h.is_finite() || h <= 0.0 || h > MAX_HOURS) {
        problems.note(
            "ceCategoryHours",
            format!("Hours in the category must be more than 0 and at most {MAX_HOURS}"),
        );
    }
    match (input.ce_category, category_hours) {
        (Some(_), None) => problems.note(
            "ceCategoryHours",
            "Give how many of the hours must be in the category",
        ),
        (None, Some(_)) => {
            problems.note("ceCategory", "Choose the category those hours must be in")
        }
        (Some(_), Some(_)) if hours.is_none() => problems.note(
            "ceHours",
            "A minimum in a category needs the cycle's hours first",
        ),
        (Some(_), Some(c)) if hours.is_some_and(|h| c > h) => problems.note(
            "ceCategoryHours",
            "Hours in the category cannot be more than the cycle's hours",
        ),
        _ => {}
    }
    problems.done()?;
    let ce = match (hours, input.ce_cycle_months) {
        (Some(hours), Some(cycle_months)) => Some(CeRule {
            hours,
            cycle_months,
            category: input.ce_category,
            category_hours,
        }),
        _ => None,
    };
    Ok(Valid {
        key: text::unique_key(&name),
        name,
        issuing_body,
        description,
        ce,
    })
}

fn taken(name: &str) -> Error {
    Error::conflict(
        "name",
        format!("A licence type named \"{name}\" already exists"),
    )
}

pub fn create_type(db: &mut Db, actor: &Actor, input: &LicenceTypeInput) -> Result<LicenceType> {
    actor.require(Permission::EditTraining)?;
    let id = db.write(|tx| insert_type(tx, actor, input))?;
    load_type(db.conn(), id)
}

/// Validates and adds a type inside the caller's transaction (the demo adds
/// several in one).
pub(crate) fn insert_type(
    tx: &rusqlite::Transaction<'_>,
    actor: &Actor,
    input: &LicenceTypeInput,
) -> Result<LicenceTypeId> {
    let v = validate(input)?;
    let ce = v.ce.as_ref();
    tx.execute(
        "INSERT INTO licence_types (name, name_key, issuing_body, description, ce_hours,
                                    ce_cycle_months, ce_category, ce_category_hours)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            v.name,
            v.key,
            v.issuing_body,
            v.description,
            ce.map(|c| c.hours),
            ce.map(|c| c.cycle_months),
            ce.and_then(|c| c.category),
            ce.and_then(|c| c.category_hours)
        ],
    )
    .map_err(unique_violation_as(|| taken(&v.name)))?;
    let id = LicenceTypeId(tx.last_insert_rowid());
    let after = load_type(tx, id)?;
    audit::created(tx, actor, subject(&after), &after)?;
    Ok(id)
}

pub fn update_type(
    db: &mut Db,
    actor: &Actor,
    id: LicenceTypeId,
    input: &LicenceTypeInput,
) -> Result<LicenceType> {
    actor.require(Permission::EditTraining)?;
    let v = validate(input)?;
    db.write(|tx| {
        let before = load_type(tx, id)?;
        let ce = v.ce.as_ref();
        tx.execute(
            "UPDATE licence_types SET name = ?1, name_key = ?2, issuing_body = ?3, description = ?4,
                    ce_hours = ?5, ce_cycle_months = ?6, ce_category = ?7, ce_category_hours = ?8
              WHERE id = ?9",
            params![
                v.name,
                v.key,
                v.issuing_body,
                v.description,
                ce.map(|c| c.hours),
                ce.map(|c| c.cycle_months),
                ce.and_then(|c| c.category),
                ce.and_then(|c| c.category_hours),
                id
            ],
        )
        .map_err(unique_violation_as(|| taken(&v.name)))?;
        let after = load_type(tx, id)?;
        audit::updated(tx, actor, subject(&before), &before, &after)
    })?;
    load_type(db.conn(), id)
}

/// Deletes a type nobody holds; roles stop requiring it.
pub fn delete_type(db: &mut Db, actor: &Actor, id: LicenceTypeId) -> Result<()> {
    actor.require(Permission::EditTraining)?;
    db.write(|tx| {
        let before = load_type(tx, id)?;
        if before.held > 0 {
            return Err(Error::conflict(
                "id",
                format!(
                    "{} licence{} of \"{}\" {} recorded; delete or correct {} first",
                    before.held,
                    if before.held == 1 { "" } else { "s" },
                    before.name,
                    if before.held == 1 { "is" } else { "are" },
                    if before.held == 1 { "it" } else { "them" },
                ),
            ));
        }
        tx.execute("DELETE FROM licence_types WHERE id = ?1", [id])?;
        audit::deleted(tx, actor, subject(&before), &before)
    })
}

fn subject(t: &LicenceType) -> Subject<'_> {
    Subject::of(Entity::LicenceType, t.id.0, "Licence type", &t.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> LicenceTypeInput {
        LicenceTypeInput {
            name: "Dental hygienist licence".into(),
            ce_hours: Some(25.0),
            ce_cycle_months: Some(24),
            ce_category: Some(CourseCategory::InfectionControl),
            ce_category_hours: Some(4.0),
            ..Default::default()
        }
    }

    #[test]
    fn a_ce_rule_is_whole_or_refused_at_its_field() {
        assert!(validate(&input()).is_ok());
        let field = |i: LicenceTypeInput| {
            validate(&i)
                .err()
                .and_then(|e| e.field().map(str::to_owned))
        };
        assert_eq!(
            field(LicenceTypeInput {
                ce_cycle_months: None,
                ..input()
            })
            .as_deref(),
            Some("ceCycleMonths")
        );
        assert_eq!(
            field(LicenceTypeInput {
                ce_hours: None,
                ..input()
            })
            .as_deref(),
            Some("ceHours")
        );
        assert_eq!(
            field(LicenceTypeInput {
                ce_cycle_months: Some(0),
                ..input()
            })
            .as_deref(),
            Some("ceCycleMonths")
        );
        assert_eq!(
            field(LicenceTypeInput {
                ce_hours: Some(f64::NAN),
                ..input()
            })
            .as_deref(),
            Some("ceHours")
        );
        assert_eq!(
            field(LicenceTypeInput {
                ce_category_hours: Some(26.0),
                ..input()
            })
            .as_deref(),
            Some("ceCategoryHours")
        );
        assert_eq!(
            field(LicenceTypeInput {
                ce_category: None,
                ..input()
            })
            .as_deref(),
            Some("ceCategory")
        );
        assert_eq!(
            field(LicenceTypeInput {
                ce_category_hours: None,
                ..input()
            })
            .as_deref(),
            Some("ceCategoryHours")
        );
        assert_eq!(
            field(LicenceTypeInput {
                name: " ".into(),
                ..input()
            })
            .as_deref(),
            Some("name")
        );
        let none = validate(&LicenceTypeInput {
            name: "CPR/BLS card".into(),
            ..Default::default()
        })
        .unwrap();
        assert!(none.ce.is_none());
    }
}
