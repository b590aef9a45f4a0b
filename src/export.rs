//! CSV export of staff, training records and evaluation scores.
//!
//! The files open in any spreadsheet: UTF-8 with a BOM (so Excel reads "王芳"
//! and "Zoë" right), CRLF line ends, commas, quotes where needed. Their headers
//! are ones the import reads back, so an export of one practice imports into
//! another. A cell that a spreadsheet would run as a formula (`=`, `@`, a tab,
//! a carriage return, or `+` / `-` not followed by a number) gets a leading
//! apostrophe, and so does a cell that already starts with apostrophes before
//! one of those: the import takes exactly one apostrophe off such a cell
//! ([`unguarded`]), so export → import → export gives the same file.

use chrono::NaiveDate;

use crate::access::{Actor, Permission};
use crate::error::{Error, Result};
use crate::evaluations::{self, EvaluationFilter};
use crate::staff::{self, StaffFilter, StaffStatus};
use crate::storage::Readable;
use crate::training::RecordStatus;

/// What an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    Staff,
    Training,
    Scores,
}

/// A CSV export and the file name it is offered under.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    /// e.g. "Staff 2026-11-28.csv".
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The export `kind` (scores of `year`, or of every year), named for `today`
/// unless it is one year's scores.
pub fn csv(
    conn: &dyn Readable,
    actor: &Actor,
    kind: ExportKind,
    year: Option<i32>,
    today: NaiveDate,
) -> Result<Exported> {
    let (name, bytes) = match kind {
        ExportKind::Staff => (format!("Staff {today}.csv"), staff_csv(conn, actor)?),
        ExportKind::Training => (
            format!("Training records {today}.csv"),
            training_csv(conn, actor)?,
        ),
        ExportKind::Scores => (
            match year {
                Some(y) => format!("Evaluation scores {y}.csv"),
                None => format!("Evaluation scores {today}.csv"),
            },
            scores_csv(conn, actor, year)?,
        ),
    };
    Ok(Exported { name, bytes })
}

/// Everyone, active or not, in name order.
pub fn staff_csv(conn: &dyn Readable, actor: &Actor) -> Result<Vec<u8>> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::ViewStaff)?;
    let people = staff::list_all(conn, &StaffFilter::default())?;
    let mut w = writer();
    w.write_record([
        "Employee number",
        "Name",
        "Job role",
        "Department",
        "Manager",
        "Email",
        "Phone",
        "Hire date",
        "Status",
        "End date",
    ])
    .map_err(csv_error)?;
    for p in people {
        let status = match p.status {
            StaffStatus::Active => "active",
            StaffStatus::OnLeave => "on leave",
            StaffStatus::Left => "left",
        };
        write(
            &mut w,
            &[
                p.employee_no.unwrap_or_default(),
                p.name,
                p.role_name.unwrap_or_default(),
                p.department,
                p.manager.map(|m| m.name).unwrap_or_default(),
                p.email,
                p.phone,
                date(p.hire_date),
                status.to_owned(),
                date(p.end_date),
            ],
        )?;
    }
    finish(w)
}

/// Every training record, by person then date.
pub fn training_csv(conn: &dyn Readable, actor: &Actor) -> Result<Vec<u8>> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::ViewStaff)?;
    let mut w = writer();
    w.write_record([
        "Employee number",
        "Name",
        "Course",
        "Completed on",
        "Hours",
        "Provider",
        "Notes",
        "Status",
    ])
    .map_err(csv_error)?;
    let mut stmt = conn.prepare(
        "SELECT COALESCE(s.employee_no, ''), s.name, c.title, t.completed_on, t.hours, t.provider, t.notes, t.status
           FROM training_records t JOIN staff s ON s.id = t.staff_id JOIN courses c ON c.id = t.course_id
          ORDER BY s.search_key, s.id, t.completed_on, t.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, f64>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, RecordStatus>(7)?,
        ))
    })?;
    for row in rows {
        let (no, name, course, on, hours, provider, notes, status) = row?;
        let status = if status == RecordStatus::Pending {
            "pending"
        } else {
            "approved"
        };
        write(
            &mut w,
            &[
                no,
                name,
                course,
                on,
                hours.to_string(),
                provider,
                notes,
                status.to_owned(),
            ],
        )?;
    }
    finish(w)
}

