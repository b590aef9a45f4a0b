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

/// Patients' compliments and complaints: (days ago, channel, kind, the
/// standard it concerns, about the curated person at this index, what was
/// said, what was done, days it stayed open — `None`: still open).
type Said = (
    u64,
    &'static str,
    &'static str,
    Option<usize>,
    Option<usize>,
    &'static str,
    &'static str,
    Option<u64>,
);

const PATIENTS: &[Said] = &[
    (
        340,
        "phone",
        "complaint",
        Some(0),
        None,
        "Rang six times before anyone answered; gave up and called back the next day.",
        "Apologised; second line now forwards to billing when reception is busy.",
        Some(3),
    ),
    (
        300,
        "survey",
        "compliment",
        None,
        Some(1),
        "The receptionist remembered my name and my daughter's.",
        "Shared with the team at the Monday meeting.",
        Some(1),
    ),
    (
        260,
        "email",
        "complaint",
        Some(2),
        None,
        "Emailed about a bill and heard nothing for a week.",
        "Answered the same day it was found; added a shared inbox check at 4 pm.",
        Some(2),
    ),
    (
        230,
        "in_person",
        "compliment",
        None,
        Some(3),
        "The hygienist explained everything and was so gentle with me.",
        "",
        Some(0),
    ),
    (
        190,
        "online",
        "complaint",
        Some(3),
        None,
        "Waited 40 minutes past my time and nobody told me why.",
        "Called the patient; front desk now announces delays over 10 minutes.",
        Some(5),
    ),
    (
        150,
        "letter",
        "compliment",
        None,
        Some(6),
        "Thank you for setting up a payment plan that I can manage.",
        "",
        Some(0),
    ),
    (
        120,
        "phone",
        "complaint",
        Some(0),
        None,
        "Phone rang out at lunchtime, no voicemail.",
        "Lunch cover rota for the phones.",
        Some(4),
    ),
    (
        90,
        "survey",
        "compliment",
        Some(1),
        None,
        "Warm welcome at the front desk, every single time.",
        "",
        Some(0),
    ),
    (
        60,
        "in_person",
        "complaint",
        Some(3),
        Some(9),
        "Nobody said the dentist was running late.",
        "Spoke with the team about telling patients early.",
        Some(6),
    ),
    (
        35,
        "survey",
        "compliment",
        None,
        Some(2),
        "Dr. explained my options in plain words — 很好!",
        "",
        Some(0),
    ),
    (
        21,
        "phone",
        "complaint",
        Some(0),
        None,
        "On hold for ages, then cut off.",
        "",
        None,
    ),
    (
        9,
        "email",
        "compliment",
        Some(2),
        Some(10),
        "Quick and clear answer to my insurance question. شكراً",
        "",
        Some(0),
    ),
];

/// Adds the service map, about a year of thank-yous (a dozen among the
/// curated people, and one for about every other generated person) and of
/// patients' compliments and complaints; the phone standard's latest version
/// names the complaints about the phone that came before it.
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
    patients(tx, today, now, people, standard_ids)?;
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
    // Last, so that the thank-yous above draw the same numbers as before.
    checks(tx, rng, today, now, people, standard_ids)?;
    colleagues(tx, rng, today, now, people)?;
    suggestions(tx, today, people)?;
    check_ins(tx, today, now, people)
}

