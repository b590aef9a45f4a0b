//! Training transcript, the practice-wide compliance report, and the service
//! standards handbook with a page per person to sign.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::layout::{Writer, BODY, H1, H2, SMALL, STRONG};
use super::review::due_word;
use crate::due::{self, DueState};
use crate::error::Result;
use crate::ids::StaffId;
use crate::staff::{self, Staff, StaffFilter, StaffStatus};
use crate::standards::{self, Audience};
use crate::training::{self, RecordStatus};

fn status_word(s: StaffStatus) -> &'static str {
    match s {
        StaffStatus::Active => "active",
        StaffStatus::OnLeave => "on leave",
        StaffStatus::Left => "left",
    }
}

/// Where the columns of the transcript's completed training start.
const COMPLETED: [f32; 5] = [0.0, 68.0, 250.0, 290.0, 440.0];
/// Where the columns of the compliance report's "Everyone" table start.
const EVERYONE: [f32; 6] = [0.0, 140.0, 262.0, 312.0, 372.0, 428.0];

/// Columns: text and x offset from the left margin; a row wraps nothing, so
/// each cell is cut to its column with an ellipsis only if it cannot fit.
fn row(w: &mut Writer, cells: &[(&str, f32)], style: super::layout::Style) {
    w.ensure(style.line_height());
    let top = w.y();
    let right = w.right();
    for (i, (text, x)) in cells.iter().enumerate() {
        let limit = cells
            .get(i + 1)
            .map(|(_, nx)| nx - x - 6.0)
            .unwrap_or(right - w.left() - x);
        let fitted = fit(w, text, style, limit);
        w.text_at(w.left() + x, top, &fitted, style);
    }
    w.space(style.line_height());
}

fn fit(w: &Writer, text: &str, style: super::layout::Style, width: f32) -> String {
    if w.width_of(text, style) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        let candidate = format!("{out}{c}…");
        if w.width_of(&candidate, style) > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Every training record of one person, newest first, with required training.
pub(crate) fn transcript(
    w: &mut Writer,
    conn: &Connection,
    person: &Staff,
    today: NaiveDate,
) -> Result<()> {
    w.start_group(&format!("Training transcript — {}", person.name), None);
    w.paragraph(&person.name, H1, 0.0);
    w.paragraph("Training transcript", H2, 0.0);
    w.space(4.0);
    let details = [
        (
            "Role",
            person.role_name.clone().unwrap_or_else(|| "—".into()),
        ),
        (
            "Employee no.",
            person.employee_no.clone().unwrap_or_else(|| "—".into()),
        ),
        (
            "Hired",
            person
                .hire_date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into()),
        ),
        ("Status", status_word(person.status).to_owned()),
        ("As of", today.to_string()),
    ];
    for (label, value) in details {
        w.field(label, &value, 90.0);
    }

    w.heading("Required training", H2, 40.0);
    let items = due::due_items(conn, Some(person.id), today)?;
    if items.is_empty() {
        w.paragraph("The person's role requires no courses.", BODY, 0.0);
    } else {
        row(
            w,
            &[
                ("Course", 0.0),
                ("Last completed", 230.0),
                ("Expires", 320.0),
                ("Status", 410.0),
            ],
            STRONG,
        );
        for i in &items {
            row(
                w,
                &[
                    (&i.course_title, 0.0),
                    (
                        &i.last_completed
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| "—".into()),
                        230.0,
                    ),
                    (
                        &i.expires_on
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| "—".into()),
                        320.0,
                    ),
                    (due_word(i.state), 410.0),
                ],
                BODY,
            );
        }
    }

    w.heading("Completed training", H2, 40.0);
    let records = training::of_person(conn, person.id)?;
    if records.is_empty() {
        w.paragraph("No training recorded yet.", BODY, 0.0);
    } else {
        row(
            w,
            &[
                ("Completed", COMPLETED[0]),
                ("Course", COMPLETED[1]),
                ("Hours", COMPLETED[2]),
                ("Provider", COMPLETED[3]),
                ("Status", COMPLETED[4]),
            ],
            STRONG,
        );
        let mut hours = 0.0;
        for r in &records {
            if r.status == RecordStatus::Approved {
                hours += r.hours;
            }
            row(
                w,
                &[
                    (&r.completed_on.to_string(), COMPLETED[0]),
                    (&r.course_title, COMPLETED[1]),
                    (&format!("{}", r.hours), COMPLETED[2]),
                    (&r.provider, COMPLETED[3]),
                    (
                        if r.status == RecordStatus::Approved {
                            "approved"
                        } else {
                            "pending"
                        },
                        COMPLETED[4],
                    ),
                ],
                BODY,
            );
            if !r.notes.is_empty() {
                w.paragraph(&r.notes, SMALL, COMPLETED[1]);
            }
        }
        w.space(4.0);
        let hours = (hours * 100.0).round() / 100.0;
        w.paragraph(
            &format!(
                "{}; {hours} approved {} in all.",
                crate::text::count(records.len(), "record", "records"),
                if hours == 1.0 { "hour" } else { "hours" }
            ),
            SMALL,
            0.0,
        );
    }
    w.signatures(&[("Office manager", "")]);
    Ok(())
}

