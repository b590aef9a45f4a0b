//! The demo practice: a small dental office with a dozen people whose names are
//! written in several scripts, their roles, a training catalog, a few years of
//! training history (some of it overdue, some pending approval), the office's
//! service standards, an evaluation template built on them, last year's
//! finalized evaluations and this year's annual round in progress. `people` above the curated dozen adds generated people, for
//! trying the app — and benchmarking it — at scale.
//!
//! It is generated from a fixed seed relative to `today`, so the same day gives the
//! same practice.

mod catalog;
mod evaluations;
mod improvement;
mod licences;
mod people;
mod service;
mod standards;
mod template;
mod training;

use chrono::{Days, Months, NaiveDate};
use rusqlite::{params, Transaction};

use crate::access::{Actor, Permission};
use crate::accounts;
use crate::audit::{self, Entity};
use crate::error::{Error, Result};
use crate::storage::Readable;
use crate::storage::{timestamp, Db};

/// How big a demo practice to build.
#[derive(Debug, Clone, Copy)]
pub struct DemoSize {
    /// Number of people; the first twelve are the curated ones.
    pub people: usize,
    /// Training records per generated person beyond the curated dozen (about).
    pub records_per_person: usize,
}

impl Default for DemoSize {
    fn default() -> Self {
        DemoSize {
            people: people::CURATED.len(),
            records_per_person: 8,
        }
    }
}

/// True when the database holds no practice data yet (the first-run state).
pub(crate) fn is_empty(conn: &dyn Readable) -> Result<bool> {
    let conn = crate::storage::sql(conn);
    let n: i64 = conn.query_row(
        "SELECT (SELECT COUNT(*) FROM staff) + (SELECT COUNT(*) FROM courses) + (SELECT COUNT(*) FROM job_roles)
              + (SELECT COUNT(*) FROM standards)",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 0)
}

/// The kiosk PIN of the demo's curated people (the first dozen).
pub const DEMO_PIN: &str = "1234";

/// How many of the demo's people get a kiosk account.
const KIOSK_ACCOUNTS: usize = 12;

/// Fills an empty database with the demo practice. Refuses one that has data.
/// The first dozen people get the kiosk PIN [`DEMO_PIN`].
pub fn create(db: &mut Db, actor: &Actor, size: DemoSize, today: NaiveDate) -> Result<()> {
    actor.require(Permission::ManagePractice)?;
    // Each account its own salt, so its own hash: one hash string shared by
    // twelve accounts would tell anyone reading the file that they share a PIN.
    let pins = (0..KIOSK_ACCOUNTS)
        .map(|_| accounts::hash_secret(DEMO_PIN))
        .collect::<Result<Vec<_>>>()?;
    if size.people == 0 || size.people > 100_000 {
        return Err(Error::invalid(
            "people",
            "The demo practice can have from 1 to 100000 people",
        ));
    }
    db.write(|tx| {
        if !is_empty(tx)? {
            return Err(Error::conflict(
                "database",
                "This database already holds a practice; the demo is only created in an empty one",
            ));
        }
        build(tx, size, today)?;
        let people: Vec<i64> = tx
            .prepare(
                "SELECT id FROM staff
                  WHERE status <> 'left' AND id NOT IN (SELECT staff_id FROM accounts WHERE staff_id IS NOT NULL)
                  ORDER BY id LIMIT ?1",
            )?
            .query_map([KIOSK_ACCOUNTS as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let now = timestamp();
        for (id, pin) in people.iter().zip(&pins) {
            tx.execute(
                "INSERT INTO accounts (role, name, name_key, staff_id, secret_hash, created_at, updated_at)
                 SELECT 'staff', name, search_key, id, ?2, ?3, ?3 FROM staff WHERE id = ?1",
                params![id, pin, now],
            )?;
        }
        let summary = format!("Demo practice created ({} people; kiosk PIN {DEMO_PIN} for the first dozen)", size.people);
        audit::record(tx, actor, Entity::Practice, 1, None, "demo", &summary, &[])
    })
}

/// `years` years and `extra_days` days before `today`; `today` itself should
/// that fall outside the calendar.
fn years_before(today: NaiveDate, years: u64, extra_days: u64) -> NaiveDate {
    today
        .checked_sub_months(Months::new((years * 12) as u32))
        .and_then(|d| d.checked_sub_days(Days::new(extra_days)))
        .unwrap_or(today)
}

/// The whole practice, in an order that draws the same numbers from the seed
/// every time: the same `today` gives the same practice.
fn build(tx: &Transaction<'_>, size: DemoSize, today: NaiveDate) -> Result<()> {
    let mut rng = fastrand::Rng::with_seed(20_261_123);
    let now = timestamp();
    tx.execute(
        "UPDATE practice SET name = 'Lakeside Family Dental', address = '14 Harbour Street\nLakeside, ME 04101',
                set_up = 1 WHERE id = 1",
        [],
    )?;
    let role_ids = catalog::insert_roles(tx)?;
    let course_ids = catalog::insert_courses(tx, &role_ids)?;
    let people = people::insert(tx, &mut rng, size, today, &now, &role_ids)?;
    training::insert_history(tx, &mut rng, size, today, &people, &course_ids)?;
    let standard_ids = standards::insert(tx, &mut rng, today, &now, &people, &role_ids)?;
    evaluations::insert(tx, &mut rng, today, &people, &standard_ids, &course_ids)?;
    service::insert(tx, &mut rng, today, &now, &people, &role_ids, &standard_ids)?;
    evaluations::self_reviews(tx, today, &people)?;
    licences::insert(tx, today, &now, &people, &role_ids)?;
    improvement::insert(tx, today, &now, &people, &role_ids)
}
