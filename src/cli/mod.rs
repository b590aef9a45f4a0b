//! The command line's text output: what it prints of the core's answers,
//! with everything that came from a file or the database written so that a
//! terminal shows it and never obeys it.

mod licences;
mod todo;

pub use licences::print_licences;
use standard_practice::evidence::ServiceEvidence;
use standard_practice::{backup, import, text, Error};
pub use todo::print_todo;

/// The import's report as text: what each column was taken as, every row's
/// problems, and the outcome. What came from the file is printed with its
/// control characters escaped, so a cell cannot send the terminal escape codes.
/// Written, not `println!`ed: a report of 10,000 lines piped into `head` ends
/// quietly when `head` does.
pub fn print_import(r: &import::ImportReport) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "columns (separated by {}):", printable(&r.delimiter))?;
    for c in &r.columns {
        match &c.field {
            Some(f) => writeln!(out, "  {} -> {f}", printable(&c.header))?,
            None => writeln!(out, "  {} (ignored)", printable(&c.header))?,
        }
    }
    for role in &r.new_roles {
        writeln!(out, "new job role: {}", printable(role))?;
    }
    for row in &r.rows {
        let summary = printable(&row.summary);
        for p in &row.problems {
            writeln!(out, "line {}: {summary}: {}", row.line, printable(p))?;
        }
        if let Some(n) = &row.note {
            writeln!(out, "line {}: {summary}: {}", row.line, printable(n))?;
        }
    }
    let rows = r.rows.len();
    if r.rows_with_problems > 0 {
        writeln!(
            out,
            "{} of {rows} rows have problems; nothing was imported",
            r.rows_with_problems
        )
    } else if r.imported {
        writeln!(out, "imported {} of {rows} rows", r.to_add)
    } else {
        writeln!(
            out,
            "{} of {rows} rows would be imported (dry run; nothing was written)",
            r.to_add
        )
    }
}
/// `text` with control characters (ESC, CR, BEL, …) and the invisible marks
/// that reorder a line (U+202E and its kin) written as `\u{1b}`: what a file
/// holds is shown, never obeyed by the terminal.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(hidden) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if hidden(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}
pub fn list_backups(db_path: &std::path::Path, json: bool) -> Result<(), Error> {
    let rows = backup::list(db_path)?;
    if json {
        let out = serde_json::to_string(&rows).map_err(|e| Error::Io(std::io::Error::other(e)))?;
        println!("{out}");
        return Ok(());
    }
    for b in &rows {
        println!(
            "{}  {:<20} {:>8} KB  {}",
            b.taken_at
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M:%S"),
            b.reason.slug(),
            b.size.div_ceil(1024),
            b.path.display()
        );
    }
    println!(
        "{} in {}",
        text::count(rows.len(), "backup", "backups"),
        backup::backup_dir(db_path).display()
    );
    Ok(())
}
/// Each line a print drew with a character no font has, on standard error:
/// the file was written, but those characters are boxes in it.
pub fn warn_unprintable(warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {}", printable(w));
    }
}
/// The evidence summary as text, the same numbers the evaluation shows.
pub fn print_evidence(ev: &ServiceEvidence) {
    println!("Evidence of service, {} to {}", ev.from, ev.to);
    println!("Thank-yous: {}", ev.recognitions.len());
    for r in &ev.recognitions {
        println!(
            "  {}  {} (from {})",
            r.happened_on,
            printable(r.what.lines().next().unwrap_or_default()),
            printable(&r.from_name)
        );
    }
    println!(
        "Patients: {}, {}",
        text::count(ev.compliments as usize, "compliment", "compliments"),
        text::count(ev.complaints as usize, "complaint", "complaints")
    );
    for f in &ev.patient_feedback {
        let closed = f
            .closed_on
            .map_or_else(|| "open".to_owned(), |d| format!("closed {d}"));
        println!(
            "  {}  {}: {} ({closed})",
            f.received_on,
            f.kind.label(),
            printable(f.summary.lines().next().unwrap_or_default())
        );
    }
    println!(
        "Colleagues: {}",
        printable(&standard_practice::evidence::colleagues_text(ev, 200))
    );
    println!("Check-ins: {}", ev.check_ins.len());
    println!("Service checks met:");
    if ev.checks.is_empty() {
        println!("  none in the period");
    }
    for c in &ev.checks {
        println!(
            "  {:>4} ({} of {})  {}",
            c.rate.display(),
            c.rate.met,
            c.rate.checks,
            printable(&c.standard.statement)
        );
    }
}
