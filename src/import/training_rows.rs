//! The training import: each row's person found by employee number, email or
//! name, its course by title in the catalog, and the record added through
//! `training::insert`, unless the same person, course and date is recorded
//! already.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Transaction;

use super::cells::{cell, date_text, line_break};
use super::columns::TrainingColumns;
use super::directory::Directory;
use super::file::CsvFile;
use super::report::{finish, quoted, row_problem, shown};
use super::{ImportKind, ImportReport, ImportRow, QUOTED_CHARS};
use crate::access::Actor;
use crate::error::Result;
use crate::ids::CourseId;
use crate::text;
use crate::training::{self, TrainingInput};

/// Adds the file's training records (see the module's doc) and reports every
/// row.
pub(super) fn import_training(
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
    for csv_row in &file.rows {
        let (line, row) = (csv_row.line, csv_row.fields.as_slice());
        let who = c.person.name(row);
        let course_title = cell(row, c.course);
        let mut problems = Vec::new();
        let mut note = None;
        problems.extend(line_break(csv_row, &c.single_line(), file.delimiter));
        let no = cell(row, c.person.employee_no);
        let email = cell(row, c.person.email);
        let person =
            people.person_of(no, email, &who, "Who completed it is empty", &mut problems)?;
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
            line,
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
