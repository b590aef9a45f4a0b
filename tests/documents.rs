//! The printed documents, checked as a reader would: the text `pdftotext` gets
//! back (every name in every script, every score), `qpdf --check`, the paper
//! size and page count `pdfinfo` reports, the same bytes for the same data and
//! time, and no file at all when a print fails. Needs poppler-utils and qpdf
//! (`make test` installs them).

mod common;

use std::path::Path;
use std::process::Command;

use common::{fresh, today};
use standard_practice::demo;
use standard_practice::documents::{self, PrintOptions};
use standard_practice::evaluations::{self, EvaluationEdit, EvaluationFilter, EvaluationStatus};
use standard_practice::ids::StaffId;
use standard_practice::output::Guard;
use standard_practice::practice::PaperSize;
use standard_practice::Db;

const WHEN: i64 = 1_795_435_200; // 2026-11-23 12:00 UTC

fn opts(paper: PaperSize) -> PrintOptions {
    PrintOptions {
        paper: Some(paper),
        timestamp: WHEN,
    }
}

fn demo_db() -> (tempfile::TempDir, Db) {
    let (dir, mut db) = fresh();
    demo::create(&mut db, &common::me(), Default::default(), today()).unwrap();
    (dir, db)
}

fn tool(name: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut cmd = Command::new(name);
    cmd.args(args).arg(&path);
    if name == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test (make test installs it): {e}"));
    assert!(
        out.status.success(),
        "{name} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn text(pdf: &[u8]) -> String {
    tool("pdftotext", &[], pdf)
}

fn pages(pdf: &[u8]) -> usize {
    let info = tool("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

fn page_size(pdf: &[u8]) -> String {
    let info = tool("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap_or("")
        .trim()
        .to_owned()
}

fn valid(pdf: &[u8]) {
    let out = tool("qpdf", &["--check"], pdf);
    assert!(out.contains("No syntax or stream encoding errors"), "{out}");
}

const NAMES: &[&str] = &[
    "Zoë Núñez",
    "Łukasz Żółć",
    "Nguyễn Văn Anh",
    "王芳",
    "Δημήτρης Παπαδόπουλος",
    "佐藤 健",
    "Aoife Ní Bhriain",
    "Margaret O'Neill",
];

#[test]
fn the_annual_batch_prints_every_name_in_every_script_on_both_papers() {
    let (_d, db) = demo_db();
    for paper in [PaperSize::A4, PaperSize::Letter] {
        let mut seen = Vec::new();
        let mut progress = |done: usize, total: usize| {
            seen.push((done, total));
            true
        };
        let pdf = documents::annual_pdf(db.conn(), &common::me(), 2026, opts(paper), &mut progress)
            .unwrap();
        valid(&pdf);
        let t = text(&pdf);
        for name in NAMES {
            assert!(
                t.contains(name),
                "{name} is missing from the {paper:?} batch"
            );
        }
        // Active people only: Ольга is on leave, Tom has left.
        assert!(!t.contains("Ольга Смирнова") && !t.contains("Tom Becker"));
        assert_eq!(seen.last(), Some(&(10, 10)), "progress reaches the end");
        assert!(t.contains("DRAFT"), "this year's drafts are marked");
        assert!(t.contains("Page 1 of "), "pages are counted per person");
        let expected = match paper {
            PaperSize::A4 => "595.28 x 841.89 pts (A4)",
            PaperSize::Letter => "612 x 792 pts (letter)",
        };
        assert_eq!(page_size(&pdf), expected);
    }
}

#[test]
fn page_numbers_restart_for_each_person() {
    let (_d, db) = demo_db();
    let mut ok = |_: usize, _: usize| true;
    let pdf = documents::annual_pdf(db.conn(), &common::me(), 2026, opts(PaperSize::A4), &mut ok)
        .unwrap();
    let t = text(&pdf);
    let firsts = t.matches("Page 1 of ").count();
    assert_eq!(firsts, 10, "one first page per active person");
    let total = pages(&pdf);
    let sum: usize = t
        .match_indices("Page 1 of ")
        .map(|(i, m)| {
            t[i + m.len()..]
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0)
        })
        .sum();
    assert_eq!(
        sum, total,
        "the per-person page counts add up to the document"
    );
}

#[test]
fn a_completed_form_shows_every_score_as_the_window_does() {
    let (_d, db) = demo_db();
    let list = evaluations::list(
        db.conn(),
        &common::me(),
        &EvaluationFilter {
            year: Some(2025),
            ..Default::default()
        },
    )
    .unwrap();
    for summary in list.iter().take(4) {
        let e = evaluations::get(db.conn(), &common::me(), summary.id).unwrap();
        let pdf =
            documents::evaluation(db.conn(), &common::me(), e.id, opts(PaperSize::A4)).unwrap();
        valid(&pdf);
        let t = text(&pdf);
        assert!(t.contains(&e.staff.name));
        let cs = e.customer_service.as_ref().unwrap();
        assert!(
            t.contains(&format!("{} of 5 ({})", cs.display, cs.percent)),
            "customer service score of {}",
            e.staff.name
        );
        let overall = e.overall.as_ref().unwrap();
        assert!(t.contains(&format!("{} of 5 ({})", overall.display, overall.percent)));
        for s in &e.sections {
            if let Some(score) = &s.score {
                assert!(
                    t.contains(&format!("{} — {}", s.title, score.display)),
                    "{}",
                    s.title
                );
            }
        }
        assert!(t.contains("Employee") && t.contains("Manager") && t.contains("Owner"));
        assert!(
            !t.contains("DRAFT"),
            "a finalized review is not marked draft"
        );
    }
}

#[test]
fn long_text_flows_onto_more_pages_and_is_never_cut() {
    let (_d, mut db) = demo_db();
    let draft = evaluations::list(
        db.conn(),
        &common::me(),
        &EvaluationFilter {
            year: Some(2026),
            status: Some(EvaluationStatus::Draft),
            ..Default::default()
        },
    )
    .unwrap()[0]
        .id;
    let short =
        documents::evaluation(db.conn(), &common::me(), draft, opts(PaperSize::A4)).unwrap();
    let sentence = "The patient in room two was calmed and rebooked within minutes. ";
    let long: String = sentence.repeat(150) + "LAST-WORDS-HERE";
    evaluations::save(
        &mut db,
        &common::me(),
        draft,
        &EvaluationEdit {
            strengths: long.clone(),
            improvements: "王芳".repeat(400),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    let pdf = documents::evaluation(db.conn(), &common::me(), draft, opts(PaperSize::A4)).unwrap();
    valid(&pdf);
    assert!(
        pages(&pdf) >= pages(&short) + 2,
        "{} vs {}",
        pages(&pdf),
        pages(&short)
    );
    let t = text(&pdf);
    assert!(
        t.contains("LAST-WORDS-HERE"),
        "the end of the long text is printed"
    );
    assert_eq!(
        t.matches("rebooked within minutes").count(),
        150,
        "every sentence, once"
    );
    let cjk: usize = t.matches("王芳").count();
    assert!(
        cjk >= 395,
        "CJK text wraps without losing characters ({cjk} of 400)"
    );
}

#[test]
fn the_same_data_and_time_give_the_same_bytes() {
    let (_d, db) = demo_db();
    let a = documents::handbook(db.conn(), &common::me(), opts(PaperSize::A4)).unwrap();
    let b = documents::handbook(db.conn(), &common::me(), opts(PaperSize::A4)).unwrap();
    assert!(a == b, "two prints of the same handbook differ");
    let later = documents::handbook(
        db.conn(),
        &common::me(),
        PrintOptions {
            timestamp: WHEN + 60,
            ..opts(PaperSize::A4)
        },
    )
    .unwrap();
    assert!(a != later, "the print time is part of the document");
    let id = evaluations::list(db.conn(), &common::me(), &Default::default()).unwrap()[0].id;
    let x = documents::evaluation(db.conn(), &common::me(), id, opts(PaperSize::Letter)).unwrap();
    let y = documents::evaluation(db.conn(), &common::me(), id, opts(PaperSize::Letter)).unwrap();
    assert!(x == y);
}

#[test]
fn every_document_prints_from_the_demo() {
    let (_d, db) = demo_db();
    let p = opts(PaperSize::Letter);
    let blank = documents::blank_form(db.conn(), &common::me(), None, None, p).unwrap();
    let blank_for =
        documents::blank_form(db.conn(), &common::me(), Some(StaffId(4)), None, p).unwrap();
    let transcript = documents::transcript(db.conn(), &common::me(), StaffId(3), p).unwrap();
    let compliance = documents::compliance(db.conn(), &common::me(), p).unwrap();
    let handbook = documents::handbook(db.conn(), &common::me(), p).unwrap();
    for pdf in [&blank, &blank_for, &transcript, &compliance, &handbook] {
        valid(pdf);
    }
    assert!(
        blank.len() <= 40 * 1024,
        "a standalone form is at most 40 KB: {}",
        blank.len()
    );
    let t = text(&blank);
    assert!(t.contains("N/A") && t.contains("Signatures") && t.contains("Meets standards"));
    assert!(text(&blank_for).contains("王芳"));
    let t = text(&transcript);
    assert!(t.contains("Nguyễn Văn Anh") && t.contains("Training transcript"));
    let t = text(&compliance);
    assert!(t.contains("Training compliance") && t.contains("overdue"));
    let t = text(&handbook);
    assert!(t.contains("before the third ring") && t.contains("Acknowledgment — Łukasz Żółć"));
}

#[test]
fn bad_print_requests_are_refused_naming_the_field() {
    let (_d, db) = demo_db();
    let p = opts(PaperSize::A4);
    let e = documents::transcript(db.conn(), &common::me(), StaffId(999), p).unwrap_err();
    assert_eq!(e.field(), Some("staffId"));
    let (_e, empty) = fresh();
    let e = documents::blank_form(empty.conn(), &common::me(), None, None, p).unwrap_err();
    assert_eq!(e.field(), Some("templateId"));
    let mut stop = |done: usize, _: usize| done < 3;
    let e = documents::annual_pdf(db.conn(), &common::me(), 2026, p, &mut stop).unwrap_err();
    assert!(matches!(e, standard_practice::Error::Cancelled), "{e}");
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_failed_print_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let guard = Guard::for_database(&dir.path().join("practice.sqlite3"));
    let pdf = b"%PDF-1.7 test".to_vec();
    // A folder that does not exist.
    let missing = dir.path().join("no-such-folder").join("form.pdf");
    let e = guard.file(&missing, "PDF", false).unwrap_err();
    assert_eq!(e.field(), Some("output"));
    assert!(e.to_string().contains("does not exist"), "{e}");
    // A "folder" that is a file.
    let file = dir.path().join("plain-file");
    std::fs::write(&file, b"x").unwrap();
    let e = guard.file(&file.join("form.pdf"), "PDF", true).unwrap_err();
    assert_eq!(e.field(), Some("output"));
    // A target that is a folder.
    let e = guard.file(dir.path(), "PDF", true).unwrap_err();
    assert_eq!(e.field(), Some("output"));
    assert_eq!(entries(dir.path()), ["plain-file"], "nothing half-written");

    // One file per person: if one cannot be placed, none is.
    let out = dir.path().join("batch");
    std::fs::create_dir(&out).unwrap();
    std::fs::create_dir(out.join("b.pdf")).unwrap(); // in the way of the second file
    let files = vec![
        ("a.pdf".to_owned(), pdf.clone()),
        ("b.pdf".to_owned(), pdf.clone()),
        ("c.pdf".to_owned(), pdf.clone()),
    ];
    let folder = guard.folder(&out, true).unwrap();
    let e = documents::write_files(&folder, &files).unwrap_err();
    assert_eq!(e.field(), Some("output"));
    assert_eq!(
        entries(&out),
        ["b.pdf"],
        "no partial batch: {:?}",
        entries(&out)
    );
    let e = guard.folder(&dir.path().join("nope"), true).unwrap_err();
    assert_eq!(e.field(), Some("output"));

    // And a good one lands whole.
    let good = dir.path().join("form.pdf");
    guard
        .file(&good, "PDF", false)
        .unwrap()
        .write(&pdf)
        .unwrap();
    assert_eq!(std::fs::read(&good).unwrap(), pdf);
    std::fs::remove_dir(out.join("b.pdf")).unwrap();
    let written = documents::write_files(&folder, &files).unwrap();
    assert_eq!(written.len(), 3);
    assert_eq!(entries(&out), ["a.pdf", "b.pdf", "c.pdf"]);
}

// ------------------------------------------------------------------ linear work

/// Counts SQLite virtual-machine instructions, in thousands, through the
/// progress handler: the database work a print does, measured without a clock.
unsafe extern "C" fn tick(counter: *mut std::ffi::c_void) -> std::ffi::c_int {
    // SAFETY: `counter` is the `AtomicU64` that `sql_work` keeps alive while
    // the handler is installed.
    unsafe { &*(counter as *const std::sync::atomic::AtomicU64) }
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    0
}

fn sql_work(conn: &rusqlite::Connection, f: impl FnOnce()) -> u64 {
    let counter = Box::new(std::sync::atomic::AtomicU64::new(0));
    let ctx = &*counter as *const std::sync::atomic::AtomicU64 as *mut std::ffi::c_void;
    // SAFETY: the handle is this open connection's; the handler is removed
    // before `counter` is dropped.
    unsafe {
        rusqlite::ffi::sqlite3_progress_handler(conn.handle(), 1000, Some(tick), ctx);
    }
    f();
    unsafe {
        rusqlite::ffi::sqlite3_progress_handler(conn.handle(), 0, None, std::ptr::null_mut());
    }
    counter.load(std::sync::atomic::Ordering::Relaxed)
}

/// Per person, the database work of the annual batch, the handbook and the
/// compliance report stays the same when the practice is four times larger.
/// Before, each person's due items scanned every person (the batch), and each
/// acknowledgment page re-read every standard with a count over every person
/// (the handbook): work per person grew with the practice, the whole print
/// with its square. (The compliance report's old per-row scans were in Rust,
/// not SQL; `benches/print-memory.sh` shows those.)
#[test]
fn database_work_per_person_does_not_grow_with_the_practice() {
    let per_person = |people: usize| {
        let (_d, mut db) = fresh();
        demo::create(
            &mut db,
            &common::me(),
            demo::DemoSize {
                people,
                records_per_person: 4,
            },
            today(),
        )
        .unwrap();
        let me = common::me();
        let p = opts(PaperSize::A4);
        let conn = db.conn();
        let active = documents::annual_plan(conn, &me, 2026).unwrap().len() as f64;
        let mut ok = |_: usize, _: usize| true;
        let batch = sql_work(conn, || {
            documents::annual_pdf(conn, &me, 2026, p, &mut ok).unwrap();
        });
        let handbook = sql_work(conn, || {
            documents::handbook(conn, &me, p).unwrap();
        });
        let compliance = sql_work(conn, || {
            documents::compliance(conn, &me, p).unwrap();
        });
        let n = people as f64;
        [
            batch as f64 / active,
            handbook as f64 / n,
            compliance as f64 / n,
        ]
    };
    let small = per_person(60);
    let large = per_person(240);
    for (what, (s, l)) in ["annual batch", "handbook", "compliance"]
        .iter()
        .zip(small.iter().zip(&large))
    {
        eprintln!("{what}: {s:.2} thousand instructions a person at 60 people, {l:.2} at 240");
        assert!(
            l / s < 1.3,
            "{what}: {s:.2} thousand SQLite instructions a person at 60 people, {l:.2} at 240"
        );
    }
}
