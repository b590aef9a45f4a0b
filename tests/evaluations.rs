//! Templates and evaluations: the customer-service minimum, snapshotting, the
//! annual round, ratings and scores, the lock, amendments and acknowledgment,
//! and every bad input leaving the database exactly as it was.

mod common;

use common::{d, fresh, person, snapshot, today};
use standard_practice::evaluations::{
    self, AcknowledgmentInput, AnnualRoundInput, EvaluationEdit, EvaluationKind, EvaluationStatus,
    Goal, NewEvaluation, RatingInput, Recommendation,
};
use standard_practice::ids::{StaffId, TemplateId};
use standard_practice::practice;
use standard_practice::scoring::SectionKind;
use standard_practice::staff::{self, StaffInput, StaffStatus};
use standard_practice::templates::{self, TemplateCriterion, TemplateInput, TemplateSection};
use standard_practice::{Db, Error};

fn criterion(title: &str, weight: f64) -> TemplateCriterion {
    TemplateCriterion {
        title: title.into(),
        description: format!("{title}, described."),
        levels: vec![
            "Poor".into(),
            "Fair".into(),
            "Good".into(),
            "Very good".into(),
            "Superb".into(),
        ],
        weight,
        standard_id: None,
        measured: false,
    }
}

fn section(kind: SectionKind, title: &str, criteria: Vec<TemplateCriterion>) -> TemplateSection {
    TemplateSection {
        kind,
        title: title.into(),
        criteria,
    }
}

/// General 2+2, external 1, internal 1: customer service carries 2/6 = 33.3%.
fn input() -> TemplateInput {
    TemplateInput {
        name: "Annual review".into(),
        description: String::new(),
        sections: vec![
            section(
                SectionKind::General,
                "Quality of work",
                vec![criterion("Accuracy", 2.0), criterion("Thoroughness", 2.0)],
            ),
            section(
                SectionKind::ExternalService,
                "External customer service",
                vec![criterion("Answers the phone promptly", 1.0)],
            ),
            section(
                SectionKind::InternalService,
                "Internal customer service",
                vec![criterion("Helps colleagues", 1.0)],
            ),
        ],
    }
}

fn template(db: &mut Db) -> TemplateId {
    templates::create(db, &common::me(), &input()).unwrap().id
}

fn annual(db: &mut Db, who: StaffId, t: TemplateId) -> evaluations::Evaluation {
    evaluations::create(
        db,
        &common::me(),
        &NewEvaluation {
            staff_id: Some(who),
            template_id: Some(t),
            kind: Some(EvaluationKind::Annual),
            period_start: "2026-01-01".into(),
            period_end: "2026-12-31".into(),
            reviewer_id: None,
        },
    )
    .unwrap()
}

/// An edit rating every criterion with `ratings`, in order.
fn rated(e: &evaluations::Evaluation, ratings: &[Option<i64>]) -> EvaluationEdit {
    let ids = e.sections.iter().flat_map(|s| &s.criteria).map(|c| c.id);
    EvaluationEdit {
        ratings: ids
            .zip(ratings)
            .map(|(id, r)| RatingInput {
                criterion_id: id,
                rating: *r,
                not_applicable: r.is_none(),
                comment: String::new(),
                override_reason: String::new(),
            })
            .collect(),
        ..Default::default()
    }
}

/// Asserts the call failed naming `field`, and that the database is unchanged.
fn refused<T: std::fmt::Debug>(r: Result<T, Error>, db: &Db, before: &str, field: &str) -> String {
    let e = r.expect_err("should be refused");
    assert_eq!(e.field(), Some(field), "{e}");
    assert_eq!(
        snapshot(db),
        before,
        "a refused change altered the database: {e}"
    );
    e.to_string()
}

#[test]
fn a_template_under_the_customer_service_minimum_says_how_far_under() {
    let (_d, mut db) = fresh();
    let before = snapshot(&db);
    let mut t = input();
    // General 2+2+4 = 8, service 1+1: 2/10 = 20%, 5 points under 25%.
    t.sections[0].criteria.push(criterion("Speed", 4.0));
    let msg = refused(
        templates::create(&mut db, &common::me(), &t),
        &db,
        &before,
        "sections",
    );
    assert!(
        msg.contains("20.0%") && msg.contains("5.0 points under") && msg.contains("25%"),
        "{msg}"
    );

    // The practice can lower the minimum; then the same template is accepted.
    let mut settings = practice::settings(db.raw(), &common::me()).unwrap();
    settings.name = "Lakeside Dental".into();
    settings.service_weight_minimum = 20;
    practice::update(&mut db, &common::me(), &settings).unwrap();
    let saved = templates::create(&mut db, &common::me(), &t).unwrap();
    assert_eq!(saved.service_share, "20.0%");
}

