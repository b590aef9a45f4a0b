//! CSV import and export: files as other HR tools and spreadsheets write them,
//! matched by header; a preview that names every row's problems; all or nothing;
//! and an export that imports back into another practice.

mod common;

use common::{course, fresh, me, person, snapshot, today};
use standard_practice::access::Actor;
use standard_practice::demo::{self, DemoSize};
use standard_practice::import::{self, ImportKind, ImportReport};
use standard_practice::staff::{self, StaffFilter, StaffStatus};
use standard_practice::{export, pages, training, Db, ErrorCode};

fn staff_import(db: &mut Db, csv: &str) -> ImportReport {
    import::csv(db, &me(), ImportKind::Staff, csv, today(), true).unwrap()
}

fn names(db: &Db) -> Vec<String> {
    staff::list(db.raw(), &me(), &StaffFilter::default())
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect()
}

fn problems(r: &ImportReport) -> Vec<String> {
    r.rows
        .iter()
        .flat_map(|row| {
            row.problems
                .iter()
                .map(move |p| format!("line {}: {p}", row.line))
        })
        .collect()
}

/// The same two people, as ten tools and spreadsheets write them.
#[test]
fn staff_files_in_the_shapes_other_tools_export() {
    let cases: &[(&str, &str)] = &[
        ("plain", "Name,Email,Hire date\nAna Díaz,ana@x.example,2024-03-15\nBo Li,bo@x.example,2023-01-02\n"),
        ("snake case", "first_name,last_name,email,hire_date\nAna,Díaz,ana@x.example,2024-03-15\nBo,Li,bo@x.example,2023-01-02\n"),
        ("BambooHR", "Employee #,First Name,Last Name,Work Email,Hire Date,Job Title\nE1,Ana,Díaz,ana@x.example,03/15/2024,Hygienist\nE2,Bo,Li,bo@x.example,01/22/2023,Hygienist\n"),
        ("OrangeHRM", "Employee Id,First Name,Middle Name,Last Name,Joined Date,Employment Status\n0001,Ana,,Díaz,2024-03-15,Full-Time\n0002,Bo,,Li,2023-01-02,Full-Time\n"),
        ("with BOM and CRLF", "\u{feff}Name,Email\r\nAna Díaz,ana@x.example\r\nBo Li,bo@x.example\r\n"),
        ("semicolons, European dates", "Nom;Prénom;Date d'embauche;Name\n;;;Ana Díaz\n;;;Bo Li\n"),
        ("semicolons", "Name;Hire date;Phone\nAna Díaz;15.03.2024;+1 207 555 0100\nBo Li;02.01.2023;\n"),
        ("tabs", "Name\tDepartment\nAna Díaz\tFront office\nBo Li\tClinical\n"),
        ("quoted", "\"Name\",\"Notes\",\"Email\"\n\"Díaz, Ana\",\"says \"\"hi\"\"\nand more\",ana@x.example\n\"Li, Bo\",\"\",bo@x.example\n"),
        ("blank lines and spaces", "  Full Name  , Email \n\nAna Díaz , ana@x.example\n\n Bo Li,bo@x.example\n\n"),
    ];
    for (what, csv) in cases {
        let (_dir, mut db) = fresh();
        let r = staff_import(&mut db, csv);
        assert_eq!(problems(&r), Vec::<String>::new(), "{what}");
        assert!(r.imported, "{what}");
        assert_eq!(r.to_add, 2, "{what}");
        let got = names(&db);
        assert_eq!(got.len(), 2, "{what}: {got:?}");
        assert!(
            got.iter().any(|n| n.contains("Ana") || n.contains("Díaz")),
            "{what}: {got:?}"
        );
    }
}

#[test]
fn a_file_with_any_problem_imports_nothing_and_the_preview_names_every_row() {
    let (_dir, mut db) = fresh();
    person(&mut db, "Existing Person", None, "2020-01-01");
    let before = snapshot(&db);
    let csv = "Employee number,Name,Hire date,Status,End date,Email\n\
               E1,Ana Díaz,2024-03-15,active,,ana@x.example\n\
               E1,Bo Li,2023-01-02,active,,bo@x.example\n\
               E3,,2023-01-02,active,,\n\
               E4,Cy Park,03/04/2024,active,,\n\
               E5,Di Moss,2024-02-30,active,,\n\
               E6,Ed Nunn,2024-01-01,left,,\n\
               E7,Flo Ray,2024-01-01,retired-ish,,\n\
               E8,Gus Tan,2099-01-01,active,,\n\
               E9,Hal Ives,2024-01-01,active,,not an email\n";
    for commit in [false, true] {
        let r = import::csv(&mut db, &me(), ImportKind::Staff, csv, today(), commit).unwrap();
        assert!(!r.imported);
        assert_eq!(snapshot(&db), before, "nothing written (commit: {commit})");
        let p = problems(&r);
        let lines: Vec<u32> = r
            .rows
            .iter()
            .filter(|row| !row.problems.is_empty())
            .map(|row| row.line)
            .collect();
        assert_eq!(lines, [3, 4, 5, 6, 7, 8, 9, 10], "{p:#?}");
        assert!(
            p.iter()
                .any(|x| x.starts_with("line 3") && x.contains("already used")),
            "{p:#?}"
        );
        assert!(
            p.iter()
                .any(|x| x.starts_with("line 4") && x.contains("Name")),
            "{p:#?}"
        );
        assert!(
            p.iter()
                .any(|x| x.starts_with("line 5") && x.contains("YYYY-MM-DD")),
            "{p:#?}"
        );
        assert!(
            p.iter()
                .any(|x| x.starts_with("line 6") && x.contains("not a real date")),
            "{p:#?}"
        );
        assert!(
            p.iter()
                .any(|x| x.starts_with("line 7") && x.contains("End date")),
            "{p:#?}"
        );
        assert!(
            p.iter()
                .any(|x| x.starts_with("line 8") && x.contains("not one of")),
            "{p:#?}"
        );
        assert!(
            p.iter()
                .any(|x| x.starts_with("line 9") && x.contains("from now")),
            "{p:#?}"
        );
        assert!(
            p.iter()
                .any(|x| x.starts_with("line 10") && x.to_lowercase().contains("email")),
            "{p:#?}"
        );
        assert_eq!(r.rows_with_problems, 8);
    }
}

