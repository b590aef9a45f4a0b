// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK without accelerated compositing: the window's forms and tables
    // need none of it, and its layers were where the window's memory grew
    // (465–505 MB after one round of every screen, 9–33% more by the tenth;
    // without it 364 MB and 7%: benches/window-memory.mjs). Set before GTK or
    // any thread starts; a value the person set themselves is kept.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    standard_practice_app::run();
}
