//! The evidence of a person's customer service over a period, in one
//! summary: the thank-yous they received, patients' compliments and
//! complaints about them, and their service checks' met rate per standard.
//! The evaluation shows it beside its customer-service sections and prints
//! it; a finalized evaluation keeps the summary it was finalized with
//! (`evaluations.evidence`), so later entries never rewrite a signed review.
//! The command line prints it (`evidence --staff ID`).

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::colleague_feedback::{self, ColleagueSummary};
use crate::error::{Error, Result};
use crate::ids::{FeedbackId, RecognitionId, StaffId};
use crate::patient_feedback::{self, FeedbackChannel, FeedbackKind};
use crate::recognition::{self, StandardRef};
use crate::service_checks::{self, StandardRate};
use crate::storage::Readable;

/// A thank-you as the evidence lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ThanksLine {
    pub id: RecognitionId,
    pub happened_on: NaiveDate,
    pub what: String,
    pub standard: Option<StandardRef>,
    pub from_name: String,
}

/// A patient's compliment or complaint as the evidence lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PatientLine {
    pub id: FeedbackId,
    pub received_on: NaiveDate,
    pub kind: FeedbackKind,
    pub channel: FeedbackChannel,
    pub summary: String,
    pub standard: Option<StandardRef>,
    pub closed_on: Option<NaiveDate>,
}

/// One person's evidence of service over `from..=to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceEvidence {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Newest first.
    pub recognitions: Vec<ThanksLine>,
    pub compliments: u32,
    pub complaints: u32,
    /// Newest first.
    pub patient_feedback: Vec<PatientLine>,
    /// Their own checks' met rate, per standard checked.
    pub checks: Vec<StandardRate>,
    /// How many colleagues answered a request for feedback on them in the
    /// period; what they said in sum once at least three did.
    #[serde(default)]
    pub colleagues_answered: u32,
    #[serde(default)]
    pub colleagues: Option<ColleagueSummary>,
    /// The days of the check-ins held with them in the period, newest first,
    /// and the next one agreed at the latest.
    #[serde(default)]
    pub check_ins: Vec<NaiveDate>,
    #[serde(default)]
    pub next_check_in: Option<NaiveDate>,
}

/// The summary for `person` over `from..=to`, whoever asks.
pub(crate) fn of_person(
    conn: &Connection,
    person: StaffId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<ServiceEvidence> {
    let recognitions = recognition::list_between(conn, Some(person), None, Some(from), Some(to))?
        .into_iter()
        .map(|r| ThanksLine {
            id: r.id,
            happened_on: r.happened_on,
            what: r.what,
            standard: r.standard,
            from_name: r.from_name,
        })
        .collect();
    let patient_feedback: Vec<PatientLine> = patient_feedback::about(conn, person, from, to)?
        .into_iter()
        .map(|f| PatientLine {
            id: f.id,
            received_on: f.received_on,
            kind: f.kind,
            channel: f.channel,
            summary: f.summary,
            standard: f.standard,
            closed_on: f.closed_on,
        })
        .collect();
    let count = |k| patient_feedback.iter().filter(|f| f.kind == k).count() as u32;
    let (colleagues_answered, colleagues) = colleague_feedback::summary(conn, person, from, to)?;
    let held = crate::check_ins::of_person(conn, person, Some(from), Some(to))?;
    Ok(ServiceEvidence {
        from,
        to,
        recognitions,
        compliments: count(FeedbackKind::Compliment),
        complaints: count(FeedbackKind::Complaint),
        patient_feedback,
        checks: service_checks::rates(conn, Some(person), from, to)?,
        colleagues_answered,
        colleagues,
        next_check_in: held.first().and_then(|c| c.next_on),
        check_ins: held.iter().map(|c| c.held_on).collect(),
    })
}

/// The summary stored with a finalized evaluation, as JSON.
pub(crate) fn to_json(e: &ServiceEvidence) -> Result<String> {
    serde_json::to_string(e)
        .map_err(|e| Error::Migration(format!("the evidence could not be kept: {e}")))
}

/// A stored summary read back; a damaged one says so.
pub(crate) fn from_json(json: &str) -> Result<ServiceEvidence> {
    serde_json::from_str(json).map_err(|e| {
        Error::Migration(format!(
            "the evidence kept with this evaluation is unreadable: {e}"
        ))
    })
}

/// A person's evidence for a review year: their annual review's (as it was
/// finalized, or as it stands in a draft), else the calendar year up to
/// `today`. The owner and managers.
pub fn for_year(
    conn: &dyn Readable,
    actor: &Actor,
    person: StaffId,
    year: i32,
    today: NaiveDate,
) -> Result<ServiceEvidence> {
    actor.require(Permission::RecordService)?;
    let conn = crate::storage::sql(conn);
    crate::staff::ensure_exists(conn, "staffId", person)?;
    let annual: Option<(crate::ids::EvaluationId,)> = conn
        .query_row(
            "SELECT id FROM evaluations WHERE staff_id = ?1 AND year = ?2 AND kind = 'annual'",
            rusqlite::params![person, year],
            |r| Ok((r.get(0)?,)),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    if let Some((id,)) = annual {
        if let Some(kept) = crate::evaluations::load_evidence(conn, id, today)?.service {
            return Ok(kept);
        }
    }
    let (Some(from), Some(end)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Err(Error::invalid("year", format!("{year} is not a year")));
    };
    if from > today {
        return Err(Error::invalid(
            "year",
            format!("{year} has not begun: there is no evidence yet"),
        ));
    }
    of_person(conn, person, from, end.min(today))
}

/// What internal customers said, in sum and without names: "5 answered;
/// would choose their service 4.3 of 5; “Acknowledge…”: 4 met, 1 sometimes".
pub fn colleagues_text(ev: &ServiceEvidence, statement_chars: usize) -> String {
    let Some(c) = &ev.colleagues else {
        return match ev.colleagues_answered {
            0 => "no answers in the period".to_owned(),
            n => format!("{n} answered; fewer than three, so not summed up"),
        };
    };
    let mut parts = vec![format!(
        "{} answered; would choose their service {} of 5",
        c.answered, c.would_choose_mean
    )];
    for s in &c.per_standard {
        let counts: Vec<String> = [
            (s.met, "met"),
            (s.sometimes, "sometimes"),
            (s.not_met, "not met"),
            (s.cant_say, "can't say"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| format!("{n} {w}"))
        .collect();
        parts.push(format!(
            "“{}”: {}",
            shortened(&s.standard.statement, statement_chars),
            counts.join(", ")
        ));
    }
    parts.join("; ")
}

/// At most `n` characters of `s`, an ellipsis marking a cut.
fn shortened(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
