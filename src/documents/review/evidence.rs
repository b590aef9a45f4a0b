//! What stands beside the customer-service ratings on paper.

use super::*;

pub(super) fn evidence_block(w: &mut Writer, kind: SectionKind, ev: &Evidence) {
    w.ensure(40.0);
    w.paragraph("Evidence", STRONG, 8.0);
    // "Label: a; b; c", or the fallback when the list is empty.
    let list = |w: &mut Writer, label: &str, items: Vec<String>, none: &str| {
        let items = if items.is_empty() {
            none.to_owned()
        } else {
            items.join("; ")
        };
        w.paragraph(&format!("{label}: {items}"), SMALL, 8.0);
    };
    if kind == SectionKind::ExternalService {
        let training = ev
            .training
            .iter()
            .map(|t| format!("{} ({})", t.course_title, w.locale().date(t.completed_on)))
            .collect();
        list(w, "Training completed in the period", training, "none");
        let behind = ev
            .due
            .iter()
            .filter(|d| !matches!(d.state, crate::due::DueState::Current))
            .map(|d| format!("{} ({})", d.course_title, due_word(d.state)))
            .collect();
        list(w, "Required training today", behind, "all current");
    } else {
        let acks = ev
            .acknowledged
            .iter()
            .take(12)
            .map(|a| {
                format!(
                    "“{}” v{} on {}",
                    short(&a.statement, 60),
                    a.version,
                    w.locale().date(a.acknowledged_on)
                )
            })
            .collect();
        list(w, "Service standards acknowledged", acks, "none");
    }
    w.space(4.0);
}

pub(crate) fn due_word(s: crate::due::DueState) -> &'static str {
    match s {
        crate::due::DueState::Current => "current",
        crate::due::DueState::DueSoon => "due soon",
        crate::due::DueState::Overdue => "overdue",
        crate::due::DueState::NeverDone => "never done",
    }
}

pub(super) fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(n - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_statements_are_shortened_with_an_ellipsis() {
        assert_eq!(short("abc", 5), "abc");
        assert_eq!(short("abcdefgh", 5), "abcd…");
    }
}