fn patients(
    tx: &Transaction<'_>,
    today: NaiveDate,
    now: &str,
    people: &[DemoPerson],
    standard_ids: &[StandardId],
) -> Result<()> {
    let mut said = tx.prepare(
        "INSERT INTO patient_feedback (received_on, channel, kind, standard_id, staff_id, summary,
                action_taken, closed_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?;
    let mut about_the_phone = Vec::new();
    for (ago, channel, kind, standard, person, summary, action, open_for) in PATIENTS {
        let on = today - Days::new(*ago);
        let standard = standard.and_then(|i| standard_ids.get(i));
        let person = person.and_then(|i| people.get(i)).filter(|p| p.hired <= on);
        let closed = open_for.map(|days| std::cmp::min(on + Days::new(days), today));
        said.execute(params![
            on,
            channel,
            kind,
            standard,
            person.map(|p| p.id),
            summary,
            action,
            closed,
            now
        ])?;
        if *kind == "complaint" && standard == standard_ids.first() {
            about_the_phone.push((tx.last_insert_rowid(), on));
        }
    }
    // The phone standard's newest version was written after these complaints.
    if let Some(phone) = standard_ids.first() {
        let (version, effective): (i64, NaiveDate) = tx.query_row(
            "SELECT id, effective_date FROM standard_versions WHERE standard_id = ?1 ORDER BY version DESC LIMIT 1",
            [phone],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        for (id, on) in about_the_phone {
            if on < effective {
                tx.execute(
                    "INSERT INTO standard_version_feedback (version_id, feedback_id) VALUES (?1, ?2)",
                    params![version, id],
                )?;
            }
        }
    }
    Ok(())
}

/// A year of service checks, a week at a time: the phone answered (rings)
/// and the emails replied to (business days) for each active receptionist
/// and the office manager, and the whole desk's wait announcements (met or
/// not). Most meet the target, as a good desk does; some weeks do not.
fn checks(
    tx: &Transaction<'_>,
    rng: &mut fastrand::Rng,
    today: NaiveDate,
    now: &str,
    people: &[DemoPerson],
    standard_ids: &[StandardId],
) -> Result<()> {
    let (Some(phone), Some(email), Some(delay)) = (
        standard_ids.first(),
        standard_ids.get(2),
        standard_ids.get(3),
    ) else {
        return Ok(());
    };
    let mut version = tx.prepare(
        "SELECT id, target_value FROM standard_versions WHERE standard_id = ?1 AND effective_date <= ?2
          ORDER BY version DESC LIMIT 1",
    )?;
    let mut check = tx.prepare(
        "INSERT INTO service_checks (standard_id, version_id, checked_on, staff_id, observed, met, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7)",
    )?;
    let desk: Vec<&DemoPerson> = people
        .iter()
        .take(super::people::CURATED.len())
        .filter(|p| p.status == "active" && p.role <= 1)
        .collect();
    for week in (1..=52u64).rev() {
        let on = today - Days::new(week * 7 - 1);
        for (standard, spread) in [(phone, 5u64), (email, 3)] {
            let (vid, target): (i64, f64) =
                version.query_row(params![standard, on], |r| Ok((r.get(0)?, r.get(1)?)))?;
            for p in desk.iter().filter(|p| p.hired <= on) {
                // Mostly within the target; now and then over it.
                let observed = if rng.u8(..10) < 8 {
                    1 + rng.u64(..target as u64)
                } else {
                    target as u64 + 1 + rng.u64(..spread)
                } as f64;
                check.execute(params![
                    standard,
                    vid,
                    on,
                    p.id,
                    observed,
                    observed <= target,
                    now
                ])?;
            }
        }
        let (vid, _): (i64, f64) =
            version.query_row(params![delay, on], |r| Ok((r.get(0)?, r.get(1)?)))?;
        check.execute(params![
            delay,
            vid,
            on,
            None::<i64>,
            None::<f64>,
            rng.u8(..10) < 7,
            now
        ])?;
    }
    Ok(())
}

/// Colleagues' feedback: on each of the front desk, asked two months ago of
/// four of the colleagues they serve and answered by them; and one request
/// open now, on the billing coordinator, that the front desk has yet to
/// answer at the kiosk. Answers are mostly "met", some "sometimes".
fn colleagues(
    tx: &Transaction<'_>,
    rng: &mut fastrand::Rng,
    today: NaiveDate,
    now: &str,
    people: &[DemoPerson],
) -> Result<()> {
    let curated: Vec<&DemoPerson> = people
        .iter()
        .take(super::people::CURATED.len())
        .filter(|p| p.status == "active")
        .collect();
    // The internal standards each role is bound by: the demo's standards 5
    // (everyone), 6 (reception) and 7 (the clinical roles), by statement.
    let internal: Vec<(i64, Vec<i64>)> = {
        let mut stmt = tx.prepare(
            "SELECT v.standard_id, (SELECT group_concat(role_id) FROM standard_version_roles WHERE version_id = v.id)
               FROM standard_versions v WHERE v.audience = 'internal'
                AND v.version = (SELECT MAX(version) FROM standard_versions w WHERE w.standard_id = v.standard_id)",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, roles)| {
                let roles = roles
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|r| r.parse().ok())
                    .collect();
                (id, roles)
            })
            .collect()
    };
    let role_of = |p: &DemoPerson| -> Result<i64> {
        Ok(
            tx.query_row("SELECT role_id FROM staff WHERE id = ?1", [p.id], |r| {
                r.get(0)
            })?,
        )
    };
    let mut request = tx.prepare(
        "INSERT INTO feedback_requests (staff_id, purpose, asked_on, closes_on, asked_by, created_at)
         SELECT ?1, ?2, ?3, ?4, name, ?5 FROM staff WHERE id = ?6",
    )?;
    let mut asked = tx.prepare(
        "INSERT INTO feedback_responses (request_id, staff_id, answered_on, would_choose, comment)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut answer = tx.prepare(
        "INSERT INTO feedback_answers (response_id, standard_id, answer, comment) VALUES (?1, ?2, ?3, '')",
    )?;
    let Some(manager) = curated.first() else {
        return Ok(());
    };
    let desk: Vec<&&DemoPerson> = curated.iter().filter(|p| p.role == 1).collect();
    let asked_on = today - Days::new(60);
    for person in &desk {
        let role = role_of(person)?;
        request.execute(params![
            person.id,
            "For the mid-year check-in",
            asked_on,
            asked_on + Days::new(14),
            now,
            manager.id
        ])?;
        let rid = tx.last_insert_rowid();
        for (n, colleague) in curated
            .iter()
            .filter(|c| c.id != person.id && c.role >= 2)
            .take(4)
            .enumerate()
        {
            let on = asked_on + Days::new(1 + n as u64);
            let choose = if rng.u8(..5) == 0 { 3 } else { 4 + rng.u8(..2) };
            asked.execute(params![rid, colleague.id, on, choose, ""])?;
            let response = tx.last_insert_rowid();
            for (standard, roles) in &internal {
                if roles.is_empty() || roles.contains(&role) {
                    let said = if rng.u8(..4) == 0 { "sometimes" } else { "met" };
                    answer.execute(params![response, standard, said])?;
                }
            }
        }
    }
    // Open now: on billing, asked of the front desk, nobody has answered yet.
    if let Some(billing) = curated.iter().find(|p| p.role == 4) {
        request.execute(params![
            billing.id,
            "Any time: how is billing serving you?",
            today - Days::new(3),
            today + Days::new(11),
            now,
            manager.id
        ])?;
        let rid = tx.last_insert_rowid();
        for person in &desk {
            asked.execute(params![rid, person.id, None::<NaiveDate>, None::<i64>, ""])?;
        }
    }
    Ok(())
}

