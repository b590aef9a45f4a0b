//! This version, and what changed in it: the version Cargo gives the build,
//! and `CHANGELOG.md` built in, read by release. The window's About box
//! shows this version's notes; after an upgrade, the first start shows what
//! changed since the version this computer ran before (`since_last_run`).
//!
//! The changelog's releases are its `## v1.2.3 — commit abc1234` sections,
//! newest first; `## Unreleased` holds this version's notes until it is
//! released under its number.

use serde::Serialize;
use specta::Type;

/// This build's version (semantic: major.minor.patch).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The changelog, as the repository keeps it.
const CHANGELOG: &str = include_str!("../CHANGELOG.md");

/// One release's notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseNotes {
    pub version: String,
    /// Its section of the changelog without the heading, Markdown as written.
    pub notes: String,
}

/// What changed between the version this computer last ran and this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct WhatChanged {
    pub from: String,
    pub to: String,
    /// Each release after `from` up to this one, newest first.
    pub releases: Vec<ReleaseNotes>,
}

/// A version as numbers, for ordering; `None` for anything else.
fn parse(version: &str) -> Option<(u64, u64, u64)> {
    let mut parts = version.trim().trim_start_matches('v').splitn(3, '.');
    let mut next = || parts.next()?.parse().ok();
    Some((next()?, next()?, next()?))
}

/// Every release `changelog` records, newest first, `## Unreleased` as
/// `current`.
fn releases(changelog: &str, current: &str) -> Vec<ReleaseNotes> {
    let mut out: Vec<ReleaseNotes> = Vec::new();
    for line in changelog.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            let version = if heading.trim() == "Unreleased" {
                current.to_string()
            } else {
                heading
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_start_matches('v')
                    .to_string()
            };
            out.push(ReleaseNotes {
                version,
                notes: String::new(),
            });
        } else if let Some(release) = out.last_mut() {
            release.notes.push_str(line);
            release.notes.push('\n');
        }
    }
    for release in &mut out {
        release.notes = release.notes.trim().to_string();
    }
    out.retain(|r| parse(&r.version).is_some());
    out
}

/// This version's notes, from the built-in changelog.
pub fn notes() -> Option<ReleaseNotes> {
    releases(CHANGELOG, VERSION)
        .into_iter()
        .find(|r| r.version == VERSION)
}

/// What changed from `from` to `to`, by `changelog`: `None` unless `to` is
/// newer than `from`.
fn changed(changelog: &str, from: &str, to: &str) -> Option<WhatChanged> {
    let (old, new) = (parse(from)?, parse(to)?);
    if new <= old {
        return None;
    }
    let releases = releases(changelog, to)
        .into_iter()
        .filter(|r| parse(&r.version).is_some_and(|v| v > old && v <= new))
        .collect();
    Some(WhatChanged {
        from: from.trim().to_string(),
        to: to.to_string(),
        releases,
    })
}

/// Records this version as the one this computer runs, and says what
/// changed since the one it ran before, when that was older. Nothing on the
/// first start on this computer (nothing is new to it), on the same version,
/// or after going back to an older one. Versions before 0.2.0 did not
/// remember themselves, and kept the practice unencrypted: with nothing
/// remembered, a plain practice at `practice` (asked before opening it,
/// which encrypts it) was the release before this one's. A computer without
/// a config folder just gets nothing.
pub fn since_last_run(practice: Option<&std::path::Path>) -> Option<WhatChanged> {
    let remembered = crate::storage::last_run_version();
    if remembered.as_deref() != Some(VERSION) {
        // Not being able to remember costs only showing it again next time.
        let _ = crate::storage::remember_run_version(VERSION);
    }
    let before = match remembered {
        Some(v) => v,
        None if practice.is_some_and(crate::storage::is_plain_practice) => {
            previous(CHANGELOG, VERSION)?
        }
        None => return None,
    };
    changed(CHANGELOG, &before, VERSION)
}

/// The newest release `changelog` records before `version`.
fn previous(changelog: &str, version: &str) -> Option<String> {
    let this = parse(version)?;
    releases(changelog, version)
        .into_iter()
        .filter_map(|r| parse(&r.version).map(|v| (v, r.version)))
        .filter(|(v, _)| *v < this)
        .max()
        .map(|(_, version)| version)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "# Changelog\n\nIntro.\n\n## Unreleased\n\nNew things.\n\n- one\n\n## v0.2.0 — commit aaaaaaa\n\nSecond.\n\n## v0.1.0 — commit e59d870\n\nFirst.\n";

    #[test]
    fn the_changelog_is_read_by_release_newest_first() {
        let r = releases(LOG, "0.3.0");
        let versions: Vec<&str> = r.iter().map(|r| r.version.as_str()).collect();
        assert_eq!(versions, ["0.3.0", "0.2.0", "0.1.0"]);
        assert_eq!(r[0].notes, "New things.\n\n- one");
        assert_eq!(r[2].notes, "First.");
    }

    #[test]
    fn what_changed_is_every_release_after_the_last_one_run() {
        let c = changed(LOG, "0.1.0", "0.3.0").unwrap();
        assert_eq!((c.from.as_str(), c.to.as_str()), ("0.1.0", "0.3.0"));
        let versions: Vec<&str> = c.releases.iter().map(|r| r.version.as_str()).collect();
        assert_eq!(versions, ["0.3.0", "0.2.0"]);
        assert_eq!(changed(LOG, "0.2.0", "0.3.0").unwrap().releases.len(), 1);
        assert_eq!(changed(LOG, "0.3.0", "0.3.0"), None, "the same version");
        assert_eq!(
            changed(LOG, "0.4.0", "0.3.0"),
            None,
            "an older version than before"
        );
        assert_eq!(
            changed(LOG, "garbage", "0.3.0"),
            None,
            "a file that says nothing sensible"
        );
        assert_eq!(
            changed(LOG, "0.10.0", "0.9.0"),
            None,
            "numbers, not text, are compared"
        );
    }

    #[test]
    fn the_release_before_is_the_newest_older_one() {
        assert_eq!(previous(LOG, "0.3.0").as_deref(), Some("0.2.0"));
        assert_eq!(previous(LOG, "0.2.0").as_deref(), Some("0.1.0"));
        assert_eq!(previous(LOG, "0.1.0"), None);
    }

    #[test]
    fn this_version_has_notes_in_the_built_in_changelog() {
        let notes = notes().expect("CHANGELOG.md has a section for this version");
        assert_eq!(notes.version, VERSION);
        assert!(!notes.notes.is_empty());
    }
}