#[test]
fn bad_templates_are_refused_naming_the_field() {
    let (_d, mut db) = fresh();
    let before = snapshot(&db);
    type Change = Box<dyn Fn(&mut TemplateInput)>;
    let cases: Vec<(Change, &str, &str)> = vec![
        (Box::new(|t| t.name = " ".into()), "name", "required"),
        (
            Box::new(|t| t.name = "x".repeat(10_000)),
            "name",
            "too long",
        ),
        (
            Box::new(|t| t.sections[0].criteria[1].weight = -1.0),
            "sections.0.criteria.1.weight",
            "more than 0",
        ),
        (
            Box::new(|t| {
                for s in &mut t.sections {
                    for c in &mut s.criteria {
                        c.weight = 0.0;
                    }
                }
            }),
            "sections.0.criteria.0.weight",
            "more than 0",
        ),
        (
            Box::new(|t| t.sections[1].criteria[0].weight = f64::NAN),
            "sections.1.criteria.0.weight",
            "number",
        ),
        (
            Box::new(|t| t.sections[0].criteria.clear()),
            "sections.0.criteria",
            "no criteria",
        ),
        (
            Box::new(|t| {
                t.sections.remove(2);
            }),
            "sections",
            "Internal customer service",
        ),
        (
            Box::new(|t| t.sections[2].criteria[0].title = String::new()),
            "sections.2.criteria.0.title",
            "required",
        ),
        (
            Box::new(|t| t.sections[0].criteria[0].levels = vec![String::new(); 6]),
            "sections.0.criteria.0.levels",
            "at most 5",
        ),
        (
            Box::new(|t| {
                t.sections[0].criteria[0].standard_id =
                    Some(standard_practice::ids::StandardId(999))
            }),
            "sections.0.criteria.0.standardId",
            "no longer exists",
        ),
    ];
    for (change, field, words) in cases {
        let mut t = input();
        change(&mut t);
        let msg = refused(
            templates::create(&mut db, &common::me(), &t),
            &db,
            &before,
            field,
        );
        assert!(msg.contains(words), "{field}: {msg}");
    }
    template(&mut db);
    let before = snapshot(&db);
    let mut dup = input();
    dup.name = "  ANNUAL   review ".into();
    refused(
        templates::create(&mut db, &common::me(), &dup),
        &db,
        &before,
        "name",
    );
}

#[test]
fn an_evaluation_keeps_its_copy_when_the_template_changes() {
    let (_d, mut db) = fresh();
    let t = template(&mut db);
    let zoe = person(&mut db, "Zoë Núñez", None, "2020-01-01");
    let e = annual(&mut db, zoe, t);
    assert_eq!(e.status, EvaluationStatus::Draft);
    assert_eq!(e.sections.len(), 3);
    assert_eq!(e.sections[0].criteria[0].title, "Accuracy");

    let mut changed = input();
    changed.sections[0].criteria[0].title = "Precision".into();
    changed.sections[0].criteria[0].weight = 3.0;
    templates::update(&mut db, &common::me(), t, &changed).unwrap();
    let again = evaluations::get(db.raw(), &common::me(), e.id).unwrap();
    assert_eq!(again.sections[0].criteria[0].title, "Accuracy");
    assert_eq!(again.sections[0].criteria[0].weight, 2.0);

    // Even deleting the template leaves the evaluation whole.
    templates::delete(&mut db, &common::me(), t).unwrap();
    assert_eq!(
        evaluations::get(db.raw(), &common::me(), e.id).unwrap(),
        again
    );
}

