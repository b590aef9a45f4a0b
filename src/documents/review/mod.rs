//! The review forms: a completed evaluation (finalized, or marked DRAFT) and the
//! blank form to fill in by hand. Both print the same sections and criteria in
//! the same order, so a manager can move between paper and screen.

use super::layout::{Table, Writer, BODY, H1, H2, NO_BREAK, SMALL, STRONG};
use crate::evaluations::{
    level_text, recommendation_text, Evaluation, EvaluationStatus, Evidence, Recommendation,
};
use crate::evidence::ServiceEvidence;
use crate::scoring::{self, ScoreView, SectionKind};
use crate::staff::Staff;
use crate::templates::{TemplateCriterion, TemplateSection};

mod blank;
mod evidence;

pub(crate) use blank::{blank, BlankFor};
pub(crate) use evidence::due_word;
use evidence::evidence_block;

/// The details at the top of a form, two to a row: a label, and its value or
/// (empty) a line to write it on.
fn details(w: &mut Writer, pairs: &[(&str, String)]) {
    let half = w.content_width() / 2.0;
    let label_width = 78.0;
    for row in pairs.chunks(2) {
        let lines: Vec<Vec<String>> = row
            .iter()
            .map(|(_, v)| w.wrap(v, BODY, half - label_width - 10.0))
            .collect();
        let height =
            lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * BODY.line_height() + 6.0;
        w.ensure(height);
        let top = w.y();
        for (i, ((label, value), lines)) in row.iter().zip(&lines).enumerate() {
            let x = w.left() + i as f32 * half;
            w.text_at(x, top - 1.0, label, SMALL);
            if value.is_empty() {
                let y = top - BODY.line_height() - 1.0;
                w.line(x + label_width, y, x + half - 10.0, y, 0.4, 0.55);
            }
            for (n, line) in lines.iter().enumerate() {
                let y = top - n as f32 * BODY.line_height();
                w.text_at(x + label_width, y, line, BODY);
            }
        }
        w.space(height);
    }
}

