//! The demo's licences and certifications: the types a dental office keeps
//! (the dentist's and hygienists' licences with their continuing education,
//! the assistants' radiography certificate, everyone clinical's CPR/BLS card),
//! the roles that require them, each person's licences — most current, one
//! hygienist's due for renewal with hours still to do, an expired CPR card, a
//! certificate missing, a card recorded at the kiosk waiting for the office —
//! and the continuing-education courses the licensed people took.
//!
//! It draws from its own seed, after everything else, so adding it changed
//! nothing the rest of the demo makes.

use chrono::{Days, Months, NaiveDate};
use rusqlite::{params, Transaction};

use super::catalog::ROLES;
use super::people::{DemoPerson, CURATED};
use crate::error::Result;
use crate::ids::{LicenceTypeId, RoleId};
use crate::text;

struct DemoType {
    name: &'static str,
    issuing_body: &'static str,
    /// Hours every so many months, so many of them in infection control.
    ce: Option<(f64, u32, f64)>,
    /// How long one issued lasts, in months; `None`: for good.
    valid_months: Option<u32>,
    /// The roles (indexes into [`ROLES`]) that require it.
    roles: &'static [usize],
}

const TYPES: &[DemoType] = &[
    DemoType {
        name: "Dental licence (DDS)",
        issuing_body: "State Board of Dental Examiners",
        ce: Some((40.0, 24, 4.0)),
        valid_months: Some(24),
        roles: &[5],
    },
    DemoType {
        name: "Dental hygienist licence",
        issuing_body: "State Board of Dental Examiners",
        ce: Some((25.0, 24, 2.0)),
        valid_months: Some(24),
        roles: &[2],
    },
    DemoType {
        name: "Dental radiography certificate",
        issuing_body: "State Board of Dental Examiners",
        ce: None,
        valid_months: None,
        roles: &[3],
    },
    DemoType {
        name: "CPR/BLS card",
        issuing_body: "American Heart Association",
        ce: None,
        valid_months: Some(24),
        roles: &[2, 3, 5],
    },
    DemoType {
        name: "Certified Dental Assistant (CDA)",
        issuing_body: "Dental Assisting National Board",
        ce: Some((12.0, 12, 0.0)),
        valid_months: Some(12),
        roles: &[],
    },
];

/// Continuing-education courses no role requires: what licensed people take
/// to keep their licence. (title, category, hours)
const CE_COURSES: &[(&str, &str, f64)] = &[
    ("State dental meeting (CE)", "clinical", 8.0),
    ("Periodontal therapy update", "clinical", 6.0),
    (
        "Infection control in dental settings (CE)",
        "infection_control",
        2.0,
    ),
    ("Local anaesthesia refresher", "clinical", 4.0),
];

/// One curated person's licence: (person index, type index, expires in days
/// from today (negative: expired; `None`: never), checked).
/// A scanned licence, as small as a PDF reader still opens.
const SCAN: &[u8] = b"%PDF-1.4\n% Dental hygienist licence, scanned\n%%EOF\n";

type Curated = (usize, usize, Option<i64>, bool);

const CURATED_LICENCES: &[Curated] = &[
    // Nguyễn Văn Anh, hygienist: renewed last spring.
    (2, 1, Some(480), true),
    (2, 3, Some(300), true),
    // 王芳, hygienist: due for renewal in five weeks, hours still to do.
    (3, 1, Some(36), true),
    (3, 3, Some(410), true),
    // Łukasz Żółć, assistant: CPR card expired last week; a CDA besides.
    (4, 2, None, true),
    (4, 3, Some(-9), true),
    (4, 4, Some(200), true),
    // Aoife Ní Bhriain, assistant since last year: no radiography certificate yet.
    (5, 3, Some(650), true),
    // Δημήτρης Παπαδόπουλος, dentist.
    (7, 0, Some(250), true),
    (7, 3, Some(120), true),
    // 佐藤 健, assistant: a new CPR card recorded at the kiosk, not yet checked.
    (9, 2, None, true),
    (9, 3, Some(720), false),
];

/// CE each curated licensed person took: (person index, course index into
/// [`CE_COURSES`], days before today).
const CURATED_CE: &[(usize, usize, u64)] = &[
    (2, 0, 400),
    (2, 1, 250),
    (2, 2, 120),
    (2, 0, 40),
    (4, 0, 150),
    (7, 0, 600),
    (7, 1, 420),
    (7, 2, 300),
    (7, 0, 200),
    (7, 3, 60),
    (7, 2, 30),
];

