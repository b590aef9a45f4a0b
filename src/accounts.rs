//! Accounts and signing in.
//!
//! The owner is created on first run with a passphrase; the owner adds managers
//! (passphrases too); owners and managers give staff members a kiosk PIN. Every
//! secret is kept only as an argon2id hash (a PHC string with its own salt).
//! Five wrong tries in a row make the account wait, 30 seconds at first and
//! doubling up to 15 minutes; the count is in the database, so restarting the
//! app does not reset it.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{AccountRole, Actor, Permission};
use crate::audit::{self, Entity};
use crate::error::{Error, Problems, Result};
use crate::ids::{AccountId, StaffId};
use crate::staff::{self, StaffRef, StaffStatus};
use crate::storage::Readable;
use crate::storage::{timestamp, Db};
use crate::text;

/// Fewest characters in a passphrase.
pub const PASSPHRASE_MIN: usize = 8;
const PASSPHRASE_MAX: usize = 200;
/// Wrong tries allowed before the account has to wait.
pub const FREE_ATTEMPTS: i64 = 5;
const FIRST_WAIT_SECS: i64 = 30;
const LONGEST_WAIT_SECS: i64 = 15 * 60;

/// An account as the owner's and managers' account list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: AccountId,
    pub role: AccountRole,
    pub name: String,
    #[specta(optional)]
    pub staff: Option<StaffRef>,
    pub disabled: bool,
    pub created_at: String,
}

/// One name on the lock screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SignInChoice {
    pub id: AccountId,
    pub name: String,
    pub role: AccountRole,
}

/// What the lock screen offers: owner and managers (passphrase) and the kiosk
/// (staff with a PIN). `needsOwner` is true until the first run has made one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SignInOptions {
    /// The practice's name, for the lock screen.
    pub practice_name: String,
    pub needs_owner: bool,
    /// People already in the practice: when there are some and no owner yet
    /// (a practice from before accounts), the first-run screen says who should
    /// create the owner's account.
    pub people: u32,
    pub accounts: Vec<SignInChoice>,
    pub kiosk: Vec<SignInChoice>,
}

/// The owner's or a manager's account, as typed.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountInput {
    pub name: String,
    pub passphrase: String,
    /// The passphrase typed again.
    pub confirm: String,
    /// The staff record of this person, if they have one.
    #[serde(default)]
    #[specta(optional)]
    pub staff_id: Option<StaffId>,
}

