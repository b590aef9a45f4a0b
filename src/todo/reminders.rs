//! The daily reminder: once a day, on start, one desktop notification of what
//! became due since the last — the practice's items not counted by an earlier
//! reminder. It names no one (the front-office screen is shared): only how
//! many of each kind. A second start the same day, or a day with nothing
//! new, gives none.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;
use specta::Type;

use super::{items, settings, Reminder};
use crate::error::Result;
use crate::storage::Db;

/// What the notification says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DailyReminder {
    /// How many items are new.
    pub new_items: u32,
    /// "3 new things to do".
    pub title: String,
    /// "Licences expiring: 2. Training due: 1. Sign in to see the list."
    pub body: String,
}

/// Today's reminder, once: records the day and what it counted, in one
/// transaction, so that a second call the same day answers `None`. Not an
/// action of anyone's (no audit row): the computer reminding its office.
/// None for a practice not set up yet.
pub fn daily(db: &mut Db, today: NaiveDate) -> Result<Option<DailyReminder>> {
    db.write(|tx| {
        let (last, set_up): (Option<NaiveDate>, bool) = tx.query_row(
            "SELECT reminded_on, set_up FROM practice WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // A practice not set up yet (the first run) has nothing to remind of,
        // and its day is not used up: once the demo or the office fills it,
        // the next start tells what is due.
        if last == Some(today) || !set_up {
            return Ok(None);
        }
        let list = items::practice(tx, today, &settings::enabled(tx)?, None)?;
        let told: HashMap<String, NaiveDate> = tx
            .prepare_cached("SELECT item_key, first_on FROM reminders_sent")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // Only what is still on the list is kept: an item that goes and comes
        // back is new again.
        tx.execute("DELETE FROM reminders_sent", [])?;
        let mut keep = tx.prepare_cached(
            "INSERT OR IGNORE INTO reminders_sent (item_key, first_on) VALUES (?1, ?2)",
        )?;
        let mut new: BTreeMap<usize, (Reminder, u32)> = BTreeMap::new();
        for i in &list {
            let first = match told.get(&i.key) {
                Some(on) => *on,
                None => {
                    let at = Reminder::ALL
                        .iter()
                        .position(|r| *r == i.reminder)
                        .unwrap_or(0);
                    new.entry(at).or_insert((i.reminder, 0)).1 += 1;
                    today
                }
            };
            keep.execute(params![i.key, first])?;
        }
        tx.execute("UPDATE practice SET reminded_on = ?1 WHERE id = 1", [today])?;
        let count: u32 = new.values().map(|(_, n)| n).sum();
        if count == 0 {
            return Ok(None);
        }
        let parts: Vec<String> = new
            .values()
            .map(|(r, n)| format!("{}: {n}.", r.label()))
            .collect();
        Ok(Some(DailyReminder {
            new_items: count,
            title: if count == 1 {
                "1 new thing to do".to_owned()
            } else {
                format!("{count} new things to do")
            },
            body: format!("{} Sign in to see the list.", parts.join(" ")),
        }))
    })
}
