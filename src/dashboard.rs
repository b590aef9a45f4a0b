//! The owner's view of the practice's year, in one read: customer service
//! across the practice by year and by person, the sections' scores, the
//! standards' met rates and colleagues' feedback over time, training
//! compliance, continuing education, headcount and turnover, how far the
//! annual round has come, and — for the owner only — the recommended raises
//! and bonuses. The window draws it as charts with the numbers beside them;
//! the annual summary prints the same numbers.
//!
//! Scores are the finalized (and acknowledged) annual reviews', each scored by
//! `scoring::score` from its own criteria; the practice's figure for a year is
//! the mean of its people's, on the 1–5 scale.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;
use specta::Type;

use crate::access::{Actor, Permission};
use crate::due::{self, DueState};
use crate::error::{Error, Result};
use crate::evaluations::{self, EvaluationStatus, Recommendation};
use crate::ids::EvaluationId;
use crate::licences;
use crate::scoring::{self, Scored, SectionKind};
use crate::service_checks::{self, MetRate, MonthRate, StandardRate};
use crate::staff::StaffRef;
use crate::storage::Readable;

/// How many years the trends go back, the year shown included.
pub const YEARS_SHOWN: i32 = 5;

/// One year's scores across the practice.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct YearScores {
    pub year: i32,
    /// Finalized annual reviews that year.
    pub reviews: u32,
    /// The mean of their customer-service scores, 1–5; `None` without any.
    #[specta(type = Option<specta_typescript::Number>)]
    pub customer_service: Option<f64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub overall: Option<f64>,
}

/// One person's scores in the year shown.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonScore {
    pub staff: StaffRef,
    pub evaluation_id: EvaluationId,
    #[specta(type = Option<specta_typescript::Number>)]
    pub customer_service: Option<f64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub overall: Option<f64>,
}

/// How many people's customer-service score rounds to each rating, 1 to 5.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Band {
    pub rating: u8,
    /// The practice's label for it ("Meets standards").
    pub label: String,
    pub people: u32,
}

/// A section's mean score in the year shown, across the reviews that rated it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SectionScore {
    pub title: String,
    pub kind: SectionKind,
    pub reviews: u32,
    #[specta(type = specta_typescript::Number)]
    pub mean: f64,
}

/// Colleagues' answers in a year: how many, and the mean of "would you
/// choose their service?" (1–5).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackYear {
    pub year: i32,
    pub answers: u32,
    #[specta(type = Option<specta_typescript::Number>)]
    pub would_choose: Option<f64>,
}

/// Required training across everyone who has not left, now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Compliance {
    pub required: u32,
    pub current: u32,
    pub due_soon: u32,
    pub overdue: u32,
    pub never_done: u32,
    /// Current or due soon, of all required, in whole percent (100 when
    /// nothing is required).
    pub percent: u32,
}

/// Continuing education across the licences that require it, now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CeSummary {
    pub licences: u32,
    /// Every hour of the cycle done.
    pub complete: u32,
    /// Hours still to do.
    pub short: u32,
}

/// People in a year: on the staff at its end, hired and left during it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Headcount {
    pub year: i32,
    pub at_start: u32,
    pub at_end: u32,
    pub hired: u32,
    pub left: u32,
    /// Leavers as a share of the mean of the start and end headcounts, in
    /// percent, one decimal; `None` when nobody was on the staff.
    #[specta(type = Option<specta_typescript::Number>)]
    pub turnover: Option<f64>,
}

/// The annual round of the year shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ReviewCounts {
    /// Active people, each due an annual review.
    pub active: u32,
    /// Annual reviews of the year, in any state.
    pub started: u32,
    /// Finalized or acknowledged.
    pub finalized: u32,
    pub acknowledged: u32,
}

