fn main() {
    // `generate_context!` embeds `ui/dist`; without it the compile error is a
    // confusing one from deep inside a macro, so say what to do instead.
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist/index.html");
    println!("cargo:rerun-if-changed=../ui/dist");
    if !dist.exists() {
        panic!(
            "ui/dist/index.html is missing: build the UI first (`make ui`, or `npm ci && npm run build` in ui/)"
        );
    }
    println!("cargo:rerun-if-changed=src/command_names.rs");
    println!("cargo:rerun-if-changed=src/command_list.rs");
    // With an app manifest every command is refused unless a capability allows
    // it; `capabilities/main.json`, written here from the same list, allows
    // exactly these. It is rewritten only when it differs, and checked in:
    // `make types-check` fails when the committed one is stale.
    write_capability();
    let manifest = tauri_build::AppManifest::new().commands(COMMAND_NAMES);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        panic!("tauri-build failed: {e:#}");
    }
}

/// The main window's capability: one `allow-<command>` for each command.
fn write_capability() {
    let permissions: Vec<String> = COMMAND_NAMES
        .iter()
        .map(|c| format!("    \"allow-{}\"", c.replace('_', "-")))
        .collect();
    let json = format!(
        r#"{{
  "$schema": "../gen/schemas/desktop-schema.json",
  "identifier": "main",
  "description": "The main window may call exactly the app's own commands (one allow-<command> each, written by build.rs from src/command_list.rs). No core plugin permission, no dialog, opener, shell or filesystem access: the save dialog and the PDF viewer are driven from Rust.",
  "windows": [
    "main"
  ],
  "permissions": [
{}
  ]
}}
"#,
        permissions.join(",\n")
    );
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities/main.json");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(json.as_str()) {
        if let Err(e) = std::fs::write(&path, json) {
            panic!("{} could not be written: {e}", path.display());
        }
    }
}

include!("src/command_names.rs");
