//! Standard Practice desktop shell: a thin Tauri adapter over the core library.
//!
//! This crate knows Tauri; the core (`standard_practice`) does not. Startup opens
//! the database into [`state::AppState`]; [`commands`] expose the core to the UI.

pub mod backups;
pub mod command_names;
pub mod commands;
pub mod dialogs;
pub mod error;
#[cfg(test)]
mod fixtures;
pub mod improvement;
pub mod licences;
pub mod menu;
pub mod printing;
pub mod reviews;
pub mod service;
pub mod session;
pub mod state;
pub mod todo;
pub mod transfer;

/// The app as a builder: its plugins and commands; the caller manages the
/// [`state::AppState`]. `run` builds it on the real window system; the IPC
/// tests build it on Tauri's mock runtime.
pub fn app<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .manage(printing::PrintJobs::default())
        .manage(menu::MenuListener::default())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(commands::<R>().invoke_handler())
}

/// The commands, from the one list in `command_list.rs`, with the
/// TypeScript functions and types the window calls them by (`make types`
/// writes them to `ui/src/lib/bindings.ts`). A failed command throws its
/// `ErrorPayload`, which `ui/src/lib/ipc.ts` turns into an `IpcError`.
pub fn commands<R: tauri::Runtime>() -> tauri_specta::Builder<R> {
    use tauri::Wry;
    macro_rules! command_list {
        ($($module:ident :: $command:ident $(<$runtime:ident>)?),* $(,)?) => {
            tauri_specta::collect_commands![$($module::$command $(::<$runtime>)?),*]
        };
    }
    tauri_specta::Builder::<R>::new()
        .error_handling(tauri_specta::ErrorHandlingMode::Throw)
        .disable_serde_phases()
        .commands(include!("command_list.rs"))
}

/// Builds and runs the app; returns when the last window closes.
pub fn run() {
    let key_file = key_file_argument(std::env::args_os());
    let practice = standard_practice::storage::default_db_path();
    // One instance per practice file: registered first, so that a second
    // start on the same file hands over and exits before anything else
    // starts (on Linux a D-Bus name made from the file's real path; on
    // Windows the plugin keeps one instance of the app).
    let mut single = tauri_plugin_single_instance::Builder::new().callback(|app, _argv, _cwd| {
        to_front(app);
    });
    if let Ok(path) = &practice {
        single = single.dbus_id(standard_practice::storage::instance_name(path));
    }
    let result = app(tauri::Builder::default().plugin(single.build()))
        // The window's size, position and maximized state, as it was left.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .menu(menu::build)
        .on_menu_event(|app, event| menu::chosen(app, &event))
        // The practice is opened here, after the plugins started: a second
        // start on the same file has handed over and exited by then, without
        // opening it. The window asks for nothing before this returns.
        .setup(move |app| {
            use tauri::Manager;
            // Asked before the practice is opened, which encrypts a plain one.
            let what_changed = standard_practice::release::since_last_run(practice.as_deref().ok());
            app.manage(
                state::AppState::open_default(key_file.as_deref()).with_what_changed(what_changed),
            );
            todo::remind_on_start(app.handle());
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        // Nothing to show a message in: the window system or webview failed.
        eprintln!("Standard Practice could not start: {e}");
        std::process::exit(1);
    }
}

/// Brings the main window to the front: restored if minimized, shown if
/// hidden, and given the focus.
fn to_front<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    use tauri::Manager;
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
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

    /// `make types`: the commands' TypeScript functions and every type they
    /// take or return, into `ui/src/lib/bindings.ts` (checked in; `make
    /// types-check` fails when it is stale).
    #[test]
    fn export_bindings() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
        super::commands::<tauri::test::MockRuntime>()
            .export(
                specta_typescript::Typescript::default()
                    .header("// Generated by `make types` from the shell's commands and the core's types; do not edit."),
                &path,
            )
            .expect("the bindings are written");
    }

    /// `make types`: what the UI tests' fake backend serves instead of
    /// computing a rule the core owns, into `ui/tests/fixtures/` (checked in
    /// and checked like the bindings): the policy (which permissions each
    /// role's session carries), and the core's answers in the tests' practices
    /// and scenarios ([`crate::fixtures`]).
    #[test]
    fn export_fixtures() {
        use standard_practice::access::{granted, AccountRole};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/tests/fixtures");
        std::fs::create_dir_all(&dir).expect("the fixtures folder");
        let policy: serde_json::Map<String, serde_json::Value> = AccountRole::ALL
            .iter()
            .map(|role| (role.as_str().to_owned(), serde_json::json!(granted(*role))))
            .collect();
        let text = serde_json::to_string_pretty(&policy).expect("the policy as JSON");
        std::fs::write(dir.join("policy.json"), text + "\n").expect("policy.json is written");
        crate::fixtures::write(&dir);
    }

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
