//! The UI tests' practice, written by the core (`make types`, through
//! `export_fixtures`): so the fake backend in `ui/tests/` serves what the core
//! answers and computes no rule of its own (due states, scores, service
//! shares, counts, messages).
//!
//! Three practices ("worlds") are built in temporary folders at a fixed
//! date: `blank` (a new file, no owner yet), `new` (the owner made, nothing
//! set up) and `demo` (the demo practice, one certificate attached). For each,
//! every read the UI makes is answered by the core, as the owner, keyed by the
//! command and its arguments as the window sends them. A scenario starts from
//! a copy of a world (each is built once) and replays a test's changes
//! through the core, one step at a time, recording each answer and the reads
//! that changed after it (written as what changed in them: `file`). A step is made
//! as whoever is signed in at the window (the owner, or a manager once a step
//! signed them in), or as a kiosk session (Zoë Núñez's, signed in in `demo`):
//! what staff do at the kiosk is made in their name, as the kiosk makes it.
//!
//! Calls are dispatched by command name to the same core functions the
//! commands call, with the same arguments, `today` fixed. Timestamps the core
//! stamps with the clock are replaced by [`NOW`], so the file is the same on
//! every run (`make types-check`).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use standard_practice::access::{AccountRole, Actor};
use standard_practice::accounts::{self, AccountInput};
use standard_practice::demo::{self, DemoSize};
use standard_practice::keys::{Key, Keys};
use standard_practice::{
    check_ins, colleague_feedback, courses, evaluations, import, pages, patient_feedback, practice,
    recognition, roles, service_checks, staff, standards, storage, suggestions, templates,
    training, Db,
};

use crate::reviews::{page, CriterionFromStandard};

mod file;
mod improvement;
mod licences;
mod scenarios;
mod year;
use file::changed;
use scenarios::{scenarios, Step};

/// The day every fixture is computed at; the UI tests' browser clock says the same.
pub const TODAY: &str = "2026-11-23";
/// What a timestamp the core took from the clock is written as.
pub const NOW: &str = "2026-11-23T09:30:00Z";
/// The owner of every world but `blank`.
const OWNER: &str = "Dr. Ana Patel";
const PASSPHRASE: &str = "lakeside harbour";
/// A tiny PNG (a teal square): the demo's one stored certificate.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAGklEQVR4nGMQmvWTJMQwqmFUw6iGUQ1DVQMAdjrSsDnhJ1wAAAAASUVORK5CYII=";

/// An answer as the fake serves it: `{ "ok": value }` or `{ "err": payload }`.
type Answer = Value;
/// Every read the UI makes, by [`key`].
type Reads = BTreeMap<String, Answer>;

/// The key the fake looks a call up by: the command, a space, its arguments
/// as JSON with sorted keys (`serde_json`'s map is sorted).
fn key(cmd: &str, args: &Value) -> String {
    format!("{cmd} {args}")
}

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("TODAY is a date")
}

/// One argument of a call, as the command would deserialize it.
fn arg<T: DeserializeOwned>(args: &Value, name: &str) -> T {
    serde_json::from_value(args.get(name).cloned().unwrap_or(Value::Null))
        .unwrap_or_else(|e| panic!("argument {name} of {args}: {e}"))
}

fn answer<T: serde::Serialize>(result: standard_practice::Result<T>) -> Answer {
    match result {
        Ok(v) => json!({ "ok": v }),
        Err(e) => json!({ "err": e.payload() }),
    }
}

/// The practice's file in its folder.
const FILE: &str = "practice.sqlite3";

/// A practice in a temporary folder, and who is signed in to it.
struct Practice {
    dir: tempfile::TempDir,
    /// Its key, to open a copy with.
    keys: Keys,
    db: Db,
    session: Option<Actor>,
    /// Kiosk sessions whose page is among the reads, by account id.
    kiosk: BTreeMap<i64, Actor>,
    /// When building started: a timestamp from then on is the clock's.
    started: DateTime<Utc>,
}

