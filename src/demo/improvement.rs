//! The demo's work on internal service beyond reviews: job swaps along the
//! service map (each with its cross-training record), two SWOT worksheets a
//! year apart to compare, and three improvement projects — the billing cycle
//! under way with monthly measurements, the phone answered sooner (done),
//! and the noon sterilisation backlog (proposed).
//!
//! Written after everything else, from its own seed.

use chrono::{Days, NaiveDate};
use rusqlite::{params, OptionalExtension, Transaction};

use super::people::{DemoPerson, CURATED};
use crate::error::Result;
use crate::ids::RoleId;
use crate::job_swaps::SWAP_COURSE;
use crate::text;

/// (person, host person, days ago, hours, what they learned); indexes into
/// the curated people, the host role being the host's.
const SWAPS: &[(usize, usize, u64, f64, &str)] = &[
    (1, 2, 120, 3.5, "A hygienist loses ten minutes a patient when the chart is not ready: I now pull tomorrow's charts before I leave."),
    (6, 1, 95, 6.0, "Incomplete insurance details at check-in are what delay claims: a two-minute check at the desk saves a week in billing."),
    (4, 10, 60, 3.0, "Billing needs the procedure codes the same day; I now note them before the patient leaves the chair."),
    (2, 4, 30, 2.0, "Sterilisation runs behind at noon because trays come back all at once; staggering my last morning patient helps."),
];

/// Every `1 in SWAP_EVERY` generated person has a swap.
const SWAP_EVERY: u32 = 15;

pub(super) fn insert(
    tx: &Transaction<'_>,
    today: NaiveDate,
    now: &str,
    people: &[DemoPerson],
    role_ids: &[RoleId],
) -> Result<()> {
    let mut rng = fastrand::Rng::with_seed(20_261_130);
    let office = people.first().map(|p| p.id);
    tx.execute(
        "INSERT INTO courses (title, title_key, category, provider, default_hours, description)
         VALUES (?1, ?2, 'cross_training', 'In house', 4, 'Time spent in another role, shown the work by a colleague there.')",
        params![SWAP_COURSE, text::unique_key(SWAP_COURSE)],
    )?;
    let course = tx.last_insert_rowid();
    let swap = |who: &DemoPerson,
                host: &DemoPerson,
                on: NaiveDate,
                hours: f64,
                learned: &str|
     -> Result<()> {
        let role_name: Option<String> = tx
            .query_row(
                "SELECT r.name FROM staff s JOIN job_roles r ON r.id = s.role_id WHERE s.id = ?1",
                [host.id],
                |r| r.get(0),
            )
            .optional()?;
        let host_name: String =
            tx.query_row("SELECT name FROM staff WHERE id = ?1", [host.id], |r| {
                r.get(0)
            })?;
        let notes = format!(
            "Job swap with {host_name} ({})",
            role_name.unwrap_or_default()
        );
        tx.execute(
            "INSERT INTO training_records (staff_id, course_id, completed_on, hours, provider, notes, status,
                                           logged_by, logged_at, approved_by, approved_at)
             VALUES (?1, ?2, ?3, ?4, 'In house', ?5, 'approved', ?6, ?7, ?6, ?7)",
            params![who.id, course, on, hours, notes, office, format!("{on}T17:00:00Z")],
        )?;
        let record = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO job_swaps (staff_id, host_role_id, host_staff_id, starts_on, ends_on, hours,
                                    learned, training_record_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8)",
            params![who.id, role_ids[host.role], host.id, on, hours, learned, record, now],
        )?;
        Ok(())
    };
    for &(who, host, ago, hours, learned) in SWAPS {
        if let (Some(w), Some(h)) = (people.get(who), people.get(host)) {
            swap(w, h, today - Days::new(ago), hours, learned)?;
        }
    }
    let active: Vec<&DemoPerson> = people
        .iter()
        .skip(CURATED.len())
        .filter(|p| p.status == "active")
        .collect();
    for (i, p) in active.iter().enumerate() {
        if rng.u32(..SWAP_EVERY) != 0 || active.len() < 2 {
            continue;
        }
        let host = active[(i + 1 + rng.usize(..active.len() - 1)) % active.len()];
        if host.id == p.id || host.role == p.role {
            continue;
        }
        let on = today - Days::new(rng.u64(1..330));
        if on >= p.hired && on >= host.hired {
            swap(p, host, on, 4.0, "How my work lands on the next desk.")?;
        }
    }

    worksheets(tx, today, now, people)?;
    projects(tx, today, now, people, role_ids)
}