#[test]
fn roles_are_made_and_managers_found_in_the_practice_or_the_file() {
    let (_dir, mut db) = fresh();
    person(&mut db, "Maria Rossi", None, "2015-06-01");
    let csv = "Name,Job title,Manager,Employee number\n\
               Ana Díaz,Hygienist,Maria Rossi,E1\n\
               Bo Li,Receptionist,E1,E2\n\
               Cy Park,Hygienist,Nobody Known,E3\n";
    let r = staff_import(&mut db, csv);
    assert_eq!(problems(&r), ["line 4: Manager \"Nobody Known\": nobody in the practice or the file has that name or employee number"]);
    assert!(!r.imported);
    assert_eq!(r.new_roles, ["Hygienist", "Receptionist"]);
    let fixed = csv.replace("Nobody Known", "Ana Díaz");
    let r = staff_import(&mut db, &fixed);
    assert!(r.imported, "{:?}", problems(&r));
    let people = staff::list(db.raw(), &me(), &StaffFilter::default()).unwrap();
    let of = |n: &str| people.iter().find(|p| p.name == n).unwrap();
    assert_eq!(of("Ana Díaz").manager.as_ref().unwrap().name, "Maria Rossi");
    assert_eq!(of("Bo Li").manager.as_ref().unwrap().name, "Ana Díaz");
    assert_eq!(of("Cy Park").role_name.as_deref(), Some("Hygienist"));
}

#[test]
fn a_staff_file_imported_twice_adds_nobody_twice() {
    let (_dir, mut db) = fresh();
    let csv = "Employee number,Name,Email\nE1,Ana Díaz,ana@x.example\n,Bo Li,bo@x.example\n";
    assert_eq!(staff_import(&mut db, csv).to_add, 2);
    let again = staff_import(&mut db, csv);
    assert_eq!(again.to_add, 0);
    assert!(again
        .rows
        .iter()
        .all(|r| r.note.as_deref().is_some_and(|n| n.contains("skipped"))));
    assert_eq!(names(&db).len(), 2);
}

#[test]
fn files_that_are_not_staff_lists_are_refused_as_a_whole() {
    let (_dir, mut db) = fresh();
    let before = snapshot(&db);
    for (csv, says) in [
        ("", "empty"),
        ("\u{feff}\r\n\r\n", "empty"),
        ("Name,Email\n", "no rows"),
        ("Colour,Size\nred,4\n", "No column for the name"),
        ("PK\u{3}\u{4}\0\0binary", "not text"),
        // What a browser makes of a Windows-1252 "Zoë": not UTF-8.
        ("Name\nZo\u{fffd} N\u{fffd}\u{fffd}ez\n", "UTF-8"),
    ] {
        let e = import::csv(&mut db, &me(), ImportKind::Staff, csv, today(), true).unwrap_err();
        assert_eq!(e.field(), Some("file"), "{csv:?}");
        assert!(e.to_string().contains(says), "{csv:?}: {e}");
    }
    let huge = format!("Name\n{}", "Ana\n".repeat(10_001));
    assert!(
        import::csv(&mut db, &me(), ImportKind::Staff, &huge, today(), true)
            .unwrap_err()
            .to_string()
            .contains("10000")
    );
    assert_eq!(snapshot(&db), before);
}