/// Staff suggestions over the year: (days ago, from the curated person at
/// this index or anonymous, what was suggested, (decision, days it took,
/// what came of it) once decided).
type Suggested = (
    u64,
    Option<usize>,
    &'static str,
    Option<(&'static str, u64, &'static str)>,
);

const SUGGESTIONS: &[Suggested] = &[
    (
        320,
        Some(1),
        "A second phone line that rings in billing when reception is busy.",
        Some((
            "adopted",
            10,
            "Since March, no caller waits past the third ring at lunch.",
        )),
    ),
    (
        250,
        None,
        "A quiet room for anxious patients to wait in.",
        Some((
            "trying",
            21,
            "The small consult room is kept free on Tuesday and Thursday mornings.",
        )),
    ),
    (
        200,
        Some(6),
        "Text patients their balance before the visit, not after.",
        Some((
            "adopted",
            14,
            "Fewer surprised patients at the desk; payment plans are agreed sooner.",
        )),
    ),
    (
        160,
        None,
        "Stop double-booking the hygienists' first slot.",
        Some((
            "declined",
            7,
            "The first slot covers late starts; we now tell patients it may run ten minutes late.",
        )),
    ),
    (
        90,
        Some(3),
        "Laminated after-care cards in Spanish, Vietnamese and Chinese.",
        Some((
            "adopted",
            20,
            "Printed and at every chair; patients take them home.",
        )),
    ),
    (
        30,
        Some(9),
        "A shared list of who covers whom at lunch.",
        None,
    ),
    (
        6,
        None,
        "Music in the waiting room that is not the radio.",
        None,
    ),
];

fn suggestions(tx: &Transaction<'_>, today: NaiveDate, people: &[DemoPerson]) -> Result<()> {
    let mut add = tx.prepare(
        "INSERT INTO suggestions (submitted_on, staff_id, text, decision, decided_on, outcome)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (ago, who, text, decided) in SUGGESTIONS {
        let on = today - Days::new(*ago);
        let by = who
            .and_then(|i| people.get(i))
            .filter(|p| p.status == "active" && p.hired <= on)
            .map(|p| p.id);
        let (decision, decided_on, outcome) = match decided {
            Some((d, took, outcome)) => (
                Some(*d),
                Some(std::cmp::min(on + Days::new(*took), today)),
                *outcome,
            ),
            None => (None, None, ""),
        };
        add.execute(params![on, by, text, decision, decided_on, outcome])?;
    }
    Ok(())
}

/// A check-in every three months with each active curated person, held by
/// the office manager, the next one agreed; tips for the colleagues they serve.
fn check_ins(
    tx: &Transaction<'_>,
    today: NaiveDate,
    now: &str,
    people: &[DemoPerson],
) -> Result<()> {
    const TIPS: &[&str] = &[
        "Tell billing the same day when insurance details change.",
        "Say when a request will be done, even if it cannot be done now.",
        "Warn the front desk as soon as a treatment runs long.",
        "Hand over the chair ready and the notes written up.",
    ];
    let curated: Vec<&DemoPerson> = people
        .iter()
        .take(super::people::CURATED.len())
        .filter(|p| p.status == "active")
        .collect();
    let Some(manager) = curated.first() else {
        return Ok(());
    };
    let mut add = tx.prepare(
        "INSERT INTO check_ins (staff_id, held_on, held_by, topics, agreed, tips, next_on, notes, created_at, updated_at)
         SELECT ?1, ?2, name, ?3, ?4, ?5, ?6, ?7, ?8, ?8 FROM staff WHERE id = ?9",
    )?;
    for (n, p) in curated.iter().enumerate().skip(1) {
        for quarter in 0..4u64 {
            let held = today - Days::new(20 + 91 * quarter + n as u64);
            if held < p.hired {
                continue;
            }
            let next = held + Days::new(91);
            add.execute(params![
                p.id,
                held,
                "How the last months went; what colleagues need from you.",
                "Keep the shared task list up to date every afternoon.",
                TIPS[(n + quarter as usize) % TIPS.len()],
                next,
                if quarter == 0 {
                    "Ready for more responsibility at the front desk."
                } else {
                    ""
                },
                now,
                manager.id
            ])?;
        }
    }
    Ok(())
}
