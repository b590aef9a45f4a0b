//! The printed documents (PDF): review forms blank and completed, the annual
//! batch, training transcripts, the compliance report and the standards
//! handbook. Rendered in the core with printpdf, so the CLI, the window and the
//! tests print the same bytes.
//!
//! Every document embeds subsets of its fonts (any script prints and comes
//! back from `pdftotext`), uses the practice's paper size unless told
//! otherwise, wraps and flows long text onto new pages, and is byte-for-byte
//! the same for the same data and timestamp. The timestamp is
//! `SOURCE_DATE_EPOCH` when that is set, else now; the documents' "as of"
//! date is that timestamp's date (UTC). Files are written through
//! [`crate::output`]: only to a checked destination, under a temporary name
//! renamed into place, so a failed print leaves nothing.

mod fonts;
mod layout;
mod reports;
mod review;

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use crate::access::{Actor, Permission};
use crate::error::{Error, Result};
use crate::evaluations;
use crate::ids::{EvaluationId, StaffId, TemplateId};
use crate::output::{self, Folder};
use crate::practice::{self, PaperSize, PracticeSettings};
use crate::staff::{self, StaffFilter, StaffRef, StaffStatus};
use crate::templates::{self, Template};
use layout::Writer;
use review::BlankFor;

/// How to print: the paper (the practice's when `None`) and the moment the
/// document says it was printed (seconds since 1970, UTC).
#[derive(Debug, Clone, Copy)]
pub struct PrintOptions {
    pub paper: Option<PaperSize>,
    pub timestamp: i64,
}

impl PrintOptions {
    /// The practice's paper, printed now (or at `SOURCE_DATE_EPOCH`).
    pub fn now() -> PrintOptions {
        PrintOptions {
            paper: None,
            timestamp: print_timestamp(),
        }
    }
}

/// `SOURCE_DATE_EPOCH` when it is set to a number, else the current time.
pub fn print_timestamp() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|t| (0..=253_402_300_799).contains(t))
        .unwrap_or_else(|| Utc::now().timestamp())
}

struct Context {
    settings: PracticeSettings,
    paper: PaperSize,
    timestamp: i64,
    today: NaiveDate,
    printed: String,
}

impl Context {
    fn new(conn: &Connection, opts: PrintOptions) -> Result<Context> {
        let settings = practice::get(conn)?;
        let when = DateTime::<Utc>::from_timestamp(opts.timestamp, 0)
            .ok_or_else(|| Error::invalid("timestamp", "The print time is out of range"))?;
        Ok(Context {
            paper: opts.paper.unwrap_or(settings.paper_size),
            today: when.date_naive(),
            printed: format!("Printed {}", when.format("%Y-%m-%d %H:%M UTC")),
            timestamp: opts.timestamp,
            settings,
        })
    }

    fn writer(&self) -> Writer {
        Writer::new(self.paper, &self.settings.name, &self.printed)
    }

    fn finish(&self, w: Writer, title: &str) -> Result<Vec<u8>> {
        w.finish(title, self.timestamp)
    }
}

/// A completed (or draft) evaluation.
pub fn evaluation(
    conn: &Connection,
    actor: &Actor,
    id: EvaluationId,
    opts: PrintOptions,
) -> Result<Vec<u8>> {
    may_print_reviews(actor)?;
    let ctx = Context::new(conn, opts)?;
    let mut w = ctx.writer();
    let e = evaluations::load(conn, id)?;
    let evidence = evaluations::load_evidence(conn, id, ctx.today)?;
    review::completed(&mut w, &e, &evidence, &ctx.settings.rating_labels, "");
    ctx.finish(
        w,
        &format!("{} {} — {}", e.kind.label(), e.year, e.staff.name),
    )
}

/// Evaluations and review forms are printed by whoever may see evaluations.
fn may_print_reviews(actor: &Actor) -> Result<()> {
    actor.require(Permission::Print)?;
    actor.require(Permission::Evaluate)
}

/// The template a blank form prints: the one given, else the one most
/// evaluations were started from, else the first by name.
fn default_template(conn: &Connection, id: Option<TemplateId>) -> Result<Template> {
    if let Some(id) = id {
        return templates::load(conn, id);
    }
    let list = templates::list_all(conn)?;
    let best = list
        .iter()
        .max_by_key(|t| (t.evaluation_count, std::cmp::Reverse(t.name.clone())))
        .ok_or_else(|| {
            Error::invalid(
                "templateId",
                "There is no evaluation template yet: create one under Evaluations → Templates first",
            )
        })?;
    templates::load(conn, best.id)
}

