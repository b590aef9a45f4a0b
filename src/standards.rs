//! Service standards: what good service to patients (external) and to colleagues
//! (internal) looks like, each with a measurable target, the roles it binds, and an
//! effective date. A standard is versioned: changing one already in force makes a
//! new version, and people acknowledge each version they are bound by.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Change, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::{text_enum, RoleId, StaffId, StandardId, VersionId};
use crate::staff::{self, StaffRef};
use crate::storage::Readable;
use crate::storage::{timestamp, Db};
use crate::{roles, text};

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
        .query_map([v.id], |r| {
            Ok(StaffRef {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?
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
                staff: StaffRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                },
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

pub(crate) fn load_detail(
    conn: &Connection,
    id: StandardId,
    today: NaiveDate,
) -> Result<StandardDetail> {
    let retired: Option<Option<NaiveDate>> = conn
        .query_row(
            "SELECT retired_on FROM standards WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(retired) = retired else {
        return Err(Error::NotFound {
            what: "Service standard",
            id: id.0,
        });
    };
    let (standard, versions) = summarize(conn, id, retired, today)?;
    let acknowledged = acknowledgments_of(conn, standard.current.id)?;
    let not_acknowledged = bound_people(conn, &standard.current)?
        .into_iter()
        .filter(|p| !acknowledged.iter().any(|a| a.staff.id == p.id))
        .collect();
    Ok(StandardDetail {
        standard,
        versions,
        acknowledged,
        not_acknowledged,
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

struct Valid {
    audience: Audience,
    channel: ServiceChannel,
    statement: String,
    target_value: Option<f64>,
    target_unit: TargetUnit,
    target_text: String,
    effective_date: NaiveDate,
}

fn validate(conn: &Connection, input: &StandardInput) -> Result<Valid> {
    let mut problems = Problems::default();
    if input.audience.is_none() {
        problems.note(
            "audience",
            "Choose whether the standard is for patients (external) or colleagues (internal)",
        );
    }
    if input.channel.is_none() {
        problems.note("channel", "Choose the channel");
    }
    let statement = problems.check(text::required(
        "statement",
        "Statement",
        &input.statement,
        2000,
    ))?;
    if input.target_unit.is_none() {
        problems.note("targetUnit", "Choose what the target measures");
    }
    let target_text = problems.check(text::optional(
        "targetText",
        "Target",
        &input.target_text,
        200,
    ))?;
    let target_value = match input.target_unit {
        None => None,
        Some(TargetUnit::Text) => {
            if target_text.is_empty() {
                problems.note("targetText", "Describe the target, e.g. \"same day\"");
            }
            None
        }
        Some(_) => match input.target_value {
            None => {
                problems.note("targetValue", "Give the target as a number");
                None
            }
            Some(v) if !v.is_finite() || v <= 0.0 || v > 10_000.0 => {
                problems.note(
                    "targetValue",
                    "The target must be a number more than 0 and at most 10000",
                );
                None
            }
            Some(v) => Some(v),
        },
    };
    let effective_date = problems
        .check(text::date("effectiveDate", "Effective date", &input.effective_date).map(Some))?;
    for r in &input.role_ids {
        problems.check(roles::ensure_exists(conn, "roleIds", *r).map(drop))?;
    }
    problems.done()?;
    // Every field read (`done` refused the form otherwise).
    let (Some(audience), Some(channel), Some(target_unit), Some(effective_date)) = (
        input.audience,
        input.channel,
        input.target_unit,
        effective_date,
    ) else {
        return Err(Error::invalid("audience", "Choose the audience"));
    };
    Ok(Valid {
        audience,
        channel,
        statement,
        target_value,
        target_unit,
        target_text,
        effective_date,
    })
}

fn insert_version(
    tx: &Transaction<'_>,
    id: StandardId,
    version: u32,
    v: &Valid,
    role_ids: &[RoleId],
) -> Result<VersionId> {
    tx.execute(
        "INSERT INTO standard_versions (standard_id, version, audience, channel, statement, target_value,
                target_unit, target_text, effective_date, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![id, version, v.audience, v.channel, v.statement, v.target_value, v.target_unit, v.target_text,
                v.effective_date, timestamp()],
    )?;
    let vid = VersionId(tx.last_insert_rowid());
    save_roles(tx, vid, role_ids)?;
    Ok(vid)
}

fn save_roles(tx: &Transaction<'_>, vid: VersionId, role_ids: &[RoleId]) -> Result<()> {
    tx.execute(
        "DELETE FROM standard_version_roles WHERE version_id = ?1",
        [vid],
    )?;
    for r in role_ids {
        tx.execute(
            "INSERT OR IGNORE INTO standard_version_roles (version_id, role_id) VALUES (?1, ?2)",
            params![vid, r],
        )?;
    }
    Ok(())
}

pub fn create(
    db: &mut Db,
    actor: &Actor,
    input: &StandardInput,
    today: NaiveDate,
) -> Result<StandardDetail> {
    actor.require(Permission::EditStandards)?;
    let id = db.write(|tx| {
        let v = validate(tx, input)?;
        tx.execute("INSERT INTO standards (retired_on) VALUES (NULL)", [])?;
        let id = StandardId(tx.last_insert_rowid());
        insert_version(tx, id, 1, &v, &input.role_ids)?;
        let after = latest(tx, id)?;
        audit::created(tx, actor, subject(&after), &audited(tx, &after)?)?;
        Ok(id)
    })?;
    load_detail(db.conn(), id, today)
}

/// The newest version of a standard (in force or upcoming).
fn latest(conn: &Connection, id: StandardId) -> Result<StandardVersion> {
    versions_of(conn, id)?
        .into_iter()
        .next()
        .ok_or(Error::NotFound {
            what: "Service standard",
            id: id.0,
        })
}

/// A version as the audit trail records it. The trail leaves ids out (names
/// stand in for them), and the roles a version binds are only ids, so they are
/// added by name: without this, correcting only the roles of an upcoming
/// version would leave no row at all.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AuditedVersion<'a> {
    #[serde(flatten)]
    version: &'a StandardVersion,
    roles: Vec<String>,
}

fn audited<'a>(conn: &Connection, version: &'a StandardVersion) -> Result<AuditedVersion<'a>> {
    let mut roles = audit::names_of(
        conn,
        "SELECT name FROM job_roles WHERE id = ?1",
        &version.role_ids,
    )?;
    if roles.is_empty() {
        roles.push("Every role".to_owned());
    }
    Ok(AuditedVersion { version, roles })
}

fn subject(v: &StandardVersion) -> Subject<'_> {
    Subject {
        entity: Entity::Standard,
        id: v.standard_id.0,
        person: None,
        what: "Service standard",
        name: &v.statement,
    }
}

/// Changes a standard. A version already in force is never rewritten: the change
/// becomes a new version from its effective date, and people acknowledge it anew.
/// A version that has not taken effect yet is simply corrected.
pub fn revise(
    db: &mut Db,
    actor: &Actor,
    id: StandardId,
    input: &StandardInput,
    today: NaiveDate,
) -> Result<StandardDetail> {
    actor.require(Permission::EditStandards)?;
    db.write(|tx| {
        let v = validate(tx, input)?;
        let versions = versions_of(tx, id)?;
        let Some(latest) = versions.first() else {
            return Err(Error::NotFound { what: "Service standard", id: id.0 });
        };
        if latest.effective_date > today {
            // Not in force yet: correct it in place, but keep it after its predecessor.
            if let Some(prev) = versions.get(1).filter(|p| v.effective_date < p.effective_date) {
                return Err(Error::invalid(
                    "effectiveDate",
                    format!("Effective date must be on or after version {}'s ({})", prev.version, prev.effective_date),
                ));
            }
            tx.execute(
                "UPDATE standard_versions SET audience = ?1, channel = ?2, statement = ?3, target_value = ?4,
                        target_unit = ?5, target_text = ?6, effective_date = ?7 WHERE id = ?8",
                params![v.audience, v.channel, v.statement, v.target_value, v.target_unit, v.target_text,
                        v.effective_date, latest.id],
            )?;
            save_roles(tx, latest.id, &input.role_ids)?;
        } else {
            if v.effective_date < latest.effective_date {
                return Err(Error::invalid(
                    "effectiveDate",
                    format!(
                        "Effective date must be on or after the version in force ({})",
                        latest.effective_date
                    ),
                ));
            }
            insert_version(tx, id, latest.version + 1, &v, &input.role_ids)?;
        }
        let after = self::latest(tx, id)?;
        audit::updated(tx, actor, subject(latest), &audited(tx, latest)?, &audited(tx, &after)?)
    })?;
    load_detail(db.conn(), id, today)
}

/// Retires a standard from `date` on (or brings it back with `None`).
pub fn retire(
    db: &mut Db,
    actor: &Actor,
    id: StandardId,
    date: Option<&str>,
    today: NaiveDate,
) -> Result<StandardDetail> {
    actor.require(Permission::EditStandards)?;
    let on = text::optional_date("retiredOn", "Retired on", date)?;
    db.write(|tx| {
        let was: Option<Option<NaiveDate>> = tx
            .query_row(
                "SELECT retired_on FROM standards WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(was) = was else {
            return Err(Error::NotFound {
                what: "Service standard",
                id: id.0,
            });
        };
        tx.execute(
            "UPDATE standards SET retired_on = ?1 WHERE id = ?2",
            params![on, id],
        )?;
        if was != on {
            let v = latest(tx, id)?;
            let show = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let change = Change {
                field: "retiredOn".into(),
                before: show(was),
                after: show(on),
            };
            let action = if on.is_some() {
                "retired"
            } else {
                "reinstated"
            };
            audit::record(
                tx,
                actor,
                Entity::Standard,
                id.0,
                None,
                action,
                &format!("Service standard {action}: {}", v.statement),
                &[change],
            )?;
        }
        Ok(())
    })?;
    load_detail(db.conn(), id, today)
}

/// Records that a person has read and accepted a version. Saying so twice keeps
/// the first date. At the kiosk a person acknowledges for themselves, today; the
/// owner and managers may record someone's (signed paper) acknowledgment of a
/// past date.
pub fn acknowledge(
    db: &mut Db,
    actor: &Actor,
    person: StaffId,
    version: VersionId,
    on: &str,
    today: NaiveDate,
) -> Result<Acknowledgment> {
    actor.require_self_or(person, Permission::RecordForOthers)?;
    let date = if actor.can(Permission::RecordForOthers) {
        text::date("acknowledgedOn", "Acknowledgment date", on)?
    } else {
        today
    };
    if date > today {
        return Err(Error::invalid(
            "acknowledgedOn",
            format!("Acknowledgment date {date} is in the future"),
        ));
    }
    db.write(|tx| {
        let who = staff::ensure_exists(tx, "staffId", person)?;
        let found: Option<(StandardId, u32, String)> = tx
            .query_row("SELECT standard_id, version, statement FROM standard_versions WHERE id = ?1", [version], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let Some((standard, number, statement)) = found else {
            return Err(Error::invalid("versionId", format!("Standard version {version} does not exist")));
        };
        if let Some(h) = who.hire_date.filter(|h| date < *h) {
            return Err(Error::invalid(
                "acknowledgedOn",
                format!("Acknowledgment date {date} is before {} was hired ({h})", who.name),
            ));
        }
        let added = tx.execute(
            "INSERT OR IGNORE INTO acknowledgments (staff_id, version_id, acknowledged_on) VALUES (?1, ?2, ?3)",
            params![person, version, date],
        )?;
        if added > 0 {
            let summary = format!("{} acknowledged version {number} ({date}): {statement}", who.name);
            audit::record(tx, actor, Entity::Standard, standard.0, Some(person), "acknowledged", &summary, &[])?;
        }
        let on: NaiveDate = tx.query_row(
            "SELECT acknowledged_on FROM acknowledgments WHERE staff_id = ?1 AND version_id = ?2",
            params![person, version],
            |r| r.get(0),
        )?;
        Ok(Acknowledgment { staff: StaffRef { id: who.id, name: who.name }, version_id: version, acknowledged_on: on })
    })
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
