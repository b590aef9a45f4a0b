//! CSV import of staff and of training records, all or nothing.
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
//! transaction and commits only when there is no problem.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::access::{Actor, Permission};
use crate::error::{Error, Result};
use crate::export;
use crate::ids::{text_enum, CourseId, RoleId, StaffId};
use crate::roles::{self, RoleInput};
use crate::staff::{self, StaffInput, StaffStatus};
use crate::storage::Db;
use crate::text;
use crate::training::{self, TrainingInput};

/// The largest file accepted: 5 MB.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// The most data rows accepted in one file.
pub const MAX_ROWS: usize = 10_000;

text_enum! {
    /// What a file holds.
    pub enum ImportKind { Staff = "staff", Training = "training" }
}

/// One column of the file and what it was taken as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ColumnMatch {
    pub header: String,
    /// The field it fills, in words; `None`: ignored.
    #[ts(optional)]
    pub field: Option<String>,
}

/// One data row: where it is in the file, who or what it is, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportRow {
    /// The line the row starts on (the header is line 1).
    pub line: u32,
    pub summary: String,
    pub problems: Vec<String>,
    /// Something worth knowing that is not a problem ("already recorded; skipped").
    #[ts(optional)]
    pub note: Option<String>,
}

/// What an import found (preview) or did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
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

/// Reads the file chosen for an import (the command line's; the window reads
/// its own and checks the size first): a regular file, not a folder, a FIFO or
/// a device such as `/dev/zero` (which would block or never end); at most
/// [`MAX_BYTES`], checked before anything is read, and never more than that
/// read whatever the file claims; UTF-8. Every refusal names the file.
pub fn read_file(path: &Path) -> Result<String> {
    let shown = path.display();
    let unreadable =
        |e: std::io::Error| file_error(format!("{shown} could not be read: {}", io_reason(&e)));
    let not_regular = |meta: &std::fs::Metadata| {
        file_error(format!(
            "{shown} is not a regular file ({}): choose a CSV file",
            file_kind(meta)
        ))
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    if meta.len() > MAX_BYTES as u64 {
        return Err(too_big(&shown.to_string(), meta.len()));
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    // Judge what was opened, should the path have been replaced meanwhile.
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_BYTES as u64) as usize);
    file.take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() > MAX_BYTES {
        return Err(too_big(&shown.to_string(), bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|_| {
        file_error(format!(
            "{shown} is not UTF-8 text: save it as CSV (UTF-8) first"
        ))
    })
}

fn too_big(what: &str, bytes: u64) -> Error {
    file_error(format!(
        "{what} is {:.1} MB; an import can be at most {} MB (split it in two)",
        bytes as f64 / 1_048_576.0,
        MAX_BYTES / 1_048_576
    ))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// What a file that is not a regular file is, in words.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "it is a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "it is a FIFO, a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "it is a device";
        }
        if t.is_socket() {
            return "it is a socket";
        }
    }
    "it is a special file"
}

/// Reads `csv` as staff and previews (`commit` false) or imports it.
pub fn staff(
    db: &mut Db,
    actor: &Actor,
    csv: &str,
    today: NaiveDate,
    commit: bool,
) -> Result<ImportReport> {
    actor.require(Permission::EditStaff)?;
    let file = parse(csv)?;
    let plan = StaffColumns::find(&file)?;
    run(db, commit, |tx| {
        import_staff(tx, actor, &file, &plan, today)
    })
}

