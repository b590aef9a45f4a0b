//! The to-do list against a real database: each kind appears when its day
//! comes near and goes when it is done, the settings turn kinds off, staff
//! see only their own, and the daily reminder tells each thing once, at most
//! once a day.

mod common;

use chrono::Days;
use common::{course, fresh, person, role, today};
use standard_practice::accounts;
use standard_practice::demo::{self, DemoSize};
use standard_practice::ids::StaffId;
use standard_practice::licences::{self, LicenceInput, LicenceTypeInput};
use standard_practice::roles::{self, RoleInput};
use standard_practice::todo::{self, Place, Reminder, ReminderSetting, TodoItem};
use standard_practice::training::{self, TrainingInput};
use standard_practice::{Db, ErrorCode};

fn list(db: &Db) -> Vec<TodoItem> {
    todo::list(db.raw(), &common::me(), today()).unwrap()
}

fn about(items: &[TodoItem], who: StaffId, reminder: Reminder) -> Vec<TodoItem> {
    items
        .iter()
        .filter(|i| i.reminder == reminder && i.who.as_ref().map(|w| w.id) == Some(who))
        .cloned()
        .collect()
}

fn day(n: i64) -> String {
    if n >= 0 {
        (today() + Days::new(n as u64)).to_string()
    } else {
        (today() - Days::new(n.unsigned_abs())).to_string()
    }
}

