//! The shell through its real IPC: Tauri's mock runtime with the app's own
//! context (capabilities included), commands invoked as the window would, with
//! payloads a curious staff member could craft by hand. Every one is refused by
//! the core, and what the capability does not grant never reaches a command.

use std::path::Path;

use serde_json::{json, Value};
use standard_practice::access::Actor;
use standard_practice::accounts::{self, AccountInput};
use standard_practice::demo::{self, DemoSize, DEMO_PIN};
use standard_practice::evaluations::{self, EvaluationFilter, EvaluationStatus};
use standard_practice::keys::{Key, Keys};
use standard_practice::staff::{self, StaffFilter};
use standard_practice::Db;
use standard_practice_app::command_names::COMMAND_NAMES;
use standard_practice_app::state::AppState;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

const PASSPHRASE: &str = "lakeside harbour 1974";

/// The keys every practice here opens with: one key of the tests' own, never
/// the credential store of whoever runs them.
fn keys() -> Keys {
    static KEY: std::sync::OnceLock<Key> = std::sync::OnceLock::new();
    Keys::given(KEY.get_or_init(|| Key::generate().expect("a key")).clone())
}

struct Window {
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl Window {
    fn open(db: &Path) -> Window {
        let app = standard_practice_app::app(mock_builder())
            .manage(AppState::open_with(db.to_path_buf(), Ok(keys())))
            .build(tauri::generate_context!(test = true))
            .expect("the app builds on the mock runtime");
        // The webview's data folder beside the practice: left unset, Tauri
        // makes the app's folder under the real user's data folder.
        let webview_data = db.with_extension("webview");
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .data_directory(webview_data)
            .build()
            .expect("a window");
        Window { _app: app, window }
    }

    /// Invokes `cmd` with `body` as the window's JavaScript would.
    fn call(&self, cmd: &str, body: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().expect("url"),
                body: InvokeBody::Json(body),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().expect("JSON"))
    }

    /// Expects the core's refusal: `{ code: "forbidden", … }`.
    fn forbidden(&self, cmd: &str, body: Value) {
        match self.call(cmd, body.clone()) {
            Err(e) => assert_eq!(e["code"], "forbidden", "{cmd} {body}: {e}"),
            Ok(v) => panic!("{cmd} {body} was allowed: {v}"),
        }
    }
}

/// The demo practice with an owner; answers the database path, the owner, a
/// kiosk person's account and staff ids (theirs, and someone else's).
struct Practice {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    owner: Actor,
}

fn practice() -> Practice {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("practice.sqlite3");
    let mut db = Db::open(&path, &keys()).expect("db");
    let owner = accounts::create_owner(
        &mut db,
        &AccountInput {
            name: "Dr. Patel".into(),
            passphrase: PASSPHRASE.into(),
            confirm: PASSPHRASE.into(),
            staff_id: None,
        },
    )
    .expect("owner");
    demo::create(
        &mut db,
        &owner,
        DemoSize::default(),
        chrono::Local::now().date_naive(),
    )
    .expect("demo");
    Practice {
        _dir: dir,
        path,
        owner,
    }
}

#[test]
fn the_capability_grants_exactly_the_registered_commands() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities/main.json"),
    )
    .expect("capability file");
    let cap: Value = serde_json::from_str(&text).expect("capability JSON");
    let granted: Vec<&str> = cap["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| p.as_str().expect("a permission name"))
        .collect();
    let wanted: Vec<String> = COMMAND_NAMES
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    assert_eq!(
        granted, wanted,
        "capabilities/main.json and src/command_names.rs disagree"
    );
}

#[test]
fn every_granted_command_is_registered_and_what_is_not_granted_is_refused() {
    let p = practice();
    let w = Window::open(&p.path);
    // Signed out, with no arguments: each command is reached (it answers, or
    // says an argument is missing, or that nobody is signed in), never refused
    // by the access control list and never unknown.
    for cmd in COMMAND_NAMES {
        if let Err(e) = w.call(cmd, json!({})) {
            let text = e.to_string();
            assert!(
                !text.contains("not allowed") && !text.contains("not found"),
                "{cmd}: {text}"
            );
        }
    }
    // The plugins the shell uses from Rust are not the window's to call, nor is
    // anything of Tauri's core the app does not grant.
    for cmd in [
        "plugin:dialog|open",
        "plugin:dialog|save",
        "plugin:opener|open_path",
        "plugin:opener|open_url",
        "plugin:fs|read_file",
        "plugin:shell|execute",
        "plugin:window|close",
        "plugin:webview|print",
        "plugin:event|emit",
        "not_a_command",
    ] {
        let e = w
            .call(
                cmd,
                json!({ "path": "/etc/passwd", "url": "https://example.org" }),
            )
            .expect_err(cmd);
        let text = e.to_string();
        assert!(
            text.contains("not allowed") || text.contains("not found"),
            "{cmd}: {text}"
        );
    }
}

