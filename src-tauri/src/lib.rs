//! Standard Practice desktop shell: a thin Tauri adapter over the core library.
//!
//! This crate knows Tauri; the core (`standard_practice`) does not. Startup opens
//! the database into [`state::AppState`]; [`commands`] expose the core to the UI.

pub mod backups;
pub mod command_names;
pub mod commands;
pub mod error;
pub mod printing;
pub mod reviews;
pub mod session;
pub mod state;
pub mod transfer;

/// The app as a builder: its state, plugins and commands. `run` builds it on
/// the real window system; the IPC tests build it on Tauri's mock runtime.
pub fn app<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    state: state::AppState,
) -> tauri::Builder<R> {
    builder
        .manage(state)
        .manage(printing::PrintJobs::default())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            session::sign_in_options,
            session::session_get,
            session::owner_create,
            session::sign_in,
            session::sign_out,
            session::session_touch,
            session::accounts_list,
            session::manager_create,
            session::pin_set,
            session::account_set_disabled,
            session::passphrase_change,
            session::kiosk_page,
            session::audit_for_record,
            backups::backups_list,
            backups::backup_now,
            backups::backup_save,
            backups::backup_restore,
            backups::offsite_get,
            backups::offsite_choose,
            backups::offsite_stop,
            backups::offsite_copy_now,
            backups::recovery_backups,
            backups::recovery_restore,
            backups::recovery_open_other,
            backups::recovery_new_practice,
            backups::recovery_unlock,
            backups::recovery_key_file,
            transfer::import_preview,
            transfer::import_run,
            transfer::export_save,
            commands::setup_demo,
            commands::overview,
            commands::practice_get,
            commands::practice_update,
            commands::staff_list,
            commands::staff_page,
            commands::staff_create,
            commands::staff_update,
            commands::staff_delete,
            commands::roles_list,
            commands::role_create,
            commands::role_update,
            commands::role_delete,
            commands::courses_list,
            commands::course_create,
            commands::course_update,
            commands::course_delete,
            commands::training_log,
            commands::training_update,
            commands::training_delete,
            commands::training_pending,
            commands::training_approve,
            commands::certificate_get,
            commands::standards_list,
            commands::standard_detail,
            commands::standard_create,
            commands::standard_revise,
            commands::standard_retire,
            commands::standard_acknowledge,
            reviews::templates_list,
            reviews::template_get,
            reviews::template_create,
            reviews::template_update,
            reviews::template_delete,
            reviews::criterion_from_standard,
            reviews::evaluations_list,
            reviews::evaluation_history,
            reviews::evaluation_get,
            reviews::evaluation_create,
            reviews::evaluation_save,
            reviews::evaluation_finalize,
            reviews::evaluation_acknowledge,
            reviews::evaluation_delete,
            reviews::annual_round_start,
            printing::print_save,
            printing::recovery_key_save,
            printing::print_open,
            printing::print_annual,
            printing::print_cancel,
        ])
}

/// Builds and runs the app; returns when the last window closes.
pub fn run() {
    let key_file = key_file_argument(std::env::args_os());
    let result = app(
        tauri::Builder::default(),
        state::AppState::open_default(key_file.as_deref()),
    )
    .run(tauri::generate_context!());
    if let Err(e) = result {
        // Nothing to show a message in: the window system or webview failed.
        eprintln!("Standard Practice could not start: {e}");
        std::process::exit(1);
    }
}

/// The file `--key-file FILE` (or `--key-file=FILE`) names on the app's
/// command line, as the command line's own flag does.
fn key_file_argument(args: impl Iterator<Item = std::ffi::OsString>) -> Option<std::path::PathBuf> {
    let mut args = args.skip(1);
    while let Some(arg) = args.next() {
        if arg == "--key-file" {
            return args.next().map(Into::into);
        }
        if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--key-file=")) {
            return Some(value.into());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::key_file_argument;

    #[test]
    fn the_key_file_is_taken_from_either_spelling() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        let found = |a: &[&str]| key_file_argument(args(a).into_iter());
        assert_eq!(found(&["app", "--key-file", "/k"]), Some("/k".into()));
        assert_eq!(found(&["app", "--key-file=/k"]), Some("/k".into()));
        assert_eq!(found(&["app"]), None);
        assert_eq!(found(&["app", "--key-file"]), None);
    }
}
