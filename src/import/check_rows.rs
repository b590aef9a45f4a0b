//! The service-check import: each row's standard found by its number or its
//! statement, its person (none: the whole desk) by employee number, email or
//! name, and the check added through `service_checks::insert`, judged
//! against the version in force that day like one typed in the window.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Transaction;

use super::cells::{cell, date_text, line_break};
use super::columns::{header_key, CheckColumns};
use super::directory::Directory;
use super::file::CsvFile;
use super::report::{finish, nobody_matches, quoted, row_problem, shown};
use super::{ImportKind, ImportReport, ImportRow, QUOTED_CHARS};
use crate::access::Actor;
use crate::error::Result;
use crate::ids::StandardId;
use crate::service_checks::{self, CheckInput};
use crate::text;

/// Met or not, in the words spreadsheets use; `Err` quotes what it is not.
fn met_of(value: &str) -> std::result::Result<Option<bool>, String> {
    Ok(match header_key(value).as_str() {
        "" => None,
        "yes" | "y" | "met" | "true" | "1" | "pass" | "passed" | "ok" | "x" => Some(true),
        "no" | "n" | "notmet" | "false" | "0" | "fail" | "failed" | "missed" => Some(false),
        _ if value.trim() == "✓" || value.trim() == "✔" => Some(true),
        _ if value.trim() == "✗" || value.trim() == "✘" => Some(false),
        _ => return Err(format!("Met {} is not yes or no", quoted(value))),
    })
}

/// Adds the file's service checks (see the module's doc) and reports every row.
pub(super) fn import_checks(
    tx: &Transaction<'_>,
    actor: &Actor,
    file: &CsvFile,
    c: &CheckColumns,
    today: NaiveDate,
) -> Result<ImportReport> {
    // A standard by its number, or by what any of its versions says.
    let mut standards: HashMap<String, StandardId> = HashMap::new();
    let rows = tx
        .prepare_cached("SELECT standard_id, statement FROM standard_versions ORDER BY version")?
        .query_map([], |r| {
            Ok((r.get::<_, StandardId>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, statement) in rows {
        standards.insert(id.0.to_string(), id);
        standards.insert(text::unique_key(&statement), id);
    }
    let people = Directory::load(tx)?;
    let mut report = Vec::new();
    for csv_row in &file.rows {
        let (line, row) = (csv_row.line, csv_row.fields.as_slice());
        let mut problems = Vec::new();
        problems.extend(line_break(csv_row, &c.single_line(), file.delimiter));
        let who = c.person.name(row);
        let no = cell(row, c.person.employee_no);
        let email = cell(row, c.person.email);
        let person = if no.is_empty() && email.is_empty() && who.is_empty() {
            None
        } else {
            match people.find(no, email, &who) {
                Ok(Some(id)) => Some(id),
                Ok(None) => {
                    problems.push(nobody_matches(no, email, &who));
                    None
                }
                Err(e) => {
                    problems.push(row_problem(e)?);
                    None
                }
            }
        };
        let standard_text = cell(row, c.standard);
        let key = standard_text.trim().trim_start_matches('#');
        let standard = if standard_text.trim().is_empty() {
            problems.push("The standard is empty".to_owned());
            None
        } else {
            let id = standards
                .get(key)
                .or_else(|| standards.get(&text::unique_key(standard_text)))
                .copied();
            if id.is_none() {
                problems.push(format!(
                    "No standard numbered or worded {}",
                    quoted(standard_text)
                ));
            }
            id
        };
        let checked_on = match date_text(cell(row, c.checked_on)) {
            Ok(d) => d,
            Err(e) => {
                problems.push(format!("Checked on: {e}"));
                String::new()
            }
        };
        let observed_text = cell(row, c.observed).trim().replace(',', ".");
        let observed = if observed_text.is_empty() {
            None
        } else {
            match observed_text.parse::<f64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    problems.push(format!(
                        "Observed {} is not a number",
                        quoted(cell(row, c.observed))
                    ));
                    None
                }
            }
        };
        let met = met_of(cell(row, c.met)).unwrap_or_else(|e| {
            problems.push(e);
            None
        });
        if problems.is_empty() {
            let input = CheckInput {
                standard_id: standard,
                checked_on: checked_on.clone(),
                staff_id: person,
                observed,
                met,
                note: cell(row, c.note).to_owned(),
            };
            if let Err(e) = service_checks::insert(tx, actor, &input, today) {
                problems.push(row_problem(e)?);
            }
        }
        let who_text = [who.as_str(), no, email]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap_or("the whole desk");
        report.push(ImportRow {
            line,
            summary: format!(
                "{}: {} ({})",
                shown(who_text, QUOTED_CHARS),
                shown(standard_text, QUOTED_CHARS),
                shown(cell(row, c.checked_on), QUOTED_CHARS)
            ),
            problems,
            note: None,
        });
    }
    Ok(finish(
        ImportKind::Checks,
        file,
        c.report(file),
        report,
        Vec::new(),
    ))
}
