//! Staff records against a real database: search, filters, managers, and every
//! refused change leaving the database exactly as it was.

mod common;

use common::{fresh, person, role, snapshot, today};
use standard_practice::audit::{self, Entity};
use standard_practice::ids::{RoleId, StaffId};
use standard_practice::staff::{self, StaffFilter, StaffInput, StaffStatus};
use standard_practice::{courses, pages, roles, training, Error};

fn input(name: &str) -> StaffInput {
    StaffInput {
        name: name.into(),
        hire_date: "2021-04-01".into(),
        ..Default::default()
    }
}

#[test]
fn search_ignores_case_and_accents_and_filters_combine() {
    let (_d, mut db) = fresh();
    let front = role(&mut db, "Receptionist", &[]);
    let clinic = role(&mut db, "Hygienist", &[]);
    person(&mut db, "Zoë Núñez", Some(front), "2020-01-01");
    person(&mut db, "Nguyễn Văn Anh", Some(clinic), "2020-01-01");
    person(&mut db, "王芳", Some(clinic), "2020-01-01");
    let left = staff::create(
        &mut db,
        &common::me(),
        &StaffInput {
            status: Some(StaffStatus::Left),
            end_date: "2024-05-01".into(),
            ..input("Łukasz Żółć")
        },
        today(),
    )
    .unwrap();
    let names = |f: StaffFilter| -> Vec<String> {
        staff::list(db.raw(), &common::me(), &f)
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect()
    };
    let search = |s: &str| StaffFilter {
        search: s.into(),
        ..Default::default()
    };
    assert_eq!(names(search("nunez")), ["Zoë Núñez"]);
    assert_eq!(names(search("ZOË")), ["Zoë Núñez"]);
    assert_eq!(names(search("nguyen")), ["Nguyễn Văn Anh"]);
    assert_eq!(names(search("王")), ["王芳"]);
    assert_eq!(names(search("lukasz")), ["Łukasz Żółć"]);
    assert_eq!(
        names(search("%")),
        Vec::<String>::new(),
        "LIKE wildcards are matched literally"
    );
    assert_eq!(
        names(StaffFilter {
            role_id: Some(clinic),
            ..Default::default()
        })
        .len(),
        2
    );
    assert_eq!(
        names(StaffFilter {
            status: Some(StaffStatus::Left),
            ..Default::default()
        }),
        ["Łukasz Żółć"]
    );
    assert_eq!(
        names(StaffFilter {
            search: "a".into(),
            status: Some(StaffStatus::Active),
            role_id: Some(clinic)
        }),
        ["Nguyễn Văn Anh"]
    );
    assert_eq!(
        staff::get(db.raw(), &common::me(), left.id)
            .unwrap()
            .end_date,
        Some(common::d("2024-05-01"))
    );
}

#[test]
fn a_manager_cycle_is_refused() {
    let (_d, mut db) = fresh();
    let a = person(&mut db, "Ana", None, "2020-01-01");
    let b = staff::create(
        &mut db,
        &common::me(),
        &StaffInput {
            manager_id: Some(a),
            ..input("Ben")
        },
        today(),
    )
    .unwrap()
    .id;
    let c = staff::create(
        &mut db,
        &common::me(),
        &StaffInput {
            manager_id: Some(b),
            ..input("Cleo")
        },
        today(),
    )
    .unwrap()
    .id;
    let before = snapshot(&db);
    for (who, manager, name) in [(a, c, "Ana"), (a, b, "Ana"), (b, b, "Ben")] {
        let e = staff::update(
            &mut db,
            &common::me(),
            who,
            &StaffInput {
                manager_id: Some(manager),
                ..input(name)
            },
            today(),
        )
        .expect_err("accepted a manager cycle");
        assert_eq!(e.field(), Some("managerId"), "{e}");
    }
    assert_eq!(snapshot(&db), before);
    // A legitimate change still works.
    staff::update(
        &mut db,
        &common::me(),
        c,
        &StaffInput {
            manager_id: Some(a),
            ..input("Cleo")
        },
        today(),
    )
    .unwrap();
    assert_eq!(
        pages::staff_page(db.raw(), &common::me(), a, today())
            .unwrap()
            .reports
            .len(),
        2
    );
}

