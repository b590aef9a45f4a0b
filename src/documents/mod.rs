//! The printed documents (PDF): review forms blank and completed, the annual
//! batch, training transcripts, the compliance report and the standards
//! handbook. Rendered in the core by our own layout (`layout`) and PDF writer
//! (`pdf`), so the CLI, the window and the tests print the same bytes.
//!
//! Every document embeds subsets of its fonts (any script prints and comes
//! back from `pdftotext`), uses the practice's paper size unless told
//! otherwise, wraps and flows long text onto new pages, and is byte-for-byte
//! the same for the same data and timestamp. The timestamp is
//! `SOURCE_DATE_EPOCH` when that is set, else now; the documents' "as of"
//! date is that timestamp's date (UTC).
//!
//! Documents are written out as they are drawn: the annual batch writes each
//! person's pages before it reads the next person, so its memory does not
//! grow with the practice. It reads from whatever connection it is given;
//! callers give it a [`crate::storage::Snapshot`]'s, so it sees one moment of
//! the database and never holds the app's own connection. Files are written
//! through [`crate::output`]: only to a checked destination, under a
//! temporary name renamed into place, so a failed or cancelled print leaves
//! nothing.

mod batch;
mod certificate;
mod charts;
mod fonts;
mod image;
mod layout;
mod licences;
mod pdf;
mod project;
mod reports;
mod request;
mod review;
mod shape;
mod summary;
mod swot;
mod todo;
mod truetype;

pub use batch::{
    annual_into, annual_pdf, annual_plan, annual_to, BatchEntry, BatchPlan, BatchTo, Progress,
};
pub use image::MAX_LOGO_BYTES;
pub use request::{annual_name, print, PrintRequest, Printed, RECOVERY_KEY_NAME};

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use crate::access::{Actor, Permission};
use crate::error::{Error, Result};
use crate::evaluations::{self, Evaluation};
use crate::ids::{EvaluationId, RecognitionId, StaffId, TemplateId};
use crate::locale::Written;
use crate::output::{self, Destination, Folder, PartialFile, Staged};
use crate::practice::{self, PaperSize, PracticeSettings};
use crate::recognition;
use crate::staff::{self, StaffRef};
use crate::storage::Readable;
use crate::templates::{self, Template};
use crate::text;
use layout::Writer;
use review::BlankFor;

/// How to print: the paper (the practice's when `None`), the moment the
/// document says it was printed (seconds since 1970, UTC), and whether it is
/// for double-sided printing (each person's part of a batch padded to an even
/// page count).
#[derive(Debug, Clone, Copy)]
pub struct PrintOptions {
    pub paper: Option<PaperSize>,
    pub timestamp: i64,
    pub duplex: bool,
}

