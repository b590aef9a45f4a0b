//! Feedback from internal customers: "if they had a choice, would they
//! choose your service?" A manager asks colleagues (those the service map
//! suggests, or hand-picked) about a person, with a closing date. Each
//! answers at the kiosk, once: for every internal standard that binds the
//! person's role, met / sometimes / not met / can't say with an optional
//! comment, and the "would you choose their service?" question (1 to 5).
//!
//! Answers are confidential. The owner and managers read them
//! (`RecordService`); the person sees only the summary — how many answered,
//! the mean of "would choose", each standard's answers counted — and only
//! once at least [`LEAST_FOR_SUMMARY`] colleagues have answered, never who
//! said what. Nobody is asked about themselves, and nobody answers twice.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::{text_enum, RequestId, StaffId, StandardId};
use crate::recognition::StandardRef;
use crate::staff::{self, StaffRef, StaffStatus};
use crate::standards::{self, Audience};
use crate::storage::Where;
use crate::storage::{timestamp, Db, Readable};
use crate::text;

/// The fewest colleagues whose answers make a summary the person may see.
pub const LEAST_FOR_SUMMARY: u32 = 3;
/// The most colleagues one request asks.
pub const MOST_ASKED: usize = 30;
/// How far ahead a request may close.
pub const MOST_DAYS_OPEN: i64 = 90;

text_enum! {
    /// A colleague's answer for one standard.
    pub enum StandardAnswer {
        Met = "met",
        Sometimes = "sometimes",
        NotMet = "not_met",
        CantSay = "cant_say",
    }
}

/// One colleague asked, and when they answered (if they have).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Asked {
    pub colleague: StaffRef,
    pub answered_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackRequest {
    pub id: RequestId,
    /// Whom the feedback is about.
    pub staff: StaffRef,
    /// "For the 2026 annual review", or empty.
    pub purpose: String,
    pub asked_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub asked_by: String,
    pub asked: Vec<Asked>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct RequestInput {
    pub staff_id: Option<StaffId>,
    pub colleague_ids: Vec<StaffId>,
    pub purpose: String,
    /// `YYYY-MM-DD`: from today to [`MOST_DAYS_OPEN`] days ahead.
    pub closes_on: String,
}

/// One standard's answer in a colleague's response.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StandardResponse {
    pub standard: StandardRef,
    pub answer: StandardAnswer,
    pub comment: String,
}

/// A colleague's answer, as the owner and managers read it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    pub colleague: StaffRef,
    pub answered_on: NaiveDate,
    pub would_choose: u8,
    pub comment: String,
    pub standards: Vec<StandardResponse>,
}

/// A request with every answer given so far: the owner's and managers' view.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RequestDetail {
    pub request: FeedbackRequest,
    pub responses: Vec<Response>,
}

/// What a colleague at the kiosk is asked to answer.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ToAnswer {
    pub request: RequestId,
    pub about: StaffRef,
    pub purpose: String,
    pub closes_on: NaiveDate,
    /// The internal standards that bind their role today.
    pub standards: Vec<StandardRef>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct ResponseInput {
    pub answers: Vec<AnswerInputLine>,
    /// "If you had a choice, would you choose their service?" 1 to 5.
    #[specta(type = Option<specta_typescript::Number>)]
    pub would_choose: Option<i64>,
    pub comment: String,
}

/// One standard's answer as the kiosk sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct AnswerInputLine {
    pub standard_id: Option<StandardId>,
    pub answer: Option<StandardAnswer>,
    pub comment: String,
}

/// How colleagues answered one standard, counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AnswerCounts {
    pub standard: StandardRef,
    pub met: u32,
    pub sometimes: u32,
    pub not_met: u32,
    pub cant_say: u32,
}

