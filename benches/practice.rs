//! The speed of every screen's read at the size the product is built for: 500 staff and
//! 50,000 training records. `make bench` runs it; the README quotes its figures.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use standard_practice::demo::{self, DemoSize};
use standard_practice::keys::{Key, Keys};
use standard_practice::staff::StaffFilter;
use standard_practice::{backup, due, pages, staff, Db};

/// The benchmarks' practices are encrypted like every practice, each run
/// with one new key.
fn keys() -> Keys {
    static KEY: std::sync::OnceLock<Key> = std::sync::OnceLock::new();
    Keys::given(KEY.get_or_init(|| Key::generate().expect("a key")).clone())
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

fn practice(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("bench.sqlite3");
    {
        let mut db = Db::open(&path, &keys()).expect("open");
        demo::create(
            &mut db,
            &bench_actor(),
            DemoSize {
                people: 500,
                records_per_person: 102,
            },
            today(),
        )
        .expect("demo");
        let count = |table: &str| -> i64 {
            db.raw()
                .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
                .expect("count")
        };
        eprintln!(
            "synthetic practice: {} staff, {} training records",
            count("staff"),
            count("training_records")
        );
    }
    let db = Db::open(&path, &keys()).expect("open");
    let someone =
        staff::list(db.raw(), &bench_actor(), &StaffFilter::default()).expect("list")[250].id;

    let mut g = c.benchmark_group("500 staff, 50k records");
    g.bench_function("open + migrate", |b| {
        b.iter(|| black_box(Db::open(&path, &keys()).expect("open")))
    });
    g.bench_function("staff list (with due counts)", |b| {
        b.iter(|| {
            black_box(
                pages::staff_list(db.raw(), &bench_actor(), &StaffFilter::default(), today())
                    .expect("list"),
            )
        })
    });
    g.bench_function("staff page", |b| {
        b.iter(|| {
            black_box(pages::staff_page(db.raw(), &bench_actor(), someone, today()).expect("page"))
        })
    });
    g.bench_function("to-do list", |b| {
        b.iter(|| {
            black_box(
                standard_practice::todo::list(db.raw(), &bench_actor(), today()).expect("todo"),
            )
        })
    });
    g.bench_function("dashboard (five years)", |b| {
        b.iter(|| {
            black_box(
                standard_practice::dashboard::year(db.raw(), &bench_actor(), 2026, today())
                    .expect("dashboard"),
            )
        })
    });
    g.bench_function("due status for everyone", |b| {
        b.iter(|| black_box(due::items(db.raw(), &bench_actor(), None, today()).expect("due")))
    });
    g.bench_function("search \"nguy\"", |b| {
        let f = StaffFilter {
            search: "nguy".into(),
            ..StaffFilter::default()
        };
        b.iter(|| {
            black_box(pages::staff_list(db.raw(), &bench_actor(), &f, today()).expect("search"))
        })
    });
    g.bench_function("overview", |b| {
        b.iter(|| black_box(pages::overview(db.raw(), &bench_actor(), today()).expect("overview")))
    });
    g.finish();

    // Backups of the same practice: what Settings → Backups and `backup` /
    // `restore` cost. A restore also takes its before-restore backup.
    let mut g = c.benchmark_group("backups, 500 staff, 50k records");
    g.sample_size(10);
    let copy = dir.path().join("copy.sqlite3");
    let dest = standard_practice::output::Guard::for_database(db.path())
        .file(&copy, "backup", true)
        .expect("destination");
    g.bench_function("backup to a file", |b| {
        b.iter(|| black_box(backup::to_file(&db, &bench_actor(), &dest).expect("backup")))
    });
    let mut target = Db::open(&dir.path().join("target.sqlite3"), &keys()).expect("open");
    g.bench_function("restore (check, back up, copy)", |b| {
        b.iter(|| {
            black_box(
                backup::restore(&mut target, &bench_actor(), &copy, &keys(), Some(3))
                    .expect("restore"),
            )
        })
    });
    g.finish();

    // A practice from before encryption, opened by this version: encrypted
    // (export, integrity check, rows counted, rename) before it opens.
    let mut g = c.benchmark_group("upgrade, 500 staff, 50k records");
    g.sample_size(10);
    let plain = dir.path().join("plain.sqlite3");
    db.raw()
        .execute(
            "ATTACH DATABASE ?1 AS plain KEY ''",
            [plain.to_string_lossy()],
        )
        .expect("attach");
    db.raw()
        .execute_batch(&format!(
            "SELECT sqlcipher_export('plain');
             PRAGMA plain.application_id = {};
             PRAGMA plain.user_version = {};
             DETACH DATABASE plain;",
            standard_practice::storage::APPLICATION_ID,
            standard_practice::storage::schema_version()
        ))
        .expect("plain copy");
    let upgraded = dir.path().join("upgraded.sqlite3");
    g.bench_function("open a plain practice (encrypts it)", |b| {
        b.iter_batched(
            || {
                let _ = std::fs::remove_file(&upgraded);
                std::fs::copy(&plain, &upgraded).expect("copy");
            },
            |()| {
                let db = Db::open(&upgraded, &keys()).expect("open");
                assert!(db.encrypted().is_some());
                black_box(db)
            },
            criterion::BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, practice);
criterion_main!(benches);

/// Benchmarks measure the work, not the access check: they act as the owner.
fn bench_actor() -> standard_practice::access::Actor {
    standard_practice::access::Actor::system("Benchmark")
}
