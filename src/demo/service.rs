//! The demo's evidence of service: who serves whom between the roles, and a
//! year of thank-yous between colleagues and from the office manager, in the
//! languages the practice's people write in.

use chrono::{Days, NaiveDate};
use rusqlite::{params, Transaction};

use super::people::DemoPerson;
use crate::error::Result;
use crate::ids::{RoleId, StandardId};

/// Each role's internal customers, by index into [`super::catalog::ROLES`]:
/// the office manager serves everyone; reception the clinical team and
/// billing (registration → billing); hygienists and assistants the dentist
/// and each other; billing the office manager and reception; the dentist
/// the chairside team.
const SERVES: &[(usize, &[usize])] = &[
    (0, &[1, 2, 3, 4, 5]),
    (1, &[2, 3, 4, 5]),
    (2, &[1, 5]),
    (3, &[2, 5]),
    (4, &[0, 1]),
    (5, &[2, 3]),
];

/// What people were thanked for, and the standard it shows (an index into
/// the demo's standards), if one.
const THANKS: &[(&str, Option<usize>)] = &[
    ("Stayed on the phone with a nervous patient until she felt ready to book.", Some(0)),
    ("Fitted in a child with toothache at the end of a full day.", None),
    ("Greeted every patient by name through the whole Monday rush.", Some(1)),
    ("Sent billing complete insurance details for every visit this week.", Some(5)),
    ("Told the front desk at once that the schedule was running late, so no one waited without knowing.", Some(6)),
    ("Covered the phones for two hours so the team could finish the audit.", None),
    ("Explained a payment plan so clearly that the patient thanked us by letter.", None),
    ("Se quedó después de hora para ayudar a una paciente a entender su presupuesto.", None),
    ("Đã gọi lại cho bệnh nhân ngay trong ngày để giải thích kết quả chụp phim.", Some(2)),
    ("主动帮助同事准备器械，让下午的门诊准时开始。", Some(4)),
    ("Βοήθησε έναν ηλικιωμένο ασθενή να συμπληρώσει τα έντυπα με υπομονή.", None),
    ("شكراً لمساعدتك في ترتيب المواعيد عندما كان الفريق مشغولاً.", Some(4)),
    ("Answered a colleague's request for the sterilisation log within the hour.", Some(4)),
    ("Let a waiting patient know about the delay and offered a new time.", Some(3)),
];

/// Adds the service map and about a year of thank-yous: a dozen among the
/// curated people, and one for about every other generated person.
pub(super) fn insert(
    tx: &Transaction<'_>,
    rng: &mut fastrand::Rng,
    today: NaiveDate,
    now: &str,
    people: &[DemoPerson],
    role_ids: &[RoleId],
    standard_ids: &[StandardId],
) -> Result<()> {
    let mut map =
        tx.prepare("INSERT INTO role_customers (role_id, customer_id) VALUES (?1, ?2)")?;
    for (role, customers) in SERVES {
        for c in *customers {
            map.execute(params![role_ids[*role], role_ids[*c]])?;
        }
    }
    let active: Vec<&DemoPerson> = people.iter().filter(|p| p.status == "active").collect();
    let Some(manager) = active.first() else {
        return Ok(());
    };
    let mut thank = tx.prepare(
        "INSERT INTO recognitions (happened_on, what, standard_id, from_staff, from_name, created_at)
         SELECT ?1, ?2, ?3, id, name, ?5 FROM staff WHERE id = ?4",
    )?;
    let mut person =
        tx.prepare("INSERT INTO recognition_people (recognition_id, staff_id) VALUES (?1, ?2)")?;
    let curated = active.len().min(super::people::CURATED.len());
    let count = 12 + (active.len() - curated) / 2;
    for n in 0..count {
        // The curated dozen's thank-yous first, one for each of them in turn.
        let to = if n < 12 {
            active[n % curated]
        } else {
            active[curated + rng.usize(..active.len() - curated)]
        };
        let from = if n % 3 == 0 {
            *manager
        } else {
            active[rng.usize(..curated)]
        };
        if from.id == to.id {
            continue;
        }
        let (what, standard) = THANKS[n % THANKS.len()];
        let on = today - Days::new(rng.u64(1..360));
        if on < to.hired || on < from.hired {
            continue;
        }
        let standard = standard.and_then(|i| standard_ids.get(i));
        thank.execute(params![on, what, standard, from.id, now])?;
        let id = tx.last_insert_rowid();
        person.execute(params![id, to.id])?;
        // Now and then the whole chairside pair is thanked together.
        if n % 5 == 4 {
            if let Some(other) = active[..curated]
                .iter()
                .find(|p| p.id != to.id && p.id != from.id && p.role == to.role)
            {
                person.execute(params![id, other.id])?;
            }
        }
    }
    Ok(())
}