#[test]
fn training_rows_find_their_person_by_number_email_or_name_and_skip_what_is_recorded() {
    let (_dir, mut db) = fresh();
    let cpr = course(&mut db, "CPR", Some(24));
    course(&mut db, "Infection control", Some(12));
    let ana = person(&mut db, "Ana Díaz", None, "2020-01-01");
    let bo = person(&mut db, "Bo Li", None, "2020-01-01");
    person(&mut db, "Twin Name", None, "2020-01-01");
    person(&mut db, "Twin Name", None, "2020-01-01");
    let no = |db: &mut Db, id, n: &str| {
        let p = staff::get(db.raw(), &me(), id).unwrap();
        let input = staff::StaffInput {
            name: p.name.clone(),
            employee_no: Some(n.into()),
            email: format!("{}@x.example", n.to_lowercase()),
            hire_date: "2020-01-01".into(),
            ..Default::default()
        };
        staff::update(db, &me(), id, &input, today()).unwrap();
    };
    no(&mut db, ana, "E1");
    no(&mut db, bo, "E2");
    let csv = "Employee ID;Email;Employee name;Course;Date completed;Hours;Trainer\n\
               E1;;;cpr;2025-05-01;4;Red Cross\n\
               ;e2@X.example;;Infection Control;01.06.2025;2,5;\n\
               ;;Ana Díaz;Infection control;2025-06-02;;\n";
    let r = import::csv(&mut db, &me(), ImportKind::Training, csv, today(), true).unwrap();
    assert!(r.imported, "{:?}", problems(&r));
    assert_eq!(r.to_add, 3);
    let records = training::for_person(db.raw(), &me(), bo).unwrap();
    assert_eq!(records[0].hours, 2.5);
    assert_eq!(records[0].status, training::RecordStatus::Approved);

    // The same file again: every row is already there and is skipped.
    let again = import::csv(&mut db, &me(), ImportKind::Training, csv, today(), true).unwrap();
    assert_eq!(again.to_add, 0);
    assert!(again
        .rows
        .iter()
        .all(|r| r.note.as_deref() == Some("Already recorded; skipped")));

    let before = snapshot(&db);
    let bad = "Name,Course,Completed on,Hours\n\
               Twin Name,CPR,2025-01-01,\n\
               Nobody,CPR,2025-01-01,\n\
               Bo Li,Underwater basket weaving,2025-01-01,\n\
               Bo Li,CPR,2025-01-01,lots\n\
               Bo Li,CPR,2099-01-01,\n\
               Bo Li,CPR,2019-01-01,\n\
               Bo Li,CPR,2025-01-01,-3\n";
    let r = import::csv(&mut db, &me(), ImportKind::Training, bad, today(), true).unwrap();
    let p = problems(&r);
    assert_eq!(r.rows_with_problems, 7, "{p:#?}");
    for (line, says) in [
        (2, "2 people are called"),
        (3, "Nobody in the practice"),
        (4, "No course called"),
        (5, "not a number"),
        (6, "future"),
        (7, "before Bo Li was hired"),
        (8, "Hours"),
    ] {
        assert!(
            p.iter()
                .any(|x| x.starts_with(&format!("line {line}:")) && x.contains(says)),
            "line {line}: {p:#?}"
        );
    }
    assert_eq!(snapshot(&db), before);
    let _ = cpr;
}

#[test]
fn a_shared_email_does_not_pick_a_person() {
    let (_dir, mut db) = fresh();
    course(&mut db, "CPR", Some(24));
    for name in ["Front Desk One", "Front Desk Two"] {
        let input = staff::StaffInput {
            name: name.into(),
            email: "office@x.example".into(),
            hire_date: "2020-01-01".into(),
            ..Default::default()
        };
        staff::create(&mut db, &me(), &input, today()).unwrap();
    }
    let r = import::csv(
        &mut db,
        &me(),
        ImportKind::Training,
        "Email,Course,Completed on\nOFFICE@x.example,CPR,2025-01-01\n",
        today(),
        true,
    )
    .unwrap();
    assert!(!r.imported);
    assert!(
        problems(&r)[0].contains("2 people share the email"),
        "{:?}",
        problems(&r)
    );
}

