//! The cost of importing 10,000 people whose manager is given by name (and, to
//! compare, by employee number), previewed and imported into an empty practice,
//! and how long the import holds the database's write lock meanwhile: while it
//! does, every other program's save waits, and after the busy timeout (5 s) it
//! fails with "database is locked".
//!
//! Then the cost of the preview's private copy of the database, in a practice
//! of 500 staff and 50,000 training records.
//!
//! A plain program rather than criterion: one run of the slowest case once took
//! minutes, and what matters is seconds, not nanoseconds. `make bench` runs it
//! (`cargo bench --bench import`); `STANDARD_PRACTICE_BENCH_RUNS` sets the runs
//! per case (default 3). The README quotes its figures.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use standard_practice::access::Actor;
use standard_practice::demo::{self, DemoSize};
use standard_practice::import::{self, ImportKind};
use standard_practice::keys::{Key, Keys};
use standard_practice::Db;

/// The benchmarks' practices are encrypted like every practice, each run
/// with one new key.
fn keys() -> Keys {
    static KEY: std::sync::OnceLock<Key> = std::sync::OnceLock::new();
    let key = KEY.get_or_init(|| Key::generate().expect("a key"));
    let _ = KEY_PRAGMAS.set(key.sqlcipher_pragmas());
    Keys::given(key.clone())
}

/// What a second connection runs to read the practice.
static KEY_PRAGMAS: std::sync::OnceLock<String> = std::sync::OnceLock::new();

const PEOPLE: usize = 10_000;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

#[derive(Clone, Copy)]
enum ManagerBy {
    Name,
    Number,
}

/// Ten thousand people with distinct names (first, initial, last), each
/// reporting to someone listed before them (an organisation eight wide at each
/// level), their manager given by name or by employee number.
fn staff_file(by: ManagerBy) -> String {
    const FIRST: [&str; 20] = [
        "Ana", "Bo", "Chloé", "Dmitri", "Eun-ji", "Farah", "Gabriel", "Hana", "Ivan", "Julia",
        "Kofi", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tariq",
    ];
    const LAST: [&str; 25] = [
        "Díaz", "Li", "Okafor", "Nguyễn", "Kowalski", "Haddad", "Müller", "Silva", "Tanaka",
        "Rossi", "Novak", "Petrov", "Kim", "Moreau", "Jensen", "Costa", "Ibrahim", "Laine",
        "Horvat", "Schmidt", "Yilmaz", "Andersen", "Fischer", "Popescu", "Walsh",
    ];
    let name = |i: usize| {
        let initial = char::from(b'A' + (i / (FIRST.len() * LAST.len()) % 26) as u8);
        format!(
            "{} {initial}. {}",
            FIRST[i % FIRST.len()],
            LAST[i / FIRST.len() % LAST.len()]
        )
    };
    let mut csv = String::from("Employee number,Name,Job title,Manager,Hire date\n");
    for i in 0..PEOPLE {
        let manager = match (i, by) {
            (0, _) => String::new(),
            (_, ManagerBy::Name) => name((i - 1) / 8),
            (_, ManagerBy::Number) => format!("E{:05}", (i - 1) / 8),
        };
        let role = ["Hygienist", "Receptionist", "Assistant", "Billing"][i % 4];
        csv.push_str(&format!(
            "E{i:05},{},{role},{manager},2020-01-{:02}\n",
            name(i),
            i % 28 + 1
        ));
    }
    csv
}

/// Measures how long, while it runs, another connection could not start a
/// write: it tries `BEGIN IMMEDIATE` without waiting every millisecond.
struct LockWatch {
    stop: Arc<AtomicBool>,
    handle: std::thread::JoinHandle<Duration>,
}

impl LockWatch {
    fn start(path: &std::path::Path) -> LockWatch {
        let stop = Arc::new(AtomicBool::new(false));
        let conn = rusqlite::Connection::open(path).expect("a second connection");
        let key = KEY_PRAGMAS.get().expect("the practice was made");
        conn.execute_batch(key).expect("the key");
        conn.busy_timeout(Duration::ZERO).expect("no waiting");
        let flag = stop.clone();
        let handle = std::thread::spawn(move || {
            let mut locked = Duration::ZERO;
            let mut last = Instant::now();
            while !flag.load(Ordering::Relaxed) {
                let refused = conn.execute_batch("BEGIN IMMEDIATE").is_err();
                if !refused {
                    let _ = conn.execute_batch("ROLLBACK");
                }
                let now = Instant::now();
                if refused {
                    locked += now - last;
                }
                last = now;
                std::thread::sleep(Duration::from_millis(1));
            }
            locked
        });
        LockWatch { stop, handle }
    }

    fn stop(self) -> Duration {
        self.stop.store(true, Ordering::Relaxed);
        self.handle.join().unwrap_or_default()
    }
}

fn main() {
    let runs: usize = std::env::var("STANDARD_PRACTICE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let me = Actor::system("Benchmark");
    let cases = [
        ("manager by name, import", ManagerBy::Name, true),
        ("manager by name, dry run", ManagerBy::Name, false),
        ("manager by number, import", ManagerBy::Number, true),
        ("manager by number, dry run", ManagerBy::Number, false),
    ];
    eprintln!("import of {PEOPLE} people into an empty practice, {runs} runs a case");
    for (label, by, commit) in cases {
        let csv = staff_file(by);
        let mut times = Vec::new();
        let mut locks = Vec::new();
        for _ in 0..runs {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let path = dir.path().join("bench.sqlite3");
            let mut db = Db::open(&path, &keys()).expect("open");
            let watch = LockWatch::start(&path);
            let started = Instant::now();
            let report = import::csv(&mut db, &me, ImportKind::Staff, &csv, today(), commit)
                .expect("import");
            times.push(started.elapsed());
            locks.push(watch.stop());
            assert_eq!(
                report.rows_with_problems,
                0,
                "{label}: {:?}",
                report.rows.first()
            );
            assert_eq!(report.to_add as usize, PEOPLE, "{label}");
            assert_eq!(report.imported, commit, "{label}");
        }
        times.sort();
        locks.sort();
        let secs = |d: &Duration| format!("{:.2} s", d.as_secs_f64());
        println!(
            "{label:<28} median {}  (min {}, max {})  write lock held: median {}",
            secs(&times[times.len() / 2]),
            secs(&times[0]),
            secs(&times[times.len() - 1]),
            secs(&locks[locks.len() / 2]),
        );
    }
    preview_in_a_large_practice(&me, runs);
}

/// What the preview's private copy of the database costs in the practice of
/// The size the product is built for (500 staff, 50,000 training records): a one-row file
/// previewed, most of it the copy.
fn preview_in_a_large_practice(me: &Actor, runs: usize) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("large.sqlite3");
    let mut db = Db::open(&path, &keys()).expect("open");
    let size = DemoSize {
        people: 500,
        records_per_person: 102,
    };
    demo::create(&mut db, me, size, today()).expect("demo");
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(dir.path().join("large.sqlite3-wal")).map_or(0, |m| m.len());
    let mut times = Vec::new();
    for _ in 0..runs.max(5) {
        let started = Instant::now();
        let report = import::csv(
            &mut db,
            me,
            ImportKind::Staff,
            "Name\nNew Person\n",
            today(),
            false,
        )
        .expect("preview");
        times.push(started.elapsed());
        assert_eq!(report.to_add, 1);
    }
    times.sort();
    println!(
        "one-row preview, 500 staff and 50k records ({:.0} MB): median {:.0} ms (min {:.0} ms)",
        bytes as f64 / 1e6,
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0
    );
}