/// The person's details every appraisal opens with; `None` prints a line to
/// fill in.
fn person_details(w: &Writer, person: Option<&Staff>) -> [(&'static str, String); 3] {
    let or_blank = |v: Option<String>| v.unwrap_or_default();
    [
        (
            "Employee no.",
            or_blank(person.and_then(|p| p.employee_no.clone())),
        ),
        ("Department", or_blank(person.map(|p| p.department.clone()))),
        (
            "Hire date",
            or_blank(person.and_then(|p| p.hire_date).map(|d| w.locale().date(d))),
        ),
    ]
}

/// A sum of weights in hundredths as the form shows weights: "6", "6.5", "6.25".
fn hundredths_text(h: u64) -> String {
    match h % 100 {
        0 => format!("{}", h / 100),
        c if c % 10 == 0 => format!("{}.{}", h / 100, c / 10),
        c => format!("{}.{c:02}", h / 100),
    }
}

fn hundredths(weight: f64) -> u32 {
    // Weights were checked when the template was saved.
    scoring::weight_from_number(weight).unwrap_or(0)
}

/// How every score on the forms is made, in one sentence a reader can follow
/// with a pencil.
const HOW_SCORED: &str = "How the scores are made: each is the weighted mean of the ratings \
     given — add up weight × rating over the rated criteria and divide by the sum of their \
     weights; N/A and unrated criteria are left out. A section's score takes its own criteria, \
     customer service those of the sections on service to patients and to colleagues, and the \
     overall score every criterion. Scores are shown to one decimal (half up), and the label \
     beside a score is that of the whole rating it rounds to.";

/// The rating label beside a score, or "not rated".
fn score_label(s: Option<&ScoreView>, labels: &[String]) -> (String, String) {
    match s {
        Some(s) => (
            format!("{} of 5", s.display),
            labels
                .get(usize::from(s.rating).saturating_sub(1))
                .cloned()
                .unwrap_or_default(),
        ),
        None => ("—".to_owned(), "not rated".to_owned()),
    }
}

/// What an owner reads first: the overall and customer-service scores with
/// their labels, customer service's share of the weight, every section's
/// score in one column, and how the scores are made.
fn score_summary(w: &mut Writer, e: &Evaluation, labels: &[String]) {
    let weights: Vec<(SectionKind, u32)> = e
        .sections
        .iter()
        .flat_map(|s| s.criteria.iter().map(|c| (s.kind, hundredths(c.weight))))
        .collect();
    let share = scoring::service_share(weights.iter().copied());
    let total: u64 = weights.iter().map(|(_, w)| u64::from(*w)).sum();
    let rated = |criteria: &[&crate::evaluations::Criterion]| {
        let answered = criteria
            .iter()
            .filter(|c| c.rating.is_some() || c.not_applicable)
            .count();
        format!("{answered} of {}", criteria.len())
    };
    let all: Vec<_> = e.sections.iter().flat_map(|s| &s.criteria).collect();
    let service: Vec<_> = e
        .sections
        .iter()
        .filter(|s| s.kind.is_customer_service())
        .flat_map(|s| &s.criteria)
        .collect();

    w.heading("Score summary", H2, 90.0);
    let table = Table::new(
        w,
        &[
            ("", 0.0),
            ("Weight", 215.0),
            ("Rated", 262.0),
            ("Score", 315.0),
            ("Rating", 382.0),
        ],
    );
    let (score, label) = score_label(e.overall.as_ref(), labels);
    table.row_in(
        w,
        &[
            "Overall",
            &hundredths_text(total),
            &rated(&all),
            &score,
            &label,
        ],
        STRONG,
    );
    let (score, label) = score_label(e.customer_service.as_ref(), labels);
    let title = format!("Customer service — {} of the review", share.percent_text());
    table.row_in(
        w,
        &[
            &title,
            &hundredths_text(share.service),
            &rated(&service),
            &score,
            &label,
        ],
        STRONG,
    );
    let y = w.y() + 2.0;
    let (x1, x2) = (w.left(), w.right());
    w.line(x1, y, x2, y, 0.4, 0.55);
    w.space(2.0);
    for s in &e.sections {
        let weight: u64 = s
            .criteria
            .iter()
            .map(|c| u64::from(hundredths(c.weight)))
            .sum();
        let criteria: Vec<_> = s.criteria.iter().collect();
        let (score, label) = score_label(s.score.as_ref(), labels);
        table.row(
            w,
            &[
                &s.title,
                &hundredths_text(weight),
                &rated(&criteria),
                &score,
                &label,
            ],
        );
    }
    w.space(3.0);
    w.paragraph(HOW_SCORED, SMALL, 0.0);
}

/// "weight 1.5", with a no-break space: it never breaks across lines.
fn weight_text(w: f64) -> String {
    if w.fract() == 0.0 {
        format!("weight{NO_BREAK}{w:.0}")
    } else {
        format!("weight{NO_BREAK}{w}")
    }
}

/// A completed evaluation: scores first, then every criterion with its rating
/// and comment, the evidence beside customer service, the narrative, any
/// amendments, the acknowledgment and the signature lines.
pub(crate) fn completed(
    w: &mut Writer,
    e: &Evaluation,
    person: &Staff,
    evidence: &Evidence,
    labels: &[String],
    owner: &str,
) {
    let draft = e.status == EvaluationStatus::Draft;
    let title = format!("{} {} — {}", e.kind.label(), e.year, e.staff.name);
    w.start_group(&title, draft.then_some("DRAFT"));

    w.paragraph(&e.staff.name, H1, 0.0);
    w.paragraph(
        &format!("{} {} · {}", e.kind.label(), e.year, e.status.label()),
        H2,
        0.0,
    );
    w.space(4.0);
    let [number, department, hired] = person_details(w, Some(person));
    let mut pairs = vec![
        (
            "Role",
            e.role_name.clone().unwrap_or_else(|| "—".to_owned()),
        ),
        number,
        department,
        hired,
        (
            "Reviewer",
            e.reviewer
                .as_ref()
                .map_or_else(|| "—".to_owned(), |r| r.name.clone()),
        ),
        ("Period", w.locale().period(e.period_start, e.period_end)),
        ("Form", e.template_name.clone()),
    ];
    if let Some(f) = e.finalized_on {
        pairs.push(("Finalized", w.locale().date(f)));
    }
    if draft {
        pairs.push((
            "Status",
            "DRAFT — not finalized; ratings and scores may still change".to_owned(),
        ));
        pairs.push(("Rated", rated_text(e)));
    } else {
        // Written by hand on the day the review is discussed.
        pairs.push(("Review meeting", String::new()));
    }
    details(w, &pairs);

    score_summary(w, e, labels);

    for s in &e.sections {
        w.heading(
            &format!(
                "{} — {}",
                s.title,
                s.score
                    .as_ref()
                    .map(|x| x.display.clone())
                    .unwrap_or_else(|| "not rated".to_owned())
            ),
            H2,
            40.0,
        );
        for c in &s.criteria {
            let rating = match (c.rating, c.not_applicable) {
                (_, true) => "N/A".to_owned(),
                (Some(r), _) => {
                    let r = usize::from(r);
                    let label = labels.get(r - 1).map(String::as_str).unwrap_or("");
                    let meaning = level_text(&c.levels, labels, r);
                    if meaning == label {
                        format!("{r} — {label}")
                    } else {
                        format!("{r} — {label}: {meaning}")
                    }
                }
                (None, false) => "not rated".to_owned(),
            };
            let rating = format!("Rating: {rating}");
            let comment = if c.comment.is_empty() {
                String::new()
            } else {
                format!("Comment: {}", c.comment)
            };
            let proposed = proposal_text(c);
            let own = self_text(e, c);
            // A criterion, its rating and its comment stay on one page when
            // they fit on one.
            w.keep(
                criterion_heading_height(w, &c.title, c.weight, &c.description)
                    + w.paragraph_height(&rating, BODY, 8.0)
                    + w.paragraph_height(&proposed, SMALL, 8.0)
                    + w.paragraph_height(&own, SMALL, 8.0)
                    + w.paragraph_height(&comment, BODY, 8.0),
            );
            criterion_heading(w, &c.title, c.weight, &c.description);
            w.paragraph(&rating, BODY, 8.0);
            if !proposed.is_empty() {
                w.paragraph(&proposed, SMALL, 8.0);
            }
            if !own.is_empty() {
                w.paragraph(&own, SMALL, 8.0);
            }
            if !comment.is_empty() {
                w.paragraph(&comment, BODY, 8.0);
            }
            w.space(4.0);
        }
        if s.kind == SectionKind::InternalService || s.kind == SectionKind::ExternalService {
            evidence_block(w, s.kind, evidence);
        }
    }

    for (title, text) in [
        ("Overall summary", &e.summary),
        ("Strengths", &e.strengths),
        ("Areas to improve", &e.improvements),
    ] {
        // The heading with its text when the two fit on one page.
        let keep = w.paragraph_height(or_dash(text), BODY, 0.0);
        w.heading(title, H2, keep.min(w.content_height() - heading_height()));
        w.paragraph(or_dash(text), BODY, 0.0);
    }
    let goals: Vec<(String, String)> = e
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| {
            (
                format!("{}.", i + 1),
                format!("{} — by {}", g.goal, w.locale().date_text(&g.target_date)),
            )
        })
        .collect();
    let plan: Vec<(String, String)> = e
        .training_plan
        .iter()
        .map(|c| ("•".to_owned(), c.title.clone()))
        .collect();
    for (title, items) in [
        ("Goals for the next period", goals),
        ("Training plan", plan),
    ] {
        let first = items
            .first()
            .map_or(BODY.line_height(), |(m, t)| w.item_height(m, t, BODY, 0.0));
        w.heading(title, H2, first.min(w.content_height() - heading_height()));
        if items.is_empty() {
            w.paragraph("—", BODY, 0.0);
        }
        for (marker, text) in &items {
            w.item(marker, text, BODY, 0.0);
        }
    }
    w.heading("Recommendation", H2, 30.0);
    let rec = match (e.recommendation, e.bonus_cents) {
        // In the practice's currency on paper.
        (Recommendation::Bonus, Some(cents)) => format!("Bonus of {}", w.locale().money(cents)),
        _ => recommendation_text(e.recommendation, e.merit_percent, e.bonus_cents),
    };
    w.paragraph(&rec, BODY, 0.0);
    if !e.recommendation_note.is_empty() {
        w.paragraph(&e.recommendation_note, BODY, 0.0);
    }
    // The signatures share a page with what comes last: the employee's
    // comments, amendments and acknowledgment when they fit on one page with
    // them, else the acknowledgment at least; never a page of lines alone.
    let comment_lines = comment_lines(w);
    let comments_height = heading_height()
        + if e.employee_comments.is_empty() {
            comment_lines as f32 * 18.0 + 4.0
        } else {
            w.paragraph_height(&e.employee_comments, BODY, 0.0)
        };
    let amendments_height: f32 = e
        .amendments
        .iter()
        .map(|a| {
            STRONG.line_height()
                + a.changes
                    .iter()
                    .map(|c| w.paragraph_height(&change_text(c), BODY, 8.0))
                    .sum::<f32>()
        })
        .sum::<f32>()
        + if e.amendments.is_empty() {
            0.0
        } else {
            heading_height()
        };
    let acknowledgment_height = e.acknowledged_on.map_or(0.0, |on| {
        heading_height() + w.paragraph_height(&acknowledgment_text(w, e, on), BODY, 0.0)
    });
    let closing = if draft { 0.0 } else { signatures_height() };
    let tail = comments_height + amendments_height + acknowledgment_height + closing;
    if tail <= w.content_height() {
        w.ensure(tail);
    }
    w.heading("Employee comments", H2, 30.0);
    if e.employee_comments.is_empty() {
        w.writing_lines(comment_lines, 18.0, 0.0);
    } else {
        w.paragraph(&e.employee_comments, BODY, 0.0);
    }

    if !e.amendments.is_empty() {
        w.heading("Amendments after finalizing", H2, 40.0);
        for a in &e.amendments {
            let made = format!("{} — {}", w.locale().date(a.made_on), a.reason);
            w.paragraph(&made, STRONG, 0.0);
            for c in &a.changes {
                w.paragraph(&change_text(c), BODY, 8.0);
            }
        }
    }
    if tail > w.content_height() {
        w.ensure(acknowledgment_height + closing);
    }
    if let Some(on) = e.acknowledged_on {
        w.heading("Acknowledged by the employee", H2, 20.0);
        w.paragraph(&acknowledgment_text(w, e, on), BODY, 0.0);
    }
    if draft {
        // Nobody signs a review that can still change: the lines come with
        // the finalized one.
        w.heading("Not for signature", H2, 40.0);
        w.paragraph(
            &format!(
                "This is a draft ({}). Sign the review once it is finalized.",
                rated_text(e)
            ),
            BODY,
            0.0,
        );
    } else {
        signatures(
            w,
            &e.staff.name,
            e.reviewer.as_ref().map(|r| r.name.as_str()).unwrap_or(""),
            owner,
        );
    }
}

