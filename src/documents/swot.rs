//! A SWOT worksheet on one page: its title, date and who took part, then the
//! four quadrants as a 2×2 grid. The text is set as large as lets every
//! quadrant fit its box (on A4 and on Letter alike); an item never leaves
//! its box and never runs onto a second page.

use super::layout::{Style, Writer, BODY, H1, SMALL, STRONG};
use crate::error::Result;
use crate::swot::{Quadrant, Worksheet};

/// The largest and smallest text size tried for the items, in points.
const LARGEST: f32 = 10.5;
const SMALLEST: f32 = 5.0;
/// Space inside a box, around its text.
const PAD: f32 = 8.0;
/// The gap between the boxes.
const GAP: f32 = 10.0;

pub(super) fn worksheet(w: &mut Writer, s: &Worksheet) -> Result<()> {
    w.start_group(&format!("SWOT — {}", s.title), None);
    let page_top = w.y();
    let bottom = page_top - w.content_height();
    w.paragraph(&s.title, H1, 0.0);
    let date = w.locale().date(s.held_on);
    let who: Vec<&str> = s.participants.iter().map(|p| p.name.as_str()).collect();
    let who = if who.is_empty() {
        "—".to_owned()
    } else {
        who.join(", ")
    };
    w.field("Date", &date, 70.0);
    w.field("Took part", &who, 70.0);
    w.paragraph(
        "SWOT of our internal customer service: how well we serve each other.",
        SMALL,
        0.0,
    );
    w.space(6.0);
    let top = w.y();
    let width = (w.content_width() - GAP) / 2.0;
    let height = (top - bottom - GAP) / 2.0;
    let cells = [
        (Quadrant::Strength, 0.0, 0.0),
        (Quadrant::Weakness, 1.0, 0.0),
        (Quadrant::Opportunity, 0.0, 1.0),
        (Quadrant::Threat, 1.0, 1.0),
    ];
    let inner = width - 2.0 * PAD;
    // The largest size at which every quadrant's items fit under its heading.
    let fits = |w: &Writer, size: f32| {
        let style = Style { size, ..BODY };
        cells.iter().all(|(q, _, _)| {
            let lines: usize = s
                .items
                .of(*q)
                .iter()
                .map(|t| w.wrap(t, style, inner - 10.0).len())
                .sum();
            let needed = STRONG.line_height()
                + 4.0
                + lines as f32 * style.line_height()
                + s.items.of(*q).len() as f32 * 2.0;
            needed <= height - 2.0 * PAD
        })
    };
    let mut size = LARGEST;
    while size > SMALLEST && !fits(w, size) {
        size -= 0.5;
    }
    let style = Style { size, ..BODY };
    for (q, col, row) in cells {
        let x = w.left() + col * (width + GAP);
        let box_top = top - row * (height + GAP);
        w.rect(x, box_top, width, height, false);
        let mut y = box_top - PAD;
        w.text_at(x + PAD, y, q.label(), STRONG);
        y -= STRONG.line_height() + 4.0;
        for item in s.items.of(q) {
            for (i, line) in w.wrap(item, style, inner - 10.0).iter().enumerate() {
                if y - style.line_height() < box_top - height + PAD / 2.0 {
                    break;
                }
                if i == 0 {
                    w.text_at(x + PAD, y, "•", style);
                }
                w.text_at(x + PAD + 10.0, y, line, style);
                y -= style.line_height();
            }
            y -= 2.0;
        }
    }
    w.space(top - bottom);
    Ok(())
}
