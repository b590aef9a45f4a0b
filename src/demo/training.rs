//! The demo's training history: each person's required courses, renewed on
//! schedule, with a few lapses so the demo shows every due state, some
//! entries pending approval, and generated people's extra records.

use chrono::{Days, Months, NaiveDate};
use rusqlite::{params, Transaction};

use super::catalog::COURSES;
use super::people::{DemoPerson, CURATED};
use super::DemoSize;
use crate::error::Result;
use crate::ids::CourseId;

/// Adds everyone's training records.
pub(super) fn insert_history(
    tx: &Transaction<'_>,
    rng: &mut fastrand::Rng,
    size: DemoSize,
    today: NaiveDate,
    people: &[DemoPerson],
    course_ids: &[CourseId],
) -> Result<()> {
    let mut insert_record = tx.prepare(
        "INSERT INTO training_records (staff_id, course_id, completed_on, hours, provider, notes, status,
                                       logged_by, logged_at, approved_by, approved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7, ?8, ?9, ?8)",
    )?;
    let office = people.first().map(|p| p.id);
    for (idx, person) in people.iter().enumerate() {
        let budget = if idx < CURATED.len() {
            12
        } else {
            size.records_per_person
        };
        let mut written = 0;
        'courses: for (c, course) in COURSES.iter().enumerate() {
            let required = course.roles.contains(&person.role);
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
            let step = course.validity_months.unwrap_or(36).max(6);
            let mut on = person
                .hired
                .checked_add_days(Days::new(rng.u64(5..60)))
                .unwrap_or(person.hired);
            while on <= today {
                if idx >= CURATED.len() && written >= budget.max(1) * 4 {
                    break 'courses;
                }
                let next = on.checked_add_months(Months::new(step)).unwrap_or(today);
                let pending =
                    (today - on).num_days() < 45 && person.status != "left" && rng.u8(..3) == 0;
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
                if completed < person.hired {
                    break;
                }
                insert_record.execute(params![
                    person.id,
                    course_ids[c],
                    completed,
                    course.hours,
                    course.provider,
                    if pending { "pending" } else { "approved" },
                    if pending { Some(person.id) } else { office },
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
            let span = (today - person.hired).num_days().max(1) as u64;
            let on = person.hired + Days::new(rng.u64(0..span));
            insert_record.execute(params![
                person.id,
                course_ids[c],
                on,
                COURSES[c].hours,
                COURSES[c].provider,
                "approved",
                office,
                format!("{on}T17:00:00Z"),
                office
            ])?;
            written += 1;
        }
    }
    Ok(())
}