#[test]
fn only_the_office_imports() {
    let (_dir, mut db) = fresh();
    let owner = standard_practice::accounts::create_owner(
        &mut db,
        &standard_practice::accounts::AccountInput {
            name: "Owner".into(),
            passphrase: "long enough passphrase".into(),
            confirm: "long enough passphrase".into(),
            staff_id: None,
        },
    )
    .unwrap();
    demo::create(&mut db, &owner, DemoSize::default(), today()).unwrap();
    let kiosk = standard_practice::accounts::sign_in_options(db.raw())
        .unwrap()
        .kiosk[0]
        .id;
    let staff_member: Actor =
        standard_practice::accounts::sign_in(&mut db, kiosk, demo::DEMO_PIN, chrono::Utc::now())
            .unwrap();
    let e = import::csv(
        &mut db,
        &staff_member,
        ImportKind::Staff,
        "Name\nMallory\n",
        today(),
        true,
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden);
    assert_eq!(
        export::staff_csv(db.raw(), &staff_member)
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    assert_eq!(
        export::scores_csv(db.raw(), &staff_member, None)
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
}

/// What must survive a round trip: name, role, manager, status, hire date.
type Row = (
    String,
    Option<String>,
    Option<String>,
    StaffStatus,
    Option<chrono::NaiveDate>,
);

/// An export of the demo practice imports into an empty one: the same people
/// (names in every script, roles, managers, dates, status) and the same training.
#[test]
fn an_export_imports_back_into_another_practice() {
    let (_dir, mut from) = fresh();
    demo::create(&mut from, &me(), DemoSize::default(), today()).unwrap();
    let staff_csv = String::from_utf8(export::staff_csv(from.raw(), &me()).unwrap()).unwrap();
    let training_csv = String::from_utf8(export::training_csv(from.raw(), &me()).unwrap()).unwrap();
    assert!(staff_csv.starts_with('\u{feff}') && staff_csv.contains("\r\n"));
    let scores = String::from_utf8(export::scores_csv(from.raw(), &me(), None).unwrap()).unwrap();
    assert!(scores.lines().count() > 10 && scores.contains("Customer service %"));
    // The recommendation, and for whoever decides pay its amounts in the
    // practice's currency: the demo's two bonuses of 500.00.
    let header = scores.lines().next().unwrap();
    assert!(
        header.ends_with("Recommendation,Merit increase %,Bonus,Currency"),
        "{header}"
    );
    let currency = standard_practice::practice::settings(from.raw(), &me())
        .unwrap()
        .currency;
    let bonuses = scores
        .lines()
        .filter(|l| l.ends_with(&format!(",Bonus,,500.00,{currency}")))
        .count();
    assert_eq!(bonuses, 2, "{scores}");
    // A manager sees the recommendation, not the amounts.
    let manager = standard_practice::accounts::create_manager(
        &mut from,
        &me(),
        &standard_practice::accounts::AccountInput {
            name: "Sam Carter".into(),
            passphrase: "a long enough passphrase".into(),
            confirm: "a long enough passphrase".into(),
            staff_id: None,
        },
    )
    .unwrap();
    let sam = standard_practice::accounts::sign_in(
        &mut from,
        manager.id,
        "a long enough passphrase",
        chrono::Utc::now(),
    )
    .unwrap();
    let theirs = String::from_utf8(export::scores_csv(from.raw(), &sam, None).unwrap()).unwrap();
    assert!(theirs
        .lines()
        .next()
        .unwrap()
        .ends_with(",Criteria,Recommendation"));
    assert!(!theirs.contains("500.00"));

    let (_dir2, mut to) = fresh();
    let r = staff_import(&mut to, &staff_csv);
    assert!(r.imported, "{:?}", problems(&r));
    // The catalog is not part of the staff file: copy it, then the training.
    for c in standard_practice::courses::list(from.raw(), &me()).unwrap() {
        course(&mut to, &c.title, c.validity_months);
    }
    let r = import::csv(
        &mut to,
        &me(),
        ImportKind::Training,
        &training_csv,
        today(),
        true,
    )
    .unwrap();
    assert!(r.imported, "{:?}", problems(&r));

    let people = |db: &Db| {
        let mut v: Vec<Row> = staff::list(db.raw(), &me(), &StaffFilter::default())
            .unwrap()
            .into_iter()
            .map(|p| {
                (
                    p.name,
                    p.role_name,
                    p.manager.map(|m| m.name),
                    p.status,
                    p.hire_date,
                )
            })
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0).then(a.4.cmp(&b.4)));
        v
    };
    assert_eq!(people(&to), people(&from));
    let count = |db: &Db| -> i64 {
        db.raw()
            .query_row("SELECT COUNT(*) FROM training_records", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count(&to), count(&from));
    assert_eq!(
        pages::staff_list(to.raw(), &me(), &StaffFilter::default(), today())
            .unwrap()
            .len(),
        people(&from).len()
    );
}

/// Headers other tools use that are easy to misread: an "Employee" column of
/// ids beside the names, and a yes/no "Completed" beside the real date.
#[test]
fn look_alike_headers_are_not_misread() {
    let (_dir, mut db) = fresh();
    let r = staff_import(&mut db, "Employee,First Name,Last Name\nE1043,Ana,Díaz\n");
    assert!(r.imported, "{:?}", problems(&r));
    assert_eq!(names(&db), ["Ana Díaz"]);

    course(&mut db, "CPR", Some(24));
    let csv = "Name,Course,Completed,Completion Date\nAna Díaz,CPR,Yes,2025-05-01\n";
    let r = import::csv(&mut db, &me(), ImportKind::Training, csv, today(), true).unwrap();
    assert!(r.imported, "{:?}", problems(&r));
    let ana = staff::list(db.raw(), &me(), &StaffFilter::default()).unwrap()[0].id;
    let done = training::for_person(db.raw(), &me(), ana).unwrap();
    assert_eq!(done[0].completed_on.to_string(), "2025-05-01");
}

// ---------------------------------------------------------------------------
// Issue 8: what an attack with a release build found.

/// The import reads a file only once it knows it is a regular file of at most
/// 5 MB, and then at most that much: `/dev/zero` once ran it out of memory and
/// a FIFO would block it forever.
#[test]
fn a_file_is_measured_and_checked_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big staff list.csv");
    std::fs::write(&big, "Name\n".to_owned() + &"Ana Díaz\n".repeat(700_000)).unwrap();
    let e = import::read_file(&big).unwrap_err();
    assert_eq!(e.field(), Some("file"), "{e}");
    assert!(
        e.to_string().contains("big staff list.csv"),
        "names the file: {e}"
    );
    assert!(e.to_string().contains("at most 5 MB"), "{e}");

    let folder = dir.path().join("a folder.csv");
    std::fs::create_dir(&folder).unwrap();
    let e = import::read_file(&folder).unwrap_err();
    assert!(e.to_string().contains("a folder.csv"), "{e}");

    let latin1 = dir.path().join("latin1.csv");
    std::fs::write(&latin1, b"Name\nZo\xeb N\xfa\xf1ez\n").unwrap();
    let e = import::read_file(&latin1).unwrap_err();
    assert!(e.to_string().contains("UTF-8"), "{e}");
    assert!(e.to_string().contains("latin1.csv"), "{e}");

    let missing = dir.path().join("missing.csv");
    let e = import::read_file(&missing).unwrap_err();
    assert!(e.to_string().contains("missing.csv"), "{e}");

    let good = dir.path().join("good.csv");
    std::fs::write(&good, "Name\nAna Díaz\n").unwrap();
    assert_eq!(import::read_file(&good).unwrap(), "Name\nAna Díaz\n");
    let exact = dir.path().join("exact.csv");
    let at_limit = "x".repeat(import::MAX_BYTES);
    std::fs::write(&exact, &at_limit).unwrap();
    assert_eq!(import::read_file(&exact).unwrap().len(), import::MAX_BYTES);
}

