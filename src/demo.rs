//! The demo practice: a small dental office with a dozen people whose names are
//! written in several scripts, their roles, a training catalog, a few years of
//! training history (some of it overdue, some pending approval), the office's
//! service standards, an evaluation template built on them, last year's
//! finalized evaluations and this year's annual round in progress. `people` above the curated dozen adds generated people, for
//! trying the app — and benchmarking it — at scale.
//!
//! It is generated from a fixed seed relative to `today`, so the same day gives the
//! same practice.

use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::{params, Transaction};

use crate::access::{Actor, Permission};
use crate::accounts;
use crate::audit::{self, Entity};
use crate::error::{Error, Result};
use crate::evaluations::{self, EvaluationKind};
use crate::ids::{CourseId, EvaluationId, RoleId, StaffId, StandardId};
use crate::scoring::SectionKind;
use crate::staff::search_key;
use crate::storage::Readable;
use crate::storage::{timestamp, Db};
use crate::templates::{self, TemplateCriterion, TemplateInput, TemplateSection};

/// How big a demo practice to build.
#[derive(Debug, Clone, Copy)]
pub struct DemoSize {
    /// Number of people; the first twelve are the curated ones.
    pub people: usize,
    /// Training records per generated person beyond the curated dozen (about).
    pub records_per_person: usize,
}

impl Default for DemoSize {
    fn default() -> Self {
        DemoSize {
            people: CURATED.len(),
            records_per_person: 8,
        }
    }
}

/// (name, role index, department, years employed, status)
const CURATED: &[(&str, usize, &str, u64, &str)] = &[
    ("Margaret O'Neill", 0, "Front office", 12, "active"),
    ("Zoë Núñez", 1, "Front office", 4, "active"),
    ("Nguyễn Văn Anh", 2, "Clinical", 6, "active"),
    ("王芳", 2, "Clinical", 3, "active"),
    ("Łukasz Żółć", 3, "Clinical", 2, "active"),
    ("Aoife Ní Bhriain", 3, "Clinical", 1, "active"),
    ("Priya Raghunathan", 4, "Billing", 5, "active"),
    ("Δημήτρης Παπαδόπουλος", 5, "Clinical", 9, "active"),
    ("Ольга Смирнова", 1, "Front office", 2, "on_leave"),
    ("佐藤 健", 3, "Clinical", 1, "active"),
    ("Fatima Al-Sayed", 4, "Billing", 3, "active"),
    ("Tom Becker", 1, "Front office", 7, "left"),
];

const ROLES: &[(&str, &str)] = &[
    (
        "Office manager",
        "Runs the front office, schedules, staff records and training.",
    ),
    (
        "Receptionist",
        "Greets patients, answers the phone, books and confirms appointments.",
    ),
    (
        "Dental hygienist",
        "Cleanings, periodontal care and patient education.",
    ),
    (
        "Dental assistant",
        "Chairside assistance, sterilisation, radiographs.",
    ),
    (
        "Billing coordinator",
        "Insurance claims, statements and payment plans.",
    ),
    ("Dentist", "Examinations, diagnosis and treatment."),
];

