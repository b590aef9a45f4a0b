//! The blank review form, to fill in by hand: the same sections and
//! criteria as the completed one, with boxes to tick and lines to write on.

use super::*;

/// The blank form's score boxes: one per section, customer service and
/// overall, with the formula, so a form filled in by hand is scored as the
/// window would score it.
fn score_boxes(w: &mut Writer, sections: &[TemplateSection]) {
    let weights: Vec<(SectionKind, u32)> = sections
        .iter()
        .flat_map(|s| s.criteria.iter().map(|c| (s.kind, hundredths(c.weight))))
        .collect();
    let share = scoring::service_share(weights.iter().copied());
    let total: u64 = weights.iter().map(|(_, w)| u64::from(*w)).sum();
    let rows: Vec<(String, u64)> = sections
        .iter()
        .map(|s| {
            let weight = s
                .criteria
                .iter()
                .map(|c| u64::from(hundredths(c.weight)))
                .sum();
            (s.title.clone(), weight)
        })
        .chain([
            (
                format!("Customer service — {} of the review", share.percent_text()),
                share.service,
            ),
            ("Overall".to_owned(), total),
        ])
        .collect();
    let row_height = 22.0;
    w.heading(
        "Scores",
        H2,
        (rows.len() as f32 * row_height + 40.0).min(w.content_height() - 30.0),
    );
    w.paragraph(HOW_SCORED, SMALL, 0.0);
    w.space(4.0);
    let box_x = w.left() + w.content_width() - 70.0;
    let weight_x = box_x - 70.0;
    for (i, (title, weight)) in rows.iter().enumerate() {
        let style = if i + 2 >= rows.len() { STRONG } else { BODY };
        let lines = w.wrap(title, style, weight_x - w.left() - 10.0);
        let height = (lines.len() as f32 * style.line_height()).max(row_height);
        w.ensure(height);
        let top = w.y();
        for (n, line) in lines.iter().enumerate() {
            w.text_at(
                w.left(),
                top - 3.0 - n as f32 * style.line_height(),
                line,
                style,
            );
        }
        w.text_at(
            weight_x,
            top - 3.0,
            &format!("weight{NO_BREAK}{}", hundredths_text(*weight)),
            SMALL,
        );
        w.rect(box_x, top, 60.0, 16.0, false);
        w.text_at(box_x + 62.0, top - 5.0, "/5", SMALL);
        w.space(height);
    }
}

/// Who the blank form is for; `None` fields print as lines to fill in.
pub(crate) struct BlankFor<'a> {
    pub person: Option<&'a Staff>,
    /// The role the review is for: a draft's own, else the person's today.
    pub role: Option<&'a str>,
    pub period: Option<String>,
    pub reviewer: Option<&'a str>,
    /// The person's evidence of service so far, for a reviewer writing by hand.
    pub evidence: Option<&'a ServiceEvidence>,
}

