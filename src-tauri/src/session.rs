//! Signing in and out, accounts, the staff kiosk and the audit trail.
//!
//! The session lives in [`AppState`]; every other command takes its actor from
//! there (`with_actor`), so nothing the UI sends can claim to be someone else.

use standard_practice::access::Actor;
use standard_practice::accounts::{self, Account, AccountInput, SignInOptions};
use standard_practice::audit::{self, AuditEntry, AuditFilter, AuditPage, Entity};
use standard_practice::ids::{AccountId, EntityId, StaffId};
use standard_practice::pages::{self, KioskPage};
use standard_practice::{practice, Db};
use tauri::State;

use crate::commands::today;
use crate::error::CommandError;
use crate::state::AppState;

type Answer<T> = Result<T, CommandError>;

/// Who may sign in (the lock screen), and whether the owner must be created first.
#[tauri::command]
#[specta::specta]
pub async fn sign_in_options(state: State<'_, AppState>) -> Answer<SignInOptions> {
    state.with_db(|db| accounts::sign_in_options(db)).await
}

/// Who is signed in, if anyone (the UI asks when it starts).
#[tauri::command]
#[specta::specta]
pub async fn session_get(state: State<'_, AppState>) -> Answer<Option<Actor>> {
    Ok(state.signed_in())
}

/// First run: create the owner's account and sign them in.
#[tauri::command]
#[specta::specta]
pub async fn owner_create(state: State<'_, AppState>, input: AccountInput) -> Answer<Actor> {
    sign_in_as(&state, move |db| accounts::create_owner(db, &input)).await
}

/// Signs in with a passphrase (owner, manager) or a kiosk PIN (staff).
#[tauri::command]
#[specta::specta]
pub async fn sign_in(
    state: State<'_, AppState>,
    account: AccountId,
    secret: String,
) -> Answer<Actor> {
    sign_in_as(&state, move |db| {
        accounts::sign_in(db, account, &secret, chrono::Utc::now())
    })
    .await
}

/// Signs in whoever `who` answers (a new owner, a right passphrase or PIN),
/// with the practice's idle time.
async fn sign_in_as(
    state: &AppState,
    who: impl FnOnce(&mut Db) -> standard_practice::Result<Actor> + Send + 'static,
) -> Answer<Actor> {
    let (actor, minutes) = state
        .with_db(move |db| {
            let actor = who(db)?;
            let minutes = practice::settings(db, &actor)?.lock_after_minutes;
            Ok((actor, minutes))
        })
        .await?;
    state.sign_in(actor.clone(), minutes);
    Ok(actor)
}

/// The window was used (keys, clicks) without a command: keeps the session
/// from locking while someone types a long text. Answers `signed_out` once the
/// idle time has passed, like any command.
#[tauri::command]
#[specta::specta]
pub async fn session_touch(state: State<'_, AppState>) -> Answer<()> {
    state.actor().map(|_| ())
}

/// Locks the app: whoever was signed in must sign in again.
#[tauri::command]
#[specta::specta]
pub async fn sign_out(state: State<'_, AppState>) -> Answer<()> {
    state.sign_out();
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn accounts_list(state: State<'_, AppState>) -> Answer<Vec<Account>> {
    state.with_actor(|db, me| accounts::list(db, me)).await
}

#[tauri::command]
#[specta::specta]
pub async fn manager_create(state: State<'_, AppState>, input: AccountInput) -> Answer<Account> {
    state
        .with_actor(move |db, me| accounts::create_manager(db, me, &input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn pin_set(
    state: State<'_, AppState>,
    staff_id: StaffId,
    pin: String,
) -> Answer<Account> {
    state
        .with_actor(move |db, me| accounts::set_pin(db, me, staff_id, &pin))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn account_set_disabled(
    state: State<'_, AppState>,
    id: AccountId,
    disabled: bool,
) -> Answer<Account> {
    state
        .with_actor(move |db, me| accounts::set_disabled(db, me, id, disabled))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn passphrase_change(
    state: State<'_, AppState>,
    current: String,
    input: AccountInput,
) -> Answer<()> {
    state
        .with_actor(move |db, me| accounts::change_passphrase(db, me, &current, &input))
        .await
}

/// The signed-in staff member's own page at the kiosk.
#[tauri::command]
#[specta::specta]
pub async fn kiosk_page(state: State<'_, AppState>) -> Answer<KioskPage> {
    state
        .with_actor(|db, me| pages::kiosk(db, me, today()))
        .await
}

/// The whole practice's change list, filtered, a page at a time.
#[tauri::command]
#[specta::specta]
pub async fn audit_list(state: State<'_, AppState>, filter: AuditFilter) -> Answer<AuditPage> {
    state
        .with_actor(move |db, me| audit::list(db, me, &filter))
        .await
}

/// The changes made to one record, newest first.
#[tauri::command]
#[specta::specta]
pub async fn audit_for_record(
    state: State<'_, AppState>,
    entity: Entity,
    id: EntityId,
) -> Answer<Vec<AuditEntry>> {
    state
        .with_actor(move |db, me| audit::for_record(db, me, entity, id.0))
        .await
}
