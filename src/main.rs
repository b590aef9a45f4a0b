//! `standard-practice`: the command line over the same core and database file as
//! the desktop app.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use standard_practice::access::Actor;
use standard_practice::demo::{self, DemoSize};
use standard_practice::documents::{self, BatchTo, Document, PrintOptions};
use standard_practice::evaluations::{self, EvaluationFilter};
use standard_practice::evidence;
use standard_practice::ids::{EvaluationId, RecognitionId, StaffId, TemplateId};
use standard_practice::keys::Keys;
use standard_practice::output::{Destination, Guard};
use standard_practice::practice::PaperSize;
use standard_practice::recognition::{self, RecognitionFilter};
use standard_practice::scoring::ScoreView;
use standard_practice::staff::StaffFilter;
use standard_practice::text;
use standard_practice::{backup, pages, storage, Db, Error};
use standard_practice::{export, import, offsite};

#[derive(Parser)]
#[command(
    name = "standard-practice",
    version,
    about = "Staff, training, service standards and evaluations for a small practice"
)]
struct Cli {
    /// The database file (default: the app's own, in the OS app-data folder, or $STANDARD_PRACTICE_DB)
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// The file holding the practice's recovery key (default: $STANDARD_PRACTICE_KEY_FILE, else the
    /// computer's credential store); `demo` on a new practice creates it when it does not exist
    #[arg(long, global = true, value_name = "FILE")]
    key_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the demo practice in an empty database
    Demo {
        /// How many people (default: the curated dozen)
        #[arg(long)]
        people: Option<usize>,
    },
    /// Staff records
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Evaluations
    Evaluations {
        #[command(subcommand)]
        command: EvaluationsCommand,
    },
    /// A person's evidence of customer service for a review year: thank-yous,
    /// patients' feedback, service checks (their annual review's, as it was
    /// finalized or as it stands; else the calendar year so far)
    Evidence {
        /// The person's id (see `staff list`)
        #[arg(long)]
        staff: i64,
        /// The review year (default: this year)
        #[arg(long)]
        year: Option<i32>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Thank-yous for good service, newest first
    Recognitions {
        /// Only those thanking this person (their id, see `staff list`)
        #[arg(long)]
        staff: Option<i64>,
        /// Print a JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
    /// What needs doing: training and licences due, reviews, check-ins,
    /// feedback closing, what waits for the office; overdue first
    Todo {
        /// Print a JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Licences and certifications
    Licences {
        #[command(subcommand)]
        command: LicencesCommand,
    },
    /// Check the database's integrity and schema version
    Check,
    /// Import people, training records, licences or service checks from a CSV file, all or nothing
    Import {
        #[arg(value_enum)]
        what: ImportWhat,
        /// The CSV file (comma, semicolon or tab; UTF-8, with or without a BOM)
        file: PathBuf,
        /// Only check the file and show what would be imported
        #[arg(long)]
        dry_run: bool,
    },
    /// Export people, training records or evaluation scores as CSV
    Export {
        #[arg(value_enum)]
        what: ExportWhat,
        /// Where to write the .csv file
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// Scores: only this review year
        #[arg(long)]
        year: Option<i32>,
        /// Replace FILE if it already exists
        #[arg(long)]
        force: bool,
    },
    /// Save a backup of the database (taken while it is in use, through SQLite's backup API)
    Backup {
        /// Where to write it (default: a new file in the backups folder beside the database)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it already exists
        #[arg(long)]
        force: bool,
        /// How many backups the backups folder keeps, the oldest beyond deleted
        /// (default: as many as the practice keeps, set in the window)
        #[arg(long, value_name = "N")]
        keep: Option<usize>,
    },
    /// Replace the database with a backup, after checking the backup and backing up the database
    Restore {
        /// The backup to restore (see `backups`)
        file: PathBuf,
        /// How many backups the backups folder keeps, the oldest beyond deleted
        /// (default: as many as the practice keeps, set in the window)
        #[arg(long, value_name = "N")]
        keep: Option<usize>,
    },
    /// List the backups in the backups folder beside the database, newest first
    Backups {
        /// Print a JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Print a document to a PDF file
    Print {
        #[command(subcommand)]
        document: PrintCommand,
        /// Where to write: a .pdf file (for `annual`, a folder gives one file per person)
        #[arg(short = 'o', long = "output", global = true, value_name = "FILE|DIR")]
        output: Option<PathBuf>,
        /// Paper size (default: the practice's setting)
        #[arg(long, global = true, value_enum)]
        paper: Option<Paper>,
        /// Replace the file (or, for a folder, the files) if it already exists
        #[arg(long, global = true)]
        force: bool,
        /// For double-sided printing: each person's part of the annual batch
        /// (and each document) gets an even number of pages, a blank one added
        /// where needed, so everyone starts on a new sheet
        #[arg(long, global = true)]
        duplex: bool,
    },
}

#[derive(Subcommand)]
enum EvaluationsCommand {
    /// List evaluations, newest year first, with their scores
    List {
        /// Only this review year
        #[arg(long)]
        year: Option<i32>,
        /// Print a JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ImportWhat {
    Staff,
    Training,
    Licences,
    Checks,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportWhat {
    Staff,
    Training,
    Scores,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Paper {
    A4,
    Letter,
}

#[derive(Subcommand)]
enum PrintCommand {
    /// A blank review form, for a person or for anyone
    BlankForm {
        /// The person's id (see `staff list`)
        #[arg(long)]
        staff: Option<i64>,
        /// The template's id (default: the one most used)
        #[arg(long)]
        template: Option<i64>,
    },
    /// A completed evaluation (a draft prints marked DRAFT)
    Evaluation {
        /// The evaluation's id
        id: i64,
    },
    /// Every annual review of a year, whoever it belongs to today; for this
    /// year or the next, a blank form too for each active person without one
    Annual {
        #[arg(long)]
        year: i32,
    },
    /// A person's training transcript
    Transcript {
        #[arg(long)]
        staff: i64,
    },
    /// The practice-wide training compliance report
    Compliance,
    /// The service standards handbook, with a page per person to sign
    Handbook,
    /// A thank-you's certificate, on one page (see `recognitions`)
    Recognition {
        /// The thank-you's id
        id: i64,
    },
    /// "You said, we did": the decided suggestions and what came of them
    Suggestions,
    /// "To do this month": what is overdue or due by the month's end, to tick
    Todo,
    /// The practice's year: scores, compliance, headcount and (the owner's)
    /// pay, with charts
    Summary {
        #[arg(long)]
        year: i32,
    },
    /// A SWOT worksheet on one page
    Swot {
        /// The worksheet's id
        id: i64,
    },
    /// An improvement project's one-page summary
    Project {
        /// The project's id
        id: i64,
    },
    /// The practice's recovery key, on one page to keep in the safe
    RecoveryKey,
}

#[derive(Subcommand)]
enum StaffCommand {
    /// List everyone, in name order
    List {
        /// Print a JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum LicencesCommand {
    /// Where each person stands with each licence their role requires or
    /// they hold: current, due soon, expired or missing, and their continuing
    /// education in the cycle
    List {
        /// Print a JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
}

mod cli;

use cli::{
    list_backups, print_evidence, print_import, print_licences, print_todo, printable,
    warn_unprintable,
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("standard-practice: {e}");
            if e.code() == standard_practice::ErrorCode::Conflict && e.field() == Some("output") {
                eprintln!("standard-practice: add --force to replace it");
            }
            ExitCode::FAILURE
        }
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let path = match cli.db {
        Some(p) => p,
        None => storage::default_db_path()?,
    };
    // Whoever can run commands here holds the database file itself; the command
    // line acts with the owner's rights and is named so in the audit trail.
    let me = Actor::system("Command line");
    if let Command::Backups { json } = cli.command {
        list_backups(&path, json)?;
        return Ok(ExitCode::SUCCESS);
    }
    let keys = Keys::for_this_computer(cli.key_file.as_deref())?;
    // This works without opening the database: a damaged one can be restored.
    if let Command::Restore { file, keep } = cli.command {
        let (_db, restored) = backup::restore_path(&path, &me, &file, &keys, keep)?;
        println!(
            "restored {} (schema {}) into {}",
            restored.from.path.display(),
            restored.from.schema_version,
            path.display()
        );
        match &restored.safety_backup {
            Some(kept) if kept.reason == backup::Reason::NotOpened => println!(
                "the file that did not open is kept as it was in {}",
                kept.path.display()
            ),
            Some(kept) => println!(
                "the database as it was before is saved in {}",
                kept.path.display()
            ),
            None => {}
        }
        return Ok(ExitCode::SUCCESS);
    }
    // Only `demo` makes a new practice: any other command given a path that
    // does not exist says so instead of creating an empty database there.
    let mut db = match cli.command {
        Command::Demo { .. } => Db::open(&path, &keys)?,
        _ => Db::open_existing(&path, &keys)?,
    };
    if let Some(done) = db.encrypted() {
        println!("{}", done.summary(db.path()));
    }
    match cli.command {
        Command::Restore { .. } | Command::Backups { .. } => {}
        Command::Backup {
            output,
            force,
            keep,
        } => {
            let (written, size) = match output {
                Some(file) => {
                    let dest = Guard::for_database(&path)
                        .and_key_file(keys.file())
                        .file(&file, "backup", force)?;
                    let size = backup::to_file(&db, &me, &dest)?;
                    (file, size)
                }
                None => {
                    let keep = backup::kept_by(&db, keep)?;
                    let info = backup::manual(&db, &me, keep)?;
                    println!(
                        "wrote {} ({} KB)",
                        info.path.display(),
                        info.size.div_ceil(1024)
                    );
                    // And off the computer, when the practice has a place for it.
                    if let Some(place) = offsite::place(&db, &me)? {
                        let outcome = offsite::copy(&info, &place, keep);
                        offsite::record(&mut db, &outcome, chrono::Utc::now())?;
                        match outcome {
                            Ok(copy) => println!("copied off the computer to {}", copy.display()),
                            Err(e) => {
                                eprintln!("standard-practice: not copied off the computer: {e}");
                                return Ok(ExitCode::FAILURE);
                            }
                        }
                    }
                    return Ok(ExitCode::SUCCESS);
                }
            };
            println!("wrote {} ({} KB)", written.display(), size.div_ceil(1024));
        }
        Command::Demo { people } => {
            let size = match people {
                Some(n) => DemoSize {
                    people: n,
                    ..DemoSize::default()
                },
                None => DemoSize::default(),
            };
            demo::create(&mut db, &me, size, today())?;
            println!(
                "Created the demo practice with {} in {}",
                text::count(size.people, "person", "people"),
                path.display()
            );
        }
        Command::Staff {
            command: StaffCommand::List { json },
        } => {
            let rows = pages::staff_list(&db, &me, &StaffFilter::default(), today())?;
            if json {
                let out: Vec<_> = rows
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "id": r.person.id,
                            "name": r.person.name,
                            "status": r.person.status,
                            "employeeNo": r.person.employee_no,
                            "role": r.person.role_name,
                            "department": r.person.department,
                            "hireDate": r.person.hire_date,
                            "overdue": r.due.overdue,
                            "neverDone": r.due.never_done,
                            "dueSoon": r.due.due_soon,
                        })
                    })
                    .collect();
                println!("{}", serde_json::Value::Array(out));
            } else {
                for r in &rows {
                    println!(
                        "{:>5}  {} {:<10} {} {}",
                        r.person.id,
                        text::pad(&r.person.name, 32),
                        r.person.status.as_str(),
                        text::pad(r.person.role_name.as_deref().unwrap_or("-"), 20),
                        if r.due.overdue + r.due.never_done > 0 {
                            format!("{} overdue, {} never done", r.due.overdue, r.due.never_done)
                        } else {
                            String::new()
                        }
                    );
                }
                println!("{}", text::count(rows.len(), "person", "people"));
            }
        }
        Command::Import {
            what,
            file,
            dry_run,
        } => {
            let kind = match what {
                ImportWhat::Staff => import::ImportKind::Staff,
                ImportWhat::Training => import::ImportKind::Training,
                ImportWhat::Licences => import::ImportKind::Licences,
                ImportWhat::Checks => import::ImportKind::Checks,
            };
            let report = import::read_file(&file)
                .and_then(|text| import::csv(&mut db, &me, kind, &text, today(), !dry_run));
            let report = match report {
                Ok(r) => r,
                Err(e) => {
                    // Refusals of a file quote its headers: escaped like the report.
                    eprintln!("standard-practice: {}", printable(&e.to_string()));
                    return Ok(ExitCode::FAILURE);
                }
            };
            match print_import(&report) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
                _ => {}
            }
            if report.rows_with_problems > 0 {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Export {
            what,
            output,
            year,
            force,
        } => {
            let dest = Guard::for_database(&path)
                .and_key_file(keys.file())
                .file(&output, "CSV", force)?;
            let bytes = match what {
                ExportWhat::Staff => export::staff_csv(&db, &me)?,
                ExportWhat::Training => export::training_csv(&db, &me)?,
                ExportWhat::Scores => export::scores_csv(&db, &me, year)?,
            };
            dest.write(&bytes)?;
            println!("wrote {}", output.display());
        }
        Command::Todo { json } => {
            let items = standard_practice::todo::list(&db, &me, today())?;
            print_todo(&items, json)?;
        }
        Command::Licences {
            command: LicencesCommand::List { json },
        } => {
            let mut rows = standard_practice::licences::statuses(&db, &me, None, today())?;
            print_licences(&mut rows, json)?;
        }
        Command::Check => {
            let report = db.check()?;
            println!("database: {}", path.display());
            println!(
                "schema version: {} (this program: {})",
                report.schema_version, report.supported_version
            );
            for p in &report.problems {
                println!("problem: {p}");
            }
            if !report.is_ok() {
                println!("check: FAILED");
                return Ok(ExitCode::FAILURE);
            }
            println!("check: ok");
        }
        Command::Evaluations {
            command: EvaluationsCommand::List { year, json },
        } => {
            let rows = evaluations::list(
                &db,
                &me,
                &EvaluationFilter {
                    year,
                    ..Default::default()
                },
            )?;
            if json {
                let out = serde_json::to_string(&rows)
                    .map_err(|e| Error::Io(std::io::Error::other(e)))?;
                println!("{out}");
            } else {
                for e in &rows {
                    let score = |s: &Option<ScoreView>| {
                        s.as_ref()
                            .map(|s| s.display.clone())
                            .unwrap_or_else(|| "-".into())
                    };
                    println!(
                        "{:>5}  {}  {} {:<14} {:<12} customer service {:>3}  overall {:>3}",
                        e.id,
                        e.year,
                        text::pad(&e.staff.name, 32),
                        e.kind.label(),
                        e.status.label(),
                        score(&e.customer_service),
                        score(&e.overall),
                    );
                }
                println!("{}", text::count(rows.len(), "evaluation", "evaluations"));
            }
        }
        Command::Evidence { staff, year, json } => {
            let today = chrono::Local::now().date_naive();
            let year = year.unwrap_or(chrono::Datelike::year(&today));
            let ev = evidence::for_year(&db, &me, StaffId(staff), year, today)?;
            if json {
                let out =
                    serde_json::to_string(&ev).map_err(|e| Error::Io(std::io::Error::other(e)))?;
                println!("{out}");
            } else {
                print_evidence(&ev);
            }
        }
        Command::Recognitions { staff, json } => {
            let filter = RecognitionFilter {
                staff_id: staff.map(StaffId),
                ..Default::default()
            };
            let rows = recognition::list(&db, &me, &filter)?;
            if json {
                let out = serde_json::to_string(&rows)
                    .map_err(|e| Error::Io(std::io::Error::other(e)))?;
                println!("{out}");
            } else {
                for r in &rows {
                    let names: Vec<&str> = r.people.iter().map(|p| p.staff.name.as_str()).collect();
                    println!(
                        "{:>5}  {}  {}: {} (from {})",
                        r.id,
                        r.happened_on,
                        printable(&names.join(", ")),
                        printable(r.what.lines().next().unwrap_or_default()),
                        printable(&r.from_name)
                    );
                }
                println!("{}", text::count(rows.len(), "thank-you", "thank-yous"));
            }
        }
        Command::Print {
            document,
            output,
            paper,
            force,
            duplex,
        } => {
            let Some(output) = output else {
                return Err(Error::invalid(
                    "output",
                    "say where to write the PDF with -o FILE",
                ));
            };
            let target = Target {
                guard: Guard::for_database(&path).and_key_file(keys.file()),
                path: output,
                force,
            };
            print(&db, &me, document, &target, paper, duplex)?
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Where `print` writes, checked only once the document is known (a folder
/// is a destination only for the annual batch).
struct Target {
    guard: Guard,
    path: PathBuf,
    force: bool,
}

impl Target {
    fn file(&self) -> Result<Destination, Error> {
        self.guard.file(&self.path, "PDF", self.force)
    }
}

fn print(
    db: &Db,
    me: &Actor,
    document: PrintCommand,
    target: &Target,
    paper: Option<Paper>,
    duplex: bool,
) -> Result<(), Error> {
    let opts = PrintOptions {
        paper: paper.map(|p| match p {
            Paper::A4 => PaperSize::A4,
            Paper::Letter => PaperSize::Letter,
        }),
        duplex,
        ..PrintOptions::now()
    };
    // One moment of the database, read on a connection of its own: a batch
    // never sees half of a change the window saves meanwhile.
    let snapshot = db.snapshot()?;
    let conn = &snapshot;
    let output = &target.path;
    let doc = match document {
        PrintCommand::BlankForm { staff, template } => Document::BlankForm {
            person: staff.map(StaffId),
            template: template.map(TemplateId),
        },
        PrintCommand::Evaluation { id } => Document::Evaluation(EvaluationId(id)),
        PrintCommand::Transcript { staff } => Document::Transcript(StaffId(staff)),
        PrintCommand::Compliance => Document::Compliance,
        PrintCommand::Handbook => Document::Handbook,
        PrintCommand::Recognition { id } => Document::Recognition(RecognitionId(id)),
        PrintCommand::Suggestions => Document::Suggestions,
        PrintCommand::Todo => Document::Todo,
        PrintCommand::Summary { year } => Document::Summary(year),
        PrintCommand::Swot { id } => Document::Swot(standard_practice::ids::SwotId(id)),
        PrintCommand::Project { id } => Document::Project(standard_practice::ids::ProjectId(id)),
        PrintCommand::RecoveryKey => {
            let dest = target.file()?;
            let size = documents::recovery_key_file(db, me, opts, &dest)?;
            println!(
                "wrote {} ({} KB): keep it in the safe",
                output.display(),
                size.div_ceil(1024)
            );
            return Ok(());
        }
        PrintCommand::Annual { year } => {
            let mut progress = progress_report();
            if output.is_dir() || standard_practice::output::names_a_folder(output) {
                let folder = target.guard.folder(output, target.force)?;
                let to = BatchTo::Folder(&folder);
                let written = documents::annual_to(conn, me, year, opts, to, &mut progress);
                end_progress();
                let (files, warnings) = written?;
                println!("wrote {} files to {}", files.len(), output.display());
                warn_unprintable(&warnings);
                return Ok(());
            }
            let dest = target.file()?;
            let written =
                documents::annual_to(conn, me, year, opts, BatchTo::File(&dest), &mut progress);
            end_progress();
            let (_, warnings) = written?;
            let size = std::fs::metadata(dest.path()).map(|m| m.len()).unwrap_or(0);
            println!("wrote {} ({} KB)", output.display(), size.div_ceil(1024));
            warn_unprintable(&warnings);
            return Ok(());
        }
    };
    let dest = target.file()?;
    let (size, warnings) = documents::render_file(conn, me, &doc, opts, &dest)?;
    println!("wrote {} ({} KB)", output.display(), size.div_ceil(1024));
    warn_unprintable(&warnings);
    Ok(())
}

/// How a long job reports its progress: on a terminal, one line rewritten in
/// place; into a pipe or a log, a line at every tenth of the way, so the log
/// shows how far it got.
fn progress_report() -> impl FnMut(usize, usize) -> bool {
    let terminal = std::io::stderr().is_terminal();
    let mut shown = 0;
    move |done: usize, total: usize| {
        if terminal {
            eprint!("\rprinting {done} of {total}");
        } else {
            let tenth = (done * 10) / total.max(1);
            if tenth > shown || done == total {
                shown = tenth;
                eprintln!("printing {done} of {total}");
            }
        }
        true
    }
}

/// Ends the progress line on a terminal, so what follows (the result, or an
/// error part-way) starts a line of its own.
fn end_progress() {
    if std::io::stderr().is_terminal() {
        eprintln!();
    }
}
