//! Scoring, stated once (PRODUCT.md): the one function that turns an
//! evaluation's ratings into section scores, the customer service score and the
//! overall score. The window, the PDFs and the tests all call [`score`].
//!
//! - A rating is 1–5, N/A, or not yet given; the last two count for nothing.
//! - A section score is the weighted mean of its rated criteria.
//! - The customer service score is the weighted mean over the criteria of both
//!   customer-service sections (external and internal), on the scale and as a
//!   percentage of the top of the scale.
//! - The overall score is the weighted mean over every rated criterion.
//! - Rounding is one decimal, half away from zero, and only when shown.
//!
//! Weights are kept in hundredths (a weight of 2.5 is 250), so every mean is an
//! exact fraction of integers and rounding never meets a binary-float surprise
//! (4.25 shows as 4.3, always).

use serde::Serialize;
use specta::Type;

use crate::ids::text_enum;

/// Ratings run from 1 to this.
pub const SCALE_MAX: u8 = 5;

text_enum! {
    /// What a section of a template or an evaluation is about: service to
    /// patients and clients, service to co-workers, or anything else (job
    /// knowledge, quality of work, dependability…).
    pub enum SectionKind {
        ExternalService = "external_service",
        InternalService = "internal_service",
        General = "general",
    }
}

impl SectionKind {
    pub fn is_customer_service(self) -> bool {
        matches!(
            self,
            SectionKind::ExternalService | SectionKind::InternalService
        )
    }
}

/// One criterion as scoring sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scored {
    /// Index of the criterion's section in the evaluation's section list.
    pub section: usize,
    pub kind: SectionKind,
    /// Weight in hundredths (2.5 is 250); always more than zero.
    pub weight: u32,
    /// 1..=SCALE_MAX, or `None` for N/A and not yet rated.
    pub rating: Option<u8>,
}

/// A weighted mean kept as the exact fraction `sum(weight × rating) / sum(weight)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mean {
    weighted: u64,
    weight: u64,
}

impl Mean {
    /// The mean as a number, for charts; never for display or comparison.
    pub fn value(self) -> f64 {
        self.weighted as f64 / self.weight as f64
    }

    /// Tenths of the score, rounded half away from zero (scores are positive).
    pub fn tenths(self) -> u64 {
        (20 * self.weighted + self.weight) / (2 * self.weight)
    }

    /// Tenths of a percent of the top of the scale, rounded half away from zero.
    pub fn percent_tenths(self) -> u64 {
        // score / SCALE_MAX × 100 × 10, doubled for the rounding step.
        let den = u64::from(SCALE_MAX) * self.weight;
        (2000 * self.weighted + den) / (2 * den)
    }

    /// "4.3": one decimal, half away from zero.
    pub fn display(self) -> String {
        tenths_text(self.tenths())
    }

    /// "86.0%".
    pub fn percent_display(self) -> String {
        format!("{}%", tenths_text(self.percent_tenths()))
    }

    /// The whole rating the shown score rounds to, half up (4.5 → 5, 4.4 →
    /// 4): whose label a form prints beside the score. From the shown
    /// tenths, so a reader who sees "4.5" finds the label of 5.
    pub fn nearest_rating(self) -> u8 {
        ((self.tenths() + 5) / 10).clamp(1, u64::from(SCALE_MAX)) as u8
    }

    pub fn view(self) -> ScoreView {
        ScoreView {
            value: self.value(),
            display: self.display(),
            percent: self.percent_display(),
            rating: self.nearest_rating(),
        }
    }
}

fn tenths_text(t: u64) -> String {
    format!("{}.{}", t / 10, t % 10)
}

#[derive(Debug, Default, Clone, Copy)]
struct Acc {
    weighted: u64,
    weight: u64,
}

impl Acc {
    fn add(&mut self, weight: u32, rating: u8) {
        self.weighted += u64::from(weight) * u64::from(rating);
        self.weight += u64::from(weight);
    }

    fn mean(self) -> Option<Mean> {
        (self.weight > 0).then_some(Mean {
            weighted: self.weighted,
            weight: self.weight,
        })
    }
}

