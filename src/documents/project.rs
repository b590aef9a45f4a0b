//! An improvement project on one page: the problem, the team and the roles
//! in the process, the measure as a chart against its target with the
//! measurements beneath it, and the outcome.

use super::charts::{self, Point, Scale};
use super::layout::{Table, Writer, BODY, H1, H2, SMALL};
use crate::error::Result;
use crate::projects::Project;

fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

pub(super) fn project(w: &mut Writer, p: &Project) -> Result<()> {
    w.start_group(&format!("Improvement project — {}", p.title), None);
    w.paragraph(&p.title, H1, 0.0);
    w.space(2.0);
    w.field("Status", p.status.label(), 90.0);
    let started = p
        .started_on
        .map_or_else(|| "—".to_owned(), |d| w.locale().date(d));
    w.field("Started", &started, 90.0);
    if let Some(end) = p.ended_on {
        let ended = w.locale().date(end);
        w.field("Ended", &ended, 90.0);
    }
    let roles: Vec<&str> = p.roles.iter().map(|r| r.name.as_str()).collect();
    w.field("Roles in the process", &roles.join(", "), 90.0);
    let team: Vec<&str> = p.team.iter().map(|t| t.name.as_str()).collect();
    w.field("Team", &team.join(", "), 90.0);
    if !p.problem.is_empty() {
        w.heading("The problem", H2, 40.0);
        w.paragraph(&p.problem, BODY, 0.0);
    }
    let unit = if p.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", p.unit)
    };
    w.heading(
        &format!(
            "{}: {}{unit} → {}{unit}",
            p.measure,
            number(p.baseline),
            number(p.target)
        ),
        H2,
        180.0,
    );
    let mut points = vec![Point {
        label: "Baseline".to_owned(),
        value: Some(p.baseline),
        text: number(p.baseline),
    }];
    let dates: Vec<String> = p
        .measurements
        .iter()
        .map(|m| {
            chrono::NaiveDate::parse_from_str(&m.measured_on, "%Y-%m-%d")
                .map(|d| w.locale().date(d))
                .unwrap_or_else(|_| m.measured_on.clone())
        })
        .collect();
    for (m, on) in p.measurements.iter().zip(&dates) {
        points.push(Point {
            label: on.clone(),
            value: Some(m.value),
            text: number(m.value),
        });
    }
    let most = points
        .iter()
        .filter_map(|x| x.value)
        .fold(p.target, f64::max);
    let least = points
        .iter()
        .filter_map(|x| x.value)
        .fold(p.target, f64::min);
    let mut scale = Scale::counts(most);
    if least < 0.0 {
        scale.min = least.floor();
    }
    let target_text = format!("target {}{unit}", number(p.target));
    charts::line(w, &points, &scale, 130.0, Some((p.target, &target_text)));
    if p.measurements.is_empty() {
        w.paragraph("No measurements yet.", SMALL, 0.0);
    } else {
        // The latest dozen: the page is one page; the chart has them all.
        const SHOWN: usize = 12;
        let skip = p.measurements.len().saturating_sub(SHOWN);
        if skip > 0 {
            w.paragraph(
                &format!(
                    "The latest {SHOWN} of {} measurements:",
                    p.measurements.len()
                ),
                SMALL,
                0.0,
            );
        }
        let table = Table::new(w, &[("Measured", 0.0), ("Value", 90.0), ("Note", 160.0)]);
        for (m, on) in p.measurements.iter().zip(&dates).skip(skip) {
            let mut note: String = m.note.chars().take(60).collect();
            if m.note.chars().count() > 60 {
                note.push('…');
            }
            table.row(w, &[on, &format!("{}{unit}", number(m.value)), &note]);
        }
        w.space(4.0);
        w.paragraph(
            if p.target_met {
                "The latest measurement has reached the target."
            } else {
                "The latest measurement has not reached the target yet."
            },
            SMALL,
            0.0,
        );
    }
    if !p.outcome.is_empty() {
        w.heading("Outcome", H2, 40.0);
        w.paragraph(&p.outcome, BODY, 0.0);
    }
    Ok(())
}