/// The blank form `name`: its sections' criteria with what each level means,
/// a box per rating and N/A, comment lines, goals, narrative and signatures.
pub(crate) fn blank(
    w: &mut Writer,
    name: &str,
    sections: &[TemplateSection],
    who: &BlankFor<'_>,
    labels: &[String],
    owner: &str,
) {
    let employee = who.person.map(|p| p.name.as_str());
    let title = match employee {
        Some(n) => format!("{name} — {n}"),
        None => name.to_owned(),
    };
    w.start_group(&title, None);
    w.paragraph(name, H1, 0.0);
    w.paragraph("Review form", H2, 0.0);
    w.space(6.0);
    let fill = |v: Option<&str>| v.map(str::to_owned).unwrap_or_default();
    let [number, department, hired] = person_details(w, who.person);
    details(
        w,
        &[
            ("Employee", fill(employee)),
            number,
            ("Role", fill(who.role)),
            department,
            ("Reviewer", fill(who.reviewer)),
            hired,
            ("Period", who.period.clone().unwrap_or_default()),
            ("Review meeting", String::new()),
        ],
    );
    w.space(4.0);
    let scale: Vec<String> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{} = {l}", i + 1))
        .collect();
    w.paragraph(
        &format!(
            "Ratings: {}; N/A = not applicable in this period.",
            scale.join(", ")
        ),
        SMALL,
        0.0,
    );
    if let Some(ev) = who.evidence {
        w.space(4.0);
        w.paragraph(
            &format!("Evidence of service, {}", w.locale().period(ev.from, ev.to)),
            STRONG,
            0.0,
        );
        super::evidence::service_lines(w, ev);
    }

    for s in sections {
        w.heading(&s.title, H2, 90.0);
        for c in &s.criteria {
            criterion_blank(w, c, labels);
        }
    }
    score_boxes(w, sections);
    w.heading("Overall summary", H2, 60.0);
    w.writing_lines(3, 18.0, 0.0);
    w.heading("Strengths", H2, 60.0);
    w.writing_lines(3, 18.0, 0.0);
    w.heading("Areas to improve", H2, 60.0);
    w.writing_lines(3, 18.0, 0.0);
    w.heading("Goals for the next period", H2, 80.0);
    for i in 1..=3 {
        w.ensure(22.0);
        let top = w.y();
        w.text_at(w.left(), top - 4.0, &format!("{i}."), BODY);
        let y = top - 14.0;
        let (x1, x2, x3) = (w.left() + 14.0, w.right() - 120.0, w.right());
        w.line(x1, y, x2 - 10.0, y, 0.4, 0.55);
        w.text_at(x2, top - 4.0, "by", SMALL);
        w.line(x2 + 16.0, y, x3, y, 0.4, 0.55);
        w.space(22.0);
    }
    w.heading("Training plan", H2, 40.0);
    w.writing_lines(2, 18.0, 0.0);
    w.heading("Recommendation", H2, 40.0);
    let options = [
        "None",
        "Merit increase ____ %",
        "Bonus ________",
        "Recognition",
        "Promotion",
    ];
    w.ensure(20.0);
    let top = w.y();
    let mut x = w.left();
    for o in options {
        w.check_box(x, top - 1.0, 9.0, false);
        w.text_at(x + 13.0, top, o, BODY);
        x += w.width_of(o, BODY) + 30.0;
    }
    w.space(BODY.line_height() + 6.0);
    w.writing_lines(1, 18.0, 0.0);
    // The employee's third of a page, on the sheet the signatures are on.
    let lines = comment_lines(w);
    w.ensure(heading_height() + lines as f32 * 18.0 + 4.0 + signatures_height());
    w.heading("Employee comments", H2, 60.0);
    w.writing_lines(lines, 18.0, 0.0);
    signatures(w, employee.unwrap_or(""), who.reviewer.unwrap_or(""), owner);
}

fn criterion_blank(w: &mut Writer, c: &crate::templates::TemplateCriterion, labels: &[String]) {
    let levels: Vec<String> = (1..=5).map(|r| level_text(&c.levels, labels, r)).collect();
    let levels: Vec<String> = levels
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{} — {l}", i + 1))
        .collect();
    // A criterion's title, levels, boxes and comment lines stay together.
    let height = criterion_heading_height(w, &c.title, c.weight, &c.description)
        + levels
            .iter()
            .map(|l| w.paragraph_height(l, SMALL, 16.0))
            .sum::<f32>()
        + 3.0
        + 14.0
        + 2.0 * 16.0
        + 8.0;
    w.keep(height);
    criterion_heading(w, &c.title, c.weight, &c.description);
    for l in &levels {
        w.paragraph(l, SMALL, 16.0);
    }
    w.space(3.0);
    let top = w.y();
    let mut x = w.left() + 8.0;
    for label in ["1", "2", "3", "4", "5", "N/A"] {
        w.check_box(x, top, 11.0, false);
        w.text_at(x + 14.0, top - 1.0, label, BODY);
        x += 44.0;
    }
    w.text_at(x + 8.0, top - 1.0, "Comment:", SMALL);
    w.space(14.0);
    w.writing_lines(2, 16.0, 8.0);
    w.space(4.0);
}
