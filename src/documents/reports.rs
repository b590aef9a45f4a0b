//! Training transcript, the practice-wide compliance report (each with the
//! licences and continuing education of `licences`), and the service
//! standards handbook with a page per person to sign.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::layout::{Table, Writer, BODY, H1, H2, SMALL, STRONG};
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

fn date_or_dash(w: &Writer, d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".into(), |d| w.locale().date(d))
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
                .map(|d| w.locale().date(d))
                .unwrap_or_else(|| "—".into()),
        ),
        ("Status", status_word(person.status).to_owned()),
        ("As of", w.locale().date(today)),
    ];
    for (label, value) in details {
        w.field(label, &value, 90.0);
    }

    w.heading("Required training", H2, 40.0);
    let items = due::due_items(conn, Some(person.id), today)?;
    if items.is_empty() {
        w.paragraph("The person's role requires no courses.", BODY, 0.0);
    } else {
        let table = Table::new(
            w,
            &[
                ("Course", 0.0),
                ("Last completed", 230.0),
                ("Expires", 320.0),
                ("Status", 410.0),
            ],
        );
        for i in &items {
            table.row(
                w,
                &[
                    &i.course_title,
                    &date_or_dash(w, i.last_completed),
                    &date_or_dash(w, i.expires_on),
                    due_word(i.state),
                ],
            );
        }
    }

    super::licences::transcript_section(w, conn, person.id, today)?;

    w.heading("Completed training", H2, 40.0);
    let records = training::of_person(conn, person.id)?;
    if records.is_empty() {
        w.paragraph("No training recorded yet.", BODY, 0.0);
    } else {
        let table = Table::new(
            w,
            &[
                ("Completed", COMPLETED[0]),
                ("Course", COMPLETED[1]),
                ("Hours", COMPLETED[2]),
                ("Provider", COMPLETED[3]),
                ("Status", COMPLETED[4]),
            ],
        );
        let mut hours = 0.0;
        for r in &records {
            if r.status == RecordStatus::Approved {
                hours += r.hours;
            }
            table.row(
                w,
                &[
                    &w.locale().date(r.completed_on),
                    &r.course_title,
                    &format!("{}", r.hours),
                    &r.provider,
                    if r.status == RecordStatus::Approved {
                        "approved"
                    } else {
                        "pending"
                    },
                ],
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
    let as_of = format!("As of {}", w.locale().date(today));
    w.paragraph(&as_of, H2, 0.0);
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
        let table = Table::new(
            w,
            &[
                ("Person", 0.0),
                ("Course", 160.0),
                ("Expires", 350.0),
                ("Status", 430.0),
            ],
        );
        for i in behind {
            let name = names.get(&i.staff_id).copied().unwrap_or("");
            table.row(
                w,
                &[
                    name,
                    &i.course_title,
                    &date_or_dash(w, i.expires_on),
                    due_word(i.state),
                ],
            );
        }
    }

    super::licences::compliance_section(w, conn, &names, today)?;

    w.heading("Everyone", H2, 40.0);
    let table = Table::new(
        w,
        &[
            ("Person", EVERYONE[0]),
            ("Role", EVERYONE[1]),
            ("Current", EVERYONE[2]),
            ("Due soon", EVERYONE[3]),
            ("Overdue", EVERYONE[4]),
            ("Never done", EVERYONE[5]),
        ],
    );
    for p in &people {
        let mine = tally.get(&p.id).copied().unwrap_or_default();
        let n = |s: DueState| mine[state_index(s)].to_string();
        let name = if p.status == StaffStatus::OnLeave {
            format!("{} (on leave)", p.name)
        } else {
            p.name.clone()
        };
        table.row(
            w,
            &[
                &name,
                p.role_name.as_deref().unwrap_or("—"),
                &n(DueState::Current),
                &n(DueState::DueSoon),
                &n(DueState::Overdue),
                &n(DueState::NeverDone),
            ],
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
    let in_force_on = format!("{practice} · in force on {}", w.locale().date(today));
    w.paragraph(&in_force_on, H2, 0.0);
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
                    w.locale().date(v.effective_date)
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
                .map(|d| format!(" (acknowledged in the app on {})", w.locale().date(d)))
                .unwrap_or_default();
            let text = format!(
                "{} — {}, version {}{seen}",
                v.statement, v.target_label, v.version
            );
            w.item("•", &text, BODY, 0.0);
        }
        if mine.is_empty() {
            w.paragraph("No standards apply to this role yet.", BODY, 0.0);
        }
        // The manager countersigns that the standards were gone through
        // with the person.
        let manager = p.manager.as_ref().map_or("", |m| m.name.as_str());
        w.signatures(&[("Employee", p.name.as_str()), ("Manager", manager)]);
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