/// What colleagues said about a person over a period, with no names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ColleagueSummary {
    /// How many colleagues answered (each answer of a request counts once).
    pub answered: u32,
    /// The sum and the count of "would choose" (1 to 5), exact; and the
    /// mean as shown, one decimal ("4.3").
    pub would_choose_sum: u32,
    pub would_choose_mean: String,
    pub per_standard: Vec<AnswerCounts>,
}

const SELECT: &str =
    "SELECT r.id, r.staff_id, s.name, r.purpose, r.asked_on, r.closes_on, r.asked_by
   FROM feedback_requests r JOIN staff s ON s.id = r.staff_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FeedbackRequest> {
    Ok(FeedbackRequest {
        id: r.get(0)?,
        staff: StaffRef::from_columns(r, 1)?,
        purpose: r.get(3)?,
        asked_on: r.get(4)?,
        closes_on: r.get(5)?,
        asked_by: r.get(6)?,
        asked: Vec::new(),
    })
}

fn with_asked(conn: &Connection, mut list: Vec<FeedbackRequest>) -> Result<Vec<FeedbackRequest>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, f.answered_on FROM feedback_responses f JOIN staff c ON c.id = f.staff_id
          WHERE f.request_id = ?1 ORDER BY c.search_key, c.id",
    )?;
    for r in &mut list {
        r.asked = stmt
            .query_map([r.id], |row| {
                Ok(Asked {
                    colleague: StaffRef::from_columns(row, 0)?,
                    answered_on: row.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(list)
}

fn load(conn: &Connection, id: RequestId) -> Result<FeedbackRequest> {
    let found = conn
        .query_row(&format!("{SELECT} WHERE r.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::not_found("Feedback request", id.0))?;
    Ok(with_asked(conn, vec![found])?.remove(0))
}

/// Requests, newest first: about one person, or everyone's; never those
/// about the actor (who answered is not theirs to know).
pub fn list(
    conn: &dyn Readable,
    actor: &Actor,
    staff_id: Option<StaffId>,
) -> Result<Vec<FeedbackRequest>> {
    actor.require(Permission::RecordService)?;
    let conn = crate::storage::sql(conn);
    let filters = Where::default().filter("r.staff_id = ?", staff_id);
    let list = crate::storage::all(
        conn,
        &format!(
            "{SELECT}{} ORDER BY r.asked_on DESC, r.id DESC",
            filters.sql()
        ),
        filters.params(),
        from_row,
    )?;
    let list = list.into_iter().filter(|r| !actor.is(r.staff.id)).collect();
    with_asked(conn, list)
}

/// A request and every answer given: the owner and managers only.
pub fn get(conn: &dyn Readable, actor: &Actor, id: RequestId) -> Result<RequestDetail> {
    actor.require(Permission::RecordService)?;
    let conn = crate::storage::sql(conn);
    let request = load(conn, id)?;
    actor.require_about_another(
        request.staff.id,
        Permission::RecordService,
        "Colleagues' answers about you are yours only in sum, at the kiosk",
    )?;
    let answered: Vec<(i64, StaffRef, NaiveDate, u8, String)> = crate::storage::all(
        conn,
        "SELECT f.id, c.id, c.name, f.answered_on, f.would_choose, f.comment
           FROM feedback_responses f JOIN staff c ON c.id = f.staff_id
          WHERE f.request_id = ?1 AND f.answered_on IS NOT NULL ORDER BY f.answered_on, c.search_key",
        [id],
        |r| Ok((r.get(0)?, StaffRef::from_columns(r, 1)?, r.get(3)?, r.get(4)?, r.get(5)?)),
    )?;
    let mut responses = Vec::with_capacity(answered.len());
    for (response, colleague, answered_on, would_choose, comment) in answered {
        let standards = crate::storage::all(
            conn,
            &format!(
                "SELECT a.standard_id, {STATEMENT}, a.answer, a.comment
                   FROM feedback_answers a WHERE a.response_id = ?1 ORDER BY a.standard_id"
            ),
            [response],
            |r| {
                Ok(StandardResponse {
                    standard: StandardRef {
                        id: r.get(0)?,
                        statement: r.get(1)?,
                    },
                    answer: r.get(2)?,
                    comment: r.get(3)?,
                })
            },
        )?;
        responses.push(Response {
            colleague,
            answered_on,
            would_choose,
            comment,
            standards,
        });
    }
    Ok(RequestDetail { request, responses })
}

/// A standard's latest statement, for a row with `a.standard_id`.
const STATEMENT: &str =
    "(SELECT v.statement FROM standard_versions v WHERE v.standard_id = a.standard_id
    ORDER BY v.version DESC LIMIT 1)";

/// Asks colleagues for feedback on a person. The owner and managers.
pub fn ask(
    db: &mut Db,
    actor: &Actor,
    input: &RequestInput,
    today: NaiveDate,
) -> Result<FeedbackRequest> {
    actor.require(Permission::RecordService)?;
    let id = db.write(|tx| {
        let mut problems = Problems::default();
        let about = match input.staff_id {
            None => {
                problems.note("staffId", "Choose whom the feedback is about");
                None
            }
            Some(id) => match staff::ensure_exists(tx, "staffId", id) {
                Ok(p) if actor.is(p.id) => {
                    problems.note("staffId", "Feedback about you is asked for by someone else");
                    None
                }
                Ok(p) if p.status == StaffStatus::Left => {
                    problems.note("staffId", format!("{} has left the practice", p.name));
                    None
                }
                Ok(p) => Some(p),
                Err(e) => {
                    problems.check::<()>(Err(e))?;
                    None
                }
            },
        };
        let mut colleagues: Vec<StaffId> = Vec::new();
        for c in &input.colleague_ids {
            if !colleagues.contains(c) {
                colleagues.push(*c);
            }
        }
        if colleagues.is_empty() {
            problems.note("colleagueIds", "Choose the colleagues to ask");
        } else if colleagues.len() > MOST_ASKED {
            problems.note(
                "colleagueIds",
                format!("Ask at most {MOST_ASKED} colleagues at once"),
            );
        } else if input.staff_id.is_some_and(|p| colleagues.contains(&p)) {
            problems.note("colleagueIds", "Nobody gives feedback about themselves");
        } else {
            for c in &colleagues {
                match staff::ensure_exists(tx, "colleagueIds", *c) {
                    Ok(p) if p.status != StaffStatus::Active => problems.note(
                        "colleagueIds",
                        format!("{} is not at work now (on leave or left)", p.name),
                    ),
                    Ok(_) => {}
                    Err(e) => {
                        problems.check::<()>(Err(e))?;
                    }
                }
            }
        }
        let purpose = problems.check(text::optional("purpose", "What it is for", &input.purpose, 200))?;
        let closes_on = problems.check(
            text::date("closesOn", "The closing date", &input.closes_on)
                .and_then(|d| {
                    if d < today || d > today + Duration::days(MOST_DAYS_OPEN) {
                        Err(Error::invalid(
                            "closesOn",
                            format!("The closing date must be from today to {MOST_DAYS_OPEN} days ahead"),
                        ))
                    } else {
                        Ok(d)
                    }
                })
                .map(Some),
        )?;
        problems.done()?;
        let (Some(about), Some(closes_on)) = (about, closes_on) else {
            return Err(Error::invalid("staffId", "Choose whom the feedback is about"));
        };
        tx.execute(
            "INSERT INTO feedback_requests (staff_id, purpose, asked_on, closes_on, asked_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![about.id, purpose, today, closes_on, actor.name(), timestamp()],
        )?;
        let id = RequestId(tx.last_insert_rowid());
        let mut ask = tx.prepare_cached(
            "INSERT INTO feedback_responses (request_id, staff_id) VALUES (?1, ?2)",
        )?;
        for c in &colleagues {
            ask.execute(params![id, c])?;
        }
        let after = load(tx, id)?;
        audit::created(tx, actor, subject(&after), &Audited::of(&after))?;
        Ok(id)
    })?;
    load(db.conn(), id)
}

/// The internal standards that bind `person`'s role today.
fn internal_standards(
    conn: &Connection,
    person: StaffId,
    today: NaiveDate,
) -> Result<Vec<StandardRef>> {
    Ok(standards::of_person(conn, person, today)?
        .into_iter()
        .filter(|s| s.version.audience == Audience::Internal)
        .map(|s| StandardRef {
            id: s.version.standard_id,
            statement: s.version.statement,
        })
        .collect())
}

/// What the signed-in person is asked and has not answered yet, still open.
pub(crate) fn to_answer(
    conn: &Connection,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<ToAnswer>> {
    let Some(me) = actor.staff() else {
        return Ok(Vec::new());
    };
    let open = crate::storage::all(
        conn,
        "SELECT r.id, s.id, s.name, r.purpose, r.closes_on FROM feedback_responses f
           JOIN feedback_requests r ON r.id = f.request_id JOIN staff s ON s.id = r.staff_id
          WHERE f.staff_id = ?1 AND f.answered_on IS NULL AND r.closes_on >= ?2
          ORDER BY r.closes_on, r.id",
        params![me, today],
        |r| {
            Ok(ToAnswer {
                request: r.get(0)?,
                about: StaffRef::from_columns(r, 1)?,
                purpose: r.get(3)?,
                closes_on: r.get(4)?,
                standards: Vec::new(),
            })
        },
    )?;
    open.into_iter()
        .map(|mut t| {
            t.standards = internal_standards(conn, t.about.id, today)?;
            Ok(t)
        })
        .collect()
}

/// A colleague's answer, at the kiosk: only someone asked, once, while the
/// request is open, about every internal standard that binds the person.
pub fn answer(
    db: &mut Db,
    actor: &Actor,
    id: RequestId,
    input: &ResponseInput,
    today: NaiveDate,
) -> Result<()> {
    db.write(|tx| {
        let request = load(tx, id)?;
        let mine = actor
            .staff()
            .and_then(|me| request.asked.iter().find(|a| a.colleague.id == me));
        let Some(mine) = mine else {
            return Err(Error::Forbidden {
                message: "Only a colleague asked may answer this request".into(),
            });
        };
        if mine.answered_on.is_some() {
            return Err(Error::conflict("request", "You have already answered this request"));
        }
        if request.closes_on < today {
            return Err(Error::conflict(
                "request",
                format!("This request closed on {}", request.closes_on),
            ));
        }
        let standards = internal_standards(tx, request.staff.id, today)?;
        let mut problems = Problems::default();
        let mut answers: Vec<(StandardId, StandardAnswer, String)> = Vec::new();
        for (i, line) in input.answers.iter().enumerate() {
            let Some(s) = line.standard_id.and_then(|sid| standards.iter().find(|s| s.id == sid)) else {
                problems.note(
                    &format!("answers.{i}.standardId"),
                    "This standard is not one of theirs to answer about",
                );
                continue;
            };
            let comment = problems.check(text::optional(
                &format!("answers.{i}.comment"),
                "The comment",
                &line.comment,
                1000,
            ))?;
            if answers.iter().any(|(sid, _, _)| *sid == s.id) {
                problems.note(&format!("answers.{i}.standardId"), "Answered twice");
                continue;
            }
            match line.answer {
                None => problems.note(
                    &format!("answers.{i}.answer"),
                    format!("Answer for \"{}\" (or choose can't say)", s.statement),
                ),
                Some(a) => answers.push((s.id, a, comment)),
            }
        }
        if let Some(missing) = standards.iter().find(|s| !input.answers.iter().any(|l| l.standard_id == Some(s.id))) {
            problems.note("answers", format!("Answer for \"{}\" too", missing.statement));
        }
        let would_choose = match input.would_choose {
            Some(n) if (1..=5).contains(&n) => Some(n as u8),
            _ => {
                problems.note(
                    "wouldChoose",
                    "Say from 1 to 5 whether you would choose their service",
                );
                None
            }
        };
        let comment = problems.check(text::optional("comment", "The comment", &input.comment, 2000))?;
        problems.done()?;
        let Some(me) = actor.staff() else {
            return Err(Error::Forbidden { message: "Only a colleague asked may answer".into() });
        };
        let response: i64 = tx.query_row(
            "SELECT id FROM feedback_responses WHERE request_id = ?1 AND staff_id = ?2",
            params![id, me],
            |r| r.get(0),
        )?;
        tx.execute(
            "UPDATE feedback_responses SET answered_on = ?2, would_choose = ?3, comment = ?4 WHERE id = ?1",
            params![response, today, would_choose, comment],
        )?;
        let mut line = tx.prepare_cached(
            "INSERT INTO feedback_answers (response_id, standard_id, answer, comment) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (standard, answer, comment) in &answers {
            line.execute(params![response, standard, answer, comment])?;
        }
        // What was said stays out of the trail: it is read here only by those
        // who may read the answers themselves.
        audit::record_about(tx, actor, subject(&request), "answered", &[])
    })
}

/// What colleagues said about `person` in answers given in `from..=to`.
pub(crate) fn summary(
    conn: &Connection,
    person: StaffId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(u32, Option<ColleagueSummary>)> {
    let (answered, sum): (u32, Option<u32>) = conn.query_row(
        "SELECT COUNT(*), SUM(f.would_choose) FROM feedback_responses f
           JOIN feedback_requests r ON r.id = f.request_id
          WHERE r.staff_id = ?1 AND f.answered_on BETWEEN ?2 AND ?3",
        params![person, from, to],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if answered < LEAST_FOR_SUMMARY {
        return Ok((answered, None));
    }
    let sum = sum.unwrap_or(0);
    let per_standard = crate::storage::all(
        conn,
        &format!(
            "SELECT a.standard_id, {STATEMENT},
                    SUM(a.answer = 'met'), SUM(a.answer = 'sometimes'), SUM(a.answer = 'not_met'),
                    SUM(a.answer = 'cant_say')
               FROM feedback_answers a
               JOIN feedback_responses f ON f.id = a.response_id
               JOIN feedback_requests r ON r.id = f.request_id
              WHERE r.staff_id = ?1 AND f.answered_on BETWEEN ?2 AND ?3
              GROUP BY a.standard_id ORDER BY a.standard_id"
        ),
        params![person, from, to],
        |r| {
            Ok(AnswerCounts {
                standard: StandardRef {
                    id: r.get(0)?,
                    statement: r.get(1)?,
                },
                met: r.get(2)?,
                sometimes: r.get(3)?,
                not_met: r.get(4)?,
                cant_say: r.get(5)?,
            })
        },
    )?;
    // One decimal, rounded half up, from the exact sum.
    let tenths = (u64::from(sum) * 20 + u64::from(answered)) / (u64::from(answered) * 2);
    Ok((
        answered,
        Some(ColleagueSummary {
            answered,
            would_choose_sum: sum,
            would_choose_mean: format!("{}.{}", tenths / 10, tenths % 10),
            per_standard,
        }),
    ))
}

/// A request as the audit trail records it: names, not ids.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Audited<'a> {
    about: &'a str,
    purpose: &'a str,
    closes_on: NaiveDate,
    asked: Vec<&'a str>,
}

impl<'a> Audited<'a> {
    fn of(r: &'a FeedbackRequest) -> Self {
        Audited {
            about: &r.staff.name,
            purpose: &r.purpose,
            closes_on: r.closes_on,
            asked: r.asked.iter().map(|a| a.colleague.name.as_str()).collect(),
        }
    }
}

fn subject(r: &FeedbackRequest) -> Subject<'_> {
    Subject::of(
        Entity::FeedbackRequest,
        r.id.0,
        "Feedback request",
        &r.staff.name,
    )
    .about(r.staff.id)
}