#[test]
fn scores_follow_the_ratings_with_na_left_out() {
    let (_d, mut db) = fresh();
    let t = template(&mut db);
    let zoe = person(&mut db, "Zoë Núñez", None, "2020-01-01");
    let e = annual(&mut db, zoe, t);
    assert!(e.overall.is_none() && e.customer_service.is_none());
    // Accuracy 4 (w2), Thoroughness N/A, phone 5 (w1), colleagues 3 (w1).
    let e = evaluations::save(
        &mut db,
        &common::me(),
        e.id,
        &rated(&e, &[Some(4), None, Some(5), Some(3)]),
        today(),
    )
    .unwrap();
    assert_eq!(e.sections[0].score.as_ref().unwrap().display, "4.0");
    assert_eq!(e.sections[1].score.as_ref().unwrap().display, "5.0");
    let cs = e.customer_service.as_ref().unwrap();
    assert_eq!((cs.display.as_str(), cs.percent.as_str()), ("4.0", "80.0%"));
    // (2×4 + 1×5 + 1×3) / 4 = 4.0
    assert_eq!(e.overall.as_ref().unwrap().display, "4.0");
    assert!(e.sections[0].criteria[1].not_applicable);
}

#[test]
fn bad_ratings_and_narrative_are_refused_and_nothing_is_half_saved() {
    let (_d, mut db) = fresh();
    let t = template(&mut db);
    let zoe = person(&mut db, "Zoë Núñez", None, "2020-01-01");
    let e = annual(&mut db, zoe, t);
    // A good rating first in the list: it must not be saved when a later one fails.
    let before = snapshot(&db);
    for bad in [0, 6, -1, 100] {
        let edit = rated(&e, &[Some(4), Some(bad), Some(3), Some(3)]);
        let msg = refused(
            evaluations::save(&mut db, &common::me(), e.id, &edit, today()),
            &db,
            &before,
            "ratings.1.rating",
        );
        assert!(msg.contains("from 1 to 5"), "{msg}");
    }
    let mut both = rated(&e, &[Some(4), Some(4), Some(3), Some(3)]);
    both.ratings[2].not_applicable = true;
    refused(
        evaluations::save(&mut db, &common::me(), e.id, &both, today()),
        &db,
        &before,
        "ratings.2.rating",
    );

    let mut long = rated(&e, &[Some(4), Some(4), Some(3), Some(3)]);
    long.ratings[3].comment = "x".repeat(20_000);
    let msg = refused(
        evaluations::save(&mut db, &common::me(), e.id, &long, today()),
        &db,
        &before,
        "ratings.3.comment",
    );
    assert!(msg.contains("20000 characters"), "{msg}");

    let mut long = rated(&e, &[Some(4), Some(4), Some(3), Some(3)]);
    long.strengths = "x".repeat(20_000);
    refused(
        evaluations::save(&mut db, &common::me(), e.id, &long, today()),
        &db,
        &before,
        "strengths",
    );

    let mut goal = rated(&e, &[Some(4), Some(4), Some(3), Some(3)]);
    goal.goals = vec![Goal {
        goal: "Answer before the third ring".into(),
        target_date: "2027-02-30".into(),
    }];
    refused(
        evaluations::save(&mut db, &common::me(), e.id, &goal, today()),
        &db,
        &before,
        "goals.0.targetDate",
    );

    let mut merit = rated(&e, &[Some(4), Some(4), Some(3), Some(3)]);
    merit.recommendation = Some(Recommendation::MeritIncrease);
    merit.merit_percent = Some(-3.0);
    refused(
        evaluations::save(&mut db, &common::me(), e.id, &merit, today()),
        &db,
        &before,
        "meritPercent",
    );

    let mut plan = rated(&e, &[Some(4), Some(4), Some(3), Some(3)]);
    plan.training_plan = vec![standard_practice::ids::CourseId(404)];
    refused(
        evaluations::save(&mut db, &common::me(), e.id, &plan, today()),
        &db,
        &before,
        "trainingPlan",
    );
}

