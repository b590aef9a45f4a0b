//! The speed and size of printing: one completed review form, and the annual
//! batch for 100 and for 500 people as one file, each rendered and written to
//! disk. `make bench` runs it, beside `benches/print-routes.sh`, which times the
//! routes people use today (Chromium's --print-to-pdf, LibreOffice's
//! --convert-to pdf) on an equivalent form; the README quotes both.

use std::hint::black_box;
use std::path::Path;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use standard_practice::demo::{self, DemoSize};
use standard_practice::documents::{self, PrintOptions};
use standard_practice::evaluations::{self, EvaluationEdit, EvaluationFilter, EvaluationStatus};
use standard_practice::ids::EvaluationId;
use standard_practice::keys::{Key, Keys};
use standard_practice::Db;

/// The benchmarks' practices are encrypted like every practice, each run
/// with one new key.
fn keys() -> Keys {
    static KEY: std::sync::OnceLock<Key> = std::sync::OnceLock::new();
    Keys::given(KEY.get_or_init(|| Key::generate().expect("a key")).clone())
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

const OPTS: PrintOptions = PrintOptions {
    paper: None,
    // 2026-11-23 12:00 UTC
    timestamp: 1_795_435_200,
    duplex: false,
};

fn practice(dir: &Path, people: usize) -> Db {
    let path = dir.join(format!("bench-{people}.sqlite3"));
    let mut db = Db::open(&path, &keys()).expect("open");
    demo::create(
        &mut db,
        &bench_actor(),
        DemoSize {
            people,
            records_per_person: 20,
        },
        today(),
    )
    .expect("demo");
    db
}

/// A draft of this year whose every criterion is rated and commented on in
/// another script (Arabic, Hebrew, Devanagari, Vietnamese, Greek, Cyrillic,
/// Chinese, combining marks, emoji): every line of it is shaped.
fn every_script_form(db: &mut Db) -> EvaluationId {
    const COMMENTS: [&str; 9] = [
        "شكرا على صبرك مع المرضى في الصباح المزدحم",
        "תודה על הסבלנות עם המטופלים בבקרים העמוסים",
        "व्यस्त सुबह में मरीज़ों के साथ धैर्य के लिए धन्यवाद",
        "Cảm ơn sự kiên nhẫn với bệnh nhân vào những buổi sáng bận rộn",
        "Ευχαριστώ για την υπομονή με τους ασθενείς τα πολυάσχολα πρωινά",
        "Спасибо за терпение с пациентами в загруженные утра",
        "感谢你在繁忙的早晨对病人的耐心",
        "E\u{301}COLE, A\u{30A}SA, N\u{303}, Q\u{301}",
        "Thank you 👍🏽 🦷 ⭐ for the calm mornings",
    ];
    let me = bench_actor();
    let drafts = evaluations::list(
        db.raw(),
        &me,
        &EvaluationFilter {
            year: Some(2026),
            status: Some(EvaluationStatus::Draft),
            ..Default::default()
        },
    )
    .expect("list");
    let id = drafts[0].id;
    let e = evaluations::get(db.raw(), &me, id).expect("draft");
    let ratings = e
        .sections
        .iter()
        .flat_map(|s| &s.criteria)
        .zip(COMMENTS.iter().cycle())
        .map(|(c, comment)| evaluations::RatingInput {
            criterion_id: c.id,
            rating: Some(4),
            not_applicable: false,
            comment: (*comment).to_owned(),
            override_reason: "Rated from the calls heard over the year.".into(),
        })
        .collect();
    let edit = EvaluationEdit {
        ratings,
        ..Default::default()
    };
    evaluations::save(db, &me, id, &edit, today()).expect("save");
    id
}

fn printing(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut small = practice(dir.path(), 100);
    let large = practice(dir.path(), 500);
    let finalized = evaluations::list(
        small.raw(),
        &bench_actor(),
        &EvaluationFilter {
            year: Some(2025),
            status: Some(EvaluationStatus::Acknowledged),
            ..Default::default()
        },
    )
    .expect("list")[0]
        .id;
    let out = dir.path().join("out.pdf");
    let scripts = every_script_form(&mut small);

    let one = documents::evaluation(small.raw(), &bench_actor(), finalized, OPTS).expect("form");
    let blank =
        documents::blank_form(small.raw(), &bench_actor(), None, None, OPTS).expect("blank");
    let mut quiet = |_: usize, _: usize| true;
    let batch100 =
        documents::annual_pdf(small.raw(), &bench_actor(), 2026, OPTS, &mut quiet).expect("batch");
    let batch500 =
        documents::annual_pdf(large.raw(), &bench_actor(), 2026, OPTS, &mut quiet).expect("batch");
    let people = |db: &Db| {
        documents::annual_plan(db.raw(), &bench_actor(), 2026, today())
            .expect("plan")
            .len()
    };
    eprintln!(
        "sizes: completed form {} KB, blank form {} KB, batch of {} {} KB ({:.1} KB a form), batch of {} {} KB ({:.1} KB a form)",
        one.len() / 1024,
        blank.len() / 1024,
        people(&small),
        batch100.len() / 1024,
        batch100.len() as f64 / 1024.0 / people(&small) as f64,
        people(&large),
        batch500.len() / 1024,
        batch500.len() as f64 / 1024.0 / people(&large) as f64,
    );

    let mut g = c.benchmark_group("printing");
    // Each print writes a new file, as printing does; replacing the same file
    // every time would measure the file system's replace-by-rename flush.
    let fresh = || {
        let _ = std::fs::remove_file(&out);
    };
    g.bench_function("one completed form, rendered and written", |b| {
        b.iter_batched(
            fresh,
            |()| {
                let bytes = documents::evaluation(small.raw(), &bench_actor(), finalized, OPTS)
                    .expect("form");
                write(&out, &bytes);
                black_box(bytes.len())
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("one completed form, rendered only", |b| {
        b.iter(|| {
            black_box(
                documents::evaluation(small.raw(), &bench_actor(), finalized, OPTS)
                    .expect("form")
                    .len(),
            )
        })
    });
    g.bench_function("one form, comments in every script, rendered only", |b| {
        b.iter(|| {
            black_box(
                documents::evaluation(small.raw(), &bench_actor(), scripts, OPTS)
                    .expect("form")
                    .len(),
            )
        })
    });
    g.bench_function("blank form, rendered and written", |b| {
        b.iter_batched(
            fresh,
            |()| {
                let bytes = documents::blank_form(small.raw(), &bench_actor(), None, None, OPTS)
                    .expect("blank");
                write(&out, &bytes);
                black_box(bytes.len())
            },
            BatchSize::PerIteration,
        )
    });
    g.sample_size(10);
    g.bench_function("annual batch, 100 people, one file", |b| {
        b.iter_batched(
            fresh,
            |()| {
                let mut quiet = |_: usize, _: usize| true;
                let bytes =
                    documents::annual_pdf(small.raw(), &bench_actor(), 2026, OPTS, &mut quiet)
                        .expect("batch");
                write(&out, &bytes);
                black_box(bytes.len())
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("annual batch, 500 people, one file", |b| {
        b.iter_batched(
            fresh,
            |()| {
                let mut quiet = |_: usize, _: usize| true;
                let bytes =
                    documents::annual_pdf(large.raw(), &bench_actor(), 2026, OPTS, &mut quiet)
                        .expect("batch");
                write(&out, &bytes);
                black_box(bytes.len())
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
    answering_while_printing(c, large);
}

/// The window while the annual batch prints: the batch takes a snapshot under
/// the app's lock (here a mutex around the `Db`, as in the shell's state) and
/// renders without it, over and over on another thread, while the staff list
/// is asked for through the lock. Beside it, the same list with nothing
/// printing.
fn answering_while_printing(c: &mut Criterion, db: Db) {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Mutex;
    let app = Mutex::new(db);
    let list = |app: &Mutex<Db>| {
        let db = app.lock().expect("the app's lock");
        standard_practice::pages::staff_list(
            db.raw(),
            &bench_actor(),
            &standard_practice::staff::StaffFilter::default(),
            today(),
        )
        .expect("the staff list")
        .len()
    };
    let mut g = c.benchmark_group("answering while printing");
    g.bench_function("staff list, 500 people, nothing printing", |b| {
        b.iter(|| black_box(list(&app)))
    });
    let stop = AtomicBool::new(false);
    let batches = std::thread::scope(|s| {
        let printer = s.spawn(|| {
            let mut batches = 0u32;
            while !stop.load(Ordering::Relaxed) {
                let snapshot = app
                    .lock()
                    .expect("the app's lock")
                    .snapshot()
                    .expect("a snapshot");
                let mut go_on = |_: usize, _: usize| !stop.load(Ordering::Relaxed);
                match documents::annual_pdf(snapshot.raw(), &bench_actor(), 2026, OPTS, &mut go_on)
                {
                    Ok(bytes) => {
                        black_box(bytes.len());
                        batches += 1;
                    }
                    Err(_) if stop.load(Ordering::Relaxed) => {}
                    Err(e) => panic!("the batch: {e}"),
                }
            }
            batches
        });
        g.bench_function(
            "staff list, 500 people, while the 500-person batch prints",
            |b| b.iter(|| black_box(list(&app))),
        );
        stop.store(true, Ordering::Relaxed);
        printer.join().expect("the printing thread")
    });
    eprintln!("batches printed meanwhile: {batches}");
    g.finish();
}

criterion_group!(benches, printing);
criterion_main!(benches);

/// Benchmarks measure the work, not the access check: they act as the owner.
fn bench_actor() -> standard_practice::access::Actor {
    standard_practice::access::Actor::system("Benchmark")
}

/// Writes a printed file the way the CLI and window do: checked, then whole.
fn write(out: &std::path::Path, bytes: &[u8]) {
    let guard =
        standard_practice::output::Guard::for_database(std::path::Path::new("bench.sqlite3"));
    guard
        .file(out, "PDF", false)
        .and_then(|d| d.write(bytes))
        .expect("write");
}