#[cfg(unix)]
#[test]
fn a_device_or_a_fifo_is_refused_without_reading_it() {
    // In a thread, so that a read that blocks fails the test instead of hanging it.
    let refuses = |path: std::path::PathBuf| {
        let (tx, rx) = std::sync::mpsc::channel();
        let p = path.clone();
        std::thread::spawn(move || {
            let _ = tx.send(import::read_file(&p).map_err(|e| e.to_string()));
        });
        let got = rx.recv_timeout(std::time::Duration::from_secs(10));
        if got.is_err() {
            // Unblock the stuck reader of a FIFO before failing.
            let _ = std::fs::OpenOptions::new().write(true).open(&path);
        }
        let message = got
            .unwrap_or_else(|_| panic!("reading {} did not return", path.display()))
            .unwrap_err();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains("not a regular file"), "{message}");
    };
    refuses("/dev/zero".into());
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("staff.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    refuses(fifo);
}

/// The preview (and the CLI's `--dry-run`) rehearses on a private copy: it
/// needs no write lock, so it works while another program is saving, and it
/// never makes that program's saves wait.
#[test]
fn a_preview_takes_no_write_lock() {
    let (_dir, mut db) = fresh();
    course(&mut db, "CPR", Some(24));
    person(&mut db, "Ana Díaz", None, "2020-01-01");
    let other = rusqlite::Connection::open(db.path()).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let staff = "Name,Manager\nBo Li,Ana Díaz\nCy Park,Bo Li\n";
    let r = import::csv(&mut db, &me(), ImportKind::Staff, staff, today(), false).unwrap();
    assert_eq!((r.to_add, r.rows_with_problems, r.imported), (2, 0, false));
    let training = "Name,Course,Completed on\nAna Díaz,CPR,2025-05-01\n";
    let r = import::csv(
        &mut db,
        &me(),
        ImportKind::Training,
        training,
        today(),
        false,
    )
    .unwrap();
    assert_eq!((r.to_add, r.rows_with_problems), (1, 0));
    // The other program's write lock is still its own: it can commit.
    other.execute_batch("COMMIT").unwrap();
    drop(other);
    // Once nobody holds the lock, the import itself goes through.
    let r = staff_import(&mut db, staff);
    assert!(r.imported, "{:?}", problems(&r));
    assert_eq!(names(&db).len(), 3);
}