#[test]
fn bad_new_evaluations_are_refused() {
    let (_d, mut db) = fresh();
    let t = template(&mut db);
    let zoe = person(&mut db, "Zoë Núñez", None, "2020-01-01");
    let before = snapshot(&db);
    let ok = NewEvaluation {
        staff_id: Some(zoe),
        template_id: Some(t),
        kind: Some(EvaluationKind::NinetyDay),
        period_start: "2026-03-01".into(),
        period_end: "2026-05-30".into(),
        reviewer_id: None,
    };
    let cases: Vec<(NewEvaluation, &str)> = vec![
        (
            NewEvaluation {
                period_end: "2026-02-01".into(),
                ..ok.clone()
            },
            "periodEnd",
        ),
        (
            NewEvaluation {
                period_start: "2026-02-30".into(),
                ..ok.clone()
            },
            "periodStart",
        ),
        (
            NewEvaluation {
                staff_id: Some(StaffId(999)),
                ..ok.clone()
            },
            "staffId",
        ),
        (
            NewEvaluation {
                template_id: Some(TemplateId(999)),
                ..ok.clone()
            },
            "templateId",
        ),
        (
            NewEvaluation {
                reviewer_id: Some(zoe),
                ..ok.clone()
            },
            "reviewerId",
        ),
        (
            NewEvaluation {
                kind: None,
                ..ok.clone()
            },
            "kind",
        ),
    ];
    for (input, field) in cases {
        refused(
            evaluations::create(&mut db, &common::me(), &input),
            &db,
            &before,
            field,
        );
    }
    // A second annual evaluation for the same person and year.
    annual(&mut db, zoe, t);
    let before = snapshot(&db);
    let second = NewEvaluation {
        kind: Some(EvaluationKind::Annual),
        period_start: "2026-06-01".into(),
        period_end: "2026-12-15".into(),
        ..ok
    };
    let msg = refused(
        evaluations::create(&mut db, &common::me(), &second),
        &db,
        &before,
        "kind",
    );
    assert!(
        msg.contains("already has an annual evaluation for 2026"),
        "{msg}"
    );
}

#[test]
fn finalize_locks_and_changes_after_it_are_amendments_with_a_reason() {
    let (_d, mut db) = fresh();
    let t = template(&mut db);
    let zoe = person(&mut db, "Zoë Núñez", None, "2020-01-01");
    let e = annual(&mut db, zoe, t);

    // Not every criterion rated: refused, naming the first one missing.
    let partly = evaluations::save(
        &mut db,
        &common::me(),
        e.id,
        &{
            let mut edit = rated(&e, &[Some(4), Some(4), Some(5), Some(3)]);
            edit.ratings[3].rating = None;
            edit.ratings[3].not_applicable = false;
            edit
        },
        today(),
    )
    .unwrap();
    let before = snapshot(&db);
    let msg = refused(
        evaluations::finalize(&mut db, &common::me(), e.id, today()),
        &db,
        &before,
        "ratings.3.rating",
    );
    assert!(msg.contains("Helps colleagues"), "{msg}");

    // Customer service all N/A: refused too.
    let all_na = evaluations::save(
        &mut db,
        &common::me(),
        e.id,
        &rated(&partly, &[Some(4), Some(4), None, None]),
        today(),
    )
    .unwrap();
    let before = snapshot(&db);
    refused(
        evaluations::finalize(&mut db, &common::me(), e.id, today()),
        &db,
        &before,
        "ratings",
    );

    let e = evaluations::save(
        &mut db,
        &common::me(),
        e.id,
        &rated(&all_na, &[Some(4), Some(4), Some(5), Some(3)]),
        today(),
    )
    .unwrap();
    let f = evaluations::finalize(&mut db, &common::me(), e.id, d("2026-11-20")).unwrap();
    assert_eq!(f.status, EvaluationStatus::Finalized);
    assert_eq!(f.finalized_on, Some(d("2026-11-20")));

    // Finalized: a change without a reason is refused; the same form unchanged is fine.
    let before = snapshot(&db);
    let change = rated(&f, &[Some(4), Some(4), Some(2), Some(3)]);
    let msg = refused(
        evaluations::save(&mut db, &common::me(), e.id, &change, today()),
        &db,
        &before,
        "amendmentReason",
    );
    assert!(msg.contains("finalized on 2026-11-20"), "{msg}");
    let unchanged = rated(&f, &[Some(4), Some(4), Some(5), Some(3)]);
    evaluations::save(&mut db, &common::me(), e.id, &unchanged, today()).unwrap();
    assert_eq!(snapshot(&db), before, "an unchanged save records nothing");
    refused(
        evaluations::finalize(&mut db, &common::me(), e.id, today()),
        &db,
        &before,
        "status",
    );
    refused(
        evaluations::delete(&mut db, &common::me(), e.id),
        &db,
        &before,
        "status",
    );

    // With a reason: applied, and kept as an amendment naming the field.
    let mut change = change;
    change.amendment_reason = "Complaint from a patient came to light".into();
    let a = evaluations::save(&mut db, &common::me(), e.id, &change, today()).unwrap();
    assert_eq!(a.status, EvaluationStatus::Finalized);
    assert_eq!(a.amendments.len(), 1);
    let am = &a.amendments[0];
    assert_eq!(am.reason, "Complaint from a patient came to light");
    assert_eq!(am.made_on, today());
    assert_eq!(am.changes.len(), 1);
    assert_eq!(am.changes[0].field, "Rating: Answers the phone promptly");
    assert!(am.changes[0].before.starts_with('5') && am.changes[0].after.starts_with('2'));
    assert_eq!(a.customer_service.as_ref().unwrap().display, "2.5");

    // A damaged amendment history, or damaged rating levels, say so when read:
    // they do not vanish into an empty list or five empty levels.
    let db_conn = db.raw();
    db_conn
        .execute("UPDATE evaluation_amendments SET changes = '{oops'", [])
        .unwrap();
    assert!(evaluations::get(db_conn, &common::me(), e.id).is_err());
    db_conn
        .execute("UPDATE evaluation_amendments SET changes = '[]'", [])
        .unwrap();
    db_conn
        .execute("UPDATE evaluation_criteria SET levels = 'five levels'", [])
        .unwrap();
    assert!(evaluations::get(db_conn, &common::me(), e.id).is_err());
}