/// How much of an evaluation is rated: "8 of 15 criteria rated", N/A counting
/// as answered (and said when there are any), as in the evaluations list.
/// What a measured criterion's service checks propose, and why the rating
/// differs if it does: "Proposed by service checks: 4 (23 of 25 met, 92%).
/// Rated otherwise because: …". Empty for any other criterion.
fn proposal_text(c: &crate::evaluations::Criterion) -> String {
    let Some(p) = c.proposal else {
        return if c.measured {
            "Measured by service checks: none in the period.".to_owned()
        } else {
            String::new()
        };
    };
    let mut text = format!(
        "Proposed by service checks: {} ({} of {} met, {}).",
        p.rating,
        p.rate.met,
        p.rate.checks,
        p.rate.display()
    );
    if !c.override_reason.is_empty() {
        text.push_str(&format!(" Rated otherwise because: {}", c.override_reason));
    }
    text
}

/// The person's own rating of a criterion, once their self-review was handed
/// in: "Self-rating: 4 — I kept every caller informed". Empty otherwise.
fn self_text(e: &Evaluation, c: &crate::evaluations::Criterion) -> String {
    if e.self_review_on.is_none() {
        return String::new();
    }
    let rating = match (c.self_rating, c.self_not_applicable) {
        (_, true) => "N/A".to_owned(),
        (Some(r), _) => r.to_string(),
        (None, false) => "not rated".to_owned(),
    };
    if c.self_comment.is_empty() {
        format!("Self-rating: {rating}")
    } else {
        format!("Self-rating: {rating} — {}", c.self_comment)
    }
}

