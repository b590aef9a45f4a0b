//! Who may do what, enforced in the core: a staff member at the kiosk sees and
//! changes only their own records; a manager drafts but does not finalize or
//! decide pay; every refusal leaves the database exactly as it was; and every
//! change lands in the audit trail with who made it.

mod common;

use chrono::{Datelike, Duration, TimeZone, Utc};
use common::{fresh, snapshot, today};
use standard_practice::access::{AccountRole, Actor, Permission};
use standard_practice::accounts::{self, AccountInput};
use standard_practice::audit::{self, Entity};
use standard_practice::check_ins::{self, CheckInInput};
use standard_practice::colleague_feedback::{self, RequestInput};
use standard_practice::demo::{self, DemoSize, DEMO_PIN};
use standard_practice::evaluations::{
    self, AcknowledgmentInput, EvaluationFilter, EvaluationStatus,
};
use standard_practice::ids::StaffId;
use standard_practice::staff::{self, StaffFilter, StaffInput};
use standard_practice::training::{self, RecordStatus, TrainingInput};
use standard_practice::{documents, pages, practice, standards, Db, ErrorCode};

fn owner_input(name: &str) -> AccountInput {
    AccountInput {
        name: name.into(),
        passphrase: "lakeside harbour 1974".into(),
        confirm: "lakeside harbour 1974".into(),
        staff_id: None,
    }
}

/// The demo practice with an owner, the owner, and a staff member at the kiosk
/// who has a finalized evaluation waiting for their acknowledgment.
fn practice() -> (tempfile::TempDir, Db, Actor, Actor) {
    let (dir, mut db) = fresh();
    let owner = accounts::create_owner(&mut db, &owner_input("Dr. Patel")).unwrap();
    demo::create(&mut db, &owner, DemoSize::default(), today()).unwrap();
    let options = accounts::sign_in_options(db.raw()).unwrap();
    assert!(!options.needs_owner);
    assert_eq!(options.accounts.len(), 1);
    let finalized = evaluations::list(
        db.raw(),
        &owner,
        &EvaluationFilter {
            status: Some(EvaluationStatus::Finalized),
            ..Default::default()
        },
    )
    .unwrap();
    let choice = options
        .kiosk
        .iter()
        .find(|c| finalized.iter().any(|e| e.staff.name == c.name))
        .expect("a kiosk person with a finalized evaluation");
    let me = accounts::sign_in(&mut db, choice.id, DEMO_PIN, Utc::now()).unwrap();
    assert_eq!(me.role(), AccountRole::Staff);
    (dir, db, owner, me)
}

fn someone_else(db: &Db, owner: &Actor, me: &Actor) -> StaffId {
    staff::list(db.raw(), owner, &StaffFilter::default())
        .unwrap()
        .into_iter()
        .find(|p| Some(p.id) != me.staff())
        .unwrap()
        .id
}

/// Runs `f`, expects a refusal with `code`, and checks nothing was written.
fn refused<T: std::fmt::Debug>(
    db: &mut Db,
    code: ErrorCode,
    f: impl FnOnce(&mut Db) -> standard_practice::Result<T>,
) {
    let before = snapshot(db);
    let e = f(db).expect_err("should be refused");
    assert_eq!(e.code(), code, "{e}");
    assert_eq!(snapshot(db), before, "a refusal wrote something: {e}");
}

#[test]
fn the_first_owner_is_made_once_and_secrets_are_hashed() {
    let (_dir, mut db) = fresh();
    assert!(accounts::sign_in_options(db.raw()).unwrap().needs_owner);
    let mut bad = owner_input("Dr. Patel");
    bad.confirm = "something else".into();
    assert_eq!(
        accounts::create_owner(&mut db, &bad).unwrap_err().field(),
        Some("confirm")
    );
    let owner = accounts::create_owner(&mut db, &owner_input("Dr. Patel")).unwrap();
    assert_eq!(owner.role(), AccountRole::Owner);
    refused(&mut db, ErrorCode::Forbidden, |db| {
        accounts::create_owner(db, &owner_input("Mallory"))
    });
    let stored: String = db
        .raw()
        .query_row("SELECT secret_hash FROM accounts", [], |r| r.get(0))
        .unwrap();
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    assert!(!stored.contains("lakeside"));
}