/// One person's recommended reward in the year shown.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PayRow {
    pub staff: StaffRef,
    pub evaluation_id: EvaluationId,
    pub status: EvaluationStatus,
    pub recommendation: Recommendation,
    #[specta(type = Option<specta_typescript::Number>)]
    pub merit_percent: Option<f64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub bonus_cents: Option<i64>,
}

/// The recommended raises and bonuses of the year's annual reviews: the
/// owner's only.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Pay {
    pub currency: String,
    pub merit_increases: u32,
    /// The mean merit increase of those recommended one, in percent.
    #[specta(type = Option<specta_typescript::Number>)]
    pub merit_mean_percent: Option<f64>,
    pub bonuses: u32,
    #[specta(type = specta_typescript::Number)]
    pub bonus_total_cents: i64,
    /// Everyone with a recommendation other than none, by name.
    pub people: Vec<PayRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub year: i32,
    /// The last [`YEARS_SHOWN`] years, oldest first.
    pub by_year: Vec<YearScores>,
    /// The year's people, by name.
    pub people: Vec<PersonScore>,
    pub distribution: Vec<Band>,
    pub sections: Vec<SectionScore>,
    /// The year's service checks across the practice, by month.
    pub met_by_month: Vec<MonthRate>,
    /// The year's met rate of each standard checked.
    pub standards: Vec<StandardRate>,
    pub feedback_by_year: Vec<FeedbackYear>,
    pub training: Compliance,
    pub ce: CeSummary,
    pub headcount: Vec<Headcount>,
    pub reviews: ReviewCounts,
    /// `None` unless the actor decides pay (the owner).
    pub pay: Option<Pay>,
}

/// The dashboard of `year` (this year's, or an earlier one's), for the owner
/// and managers; the pay only for the owner.
pub fn year(conn: &dyn Readable, actor: &Actor, year: i32, today: NaiveDate) -> Result<Dashboard> {
    actor.require(Permission::Evaluate)?;
    if !(1900..=today.year() + 1).contains(&year) {
        return Err(Error::invalid(
            "year",
            format!("Choose a year from 1900 to {}", today.year() + 1),
        ));
    }
    let conn = crate::storage::sql(conn);
    let labels = crate::practice::get(conn)?.rating_labels;
    let first = year - YEARS_SHOWN + 1;
    // Each review is folded in as it is scored: the years' sums, the
    // sections' sums and the shown year's people are all that is kept, so
    // five years of a large practice are not held at once.
    let mut years: BTreeMap<i32, Sums> = (first..=year).map(|y| (y, Sums::default())).collect();
    let mut people: Vec<PersonScore> = Vec::new();
    let mut bands = [0u32; 5];
    let mut sections: BTreeMap<(usize, String), (SectionKind, f64, u32)> = BTreeMap::new();
    scored_reviews(conn, first, year, |r| {
        if let Some(sums) = years.get_mut(&r.year) {
            sums.reviews += 1;
            sums.customer_service.add(r.customer_service);
            sums.overall.add(r.overall);
        }
        if r.year != year {
            return;
        }
        if let Some(band) = r
            .customer_service_rating
            .and_then(|b| bands.get_mut(usize::from(b).saturating_sub(1)))
        {
            *band += 1;
        }
        for (i, (kind, title, score)) in r.sections.iter().enumerate() {
            if let Some(score) = score {
                let entry = sections
                    .entry((i, title.clone()))
                    .or_insert((*kind, 0.0, 0));
                entry.1 += score;
                entry.2 += 1;
            }
        }
        people.push(PersonScore {
            staff: r.staff.clone(),
            evaluation_id: r.id,
            customer_service: r.customer_service,
            overall: r.overall,
        });
    })?;
    let by_year = years
        .into_iter()
        .map(|(y, sums)| YearScores {
            year: y,
            reviews: sums.reviews,
            customer_service: sums.customer_service.mean(),
            overall: sums.overall.mean(),
        })
        .collect();
    people.sort_by_cached_key(|p| (crate::text::fold(&p.staff.name), p.staff.id));
    let distribution = (1u8..=5)
        .map(|rating| Band {
            rating,
            label: labels
                .get(usize::from(rating) - 1)
                .cloned()
                .unwrap_or_default(),
            people: bands[usize::from(rating) - 1],
        })
        .collect();
    let sections = sections
        .into_iter()
        .map(|((_, title), (kind, sum, n))| SectionScore {
            title,
            kind,
            reviews: n,
            mean: sum / f64::from(n),
        })
        .collect();

    let (from, to) = bounds(year)?;
    let met_by_month = months(conn, from, to)?;
    let standards = service_checks::rates(conn, None, from, to.min(today))?;
    let feedback_by_year = feedback(conn, first, year)?;
    let training = compliance(conn, today)?;
    let ce = ce_summary(conn, today)?;
    let headcount = (first..=year)
        .map(|y| headcount(conn, y))
        .collect::<Result<Vec<_>>>()?;
    let reviews = review_counts(conn, year)?;
    let pay = if actor.can(Permission::DecidePay) {
        Some(pay(conn, actor, year)?)
    } else {
        None
    };
    Ok(Dashboard {
        year,
        by_year,
        people,
        distribution,
        sections,
        met_by_month,
        standards,
        feedback_by_year,
        training,
        ce,
        headcount,
        reviews,
        pay,
    })
}