/// A blank review form, for a person (with the current year as its period)
/// or for anyone.
pub fn blank_form(
    conn: &Connection,
    actor: &Actor,
    person: Option<StaffId>,
    template: Option<TemplateId>,
    opts: PrintOptions,
) -> Result<Vec<u8>> {
    may_print_reviews(actor)?;
    let ctx = Context::new(conn, opts)?;
    let t = default_template(conn, template)?;
    let mut w = ctx.writer();
    let who = match person {
        Some(id) => Some(staff::ensure_exists(conn, "staffId", id)?),
        None => None,
    };
    let year = chrono::Datelike::year(&ctx.today);
    let blank_for = BlankFor {
        name: who.as_ref().map(|p| p.name.as_str()),
        role: who.as_ref().and_then(|p| p.role_name.as_deref()),
        period: who
            .as_ref()
            .map(|_| format!("{year}-01-01 to {year}-12-31")),
    };
    review::blank(&mut w, &t, &blank_for, &ctx.settings.rating_labels, "");
    ctx.finish(w, &format!("{} — blank form", t.name))
}

/// What the annual batch prints for one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchEntry {
    Finalized,
    Draft,
    Blank,
}

/// Who the annual batch prints, by name, with their evaluation and what it gets.
pub type BatchPlan = Vec<(StaffRef, Option<EvaluationId>, BatchEntry)>;

/// The active people of the annual batch for `year`.
pub fn annual_plan(conn: &Connection, actor: &Actor, year: i32) -> Result<BatchPlan> {
    actor.require(Permission::Evaluate)?;
    let people = staff::list_all(
        conn,
        &StaffFilter {
            status: Some(StaffStatus::Active),
            ..Default::default()
        },
    )?;
    // Only which annual evaluation each person has and its status: scores are
    // read when each person's form is drawn.
    let mut stmt = conn.prepare_cached(
        "SELECT staff_id, id, status FROM evaluations WHERE year = ?1 AND kind = 'annual'",
    )?;
    let annual: std::collections::HashMap<StaffId, (EvaluationId, evaluations::EvaluationStatus)> =
        stmt.query_map([year], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
    Ok(people
        .into_iter()
        .map(|p| {
            let who = StaffRef {
                id: p.id,
                name: p.name,
            };
            match annual.get(&who.id) {
                Some((id, evaluations::EvaluationStatus::Draft)) => {
                    (who, Some(*id), BatchEntry::Draft)
                }
                Some((id, _)) => (who, Some(*id), BatchEntry::Finalized),
                None => (who, None, BatchEntry::Blank),
            }
        })
        .collect())
}

fn batch_part(
    conn: &Connection,
    ctx: &Context,
    w: &mut Writer,
    year: i32,
    who: &StaffRef,
    eval: Option<EvaluationId>,
    template: &mut Option<Template>,
) -> Result<()> {
    match eval {
        Some(id) => {
            let e = evaluations::load(conn, id)?;
            let evidence = evaluations::load_evidence(conn, id, ctx.today)?;
            review::completed(w, &e, &evidence, &ctx.settings.rating_labels, "");
        }
        None => {
            if template.is_none() {
                *template = Some(default_template(conn, None)?);
            }
            let person = staff::load(conn, who.id)?;
            if let Some(t) = template.as_ref() {
                review::blank(
                    w,
                    t,
                    &BlankFor {
                        name: Some(&person.name),
                        role: person.role_name.as_deref(),
                        period: Some(format!("{year}-01-01 to {year}-12-31")),
                    },
                    &ctx.settings.rating_labels,
                    "",
                );
            }
        }
    }
    Ok(())
}

fn batch_start(
    conn: &Connection,
    actor: &Actor,
    year: i32,
    opts: PrintOptions,
) -> Result<(Context, BatchPlan)> {
    may_print_reviews(actor)?;
    let ctx = Context::new(conn, opts)?;
    let plan = annual_plan(conn, actor, year)?;
    if plan.is_empty() {
        return Err(Error::invalid(
            "year",
            "There is nobody active to print for",
        ));
    }
    Ok((ctx, plan))
}

/// Called after each person with (done, total); returning false cancels.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize) -> bool;

/// The whole year as one PDF: each active person on fresh pages, "page n of m"
/// counted per person.
pub fn annual_pdf(
    conn: &Connection,
    actor: &Actor,
    year: i32,
    opts: PrintOptions,
    progress: Progress<'_>,
) -> Result<Vec<u8>> {
    let (ctx, plan) = batch_start(conn, actor, year, opts)?;
    let mut w = ctx.writer();
    let mut template = None;
    for (i, (who, eval, _)) in plan.iter().enumerate() {
        batch_part(conn, &ctx, &mut w, year, who, *eval, &mut template)?;
        if !progress(i + 1, plan.len()) {
            return Err(Error::Cancelled);
        }
    }
    ctx.finish(w, &format!("Annual reviews {year}"))
}

/// The whole year as one file per person: (file name, bytes).
pub fn annual_files(
    conn: &Connection,
    actor: &Actor,
    year: i32,
    opts: PrintOptions,
    progress: Progress<'_>,
) -> Result<Vec<(String, Vec<u8>)>> {
    let (ctx, plan) = batch_start(conn, actor, year, opts)?;
    let mut template = None;
    let mut out = Vec::with_capacity(plan.len());
    for (i, (who, eval, _)) in plan.iter().enumerate() {
        let mut w = ctx.writer();
        batch_part(conn, &ctx, &mut w, year, who, *eval, &mut template)?;
        let bytes = ctx.finish(w, &format!("Annual review {year} — {}", who.name))?;
        out.push((file_name(year, who), bytes));
        if !progress(i + 1, plan.len()) {
            return Err(Error::Cancelled);
        }
    }
    Ok(out)
}

/// "2026 annual review - 0012 Zoë Núñez.pdf": the id keeps namesakes apart;
/// characters no file system accepts become "-".
fn file_name(year: i32, who: &StaffRef) -> String {
    safe_file_name(&format!(
        "{year} annual review - {:04} {}.pdf",
        who.id.0,
        short_name(who.name.trim())
    ))
}

/// `name` with the characters no file system accepts replaced by "-".
pub fn safe_file_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .collect()
}

