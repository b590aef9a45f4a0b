//! Job swaps, SWOT worksheets and improvement projects against a real
//! database: a swap is training on the transcript and goes with its record,
//! a team must cover every role in the process, a worksheet always prints on
//! one page, and every bad entry is refused at its field without a trace.

mod common;

use std::process::Command;

use chrono::Days;
use common::{fresh, me, person, role, snapshot, today};
use standard_practice::demo::{self, DemoSize};
use standard_practice::documents::{self, Document, PrintOptions};
use standard_practice::ids::{ProjectId, RoleId, StaffId, SwotId};
use standard_practice::job_swaps::{self, JobSwapInput};
use standard_practice::practice::PaperSize;
use standard_practice::projects::{self, Measurement, ProjectInput, ProjectStatus};
use standard_practice::swot::{self, Quadrants, WorksheetInput};
use standard_practice::{staff, training, Db, ErrorCode};

fn day(back: u64) -> String {
    (today() - Days::new(back)).to_string()
}

fn pdf_text(pdf: &[u8]) -> (String, usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let info = Command::new("pdfinfo").arg(&path).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    (String::from_utf8_lossy(&out.stdout).into_owned(), pages)
}

#[test]
fn a_job_swap_is_training_on_the_transcript_and_goes_with_its_record() {
    let (_d, mut db) = fresh();
    let reception = role(&mut db, "Receptionist", &[]);
    let hygiene = role(&mut db, "Hygienist", &[]);
    let zoe = person(&mut db, "Zoë Núñez", Some(reception), "2020-01-01");
    let anh = person(&mut db, "Nguyễn Văn Anh", Some(hygiene), "2020-01-01");
    let input = JobSwapInput {
        staff_id: Some(zoe),
        host_role_id: Some(hygiene),
        host_id: Some(anh),
        starts_on: day(10),
        hours: Some(3.5),
        learned: "Charts ready the evening before save a hygienist ten minutes.".into(),
        ..Default::default()
    };
    let swap = job_swaps::record(&mut db, &me(), &input, today()).unwrap();
    assert_eq!(swap.ends_on, swap.starts_on, "one day unless said");
    let record = training::get(db.raw(), &me(), swap.training_record_id.unwrap()).unwrap();
    assert_eq!(record.course_title, job_swaps::SWAP_COURSE);
    assert_eq!(record.hours, 3.5);
    assert_eq!(record.status, training::RecordStatus::Approved);
    assert!(record.notes.contains("Nguyễn Văn Anh") && record.notes.contains("Hygienist"));
    let course = standard_practice::courses::get(db.raw(), &me(), record.course_id).unwrap();
    assert_eq!(
        course.category,
        standard_practice::courses::CourseCategory::CrossTraining
    );
    let pdf = documents::transcript(db.raw(), &me(), zoe, PrintOptions::now()).unwrap();
    assert!(pdf_text(&pdf).0.contains("Job swap with Nguyễn Văn Anh"));

    // Corrected: the record follows; a second swap reuses the course.
    let more = JobSwapInput {
        hours: Some(5.0),
        ..input.clone()
    };
    job_swaps::update(&mut db, &me(), swap.id, &more, today()).unwrap();
    assert_eq!(
        training::get(db.raw(), &me(), record.id).unwrap().hours,
        5.0
    );
    // Its record is the swap's: not corrected or deleted as training alone.
    let kept = snapshot(&db);
    let as_training = training::TrainingInput {
        staff_id: Some(zoe),
        course_id: Some(record.course_id),
        completed_on: record.completed_on.to_string(),
        hours: Some(1.0),
        ..Default::default()
    };
    let refused = training::update(&mut db, &me(), record.id, &as_training, today()).unwrap_err();
    assert_eq!(common::refused_fields(&refused), ["id"]);
    assert!(refused.to_string().contains("Job swaps"), "{refused}");
    let refused = training::delete(&mut db, &me(), record.id).unwrap_err();
    assert_eq!(common::refused_fields(&refused), ["id"]);
    assert_eq!(snapshot(&db), kept);
    job_swaps::record(&mut db, &me(), &input, today()).unwrap();
    let swap_courses = standard_practice::courses::list(db.raw(), &me())
        .unwrap()
        .into_iter()
        .filter(|c| c.title == job_swaps::SWAP_COURSE)
        .count();
    assert_eq!(swap_courses, 1);
    // Deleted: its record goes too.
    job_swaps::delete(&mut db, &me(), swap.id).unwrap();
    assert!(training::get(db.raw(), &me(), record.id).is_err());

    // The service map suggests swaps both ways between roles that serve each other.
    standard_practice::roles::update(
        &mut db,
        &me(),
        reception,
        &standard_practice::roles::RoleInput {
            name: "Receptionist".into(),
            customer_ids: vec![hygiene],
            ..Default::default()
        },
    )
    .unwrap();
    let s = job_swaps::suggestions(db.raw(), &me()).unwrap();
    // Zoë has swapped into hygiene; Anh has not into reception.
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!((s[0].role.id, s[0].host_role.id), (hygiene, reception));
    assert_eq!(s[0].people[0].id, anh);

    // Bad swaps, refused at their fields with nothing written.
    let before = snapshot(&db);
    let refused = |db: &mut Db, i: JobSwapInput| {
        common::refused_fields(&job_swaps::record(db, &me(), &i, today()).unwrap_err())
    };
    assert_eq!(
        refused(
            &mut db,
            JobSwapInput {
                host_role_id: None,
                ..input.clone()
            }
        ),
        ["hostRoleId"]
    );
    assert_eq!(
        refused(
            &mut db,
            JobSwapInput {
                host_id: Some(zoe),
                ..input.clone()
            }
        ),
        ["hostId"]
    );
    assert_eq!(
        refused(
            &mut db,
            JobSwapInput {
                hours: Some(f64::NAN),
                ..input.clone()
            }
        ),
        ["hours"]
    );
    assert_eq!(
        refused(
            &mut db,
            JobSwapInput {
                ends_on: day(20),
                ..input.clone()
            }
        ),
        ["endsOn"]
    );
    let future = (today() + Days::new(2)).to_string();
    assert_eq!(
        refused(
            &mut db,
            JobSwapInput {
                starts_on: future,
                ..input.clone()
            }
        ),
        ["endsOn"]
    );
    assert_eq!(
        refused(
            &mut db,
            JobSwapInput {
                staff_id: Some(StaffId(9_999)),
                ..input.clone()
            }
        ),
        ["staffId"]
    );
    assert_eq!(
        refused(
            &mut db,
            JobSwapInput {
                host_role_id: Some(RoleId(9_999)),
                ..input.clone()
            }
        ),
        ["hostRoleId"]
    );
    assert_eq!(snapshot(&db), before);
}

