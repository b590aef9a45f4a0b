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
use standard_practice::practice::{self, PaperSize};
use standard_practice::scoring::{self, SectionKind};
use standard_practice::Db;
use standard_practice::{staff, standards};
use unicode_normalization::UnicodeNormalization;

const WHEN: i64 = 1_795_435_200; // 2026-11-23 12:00 UTC

fn opts(paper: PaperSize) -> PrintOptions {
    PrintOptions {
        paper: Some(paper),
        timestamp: WHEN,
        duplex: false,
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
        let pdf = documents::annual_pdf(db.raw(), &common::me(), 2026, opts(paper), &mut progress)
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

/// A past year's batch is every review of that year, whoever it belongs to
/// today: Ольга is on leave now, and her acknowledged 2025 review is in it.
/// Nobody gets a blank form for a year that is over; a year with no reviews
/// says so instead of printing nothing.
#[test]
fn a_past_years_batch_is_every_review_of_that_year_and_no_blank_forms() {
    let (_d, db) = demo_db();
    let me = common::me();
    let reviews_2025 = evaluations::list(
        db.raw(),
        &me,
        &EvaluationFilter {
            year: Some(2025),
            ..Default::default()
        },
    )
    .unwrap()
    .into_iter()
    .filter(|e| e.kind == evaluations::EvaluationKind::Annual)
    .count();
    let plan = documents::annual_plan(db.raw(), &me, 2025, today()).unwrap();
    assert_eq!(plan.len(), reviews_2025, "every annual review of 2025");
    assert!(
        plan.iter()
            .all(|(_, id, entry)| id.is_some() && *entry != documents::BatchEntry::Blank),
        "no blank forms for a past year: {plan:?}"
    );
    assert!(plan.iter().any(|(who, _, _)| who.name == "Ольга Смирнова"));

    let mut ok = |_: usize, _: usize| true;
    let pdf = documents::annual_pdf(db.raw(), &me, 2025, opts(PaperSize::A4), &mut ok).unwrap();
    assert!(
        text(&pdf).contains("Ольга Смирнова"),
        "her 2025 review is printed"
    );

    // The year ahead, printed early: a blank form for each of the ten active
    // people, and for nobody on leave or gone.
    let ahead = documents::annual_plan(db.raw(), &me, 2027, today()).unwrap();
    assert_eq!(ahead.len(), 10);
    assert!(ahead.iter().all(|(who, id, e)| id.is_none()
        && *e == documents::BatchEntry::Blank
        && who.name != "Ольга Смирнова"));

    let e = documents::annual_pdf(db.raw(), &me, 2019, opts(PaperSize::A4), &mut ok).unwrap_err();
    assert_eq!(e.field(), Some("year"));
    assert!(e.to_string().contains("no annual reviews of 2019"), "{e}");
}

/// Double-sided: every person's part of the batch has an even page count (a
/// page saying it is blank added where needed), so nobody's first page is on
/// the back of someone else's last.
#[test]
fn a_duplex_batch_starts_everyone_on_a_new_sheet() {
    let (_d, db) = demo_db();
    let me = common::me();
    let mut ok = |_: usize, _: usize| true;
    // Page counts per person, from "Page n of m" on each first page.
    let parts = |pdf: &[u8]| -> Vec<usize> {
        let t = text(pdf);
        t.match_indices("Page 1 of ")
            .map(|(i, m)| {
                t[i + m.len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()
                    .unwrap()
            })
            .collect()
    };
    let simplex = documents::annual_pdf(db.raw(), &me, 2026, opts(PaperSize::A4), &mut ok).unwrap();
    let odd = parts(&simplex).iter().filter(|n| *n % 2 == 1).count();
    assert!(odd > 0, "the demo has someone with an odd page count");

    let duplex = PrintOptions {
        duplex: true,
        ..opts(PaperSize::A4)
    };
    let pdf = documents::annual_pdf(db.raw(), &me, 2026, duplex, &mut ok).unwrap();
    valid(&pdf);
    let counts = parts(&pdf);
    assert_eq!(counts.len(), parts(&simplex).len(), "one part per person");
    assert!(counts.iter().all(|n| n % 2 == 0), "{counts:?}");
    assert_eq!(pages(&pdf), pages(&simplex) + odd);
    assert_eq!(
        text(&pdf)
            .matches("This page is intentionally blank.")
            .count(),
        odd
    );
}

#[test]
fn page_numbers_restart_for_each_person() {
    let (_d, db) = demo_db();
    let mut ok = |_: usize, _: usize| true;
    let pdf =
        documents::annual_pdf(db.raw(), &common::me(), 2026, opts(PaperSize::A4), &mut ok).unwrap();
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
        db.raw(),
        &common::me(),
        &EvaluationFilter {
            year: Some(2025),
            ..Default::default()
        },
    )
    .unwrap();
    for summary in list.iter().take(4) {
        let e = evaluations::get(db.raw(), &common::me(), summary.id).unwrap();
        let pdf =
            documents::evaluation(db.raw(), &common::me(), e.id, opts(PaperSize::A4)).unwrap();
        valid(&pdf);
        let t = text(&pdf);
        assert!(t.contains(&e.staff.name));
        // The summary: a row per score, its rating's label beside it, and
        // no percentage a reader could not check against "4.2 of 5".
        let laid_out = tool("pdftotext", &["-layout"], &pdf);
        let row = |starts: &str| -> String {
            laid_out
                .lines()
                .map(str::trim)
                .find(|l| l.starts_with(starts))
                .unwrap_or_else(|| panic!("no summary row {starts:?} for {}", e.staff.name))
                .to_owned()
        };
        let labels = [
            "Unsatisfactory",
            "Needs improvement",
            "Meets standards",
            "Exceeds standards",
            "Outstanding",
        ];
        let weights: Vec<(SectionKind, u32)> = e
            .sections
            .iter()
            .flat_map(|s| {
                s.criteria
                    .iter()
                    .map(|c| (s.kind, scoring::weight_from_number(c.weight).unwrap()))
            })
            .collect();
        let share = scoring::service_share(weights).percent_text();
        for (starts, score) in [
            ("Overall", e.overall.as_ref().unwrap()),
            (
                &*format!("Customer service — {share} of the review"),
                e.customer_service.as_ref().unwrap(),
            ),
        ] {
            let row = row(starts);
            let label = labels[usize::from(score.rating) - 1];
            assert!(row.contains(&format!("{} of 5", score.display)), "{row}");
            assert!(row.contains(label), "{row} has {label}");
        }
        assert!(
            !t.contains(&e.overall.as_ref().unwrap().percent),
            "no percentages"
        );
        assert!(t.contains("How the scores are made"));
        // The manager's summary opens the narrative.
        assert!(!e.summary.is_empty(), "the demo's reviews have a summary");
        let squeezed: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            squeezed.contains(&format!("Overall summary {}", e.summary)),
            "{}",
            e.staff.name
        );
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

/// The signature lines are on the sheet with the last content (the employee's
/// comments, a third of a page to write in), never alone on a page that can
/// be detached: on the blank form and on every finalized review.
#[test]
fn signatures_share_a_page_with_the_employees_comments() {
    let (_d, db) = demo_db();
    let me = common::me();
    let page_of = |t: &str, what: &str| -> usize {
        t.split('\u{c}')
            .position(|p| p.contains(what))
            .unwrap_or_else(|| panic!("{what} is printed"))
    };
    let mut pdfs =
        vec![documents::blank_form(db.raw(), &me, None, None, opts(PaperSize::A4)).unwrap()];
    let finalized = evaluations::list(db.raw(), &me, &EvaluationFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.status != EvaluationStatus::Draft);
    for e in finalized {
        for paper in [PaperSize::A4, PaperSize::Letter] {
            pdfs.push(documents::evaluation(db.raw(), &me, e.id, opts(paper)).unwrap());
        }
    }
    for pdf in &pdfs {
        let t = text(pdf);
        assert_eq!(
            page_of(&t, "Employee comments"),
            page_of(&t, "The employee's signature means"),
            "{t}"
        );
    }
}

/// Every word's box on every page, from `pdftotext -bbox`: (page, x0, y0, x1, y1, word).
fn word_boxes(pdf: &[u8]) -> Vec<(usize, f32, f32, f32, f32, String)> {
    let html = tool("pdftotext", &["-bbox"], pdf);
    let mut page = 0;
    let mut out = Vec::new();
    for line in html.lines() {
        if line.contains("<page ") {
            page += 1;
        }
        let Some(rest) = line.trim().strip_prefix("<word ") else {
            continue;
        };
        let attr = |name: &str| -> f32 {
            let start = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            rest[start..].split('"').next().unwrap().parse().unwrap()
        };
        let word = rest
            .split('>')
            .nth(1)
            .unwrap_or("")
            .split('<')
            .next()
            .unwrap_or("");
        out.push((
            page,
            attr("xMin"),
            attr("yMin"),
            attr("xMax"),
            attr("yMax"),
            word.to_owned(),
        ));
    }
    out
}

/// Pairs of words drawn over each other, DRAFT's watermark aside (drawn
/// beneath the text on purpose: its letters are the only boxes taller than
/// 20 points).
fn overlapping_words(pdf: &[u8]) -> Vec<String> {
    let words: Vec<_> = word_boxes(pdf)
        .into_iter()
        .filter(|w| w.4 - w.2 < 20.0)
        .collect();
    let mut out = Vec::new();
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            // A point of tolerance: glyph boxes of neighbours touch.
            if a.0 == b.0
                && a.1 < b.3 - 1.0
                && b.1 < a.3 - 1.0
                && a.2 < b.4 - 1.0
                && b.2 < a.4 - 1.0
            {
                out.push(format!("page {}: {:?} over {:?}", a.0, a.5, b.5));
            }
        }
    }
    out
}

/// A 72-character name and a 62-character practice name in the running
/// header: they shrink and wrap, and nothing on any page is drawn over
/// anything else.
#[test]
fn long_names_in_the_header_never_run_into_each_other() {
    let (_d, mut db) = demo_db();
    let me = common::me();
    let mut settings = standard_practice::practice::settings(db.raw(), &me).unwrap();
    settings.name = "The Greater Lakeside Family Dental and Orthodontic Partnership".into();
    standard_practice::practice::update(&mut db, &me, &settings).unwrap();
    let name = "Maximiliana Alexandrina Konstantinopoulou-Vanderbilt-Featherstonehaugh J";
    assert_eq!(settings.name.chars().count(), 62);
    assert_eq!(name.chars().count(), 72);
    let id = common::person(&mut db, name, None, "2020-01-06");
    for paper in [PaperSize::A4, PaperSize::Letter] {
        let pdf = documents::blank_form(db.raw(), &me, Some(id), None, opts(paper)).unwrap();
        let t = text(&pdf);
        let words = t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains(name) || words.contains("Konstantinopoulou-Vanderbilt-"),
            "{words}"
        );
        assert_eq!(overlapping_words(&pdf), Vec::<String>::new());
    }
    let mut ok = |_: usize, _: usize| true;
    let batch = documents::annual_pdf(db.raw(), &me, 2026, opts(PaperSize::A4), &mut ok).unwrap();
    assert_eq!(overlapping_words(&batch), Vec::<String>::new());
}

