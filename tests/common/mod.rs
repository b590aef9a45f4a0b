#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::OpenFlags;
use standard_practice::courses::{self, CourseCategory, CourseInput};
use standard_practice::demo::{self, DemoSize};
use standard_practice::ids::{CourseId, RoleId, StaffId};
use standard_practice::keys::{Key, Keys};
use standard_practice::roles::{self, RoleInput};
use standard_practice::staff::{self, StaffInput};
use standard_practice::storage::schema_version;
use standard_practice::{Db, ErrorCode};
use tempfile::TempDir;

pub fn today() -> NaiveDate {
    d("2026-11-23")
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The tests' practices' recovery key: every practice a test makes is
/// encrypted with it, so a test can open a copy, or tamper with a file.
pub const RECOVERY_KEY: &str =
    "3E7Q-DF99-S79E-4F4G-3NXG-2MB0-4191-K4CS-AN1P-NE66-NP0W-98GY-HEZG-JPC8";

pub fn key() -> Key {
    Key::from_recovery(RECOVERY_KEY).unwrap()
}

/// The keys every test opens practices with: the tests' key only (never the
/// credential store of whoever runs the tests).
pub fn keys() -> Keys {
    Keys::given(key())
}

/// A connection to a practice's file outside the app (to change it behind
/// its back), with the tests' key.
pub fn raw(path: &Path) -> rusqlite::Connection {
    raw_with_flags(path, OpenFlags::default())
}

pub fn raw_with_flags(path: &Path, flags: OpenFlags) -> rusqlite::Connection {
    standard_practice::storage::start_engine().unwrap();
    let conn = rusqlite::Connection::open_with_flags(path, flags).unwrap();
    conn.execute_batch(&key().sqlcipher_pragmas()).unwrap();
    conn
}

/// The file SQLite keeps beside `path` with this suffix (`-wal`).
pub fn side(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// A key file holding the tests' recovery key, written once per test binary.
pub fn key_file() -> &'static Path {
    static DIR: std::sync::OnceLock<TempDir> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("key.txt"), format!("{RECOVERY_KEY}\n")).unwrap();
        dir
    });
    static FILE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    FILE.get_or_init(|| dir.path().join("key.txt"))
}

/// The command line, opening practices with the tests' key (never the
/// credential store of whoever runs the tests).
pub fn command() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_standard-practice"));
    command.env("STANDARD_PRACTICE_KEY_FILE", key_file());
    // Never the user's config folder: nothing remembered there is read.
    command.env(
        "XDG_CONFIG_HOME",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-config"),
    );
    command
}

/// A new database file in its own temporary folder (kept alive by the `TempDir`).
pub fn fresh() -> (TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("practice.sqlite3"), &keys()).unwrap();
    (dir, db)
}

pub fn course(db: &mut Db, title: &str, validity: Option<u32>) -> CourseId {
    courses::create(
        db,
        &me(),
        &CourseInput {
            title: title.into(),
            category: CourseCategory::Safety,
            provider: "Red Cross".into(),
            default_hours: 2.0,
            validity_months: validity,
            description: String::new(),
        },
    )
    .unwrap()
    .id
}