/// Who may sign in, for the lock screen. Staff who have left are not offered.
pub fn sign_in_options(conn: &dyn Readable) -> Result<SignInOptions> {
    let conn = crate::storage::sql(conn);
    let mut stmt = conn.prepare(
        "SELECT a.id, COALESCE(s.name, a.name), a.role
           FROM accounts a LEFT JOIN staff s ON s.id = a.staff_id
          WHERE a.disabled = 0 AND (a.role <> 'staff' OR s.status <> 'left')
          ORDER BY a.role = 'staff', COALESCE(s.search_key, a.name_key), a.id",
    )?;
    let all = stmt
        .query_map([], |r| {
            Ok(SignInChoice {
                id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let needs_owner: bool = conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM accounts WHERE role = 'owner')",
        [],
        |r| r.get(0),
    )?;
    let (kiosk, accounts) = all.into_iter().partition(|c| c.role == AccountRole::Staff);
    let people: u32 = conn.query_row("SELECT COUNT(*) FROM staff", [], |r| r.get(0))?;
    Ok(SignInOptions {
        practice_name: crate::practice::get(conn)?.name,
        needs_owner,
        people,
        accounts,
        kiosk,
    })
}

/// First run: makes the owner's account and signs them in. Refused once an
/// owner exists (the owner adds everyone else).
pub fn create_owner(db: &mut Db, input: &AccountInput) -> Result<Actor> {
    let (name, hash) = check_account_input(input)?;
    let id = db.write(|tx| {
        let owners: i64 = tx.query_row(
            "SELECT COUNT(*) FROM accounts WHERE role = 'owner'",
            [],
            |r| r.get(0),
        )?;
        if owners > 0 {
            return Err(Error::Forbidden {
                message: "This practice already has an owner: ask them to add your account".into(),
            });
        }
        let id = insert(tx, AccountRole::Owner, &name, input.staff_id, &hash)?;
        let actor = Actor::signed_in(id, AccountRole::Owner, name.clone(), input.staff_id);
        audit::record(
            tx,
            &actor,
            Entity::Account,
            id.0,
            None,
            "created",
            &format!("Owner account for {name}"),
            &[],
        )?;
        Ok(id)
    })?;
    Ok(Actor::signed_in(
        id,
        AccountRole::Owner,
        name,
        input.staff_id,
    ))
}

/// The owner adds a manager, who signs in with the passphrase given here.
pub fn create_manager(db: &mut Db, actor: &Actor, input: &AccountInput) -> Result<Account> {
    actor.require(Permission::ManagePractice)?;
    let (name, hash) = check_account_input(input)?;
    let id = db.write(|tx| {
        let id = insert(tx, AccountRole::Manager, &name, input.staff_id, &hash)?;
        audit::record(
            tx,
            actor,
            Entity::Account,
            id.0,
            input.staff_id,
            "created",
            &format!("Manager account for {name}"),
            &[],
        )?;
        Ok(id)
    })?;
    get(db.conn(), id)
}

/// Gives `person` a kiosk PIN (4 to 8 digits), or a new one.
pub fn set_pin(db: &mut Db, actor: &Actor, person: StaffId, pin: &str) -> Result<Account> {
    actor.require(Permission::ManagePins)?;
    let hash = hash_secret(&check_pin(pin)?)?;
    let id = db.write(|tx| {
        let who = staff::ensure_exists(tx, "staffId", person)?;
        let existing: Option<(AccountId, AccountRole)> = tx
            .query_row(
                "SELECT id, role FROM accounts WHERE staff_id = ?1",
                [person],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let id = match existing {
            Some((_, role)) if role != AccountRole::Staff => {
                return Err(Error::conflict(
                    "staffId",
                    format!(
                        "{} signs in with a {} passphrase, not a PIN",
                        who.name,
                        role.label().to_lowercase()
                    ),
                ))
            }
            Some((id, _)) => {
                tx.execute(
                    "UPDATE accounts SET secret_hash = ?1, failed_attempts = 0, locked_until = NULL,
                            disabled = 0, updated_at = ?2 WHERE id = ?3",
                    params![hash, timestamp(), id],
                )?;
                id
            }
            None => insert(tx, AccountRole::Staff, &who.name, Some(person), &hash)?,
        };
        audit::record(
            tx,
            actor,
            Entity::Account,
            id.0,
            Some(person),
            "pin_set",
            &format!("Kiosk PIN set for {}", who.name),
            &[],
        )?;
        Ok(id)
    })?;
    get(db.conn(), id)
}

/// Switches an account off (it can no longer sign in) or on again. The owner
/// does this; the last owner cannot be switched off.
pub fn set_disabled(db: &mut Db, actor: &Actor, id: AccountId, disabled: bool) -> Result<Account> {
    let target = get(db.conn(), id)?;
    if target.role == AccountRole::Staff {
        actor.require(Permission::ManagePins)?;
    } else {
        actor.require(Permission::ManagePractice)?;
    }
    db.write(|tx| {
        if disabled && target.role == AccountRole::Owner {
            let others: i64 = tx.query_row(
                "SELECT COUNT(*) FROM accounts WHERE role = 'owner' AND disabled = 0 AND id <> ?1",
                [id],
                |r| r.get(0),
            )?;
            if others == 0 {
                return Err(Error::conflict(
                    "disabled",
                    "The practice's only owner cannot be switched off",
                ));
            }
        }
        tx.execute(
            "UPDATE accounts SET disabled = ?1, updated_at = ?2 WHERE id = ?3",
            params![disabled, timestamp(), id],
        )?;
        let (action, verb) = if disabled {
            ("disabled", "switched off")
        } else {
            ("enabled", "switched on")
        };
        audit::record(
            tx,
            actor,
            Entity::Account,
            id.0,
            target.staff.as_ref().map(|s| s.id),
            action,
            &format!("Account of {} {verb}", target.name),
            &[],
        )?;
        Ok(())
    })?;
    get(db.conn(), id)
}

/// The signed-in owner or manager changes their own passphrase.
pub fn change_passphrase(
    db: &mut Db,
    actor: &Actor,
    current: &str,
    new: &AccountInput,
) -> Result<()> {
    let Some(id) = actor.account() else {
        return Err(Error::Forbidden {
            message: "The command line has no passphrase to change".into(),
        });
    };
    if actor.role() == AccountRole::Staff {
        return Err(Error::Forbidden {
            message: "A kiosk PIN is changed by a manager, on the person's page".into(),
        });
    }
    let (stored, failed, locked_until): (String, i64, Option<String>) = db.conn().query_row(
        "SELECT secret_hash, failed_attempts, locked_until FROM accounts WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    // Guessing the current passphrase here counts like guessing it at the lock screen.
    let now = chrono::Utc::now();
    refuse_while_waiting("current", locked_until.as_deref(), now)?;
    if !verify(&stored, current)? {
        let wait = record_failure(db, id, failed, now)?;
        return Err(Error::invalid(
            "current",
            if wait > 0 {
                format!(
                    "The current passphrase is not right. Too many wrong tries: wait {}",
                    wait_text(wait)
                )
            } else {
                "The current passphrase is not right".to_owned()
            },
        ));
    }
    let passphrase = check_passphrase(&new.passphrase, &new.confirm)?;
    let hash = hash_secret(&passphrase)?;
    db.write(|tx| {
        tx.execute(
            "UPDATE accounts SET secret_hash = ?1, updated_at = ?2 WHERE id = ?3",
            params![hash, timestamp(), id],
        )?;
        audit::record(
            tx,
            actor,
            Entity::Account,
            id.0,
            actor.staff(),
            "passphrase_changed",
            "Passphrase changed",
            &[],
        )?;
        Ok(())
    })
}

/// Every account, for the owner's and managers' account list.
pub fn list(conn: &dyn Readable, actor: &Actor) -> Result<Vec<Account>> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::ManagePins)?;
    let mut stmt = conn.prepare(&format!(
        "{SELECT} ORDER BY a.role = 'staff', COALESCE(s.search_key, a.name_key), a.id"
    ))?;
    let rows = stmt
        .query_map([], account_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

const SELECT: &str =
    "SELECT a.id, a.role, COALESCE(s.name, a.name), a.staff_id, s.name, a.disabled, a.created_at
                        FROM accounts a LEFT JOIN staff s ON s.id = a.staff_id";

fn account_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: r.get(0)?,
        role: r.get(1)?,
        name: r.get(2)?,
        staff: StaffRef::optional_from_columns(r, 3)?,
        disabled: r.get(5)?,
        created_at: r.get(6)?,
    })
}

fn get(conn: &Connection, id: AccountId) -> Result<Account> {
    conn.query_row(&format!("{SELECT} WHERE a.id = ?1"), [id], account_row)
        .optional()?
        .ok_or(Error::not_found("Account", id.0))
}

/// Signs in with a passphrase (owner, manager) or a PIN (staff). `now` decides
/// whether the account is still waiting after wrong tries.
pub fn sign_in(db: &mut Db, id: AccountId, secret: &str, now: DateTime<Utc>) -> Result<Actor> {
    #[allow(clippy::type_complexity)]
    let row: Option<(
        AccountRole,
        String,
        Option<StaffId>,
        String,
        i64,
        Option<String>,
        bool,
        Option<StaffStatus>,
    )> = db
        .conn()
        .query_row(
            "SELECT a.role, COALESCE(s.name, a.name), a.staff_id, a.secret_hash, a.failed_attempts,
                    a.locked_until, a.disabled, s.status
               FROM accounts a LEFT JOIN staff s ON s.id = a.staff_id WHERE a.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .optional()?;
    let Some((role, name, staff, hash, failed, locked_until, disabled, status)) = row else {
        return Err(Error::not_found("Account", id.0));
    };
    if disabled {
        return Err(Error::Forbidden {
            message: format!("{name}'s account is switched off; the owner can switch it on"),
        });
    }
    if role == AccountRole::Staff && status == Some(StaffStatus::Left) {
        return Err(Error::Forbidden {
            message: format!("{name} has left the practice, so their PIN no longer works"),
        });
    }
    let secret_word = if role == AccountRole::Staff {
        "PIN"
    } else {
        "passphrase"
    };
    refuse_while_waiting("secret", locked_until.as_deref(), now)?;
    if verify(&hash, secret)? {
        if failed > 0 {
            db.write(|tx| {
                tx.execute(
                    "UPDATE accounts SET failed_attempts = 0, locked_until = NULL WHERE id = ?1",
                    [id],
                )?;
                Ok(())
            })?;
        }
        return Ok(Actor::signed_in(id, role, name, staff));
    }
    let wait = record_failure(db, id, failed, now)?;
    let message = if wait > 0 {
        format!(
            "That {secret_word} is not right. Too many wrong tries: wait {} before trying again",
            wait_text(wait)
        )
    } else {
        format!("That {secret_word} is not right")
    };
    Err(Error::invalid("secret", message))
}

/// Refuses a try (naming `field`) while a wait set after wrong tries has not passed.
fn refuse_while_waiting(field: &str, locked_until: Option<&str>, now: DateTime<Utc>) -> Result<()> {
    match still_waiting(locked_until, now) {
        Some(wait) => Err(Error::invalid(
            field,
            format!(
                "Too many wrong tries: wait {} before trying again",
                wait_text(wait)
            ),
        )),
        None => Ok(()),
    }
}

/// Seconds still to wait, if a wait set after wrong tries has not passed.
fn still_waiting(locked_until: Option<&str>, now: DateTime<Utc>) -> Option<i64> {
    let until = DateTime::parse_from_rfc3339(locked_until?).ok()?;
    let wait = (until.with_timezone(&Utc) - now).num_seconds();
    (wait > 0).then_some(wait)
}

/// Counts one more wrong try (`failed` so far) and sets the wait it earns;
/// answers the wait in seconds (0: none yet).
fn record_failure(db: &mut Db, id: AccountId, failed: i64, now: DateTime<Utc>) -> Result<i64> {
    let failed = failed + 1;
    let wait = wait_after(failed);
    let until = (wait > 0).then(|| {
        (now + chrono::Duration::seconds(wait)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    });
    db.write(|tx| {
        tx.execute(
            "UPDATE accounts SET failed_attempts = ?1, locked_until = ?2 WHERE id = ?3",
            params![failed, until, id],
        )?;
        Ok(())
    })?;
    Ok(wait)
}

/// Seconds to wait after `failed` wrong tries in a row.
fn wait_after(failed: i64) -> i64 {
    if failed < FREE_ATTEMPTS {
        return 0;
    }
    let doublings = (failed - FREE_ATTEMPTS).min(10) as u32;
    (FIRST_WAIT_SECS << doublings).min(LONGEST_WAIT_SECS)
}

fn wait_text(secs: i64) -> String {
    if secs < 90 {
        format!("{secs} seconds")
    } else {
        format!("{} minutes", (secs + 59) / 60)
    }
}

fn insert(
    tx: &rusqlite::Transaction<'_>,
    role: AccountRole,
    name: &str,
    staff_id: Option<StaffId>,
    hash: &str,
) -> Result<AccountId> {
    if let Some(s) = staff_id {
        staff::ensure_exists(tx, "staffId", s)?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM accounts WHERE staff_id = ?1)",
            [s],
            |r| r.get(0),
        )?;
        if taken {
            return Err(Error::conflict(
                "staffId",
                "This person already has an account",
            ));
        }
    }
    let key = text::unique_key(name);
    if role != AccountRole::Staff {
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM accounts WHERE role <> 'staff' AND name_key = ?1)",
            [&key],
            |r| r.get(0),
        )?;
        if taken {
            return Err(Error::conflict(
                "name",
                format!("There is already an account called {name}"),
            ));
        }
    }
    let now = timestamp();
    tx.execute(
        "INSERT INTO accounts (role, name, name_key, staff_id, secret_hash, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![role, name, key, staff_id, hash, now],
    )?;
    Ok(AccountId(tx.last_insert_rowid()))
}