#[test]
fn a_renewed_licence_and_a_completed_course_leave_the_list() {
    let (_d, mut db) = fresh();
    let cpr = course(&mut db, "CPR", Some(24));
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
    let r = role(&mut db, "Hygienist", &[cpr]);
    roles::update(
        &mut db,
        &common::me(),
        r,
        &RoleInput {
            name: "Hygienist".into(),
            required_course_ids: vec![cpr],
            required_licence_type_ids: vec![card],
            ..Default::default()
        },
    )
    .unwrap();
    let wang = person(&mut db, "王芳", Some(r), "2020-01-01");
    let items = list(&db);
    let missing = about(&items, wang, Reminder::Licences);
    assert_eq!(missing.len(), 1, "{items:#?}");
    assert!(missing[0].overdue && missing[0].what.contains("missing"));
    assert_eq!(missing[0].opens, Place::Staff { staff_id: wang });
    assert_eq!(
        about(&items, wang, Reminder::Training).len(),
        1,
        "never done"
    );

    let l = licences::record(
        &mut db,
        &common::me(),
        &LicenceInput {
            staff_id: Some(wang),
            type_id: Some(card),
            expires_on: day(20),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    let due = about(&list(&db), wang, Reminder::Licences);
    assert_eq!(due.len(), 1);
    assert!(!due[0].overdue && due[0].what.contains("due for renewal"));
    assert_eq!(due[0].due_on, Some(today() + Days::new(20)));

    // The office manager renews it: the reminder is gone.
    licences::update(
        &mut db,
        &common::me(),
        l.id,
        &LicenceInput {
            staff_id: Some(wang),
            type_id: Some(card),
            expires_on: day(20 + 730),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    assert!(about(&list(&db), wang, Reminder::Licences).is_empty());
    training::log(
        &mut db,
        &common::me(),
        &TrainingInput {
            staff_id: Some(wang),
            course_id: Some(cpr),
            completed_on: today().to_string(),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    assert!(list(&db).is_empty(), "{:#?}", list(&db));
}

#[test]
fn the_settings_turn_a_kind_off_and_set_how_far_ahead() {
    let (_d, mut db) = fresh();
    let cpr = course(&mut db, "CPR", Some(12));
    let r = role(&mut db, "Receptionist", &[cpr]);
    let zoe = person(&mut db, "Zoë Núñez", Some(r), "2020-01-01");
    // Done 11 months and a day ago: expires in about 30 days.
    let done = today().checked_sub_months(chrono::Months::new(12)).unwrap() + Days::new(30);
    training::log(
        &mut db,
        &common::me(),
        &TrainingInput {
            staff_id: Some(zoe),
            course_id: Some(cpr),
            completed_on: done.to_string(),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    let set = |db: &mut Db, enabled: bool, days: u32| {
        todo::update_settings(
            db,
            &common::me(),
            &[ReminderSetting {
                reminder: Reminder::Training,
                enabled,
                days_ahead: Some(days),
            }],
        )
    };
    set(&mut db, true, 10).unwrap();
    assert!(
        about(&list(&db), zoe, Reminder::Training).is_empty(),
        "30 days away, 10 ahead"
    );
    set(&mut db, true, 45).unwrap();
    assert_eq!(about(&list(&db), zoe, Reminder::Training).len(), 1);
    // The training window is the practice's "due soon": one number, one place.
    let settings = standard_practice::practice::settings(db.raw(), &common::me()).unwrap();
    assert_eq!(settings.due_soon_days, 45);
    set(&mut db, false, 45).unwrap();
    assert!(list(&db).is_empty());

    // Refused whole, at the field.
    let before = common::snapshot(&db);
    let e = set(&mut db, true, 366).unwrap_err();
    assert_eq!(e.field(), Some("daysAhead"));
    let e = todo::update_settings(
        &mut db,
        &common::me(),
        &[ReminderSetting {
            reminder: Reminder::Suggestions,
            enabled: true,
            days_ahead: Some(3),
        }],
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("daysAhead"));
    let twice = ReminderSetting {
        reminder: Reminder::CheckIn,
        enabled: true,
        days_ahead: Some(3),
    };
    let e = todo::update_settings(&mut db, &common::me(), &[twice.clone(), twice]).unwrap_err();
    assert_eq!(e.field(), Some("reminder"));
    assert_eq!(common::snapshot(&db), before);
}

#[test]
fn the_daily_reminder_tells_each_thing_once_and_at_most_once_a_day() {
    let (_d, mut db) = fresh();
    let cpr = course(&mut db, "CPR", Some(24));
    let r = role(&mut db, "Receptionist", &[cpr]);
    person(&mut db, "Zoë Núñez", Some(r), "2020-01-01");
    person(&mut db, "Ana Díaz", Some(r), "2020-01-01");

    // Not set up yet (the first run): nothing, and the day is not used up.
    assert_eq!(todo::daily(&mut db, today()).unwrap(), None);
    db.raw()
        .execute("UPDATE practice SET set_up = 1", [])
        .unwrap();
    let first = todo::daily(&mut db, today())
        .unwrap()
        .expect("two things are new");
    assert_eq!(first.new_items, 2);
    assert_eq!(first.title, "2 new things to do");
    assert!(first.body.starts_with("Training due: 2."), "{}", first.body);
    assert!(!first.body.contains("Zoë"), "no names on a shared screen");
    assert_eq!(todo::daily(&mut db, today()).unwrap(), None, "once a day");
    // The next day, nothing new: no notification.
    let tomorrow = today() + Days::new(1);
    assert_eq!(todo::daily(&mut db, tomorrow).unwrap(), None);
    // Someone new is hired: one new thing, the day after.
    person(&mut db, "Bo Li", Some(r), "2020-01-01");
    let later = todo::daily(&mut db, tomorrow + Days::new(1))
        .unwrap()
        .expect("one new");
    assert_eq!(later.new_items, 1);
    assert_eq!(later.title, "1 new thing to do");
}

#[test]
fn staff_see_only_their_own_list() {
    let (_d, mut db) = fresh();
    demo::create(&mut db, &common::me(), DemoSize::default(), today()).unwrap();
    let options = accounts::sign_in_options(&db).unwrap();
    let wang = options.kiosk.iter().find(|k| k.name == "王芳").unwrap();
    let kiosk = accounts::sign_in(&mut db, wang.id, demo::DEMO_PIN, chrono::Utc::now()).unwrap();
    let e = todo::list(db.raw(), &kiosk, today()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden);
    let mine = todo::mine(db.raw(), &kiosk, today()).unwrap();
    assert!(mine.iter().all(|i| i.opens == Place::Kiosk), "{mine:#?}");
    assert!(mine.iter().all(
        |i| i.who.as_ref().is_none_or(|w| Some(w.id) == kiosk.staff())
            || i.reminder == Reminder::Feedback
    ));
    // Her licence due for renewal with hours short, as the demo has it.
    assert!(mine.iter().any(|i| i.reminder == Reminder::Licences));
    assert!(mine
        .iter()
        .any(|i| i.reminder == Reminder::ContinuingEducation));
    let e = todo::mine(db.raw(), &common::me(), today()).unwrap_err();
    assert_eq!(
        e.code(),
        ErrorCode::Forbidden,
        "no staff record, no list of one's own"
    );
    let e = todo::update_settings(&mut db, &kiosk, &[]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden);
}