/// Reads `csv` as training records and previews or imports it. Imported
/// records count as approved: the office is entering what it has checked.
pub fn training(
    db: &mut Db,
    actor: &Actor,
    csv: &str,
    today: NaiveDate,
    commit: bool,
) -> Result<ImportReport> {
    actor.require(Permission::EditTraining)?;
    let file = parse(csv)?;
    let plan = TrainingColumns::find(&file)?;
    run(db, commit, |tx| {
        import_training(tx, actor, &file, &plan, today)
    })
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

// ---------------------------------------------------------------------------
// Reading the file

struct CsvFile {
    delimiter: u8,
    headers: Vec<String>,
    /// (line, fields)
    rows: Vec<(u32, Vec<String>)>,
    /// Rows the CSV reader itself could not read, by line.
    unreadable: Vec<(u32, String)>,
}

impl CsvFile {
    fn column(&self, keys: &[&str]) -> Option<usize> {
        let normal: Vec<String> = self.headers.iter().map(|h| header_key(h)).collect();
        keys.iter().find_map(|k| normal.iter().position(|h| h == k))
    }
}

fn file_error(message: impl Into<String>) -> Error {
    Error::invalid("file", message)
}

fn parse(csv: &str) -> Result<CsvFile> {
    if csv.len() > MAX_BYTES {
        return Err(too_big("The file", csv.len() as u64));
    }
    let csv = csv.strip_prefix('\u{feff}').unwrap_or(csv);
    if csv.contains('\u{fffd}') {
        return Err(file_error(
            "The file has characters that could not be read (it is probably not UTF-8): save it as \"CSV UTF-8\" and choose it again",
        ));
    }
    if csv.contains('\0') {
        return Err(file_error(
            "The file is not text (it contains NUL bytes): save it as CSV first",
        ));
    }
    let first_line = csv.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first_line.is_empty() {
        return Err(file_error("The file is empty"));
    }
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| count_outside_quotes(first_line, *d))
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(csv.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| file_error(format!("The header line could not be read: {e}")))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut rows = Vec::new();
    let mut unreadable = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line() as u32);
                if r.iter().all(|f| f.trim().is_empty()) {
                    continue; // a blank line between rows, or trailing commas
                }
                let fields = r
                    .iter()
                    .map(|f| export::unguarded(f.trim()).to_owned())
                    .collect();
                rows.push((line, fields));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as u32);
                unreadable.push((line, format!("This line could not be read: {e}")));
            }
        }
        if rows.len() + unreadable.len() > MAX_ROWS {
            return Err(file_error(format!(
                "The file has more than {MAX_ROWS} rows: split it"
            )));
        }
    }
    if rows.is_empty() && unreadable.is_empty() {
        return Err(file_error("The file has a header line but no rows"));
    }
    Ok(CsvFile {
        delimiter,
        headers,
        rows,
        unreadable,
    })
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    line.bytes()
        .filter(|b| {
            if *b == b'"' {
                quoted = !quoted;
            }
            !quoted && *b == delimiter
        })
        .count()
}

/// A header as compared: accents and case removed, letters and digits only,
/// `#` read as "number" ("Employee #" = "employeenumber").
fn header_key(header: &str) -> String {
    text::fold(&header.replace('#', " number"))
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A date as spreadsheets and other tools write it: `2024-03-15`, `2024/03/15`,
/// `15.03.2024`, `15/03/2024` or `03/15/2024` when unambiguous (a part over 12),
/// or a spreadsheet date-time (`2024-03-15 00:00:00`). Anything else keeps its
/// text, so the core's own check refuses it with its message.
fn date_text(value: &str) -> std::result::Result<String, String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    let v = v.split(['T', ' ']).next().unwrap_or(v);
    let parts: Vec<&str> = v.split(['-', '/', '.']).collect();
    let num = |s: &str| s.parse::<u32>().ok();
    let iso = |y: u32, m: u32, d: u32| format!("{y:04}-{m:02}-{d:02}");
    if let [a, b, c] = parts.as_slice() {
        if let (Some(x), Some(y), Some(z)) = (num(a), num(b), num(c)) {
            if a.len() == 4 {
                return Ok(iso(x, y, z));
            }
            if c.len() == 4 {
                if v.contains('.') || x > 12 {
                    return Ok(iso(z, y, x));
                }
                if y > 12 {
                    return Ok(iso(z, x, y));
                }
                return Err(format!(
                    "\"{value}\" could be day/month or month/day: write it as YYYY-MM-DD"
                ));
            }
        }
    }
    Ok(value.to_owned())
}