/// Everyone who has not left, with their required training's state: who is
/// behind first, then the counts.
pub(crate) fn compliance(w: &mut Writer, conn: &Connection, today: NaiveDate) -> Result<()> {
    w.start_group("Training compliance", None);
    w.paragraph("Training compliance", H1, 0.0);
    w.paragraph(&format!("As of {today}"), H2, 0.0);
    let people: Vec<Staff> = staff::list_all(conn, &StaffFilter::default())?
        .into_iter()
        .filter(|s| s.status != StaffStatus::Left)
        .collect();
    let items = due::due_items(conn, None, today)?;
    let count = |state: DueState| items.iter().filter(|i| i.state == state).count();
    // Looked up once per row and once per person: tables, not scans, so the
    // report grows linearly with the practice.
    let names: HashMap<StaffId, &str> = people.iter().map(|p| (p.id, p.name.as_str())).collect();
    let mut tally: HashMap<StaffId, [usize; 4]> = HashMap::with_capacity(people.len());
    for i in &items {
        tally.entry(i.staff_id).or_default()[state_index(i.state)] += 1;
    }
    w.space(4.0);
    w.paragraph(
        &format!(
            "{} people, {} required courses: {} current, {} due soon, {} overdue, {} never done.",
            people.len(),
            items.len(),
            count(DueState::Current),
            count(DueState::DueSoon),
            count(DueState::Overdue),
            count(DueState::NeverDone)
        ),
        BODY,
        0.0,
    );

    w.heading("Needs attention", H2, 40.0);
    let behind: Vec<_> = items
        .iter()
        .filter(|i| i.state != DueState::Current)
        .collect();
    if behind.is_empty() {
        w.paragraph("Everyone's required training is current.", BODY, 0.0);
    } else {
        row(
            w,
            &[
                ("Person", 0.0),
                ("Course", 160.0),
                ("Expires", 350.0),
                ("Status", 430.0),
            ],
            STRONG,
        );
        for i in behind {
            let name = names.get(&i.staff_id).copied().unwrap_or("");
            row(
                w,
                &[
                    (name, 0.0),
                    (&i.course_title, 160.0),
                    (
                        &i.expires_on
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| "—".into()),
                        350.0,
                    ),
                    (due_word(i.state), 430.0),
                ],
                BODY,
            );
        }
    }

    w.heading("Everyone", H2, 40.0);
    row(
        w,
        &[
            ("Person", EVERYONE[0]),
            ("Role", EVERYONE[1]),
            ("Current", EVERYONE[2]),
            ("Due soon", EVERYONE[3]),
            ("Overdue", EVERYONE[4]),
            ("Never done", EVERYONE[5]),
        ],
        STRONG,
    );
    for p in &people {
        let mine = tally.get(&p.id).copied().unwrap_or_default();
        let n = |s: DueState| mine[state_index(s)].to_string();
        let name = if p.status == StaffStatus::OnLeave {
            format!("{} (on leave)", p.name)
        } else {
            p.name.clone()
        };
        row(
            w,
            &[
                (&name, EVERYONE[0]),
                (p.role_name.as_deref().unwrap_or("—"), EVERYONE[1]),
                (&n(DueState::Current), EVERYONE[2]),
                (&n(DueState::DueSoon), EVERYONE[3]),
                (&n(DueState::Overdue), EVERYONE[4]),
                (&n(DueState::NeverDone), EVERYONE[5]),
            ],
            BODY,
        );
    }
    Ok(())
}

