//! Staff records against a real database: search, filters, managers, and every
//! refused change leaving the database exactly as it was.

mod common;

use common::{fresh, person, role, snapshot, today};
use standard_practice::ids::{RoleId, StaffId};
use standard_practice::staff::{self, StaffFilter, StaffInput, StaffStatus};
use standard_practice::{pages, Error};

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
        staff::list(db.conn(), &common::me(), &f)
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
        staff::get(db.conn(), &common::me(), left.id)
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
        pages::staff_page(db.conn(), &common::me(), a, today())
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
fn deleting_a_person_keeps_their_reports_without_a_manager() {
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
    staff::delete(&mut db, &common::me(), a).unwrap();
    assert_eq!(
        staff::get(db.conn(), &common::me(), b).unwrap().manager,
        None
    );
    assert!(matches!(
        staff::delete(&mut db, &common::me(), a),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn the_staff_list_carries_each_persons_training_counts() {
    let (_d, mut db) = fresh();
    let cpr = common::course(&mut db, "CPR", Some(24));
    let r = role(&mut db, "Receptionist", &[cpr]);
    person(&mut db, "Ana", Some(r), "2020-01-01");
    let rows =
        pages::staff_list(db.conn(), &common::me(), &StaffFilter::default(), today()).unwrap();
    assert_eq!(rows[0].due.never_done, 1);
}
