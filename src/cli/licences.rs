//! `licences list`: where each person stands with each licence.

use standard_practice::licences::{LicenceState, LicenceStatus};
use standard_practice::locale::{Clock, DateFormat, Written};
use standard_practice::{text, Error};

use super::printable;

/// Every status, one line each, people in name order and worst first; or
/// the statuses as a JSON array.
pub fn print_licences(rows: &mut [LicenceStatus], json: bool) -> Result<(), Error> {
    rows.sort_by(|a, b| {
        text::fold(&a.staff.name)
            .cmp(&text::fold(&b.staff.name))
            .then(a.staff.id.cmp(&b.staff.id))
    });
    if json {
        let out = serde_json::to_string(&rows).map_err(|e| Error::Io(std::io::Error::other(e)))?;
        println!("{out}");
        return Ok(());
    }
    let iso = Written::new(DateFormat::Iso, Clock::H24, "UTC", "USD");
    for r in rows.iter() {
        let state = match r.state {
            LicenceState::Current => "current",
            LicenceState::DueSoon => "due soon",
            LicenceState::Expired => "EXPIRED",
            LicenceState::Missing => "MISSING",
        };
        let expires = match (r.state, r.expires_on) {
            (LicenceState::Missing, _) => String::new(),
            (_, Some(on)) => format!("expires {on}"),
            (_, None) => "does not expire".to_owned(),
        };
        let mut line = format!(
            "{:>5}  {} {} {:<8} {}",
            r.staff.id,
            text::pad(&printable(&r.staff.name), 28),
            text::pad(&printable(&r.type_name), 34),
            state,
            text::pad(&expires, 18),
        );
        if let Some(ce) = &r.ce {
            line.push_str(&format!(
                " CE {}{}",
                ce.in_words(&iso),
                if ce.met { "" } else { " (short)" }
            ));
        }
        if r.unchecked > 0 {
            line.push_str(&format!(" ({} waiting to be checked)", r.unchecked));
        }
        println!("{}", line.trim_end());
    }
    let attention = rows
        .iter()
        .filter(|r| r.state != LicenceState::Current)
        .count();
    println!(
        "{}, {} expired, missing or due soon",
        text::count(rows.len(), "licence", "licences"),
        attention
    );
    Ok(())
}
