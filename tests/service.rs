//! The evidence of service: who serves whom between job roles, and thank-yous
//! — given by managers and by colleagues at the kiosk, on the kiosk's wall,
//! hidden by the person thanked, printed as a certificate — with who may do
//! what decided in the core and every refusal leaving the practice as it was.

mod common;

use chrono::{Datelike, Utc};
use common::{d, fresh, me, snapshot, today};
use standard_practice::access::Actor;
use standard_practice::accounts::{self, AccountInput};
use standard_practice::audit::{self, Entity};
use standard_practice::check_ins::{self, CheckInInput};
use standard_practice::colleague_feedback::{
    self, AnswerInputLine, RequestInput, ResponseInput, StandardAnswer, ToAnswer,
};
use standard_practice::demo::{self, DemoSize, DEMO_PIN};
use standard_practice::documents::{self, Document, PrintOptions};
use standard_practice::evaluations::self_review::{self, SelfRatingInput, SelfReviewInput};
use standard_practice::evaluations::{
    self, Evaluation, EvaluationFilter, EvaluationKind, EvaluationStatus, NewEvaluation,
};
use standard_practice::ids::{FeedbackId, RoleId, StaffId, StandardId};
use standard_practice::import::{self, ImportKind};
use standard_practice::patient_feedback::{
    self, FeedbackChannel, FeedbackKind, PatientFeedbackFilter, PatientFeedbackInput,
};
use standard_practice::recognition::{self, RecognitionFilter, RecognitionInput};
use standard_practice::roles::{self, RoleInput};
use standard_practice::service_checks::{self, CheckFilter, CheckInput};
use standard_practice::staff::{self, StaffFilter};
use standard_practice::standards::{self, StandardInput};
use standard_practice::suggestions::{self, Decision, DecisionInput, SuggestionInput};
use standard_practice::templates::{self, TemplateInput};
use standard_practice::{pages, practice, Db, ErrorCode};

/// The demo practice with an owner, and two people of it signed in at the
/// kiosk: Zoë Núñez (reception) and Priya Raghunathan (billing).
fn practice() -> (tempfile::TempDir, Db, Actor, Actor, Actor) {
    let (dir, mut db) = fresh();
    let owner = accounts::create_owner(
        &mut db,
        &AccountInput {
            name: "Dr. Patel".into(),
            passphrase: "lakeside harbour 1974".into(),
            confirm: "lakeside harbour 1974".into(),
            staff_id: None,
        },
    )
    .unwrap();
    demo::create(&mut db, &owner, DemoSize::default(), today()).unwrap();
    let options = accounts::sign_in_options(db.raw()).unwrap();
    let mut kiosk = |name: &str| {
        let account = options.kiosk.iter().find(|c| c.name == name).unwrap().id;
        accounts::sign_in(&mut db, account, DEMO_PIN, Utc::now()).unwrap()
    };
    let zoe = kiosk("Zoë Núñez");
    let priya = kiosk("Priya Raghunathan");
    (dir, db, owner, zoe, priya)
}

fn id_of(db: &Db, name: &str) -> StaffId {
    staff::list(db.raw(), &me(), &StaffFilter::default())
        .unwrap()
        .into_iter()
        .find(|p| p.name == name)
        .unwrap()
        .id
}

fn role_id(db: &Db, name: &str) -> RoleId {
    roles::list(db.raw(), &me())
        .unwrap()
        .into_iter()
        .find(|r| r.name == name)
        .unwrap()
        .id
}

/// Runs `f`, expects a refusal with `code` (at `field`, when one is given),
/// and checks nothing was written.
fn refused<T: std::fmt::Debug>(
    db: &mut Db,
    code: ErrorCode,
    field: Option<&str>,
    f: impl FnOnce(&mut Db) -> standard_practice::Result<T>,
) -> String {
    let before = snapshot(db);
    let e = f(db).expect_err("should be refused");
    assert_eq!(e.code(), code, "{e}");
    if let Some(field) = field {
        assert_eq!(e.field(), Some(field), "{e}");
    }
    assert_eq!(snapshot(db), before, "a refusal wrote something: {e}");
    e.to_string()
}

fn thanks(people: &[StaffId], what: &str) -> RecognitionInput {
    RecognitionInput {
        staff_ids: people.to_vec(),
        what: what.into(),
        standard_id: None,
        happened_on: "2026-11-20".into(),
    }
}