/// The standards in force, patients first, then a page per person (who has
/// not left) listing the standards that bind them, to sign.
pub(crate) fn handbook(
    w: &mut Writer,
    conn: &Connection,
    practice: &str,
    today: NaiveDate,
) -> Result<()> {
    w.start_group("Service standards handbook", None);
    w.paragraph("Service standards", H1, 0.0);
    w.paragraph(&format!("{practice} · in force on {today}"), H2, 0.0);
    w.space(6.0);
    w.paragraph(
        "These are the practice's written promises about service: to our patients, and to each other. \
         Each has a target we can measure. Ask the office manager about anything that is unclear.",
        BODY,
        0.0,
    );
    let in_force: Vec<_> = standards::list_all(conn, today)?
        .into_iter()
        .filter(|s| s.in_force)
        .collect();
    for (audience, title) in [
        (Audience::External, "To our patients"),
        (Audience::Internal, "To each other"),
    ] {
        w.heading(title, H2, 40.0);
        let mut n = 0;
        for s in in_force.iter().filter(|s| s.current.audience == audience) {
            n += 1;
            let v = &s.current;
            w.ensure(BODY.line_height() * 3.0);
            w.paragraph(&format!("{n}. {}", v.statement), STRONG, 0.0);
            w.paragraph(
                &format!(
                    "Target: {} · Channel: {} · Version {} since {}",
                    v.target_label,
                    channel_word(v.channel),
                    v.version,
                    v.effective_date
                ),
                SMALL,
                12.0,
            );
            w.space(3.0);
        }
        if n == 0 {
            w.paragraph("None written yet.", BODY, 0.0);
        }
    }

    let people: Vec<Staff> = staff::list_all(conn, &StaffFilter::default())?
        .into_iter()
        .filter(|s| s.status != StaffStatus::Left)
        .collect();
    let acknowledged = standards::acknowledgments_of_all(conn, &in_force)?;
    for p in people {
        w.start_group(&format!("Acknowledgment — {}", p.name), None);
        w.paragraph("Acknowledgment of the service standards", H2, 0.0);
        w.space(4.0);
        w.field("Name", &p.name, 90.0);
        w.field("Role", p.role_name.as_deref().unwrap_or("—"), 90.0);
        w.space(6.0);
        let mine = standards::binding_with(
            &p,
            &in_force,
            acknowledged.get(&p.id).map_or(&[], Vec::as_slice),
        );
        w.paragraph("I have read the service standards that apply to my role, listed below, and I will follow them.", BODY, 0.0);
        w.space(4.0);
        for ps in &mine {
            let v = &ps.version;
            let seen = ps
                .acknowledged_on
                .map(|d| format!(" (acknowledged in the app on {d})"))
                .unwrap_or_default();
            w.paragraph(
                &format!(
                    "• {} — {}, version {}{seen}",
                    v.statement, v.target_label, v.version
                ),
                BODY,
                0.0,
            );
        }
        if mine.is_empty() {
            w.paragraph("No standards apply to this role yet.", BODY, 0.0);
        }
        w.signatures(&[("Signature", p.name.as_str())]);
    }
    Ok(())
}

fn state_index(s: DueState) -> usize {
    match s {
        DueState::Current => 0,
        DueState::DueSoon => 1,
        DueState::Overdue => 2,
        DueState::NeverDone => 3,
    }
}

fn channel_word(c: standards::ServiceChannel) -> &'static str {
    match c {
        standards::ServiceChannel::Phone => "phone",
        standards::ServiceChannel::Email => "email",
        standards::ServiceChannel::InPerson => "in person",
        standards::ServiceChannel::InternalRequest => "internal request",
        standards::ServiceChannel::Other => "other",
    }
}
