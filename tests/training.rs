//! Training records and due status against a real database: the edge cases a
//! manager relies on, and every bad entry refused without a trace.

mod common;

use base64::Engine;
use common::{course, d, fresh, person, role, snapshot, today};
use standard_practice::courses::{self, CourseCategory, CourseInput};
use standard_practice::due::{self, DueState};
use standard_practice::ids::{CourseId, StaffId};
use standard_practice::roles::{self, RoleInput};
use standard_practice::staff::{self, StaffInput, StaffStatus};
use standard_practice::training::{
    self, CertificateUpload, RecordStatus, TrainingInput, MAX_CERTIFICATE_BYTES,
};
use standard_practice::Db;

fn log(db: &mut Db, who: StaffId, c: CourseId, on: &str) -> training::TrainingRecord {
    training::log(
        db,
        &common::me(),
        &TrainingInput {
            staff_id: Some(who),
            course_id: Some(c),
            completed_on: on.into(),
            ..Default::default()
        },
        today(),
    )
    .unwrap()
}

fn state(db: &Db, who: StaffId, c: CourseId) -> Option<DueState> {
    due::items(db.raw(), &common::me(), Some(who), today())
        .unwrap()
        .into_iter()
        .find(|i| i.course_id == c)
        .map(|i| i.state)
}