#[test]
fn wrong_secrets_make_the_account_wait_even_across_restarts() {
    let (dir, mut db) = fresh();
    let owner = accounts::create_owner(&mut db, &owner_input("Dr. Patel")).unwrap();
    let id = owner.account().unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    for i in 1..=5 {
        let e = accounts::sign_in(&mut db, id, "wrong guess", t0).unwrap_err();
        assert_eq!(e.field(), Some("secret"));
        assert_eq!(e.to_string().contains("wait"), i == 5, "try {i}: {e}");
    }
    // Reopening the database (a restarted app) does not reset the wait.
    drop(db);
    let mut db = Db::open(&dir.path().join("practice.sqlite3"), &common::keys()).unwrap();
    let e = accounts::sign_in(
        &mut db,
        id,
        "lakeside harbour 1974",
        t0 + Duration::seconds(10),
    )
    .unwrap_err();
    assert!(e.to_string().contains("wait 20 seconds"), "{e}");
    let me = accounts::sign_in(
        &mut db,
        id,
        "lakeside harbour 1974",
        t0 + Duration::seconds(31),
    )
    .unwrap();
    assert_eq!(me.name(), "Dr. Patel");
}

#[test]
fn the_kiosk_shows_only_ones_own_records() {
    let (_dir, db, owner, me) = practice();
    let mine = me.staff().unwrap();
    let other = someone_else(&db, &owner, &me);
    let page = pages::kiosk(db.raw(), &me, today()).unwrap();
    assert_eq!(page.person.id, mine);
    assert!(page.training.iter().all(|t| t.staff.id == mine));
    assert!(!page.evaluations.is_empty());
    assert!(page
        .evaluations
        .iter()
        .all(|e| e.staff.id == mine && e.status != EvaluationStatus::Draft));

    let forbidden =
        |r: standard_practice::Result<()>| assert_eq!(r.unwrap_err().code(), ErrorCode::Forbidden);
    forbidden(staff::list(db.raw(), &me, &StaffFilter::default()).map(drop));
    forbidden(staff::get(db.raw(), &me, other).map(drop));
    forbidden(pages::staff_page(db.raw(), &me, mine, today()).map(drop));
    forbidden(pages::staff_list(db.raw(), &me, &StaffFilter::default(), today()).map(drop));
    forbidden(pages::overview(db.raw(), &me, today()).map(drop));
    forbidden(training::for_person(db.raw(), &me, other).map(drop));
    forbidden(training::pending(db.raw(), &me).map(drop));
    forbidden(standards::list(db.raw(), &me, today()).map(drop));
    forbidden(standards::for_person(db.raw(), &me, other, today()).map(drop));
    forbidden(evaluations::list(db.raw(), &me, &EvaluationFilter::default()).map(drop));
    forbidden(evaluations::history(db.raw(), &me, other).map(drop));
    forbidden(audit::for_person(db.raw(), &me, mine).map(drop));
    forbidden(audit::list(db.raw(), &me, &audit::AuditFilter::default()).map(drop));
    forbidden(documents::compliance(db.raw(), &me, documents::PrintOptions::now()).map(drop));
    forbidden(
        documents::transcript(db.raw(), &me, other, documents::PrintOptions::now()).map(drop),
    );
    assert!(documents::transcript(db.raw(), &me, mine, documents::PrintOptions::now()).is_ok());
    assert!(staff::get(db.raw(), &me, mine).is_ok());

    // Every evaluation that is not their own finalized one is refused, drafts included.
    for e in evaluations::list(db.raw(), &owner, &EvaluationFilter::default()).unwrap() {
        let visible = e.staff.id == mine && e.status != EvaluationStatus::Draft;
        assert_eq!(
            evaluations::get(db.raw(), &me, e.id).is_ok(),
            visible,
            "{e:?}"
        );
        assert_eq!(
            evaluations::evidence(db.raw(), &me, e.id, today()).is_ok(),
            visible
        );
        if !visible {
            forbidden(
                documents::evaluation(db.raw(), &me, e.id, documents::PrintOptions::now())
                    .map(drop),
            );
        }
    }
}