#[test]
fn bad_input_is_refused_naming_the_field_and_saves_nothing() {
    let (_d, mut db) = fresh();
    let existing = staff::create(
        &mut db,
        &common::me(),
        &StaffInput {
            employee_no: Some("E1".into()),
            ..input("Ana")
        },
        today(),
    )
    .unwrap()
    .id;
    let before = snapshot(&db);
    let cases: Vec<(StaffInput, &str)> = vec![
        (input(""), "name"),
        (input(&"n".repeat(10_000)), "name"),
        (
            StaffInput {
                hire_date: "2021-02-29".into(),
                ..input("Ben")
            },
            "hireDate",
        ),
        (
            StaffInput {
                hire_date: "not a date".into(),
                ..input("Ben")
            },
            "hireDate",
        ),
        (
            StaffInput {
                employee_no: Some(" E1 ".into()),
                ..input("Ben")
            },
            "employeeNo",
        ),
        (
            StaffInput {
                role_id: Some(RoleId(999)),
                ..input("Ben")
            },
            "roleId",
        ),
        (
            StaffInput {
                manager_id: Some(StaffId(999)),
                ..input("Ben")
            },
            "managerId",
        ),
        (
            StaffInput {
                email: "ben@".into(),
                ..input("Ben")
            },
            "email",
        ),
        (
            StaffInput {
                status: Some(StaffStatus::Left),
                ..input("Ben")
            },
            "endDate",
        ),
    ];
    for (i, field) in cases {
        let e = staff::create(&mut db, &common::me(), &i, today())
            .err()
            .unwrap_or_else(|| panic!("accepted {i:?}"));
        assert_eq!(e.field(), Some(field), "{e}");
        assert!(!e.to_string().is_empty());
        assert_eq!(
            snapshot(&db),
            before,
            "a refused {field} changed the database"
        );
    }
    let e = staff::update(
        &mut db,
        &common::me(),
        StaffId(999),
        &input("Ghost"),
        today(),
    )
    .err()
    .unwrap();
    assert!(matches!(e, Error::NotFound { .. }));
    let e = staff::update(&mut db, &common::me(), existing, &input(""), today())
        .err()
        .unwrap();
    assert_eq!(e.field(), Some("name"));
    assert_eq!(snapshot(&db), before);
}

#[test]
fn deleting_never_quietly_changes_another_record() {
    let (_d, mut db) = fresh();
    let me = common::me();
    let cpr = common::course(&mut db, "CPR", Some(24));
    let front = role(&mut db, "Receptionist", &[cpr]);
    let ana = person(&mut db, "Ana", Some(front), "2020-01-01");
    let mut reports = Vec::new();
    for name in ["Ben", "Cleo", "Dev", "Eli"] {
        let input = StaffInput {
            manager_id: Some(ana),
            role_id: Some(front),
            ..input(name)
        };
        reports.push(staff::create(&mut db, &me, &input, today()).unwrap().id);
    }
    let before = snapshot(&db);
    let refused = |r: standard_practice::Result<()>| match r {
        Err(Error::Conflict { message, .. }) => message,
        other => panic!("expected a refusal, got {other:?}"),
    };

    // A manager with reports: refused, naming them.
    let m = refused(staff::delete(&mut db, &me, ana));
    assert!(
        m.contains("Ana is the manager of Ben, Cleo, Dev and 1 other"),
        "{m}"
    );
    // A role people hold, and a course a role requires: refused, naming them.
    let m = refused(roles::delete(&mut db, &me, front));
    assert!(m.contains("held by Ana, Ben, Cleo and 2 others"), "{m}");
    let m = refused(courses::delete(&mut db, &me, cpr));
    assert!(m.contains("required by the job role Receptionist"), "{m}");
    assert_eq!(snapshot(&db), before, "nothing changed");

    // A role a standard names: refused, naming the standard.
    let hygiene = role(&mut db, "Hygienist", &[]);
    common::standard_for(&mut db, "Greet every patient by name", &[hygiene]);
    let m = refused(roles::delete(&mut db, &me, hygiene));
    assert!(m.contains("\"Greet every patient by name\""), "{m}");

    // Training Ana logged for Ben stays; its trail says it no longer names her.
    for r in &reports {
        let mut moved = input("x");
        moved.name = staff::get(db.raw(), &me, *r).unwrap().name;
        moved.role_id = Some(front);
        staff::update(&mut db, &me, *r, &moved, today()).unwrap();
    }
    let ben = reports[0];
    let record = training::log(
        &mut db,
        &me,
        &common::training_input(ben, cpr, "2026-01-05"),
        today(),
    )
    .unwrap()
    .id;
    db.raw()
        .execute(
            "UPDATE training_records SET logged_by = ?1 WHERE id = ?2",
            (ana, record),
        )
        .unwrap();
    staff::delete(&mut db, &me, ana).unwrap();
    let trail = audit::for_person(db.raw(), &me, ben).unwrap();
    let note = trail
        .iter()
        .find(|e| e.entity == Entity::TrainingRecord && e.summary.contains("no longer names Ana"))
        .expect("the record Ana logged says so in Ben's trail");
    assert_eq!(note.changes[0].field, "Logged by");
    assert_eq!(note.changes[0].before, "Ana");
}

