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
    // With an app manifest every command is refused unless a capability allows
    // it; `capabilities/main.json` allows exactly these.
    let manifest = tauri_build::AppManifest::new().commands(COMMAND_NAMES);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        panic!("tauri-build failed: {e:#}");
    }
}

include!("src/command_names.rs");