#[test]
fn signed_out_every_command_that_reads_or_writes_is_refused() {
    let p = practice();
    let w = Window::open(&p.path);
    for (cmd, body) in [
        ("overview", json!({})),
        ("staff_list", json!({ "filter": {} })),
        ("staff_page", json!({ "id": 1 })),
        ("evaluations_list", json!({ "filter": {} })),
        ("kiosk_page", json!({})),
        ("setup_demo", json!({})),
    ] {
        let e = w.call(cmd, body).expect_err(cmd);
        assert_eq!(e["code"], "signed_out", "{cmd}: {e}");
    }
    let e = w
        .call(
            "sign_in",
            json!({ "account": p.owner.account(), "secret": "guess" }),
        )
        .expect_err("a wrong passphrase");
    assert_eq!(e["field"], "secret");
}

#[test]
fn a_staff_member_is_refused_everything_about_anyone_else_whatever_the_payload() {
    let p = practice();
    let db = Db::open(&p.path, &keys()).expect("db");
    let options = accounts::sign_in_options(&db).expect("options");
    let kiosk = &options.kiosk[0];
    let all_staff = staff::list(&db, &p.owner, &StaffFilter::default()).expect("staff");
    let me = all_staff
        .iter()
        .find(|s| s.name == kiosk.name)
        .expect("the kiosk person")
        .id;
    let other = all_staff
        .iter()
        .find(|s| s.id != me)
        .expect("someone else")
        .id;
    let evals =
        evaluations::list(&db, &p.owner, &EvaluationFilter::default()).expect("evaluations");
    let theirs = evals
        .iter()
        .find(|e| e.staff.id == other)
        .expect("another's evaluation")
        .id;
    let my_draft = evals
        .iter()
        .find(|e| e.staff.id == me && e.status == EvaluationStatus::Draft)
        .map(|e| e.id);
    let settings = standard_practice::practice::settings(&db, &p.owner).expect("settings");
    let thanks = standard_practice::recognition::list(&db, &p.owner, &Default::default())
        .expect("thank-yous");
    let not_mine = thanks
        .iter()
        .find(|r| r.people.iter().all(|t| t.staff.id != me))
        .expect("a thank-you to someone else")
        .id;
    let requests =
        standard_practice::colleague_feedback::list(&db, &p.owner, None).expect("requests");
    let not_asked = requests
        .iter()
        .find(|r| r.asked.iter().all(|a| a.colleague.id != me))
        .expect("a request that does not ask them")
        .id;
    let not_my_licence = standard_practice::licences::list_all(&db, &p.owner)
        .expect("licences")
        .iter()
        .find(|l| l.staff.id != me && l.scan.is_some())
        .expect("someone else's scanned licence")
        .id;
    drop(db);

    let w = Window::open(&p.path);
    let actor = w
        .call(
            "sign_in",
            json!({ "account": kiosk.id, "secret": DEMO_PIN }),
        )
        .expect("the kiosk PIN signs in");
    assert_eq!(actor["role"], "staff");
    assert_eq!(
        w.call("kiosk_page", json!({})).expect("own page")["person"]["id"],
        json!(me)
    );

    let crafted = [
        ("staff_list", json!({ "filter": {} })),
        ("staff_page", json!({ "id": other })),
        ("staff_page", json!({ "id": me })),
        ("overview", json!({})),
        (
            "staff_update",
            json!({ "id": me, "input": { "name": "Me, promoted" } }),
        ),
        ("staff_delete", json!({ "id": other })),
        (
            "training_log",
            json!({ "input": { "staffId": other, "courseId": 1, "completedOn": "2026-01-05" } }),
        ),
        ("training_pending", json!({})),
        ("training_approve", json!({ "ids": [1] })),
        ("training_delete", json!({ "id": 1 })),
        ("certificate_get", json!({ "id": 1 })),
        ("standards_list", json!({})),
        ("standard_detail", json!({ "id": 1 })),
        (
            "standard_acknowledge",
            json!({ "staffId": other, "versionId": 1, "acknowledgedOn": "2026-01-05" }),
        ),
        (
            "standard_retire",
            json!({ "id": 1, "retiredOn": "2026-01-05" }),
        ),
        ("evaluations_list", json!({ "filter": { "staffId": me } })),
        ("evaluation_history", json!({ "staffId": other })),
        ("evaluation_get", json!({ "id": theirs })),
        ("evaluation_finalize", json!({ "id": theirs })),
        ("evaluation_save", json!({ "id": theirs, "edit": {} })),
        (
            "evaluation_acknowledge",
            json!({ "id": theirs, "input": { "acknowledgedOn": "2026-01-05", "comment": "" } }),
        ),
        ("evaluation_delete", json!({ "id": theirs })),
        (
            "annual_round_start",
            json!({ "input": { "year": 2026, "templateId": 1 } }),
        ),
        ("templates_list", json!({})),
        ("template_get", json!({ "id": 1 })),
        ("practice_update", json!({ "settings": settings })),
        ("accounts_list", json!({})),
        ("pin_set", json!({ "staffId": other, "pin": "0000" })),
        (
            "manager_create",
            json!({ "input": { "name": "Me", "passphrase": "let me in please", "confirm": "let me in please" } }),
        ),
        (
            "audit_for_record",
            json!({ "entity": "evaluation", "id": theirs }),
        ),
        ("role_create", json!({ "input": { "name": "Boss" } })),
        ("course_delete", json!({ "id": 1 })),
        (
            "print_save",
            json!({ "request": { "document": "evaluation", "id": theirs } }),
        ),
        (
            "print_open",
            json!({ "request": { "document": "transcript", "staffId": other } }),
        ),
        (
            "print_open",
            json!({ "request": { "document": "compliance" } }),
        ),
        (
            "recognition_list",
            json!({ "filter": { "staffId": other } }),
        ),
        ("recognition_list", json!({ "filter": {} })),
        ("recognition_delete", json!({ "id": not_mine })),
        (
            "recognition_hide",
            json!({ "id": not_mine, "hidden": true }),
        ),
        (
            "print_save",
            json!({ "request": { "document": "recognition", "id": not_mine } }),
        ),
        (
            "patient_feedback_list",
            json!({ "filter": { "staffId": me } }),
        ),
        (
            "patient_feedback_log",
            json!({ "input": { "receivedOn": "2026-01-05", "channel": "phone", "kind": "compliment", "staffId": me, "summary": "Lovely" } }),
        ),
        (
            "patient_feedback_update",
            json!({ "id": 1, "input": { "receivedOn": "2026-01-05", "channel": "phone", "kind": "compliment", "summary": "x" } }),
        ),
        ("patient_feedback_delete", json!({ "id": 1 })),
        (
            "service_checks_list",
            json!({ "filter": { "staffId": me } }),
        ),
        (
            "service_checks_by_month",
            json!({ "filter": { "staffId": me } }),
        ),
        ("service_rates", json!({ "staffId": me })),
        (
            "service_check_record",
            json!({ "input": { "standardId": 1, "checkedOn": "2026-01-05", "staffId": me, "met": true } }),
        ),
        ("service_check_delete", json!({ "id": 1 })),
        (
            "import_run",
            json!({ "kind": "checks", "text": "Date,Standard,Met\n2026-01-05,1,yes\n" }),
        ),
        ("feedback_requests_list", json!({ "staffId": me })),
        ("feedback_request_get", json!({ "id": not_asked })),
        (
            "feedback_request_ask",
            json!({ "input": { "staffId": other, "colleagueIds": [me], "closesOn": chrono::Local::now().date_naive().to_string() } }),
        ),
        (
            "feedback_answer",
            json!({ "id": not_asked, "input": { "answers": [], "wouldChoose": 5 } }),
        ),
        ("self_review_get", json!({ "id": theirs })),
        (
            "self_review_save",
            json!({ "id": theirs, "input": { "ratings": [], "handIn": true } }),
        ),
        ("suggestions_list", json!({})),
        ("check_ins_list", json!({ "staffId": me })),
        (
            "check_in_record",
            json!({ "input": { "staffId": other, "heldOn": "2026-01-05", "topics": "x" } }),
        ),
        ("check_in_delete", json!({ "id": 1 })),
        (
            "suggestion_decide",
            json!({ "id": 1, "input": { "decision": "adopted", "outcome": "Mine now" } }),
        ),
        ("licences_list", json!({})),
        ("licence_statuses", json!({})),
        ("licence_statuses", json!({ "staffId": other })),
        ("licences_unchecked", json!({})),
        ("licence_check", json!({ "ids": [not_my_licence] })),
        ("licence_scan_get", json!({ "id": not_my_licence })),
        (
            "licence_record",
            json!({ "input": { "staffId": other, "typeId": 1, "expiresOn": "2030-01-01" } }),
        ),
        (
            "licence_update",
            json!({ "id": 1, "input": { "staffId": me, "typeId": 1, "expiresOn": "2030-01-01" } }),
        ),
        ("licence_delete", json!({ "id": not_my_licence })),
        (
            "licence_type_create",
            json!({ "input": { "name": "Mine", "ceHours": 1, "ceCycleMonths": 12 } }),
        ),
        (
            "licence_type_update",
            json!({ "id": 1, "input": { "name": "Renamed" } }),
        ),
        ("licence_type_delete", json!({ "id": 5 })),
        ("todo_list", json!({})),
        ("dashboard_year", json!({ "year": 2026 })),
        ("job_swaps_list", json!({})),
        ("job_swaps_list", json!({ "staffId": other })),
        ("job_swap_suggestions", json!({})),
        (
            "job_swap_record",
            json!({ "input": { "staffId": me, "hostRoleId": 1, "startsOn": "2026-01-05", "hours": 3 } }),
        ),
        (
            "job_swap_update",
            json!({ "id": 1, "input": { "staffId": me, "hostRoleId": 1, "startsOn": "2026-01-05", "hours": 3 } }),
        ),
        ("job_swap_delete", json!({ "id": 1 })),
        ("swot_prompts", json!({})),
        (
            "swot_create",
            json!({ "input": { "title": "Mine", "heldOn": "2026-01-05" } }),
        ),
        (
            "swot_update",
            json!({ "id": 1, "input": { "title": "Mine", "heldOn": "2026-01-05" } }),
        ),
        ("swot_delete", json!({ "id": 1 })),
        (
            "project_create",
            json!({ "input": { "title": "Mine", "measure": "x", "baseline": 1, "target": 2, "status": "proposed" } }),
        ),
        (
            "project_update",
            json!({ "id": 1, "input": { "title": "Mine", "measure": "x", "baseline": 1, "target": 2, "status": "proposed" } }),
        ),
        ("project_delete", json!({ "id": 1 })),
        (
            "reminder_settings_update",
            json!({ "settings": [{ "reminder": "training", "enabled": false, "daysAhead": 0 }] }),
        ),
    ];
    for (cmd, body) in crafted {
        w.forbidden(cmd, body);
    }
    if let Some(id) = my_draft {
        w.forbidden("evaluation_get", json!({ "id": id }));
    }
    // Training logged for themselves waits for approval, whatever the payload says.
    let logged = w
        .call(
            "training_log",
            json!({ "input": { "staffId": me, "courseId": 1, "completedOn": chrono::Local::now().date_naive().to_string(), "needsApproval": false } }),
        )
        .expect("own training");
    assert_eq!(logged["status"], "pending");
    // A licence recorded for themselves waits for the office, whatever the
    // payload says; its scan and status are theirs to read.
    let recorded = w
        .call(
            "licence_record",
            json!({ "input": { "staffId": me, "typeId": 4, "expiresOn": "2030-01-01", "checked": true, "checkedBy": other } }),
        )
        .expect("own licence");
    assert_eq!(recorded["checked"], false);
    assert_eq!(recorded["recordedBy"]["id"], json!(me));
    let mine = w
        .call("licence_statuses", json!({ "staffId": me }))
        .expect("own statuses");
    assert!(mine
        .as_array()
        .expect("a list")
        .iter()
        .all(|s| s["staff"]["id"] == json!(me)));
    // The practice's worksheets and projects are everyone's to read; their
    // own job swaps are theirs.
    w.call("swot_list", json!({})).expect("worksheets");
    w.call("projects_list", json!({})).expect("projects");
    w.call("job_swaps_list", json!({ "staffId": me }))
        .expect("own swaps");
    // Their own to-do list is theirs, and opens only their kiosk page.
    let todo = w.call("todo_mine", json!({})).expect("own list");
    assert!(todo
        .as_array()
        .expect("a list")
        .iter()
        .all(|i| i["opens"]["screen"] == "kiosk"));
    // A thank-you is given in their own name, whatever the payload says.
    let given = w
        .call(
            "recognition_give",
            json!({ "input": { "staffIds": [other], "what": "Thanks", "happenedOn": chrono::Local::now().date_naive().to_string() }, "fromName": "Dr. Patel", "fromStaff": other }),
        )
        .expect("a thank-you");
    assert_eq!(given["fromName"], json!(kiosk.name));
    assert_eq!(given["fromStaff"], json!(me));
    // Signing out ends it: the next command is refused.
    w.call("sign_out", json!({})).expect("sign out");
    assert_eq!(
        w.call("kiosk_page", json!({})).expect_err("signed out")["code"],
        "signed_out"
    );
}