#[test]
fn the_service_map_says_whom_a_person_serves() {
    let (_dir, mut db, owner, _, _) = practice();
    let reception = role_id(&db, "Receptionist");
    let billing = role_id(&db, "Billing coordinator");
    let zoe = id_of(&db, "Zoë Núñez");
    // The demo's reception serves the clinical team and billing.
    let page = pages::staff_page(&db, &owner, zoe, today()).unwrap();
    let roles: Vec<&str> = page
        .internal_customers
        .roles
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(
        roles,
        [
            "Billing coordinator",
            "Dental assistant",
            "Dental hygienist",
            "Dentist"
        ]
    );
    let people: Vec<&str> = page
        .internal_customers
        .people
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert!(people.contains(&"Priya Raghunathan"), "{people:?}");
    assert!(!people.contains(&"Zoë Núñez"), "nobody serves themselves");
    // Only active people: Tom Becker (left) and Ольга (on leave) are not asked.
    assert!(!people.contains(&"Tom Becker") && !people.contains(&"Ольга Смирнова"));

    // Reception made to serve itself too: her colleagues at the desk, not her.
    let mut input = RoleInput {
        name: "Receptionist".into(),
        description: String::new(),
        required_course_ids: roles::list(db.raw(), &owner)
            .unwrap()
            .into_iter()
            .find(|r| r.id == reception)
            .unwrap()
            .required_course_ids,
        customer_ids: vec![billing, reception],
        ..Default::default()
    };
    let saved = roles::update(&mut db, &owner, reception, &input).unwrap();
    assert_eq!(saved.customer_ids.len(), 2);
    let entries = audit::for_record(&db, &owner, Entity::JobRole, reception.0).unwrap();
    let change = entries[0]
        .changes
        .iter()
        .find(|c| c.field == "internalCustomers")
        .expect("the map's change is in the trail, by name");
    assert!(change.after.contains("Billing coordinator") && change.after.contains("Receptionist"));
    let page = pages::staff_page(&db, &owner, zoe, today()).unwrap();
    assert!(page.internal_customers.people.iter().all(|p| p.id != zoe));

    // A role that is not there is refused at its field.
    input.customer_ids = vec![RoleId(999)];
    refused(&mut db, ErrorCode::Invalid, Some("customerIds"), |db| {
        roles::update(db, &owner, reception, &input)
    });
    // A role another one serves cannot be deleted under it; one that only
    // serves others can, and its part of the map goes with it.
    let lab = common::role(&mut db, "Lab courier", &[]);
    input.customer_ids = vec![billing, lab];
    roles::update(&mut db, &owner, reception, &input).unwrap();
    let msg = refused(&mut db, ErrorCode::Conflict, Some("id"), |db| {
        roles::delete(db, &owner, lab)
    });
    assert!(
        msg.contains("internal customer of the job role Receptionist"),
        "{msg}"
    );
    input.customer_ids = vec![billing];
    roles::update(&mut db, &owner, reception, &input).unwrap();
    let courier = RoleInput {
        name: "Lab courier".into(),
        customer_ids: vec![reception, lab],
        ..Default::default()
    };
    roles::update(&mut db, &owner, lab, &courier).unwrap();
    roles::delete(&mut db, &owner, lab).unwrap();
    let left: i64 = db
        .raw()
        .query_row(
            "SELECT COUNT(*) FROM role_customers WHERE role_id = ?1 OR customer_id = ?1",
            [lab],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn a_colleague_at_the_kiosk_says_thank_you_in_their_own_name() {
    let (_dir, mut db, owner, zoe, priya) = practice();
    let priya_id = priya.staff().unwrap();
    let zoe_id = zoe.staff().unwrap();
    let mut input = thanks(&[priya_id], "Sorted out a patient's insurance in one call.");
    input.standard_id = Some(StandardId(5));
    let r = recognition::give(&mut db, &zoe, &input, today()).unwrap();
    assert_eq!(r.from_name, "Zoë Núñez");
    assert_eq!(r.from_staff, Some(zoe_id));
    assert_eq!(r.people.len(), 1);
    assert!(r
        .standard
        .is_some_and(|s| s.statement.starts_with("Acknowledge")));
    // In Priya's change list, by the name of who gave it.
    let trail = audit::for_person(&db, &owner, priya_id).unwrap();
    assert_eq!(trail[0].entity, Entity::Recognition);
    assert_eq!(trail[0].actor, "Zoë Núñez");
    // On Priya's kiosk page and everyone's wall.
    let page = pages::kiosk(&db, &priya, today()).unwrap();
    assert_eq!(page.recognitions[0].id, r.id);
    let wall = pages::kiosk(&db, &zoe, today()).unwrap().wall;
    let entry = wall.iter().find(|w| w.id == r.id).unwrap();
    assert!(!entry.about_me);

    // Nobody thanks themselves, nobody who left, nobody twice over.
    refused(&mut db, ErrorCode::Invalid, Some("staffIds"), |db| {
        recognition::give(db, &zoe, &thanks(&[zoe_id, priya_id], "Me too"), today())
    });
    let tom = id_of(&db, "Tom Becker");
    refused(&mut db, ErrorCode::Invalid, Some("staffIds"), |db| {
        recognition::give(db, &zoe, &thanks(&[tom], "Long ago"), today())
    });
    let twice = recognition::give(
        &mut db,
        &zoe,
        &thanks(&[priya_id, priya_id], "Again"),
        today(),
    )
    .unwrap();
    assert_eq!(twice.people.len(), 1);
    // Every bad field at once: nobody, nothing said, a day to come.
    let e = recognition::give(
        &mut db,
        &zoe,
        &RecognitionInput {
            staff_ids: vec![],
            what: "  ".into(),
            standard_id: Some(StandardId(999)),
            happened_on: "2026-12-25".into(),
        },
        today(),
    )
    .unwrap_err();
    let payload = e.payload();
    let mut fields = vec![payload.field.clone().unwrap()];
    fields.extend(payload.also.iter().map(|p| p.field.clone()));
    assert_eq!(fields, ["staffIds", "what", "standardId", "happenedOn"]);
}

#[test]
fn staff_see_only_their_own_thank_yous_and_hide_only_their_own() {
    let (_dir, mut db, owner, zoe, priya) = practice();
    let priya_id = priya.staff().unwrap();
    let zoe_id = zoe.staff().unwrap();
    let aoife = id_of(&db, "Aoife Ní Bhriain");
    let both = recognition::give(
        &mut db,
        &owner,
        &thanks(&[priya_id, aoife], "Closed the month's claims a day early."),
        today(),
    )
    .unwrap();
    assert_eq!(both.from_name, "Dr. Patel");

    // Zoë may list her own, not Priya's; she may not remove or hide one.
    let mine = RecognitionFilter {
        staff_id: Some(zoe_id),
        ..Default::default()
    };
    assert!(recognition::list(&db, &zoe, &mine).is_ok());
    let theirs = RecognitionFilter {
        staff_id: Some(priya_id),
        ..Default::default()
    };
    assert_eq!(
        recognition::list(&db, &zoe, &theirs).unwrap_err().code(),
        ErrorCode::Forbidden
    );
    assert_eq!(
        recognition::list(&db, &zoe, &RecognitionFilter::default())
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    assert_eq!(
        recognition::get(&db, &zoe, both.id).unwrap_err().code(),
        ErrorCode::Forbidden
    );
    refused(&mut db, ErrorCode::Forbidden, None, |db| {
        recognition::delete(db, &zoe, both.id)
    });
    refused(&mut db, ErrorCode::Forbidden, None, |db| {
        recognition::set_hidden(db, &zoe, both.id, true)
    });
    // Nor print its certificate; Priya may print hers.
    let opts = PrintOptions::now();
    let doc = Document::Recognition(both.id);
    assert_eq!(
        documents::render(&db, &zoe, &doc, opts).unwrap_err().code(),
        ErrorCode::Forbidden
    );
    let pdf = documents::render(&db, &priya, &doc, opts).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));

    // Priya hides it: the wall names only Aoife; Priya still sees it, marked.
    recognition::set_hidden(&mut db, &priya, both.id, true).unwrap();
    let on_wall = |db: &Db, who: &Actor| {
        pages::kiosk(db, who, today())
            .unwrap()
            .wall
            .into_iter()
            .find(|w| w.id == both.id)
    };
    let seen = on_wall(&db, &zoe).unwrap();
    assert_eq!(seen.people.len(), 1);
    assert_eq!(seen.people[0].id, aoife);
    assert!(on_wall(&db, &priya).unwrap().hidden_by_me);
    // Hiding it again changes nothing and writes nothing.
    let before = snapshot(&db);
    recognition::set_hidden(&mut db, &priya, both.id, true).unwrap();
    assert_eq!(snapshot(&db), before);
    // Once everyone in it hid it, it leaves the wall (Aoife has no kiosk
    // account here: her hiding is written as the window would never do it).
    db.raw()
        .execute(
            "UPDATE recognition_people SET hidden = 1 WHERE recognition_id = ?1",
            [both.id],
        )
        .unwrap();
    assert!(on_wall(&db, &zoe).is_none());
    assert!(on_wall(&db, &priya).is_some());

    // The owner removes it: gone from both people's lists, in both trails.
    recognition::delete(&mut db, &owner, both.id).unwrap();
    for person in [priya_id, aoife] {
        let trail = audit::for_person(&db, &owner, person).unwrap();
        assert_eq!(trail[0].action, "deleted");
    }
    assert_eq!(
        recognition::get(&db, &owner, both.id).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn a_person_with_thank_yous_is_marked_as_left_not_deleted() {
    let (_dir, mut db, owner, _, _) = practice();
    let sam = common::person(&mut db, "Sam Carter", None, "2026-10-01");
    recognition::give(
        &mut db,
        &owner,
        &thanks(&[sam], "A kind first week."),
        today(),
    )
    .unwrap();
    let msg = refused(&mut db, ErrorCode::Conflict, Some("status"), |db| {
        staff::delete(db, &owner, sam)
    });
    assert!(msg.contains("mark them as left"), "{msg}");
}

#[test]
fn the_wall_shows_the_last_ninety_days_newest_first() {
    let (_dir, mut db, owner, zoe, _) = practice();
    let zoe_id = zoe.staff().unwrap();
    let aoife = id_of(&db, "Aoife Ní Bhriain");
    let mut old = thanks(&[aoife], "Long ago");
    old.happened_on = (today() - chrono::Days::new(120)).to_string();
    let old = recognition::give(&mut db, &owner, &old, today()).unwrap();
    let new = recognition::give(&mut db, &owner, &thanks(&[zoe_id], "Lately"), today()).unwrap();
    let wall = pages::kiosk(&db, &zoe, today()).unwrap().wall;
    assert!(wall.len() <= recognition::WALL_SIZE);
    assert!(wall.iter().all(|w| w.id != old.id));
    let mine = wall.iter().find(|w| w.id == new.id).unwrap();
    assert!(mine.about_me && !mine.hidden_by_me);
    assert!(wall
        .windows(2)
        .all(|p| p[0].happened_on >= p[1].happened_on));
    assert!(wall
        .iter()
        .all(|w| w.happened_on >= d("2026-08-25") && w.happened_on <= today()));
}

#[test]
fn patients_feedback_is_for_the_office_and_names_no_patient() {
    let (_dir, mut db, owner, zoe, _) = practice();
    let zoe_id = zoe.staff().unwrap();
    let input = PatientFeedbackInput {
        received_on: "2026-11-02".into(),
        channel: Some(FeedbackChannel::Phone),
        kind: Some(FeedbackKind::Complaint),
        standard_id: Some(StandardId(1)),
        staff_id: Some(zoe_id),
        summary: "Put on hold twice and cut off.".into(),
        ..Default::default()
    };
    let logged = patient_feedback::log(&mut db, &owner, &input, today()).unwrap();
    assert_eq!(logged.closed_on, None);
    assert!(logged
        .standard
        .is_some_and(|s| s.statement.starts_with("Answer every call")));
    // In Zoë's change list, which she does not see; nor may she read it.
    let trail = audit::for_person(&db, &owner, zoe_id).unwrap();
    assert_eq!(trail[0].entity, Entity::PatientFeedback);
    for refusal in [
        patient_feedback::list(&db, &zoe, &Default::default()).map(drop),
        patient_feedback::get(&db, &zoe, logged.id).map(drop),
    ] {
        assert_eq!(refusal.unwrap_err().code(), ErrorCode::Forbidden);
    }
    refused(&mut db, ErrorCode::Forbidden, None, |db| {
        patient_feedback::log(db, &zoe, &input, today())
    });

    // Closed: not before it came in, not in the future; every bad field at once.
    let mut closing = input.clone();
    closing.closed_on = "2026-11-01".into();
    refused(&mut db, ErrorCode::Invalid, Some("closedOn"), |db| {
        patient_feedback::update(db, &owner, logged.id, &closing, today())
    });
    closing.closed_on = "2026-12-01".into();
    refused(&mut db, ErrorCode::Invalid, Some("closedOn"), |db| {
        patient_feedback::update(db, &owner, logged.id, &closing, today())
    });
    let bad = PatientFeedbackInput {
        received_on: "yesterday".into(),
        staff_id: Some(StaffId(999)),
        ..Default::default()
    };
    let e = patient_feedback::log(&mut db, &owner, &bad, today()).unwrap_err();
    let payload = e.payload();
    let mut fields = vec![payload.field.clone().unwrap()];
    fields.extend(payload.also.iter().map(|p| p.field.clone()));
    assert_eq!(
        fields,
        ["receivedOn", "channel", "kind", "staffId", "summary"]
    );
    closing.closed_on = "2026-11-05".into();
    closing.action_taken = "Called back; hold music now says the wait.".into();
    let closed = patient_feedback::update(&mut db, &owner, logged.id, &closing, today()).unwrap();
    assert_eq!(closed.closed_on, Some(d("2026-11-05")));
    let last_year = PatientFeedbackInput {
        received_on: "2025-12-31".into(),
        ..input.clone()
    };
    let older = patient_feedback::log(&mut db, &owner, &last_year, today()).unwrap();
    let in_year = |year| {
        let filter = PatientFeedbackFilter {
            year,
            ..Default::default()
        };
        let rows = patient_feedback::list(&db, &owner, &filter).unwrap();
        if let Some(y) = year {
            assert!(rows.iter().all(|f| f.received_on.year() == y));
        }
        rows.iter().map(|f| f.id).collect::<Vec<_>>()
    };
    let (this, last, all) = (in_year(Some(2026)), in_year(Some(2025)), in_year(None));
    assert!(this.contains(&logged.id) && !this.contains(&older.id));
    assert!(last.contains(&older.id) && !last.contains(&logged.id));
    assert!(all.len() >= this.len() + last.len());
    assert!(in_year(Some(-1)).is_empty() && in_year(Some(i32::MAX)).is_empty());
    patient_feedback::delete(&mut db, &owner, older.id).unwrap();

    // A revision names it; then it is kept.
    let detail = standards::detail(&db, &owner, StandardId(1), today()).unwrap();
    let latest = &detail.versions[0];
    let revision = StandardInput {
        audience: Some(latest.audience),
        channel: Some(latest.channel),
        statement: "Answer every call by the third ring; never leave a caller on hold without saying for how long.".into(),
        target_value: latest.target_value,
        target_unit: Some(latest.target_unit),
        target_text: latest.target_text.clone(),
        effective_date: today().to_string(),
        role_ids: latest.role_ids.clone(),
        prompted_by: vec![logged.id],
    };
    let revised = standards::revise(&mut db, &owner, StandardId(1), &revision, today()).unwrap();
    let prompted = &revised.prompted[0];
    assert_eq!(prompted.version, revised.versions[0].version);
    assert_eq!(prompted.feedback[0].id, logged.id);
    let msg = refused(&mut db, ErrorCode::Conflict, Some("id"), |db| {
        patient_feedback::delete(db, &owner, logged.id)
    });
    assert!(msg.contains("prompted the revision"), "{msg}");
    let mut nowhere = revision.clone();
    nowhere.prompted_by = vec![FeedbackId(999)];
    refused(&mut db, ErrorCode::Invalid, Some("promptedBy"), |db| {
        standards::revise(db, &owner, StandardId(1), &nowhere, today())
    });
}

#[test]
fn the_demo_has_a_year_of_patients_feedback_and_a_revision_it_prompted() {
    let (_dir, db, owner, _, _) = practice();
    let all = patient_feedback::list(&db, &owner, &Default::default()).unwrap();
    assert!(all.len() >= 10, "{}", all.len());
    assert!(all.iter().any(|f| f.kind == FeedbackKind::Compliment));
    assert!(all.iter().any(|f| f.closed_on.is_none()), "one still open");
    let phone = standards::detail(&db, &owner, StandardId(1), today()).unwrap();
    assert!(
        phone
            .prompted
            .first()
            .is_some_and(|p| p.feedback.len() >= 2),
        "{:?}",
        phone.prompted
    );
}

#[test]
fn the_demo_has_self_reviews_beside_the_reviewers_ratings() {
    let (_dir, db, owner, _, _) = practice();
    let this_year = evaluations::list(
        &db,
        &owner,
        &EvaluationFilter {
            year: Some(today().year()),
            ..Default::default()
        },
    )
    .unwrap();
    let of = |name: &str| {
        let summary = this_year.iter().find(|e| e.staff.name == name).unwrap();
        evaluations::get(&db, &owner, summary.id).unwrap()
    };
    for (name, status, said) in [
        ("王芳", EvaluationStatus::Draft, "每位病人"),
        ("Δημήτρης Παπαδόπουλος", EvaluationStatus::Draft, "Εξηγώ"),
        (
            "Zoë Núñez",
            EvaluationStatus::Finalized,
            "how long the wait is",
        ),
    ] {
        let e = of(name);
        assert_eq!(e.status, status, "{name}");
        assert!(
            e.self_review_on.is_some_and(|d| d <= today()),
            "{name} handed in"
        );
        let criteria: Vec<_> = e.sections.iter().flat_map(|s| &s.criteria).collect();
        assert!(criteria
            .iter()
            .all(|c| c.self_rating.is_some() || c.self_not_applicable));
        assert!(
            criteria[0].self_comment.contains(said),
            "{name}: in their own words"
        );
    }
    // The unrated drafts are left for the person at the kiosk.
    for name in ["Aoife Ní Bhriain", "Łukasz Żółć"] {
        assert!(of(name).self_review_on.is_none(), "{name}");
    }
}

/// A check of the demo's phone standard (#1: three rings since its latest
/// version, 20 days ago; four before).
fn phone_check(
    on: &str,
    who: Option<StaffId>,
    observed: Option<f64>,
    met: Option<bool>,
) -> CheckInput {
    CheckInput {
        standard_id: Some(StandardId(1)),
        checked_on: on.into(),
        staff_id: who,
        observed,
        met,
        note: String::new(),
    }
}

#[test]
fn a_check_is_judged_by_the_target_in_force_that_day() {
    let (_dir, mut db, owner, zoe, _) = practice();
    let zoe_id = zoe.staff().unwrap();
    let before_revision = (today() - chrono::Days::new(30)).to_string();
    let after_revision = (today() - chrono::Days::new(5)).to_string();
    let old = service_checks::record(
        &mut db,
        &owner,
        &phone_check(&before_revision, Some(zoe_id), Some(4.0), None),
        today(),
    )
    .unwrap();
    assert!(old.met, "four rings met the old target");
    assert_eq!(old.target, "4 rings");
    let new = service_checks::record(
        &mut db,
        &owner,
        &phone_check(&after_revision, Some(zoe_id), Some(4.0), None),
        today(),
    )
    .unwrap();
    assert!(!new.met, "four rings miss the new one");
    assert_eq!((new.version, new.target.as_str()), (2, "3 rings"));
    let desk = service_checks::record(
        &mut db,
        &owner,
        &phone_check(&after_revision, None, None, Some(true)),
        today(),
    )
    .unwrap();
    assert!(desk.staff.is_none() && desk.met && desk.observed.is_none());
    let trail = audit::for_person(&db, &owner, zoe_id).unwrap();
    assert_eq!(trail[0].entity, Entity::ServiceCheck);

    // Said met against what was observed; nothing at all; a number against a
    // target in words; before the standard; in the future; at the kiosk.
    refused(&mut db, ErrorCode::Invalid, Some("met"), |db| {
        service_checks::record(
            db,
            &owner,
            &phone_check(&after_revision, None, Some(5.0), Some(true)),
            today(),
        )
    });
    refused(&mut db, ErrorCode::Invalid, Some("met"), |db| {
        service_checks::record(
            db,
            &owner,
            &phone_check(&after_revision, None, None, None),
            today(),
        )
    });
    let mut words = phone_check(&after_revision, None, Some(1.0), None);
    words.standard_id = Some(StandardId(6));
    refused(&mut db, ErrorCode::Invalid, Some("observed"), |db| {
        service_checks::record(db, &owner, &words, today())
    });
    refused(&mut db, ErrorCode::Invalid, Some("checkedOn"), |db| {
        service_checks::record(
            db,
            &owner,
            &phone_check("2001-01-01", None, Some(1.0), None),
            today(),
        )
    });
    refused(&mut db, ErrorCode::Invalid, Some("checkedOn"), |db| {
        service_checks::record(
            db,
            &owner,
            &phone_check("2026-12-01", None, Some(1.0), None),
            today(),
        )
    });
    for observed in [-1.0, f64::NAN, f64::INFINITY, 1e9] {
        refused(&mut db, ErrorCode::Invalid, Some("observed"), |db| {
            service_checks::record(
                db,
                &owner,
                &phone_check(&after_revision, None, Some(observed), None),
                today(),
            )
        });
    }
    refused(&mut db, ErrorCode::Forbidden, None, |db| {
        service_checks::record(
            db,
            &zoe,
            &phone_check(&after_revision, None, Some(1.0), None),
            today(),
        )
    });
    assert_eq!(
        service_checks::list(&db, &zoe, &CheckFilter::default())
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
}

#[test]
fn met_rates_are_counts_by_month_by_standard_and_by_person() {
    let (_dir, mut db, owner, zoe, _) = practice();
    let zoe_id = zoe.staff().unwrap();
    let only_zoe = CheckFilter {
        standard_id: Some(StandardId(1)),
        staff_id: Some(zoe_id),
        ..Default::default()
    };
    let months = service_checks::by_month(&db, &owner, &only_zoe).unwrap();
    assert!(
        months.len() >= 12,
        "a year of the demo's weekly checks: {months:?}"
    );
    let listed = service_checks::list(&db, &owner, &only_zoe).unwrap();
    let (checks, met) = months
        .iter()
        .fold((0, 0), |(c, m), r| (c + r.rate.checks, m + r.rate.met));
    assert_eq!(checks as usize, listed.len());
    assert_eq!(met as usize, listed.iter().filter(|c| c.met).count());
    assert!(listed
        .iter()
        .all(|c| c.staff.as_ref().is_some_and(|s| s.id == zoe_id)));
    // Her rate counts only her checks; the standard's counts everyone's.
    let hers = service_checks::rates_this_year(&db, &owner, Some(zoe_id), today()).unwrap();
    let all = service_checks::rates_this_year(&db, &owner, None, today()).unwrap();
    let phone = |rates: &[service_checks::StandardRate]| {
        rates
            .iter()
            .find(|r| r.standard.id == StandardId(1))
            .unwrap()
            .rate
    };
    assert!(phone(&all).checks > phone(&hers).checks);
    // A new check moves the month's count by exactly one.
    let this_month = months.last().unwrap().clone();
    let on = today().to_string();
    assert!(on.starts_with(&this_month.month));
    service_checks::record(
        &mut db,
        &owner,
        &phone_check(&on, Some(zoe_id), Some(9.0), None),
        today(),
    )
    .unwrap();
    let again = service_checks::by_month(&db, &owner, &only_zoe).unwrap();
    let now = again.last().unwrap();
    assert_eq!(
        (now.rate.checks, now.rate.met),
        (this_month.rate.checks + 1, this_month.rate.met)
    );
}

#[test]
fn checks_import_from_a_csv_all_or_nothing() {
    let (_dir, mut db, owner, zoe, _) = practice();
    let good = "Date,Standard,Name,Rings,Met,Note\n\
                2026-11-20,1,Zoë Núñez,2,,\n\
                2026-11-20,1,,,no,phones down at lunch\n\
                2026-11-21,\"Reply to every patient email, even if only to say when a full answer will follow.\",Zoë Núñez,,yes,\n";
    let bad = format!("{good}2026-11-21,1,Nobody Here,2,,\n2026-11-22,99,,x,maybe,\n");
    let before = snapshot(&db);
    let preview = import::csv(&mut db, &owner, ImportKind::Checks, &bad, today(), true).unwrap();
    assert!(!preview.imported);
    assert_eq!(preview.rows_with_problems, 2);
    let problems: Vec<&str> = preview
        .rows
        .iter()
        .flat_map(|r| r.problems.iter().map(String::as_str))
        .collect();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("Nobody in the practice matches")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("No standard numbered or worded \"99\"")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("is not yes or no")),
        "{problems:?}"
    );
    assert_eq!(snapshot(&db), before, "nothing imported");
    assert_eq!(
        import::csv(&mut db, &zoe, ImportKind::Checks, good, today(), true)
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    let count = |db: &Db| {
        service_checks::list(db, &owner, &CheckFilter::default())
            .unwrap()
            .len()
    };
    let had = count(&db);
    let done = import::csv(&mut db, &owner, ImportKind::Checks, good, today(), true).unwrap();
    assert!(done.imported, "{done:?}");
    assert_eq!(count(&db), had + 3);
    // Judged like a typed check: a file of 9 rings against 3 is not met.
    let late = "Date,Standard,Name,Rings\n2026-11-22,1,Zoë Núñez,9\n";
    import::csv(&mut db, &owner, ImportKind::Checks, late, today(), true).unwrap();
    let newest = &service_checks::list(&db, &owner, &CheckFilter::default()).unwrap()[0];
    assert_eq!((newest.observed, newest.met), (Some(9.0), false));
    // A file without the columns it needs says which.
    let e = import::csv(
        &mut db,
        &owner,
        ImportKind::Checks,
        "Name,Note\nZoë,hi\n",
        today(),
        false,
    )
    .unwrap_err();
    assert!(e.to_string().contains("the standard (Standard)"), "{e}");
}

/// A mid-year draft for Zoë over the last six months, from the demo's
/// template, whose phone criterion is measured by the weekly checks.
fn zoes_mid_year(db: &mut Db, owner: &Actor, zoe: StaffId) -> Evaluation {
    let template = templates::list(&*db, owner).unwrap()[0].id;
    evaluations::create(
        db,
        owner,
        &NewEvaluation {
            staff_id: Some(zoe),
            template_id: Some(template),
            kind: Some(EvaluationKind::MidYear),
            period_start: (today() - chrono::Days::new(180)).to_string(),
            period_end: today().to_string(),
            reviewer_id: None,
        },
    )
    .unwrap()
}

/// Where the measured phone criterion is among all the criteria (the form's
/// `ratings.{i}`), and the criterion.
fn phone_criterion(e: &Evaluation) -> (usize, evaluations::Criterion) {
    e.sections
        .iter()
        .flat_map(|s| &s.criteria)
        .enumerate()
        .find(|(_, c)| c.measured && c.standard_id == Some(StandardId(1)))
        .map(|(i, c)| (i, c.clone()))
        .expect("the measured phone criterion")
}

#[test]
fn a_measured_criterion_proposes_its_rating_and_an_override_keeps_its_reason() {
    let (_dir, mut db, owner, zoe, _) = practice();
    let zoe_id = zoe.staff().unwrap();
    let draft = zoes_mid_year(&mut db, &owner, zoe_id);
    let (i, phone) = phone_criterion(&draft);
    let p = phone.proposal.expect("her checks propose a rating");
    // The proposal is her met rate of the phone standard in the period.
    let hers = service_checks::list(
        &db,
        &owner,
        &CheckFilter {
            standard_id: Some(StandardId(1)),
            staff_id: Some(zoe_id),
            from: draft.period_start.to_string(),
            to: draft.period_end.to_string(),
        },
    )
    .unwrap();
    assert_eq!(p.rate.checks as usize, hers.len());
    assert_eq!(p.rate.met as usize, hers.iter().filter(|c| c.met).count());
    let thresholds = practice::settings(&db, &owner).unwrap().met_rate_thresholds;
    assert_eq!(
        Some(p.rating),
        service_checks::proposed_rating(&thresholds, p.rate)
    );

    // Rated otherwise without a reason: refused at the reason, nothing written.
    let other = if p.rating == 5 { 4 } else { p.rating + 1 };
    let mut edit = common::edit_of(&draft);
    edit.ratings[i].rating = Some(i64::from(other));
    refused(
        &mut db,
        ErrorCode::Invalid,
        Some(&format!("ratings.{i}.overrideReason")),
        |db| evaluations::save(db, &owner, draft.id, &edit, today()),
    );
    edit.ratings[i].override_reason = "Covered the phones alone through the flu weeks.".into();
    let saved = evaluations::save(&mut db, &owner, draft.id, &edit, today()).unwrap();
    let (_, c) = phone_criterion(&saved);
    assert_eq!(c.rating, Some(other));
    assert_eq!(
        c.override_reason,
        "Covered the phones alone through the flu weeks."
    );
    let trail = audit::for_record(&db, &owner, Entity::Evaluation, draft.id.0).unwrap();
    assert!(trail[0]
        .changes
        .iter()
        .any(|ch| ch.field.starts_with("Reason for not the proposed rating")));
    // Accepting the proposal keeps no reason.
    edit.ratings[i].rating = Some(i64::from(p.rating));
    let accepted = evaluations::save(&mut db, &owner, draft.id, &edit, today()).unwrap();
    assert_eq!(phone_criterion(&accepted).1.override_reason, "");

    // A draft's proposal follows the practice's thresholds and new checks.
    let mut settings = practice::settings(&db, &owner).unwrap();
    settings.met_rate_thresholds = vec![100, 99, 98, 97];
    practice::update(&mut db, &owner, &settings).unwrap();
    let strict = phone_criterion(&evaluations::get(&db, &owner, draft.id).unwrap()).1;
    assert!(strict.proposal.unwrap().rating <= p.rating);
}

#[test]
fn a_finalized_review_keeps_the_proposal_it_was_signed_with() {
    let (_dir, mut db, owner, zoe, _) = practice();
    let zoe_id = zoe.staff().unwrap();
    let draft = zoes_mid_year(&mut db, &owner, zoe_id);
    let mut edit = common::edit_of(&draft);
    for (n, c) in draft.sections.iter().flat_map(|s| &s.criteria).enumerate() {
        edit.ratings[n].rating = Some(i64::from(c.proposal.map_or(3, |p| p.rating)));
    }
    evaluations::save(&mut db, &owner, draft.id, &edit, today()).unwrap();
    // A check added after saving moves the proposal: finalizing asks again.
    let (i, before) = phone_criterion(&evaluations::get(&db, &owner, draft.id).unwrap());
    let p = before.proposal.unwrap();
    for _ in 0..(p.rate.checks * 2) {
        service_checks::record(
            &mut db,
            &owner,
            &phone_check(&today().to_string(), Some(zoe_id), Some(9.0), None),
            today(),
        )
        .unwrap();
    }
    let moved = phone_criterion(&evaluations::get(&db, &owner, draft.id).unwrap())
        .1
        .proposal
        .unwrap();
    assert!(moved.rating < p.rating, "{moved:?} after {p:?}");
    let e = evaluations::finalize(&mut db, &owner, draft.id, today()).unwrap_err();
    assert_eq!(
        e.field(),
        Some(format!("ratings.{i}.overrideReason").as_str()),
        "{e}"
    );
    edit.ratings[i].override_reason = "The new phone system failed for two weeks.".into();
    evaluations::save(&mut db, &owner, draft.id, &edit, today()).unwrap();
    let done = evaluations::finalize(&mut db, &owner, draft.id, today()).unwrap();
    let kept = phone_criterion(&done).1.proposal.unwrap();
    assert_eq!(kept, moved);
    // Later checks never rewrite the signed review.
    service_checks::record(
        &mut db,
        &owner,
        &phone_check(&today().to_string(), Some(zoe_id), Some(1.0), None),
        today(),
    )
    .unwrap();
    let again = phone_criterion(&evaluations::get(&db, &owner, draft.id).unwrap()).1;
    assert_eq!(again.proposal, Some(kept));
    // And the printed review says what was proposed and why it was not taken.
    let pdf = documents::render(
        &db,
        &owner,
        &Document::Evaluation(draft.id),
        PrintOptions::now(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).replace('\n', " ");
    assert!(
        text.contains(&format!("Proposed by service checks: {}", kept.rating)),
        "{text}"
    );
    assert!(text.contains("The new phone system failed"), "{text}");
}

#[test]
fn only_a_criterion_made_from_a_standard_can_be_measured() {
    let (_dir, mut db, owner, _, _) = practice();
    let template = templates::list(&db, &owner).unwrap()[0].id;
    let t = templates::get(&db, &owner, template).unwrap();
    let mut input = TemplateInput {
        name: t.name.clone(),
        description: t.description.clone(),
        sections: t.sections.clone(),
    };
    input.sections[0].criteria[0].measured = true;
    assert!(input.sections[0].criteria[0].standard_id.is_none());
    refused(
        &mut db,
        ErrorCode::Invalid,
        Some("sections.0.criteria.0.measured"),
        |db| templates::update(db, &owner, template, &input),
    );
}

#[test]
fn a_review_keeps_the_evidence_it_was_finalized_with() {
    let (_dir, mut db, owner, zoe, _) = practice();
    let zoe_id = zoe.staff().unwrap();
    let draft = zoes_mid_year(&mut db, &owner, zoe_id);
    let live = |db: &Db| {
        evaluations::evidence(db, &owner, draft.id, today())
            .unwrap()
            .service
            .unwrap()
    };
    let before = live(&db);
    assert_eq!(
        (before.from, before.to),
        (draft.period_start, draft.period_end)
    );
    assert!(!before.checks.is_empty(), "her weekly checks");
    // While a draft, a new thank-you counts at once.
    recognition::give(
        &mut db,
        &owner,
        &thanks(&[zoe_id], "Calm on a hard day."),
        today(),
    )
    .unwrap();
    assert_eq!(live(&db).recognitions.len(), before.recognitions.len() + 1);
    // Finalized: what it was signed with stays, whatever is added later.
    let mut edit = common::edit_of(&draft);
    for (n, c) in draft.sections.iter().flat_map(|s| &s.criteria).enumerate() {
        edit.ratings[n].rating = Some(i64::from(c.proposal.map_or(3, |p| p.rating)));
    }
    evaluations::save(&mut db, &owner, draft.id, &edit, today()).unwrap();
    evaluations::finalize(&mut db, &owner, draft.id, today()).unwrap();
    let signed = live(&db);
    recognition::give(&mut db, &owner, &thanks(&[zoe_id], "And again."), today()).unwrap();
    patient_feedback::log(
        &mut db,
        &owner,
        &PatientFeedbackInput {
            received_on: today().to_string(),
            channel: Some(FeedbackChannel::Phone),
            kind: Some(FeedbackKind::Complaint),
            staff_id: Some(zoe_id),
            summary: "Rude on the phone.".into(),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    assert_eq!(
        live(&db),
        signed,
        "later entries never rewrite a signed review"
    );
    // The person sees it with her own review.
    let hers = evaluations::evidence(&db, &zoe, draft.id, today()).unwrap();
    assert_eq!(hers.service.as_ref(), Some(&signed));
    // A damaged copy says so; it does not vanish.
    db.raw()
        .execute(
            "UPDATE evaluations SET evidence = '{\"from\": 1' WHERE id = ?1",
            [draft.id],
        )
        .unwrap();
    let e = evaluations::evidence(&db, &owner, draft.id, today()).unwrap_err();
    assert!(e.to_string().contains("unreadable"), "{e}");
}

#[test]
fn the_evidence_for_a_year_is_the_office_s() {
    let (_dir, db, owner, zoe, _) = practice();
    let zoe_id = zoe.staff().unwrap();
    let year = standard_practice::evidence::for_year(&db, &owner, zoe_id, 2026, today()).unwrap();
    assert_eq!(year.from, d("2026-01-01"));
    let rates: u32 = year.checks.iter().map(|c| c.rate.checks).sum();
    assert!(rates > 0);
    assert_eq!(
        standard_practice::evidence::for_year(&db, &zoe, zoe_id, 2026, today())
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    for (year, field) in [(2030, "year"), (2026, "staffId")] {
        let person = if field == "staffId" {
            StaffId(999)
        } else {
            zoe_id
        };
        let e =
            standard_practice::evidence::for_year(&db, &owner, person, year, today()).unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
    }
}

/// Signs in at the kiosk as `name` (the demo's PIN).
fn at_kiosk(db: &mut Db, name: &str) -> Actor {
    let options = accounts::sign_in_options(db.raw()).unwrap();
    let account = options.kiosk.iter().find(|c| c.name == name).unwrap().id;
    accounts::sign_in(db, account, DEMO_PIN, Utc::now()).unwrap()
}

/// Every internal standard of the request answered `answer`.
fn answers_to(t: &ToAnswer, answer: StandardAnswer, would_choose: i64) -> ResponseInput {
    ResponseInput {
        answers: t
            .standards
            .iter()
            .map(|s| AnswerInputLine {
                standard_id: Some(s.id),
                answer: Some(answer),
                comment: String::new(),
            })
            .collect(),
        would_choose: Some(would_choose),
        comment: String::new(),
    }
}

#[test]
fn colleagues_answer_in_confidence_and_the_person_sees_only_the_sum_of_three() {
    // About Priya (billing), on whom no colleague has answered yet; asked of
    // Zoë at the front desk and three of the clinical team.
    let (_dir, mut db, owner, zoe, priya) = practice();
    let priya_id = priya.staff().unwrap();
    let names = ["Zoë Núñez", "Aoife Ní Bhriain", "王芳", "佐藤 健"];
    let ids: Vec<StaffId> = names.iter().map(|n| id_of(&db, n)).collect();
    let ask = |colleagues: Vec<StaffId>, closes: &str| RequestInput {
        staff_id: Some(priya_id),
        colleague_ids: colleagues,
        purpose: "For her mid-year review".into(),
        closes_on: closes.into(),
    };
    // Not about herself, not of someone who left, not in the past or too far
    // ahead, not by staff.
    let tom = id_of(&db, "Tom Becker");
    for (input, field) in [
        (ask(vec![priya_id, ids[0]], "2026-12-10"), "colleagueIds"),
        (ask(vec![tom], "2026-12-10"), "colleagueIds"),
        (ask(vec![], "2026-12-10"), "colleagueIds"),
        (ask(ids.clone(), "2026-11-01"), "closesOn"),
        (ask(ids.clone(), "2027-06-01"), "closesOn"),
    ] {
        refused(&mut db, ErrorCode::Invalid, Some(field), |db| {
            colleague_feedback::ask(db, &owner, &input, today())
        });
    }
    refused(&mut db, ErrorCode::Forbidden, None, |db| {
        colleague_feedback::ask(db, &priya, &ask(ids.clone(), "2026-12-10"), today())
    });
    let request =
        colleague_feedback::ask(&mut db, &owner, &ask(ids.clone(), "2026-12-10"), today()).unwrap();
    assert_eq!(request.asked.len(), 4);

    // At Zoë's kiosk: the internal standards that bind billing.
    let todo = pages::kiosk(&db, &zoe, today()).unwrap().feedback_to_give;
    let t = todo
        .iter()
        .find(|t| t.request == request.id)
        .expect("asked");
    let statements: Vec<&str> = t.standards.iter().map(|s| s.statement.as_str()).collect();
    assert_eq!(statements.len(), 1, "{statements:?}");
    assert!(statements[0].starts_with("Acknowledge a colleague's request"));
    // Every standard answered, "would choose" from 1 to 5: all at once.
    let mut bad = answers_to(t, StandardAnswer::Met, 0);
    bad.answers[0].answer = None;
    let e = colleague_feedback::answer(&mut db, &zoe, request.id, &bad, today()).unwrap_err();
    let payload = e.payload();
    let mut fields = vec![payload.field.clone().unwrap()];
    fields.extend(payload.also.iter().map(|p| p.field.clone()));
    assert_eq!(fields, ["answers.0.answer", "wouldChoose"]);
    let mut none = answers_to(t, StandardAnswer::Met, 5);
    none.answers.clear();
    let e = colleague_feedback::answer(&mut db, &zoe, request.id, &none, today()).unwrap_err();
    assert_eq!(e.field(), Some("answers"));
    // Priya was not asked: nobody answers about themselves.
    refused(&mut db, ErrorCode::Forbidden, None, |db| {
        colleague_feedback::answer(
            db,
            &priya,
            request.id,
            &answers_to(t, StandardAnswer::Met, 5),
            today(),
        )
    });
    colleague_feedback::answer(
        &mut db,
        &zoe,
        request.id,
        &answers_to(t, StandardAnswer::Met, 5),
        today(),
    )
    .unwrap();
    // Once.
    refused(&mut db, ErrorCode::Conflict, Some("request"), |db| {
        colleague_feedback::answer(
            db,
            &zoe,
            request.id,
            &answers_to(t, StandardAnswer::Met, 5),
            today(),
        )
    });
    let still = pages::kiosk(&db, &zoe, today()).unwrap().feedback_to_give;
    assert!(still.iter().all(|t| t.request != request.id));

    // Two answers: Priya sees how many, nothing more.
    let aoife = at_kiosk(&mut db, names[1]);
    colleague_feedback::answer(
        &mut db,
        &aoife,
        request.id,
        &answers_to(t, StandardAnswer::Sometimes, 3),
        today(),
    )
    .unwrap();
    let page = pages::kiosk(&db, &priya, today()).unwrap();
    assert_eq!(
        (page.feedback_answered, page.feedback_about_me.is_none()),
        (2, true)
    );
    // Three: the sum, with no names in it.
    let wang = at_kiosk(&mut db, names[2]);
    colleague_feedback::answer(
        &mut db,
        &wang,
        request.id,
        &answers_to(t, StandardAnswer::Met, 4),
        today(),
    )
    .unwrap();
    let page = pages::kiosk(&db, &priya, today()).unwrap();
    let sum = page.feedback_about_me.clone().expect("three answered");
    assert_eq!(
        (
            sum.answered,
            sum.would_choose_sum,
            sum.would_choose_mean.as_str()
        ),
        (3, 12, "4.0")
    );
    let acknowledge = &sum.per_standard[0];
    assert_eq!((acknowledge.met, acknowledge.sometimes), (2, 1));
    let json = serde_json::to_string(&page.feedback_about_me).unwrap();
    for n in &names[..3] {
        assert!(!json.contains(n), "a name in the summary: {json}");
    }
    // The office reads who said what; Priya may not.
    let detail = colleague_feedback::get(&db, &owner, request.id).unwrap();
    assert_eq!(detail.responses.len(), 3);
    assert!(detail
        .responses
        .iter()
        .any(|r| r.colleague.name == "Zoë Núñez" && r.would_choose == 5));
    assert_eq!(
        colleague_feedback::get(&db, &priya, request.id)
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    // It is in her evidence, as a sum.
    let ev = standard_practice::evidence::for_year(&db, &owner, priya_id, 2026, today()).unwrap();
    assert_eq!(ev.colleagues.map(|c| c.answered), Some(3));
    // Closed: no more answers.
    let sato = at_kiosk(&mut db, names[3]);
    let later = today() + chrono::Days::new(30);
    refused(&mut db, ErrorCode::Conflict, Some("request"), |db| {
        colleague_feedback::answer(
            db,
            &sato,
            request.id,
            &answers_to(t, StandardAnswer::Met, 5),
            later,
        )
    });
}

#[test]
fn a_self_review_is_the_person_s_until_handed_in_then_beside_the_manager_s() {
    let (_dir, mut db, owner, zoe, priya) = practice();
    let zoe_id = zoe.staff().unwrap();
    let draft = zoes_mid_year(&mut db, &owner, zoe_id);
    let mine = pages::kiosk(&db, &zoe, today()).unwrap().self_reviews;
    let form = mine
        .iter()
        .find(|s| s.evaluation == draft.id)
        .expect("her draft to rate");
    assert!(form.criteria.iter().all(|c| c.rating.is_none()) && form.handed_in_on.is_none());
    let rate = |n: Option<usize>, rating: i64| SelfReviewInput {
        ratings: form
            .criteria
            .iter()
            .take(n.unwrap_or(form.criteria.len()))
            .map(|c| SelfRatingInput {
                criterion_id: c.id,
                rating: Some(rating),
                not_applicable: false,
                comment: "I kept callers informed.".into(),
            })
            .collect(),
        hand_in: n.is_none(),
    };
    // Saved as she goes; nobody else may.
    self_review::save(&mut db, &zoe, draft.id, &rate(Some(2), 4), today()).unwrap();
    for who in [&priya, &owner] {
        refused(&mut db, ErrorCode::Forbidden, None, |db| {
            self_review::save(db, who, draft.id, &rate(Some(2), 5), today())
        });
    }
    // Not yet handed in: the reviewer sees none of it, nor in the trail.
    let saved_rows = |db: &Db| {
        audit::for_person(db, &owner, zoe_id)
            .unwrap()
            .iter()
            .filter(|a| a.action == "self-review saved")
            .count()
    };
    assert_eq!(saved_rows(&db), 0);
    let e = evaluations::get(&db, &owner, draft.id).unwrap();
    assert!(e.self_review_on.is_none());
    assert!(e
        .sections
        .iter()
        .flat_map(|s| &s.criteria)
        .all(|c| c.self_rating.is_none()));
    // Handing in asks for every criterion; a bad rating is named.
    let mut partial = rate(Some(2), 4);
    partial.hand_in = true;
    refused(&mut db, ErrorCode::Invalid, Some("ratings"), |db| {
        self_review::save(db, &zoe, draft.id, &partial, today())
    });
    let mut gaps = rate(None, 4);
    for r in &mut gaps.ratings[1..3] {
        r.rating = None;
    }
    let e = self_review::save(&mut db, &zoe, draft.id, &gaps, today()).unwrap_err();
    let p = e.payload();
    let named: Vec<_> = std::iter::once(p.field.clone().unwrap())
        .chain(p.also.iter().map(|a| a.field.clone()))
        .collect();
    assert_eq!(
        named,
        ["ratings.1.rating", "ratings.2.rating"],
        "each unrated one"
    );
    refused(
        &mut db,
        ErrorCode::Invalid,
        Some("ratings.0.rating"),
        |db| self_review::save(db, &zoe, draft.id, &rate(None, 9), today()),
    );
    let done = self_review::save(&mut db, &zoe, draft.id, &rate(None, 4), today()).unwrap();
    assert_eq!(done.handed_in_on, Some(today()));
    assert_eq!(saved_rows(&db), 1, "in the trail once handed in");
    refused(&mut db, ErrorCode::Conflict, Some("evaluation"), |db| {
        self_review::save(db, &zoe, draft.id, &rate(None, 5), today())
    });
    // Beside the manager's ratings now, and on paper.
    let e = evaluations::get(&db, &owner, draft.id).unwrap();
    assert!(e
        .sections
        .iter()
        .flat_map(|s| &s.criteria)
        .all(|c| c.self_rating == Some(4)));
    let mut edit = common::edit_of(&e);
    for (n, c) in e.sections.iter().flat_map(|s| &s.criteria).enumerate() {
        edit.ratings[n].rating = Some(i64::from(c.proposal.map_or(3, |p| p.rating)));
    }
    evaluations::save(&mut db, &owner, draft.id, &edit, today()).unwrap();
    let pdf = documents::render(
        &db,
        &owner,
        &Document::Evaluation(draft.id),
        PrintOptions::now(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.pdf"), pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(dir.path().join("r.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).replace('\n', " ");
    assert!(
        text.contains("Self-rating: 4 — I kept callers informed."),
        "{text}"
    );
    // In the trail, and gone from the kiosk once finalized.
    let trail = audit::for_record(&db, &owner, Entity::Evaluation, draft.id.0).unwrap();
    assert!(trail.iter().any(|t| t.action == "self-review handed in"));
    evaluations::finalize(&mut db, &owner, draft.id, today()).unwrap();
    assert!(pages::kiosk(&db, &zoe, today())
        .unwrap()
        .self_reviews
        .iter()
        .all(|s| s.evaluation != draft.id));
}

#[test]
fn suggestions_signed_or_anonymous_and_the_board_shares_what_came_of_them() {
    let (_dir, mut db, owner, zoe, priya) = practice();
    let zoe_id = zoe.staff().unwrap();
    let signed = suggestions::submit(
        &mut db,
        &zoe,
        &SuggestionInput {
            text: "A bell at the front desk for deliveries.".into(),
            anonymous: false,
        },
        today(),
    )
    .unwrap();
    assert_eq!(signed.by.as_ref().map(|p| p.id), Some(zoe_id));
    let anonymous = suggestions::submit(
        &mut db,
        &zoe,
        &SuggestionInput {
            text: "Fewer meetings on Mondays.".into(),
            anonymous: true,
        },
        today(),
    )
    .unwrap();
    assert!(anonymous.by.is_none());
    // Nothing the app keeps names her: no person, no account, no name, no minute.
    let row: (Option<i64>, String, String, Option<i64>) = db
        .raw()
        .query_row(
            "SELECT account_id, actor, at, person FROM audit_log WHERE entity = 'suggestion' AND entity_id = ?1",
            [anonymous.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        (
            None,
            "Anonymous".to_owned(),
            format!("{}T00:00:00Z", today()),
            None
        )
    );
    let kept: Option<i64> = db
        .raw()
        .query_row(
            "SELECT staff_id FROM suggestions WHERE id = ?1",
            [anonymous.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, None);
    // Her kiosk lists her signed ones only.
    let page = pages::kiosk(&db, &zoe, today()).unwrap();
    assert!(page.suggestions.iter().any(|s| s.id == signed.id));
    assert!(page.suggestions.iter().all(|s| s.id != anonymous.id));
    // The office decides; staff may not; a decision is needed.
    refused(&mut db, ErrorCode::Forbidden, None, |db| {
        suggestions::decide(
            db,
            &priya,
            signed.id,
            &DecisionInput {
                decision: Some(Decision::Adopted),
                outcome: String::new(),
            },
            today(),
        )
    });
    refused(&mut db, ErrorCode::Invalid, Some("decision"), |db| {
        suggestions::decide(db, &owner, signed.id, &DecisionInput::default(), today())
    });
    refused(&mut db, ErrorCode::Invalid, Some("text"), |db| {
        suggestions::submit(
            db,
            &zoe,
            &SuggestionInput {
                text: "   ".into(),
                anonymous: true,
            },
            today(),
        )
    });
    // The owner here has no staff record: signed by nobody, it is refused.
    refused(&mut db, ErrorCode::Invalid, Some("anonymous"), |db| {
        suggestions::submit(
            db,
            &owner,
            &SuggestionInput {
                text: "A bench by the door.".into(),
                anonymous: false,
            },
            today(),
        )
    });
    let unsigned = suggestions::submit(
        &mut db,
        &owner,
        &SuggestionInput {
            text: "A bench by the door.".into(),
            anonymous: true,
        },
        today(),
    )
    .unwrap();
    assert!(unsigned.by.is_none());
    suggestions::decide(
        &mut db,
        &owner,
        anonymous.id,
        &DecisionInput {
            decision: Some(Decision::Trying),
            outcome: "Mondays start at ten for a month.".into(),
        },
        today(),
    )
    .unwrap();
    // On everyone's board, with no names; printable by anyone signed in.
    let board = pages::kiosk(&db, &priya, today()).unwrap().board;
    let entry = board
        .iter()
        .find(|b| b.id == anonymous.id)
        .expect("on the board");
    assert_eq!(entry.decision, Decision::Trying);
    assert!(
        board.iter().all(|b| b.id != signed.id),
        "undecided: not on the board"
    );
    assert_eq!(
        suggestions::list(&db, &zoe).unwrap_err().code(),
        ErrorCode::Forbidden
    );
    let pdf = documents::render(&db, &priya, &Document::Suggestions, PrintOptions::now()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.pdf"), pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(dir.path().join("b.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).replace('\n', " ");
    assert!(
        text.contains("You said, we did") && text.contains("Mondays start at ten"),
        "{text}"
    );
    assert!(!text.contains("Zoë"), "no names on the board: {text}");
}

#[test]
fn a_check_in_shares_all_but_the_manager_s_notes() {
    let (_dir, mut db, owner, zoe, priya) = practice();
    let zoe_id = zoe.staff().unwrap();
    let input = CheckInInput {
        staff_id: Some(zoe_id),
        held_on: "2026-11-20".into(),
        topics: "The lunchtime phones.".into(),
        agreed: "Swap lunch with Priya on Mondays.".into(),
        tips: "Tell billing the same day when insurance changes.".into(),
        next_on: "2027-02-20".into(),
        notes: "Ready to train the new receptionist.".into(),
    };
    let held = check_ins::record(&mut db, &owner, &input, today()).unwrap();
    assert_eq!(held.held_by, "Dr. Patel");
    // What she sees: the shared part, never the notes.
    let page = pages::kiosk(&db, &zoe, today()).unwrap();
    let shared = page.check_ins.iter().find(|c| c.id == held.id).unwrap();
    assert_eq!(shared.agreed, input.agreed);
    assert!(!serde_json::to_string(&page)
        .unwrap()
        .contains("Ready to train"));
    // Refused: with oneself, in the future, the next before this one, empty,
    // by staff, and moved to someone else.
    let mut bad = input.clone();
    bad.next_on = "2026-11-01".into();
    bad.held_on = "2026-12-24".into();
    let e = check_ins::record(&mut db, &owner, &bad, today()).unwrap_err();
    assert_eq!(e.field(), Some("heldOn"), "{e}");
    let mut early = input.clone();
    early.next_on = "2026-11-20".into();
    refused(&mut db, ErrorCode::Invalid, Some("nextOn"), |db| {
        check_ins::record(db, &owner, &early, today())
    });
    let empty = CheckInInput {
        staff_id: Some(zoe_id),
        held_on: "2026-11-20".into(),
        ..Default::default()
    };
    refused(&mut db, ErrorCode::Invalid, Some("topics"), |db| {
        check_ins::record(db, &owner, &empty, today())
    });
    let mut herself = input.clone();
    herself.staff_id = Some(priya.staff().unwrap());
    refused(&mut db, ErrorCode::Forbidden, None, |db| {
        check_ins::record(db, &priya, &herself, today())
    });
    refused(&mut db, ErrorCode::Invalid, Some("staffId"), |db| {
        check_ins::update(db, &owner, held.id, &herself, today())
    });
    assert_eq!(
        check_ins::list(&db, &zoe, zoe_id).unwrap_err().code(),
        ErrorCode::Forbidden
    );
    // In her evidence, by day.
    let ev = standard_practice::evidence::for_year(&db, &owner, zoe_id, 2026, today()).unwrap();
    assert_eq!(ev.check_ins.first(), Some(&d("2026-11-20")));
    assert_eq!(ev.next_check_in, Some(d("2027-02-20")));
}