impl PrintOptions {
    /// The practice's paper, printed now (or at `SOURCE_DATE_EPOCH`), one-sided.
    pub fn now() -> PrintOptions {
        PrintOptions {
            paper: None,
            timestamp: print_timestamp(),
            duplex: false,
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

/// Checks a logo file as printing will read it: its size in pixels, or why it
/// cannot be used (at the field `logo`).
pub(crate) fn check_logo(bytes: &[u8]) -> Result<(u32, u32)> {
    image::prepare(bytes).map(|i| (i.width, i.height))
}

struct Context {
    settings: PracticeSettings,
    /// The practice's logo, decoded once a document.
    logo: Option<image::Image>,
    locale: Written,
    paper: PaperSize,
    timestamp: i64,
    today: NaiveDate,
    printed: String,
    duplex: bool,
}

impl Context {
    fn new(conn: &Connection, opts: PrintOptions) -> Result<Context> {
        let settings = practice::get(conn)?;
        let when = DateTime::<Utc>::from_timestamp(opts.timestamp, 0)
            .ok_or_else(|| Error::invalid("timestamp", "The print time is out of range"))?;
        let locale = Written::new(
            settings.date_format,
            settings.clock,
            &settings.time_zone,
            &settings.currency,
        );
        // A logo stored by an older version or damaged since is left off the
        // page rather than stopping every print; Settings shows why.
        let logo = practice::logo_file(conn)?.and_then(|bytes| image::prepare(&bytes).ok());
        Ok(Context {
            logo,
            paper: opts.paper.unwrap_or(settings.paper_size),
            today: locale.local_date(when),
            printed: format!("Printed {}", locale.moment(when)),
            locale,
            timestamp: opts.timestamp,
            duplex: opts.duplex,
            settings,
        })
    }

    /// A calendar year as a review period, in the practice's date format.
    fn year_period(&self, year: i32) -> String {
        match (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) {
            (Some(from), Some(to)) => self.locale.period(from, to),
            _ => year.to_string(),
        }
    }

    /// A document drawn into `out` as it goes; a batch gets one bookmark a
    /// person, any other document one a heading.
    fn writer<'o>(&self, out: &'o mut dyn Write, batch: bool) -> Result<Writer<'o>> {
        Writer::new(self.paper, &self.settings.name, &self.printed, out)?
            .duplex(self.duplex)
            .with_locale(self.locale.clone())
            .outline_headings(!batch)
            .with_logo(self.logo.as_ref())
    }

    /// One document drawn into `out` by `draw` and finished under `title`.
    fn print(
        &self,
        out: &mut dyn Write,
        title: &str,
        draw: impl FnOnce(&mut Writer<'_>) -> Result<()>,
    ) -> Result<Warnings> {
        let mut w = self.writer(out, false)?;
        draw(&mut w)?;
        w.finish(title, self.timestamp)
    }
}

/// A person's evidence of service in `year` up to the print's day, for a
/// blank form they are reviewed on by hand; none for a year not begun.
fn so_far(
    conn: &Connection,
    ctx: &Context,
    person: StaffId,
    year: i32,
) -> Result<Option<crate::evidence::ServiceEvidence>> {
    let (Some(from), Some(end)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Ok(None);
    };
    if from > ctx.today {
        return Ok(None);
    }
    crate::evidence::of_person(conn, person, from, end.min(ctx.today)).map(Some)
}

/// What a print could not draw as it should: one message for each line with
/// a character that no font here has (it prints as a box), saying where the
/// line is — the document or person, the heading above it, the line itself.
pub type Warnings = Vec<String>;

/// One document to print (the annual batch has its own functions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    /// A completed evaluation; a draft prints marked DRAFT.
    Evaluation(EvaluationId),
    /// A blank review form, for a person (with the current year as its
    /// period) or for anyone, from a template or the most used one.
    BlankForm {
        person: Option<StaffId>,
        template: Option<TemplateId>,
    },
    /// A person's training transcript; staff may print their own.
    Transcript(StaffId),
    /// Everyone's required training.
    Compliance,
    /// The standards in force, with a page per person to sign.
    Handbook,
    /// A thank-you's certificate; the people thanked may print it too.
    Recognition(RecognitionId),
    /// "You said, we did": the decided suggestions, for the staff room wall.
    Suggestions,
    /// The office manager's "To do this month".
    Todo,
    /// The practice's year: the owner's dashboard with its charts (the pay
    /// only for the owner).
    Summary(i32),
    /// A SWOT worksheet on one page, its quadrants a 2×2 grid.
    Swot(crate::ids::SwotId),
    /// An improvement project's one-page summary, its measure charted.
    Project(crate::ids::ProjectId),
}

/// Draws `doc` into `out`, writing each page as it is done; answers what
/// could not be drawn.
pub fn render_to(
    conn: &dyn Readable,
    actor: &Actor,
    doc: &Document,
    opts: PrintOptions,
    out: &mut dyn Write,
) -> Result<Warnings> {
    let conn = crate::storage::sql(conn);
    match doc {
        Document::Evaluation(id) => evaluation_to(conn, actor, *id, opts, out),
        Document::BlankForm { person, template } => {
            blank_form_to(conn, actor, *person, *template, opts, out)
        }
        Document::Transcript(person) => transcript_to(conn, actor, *person, opts, out),
        Document::Compliance => {
            actor.require(Permission::Print)?;
            let ctx = Context::new(conn, opts)?;
            ctx.print(out, "Training compliance", |w| {
                reports::compliance(w, conn, ctx.today)
            })
        }
        Document::Summary(year) => {
            let ctx = Context::new(conn, opts)?;
            let d = crate::dashboard::year(conn, actor, *year, ctx.today)?;
            actor.require(Permission::Print)?;
            let practice = crate::practice::get(conn)?.name;
            ctx.print(out, &format!("The practice's year {year}"), |w| {
                summary::summary(w, &d, &practice, ctx.today)
            })
        }
        Document::Swot(id) => {
            let sheet = crate::swot::get(conn, actor, *id)?;
            actor.require(Permission::Print)?;
            let ctx = Context::new(conn, opts)?;
            ctx.print(out, &format!("SWOT — {}", sheet.title), |w| {
                swot::worksheet(w, &sheet)
            })
        }
        Document::Project(id) => {
            let p = crate::projects::get(conn, actor, *id)?;
            actor.require(Permission::Print)?;
            let ctx = Context::new(conn, opts)?;
            ctx.print(out, &format!("Improvement project — {}", p.title), |w| {
                project::project(w, &p)
            })
        }
        Document::Todo => {
            actor.require(Permission::Print)?;
            let ctx = Context::new(conn, opts)?;
            let items = crate::todo::list(conn, actor, ctx.today)?;
            ctx.print(out, "To do this month", |w| {
                todo::todo(w, &items, ctx.today)
            })
        }
        Document::Recognition(id) => {
            let r = recognition::load(conn, *id)?;
            if !r.people.iter().any(|p| actor.is(p.staff.id)) {
                actor.require(Permission::Print)?;
            }
            let ctx = Context::new(conn, opts)?;
            ctx.print(out, "Thank you", |w| {
                certificate::recognition(w, &r);
                Ok(())
            })
        }
        Document::Suggestions => {
            let board = crate::suggestions::board(conn, actor)?;
            let ctx = Context::new(conn, opts)?;
            ctx.print(out, "You said, we did", |w| {
                certificate::suggestions(w, &board);
                Ok(())
            })
        }
        Document::Handbook => {
            actor.require(Permission::Print)?;
            let ctx = Context::new(conn, opts)?;
            ctx.print(out, "Service standards handbook", |w| {
                reports::handbook(w, conn, &ctx.settings.name, ctx.today)
            })
        }
    }
}

/// `doc`'s bytes (its warnings left out: see [`render_to`]).
pub fn render(
    conn: &dyn Readable,
    actor: &Actor,
    doc: &Document,
    opts: PrintOptions,
) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    render_to(conn, actor, doc, opts, &mut bytes)?;
    Ok(bytes)
}