/// A running mean.
#[derive(Default)]
struct Running {
    sum: f64,
    n: u32,
}

impl Running {
    fn add(&mut self, v: Option<f64>) {
        if let Some(v) = v {
            self.sum += v;
            self.n += 1;
        }
    }

    fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / f64::from(self.n))
    }
}

/// One year's reviews, folded in.
#[derive(Default)]
struct Sums {
    reviews: u32,
    customer_service: Running,
    overall: Running,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

fn bounds(year: i32) -> Result<(NaiveDate, NaiveDate)> {
    match (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(Error::invalid("year", format!("{year} is not a year"))),
    }
}

/// A finalized annual review, scored.
struct Review {
    id: EvaluationId,
    staff: StaffRef,
    year: i32,
    customer_service: Option<f64>,
    customer_service_rating: Option<u8>,
    overall: Option<f64>,
    /// Each section's kind, title and score, in the form's order.
    sections: Vec<(SectionKind, String, Option<f64>)>,
}

/// Every finalized or acknowledged annual review of `first..=last`, scored
/// by the scoring function from its criteria and handed to `each` one at a
/// time: one statement for all of them, one review in memory.
fn scored_reviews(
    conn: &Connection,
    first: i32,
    last: i32,
    mut each: impl FnMut(&Review),
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.staff_id, st.name, e.year, s.id, s.kind, s.title, c.weight, c.rating
           FROM evaluations e
           JOIN staff st ON st.id = e.staff_id
           JOIN evaluation_sections s ON s.evaluation_id = e.id
           JOIN evaluation_criteria c ON c.section_id = s.id
          WHERE e.kind = 'annual' AND e.status IN ('finalized', 'acknowledged')
            AND e.year BETWEEN ?1 AND ?2
          ORDER BY e.id, s.position, c.position",
    )?;
    let mut rows = stmt.query(params![first, last])?;
    let mut current: Option<Review> = None;
    let mut criteria: Vec<Scored> = Vec::new();
    let mut section_ids: Vec<i64> = Vec::new();
    let finish = |review: &mut Review, criteria: &mut Vec<Scored>, sections: usize| {
        let scores = scoring::score(sections, criteria);
        for (s, m) in review.sections.iter_mut().zip(&scores.sections) {
            s.2 = m.map(scoring::Mean::value);
        }
        review.customer_service = scores.customer_service.map(scoring::Mean::value);
        review.customer_service_rating = scores.customer_service.map(|m| m.view().rating);
        review.overall = scores.overall.map(scoring::Mean::value);
        criteria.clear();
    };
    while let Some(r) = rows.next()? {
        let id: EvaluationId = r.get(0)?;
        if current.as_ref().map(|e| e.id) != Some(id) {
            if let Some(mut prev) = current.take() {
                finish(&mut prev, &mut criteria, section_ids.len());
                each(&prev);
            }
            section_ids.clear();
            current = Some(Review {
                id,
                staff: StaffRef::from_columns(r, 1)?,
                year: r.get(3)?,
                customer_service: None,
                customer_service_rating: None,
                overall: None,
                sections: Vec::new(),
            });
        }
        let section: i64 = r.get(4)?;
        let Some(review) = current.as_mut() else {
            continue;
        };
        if section_ids.last() != Some(&section) {
            section_ids.push(section);
            review.sections.push((r.get(5)?, r.get(6)?, None));
        }
        criteria.push(Scored {
            section: section_ids.len() - 1,
            kind: r.get(5)?,
            weight: r.get(7)?,
            rating: r.get(8)?,
        });
    }
    if let Some(mut last) = current.take() {
        finish(&mut last, &mut criteria, section_ids.len());
        each(&last);
    }
    Ok(())
}

