//! Licences and continuing education on paper: a person's on their
//! transcript, the practice's in the compliance report.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::layout::{Table, Writer, BODY, H2, SMALL};
use crate::error::Result;
use crate::ids::StaffId;
use crate::licences::{self, LicenceState, LicenceStatus};

pub(super) fn state_word(s: LicenceState) -> &'static str {
    match s {
        LicenceState::Current => "current",
        LicenceState::DueSoon => "due soon",
        LicenceState::Expired => "expired",
        LicenceState::Missing => "missing",
    }
}

fn expires(w: &Writer, s: &LicenceStatus) -> String {
    match (s.state, s.expires_on) {
        (LicenceState::Missing, _) => "—".into(),
        (_, Some(on)) => w.locale().date(on),
        (_, None) => "does not expire".into(),
    }
}

/// The transcript's section: each licence the person's role requires or they
/// hold, with their continuing education in its cycle.
pub(super) fn transcript_section(
    w: &mut Writer,
    conn: &Connection,
    person: StaffId,
    today: NaiveDate,
) -> Result<()> {
    let statuses = licences::licence_statuses(conn, Some(person), today)?;
    if statuses.is_empty() {
        return Ok(());
    }
    w.heading("Licences and certifications", H2, 40.0);
    let table = Table::new(
        w,
        &[
            ("Licence", 0.0),
            ("Number", 230.0),
            ("Expires", 320.0),
            ("Status", 410.0),
        ],
    );
    for s in &statuses {
        let state = match (s.state, s.unchecked) {
            (state, 0) => state_word(state).to_owned(),
            (state, _) => format!("{} (one waits to be checked)", state_word(state)),
        };
        table.row(w, &[&s.type_name, &s.number, &expires(w, s), &state]);
        if let Some(ce) = &s.ce {
            let line = format!(
                "Continuing education: {}{}",
                ce.in_words(w.locale()),
                if ce.met { " — complete" } else { "" }
            );
            w.paragraph(&line, SMALL, 12.0);
        }
    }
    Ok(())
}

/// The compliance report's section: the counts, who needs attention, and
/// whose continuing education is short.
pub(super) fn compliance_section(
    w: &mut Writer,
    conn: &Connection,
    names: &HashMap<StaffId, &str>,
    today: NaiveDate,
) -> Result<()> {
    let statuses = licences::licence_statuses(conn, None, today)?;
    w.heading("Licences and certifications", H2, 40.0);
    let count = |state: LicenceState| statuses.iter().filter(|s| s.state == state).count();
    w.paragraph(
        &format!(
            "{} licences required or held: {} current, {} due soon, {} expired, {} missing.",
            statuses.len(),
            count(LicenceState::Current),
            count(LicenceState::DueSoon),
            count(LicenceState::Expired),
            count(LicenceState::Missing)
        ),
        BODY,
        0.0,
    );
    let name = |s: &LicenceStatus| {
        names
            .get(&s.staff.id)
            .map_or_else(|| s.staff.name.clone(), |n| (*n).to_owned())
    };
    let behind: Vec<&LicenceStatus> = statuses
        .iter()
        .filter(|s| s.state != LicenceState::Current)
        .collect();
    if !behind.is_empty() {
        w.space(4.0);
        let table = Table::new(
            w,
            &[
                ("Person", 0.0),
                ("Licence", 160.0),
                ("Expires", 350.0),
                ("Status", 430.0),
            ],
        );
        for s in behind {
            table.row(
                w,
                &[&name(s), &s.type_name, &expires(w, s), state_word(s.state)],
            );
        }
    }
    let short: Vec<&LicenceStatus> = statuses
        .iter()
        .filter(|s| s.ce.as_ref().is_some_and(|c| !c.met))
        .collect();
    w.heading("Continuing education still to do", H2, 40.0);
    if short.is_empty() {
        w.paragraph(
            "Everyone's continuing education is complete for the current cycle.",
            BODY,
            0.0,
        );
        return Ok(());
    }
    let table = Table::new(
        w,
        &[("Person", 0.0), ("Licence", 160.0), ("Progress", 300.0)],
    );
    for s in short {
        let progress =
            s.ce.as_ref()
                .map(|c| c.in_words(w.locale()))
                .unwrap_or_default();
        table.row(w, &[&name(s), &s.type_name, &progress]);
    }
    Ok(())
}
