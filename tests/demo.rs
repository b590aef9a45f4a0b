//! The demo practice: realistic, every due state present, and never poured into a
//! database that already holds a practice.

mod common;

use common::{fresh, snapshot, today};
use standard_practice::demo::{self, DemoSize};
use standard_practice::due::{self, DueState};
use standard_practice::{pages, practice, staff, standards, training};

#[test]
fn the_demo_practice_shows_every_state_and_several_scripts() {
    let (_d, mut db) = fresh();
    demo::create(&mut db, &common::me(), DemoSize::default(), today()).unwrap();
    let people = staff::list(db.raw(), &common::me(), &Default::default()).unwrap();
    assert_eq!(people.len(), 12);
    for name in ["Zoë Núñez", "Nguyễn Văn Anh", "王芳", "Łukasz Żółć"] {
        assert!(people.iter().any(|p| p.name == name), "{name} missing");
    }
    let states: Vec<DueState> = due::items(db.raw(), &common::me(), None, today())
        .unwrap()
        .into_iter()
        .map(|i| i.state)
        .collect();
    for s in DueState::ALL {
        assert!(states.contains(s), "no {s:?} item in the demo");
    }
    assert!(
        !training::pending(db.raw(), &common::me())
            .unwrap()
            .is_empty(),
        "the demo has pending approvals"
    );
    let stds = standards::list(db.raw(), &common::me(), today()).unwrap();
    assert!(
        stds.iter().any(|s| s.version_count > 1),
        "one standard has been revised"
    );
    assert!(practice::settings(db.raw(), &common::me()).unwrap().set_up);
    assert!(db.check().unwrap().is_ok());
    let o = pages::overview(db.raw(), &common::me(), today()).unwrap();
    assert!(o.missing_acknowledgments > 0 && o.pending_approvals > 0);
}

#[test]
fn the_demo_refuses_a_database_with_data() {
    let (_d, mut db) = fresh();
    common::person(&mut db, "Ana", None, "2020-01-01");
    let before = snapshot(&db);
    let e = demo::create(&mut db, &common::me(), DemoSize::default(), today())
        .err()
        .unwrap();
    assert!(e.to_string().contains("already holds a practice"));
    assert_eq!(snapshot(&db), before);
}

#[test]
fn a_scaled_demo_has_the_requested_size() {
    let (_d, mut db) = fresh();
    demo::create(
        &mut db,
        &common::me(),
        DemoSize {
            people: 300,
            records_per_person: 20,
        },
        today(),
    )
    .unwrap();
    let count = |table: &str| -> i64 {
        db.raw()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count("staff"), 300);
    assert!(count("training_records") >= 288 * 20);
}

/// The demo's dozen kiosk accounts used to share one salt and so one hash
/// string: anyone reading the file saw that they share a PIN. Each has its
/// own now, and the demo PIN still signs each of them in.
#[test]
fn every_demo_kiosk_account_has_its_own_salt() {
    let (_dir, mut db) = fresh();
    demo::create(&mut db, &common::me(), DemoSize::default(), today()).unwrap();
    let accounts: Vec<String> = db
        .raw()
        .prepare("SELECT secret_hash FROM accounts WHERE role = 'staff' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(accounts.len() >= 10, "{}", accounts.len());
    let distinct: std::collections::HashSet<&String> = accounts.iter().collect();
    assert_eq!(
        distinct.len(),
        accounts.len(),
        "hashes shared between accounts"
    );
    let kiosk = standard_practice::accounts::sign_in_options(db.raw())
        .unwrap()
        .kiosk;
    // The kiosk offers those not on leave.
    assert!(kiosk.len() >= 10, "{}", kiosk.len());
    for choice in kiosk {
        standard_practice::accounts::sign_in(
            &mut db,
            choice.id,
            demo::DEMO_PIN,
            chrono::Utc::now(),
        )
        .unwrap();
    }
}