/// Table cells wrap within their columns instead of ending in "…", and a
/// table that goes on over a page starts the next with its column headings.
#[test]
fn table_cells_wrap_and_headings_repeat_on_every_page() {
    let (_d, mut db) = demo_db();
    let me = common::me();
    let title = "Advanced cardiopulmonary resuscitation and automated external defibrillator refresher for dental teams";
    let provider =
        "Regional Emergency Medical Services Training Consortium of the Greater Lakeside Area";
    let course = common::course(&mut db, title, None);
    let name = "Maximiliana Alexandrina Konstantinopoulou-Vanderbilt-Featherstonehaugh J";
    let person = common::person(&mut db, name, None, "2020-01-06");
    for n in 0..70 {
        let day = chrono::NaiveDate::from_ymd_opt(2021, 1, 4).unwrap() + chrono::Days::new(n * 9);
        let input = standard_practice::training::TrainingInput {
            provider: provider.into(),
            ..common::training_input(person, course, &day.to_string())
        };
        standard_practice::training::log(&mut db, &me, &input, today()).unwrap();
    }
    let transcript = documents::transcript(db.raw(), &me, person, opts(PaperSize::A4)).unwrap();
    let compliance = documents::compliance(db.raw(), &me, opts(PaperSize::A4)).unwrap();
    for pdf in [&transcript, &compliance] {
        valid(pdf);
        assert_eq!(overlapping_words(pdf), Vec::<String>::new());
        let words = text(pdf).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(!words.contains('…'), "nothing is cut short: {words}");
    }
    let words = text(&transcript)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for long in [title, provider] {
        for word in long.split(' ') {
            assert!(words.contains(word), "{word} of {long}");
        }
    }
    let t = text(&transcript);
    let pages: Vec<&str> = t.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(pages.len() >= 3, "70 records take pages");
    let continued = pages
        .iter()
        .skip(1)
        .filter(|p| p.contains("Provider"))
        .count();
    assert!(
        continued >= pages.len() - 2,
        "the headings start every page the table goes on to"
    );
}

