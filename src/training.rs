//! Training records: a person completed a course on a date, for so many hours,
//! perhaps with a certificate. Records logged by the person themselves wait for a
//! manager's approval; only approved records count towards due status.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::attachments::{self, Attachment};
pub use crate::attachments::{CertificateFile, CertificateInfo, CertificateUpload};
use crate::audit::{self, Entity, Subject};
use crate::courses::{self, MAX_HOURS};
use crate::error::{Error, Problems, Result};
use crate::ids::{text_enum, CourseId, RecordId, StaffId, SwapId};
use crate::staff::{self, StaffRef, StaffStatus};
use crate::storage::Readable;
use crate::storage::{timestamp, Db};
use crate::text;

/// The largest certificate file accepted: 5 MiB.
pub const MAX_CERTIFICATE_BYTES: usize = crate::attachments::MAX_ATTACHMENT_BYTES;

text_enum! {
    pub enum RecordStatus { Pending = "pending", Approved = "approved" }
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TrainingRecord {
    pub id: RecordId,
    pub staff: StaffRef,
    pub course_id: CourseId,
    pub course_title: String,
    pub completed_on: NaiveDate,
    #[specta(type = specta_typescript::Number)]
    pub hours: f64,
    pub provider: String,
    pub notes: String,
    pub status: RecordStatus,
    pub logged_by: Option<StaffRef>,
    pub logged_at: String,
    pub approved_by: Option<StaffRef>,
    pub approved_at: Option<String>,
    pub certificate: Option<CertificateInfo>,
    /// The job swap this record counts as: corrected and deleted there, not
    /// as training alone.
    pub swap_id: Option<SwapId>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct TrainingInput {
    pub staff_id: Option<StaffId>,
    pub course_id: Option<CourseId>,
    /// `YYYY-MM-DD`; not in the future, not before the hire date.
    pub completed_on: String,
    /// Empty: the course's default hours.
    #[specta(type = Option<specta_typescript::Number>)]
    pub hours: Option<f64>,
    pub provider: String,
    pub notes: String,
    /// A new certificate; on update, `None` keeps the one already stored.
    pub certificate: Option<CertificateUpload>,
    /// On update: remove the stored certificate.
    pub remove_certificate: bool,
}

const SELECT: &str =
    "SELECT t.id, t.staff_id, s.name, t.course_id, c.title, t.completed_on, t.hours, t.provider,
        t.notes, t.status, t.logged_by, lb.name, t.logged_at, t.approved_by, ab.name, t.approved_at,
        cert.file_name, cert.media_type, cert.size, j.id
    FROM training_records t
    JOIN staff s ON s.id = t.staff_id
    JOIN courses c ON c.id = t.course_id
    LEFT JOIN staff lb ON lb.id = t.logged_by
    LEFT JOIN staff ab ON ab.id = t.approved_by
    LEFT JOIN certificates cert ON cert.record_id = t.id
    LEFT JOIN job_swaps j ON j.training_record_id = t.id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<TrainingRecord> {
    let certificate = match r.get::<_, Option<String>>(16)? {
        Some(file_name) => Some(CertificateInfo {
            file_name,
            media_type: r.get(17)?,
            size: r.get(18)?,
        }),
        None => None,
    };
    Ok(TrainingRecord {
        id: r.get(0)?,
        staff: StaffRef::from_columns(r, 1)?,
        course_id: r.get(3)?,
        course_title: r.get(4)?,
        completed_on: r.get(5)?,
        hours: r.get(6)?,
        provider: r.get(7)?,
        notes: r.get(8)?,
        status: r.get(9)?,
        logged_by: StaffRef::optional_from_columns(r, 10)?,
        logged_at: r.get(12)?,
        approved_by: StaffRef::optional_from_columns(r, 13)?,
        approved_at: r.get(15)?,
        certificate,
        swap_id: r.get(19)?,
    })
}

/// One record: anyone's for the owner and managers, one's own at the kiosk.
pub fn get(conn: &dyn Readable, actor: &Actor, id: RecordId) -> Result<TrainingRecord> {
    let conn = crate::storage::sql(conn);
    let r = load(conn, id)?;
    actor.require_self_or(r.staff.id, Permission::ViewStaff)?;
    Ok(r)
}

pub(crate) fn load(conn: &Connection, id: RecordId) -> Result<TrainingRecord> {
    conn.query_row(&format!("{SELECT} WHERE t.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::not_found("Training record", id.0))
}

/// A person's training, newest first.
pub fn for_person(conn: &dyn Readable, actor: &Actor, id: StaffId) -> Result<Vec<TrainingRecord>> {
    let conn = crate::storage::sql(conn);
    actor.require_self_or(id, Permission::ViewStaff)?;
    of_person(conn, id)
}

pub(crate) fn of_person(conn: &Connection, id: StaffId) -> Result<Vec<TrainingRecord>> {
    crate::storage::all(
        conn,
        &format!("{SELECT} WHERE t.staff_id = ?1 ORDER BY t.completed_on DESC, t.id DESC"),
        [id],
        from_row,
    )
}

/// Everything waiting for approval, oldest logged first.
pub fn pending(conn: &dyn Readable, actor: &Actor) -> Result<Vec<TrainingRecord>> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::EditTraining)?;
    crate::storage::all(
        conn,
        &format!("{SELECT} WHERE t.status = 'pending' ORDER BY t.logged_at, t.id"),
        [],
        from_row,
    )
}

/// A stored certificate as the window receives it, to show or save.
pub fn certificate_file(
    conn: &dyn Readable,
    actor: &Actor,
    id: RecordId,
) -> Result<CertificateFile> {
    let (info, data) = certificate(conn, actor, id)?;
    Ok(CertificateFile::new(info, &data))
}

/// A stored certificate: its name, media type and bytes.
/// A stored certificate's name, type and bytes, for whoever may see the record.
pub fn certificate(
    conn: &dyn Readable,
    actor: &Actor,
    id: RecordId,
) -> Result<(CertificateInfo, Vec<u8>)> {
    let conn = crate::storage::sql(conn);
    get(conn, actor, id)?;
    conn.query_row(
        "SELECT file_name, media_type, size, data FROM certificates WHERE record_id = ?1",
        [id],
        |r| {
            Ok((
                CertificateInfo {
                    file_name: r.get(0)?,
                    media_type: r.get(1)?,
                    size: r.get(2)?,
                },
                r.get(3)?,
            ))
        },
    )
    .optional()?
    .ok_or(Error::not_found("Certificate of training record", id.0))
}

struct Valid {
    staff_id: StaffId,
    course_id: CourseId,
    completed_on: NaiveDate,
    hours: f64,
    provider: String,
    notes: String,
}

fn validate(conn: &Connection, input: &TrainingInput, today: NaiveDate) -> Result<Valid> {
    let mut problems = Problems::default();
    let person = match input.staff_id {
        None => {
            problems.note("staffId", "Choose who completed the training");
            None
        }
        Some(id) => problems.check(staff::ensure_exists(conn, "staffId", id).map(Some))?,
    };
    let course = match input.course_id {
        None => {
            problems.note("courseId", "Choose the course");
            None
        }
        Some(id) => problems.check(courses::load(conn, id).map(Some).map_err(|e| match e {
            Error::NotFound { .. } => {
                Error::invalid("courseId", format!("Course {id} does not exist"))
            }
            other => other,
        }))?,
    };
    let completed_on = problems
        .check(text::date("completedOn", "Completion date", &input.completed_on).map(Some))?;
    let provider = problems.check(text::optional("provider", "Provider", &input.provider, 200))?;
    let notes = problems.check(text::optional("notes", "Notes", &input.notes, 4000))?;
    if input
        .hours
        .is_some_and(|h| !h.is_finite() || h <= 0.0 || h > MAX_HOURS)
    {
        problems.note(
            "hours",
            format!("Hours must be more than 0 and at most {MAX_HOURS}"),
        );
    }
    if let Some(on) = completed_on.filter(|on| *on > today) {
        problems.note(
            "completedOn",
            format!("Completion date {on} is in the future"),
        );
    }
    if let (Some(on), Some(person)) = (completed_on, &person) {
        if let Some(hired) = person.hire_date.filter(|h| on < *h) {
            problems.note(
                "completedOn",
                format!(
                    "Completion date {on} is before {} was hired ({hired})",
                    person.name
                ),
            );
        }
        if let (StaffStatus::Left, Some(end)) = (person.status, person.end_date) {
            if on > end {
                problems.note(
                    "completedOn",
                    format!("Completion date {on} is after {} left ({end})", person.name),
                );
            }
        }
    }
    problems.done()?;
    // Every field read (`done` refused the form otherwise).
    let (Some(person), Some(course), Some(completed_on)) = (person, course, completed_on) else {
        return Err(Error::invalid(
            "staffId",
            "Choose who completed the training",
        ));
    };
    let staff_id = person.id;
    let course_id = course.id;
    Ok(Valid {
        staff_id,
        course_id,
        completed_on,
        hours: input.hours.unwrap_or(course.default_hours),
        provider: if provider.is_empty() {
            course.provider
        } else {
            provider
        },
        notes,
    })
}

fn store_certificate(tx: &Transaction<'_>, id: RecordId, c: &Attachment) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO certificates (record_id, file_name, media_type, size, data) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, c.file_name, c.media_type, c.data.len() as i64, c.data],
    )?;
    Ok(())
}

/// Records a completion. The owner and managers log anyone's, approved at once;
/// a staff member logs only their own, and it waits for approval. Who logged it
/// is whoever is acting, never a name from the payload.
pub fn log(
    db: &mut Db,
    actor: &Actor,
    input: &TrainingInput,
    today: NaiveDate,
) -> Result<TrainingRecord> {
    let id = db.write(|tx| insert(tx, actor, input, today))?;
    load(db.conn(), id)
}

/// [`log`] inside the caller's transaction (the import logs many in one).
pub(crate) fn insert(
    tx: &Transaction<'_>,
    actor: &Actor,
    input: &TrainingInput,
    today: NaiveDate,
) -> Result<RecordId> {
    let office = actor.can(Permission::EditTraining);
    if !office {
        let person = input
            .staff_id
            .ok_or_else(|| Error::invalid("staffId", "Choose who completed the training"))?;
        actor.require_self_or(person, Permission::EditTraining)?;
    }
    let needs_approval = !office;
    let logged_by = actor.staff();
    let cert = input
        .certificate
        .as_ref()
        .map(|c| attachments::check("certificate", "certificate", c))
        .transpose()?;
    let v = validate(tx, input, today)?;
    let now = timestamp();
    let (status, approved_by, approved_at) = if needs_approval {
        (RecordStatus::Pending, None, None)
    } else {
        // Approved by whoever is acting, never by a name from the payload.
        (RecordStatus::Approved, actor.staff(), Some(now.clone()))
    };
    tx.execute(
        "INSERT INTO training_records (staff_id, course_id, completed_on, hours, provider, notes, status,
                                       logged_by, logged_at, approved_by, approved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![v.staff_id, v.course_id, v.completed_on, v.hours, v.provider, v.notes, status,
                logged_by, now, approved_by, approved_at],
    )?;
    let id = RecordId(tx.last_insert_rowid());
    if let Some(c) = &cert {
        store_certificate(tx, id, c)?;
    }
    let after = load(tx, id)?;
    audit::created(tx, actor, subject(&after, &label(&after)), &after)?;
    Ok(id)
}

/// Corrects a record (date, hours, course, notes, certificate). Its approval state
/// is kept.
pub fn update(
    db: &mut Db,
    actor: &Actor,
    id: RecordId,
    input: &TrainingInput,
    today: NaiveDate,
) -> Result<TrainingRecord> {
    actor.require(Permission::EditTraining)?;
    let cert = input
        .certificate
        .as_ref()
        .map(|c| attachments::check("certificate", "certificate", c))
        .transpose()?;
    db.write(|tx| {
        let before = load(tx, id)?;
        not_a_swap(&before)?;
        let v = validate(tx, input, today)?;
        let stored: Option<Vec<u8>> = tx
            .query_row("SELECT data FROM certificates WHERE record_id = ?1", [id], |r| r.get(0))
            .optional()?;
        tx.execute(
            "UPDATE training_records SET staff_id = ?1, course_id = ?2, completed_on = ?3, hours = ?4,
                    provider = ?5, notes = ?6 WHERE id = ?7",
            params![v.staff_id, v.course_id, v.completed_on, v.hours, v.provider, v.notes, id],
        )?;
        if input.remove_certificate {
            tx.execute("DELETE FROM certificates WHERE record_id = ?1", [id])?;
        }
        if let Some(c) = &cert {
            store_certificate(tx, id, c)?;
        }
        let mut changes = audit::diff(&before, &load(tx, id)?);
        attachments::replaced("certificate", stored.as_deref(), cert.as_ref(), &mut changes);
        if changes.is_empty() {
            return Ok(());
        }
        let named = label(&before);
        audit::record_about(tx, actor, subject(&before, &named), "updated", &changes)?;
        // Moved to another person: the record is in both people's change lists.
        if v.staff_id != before.staff.id {
            let moved = subject(&before, &named).about(v.staff_id);
            audit::record_about(tx, actor, moved, "updated", &changes)?;
        }
        Ok(())
    })?;
    load(db.conn(), id)
}

/// Approves pending records, all or none, in the name of the acting user.
pub fn approve(db: &mut Db, actor: &Actor, ids: &[RecordId]) -> Result<Vec<TrainingRecord>> {
    actor.require(Permission::EditTraining)?;
    let approved_by = actor.staff();
    db.write(|tx| {
        let now = timestamp();
        for id in ids {
            let r = load(tx, *id)?;
            if r.status != RecordStatus::Pending {
                return Err(Error::conflict(
                    "ids",
                    format!("{}'s {} training of {} is already approved", r.staff.name, r.course_title, r.completed_on),
                ));
            }
            tx.execute(
                "UPDATE training_records SET status = 'approved', approved_by = ?1, approved_at = ?2 WHERE id = ?3",
                params![approved_by, now, id],
            )?;
            let after = load(tx, *id)?;
            let label = label(&r);
            audit::record(
                tx,
                actor,
                Entity::TrainingRecord,
                id.0,
                Some(r.staff.id),
                "approved",
                &format!("Training approved: {label}"),
                &audit::diff(&r, &after),
            )?;
        }
        Ok(())
    })?;
    ids.iter().map(|id| load(db.conn(), *id)).collect()
}

/// Deletes a record (a mistaken entry, or a pending one that is rejected).
pub fn delete(db: &mut Db, actor: &Actor, id: RecordId) -> Result<()> {
    actor.require(Permission::EditTraining)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        not_a_swap(&before)?;
        tx.execute("DELETE FROM training_records WHERE id = ?1", [id])?;
        audit::deleted(tx, actor, subject(&before, &label(&before)), &before)
    })
}

/// Refuses correcting or deleting, as training, the record a job swap counts
/// as: the swap is corrected or deleted on the person's page, and its record
/// with it, so the two never disagree.
fn not_a_swap(r: &TrainingRecord) -> Result<()> {
    match r.swap_id {
        Some(_) => Err(Error::conflict(
            "id",
            format!(
                "This training is {}'s job swap of {}: correct or delete it under Job swaps on their page",
                r.staff.name, r.completed_on
            ),
        )),
        None => Ok(()),
    }
}

/// How a record is named in the audit trail: "CPR, Ana Díaz, 2026-03-02".
fn label(r: &TrainingRecord) -> String {
    format!("{}, {}, {}", r.course_title, r.staff.name, r.completed_on)
}

fn subject<'a>(r: &TrainingRecord, label: &'a str) -> Subject<'a> {
    Subject::of(Entity::TrainingRecord, r.id.0, "Training record", label).about(r.staff.id)
}
