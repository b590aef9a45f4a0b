//! The evidence of service at the size the product is built for: 500 staff,
//! each with a year of it — a service check a week, four thank-yous, four
//! patients' compliments or complaints, a request for feedback answered by
//! four colleagues, four check-ins. What the evaluation page reads (the
//! evaluation with its measured criteria's proposals, and its evidence) and
//! what `evidence --staff` prints. `make bench` runs it; the README quotes
//! its figures (target: under 20 ms each).

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};
use rusqlite::params;
use standard_practice::demo::{self, DemoSize};
use standard_practice::evaluations::{self, EvaluationFilter, EvaluationStatus};
use standard_practice::keys::{Key, Keys};
use standard_practice::{evidence, Db};

fn keys() -> Keys {
    static KEY: std::sync::OnceLock<Key> = std::sync::OnceLock::new();
    Keys::given(KEY.get_or_init(|| Key::generate().expect("a key")).clone())
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

fn bench_actor() -> standard_practice::access::Actor {
    standard_practice::access::Actor::system("Benchmark")
}

/// A year of evidence for every active person, written straight into the
/// tables (the core's own inserts would take minutes for 500 people).
fn a_year_of_evidence(db: &mut Db) {
    db.raw_write(|tx| {
        let people: Vec<(i64, String)> = tx
            .prepare("SELECT id, name FROM staff WHERE status = 'active' ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let (phone, version): (i64, i64) = tx.query_row(
            "SELECT standard_id, id FROM standard_versions WHERE standard_id = 1 ORDER BY version LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let internal: i64 = tx.query_row(
            "SELECT standard_id FROM standard_versions WHERE audience = 'internal' LIMIT 1",
            [],
            |r| r.get(0),
        )?;
        let now = "2026-11-23T09:00:00Z";
        let mut check = tx.prepare(
            "INSERT INTO service_checks (standard_id, version_id, checked_on, staff_id, observed, met, note, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7)",
        )?;
        let mut thanks = tx.prepare(
            "INSERT INTO recognitions (happened_on, what, from_name, created_at) VALUES (?1, 'Helped a colleague', 'Office', ?2)",
        )?;
        let mut thanked = tx.prepare("INSERT INTO recognition_people (recognition_id, staff_id) VALUES (?1, ?2)")?;
        let mut said = tx.prepare(
            "INSERT INTO patient_feedback (received_on, channel, kind, staff_id, summary, created_at, updated_at)
             VALUES (?1, 'phone', ?2, ?3, 'Kind and quick', ?4, ?4)",
        )?;
        let mut request = tx.prepare(
            "INSERT INTO feedback_requests (staff_id, asked_on, closes_on, asked_by, created_at) VALUES (?1, ?2, ?3, 'Office', ?4)",
        )?;
        let mut response = tx.prepare(
            "INSERT INTO feedback_responses (request_id, staff_id, answered_on, would_choose) VALUES (?1, ?2, ?3, 4)",
        )?;
        let mut answer = tx.prepare(
            "INSERT INTO feedback_answers (response_id, standard_id, answer) VALUES (?1, ?2, 'met')",
        )?;
        let mut check_in = tx.prepare(
            "INSERT INTO check_ins (staff_id, held_on, held_by, topics, created_at, updated_at)
             VALUES (?1, ?2, 'Office', 'How it goes', ?3, ?3)",
        )?;
        for (n, (id, _)) in people.iter().enumerate() {
            for week in 0..52u64 {
                let on = today() - Days::new(week * 7);
                let rings = 1 + (n as u64 + week) % 5;
                check.execute(params![phone, version, on, id, rings as f64, rings <= 4, now])?;
            }
            for q in 0..4u64 {
                let on = today() - Days::new(20 + q * 90);
                thanks.execute(params![on, now])?;
                thanked.execute(params![tx.last_insert_rowid(), id])?;
                said.execute(params![on, if q == 3 { "complaint" } else { "compliment" }, id, now])?;
                check_in.execute(params![id, on, now])?;
            }
            let asked_on = today() - Days::new(60);
            request.execute(params![id, asked_on, asked_on + Days::new(14), now])?;
            let rid = tx.last_insert_rowid();
            for k in 1..=4 {
                let colleague = &people[(n + k) % people.len()].0;
                response.execute(params![rid, colleague, asked_on + Days::new(k as u64)])?;
                answer.execute(params![tx.last_insert_rowid(), internal])?;
            }
        }
        tx.execute("UPDATE template_criteria SET measured = 1 WHERE standard_id = ?1", [phone])?;
        tx.execute("UPDATE evaluation_criteria SET measured = 1 WHERE standard_id = ?1", [phone])?;
        Ok(())
    })
    .expect("a year of evidence");
}

fn evidence_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut db = Db::open(&dir.path().join("bench.sqlite3"), &keys()).expect("open");
    demo::create(
        &mut db,
        &bench_actor(),
        DemoSize {
            people: 500,
            records_per_person: 8,
        },
        today(),
    )
    .expect("demo");
    a_year_of_evidence(&mut db);
    let me = bench_actor();
    let draft = evaluations::list(
        &db,
        &me,
        &EvaluationFilter {
            year: Some(2026),
            status: Some(EvaluationStatus::Draft),
            staff_id: None,
        },
    )
    .expect("drafts")
    .into_iter()
    .last()
    .expect("a draft");
    let count = |table: &str| -> i64 {
        db.raw()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .expect("count")
    };
    eprintln!(
        "evidence: {} checks, {} thank-yous, {} patients' feedback, {} answers, {} check-ins",
        count("service_checks"),
        count("recognitions"),
        count("patient_feedback"),
        count("feedback_responses"),
        count("check_ins")
    );
    let mut g = c.benchmark_group("500 staff, a year of evidence each");
    g.bench_function("evaluation page (with proposals and evidence)", |b| {
        b.iter(|| {
            let e = evaluations::get(&db, &me, draft.id).expect("evaluation");
            let ev = evaluations::evidence(&db, &me, draft.id, today()).expect("evidence");
            black_box((e, ev))
        })
    });
    g.bench_function("evidence summary (evidence --staff)", |b| {
        b.iter(|| {
            black_box(evidence::for_year(&db, &me, draft.staff.id, 2026, today()).expect("summary"))
        })
    });
    g.finish();
}

criterion_group!(benches, evidence_benches);
criterion_main!(benches);