/// A criterion, its rating and its comment are never split over pages when
/// they fit on one, nor a heading from its first goal; goals and plan items
/// hang under their first word.
#[test]
fn a_criterion_and_its_comment_stay_together() {
    let (_d, mut db) = demo_db();
    let me = common::me();
    let id = drafts(&db).iter().find(|e| e.rated_count > 0).unwrap().id;
    let e = evaluations::get(db.raw(), &me, id).unwrap();
    let comment =
        "Handled the busiest mornings with patience and kept colleagues informed. ".repeat(4);
    let ratings = e
        .sections
        .iter()
        .flat_map(|s| &s.criteria)
        .map(|c| evaluations::RatingInput {
            criterion_id: c.id,
            rating: Some(4),
            not_applicable: false,
            comment: comment.clone(),
            override_reason: "Rated from the calls heard over the year.".into(),
        })
        .collect();
    let goals = (1..=12)
        .map(|n| evaluations::Goal {
            goal: format!("Goal {n}: lead one team huddle a month on internal service and write down what changes afterwards"),
            target_date: "2027-06-30".into(),
        })
        .collect();
    evaluations::save(
        &mut db,
        &me,
        id,
        &EvaluationEdit {
            ratings,
            goals,
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    let pdf = documents::evaluation(db.raw(), &me, id, opts(PaperSize::A4)).unwrap();
    assert_eq!(overlapping_words(&pdf), Vec::<String>::new());
    for (n, page) in text(&pdf).split('\u{c}').enumerate() {
        assert_eq!(
            page.matches("(weight").count(),
            page.matches("Rating:").count(),
            "page {}: a criterion split from its rating\n{page}",
            n + 1
        );
        assert_eq!(
            page.matches("Rating:").count(),
            page.matches("Comment:").count(),
            "page {}: a rating split from its comment\n{page}",
            n + 1
        );
        if page.contains("Goals for the next period") {
            assert!(page.contains("Goal 1:"), "the heading with its first goal");
        }
        for g in 1..=12 {
            if page.contains(&format!("Goal {g}:")) {
                assert!(
                    page.contains("afterwards — by 2027-06-30"),
                    "goal {g} whole on page {}",
                    n + 1
                );
            }
        }
    }
    // Every line of a goal starts under its first word, not under "1.".
    let boxes = word_boxes(&pdf);
    let start = boxes.iter().position(|b| b.5 == "Goals").unwrap() + 5;
    let end = start
        + boxes[start..]
            .iter()
            .position(|b| b.5 == "Training")
            .unwrap();
    let goals = &boxes[start..end];
    let text_x = goals.iter().find(|b| b.5 == "Goal").unwrap().1;
    let markers = goals
        .iter()
        .filter(|b| b.5.ends_with('.') && b.5[..b.5.len() - 1].parse::<u32>().is_ok());
    assert_eq!(markers.clone().count(), 12);
    assert!(markers.clone().all(|m| m.1 < text_x - 5.0));
    for b in goals
        .iter()
        .filter(|b| !(b.5.ends_with('.') && b.5[..b.5.len() - 1].parse::<u32>().is_ok()))
    {
        assert!(
            b.1 >= text_x - 0.5,
            "{:?} starts left of its goal's first word",
            b.5
        );
    }
}

/// The demo's drafts, every year.
fn drafts(db: &Db) -> Vec<evaluations::EvaluationSummary> {
    let filter = EvaluationFilter {
        status: Some(EvaluationStatus::Draft),
        ..Default::default()
    };
    evaluations::list(db.raw(), &common::me(), &filter).unwrap()
}

/// A draft invites no signature: no signature lines, how much of it is rated,
/// and DRAFT across every page (in the middle of the page, along its
/// diagonal, not at an edge a printer crops).
#[test]
fn a_draft_prints_without_signature_lines_saying_how_much_is_rated() {
    let (_d, db) = demo_db();
    let me = common::me();
    let drafts = drafts(&db);
    let partly = drafts
        .iter()
        .find(|e| e.rated_count > 0 && e.rated_count < e.criterion_count)
        .expect("a partly rated draft in the demo");
    let pdf = documents::evaluation(db.raw(), &me, partly.id, opts(PaperSize::A4)).unwrap();
    valid(&pdf);
    let t = text(&pdf);
    let rated = format!(
        "{} of {} criteria rated",
        partly.rated_count, partly.criterion_count
    );
    assert!(t.contains(&rated), "{rated} in:\n{t}");
    assert!(t.contains("Not for signature"));
    // A criterion made from a standard says its statement once, whole, and
    // its weight on the line of its last word.
    let words = t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(words.matches("before the third ring").count(), 1, "{words}");
    assert!(
        words.contains("before the third ring. (weight 1.5)"),
        "{words}"
    );
    assert!(!t.contains("Signatures"), "no signature block on a draft");
    assert!(!t.contains("Employee: "), "no signature caption on a draft");
    for (n, page) in t
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        assert!(page.contains("DRAFT"), "page {} is marked", n + 1);
    }
    // The mark is drawn along the diagonal, through the middle of the page.
    let raw = String::from_utf8_lossy(&pdf_content(&pdf)).into_owned();
    assert!(
        raw.contains(" 297.64 420.95 cm"),
        "the mark is centred on an A4 page"
    );
}

/// A draft with nothing written yet prints as a form to fill in by hand (its
/// own criteria with boxes and lines, and signature lines), not "not rated"
/// criterion after criterion; in the batch too.
#[test]
fn an_untouched_draft_prints_as_a_form_to_fill_in() {
    let (_d, db) = demo_db();
    let me = common::me();
    let drafts = drafts(&db);
    let empty = drafts
        .iter()
        .find(|e| e.rated_count == 0)
        .expect("an untouched draft in the demo");
    let e = evaluations::get(db.raw(), &me, empty.id).unwrap();
    let pdf = documents::evaluation(db.raw(), &me, empty.id, opts(PaperSize::A4)).unwrap();
    let t = text(&pdf);
    assert!(!t.contains("not rated"), "{t}");
    assert!(t.contains("Review form") && t.contains("N/A") && t.contains("Comment:"));
    assert!(t.contains(&e.staff.name));
    let first = &e.sections[0].criteria[0];
    assert!(t.contains(&first.title), "the draft's own criteria");
    if let Some(reviewer) = &e.reviewer {
        assert!(t.contains(&reviewer.name), "its reviewer is filled in");
    }
    assert!(t.contains("Signatures"), "a form filled by hand is signed");
    // Scored by hand as the window scores: a box per section, customer
    // service and overall, with the formula.
    let laid_out = tool("pdftotext", &["-layout"], &pdf);
    for s in &e.sections {
        assert!(
            laid_out
                .lines()
                .any(|l| l.trim().starts_with(&s.title) && l.contains("/5")),
            "{}",
            s.title
        );
    }
    assert!(laid_out
        .lines()
        .any(|l| l.trim().starts_with("Overall") && l.contains("/5")));
    assert!(laid_out
        .lines()
        .any(|l| l.trim().starts_with("Customer service —") && l.contains("/5")));
    assert!(t.contains("How the scores are made"));
    // The appraisal's details, from the person's record.
    let person = staff::get(db.raw(), &me, e.staff.id).unwrap();
    for label in ["Employee no.", "Department", "Hire date", "Review meeting"] {
        assert!(t.contains(label), "{label}");
    }
    assert!(t.contains(&person.department));
    if let Some(no) = &person.employee_no {
        assert!(t.contains(no.as_str()));
    }

    let mut ok = |_: usize, _: usize| true;
    let batch = text(
        &documents::annual_pdf(db.raw(), &me, empty.year, opts(PaperSize::A4), &mut ok).unwrap(),
    );
    let part = batch
        .split("Review form")
        .any(|p| p.contains(&e.staff.name));
    assert!(part, "the batch prints {}'s form to fill in", e.staff.name);
    assert!(!batch.contains("not rated\nnot rated"));
}

/// The page content streams of a PDF, inflated, for looking at drawing
/// operators (qpdf writes them uncompressed).
fn pdf_content(pdf: &[u8]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let (src, out) = (dir.path().join("in.pdf"), dir.path().join("out.pdf"));
    std::fs::write(&src, pdf).unwrap();
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&src)
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::read(out).unwrap()
}