/// Every evaluation's scores (of `year`, or all), as the window shows them.
pub fn scores_csv(conn: &dyn Readable, actor: &Actor, year: Option<i32>) -> Result<Vec<u8>> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::Evaluate)?;
    let mut list = evaluations::list_all(
        conn,
        &EvaluationFilter {
            year,
            ..Default::default()
        },
    )?;
    evaluations::keep_visible(actor, &mut list);
    let numbers: std::collections::HashMap<i64, String> = conn
        .prepare("SELECT id, COALESCE(employee_no, '') FROM staff")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // The recommendation, and for whoever decides pay its amounts: the merit
    // increase, the bonus (exact, from cents) and the practice's currency.
    let pay = actor.can(Permission::DecidePay);
    let currency = crate::practice::get(conn)?.currency;
    type Recommended = (crate::evaluations::Recommendation, Option<f64>, Option<i64>);
    let recommended: std::collections::HashMap<i64, Recommended> = conn
        .prepare("SELECT id, recommendation, merit_percent, bonus_cents FROM evaluations")?
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?
        .collect::<rusqlite::Result<_>>()?;
    let mut w = writer();
    let mut header = vec![
        "Year",
        "Review",
        "Period start",
        "Period end",
        "Employee number",
        "Name",
        "Status",
        "Customer service",
        "Customer service %",
        "Overall",
        "Overall %",
        "Rated",
        "Criteria",
        "Recommendation",
    ];
    if pay {
        header.extend(["Merit increase %", "Bonus", "Currency"]);
    }
    w.write_record(&header).map_err(csv_error)?;
    for e in list {
        let score = |s: &Option<crate::scoring::ScoreView>| {
            s.as_ref().map(|v| v.display.clone()).unwrap_or_default()
        };
        let percent = |s: &Option<crate::scoring::ScoreView>| {
            s.as_ref().map(|v| v.percent.clone()).unwrap_or_default()
        };
        let (recommendation, merit, bonus) = recommended.get(&e.id.0).copied().unwrap_or((
            crate::evaluations::Recommendation::None,
            None,
            None,
        ));
        let mut row = vec![
            e.year.to_string(),
            e.kind.label().to_owned(),
            e.period_start.to_string(),
            e.period_end.to_string(),
            numbers.get(&e.staff.id.0).cloned().unwrap_or_default(),
            e.staff.name.clone(),
            e.status.label().to_owned(),
            score(&e.customer_service),
            percent(&e.customer_service),
            score(&e.overall),
            percent(&e.overall),
            e.rated_count.to_string(),
            e.criterion_count.to_string(),
            recommendation.label().to_owned(),
        ];
        if pay {
            row.push(merit.map(|m| m.to_string()).unwrap_or_default());
            row.push(bonus.map(crate::evaluations::money).unwrap_or_default());
            row.push(if merit.is_some() || bonus.is_some() {
                currency.clone()
            } else {
                String::new()
            });
        }
        write(&mut w, &row)?;
    }
    finish(w)
}

fn writer() -> csv::Writer<Vec<u8>> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice("\u{feff}".as_bytes());
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(bytes)
}

fn write(w: &mut csv::Writer<Vec<u8>>, cells: &[String]) -> Result<()> {
    w.write_record(cells.iter().map(|c| guarded(c).into_owned()))
        .map_err(csv_error)
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    w.into_inner()
        .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))
}

fn csv_error(e: csv::Error) -> Error {
    Error::Io(std::io::Error::other(e.to_string()))
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// True when a spreadsheet would run `cell` as a formula. Phone numbers
/// (`+1 207 555 0100`) and negative numbers are not.
fn risky(cell: &str) -> bool {
    let numeric = |rest: &str| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || " ().-/".contains(c))
    };
    match cell.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !numeric(&cell[1..]),
        _ => false,
    }
}

/// True when the export puts an apostrophe before `cell`: it is risky, or it
/// is risky after the apostrophes it starts with (`'=x`), so that taking one
/// apostrophe off what starts with one and a marked rest undoes the export
/// exactly, whatever the cell held.
fn marked(cell: &str) -> bool {
    risky(cell.trim_start_matches('\''))
}

/// `cell`, made safe to open in a spreadsheet: what it would run as a formula
/// starts with an apostrophe.
fn guarded(cell: &str) -> std::borrow::Cow<'_, str> {
    if marked(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A cell as it was before [`guarded`]: one leading apostrophe off when what
/// follows it is what the export marks. A cell that starts with an apostrophe
/// of its own ("'Twas") is left as it is.
pub(crate) fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if marked(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_phone_numbers_are_not() {
        assert_eq!(guarded("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guarded("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guarded("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(guarded("-2+3"), "'-2+3");
        assert_eq!(guarded("+1 (207) 555-0100"), "+1 (207) 555-0100");
        assert_eq!(guarded("-12.5"), "-12.5");
        assert_eq!(guarded("Zoë Núñez"), "Zoë Núñez");
        assert_eq!(guarded("\tx"), "'\tx");
        assert_eq!(guarded("\rx"), "'\rx");
        assert_eq!(guarded("'=1"), "''=1");
        assert_eq!(guarded("'Twas"), "'Twas");
    }

    /// The import undoes exactly what the export did, for every kind of cell:
    /// risky, safe, starting with apostrophes of its own before either.
    #[test]
    fn unguarded_undoes_guarded_exactly() {
        let starts = [
            "", "=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "''@", "'-", "'+1", "-1",
        ];
        let rests = [
            "",
            "1+1",
            "1",
            "SUM(A1)",
            " (207) 555-0100",
            "'",
            "=x",
            "Twas",
        ];
        for start in starts {
            for rest in rests {
                let cell = format!("{start}{rest}");
                let out = guarded(&cell);
                assert_eq!(unguarded(&out), cell, "{cell:?} exported as {out:?}");
                assert_eq!(guarded(unguarded(&out)), out, "{cell:?}");
            }
        }
    }
}