/// A full or read-only disk during an import stops it with the disk's own error
/// (as every other save does), not as problems on the file's lines.
#[test]
fn a_full_or_read_only_disk_stops_the_import_with_its_own_code() {
    let (_dir, mut db) = fresh();
    course(&mut db, "CPR", Some(24));
    person(&mut db, "Ana Díaz", None, "2020-01-01");
    let mut csv = String::from("Name,Department,Hire date\n");
    for i in 0..400 {
        csv.push_str(&format!(
            "Person number {i} with a long name,Front office and reception,2020-01-01\n"
        ));
    }
    let mut records = String::from("Name,Course,Completed on,Notes\n");
    for i in 0..400 {
        records.push_str(&format!(
            "Ana Díaz,CPR,{},{}\n",
            today() - chrono::Days::new(i),
            "a note long enough to fill pages ".repeat(4)
        ));
    }
    let files = [(ImportKind::Staff, &csv), (ImportKind::Training, &records)];
    let before = snapshot(&db);
    let pages: i64 = db
        .raw()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    db.raw()
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    for (kind, text) in files {
        let e = import::csv(&mut db, &me(), kind, text, today(), true).unwrap_err();
        assert_eq!(e.code(), ErrorCode::DiskFull, "{kind:?}: {e}");
        assert_eq!(snapshot(&db), before);
    }

    db.raw()
        .pragma_update(None, "max_page_count", 1_000_000)
        .unwrap();
    db.raw().pragma_update(None, "query_only", true).unwrap();
    for (kind, text) in files {
        let e = import::csv(&mut db, &me(), kind, text, today(), true).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ReadOnly, "{kind:?}: {e}");
    }
    db.raw().pragma_update(None, "query_only", false).unwrap();
    assert_eq!(snapshot(&db), before);
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// An employee file shaped like the sample an open-source HR suite's developers
/// ship (its header line exactly; the rows are ours): `Empl No`, `MI` and `DOH`
/// are read, so every person keeps their number and a second import adds nobody.
#[test]
fn an_hr_suite_export_keeps_its_employee_numbers_and_imports_once() {
    let (_dir, mut db) = fresh();
    let csv = fixture("hr-suite-employees.csv");
    let r = staff_import(&mut db, &csv);
    assert!(r.imported, "{:?}", problems(&r));
    assert_eq!(r.to_add, 6);
    let taken: Vec<(String, Option<String>)> = r
        .columns
        .iter()
        .map(|c| (c.header.clone(), c.field.clone()))
        .collect();
    for (header, field) in [
        ("Empl No", "Employee number"),
        ("First", "First name"),
        ("Last", "Last name"),
        ("MI", "Middle name"),
        ("Phone", "Phone"),
        ("DOH", "Hire date"),
    ] {
        assert!(
            taken.contains(&(header.to_owned(), Some(field.to_owned()))),
            "{header} -> {field}: {taken:?}"
        );
    }
    let mut got: Vec<(String, Option<String>)> =
        staff::list(db.raw(), &me(), &StaffFilter::default())
            .unwrap()
            .into_iter()
            .map(|p| {
                (
                    format!("{} {}", p.employee_no.unwrap_or_default(), p.name),
                    p.hire_date.map(|d| d.to_string()),
                )
            })
            .collect();
    got.sort();
    let expect = |s: &str, d: Option<&str>| (s.to_owned(), d.map(str::to_owned));
    assert_eq!(
        got,
        [
            expect("E0101 Anne M. Marsh", Some("2019-04-01")),
            expect("E0102 Tomás Ferreira", Some("2021-03-15")),
            expect("E0103 Grace L. Okoye", None),
            expect("E0104 Grace L. Okoye", Some("2022-09-12")),
            expect("E0105 Wei J. Zhang", Some("2018-11-30")),
            expect("E0106 Liv Kari Halvorsen", None),
        ]
    );

    // The same file again: everyone is already here, nobody is added.
    let before = snapshot(&db);
    let again = staff_import(&mut db, &csv);
    assert_eq!(again.to_add, 0, "{:?}", again.rows);
    assert_eq!(again.rows_with_problems, 0, "{:?}", problems(&again));
    assert!(
        again.rows.iter().all(|r| r.note.is_some()),
        "{:?}",
        again.rows
    );
    assert_eq!(snapshot(&db), before);
}

/// An employee number that belongs to someone else here is a problem on its
/// line, naming who has it: neither skipped nor merged.
#[test]
fn an_employee_number_of_someone_else_is_a_problem_on_its_line() {
    let (_dir, mut db) = fresh();
    staff_import(&mut db, &fixture("hr-suite-employees.csv"));
    let before = snapshot(&db);
    let csv = "\"Empl No\",First,Last,MI,DOH\n\
               E0101,Anne,Marsh,,2019-04-01\n\
               E0102,Paula,Reyes,,2024-01-08\n\
               E0200,Sam,Hollis,,2024-02-01\n";
    for commit in [false, true] {
        let r = import::csv(&mut db, &me(), ImportKind::Staff, csv, today(), commit).unwrap();
        assert!(!r.imported);
        let p = problems(&r);
        assert_eq!(r.rows_with_problems, 1, "{p:#?}");
        assert!(
            p[0].starts_with("line 3:")
                && p[0].contains("E0102")
                && p[0].contains("Tomás Ferreira"),
            "{p:#?}"
        );
        // Anne Marsh without her initial is still Anne M. Marsh: skipped, noted.
        assert!(r.rows[0].note.is_some(), "{:?}", r.rows[0]);
        assert_eq!(snapshot(&db), before);
    }
}

/// A file without numbers or emails is matched by name (and hire date): a
/// second import of it adds nobody either.
#[test]
fn a_file_of_names_only_imported_twice_adds_nobody_twice() {
    let (_dir, mut db) = fresh();
    let csv = "Name,Department,Hire date\nAna Díaz,Front office,2024-03-15\nBo Li,Clinical,\n";
    assert_eq!(staff_import(&mut db, csv).to_add, 2);
    let again = staff_import(&mut db, csv);
    assert_eq!(again.to_add, 0, "{:?}", again.rows);
    assert_eq!(names(&db).len(), 2);
    // Someone of the same name hired on another day is someone else.
    let other = staff_import(&mut db, "Name,Hire date\nAna Díaz,2025-06-02\n");
    assert_eq!(other.to_add, 1, "{:?}", other.rows);
}

