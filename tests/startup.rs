//! The first moments of a process: several threads opening practices at
//! once before SQLCipher has ever been used. Its own test binary, so nothing
//! else has started the engine first.
//!
//! SQLite marks itself started before SQLCipher's own start-up has run, and
//! a thread that keys a connection in that moment is refused. The window is
//! short: without `storage::start_engine` this test failed in 6 of 300 runs
//! on two busy cores (and never with it, in 600); CI's loaded machines hit it.

mod common;

use std::sync::{Arc, Barrier};

use standard_practice::Db;

#[test]
fn practices_opened_at_once_by_a_fresh_process_all_open() {
    const THREADS: usize = 16;
    let dir = tempfile::tempdir().unwrap();
    let start = Arc::new(Barrier::new(THREADS));
    let opening: Vec<_> = (0..THREADS)
        .map(|i| {
            let path = dir.path().join(format!("practice-{i}.sqlite3"));
            let start = Arc::clone(&start);
            let keys = common::keys();
            std::thread::spawn(move || {
                start.wait();
                Db::open(&path, &keys).map(|_| ())
            })
        })
        .collect();
    for (i, thread) in opening.into_iter().enumerate() {
        let opened = thread.join().unwrap();
        assert!(opened.is_ok(), "practice {i} did not open: {opened:?}");
    }
}
