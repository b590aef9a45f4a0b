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
//! transaction and commits only when there is no problem. A row's problem is
//! something about the file; a failure of the disk (full, read-only) stops the
//! import with its own error instead.
//!
//! People are looked up (by employee number, email and name) in maps built
//! once, so the import takes time in proportion to the file, not to the file
//! times the practice.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use specta::Type;
use unicode_normalization::UnicodeNormalization;

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
/// The most characters of a row's summary, a header or a job role a report
/// shows: a file's 4 MB cell is not echoed whole.
const SHOWN_CHARS: usize = 80;
/// The most characters of a value from the file quoted inside a problem.
const QUOTED_CHARS: usize = 40;
/// The most characters of one problem or note.
const PROBLEM_CHARS: usize = 240;

text_enum! {
    /// What a file holds.
    pub enum ImportKind { Staff = "staff", Training = "training" }
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

    /// The headers, for a message saying which columns the file has.
    fn headers_shown(&self) -> String {
        const MOST: usize = 12;
        let mut list: Vec<String> = self
            .headers
            .iter()
            .take(MOST)
            .map(|h| shown(h, QUOTED_CHARS))
            .collect();
        if self.headers.len() > MOST {
            list.push(format!("and {} more", self.headers.len() - MOST));
        }
        list.join(", ")
    }
}

/// `value` as a report shows it: its first line, at most `max` characters, and
/// "…" where anything was left out.
fn shown(value: &str, max: usize) -> String {
    let line = value.split(['\n', '\r']).next().unwrap_or("");
    if line.len() == value.len() && value.chars().count() <= max {
        return value.to_owned();
    }
    let mut out: String = line.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A value from the file, quoted inside a problem.
fn quoted(value: &str) -> String {
    format!("\"{}\"", shown(value, QUOTED_CHARS))
}

/// What a core operation's refusal means for a row: something wrong with what
/// the row says (the row's problem), or a failure that is nobody's row — a
/// full or read-only disk, a damaged file — which stops the import with its own
/// error.
fn row_problem(e: Error) -> Result<String> {
    match e {
        Error::Invalid { .. } | Error::Conflict { .. } | Error::NotFound { .. } => {
            Ok(e.to_string())
        }
        other => Err(other),
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
            header: shown(h, SHOWN_CHARS),
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
const FIRST_KEYS: &[&str] = &["firstname", "givenname", "forename", "fname", "first"];
const MIDDLE_KEYS: &[&str] = &["middlename", "middlenames", "middleinitial", "mi", "middle"];
const LAST_KEYS: &[&str] = &["lastname", "surname", "familyname", "lname", "last"];
const EMAIL_KEYS: &[&str] = &["email", "emailaddress", "workemail", "mail"];
/// The spellings of an employee number seen in HR tools' and payroll exports
/// ("Empl No", "Emp #", "Employee ID", "Payroll number", "Badge ID", …).
const EMPLOYEE_NO_KEYS: &[&str] = &[
    "employeenumber",
    "employeeno",
    "employeeid",
    "employeenum",
    "employeecode",
    "emplno",
    "emplnumber",
    "emplid",
    "empno",
    "empnumber",
    "empnum",
    "empid",
    "empcode",
    "staffnumber",
    "staffno",
    "staffid",
    "staffcode",
    "personnelnumber",
    "personnelno",
    "payrollnumber",
    "payrollno",
    "payrollid",
    "badgenumber",
    "badgeno",
    "badgeid",
    "number",
];
/// The spellings of a hire date: "Hire date", "DOH", "Date of joining",
/// "Start date", "Joined", …
const HIRE_DATE_KEYS: &[&str] = &[
    "hiredate",
    "dateofhire",
    "datehired",
    "hiredon",
    "hired",
    "doh",
    "startdate",
    "startedon",
    "started",
    "employmentstartdate",
    "dateofemployment",
    "employmentdate",
    "joineddate",
    "joindate",
    "datejoined",
    "joinedon",
    "joined",
    "dateofjoining",
    "joiningdate",
    "originalhiredate",
    "servicestartdate",
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
            middle: file.column(MIDDLE_KEYS),
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
            hire_date: file.column(HIRE_DATE_KEYS),
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
                file.headers_shown()
            )));
        }
        Ok(c)
    }

    /// The person's name: the Name column, or first, middle and last joined. A
    /// middle initial is kept in the name, with its full stop ("Anne M. Marsh"):
    /// a person has one name here (see docs/decisions.md).
    fn name(&self, row: &[String]) -> String {
        if self.name.is_some() && !cell(row, self.name).is_empty() {
            return cell(row, self.name).to_owned();
        }
        let middle = cell(row, self.middle);
        let middle = if middle.chars().count() == 1 && middle.chars().all(char::is_alphabetic) {
            format!("{middle}.")
        } else {
            middle.to_owned()
        };
        [cell(row, self.first), &middle, cell(row, self.last)]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The columns that hold one line each, with their labels: every staff
    /// column (a training file's notes may have several lines).
    fn single_line(&self) -> [(Option<usize>, &'static str); 13] {
        [
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
        ]
    }

    fn report(&self, file: &CsvFile) -> Vec<ColumnMatch> {
        columns_report(file, &self.single_line())
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
                "Status {} is not one of active, on leave or left",
                quoted(value)
            ))
        }
    })
}