/// An unbalanced quote makes the CSV reader take the following lines into one
/// cell; that cell has line breaks, which no name may have, so the preview
/// names the line instead of importing "1 of 1".
#[test]
fn an_unbalanced_quote_is_named_by_its_line() {
    let (_dir, mut db) = fresh();
    let before = snapshot(&db);
    let csv = "Name,Email\nAna Díaz,ana@x.example\n\"Bo Li,bo@x.example\nCy Park,cy@x.example\nDi Moss,di@x.example\n";
    let r = staff_import(&mut db, csv);
    assert!(!r.imported);
    let p = problems(&r);
    assert_eq!(r.rows_with_problems, 1, "{p:#?}");
    assert!(p[0].starts_with("line 3:"), "{p:#?}");
    assert!(p[0].contains("line break"), "{p:#?}");
    assert!(p[0].contains('"'), "says to look for the quote: {p:#?}");
    assert!(
        !r.rows.iter().any(|row| row.summary.contains('\n')),
        "{:?}",
        r.rows
    );
    assert_eq!(snapshot(&db), before);

    // The window's form goes through the same check.
    let e = staff::create(
        &mut db,
        &me(),
        &staff::StaffInput {
            name: "Bo Li\nCy Park".into(),
            ..Default::default()
        },
        today(),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("name"), "{e}");
    assert!(e.to_string().contains("line break"), "{e}");
}

/// Export defuses cells a spreadsheet would run as formulas ("=1+1" becomes
/// "'=1+1"); import takes exactly that apostrophe off again, so export, import
/// and export give the same bytes, and a phone "-1+1" comes back as it was.
#[test]
fn export_import_export_gives_the_same_file() {
    let (_dir, mut from) = fresh();
    let cpr = course(&mut from, "CPR", Some(24));
    let _ = cpr;
    let people = [
        ("=1+1", "E-1", "+Front office", "-1+1"),
        ("@Ana Díaz", "=E2", "-Clinical", "+1 (207) 555-0100"),
        ("'Twas Brillig", "'=E3", "'=SUM(A1)", "-12"),
        ("+Bo Li", "@4", "''=x", ""),
        ("-Cy Park", "'E5", "'", "1-1"),
    ];
    for (name, no, department, phone) in people {
        staff::create(
            &mut from,
            &me(),
            &staff::StaffInput {
                name: name.into(),
                employee_no: Some(no.into()),
                department: department.into(),
                phone: phone.into(),
                hire_date: "2020-01-01".into(),
                ..Default::default()
            },
            today(),
        )
        .unwrap();
    }
    let first = staff::list(from.raw(), &me(), &StaffFilter::default()).unwrap();
    for (i, p) in first.iter().enumerate() {
        let input = training::TrainingInput {
            staff_id: Some(p.id),
            course_id: Some(cpr),
            completed_on: "2025-05-01".into(),
            hours: Some(2.0),
            provider: ["=Red Cross", "@vendor", "'Quoted", "-x", "+y"][i].into(),
            notes: ["-2+3", "=HYPERLINK(\"x\")", "'@", "plain", "'-1"][i].into(),
            ..Default::default()
        };
        training::log(&mut from, &me(), &input, today()).unwrap();
    }
    let staff_csv = export::staff_csv(from.raw(), &me()).unwrap();
    let training_csv = export::training_csv(from.raw(), &me()).unwrap();
    let text = String::from_utf8(staff_csv.clone()).unwrap();
    assert!(text.contains("'=1+1") && text.contains("'-1+1"), "{text}");

    let (_dir2, mut to) = fresh();
    course(&mut to, "CPR", Some(24));
    let r = staff_import(&mut to, std::str::from_utf8(&staff_csv).unwrap());
    assert!(r.imported, "{:?}", problems(&r));
    let r = import::csv(
        &mut to,
        &me(),
        ImportKind::Training,
        std::str::from_utf8(&training_csv).unwrap(),
        today(),
        true,
    )
    .unwrap();
    assert!(r.imported, "{:?}", problems(&r));
    assert_eq!(
        String::from_utf8(export::staff_csv(to.raw(), &me()).unwrap()).unwrap(),
        text
    );
    assert_eq!(export::training_csv(to.raw(), &me()).unwrap(), training_csv);
    let phones: Vec<String> = staff::list(to.raw(), &me(), &StaffFilter::default())
        .unwrap()
        .into_iter()
        .map(|p| p.phone)
        .collect();
    assert!(phones.contains(&"-1+1".to_owned()), "{phones:?}");
}

/// A report never carries a whole 4 MB cell: row summaries and problems are
/// cut (with "…"), and so are headers.
#[test]
fn the_report_cuts_what_it_echoes_from_the_file() {
    let (_dir, mut db) = fresh();
    let huge = "N".repeat(4_000_000);
    let header = "H".repeat(100_000);
    let csv = format!(
        "Name,Status,Manager,{header}\n{huge},{},{},x\nBo Li,active,{},x\n",
        "s".repeat(100_000),
        "m".repeat(100_000),
        "m".repeat(100_000),
    );
    let r = staff_import(&mut db, &csv);
    assert!(!r.imported);
    for row in &r.rows {
        assert!(row.summary.chars().count() <= 80, "{}", row.summary.len());
        for p in &row.problems {
            assert!(p.chars().count() <= 240, "{}: {}", p.len(), &p[..200]);
        }
    }
    assert!(r.rows[0].summary.ends_with('…'));
    assert!(r.columns.iter().all(|c| c.header.chars().count() <= 80));
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.len() < 4_000, "{} bytes", json.len());

    let e = import::csv(
        &mut db,
        &me(),
        ImportKind::Staff,
        &format!("{header}\nx\n"),
        today(),
        false,
    )
    .unwrap_err();
    assert!(e.to_string().len() < 400, "{} bytes", e.to_string().len());
}