/// At most 100 bytes of a name, cut at a character, so that a file name stays
/// under the 255 bytes file systems allow whatever the script.
pub fn short_name(name: &str) -> &str {
    let mut end = name.len().min(100);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// A person's training transcript; staff may print their own.
pub fn transcript(
    conn: &Connection,
    actor: &Actor,
    person: StaffId,
    opts: PrintOptions,
) -> Result<Vec<u8>> {
    actor.require_self_or(person, Permission::Print)?;
    let ctx = Context::new(conn, opts)?;
    let p = staff::ensure_exists(conn, "staffId", person)?;
    let mut w = ctx.writer();
    reports::transcript(&mut w, conn, &p, ctx.today)?;
    ctx.finish(w, &format!("Training transcript — {}", p.name))
}

pub fn compliance(conn: &Connection, actor: &Actor, opts: PrintOptions) -> Result<Vec<u8>> {
    actor.require(Permission::Print)?;
    let ctx = Context::new(conn, opts)?;
    let mut w = ctx.writer();
    reports::compliance(&mut w, conn, ctx.today)?;
    ctx.finish(w, "Training compliance")
}

pub fn handbook(conn: &Connection, actor: &Actor, opts: PrintOptions) -> Result<Vec<u8>> {
    actor.require(Permission::Print)?;
    let ctx = Context::new(conn, opts)?;
    let mut w = ctx.writer();
    reports::handbook(&mut w, conn, &ctx.settings.name, ctx.today)?;
    ctx.finish(w, "Service standards handbook")
}

// ------------------------------------------------------------------ writing files

/// Writes every file of a batch into `folder`, or none: each is written under
/// a temporary name first, and they are renamed into place only when every one
/// was written.
pub fn write_files(folder: &Folder, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>> {
    let mut staged = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let dest = folder.file(name, "PDF")?;
        let mut file = dest.start()?;
        file.write_all(bytes)
            .map_err(|e| output::output_error(dest.path(), &e))?;
        staged.push(file.stage()?);
    }
    output::place_all(staged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_unique_per_person() {
        let who = StaffRef {
            id: StaffId(12),
            name: "A/B: \"C\"".into(),
        };
        assert_eq!(
            file_name(2026, &who),
            "2026 annual review - 0012 A-B- -C-.pdf"
        );
    }
}