/// (title, category, provider, hours, validity months, roles requiring it)
#[allow(clippy::type_complexity)]
const COURSES: &[(&str, &str, &str, f64, Option<u32>, &[usize])] = &[
    (
        "CPR and Basic Life Support",
        "safety",
        "Red Cross",
        4.0,
        Some(24),
        &[0, 1, 2, 3, 4, 5],
    ),
    (
        "Infection control",
        "compliance",
        "State Dental Association",
        2.0,
        Some(12),
        &[2, 3, 5],
    ),
    (
        "Patient privacy (HIPAA)",
        "compliance",
        "In house",
        1.0,
        Some(12),
        &[0, 1, 2, 3, 4, 5],
    ),
    (
        "Telephone courtesy",
        "customer_service",
        "In house",
        1.5,
        None,
        &[0, 1],
    ),
    (
        "Handling difficult conversations",
        "customer_service",
        "Practice Coaching Ltd",
        3.0,
        Some(36),
        &[0, 1, 4],
    ),
    (
        "Serving your internal customers",
        "customer_service",
        "In house",
        2.0,
        None,
        &[0, 1, 2, 3, 4, 5],
    ),
    (
        "Fire safety and evacuation",
        "safety",
        "In house",
        1.0,
        Some(12),
        &[0, 1, 2, 3, 4, 5],
    ),
    (
        "Practice management software",
        "software",
        "Vendor webinar",
        2.0,
        None,
        &[0, 1, 4],
    ),
    (
        "Radiation safety",
        "clinical",
        "State Dental Association",
        3.0,
        Some(24),
        &[2, 3, 5],
    ),
    (
        "Insurance coding update",
        "other",
        "Billing Network",
        2.0,
        Some(12),
        &[4],
    ),
];

/// (audience, channel, statement, value, unit, text, roles; empty = all)
#[allow(clippy::type_complexity)]
const STANDARDS: &[(&str, &str, &str, Option<f64>, &str, &str, &[usize])] = &[
    ("external", "phone", "Answer every call with the practice name and your own name, before the third ring.", Some(3.0), "rings", "", &[0, 1]),
    ("external", "in_person", "Greet every patient by name within one minute of arrival, even when on the phone.", Some(1.0), "minutes", "", &[0, 1]),
    ("external", "email", "Reply to every patient email, even if only to say when a full answer will follow.", Some(1.0), "business_days", "", &[0, 1, 4]),
    ("external", "in_person", "Tell a waiting patient how long the delay will be whenever they have waited 10 minutes past their time.", Some(10.0), "minutes", "", &[]),
    ("internal", "internal_request", "Acknowledge a colleague's request and say when it will be done.", Some(4.0), "business_hours", "", &[]),
    ("internal", "internal_request", "Hand complete registration and insurance details to billing on the day of the visit.", None, "text", "same business day", &[1]),
    ("internal", "in_person", "Let the front desk know as soon as the schedule is running late.", Some(10.0), "minutes", "", &[2, 3, 5]),
];

const GIVEN: &[&str] = &[
    "Anna",
    "Ben",
    "Chloé",
    "Dmitri",
    "Emeka",
    "Fernanda",
    "Giulia",
    "Hiroshi",
    "Ines",
    "Jun",
    "Kateřina",
    "Liam",
    "María",
    "Noor",
    "Olivier",
    "Pooja",
    "Quentin",
    "Rosa",
    "Søren",
    "Thảo",
    "Uma",
    "Viktor",
    "Wen",
    "Yusuf",
];
const FAMILY: &[&str] = &[
    "Andersen",
    "Bakker",
    "Chen",
    "Dubois",
    "Eze",
    "Fernández",
    "García",
    "Hoang",
    "Ivanova",
    "Jansen",
    "Kowalski",
    "López",
    "Müller",
    "Nakamura",
    "Okafor",
    "Petrović",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Trần",
    "Ueda",
    "Varga",
    "Wójcik",
    "Yılmaz",
];

