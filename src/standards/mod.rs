//! Service standards: what good service to patients (external) and to colleagues
//! (internal) looks like, each with a measurable target, the roles it binds, and an
//! effective date. A standard is versioned: changing one already in force makes a
//! new version, and people acknowledge each version they are bound by.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Change, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::{text_enum, FeedbackId, RoleId, StaffId, StandardId, VersionId};
use crate::patient_feedback::FeedbackKind;
use crate::staff::{self, StaffRef};
use crate::storage::Readable;
use crate::storage::{timestamp, Db};
use crate::{roles, text};

mod edit;

pub use edit::{acknowledge, create, retire, revise};

text_enum! {
    /// Patients and clients (external) or colleagues (internal).
    pub enum Audience { External = "external", Internal = "internal" }
}

text_enum! {
    pub enum ServiceChannel {
        Phone = "phone",
        Email = "email",
        InPerson = "in_person",
        InternalRequest = "internal_request",
        Other = "other",
    }
}

text_enum! {
    /// What a target's number counts; `Text` is a target stated in words.
    pub enum TargetUnit {
        Rings = "rings",
        Minutes = "minutes",
        Hours = "hours",
        BusinessHours = "business_hours",
        BusinessDays = "business_days",
        Text = "text",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StandardVersion {
    pub id: VersionId,
    pub standard_id: StandardId,
    pub version: u32,
    pub audience: Audience,
    pub channel: ServiceChannel,
    pub statement: String,
    #[specta(type = Option<specta_typescript::Number>)]
    pub target_value: Option<f64>,
    pub target_unit: TargetUnit,
    pub target_text: String,
    /// The target as people read it: "3 rings", "1 business day".
    pub target_label: String,
    pub effective_date: NaiveDate,
    /// Empty: it applies to every role.
    pub role_ids: Vec<RoleId>,
}

/// A standard as the list shows it: the version in force (or, before any is in
/// force, the first upcoming one) and how many of the people it binds have
/// acknowledged that version.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Standard {
    pub id: StandardId,
    pub current: StandardVersion,
    pub in_force: bool,
    /// A later version that takes effect in the future, if one is written.
    pub upcoming: Option<StandardVersion>,
    pub version_count: u32,
    pub retired_on: Option<NaiveDate>,
    pub bound_count: u32,
    pub acknowledged_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Acknowledgment {
    pub staff: StaffRef,
    pub version_id: VersionId,
    pub acknowledged_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StandardDetail {
    pub standard: Standard,
    /// Every version, newest first.
    pub versions: Vec<StandardVersion>,
    /// Acknowledgments of the current version.
    pub acknowledged: Vec<Acknowledgment>,
    /// People bound by the current version who have not acknowledged it.
    pub not_acknowledged: Vec<StaffRef>,
    /// The patients' feedback that prompted each version, for the versions
    /// that name any, newest version first: "revised after complaints #12, #15".
    pub prompted: Vec<PromptedVersion>,
}

/// The feedback a version names as having prompted it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PromptedVersion {
    pub version: u32,
    pub feedback: Vec<FeedbackRef>,
}

/// Patients' feedback named by its number, kind and day (not what was said).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackRef {
    pub id: FeedbackId,
    pub kind: FeedbackKind,
    pub received_on: NaiveDate,
}

/// A standard binding one person, with their acknowledgment of the version in force.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonStandard {
    pub version: StandardVersion,
    pub acknowledged_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct StandardInput {
    pub audience: Option<Audience>,
    pub channel: Option<ServiceChannel>,
    pub statement: String,
    #[specta(type = Option<specta_typescript::Number>)]
    pub target_value: Option<f64>,
    pub target_unit: Option<TargetUnit>,
    pub target_text: String,
    /// `YYYY-MM-DD`.
    pub effective_date: String,
    pub role_ids: Vec<RoleId>,
    /// Patients' feedback that prompted this version (a revision, usually).
    pub prompted_by: Vec<FeedbackId>,
}

/// "3 rings", "1 business day", "4 business hours"; a text target as written.
pub fn target_label(value: Option<f64>, unit: TargetUnit, text: &str) -> String {
    let Some(v) = value.filter(|_| unit != TargetUnit::Text) else {
        return text.to_owned();
    };
    let (one, many) = match unit {
        TargetUnit::Rings => ("ring", "rings"),
        TargetUnit::Minutes => ("minute", "minutes"),
        TargetUnit::Hours => ("hour", "hours"),
        TargetUnit::BusinessHours => ("business hour", "business hours"),
        TargetUnit::BusinessDays => ("business day", "business days"),
        TargetUnit::Text => return text.to_owned(),
    };
    let n = if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    };
    let label = format!("{n} {}", if v == 1.0 { one } else { many });
    if text.is_empty() {
        label
    } else {
        format!("{label} ({text})")
    }
}

