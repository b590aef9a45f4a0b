//! "To do this month": the office manager's list on paper — everything
//! overdue, due by the month's end or waiting with no date, by kind, with a
//! box to tick.

use chrono::{Datelike, NaiveDate};

use super::layout::{Table, Writer, BODY, H1, H2, SMALL, STRONG};
use crate::error::Result;
use crate::todo::{Reminder, TodoItem};

/// The month's last day.
fn month_end(today: NaiveDate) -> NaiveDate {
    let (y, m) = if today.month() == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), today.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(today)
}

pub(super) fn todo(w: &mut Writer, items: &[TodoItem], today: NaiveDate) -> Result<()> {
    let end = month_end(today);
    let month = today.format("%B %Y").to_string();
    w.start_group("To do this month", None);
    w.paragraph("To do this month", H1, 0.0);
    w.paragraph(&month, H2, 0.0);
    let this_month: Vec<&TodoItem> = items
        .iter()
        .filter(|i| i.overdue || i.due_on.is_none_or(|d| d <= end))
        .collect();
    let overdue = this_month.iter().filter(|i| i.overdue).count();
    w.space(4.0);
    w.paragraph(
        &format!(
            "{} as of {}: {overdue} overdue. Later items are on the to-do list in the app.",
            crate::text::count(this_month.len(), "thing to do", "things to do"),
            w.locale().date(today)
        ),
        BODY,
        0.0,
    );
    if this_month.is_empty() {
        w.space(8.0);
        w.paragraph("Nothing is due this month.", BODY, 0.0);
        return Ok(());
    }
    for kind in Reminder::ALL {
        let mine: Vec<&&TodoItem> = this_month.iter().filter(|i| i.reminder == *kind).collect();
        if mine.is_empty() {
            continue;
        }
        w.heading(kind.label(), H2, 40.0);
        let table = Table::new(
            w,
            &[
                ("Done", 0.0),
                ("When", 34.0),
                ("Who", 120.0),
                ("What", 250.0),
            ],
        );
        for i in mine {
            let when = match (i.due_on, i.overdue) {
                (Some(d), _) => w.locale().date(d),
                (None, true) => "overdue".to_owned(),
                (None, false) => "—".to_owned(),
            };
            let who = i.who.as_ref().map_or("—", |p| p.name.as_str());
            let style = if i.overdue { STRONG } else { BODY };
            table.row_in(w, &["☐", &when, who, &i.what], style);
        }
    }
    w.space(8.0);
    w.paragraph(
        "Overdue items are in bold. Tick each as it is done; the list in the app updates itself from the records.",
        SMALL,
        0.0,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_month_ends_on_its_last_day() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(month_end(d("2026-11-29")), d("2026-11-30"));
        assert_eq!(month_end(d("2026-12-01")), d("2026-12-31"));
        assert_eq!(month_end(d("2028-02-10")), d("2028-02-29"));
    }
}
