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
    tauri_build::build()
}
