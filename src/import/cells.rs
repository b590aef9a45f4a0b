//! What a cell says: a date in the spellings spreadsheets and other tools use,
//! a status in other tools' words, and a line break where one line belongs.

use super::columns::header_key;
use super::file::CsvRow;
use super::report::quoted;
use crate::staff::StaffStatus;

/// The cell of `column` in `row`; empty when the file has no such column or
/// the row stops short of it.
pub(super) fn cell(row: &[String], column: Option<usize>) -> &str {
    column
        .and_then(|c| row.get(c))
        .map(String::as_str)
        .unwrap_or("")
}

/// A date as spreadsheets and other tools write it: `2024-03-15`, `2024/03/15`,
/// `15.03.2024`, `15/03/2024` or `03/15/2024` when unambiguous (a part over 12),
/// or a spreadsheet date-time (`2024-03-15 00:00:00`). Anything else keeps its
/// text, so the core's own check refuses it with its message.
pub(super) fn date_text(value: &str) -> std::result::Result<String, String> {
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

/// A status in the words HR tools use ("Active", "Terminated", "LOA", …).
pub(super) fn status_of(value: &str) -> std::result::Result<Option<StaffStatus>, String> {
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

/// The first of `columns` (each with its label) whose cell in `row` holds a
/// line break, as a problem: these columns hold one line each.
pub(super) fn line_break(
    row: &CsvRow,
    columns: &[(Option<usize>, &str)],
    delimiter: u8,
) -> Option<String> {
    let (column, label) = columns
        .iter()
        .find(|(column, _)| cell(&row.fields, *column).contains(['\n', '\r']))?;
    let value = cell(&row.fields, *column);
    Some(line_break_problem(label, value, row.line, delimiter))
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
