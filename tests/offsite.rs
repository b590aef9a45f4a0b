//! A copy off the computer: the owner chooses a second folder (a USB stick, a
//! network folder); the day's backup is copied there, rotated, and restored
//! from; a missing or full destination is reported, never a reason to stop.

mod common;

use chrono::Utc;
use standard_practice::backup;
use standard_practice::offsite;
use standard_practice::{pages, Db, ErrorCode};

fn people(db: &Db) -> Vec<String> {
    standard_practice::staff::list(db.raw(), &common::me(), &Default::default())
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect()
}

#[test]
fn the_days_backup_is_copied_off_the_computer_and_restores_from_there() {
    let practice_dir = tempfile::tempdir().unwrap();
    let stick = tempfile::tempdir().unwrap();
    let path = practice_dir.path().join("practice.sqlite3");
    common::demo_file(&path);
    let mut db = Db::open(&path, &common::keys()).unwrap();
    let me = common::me();

    // Nothing set up: nothing due, the overview says none was made.
    assert_eq!(offsite::due(&db, Utc::now()).unwrap(), None);
    let status = offsite::set_folder(&mut db, &me, Some(stick.path())).unwrap();
    assert_eq!(
        status.folder.as_deref(),
        Some(std::fs::canonicalize(stick.path()).unwrap().as_path())
    );
    assert!(status.last_copy_at.is_none());
    // Both folders are on this machine's one disk here: the status says so.
    assert!(status.same_disk);

    let daily = backup::daily(&db, 14, Utc::now()).unwrap().unwrap();
    let folder = offsite::due(&db, Utc::now()).unwrap().expect("due");
    let outcome = offsite::copy(&daily, &folder, 14);
    let copy = outcome.as_ref().unwrap().clone();
    offsite::record(&mut db, &outcome, Utc::now()).unwrap();
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(&daily.path).unwrap()
    );
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the copy is its owner's only");
    }
    assert_eq!(
        offsite::due(&db, Utc::now()).unwrap(),
        None,
        "one copy a day"
    );
    let overview = pages::overview(db.raw(), &me, common::today()).unwrap();
    let shown = overview.offsite.expect("the overview shows the copy");
    assert!(shown.last_copy_at.is_some() && shown.problem.is_none());

    // The practice changes; the copy off the computer brings it back.
    let before = people(&db);
    common::person(&mut db, "Added after the copy", None, "2024-05-01");
    let listed = offsite::copies(db.raw(), &me).unwrap();
    assert_eq!(listed.copies.len(), 1);
    backup::restore(
        &mut db,
        &me,
        &listed.copies[0].path,
        &common::keys(),
        Some(14),
    )
    .unwrap();
    assert_eq!(people(&db), before);
}

#[test]
fn a_missing_or_unwritable_destination_is_reported_not_fatal() {
    let practice_dir = tempfile::tempdir().unwrap();
    let stick = tempfile::tempdir().unwrap();
    let path = practice_dir.path().join("practice.sqlite3");
    let mut db = Db::open(&path, &common::keys()).unwrap();
    let me = common::me();
    let mounted = stick.path().join("usb");
    std::fs::create_dir(&mounted).unwrap();
    offsite::set_folder(&mut db, &me, Some(&mounted)).unwrap();
    // The stick is pulled out.
    std::fs::remove_dir(&mounted).unwrap();
    let daily = backup::daily(&db, 14, Utc::now()).unwrap().unwrap();
    let folder = offsite::due(&db, Utc::now()).unwrap().unwrap();
    let outcome = offsite::copy(&daily, &folder, 14);
    let err = outcome.as_ref().unwrap_err();
    assert!(err.to_string().contains("is not there"), "{err}");
    offsite::record(&mut db, &outcome, Utc::now()).unwrap();
    let status = pages::overview(db.raw(), &me, common::today())
        .unwrap()
        .offsite
        .unwrap();
    assert!(status.problem.unwrap().contains("is not there"));
    assert!(
        daily.path.exists(),
        "the backup beside the database is taken all the same"
    );
    // Still due: tried again at the next start.
    assert!(offsite::due(&db, Utc::now()).unwrap().is_some());
    let listing = offsite::copies(db.raw(), &me).unwrap();
    assert!(listing.copies.is_empty());
    assert!(listing.unreadable.unwrap().contains("is not there"));
    // Restoring from a copy that is not there is refused, the practice unchanged.
    let before = common::snapshot(&db);
    let err = backup::restore(
        &mut db,
        &me,
        &mounted.join("x.sqlite3"),
        &common::keys(),
        Some(14),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid, "{err}");
    assert_eq!(common::snapshot(&db), before);
    // The stick is back: "Copy now" works and clears the problem.
    std::fs::create_dir(&mounted).unwrap();
    let status = offsite::copy_now(&mut db, &me, 14).unwrap();
    assert!(status.problem.is_none() && status.last_copy_at.is_some());
    assert_eq!(offsite::copies(db.raw(), &me).unwrap().copies.len(), 1);
}

