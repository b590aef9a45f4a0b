//! The demo practice: a small dental office with a dozen people whose names are
//! written in several scripts, their roles, a training catalog, a few years of
//! training history (some of it overdue, some pending approval) and the office's
//! service standards. `people` above the curated dozen adds generated people, for
//! trying the app — and benchmarking it — at scale.
//!
//! It is generated from a fixed seed relative to `today`, so the same day gives the
//! same practice.

use chrono::{Days, Months, NaiveDate};
use rusqlite::{params, Connection, Transaction};

use crate::error::{Error, Result};
use crate::ids::{CourseId, RoleId, StaffId};
use crate::staff::search_key;
use crate::storage::{timestamp, Db};

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
pub fn is_empty(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT (SELECT COUNT(*) FROM staff) + (SELECT COUNT(*) FROM courses) + (SELECT COUNT(*) FROM job_roles)
              + (SELECT COUNT(*) FROM standards)",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 0)
}

/// Fills an empty database with the demo practice. Refuses one that has data.
pub fn create(db: &mut Db, size: DemoSize, today: NaiveDate) -> Result<()> {
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
        build(tx, size, today)
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
    for (i, (audience, channel, statement, value, unit, text, roles)) in
        STANDARDS.iter().enumerate()
    {
        tx.execute("INSERT INTO standards (retired_on) VALUES (NULL)", [])?;
        let sid = tx.last_insert_rowid();
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
    Ok(())
}