fn billing_project(reception: RoleId, billing: RoleId, team: Vec<StaffId>) -> ProjectInput {
    ProjectInput {
        title: "Billing cycle too long".into(),
        status: Some(ProjectStatus::Active),
        measure: "Days from visit to claim sent".into(),
        unit: "days".into(),
        baseline: Some(12.0),
        target: Some(5.0),
        started_on: day(100),
        role_ids: vec![reception, billing],
        team_ids: team,
        measurements: vec![
            Measurement {
                measured_on: day(60),
                value: 9.0,
                note: String::new(),
            },
            Measurement {
                measured_on: day(90),
                value: 11.0,
                note: "first month".into(),
            },
        ],
        ..Default::default()
    }
}

#[test]
fn a_project_has_someone_from_every_role_and_knows_when_its_target_is_met() {
    let (_d, mut db) = fresh();
    let reception = role(&mut db, "Receptionist", &[]);
    let billing = role(&mut db, "Billing coordinator", &[]);
    let zoe = person(&mut db, "Zoë Núñez", Some(reception), "2020-01-01");
    let priya = person(&mut db, "Priya Raghunathan", Some(billing), "2020-01-01");
    let before = snapshot(&db);
    let e = projects::create(
        &mut db,
        &me(),
        &billing_project(reception, billing, vec![zoe]),
        today(),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("teamIds"));
    assert!(
        e.to_string().contains("Nobody from Billing coordinator"),
        "{e}"
    );
    assert_eq!(snapshot(&db), before);

    let mut input = billing_project(reception, billing, vec![zoe, priya]);
    let p = projects::create(&mut db, &me(), &input, today()).unwrap();
    assert_eq!(p.measurements.len(), 2);
    assert_eq!(p.measurements[0].value, 11.0, "oldest first");
    assert!(!p.target_met);
    input.measurements.push(Measurement {
        measured_on: day(1),
        value: 4.5,
        note: String::new(),
    });
    assert!(
        projects::update(&mut db, &me(), p.id, &input, today())
            .unwrap()
            .target_met
    );

    // A person on a team, and a role in a process, are kept.
    let e = staff::delete(&mut db, &me(), priya).unwrap_err();
    assert!(e.to_string().contains("Billing cycle too long"), "{e}");

    // Bad projects, each refused at its field.
    let before = snapshot(&db);
    let refused = |db: &mut Db, i: ProjectInput| {
        common::refused_fields(&projects::update(db, &me(), p.id, &i, today()).unwrap_err())
    };
    let good = billing_project(reception, billing, vec![zoe, priya]);
    assert_eq!(
        refused(
            &mut db,
            ProjectInput {
                target: Some(12.0),
                ..good.clone()
            }
        ),
        ["target"]
    );
    assert_eq!(
        refused(
            &mut db,
            ProjectInput {
                baseline: Some(f64::INFINITY),
                ..good.clone()
            }
        ),
        ["baseline"]
    );
    assert_eq!(
        refused(
            &mut db,
            ProjectInput {
                measure: " ".into(),
                ..good.clone()
            }
        ),
        ["measure"]
    );
    assert_eq!(
        refused(
            &mut db,
            ProjectInput {
                status: Some(ProjectStatus::Done),
                ..good.clone()
            }
        ),
        ["endedOn"]
    );
    let mut bad = good.clone();
    bad.measurements.push(Measurement {
        measured_on: "2026-02-30".into(),
        value: 1.0,
        note: String::new(),
    });
    assert_eq!(refused(&mut db, bad), ["measurements"]);
    assert_eq!(
        refused(
            &mut db,
            ProjectInput {
                standard_ids: vec![standard_practice::ids::StandardId(77)],
                ..good.clone()
            }
        ),
        ["standardIds"]
    );
    assert_eq!(snapshot(&db), before);
    let e = projects::get(db.raw(), &me(), ProjectId(424)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);

    // Ten years of weekly measurements with long notes still print on one
    // page: the chart labels a dozen, the table the latest dozen.
    let mut weekly = good.clone();
    weekly.measurements = (0..projects::MAX_MEASUREMENTS as u64)
        .map(|w| Measurement {
            measured_on: day(w * 7),
            value: 12.0 - (w % 7) as f64,
            note: "Ц".repeat(500),
        })
        .collect();
    let saved = projects::update(&mut db, &me(), p.id, &weekly, today()).unwrap();
    assert_eq!(saved.measurements.len(), projects::MAX_MEASUREMENTS);
    let pdf = documents::render(
        db.raw(),
        &me(),
        &Document::Project(p.id),
        PrintOptions::now(),
    )
    .unwrap();
    let (t, pages) = pdf_text(&pdf);
    assert_eq!(pages, 1);
    assert!(t.contains("The latest 12 of 520 measurements"), "{t}"); // Priya moves to reception: nobody holds billing, and the process still names it.
    staff::update(
        &mut db,
        &me(),
        priya,
        &staff::StaffInput {
            name: "Priya Raghunathan".into(),
            role_id: Some(reception),
            hire_date: "2020-01-01".into(),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    let e = standard_practice::roles::delete(&mut db, &me(), billing).unwrap_err();
    assert!(e.to_string().contains("Billing cycle too long"), "{e}");
}

#[test]
fn a_worksheet_prints_on_one_page_whatever_it_holds() {
    let (_d, mut db) = fresh();
    demo::create(&mut db, &me(), DemoSize::default(), today()).unwrap();
    let prompts = swot::prompts(db.raw(), &me(), today()).unwrap();
    assert!(
        !prompts.weaknesses.is_empty() && !prompts.threats.is_empty(),
        "{prompts:?}"
    );
    assert!(prompts
        .opportunities
        .iter()
        .any(|o| o.starts_with("Adopted suggestion")));
    // Full to the brim: twelve items of 200 characters in every quadrant,
    // in several scripts.
    let long = |q: &str| -> Vec<String> {
        (0..swot::MAX_ITEMS)
            .map(|i| {
                format!("{q} {i}: {}", "王芳 Δημήτρης Zoë ".repeat(12))
                    .chars()
                    .take(swot::MAX_ITEM_CHARS)
                    .collect()
            })
            .collect()
    };
    let input = WorksheetInput {
        title: "Internal service, full".into(),
        held_on: day(0),
        participant_ids: vec![StaffId(1), StaffId(2)],
        items: Quadrants {
            strengths: long("S"),
            weaknesses: long("W"),
            opportunities: long("O"),
            threats: long("T"),
        },
    };
    let sheet = swot::create(&mut db, &me(), &input, today()).unwrap();
    for paper in [PaperSize::A4, PaperSize::Letter] {
        let opts = PrintOptions {
            paper: Some(paper),
            ..PrintOptions::now()
        };
        let pdf = documents::render(db.raw(), &me(), &Document::Swot(sheet.id), opts).unwrap();
        let (t, pages) = pdf_text(&pdf);
        assert_eq!(pages, 1, "{paper:?}");
        for q in ["S", "W", "O", "T"] {
            assert!(
                t.contains(&format!("{q} 11:")),
                "{paper:?}: the last item of {q}"
            );
        }
        assert!(t.contains("Took part") && t.contains("Strengths") && t.contains("Threats"));
    }
    let pdf = documents::render(
        db.raw(),
        &me(),
        &Document::Project(ProjectId(1)),
        PrintOptions::now(),
    )
    .unwrap();
    let (t, pages) = pdf_text(&pdf);
    assert_eq!(pages, 1);
    assert!(
        t.contains("Billing cycle too long") && t.contains("target 5 days"),
        "{t}"
    );

    // Refused whole: thirteen items, an empty title, a day to come.
    let before = snapshot(&db);
    let mut thirteen = input.clone();
    thirteen.items.threats.push("one more".into());
    let e = swot::update(&mut db, &me(), sheet.id, &thirteen, today()).unwrap_err();
    assert_eq!(e.field(), Some("threats"));
    let e = swot::create(
        &mut db,
        &me(),
        &WorksheetInput {
            title: "".into(),
            held_on: (today() + Days::new(1)).to_string(),
            ..input.clone()
        },
        today(),
    )
    .unwrap_err();
    assert_eq!(common::refused_fields(&e), ["title", "heldOn"]);
    let e = swot::get(db.raw(), &me(), SwotId(99)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert_eq!(snapshot(&db), before);
    // Blank items are dropped, not refused.
    let mut blanks = input.clone();
    blanks.items.strengths = vec!["  ".into(), "Kept".into()];
    let saved = swot::update(&mut db, &me(), sheet.id, &blanks, today()).unwrap();
    assert_eq!(saved.items.strengths, ["Kept"]);
}
