//! Reading the file: refusing one that is too big, not a regular file (a
//! folder, a FIFO, a device) or not UTF-8 text, then reading it as CSV with
//! the delimiter its header line uses, one row at a time, keeping the line
//! each row starts on.

use std::io::Read;
use std::path::Path;

use super::columns::header_key;
use super::report::shown;
use super::{MAX_BYTES, MAX_ROWS, QUOTED_CHARS};
use crate::error::{Error, Result};
use crate::export;

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

pub(super) fn file_error(message: impl Into<String>) -> Error {
    Error::invalid("file", message)
}

/// A file read as CSV: its header, its rows, and the lines it could not read.
pub(super) struct CsvFile {
    pub(super) delimiter: u8,
    pub(super) headers: Vec<String>,
    pub(super) rows: Vec<CsvRow>,
    /// Rows the CSV reader itself could not read, by line.
    pub(super) unreadable: Vec<UnreadableLine>,
}

/// One data row of the file.
pub(super) struct CsvRow {
    /// The line the row starts on (the header is line 1).
    pub(super) line: u32,
    pub(super) fields: Vec<String>,
}

/// A row the CSV reader could not read, and why.
pub(super) struct UnreadableLine {
    pub(super) line: u32,
    pub(super) problem: String,
}

impl CsvFile {
    pub(super) fn column(&self, keys: &[&str]) -> Option<usize> {
        let normal: Vec<String> = self.headers.iter().map(|h| header_key(h)).collect();
        keys.iter().find_map(|k| normal.iter().position(|h| h == k))
    }

    /// The headers, for a message saying which columns the file has.
    pub(super) fn headers_shown(&self) -> String {
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

/// Reads `csv` as a file to import, or refuses it with what is wrong.
pub(super) fn parse(csv: &str) -> Result<CsvFile> {
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
                rows.push(CsvRow { line, fields });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as u32);
                unreadable.push(UnreadableLine {
                    line,
                    problem: format!("This line could not be read: {e}"),
                });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_the_one_the_header_uses() {
        assert_eq!(parse("a;b;c\n1;2;3\n").unwrap().delimiter, b';');
        assert_eq!(parse("\"x;y\",b,c\n1,2,3\n").unwrap().delimiter, b',');
        assert_eq!(parse("a\tb\n1\t2\n").unwrap().delimiter, b'\t');
    }
}