#[test]
fn logging_and_approving_training_changes_the_due_status() {
    let (_d, mut db) = fresh();
    let cpr = course(&mut db, "CPR", Some(24));
    let r = role(&mut db, "Receptionist", &[cpr]);
    let zoe = person(&mut db, "Zoë Núñez", Some(r), "2020-01-01");
    assert_eq!(state(&db, zoe, cpr), Some(DueState::NeverDone));

    // Zoë logs her own at the kiosk: it waits for approval.
    let account =
        standard_practice::accounts::set_pin(&mut db, &common::me(), zoe, "2468").unwrap();
    let at_kiosk =
        standard_practice::accounts::sign_in(&mut db, account.id, "2468", chrono::Utc::now())
            .unwrap();
    let pending = training::log(
        &mut db,
        &at_kiosk,
        &TrainingInput {
            staff_id: Some(zoe),
            course_id: Some(cpr),
            completed_on: "2026-10-01".into(),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    assert_eq!(pending.status, RecordStatus::Pending);
    assert_eq!(pending.logged_by.as_ref().map(|p| p.id), Some(zoe));
    assert_eq!(pending.hours, 2.0, "hours default to the course's");
    assert_eq!(
        state(&db, zoe, cpr),
        Some(DueState::NeverDone),
        "pending training does not count"
    );
    assert_eq!(training::pending(db.raw(), &common::me()).unwrap().len(), 1);

    let approved = training::approve(&mut db, &common::me(), &[pending.id]).unwrap();
    assert_eq!(approved[0].status, RecordStatus::Approved);
    assert!(approved[0].approved_at.is_some());
    assert_eq!(state(&db, zoe, cpr), Some(DueState::Current));
    assert!(training::pending(db.raw(), &common::me())
        .unwrap()
        .is_empty());
    assert!(
        training::approve(&mut db, &common::me(), &[pending.id]).is_err(),
        "approving twice is refused"
    );
}

#[test]
fn due_status_follows_role_changes_validity_changes_and_leaving() {
    let (_d, mut db) = fresh();
    let cpr = course(&mut db, "CPR", Some(12));
    let xray = course(&mut db, "Radiation safety", Some(24));
    let front = role(&mut db, "Receptionist", &[cpr]);
    let clinic = role(&mut db, "Assistant", &[cpr, xray]);
    let p = person(&mut db, "Ana", Some(front), "2020-01-01");
    log(&mut db, p, cpr, "2025-06-01"); // expired 2026-06-01
    log(&mut db, p, xray, "2025-06-01"); // done under the old role: still counts
    assert_eq!(state(&db, p, cpr), Some(DueState::Overdue));
    assert_eq!(
        state(&db, p, xray),
        None,
        "not required by the current role"
    );

    // Role change: the new role's requirement appears and the earlier completion counts.
    let change = |role_id, status, end: &str| StaffInput {
        name: "Ana".into(),
        hire_date: "2020-01-01".into(),
        role_id: Some(role_id),
        status: Some(status),
        end_date: end.into(),
        ..Default::default()
    };
    staff::update(
        &mut db,
        &common::me(),
        p,
        &change(clinic, StaffStatus::Active, ""),
        today(),
    )
    .unwrap();
    assert_eq!(state(&db, p, xray), Some(DueState::Current));

    // Validity change: a longer validity turns the overdue course current.
    let mut c = courses::get(db.raw(), &common::me(), cpr).unwrap();
    c.validity_months = Some(24);
    courses::update(
        &mut db,
        &common::me(),
        cpr,
        &CourseInput {
            title: c.title,
            category: c.category,
            provider: c.provider,
            default_hours: c.default_hours,
            validity_months: Some(24),
            description: c.description,
        },
    )
    .unwrap();
    assert_eq!(state(&db, p, cpr), Some(DueState::Current));

    // On leave: requirements stay. Left: none.
    staff::update(
        &mut db,
        &common::me(),
        p,
        &change(clinic, StaffStatus::OnLeave, ""),
        today(),
    )
    .unwrap();
    assert_eq!(
        due::items(db.raw(), &common::me(), Some(p), today())
            .unwrap()
            .len(),
        2
    );
    staff::update(
        &mut db,
        &common::me(),
        p,
        &change(clinic, StaffStatus::Left, "2026-11-01"),
        today(),
    )
    .unwrap();
    assert!(due::items(db.raw(), &common::me(), Some(p), today())
        .unwrap()
        .is_empty());
}

#[test]
fn expiry_today_and_the_latest_completion_win() {
    let (_d, mut db) = fresh();
    let cpr = course(&mut db, "CPR", Some(12));
    let r = role(&mut db, "R", &[cpr]);
    let p = person(&mut db, "Ana", Some(r), "2020-01-01");
    log(&mut db, p, cpr, "2025-11-23");
    let item = due::items(db.raw(), &common::me(), Some(p), today())
        .unwrap()
        .remove(0);
    assert_eq!(
        (item.state, item.expires_on, item.days_left),
        (DueState::DueSoon, Some(today()), Some(0))
    );
    log(&mut db, p, cpr, "2024-01-01"); // an older entry logged later does not win
    log(&mut db, p, cpr, "2026-11-20");
    let item = due::items(db.raw(), &common::me(), Some(p), today())
        .unwrap()
        .remove(0);
    assert_eq!(item.last_completed, Some(d("2026-11-20")));
    assert_eq!(item.state, DueState::Current);
}

#[test]
fn bad_training_entries_are_refused_naming_the_field_and_save_nothing() {
    let (_d, mut db) = fresh();
    let cpr = course(&mut db, "CPR", Some(12));
    let p = person(&mut db, "Ana", None, "2022-03-01");
    let good = TrainingInput {
        staff_id: Some(p),
        course_id: Some(cpr),
        completed_on: "2024-01-10".into(),
        ..Default::default()
    };
    let before = snapshot(&db);
    let mut huge = b"%PDF-".to_vec();
    huge.resize(MAX_CERTIFICATE_BYTES + 10, b'0');
    let cases: Vec<(TrainingInput, &str)> = vec![
        (
            TrainingInput {
                completed_on: "2022-02-28".into(),
                ..good.clone()
            },
            "completedOn",
        ), // before hire
        (
            TrainingInput {
                completed_on: "2026-11-24".into(),
                ..good.clone()
            },
            "completedOn",
        ), // tomorrow
        (
            TrainingInput {
                completed_on: "2023-02-29".into(),
                ..good.clone()
            },
            "completedOn",
        ),
        (
            TrainingInput {
                completed_on: "10 Jan 2024".into(),
                ..good.clone()
            },
            "completedOn",
        ),
        (
            TrainingInput {
                hours: Some(-2.0),
                ..good.clone()
            },
            "hours",
        ),
        (
            TrainingInput {
                hours: Some(0.0),
                ..good.clone()
            },
            "hours",
        ),
        (
            TrainingInput {
                hours: Some(10_000.0),
                ..good.clone()
            },
            "hours",
        ),
        (
            TrainingInput {
                course_id: Some(CourseId(77)),
                ..good.clone()
            },
            "courseId",
        ),
        (
            TrainingInput {
                course_id: None,
                ..good.clone()
            },
            "courseId",
        ),
        (
            TrainingInput {
                staff_id: Some(StaffId(77)),
                ..good.clone()
            },
            "staffId",
        ),
        (
            TrainingInput {
                notes: "x".repeat(20_000),
                ..good.clone()
            },
            "notes",
        ),
        (
            TrainingInput {
                certificate: Some(CertificateUpload {
                    file_name: "big.pdf".into(),
                    data_base64: base64::engine::general_purpose::STANDARD.encode(&huge),
                }),
                ..good.clone()
            },
            "certificate",
        ),
    ];
    for (i, field) in cases {
        let e = training::log(&mut db, &common::me(), &i, today())
            .err()
            .unwrap_or_else(|| panic!("accepted a bad {field}"));
        assert_eq!(e.field(), Some(field), "{e}");
        assert_eq!(
            snapshot(&db),
            before,
            "a refused {field} changed the database"
        );
    }
    training::log(&mut db, &common::me(), &good, today()).unwrap();
}

#[test]
fn a_certificate_is_stored_and_read_back() {
    let (_d, mut db) = fresh();
    let cpr = course(&mut db, "CPR", Some(12));
    let p = person(&mut db, "Ana", None, "2022-03-01");
    let bytes = b"%PDF-1.4\n% a tiny certificate\n".to_vec();
    let r = training::log(
        &mut db,
        &common::me(),
        &TrainingInput {
            staff_id: Some(p),
            course_id: Some(cpr),
            completed_on: "2024-01-10".into(),
            certificate: Some(CertificateUpload {
                file_name: "cpr-card.pdf".into(),
                data_base64: base64::engine::general_purpose::STANDARD.encode(&bytes),
            }),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    let info = r.certificate.clone().unwrap();
    assert_eq!(
        (
            info.file_name.as_str(),
            info.media_type.as_str(),
            info.size as usize
        ),
        ("cpr-card.pdf", "application/pdf", bytes.len())
    );
    let (_, data) = training::certificate(db.raw(), &common::me(), r.id).unwrap();
    assert_eq!(data, bytes);
    training::delete(&mut db, &common::me(), r.id).unwrap();
    assert!(
        training::certificate(db.raw(), &common::me(), r.id).is_err(),
        "the certificate goes with its record"
    );
}

#[test]
fn course_titles_are_unique_ignoring_case_and_spacing() {
    let (_d, mut db) = fresh();
    course(&mut db, "CPR and First Aid", Some(24));
    let before = snapshot(&db);
    let e = courses::create(
        &mut db,
        &common::me(),
        &CourseInput {
            title: "  cpr AND  first aid ".into(),
            category: CourseCategory::Safety,
            provider: String::new(),
            default_hours: 1.0,
            validity_months: None,
            description: String::new(),
        },
    )
    .err()
    .unwrap();
    assert_eq!(e.field(), Some("title"));
    assert!(e.to_string().contains("already in the catalog"));
    assert_eq!(snapshot(&db), before);
}

#[test]
fn a_course_with_history_cannot_be_deleted_and_a_role_with_a_bad_course_is_refused() {
    let (_d, mut db) = fresh();
    let cpr = course(&mut db, "CPR", Some(24));
    let p = person(&mut db, "Ana", None, "2022-03-01");
    log(&mut db, p, cpr, "2024-01-10");
    assert!(courses::delete(&mut db, &common::me(), cpr).is_err());
    let before = snapshot(&db);
    let e = roles::create(
        &mut db,
        &common::me(),
        &RoleInput {
            name: "Billing".into(),
            description: String::new(),
            required_course_ids: vec![cpr, CourseId(99)],
            ..Default::default()
        },
    )
    .err()
    .unwrap();
    assert_eq!(e.field(), Some("requiredCourseIds"));
    assert_eq!(snapshot(&db), before, "the role was half-saved");
}

#[test]
fn changing_a_hire_date_to_after_recorded_training_is_refused() {
    let (_d, mut db) = fresh();
    let cpr = course(&mut db, "CPR", Some(24));
    let p = person(&mut db, "Ana", None, "2022-03-01");
    log(&mut db, p, cpr, "2023-01-10");
    let e = staff::update(
        &mut db,
        &common::me(),
        p,
        &StaffInput {
            name: "Ana".into(),
            hire_date: "2023-06-01".into(),
            ..Default::default()
        },
        today(),
    )
    .err()
    .unwrap();
    assert_eq!(e.field(), Some("hireDate"));
}

#[test]
fn every_bad_field_of_a_training_entry_is_named_at_once() {
    let (_d, mut db) = fresh();
    let before = snapshot(&db);
    let e = training::log(
        &mut db,
        &common::me(),
        &TrainingInput {
            staff_id: None,
            course_id: Some(CourseId(999)),
            completed_on: "yesterday".into(),
            hours: Some(-1.0),
            ..Default::default()
        },
        today(),
    )
    .unwrap_err();
    let payload = e.payload();
    let fields: Vec<_> = payload
        .field
        .into_iter()
        .chain(payload.also.into_iter().map(|p| p.field))
        .collect();
    assert_eq!(
        fields,
        ["staffId", "courseId", "completedOn", "hours"],
        "{e:?}"
    );
    assert_eq!(snapshot(&db), before, "nothing saved");
}
