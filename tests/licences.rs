//! Licences and continuing education against a real database: a renewal
//! clears the reminder, a kiosk's licence waits for the office, CE hours come
//! from approved training in the cycle, staff see only their own, and every
//! bad entry is refused at its field without a trace.

mod common;

use base64::Engine;
use common::{d, fresh, person, role, snapshot, today};
use standard_practice::accounts;
use standard_practice::audit::{self, Entity};
use standard_practice::courses::{self, CourseCategory, CourseInput};
use standard_practice::ids::{LicenceTypeId, RoleId, StaffId};
use standard_practice::licences::{
    self, LicenceInput, LicenceState, LicenceStatus, LicenceTypeInput,
};
use standard_practice::roles::{self, RoleInput};
use standard_practice::training::{self, CertificateUpload, TrainingInput};
use standard_practice::{Db, ErrorCode};

fn hygienist_licence(db: &mut Db) -> LicenceTypeId {
    licences::create_type(
        db,
        &common::me(),
        &LicenceTypeInput {
            name: "Dental hygienist licence".into(),
            issuing_body: "State Board".into(),
            ce_hours: Some(25.0),
            ce_cycle_months: Some(24),
            ce_category: Some(CourseCategory::InfectionControl),
            ce_category_hours: Some(4.0),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

fn requiring(db: &mut Db, name: &str, types: &[LicenceTypeId]) -> RoleId {
    let r = role(db, name, &[]);
    roles::update(
        db,
        &common::me(),
        r,
        &RoleInput {
            name: name.into(),
            required_licence_type_ids: types.to_vec(),
            ..Default::default()
        },
    )
    .unwrap();
    r
}

fn licence(who: StaffId, kind: LicenceTypeId, expires: &str) -> LicenceInput {
    LicenceInput {
        staff_id: Some(who),
        type_id: Some(kind),
        number: "DH-1234".into(),
        issued_on: "2025-01-01".into(),
        expires_on: expires.into(),
        ..Default::default()
    }
}

fn status(db: &Db, who: StaffId, kind: LicenceTypeId) -> LicenceStatus {
    licences::statuses(db.raw(), &common::me(), Some(who), today())
        .unwrap()
        .into_iter()
        .find(|s| s.type_id == kind)
        .unwrap()
}

fn took(db: &mut Db, who: StaffId, title: &str, category: CourseCategory, hours: f64, on: &str) {
    let c = courses::create(
        db,
        &common::me(),
        &CourseInput {
            title: title.into(),
            category,
            provider: String::new(),
            default_hours: hours,
            validity_months: None,
            description: String::new(),
        },
    )
    .unwrap()
    .id;
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
    .unwrap();
}

#[test]
fn a_renewal_clears_the_reminder_and_the_missing_becomes_current() {
    let (_d, mut db) = fresh();
    let kind = hygienist_licence(&mut db);
    let r = requiring(&mut db, "Hygienist", &[kind]);
    let wang = person(&mut db, "王芳", Some(r), "2020-01-01");
    assert_eq!(status(&db, wang, kind).state, LicenceState::Missing);

    // Expires in 36 days: inside the practice's 60-day window.
    let soon = (today() + chrono::Days::new(36)).to_string();
    let l = licences::record(&mut db, &common::me(), &licence(wang, kind, &soon), today()).unwrap();
    assert!(l.checked, "the office's own entry counts at once");
    assert_eq!(
        l.issuing_body, "State Board",
        "the type's issuing body by default"
    );
    let s = status(&db, wang, kind);
    assert_eq!((s.state, s.days_left), (LicenceState::DueSoon, Some(36)));

    // The office manager renews it: the new expiry, and the reminder is gone.
    let renewed = (today() + chrono::Days::new(36 + 730)).to_string();
    licences::update(
        &mut db,
        &common::me(),
        l.id,
        &licence(wang, kind, &renewed),
        today(),
    )
    .unwrap();
    assert_eq!(status(&db, wang, kind).state, LicenceState::Current);
    let trail = audit::for_record(db.raw(), &common::me(), Entity::Licence, l.id.0).unwrap();
    assert_eq!(trail[0].action, "updated");
    assert!(
        trail[0]
            .changes
            .iter()
            .any(|c| c.field == "expiresOn" && c.after.contains(&renewed[..4])),
        "{:?}",
        trail[0].changes
    );

    // An expired one is expired from the day after its expiry.
    let yesterday = (today() - chrono::Days::new(1)).to_string();
    licences::update(
        &mut db,
        &common::me(),
        l.id,
        &licence(wang, kind, &yesterday),
        today(),
    )
    .unwrap();
    assert_eq!(status(&db, wang, kind).state, LicenceState::Expired);
    // A second, later licence of the type counts over the first.
    licences::record(
        &mut db,
        &common::me(),
        &licence(wang, kind, &renewed),
        today(),
    )
    .unwrap();
    assert_eq!(status(&db, wang, kind).state, LicenceState::Current);
}

#[test]
fn ce_counts_approved_training_inside_the_cycle_and_the_category_minimum() {
    let (_d, mut db) = fresh();
    let kind = hygienist_licence(&mut db);
    let r = requiring(&mut db, "Hygienist", &[kind]);
    let anh = person(&mut db, "Nguyễn Văn Anh", Some(r), "2015-01-01");
    // Cycle: 2025-04-01 to 2027-03-31.
    licences::record(
        &mut db,
        &common::me(),
        &licence(anh, kind, "2027-03-31"),
        today(),
    )
    .unwrap();
    took(
        &mut db,
        anh,
        "Before the cycle",
        CourseCategory::Clinical,
        10.0,
        "2025-03-31",
    );
    took(
        &mut db,
        anh,
        "First day",
        CourseCategory::Clinical,
        8.0,
        "2025-04-01",
    );
    took(
        &mut db,
        anh,
        "Perio update",
        CourseCategory::Clinical,
        8.0,
        "2026-02-10",
    );
    took(
        &mut db,
        anh,
        "Infection control",
        CourseCategory::InfectionControl,
        2.0,
        "2026-06-01",
    );
    let ce = status(&db, anh, kind).ce.unwrap();
    assert_eq!(
        (ce.cycle_start, ce.cycle_end),
        (d("2025-04-01"), d("2027-03-31"))
    );
    assert_eq!((ce.hours, ce.category_hours), (18.0, 2.0));
    assert!(!ce.met);
    assert_eq!(ce.hours_short(), 7.0);

    // Training a person logs at the kiosk counts once approved.
    let account = accounts::set_pin(&mut db, &common::me(), anh, "2468").unwrap();
    let kiosk = accounts::sign_in(&mut db, account.id, "2468", chrono::Utc::now()).unwrap();
    let ic = courses::list(db.raw(), &common::me())
        .unwrap()
        .into_iter()
        .find(|c| c.title == "Infection control")
        .unwrap()
        .id;
    let pending = training::log(
        &mut db,
        &kiosk,
        &TrainingInput {
            staff_id: Some(anh),
            course_id: Some(ic),
            completed_on: "2026-09-01".into(),
            hours: Some(7.0),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    assert_eq!(status(&db, anh, kind).ce.unwrap().hours, 18.0);
    training::approve(&mut db, &common::me(), &[pending.id]).unwrap();
    let ce = status(&db, anh, kind).ce.unwrap();
    assert_eq!((ce.hours, ce.category_hours), (25.0, 9.0));
    assert!(ce.met);
    // At the kiosk, the person sees the same.
    let page = standard_practice::pages::kiosk(db.raw(), &kiosk, today()).unwrap();
    assert_eq!(
        page.licence_status[0].ce.as_ref().map(|c| c.met),
        Some(true)
    );
}

#[test]
fn a_licence_recorded_at_the_kiosk_waits_for_the_office_and_staff_see_only_their_own() {
    let (_d, mut db) = fresh();
    let kind = hygienist_licence(&mut db);
    let r = requiring(&mut db, "Hygienist", &[kind]);
    let sato = person(&mut db, "佐藤 健", Some(r), "2024-01-01");
    let other = person(&mut db, "Aoife Ní Bhriain", Some(r), "2024-01-01");
    let theirs = licences::record(
        &mut db,
        &common::me(),
        &licence(other, kind, "2028-01-01"),
        today(),
    )
    .unwrap();
    let account = accounts::set_pin(&mut db, &common::me(), sato, "2468").unwrap();
    let kiosk = accounts::sign_in(&mut db, account.id, "2468", chrono::Utc::now()).unwrap();

    let scan = CertificateUpload {
        file_name: "licence.png".into(),
        data_base64: base64::engine::general_purpose::STANDARD.encode(b"\x89PNG\r\n\x1a\nscan"),
    };
    let mine = licences::record(
        &mut db,
        &kiosk,
        &LicenceInput {
            scan: Some(scan),
            ..licence(sato, kind, "2028-06-30")
        },
        today(),
    )
    .unwrap();
    assert!(!mine.checked);
    assert_eq!(mine.recorded_by.as_ref().map(|p| p.id), Some(sato));
    assert_eq!(
        mine.scan.as_ref().map(|s| s.media_type.as_str()),
        Some("image/png")
    );
    let s = status(&db, sato, kind);
    assert_eq!((s.state, s.unchecked), (LicenceState::Missing, 1));
    assert_eq!(
        licences::scan(db.raw(), &kiosk, mine.id).unwrap().file_name,
        "licence.png"
    );

    // Everything about someone else is refused.
    let forbidden = |e: standard_practice::Error| assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    forbidden(licences::get(db.raw(), &kiosk, theirs.id).unwrap_err());
    forbidden(licences::for_person(db.raw(), &kiosk, other).unwrap_err());
    forbidden(licences::scan(db.raw(), &kiosk, theirs.id).unwrap_err());
    forbidden(licences::statuses(db.raw(), &kiosk, None, today()).unwrap_err());
    forbidden(licences::statuses(db.raw(), &kiosk, Some(other), today()).unwrap_err());
    forbidden(licences::list_all(db.raw(), &kiosk).unwrap_err());
    forbidden(licences::unchecked(db.raw(), &kiosk).unwrap_err());
    let before = snapshot(&db);
    forbidden(
        licences::record(
            &mut db,
            &kiosk,
            &licence(other, kind, "2029-01-01"),
            today(),
        )
        .unwrap_err(),
    );
    forbidden(licences::check(&mut db, &kiosk, &[mine.id]).unwrap_err());
    forbidden(
        licences::update(
            &mut db,
            &kiosk,
            mine.id,
            &licence(sato, kind, "2030-01-01"),
            today(),
        )
        .unwrap_err(),
    );
    forbidden(licences::delete(&mut db, &kiosk, theirs.id).unwrap_err());
    assert_eq!(
        snapshot(&db),
        before,
        "nothing a refused call touched changed"
    );
    assert_eq!(
        licences::for_person(db.raw(), &kiosk, sato).unwrap().len(),
        1
    );

    // The office checks it: now it counts.
    assert_eq!(
        licences::unchecked(db.raw(), &common::me()).unwrap().len(),
        1
    );
    let checked = licences::check(&mut db, &common::me(), &[mine.id]).unwrap();
    assert!(checked[0].checked);
    assert_eq!(status(&db, sato, kind).state, LicenceState::Current);
    let e = licences::check(&mut db, &common::me(), &[mine.id]).unwrap_err();
    assert_eq!(e.field(), Some("ids"));
}

#[test]
fn bad_licences_and_types_are_refused_at_their_fields_without_a_trace() {
    let (_d, mut db) = fresh();
    let kind = hygienist_licence(&mut db);
    let card = licences::create_type(
        &mut db,
        &common::me(),
        &LicenceTypeInput {
            name: "CPR/BLS card".into(),
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    let r = requiring(&mut db, "Hygienist", &[kind]);
    let who = person(&mut db, "Zoë Núñez", Some(r), "2020-01-01");
    let before = snapshot(&db);
    let refused = |db: &mut Db, input: LicenceInput| {
        let e = licences::record(db, &common::me(), &input, today()).unwrap_err();
        common::refused_fields(&e)
    };
    let future = (today() + chrono::Days::new(3)).to_string();
    let cases: Vec<(LicenceInput, Vec<&str>)> = vec![
        (
            LicenceInput {
                staff_id: None,
                ..licence(who, kind, "2028-01-01")
            },
            vec!["staffId"],
        ),
        (
            LicenceInput {
                type_id: None,
                ..licence(who, kind, "2028-01-01")
            },
            vec!["typeId"],
        ),
        (
            licence(StaffId(999_999), kind, "2028-01-01"),
            vec!["staffId"],
        ),
        (
            licence(who, LicenceTypeId(999_999), "2028-01-01"),
            vec!["typeId"],
        ),
        (licence(who, kind, "2028-02-30"), vec!["expiresOn"]),
        (licence(who, kind, "soon"), vec!["expiresOn"]),
        // CE needs the renewal date its cycle ends on.
        (licence(who, kind, ""), vec!["expiresOn"]),
        (
            LicenceInput {
                issued_on: future,
                ..licence(who, card, "")
            },
            vec!["issuedOn"],
        ),
        (licence(who, card, "2024-12-31"), vec!["expiresOn"]),
        (
            LicenceInput {
                number: "x".repeat(101),
                ..licence(who, kind, "2028-01-01")
            },
            vec!["number"],
        ),
        (
            LicenceInput {
                scan: Some(CertificateUpload {
                    file_name: "a.exe".into(),
                    data_base64: "TVqQAAMAAAAEAAAA".into(),
                }),
                ..licence(who, kind, "2028-01-01")
            },
            vec!["scan"],
        ),
        (
            LicenceInput {
                staff_id: None,
                type_id: None,
                expires_on: "x".into(),
                ..Default::default()
            },
            vec!["staffId", "typeId", "expiresOn"],
        ),
    ];
    for (input, fields) in cases {
        assert_eq!(refused(&mut db, input.clone()), fields, "{input:?}");
    }
    // A card without CE needs no expiry date.
    let e = licences::create_type(
        &mut db,
        &common::me(),
        &LicenceTypeInput {
            name: "dental HYGIENIST licence ".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("name"), "{e}");
    assert_eq!(snapshot(&db), before);
    licences::record(&mut db, &common::me(), &licence(who, card, ""), today()).unwrap();

    // A type somebody holds is not deleted; one nobody holds is, and roles stop requiring it.
    let e = licences::delete_type(&mut db, &common::me(), card).unwrap_err();
    assert_eq!(e.field(), Some("id"));
    licences::delete_type(&mut db, &common::me(), kind).unwrap();
    let roles = roles::list(db.raw(), &common::me()).unwrap();
    assert!(roles.iter().all(|r| r.required_licence_type_ids.is_empty()));
    let e = roles::update(
        &mut db,
        &common::me(),
        r,
        &RoleInput {
            name: "Hygienist".into(),
            required_licence_type_ids: vec![LicenceTypeId(424_242)],
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("requiredLicenceTypeIds"));
}

#[test]
fn people_who_left_have_no_licence_states_and_a_deleted_person_takes_theirs() {
    let (_d, mut db) = fresh();
    let kind = hygienist_licence(&mut db);
    let r = requiring(&mut db, "Hygienist", &[kind]);
    let tom = person(&mut db, "Tom Becker", Some(r), "2020-01-01");
    let ana = person(&mut db, "Ana Díaz", Some(r), "2020-01-01");
    licences::record(
        &mut db,
        &common::me(),
        &licence(ana, kind, "2028-01-01"),
        today(),
    )
    .unwrap();
    let all = licences::statuses(db.raw(), &common::me(), None, today()).unwrap();
    assert_eq!(all.len(), 2);
    let left = standard_practice::staff::StaffInput {
        name: "Tom Becker".into(),
        role_id: Some(r),
        hire_date: "2020-01-01".into(),
        status: Some(standard_practice::staff::StaffStatus::Left),
        end_date: "2026-06-30".into(),
        ..Default::default()
    };
    standard_practice::staff::update(&mut db, &common::me(), tom, &left, today()).unwrap();
    let all = licences::statuses(db.raw(), &common::me(), None, today()).unwrap();
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].staff.id, ana);
    standard_practice::staff::delete(&mut db, &common::me(), ana).unwrap();
    assert!(licences::list_all(db.raw(), &common::me())
        .unwrap()
        .is_empty());
}