impl Practice {
    fn blank() -> Practice {
        storage::start_engine().expect("SQLCipher starts");
        let started = Utc::now();
        let dir = tempfile::tempdir().expect("a temporary folder");
        let keys = Keys::given(Key::generate().expect("a key"));
        let db = Db::open(&dir.path().join(FILE), &keys).expect("a new practice");
        // The locale as if chosen, not this computer's: the file is the same
        // on every machine that writes it.
        db.raw()
            .execute(
                "UPDATE practice SET date_format = 'iso', clock = '24h', time_zone = 'UTC', currency = 'USD'",
                [],
            )
            .expect("the locale is fixed");
        Practice {
            dir,
            keys,
            db,
            session: None,
            kiosk: BTreeMap::new(),
            started,
        }
    }

    /// The same practice, with the same sessions, in a folder of its own: a
    /// scenario starts from a copy of its world rather than building it again
    /// (the demo takes a third of a second; a copy, a few milliseconds).
    fn copy(&self) -> Practice {
        self.db
            .raw()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .expect("the practice is all in its file");
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::copy(self.dir.path().join(FILE), dir.path().join(FILE))
            .expect("the file is copied");
        let db = Db::open(&dir.path().join(FILE), &self.keys).expect("the copy opens");
        Practice {
            dir,
            keys: self.keys.clone(),
            db,
            session: self.session.clone(),
            kiosk: self.kiosk.clone(),
            started: self.started,
        }
    }

    fn new_practice() -> Practice {
        let mut p = Practice::blank();
        p.call("owner_create", &owner_input(PASSPHRASE));
        p
    }

    fn demo() -> Practice {
        let mut p = Practice::new_practice();
        p.call("setup_demo", &json!({}));
        // The one certificate: on Zoë Núñez's CPR record.
        let zoe = p.staff_id("Zoë Núñez");
        let page = p.read("staff_page", &json!({ "id": zoe }));
        let cpr = page["ok"]["training"]
            .as_array()
            .and_then(|t| {
                t.iter().find(|r| {
                    r["courseTitle"]
                        .as_str()
                        .is_some_and(|c| c.starts_with("CPR"))
                })
            })
            .cloned()
            .expect("Zoë has a CPR record");
        let mut input = record_input(&cpr);
        input["certificate"] = json!({ "fileName": "cpr-card.png", "dataBase64": PNG });
        let saved = p.call(
            "training_update",
            &json!({ "id": cpr["id"], "input": input }),
        );
        assert!(
            saved.get("ok").is_some(),
            "the certificate is attached: {saved}"
        );
        // A standard that takes effect in two weeks: one not in force yet.
        let upcoming = json!({ "input": {
            "audience": "internal", "channel": "internal_request",
            "statement": "Pass on registration corrections to billing the same day.",
            "targetValue": null, "targetUnit": "text", "targetText": "same day",
            "effectiveDate": "2026-12-07", "roleIds": [],
        } });
        let made = p.call("standard_create", &upcoming);
        assert!(
            made.get("ok").is_some(),
            "the upcoming standard is made: {made}"
        );
        // A new hire with no training yet, and no history to keep: one who may be deleted.
        let hire = json!({ "input": { "name": "Sam Carter", "roleId": 2, "department": "Front office", "hireDate": "2026-10-14" } });
        let hired = p.call("staff_create", &hire);
        assert!(hired.get("ok").is_some(), "Sam Carter is hired: {hired}");
        // Her kiosk session, for the kiosk's page.
        let account = p.account_of("Zoë Núñez");
        let actor = accounts::sign_in(
            &mut p.db,
            arg(&json!({ "a": account }), "a"),
            demo::DEMO_PIN,
            Utc::now(),
        )
        .expect("Zoë signs in at the kiosk");
        p.kiosk.insert(account, actor);
        // Aoife Ní Bhriain's, for the self-review of her draft evaluation (11).
        let account = p.account_of("Aoife Ní Bhriain");
        let actor = accounts::sign_in(
            &mut p.db,
            arg(&json!({ "a": account }), "a"),
            demo::DEMO_PIN,
            Utc::now(),
        )
        .expect("Aoife signs in at the kiosk");
        p.kiosk.insert(account, actor);
        p
    }