fn worksheets(
    tx: &Transaction<'_>,
    today: NaiveDate,
    now: &str,
    people: &[DemoPerson],
) -> Result<()> {
    type Sheet<'a> = (&'a str, u64, &'a [usize], [&'a [&'a str]; 4]);
    let sheets: [Sheet; 2] = [
        (
            "Internal service, last autumn",
            400,
            &[0, 1, 2, 6, 7],
            [
                &[
                    "Reception answers most calls by the third ring",
                    "Colleagues thank each other often",
                ],
                &[
                    "Charts not ready before hygiene appointments",
                    "Claims leave days after the visit",
                    "Two people behind on infection control",
                ],
                &[
                    "A second phone line in billing (a suggestion)",
                    "Job swaps between reception and billing",
                ],
                &[
                    "A hygienist licence renewal falls in January",
                    "Busy season staffing",
                ],
            ],
        ),
        (
            "Internal service, spring",
            60,
            &[0, 1, 3, 4, 6, 10],
            [
                &[
                    "Calls answered by the third ring 93% of the time",
                    "Charts ready the evening before",
                    "Thank-yous on the wall every week",
                ],
                &[
                    "Claims still take 7 days",
                    "Sterilisation backlog at noon",
                    "Emails to patients answered late",
                ],
                &[
                    "Billing improvement project under way",
                    "Job swaps assistant ↔ billing",
                    "Text balances before the visit",
                ],
                &[
                    "CE hours short for two licences before renewal",
                    "One receptionist on leave",
                ],
            ],
        ),
    ];
    for (title, ago, who, quadrants) in sheets {
        let on = today - Days::new(ago);
        tx.execute(
            "INSERT INTO swot_worksheets (title, held_on, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            params![title, on, now],
        )?;
        let id = tx.last_insert_rowid();
        for i in who {
            if let Some(p) = people.get(*i).filter(|p| p.hired <= on) {
                tx.execute(
                    "INSERT OR IGNORE INTO swot_participants (worksheet_id, staff_id) VALUES (?1, ?2)",
                    params![id, p.id],
                )?;
            }
        }
        for (q, items) in ["strength", "weakness", "opportunity", "threat"]
            .iter()
            .zip(quadrants)
        {
            for (n, t) in items.iter().enumerate() {
                tx.execute(
                    "INSERT INTO swot_items (worksheet_id, quadrant, position, text) VALUES (?1, ?2, ?3, ?4)",
                    params![id, q, n as i64, t],
                )?;
            }
        }
    }
    Ok(())
}

/// (title, problem, status, measure, unit, baseline, target, started days
/// ago, ended days ago, outcome, roles, team, measurements (days ago, value))
type DemoProject<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    f64,
    f64,
    Option<u64>,
    Option<u64>,
    &'a str,
    &'a [usize],
    &'a [usize],
    &'a [(u64, f64)],
);

const PROJECTS: &[DemoProject] = &[
    (
        "Billing cycle too long",
        "Claims leave 12 days after the visit on average; patients get late statements and call the desk.",
        "active",
        "Days from visit to claim sent",
        "days",
        12.0,
        5.0,
        Some(160),
        None,
        "",
        &[1, 4, 5],
        &[1, 6, 7, 10],
        &[(150, 12.0), (120, 11.0), (90, 9.0), (60, 8.0), (30, 7.0), (5, 6.5)],
    ),
    (
        "Patients wait too long on the phone",
        "At lunch and after four, callers waited past the fifth ring.",
        "done",
        "Calls answered by the third ring",
        "%",
        72.0,
        90.0,
        Some(330),
        Some(60),
        "A second phone rings in billing when reception is busy; a lunch cover rota. 93% by the end.",
        &[1, 4],
        &[1, 8, 6],
        &[(320, 72.0), (250, 80.0), (180, 86.0), (120, 91.0), (70, 93.0)],
    ),
    (
        "Sterilisation backlog at noon",
        "Trays come back all at once before lunch; the afternoon's first patients wait for instruments.",
        "proposed",
        "Trays waiting at 12:00",
        "trays",
        25.0,
        5.0,
        None,
        None,
        "",
        &[2, 3],
        &[2, 4, 9],
        &[],
    ),
];

fn projects(
    tx: &Transaction<'_>,
    today: NaiveDate,
    now: &str,
    people: &[DemoPerson],
    role_ids: &[RoleId],
) -> Result<()> {
    let billing_standard: Option<i64> = tx
        .query_row(
            "SELECT standard_id FROM standard_versions WHERE statement LIKE 'Hand complete registration%' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let phone_suggestion: Option<i64> = tx
        .query_row(
            "SELECT id FROM suggestions WHERE text LIKE 'A second phone line%' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    for (n, p) in PROJECTS.iter().enumerate() {
        let (
            title,
            problem,
            status,
            measure,
            unit,
            baseline,
            target,
            started,
            ended,
            outcome,
            roles,
            team,
            points,
        ) = *p;
        let day = |ago: u64| today - Days::new(ago);
        tx.execute(
            "INSERT INTO projects (title, problem, status, measure, unit, baseline, target, started_on,
                                   ended_on, outcome, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            params![title, problem, status, measure, unit, baseline, target, started.map(day),
                    ended.map(day), outcome, now],
        )?;
        let id = tx.last_insert_rowid();
        for r in roles {
            tx.execute(
                "INSERT OR IGNORE INTO project_roles (project_id, role_id) VALUES (?1, ?2)",
                params![id, role_ids[*r]],
            )?;
        }
        for i in team {
            if let Some(person) = people.get(*i) {
                tx.execute(
                    "INSERT OR IGNORE INTO project_members (project_id, staff_id) VALUES (?1, ?2)",
                    params![id, person.id],
                )?;
            }
        }
        for (ago, value) in points {
            tx.execute(
                "INSERT INTO project_measurements (project_id, measured_on, value) VALUES (?1, ?2, ?3)",
                params![id, day(*ago), value],
            )?;
        }
        match (n, billing_standard, phone_suggestion) {
            (0, Some(s), _) => {
                tx.execute(
                    "INSERT INTO project_standards (project_id, standard_id) VALUES (?1, ?2)",
                    params![id, s],
                )?;
            }
            (1, _, Some(s)) => {
                tx.execute(
                    "INSERT INTO project_suggestions (project_id, suggestion_id) VALUES (?1, ?2)",
                    params![id, s],
                )?;
            }
            _ => {}
        }
    }
    Ok(())
}