/// The command line prints a file's control characters escaped: a name with
/// terminal escape codes cannot recolour, retitle or clear the terminal.
#[test]
fn the_command_line_report_escapes_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("practice.sqlite3");
    drop(Db::open(&db, &common::keys()).unwrap());
    let file = dir.path().join("staff.csv");
    std::fs::write(
        &file,
        "Name,Status\n\u{1b}[31mRed\u{1b}[0m,\u{1b}]0;pwned\u{7}\n\"Bo\rLi\",active\n",
    )
    .unwrap();
    let out = common::command()
        .arg("--db")
        .arg(&db)
        .args(["import", "staff"])
        .arg(&file)
        .arg("--dry-run")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{text}");
    assert!(
        !text.contains(['\u{1b}', '\u{7}', '\r']),
        "control characters printed raw: {text:?}"
    );
    assert!(text.contains("\\u{1b}[31mRed"), "{text}");
    assert!(text.contains("line 2"), "{text}");
}

/// Licences as a credential tracker and a spreadsheet write them: both
/// spellings, any date shape; a bad row imports nothing, a file imported
/// twice adds nothing twice, and the status follows.
#[test]
fn licence_files_import_all_or_nothing_and_the_status_follows() {
    use standard_practice::licences::{self, LicenceState, LicenceTypeInput};
    let (_dir, mut db) = fresh();
    for name in ["Dental hygienist licence", "CPR/BLS card"] {
        licences::create_type(
            &mut db,
            &me(),
            &LicenceTypeInput {
                name: name.into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let ana = person(&mut db, "Ana Díaz", None, "2020-01-01");
    person(&mut db, "王芳", None, "2020-01-01");
    let csv = "Full name,License Type,License Number,Issued By,Issue Date,Expiration Date,Notes\n\
               Ana Díaz,dental hygienist licence,DH-1,State Board,2025-01-31,31/01/2027,\n\
               王芳,CPR/BLS Card,,,,2028-03-01,\"renewed, wallet card\"\n";
    let preview = import::csv(&mut db, &me(), ImportKind::Licences, csv, today(), false).unwrap();
    assert!(!preview.imported);
    assert_eq!(preview.to_add, 2, "{:?}", problems(&preview));
    let fields: Vec<Option<&str>> = preview.columns.iter().map(|c| c.field.as_deref()).collect();
    assert_eq!(
        fields,
        [
            Some("Name"),
            Some("Licence type"),
            Some("Number"),
            Some("Issuing body"),
            Some("Issued on"),
            Some("Expires on"),
            Some("Notes")
        ]
    );
    let r = import::csv(&mut db, &me(), ImportKind::Licences, csv, today(), true).unwrap();
    assert!(r.imported, "{:?}", problems(&r));
    let held = licences::for_person(db.raw(), &me(), ana).unwrap();
    assert_eq!(held[0].expires_on, Some(common::d("2027-01-31")));
    assert!(held[0].checked, "the office's import is checked");
    let all = licences::statuses(db.raw(), &me(), None, today()).unwrap();
    assert!(
        all.iter().all(|s| s.state == LicenceState::Current),
        "{all:?}"
    );
    let again = import::csv(&mut db, &me(), ImportKind::Licences, csv, today(), true).unwrap();
    assert_eq!(again.to_add, 0);

    let before = snapshot(&db);
    let bad = "Name,Licence,Issued,Expires\n\
               Ana Díaz,CPR/BLS card,2025-01-01,2027-01-01\n\
               Nobody,CPR/BLS card,,2027-01-01\n\
               Ana Díaz,Pilot licence,,2027-01-01\n\
               Ana Díaz,CPR/BLS card,2099-01-01,2100-01-01\n\
               Ana Díaz,CPR/BLS card,2025-01-01,2024-01-01\n\
               Ana Díaz,CPR/BLS card,,the 5th\n";
    let r = import::csv(&mut db, &me(), ImportKind::Licences, bad, today(), true).unwrap();
    let p = problems(&r);
    assert_eq!(r.rows_with_problems, 5, "{p:#?}");
    for (line, says) in [
        (3, "Nobody in the practice"),
        (4, "No licence type called"),
        (5, "future"),
        (6, "before the issue date"),
        (7, "Expiry date must be a date"),
    ] {
        assert!(
            p.iter()
                .any(|x| x.starts_with(&format!("line {line}:")) && x.contains(says)),
            "line {line}: {p:#?}"
        );
    }
    assert_eq!(snapshot(&db), before, "nothing of a refused file is kept");
    let e = import::csv(
        &mut db,
        &me(),
        ImportKind::Licences,
        "Name,Expires\nAna Díaz,2027-01-01\n",
        today(),
        true,
    )
    .unwrap_err();
    assert!(e.to_string().contains("Licence type"), "{e}");
}