#[test]
fn long_text_flows_onto_more_pages_and_is_never_cut() {
    let (_d, mut db) = demo_db();
    let draft = evaluations::list(
        db.raw(),
        &common::me(),
        &EvaluationFilter {
            year: Some(2026),
            status: Some(EvaluationStatus::Draft),
            ..Default::default()
        },
    )
    .unwrap()
    .into_iter()
    .find(|e| e.rated_count > 0)
    .expect("a draft with ratings")
    .id;
    let short = documents::evaluation(db.raw(), &common::me(), draft, opts(PaperSize::A4)).unwrap();
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
    let pdf = documents::evaluation(db.raw(), &common::me(), draft, opts(PaperSize::A4)).unwrap();
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
    let a = documents::handbook(db.raw(), &common::me(), opts(PaperSize::A4)).unwrap();
    let b = documents::handbook(db.raw(), &common::me(), opts(PaperSize::A4)).unwrap();
    assert!(a == b, "two prints of the same handbook differ");
    let later = documents::handbook(
        db.raw(),
        &common::me(),
        PrintOptions {
            timestamp: WHEN + 60,
            ..opts(PaperSize::A4)
        },
    )
    .unwrap();
    assert!(a != later, "the print time is part of the document");
    let id = evaluations::list(db.raw(), &common::me(), &Default::default()).unwrap()[0].id;
    let x = documents::evaluation(db.raw(), &common::me(), id, opts(PaperSize::Letter)).unwrap();
    let y = documents::evaluation(db.raw(), &common::me(), id, opts(PaperSize::Letter)).unwrap();
    assert!(x == y);
}

#[test]
fn every_document_prints_from_the_demo() {
    let (_d, db) = demo_db();
    let p = opts(PaperSize::Letter);
    let blank = documents::blank_form(db.raw(), &common::me(), None, None, p).unwrap();
    let blank_for =
        documents::blank_form(db.raw(), &common::me(), Some(StaffId(4)), None, p).unwrap();
    let transcript = documents::transcript(db.raw(), &common::me(), StaffId(3), p).unwrap();
    let compliance = documents::compliance(db.raw(), &common::me(), p).unwrap();
    let handbook = documents::handbook(db.raw(), &common::me(), p).unwrap();
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
    // Her licences and their continuing education, as `licences list` says.
    assert!(t.contains("Licences and certifications") && t.contains("Dental hygienist licence"));
    assert!(t.contains("Continuing education:") && t.contains("in infection control"));
    let t = text(&compliance);
    assert!(t.contains("Training compliance") && t.contains("overdue"));
    assert!(t.contains("CPR/BLS card") && t.contains("missing") && t.contains("expired"));
    assert!(t.contains("Continuing education still to do"));
    let todo = documents::render(db.raw(), &common::me(), &documents::Document::Todo, p).unwrap();
    valid(&todo);
    let t = text(&todo);
    assert!(t.contains("To do this month") && t.contains("Licences expiring"));
    assert!(t.contains("CPR/BLS card has expired") && t.contains("Łukasz Żółć"));
    let t = text(&handbook);
    assert!(t.contains("before the third ring") && t.contains("Acknowledgment — Łukasz Żółć"));
    // Each acknowledgment is countersigned by the person's manager.
    assert_eq!(
        t.matches("Employee: ").count(),
        t.matches("Manager").count(),
        "a manager line under every employee's"
    );
    // The handbook reads everyone's acknowledgments at once; it shows the same
    // ones as each person's own list (the kiosk's, read person by person).
    let me = common::me();
    let shown: usize = staff::list(db.raw(), &me, &Default::default())
        .unwrap()
        .iter()
        .filter(|s| s.status != standard_practice::staff::StaffStatus::Left)
        .map(|s| {
            standards::for_person(db.raw(), &me, s.id, today())
                .unwrap()
                .iter()
                .filter(|ps| ps.acknowledged_on.is_some())
                .count()
        })
        .sum();
    let squeezed: String = t.split_whitespace().collect();
    assert!(shown > 0);
    assert_eq!(squeezed.matches("acknowledgedintheappon").count(), shown);
}

/// The annual summary: the dashboard's numbers, its charts as vector
/// graphics (filled rectangles and lines, no image), and the pay section
/// for the owner only.
#[test]
fn the_annual_summary_prints_the_dashboard_with_vector_charts() {
    use chrono::Datelike;
    let (_d, mut db) = demo_db();
    let year = today().year() - 1;
    let p = opts(PaperSize::A4);
    let pdf = documents::render(
        db.raw(),
        &common::me(),
        &documents::Document::Summary(year),
        p,
    )
    .unwrap();
    valid(&pdf);
    let t = text(&pdf);
    let d = standard_practice::dashboard::year(db.raw(), &common::me(), year, today()).unwrap();
    let shown = d.by_year.iter().find(|y| y.year == year).unwrap();
    assert!(t.contains(&format!("The practice's year {year}")));
    assert!(
        t.contains(&format!("{:.2}", shown.customer_service.unwrap())),
        "{t}"
    );
    assert!(t.contains("Headcount and turnover") && t.contains("Recommended pay and rewards"));
    assert!(t.contains("500.00"));
    let content = String::from_utf8_lossy(&pdf_content(&pdf)).into_owned();
    assert!(content.contains(" re f"), "bars are filled rectangles");
    assert!(
        content.contains(" l S") || content.contains(" l  S"),
        "the trend is a stroked line"
    );
    assert!(
        !String::from_utf8_lossy(&pdf).contains("/Subtype /Image"),
        "no picture of a chart"
    );

    let sam = standard_practice::accounts::create_manager(
        &mut db,
        &common::me(),
        &standard_practice::accounts::AccountInput {
            name: "Sam Carter".into(),
            passphrase: "a long enough passphrase".into(),
            confirm: "a long enough passphrase".into(),
            staff_id: None,
        },
    )
    .unwrap();
    let manager = standard_practice::accounts::sign_in(
        &mut db,
        sam.id,
        "a long enough passphrase",
        chrono::Utc::now(),
    )
    .unwrap();
    let theirs =
        documents::render(db.raw(), &manager, &documents::Document::Summary(year), p).unwrap();
    let t = text(&theirs);
    assert!(t.contains("Headcount and turnover") && !t.contains("Recommended pay"));
    assert!(!t.contains("500.00"));
}