pub fn role(db: &mut Db, name: &str, courses: &[CourseId]) -> RoleId {
    roles::create(
        db,
        &me(),
        &RoleInput {
            name: name.into(),
            description: String::new(),
            required_course_ids: courses.to_vec(),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

pub fn person(db: &mut Db, name: &str, role: Option<RoleId>, hired: &str) -> StaffId {
    staff::create(
        db,
        &me(),
        &StaffInput {
            name: name.into(),
            role_id: role,
            hire_date: hired.into(),
            ..Default::default()
        },
        today(),
    )
    .unwrap()
    .id
}

/// What logging `course` for `person` on `on` sends, the rest left empty.
pub fn training_input(
    person: StaffId,
    course: CourseId,
    on: &str,
) -> standard_practice::training::TrainingInput {
    standard_practice::training::TrainingInput {
        staff_id: Some(person),
        course_id: Some(course),
        completed_on: on.into(),
        ..Default::default()
    }
}

/// A standard for patients, in force since 2026-01-01, binding `roles`.
pub fn standard_for(db: &mut Db, statement: &str, roles: &[RoleId]) {
    use standard_practice::standards::{self, Audience, ServiceChannel, StandardInput, TargetUnit};
    standards::create(
        db,
        &me(),
        &StandardInput {
            audience: Some(Audience::External),
            channel: Some(ServiceChannel::InPerson),
            statement: statement.into(),
            target_value: None,
            target_unit: Some(TargetUnit::Text),
            target_text: "Always".into(),
            effective_date: "2026-01-01".into(),
            role_ids: roles.to_vec(),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
}

/// Counts the rows of every table: equal before and after a refused change proves
/// nothing was half-saved.
pub fn row_counts(db: &Db) -> Vec<(String, i64)> {
    let conn = db.raw();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let n = conn
                .query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

/// Everything in the database as text, to prove a refused change altered nothing.
pub fn snapshot(db: &Db) -> String {
    snapshot_except(db, &[])
}

/// [`snapshot`] without some tables (a restore adds its own audit row to the
/// restored data, so the data is compared without the trail).
pub fn snapshot_except(db: &Db, skip: &[&str]) -> String {
    let conn = db.raw();
    let mut out = String::new();
    for (table, _) in row_counts(db)
        .into_iter()
        .filter(|(t, _)| !skip.contains(&t.as_str()))
    {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1"))
            .unwrap();
        let cols = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut line = String::new();
                for i in 0..cols {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push_str(&format!("{v:?}|"));
                }
                Ok(line)
            })
            .unwrap();
        out.push_str(&table);
        out.push('\n');
        for r in rows {
            out.push_str(&r.unwrap());
            out.push('\n');
        }
    }
    out
}

/// The acting user of tests that are not about access: the owner's rights.
pub fn me() -> standard_practice::access::Actor {
    standard_practice::access::Actor::system("Test")
}

/// The form of an evaluation as it stands: saving it changes nothing.
pub fn edit_of(
    e: &standard_practice::evaluations::Evaluation,
) -> standard_practice::evaluations::EvaluationEdit {
    use standard_practice::evaluations::{EvaluationEdit, RatingInput};
    EvaluationEdit {
        ratings: e
            .sections
            .iter()
            .flat_map(|s| &s.criteria)
            .map(|c| RatingInput {
                criterion_id: c.id,
                rating: c.rating.map(i64::from),
                not_applicable: c.not_applicable,
                comment: c.comment.clone(),
                override_reason: c.override_reason.clone(),
            })
            .collect(),
        summary: e.summary.clone(),
        strengths: e.strengths.clone(),
        improvements: e.improvements.clone(),
        goals: e.goals.clone(),
        training_plan: e.training_plan.iter().filter_map(|p| p.course_id).collect(),
        recommendation: Some(e.recommendation),
        merit_percent: e.merit_percent,
        bonus: e.bonus.clone(),
        recommendation_note: e.recommendation_note.clone(),
        employee_comments: e.employee_comments.clone(),
        amendment_reason: String::new(),
    }
}
/// Asserts that `path` still holds exactly `before` and that SQLite left no
/// `-wal` or `-shm` file beside it: the file was refused without being touched.
pub fn assert_untouched(path: &Path, before: &[u8]) {
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "{} was modified",
        path.display()
    );
    for suffix in ["-wal", "-shm"] {
        let side = format!("{}{suffix}", path.display());
        assert!(
            !Path::new(&side).exists(),
            "a {suffix} file was created beside {}",
            path.display()
        );
    }
}

/// A closed demo practice at `path` (one file, no `-wal` beside it).
pub fn demo_file(path: &Path) {
    let mut db = Db::open(path, &keys()).unwrap();
    demo::create(&mut db, &me(), DemoSize::default(), today()).unwrap();
    drop(db);
    assert!(!Path::new(&format!("{}-wal", path.display())).exists());
}

/// Files that are not a whole Standard Practice database of this version, made in
/// `dir`, each with the error code opening or restoring it must give: not SQLite,
/// another program's SQLite, a newer schema, cut short, damaged inside.
pub fn hostile_files(dir: &Path) -> Vec<(&'static str, PathBuf, ErrorCode)> {
    let ours = dir.join("ours.sqlite3");
    if !ours.exists() {
        demo_file(&ours);
    }
    let good = std::fs::read(&ours).unwrap();
    let page = 4096;
    let mut files: Vec<(&'static str, Vec<u8>, ErrorCode)> = vec![
        (
            "text file",
            b"Dear diary, today I...".to_vec(),
            ErrorCode::NotOurDatabase,
        ),
        (
            "random bytes",
            (0..8192u32).map(|i| (i * 7 % 251) as u8).collect(),
            ErrorCode::NotOurDatabase,
        ),
        (
            "bare SQLite magic",
            b"SQLite format 3\0".to_vec(),
            ErrorCode::NotOurDatabase,
        ),
        (
            "cut at a page boundary",
            good[..good.len() / page / 2 * page].to_vec(),
            ErrorCode::DamagedDatabase,
        ),
        (
            "cut mid-page",
            good[..good.len() - page - 1000].to_vec(),
            ErrorCode::DamagedDatabase,
        ),
    ];
    // A page of the staff table overwritten with junk, as a failing disk might.
    let root: i64 = raw_with_flags(&ours, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'staff'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let root = usize::try_from(root).unwrap();
    let mut corrupt = good.clone();
    corrupt[(root - 1) * page..(root - 1) * page + 64].fill(0xA5);
    files.push(("a page overwritten", corrupt, ErrorCode::DamagedDatabase));
    // Page 1 past its plain header: SQLCipher alone cannot tell this from a
    // wrong key; page 2, signed with the key, can.
    let mut first_page = good.clone();
    first_page[300..364].fill(0xA5);
    files.push((
        "the first page overwritten",
        first_page,
        ErrorCode::DamagedDatabase,
    ));
    let mut out: Vec<_> = files
        .into_iter()
        .enumerate()
        .map(|(i, (what, bytes, code))| {
            let path = dir.join(format!("hostile-{i}.sqlite3"));
            std::fs::write(&path, bytes).unwrap();
            (what, path, code)
        })
        .collect();
    let other = dir.join("hostile-other-program.db");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    out.push(("another program's SQLite", other, ErrorCode::NotOurDatabase));
    let newer = dir.join("hostile-newer.sqlite3");
    std::fs::copy(&ours, &newer).unwrap();
    {
        let conn = raw(&newer);
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", schema_version() + 1)
            .unwrap();
    }
    out.push(("a newer schema", newer, ErrorCode::NewerSchema));
    // The header's id, schema version and schema counter wiped: it looks
    // like a practice that was never filled, and must not be taken for one.
    let wiped = dir.join("hostile-wiped-header.sqlite3");
    let mut bytes = good.clone();
    for at in [40, 60, 68] {
        bytes[at..at + 4].fill(0);
    }
    std::fs::write(&wiped, bytes).unwrap();
    out.push((
        "a header wiped to look blank",
        wiped,
        ErrorCode::DamagedDatabase,
    ));
    let stranger = dir.join("hostile-another-key.sqlite3");
    let mut db = Db::open(&stranger, &Keys::given(Key::generate().unwrap())).unwrap();
    demo::create(&mut db, &me(), DemoSize::default(), today()).unwrap();
    drop(db);
    out.push(("another practice's key", stranger, ErrorCode::WrongKey));
    out
}

/// "Save a backup as…" `file`, through the same checks the CLI and window use.
pub fn save_backup(db: &Db, file: &Path, replace: bool) -> standard_practice::Result<u64> {
    let dest =
        standard_practice::output::Guard::for_database(db.path()).file(file, "backup", replace)?;
    standard_practice::backup::to_file(db, &me(), &dest)
}

/// A plain practice as the version before encryption left it: `path` made
/// from `from` (an encrypted practice) with the tests' key.
pub fn plain_copy(from: &Path, path: &Path) {
    let conn = raw(from);
    conn.execute(
        "ATTACH DATABASE ?1 AS plain KEY ''",
        [path.to_str().unwrap()],
    )
    .unwrap();
    conn.execute_batch(&format!(
        "SELECT sqlcipher_export('plain');
         PRAGMA plain.application_id = {};
         PRAGMA plain.user_version = {};
         DETACH DATABASE plain;",
        standard_practice::storage::APPLICATION_ID,
        schema_version()
    ))
    .unwrap();
    let plain = std::fs::read(path).unwrap();
    assert_eq!(plain[20], 0, "a plain file");
}

/// The fields a refusal names: the first, then every other bad one.
pub fn refused_fields(e: &standard_practice::Error) -> Vec<String> {
    let payload = e.payload();
    payload
        .field
        .into_iter()
        .chain(payload.also.into_iter().map(|p| p.field))
        .collect()
}
