//! A person's licences: the number, who issued it, its dates and a scanned
//! copy. The office records anyone's, checked at once; a staff member records
//! their own at the kiosk (a renewal, with its scan), and it counts once the
//! office has checked it.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::types::ensure_type;
use crate::access::{Actor, Permission};
use crate::attachments::{self, Attachment, CertificateFile, CertificateInfo, CertificateUpload};
use crate::audit::{self, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::{LicenceId, LicenceTypeId, StaffId};
use crate::staff::{self, StaffRef};
use crate::storage::{timestamp, Db, Readable};
use crate::text;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Licence {
    pub id: LicenceId,
    pub staff: StaffRef,
    pub type_id: LicenceTypeId,
    pub type_name: String,
    pub number: String,
    pub issuing_body: String,
    pub issued_on: Option<NaiveDate>,
    /// `None`: it does not expire.
    pub expires_on: Option<NaiveDate>,
    pub notes: String,
    /// False while one a person recorded themselves waits for the office.
    pub checked: bool,
    pub recorded_by: Option<StaffRef>,
    pub recorded_at: String,
    pub checked_by: Option<StaffRef>,
    pub checked_at: Option<String>,
    pub scan: Option<CertificateInfo>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct LicenceInput {
    pub staff_id: Option<StaffId>,
    pub type_id: Option<LicenceTypeId>,
    pub number: String,
    /// Empty: the type's usual issuing body.
    pub issuing_body: String,
    /// `YYYY-MM-DD`, or empty; not in the future.
    pub issued_on: String,
    /// `YYYY-MM-DD`, or empty when it does not expire.
    pub expires_on: String,
    pub notes: String,
    /// A new scan; on update, `None` keeps the one already stored.
    pub scan: Option<CertificateUpload>,
    /// On update: remove the stored scan.
    pub remove_scan: bool,
}

const SELECT: &str = "SELECT l.id, l.staff_id, s.name, l.type_id, t.name, l.number, l.issuing_body,
        l.issued_on, l.expires_on, l.notes, l.checked, l.recorded_by, rb.name, l.recorded_at,
        l.checked_by, cb.name, l.checked_at, scan.file_name, scan.media_type, scan.size
    FROM licences l
    JOIN staff s ON s.id = l.staff_id
    JOIN licence_types t ON t.id = l.type_id
    LEFT JOIN staff rb ON rb.id = l.recorded_by
    LEFT JOIN staff cb ON cb.id = l.checked_by
    LEFT JOIN licence_scans scan ON scan.licence_id = l.id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Licence> {
    let scan = match r.get::<_, Option<String>>(17)? {
        Some(file_name) => Some(CertificateInfo {
            file_name,
            media_type: r.get(18)?,
            size: r.get(19)?,
        }),
        None => None,
    };
    Ok(Licence {
        id: r.get(0)?,
        staff: StaffRef::from_columns(r, 1)?,
        type_id: r.get(3)?,
        type_name: r.get(4)?,
        number: r.get(5)?,
        issuing_body: r.get(6)?,
        issued_on: r.get(7)?,
        expires_on: r.get(8)?,
        notes: r.get(9)?,
        checked: r.get(10)?,
        recorded_by: StaffRef::optional_from_columns(r, 11)?,
        recorded_at: r.get(13)?,
        checked_by: StaffRef::optional_from_columns(r, 14)?,
        checked_at: r.get(16)?,
        scan,
    })
}

/// One licence: anyone's for the owner and managers, one's own at the kiosk.
pub fn get(conn: &dyn Readable, actor: &Actor, id: LicenceId) -> Result<Licence> {
    let l = load(crate::storage::sql(conn), id)?;
    actor.require_self_or(l.staff.id, Permission::ViewStaff)?;
    Ok(l)
}

pub(crate) fn load(conn: &Connection, id: LicenceId) -> Result<Licence> {
    conn.query_row(&format!("{SELECT} WHERE l.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::not_found("Licence", id.0))
}

/// A person's licences, the latest expiry first within each type.
pub fn for_person(conn: &dyn Readable, actor: &Actor, id: StaffId) -> Result<Vec<Licence>> {
    actor.require_self_or(id, Permission::ViewStaff)?;
    of_person(crate::storage::sql(conn), id)
}

pub(crate) fn of_person(conn: &Connection, id: StaffId) -> Result<Vec<Licence>> {
    crate::storage::all(
        conn,
        &format!(
            "{SELECT} WHERE l.staff_id = ?1
             ORDER BY t.name_key, l.expires_on IS NOT NULL, l.expires_on DESC, l.id DESC"
        ),
        [id],
        from_row,
    )
}

/// Every licence of everyone, by person then type: the office's list.
pub fn list_all(conn: &dyn Readable, actor: &Actor) -> Result<Vec<Licence>> {
    actor.require(Permission::ViewStaff)?;
    crate::storage::all(
        crate::storage::sql(conn),
        &format!(
            "{SELECT} ORDER BY s.search_key, s.id, t.name_key,
                      l.expires_on IS NOT NULL, l.expires_on DESC, l.id DESC"
        ),
        [],
        from_row,
    )
}

/// Licences people recorded themselves, waiting for the office to check them.
pub fn unchecked(conn: &dyn Readable, actor: &Actor) -> Result<Vec<Licence>> {
    actor.require(Permission::EditTraining)?;
    crate::storage::all(
        crate::storage::sql(conn),
        &format!("{SELECT} WHERE l.checked = 0 ORDER BY l.recorded_at, l.id"),
        [],
        from_row,
    )
}

/// A stored scan's name, type and bytes, for whoever may see the licence.
pub fn scan(conn: &dyn Readable, actor: &Actor, id: LicenceId) -> Result<CertificateFile> {
    let conn = crate::storage::sql(conn);
    get(conn, actor, id)?;
    let (info, data): (CertificateInfo, Vec<u8>) = conn
        .query_row(
            "SELECT file_name, media_type, size, data FROM licence_scans WHERE licence_id = ?1",
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
        .ok_or(Error::not_found("Scan of licence", id.0))?;
    Ok(CertificateFile::new(info, &data))
}

struct Valid {
    staff_id: StaffId,
    type_id: LicenceTypeId,
    number: String,
    issuing_body: String,
    issued_on: Option<NaiveDate>,
    expires_on: Option<NaiveDate>,
    notes: String,
}

fn validate(conn: &Connection, input: &LicenceInput, today: NaiveDate) -> Result<Valid> {
    let mut problems = Problems::default();
    let person = match problems.given("staffId", input.staff_id, "Choose whose licence it is") {
        Some(id) => problems.check(staff::ensure_exists(conn, "staffId", id).map(Some))?,
        None => None,
    };
    let kind = match problems.given("typeId", input.type_id, "Choose the kind of licence") {
        Some(id) => problems.check(ensure_type(conn, "typeId", id).map(Some))?,
        None => None,
    };
    let number = problems.check(text::optional("number", "Number", &input.number, 100))?;
    let issuing_body = problems.check(text::optional(
        "issuingBody",
        "Issuing body",
        &input.issuing_body,
        200,
    ))?;
    let issued_on = problems.check(text::optional_date(
        "issuedOn",
        "Issue date",
        Some(&input.issued_on),
    ))?;
    let expires_on = problems.check(text::optional_date(
        "expiresOn",
        "Expiry date",
        Some(&input.expires_on),
    ))?;
    let notes = problems.check(text::optional("notes", "Notes", &input.notes, 4000))?;
    if let Some(on) = issued_on.filter(|on| *on > today) {
        problems.note("issuedOn", format!("Issue date {on} is in the future"));
    }
    if let (Some(issued), Some(expires)) = (issued_on, expires_on) {
        if expires < issued {
            problems.note(
                "expiresOn",
                format!("Expiry date {expires} is before the issue date {issued}"),
            );
        }
    }
    if let Some(kind) = &kind {
        if let (Some(ce), None) = (&kind.ce, expires_on) {
            problems.note(
                "expiresOn",
                format!(
                    "{} needs {} hours of continuing education every {} months, ending on its renewal date: give its expiry date",
                    kind.name, ce.hours, ce.cycle_months
                ),
            );
        }
    }
    problems.done()?;
    let (Some(person), Some(kind)) = (person, kind) else {
        return Err(Error::invalid("staffId", "Choose whose licence it is"));
    };
    Ok(Valid {
        staff_id: person.id,
        type_id: kind.id,
        number,
        issuing_body: if issuing_body.is_empty() {
            kind.issuing_body
        } else {
            issuing_body
        },
        issued_on,
        expires_on,
        notes,
    })
}

fn check_scan(input: &LicenceInput) -> Result<Option<Attachment>> {
    input
        .scan
        .as_ref()
        .map(|s| attachments::check("scan", "licence", s))
        .transpose()
}

fn store_scan(tx: &Transaction<'_>, id: LicenceId, s: &Attachment) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO licence_scans (licence_id, file_name, media_type, size, data)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, s.file_name, s.media_type, s.data.len() as i64, s.data],
    )?;
    Ok(())
}

/// Records a licence (or its renewal, as a new licence of the same type). The
/// owner and managers record anyone's, checked at once; a staff member only
/// their own, which waits for the office. Who recorded and checked it is
/// whoever is acting, never a name from the payload.
pub fn record(
    db: &mut Db,
    actor: &Actor,
    input: &LicenceInput,
    today: NaiveDate,
) -> Result<Licence> {
    let id = db.write(|tx| insert(tx, actor, input, today))?;
    load(db.conn(), id)
}

/// [`record`] inside the caller's transaction (the import records many in one).
pub(crate) fn insert(
    tx: &Transaction<'_>,
    actor: &Actor,
    input: &LicenceInput,
    today: NaiveDate,
) -> Result<LicenceId> {
    let office = actor.can(Permission::EditTraining);
    if !office {
        let person = input
            .staff_id
            .ok_or_else(|| Error::invalid("staffId", "Choose whose licence it is"))?;
        actor.require_self_or(person, Permission::EditTraining)?;
    }
    let scan = check_scan(input)?;
    let v = validate(tx, input, today)?;
    let now = timestamp();
    let (checked_by, checked_at) = if office {
        (actor.staff(), Some(now.clone()))
    } else {
        (None, None)
    };
    tx.execute(
        "INSERT INTO licences (staff_id, type_id, number, issuing_body, issued_on, expires_on, notes,
                               checked, recorded_by, recorded_at, checked_by, checked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![v.staff_id, v.type_id, v.number, v.issuing_body, v.issued_on, v.expires_on,
                v.notes, office, actor.staff(), now, checked_by, checked_at],
    )?;
    let id = LicenceId(tx.last_insert_rowid());
    if let Some(s) = &scan {
        store_scan(tx, id, s)?;
    }
    let after = load(tx, id)?;
    audit::created(tx, actor, subject(&after, &label(&after)), &after)?;
    Ok(id)
}

/// Corrects a licence (a renewal's new dates and scan, a mistyped number).
/// Whether it was checked is kept.
pub fn update(
    db: &mut Db,
    actor: &Actor,
    id: LicenceId,
    input: &LicenceInput,
    today: NaiveDate,
) -> Result<Licence> {
    actor.require(Permission::EditTraining)?;
    let scan = check_scan(input)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        let v = validate(tx, input, today)?;
        let stored: Option<Vec<u8>> = tx
            .query_row(
                "SELECT data FROM licence_scans WHERE licence_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        tx.execute(
            "UPDATE licences SET staff_id = ?1, type_id = ?2, number = ?3, issuing_body = ?4,
                    issued_on = ?5, expires_on = ?6, notes = ?7 WHERE id = ?8",
            params![
                v.staff_id,
                v.type_id,
                v.number,
                v.issuing_body,
                v.issued_on,
                v.expires_on,
                v.notes,
                id
            ],
        )?;
        if input.remove_scan {
            tx.execute("DELETE FROM licence_scans WHERE licence_id = ?1", [id])?;
        }
        if let Some(s) = &scan {
            store_scan(tx, id, s)?;
        }
        let mut changes = audit::diff(&before, &load(tx, id)?);
        attachments::replaced("scan", stored.as_deref(), scan.as_ref(), &mut changes);
        if changes.is_empty() {
            return Ok(());
        }
        let named = label(&before);
        audit::record_about(tx, actor, subject(&before, &named), "updated", &changes)?;
        if v.staff_id != before.staff.id {
            let moved = subject(&before, &named).about(v.staff_id);
            audit::record_about(tx, actor, moved, "updated", &changes)?;
        }
        Ok(())
    })?;
    load(db.conn(), id)
}

/// Marks licences a person recorded as checked against the real document,
/// all or none, in the name of the acting user.
pub fn check(db: &mut Db, actor: &Actor, ids: &[LicenceId]) -> Result<Vec<Licence>> {
    actor.require(Permission::EditTraining)?;
    db.write(|tx| {
        let now = timestamp();
        for id in ids {
            let before = load(tx, *id)?;
            if before.checked {
                return Err(Error::conflict(
                    "ids",
                    format!("{} is already checked", label(&before)),
                ));
            }
            tx.execute(
                "UPDATE licences SET checked = 1, checked_by = ?1, checked_at = ?2 WHERE id = ?3",
                params![actor.staff(), now, id],
            )?;
            let after = load(tx, *id)?;
            let named = label(&before);
            audit::record_about(
                tx,
                actor,
                subject(&before, &named),
                "checked",
                &audit::diff(&before, &after),
            )?;
        }
        Ok(())
    })?;
    ids.iter().map(|id| load(db.conn(), *id)).collect()
}

/// Deletes a licence (a mistaken entry, or one a person recorded that is refused).
pub fn delete(db: &mut Db, actor: &Actor, id: LicenceId) -> Result<()> {
    actor.require(Permission::EditTraining)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        tx.execute("DELETE FROM licences WHERE id = ?1", [id])?;
        audit::deleted(tx, actor, subject(&before, &label(&before)), &before)
    })
}

/// How a licence is named in the trail: "CPR/BLS card, Ana Díaz, expires 2027-03-31".
fn label(l: &Licence) -> String {
    match l.expires_on {
        Some(on) => format!("{}, {}, expires {on}", l.type_name, l.staff.name),
        None => format!("{}, {}", l.type_name, l.staff.name),
    }
}

fn subject<'a>(l: &Licence, label: &'a str) -> Subject<'a> {
    Subject::of(Entity::Licence, l.id.0, "Licence", label).about(l.staff.id)
}
