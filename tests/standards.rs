//! Service standards: versions, which roles they bind, and acknowledgments.

mod common;

use common::{d, fresh, person, role, snapshot, today};
use standard_practice::ids::{RoleId, StaffId, VersionId};
use standard_practice::standards::{self, Audience, ServiceChannel, StandardInput, TargetUnit};

fn phone_standard(effective: &str, roles: Vec<RoleId>) -> StandardInput {
    StandardInput {
        audience: Some(Audience::External),
        channel: Some(ServiceChannel::Phone),
        statement: "Answer before the third ring.".into(),
        target_value: Some(3.0),
        target_unit: Some(TargetUnit::Rings),
        target_text: String::new(),
        effective_date: effective.into(),
        role_ids: roles,
        ..Default::default()
    }
}

#[test]
fn editing_a_standard_in_force_makes_a_new_version_to_acknowledge() {
    let (_d, mut db) = fresh();
    let front = role(&mut db, "Receptionist", &[]);
    let clinic = role(&mut db, "Hygienist", &[]);
    let zoe = person(&mut db, "Zoë", Some(front), "2020-01-01");
    let ana = person(&mut db, "Ana", Some(front), "2020-01-01");
    let _hy = person(&mut db, "Hy", Some(clinic), "2020-01-01");

    let s = standards::create(
        &mut db,
        &common::me(),
        &phone_standard("2025-01-01", vec![front]),
        today(),
    )
    .unwrap();
    assert!(s.standard.in_force);
    assert_eq!(s.standard.current.target_label, "3 rings");
    assert_eq!(s.standard.bound_count, 2, "only receptionists are bound");
    assert_eq!(s.not_acknowledged.len(), 2);
    let v1 = s.standard.current.id;
    standards::acknowledge(&mut db, &common::me(), zoe, v1, "2025-02-01", today()).unwrap();
    let again =
        standards::acknowledge(&mut db, &common::me(), zoe, v1, "2025-03-01", today()).unwrap();
    assert_eq!(
        again.acknowledged_on,
        d("2025-02-01"),
        "acknowledging twice keeps the first date"
    );

    let detail = standards::detail(db.raw(), &common::me(), s.standard.id, today()).unwrap();
    assert_eq!(detail.standard.acknowledged_count, 1);
    assert_eq!(
        detail
            .not_acknowledged
            .iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        vec![ana]
    );

    // In force: a change becomes version 2, which nobody has acknowledged yet.
    let mut changed = phone_standard("2026-11-01", vec![front]);
    changed.target_value = Some(2.0);
    let s2 = standards::revise(&mut db, &common::me(), s.standard.id, &changed, today()).unwrap();
    assert_eq!(s2.standard.current.version, 2);
    assert_eq!(s2.standard.current.target_label, "2 rings");
    assert_eq!(s2.versions.len(), 2);
    assert_eq!(
        s2.versions[1].target_label, "3 rings",
        "version 1 is kept as it was"
    );
    assert_eq!(s2.standard.acknowledged_count, 0);
    let person_view = standards::for_person(db.raw(), &common::me(), zoe, today()).unwrap();
    assert_eq!(person_view.len(), 1);
    assert_eq!(person_view[0].acknowledged_on, None);

    // A version dated before the one in force is refused, and nothing changes.
    let before = snapshot(&db);
    let e = standards::revise(
        &mut db,
        &common::me(),
        s.standard.id,
        &phone_standard("2026-10-01", vec![front]),
        today(),
    )
    .err()
    .unwrap();
    assert_eq!(e.field(), Some("effectiveDate"));
    assert_eq!(snapshot(&db), before);
}

#[test]
fn a_version_not_yet_in_force_is_corrected_in_place() {
    let (_d, mut db) = fresh();
    let s = standards::create(
        &mut db,
        &common::me(),
        &phone_standard("2027-01-01", vec![]),
        today(),
    )
    .unwrap();
    assert!(!s.standard.in_force);
    let mut fixed = phone_standard("2027-02-01", vec![]);
    fixed.statement = "Answer before the third ring, with the practice's name.".into();
    let s = standards::revise(&mut db, &common::me(), s.standard.id, &fixed, today()).unwrap();
    assert_eq!(s.versions.len(), 1);
    assert_eq!(s.standard.current.effective_date, d("2027-02-01"));
}

#[test]
fn bad_standards_and_acknowledgments_are_refused_naming_the_field() {
    let (_d, mut db) = fresh();
    let p = person(&mut db, "Ana", None, "2024-01-01");
    let s = standards::create(
        &mut db,
        &common::me(),
        &phone_standard("2025-01-01", vec![]),
        today(),
    )
    .unwrap();
    let before = snapshot(&db);
    let cases: Vec<(StandardInput, &str)> = vec![
        (
            StandardInput {
                statement: " ".into(),
                ..phone_standard("2025-01-01", vec![])
            },
            "statement",
        ),
        (
            StandardInput {
                statement: "x".repeat(5000),
                ..phone_standard("2025-01-01", vec![])
            },
            "statement",
        ),
        (
            StandardInput {
                target_value: Some(-3.0),
                ..phone_standard("2025-01-01", vec![])
            },
            "targetValue",
        ),
        (
            StandardInput {
                target_value: None,
                ..phone_standard("2025-01-01", vec![])
            },
            "targetValue",
        ),
        (
            StandardInput {
                target_unit: Some(TargetUnit::Text),
                ..phone_standard("2025-01-01", vec![])
            },
            "targetText",
        ),
        (
            StandardInput {
                audience: None,
                ..phone_standard("2025-01-01", vec![])
            },
            "audience",
        ),
        (phone_standard("2025-02-30", vec![]), "effectiveDate"),
        (phone_standard("2025-01-01", vec![RoleId(42)]), "roleIds"),
    ];
    for (i, field) in cases {
        let e = standards::create(&mut db, &common::me(), &i, today())
            .err()
            .unwrap_or_else(|| panic!("accepted bad {field}"));
        assert_eq!(e.field(), Some(field), "{e}");
    }
    let v = s.standard.current.id;
    for (who, version, on, field) in [
        (p, v, "2026-12-01", "acknowledgedOn"),
        (p, v, "2023-12-31", "acknowledgedOn"),
        (p, VersionId(99), "2026-01-01", "versionId"),
        (StaffId(99), v, "2026-01-01", "staffId"),
    ] {
        let e = standards::acknowledge(&mut db, &common::me(), who, version, on, today())
            .err()
            .unwrap();
        assert_eq!(e.field(), Some(field), "{e}");
    }
    assert_eq!(snapshot(&db), before);
}

#[test]
fn every_bad_field_of_a_standard_is_named_at_once() {
    let (_d, mut db) = fresh();
    let before = snapshot(&db);
    let e = standards::create(
        &mut db,
        &common::me(),
        &StandardInput {
            target_value: Some(-3.0),
            target_unit: Some(TargetUnit::Rings),
            effective_date: "next Monday".into(),
            role_ids: vec![RoleId(404)],
            ..Default::default()
        },
        today(),
    )
    .unwrap_err();
    assert_eq!(
        common::refused_fields(&e),
        [
            "audience",
            "channel",
            "statement",
            "targetValue",
            "effectiveDate",
            "roleIds"
        ],
        "{e:?}"
    );
    assert_eq!(snapshot(&db), before, "nothing saved");
}