fn cell(row: &[String], column: Option<usize>) -> &str {
    column
        .and_then(|c| row.get(c))
        .map(String::as_str)
        .unwrap_or("")
}

fn columns_report(file: &CsvFile, used: &[(Option<usize>, &str)]) -> Vec<ColumnMatch> {
    file.headers
        .iter()
        .enumerate()
        .map(|(i, h)| ColumnMatch {
            header: h.clone(),
            field: used
                .iter()
                .find(|(c, _)| *c == Some(i))
                .map(|(_, label)| (*label).to_owned()),
        })
        .collect()
}

fn delimiter_text(d: u8) -> String {
    if d == b'\t' {
        "tab".into()
    } else {
        (d as char).to_string()
    }
}

// ---------------------------------------------------------------------------
// Staff

/// Header keys (see [`header_key`]) both imports read a person from, most
/// specific first. "Employee" alone is not a name: exports use it for ids.
const NAME_KEYS: &[&str] = &[
    "name",
    "fullname",
    "employeename",
    "staffname",
    "displayname",
];
const FIRST_KEYS: &[&str] = &["firstname", "givenname", "forename", "first"];
const LAST_KEYS: &[&str] = &["lastname", "surname", "familyname", "last"];
const EMAIL_KEYS: &[&str] = &["email", "emailaddress", "workemail", "mail"];
const EMPLOYEE_NO_KEYS: &[&str] = &[
    "employeenumber",
    "employeeno",
    "employeeid",
    "empno",
    "empid",
    "staffnumber",
    "staffno",
    "staffid",
    "personnelnumber",
    "payrollnumber",
    "payrollid",
    "number",
];

struct StaffColumns {
    name: Option<usize>,
    first: Option<usize>,
    middle: Option<usize>,
    last: Option<usize>,
    employee_no: Option<usize>,
    email: Option<usize>,
    phone: Option<usize>,
    department: Option<usize>,
    role: Option<usize>,
    manager: Option<usize>,
    hire_date: Option<usize>,
    status: Option<usize>,
    end_date: Option<usize>,
}

impl StaffColumns {
    fn find(file: &CsvFile) -> Result<StaffColumns> {
        let c = StaffColumns {
            name: file.column(NAME_KEYS),
            first: file.column(FIRST_KEYS),
            middle: file.column(&["middlename", "middle"]),
            last: file.column(LAST_KEYS),
            employee_no: file.column(EMPLOYEE_NO_KEYS),
            email: file.column(EMAIL_KEYS),
            phone: file.column(&[
                "phone",
                "phonenumber",
                "telephone",
                "mobile",
                "mobilephone",
                "cell",
                "workphone",
            ]),
            department: file.column(&["department", "dept", "team", "division"]),
            role: file.column(&[
                "jobrole",
                "role",
                "jobtitle",
                "title",
                "position",
                "designation",
                "job",
            ]),
            manager: file.column(&[
                "manager",
                "managername",
                "reportsto",
                "supervisor",
                "linemanager",
            ]),
            hire_date: file.column(&[
                "hiredate",
                "dateofhire",
                "datehired",
                "startdate",
                "joineddate",
                "joindate",
                "datejoined",
                "originalhiredate",
                "employmentstartdate",
                "started",
            ]),
            status: file.column(&["status", "employmentstatus", "employeestatus"]),
            end_date: file.column(&[
                "enddate",
                "terminationdate",
                "leavingdate",
                "dateleft",
                "leftdate",
                "lastday",
            ]),
        };
        if c.name.is_none() && c.first.is_none() && c.last.is_none() {
            return Err(file_error(format!(
                "No column for the name: call it Name, or First name and Last name (the file has: {})",
                file.headers.join(", ")
            )));
        }
        Ok(c)
    }

