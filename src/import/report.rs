//! The report a preview shows and an import returns: every row in the file's
//! order with its problems and notes, no line of it long whatever the file
//! held, and the counts that decide whether the import may happen.

use super::file::CsvFile;
use super::{
    ColumnMatch, ImportKind, ImportReport, ImportRow, PROBLEM_CHARS, QUOTED_CHARS, SHOWN_CHARS,
};
use crate::error::{Error, Result};

/// `value` as a report shows it: its first line, at most `max` characters, and
/// "…" where anything was left out.
pub(super) fn shown(value: &str, max: usize) -> String {
    let line = value.split(['\n', '\r']).next().unwrap_or("");
    if line.len() == value.len() && value.chars().count() <= max {
        return value.to_owned();
    }
    let mut out: String = line.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A row naming someone who is not in the practice: "Nobody in the practice
/// matches "E0099" / "ana@x.org" / "Ana Lima"" (only what the row gave).
pub(super) fn nobody_matches(no: &str, email: &str, name: &str) -> String {
    let given: Vec<String> = [no, email, name]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| quoted(s))
        .collect();
    format!("Nobody in the practice matches {}", given.join(" / "))
}

/// A value from the file, quoted inside a problem.
pub(super) fn quoted(value: &str) -> String {
    format!("\"{}\"", shown(value, QUOTED_CHARS))
}

/// What a core operation's refusal means for a row: something wrong with what
/// the row says (the row's problem), or a failure that is nobody's row — a
/// full or read-only disk, a damaged file — which stops the import with its own
/// error.
pub(super) fn row_problem(e: Error) -> Result<String> {
    match e {
        Error::Invalid { .. } | Error::Conflict { .. } | Error::NotFound { .. } => {
            Ok(e.to_string())
        }
        other => Err(other),
    }
}

/// The report of `rows`, with the lines the CSV reader could not read
/// among them; a preview until `run` has written it.
pub(super) fn finish(
    kind: ImportKind,
    file: &CsvFile,
    columns: Vec<ColumnMatch>,
    mut rows: Vec<ImportRow>,
    new_roles: Vec<String>,
) -> ImportReport {
    for unreadable in &file.unreadable {
        rows.push(ImportRow {
            line: unreadable.line,
            summary: String::new(),
            problems: vec![unreadable.problem.clone()],
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

fn delimiter_text(d: u8) -> String {
    if d == b'\t' {
        "tab".into()
    } else {
        (d as char).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_report_shows_of_a_long_or_broken_value() {
        assert_eq!(shown("Ana Díaz", 80), "Ana Díaz");
        assert_eq!(shown(&"x".repeat(100), 10), format!("{}…", "x".repeat(9)));
        assert_eq!(shown("Bo Li,bo@x\nCy Park", 80), "Bo Li,bo@x…");
        assert_eq!(shown(&"é".repeat(80), 80), "é".repeat(80));
    }
}