/// True when the database holds no practice data yet (the first-run state).
pub(crate) fn is_empty(conn: &dyn Readable) -> Result<bool> {
    let conn = crate::storage::sql(conn);
    let n: i64 = conn.query_row(
        "SELECT (SELECT COUNT(*) FROM staff) + (SELECT COUNT(*) FROM courses) + (SELECT COUNT(*) FROM job_roles)
              + (SELECT COUNT(*) FROM standards)",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 0)
}

/// The kiosk PIN of the demo's curated people (the first dozen).
pub const DEMO_PIN: &str = "1234";

/// How many of the demo's people get a kiosk account.
const KIOSK_ACCOUNTS: usize = 12;

/// Fills an empty database with the demo practice. Refuses one that has data.
/// The first dozen people get the kiosk PIN [`DEMO_PIN`].
pub fn create(db: &mut Db, actor: &Actor, size: DemoSize, today: NaiveDate) -> Result<()> {
    actor.require(Permission::ManagePractice)?;
    // Each account its own salt, so its own hash: one hash string shared by
    // twelve accounts would tell anyone reading the file that they share a PIN.
    let pins = (0..KIOSK_ACCOUNTS)
        .map(|_| accounts::hash_secret(DEMO_PIN))
        .collect::<Result<Vec<_>>>()?;
    if size.people == 0 || size.people > 100_000 {
        return Err(Error::invalid(
            "people",
            "The demo practice can have from 1 to 100000 people",
        ));
    }
    db.write(|tx| {
        if !is_empty(tx)? {
            return Err(Error::conflict(
                "database",
                "This database already holds a practice; the demo is only created in an empty one",
            ));
        }
        build(tx, size, today)?;
        let people: Vec<i64> = tx
            .prepare(
                "SELECT id FROM staff
                  WHERE status <> 'left' AND id NOT IN (SELECT staff_id FROM accounts WHERE staff_id IS NOT NULL)
                  ORDER BY id LIMIT ?1",
            )?
            .query_map([KIOSK_ACCOUNTS as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let now = timestamp();
        for (id, pin) in people.iter().zip(&pins) {
            tx.execute(
                "INSERT INTO accounts (role, name, name_key, staff_id, secret_hash, created_at, updated_at)
                 SELECT 'staff', name, search_key, id, ?2, ?3, ?3 FROM staff WHERE id = ?1",
                params![id, pin, now],
            )?;
        }
        let summary = format!("Demo practice created ({} people; kiosk PIN {DEMO_PIN} for the first dozen)", size.people);
        audit::record(tx, actor, Entity::Practice, 1, None, "demo", &summary, &[])
    })
}

fn years_before(today: NaiveDate, years: u64, extra_days: u64) -> NaiveDate {
    today
        .checked_sub_months(Months::new((years * 12) as u32))
        .and_then(|d| d.checked_sub_days(Days::new(extra_days)))
        .unwrap_or(today)
}

fn build(tx: &Transaction<'_>, size: DemoSize, today: NaiveDate) -> Result<()> {
    let mut rng = fastrand::Rng::with_seed(20_261_123);
    let now = timestamp();
    tx.execute(
        "UPDATE practice SET name = 'Lakeside Family Dental', address = '14 Harbour Street\nLakeside, ME 04101',
                set_up = 1 WHERE id = 1",
        [],
    )?;

    let mut role_ids = Vec::new();
    for (name, description) in ROLES {
        tx.execute(
            "INSERT INTO job_roles (name, name_key, description) VALUES (?1, ?2, ?3)",
            params![name, crate::text::unique_key(name), description],
        )?;
        role_ids.push(RoleId(tx.last_insert_rowid()));
    }

    let mut course_ids = Vec::new();
    for (title, category, provider, hours, validity, roles) in COURSES {
        tx.execute(
            "INSERT INTO courses (title, title_key, category, provider, default_hours, validity_months)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![title, crate::text::unique_key(title), category, provider, hours, validity],
        )?;
        let id = CourseId(tx.last_insert_rowid());
        for r in *roles {
            tx.execute(
                "INSERT INTO role_courses (role_id, course_id) VALUES (?1, ?2)",
                params![role_ids[*r], id],
            )?;
        }
        course_ids.push(id);
    }

    // People: the curated dozen, then generated ones.
    let mut insert_person = tx.prepare(
        "INSERT INTO staff (name, search_key, employee_no, role_id, department, manager_id, email, phone,
                            hire_date, status, end_date, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    )?;
    let mut people: Vec<(StaffId, usize, NaiveDate, &str)> = Vec::new();
    for i in 0..size.people {
        let (name, role, dept, years, status) = match CURATED.get(i) {
            Some(&(n, r, d, y, s)) => (n.to_owned(), r, d, y, s),
            None => {
                let role = 1 + rng.usize(..ROLES.len() - 1);
                let name = format!(
                    "{} {}",
                    GIVEN[rng.usize(..GIVEN.len())],
                    FAMILY[rng.usize(..FAMILY.len())]
                );
                let status = match rng.u8(..20) {
                    0 => "left",
                    1 => "on_leave",
                    _ => "active",
                };
                let dept = match role {
                    1 => "Front office",
                    4 => "Billing",
                    _ => "Clinical",
                };
                (name, role, dept, rng.u64(0..15), status)
            }
        };
        let hired = years_before(today, years, rng.u64(20..300));
        let end = (status == "left").then(|| today - Days::new(rng.u64(10..200)));
        let employee_no = format!("E{:04}", i + 1);
        let email = format!("staff{}@lakeside-dental.example", i + 1);
        let phone = format!("+1 207 555 {:04}", 100 + i);
        insert_person.execute(params![
            name,
            search_key(&name, Some(&employee_no), &email),
            employee_no,
            role_ids[role],
            dept,
            people.first().map(|p| p.0), // everyone reports to the office manager
            email,
            phone,
            hired,
            status,
            end,
            now
        ])?;
        people.push((StaffId(tx.last_insert_rowid()), role, hired, status));
    }

    // Training history: each person's required courses, renewed on schedule, with a
    // few lapses so the demo shows every due state; plus some pending entries.
    let mut insert_record = tx.prepare(
        "INSERT INTO training_records (staff_id, course_id, completed_on, hours, provider, notes, status,
                                       logged_by, logged_at, approved_by, approved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7, ?8, ?9, ?8)",
    )?;
    let office = people.first().map(|p| p.0);
    for (idx, (person, role, hired, status)) in people.iter().enumerate() {
        let budget = if idx < CURATED.len() {
            12
        } else {
            size.records_per_person
        };
        let mut written = 0;
        'courses: for (c, (_, _, provider, hours, validity, roles)) in COURSES.iter().enumerate() {
            let required = roles.contains(role);
            if !required && rng.u8(..4) != 0 {
                continue;
            }
            // Some people have never done a required course, some let it lapse.
            // Curated people get a few chosen gaps; generated ones a random 1 in 20.
            let lapse = if idx < CURATED.len() {
                match (idx, c) {
                    (5, 0) | (9, 8) | (3, 4) => 0,
                    (4, 1) | (6, 9) | (8, 2) => 1,
                    (1, 2) | (7, 6) => 3,
                    _ => 2,
                }
            } else {
                rng.u8(..40)
            };
            if required && lapse == 0 {
                continue;
            }
            let step = validity.unwrap_or(36).max(6);
            let mut on = hired
                .checked_add_days(Days::new(rng.u64(5..60)))
                .unwrap_or(*hired);
            while on <= today {
                if idx >= CURATED.len() && written >= budget.max(1) * 4 {
                    break 'courses;
                }
                let next = on.checked_add_months(Months::new(step)).unwrap_or(today);
                let pending = (today - on).num_days() < 45 && *status != "left" && rng.u8(..3) == 0;
                let last_day = next > today;
                let completed = if last_day && lapse == 1 {
                    on - Days::new(u64::from(step) * 20)
                } else if last_day && lapse == 3 {
                    // Expires in a couple of weeks: "due soon".
                    (today + Days::new(18))
                        .checked_sub_months(Months::new(step))
                        .unwrap_or(on)
                } else {
                    on
                };
                if completed < *hired {
                    break;
                }
                insert_record.execute(params![
                    person,
                    course_ids[c],
                    completed,
                    hours,
                    provider,
                    if pending { "pending" } else { "approved" },
                    if pending { Some(*person) } else { office },
                    format!("{completed}T17:00:00Z"),
                    if pending { None } else { office },
                ])?;
                written += 1;
                // Renewed a little before it expires, as a careful office does.
                on = next - Days::new(rng.u64(0..20));
            }
        }
        // Generated people get extra history up to the requested number of records.
        while idx >= CURATED.len() && written < size.records_per_person {
            let c = rng.usize(..COURSES.len());
            let span = (today - *hired).num_days().max(1) as u64;
            let on = *hired + Days::new(rng.u64(0..span));
            insert_record.execute(params![
                person,
                course_ids[c],
                on,
                COURSES[c].3,
                COURSES[c].2,
                "approved",
                office,
                format!("{on}T17:00:00Z"),
                office
            ])?;
            written += 1;
        }
    }
    drop(insert_record);
    drop(insert_person);

    // Service standards, in force since a while ago; one revised recently so it has
    // two versions; most people have acknowledged the version in force.
    let mut standard_ids = Vec::new();
    for (i, (audience, channel, statement, value, unit, text, roles)) in
        STANDARDS.iter().enumerate()
    {
        tx.execute("INSERT INTO standards (retired_on) VALUES (NULL)", [])?;
        let sid = tx.last_insert_rowid();
        standard_ids.push(StandardId(sid));
        let first = years_before(today, 2, 40);
        let mut versions = vec![(1, first, *value)];
        if i == 0 {
            versions.push((2, today - Days::new(20), *value));
            versions[0].2 = Some(4.0);
        }
        for (n, effective, value) in versions {
            tx.execute(
                "INSERT INTO standard_versions (standard_id, version, audience, channel, statement, target_value,
                        target_unit, target_text, effective_date, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![sid, n, audience, channel, statement, value, unit, text, effective, now],
            )?;
            let vid = tx.last_insert_rowid();
            for r in *roles {
                tx.execute(
                    "INSERT INTO standard_version_roles (version_id, role_id) VALUES (?1, ?2)",
                    params![vid, role_ids[*r]],
                )?;
            }
            for (person, role, hired, status) in &people {
                let binds = roles.is_empty() || roles.iter().any(|r| r == role);
                if !binds || *status == "left" || rng.u8(..6) == 0 {
                    continue;
                }
                let on = std::cmp::max(effective, *hired) + Days::new(rng.u64(0..14));
                if on <= today {
                    tx.execute(
                        "INSERT INTO acknowledgments (staff_id, version_id, acknowledged_on) VALUES (?1, ?2, ?3)",
                        params![person, vid, on],
                    )?;
                }
            }
        }
    }
    evaluations(tx, &mut rng, today, &people, &standard_ids, &course_ids)
}

/// General sections of the demo template: (title, [(criterion, description, levels)]).
#[allow(clippy::type_complexity)]
const GENERAL_SECTIONS: &[(&str, &[(&str, &str, [&str; 5])])] = &[
    ("Job knowledge", &[
        ("Knows the procedures of the role", "Follows the practice's procedures for scheduling, records, infection control and billing as they apply to the role.",
         ["Often unsure of basic procedures; needs close supervision.", "Knows the common procedures; needs help with the rest.", "Knows and follows the procedures of the role.", "Knows the procedures well and explains them to others.", "The person colleagues ask; keeps procedures up to date."]),
        ("Uses the practice software well", "Scheduling, charting and billing software, used accurately and without workarounds.",
         ["Avoids the software or makes frequent entry errors.", "Manages the basics with occasional errors.", "Uses it accurately for everyday work.", "Uses it efficiently, including less common features.", "Finds better ways of working and teaches them."]),
    ]),
    ("Quality of work", &[
        ("Accuracy", "Records, charts, forms and claims are complete and correct the first time.",
         ["Frequent errors that others must correct.", "Some errors; needs checking.", "Accurate work, rare errors.", "Consistently accurate, also under time pressure.", "Exemplary accuracy; catches others' errors tactfully."]),
        ("Thoroughness", "Finishes what is started; nothing is left for the next shift to discover.",
         ["Leaves work unfinished.", "Sometimes leaves loose ends.", "Finishes work completely.", "Finishes work and checks it.", "Anticipates what else needs doing and does it."]),
    ]),
    ("Dependability", &[
        ("Attendance and punctuality", "Arrives on time, ready to work; plans leave ahead.",
         ["Frequently late or absent without notice.", "Sometimes late; absences not always planned.", "Reliable attendance and punctuality.", "Always on time; covers for others when asked.", "Completely reliable; steps in without being asked."]),
        ("Follows through", "Does what was agreed, by when it was agreed.",
         ["Commitments are often missed.", "Needs reminders to follow through.", "Does what was agreed.", "Follows through and reports back.", "Can be relied on for anything, completely."]),
    ]),
    ("Teamwork", &[
        ("Works with colleagues", "Shares information, helps when others are busy, and accepts help.",
         ["Works alone; creates friction.", "Cooperates when asked.", "A good team member.", "Actively helps colleagues.", "Makes the whole team work better."]),
        ("Handles feedback", "Listens to feedback, and gives it kindly and usefully.",
         ["Rejects feedback.", "Accepts feedback reluctantly.", "Accepts feedback and acts on it.", "Seeks feedback; gives useful feedback.", "Models how to give and take feedback."]),
    ]),
];

const STRENGTHS: &[&str] = &[
    "Patients ask for them by name. Calm and warm at the front desk even on the busiest mornings, and quick to notice when someone in the waiting room is anxious.",
    "Meticulous records: claims go out right the first time and the billing team rarely has to call back for missing details.",
    "A steady, reliable colleague who covers shifts without complaint and keeps the clinical rooms ready ahead of schedule.",
    "Explains treatment and costs to patients clearly and patiently; the number of billing questions after visits has dropped.",
    "Picked up the new scheduling software faster than anyone and has been showing the rest of the team the shortcuts.",
];
const IMPROVEMENTS: &[&str] = &[
    "Let the front desk know sooner when appointments run late, so patients can be told before they have waited long.",
    "Reply to internal requests within the four business hours the practice has agreed, even if only to say when it will be done.",
    "Keep training current: one required course lapsed this year before it was renewed.",
    "Take more of the phone load at peak times rather than leaving it to the front desk.",
    "Write fuller notes when handing a patient over, so the next person does not have to ask.",
];
const GOALS: &[&str] = &[
    "Answer every call before the third ring during morning peak hours.",
    "Complete the customer service refresher course and share one idea from it at a team meeting.",
    "Reduce rebooked appointments caused by missing insurance details to none in a quarter.",
    "Mentor the newest receptionist through their first 90 days.",
    "Acknowledge every colleague request within four business hours.",
];

fn years_ago(today: NaiveDate, years: i32) -> i32 {
    today.year() - years
}

/// The demo's template, last year's finalized (mostly acknowledged) annual
/// evaluations, and this year's annual round in progress: some drafts rated,
/// two finalized, the rest untouched.
fn evaluations(
    tx: &Transaction<'_>,
    rng: &mut fastrand::Rng,
    today: NaiveDate,
    people: &[(StaffId, usize, NaiveDate, &str)],
    standard_ids: &[StandardId],
    course_ids: &[CourseId],
) -> Result<()> {
    let mut sections: Vec<TemplateSection> = GENERAL_SECTIONS
        .iter()
        .map(|(title, criteria)| TemplateSection {
            kind: SectionKind::General,
            title: (*title).to_owned(),
            criteria: criteria
                .iter()
                .map(|(t, d, levels)| TemplateCriterion {
                    title: (*t).to_owned(),
                    description: (*d).to_owned(),
                    levels: levels.iter().map(|l| (*l).to_owned()).collect(),
                    weight: 2.0,
                    standard_id: None,
                })
                .collect(),
        })
        .collect();
    let mut external = Vec::new();
    let mut internal = Vec::new();
    for id in standard_ids {
        let (kind, mut c) = templates::criterion_for(tx, *id, today)?;
        if kind == SectionKind::ExternalService {
            c.weight = 1.5;
            external.push(c);
        } else {
            internal.push(c);
        }
    }
    sections.push(TemplateSection {
        kind: SectionKind::ExternalService,
        title: "External customer service (patients)".to_owned(),
        criteria: external,
    });
    sections.push(TemplateSection {
        kind: SectionKind::InternalService,
        title: "Internal customer service (colleagues)".to_owned(),
        criteria: internal,
    });
    let template = templates::insert(
        tx,
        &TemplateInput {
            name: "Annual review".to_owned(),
            description: "The practice's yearly review for every role: job knowledge, quality, dependability, teamwork, and customer service to patients and to colleagues, scored against our written standards.".to_owned(),
            sections,
        },
    )?;

    let last_year = years_ago(today, 1);
    let this_year = today.year();
    let year_range = |y: i32| {
        (
            NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(today),
            NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(today),
        )
    };
    let office = people.first().map(|p| p.0);
    for (idx, (person, _role, hired, status)) in people.iter().enumerate() {
        // Each person has a typical level (3 or 4, give or take one per
        // criterion), so their scores look like a person's.
        let base = 3 + rng.u8(..2);
        let reviewer = if idx == 0 { None } else { office };
        let (ly_start, ly_end) = year_range(last_year);
        if *hired < ly_start && (*status != "left" || idx % 2 == 0) {
            let id = evaluations::insert_from_template(
                tx,
                *person,
                reviewer,
                template,
                EvaluationKind::Annual,
                (ly_start, ly_end),
            )?;
            rate_all(tx, rng, id, base, 1.0)?;
            narrative(tx, rng, id, ly_end, course_ids)?;
            let finalized = ly_end + Days::new(10 + rng.u64(..20));
            tx.execute(
                "UPDATE evaluations SET status = 'finalized', finalized_on = ?2 WHERE id = ?1",
                params![id, finalized],
            )?;
            if rng.u8(..5) != 0 {
                tx.execute(
                    "UPDATE evaluations SET status = 'acknowledged', acknowledged_on = ?2,
                            acknowledgment_comment = ?3 WHERE id = ?1",
                    params![
                        id,
                        finalized + Days::new(1 + rng.u64(..6)),
                        if rng.bool() {
                            "Thank you — agreed on the goals."
                        } else {
                            ""
                        }
                    ],
                )?;
            }
            if idx == 1 {
                amend_demo(tx, id, finalized + Days::new(3))?;
            }
        }
        if *status != "active" {
            continue;
        }
        let (start, end) = year_range(this_year);
        let id = evaluations::insert_from_template(
            tx,
            *person,
            reviewer,
            template,
            EvaluationKind::Annual,
            (start.max(*hired), end),
        )?;
        // The round is under way: a third of the drafts are partly or fully rated,
        // and two curated people are finalized already.
        match (idx, rng.u8(..3)) {
            (1 | 2, _) => {
                rate_all(tx, rng, id, base, 1.0)?;
                narrative(tx, rng, id, end, course_ids)?;
                tx.execute(
                    "UPDATE evaluations SET status = 'finalized', finalized_on = ?2 WHERE id = ?1",
                    params![id, today - Days::new(2)],
                )?;
            }
            (_, 0) => rate_all(tx, rng, id, base, 0.6)?,
            _ => {}
        }
    }
    Ok(())
}

/// Rates a share of an evaluation's criteria around `base`, with the odd N/A.
fn rate_all(
    tx: &Transaction<'_>,
    rng: &mut fastrand::Rng,
    id: EvaluationId,
    base: u8,
    share: f64,
) -> Result<()> {
    let criteria: Vec<i64> = tx
        .prepare_cached("SELECT id FROM evaluation_criteria WHERE evaluation_id = ?1 ORDER BY id")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare_cached(
        "UPDATE evaluation_criteria SET rating = ?2, not_applicable = ?3, comment = ?4 WHERE id = ?1",
    )?;
    for c in criteria {
        if rng.f64() > share {
            continue;
        }
        if rng.u8(..25) == 0 {
            update.execute(params![c, Option::<u8>::None, true, ""])?;
            continue;
        }
        let rating = (i16::from(base) + i16::from(rng.u8(..3)) - 1).clamp(1, 5) as u8;
        let comment = match rating {
            5 => "Consistently excellent; colleagues and patients notice.",
            4 => "Above what we expect, most of the time.",
            1 | 2 => "Needs attention: discussed in the review meeting with examples.",
            _ => "",
        };
        update.execute(params![c, rating, false, comment])?;
    }
    Ok(())
}

fn narrative(
    tx: &Transaction<'_>,
    rng: &mut fastrand::Rng,
    id: EvaluationId,
    period_end: NaiveDate,
    course_ids: &[CourseId],
) -> Result<()> {
    let recommendation = match rng.u8(..5) {
        0 => (
            "merit_increase",
            Some(3.0),
            None,
            "In line with the practice's merit budget.",
        ),
        1 => (
            "bonus",
            None,
            Some(50_000),
            "For covering the front desk during the summer.",
        ),
        2 => (
            "recognition",
            None,
            None,
            "Team recognition at the year-end meeting.",
        ),
        _ => ("none", None, None, ""),
    };
    tx.execute(
        "UPDATE evaluations SET strengths = ?2, improvements = ?3, recommendation = ?4, merit_percent = ?5,
                bonus_cents = ?6, recommendation_note = ?7 WHERE id = ?1",
        params![
            id,
            STRENGTHS[rng.usize(..STRENGTHS.len())],
            IMPROVEMENTS[rng.usize(..IMPROVEMENTS.len())],
            recommendation.0,
            recommendation.1,
            recommendation.2,
            recommendation.3
        ],
    )?;
    let first = rng.usize(..GOALS.len());
    for (i, g) in [first, (first + 2) % GOALS.len()].iter().enumerate() {
        tx.execute(
            "INSERT INTO evaluation_goals (evaluation_id, position, goal, target_date) VALUES (?1, ?2, ?3, ?4)",
            params![id, i as i64, GOALS[*g], period_end + Months::new(3 * (i as u32 + 1))],
        )?;
    }
    if let Some(course) = course_ids.get(rng.usize(..course_ids.len().max(1))) {
        let title: String =
            tx.query_row("SELECT title FROM courses WHERE id = ?1", [course], |r| {
                r.get(0)
            })?;
        tx.execute(
            "INSERT INTO evaluation_training_plan (evaluation_id, position, course_id, course_title)
             VALUES (?1, 0, ?2, ?3)",
            params![id, course, title],
        )?;
    }
    Ok(())
}

/// One amendment, so the demo shows what one looks like.
fn amend_demo(tx: &Transaction<'_>, id: EvaluationId, on: NaiveDate) -> Result<()> {
    let (criterion, title, rating): (i64, String, Option<u8>) = tx.query_row(
        "SELECT c.id, c.title, c.rating FROM evaluation_criteria c JOIN evaluation_sections s ON s.id = c.section_id
          WHERE c.evaluation_id = ?1 AND s.kind = 'internal_service' AND c.rating IS NOT NULL ORDER BY c.position LIMIT 1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let before = rating.unwrap_or(3);
    let after = (before % 5) + 1;
    tx.execute(
        "UPDATE evaluation_criteria SET rating = ?2 WHERE id = ?1",
        params![criterion, after],
    )?;
    let changes = serde_json::json!([{
        "field": format!("Rating: {title}"),
        "before": before.to_string(),
        "after": after.to_string(),
    }]);
    tx.execute(
        "INSERT INTO evaluation_amendments (evaluation_id, made_on, made_at, reason, changes)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            id,
            on,
            format!("{on}T12:00:00Z"),
            "The billing team's feedback arrived after the review meeting.",
            changes.to_string()
        ],
    )?;
    Ok(())
}