    fn name(&self, row: &[String]) -> String {
        if self.name.is_some() && !cell(row, self.name).is_empty() {
            return cell(row, self.name).to_owned();
        }
        [self.first, self.middle, self.last]
            .iter()
            .map(|c| cell(row, *c))
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn report(&self, file: &CsvFile) -> Vec<ColumnMatch> {
        columns_report(
            file,
            &[
                (self.name, "Name"),
                (self.first, "First name"),
                (self.middle, "Middle name"),
                (self.last, "Last name"),
                (self.employee_no, "Employee number"),
                (self.email, "Email"),
                (self.phone, "Phone"),
                (self.department, "Department"),
                (self.role, "Job role"),
                (self.manager, "Manager"),
                (self.hire_date, "Hire date"),
                (self.status, "Status"),
                (self.end_date, "End date"),
            ],
        )
    }
}

fn status_of(value: &str) -> std::result::Result<Option<StaffStatus>, String> {
    let key = header_key(value);
    Ok(match key.as_str() {
        "" => None,
        "active" | "current" | "employed" | "fulltime" | "parttime" | "yes" => {
            Some(StaffStatus::Active)
        }
        "onleave" | "leave" | "leaveofabsence" | "loa" | "suspended" => Some(StaffStatus::OnLeave),
        "left" | "terminated" | "inactive" | "former" | "resigned" | "retired" | "no" => {
            Some(StaffStatus::Left)
        }
        _ => {
            return Err(format!(
                "Status \"{value}\" is not one of active, on leave or left"
            ))
        }
    })
}

fn import_staff(
    tx: &Transaction<'_>,
    actor: &Actor,
    file: &CsvFile,
    c: &StaffColumns,
    today: NaiveDate,
) -> Result<ImportReport> {
    let mut role_ids: HashMap<String, RoleId> = roles::list_all(tx)?
        .into_iter()
        .map(|r| (text::unique_key(&r.name), r.id))
        .collect();
    let mut new_roles = Vec::new();
    let mut rows = Vec::new();
    // People already in the practice (by employee number or email) are skipped,
    // so a file imported twice adds nobody twice.
    let known: std::collections::HashSet<String> = tx
        .prepare_cached("SELECT COALESCE(employee_no, ''), lower(email) FROM staff")?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .filter_map(|r| r.ok())
        .flat_map(|(no, email)| [no, email])
        .filter(|k| !k.is_empty())
        .collect();
    // People added, with the manager their row names, to link once all exist.
    let mut managers: Vec<(usize, StaffId, String)> = Vec::new();
    for (line, row) in &file.rows {
        let name = c.name(row);
        let mut problems = Vec::new();
        let mut input = StaffInput {
            name: name.clone(),
            employee_no: Some(cell(row, c.employee_no).to_owned()).filter(|s| !s.is_empty()),
            department: cell(row, c.department).to_owned(),
            email: cell(row, c.email).to_owned(),
            phone: cell(row, c.phone).to_owned(),
            ..Default::default()
        };
        let already = input
            .employee_no
            .as_ref()
            .is_some_and(|n| known.contains(n))
            || (!input.email.is_empty() && known.contains(&input.email.to_lowercase()));
        if already {
            rows.push(ImportRow {
                line: *line,
                summary: if name.is_empty() {
                    "(no name)".into()
                } else {
                    name
                },
                problems: Vec::new(),
                note: Some(
                    "Already in the practice (same employee number or email); skipped".into(),
                ),
            });
            continue;
        }
        for (column, target, label) in [
            (c.hire_date, &mut input.hire_date, "Hire date"),
            (c.end_date, &mut input.end_date, "End date"),
        ] {
            match date_text(cell(row, column)) {
                Ok(d) => *target = d,
                Err(e) => problems.push(format!("{label}: {e}")),
            }
        }
        match status_of(cell(row, c.status)) {
            Ok(s) => input.status = s,
            Err(e) => problems.push(e),
        }
        let role = cell(row, c.role);
        if !role.is_empty() {
            let key = text::unique_key(role);
            let id = match role_ids.get(&key) {
                Some(id) => Some(*id),
                None => match roles::insert(
                    tx,
                    actor,
                    &RoleInput {
                        name: role.to_owned(),
                        ..Default::default()
                    },
                ) {
                    Ok(id) => {
                        new_roles.push(role.to_owned());
                        role_ids.insert(key, id);
                        Some(id)
                    }
                    Err(e) => {
                        problems.push(format!("Job role: {e}"));
                        None
                    }
                },
            };
            input.role_id = id;
        }
        if problems.is_empty() {
            match staff::insert(tx, actor, &input, today) {
                Ok(id) => {
                    let manager = cell(row, c.manager);
                    if !manager.is_empty() {
                        managers.push((rows.len(), id, manager.to_owned()));
                    }
                }
                Err(e) => problems.push(e.to_string()),
            }
        }
        rows.push(ImportRow {
            line: *line,
            summary: if name.is_empty() {
                "(no name)".into()
            } else {
                name
            },
            problems,
            note: None,
        });
    }
    for (index, id, manager) in managers {
        let found = find_person(tx, manager.trim(), manager.trim(), manager.trim()).and_then(|p| match p {
            Some(m) => staff::set_manager(tx, actor, id, m).map(|()| None),
            None => Ok(Some(format!("Manager \"{manager}\": nobody in the practice or the file has that name or employee number"))),
        });
        match found {
            Ok(None) => {}
            Ok(Some(problem)) => rows[index].problems.push(problem),
            Err(e) => rows[index].problems.push(format!("Manager: {e}")),
        }
    }
    Ok(finish(
        ImportKind::Staff,
        file,
        c.report(file),
        rows,
        new_roles,
    ))
}

fn finish(
    kind: ImportKind,
    file: &CsvFile,
    columns: Vec<ColumnMatch>,
    mut rows: Vec<ImportRow>,
    new_roles: Vec<String>,
) -> ImportReport {
    for (line, problem) in &file.unreadable {
        rows.push(ImportRow {
            line: *line,
            summary: String::new(),
            problems: vec![problem.clone()],
            note: None,
        });
    }
    rows.sort_by_key(|r| r.line);
    let rows_with_problems = rows.iter().filter(|r| !r.problems.is_empty()).count() as u32;
    let to_add = rows
        .iter()
        .filter(|r| r.problems.is_empty() && r.note.is_none())
        .count() as u32;
    ImportReport {
        kind,
        delimiter: delimiter_text(file.delimiter),
        columns,
        rows,
        new_roles,
        rows_with_problems,
        to_add,
        imported: false,
    }
}

/// The one person with this employee number, email or exact name (in that
/// order); `Ok(None)` when nobody; an error naming the field when the name is
/// shared.
fn find_person(
    conn: &Connection,
    employee_no: &str,
    email: &str,
    name: &str,
) -> Result<Option<StaffId>> {
    if !employee_no.is_empty() {
        let id: Option<StaffId> = conn
            .query_row(
                "SELECT id FROM staff WHERE employee_no = ?1",
                [employee_no],
                |r| r.get(0),
            )
            .optional()?;
        if id.is_some() {
            return Ok(id);
        }
    }
    if !email.is_empty() {
        let ids: Vec<StaffId> = conn
            .prepare_cached("SELECT id FROM staff WHERE lower(email) = lower(?1)")?
            .query_map([email], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match ids.as_slice() {
            [] => {}
            [one] => return Ok(Some(*one)),
            more => {
                return Err(Error::invalid(
                    "email",
                    format!(
                        "{} people share the email {email}: give their employee number",
                        more.len()
                    ),
                ))
            }
        }
    }
    if !name.is_empty() {
        let key = text::unique_key(name);
        let mut stmt = conn.prepare_cached("SELECT id, name FROM staff")?;
        let matches: Vec<StaffId> = stmt
            .query_map([], |r| {
                Ok((r.get::<_, StaffId>(0)?, r.get::<_, String>(1)?))
            })?
            .filter_map(|r| r.ok())
            .filter(|(_, n)| text::unique_key(n) == key)
            .map(|(id, _)| id)
            .collect();
        return match matches.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            more => Err(Error::invalid(
                "name",
                format!(
                    "{} people are called \"{name}\": give their employee number or email",
                    more.len()
                ),
            )),
        };
    }
    Ok(None)
}

// ---------------------------------------------------------------------------
// Training

struct TrainingColumns {
    person: StaffColumns,
    course: Option<usize>,
    completed_on: Option<usize>,
    hours: Option<usize>,
    provider: Option<usize>,
    notes: Option<usize>,
}

impl TrainingColumns {
    fn find(file: &CsvFile) -> Result<TrainingColumns> {
        let person = StaffColumns {
            name: file
                .column(NAME_KEYS)
                .or_else(|| file.column(&["person", "attendee", "learner"])),
            first: file.column(FIRST_KEYS),
            middle: None,
            last: file.column(LAST_KEYS),
            employee_no: file.column(EMPLOYEE_NO_KEYS),
            email: file.column(EMAIL_KEYS),
            phone: None,
            department: None,
            role: None,
            manager: None,
            hire_date: None,
            status: None,
            end_date: None,
        };
        let course = file.column(&[
            "course",
            "coursename",
            "coursetitle",
            "training",
            "trainingname",
            "trainingtitle",
            "title",
            "module",
        ]);
        // The specific names first: an LMS export may also have a yes/no "Completed".
        let completed_on = file.column(&[
            "completedon",
            "completiondate",
            "datecompleted",
            "completeddate",
            "dateofcompletion",
            "date",
            "completed",
            "finished",
            "passed",
        ]);
        let c = TrainingColumns {
            person,
            course,
            completed_on,
            hours: file.column(&[
                "hours",
                "duration",
                "credithours",
                "cehours",
                "ceus",
                "time",
            ]),
            provider: file.column(&[
                "provider",
                "trainer",
                "vendor",
                "organisation",
                "organization",
                "issuer",
                "instructor",
            ]),
            notes: file.column(&["notes", "note", "comments", "comment", "remarks"]),
        };
        let mut missing = Vec::new();
        let p = &c.person;
        if p.employee_no.is_none() && p.email.is_none() && p.name.is_none() && p.first.is_none() {
            missing.push("who (Employee number, Email or Name)");
        }
        if c.course.is_none() {
            missing.push("the course (Course)");
        }
        if c.completed_on.is_none() {
            missing.push("the date (Completed on)");
        }
        if !missing.is_empty() {
            return Err(file_error(format!(
                "No column for {} (the file has: {})",
                missing.join(", "),
                file.headers.join(", ")
            )));
        }
        Ok(c)
    }