/// An account's name and its passphrase's hash, both checked before either
/// is refused.
fn check_account_input(input: &AccountInput) -> Result<(String, String)> {
    let mut problems = Problems::default();
    let name = problems.check(text::required("name", "Name", &input.name, 100))?;
    let passphrase = problems.check(check_passphrase(&input.passphrase, &input.confirm))?;
    problems.done()?;
    Ok((name, hash_secret(&passphrase)?))
}

fn check_passphrase(passphrase: &str, confirm: &str) -> Result<String> {
    let n = passphrase.chars().count();
    if n < PASSPHRASE_MIN {
        return Err(Error::invalid(
            "passphrase",
            format!("A passphrase needs at least {PASSPHRASE_MIN} characters (a few words are easy to remember)"),
        ));
    }
    if n > PASSPHRASE_MAX {
        return Err(Error::invalid(
            "passphrase",
            format!("A passphrase can have at most {PASSPHRASE_MAX} characters"),
        ));
    }
    if passphrase.trim().is_empty() {
        return Err(Error::invalid(
            "passphrase",
            "A passphrase cannot be only spaces",
        ));
    }
    if confirm != passphrase {
        return Err(Error::invalid(
            "confirm",
            "The two passphrases are not the same",
        ));
    }
    Ok(passphrase.to_owned())
}

