//! The evidence of service: who serves whom between job roles, and thank-yous
//! — given by managers and by colleagues at the kiosk, on the kiosk's wall,
//! hidden by the person thanked, printed as a certificate — with who may do
//! what decided in the core and every refusal leaving the practice as it was.

mod common;

use chrono::Utc;
use common::{d, fresh, me, snapshot, today};
use standard_practice::access::Actor;
use standard_practice::accounts::{self, AccountInput};
use standard_practice::audit::{self, Entity};
use standard_practice::demo::{self, DemoSize, DEMO_PIN};
use standard_practice::documents::{self, Document, PrintOptions};
use standard_practice::ids::{RoleId, StaffId, StandardId};
use standard_practice::recognition::{self, RecognitionFilter, RecognitionInput};
use standard_practice::roles::{self, RoleInput};
use standard_practice::staff::{self, StaffFilter};
use standard_practice::{pages, Db, ErrorCode};

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
