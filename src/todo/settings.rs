//! Which reminders are on, and how many days ahead each warns. Training and
//! licences warn by the practice's "due soon" windows, kept in `practice`;
//! the other dated kinds by their own number here; the undated kinds (what
//! waits for the office, acknowledgments, suggestions) have none.

use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::Reminder;
use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::storage::{Db, Readable};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ReminderSetting {
    pub reminder: Reminder,
    pub enabled: bool,
    /// How many days before its date an item appears; `None` for the kinds
    /// that wait with no date.
    pub days_ahead: Option<u32>,
}

/// Whether a kind takes a number of days.
fn dated(r: Reminder) -> bool {
    !matches!(
        r,
        Reminder::Approvals | Reminder::Acknowledgments | Reminder::Suggestions
    )
}

/// Every kind's setting, in the order of [`Reminder::ALL`]; anyone signed in
/// may read them (they shape the kiosk's list too).
pub fn settings(conn: &dyn Readable, actor: &Actor) -> Result<Vec<ReminderSetting>> {
    actor.require(Permission::UsePractice)?;
    read(crate::storage::sql(conn))
}

pub(crate) fn read(conn: &Connection) -> Result<Vec<ReminderSetting>> {
    let (training, licences): (u32, u32) = conn.query_row(
        "SELECT due_soon_days, licence_soon_days FROM practice WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let stored: HashMap<Reminder, (bool, Option<u32>)> = conn
        .prepare_cached("SELECT kind, enabled, days_ahead FROM reminder_settings")?
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Reminder::ALL
        .iter()
        .map(|&reminder| {
            let (enabled, days) = stored.get(&reminder).copied().unwrap_or((true, None));
            let days_ahead = match reminder {
                Reminder::Training => Some(training),
                Reminder::Licences => Some(licences),
                r if dated(r) => Some(days.unwrap_or(0)),
                _ => None,
            };
            ReminderSetting {
                reminder,
                enabled,
                days_ahead,
            }
        })
        .collect())
}

/// The kinds that are on, with their days ahead (0 for the undated).
pub(crate) fn enabled(conn: &Connection) -> Result<HashMap<Reminder, u32>> {
    Ok(read(conn)?
        .into_iter()
        .filter(|s| s.enabled)
        .map(|s| (s.reminder, s.days_ahead.unwrap_or(0)))
        .collect())
}

/// Saves the settings given (a kind left out keeps its own), all or none. The
/// owner's, like the practice's other settings.
pub fn update_settings(
    db: &mut Db,
    actor: &Actor,
    input: &[ReminderSetting],
) -> Result<Vec<ReminderSetting>> {
    actor.require(Permission::ManagePractice)?;
    check_unique(input)?;
    let mut problems = Problems::default();
    for s in input {
        match (dated(s.reminder), s.days_ahead) {
            (true, None) => problems.note(
                "daysAhead",
                format!("{}: give how many days ahead to warn", s.reminder.label()),
            ),
            (true, Some(d)) if d > 365 => problems.note(
                "daysAhead",
                format!("{}: warn from 0 to 365 days ahead", s.reminder.label()),
            ),
            (false, Some(_)) => problems.note(
                "daysAhead",
                format!("{} have no date to warn ahead of", s.reminder.label()),
            ),
            _ => {}
        }
    }
    problems.done()?;
    db.write(|tx| {
        let before = read(tx)?;
        for s in input {
            match s.reminder {
                Reminder::Training => {
                    tx.execute(
                        "UPDATE practice SET due_soon_days = ?1 WHERE id = 1",
                        [s.days_ahead],
                    )?;
                }
                Reminder::Licences => {
                    tx.execute(
                        "UPDATE practice SET licence_soon_days = ?1 WHERE id = 1",
                        [s.days_ahead],
                    )?;
                }
                _ => {}
            }
            let days = match s.reminder {
                Reminder::Training | Reminder::Licences => None,
                _ => s.days_ahead,
            };
            tx.execute(
                "INSERT INTO reminder_settings (kind, enabled, days_ahead) VALUES (?1, ?2, ?3)
                 ON CONFLICT (kind) DO UPDATE SET enabled = excluded.enabled, days_ahead = excluded.days_ahead",
                params![s.reminder, s.enabled, days],
            )?;
        }
        let after = read(tx)?;
        let changes: Vec<audit::Change> = before
            .iter()
            .zip(&after)
            .filter(|(b, a)| b != a)
            .map(|(b, a)| {
                let words = |s: &ReminderSetting| match (s.enabled, s.days_ahead) {
                    (false, _) => "off".to_owned(),
                    (true, Some(d)) => format!("on, {d} days ahead"),
                    (true, None) => "on".to_owned(),
                };
                audit::Change::new(b.reminder.label(), words(b), words(a))
            })
            .collect();
        if changes.is_empty() {
            return Ok(());
        }
        let subject = Subject::of(Entity::Practice, 1, "Reminders", "Reminders");
        audit::record_about(tx, actor, subject, "updated", &changes)
    })?;
    read(db.conn())
}

/// A setting named twice in one save is refused: which one was meant?
fn check_unique(input: &[ReminderSetting]) -> Result<()> {
    for (i, s) in input.iter().enumerate() {
        if input[..i].iter().any(|t| t.reminder == s.reminder) {
            return Err(Error::invalid(
                "reminder",
                format!("{} is given twice", s.reminder.label()),
            ));
        }
    }
    Ok(())
}