#[test]
fn bad_print_requests_are_refused_naming_the_field() {
    let (_d, db) = demo_db();
    let p = opts(PaperSize::A4);
    let e = documents::transcript(db.raw(), &common::me(), StaffId(999), p).unwrap_err();
    assert_eq!(e.field(), Some("staffId"));
    let (_e, empty) = fresh();
    let e = documents::blank_form(empty.raw(), &common::me(), None, None, p).unwrap_err();
    assert_eq!(e.field(), Some("templateId"));
    let mut stop = |done: usize, _: usize| done < 3;
    let e = documents::annual_pdf(db.raw(), &common::me(), 2026, p, &mut stop).unwrap_err();
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

// ------------------------------------------------------------------ streaming

/// A writer the test can look into while the batch is still writing.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// The old batch held every page until the end and wrote nothing before it.
/// Now each person's pages (page objects and all) are in the output by the
/// time progress reports that person done, before the next is read.
#[test]
fn the_batch_writes_each_persons_pages_before_the_next_person() {
    let (_d, db) = demo_db();
    let out = Shared::default();
    let seen = out.clone();
    let mut pages_at = Vec::new();
    let mut progress = |_: usize, _: usize| {
        pages_at.push(count(&seen.0.borrow(), b"/Type/Page/"));
        true
    };
    let mut sink = out.clone();
    documents::annual_into(
        db.raw(),
        &common::me(),
        2026,
        opts(PaperSize::A4),
        &mut sink,
        &mut progress,
    )
    .unwrap();
    let pdf = out.0.borrow().clone();
    assert_eq!(pages_at.len(), 10);
    assert!(pages_at[0] > 0, "the first person's pages are out at once");
    assert!(
        pages_at.windows(2).all(|w| w[1] > w[0]),
        "every person adds pages as they finish: {pages_at:?}"
    );
    assert_eq!(
        pages_at.last().copied(),
        Some(pages(&pdf)),
        "by the last report every page is written; only the fonts and index follow"
    );
    valid(&pdf);
    let mut quiet = |_: usize, _: usize| true;
    let again = documents::annual_pdf(
        db.raw(),
        &common::me(),
        2026,
        opts(PaperSize::A4),
        &mut quiet,
    )
    .unwrap();
    assert!(pdf == again, "streamed or in memory, the same bytes");
}

fn files_in(dir: &Path) -> (Vec<String>, Vec<String>) {
    entries(dir)
        .into_iter()
        .partition(|n| !n.ends_with(".part"))
}

/// One file per person: each is complete on disk (under a temporary name)
/// when its person is reported done; all get their names at the end.
#[test]
fn the_folder_batch_writes_each_file_as_its_person_is_done() {
    let (dir, db) = demo_db();
    let out = dir.path().join("reviews");
    std::fs::create_dir(&out).unwrap();
    let folder = Guard::for_database(db.path()).folder(&out, false).unwrap();
    let mut at_progress = Vec::new();
    let mut progress = |done: usize, _: usize| {
        let (placed, partial) = files_in(&out);
        at_progress.push((done, placed.len(), partial.len()));
        true
    };
    let written = documents::annual_to(
        db.raw(),
        &common::me(),
        2026,
        opts(PaperSize::Letter),
        documents::BatchTo::Folder(&folder),
        &mut progress,
    )
    .unwrap();
    for (done, placed, partial) in &at_progress {
        assert_eq!((*placed, *partial), (0, *done), "after {done} people");
    }
    let (placed, partial) = files_in(&out);
    assert_eq!(written.0.len(), 10);
    assert_eq!(placed.len(), 10);
    assert!(partial.is_empty(), "{partial:?}");
    let zoe = placed.iter().find(|n| n.contains("Zoë Núñez")).unwrap();
    let pdf = std::fs::read(out.join(zoe)).unwrap();
    valid(&pdf);
    assert!(text(&pdf).contains("Zoë Núñez"));
    assert!(!text(&pdf).contains("王芳"), "one person a file");
}

/// A batch cancelled part-way leaves nothing: no file, no temporary file, in
/// either mode, although pages had already been written.
#[test]
fn a_cancelled_batch_leaves_nothing_behind() {
    let (dir, db) = demo_db();
    let guard = Guard::for_database(db.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut wrote_something = false;
    let mut stop = |done: usize, _: usize| {
        wrote_something |= !entries(&out).is_empty();
        done < 4
    };
    let dest = guard.file(&out.join("2026.pdf"), "PDF", false).unwrap();
    let e = documents::annual_to(
        db.raw(),
        &common::me(),
        2026,
        opts(PaperSize::A4),
        documents::BatchTo::File(&dest),
        &mut stop,
    )
    .unwrap_err();
    assert!(matches!(e, standard_practice::Error::Cancelled), "{e}");
    assert!(wrote_something, "the file was being written while it ran");
    assert!(entries(&out).is_empty(), "{:?}", entries(&out));

    let folder = guard.folder(&out, false).unwrap();
    let mut stop = |done: usize, _: usize| done < 4;
    let e = documents::annual_to(
        db.raw(),
        &common::me(),
        2026,
        opts(PaperSize::A4),
        documents::BatchTo::Folder(&folder),
        &mut stop,
    )
    .unwrap_err();
    assert!(matches!(e, standard_practice::Error::Cancelled), "{e}");
    assert!(entries(&out).is_empty(), "{:?}", entries(&out));
}

/// A writer whose disk fills after `room` bytes.
struct FillsUp {
    room: usize,
}

impl std::io::Write for FillsUp {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() > self.room {
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "no space left on device",
            ));
        }
        self.room -= buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A disk that fills part-way stops the batch at the person being written,
/// with the failure, instead of drawing everyone into a dead file.
#[test]
fn a_full_disk_stops_the_batch_at_once() {
    let (_d, db) = demo_db();
    let mut reached = 0;
    let mut progress = |done: usize, _: usize| {
        reached = done;
        true
    };
    let e = documents::annual_into(
        db.raw(),
        &common::me(),
        2026,
        opts(PaperSize::A4),
        &mut FillsUp { room: 20_000 },
        &mut progress,
    )
    .unwrap_err();
    assert!(matches!(e, standard_practice::Error::Io(_)), "{e}");
    // About 8 KB a person: the failure comes while the fourth is written.
    assert!(reached < 5, "went on for {reached} people of 10");
}

/// The batch reads from a snapshot: a save made meanwhile goes through (the
/// snapshot's read transaction does not block it) and the batch prints the
/// practice as it was when it started.
#[test]
fn a_batch_from_a_snapshot_lets_saves_through_and_sees_one_moment() {
    let (_d, mut db) = demo_db();
    let snapshot = db.snapshot().unwrap();
    db.raw_write(|tx| {
        tx.execute(
            "UPDATE staff SET name = 'Renamed Meanwhile' WHERE name = 'Zoë Núñez'",
            [],
        )?;
        Ok(())
    })
    .expect("a save while a print's snapshot is open");
    let mut ok = |_: usize, _: usize| true;
    let then = text(
        &documents::annual_pdf(
            snapshot.raw(),
            &common::me(),
            2026,
            opts(PaperSize::A4),
            &mut ok,
        )
        .unwrap(),
    );
    assert!(then.contains("Zoë Núñez") && !then.contains("Renamed Meanwhile"));
    drop(snapshot);
    let now = text(
        &documents::annual_pdf(db.raw(), &common::me(), 2026, opts(PaperSize::A4), &mut ok)
            .unwrap(),
    );
    assert!(now.contains("Renamed Meanwhile") && !now.contains("Zoë Núñez"));
}

/// `pdffonts`: every font embedded, subset, with a Unicode map.
#[test]
fn every_font_is_an_embedded_subset_with_unicode() {
    let (_d, db) = demo_db();
    let mut ok = |_: usize, _: usize| true;
    let batch =
        documents::annual_pdf(db.raw(), &common::me(), 2026, opts(PaperSize::A4), &mut ok).unwrap();
    let handbook = documents::handbook(db.raw(), &common::me(), opts(PaperSize::A4)).unwrap();
    for pdf in [&batch, &handbook] {
        let out = tool("pdffonts", &[], pdf);
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert!(rows.len() >= 3, "regular, bold and CJK:\n{out}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type… encoding emb sub uni object ID
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
            assert!(cols[0].contains('+'), "a subset tag: {row}");
        }
    }
}

/// One bookmark per person, in print order, each opening their first page.
#[test]
fn the_batch_has_a_bookmark_per_person() {
    let (_d, db) = demo_db();
    let mut ok = |_: usize, _: usize| true;
    let pdf =
        documents::annual_pdf(db.raw(), &common::me(), 2026, opts(PaperSize::A4), &mut ok).unwrap();
    let json = tool("qpdf", &["--json=2", "--json-key=outlines"], &pdf);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let outlines = v["outlines"].as_array().unwrap();
    let plan = documents::annual_plan(db.raw(), &common::me(), 2026, today()).unwrap();
    assert_eq!(outlines.len(), plan.len());
    for (o, (who, _, _)) in outlines.iter().zip(&plan) {
        let title = o["title"].as_str().unwrap();
        assert!(title.contains(&who.name), "{title} for {}", who.name);
    }
    // A single review has a bookmark a section, each on the page it starts.
    let list = evaluations::list(db.raw(), &common::me(), &Default::default()).unwrap();
    let finalized = list
        .iter()
        .find(|e| e.status != EvaluationStatus::Draft)
        .unwrap();
    let e = evaluations::get(db.raw(), &common::me(), finalized.id).unwrap();
    let one = documents::evaluation(db.raw(), &common::me(), e.id, opts(PaperSize::A4)).unwrap();
    let json = tool(
        "qpdf",
        &["--json=2", "--json-key=outlines", "--json-key=pages"],
        &one,
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let titles: Vec<&str> = v["outlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["title"].as_str().unwrap())
        .collect();
    assert!(titles[0].contains(&e.staff.name), "{titles:?}");
    assert!(titles.contains(&"Score summary"), "{titles:?}");
    for s in &e.sections {
        assert!(
            titles.iter().any(|t| t.starts_with(&s.title)),
            "{} in {titles:?}",
            s.title
        );
    }
    assert!(titles.contains(&"Signatures"), "{titles:?}");
    let pages = v["pages"].as_array().unwrap().len();
    let text = text(&one);
    let on_pages: Vec<&str> = text.split('\u{c}').collect();
    for o in v["outlines"].as_array().unwrap() {
        let page = o["destpageposfrom1"].as_u64().unwrap() as usize;
        assert!((1..=pages).contains(&page));
        let title = o["title"].as_str().unwrap();
        if !title.contains(&e.staff.name) {
            let first_line = title.split(" — ").next().unwrap();
            assert!(
                on_pages[page - 1].contains(first_line),
                "{title} is on page {page}"
            );
        }
    }
}

/// Every document says what it is to a program: XMP metadata with its title
/// and language, the title shown in the viewer's title bar, and no claim to
/// be PDF/X.
#[test]
fn every_document_carries_its_metadata() {
    let (_d, db) = demo_db();
    let me = common::me();
    let p = opts(PaperSize::A4);
    let mut ok = |_: usize, _: usize| true;
    for (pdf, title) in [
        (
            documents::handbook(db.raw(), &me, p).unwrap(),
            "Service standards handbook",
        ),
        (
            documents::compliance(db.raw(), &me, p).unwrap(),
            "Training compliance",
        ),
        (
            documents::annual_pdf(db.raw(), &me, 2026, p, &mut ok).unwrap(),
            "Annual reviews 2026",
        ),
    ] {
        let meta = tool("pdfinfo", &["-meta"], &pdf);
        assert!(
            meta.contains("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">"),
            "{meta}"
        );
        assert!(meta.contains(title), "{title} in {meta}");
        assert!(
            meta.contains("<rdf:li>en</rdf:li>")
                && meta.contains("<xmp:CreateDate>2026-11-23T12:00:00Z")
        );
        let info = tool("pdfinfo", &[], &pdf);
        assert!(info.contains(title), "{info}");
        assert!(!String::from_utf8_lossy(&pdf).contains("GTS_PDFX"));
        assert!(String::from_utf8_lossy(&pdf).contains("/DisplayDocTitle true"));
    }
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
        let conn = db.raw();
        let active = documents::annual_plan(conn, &me, 2026, today())
            .unwrap()
            .len() as f64;
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

/// Dates, times and money on paper are the practice's, as in the window: a US
/// practice reads 11/26/2026, its own time of day, and its currency.
#[test]
fn paper_follows_the_practices_locale() {
    use standard_practice::locale::{Clock, DateFormat};
    let (_d, mut db) = demo_db();
    let me = common::me();
    let mut settings = standard_practice::practice::settings(db.raw(), &me).unwrap();
    settings.date_format = DateFormat::MonthDayYear;
    settings.clock = Clock::H12;
    settings.time_zone = "America/New_York".into();
    settings.currency = "EUR".into();
    standard_practice::practice::update(&mut db, &me, &settings).unwrap();

    let all = evaluations::list(db.raw(), &me, &EvaluationFilter::default()).unwrap();
    let with_bonus = all
        .iter()
        .map(|s| evaluations::get(db.raw(), &me, s.id).unwrap())
        .find(|e| e.bonus_cents.is_some() && e.status != EvaluationStatus::Draft)
        .expect("a finalized review recommending a bonus in the demo");
    let mut p = opts(PaperSize::Letter);
    p.timestamp = 1_764_351_060; // 2025-11-28 17:31 UTC: 12:31 PM in New York
    let t = text(&documents::evaluation(db.raw(), &me, with_bonus.id, p).unwrap());
    let start = with_bonus.period_start;
    let us = start.format("%m/%d/%Y").to_string();
    assert!(t.contains(&us), "the period as {us}");
    assert!(!t.contains(&start.to_string()), "no ISO dates left");
    assert!(t.contains("Printed 11/28/2025 12:31 PM EST"), "{t}");
    let cents = with_bonus.bonus_cents.unwrap();
    assert!(
        t.contains(&format!("Bonus of EUR {}.{:02}", cents / 100, cents % 100)),
        "the bonus in the practice's currency"
    );
    for pdf in [
        documents::transcript(db.raw(), &me, with_bonus.staff.id, p).unwrap(),
        documents::compliance(db.raw(), &me, p).unwrap(),
        documents::handbook(db.raw(), &me, p).unwrap(),
    ] {
        let t = text(&pdf);
        assert!(t.contains("11/28/2025"), "today, the American way");
        let iso = t.split_whitespace().find(|w| {
            w.len() >= 10 && chrono::NaiveDate::parse_from_str(&w[..10], "%Y-%m-%d").is_ok()
        });
        assert_eq!(iso, None, "no ISO date on a US practice's paper");
    }
}

/// A PNG of `w` × `h` pixels, half of it transparent.
fn logo_png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, w, h);
    e.set_color(png::ColorType::Rgba);
    e.set_depth(png::BitDepth::Eight);
    let mut writer = e.write_header().unwrap();
    let data: Vec<u8> = (0..w * h)
        .flat_map(|i| [20, 90, 160, if i % w < w / 2 { 255 } else { 0 }])
        .collect();
    writer.write_image_data(&data).unwrap();
    writer.finish().unwrap();
    out
}

fn upload(name: &str, bytes: &[u8]) -> practice::LogoUpload {
    use base64::Engine;
    practice::LogoUpload {
        file_name: name.into(),
        data_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

/// The practice's logo heads every page, scaled to fit left of the name and
/// never over text; a file that is not a usable image is refused at the
/// field `logo` and changes nothing.
#[test]
fn the_logo_heads_every_page_beside_the_name() {
    let (_d, mut db) = demo_db();
    let me = common::me();
    let set = practice::set_logo(&mut db, &me, &upload("logo.png", &logo_png(200, 50)))
        .unwrap()
        .unwrap();
    assert_eq!(
        (set.width, set.height, set.media_type.as_str()),
        (200, 50, "image/png")
    );

    let p = opts(PaperSize::A4);
    let id = evaluations::list(db.raw(), &me, &Default::default()).unwrap()[0].id;
    let pdf = documents::evaluation(db.raw(), &me, id, p).unwrap();
    valid(&pdf);
    let images = tool("pdfimages", &["-list"], &pdf);
    // One image with its soft mask, drawn on every page (one object).
    let kinds: Vec<&str> = images
        .lines()
        .skip(2)
        .filter_map(|r| r.split_whitespace().nth(2))
        .collect();
    let count = |kind: &str| kinds.iter().filter(|k| **k == kind).count();
    assert_eq!(
        (count("image"), count("smask")),
        (pages(&pdf), pages(&pdf)),
        "{images}"
    );
    // 200 × 50 pixels fit 24 points high: 96 points wide from the margin
    // (48), then an 8-point gap before the practice's name.
    let name = word_boxes(&pdf)
        .into_iter()
        .find(|w| w.0 == 1 && w.5 == "Lakeside")
        .expect("the practice's name in the header");
    assert!(
        name.1 >= 48.0 + 96.0 + 8.0 - 0.5,
        "the name starts after the logo: {name:?}"
    );
    assert!(overlapping_words(&pdf).is_empty());

    let before = practice::logo(db.raw(), &me).unwrap();
    for (file, bytes) in [
        ("notes.txt", b"hello".to_vec()),
        ("logo.png", logo_png(3000, 10)),
        ("logo.jpg", b"\xFF\xD8\xFF\xDA\x00\x02".to_vec()),
        ("big.png", vec![0x89; 2 * 1024 * 1024]),
    ] {
        let e = practice::set_logo(&mut db, &me, &upload(file, &bytes)).unwrap_err();
        assert_eq!(e.payload().field.as_deref(), Some("logo"), "{file}: {e}");
        assert_eq!(
            practice::logo(db.raw(), &me).unwrap(),
            before,
            "{file} changed nothing"
        );
    }

    practice::remove_logo(&mut db, &me).unwrap();
    assert_eq!(practice::logo(db.raw(), &me).unwrap(), None);
    let plain = documents::evaluation(db.raw(), &me, id, p).unwrap();
    assert_eq!(
        tool("pdfimages", &["-list"], &plain).lines().count(),
        2,
        "no image"
    );
}

/// A name and a comment in each script the forms promise, as typed.
const SCRIPTS: &[(&str, &str, &str)] = &[
    ("Arabic", "فاطمة الزهراء", "شكرا على صبرك مع المرضى"),
    ("Hebrew", "דנה כהן", "תודה על הסבלנות עם המטופלים"),
    ("Devanagari", "प्रिया शर्मा", "मरीज़ों के साथ धैर्य के लिए धन्यवाद।"),
    (
        "Vietnamese",
        "Nguyễn Thị Thu Hương",
        "Cảm ơn sự kiên nhẫn với bệnh nhân.",
    ),
    (
        "Greek",
        "Ελένη Οικονόμου",
        "Ευχαριστώ για την υπομονή με τους ασθενείς.",
    ),
    (
        "Cyrillic",
        "Ольга Смирнова",
        "Спасибо за терпение с пациентами.",
    ),
    ("CJK", "王芳", "感谢你对病人的耐心。"),
    (
        "Latin with combining marks",
        "Zoe\u{0308} Q\u{0301}uinn",
        "E\u{0301}COLE, A\u{030A}SA, N\u{0303}",
    ),
    (
        "Emoji",
        "Sam 👍",
        "Thank you 👍 🦷 ⭐ for the calm mornings",
    ),
];

/// Every script comes back from `pdftotext` exactly as it was typed, in
/// the order it was typed (Arabic and Hebrew are drawn right to left, a
/// Devanagari vowel sign before its consonant): names in the header and the
/// details, comments in the body, emoji too.
#[test]
fn every_script_comes_back_as_typed() {
    let (_d, mut db) = demo_db();
    let me = common::me();
    // Compared as the window stores text (NFC): a reader may compose a
    // letter and its mark into one character.
    let nfc = |t: &str| t.nfc().collect::<String>();
    for (script, name, _) in SCRIPTS {
        let id = common::person(&mut db, name, None, "2020-01-06");
        let doc = documents::Document::BlankForm {
            person: Some(id),
            template: None,
        };
        let mut pdf = Vec::new();
        let warnings =
            documents::render_to(db.raw(), &me, &doc, opts(PaperSize::A4), &mut pdf).unwrap();
        assert_eq!(
            warnings,
            Vec::<String>::new(),
            "{script}: every character has a font"
        );
        valid(&pdf);
        let t = nfc(&text(&pdf));
        assert!(t.contains(&nfc(name)), "{script}: {name:?} is not in\n{t}");
    }

    let id = drafts(&db).iter().find(|e| e.rated_count > 0).unwrap().id;
    let e = evaluations::get(db.raw(), &me, id).unwrap();
    // A comment in each script, and one that mixes directions.
    let mixed = "Thanks to فاطمة الزهراء and דנה כהן for the calm mornings";
    let comments: Vec<&str> = SCRIPTS
        .iter()
        .map(|(_, _, comment)| *comment)
        .chain([mixed])
        .collect();
    let ratings = e
        .sections
        .iter()
        .flat_map(|s| &s.criteria)
        .zip(comments.iter().cycle())
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
    evaluations::save(&mut db, &me, id, &edit, today()).unwrap();
    for paper in [PaperSize::A4, PaperSize::Letter] {
        let pdf = documents::evaluation(db.raw(), &me, id, opts(paper)).unwrap();
        valid(&pdf);
        // pdftotext marks a right-to-left part of a line with embedding
        // controls (U+202B … U+202C), which are not text: left out here.
        let t: String = nfc(&text(&pdf))
            .chars()
            .filter(|c| !('\u{202A}'..='\u{202E}').contains(c))
            .collect();
        for comment in &comments[..SCRIPTS.len()] {
            assert!(t.contains(&nfc(comment)), "{comment:?} is not in\n{t}");
        }
        // Mixed directions: every character in the order typed. (pdftotext
        // moves the space after a right-to-left part to before it, so
        // spaces are left out of this comparison.)
        let squeezed = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert!(
            squeezed(&t).contains(&squeezed(mixed)),
            "{mixed:?} is not in\n{t}"
        );
        assert_eq!(overlapping_words(&pdf), Vec::<String>::new());
    }
}

/// A character no font has (here one from the Private Use Area) still
/// prints, as a box, and the print says so: the person, the heading above
/// and the line, for each place it is in; a document without one says
/// nothing.
#[test]
fn a_character_no_font_has_is_named_where_it_prints() {
    let (_d, mut db) = demo_db();
    let me = common::me();
    let name = "Sam \u{E000}Okafor";
    let person = common::person(&mut db, name, None, "2020-01-06");
    let doc = documents::Document::BlankForm {
        person: Some(person),
        template: None,
    };
    let mut pdf = Vec::new();
    let warnings =
        documents::render_to(db.raw(), &me, &doc, opts(PaperSize::A4), &mut pdf).unwrap();
    valid(&pdf);
    // The name at the top (and in the details, the same line, named once)
    // and on the signature line.
    let part = format!("Annual review — {name}");
    assert_eq!(
        warnings,
        [
            format!("{part}: the line “{name}” has U+E000, which no font here can print: it shows as a box"),
            format!("{part}, under “Signatures”: the line “Employee: {name}” has U+E000, which no font here can print: it shows as a box"),
        ]
    );

    // A comment in a review: named under its criterion.
    let id = drafts(&db).iter().find(|e| e.rated_count > 0).unwrap().id;
    let e = evaluations::get(db.raw(), &me, id).unwrap();
    let first = &e.sections[0].criteria[0];
    let edit = EvaluationEdit {
        ratings: vec![evaluations::RatingInput {
            criterion_id: first.id,
            rating: Some(4),
            not_applicable: false,
            comment: "Kind to every patient \u{E001}".into(),
            override_reason: String::new(),
        }],
        ..Default::default()
    };
    evaluations::save(&mut db, &me, id, &edit, today()).unwrap();
    let mut pdf = Vec::new();
    let doc = documents::Document::Evaluation(id);
    let warnings =
        documents::render_to(db.raw(), &me, &doc, opts(PaperSize::A4), &mut pdf).unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains(&format!("under “{}”", first.title))
            && warnings[0].contains("“Comment: Kind to every patient \u{E001}”")
            && warnings[0].contains("U+E001"),
        "{}",
        warnings[0]
    );
    // The batch names the person's part.
    let mut ok = |_: usize, _: usize| true;
    let mut batch = Vec::new();
    let warnings = documents::annual_into(
        db.raw(),
        &me,
        2026,
        opts(PaperSize::A4),
        &mut batch,
        &mut ok,
    )
    .unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("U+E001") && w.contains(&e.staff.name)),
        "{warnings:#?}"
    );

    // The practice's name heads every page: named once, first.
    let mut settings = practice::settings(db.raw(), &me).unwrap();
    settings.name = "Lakeside \u{E002} Dental".into();
    practice::update(&mut db, &me, &settings).unwrap();
    let mut pdf = Vec::new();
    let doc = documents::Document::Compliance;
    let warnings =
        documents::render_to(db.raw(), &me, &doc, opts(PaperSize::A4), &mut pdf).unwrap();
    assert_eq!(
        warnings[0],
        "The practice's name “Lakeside \u{E002} Dental” has U+E002, which no font here can print: it shows as a box"
    );
    assert_eq!(
        warnings.len(),
        2,
        "and Sam's line in the report: {warnings:#?}"
    );
}