fn rated_text(e: &Evaluation) -> String {
    let (answered, total) = crate::evaluations::rated_of(&e.sections);
    let not_applicable = e
        .sections
        .iter()
        .flat_map(|s| &s.criteria)
        .filter(|c| c.not_applicable)
        .count();
    match not_applicable {
        0 => format!("{answered} of {total} criteria rated"),
        n => format!("{answered} of {total} criteria rated ({n} N/A)"),
    }
}

/// Whether nothing of a draft is written yet: no criterion rated, marked N/A
/// or commented, no narrative, goal, training plan or recommendation. Such a
/// draft prints as a form to fill in, not as "not rated" criterion after
/// criterion.
pub(crate) fn untouched(e: &Evaluation) -> bool {
    e.status == EvaluationStatus::Draft
        && e.sections
            .iter()
            .flat_map(|s| &s.criteria)
            .all(|c| c.rating.is_none() && !c.not_applicable && c.comment.trim().is_empty())
        && [
            &e.strengths,
            &e.improvements,
            &e.recommendation_note,
            &e.employee_comments,
        ]
        .iter()
        .all(|t| t.trim().is_empty())
        && e.goals.is_empty()
        && e.training_plan.is_empty()
        && e.recommendation == Recommendation::None
}

/// A draft's own criteria (its copy of the template, which may since have
/// changed), as the sections of a form to fill in by hand.
pub(crate) fn form_of(e: &Evaluation) -> Vec<TemplateSection> {
    e.sections
        .iter()
        .map(|s| TemplateSection {
            kind: s.kind,
            title: s.title.clone(),
            criteria: s
                .criteria
                .iter()
                .map(|c| TemplateCriterion {
                    title: c.title.clone(),
                    description: c.description.clone(),
                    levels: c.levels.clone(),
                    weight: c.weight,
                    standard_id: c.standard_id,
                    measured: c.measured,
                })
                .collect(),
        })
        .collect()
}