#[test]
fn acknowledgment_follows_finalizing() {
    let (_d, mut db) = fresh();
    let t = template(&mut db);
    let zoe = person(&mut db, "Zoë Núñez", None, "2020-01-01");
    let e = annual(&mut db, zoe, t);
    let ack = |on: &str| AcknowledgmentInput {
        acknowledged_on: on.into(),
        comment: "Agreed.".into(),
    };
    let before = snapshot(&db);
    refused(
        evaluations::acknowledge(&mut db, &common::me(), e.id, &ack("2026-11-21"), today()),
        &db,
        &before,
        "status",
    );
    let e = evaluations::save(
        &mut db,
        &common::me(),
        e.id,
        &rated(&e, &[Some(3), Some(4), Some(5), Some(3)]),
        today(),
    )
    .unwrap();
    evaluations::finalize(&mut db, &common::me(), e.id, d("2026-11-20")).unwrap();
    let before = snapshot(&db);
    refused(
        evaluations::acknowledge(&mut db, &common::me(), e.id, &ack("2026-11-19"), today()),
        &db,
        &before,
        "acknowledgedOn",
    );
    refused(
        evaluations::acknowledge(&mut db, &common::me(), e.id, &ack("2026-11-24"), today()),
        &db,
        &before,
        "acknowledgedOn",
    );
    refused(
        evaluations::acknowledge(&mut db, &common::me(), e.id, &ack("soon"), today()),
        &db,
        &before,
        "acknowledgedOn",
    );
    let a = evaluations::acknowledge(&mut db, &common::me(), e.id, &ack("2026-11-21"), today())
        .unwrap();
    assert_eq!(a.status, EvaluationStatus::Acknowledged);
    assert_eq!(a.acknowledged_on, Some(d("2026-11-21")));
    assert_eq!(a.acknowledgment_comment, "Agreed.");
    let before = snapshot(&db);
    refused(
        evaluations::acknowledge(&mut db, &common::me(), e.id, &ack("2026-11-22"), today()),
        &db,
        &before,
        "status",
    );
}

