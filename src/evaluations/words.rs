//! An evaluation in words, as the form prints it and the trail keeps it:
//! ratings with their labels, level sentences, the recommendation, money; and
//! the list of fields an edit changes.

use super::edit::ValidEdit;
use super::{Evaluation, Recommendation};
use crate::audit::{self, Change};

/// Every field that differs between what is saved and the edit, in words.
/// Each field is put in the form's words; which of them changed is the
/// trail's one rule, [`audit::changed`].
pub(super) fn changes(current: &Evaluation, v: &ValidEdit, labels: &[String]) -> Vec<Change> {
    let mut fields = Vec::new();
    for r in &v.ratings {
        let Some(c) = current.criterion(r.criterion) else {
            continue;
        };
        fields.push(Change::new(
            format!("Rating: {}", c.title),
            rating_text(c.rating, c.not_applicable, labels),
            rating_text(r.rating, r.not_applicable, labels),
        ));
        fields.push(Change::new(
            format!("Comment: {}", c.title),
            &c.comment,
            &r.comment,
        ));
        fields.push(Change::new(
            format!("Reason for not the proposed rating: {}", c.title),
            &c.override_reason,
            &r.override_reason,
        ));
    }
    fields.extend([
        Change::new("Overall summary", &current.summary, &v.summary),
        Change::new("Strengths", &current.strengths, &v.strengths),
        Change::new("Areas to improve", &current.improvements, &v.improvements),
        Change::new(
            "Goals",
            listed(
                current
                    .goals
                    .iter()
                    .map(|g| goal_text(&g.goal, &g.target_date)),
            ),
            listed(v.goals.iter().map(|g| goal_text(&g.goal, g.target_date))),
        ),
        Change::new(
            "Training plan",
            // Entries whose course left the catalog stay as they are: not a change.
            listed(
                current
                    .training_plan
                    .iter()
                    .filter(|c| c.course_id.is_some())
                    .map(|c| c.title.as_str()),
            ),
            listed(v.plan.iter().map(|p| p.title.as_str())),
        ),
        Change::new(
            "Recommendation",
            recommendation_text(
                current.recommendation,
                current.merit_percent,
                current.bonus_cents,
            ),
            recommendation_text(v.recommendation, v.merit_percent, v.bonus_cents),
        ),
        Change::new(
            "Recommendation note",
            &current.recommendation_note,
            &v.recommendation_note,
        ),
        Change::new(
            "Employee comments",
            &current.employee_comments,
            &v.employee_comments,
        ),
    ]);
    audit::changed(fields)
}

/// Items of a list field, one after another: "CPR; HIPAA".
fn listed<S: std::borrow::Borrow<str>>(items: impl Iterator<Item = S>) -> String {
    items.collect::<Vec<S>>().join("; ")
}

/// One goal with its target date: "Learn the new system (by 2026-06-01)".
fn goal_text(goal: &str, by: impl std::fmt::Display) -> String {
    format!("{goal} (by {by})")
}

/// A rating as the trail shows it: "4 (Exceeds standards)", "N/A", "not rated".
fn rating_text(rating: Option<u8>, na: bool, labels: &[String]) -> String {
    match (rating, na) {
        (_, true) => "N/A".to_owned(),
        (Some(r), _) => match nth(labels, usize::from(r)) {
            Some(l) => format!("{r} ({l})"),
            None => r.to_string(),
        },
        (None, false) => "not rated".to_owned(),
    }
}

/// The rating levels of a criterion as printed: its own sentence, or the
/// practice's label when it has none.
pub fn level_text(levels: &[String], labels: &[String], rating: usize) -> String {
    let label = nth(labels, rating).map(String::as_str).unwrap_or("");
    match nth(levels, rating).map(|s| s.trim()) {
        Some(s) if !s.is_empty() => s.to_owned(),
        _ => label.to_owned(),
    }
}

/// What a list of five says for `rating` (1 is the first); none for 0, which
/// only a damaged file could hold.
fn nth(list: &[String], rating: usize) -> Option<&String> {
    list.get(rating.checked_sub(1)?)
}

/// The recommendation in words, as amendments record it and the form prints it.
pub fn recommendation_text(
    r: Recommendation,
    merit: Option<f64>,
    bonus_cents: Option<i64>,
) -> String {
    match r {
        Recommendation::MeritIncrease => format!("Merit increase of {}%", merit.unwrap_or(0.0)),
        Recommendation::Bonus => format!("Bonus of {}", money(bonus_cents.unwrap_or(0))),
        other => other.label().to_owned(),
    }
}

/// Whole cents as an amount: 50000 → "500.00".
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        ["Poor", "Fair", "Good", "Very good", "Superb"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn ratings_read_with_their_labels() {
        let l = labels();
        assert_eq!(rating_text(Some(4), false, &l), "4 (Very good)");
        assert_eq!(rating_text(None, true, &l), "N/A");
        assert_eq!(rating_text(None, false, &l), "not rated");
        assert_eq!(rating_text(Some(4), false, &[]), "4");
        // A damaged file's 0 reads as itself instead of stopping the app.
        assert_eq!(rating_text(Some(0), false, &l), "0");
    }

    #[test]
    fn a_level_without_its_own_sentence_is_the_label() {
        let l = labels();
        let levels = ["", "  ", "Answers within three rings", "", ""].map(String::from);
        assert_eq!(level_text(&levels, &l, 1), "Poor");
        assert_eq!(level_text(&levels, &l, 2), "Fair");
        assert_eq!(level_text(&levels, &l, 3), "Answers within three rings");
        assert_eq!(level_text(&levels, &l, 0), "");
        assert_eq!(level_text(&levels, &l, 6), "");
    }

    #[test]
    fn money_and_recommendations_in_words() {
        assert_eq!(money(50_000), "500.00");
        assert_eq!(money(7), "0.07");
        assert_eq!(money(-125_050), "-1250.50");
        assert_eq!(
            recommendation_text(Recommendation::Bonus, None, Some(125_050)),
            "Bonus of 1250.50"
        );
        assert_eq!(
            recommendation_text(Recommendation::MeritIncrease, Some(3.5), None),
            "Merit increase of 3.5%"
        );
        assert_eq!(
            recommendation_text(Recommendation::Promotion, None, None),
            "Promotion"
        );
    }
}