const SELECT_VERSION: &str =
    "SELECT id, standard_id, version, audience, channel, statement, target_value,
        target_unit, target_text, effective_date FROM standard_versions";

fn version_from_row(r: &Row<'_>) -> rusqlite::Result<StandardVersion> {
    let target_value: Option<f64> = r.get(6)?;
    let target_unit: TargetUnit = r.get(7)?;
    let target_text: String = r.get(8)?;
    Ok(StandardVersion {
        id: r.get(0)?,
        standard_id: r.get(1)?,
        version: r.get(2)?,
        audience: r.get(3)?,
        channel: r.get(4)?,
        statement: r.get(5)?,
        target_label: target_label(target_value, target_unit, &target_text),
        target_value,
        target_unit,
        target_text,
        effective_date: r.get(9)?,
        role_ids: Vec::new(),
    })
}

fn versions_of(conn: &Connection, id: StandardId) -> Result<Vec<StandardVersion>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_VERSION} WHERE standard_id = ?1 ORDER BY version DESC"
    ))?;
    let mut versions = stmt
        .query_map([id], version_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut roles = conn.prepare_cached(
        "SELECT role_id FROM standard_version_roles WHERE version_id = ?1 ORDER BY role_id",
    )?;
    for v in &mut versions {
        v.role_ids = roles
            .query_map([v.id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
    }
    Ok(versions)
}

/// Fails with a message naming `field` unless standard `id` exists (the
/// check every record citing a standard makes).
pub(crate) fn ensure_exists(conn: &Connection, field: &str, id: StandardId) -> Result<()> {
    let found: Option<i64> = conn
        .query_row("SELECT id FROM standards WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    found
        .map(drop)
        .ok_or_else(|| Error::invalid(field, format!("Standard {id} does not exist")))
}

/// The version of standard `id` in force on `day`, and the day it was
/// retired if it was; `None` when no version had taken effect by then. An
/// error when there is no such standard.
pub(crate) fn version_on(
    conn: &Connection,
    id: StandardId,
    day: NaiveDate,
) -> Result<(Option<StandardVersion>, Option<NaiveDate>)> {
    let retired = retired_on(conn, id)?;
    let version = versions_of(conn, id)?
        .into_iter()
        .find(|v| v.effective_date <= day);
    Ok((version, retired))
}

/// Who a version (`?1`) binds: people who have not left and hold one of its roles,
/// or everyone when it lists none.
const BOUND: &str = "s.status != 'left'
    AND (NOT EXISTS (SELECT 1 FROM standard_version_roles WHERE version_id = ?1)
         OR s.role_id IN (SELECT role_id FROM standard_version_roles WHERE version_id = ?1))";

/// People (not left) bound by a version: those in one of its roles, or everyone.
fn bound_people(conn: &Connection, v: &StandardVersion) -> Result<Vec<StaffRef>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT s.id, s.name FROM staff s WHERE {BOUND}"))?;
    let mut people = stmt
        .query_map([v.id], |r| StaffRef::from_columns(r, 0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    people.sort_by_cached_key(|p| text::fold(&p.name));
    Ok(people)
}

fn acknowledgments_of(conn: &Connection, version: VersionId) -> Result<Vec<Acknowledgment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.staff_id, s.name, a.version_id, a.acknowledged_on FROM acknowledgments a
           JOIN staff s ON s.id = a.staff_id WHERE a.version_id = ?1 ORDER BY a.acknowledged_on, s.name",
    )?;
    let rows = stmt
        .query_map([version], |r| {
            Ok(Acknowledgment {
                staff: StaffRef::from_columns(r, 0)?,
                version_id: r.get(2)?,
                acknowledged_on: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn summarize(
    conn: &Connection,
    id: StandardId,
    retired_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(Standard, Vec<StandardVersion>)> {
    let versions = versions_of(conn, id)?;
    let in_force_version = versions.iter().find(|v| v.effective_date <= today).cloned();
    let in_force = in_force_version.is_some() && retired_on.is_none_or(|r| r > today);
    let current = match in_force_version {
        Some(v) => v,
        None => versions
            .last()
            .cloned()
            .ok_or_else(|| Error::Migration(format!("standard {id} has no versions")))?,
    };
    let upcoming = versions
        .iter()
        .filter(|v| v.effective_date > today && v.version > current.version)
        .min_by_key(|v| v.version)
        .cloned();
    let (bound_count, acknowledged_count): (u32, u32) = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*), COUNT(a.id) FROM staff s
               LEFT JOIN acknowledgments a ON a.staff_id = s.id AND a.version_id = ?1
              WHERE {BOUND}"
        ))?
        .query_row([current.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((
        Standard {
            id,
            in_force,
            upcoming,
            version_count: versions.len() as u32,
            retired_on,
            bound_count,
            acknowledged_count,
            current,
        },
        versions,
    ))
}

/// Every standard, external first, then by channel and statement.
pub fn list(conn: &dyn Readable, actor: &Actor, today: NaiveDate) -> Result<Vec<Standard>> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::ViewStaff)?;
    list_all(conn, today)
}

pub(crate) fn list_all(conn: &Connection, today: NaiveDate) -> Result<Vec<Standard>> {
    let mut stmt = conn.prepare_cached("SELECT id, retired_on FROM standards ORDER BY id")?;
    let ids = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, StandardId>(0)?,
                r.get::<_, Option<NaiveDate>>(1)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for (id, retired) in ids {
        out.push(summarize(conn, id, retired, today)?.0);
    }
    out.sort_by(|a, b| {
        (
            a.current.audience != Audience::External,
            a.current.channel.as_str(),
            &a.current.statement,
        )
            .cmp(&(
                b.current.audience != Audience::External,
                b.current.channel.as_str(),
                &b.current.statement,
            ))
    });
    Ok(out)
}

/// A standard with its versions and who has (and has not) acknowledged it.
pub fn detail(
    conn: &dyn Readable,
    actor: &Actor,
    id: StandardId,
    today: NaiveDate,
) -> Result<StandardDetail> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::ViewStaff)?;
    load_detail(conn, id, today)
}

/// When standard `id` was retired, if it was; an error when there is no such standard.
fn retired_on(conn: &Connection, id: StandardId) -> Result<Option<NaiveDate>> {
    conn.query_row(
        "SELECT retired_on FROM standards WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(Error::not_found("Service standard", id.0))
}

pub(crate) fn load_detail(
    conn: &Connection,
    id: StandardId,
    today: NaiveDate,
) -> Result<StandardDetail> {
    let (standard, versions) = summarize(conn, id, retired_on(conn, id)?, today)?;
    let acknowledged = acknowledgments_of(conn, standard.current.id)?;
    let not_acknowledged = bound_people(conn, &standard.current)?
        .into_iter()
        .filter(|p| !acknowledged.iter().any(|a| a.staff.id == p.id))
        .collect();
    let pairs = crate::storage::all(
        conn,
        "SELECT v.version, f.id, f.kind, f.received_on FROM standard_version_feedback p
           JOIN standard_versions v ON v.id = p.version_id
           JOIN patient_feedback f ON f.id = p.feedback_id
          WHERE v.standard_id = ?1 ORDER BY v.version DESC, f.received_on, f.id",
        [id],
        |r| {
            Ok((
                r.get::<_, u32>(0)?,
                FeedbackRef {
                    id: r.get(1)?,
                    kind: r.get(2)?,
                    received_on: r.get(3)?,
                },
            ))
        },
    )?;
    let mut prompted: Vec<PromptedVersion> = Vec::new();
    for (version, f) in pairs {
        match prompted.last_mut() {
            Some(p) if p.version == version => p.feedback.push(f),
            _ => prompted.push(PromptedVersion {
                version,
                feedback: vec![f],
            }),
        }
    }
    Ok(StandardDetail {
        standard,
        versions,
        acknowledged,
        not_acknowledged,
        prompted,
    })
}

/// The standards in force that bind a person, with their acknowledgment of each.
pub fn for_person(
    conn: &dyn Readable,
    actor: &Actor,
    person: StaffId,
    today: NaiveDate,
) -> Result<Vec<PersonStandard>> {
    let conn = crate::storage::sql(conn);
    actor.require_self_or(person, Permission::ViewStaff)?;
    of_person(conn, person, today)
}

pub(crate) fn of_person(
    conn: &Connection,
    person: StaffId,
    today: NaiveDate,
) -> Result<Vec<PersonStandard>> {
    let who = staff::load(conn, person)?;
    let in_force: Vec<Standard> = list_all(conn, today)?
        .into_iter()
        .filter(|s| s.in_force)
        .collect();
    binding(conn, &who, &in_force)
}

/// The standards in force that bind `who` (their role, or every role),
/// with their acknowledgment of each.
pub(crate) fn binding(
    conn: &Connection,
    who: &staff::Staff,
    in_force: &[Standard],
) -> Result<Vec<PersonStandard>> {
    let mut stmt = conn.prepare_cached(
        "SELECT version_id, acknowledged_on FROM acknowledgments WHERE staff_id = ?1",
    )?;
    let acknowledged: Vec<(VersionId, NaiveDate)> = stmt
        .query_map([who.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(binding_with(who, in_force, &acknowledged))
}

/// Every acknowledgment of a version in `in_force`, by person: one read for
/// everyone (the handbook) instead of one per person. Holds only the
/// versions in force, a few per person.
pub(crate) fn acknowledgments_of_all(
    conn: &Connection,
    in_force: &[Standard],
) -> Result<HashMap<StaffId, Vec<(VersionId, NaiveDate)>>> {
    let current: HashSet<VersionId> = in_force.iter().map(|s| s.current.id).collect();
    let mut stmt =
        conn.prepare_cached("SELECT staff_id, version_id, acknowledged_on FROM acknowledgments")?;
    let mut rows = stmt.query([])?;
    let mut out: HashMap<StaffId, Vec<(VersionId, NaiveDate)>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let version: VersionId = r.get(1)?;
        if current.contains(&version) {
            out.entry(r.get(0)?).or_default().push((version, r.get(2)?));
        }
    }
    Ok(out)
}

/// [`binding`] with the person's acknowledgments already read.
pub(crate) fn binding_with(
    who: &staff::Staff,
    in_force: &[Standard],
    acknowledged: &[(VersionId, NaiveDate)],
) -> Vec<PersonStandard> {
    let mut out = Vec::new();
    for s in in_force {
        let v = &s.current;
        let binds = v.role_ids.is_empty() || who.role_id.is_some_and(|r| v.role_ids.contains(&r));
        if !binds {
            continue;
        }
        out.push(PersonStandard {
            version: v.clone(),
            acknowledged_on: acknowledged
                .iter()
                .find(|(id, _)| *id == v.id)
                .map(|(_, on)| *on),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_naturally() {
        assert_eq!(target_label(Some(3.0), TargetUnit::Rings, ""), "3 rings");
        assert_eq!(
            target_label(Some(1.0), TargetUnit::BusinessDays, ""),
            "1 business day"
        );
        assert_eq!(target_label(Some(0.5), TargetUnit::Hours, ""), "0.5 hours");
        assert_eq!(target_label(None, TargetUnit::Text, "same day"), "same day");
        assert_eq!(
            target_label(Some(4.0), TargetUnit::BusinessHours, "of the request"),
            "4 business hours (of the request)"
        );
    }
}