#[test]
fn a_training_record_moved_to_another_person_is_in_both_change_lists() {
    let (_d, mut db) = fresh();
    let me = common::me();
    let cpr = common::course(&mut db, "CPR", Some(24));
    let ana = person(&mut db, "Ana", None, "2020-01-01");
    let ben = person(&mut db, "Ben", None, "2020-01-01");
    let logged = training::log(
        &mut db,
        &me,
        &common::training_input(ana, cpr, "2026-01-05"),
        today(),
    )
    .unwrap();
    training::update(
        &mut db,
        &me,
        logged.id,
        &common::training_input(ben, cpr, "2026-01-05"),
        today(),
    )
    .unwrap();
    for who in [ana, ben] {
        let trail = audit::for_person(db.raw(), &me, who).unwrap();
        assert!(
            trail
                .iter()
                .any(|e| e.entity == Entity::TrainingRecord && e.action == "updated"),
            "the move is in {who:?}'s change list"
        );
    }
}

#[test]
fn the_staff_list_carries_each_persons_training_counts() {
    let (_d, mut db) = fresh();
    let cpr = common::course(&mut db, "CPR", Some(24));
    let r = role(&mut db, "Receptionist", &[cpr]);
    person(&mut db, "Ana", Some(r), "2020-01-01");
    let rows =
        pages::staff_list(db.raw(), &common::me(), &StaffFilter::default(), today()).unwrap();
    assert_eq!(rows[0].due.never_done, 1);
}

#[test]
fn every_bad_field_of_a_person_is_named_at_once() {
    let (_d, mut db) = fresh();
    let before = snapshot(&db);
    let e = staff::create(
        &mut db,
        &common::me(),
        &StaffInput {
            name: "  ".into(),
            email: "ana@".into(),
            phone: "call me".into(),
            hire_date: "2099-01-01".into(),
            status: Some(StaffStatus::Active),
            end_date: "2024-13-01".into(),
            ..Default::default()
        },
        today(),
    )
    .unwrap_err();
    assert_eq!(
        common::refused_fields(&e),
        ["name", "email", "phone", "hireDate", "endDate"],
        "{e:?}"
    );
    assert_eq!(
        e.payload().also[3].message,
        "End date 2024-13-01 is not a real date"
    );
    assert_eq!(snapshot(&db), before, "nothing saved");
    // One bad field: named alone, as before.
    let e = staff::create(&mut db, &common::me(), &input(""), today()).unwrap_err();
    assert_eq!(common::refused_fields(&e), ["name"]);
}