#[test]
fn staff_change_only_their_own_records_and_their_training_waits_for_approval() {
    let (_dir, mut db, owner, me) = practice();
    let mine = me.staff().unwrap();
    let other = someone_else(&db, &owner, &me);
    let course = standard_practice::courses::list(db.raw(), &me).unwrap()[0].id;
    let log = |person| TrainingInput {
        staff_id: Some(person),
        course_id: Some(course),
        completed_on: today().to_string(),
        ..Default::default()
    };
    refused(&mut db, ErrorCode::Forbidden, |db| {
        training::log(db, &me, &log(other), today())
    });
    let r = training::log(&mut db, &me, &log(mine), today()).unwrap();
    assert_eq!(
        r.status,
        RecordStatus::Pending,
        "self-logged training waits for approval"
    );
    assert_eq!(
        r.logged_by.as_ref().map(|p| p.id),
        Some(mine),
        "logged by the actor"
    );
    refused(&mut db, ErrorCode::Forbidden, |db| {
        training::approve(db, &me, &[r.id])
    });
    refused(&mut db, ErrorCode::Forbidden, |db| {
        training::delete(db, &me, r.id)
    });
    refused(&mut db, ErrorCode::Forbidden, |db| {
        training::update(db, &me, r.id, &log(mine), today())
    });

    let input = StaffInput {
        name: "Mallory".into(),
        ..Default::default()
    };
    refused(&mut db, ErrorCode::Forbidden, |db| {
        staff::create(db, &me, &input, today())
    });
    refused(&mut db, ErrorCode::Forbidden, |db| {
        staff::update(db, &me, mine, &input, today())
    });
    refused(&mut db, ErrorCode::Forbidden, |db| {
        staff::delete(db, &me, other)
    });
    let settings = practice::settings(db.raw(), &common::me()).unwrap();
    refused(&mut db, ErrorCode::Forbidden, |db| {
        practice::update(db, &me, &settings)
    });
    refused(&mut db, ErrorCode::Forbidden, |db| {
        accounts::set_pin(db, &me, other, "9999")
    });

    // Standards: their own acknowledgment, dated today whatever the payload says.
    let to_ack = standards::for_person(db.raw(), &me, mine, today())
        .unwrap()
        .into_iter()
        .find(|s| s.acknowledged_on.is_none())
        .expect("a standard to acknowledge");
    refused(&mut db, ErrorCode::Forbidden, |db| {
        standards::acknowledge(db, &me, other, to_ack.version.id, "2020-01-01", today())
    });
    let a = standards::acknowledge(&mut db, &me, mine, to_ack.version.id, "2020-01-01", today())
        .unwrap();
    assert_eq!(a.acknowledged_on, today());

    // Evaluations: only their own finalized one, only to acknowledge it.
    let all = evaluations::list(db.raw(), &owner, &EvaluationFilter::default()).unwrap();
    let theirs = all
        .iter()
        .find(|e| e.staff.id == other && e.status == EvaluationStatus::Finalized);
    let ack = AcknowledgmentInput {
        acknowledged_on: today().to_string(),
        comment: "Thanks".into(),
    };
    if let Some(e) = theirs {
        refused(&mut db, ErrorCode::Forbidden, |db| {
            evaluations::acknowledge(db, &me, e.id, &ack, today())
        });
    }
    let draft = all
        .iter()
        .find(|e| e.status == EvaluationStatus::Draft)
        .unwrap();
    let full = evaluations::get(db.raw(), &owner, draft.id).unwrap();
    refused(&mut db, ErrorCode::Forbidden, |db| {
        evaluations::finalize(db, &me, draft.id, today())
    });
    refused(&mut db, ErrorCode::Forbidden, |db| {
        evaluations::delete(db, &me, draft.id)
    });
    let edit = evaluations::EvaluationEdit {
        strengths: format!("{} edited", full.strengths),
        ..Default::default()
    };
    refused(&mut db, ErrorCode::Forbidden, |db| {
        evaluations::save(db, &me, draft.id, &edit, today())
    });
    let own = all
        .iter()
        .find(|e| e.staff.id == mine && e.status == EvaluationStatus::Finalized)
        .unwrap();
    let done = evaluations::acknowledge(&mut db, &me, own.id, &ack, today()).unwrap();
    assert_eq!(done.status, EvaluationStatus::Acknowledged);
}