fn change_text(c: &crate::audit::Change) -> String {
    format!(
        "{}: {} → {}",
        c.field,
        or_dash(&c.before),
        or_dash(&c.after)
    )
}

fn acknowledgment_text(w: &Writer, e: &Evaluation, on: chrono::NaiveDate) -> String {
    let comment = if e.acknowledgment_comment.is_empty() {
        String::new()
    } else {
        format!(": {}", e.acknowledgment_comment)
    };
    format!("{} on {}{comment}", e.staff.name, w.locale().date(on))
}

/// Lines for the employee's comments written by hand: a third of the page.
fn comment_lines(w: &Writer) -> usize {
    (w.content_height() / 3.0 / 18.0).floor() as usize
}

/// What an H2 heading takes (`Writer::heading`'s space around it).
fn heading_height() -> f32 {
    H2.line_height() + 6.0
}

/// What the signature block takes: its heading, the note under it, and three
/// signature and date lines.
fn signatures_height() -> f32 {
    heading_height() + SMALL.line_height() + 3.0 * 44.0 + 10.0
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() {
        "—"
    } else {
        s
    }
}

fn signatures(w: &mut Writer, employee: &str, manager: &str, owner: &str) {
    w.heading("Signatures", H2, 140.0);
    w.paragraph(
        "The employee's signature means the review was discussed, not that they agree with it.",
        SMALL,
        0.0,
    );
    w.signatures(&[
        ("Employee", employee),
        ("Manager", manager),
        ("Owner", owner),
    ]);
}