/// Draws `doc` straight into the file at `dest`, put in place only when it
/// is complete. Answers the file's size in bytes and what could not be drawn.
pub fn render_file(
    conn: &dyn Readable,
    actor: &Actor,
    doc: &Document,
    opts: PrintOptions,
    dest: &Destination,
) -> Result<(u64, Warnings)> {
    let (staged, size, warnings) = into_file(dest, |out| render_to(conn, actor, doc, opts, out))?;
    output::place_all(vec![staged])?;
    Ok((size, warnings))
}

/// A completed (or draft) evaluation.
pub fn evaluation(
    conn: &dyn Readable,
    actor: &Actor,
    id: EvaluationId,
    opts: PrintOptions,
) -> Result<Vec<u8>> {
    render(conn, actor, &Document::Evaluation(id), opts)
}

fn evaluation_to(
    conn: &Connection,
    actor: &Actor,
    id: EvaluationId,
    opts: PrintOptions,
    out: &mut dyn Write,
) -> Result<Warnings> {
    may_print_reviews(actor)?;
    evaluations::require_visible(conn, actor, id)?;
    let ctx = Context::new(conn, opts)?;
    let e = evaluations::load(conn, id)?;
    let title = format!("{} {} — {}", e.kind.label(), e.year, e.staff.name);
    ctx.print(out, &title, |w| draw_evaluation(conn, &ctx, w, &e))
}

