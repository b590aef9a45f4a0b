//! Writing service standards: the form checked, a standard created, revised
//! (a new version once one is in force), retired, and acknowledged by the
//! people it binds.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::*;
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
    let audience = problems.given(
        "audience",
        input.audience,
        "Choose whether the standard is for patients (external) or colleagues (internal)",
    );
    let channel = problems.given("channel", input.channel, "Choose the channel");
    let statement = problems.check(text::required(
        "statement",
        "Statement",
        &input.statement,
        2000,
    ))?;
    let target_unit = problems.given(
        "targetUnit",
        input.target_unit,
        "Choose what the target measures",
    );
    let target_text = problems.check(text::optional(
        "targetText",
        "Target",
        &input.target_text,
        200,
    ))?;
    let target_value = match target_unit {
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
    for f in &input.prompted_by {
        let found: Option<i64> = conn
            .query_row("SELECT id FROM patient_feedback WHERE id = ?1", [f], |r| {
                r.get(0)
            })
            .optional()?;
        if found.is_none() {
            problems.note(
                "promptedBy",
                format!("Patient feedback #{f} does not exist"),
            );
        }
    }
    problems.done()?;
    // Every field read (`done` refused the form otherwise).
    let (Some(audience), Some(channel), Some(target_unit), Some(effective_date)) =
        (audience, channel, target_unit, effective_date)
    else {
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
    prompted_by: &[FeedbackId],
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
    save_prompted(tx, vid, prompted_by)?;
    Ok(vid)
}

fn save_prompted(tx: &Transaction<'_>, vid: VersionId, feedback: &[FeedbackId]) -> Result<()> {
    tx.execute(
        "DELETE FROM standard_version_feedback WHERE version_id = ?1",
        [vid],
    )?;
    for f in feedback {
        tx.execute(
            "INSERT OR IGNORE INTO standard_version_feedback (version_id, feedback_id) VALUES (?1, ?2)",
            params![vid, f],
        )?;
    }
    Ok(())
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
        insert_version(tx, id, 1, &v, &input.role_ids, &input.prompted_by)?;
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
        .ok_or(Error::not_found("Service standard", id.0))
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
    /// The patients' feedback that prompted it: "Complaint #12".
    prompted_by: Vec<String>,
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
    let prompted_by = crate::storage::all(
        conn,
        "SELECT f.kind, f.id FROM standard_version_feedback p
           JOIN patient_feedback f ON f.id = p.feedback_id WHERE p.version_id = ?1 ORDER BY f.id",
        [version.id],
        |r| {
            let kind: crate::patient_feedback::FeedbackKind = r.get(0)?;
            Ok(format!("{} #{}", kind.label(), r.get::<_, i64>(1)?))
        },
    )?;
    Ok(AuditedVersion {
        version,
        roles,
        prompted_by,
    })
}

fn subject(v: &StandardVersion) -> Subject<'_> {
    Subject::of(
        Entity::Standard,
        v.standard_id.0,
        "Service standard",
        &v.statement,
    )
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
            return Err(Error::not_found("Service standard", id.0));
        };
        // As it was: what it names is read before it is changed.
        let before = audited(tx, latest)?;
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
            save_prompted(tx, latest.id, &input.prompted_by)?;
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
            insert_version(
                tx,
                id,
                latest.version + 1,
                &v,
                &input.role_ids,
                &input.prompted_by,
            )?;
        }
        let after = self::latest(tx, id)?;
        audit::updated(tx, actor, subject(latest), &before, &audited(tx, &after)?)
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
        let was = retired_on(tx, id)?;
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