/// What [`criterion_heading`] takes.
fn criterion_heading_height(w: &Writer, title: &str, weight: f64, description: &str) -> f32 {
    let (title, rest) = title_and_rest(title, description);
    w.paragraph_height(&titled(title, weight), STRONG, 0.0) + w.paragraph_height(rest, SMALL, 8.0)
}

/// "Title (weight 1.5)", the weight joined to the title's last word.
fn titled(title: &str, weight: f64) -> String {
    format!("{title}{NO_BREAK}({})", weight_text(weight))
}

/// A criterion's title with its weight, and its description below; the
/// statement of a criterion made from a standard is printed once (see
/// [`title_and_rest`]).
fn criterion_heading(w: &mut Writer, title: &str, weight: f64, description: &str) {
    let (title, rest) = title_and_rest(title, description);
    w.paragraph(&titled(title, weight), STRONG, 0.0);
    w.under(title);
    if !rest.is_empty() {
        w.paragraph(rest, SMALL, 8.0);
    }
}

/// A criterion made from a standard has the statement's first sentence as its
/// title (cut at 80 characters with "…" when longer) and the whole statement
/// and its target as its description, so the paper said it twice, the first
/// time cut. When the description begins with the title, the title is that
/// whole first sentence and the description goes on after it ("Target: …").
/// Any other title and description print as they are.
fn title_and_rest<'a>(title: &'a str, description: &'a str) -> (&'a str, &'a str) {
    let stem = title.trim_end_matches('…').trim_end();
    if stem.is_empty() || !description.starts_with(stem) {
        return (title, description);
    }
    // The whole sentence the title begins.
    let end = crate::text::sentence_end(description, stem.len());
    match end {
        Some(end) => (&description[..end], description[end..].trim_start()),
        None => (description, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_made_into_a_criterion_prints_once() {
        // Cut at 80 characters: the whole first sentence, then the rest.
        let statement = "Answer every call with the practice name and your own name, before the third ring. Smile.";
        let description = format!("{statement} Target: 3 rings.");
        assert_eq!(
            title_and_rest("Answer every call with the practice name and your own name, before the…", &description),
            (
                "Answer every call with the practice name and your own name, before the third ring.",
                "Smile. Target: 3 rings."
            )
        );
        // Not cut: the sentence once, with its full stop.
        assert_eq!(
            title_and_rest(
                "Acknowledge a colleague's request",
                "Acknowledge a colleague's request. Target: 4 business hours."
            ),
            (
                "Acknowledge a colleague's request.",
                "Target: 4 business hours."
            )
        );
        // A full stop inside a number does not end the sentence.
        assert_eq!(
            title_and_rest("Keep the 2.5 mm", "Keep the 2.5 mm gap. Target: all."),
            ("Keep the 2.5 mm gap.", "Target: all.")
        );
        // Other criteria print as they are.
        assert_eq!(
            title_and_rest("Accuracy", "Records are complete."),
            ("Accuracy", "Records are complete.")
        );
        assert_eq!(title_and_rest("Thoroughness", ""), ("Thoroughness", ""));
        // The description is the title's sentence and nothing more.
        assert_eq!(
            title_and_rest("Be kind", "Be kind to everyone"),
            ("Be kind to everyone", "")
        );
    }
}
