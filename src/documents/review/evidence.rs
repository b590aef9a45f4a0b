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
        match &ev.service {
            Some(service) => service_lines(w, service),
            None => w.paragraph(
                "Thank-yous, patients' feedback and service checks: not kept with reviews finalized before this version",
                SMALL,
                8.0,
            ),
        }
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

/// The evidence of service in a few lines: the thank-yous, patients'
/// compliments and complaints, and the service checks' met rate per
/// standard, as counted for the review's period.
pub(super) fn service_lines(w: &mut Writer, ev: &ServiceEvidence) {
    let line = |w: &mut Writer, label: &str, text: String| {
        w.paragraph(&format!("{label}: {text}"), SMALL, 8.0);
    };
    let thanks = if ev.recognitions.is_empty() {
        "none".to_owned()
    } else {
        let shown: Vec<String> = ev
            .recognitions
            .iter()
            .take(5)
            .map(|r| {
                // The date first: after a right-to-left text it would be
                // read right to left too.
                format!(
                    "{}: “{}” (from {})",
                    w.locale().date(r.happened_on),
                    short(&r.what, 70),
                    r.from_name
                )
            })
            .collect();
        let more = ev.recognitions.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!("; {more} more")
        } else {
            String::new()
        };
        format!("{}: {}{more}", ev.recognitions.len(), shown.join("; "))
    };
    line(w, "Thank-yous", thanks);
    let open = ev
        .patient_feedback
        .iter()
        .filter(|f| f.closed_on.is_none())
        .count();
    let open = if open > 0 {
        format!(", {open} still open")
    } else {
        String::new()
    };
    line(
        w,
        "Patients",
        format!(
            "{}, {}{open}",
            crate::text::count(ev.compliments as usize, "compliment", "compliments"),
            crate::text::count(ev.complaints as usize, "complaint", "complaints")
        ),
    );
    line(w, "Colleagues", crate::evidence::colleagues_text(ev, 50));
    let check_ins = match ev.check_ins.first() {
        None => "none in the period".to_owned(),
        Some(latest) => {
            let next = ev
                .next_check_in
                .map(|d| format!("; next {}", w.locale().date(d)))
                .unwrap_or_default();
            format!(
                "{}, the latest {}{next}",
                ev.check_ins.len(),
                w.locale().date(*latest)
            )
        }
    };
    line(w, "Check-ins", check_ins);
    let checks: Vec<String> = ev
        .checks
        .iter()
        .map(|c| {
            format!(
                "“{}” {} ({} of {})",
                short(&c.standard.statement, 50),
                c.rate.display(),
                c.rate.met,
                c.rate.checks
            )
        })
        .collect();
    line(
        w,
        "Service checks met",
        if checks.is_empty() {
            "none in the period".to_owned()
        } else {
            checks.join("; ")
        },
    );
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
