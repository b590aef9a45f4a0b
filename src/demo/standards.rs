//! The office's service standards, in force since a while ago; one revised
//! recently so it has two versions; most people have acknowledged the
//! version in force.

use chrono::{Days, NaiveDate};
use rusqlite::{params, Transaction};

use super::people::DemoPerson;
use super::years_before;
use crate::error::Result;
use crate::ids::{RoleId, StandardId};

/// A service standard of the demo practice.
struct DemoStandard {
    audience: &'static str,
    channel: &'static str,
    statement: &'static str,
    /// The target's number; `None` for a target in words (`text`).
    value: Option<f64>,
    unit: &'static str,
    text: &'static str,
    /// The roles (indexes into the catalog's roles) it binds; empty: everyone.
    roles: &'static [usize],
}

const STANDARDS: &[DemoStandard] = &[
    DemoStandard {
        audience: "external",
        channel: "phone",
        statement: "Answer every call with the practice name and your own name, before the third ring.",
        value: Some(3.0),
        unit: "rings",
        text: "",
        roles: &[0, 1],
    },
    DemoStandard {
        audience: "external",
        channel: "in_person",
        statement: "Greet every patient by name within one minute of arrival, even when on the phone.",
        value: Some(1.0),
        unit: "minutes",
        text: "",
        roles: &[0, 1],
    },
    DemoStandard {
        audience: "external",
        channel: "email",
        statement: "Reply to every patient email, even if only to say when a full answer will follow.",
        value: Some(1.0),
        unit: "business_days",
        text: "",
        roles: &[0, 1, 4],
    },
    DemoStandard {
        audience: "external",
        channel: "in_person",
        statement: "Tell a waiting patient how long the delay will be whenever they have waited 10 minutes past their time.",
        value: Some(10.0),
        unit: "minutes",
        text: "",
        roles: &[],
    },
    DemoStandard {
        audience: "internal",
        channel: "internal_request",
        statement: "Acknowledge a colleague's request and say when it will be done.",
        value: Some(4.0),
        unit: "business_hours",
        text: "",
        roles: &[],
    },
    DemoStandard {
        audience: "internal",
        channel: "internal_request",
        statement: "Hand complete registration and insurance details to billing on the day of the visit.",
        value: None,
        unit: "text",
        text: "same business day",
        roles: &[1],
    },
    DemoStandard {
        audience: "internal",
        channel: "in_person",
        statement: "Let the front desk know as soon as the schedule is running late.",
        value: Some(10.0),
        unit: "minutes",
        text: "",
        roles: &[2, 3, 5],
    },
];

/// Adds the standards, their versions and who acknowledged each version; the
/// standards' ids in the order of [`STANDARDS`].
pub(super) fn insert(
    tx: &Transaction<'_>,
    rng: &mut fastrand::Rng,
    today: NaiveDate,
    now: &str,
    people: &[DemoPerson],
    role_ids: &[RoleId],
) -> Result<Vec<StandardId>> {
    let mut standard_ids = Vec::new();
    for (i, standard) in STANDARDS.iter().enumerate() {
        tx.execute("INSERT INTO standards (retired_on) VALUES (NULL)", [])?;
        let sid = tx.last_insert_rowid();
        standard_ids.push(StandardId(sid));
        let first = years_before(today, 2, 40);
        // (version, effective date, target): the first standard was revised
        // lately, and its first version allowed four rings.
        let versions = if i == 0 {
            vec![
                (1, first, Some(4.0)),
                (2, today - Days::new(20), standard.value),
            ]
        } else {
            vec![(1, first, standard.value)]
        };
        for (n, effective, value) in versions {
            tx.execute(
                "INSERT INTO standard_versions (standard_id, version, audience, channel, statement, target_value,
                        target_unit, target_text, effective_date, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    sid,
                    n,
                    standard.audience,
                    standard.channel,
                    standard.statement,
                    value,
                    standard.unit,
                    standard.text,
                    effective,
                    now
                ],
            )?;
            let vid = tx.last_insert_rowid();
            for r in standard.roles {
                tx.execute(
                    "INSERT INTO standard_version_roles (version_id, role_id) VALUES (?1, ?2)",
                    params![vid, role_ids[*r]],
                )?;
            }
            for person in people {
                let binds = standard.roles.is_empty() || standard.roles.contains(&person.role);
                if !binds || person.status == "left" || rng.u8(..6) == 0 {
                    continue;
                }
                let on = std::cmp::max(effective, person.hired) + Days::new(rng.u64(0..14));
                if on <= today {
                    tx.execute(
                        "INSERT INTO acknowledgments (staff_id, version_id, acknowledged_on) VALUES (?1, ?2, ?3)",
                        params![person.id, vid, on],
                    )?;
                }
            }
        }
    }
    Ok(standard_ids)
}
