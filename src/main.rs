//! `standard-practice`: the command line over the same core and database file as
//! the desktop app.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use standard_practice::demo::{self, DemoSize};
use standard_practice::staff::StaffFilter;
use standard_practice::{pages, storage, Db, Error};

#[derive(Parser)]
#[command(
    name = "standard-practice",
    version,
    about = "Staff, training and service standards for a small practice"
)]
struct Cli {
    /// The database file (default: the app's own, in the OS app-data folder, or $STANDARD_PRACTICE_DB)
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
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
    /// Check the database's integrity and schema version
    Check,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("standard-practice: {e}");
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
    let mut db = Db::open(&path)?;
    match cli.command {
        Command::Demo { people } => {
            let size = match people {
                Some(n) => DemoSize {
                    people: n,
                    ..DemoSize::default()
                },
                None => DemoSize::default(),
            };
            demo::create(&mut db, size, today())?;
            println!(
                "Created the demo practice with {} people in {}",
                size.people,
                path.display()
            );
        }
        Command::Staff {
            command: StaffCommand::List { json },
        } => {
            let rows = pages::staff_list(db.conn(), &StaffFilter::default(), today())?;
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
                        "{:>5}  {:<32} {:<10} {:<20} {}",
                        r.person.id,
                        r.person.name,
                        r.person.status.as_str(),
                        r.person.role_name.as_deref().unwrap_or("-"),
                        if r.due.overdue + r.due.never_done > 0 {
                            format!("{} overdue, {} never done", r.due.overdue, r.due.never_done)
                        } else {
                            String::new()
                        }
                    );
                }
                println!("{} people", rows.len());
            }
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
    }
    Ok(ExitCode::SUCCESS)
}
