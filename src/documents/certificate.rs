//! The staff room's pages: the recognition certificate (one page thanking
//! one person or several for good service, with what happened, the standard
//! it shows, who said thank you and when, and lines to sign), and "You said,
//! we did" (every decided suggestion and what came of it, without names).

use super::layout::{Style, Table, Writer, BODY, H1, H2, SMALL};
use crate::recognition::Recognition;
use crate::suggestions::BoardEntry;

/// The certificate's title, as large as the page allows a word to be read
/// across a room.
const TITLE: Style = Style {
    size: 30.0,
    bold: true,
    muted: false,
};
/// The names of the people thanked.
const NAMES: Style = Style {
    size: 20.0,
    bold: true,
    muted: false,
};
/// What happened.
const WHAT: Style = Style {
    size: 12.5,
    bold: false,
    muted: false,
};

pub(crate) fn recognition(w: &mut Writer, r: &Recognition) {
    let names: Vec<String> = r.people.iter().map(|p| p.staff.name.clone()).collect();
    let to = crate::text::names_in_words(&names, names.len());
    w.start_group(&format!("Thank you — {to}"), None);
    // A frame a little inside the margins, the height of the page's body.
    let (left, top) = (w.left() - 12.0, w.y() - 6.0);
    let (width, height) = (w.content_width() + 24.0, w.content_height() - 12.0);
    w.rect(left, top, width, height, false);
    w.space(height * 0.16);
    w.centred("Thank you", TITLE);
    w.space(18.0);
    w.centred("This certificate is presented to", SMALL);
    w.space(8.0);
    // Many names take the size of a heading, so the page still holds them.
    w.centred(&to, if to.chars().count() <= 120 { NAMES } else { H2 });
    w.space(16.0);
    w.centred("for", SMALL);
    w.space(6.0);
    w.centred(&r.what, WHAT);
    if let Some(s) = &r.standard {
        w.space(16.0);
        w.centred("It shows our service standard", SMALL);
        w.space(4.0);
        w.centred(&format!("“{}”", s.statement), BODY);
    }
    w.space(22.0);
    let when = w.locale().date(r.happened_on);
    w.centred(&when, H2);
    w.space(2.0);
    w.centred(&format!("With thanks from {}", r.from_name), BODY);
    // The lines to sign near the foot of the frame.
    let room = w.y() - (top - height) - 120.0;
    w.space(room.max(30.0));
    w.signatures(&[("Signed", ""), ("Signed", "")]);
}

/// "You said, we did": each decided suggestion, newest decision first, with
/// what was decided and what came of it. It flows onto more pages when the
/// board is long; the first page says how many.
pub(crate) fn suggestions(w: &mut Writer, board: &[BoardEntry]) {
    w.start_group("You said, we did", None);
    w.paragraph("You said, we did", H1, 0.0);
    w.paragraph(
        &format!(
            "{}: what was decided, and what came of it.",
            crate::text::count(
                board.len(),
                "suggestion from the team",
                "suggestions from the team"
            )
        ),
        SMALL,
        0.0,
    );
    w.space(8.0);
    if board.is_empty() {
        w.paragraph("No suggestion has been decided yet.", BODY, 0.0);
        return;
    }
    let table = Table::new(
        w,
        &[
            ("You said", 0.0),
            ("We decided", 250.0),
            ("What came of it", 330.0),
        ],
    );
    for b in board {
        let decided = format!("{} ({})", b.decision.label(), w.locale().date(b.decided_on));
        table.row(w, &[&b.text, &decided, &b.outcome]);
    }
}