/// An evaluation's pages: the review as it stands, or — for a draft with
/// nothing written yet — a form to fill in from the draft's own criteria,
/// rather than "not rated" criterion after criterion.
fn draw_evaluation(conn: &Connection, ctx: &Context, w: &mut Writer, e: &Evaluation) -> Result<()> {
    let labels = &ctx.settings.rating_labels;
    let person = staff::load(conn, e.staff.id)?;
    let evidence = evaluations::load_evidence(conn, e.id, ctx.today)?;
    if review::untouched(e) {
        let who = BlankFor {
            person: Some(&person),
            role: e.role_name.as_deref(),
            period: Some(ctx.locale.period(e.period_start, e.period_end)),
            reviewer: e.reviewer.as_ref().map(|r| r.name.as_str()),
            evidence: evidence.service.as_ref(),
        };
        review::blank(w, &e.template_name, &review::form_of(e), &who, labels, "");
    } else {
        review::completed(w, e, &person, &evidence, labels, "");
    }
    Ok(())
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
    conn: &dyn Readable,
    actor: &Actor,
    person: Option<StaffId>,
    template: Option<TemplateId>,
    opts: PrintOptions,
) -> Result<Vec<u8>> {
    render(conn, actor, &Document::BlankForm { person, template }, opts)
}

fn blank_form_to(
    conn: &Connection,
    actor: &Actor,
    person: Option<StaffId>,
    template: Option<TemplateId>,
    opts: PrintOptions,
    out: &mut dyn Write,
) -> Result<Warnings> {
    may_print_reviews(actor)?;
    let ctx = Context::new(conn, opts)?;
    let t = default_template(conn, template)?;
    let who = match person {
        Some(id) => Some(staff::ensure_exists(conn, "staffId", id)?),
        None => None,
    };
    let year = chrono::Datelike::year(&ctx.today);
    let evidence = match person {
        Some(id) => so_far(conn, &ctx, id, year)?,
        None => None,
    };
    let blank_for = BlankFor {
        person: who.as_ref(),
        role: who.as_ref().and_then(|p| p.role_name.as_deref()),
        period: who.as_ref().map(|_| ctx.year_period(year)),
        reviewer: None,
        evidence: evidence.as_ref(),
    };
    ctx.print(out, &format!("{} — blank form", t.name), |w| {
        review::blank(
            w,
            &t.name,
            &t.sections,
            &blank_for,
            &ctx.settings.rating_labels,
            "",
        );
        Ok(())
    })
}

/// Runs `write` into a new temporary file beside `dest`, closed but not yet
/// in place; answers it, its size and what `write` answered. A failure to
/// write names the file; on any failure the temporary file is removed.
fn into_file<T>(
    dest: &Destination,
    write: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<(Staged, u64, T)> {
    let mut file = dest.start()?;
    let mut sink = Sink {
        file: &mut file,
        written: 0,
        failed: None,
    };
    let result = write(&mut sink);
    let (written, failed) = (sink.written, sink.failed.take());
    match (result, failed) {
        (Err(_), Some(e)) => Err(output::output_error(dest.path(), &e)),
        (Err(e), None) => Err(e),
        (Ok(answer), _) => Ok((file.stage()?, written, answer)),
    }
}

/// The file being written, remembering the first failure to write so that
/// it can be reported against the file rather than as a bare I/O error.
struct Sink<'a> {
    file: &'a mut PartialFile,
    written: u64,
    failed: Option<std::io::Error>,
}

impl Sink<'_> {
    fn note(&mut self, e: std::io::Error) -> std::io::Error {
        let again = std::io::Error::new(e.kind(), e.to_string());
        self.failed.get_or_insert(e);
        again
    }
}

impl Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.file.write(buf) {
            Ok(n) => {
                self.written += n as u64;
                Ok(n)
            }
            Err(e) => Err(self.note(e)),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush().map_err(|e| self.note(e))
    }
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
    conn: &dyn Readable,
    actor: &Actor,
    person: StaffId,
    opts: PrintOptions,
) -> Result<Vec<u8>> {
    render(conn, actor, &Document::Transcript(person), opts)
}