/// The year's checks across the practice by month, every month of the year
/// (a month without checks has none).
fn months(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<MonthRate>> {
    let found: HashMap<String, MetRate> = crate::storage::all(
        conn,
        "SELECT substr(checked_on, 1, 7), COUNT(*), SUM(met) FROM service_checks
          WHERE checked_on BETWEEN ?1 AND ?2 GROUP BY 1",
        params![from, to],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                MetRate {
                    checks: r.get(1)?,
                    met: r.get(2)?,
                },
            ))
        },
    )?
    .into_iter()
    .collect();
    Ok((1..=12)
        .map(|m| {
            let month = format!("{}-{m:02}", from.year());
            let rate = found.get(&month).copied().unwrap_or_default();
            MonthRate { month, rate }
        })
        .collect())
}

fn feedback(conn: &Connection, first: i32, last: i32) -> Result<Vec<FeedbackYear>> {
    let found: HashMap<i32, (u32, Option<f64>)> = crate::storage::all(
        conn,
        "SELECT CAST(substr(answered_on, 1, 4) AS INTEGER), COUNT(*), AVG(would_choose)
           FROM feedback_responses
          WHERE answered_on IS NOT NULL AND CAST(substr(answered_on, 1, 4) AS INTEGER) BETWEEN ?1 AND ?2
          GROUP BY 1",
        params![first, last],
        |r| Ok((r.get::<_, i32>(0)?, (r.get(1)?, r.get(2)?))),
    )?
    .into_iter()
    .collect();
    Ok((first..=last)
        .map(|year| {
            let (answers, would_choose) = found.get(&year).copied().unwrap_or((0, None));
            FeedbackYear {
                year,
                answers,
                would_choose,
            }
        })
        .collect())
}

fn compliance(conn: &Connection, today: NaiveDate) -> Result<Compliance> {
    let mut c = Compliance::default();
    for i in due::due_items(conn, None, today)? {
        c.required += 1;
        match i.state {
            DueState::Current => c.current += 1,
            DueState::DueSoon => c.due_soon += 1,
            DueState::Overdue => c.overdue += 1,
            DueState::NeverDone => c.never_done += 1,
        }
    }
    c.percent = ((c.current + c.due_soon) * 100)
        .checked_div(c.required)
        .unwrap_or(100);
    Ok(c)
}

fn ce_summary(conn: &Connection, today: NaiveDate) -> Result<CeSummary> {
    let mut s = CeSummary::default();
    for st in licences::licence_statuses(conn, None, today)? {
        if let Some(ce) = st.ce {
            s.licences += 1;
            if ce.met {
                s.complete += 1;
            } else {
                s.short += 1;
            }
        }
    }
    Ok(s)
}