#[test]
fn copies_rotate_and_never_touch_other_files_there() {
    let practice_dir = tempfile::tempdir().unwrap();
    let stick = tempfile::tempdir().unwrap();
    let mut db = Db::open(
        &practice_dir.path().join("practice.sqlite3"),
        &common::keys(),
    )
    .unwrap();
    let me = common::me();
    std::fs::write(stick.path().join("holiday photos.jpg"), b"not ours").unwrap();
    offsite::set_folder(&mut db, &me, Some(stick.path())).unwrap();
    let place = offsite::place(&db, &me).unwrap().unwrap();
    // Another practice (another computer) copying to the same network folder.
    let other_dir = tempfile::tempdir().unwrap();
    let mut other = Db::open(&other_dir.path().join("practice.sqlite3"), &common::keys()).unwrap();
    offsite::set_folder(&mut other, &me, Some(stick.path())).unwrap();
    let theirs = offsite::place(&other, &me).unwrap().unwrap();
    let their_copy = offsite::copy(
        &backup::manual(&other, &common::me(), 14).unwrap(),
        &theirs,
        1,
    )
    .unwrap();
    for _ in 0..4 {
        let b = backup::manual(&db, &common::me(), 14).unwrap();
        offsite::copy(&b, &place, 2).unwrap();
    }
    assert_eq!(offsite::copies(db.raw(), &me).unwrap().copies.len(), 2);
    assert!(stick.path().join("holiday photos.jpg").exists());
    assert!(
        their_copy.exists(),
        "another practice's copy was rotated away"
    );
    assert_eq!(offsite::copies(other.raw(), &me).unwrap().copies.len(), 1);
}

#[test]
fn only_the_owner_chooses_where_the_data_goes_and_only_a_real_folder() {
    let practice_dir = tempfile::tempdir().unwrap();
    let stick = tempfile::tempdir().unwrap();
    let path = practice_dir.path().join("practice.sqlite3");
    let mut db = Db::open(&path, &common::keys()).unwrap();
    let me = common::me();
    backup::manual(&db, &common::me(), 14).unwrap();
    for inside in [practice_dir.path().to_path_buf(), backup::backup_dir(&path)] {
        let err = offsite::set_folder(&mut db, &me, Some(&inside)).unwrap_err();
        assert_eq!(err.field(), Some("folder"), "{err}");
    }
    let err = offsite::set_folder(&mut db, &me, Some(&stick.path().join("nope"))).unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
    let file = stick.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    assert!(offsite::set_folder(&mut db, &me, Some(&file)).is_err());
    assert!(offsite::status(db.raw(), &me).unwrap().folder.is_none());
    offsite::set_folder(&mut db, &me, Some(stick.path())).unwrap();
    let trail = standard_practice::audit::for_record(
        db.raw(),
        &me,
        standard_practice::audit::Entity::Practice,
        1,
    )
    .unwrap();
    assert!(trail.iter().any(|e| e.summary == "Copies off the computer"));
}