/// Every score of one evaluation; `None` where nothing is rated yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scores {
    /// One per section, in section order.
    pub sections: Vec<Option<Mean>>,
    pub customer_service: Option<Mean>,
    pub overall: Option<Mean>,
}

/// The one scoring function. `sections` is the number of sections, so that a
/// section whose criteria are all N/A still gets its (empty) place.
pub fn score(sections: usize, criteria: &[Scored]) -> Scores {
    let mut per_section = vec![Acc::default(); sections];
    let mut service = Acc::default();
    let mut overall = Acc::default();
    for c in criteria {
        let Some(rating) = c.rating else { continue };
        if let Some(acc) = per_section.get_mut(c.section) {
            acc.add(c.weight, rating);
        }
        if c.kind.is_customer_service() {
            service.add(c.weight, rating);
        }
        overall.add(c.weight, rating);
    }
    Scores {
        sections: per_section.into_iter().map(Acc::mean).collect(),
        customer_service: service.mean(),
        overall: overall.mean(),
    }
}

/// A score as the window shows it: the value for charts, the text for reading.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ScoreView {
    #[specta(type = specta_typescript::Number)]
    pub value: f64,
    /// On the 1–5 scale, one decimal: "4.3".
    pub display: String,
    /// As a percentage of the top of the scale: "86.0%".
    pub percent: String,
    /// The whole rating `display` rounds to (see [`Mean::nearest_rating`]).
    pub rating: u8,
}

/// The share of a template's weight that customer service carries, in whole
/// percent rounded down, and whether it reaches `minimum_percent`.
pub fn service_share(weights: impl IntoIterator<Item = (SectionKind, u32)>) -> WeightShare {
    let (mut service, mut total) = (0u64, 0u64);
    for (kind, w) in weights {
        total += u64::from(w);
        if kind.is_customer_service() {
            service += u64::from(w);
        }
    }
    WeightShare { service, total }
}

/// Customer service's part of the total weight, as an exact fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeightShare {
    pub service: u64,
    pub total: u64,
}

impl WeightShare {
    /// Tenths of a percent, rounded half away from zero (for messages).
    pub fn percent_tenths(self) -> u64 {
        if self.total == 0 {
            return 0;
        }
        (2000 * self.service + self.total) / (2 * self.total)
    }

    /// "18.5%".
    pub fn percent_display(self) -> String {
        format!("{}%", tenths_text(self.percent_tenths()))
    }

    /// As people write a share: "35%", "37.5%" (no ".0").
    pub fn percent_text(self) -> String {
        let t = self.percent_tenths();
        match t % 10 {
            0 => format!("{}%", t / 10),
            d => format!("{}.{d}%", t / 10),
        }
    }

    /// Whether the share is at least `minimum_percent`, compared exactly.
    pub fn meets(self, minimum_percent: u32) -> bool {
        self.total > 0 && self.service * 100 >= u64::from(minimum_percent) * self.total
    }
}

/// A weight typed as a number (2.5) in hundredths (250); `None` unless it is
/// finite, more than zero, at most 1000 and has at most two decimals.
pub fn weight_from_number(w: f64) -> Option<u32> {
    if !w.is_finite() || w <= 0.0 || w > 1000.0 {
        return None;
    }
    let hundredths = (w * 100.0).round();
    ((w * 100.0 - hundredths).abs() < 1e-6 && hundredths >= 1.0).then_some(hundredths as u32)
}

