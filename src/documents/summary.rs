//! The annual summary: the owner's dashboard on paper, each chart drawn as
//! vector graphics with its numbers in a table beneath it. The pay section
//! only when the dashboard carries it (the owner's).

use chrono::NaiveDate;

use super::charts::{self, Point, Scale};
use super::layout::{Table, Writer, BODY, H1, H2, SMALL};
use crate::dashboard::Dashboard;
use crate::error::Result;

fn one(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"))
}

fn percent_of_five(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{:.0}%", v / 5.0 * 100.0))
}

pub(super) fn summary(
    w: &mut Writer,
    d: &Dashboard,
    practice: &str,
    today: NaiveDate,
) -> Result<()> {
    w.start_group(&format!("The practice's year {}", d.year), None);
    w.paragraph(&format!("The practice's year {}", d.year), H1, 0.0);
    let sub = format!("{practice} · as of {}", w.locale().date(today));
    w.paragraph(&sub, H2, 0.0);
    w.space(4.0);
    let r = &d.reviews;
    w.paragraph(
        &format!(
            "Annual reviews {}: {} of {} active people started, {} finalized, {} acknowledged. \
             Training compliance {}% ({} of {} required courses current or due soon). \
             Continuing education: {} of {} licences complete for their cycle.",
            d.year,
            r.started,
            r.active,
            r.finalized,
            r.acknowledged,
            d.training.percent,
            d.training.current + d.training.due_soon,
            d.training.required,
            d.ce.complete,
            d.ce.licences
        ),
        BODY,
        0.0,
    );

    w.heading("Customer service across the practice, by year", H2, 200.0);
    let points: Vec<Point> = d
        .by_year
        .iter()
        .map(|y| Point {
            label: y.year.to_string(),
            value: y.customer_service,
            text: one(y.customer_service),
        })
        .collect();
    charts::line(w, &points, &Scale::ratings(), 120.0, None);
    let table = Table::new(
        w,
        &[
            ("Year", 0.0),
            ("Finalized reviews", 70.0),
            ("Customer service (1–5)", 180.0),
            ("As %", 320.0),
            ("Overall (1–5)", 380.0),
        ],
    );
    for y in &d.by_year {
        table.row(
            w,
            &[
                &y.year.to_string(),
                &y.reviews.to_string(),
                &one(y.customer_service),
                &percent_of_five(y.customer_service),
                &one(y.overall),
            ],
        );
    }

    w.heading(
        &format!("Customer service by person, {}", d.year),
        H2,
        200.0,
    );
    let most = d.distribution.iter().map(|b| b.people).max().unwrap_or(0);
    let points: Vec<Point> = d
        .distribution
        .iter()
        .map(|b| Point {
            label: format!("{} {}", b.rating, b.label),
            value: Some(f64::from(b.people)),
            text: b.people.to_string(),
        })
        .collect();
    charts::bars(w, &points, &Scale::counts(f64::from(most)), 100.0);
    w.paragraph(
        "People whose customer-service score rounds to each rating, of the year's finalized annual reviews.",
        SMALL,
        0.0,
    );
    if !d.people.is_empty() {
        w.space(4.0);
        let table = Table::new(
            w,
            &[
                ("Person", 0.0),
                ("Customer service", 220.0),
                ("Overall", 340.0),
            ],
        );
        for p in &d.people {
            table.row(
                w,
                &[&p.staff.name, &one(p.customer_service), &one(p.overall)],
            );
        }
    }

    if !d.sections.is_empty() {
        w.heading(&format!("Section scores, {}", d.year), H2, 120.0);
        let table = Table::new(
            w,
            &[("Section", 0.0), ("Reviews", 300.0), ("Mean (1–5)", 380.0)],
        );
        for s in &d.sections {
            table.row(
                w,
                &[&s.title, &s.reviews.to_string(), &format!("{:.2}", s.mean)],
            );
        }
    }

    w.heading(
        &format!("Service standards met, {}, by month", d.year),
        H2,
        200.0,
    );
    let points: Vec<Point> = d
        .met_by_month
        .iter()
        .map(|m| {
            let value = (m.rate.checks > 0)
                .then(|| f64::from(m.rate.met) * 100.0 / f64::from(m.rate.checks));
            Point {
                label: m.month.get(5..).unwrap_or(&m.month).to_owned(),
                value,
                text: if m.rate.checks > 0 {
                    m.rate.display()
                } else {
                    String::new()
                },
            }
        })
        .collect();
    charts::bars(w, &points, &Scale::percent(), 100.0);
    if !d.standards.is_empty() {
        let table = Table::new(
            w,
            &[
                ("Standard", 0.0),
                ("Checks", 330.0),
                ("Met", 380.0),
                ("Rate", 430.0),
            ],
        );
        for s in &d.standards {
            table.row(
                w,
                &[
                    &s.standard.statement,
                    &s.rate.checks.to_string(),
                    &s.rate.met.to_string(),
                    &s.rate.display(),
                ],
            );
        }
    }

    w.heading("Colleagues' feedback, by year", H2, 100.0);
    let table = Table::new(
        w,
        &[
            ("Year", 0.0),
            ("Answers", 70.0),
            ("Would choose their service (1–5)", 180.0),
        ],
    );
    for f in &d.feedback_by_year {
        table.row(
            w,
            &[
                &f.year.to_string(),
                &f.answers.to_string(),
                &one(f.would_choose),
            ],
        );
    }

    w.heading("Headcount and turnover", H2, 200.0);
    let most = d.headcount.iter().map(|h| h.at_end).max().unwrap_or(0);
    let points: Vec<Point> = d
        .headcount
        .iter()
        .map(|h| Point {
            label: h.year.to_string(),
            value: Some(f64::from(h.at_end)),
            text: h.at_end.to_string(),
        })
        .collect();
    charts::bars(w, &points, &Scale::counts(f64::from(most)), 90.0);
    let table = Table::new(
        w,
        &[
            ("Year", 0.0),
            ("At start", 70.0),
            ("Hired", 150.0),
            ("Left", 220.0),
            ("At end", 290.0),
            ("Turnover", 370.0),
        ],
    );
    for h in &d.headcount {
        table.row(
            w,
            &[
                &h.year.to_string(),
                &h.at_start.to_string(),
                &h.hired.to_string(),
                &h.left.to_string(),
                &h.at_end.to_string(),
                &h.turnover
                    .map_or_else(|| "—".to_owned(), |t| format!("{t:.1}%")),
            ],
        );
    }

    if let Some(pay) = &d.pay {
        w.heading(
            &format!("Recommended pay and rewards, {}", d.year),
            H2,
            100.0,
        );
        let total = format!(
            "{} {}",
            crate::evaluations::money(pay.bonus_total_cents),
            pay.currency
        );
        w.paragraph(
            &format!(
                "{} merit {} (mean {}), {} {} totalling {total}. Drafts are marked: their recommendation may still change.",
                pay.merit_increases,
                if pay.merit_increases == 1 { "increase" } else { "increases" },
                pay.merit_mean_percent.map_or_else(|| "—".to_owned(), |m| format!("{m}%")),
                pay.bonuses,
                if pay.bonuses == 1 { "bonus" } else { "bonuses" },
            ),
            BODY,
            0.0,
        );
        if !pay.people.is_empty() {
            w.space(4.0);
            let table = Table::new(
                w,
                &[
                    ("Person", 0.0),
                    ("Recommendation", 150.0),
                    ("Merit increase", 260.0),
                    ("Bonus", 340.0),
                    ("Review", 430.0),
                ],
            );
            for p in &pay.people {
                table.row(
                    w,
                    &[
                        &p.staff.name,
                        p.recommendation.label(),
                        &p.merit_percent
                            .map_or_else(String::new, |m| format!("{m}%")),
                        &p.bonus_cents.map_or_else(String::new, |c| {
                            format!("{} {}", crate::evaluations::money(c), pay.currency)
                        }),
                        p.status.label(),
                    ],
                );
            }
        }
    }
    Ok(())
}