#[test]
fn managers_draft_but_the_owner_finalizes_and_decides_pay() {
    let (_dir, mut db, owner, _me) = practice();
    let mut input = owner_input("Maria Lopez");
    input.passphrase = "front desk morning".into();
    input.confirm = input.passphrase.clone();
    let account = accounts::create_manager(&mut db, &owner, &input).unwrap();
    let manager = accounts::sign_in(&mut db, account.id, "front desk morning", Utc::now()).unwrap();
    assert_eq!(manager.role(), AccountRole::Manager);
    refused(&mut db, ErrorCode::Forbidden, |db| {
        accounts::create_manager(db, &manager, &owner_input("Other"))
    });
    // The recovery key opens every backup: the owner's alone to print.
    let key_page = _dir.path().join("recovery key.pdf");
    let dest = standard_practice::output::Guard::for_database(db.path())
        .file(&key_page, "PDF", false)
        .unwrap();
    refused(&mut db, ErrorCode::Forbidden, |db| {
        standard_practice::documents::recovery_key_file(
            db,
            &manager,
            standard_practice::documents::PrintOptions::now(),
            &dest,
        )
    });
    assert!(!key_page.exists());

    let draft = evaluations::list(
        db.raw(),
        &manager,
        &EvaluationFilter {
            status: Some(EvaluationStatus::Draft),
            ..Default::default()
        },
    )
    .unwrap()[0]
        .id;
    let e = evaluations::get(db.raw(), &manager, draft).unwrap();
    let mut edit = common::edit_of(&e);
    edit.strengths = "Calm with anxious patients".into();
    evaluations::save(&mut db, &manager, draft, &edit, today()).unwrap();
    let mut pay = edit.clone();
    pay.recommendation = Some(evaluations::Recommendation::Bonus);
    pay.bonus = "250".into();
    refused(&mut db, ErrorCode::Forbidden, |db| {
        evaluations::save(db, &manager, draft, &pay, today())
    });
    // Which fields are pay is a type, not a label: the note alone is pay too.
    let mut note = edit.clone();
    note.recommendation_note = "Ask the owner about a raise".into();
    refused(&mut db, ErrorCode::Forbidden, |db| {
        evaluations::save(db, &manager, draft, &note, today())
    });
    assert!(!manager.permissions().contains(&Permission::DecidePay));
    assert!(owner.permissions().contains(&Permission::DecidePay));
    refused(&mut db, ErrorCode::Forbidden, |db| {
        evaluations::finalize(db, &manager, draft, today())
    });
    let settings = practice::settings(db.raw(), &common::me()).unwrap();
    refused(&mut db, ErrorCode::Forbidden, |db| {
        practice::update(db, &manager, &settings)
    });

    // A manager cannot delete the person the owner's account belongs to.
    let linked = staff::create(
        &mut db,
        &owner,
        &StaffInput {
            name: "Pat Owner".into(),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    let mut second = owner_input("Pat Owner");
    second.staff_id = Some(linked.id);
    let pat = accounts::create_manager(&mut db, &owner, &second).unwrap();
    assert_eq!(pat.staff.map(|s| s.id), Some(linked.id));
    refused(&mut db, ErrorCode::Conflict, |db| {
        staff::delete(db, &manager, linked.id)
    });

    // The trail names who did what.
    let trail = audit::for_record(db.raw(), &owner, Entity::Evaluation, draft.0).unwrap();
    let last = &trail[0];
    assert_eq!(last.actor, "Maria Lopez");
    assert_eq!(last.actor_role, "manager");
    assert_eq!(last.action, "updated");
    assert!(last
        .changes
        .iter()
        .any(|c| c.field == "Strengths" && c.after == "Calm with anxious patients"));
}

#[test]
fn every_change_is_in_the_trail_with_before_and_after() {
    let (_dir, mut db) = fresh();
    let owner = accounts::create_owner(&mut db, &owner_input("Dr. Patel")).unwrap();
    let ana = staff::create(
        &mut db,
        &owner,
        &StaffInput {
            name: "Ana Díaz".into(),
            email: "ana@old.example".into(),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    let mut change = StaffInput {
        name: "Ana Díaz".into(),
        email: "ana@new.example".into(),
        ..Default::default()
    };
    staff::update(&mut db, &owner, ana.id, &change, today()).unwrap();
    // Saving the same again changes nothing and records nothing.
    staff::update(&mut db, &owner, ana.id, &change, today()).unwrap();
    change.email = "not an email".into();
    let _ = staff::update(&mut db, &owner, ana.id, &change, today());

    let trail = audit::for_record(db.raw(), &owner, Entity::Staff, ana.id.0).unwrap();
    let actions: Vec<&str> = trail.iter().map(|t| t.action.as_str()).collect();
    assert_eq!(actions, ["updated", "created"]);
    assert_eq!(trail[0].actor, "Dr. Patel");
    assert_eq!(trail[0].changes.len(), 1);
    assert_eq!(trail[0].changes[0].field, "email");
    assert_eq!(trail[0].changes[0].before, "ana@old.example");
    assert_eq!(trail[0].changes[0].after, "ana@new.example");
    assert_eq!(
        pages::staff_page(db.raw(), &owner, ana.id, today())
            .unwrap()
            .changes
            .len(),
        2,
        "the person's page shows their trail"
    );
}

#[test]
fn the_whole_practices_changes_filter_by_kind_and_person_a_page_at_a_time() {
    let (_dir, mut db) = fresh();
    let owner = accounts::create_owner(&mut db, &owner_input("Dr. Patel")).unwrap();
    let mut people = Vec::new();
    for i in 0..(audit::PAGE + 5) {
        let input = StaffInput {
            name: format!("Person {i:03}"),
            ..Default::default()
        };
        people.push(staff::create(&mut db, &owner, &input, today()).unwrap().id);
    }
    let mut settings = practice::settings(db.raw(), &common::me()).unwrap();
    settings.name = "Riverside Dental".into();
    practice::update(&mut db, &owner, &settings).unwrap();

    let all = |f: audit::AuditFilter| audit::list(db.raw(), &owner, &f).unwrap();
    let first = all(Default::default());
    assert_eq!(first.entries.len(), audit::PAGE);
    assert!(first.more);
    assert_eq!(
        first.entries[0].entity,
        Entity::Practice,
        "newest first: the settings"
    );
    let second = all(audit::AuditFilter {
        before: first.entries.last().map(|e| e.id),
        ..Default::default()
    });
    assert!(second
        .entries
        .iter()
        .all(|e| e.id < first.entries[audit::PAGE - 1].id));
    let seen = first.entries.len() + second.entries.len();
    let total: i64 = db
        .raw()
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(seen as i64, total, "two pages hold everything");
    assert!(!second.more);

    let settings_only = all(audit::AuditFilter {
        entity: Some(Entity::Practice),
        ..Default::default()
    });
    assert!(settings_only
        .entries
        .iter()
        .all(|e| e.entity == Entity::Practice));
    assert!(!settings_only.entries.is_empty());
    let about = all(audit::AuditFilter {
        person: Some(people[7]),
        ..Default::default()
    });
    assert_eq!(about.entries.len(), 1);
    assert_eq!(about.entries[0].summary, "Staff record created: Person 007");

    // A damaged row of the trail says so; it does not read as "no changes".
    db.raw()
        .execute(
            "UPDATE audit_log SET changes = 'not json' WHERE id = (SELECT MAX(id) FROM audit_log)",
            [],
        )
        .unwrap();
    assert!(audit::list(db.raw(), &owner, &Default::default()).is_err());
}

#[test]
fn people_who_left_and_switched_off_accounts_cannot_sign_in() {
    let (_dir, mut db, owner, me) = practice();
    let account = me.account().unwrap();
    let disabled = accounts::set_disabled(&mut db, &owner, account, true).unwrap();
    assert!(disabled.disabled);
    let e = accounts::sign_in(&mut db, account, DEMO_PIN, Utc::now()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden);
    accounts::set_disabled(&mut db, &owner, account, false).unwrap();
    let mine = me.staff().unwrap();
    let p = staff::get(db.raw(), &owner, mine).unwrap();
    let left = StaffInput {
        name: p.name.clone(),
        role_id: p.role_id,
        hire_date: p.hire_date.map(|d| d.to_string()).unwrap_or_default(),
        status: Some(staff::StaffStatus::Left),
        end_date: today().to_string(),
        ..Default::default()
    };
    staff::update(&mut db, &owner, mine, &left, today()).unwrap();
    let e = accounts::sign_in(&mut db, account, DEMO_PIN, Utc::now()).unwrap_err();
    assert!(e.to_string().contains("has left"), "{e}");
    assert!(!accounts::sign_in_options(db.raw())
        .unwrap()
        .kiosk
        .iter()
        .any(|c| c.id == account));
    refused(&mut db, ErrorCode::Conflict, |db| {
        accounts::set_disabled(db, &owner, owner.account().unwrap(), true)
    });
}

#[test]
fn restoring_a_backup_without_an_owner_keeps_the_restoring_owner() {
    let (dir, mut db) = fresh();
    demo::create(&mut db, &common::me(), DemoSize::default(), today()).unwrap();
    // A backup from before anyone had an account.
    let old = dir.path().join("before-accounts.sqlite3");
    common::save_backup(&db, &old, false).unwrap();
    let owner = accounts::create_owner(&mut db, &owner_input("Dr. Patel")).unwrap();
    standard_practice::backup::restore(&mut db, &owner, &old, &common::keys(), Some(14)).unwrap();
    let options = accounts::sign_in_options(db.raw()).unwrap();
    assert!(
        !options.needs_owner,
        "nobody at the lock screen can make themselves the owner"
    );
    let again = accounts::sign_in(
        &mut db,
        options.accounts[0].id,
        "lakeside harbour 1974",
        Utc::now(),
    )
    .unwrap();
    assert_eq!(again.role(), AccountRole::Owner);
}

/// A manager whose account names their staff record is, about themselves,
/// the person and not the manager: their own draft is not theirs to read,
/// write or finalize, colleagues' answers about them are not theirs one by
/// one, and their check-ins come without the private notes.
#[test]
fn a_manager_with_a_staff_record_is_not_their_own_reviewer() {
    let (_dir, mut db) = fresh();
    let owner = accounts::create_owner(&mut db, &owner_input("Dr. Patel")).unwrap();
    let size = DemoSize {
        people: 14,
        ..DemoSize::default()
    };
    demo::create(&mut db, &owner, size, today()).unwrap();
    // Someone beyond the curated dozen has no kiosk account: give them a manager's.
    let id: i64 = db
        .raw()
        .query_row(
            "SELECT id FROM staff WHERE status = 'active'
               AND id NOT IN (SELECT staff_id FROM accounts WHERE staff_id IS NOT NULL)
             ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let person = staff::list(db.raw(), &owner, &StaffFilter::default())
        .unwrap()
        .into_iter()
        .find(|p| p.id.0 == id)
        .unwrap();
    let mut input = owner_input(&person.name);
    input.passphrase = "front desk morning".into();
    input.confirm = input.passphrase.clone();
    input.staff_id = Some(person.id);
    let account = accounts::create_manager(&mut db, &owner, &input).unwrap();
    let manager = accounts::sign_in(&mut db, account.id, "front desk morning", Utc::now()).unwrap();
    assert!(manager.is(person.id));

    // Their own draft: not listed, read, written, finalized, deleted or printed in the year.
    let mine = |who: &Actor| {
        evaluations::list(
            db.raw(),
            who,
            &EvaluationFilter {
                staff_id: Some(person.id),
                ..Default::default()
            },
        )
        .unwrap()
    };
    let draft = mine(&owner)
        .into_iter()
        .find(|e| e.status == EvaluationStatus::Draft)
        .expect("their draft in this year's round");
    assert!(mine(&manager).iter().all(|e| e.id != draft.id));
    assert!(evaluations::history(db.raw(), &manager, person.id)
        .unwrap()
        .iter()
        .all(|e| e.status != EvaluationStatus::Draft));
    for e in [
        evaluations::get(db.raw(), &manager, draft.id).map(drop),
        evaluations::evidence(db.raw(), &manager, draft.id, today()).map(drop),
    ] {
        assert_eq!(e.unwrap_err().code(), ErrorCode::Forbidden);
    }
    let edit = common::edit_of(&evaluations::get(db.raw(), &owner, draft.id).unwrap());
    refused(&mut db, ErrorCode::Forbidden, |db| {
        evaluations::save(db, &manager, draft.id, &edit, today())
    });
    refused(&mut db, ErrorCode::Forbidden, |db| {
        evaluations::delete(db, &manager, draft.id)
    });
    let plan = documents::annual_plan(db.raw(), &manager, today().year(), today()).unwrap();
    assert!(plan.iter().all(|(_, id, _)| *id != Some(draft.id)));

    // Colleagues' answers about them: asked by someone else, read by someone else.
    let colleague = someone_else(&db, &owner, &manager);
    let ask = RequestInput {
        staff_id: Some(person.id),
        colleague_ids: vec![colleague],
        purpose: String::new(),
        closes_on: (today() + Duration::days(7)).to_string(),
    };
    refused(&mut db, ErrorCode::Invalid, |db| {
        colleague_feedback::ask(db, &manager, &ask, today())
    });
    let request = colleague_feedback::ask(&mut db, &owner, &ask, today()).unwrap();
    assert_eq!(
        colleague_feedback::get(db.raw(), &manager, request.id)
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    for about in [Some(person.id), None] {
        assert!(colleague_feedback::list(db.raw(), &manager, about)
            .unwrap()
            .iter()
            .all(|r| r.id != request.id));
    }

    // Their check-ins: what was shared, never the notes; not theirs to change.
    let held = check_ins::record(
        &mut db,
        &owner,
        &CheckInInput {
            staff_id: Some(person.id),
            held_on: today().to_string(),
            topics: "The new phone system".into(),
            notes: "Ready to lead the front desk".into(),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    let theirs = check_ins::list(db.raw(), &manager, person.id).unwrap();
    assert!(theirs.iter().all(|c| c.notes.is_empty()));
    assert_eq!(
        check_ins::get(db.raw(), &manager, held.id).unwrap().notes,
        ""
    );
    assert_eq!(
        check_ins::get(db.raw(), &owner, held.id).unwrap().notes,
        "Ready to lead the front desk"
    );
    refused(&mut db, ErrorCode::Forbidden, |db| {
        check_ins::delete(db, &manager, held.id)
    });

    // Nor in print, the scores export, a new evaluation of themselves, or the trail.
    assert_eq!(
        documents::evaluation(db.raw(), &manager, draft.id, documents::PrintOptions::now())
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    let csv = String::from_utf8(
        standard_practice::export::scores_csv(db.raw(), &manager, Some(today().year())).unwrap(),
    )
    .unwrap();
    assert!(!csv.contains(&person.name), "their draft's scores");
    refused(&mut db, ErrorCode::Forbidden, |db| {
        evaluations::create(
            db,
            &manager,
            &evaluations::NewEvaluation {
                staff_id: Some(person.id),
                kind: Some(evaluations::EvaluationKind::MidYear),
                ..Default::default()
            },
        )
    });
    let commented = edit_with_comment(&db, &owner, draft.id);
    evaluations::save(&mut db, &owner, draft.id, &commented, today()).unwrap();
    let about_me = |who: &Actor| {
        let page = audit::list(
            db.raw(),
            who,
            &audit::AuditFilter {
                person: Some(person.id),
                ..Default::default()
            },
        )
        .unwrap()
        .entries;
        let theirs = audit::for_person(db.raw(), who, person.id).unwrap();
        assert_eq!(page, theirs, "the change list and their page agree");
        page.into_iter()
            .map(|e| (e.entity, e.action))
            .collect::<Vec<_>>()
    };
    let seen_by_owner = about_me(&owner);
    for hidden in [
        (Entity::CheckIn, "created".to_owned()),
        (Entity::FeedbackRequest, "created".to_owned()),
        (Entity::Evaluation, "updated".to_owned()),
    ] {
        assert!(seen_by_owner.contains(&hidden), "{hidden:?} in the owner's");
        assert!(
            !about_me(&manager).contains(&hidden),
            "{hidden:?} not in theirs"
        );
    }

    // Finalized by the owner a week ago, it is theirs to read and acknowledge,
    // as anyone does their own: today, whatever day they type.
    let current = evaluations::get(db.raw(), &owner, draft.id).unwrap();
    let mut rated = common::edit_of(&current);
    for (n, c) in current
        .sections
        .iter()
        .flat_map(|s| &s.criteria)
        .enumerate()
    {
        rated.ratings[n].rating = Some(i64::from(c.proposal.map_or(3, |p| p.rating)));
    }
    evaluations::save(&mut db, &owner, draft.id, &rated, today()).unwrap();
    evaluations::finalize(&mut db, &owner, draft.id, today() - Duration::days(7)).unwrap();
    assert!(evaluations::get(db.raw(), &manager, draft.id).is_ok());
    let backdated = AcknowledgmentInput {
        acknowledged_on: (today() - Duration::days(3)).to_string(),
        comment: String::new(),
    };
    let done = evaluations::acknowledge(&mut db, &manager, draft.id, &backdated, today()).unwrap();
    assert_eq!(done.acknowledged_on, Some(today()));
}

/// The edit of evaluation `id` as it stands, with one comment changed.
fn edit_with_comment(
    db: &Db,
    owner: &Actor,
    id: standard_practice::ids::EvaluationId,
) -> evaluations::EvaluationEdit {
    let mut edit = common::edit_of(&evaluations::get(db.raw(), owner, id).unwrap());
    edit.ratings[0].comment = "Kind with every caller.".into();
    edit
}