fn check_pin(pin: &str) -> Result<String> {
    let pin = pin.trim();
    if !(4..=8).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid("pin", "A PIN is 4 to 8 digits"));
    }
    Ok(pin.to_owned())
}

pub(crate) fn hash_secret(secret: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            Error::invalid(
                "passphrase",
                format!("The passphrase could not be protected: {e}"),
            )
        })
}

fn verify(stored: &str, secret: &str) -> Result<bool> {
    let parsed = PasswordHash::new(stored)
        .map_err(|e| Error::Migration(format!("a stored passphrase hash is unreadable: {e}")))?;
    Ok(Argon2::default()
        .verify_password(secret.as_bytes(), &parsed)
        .is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_and_are_capped() {
        assert_eq!(wait_after(4), 0);
        assert_eq!(wait_after(5), 30);
        assert_eq!(wait_after(6), 60);
        assert_eq!(wait_after(9), 480);
        assert_eq!(wait_after(10), 900);
        assert_eq!(wait_after(1000), 900);
    }

    #[test]
    fn secrets_are_hashed_with_argon2id_and_verified() {
        let h = hash_secret("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(!h.contains("correct horse"));
        assert!(verify(&h, "correct horse").unwrap());
        assert!(!verify(&h, "correct hors").unwrap());
        // Same secret, new salt: a different hash.
        assert_ne!(h, hash_secret("correct horse").unwrap());
    }

    #[test]
    fn pins_and_passphrases_are_checked() {
        assert!(check_pin("1234").is_ok());
        assert_eq!(check_pin("12a4").unwrap_err().field(), Some("pin"));
        assert_eq!(check_pin("123").unwrap_err().field(), Some("pin"));
        assert_eq!(check_pin("123456789").unwrap_err().field(), Some("pin"));
        assert_eq!(check_pin("١٢٣٤").unwrap_err().field(), Some("pin"));
        assert_eq!(
            check_passphrase("short", "short").unwrap_err().field(),
            Some("passphrase")
        );
        assert_eq!(
            check_passphrase("        ", "        ")
                .unwrap_err()
                .field(),
            Some("passphrase")
        );
        assert_eq!(
            check_passphrase("long enough", "long enougH")
                .unwrap_err()
                .field(),
            Some("confirm")
        );
    }
}
