//! The owner's view against a real database: every number agrees with the
//! screens it summarises (the evaluation list's scores, the overview's
//! training counts), headcount and turnover by hand, and pay only for the owner.

mod common;

use chrono::Datelike;
use common::{fresh, me, person, today};
use standard_practice::accounts::{self, AccountInput};
use standard_practice::dashboard;
use standard_practice::demo::{self, DemoSize};
use standard_practice::evaluations::{self, EvaluationFilter, EvaluationKind, EvaluationStatus};
use standard_practice::staff::{self, StaffInput, StaffStatus};
use standard_practice::{pages, ErrorCode};

#[test]
fn the_dashboard_agrees_with_the_screens_it_summarises() {
    let (_d, mut db) = fresh();
    demo::create(&mut db, &me(), DemoSize::default(), today()).unwrap();
    let year = today().year();
    let d = dashboard::year(db.raw(), &me(), year, today()).unwrap();
    assert_eq!(d.by_year.len(), dashboard::YEARS_SHOWN as usize);
    assert_eq!(d.by_year.last().map(|y| y.year), Some(year));

    // Last year's finalized annual reviews, scored by the evaluation list.
    let last = evaluations::list(
        db.raw(),
        &me(),
        &EvaluationFilter {
            year: Some(year - 1),
            ..Default::default()
        },
    )
    .unwrap();
    let finalized: Vec<_> = last
        .iter()
        .filter(|e| e.kind == EvaluationKind::Annual && e.status != EvaluationStatus::Draft)
        .collect();
    assert!(!finalized.is_empty(), "the demo has last year's reviews");
    let listed: f64 = finalized
        .iter()
        .filter_map(|e| e.customer_service.as_ref().map(|s| s.value))
        .sum::<f64>()
        / finalized.len() as f64;
    let shown = d.by_year.iter().find(|y| y.year == year - 1).unwrap();
    assert_eq!(shown.reviews as usize, finalized.len());
    assert!((shown.customer_service.unwrap() - listed).abs() < 1e-9);

    // The training compliance is the overview's counts.
    let o = pages::overview(db.raw(), &me(), today()).unwrap();
    assert_eq!(
        (
            d.training.current,
            d.training.due_soon,
            d.training.overdue,
            d.training.never_done
        ),
        (
            o.due.current,
            o.due.due_soon,
            o.due.overdue,
            o.due.never_done
        )
    );
    assert_eq!(
        d.training.percent,
        (o.due.current + o.due.due_soon) * 100 / d.training.required
    );
    // The demo's CE: Nguyễn's complete; 王芳's, Łukasz's and Δημήτρης's short.
    assert_eq!((d.ce.licences, d.ce.complete, d.ce.short), (4, 1, 3));
    // Every month of the year, checks or not.
    assert_eq!(d.met_by_month.len(), 12);
    assert_eq!(
        d.distribution.iter().map(|b| b.people).sum::<u32>() as usize,
        d.people
            .iter()
            .filter(|p| p.customer_service.is_some())
            .count()
    );
    // The owner sees the pay: the demo's two bonuses of 500.00, whichever
    // years they fall in.
    let (bonuses, total) = (year - 3..=year)
        .map(|y| {
            dashboard::year(db.raw(), &me(), y, today())
                .unwrap()
                .pay
                .expect("the owner's")
        })
        .fold((0, 0), |(n, t), p| (n + p.bonuses, t + p.bonus_total_cents));
    assert_eq!((bonuses, total), (2, 100_000));
    let last_year = dashboard::year(db.raw(), &me(), year - 1, today()).unwrap();

    // A manager sees everything but the pay.
    let sam = accounts::create_manager(
        &mut db,
        &me(),
        &AccountInput {
            name: "Sam Carter".into(),
            passphrase: "a long enough passphrase".into(),
            confirm: "a long enough passphrase".into(),
            staff_id: None,
        },
    )
    .unwrap();
    let manager = accounts::sign_in(
        &mut db,
        sam.id,
        "a long enough passphrase",
        chrono::Utc::now(),
    )
    .unwrap();
    let theirs = dashboard::year(db.raw(), &manager, year - 1, today()).unwrap();
    assert!(theirs.pay.is_none());
    assert_eq!(theirs.by_year, last_year.by_year);
    // Staff see none of it.
    let options = accounts::sign_in_options(&db).unwrap();
    let kiosk = accounts::sign_in(
        &mut db,
        options.kiosk[0].id,
        demo::DEMO_PIN,
        chrono::Utc::now(),
    )
    .unwrap();
    let e = dashboard::year(db.raw(), &kiosk, year, today()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden);
    let e = dashboard::year(db.raw(), &me(), 1492, today()).unwrap_err();
    assert_eq!(e.field(), Some("year"));
}

#[test]
fn headcount_and_turnover_by_hand() {
    let (_d, mut db) = fresh();
    let y = today().year() - 1;
    let hire = |db: &mut standard_practice::Db, name: &str, on: String| person(db, name, None, &on);
    hire(&mut db, "Ana Díaz", format!("{}-03-01", y - 3));
    hire(&mut db, "Bo Li", format!("{}-05-01", y - 2));
    let cy = hire(&mut db, "Cy Ward", format!("{}-02-01", y - 2));
    hire(&mut db, "Di Ng", format!("{y}-04-15"));
    // Cy left in the middle of the year.
    staff::update(
        &mut db,
        &me(),
        cy,
        &StaffInput {
            name: "Cy Ward".into(),
            hire_date: format!("{}-02-01", y - 2),
            status: Some(StaffStatus::Left),
            end_date: format!("{y}-06-30"),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    let d = dashboard::year(db.raw(), &me(), y, today()).unwrap();
    let h = d.headcount.iter().find(|h| h.year == y).unwrap();
    // Start: Ana, Bo, Cy (3). End: Ana, Bo, Di (3). Hired Di, left Cy.
    assert_eq!((h.at_start, h.at_end, h.hired, h.left), (3, 3, 1, 1));
    assert_eq!(h.turnover, Some(33.3));
    let before = d.headcount.iter().find(|h| h.year == y - 1).unwrap();
    assert_eq!(
        (before.at_start, before.at_end, before.hired, before.left),
        (3, 3, 0, 0)
    );
    assert_eq!(before.turnover, Some(0.0));
    // No reviews yet: no scores, every band empty, nothing to pay.
    assert!(d
        .by_year
        .iter()
        .all(|y| y.reviews == 0 && y.customer_service.is_none()));
    assert!(d.distribution.iter().all(|b| b.people == 0));
    assert_eq!(d.pay.map(|p| p.people.len()), Some(0));
}