fn transcript_to(
    conn: &Connection,
    actor: &Actor,
    person: StaffId,
    opts: PrintOptions,
    out: &mut dyn Write,
) -> Result<Warnings> {
    actor.require_self_or(person, Permission::Print)?;
    let ctx = Context::new(conn, opts)?;
    let p = staff::ensure_exists(conn, "staffId", person)?;
    ctx.print(out, &format!("Training transcript — {}", p.name), |w| {
        reports::transcript(w, conn, &p, ctx.today)
    })
}

pub fn compliance(conn: &dyn Readable, actor: &Actor, opts: PrintOptions) -> Result<Vec<u8>> {
    render(conn, actor, &Document::Compliance, opts)
}

pub fn handbook(conn: &dyn Readable, actor: &Actor, opts: PrintOptions) -> Result<Vec<u8>> {
    render(conn, actor, &Document::Handbook, opts)
}

/// The practice's recovery key on one page, to keep in the safe: it opens
/// the practice and every backup of it on any computer, so it is the
/// owner's to print. Written only to `dest` — a file the person chose, never
/// a cache folder to open it from.
pub fn recovery_key_file(
    db: &crate::Db,
    actor: &Actor,
    opts: PrintOptions,
    dest: &Destination,
) -> Result<u64> {
    actor.require(Permission::ManagePractice)?;
    let key = db.key().ok_or_else(|| {
        Error::invalid(
            "recovery_key",
            "This practice is not encrypted yet (its file is read-only here), so it has no recovery key",
        )
    })?;
    let (staged, size, ()) = into_file(dest, |out| {
        recovery_key_to(db.conn(), db.path(), &key.recovery_text(), opts, out)
    })?;
    output::place_all(vec![staged])?;
    Ok(size)
}

fn recovery_key_to(
    conn: &Connection,
    path: &std::path::Path,
    recovery_key: &str,
    opts: PrintOptions,
    out: &mut dyn Write,
) -> Result<()> {
    use layout::{Style, BODY, H1, H2};
    const KEY: Style = Style {
        size: 21.0,
        bold: true,
        muted: false,
    };
    let ctx = Context::new(conn, opts)?;
    let mut w = ctx.writer(out, false)?;
    w.new_page();
    w.heading("Recovery key", H1, 200.0);
    w.paragraph(&ctx.settings.name, H2, 0.0);
    w.space(8.0);
    w.paragraph(
        "This key opens the practice's file and every backup of it, on any computer. \
         Keep this page in the safe, away from the computer and the backups: whoever \
         holds it and a copy of the file can read every record. Without it, nobody \
         can open the practice if this computer's password store is lost.",
        BODY,
        0.0,
    );
    w.space(18.0);
    // Four groups to a row, each in a column of its own, so that no group is
    // read into the next.
    let column = w.width_of("WWWW", KEY) + 22.0;
    let groups: Vec<&str> = recovery_key.split('-').collect();
    for (row, four) in groups.chunks(4).enumerate() {
        w.ensure(KEY.line_height() * 1.5);
        let top = w.y();
        // The row number on the groups' baseline.
        w.text_at(
            w.left(),
            top - (KEY.size - layout::SMALL.size),
            &format!("{}", row + 1),
            layout::SMALL,
        );
        for (i, group) in four.iter().enumerate() {
            w.text_at(w.left() + 18.0 + column * i as f32, top, group, KEY);
        }
        w.space(KEY.line_height() * 1.5);
    }
    w.space(14.0);
    w.field("Practice file", &path.display().to_string(), 90.0);
    w.field("Printed", &ctx.locale.date(ctx.today), 90.0);
    w.space(14.0);
    w.heading("When it is needed", H2, 40.0);
    w.paragraph(
        "Standard Practice asks for this key when it opens the practice on a new \
         computer, restores a backup made on another computer, or finds this \
         computer's password store without the practice's key. Type the 14 groups \
         as they are printed: capitals or small letters, spaces or dashes between \
         the groups, O read as 0 and I or L as 1; the last group is a check, so a \
         mistyped key is caught before anything is tried.",
        BODY,
        0.0,
    );
    w.finish("Recovery key", ctx.timestamp)?;
    Ok(())
}

// ------------------------------------------------------------------ writing files

/// Writes files already in memory into `folder`, or none: each is written
/// under a temporary name first, and they are renamed into place only when
/// every one was written.
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