pub(super) fn insert(
    tx: &Transaction<'_>,
    today: NaiveDate,
    now: &str,
    people: &[DemoPerson],
    role_ids: &[RoleId],
) -> Result<()> {
    let mut rng = fastrand::Rng::with_seed(20_261_129);
    let mut type_ids = Vec::with_capacity(TYPES.len());
    for t in TYPES {
        let (hours, months, category_hours) = match t.ce {
            Some((h, m, c)) => (Some(h), Some(m), (c > 0.0).then_some(c)),
            None => (None, None, None),
        };
        tx.execute(
            "INSERT INTO licence_types (name, name_key, issuing_body, ce_hours, ce_cycle_months,
                                        ce_category, ce_category_hours)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                t.name,
                text::unique_key(t.name),
                t.issuing_body,
                hours,
                months,
                category_hours.map(|_| "infection_control"),
                category_hours
            ],
        )?;
        let id = LicenceTypeId(tx.last_insert_rowid());
        for r in t.roles {
            tx.execute(
                "INSERT INTO role_licences (role_id, licence_type_id) VALUES (?1, ?2)",
                params![role_ids[*r], id],
            )?;
        }
        type_ids.push(id);
    }
    debug_assert!(TYPES
        .iter()
        .all(|t| t.roles.iter().all(|r| *r < ROLES.len())));

    let office = people.first().map(|p| p.id);
    let mut licence = tx.prepare(
        "INSERT INTO licences (staff_id, type_id, number, issuing_body, issued_on, expires_on,
                               checked, recorded_by, recorded_at, checked_by, checked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, CASE WHEN ?7 THEN ?9 END)",
    )?;
    let mut add =
        |person: &DemoPerson, t: usize, expires: Option<NaiveDate>, checked: bool, n: u32| {
            let kind = &TYPES[t];
            let issued = match (expires, kind.valid_months) {
                (Some(e), Some(m)) => e.checked_sub_months(Months::new(m)),
                _ => Some(person.hired.max(today - Days::new(3650))),
            }
            .map(|d| d.min(today));
            let number = format!("{}-{:06}", initials(kind.name), n);
            licence.execute(params![
                person.id,
                type_ids[t],
                number,
                kind.issuing_body,
                issued,
                expires,
                checked,
                if checked { office } else { Some(person.id) },
                now,
                if checked { office } else { None },
            ])
        };
    for (n, &(idx, t, days, checked)) in CURATED_LICENCES.iter().enumerate() {
        let Some(person) = people.get(idx) else {
            continue;
        };
        let expires = days.map(|d| from_today(today, d));
        add(person, t, expires, checked, 100 + n as u32)?;
        if n == 0 {
            // The office scanned the first one.
            tx.execute(
                "INSERT INTO licence_scans (licence_id, file_name, media_type, size, data)
                 VALUES (?1, 'hygienist-licence.pdf', 'application/pdf', ?2, ?3)",
                params![tx.last_insert_rowid(), SCAN.len() as i64, SCAN],
            )?;
        }
    }
    // Generated people: the licences their role requires, expiring any time in
    // the next two years; one in forty has let one lapse, one in sixty lacks one.
    for (i, person) in people.iter().enumerate().skip(CURATED.len()) {
        if person.status == "left" {
            continue;
        }
        for (t, kind) in TYPES.iter().enumerate() {
            if !kind.roles.contains(&person.role) || rng.u8(..60) == 0 {
                continue;
            }
            let expires = kind.valid_months.map(|m| {
                let days = if rng.u8(..40) == 0 {
                    -rng.i64(1..90)
                } else {
                    rng.i64(1..i64::from(m) * 30)
                };
                from_today(today, days)
            });
            add(person, t, expires, true, 1000 + i as u32)?;
        }
    }

    let mut course = tx.prepare(
        "INSERT INTO courses (title, title_key, category, provider, default_hours, validity_months)
         VALUES (?1, ?2, ?3, 'State Dental Association', ?4, NULL)",
    )?;
    let mut course_ids = Vec::with_capacity(CE_COURSES.len());
    for (title, category, hours) in CE_COURSES {
        course.execute(params![title, text::unique_key(title), category, hours])?;
        course_ids.push(tx.last_insert_rowid());
    }
    let mut record = tx.prepare(
        "INSERT INTO training_records (staff_id, course_id, completed_on, hours, provider, notes, status,
                                       logged_by, logged_at, approved_by, approved_at)
         VALUES (?1, ?2, ?3, ?4, 'State Dental Association', '', 'approved', ?5, ?6, ?5, ?6)",
    )?;
    let mut took = |person: &DemoPerson, c: usize, on: NaiveDate| {
        record.execute(params![
            person.id,
            course_ids[c],
            on,
            CE_COURSES[c].2,
            office,
            format!("{on}T17:00:00Z")
        ])
    };
    for &(idx, c, days) in CURATED_CE {
        if let Some(person) = people.get(idx) {
            took(person, c, (today - Days::new(days)).max(person.hired))?;
        }
    }
    for person in people.iter().skip(CURATED.len()) {
        let licensed = TYPES
            .iter()
            .any(|t| t.ce.is_some() && t.roles.contains(&person.role));
        if !licensed || person.status == "left" {
            continue;
        }
        for _ in 0..rng.usize(1..5) {
            let on = today - Days::new(rng.u64(1..700));
            if on >= person.hired {
                took(person, rng.usize(..CE_COURSES.len()), on)?;
            }
        }
    }
    Ok(())
}

fn from_today(today: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        today + Days::new(days as u64)
    } else {
        today - Days::new(days.unsigned_abs())
    }
}

/// "DHL" for "Dental hygienist licence": the start of a made-up number.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_uppercase)
        .take(3)
        .collect()
}
