//! CSV import of staff, of training records, of licences and of service
//! checks, all or nothing.
//!
//! A file exported from another HR tool or typed in a spreadsheet is read as it
//! comes: UTF-8 with or without a BOM, CRLF or LF, comma, semicolon or tab
//! between fields (whichever the header line uses most), quoted fields with
//! commas, quotes and line breaks inside. Columns are matched by their header,
//! ignoring case, spaces, punctuation and accents (`first_name`, `First Name`,
//! `Hire date`, `Date of hire`, `Employee #`…); unknown columns are listed and
//! ignored.
//!
//! A cell that our export defused for spreadsheets (`'=1+1`) gets exactly that
//! apostrophe taken off again, so an export imports back as it was.
//!
//! Every row then goes through the same core operation the window uses
//! (`staff::insert`, `training::insert`), all inside one transaction. The
//! preview runs exactly that on a private copy of the database
//! ([`Db::rehearse`]), so it shows every problem the import would meet, row by
//! row, without taking the write lock; the import itself runs it again in one
//! transaction and commits only when there is no problem. A row's problem is
//! something about the file; a failure of the disk (full, read-only) stops the
//! import with its own error instead.
//!
//! People are looked up (by employee number, email and name) in maps built
//! once, so the import takes time in proportion to the file, not to the file
//! times the practice.

mod cells;
mod check_rows;
mod columns;
mod directory;
mod file;
mod licence_rows;
mod report;
mod staff_rows;
mod training_rows;

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde::Serialize;
use specta::Type;

use crate::access::{Actor, Permission};
use crate::error::{Error, Result};
use crate::ids::text_enum;
use crate::storage::Db;

use check_rows::import_checks;
use columns::{CheckColumns, LicenceColumns, StaffColumns, TrainingColumns};
use file::parse;
pub use file::read_file;
use licence_rows::import_licences;
use staff_rows::import_staff;
use training_rows::import_training;

/// The largest file accepted: 5 MB.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// The most data rows accepted in one file.
pub const MAX_ROWS: usize = 10_000;
/// The most characters of a row's summary, a header or a job role a report
/// shows: a file's 4 MB cell is not echoed whole.
const SHOWN_CHARS: usize = 80;
/// The most characters of a value from the file quoted inside a problem.
const QUOTED_CHARS: usize = 40;
/// The most characters of one problem or note.
const PROBLEM_CHARS: usize = 240;

text_enum! {
    /// What a file holds.
    pub enum ImportKind { Staff = "staff", Training = "training", Licences = "licences", Checks = "checks" }
}

/// One column of the file and what it was taken as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMatch {
    pub header: String,
    /// The field it fills, in words; `None`: ignored.
    #[specta(optional)]
    pub field: Option<String>,
}

/// One data row: where it is in the file, who or what it is, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportRow {
    /// The line the row starts on (the header is line 1).
    pub line: u32,
    pub summary: String,
    pub problems: Vec<String>,
    /// Something worth knowing that is not a problem ("already recorded; skipped").
    #[specta(optional)]
    pub note: Option<String>,
}

/// What an import found (preview) or did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub kind: ImportKind,
    /// `,`, `;` or a tab.
    pub delimiter: String,
    pub columns: Vec<ColumnMatch>,
    pub rows: Vec<ImportRow>,
    /// Job roles the staff import adds because no role has that name yet.
    pub new_roles: Vec<String>,
    /// Rows with at least one problem; the import happens only at 0.
    pub rows_with_problems: u32,
    /// Rows that will be (preview) or were added.
    pub to_add: u32,
    /// True once written; false for a preview or a refused import.
    pub imported: bool,
}

/// Reads `text` as `kind` (staff, training records, licences or service
/// checks) and previews (`commit` false) or imports it. Imported training
/// records count as approved and licences as checked: the office is entering
/// what it has seen.
pub fn csv(
    db: &mut Db,
    actor: &Actor,
    kind: ImportKind,
    text: &str,
    today: NaiveDate,
    commit: bool,
) -> Result<ImportReport> {
    actor.require(match kind {
        ImportKind::Staff => Permission::EditStaff,
        ImportKind::Training | ImportKind::Licences => Permission::EditTraining,
        ImportKind::Checks => Permission::RecordService,
    })?;
    let file = parse(text)?;
    match kind {
        ImportKind::Staff => {
            let plan = StaffColumns::find(&file)?;
            run(db, commit, |tx| {
                import_staff(tx, actor, &file, &plan, today)
            })
        }
        ImportKind::Training => {
            let plan = TrainingColumns::find(&file)?;
            run(db, commit, |tx| {
                import_training(tx, actor, &file, &plan, today)
            })
        }
        ImportKind::Licences => {
            let plan = LicenceColumns::find(&file)?;
            run(db, commit, |tx| {
                import_licences(tx, actor, &file, &plan, today)
            })
        }
        ImportKind::Checks => {
            let plan = CheckColumns::find(&file)?;
            run(db, commit, |tx| {
                import_checks(tx, actor, &file, &plan, today)
            })
        }
    }
}

/// Rehearses, and commits only when asked and nothing was wrong. The second run
/// inside the real transaction is the same work; should it meet a problem the
/// rehearsal did not, nothing is written.
fn run(
    db: &mut Db,
    commit: bool,
    work: impl Fn(&Transaction<'_>) -> Result<ImportReport>,
) -> Result<ImportReport> {
    let preview = db.rehearse(&work)?;
    if !commit || preview.rows_with_problems > 0 {
        return Ok(preview);
    }
    db.write(|tx| {
        let mut done = work(tx)?;
        if done.rows_with_problems > 0 {
            return Err(Error::conflict(
                "file",
                "The practice changed while importing; nothing was imported. Preview the file again.",
            ));
        }
        done.imported = true;
        Ok(done)
    })
}