#[test]
fn the_annual_round_makes_one_draft_per_active_person_and_skips_the_rest() {
    let (_d, mut db) = fresh();
    let t = template(&mut db);
    let zoe = person(&mut db, "Zoë Núñez", None, "2020-01-01");
    let _wang = person(&mut db, "王芳", None, "2021-01-01");
    let lukasz = person(&mut db, "Łukasz Żółć", None, "2022-01-01");
    let gone = person(&mut db, "Tom Becker", None, "2019-01-01");
    let mut input = staff::get(db.raw(), &common::me(), gone).unwrap();
    staff::update(
        &mut db,
        &common::me(),
        gone,
        &StaffInput {
            name: input.name.clone(),
            hire_date: "2019-01-01".into(),
            status: Some(StaffStatus::Left),
            end_date: "2026-06-30".into(),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    input.status = StaffStatus::Left;
    annual(&mut db, zoe, t);

    let round = AnnualRoundInput {
        template_id: Some(t),
        year: 2026,
        ..Default::default()
    };
    let r = evaluations::start_annual_round(&mut db, &common::me(), &round).unwrap();
    let names = |v: &[standard_practice::staff::StaffRef]| {
        v.iter().map(|p| p.name.clone()).collect::<Vec<_>>()
    };
    assert_eq!(names(&r.created), ["Łukasz Żółć", "王芳"]);
    assert_eq!(names(&r.skipped), ["Zoë Núñez"]);
    let lukasz_eval = evaluations::list(db.raw(), &common::me(), &Default::default())
        .unwrap()
        .into_iter()
        .find(|e| e.staff.id == lukasz)
        .unwrap();
    assert_eq!(
        (lukasz_eval.period_start, lukasz_eval.period_end),
        (d("2026-01-01"), d("2026-12-31"))
    );

    // Running it again creates nothing.
    let again = evaluations::start_annual_round(&mut db, &common::me(), &round).unwrap();
    assert!(again.created.is_empty());
    assert_eq!(again.skipped.len(), 3);

    let before = snapshot(&db);
    let bad = AnnualRoundInput {
        period_end: "2027-01-31".into(),
        ..round.clone()
    };
    refused(
        evaluations::start_annual_round(&mut db, &common::me(), &bad),
        &db,
        &before,
        "periodEnd",
    );
    let bad = AnnualRoundInput {
        year: 20_260,
        ..round
    };
    refused(
        evaluations::start_annual_round(&mut db, &common::me(), &bad),
        &db,
        &before,
        "year",
    );
}

#[test]
fn history_shows_scores_across_years_and_people_with_evaluations_are_kept() {
    let (_d, mut db) = fresh();
    let t = template(&mut db);
    let zoe = person(&mut db, "Zoë Núñez", None, "2020-01-01");
    let kim = person(&mut db, "Kim Reviewer", None, "2019-01-01");
    for (year, ratings) in [(2024, [3, 3, 3, 3]), (2025, [4, 4, 4, 5])] {
        let e = evaluations::create(
            &mut db,
            &common::me(),
            &NewEvaluation {
                staff_id: Some(zoe),
                template_id: Some(t),
                kind: Some(EvaluationKind::Annual),
                period_start: format!("{year}-01-01"),
                period_end: format!("{year}-12-31"),
                reviewer_id: Some(kim),
            },
        )
        .unwrap();
        let r: Vec<Option<i64>> = ratings.iter().map(|r| Some(*r)).collect();
        evaluations::save(&mut db, &common::me(), e.id, &rated(&e, &r), today()).unwrap();
        evaluations::finalize(&mut db, &common::me(), e.id, today()).unwrap();
    }
    let h = evaluations::history(db.raw(), &common::me(), zoe).unwrap();
    assert_eq!(h.iter().map(|e| e.year).collect::<Vec<_>>(), [2024, 2025]);
    assert_eq!(h[1].customer_service.as_ref().unwrap().display, "4.5");
    assert_eq!(h[1].overall.as_ref().unwrap().display, "4.2"); // (8+8+4+5)/6 = 4.1666…
    assert_eq!(h[0].rated_count, 4);

    let before = snapshot(&db);
    let msg = refused(
        staff::delete(&mut db, &common::me(), zoe),
        &db,
        &before,
        "status",
    );
    assert!(
        msg.contains("2 evaluations") && msg.contains("left"),
        "{msg}"
    );
    // Their reviewer is kept too: the reviews must keep naming them.
    let msg = refused(
        staff::delete(&mut db, &common::me(), kim),
        &db,
        &before,
        "status",
    );
    assert!(
        msg.contains("Kim Reviewer is the reviewer of Zoë Núñez's annual review 2025 and Zoë Núñez's annual review 2024"),
        "{msg}"
    );
}

#[test]
fn the_demo_has_a_template_last_year_finalized_and_this_year_in_progress() {
    let (_d, mut db) = fresh();
    standard_practice::demo::create(&mut db, &common::me(), Default::default(), today()).unwrap();
    let ts = templates::list(db.raw(), &common::me()).unwrap();
    assert_eq!(ts.len(), 1);
    let t = templates::get(db.raw(), &common::me(), ts[0].id).unwrap();
    let kinds: Vec<SectionKind> = t.sections.iter().map(|s| s.kind).collect();
    assert!(
        kinds.contains(&SectionKind::ExternalService)
            && kinds.contains(&SectionKind::InternalService)
    );
    assert!(
        t.sections
            .iter()
            .filter(|s| s.kind != SectionKind::General)
            .flat_map(|s| &s.criteria)
            .all(|c| c.standard_id.is_some()),
        "service criteria come from the standards"
    );

    let last = evaluations::list(
        db.raw(),
        &common::me(),
        &evaluations::EvaluationFilter {
            year: Some(2025),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!last.is_empty());
    assert!(last
        .iter()
        .all(|e| e.status != EvaluationStatus::Draft && e.overall.is_some()));
    let this = evaluations::list(
        db.raw(),
        &common::me(),
        &evaluations::EvaluationFilter {
            year: Some(2026),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(this.iter().any(|e| e.status == EvaluationStatus::Draft));
    assert!(this.iter().any(|e| e.status == EvaluationStatus::Finalized));
    assert!(this
        .iter()
        .any(|e| e.status == EvaluationStatus::Draft && e.rated_count > 0));
    // Evidence for a curated person: due status and acknowledged standards.
    let ev = evaluations::evidence(db.raw(), &common::me(), this[0].id, today()).unwrap();
    assert!(!ev.due.is_empty() || !ev.acknowledged.is_empty());
}

#[test]
fn an_amendment_cannot_undo_what_finalizing_required() {
    let (_d, mut db) = fresh();
    let t = template(&mut db);
    let zoe = person(&mut db, "Zoë Núñez", None, "2020-01-01");
    let e = annual(&mut db, zoe, t);
    let e = evaluations::save(
        &mut db,
        &common::me(),
        e.id,
        &rated(&e, &[Some(4), Some(4), Some(5), Some(3)]),
        today(),
    )
    .unwrap();
    let f = evaluations::finalize(&mut db, &common::me(), e.id, today()).unwrap();
    let before = snapshot(&db);
    // Customer service all N/A, with a reason: still refused.
    let mut all_na = rated(&f, &[Some(4), Some(4), None, None]);
    all_na.amendment_reason = "Not applicable after all".into();
    refused(
        evaluations::save(&mut db, &common::me(), e.id, &all_na, today()),
        &db,
        &before,
        "ratings",
    );
    // A rating cleared to "not rated": refused at that criterion.
    let mut cleared = rated(&f, &[Some(4), Some(4), Some(5), Some(3)]);
    cleared.ratings[0].rating = None;
    cleared.amendment_reason = "Oops".into();
    refused(
        evaluations::save(&mut db, &common::me(), e.id, &cleared, today()),
        &db,
        &before,
        "ratings.0.rating",
    );
    // The same criterion twice in one save: refused, not recorded wrongly.
    let mut twice = rated(&f, &[Some(4), Some(4), Some(5), Some(3)]);
    twice.ratings.push(RatingInput {
        rating: Some(1),
        ..twice.ratings[0].clone()
    });
    twice.amendment_reason = "Two minds".into();
    refused(
        evaluations::save(&mut db, &common::me(), e.id, &twice, today()),
        &db,
        &before,
        "ratings.4.rating",
    );
    // A bonus with a fraction of a cent.
    let mut bonus = rated(&f, &[Some(4), Some(4), Some(5), Some(3)]);
    bonus.recommendation = Some(Recommendation::Bonus);
    bonus.amendment_reason = "Bonus".into();
    for typed in [
        "100.004",
        "",
        "0",
        "-5",
        "1e3",
        "1,250.50",
        "1000000.01",
        "ten",
    ] {
        bonus.bonus = typed.into();
        refused(
            evaluations::save(&mut db, &common::me(), e.id, &bonus, today()),
            &db,
            &before,
            "bonus",
        );
    }
    // Typed amounts are read into exact cents.
    for (typed, shown) in [
        ("1250.5", "1250.50"),
        ("0,01", "0.01"),
        (" 1000000 ", "1000000.00"),
    ] {
        bonus.bonus = typed.into();
        let saved = evaluations::save(&mut db, &common::me(), e.id, &bonus, today()).unwrap();
        assert_eq!(
            saved.bonus_cents.map(evaluations::money).as_deref(),
            Some(shown)
        );
    }
}

#[test]
fn a_renamed_or_deleted_course_does_not_amend_the_plan() {
    use standard_practice::courses::{self, CourseCategory, CourseInput};
    let (_d, mut db) = fresh();
    let t = template(&mut db);
    let zoe = person(&mut db, "Zoë Núñez", None, "2020-01-01");
    let course = |title: &str| CourseInput {
        title: title.into(),
        category: CourseCategory::CustomerService,
        provider: String::new(),
        default_hours: 1.0,
        validity_months: None,
        description: String::new(),
    };
    let phone = courses::create(&mut db, &common::me(), &course("Telephone courtesy"))
        .unwrap()
        .id;
    let gone = courses::create(&mut db, &common::me(), &course("Old course"))
        .unwrap()
        .id;
    let e = annual(&mut db, zoe, t);
    let mut edit = rated(&e, &[Some(4), Some(4), Some(5), Some(3)]);
    edit.training_plan = vec![phone, gone];
    evaluations::save(&mut db, &common::me(), e.id, &edit, today()).unwrap();
    let f = evaluations::finalize(&mut db, &common::me(), e.id, today()).unwrap();

    courses::update(&mut db, &common::me(), phone, &course("Phone skills")).unwrap();
    courses::delete(&mut db, &common::me(), gone).unwrap();
    // The window sends the plan it can show: the courses still in the catalog.
    let mut same = rated(&f, &[Some(4), Some(4), Some(5), Some(3)]);
    same.training_plan = vec![phone];
    let after = evaluations::save(&mut db, &common::me(), e.id, &same, today()).unwrap();
    assert!(after.amendments.is_empty(), "{:?}", after.amendments);
    let titles: Vec<&str> = after
        .training_plan
        .iter()
        .map(|c| c.title.as_str())
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(
        titles.contains(&"Telephone courtesy") && titles.contains(&"Old course"),
        "{titles:?}"
    );
}

#[test]
fn every_bad_field_of_a_template_is_named_at_once() {
    let (_d, mut db) = fresh();
    let before = snapshot(&db);
    let mut t = input();
    t.name = String::new();
    t.sections[0].title = " ".into();
    t.sections[1].criteria[0].weight = -1.0;
    t.sections[2].criteria[0].levels = vec![String::new(); 6];
    let e = templates::create(&mut db, &common::me(), &t).unwrap_err();
    assert_eq!(
        common::refused_fields(&e),
        [
            "name",
            "sections.0.title",
            "sections.1.criteria.0.weight",
            "sections.2.criteria.0.levels"
        ],
        "{e:?}"
    );
    assert_eq!(snapshot(&db), before, "nothing saved");
}

#[test]
fn every_bad_field_of_an_evaluation_edit_is_named_at_once() {
    let (_d, mut db) = fresh();
    let t = template(&mut db);
    let zoe = person(&mut db, "Zoë Núñez", None, "2020-01-01");
    let e = annual(&mut db, zoe, t);
    let before = snapshot(&db);
    let mut edit = rated(&e, &[Some(7), Some(4), Some(3), Some(3)]);
    edit.ratings[1].not_applicable = true;
    edit.ratings[2].comment = "x".repeat(20_000);
    edit.summary = "x".repeat(20_000);
    edit.strengths = "x".repeat(20_000);
    edit.goals = vec![
        Goal {
            goal: " ".into(),
            target_date: "2027-01-31".into(),
        },
        Goal {
            goal: "Answer before the third ring".into(),
            target_date: "2025-06-30".into(),
        },
    ];
    edit.training_plan = vec![standard_practice::ids::CourseId(404)];
    edit.recommendation = Some(Recommendation::MeritIncrease);
    edit.merit_percent = Some(250.0);
    edit.employee_comments = "x".repeat(20_000);
    let e2 = evaluations::save(&mut db, &common::me(), e.id, &edit, today()).unwrap_err();
    assert_eq!(
        common::refused_fields(&e2),
        [
            "ratings.0.rating",
            "ratings.1.rating",
            "ratings.2.comment",
            "summary",
            "strengths",
            "goals.0.goal",
            "goals.1.targetDate",
            "trainingPlan",
            "meritPercent",
            "employeeComments",
        ],
        "{e2:?}"
    );
    assert_eq!(
        e2.payload().also[5].message,
        "The target date 2025-06-30 is before the review period starts (2026-01-01)"
    );
    assert_eq!(snapshot(&db), before, "nothing saved");
    // One bad field: named alone, as before.
    let one = rated(&e, &[Some(4), Some(0), Some(3), Some(3)]);
    let e1 = evaluations::save(&mut db, &common::me(), e.id, &one, today()).unwrap_err();
    assert_eq!(common::refused_fields(&e1), ["ratings.1.rating"]);
    assert_eq!(snapshot(&db), before, "nothing saved");
}