    fn report(&self, file: &CsvFile) -> Vec<ColumnMatch> {
        let p = &self.person;
        columns_report(
            file,
            &[
                (p.employee_no, "Employee number"),
                (p.email, "Email"),
                (p.name, "Name"),
                (p.first, "First name"),
                (p.last, "Last name"),
                (self.course, "Course"),
                (self.completed_on, "Completed on"),
                (self.hours, "Hours"),
                (self.provider, "Provider"),
                (self.notes, "Notes"),
            ],
        )
    }
}

fn import_training(
    tx: &Transaction<'_>,
    actor: &Actor,
    file: &CsvFile,
    c: &TrainingColumns,
    today: NaiveDate,
) -> Result<ImportReport> {
    let courses: HashMap<String, CourseId> = tx
        .prepare_cached("SELECT id, title FROM courses")?
        .query_map([], |r| {
            Ok((r.get::<_, CourseId>(0)?, r.get::<_, String>(1)?))
        })?
        .filter_map(|r| r.ok())
        .map(|(id, title)| (text::unique_key(&title), id))
        .collect();
    let mut rows = Vec::new();
    for (line, row) in &file.rows {
        let who = c.person.name(row);
        let course_title = cell(row, c.course);
        let mut problems = Vec::new();
        let mut note = None;
        let no = cell(row, c.person.employee_no);
        let email = cell(row, c.person.email);
        let person = match find_person(tx, no, email, &who) {
            Ok(Some(id)) => Some(id),
            Ok(None) => {
                problems.push(if no.is_empty() && email.is_empty() && who.is_empty() {
                    "Who completed it is empty".to_owned()
                } else {
                    format!(
                        "Nobody in the practice matches {}",
                        [no, email, who.as_str()]
                            .iter()
                            .filter(|s| !s.is_empty())
                            .map(|s| format!("\"{s}\""))
                            .collect::<Vec<_>>()
                            .join(" / ")
                    )
                });
                None
            }
            Err(e) => {
                problems.push(e.to_string());
                None
            }
        };
        let course = if course_title.is_empty() {
            problems.push("The course is empty".to_owned());
            None
        } else {
            let id = courses.get(&text::unique_key(course_title)).copied();
            if id.is_none() {
                problems.push(format!(
                    "No course called \"{course_title}\" in the catalog: add it there first"
                ));
            }
            id
        };
        let completed_on = match date_text(cell(row, c.completed_on)) {
            Ok(d) => d,
            Err(e) => {
                problems.push(format!("Completed on: {e}"));
                String::new()
            }
        };
        let hours_text = cell(row, c.hours).replace(',', ".");
        let hours = if hours_text.is_empty() {
            None
        } else {
            match hours_text.parse::<f64>() {
                Ok(h) => Some(h),
                Err(_) => {
                    problems.push(format!("Hours \"{}\" is not a number", cell(row, c.hours)));
                    None
                }
            }
        };
        if let (true, Some(p), Some(course)) = (problems.is_empty(), person, course) {
            let already: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM training_records WHERE staff_id = ?1 AND course_id = ?2 AND completed_on = ?3)",
                rusqlite::params![p, course, completed_on],
                |r| r.get(0),
            )?;
            if already {
                note = Some("Already recorded; skipped".to_owned());
            } else {
                let input = TrainingInput {
                    staff_id: Some(p),
                    course_id: Some(course),
                    completed_on: completed_on.clone(),
                    hours,
                    provider: cell(row, c.provider).to_owned(),
                    notes: cell(row, c.notes).to_owned(),
                    ..Default::default()
                };
                if let Err(e) = training::insert(tx, actor, &input, today) {
                    problems.push(e.to_string());
                }
            }
        }
        let who_text = [who.as_str(), no, email]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap_or("(nobody)");
        rows.push(ImportRow {
            line: *line,
            summary: format!("{who_text}: {course_title} ({})", cell(row, c.completed_on)),
            problems,
            note,
        });
    }
    Ok(finish(
        ImportKind::Training,
        file,
        c.report(file),
        rows,
        Vec::new(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_whatever_their_spelling() {
        assert_eq!(header_key("First Name"), "firstname");
        assert_eq!(header_key("first_name"), "firstname");
        assert_eq!(header_key(" Hire-Date "), "hiredate");
        assert_eq!(header_key("Employee #"), "employeenumber");
        assert_eq!(header_key("Prénom"), "prenom");
    }

    #[test]
    fn dates_in_common_spellings() {
        assert_eq!(date_text("2024-03-15").unwrap(), "2024-03-15");
        assert_eq!(date_text("2024/3/5").unwrap(), "2024-03-05");
        assert_eq!(date_text("15.03.2024").unwrap(), "2024-03-15");
        assert_eq!(date_text("15/03/2024").unwrap(), "2024-03-15");
        assert_eq!(date_text("03/15/2024").unwrap(), "2024-03-15");
        assert_eq!(date_text("2024-03-15 00:00:00").unwrap(), "2024-03-15");
        assert_eq!(date_text("2024-03-15T08:00:00Z").unwrap(), "2024-03-15");
        assert!(date_text("03/04/2024").unwrap_err().contains("YYYY-MM-DD"));
        // Not a date at all: left for the core to refuse with its message.
        assert_eq!(date_text("soon").unwrap(), "soon");
    }

    #[test]
    fn the_delimiter_is_the_one_the_header_uses() {
        assert_eq!(parse("a;b;c\n1;2;3\n").unwrap().delimiter, b';');
        assert_eq!(parse("\"x;y\",b,c\n1,2,3\n").unwrap().delimiter, b',');
        assert_eq!(parse("a\tb\n1\t2\n").unwrap().delimiter, b'\t');
    }
}