    fn staff_id(&mut self, name: &str) -> i64 {
        let all = self.read("staff_list", &all_staff());
        all["ok"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["person"]["name"] == name))
            .and_then(|r| r["person"]["id"].as_i64())
            .unwrap_or_else(|| panic!("{name} is in the demo"))
    }

    fn account_of(&mut self, name: &str) -> i64 {
        let options = self.read("sign_in_options", &json!({}));
        options["ok"]["kiosk"]
            .as_array()
            .and_then(|k| k.iter().find(|a| a["name"] == name))
            .and_then(|a| a["id"].as_i64())
            .unwrap_or_else(|| panic!("{name} has a kiosk account"))
    }

    fn read(&mut self, cmd: &str, args: &Value) -> Answer {
        self.call(cmd, args)
    }

    /// [`Practice::read`], kept in `known` under its key.
    fn remember(&mut self, known: &mut Reads, cmd: &str, args: &Value) -> Answer {
        let answer = self.read(cmd, args);
        known.insert(key(cmd, args), answer.clone());
        answer
    }

    /// What the command `cmd` answers to `args` from the kiosk signed in to
    /// `account` (one of [`Practice::kiosk`]): made in that person's name.
    fn call_at_kiosk(&mut self, account: i64, cmd: &str, args: &Value) -> Answer {
        let actor = self
            .kiosk
            .get(&account)
            .cloned()
            .unwrap_or_else(|| panic!("no kiosk session for account {account}"));
        let window = self.session.replace(actor);
        let out = self.call(cmd, args);
        self.session = window;
        out
    }

    /// What the command `cmd` answers to `args`, by the core.
    fn call(&mut self, cmd: &str, args: &Value) -> Answer {
        let t = today();
        let db = &mut self.db;
        let signed_in = self.session.clone();
        let me = || {
            signed_in
                .clone()
                .unwrap_or_else(|| panic!("{cmd} needs someone signed in"))
        };
        let out = match cmd {
            "app_status" => {
                answer(practice::is_set_up(db).map(|set_up| json!({ "setUp": set_up })))
            }
            "sign_in_options" => answer(accounts::sign_in_options(db)),
            "owner_create" => {
                let a = accounts::create_owner(db, &arg::<AccountInput>(args, "input"));
                if let Ok(actor) = &a {
                    self.session = Some(actor.clone());
                }
                answer(a)
            }
            "sign_in" => {
                let a = accounts::sign_in(
                    db,
                    arg(args, "account"),
                    &arg::<String>(args, "secret"),
                    Utc::now(),
                );
                // Signed in at the window, the next steps are theirs; a kiosk
                // session's steps are made with `call_at_kiosk`.
                match &a {
                    Ok(actor) if actor.role() != AccountRole::Staff => {
                        self.session = Some(actor.clone());
                    }
                    _ => {}
                }
                answer(a)
            }
            "manager_create" => answer(accounts::create_manager(db, &me(), &arg(args, "input"))),
            "accounts_list" => answer(accounts::list(db, &me())),
            "kiosk_page" => {
                let account: i64 = arg(args, "account");
                let actor = self.kiosk.get(&account).cloned().expect("a kiosk session");
                answer(pages::kiosk(db, &actor, t))
            }
            "setup_demo" => answer(
                demo::create(db, &me(), DemoSize::default(), t)
                    .and_then(|()| pages::overview(db, &me(), t)),
            ),
            "overview" => answer(pages::overview(db, &me(), t)),
            "practice_get" => answer(practice::settings(db, &me())),
            "practice_logo" => answer(practice::logo(db, &me())),
            "practice_update" => answer(practice::update(db, &me(), &arg(args, "settings"))),
            "staff_list" => answer(pages::staff_list(db, &me(), &arg(args, "filter"), t)),
            "staff_page" => answer(pages::staff_page(db, &me(), arg(args, "id"), t)),
            "staff_create" => answer(staff::create(db, &me(), &arg(args, "input"), t)),
            "staff_delete" => answer(staff::delete(db, &me(), arg(args, "id"))),
            "roles_list" => answer(roles::list(db, &me())),
            "recognition_list" => answer(recognition::list(db, &me(), &arg(args, "filter"))),
            "recognition_give" => answer(recognition::give(db, &me(), &arg(args, "input"), t)),
            "recognition_hide" => answer(recognition::set_hidden(
                db,
                &me(),
                arg(args, "id"),
                arg(args, "hidden"),
            )),
            "recognition_delete" => answer(recognition::delete(db, &me(), arg(args, "id"))),
            "self_review_save" => answer(evaluations::self_review::save(
                db,
                &me(),
                arg(args, "id"),
                &arg(args, "input"),
                t,
            )),
            "suggestions_list" => answer(suggestions::list(db, &me())),
            "suggestion_submit" => answer(suggestions::submit(db, &me(), &arg(args, "input"), t)),
            "suggestion_decide" => answer(suggestions::decide(
                db,
                &me(),
                arg(args, "id"),
                &arg(args, "input"),
                t,
            )),
            "feedback_requests_list" => {
                answer(colleague_feedback::list(db, &me(), arg(args, "staffId")))
            }
            "feedback_request_get" => answer(colleague_feedback::get(db, &me(), arg(args, "id"))),
            "feedback_request_ask" => {
                answer(colleague_feedback::ask(db, &me(), &arg(args, "input"), t))
            }
            "feedback_answer" => answer(colleague_feedback::answer(
                db,
                &me(),
                arg(args, "id"),
                &arg(args, "input"),
                t,
            )),
            "check_ins_list" => answer(check_ins::list(db, &me(), arg(args, "staffId"))),
            "check_in_record" => answer(check_ins::record(db, &me(), &arg(args, "input"), t)),
            "check_in_update" => answer(check_ins::update(
                db,
                &me(),
                arg(args, "id"),
                &arg(args, "input"),
                t,
            )),
            "check_in_delete" => answer(check_ins::delete(db, &me(), arg(args, "id"))),
            "patient_feedback_list" => {
                answer(patient_feedback::list(db, &me(), &arg(args, "filter")))
            }
            "patient_feedback_log" => {
                answer(patient_feedback::log(db, &me(), &arg(args, "input"), t))
            }
            "patient_feedback_update" => answer(patient_feedback::update(
                db,
                &me(),
                arg(args, "id"),
                &arg(args, "input"),
                t,
            )),
            "patient_feedback_delete" => {
                answer(patient_feedback::delete(db, &me(), arg(args, "id")))
            }
            "service_checks_list" => answer(service_checks::list(db, &me(), &arg(args, "filter"))),
            "service_checks_by_month" => {
                answer(service_checks::by_month(db, &me(), &arg(args, "filter")))
            }
            "service_rates" => answer(service_checks::rates_this_year(
                db,
                &me(),
                arg(args, "staffId"),
                t,
            )),
            "service_check_record" => {
                answer(service_checks::record(db, &me(), &arg(args, "input"), t))
            }
            "service_check_delete" => answer(service_checks::delete(db, &me(), arg(args, "id"))),
            "import_preview" | "import_run" => answer(import::csv(
                db,
                &me(),
                arg(args, "kind"),
                &arg::<String>(args, "text"),
                t,
                cmd == "import_run",
            )),
            "role_create" => answer(roles::create(db, &me(), &arg(args, "input"))),
            "role_update" => answer(roles::update(
                db,
                &me(),
                arg(args, "id"),
                &arg(args, "input"),
            )),
            "courses_list" => answer(courses::list(db, &me())),
            "course_delete" => answer(courses::delete(db, &me(), arg(args, "id"))),
            "training_log" => answer(training::log(db, &me(), &arg(args, "input"), t)),
            "training_update" => answer(training::update(
                db,
                &me(),
                arg(args, "id"),
                &arg(args, "input"),
                t,
            )),
            "training_pending" => answer(training::pending(db, &me())),
            "training_approve" => answer(training::approve(db, &me(), &arg::<Vec<_>>(args, "ids"))),
            "certificate_get" => answer(training::certificate_file(db, &me(), arg(args, "id"))),
            "standards_list" => answer(standards::list(db, &me(), t)),
            "standard_detail" => answer(standards::detail(db, &me(), arg(args, "id"), t)),
            "standard_create" => answer(standards::create(db, &me(), &arg(args, "input"), t)),
            "standard_revise" => answer(standards::revise(
                db,
                &me(),
                arg(args, "id"),
                &arg(args, "input"),
                t,
            )),
            "standard_acknowledge" => answer(standards::acknowledge(
                db,
                &me(),
                arg(args, "staffId"),
                arg(args, "versionId"),
                &arg::<String>(args, "acknowledgedOn"),
                t,
            )),
            "templates_list" => answer(templates::list(db, &me())),
            "template_get" => answer(templates::get(db, &me(), arg(args, "id"))),
            "template_update" => answer(templates::update(
                db,
                &me(),
                arg(args, "id"),
                &arg(args, "input"),
            )),
            "criterion_from_standard" => answer(
                templates::criterion_from_standard(db, &me(), arg(args, "standardId"), t)
                    .map(|(kind, criterion)| CriterionFromStandard { kind, criterion }),
            ),
            "evaluations_list" => answer(evaluations::list(db, &me(), &arg(args, "filter"))),
            "evaluation_history" => answer(evaluations::history(db, &me(), arg(args, "staffId"))),
            "evaluation_get" => answer(
                evaluations::get(db, &me(), arg(args, "id")).and_then(|e| page(db, &me(), e, t)),
            ),
            "evaluation_create" => answer(
                evaluations::create(db, &me(), &arg(args, "input"))
                    .and_then(|e| page(db, &me(), e, t)),
            ),
            "evaluation_save" => answer(
                evaluations::save(db, &me(), arg(args, "id"), &arg(args, "edit"), t)
                    .and_then(|e| page(db, &me(), e, t)),
            ),
            "evaluation_finalize" => answer(
                evaluations::finalize(db, &me(), arg(args, "id"), t)
                    .and_then(|e| page(db, &me(), e, t)),
            ),
            other => licences::call(db, me, other, args, t)
                .or_else(|| year::call(db, me, other, args, t))
                .or_else(|| improvement::call(db, me, other, args, t))
                .unwrap_or_else(|| panic!("the fixtures do not call {other}")),
        };
        self.steady(out)
    }

    /// `value` with every timestamp the clock gave since this practice was
    /// started written as [`NOW`].
    fn steady(&self, mut value: Value) -> Value {
        fn walk(v: &mut Value, since: DateTime<Utc>) {
            match v {
                Value::String(s)
                    if DateTime::parse_from_rfc3339(s).is_ok_and(|t| {
                        t.with_timezone(&Utc) >= since - chrono::Duration::seconds(2)
                    }) =>
                {
                    *s = NOW.to_owned();
                }
                Value::Array(a) => a.iter_mut().for_each(|x| walk(x, since)),
                Value::Object(m) => m.values_mut().for_each(|x| walk(x, since)),
                _ => {}
            }
        }
        walk(&mut value, self.started);
        value
    }

    /// Every read the UI tests make, as the core answers it now.
    fn reads(&mut self) -> Reads {
        // What was read to find the other reads, not read twice.
        let mut known = Reads::new();
        let mut calls: Vec<(&str, Value)> =
            vec![("app_status", json!({})), ("sign_in_options", json!({}))];
        if self.session.is_some() {
            for cmd in [
                "overview",
                "practice_get",
                "practice_logo",
                "roles_list",
                "courses_list",
                "training_pending",
                "standards_list",
                "templates_list",
                "accounts_list",
                "suggestions_list",
            ]
            .into_iter()
            .chain(licences::LISTS)
            .chain(year::LISTS)
            .chain(improvement::LISTS)
            {
                calls.push((cmd, json!({})));
            }
            calls.extend(improvement::area_reads());
            for filter in staff_filters() {
                calls.push(("staff_list", json!({ "filter": filter })));
            }
            let everyone = json!({ "staffId": null, "fromStaff": null, "from": "", "to": "" });
            calls.push(("recognition_list", json!({ "filter": everyone })));
            // The Patients' feedback screen's filters, and the Service checks screen's rates.
            for year in feedback_years() {
                for kind in [Value::Null, json!("compliment"), json!("complaint")] {
                    for open_only in [false, true] {
                        let filter = feedback_filter(kind.clone(), None, None, open_only, year);
                        calls.push(("patient_feedback_list", json!({ "filter": filter })));
                    }
                }
            }
            calls.push(("service_rates", json!({ "staffId": null })));
            calls.extend(year::reads(today()));
            for year in [Value::Null, json!(2026), json!(2025)] {
                let filter = json!({ "year": year, "status": null, "staffId": null });
                calls.push(("evaluations_list", json!({ "filter": filter })));
            }
            let ids = |answer: &Answer, path: &[&str]| -> Vec<Value> {
                answer["ok"]
                    .as_array()
                    .map(|rows| {
                        rows.iter()
                            .map(|r| path.iter().fold(r, |v, k| &v[*k]).clone())
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let people = self.remember(&mut known, "staff_list", &all_staff());
            for id in ids(&people, &["person", "id"]) {
                calls.push(("staff_page", json!({ "id": id })));
                calls.push(("evaluation_history", json!({ "staffId": id })));
                calls.push(("service_rates", json!({ "staffId": id })));
                calls.push(("feedback_requests_list", json!({ "staffId": id })));
                calls.push(("check_ins_list", json!({ "staffId": id })));
                let about = feedback_filter(Value::Null, Some(&id), None, false, None);
                calls.push(("patient_feedback_list", json!({ "filter": about })));
                let page = self.remember(&mut known, "staff_page", &json!({ "id": id }));
                for r in page["ok"]["training"].as_array().into_iter().flatten() {
                    if !r["certificate"].is_null() {
                        calls.push(("certificate_get", json!({ "id": r["id"] })));
                    }
                }
                calls.extend(licences::page_reads(&page));
                calls.extend(improvement::page_reads(&id));
            }
            let asked = self.read("feedback_requests_list", &json!({ "staffId": null }));
            for id in ids(&asked, &["id"]) {
                calls.push(("feedback_request_get", json!({ "id": id })));
            }
            let list = self.remember(&mut known, "standards_list", &json!({}));
            for id in ids(&list, &["id"]) {
                calls.push(("standard_detail", json!({ "id": id })));
                calls.push(("criterion_from_standard", json!({ "standardId": id })));
                let citing = feedback_filter(Value::Null, None, Some(&id), false, None);
                calls.push(("patient_feedback_list", json!({ "filter": citing })));
                calls.push((
                    "service_checks_by_month",
                    json!({ "filter": months_of(&id) }),
                ));
                let every = json!({ "standardId": id, "staffId": null, "from": "", "to": "" });
                calls.push(("service_checks_list", json!({ "filter": every })));
            }
            let list = self.remember(&mut known, "templates_list", &json!({}));
            for id in ids(&list, &["id"]) {
                calls.push(("template_get", json!({ "id": id })));
            }
            let all = json!({ "filter": { "year": null, "status": null, "staffId": null } });
            let list = self.remember(&mut known, "evaluations_list", &all);
            for id in ids(&list, &["id"]) {
                calls.push(("evaluation_get", json!({ "id": id })));
            }
        }
        let accounts: Vec<i64> = self.kiosk.keys().copied().collect();
        for account in accounts {
            calls.push(("kiosk_page", json!({ "account": account })));
            let mine = self.call_at_kiosk(account, "todo_mine", &json!({}));
            known.insert(key("todo_mine", &year::mine_at(account)), mine);
            calls.push(("todo_mine", year::mine_at(account)));
        }
        calls
            .into_iter()
            .map(|(cmd, args)| {
                let k = key(cmd, &args);
                let answer = known.remove(&k).unwrap_or_else(|| self.read(cmd, &args));
                (k, answer)
            })
            .collect()
    }
}

/// The owner's account as the first-run form sends it.
fn owner_input(passphrase: &str) -> Value {
    json!({ "input": { "name": OWNER, "passphrase": passphrase, "confirm": passphrase } })
}

fn all_staff() -> Value {
    json!({ "filter": { "search": "", "status": null, "roleId": null } })
}

/// The staff list's filters the UI tests use: everyone, the default (active),
/// and what the search test types, letter by letter where it types.
fn staff_filters() -> Vec<Value> {
    // "zoe" is typed a key at a time: any prefix may be searched.
    let mut searches: Vec<String> = ["", "z", "zo", "zoe"].map(String::from).to_vec();
    searches.extend(["nguyen", "nobody-by-this-name"].map(String::from));
    let mut filters = vec![];
    for search in searches {
        for status in [Value::Null, json!("active")] {
            filters.push(json!({ "search": search, "status": status, "roleId": null }));
        }
    }
    filters
}

/// Patients' feedback as the window filters it (`PatientFeedbackFilter`, every key sent).
fn feedback_filter(
    kind: Value,
    staff: Option<&Value>,
    standard: Option<&Value>,
    open_only: bool,
    year: Option<i32>,
) -> Value {
    json!({ "kind": kind, "staffId": staff, "standardId": standard, "openOnly": open_only, "year": year })
}

/// The years the Patients' feedback screen offers (Feedback.svelte): this
/// one, the three before it, and all years (`None`).
fn feedback_years() -> Vec<Option<i32>> {
    let this = today().year();
    vec![
        Some(this),
        Some(this - 1),
        Some(this - 2),
        Some(this - 3),
        None,
    ]
}

/// The first day of the twelve months the window shows month by month
/// (`twelveMonths` in ui/src/lib/format.ts): this month and the eleven before.
fn twelve_months_from() -> String {
    let t = today();
    let months = t.year() * 12 + t.month0() as i32 - 11;
    format!("{:04}-{:02}-01", months / 12, months % 12 + 1)
}

/// A standard's checks month by month, as the Service checks screen and the
/// standard's page ask for them: the last twelve months.
fn months_of(standard: &Value) -> Value {
    json!({ "standardId": standard, "staffId": null, "from": twelve_months_from(), "to": "" })
}

/// A training record's form as the window fills it from the record.
fn record_input(r: &Value) -> Value {
    json!({
        "staffId": r["staff"]["id"],
        "courseId": r["courseId"],
        "completedOn": r["completedOn"],
        "hours": r["hours"],
        "provider": r["provider"],
        "notes": r["notes"],
        "certificate": null,
        "removeCertificate": false,
    })
}

fn build(world: &str) -> Practice {
    match world {
        "blank" => Practice::blank(),
        "new" => Practice::new_practice(),
        "demo" => Practice::demo(),
        other => panic!("no world {other}"),
    }
}

/// Writes `practice.json` into `dir`.
pub fn write(dir: &Path) {
    let mut worlds = serde_json::Map::new();
    let mut base: BTreeMap<&str, Reads> = BTreeMap::new();
    // Each world is built once; every scenario starts from a copy of its own.
    let mut built: BTreeMap<&str, Practice> = BTreeMap::new();
    for name in ["blank", "new", "demo"] {
        let mut p = build(name);
        let reads = p.reads();
        let session = p.session.clone().map(|a| p.steady(json!(a)));
        // The kiosk sessions, for a test that starts at the kiosk.
        let kiosk: Vec<Value> = p.kiosk.values().map(|a| p.steady(json!(a))).collect();
        worlds.insert(
            name.into(),
            json!({ "session": session, "kiosk": kiosk, "reads": reads }),
        );
        base.insert(name, reads);
        built.insert(name, p);
    }
    let mut out = vec![];
    for s in scenarios(&built) {
        let mut p = built[s.world].copy();
        let mut before = base[s.world].clone();
        let mut steps = vec![];
        for Step { cmd, args, kiosk } in s.steps {
            let answer = match kiosk {
                Some(account) => p.call_at_kiosk(account, cmd, &args),
                None => p.call(cmd, &args),
            };
            // A read the step removed (a person deleted) is asked again: the core's answer now.
            let mut after = p.reads();
            for k in before.keys() {
                if !after.contains_key(k) {
                    let (c, a) = k.split_once(' ').expect("a key");
                    let a: Value = serde_json::from_str(a).expect("a key's arguments");
                    after.insert(k.clone(), p.read(c, &a));
                }
            }
            // Setting up the demo turns a new practice into the demo world.
            let (becomes, diff) = if cmd == "setup_demo" && answer.get("ok").is_some() {
                ("demo", changed(&base["demo"], &after))
            } else {
                ("", changed(&before, &after))
            };
            let mut step = json!({ "cmd": cmd, "args": args, "answer": answer, "reads": diff });
            if !becomes.is_empty() {
                step["world"] = json!(becomes);
            }
            if let Some(account) = kiosk {
                step["kiosk"] = json!(account);
            }
            steps.push(step);
            before = after;
        }
        out.push(json!({ "name": s.name, "world": s.world, "steps": steps }));
    }
    let fixture = json!({ "today": TODAY, "now": NOW, "worlds": worlds, "scenarios": out });
    std::fs::write(dir.join("practice.json"), file::text(&fixture))
        .expect("practice.json is written");
}
