//! The licence import: each row's person found by employee number, email or
//! name, its licence type by name, and the licence added through
//! `licences::insert` (checked: the office is entering what it has seen),
//! unless the same person, type and expiry date is recorded already.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Transaction;

use super::cells::{cell, date_text, line_break};
use super::columns::LicenceColumns;
use super::directory::Directory;
use super::file::CsvFile;
use super::report::{finish, quoted, row_problem, shown};
use super::{ImportKind, ImportReport, ImportRow, QUOTED_CHARS};
use crate::access::Actor;
use crate::error::Result;
use crate::ids::LicenceTypeId;
use crate::licences::{self, LicenceInput};
use crate::text;

/// A date cell as the core reads it: empty stays empty.
fn optional_date(value: &str, label: &str, problems: &mut Vec<String>) -> String {
    if value.is_empty() {
        return String::new();
    }
    date_text(value).unwrap_or_else(|e| {
        problems.push(format!("{label}: {e}"));
        String::new()
    })
}

/// Adds the file's licences (see the module's doc) and reports every row.
pub(super) fn import_licences(
    tx: &Transaction<'_>,
    actor: &Actor,
    file: &CsvFile,
    c: &LicenceColumns,
    today: NaiveDate,
) -> Result<ImportReport> {
    let types: HashMap<String, LicenceTypeId> = tx
        .prepare_cached("SELECT id, name FROM licence_types")?
        .query_map([], |r| {
            Ok((r.get::<_, LicenceTypeId>(0)?, r.get::<_, String>(1)?))
        })?
        .map(|r| r.map(|(id, name)| (text::unique_key(&name), id)))
        .collect::<rusqlite::Result<_>>()?;
    let people = Directory::load(tx)?;
    let mut rows = Vec::new();
    for csv_row in &file.rows {
        let (line, row) = (csv_row.line, csv_row.fields.as_slice());
        let who = c.person.name(row);
        let kind_name = cell(row, c.kind);
        let mut problems = Vec::new();
        let mut note = None;
        problems.extend(line_break(csv_row, &c.single_line(), file.delimiter));
        let no = cell(row, c.person.employee_no);
        let email = cell(row, c.person.email);
        let person = people.person_of(
            no,
            email,
            &who,
            "Whose licence it is is empty",
            &mut problems,
        )?;
        let kind = if kind_name.is_empty() {
            problems.push("The licence type is empty".to_owned());
            None
        } else {
            let id = types.get(&text::unique_key(kind_name)).copied();
            if id.is_none() {
                problems.push(format!(
                    "No licence type called {}: add it in the catalog first",
                    quoted(kind_name)
                ));
            }
            id
        };
        let issued_on = optional_date(cell(row, c.issued_on), "Issued on", &mut problems);
        let expires_on = optional_date(cell(row, c.expires_on), "Expires on", &mut problems);
        if let (true, Some(p), Some(kind)) = (problems.is_empty(), person, kind) {
            let already: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM licences WHERE staff_id = ?1 AND type_id = ?2
                                     AND expires_on IS NULLIF(?3, ''))",
                )?
                .query_row(rusqlite::params![p, kind, expires_on], |r| r.get(0))?;
            if already {
                note = Some("Already recorded; skipped".to_owned());
            } else {
                let input = LicenceInput {
                    staff_id: Some(p),
                    type_id: Some(kind),
                    number: cell(row, c.number).to_owned(),
                    issuing_body: cell(row, c.issuing_body).to_owned(),
                    issued_on: issued_on.clone(),
                    expires_on: expires_on.clone(),
                    notes: cell(row, c.notes).to_owned(),
                    ..Default::default()
                };
                if let Err(e) = licences::insert(tx, actor, &input, today) {
                    problems.push(row_problem(e)?);
                }
            }
        }
        let who_text = [who.as_str(), no, email]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap_or("(nobody)");
        let until = cell(row, c.expires_on);
        rows.push(ImportRow {
            line,
            summary: if until.is_empty() {
                format!(
                    "{}: {}",
                    shown(who_text, QUOTED_CHARS),
                    shown(kind_name, QUOTED_CHARS)
                )
            } else {
                format!(
                    "{}: {} (until {})",
                    shown(who_text, QUOTED_CHARS),
                    shown(kind_name, QUOTED_CHARS),
                    shown(until, QUOTED_CHARS)
                )
            },
            problems,
            note,
        });
    }
    Ok(finish(
        ImportKind::Licences,
        file,
        c.report(file),
        rows,
        Vec::new(),
    ))
}