/// A cell of a one-line column that holds a line break. When what follows
/// the break has the file's delimiter in it, that is almost always a quote
/// opened in the file and never closed, which made the reader take the lines
/// after it into this cell.
fn line_break_problem(label: &str, value: &str, line: u32, delimiter: u8) -> String {
    let after = value.split_once(['\n', '\r']).map_or("", |(_, rest)| rest);
    if after.contains(char::from(delimiter)) {
        format!(
            "{label} has a line break in it: a quote (\") on line {line} is probably not closed, so the lines after it were read into this one. Close or remove the quote"
        )
    } else {
        format!("{label} has a line break in it; it must be on one line")
    }
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
    // Everyone in the practice, and then everyone added from the file, so that
    // a file imported twice adds nobody twice and managers are found by name,
    // number or email without reading the staff table once a row.
    let mut people = Directory::load(tx)?;
    // People added, with the manager their row names, to link once all exist.
    let mut managers: Vec<(usize, StaffId, String)> = Vec::new();
    for (line, row) in &file.rows {
        let name = c.name(row);
        let summary = if name.is_empty() {
            "(no name)".to_owned()
        } else {
            shown(&name, SHOWN_CHARS)
        };
        let mut problems = Vec::new();
        let broken = c
            .single_line()
            .into_iter()
            .find(|(column, _)| cell(row, *column).contains(['\n', '\r']));
        if let Some((column, label)) = broken {
            let value = cell(row, column);
            problems.push(line_break_problem(label, value, *line, file.delimiter));
        }
        let mut input = StaffInput {
            name: name.clone(),
            employee_no: Some(cell(row, c.employee_no).to_owned()).filter(|s| !s.is_empty()),
            department: cell(row, c.department).to_owned(),
            email: cell(row, c.email).to_owned(),
            phone: cell(row, c.phone).to_owned(),
            ..Default::default()
        };
        let mut date_problems = Vec::new();
        for (column, target, label) in [
            (c.hire_date, &mut input.hire_date, "Hire date"),
            (c.end_date, &mut input.end_date, "End date"),
        ] {
            let value = cell(row, column);
            match date_text(value) {
                Ok(d) => *target = d,
                Err(e) => {
                    *target = value.to_owned();
                    date_problems.push(format!("{label}: {e}"));
                }
            }
        }
        // Someone already here is skipped whatever else the row says (as a
        // second import of the same file must be); a clash is one more problem.
        if problems.is_empty() {
            match people.already_here(&input, *line) {
                Some(Ok(skipped)) => {
                    rows.push(ImportRow {
                        line: *line,
                        summary,
                        problems,
                        note: Some(skipped),
                    });
                    continue;
                }
                Some(Err(clash)) => problems.push(clash),
                None => {}
            }
        }
        problems.append(&mut date_problems);
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
                        new_roles.push(shown(role, SHOWN_CHARS));
                        role_ids.insert(key, id);
                        Some(id)
                    }
                    Err(e) => {
                        problems.push(format!("Job role: {}", row_problem(e)?));
                        None
                    }
                },
            };
            input.role_id = id;
        }
        if problems.is_empty() {
            match staff::insert(tx, actor, &input, today) {
                Ok(id) => {
                    people.add(id, &input, Some(*line));
                    let manager = cell(row, c.manager);
                    if !manager.is_empty() {
                        managers.push((rows.len(), id, manager.to_owned()));
                    }
                }
                Err(e) => problems.push(row_problem(e)?),
            }
        }
        rows.push(ImportRow {
            line: *line,
            summary,
            problems,
            note: None,
        });
    }
    let mut links = Vec::new();
    for (index, id, manager) in managers {
        match people.find(&manager, &manager, &manager) {
            Ok(Some(m)) => links.push((index, id, m)),
            Ok(None) => rows[index].problems.push(format!(
                "Manager {}: nobody in the practice or the file has that name or employee number",
                quoted(&manager)
            )),
            Err(e) => rows[index]
                .problems
                .push(format!("Manager: {}", row_problem(e)?)),
        }
    }
    for i in link_order(&links) {
        let (index, id, manager) = links[i];
        if let Err(e) = staff::set_manager(tx, actor, id, manager) {
            let problem = row_problem(e)?;
            rows[index].problems.push(format!("Manager: {problem}"));
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

/// The order to give people their managers in: everyone before their own
/// manager (the deepest in the file's chart first), so that the check against a
/// cycle — a walk up the new manager's chain in `staff::set_manager` — stops at
/// once at a manager not linked yet, and linking a file that lists a long chain
/// takes linear time, not quadratic. A cycle in the file is cut at one link,
/// which comes last and is the one refused.
fn link_order(links: &[(usize, StaffId, StaffId)]) -> Vec<usize> {
    let manager_of: HashMap<StaffId, StaffId> = links.iter().map(|(_, p, m)| (*p, *m)).collect();
    let mut depth: HashMap<StaffId, usize> = HashMap::with_capacity(links.len());
    for (_, start, _) in links {
        // Walk up from `start` to someone whose depth is known, or who has no
        // manager in the file (depth 0), or back onto this walk (a cycle).
        let mut path = vec![*start];
        let mut on_path: std::collections::HashSet<StaffId> = [*start].into();
        let mut above = None;
        while let Some(&last) = path.last() {
            if depth.contains_key(&last) {
                path.pop();
                above = depth.get(&last).copied();
                break;
            }
            match manager_of.get(&last) {
                Some(m) if on_path.contains(m) => break, // `last` closes a cycle: cut there
                Some(m) if manager_of.contains_key(m) || depth.contains_key(m) => {
                    on_path.insert(*m);
                    path.push(*m);
                }
                _ => break, // a manager already in the practice, or none
            }
        }
        let top = above.map_or(0, |a| a + 1);
        for (d, p) in (top..).zip(path.into_iter().rev()) {
            depth.insert(p, d);
        }
    }
    let mut order: Vec<usize> = (0..links.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(depth.get(&links[i].1).copied().unwrap_or(0)));
    order
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
    // Whatever a message quoted from the file, no line of a report is long.
    for row in &mut rows {
        row.summary = shown(&row.summary, SHOWN_CHARS);
        for p in &mut row.problems {
            *p = shown(p, PROBLEM_CHARS);
        }
        if let Some(n) = &mut row.note {
            *n = shown(n, PROBLEM_CHARS);
        }
    }
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

/// Someone in the practice, or added from the file being imported.
struct Known {
    id: StaffId,
    name: String,
    employee_no: Option<String>,
    email: String,
    /// `YYYY-MM-DD`, or empty.
    hire_date: String,
    /// The line of the file that added them; `None`: here before the import.
    line: Option<u32>,
}

/// Everyone, by employee number, email and name: a lookup is a probe in a
/// map (it used to read the whole staff table, which made an import of
/// thousands of people whose manager is given by name take minutes).
#[derive(Default)]
struct Directory {
    people: Vec<Known>,
    by_number: HashMap<String, usize>,
    by_email: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
}

fn number_key(no: &str) -> String {
    no.trim().nfc().collect()
}

fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

impl Directory {
    fn load(conn: &Connection) -> Result<Directory> {
        let mut d = Directory::default();
        let mut stmt = conn.prepare("SELECT id, name, employee_no, email, hire_date FROM staff")?;
        let rows = stmt.query_map([], |r| {
            Ok(Known {
                id: r.get(0)?,
                name: r.get(1)?,
                employee_no: r.get(2)?,
                email: r.get(3)?,
                hire_date: r
                    .get::<_, Option<NaiveDate>>(4)?
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                line: None,
            })
        })?;
        for k in rows {
            d.insert(k?);
        }
        Ok(d)
    }

    fn insert(&mut self, k: Known) {
        let i = self.people.len();
        if let Some(no) = &k.employee_no {
            self.by_number.insert(number_key(no), i);
        }
        if !k.email.trim().is_empty() {
            self.by_email
                .entry(email_key(&k.email))
                .or_default()
                .push(i);
        }
        self.by_name
            .entry(text::unique_key(&k.name))
            .or_default()
            .push(i);
        self.people.push(k);
    }

    /// Records someone the import has just added from `line`.
    fn add(&mut self, id: StaffId, input: &StaffInput, line: Option<u32>) {
        self.insert(Known {
            id,
            name: input.name.clone(),
            employee_no: input.employee_no.clone(),
            email: input.email.clone(),
            hire_date: input.hire_date.trim().to_owned(),
            line,
        });
    }

    /// The one person with this employee number, email or exact name (in that
    /// order); `Ok(None)` when nobody; an error naming the field when the email
    /// or the name is shared.
    fn find(&self, employee_no: &str, email: &str, name: &str) -> Result<Option<StaffId>> {
        if !employee_no.trim().is_empty() {
            if let Some(&i) = self.by_number.get(&number_key(employee_no)) {
                return Ok(Some(self.people[i].id));
            }
        }
        if !email.trim().is_empty() {
            match self.by_email.get(&email_key(email)).map(Vec::as_slice) {
                None | Some([]) => {}
                Some([one]) => return Ok(Some(self.people[*one].id)),
                Some(more) => {
                    return Err(Error::invalid(
                        "email",
                        format!(
                            "{} people share the email {}: give their employee number",
                            more.len(),
                            shown(email, QUOTED_CHARS)
                        ),
                    ))
                }
            }
        }
        if !name.trim().is_empty() {
            return match self.by_name.get(&text::unique_key(name)).map(Vec::as_slice) {
                None | Some([]) => Ok(None),
                Some([one]) => Ok(Some(self.people[*one].id)),
                Some(more) => Err(Error::invalid(
                    "name",
                    format!(
                        "{} people are called {}: give their employee number or email",
                        more.len(),
                        quoted(name)
                    ),
                )),
            };
        }
        Ok(None)
    }

    /// Whether the row describes someone already here, so that importing a
    /// file twice adds nobody twice: `Some(Ok(note))` to skip the row,
    /// `Some(Err(problem))` when its employee number belongs to someone else
    /// (neither skipped nor merged: the office must say who is who), `None`
    /// for someone new.
    ///
    /// An employee number, when both sides have one, decides. Otherwise the
    /// row is someone here who has the same name, or the same email and a
    /// spelling of the same name, with no other employee number, email or hire
    /// date than the row's.
    fn already_here(
        &self,
        row: &StaffInput,
        line: u32,
    ) -> Option<std::result::Result<String, String>> {
        let number = row
            .employee_no
            .as_deref()
            .map(number_key)
            .filter(|n| !n.is_empty());
        if let Some(no) = &number {
            if let Some(&i) = self.by_number.get(no) {
                let k = &self.people[i];
                let at = match k.line {
                    Some(l) if l != line => format!("on line {l}"),
                    _ => "here".to_owned(),
                };
                return Some(if same_name(&k.name, &row.name) {
                    Ok(match k.line {
                        None => format!(
                            "Already in the practice (employee number {}); skipped",
                            shown(no, QUOTED_CHARS)
                        ),
                        Some(l) => format!("The same person as line {l}; skipped"),
                    })
                } else {
                    Err(format!(
                        "Employee number {} is already used by {} {at}: correct the number, or the name if it is the same person",
                        quoted(no),
                        shown(&k.name, QUOTED_CHARS)
                    ))
                });
            }
        }
        let email = email_key(&row.email);
        let hire = row.hire_date.trim();
        let by_name = self.by_name.get(&text::unique_key(&row.name));
        let by_email = (!email.is_empty())
            .then(|| self.by_email.get(&email))
            .flatten();
        let candidates = by_name.into_iter().chain(by_email).flatten();
        for &i in candidates {
            let k = &self.people[i];
            let same_email = !email.is_empty() && email_key(&k.email) == email;
            let fits = k.line.is_none()
                && !(number.is_some() && k.employee_no.is_some())
                && (k.email.trim().is_empty() || email.is_empty() || same_email)
                && (k.hire_date.is_empty() || hire.is_empty() || k.hire_date == hire)
                && if same_email {
                    same_name(&k.name, &row.name)
                } else {
                    text::unique_key(&k.name) == text::unique_key(&row.name)
                };
            if !fits {
                continue;
            }
            return Some(Ok(match &number {
                Some(no) => format!(
                    "Already in the practice as {}, without an employee number; skipped (give them {} on their page)",
                    shown(&k.name, QUOTED_CHARS),
                    shown(no, QUOTED_CHARS)
                ),
                None if same_email => {
                    "Already in the practice (same name and email); skipped".to_owned()
                }
                None => "Already in the practice (same name); skipped".to_owned(),
            }));
        }
        None
    }
}

/// Two spellings of one person's name: the same words in any order, ignoring
/// case, accents and punctuation, and a middle initial that one of them leaves
/// out ("Anne M. Marsh", "Anne Marsh", "Marsh, Anne") — but not two different
/// initials ("Mark A. Robinson", "Mark C. Robinson").
fn same_name(a: &str, b: &str) -> bool {
    let parts = |s: &str| {
        let (mut initials, mut words): (Vec<String>, Vec<String>) = text::fold(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .partition(|w| w.len() == 1 && w.bytes().all(|b| b.is_ascii_alphabetic()));
        initials.sort();
        words.sort();
        (words, initials)
    };
    let ((words_a, initials_a), (words_b, initials_b)) = (parts(a), parts(b));
    words_a == words_b
        && (initials_a == initials_b
            || (!words_a.is_empty() && (initials_a.is_empty() || initials_b.is_empty())))
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
                file.headers_shown()
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
        .map(|r| r.map(|(id, title)| (text::unique_key(&title), id)))
        .collect::<rusqlite::Result<_>>()?;
    let people = Directory::load(tx)?;
    let mut rows = Vec::new();
    for (line, row) in &file.rows {
        let who = c.person.name(row);
        let course_title = cell(row, c.course);
        let mut problems = Vec::new();
        let mut note = None;
        let broken = [
            (c.person.employee_no, "Employee number"),
            (c.person.email, "Email"),
            (c.person.name, "Name"),
            (c.person.first, "First name"),
            (c.person.last, "Last name"),
            (c.course, "Course"),
            (c.completed_on, "Completed on"),
            (c.hours, "Hours"),
            (c.provider, "Provider"),
        ]
        .into_iter()
        .find(|(column, _)| cell(row, *column).contains(['\n', '\r']));
        if let Some((column, label)) = broken {
            let value = cell(row, column);
            problems.push(line_break_problem(label, value, *line, file.delimiter));
        }
        let no = cell(row, c.person.employee_no);
        let email = cell(row, c.person.email);
        let person = match people.find(no, email, &who) {
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
                            .map(|s| quoted(s))
                            .collect::<Vec<_>>()
                            .join(" / ")
                    )
                });
                None
            }
            Err(e) => {
                problems.push(row_problem(e)?);
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
                    "No course called {} in the catalog: add it there first",
                    quoted(course_title)
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
                    problems.push(format!(
                        "Hours {} is not a number",
                        quoted(cell(row, c.hours))
                    ));
                    None
                }
            }
        };
        if let (true, Some(p), Some(course)) = (problems.is_empty(), person, course) {
            let already: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM training_records WHERE staff_id = ?1 AND course_id = ?2 AND completed_on = ?3)",
                )?
                .query_row(rusqlite::params![p, course, completed_on], |r| r.get(0))?;
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
                    problems.push(row_problem(e)?);
                }
            }
        }
        let who_text = [who.as_str(), no, email]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap_or("(nobody)");
        rows.push(ImportRow {
            line: *line,
            summary: format!(
                "{}: {} ({})",
                shown(who_text, QUOTED_CHARS),
                shown(course_title, QUOTED_CHARS),
                shown(cell(row, c.completed_on), QUOTED_CHARS)
            ),
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

    /// The spellings HR tools and spreadsheets use for the keys of a person.
    #[test]
    fn employee_numbers_hire_dates_and_middle_names_in_their_spellings() {
        let taken = |header: &str| {
            let file = parse(&format!("Name,{header}\nAna,x\n")).unwrap();
            let c = StaffColumns::find(&file).unwrap();
            c.report(&file)[1].field.clone()
        };
        for header in [
            "Empl No",
            "Emp No",
            "Emp #",
            "Employee #",
            "Employee ID",
            "Employee No.",
            "Staff No",
            "Staff ID",
            "Payroll number",
            "Payroll No",
            "Personnel No",
            "Emplid",
            "Employee Code",
            "Badge ID",
        ] {
            assert_eq!(
                taken(header).as_deref(),
                Some("Employee number"),
                "{header}"
            );
        }
        for header in [
            "DOH",
            "Date of Hire",
            "Hire date",
            "Hired",
            "Start date",
            "Started",
            "Joined",
            "Date of Joining",
            "Joining Date",
            "Date joined",
            "Employment start date",
        ] {
            assert_eq!(taken(header).as_deref(), Some("Hire date"), "{header}");
        }
        for header in ["MI", "M.I.", "Middle Initial", "Middle Name", "middle_name"] {
            assert_eq!(taken(header).as_deref(), Some("Middle name"), "{header}");
        }
    }

    #[test]
    fn a_middle_initial_stays_in_the_name() {
        let file = parse("First,MI,Last\nAnne,M,Marsh\nWei,J.,Zhang\nLiv,Kari,Halvorsen\nBo,,Li\n")
            .unwrap();
        let c = StaffColumns::find(&file).unwrap();
        let names: Vec<String> = file.rows.iter().map(|(_, row)| c.name(row)).collect();
        assert_eq!(
            names,
            [
                "Anne M. Marsh",
                "Wei J. Zhang",
                "Liv Kari Halvorsen",
                "Bo Li"
            ]
        );
    }

    #[test]
    fn spellings_of_one_name() {
        assert!(same_name("Anne M. Marsh", "Anne Marsh"));
        assert!(same_name("Anne M. Marsh", "MARSH, Anne M"));
        assert!(same_name("Zoë Núñez", "Zoe Nunez"));
        assert!(same_name("王芳", "王芳"));
        assert!(!same_name("Mark A. Robinson", "Mark C. Robinson"));
        assert!(!same_name("Ana Díaz", "Ana Díaz López"));
        assert!(!same_name("Tomás Ferreira", "Paula Reyes"));
    }

    /// Everyone is linked before their own manager, so the walk that refuses a
    /// cycle stops at once; a cycle is cut at one link, which comes last.
    #[test]
    fn managers_are_linked_from_the_bottom_of_the_chart_up() {
        let id = StaffId;
        // A chain listed top-down: 1 <- 2 <- 3 <- 4 (4's manager is 3, …).
        let chain = [(0, id(2), id(1)), (1, id(3), id(2)), (2, id(4), id(3))];
        assert_eq!(link_order(&chain), [2, 1, 0]);
        // And bottom-up, with someone whose manager is already in the practice.
        let chain = [(0, id(4), id(3)), (1, id(3), id(2)), (2, id(2), id(99))];
        assert_eq!(link_order(&chain), [0, 1, 2]);
        // A cycle 5 -> 6 -> 7 -> 5, with 8 reporting to 5.
        let cycle = [
            (0, id(8), id(5)),
            (1, id(5), id(6)),
            (2, id(6), id(7)),
            (3, id(7), id(5)),
        ];
        let order = link_order(&cycle);
        let at = |i: usize| order.iter().position(|&o| o == i).unwrap();
        assert!(at(0) < at(1) && at(1) < at(2) && at(2) < at(3), "{order:?}");
    }

    #[test]
    fn what_a_report_shows_of_a_long_or_broken_value() {
        assert_eq!(shown("Ana Díaz", 80), "Ana Díaz");
        assert_eq!(shown(&"x".repeat(100), 10), format!("{}…", "x".repeat(9)));
        assert_eq!(shown("Bo Li,bo@x\nCy Park", 80), "Bo Li,bo@x…");
        assert_eq!(shown(&"é".repeat(80), 80), "é".repeat(80));
    }

    #[test]
    fn the_delimiter_is_the_one_the_header_uses() {
        assert_eq!(parse("a;b;c\n1;2;3\n").unwrap().delimiter, b';');
        assert_eq!(parse("\"x;y\",b,c\n1,2,3\n").unwrap().delimiter, b',');
        assert_eq!(parse("a\tb\n1\t2\n").unwrap().delimiter, b'\t');
    }
}