/// Who was on the staff in `year`: by hire and end dates (a person with no
/// hire date counts from always; one who left without an end date is not
/// counted as on the staff at any year's end).
fn headcount(conn: &Connection, year: i32) -> Result<Headcount> {
    let (from, to) = bounds(year)?;
    let (at_start, at_end, hired, left): (u32, u32, u32, u32) = conn.query_row(
        "SELECT
            COUNT(*) FILTER (WHERE (hire_date IS NULL OR hire_date < ?1)
                               AND (end_date IS NULL OR end_date >= ?1)
                               AND NOT (status = 'left' AND end_date IS NULL)),
            COUNT(*) FILTER (WHERE (hire_date IS NULL OR hire_date <= ?2)
                               AND (end_date IS NULL OR end_date > ?2)
                               AND NOT (status = 'left' AND end_date IS NULL)),
            COUNT(*) FILTER (WHERE hire_date BETWEEN ?1 AND ?2),
            COUNT(*) FILTER (WHERE status = 'left' AND end_date BETWEEN ?1 AND ?2)
           FROM staff",
        params![from, to],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let average = f64::from(at_start + at_end) / 2.0;
    let turnover = (average > 0.0).then(|| (f64::from(left) / average * 1000.0).round() / 10.0);
    Ok(Headcount {
        year,
        at_start,
        at_end,
        hired,
        left,
        turnover,
    })
}

fn review_counts(conn: &Connection, year: i32) -> Result<ReviewCounts> {
    Ok(conn.query_row(
        "SELECT (SELECT COUNT(*) FROM staff WHERE status = 'active'),
                COUNT(*),
                COUNT(*) FILTER (WHERE status IN ('finalized', 'acknowledged')),
                COUNT(*) FILTER (WHERE status = 'acknowledged')
           FROM evaluations WHERE kind = 'annual' AND year = ?1",
        [year],
        |r| {
            Ok(ReviewCounts {
                active: r.get(0)?,
                started: r.get(1)?,
                finalized: r.get(2)?,
                acknowledged: r.get(3)?,
            })
        },
    )?)
}

/// The recommendations of the year's annual reviews, drafts included (their
/// status says so); never the actor's own draft.
fn pay(conn: &Connection, actor: &Actor, year: i32) -> Result<Pay> {
    let currency = crate::practice::get(conn)?.currency;
    let mut people: Vec<PayRow> = crate::storage::all(
        conn,
        "SELECT e.id, e.staff_id, s.name, e.status, e.recommendation, e.merit_percent, e.bonus_cents
           FROM evaluations e JOIN staff s ON s.id = e.staff_id
          WHERE e.kind = 'annual' AND e.year = ?1 AND e.recommendation <> 'none'",
        [year],
        |r| {
            Ok(PayRow {
                evaluation_id: r.get(0)?,
                staff: StaffRef::from_columns(r, 1)?,
                status: r.get(3)?,
                recommendation: r.get(4)?,
                merit_percent: r.get(5)?,
                bonus_cents: r.get(6)?,
            })
        },
    )?;
    people.retain(|p| !evaluations::own_draft(actor, p.staff.id, p.status));
    people.sort_by_cached_key(|p| (crate::text::fold(&p.staff.name), p.staff.id));
    let merits: Vec<f64> = people.iter().filter_map(|p| p.merit_percent).collect();
    let bonuses: Vec<i64> = people.iter().filter_map(|p| p.bonus_cents).collect();
    Ok(Pay {
        currency,
        merit_increases: merits.len() as u32,
        merit_mean_percent: mean(merits.iter().copied()).map(|m| (m * 100.0).round() / 100.0),
        bonuses: bonuses.len() as u32,
        bonus_total_cents: bonuses.iter().sum(),
        people,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_of_nothing_are_none() {
        assert_eq!(mean([].into_iter()), None);
        assert_eq!(mean([4.0, 5.0].into_iter()), Some(4.5));
    }
}