/// A weight in hundredths as a number for the UI (250 → 2.5).
pub fn weight_to_number(hundredths: u32) -> f64 {
    f64::from(hundredths) / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use SectionKind::*;

    fn c(section: usize, kind: SectionKind, weight: u32, rating: Option<u8>) -> Scored {
        Scored {
            section,
            kind,
            weight,
            rating,
        }
    }

    fn shown(m: Option<Mean>) -> Option<String> {
        m.map(Mean::display)
    }

    /// Each row: criteria, then the section scores, customer service score and
    /// percentage, and overall score as they are displayed.
    #[test]
    fn scoring_table() {
        struct Row {
            what: &'static str,
            sections: usize,
            criteria: Vec<Scored>,
            section_scores: Vec<Option<&'static str>>,
            service: Option<(&'static str, &'static str)>,
            overall: Option<&'static str>,
        }
        let rows = [
            Row {
                what: "nothing rated yet: no scores at all",
                sections: 2,
                criteria: vec![c(0, General, 100, None), c(1, ExternalService, 100, None)],
                section_scores: vec![None, None],
                service: None,
                overall: None,
            },
            Row {
                what: "equal weights: plain mean",
                sections: 1,
                criteria: vec![c(0, General, 100, Some(4)), c(0, General, 100, Some(5))],
                section_scores: vec![Some("4.5")],
                service: None,
                overall: Some("4.5"),
            },
            Row {
                what: "N/A leaves numerator and denominator",
                sections: 1,
                criteria: vec![
                    c(0, General, 100, Some(2)),
                    c(0, General, 900, None),
                    c(0, General, 100, Some(4)),
                ],
                section_scores: vec![Some("3.0")],
                service: None,
                overall: Some("3.0"),
            },
            Row {
                what: "weights pull the mean: (3×5 + 1×1) / 4 = 4.0",
                sections: 1,
                criteria: vec![c(0, General, 300, Some(5)), c(0, General, 100, Some(1))],
                section_scores: vec![Some("4.0")],
                service: None,
                overall: Some("4.0"),
            },
            Row {
                what: "fractional weights: (2.5×4 + 1.5×3) / 4 = 3.625 shows 3.6",
                sections: 1,
                criteria: vec![c(0, General, 250, Some(4)), c(0, General, 150, Some(3))],
                section_scores: vec![Some("3.6")],
                service: None,
                overall: Some("3.6"),
            },
            Row {
                what: "half rounds away from zero: 4.25 shows 4.3",
                sections: 1,
                criteria: vec![
                    c(0, ExternalService, 100, Some(5)),
                    c(0, ExternalService, 100, Some(4)),
                    c(0, ExternalService, 100, Some(4)),
                    c(0, ExternalService, 100, Some(4)),
                ],
                section_scores: vec![Some("4.3")],
                service: Some(("4.3", "85.0%")),
                overall: Some("4.3"),
            },
            Row {
                what: "0.05 exactly rounds up: (1×3 + 19×4)/20 = 3.95 shows 4.0",
                sections: 1,
                criteria: vec![c(0, General, 100, Some(3)), c(0, General, 1900, Some(4))],
                section_scores: vec![Some("4.0")],
                service: None,
                overall: Some("4.0"),
            },
            Row {
                what: "just under half rounds down: 2/3 of the way, 3.333… shows 3.3",
                sections: 1,
                criteria: vec![
                    c(0, General, 100, Some(3)),
                    c(0, General, 100, Some(3)),
                    c(0, General, 100, Some(4)),
                ],
                section_scores: vec![Some("3.3")],
                service: None,
                overall: Some("3.3"),
            },
            Row {
                what: "customer service spans both service sections, weighted",
                sections: 3,
                criteria: vec![
                    c(0, General, 100, Some(2)),
                    c(1, ExternalService, 300, Some(5)),
                    c(2, InternalService, 100, Some(3)),
                ],
                section_scores: vec![Some("2.0"), Some("5.0"), Some("3.0")],
                // (3×5 + 1×3) / 4 = 4.5 → 90%
                service: Some(("4.5", "90.0%")),
                // (1×2 + 3×5 + 1×3) / 5 = 4.0
                overall: Some("4.0"),
            },
            Row {
                what: "a section all N/A has no score and no say",
                sections: 2,
                criteria: vec![
                    c(0, General, 100, Some(4)),
                    c(1, InternalService, 500, None),
                ],
                section_scores: vec![Some("4.0"), None],
                service: None,
                overall: Some("4.0"),
            },
            Row {
                what: "lowest and highest: 1 is 20%, 5 is 100%",
                sections: 2,
                criteria: vec![
                    c(0, ExternalService, 100, Some(1)),
                    c(1, InternalService, 100, Some(5)),
                ],
                section_scores: vec![Some("1.0"), Some("5.0")],
                service: Some(("3.0", "60.0%")),
                overall: Some("3.0"),
            },
        ];
        for row in rows {
            let s = score(row.sections, &row.criteria);
            let sections: Vec<Option<String>> = s.sections.iter().map(|m| shown(*m)).collect();
            let expected: Vec<Option<String>> = row
                .section_scores
                .iter()
                .map(|e| e.map(str::to_owned))
                .collect();
            assert_eq!(sections, expected, "{}: sections", row.what);
            assert_eq!(
                s.customer_service
                    .map(|m| (m.display(), m.percent_display())),
                row.service.map(|(a, b)| (a.to_owned(), b.to_owned())),
                "{}: customer service",
                row.what
            );
            assert_eq!(
                shown(s.overall),
                row.overall.map(str::to_owned),
                "{}: overall",
                row.what
            );
        }
    }

    #[test]
    fn percentages_round_half_away_from_zero() {
        // 29 fives and 11 fours over 40 equal weights: 4.725 → 94.5% exactly.
        let mut cs = vec![c(0, ExternalService, 100, Some(5)); 29];
        cs.extend(vec![c(0, ExternalService, 100, Some(4)); 11]);
        let s = score(1, &cs).customer_service.unwrap();
        assert_eq!(s.display(), "4.7"); // 4.725 → 4.7 (one decimal of the score)
        assert_eq!(s.percent_display(), "94.5%");
        // 7 fives, 1 four over 8: 4.875 → 4.9, 97.5%.
        let mut cs = vec![c(0, InternalService, 100, Some(5)); 7];
        cs.push(c(0, InternalService, 100, Some(4)));
        let s = score(1, &cs).customer_service.unwrap();
        assert_eq!(
            (s.display(), s.percent_display()),
            ("4.9".into(), "97.5%".into())
        );
    }

    #[test]
    fn the_label_is_the_rating_the_shown_score_rounds_to() {
        let mean = |ratings: &[(u32, u8)]| {
            let cs: Vec<Scored> = ratings
                .iter()
                .map(|&(w, r)| c(0, General, w, Some(r)))
                .collect();
            score(1, &cs).overall.unwrap()
        };
        // (display, rating): 4.45 shows 4.5, whose rating is 5; 4.44 shows 4.4.
        for (ratings, display, rating) in [
            (vec![(100, 1)], "1.0", 1),
            (vec![(100, 5)], "5.0", 5),
            (vec![(55, 5), (45, 4)], "4.6", 5),
            (vec![(45, 5), (55, 4)], "4.5", 5),
            (vec![(44, 5), (56, 4)], "4.4", 4),
            (vec![(100, 2), (100, 3)], "2.5", 3),
            (vec![(49, 3), (51, 2)], "2.5", 3),
            (vec![(40, 3), (60, 2)], "2.4", 2),
        ] {
            let m = mean(&ratings);
            assert_eq!(
                (m.display().as_str(), m.nearest_rating()),
                (display, rating),
                "{ratings:?}"
            );
        }
    }

    #[test]
    fn the_service_share_is_compared_exactly() {
        let share = service_share([(General, 300), (ExternalService, 50), (InternalService, 50)]);
        assert_eq!(share.percent_display(), "25.0%");
        assert_eq!(share.percent_text(), "25%");
        assert!(share.meets(25));
        assert!(!share.meets(26));
        let under = service_share([(General, 301), (ExternalService, 50), (InternalService, 50)]);
        assert!(!under.meets(25), "24.94% is under 25%");
        assert_eq!(under.percent_display(), "24.9%");
        assert_eq!(under.percent_text(), "24.9%");
        assert!(!service_share([]).meets(0), "no weight at all never meets");
    }

    #[test]
    fn weights_are_hundredths() {
        assert_eq!(weight_from_number(2.5), Some(250));
        assert_eq!(weight_from_number(0.01), Some(1));
        assert_eq!(weight_from_number(1000.0), Some(100_000));
        assert_eq!(weight_from_number(0.1 + 0.2), Some(30));
        for bad in [0.0, -1.0, 0.001, 1000.01, f64::NAN, f64::INFINITY, 2.345] {
            assert_eq!(weight_from_number(bad), None, "{bad}");
        }
        assert_eq!(weight_to_number(250), 2.5);
    }
}
