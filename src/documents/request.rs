//! One page or report asked for by name — what the window's Print buttons
//! send — rendered with the file name it is offered under. The names are made
//! here, beside the documents, so every way of printing offers the same ones.

use serde::Deserialize;
use specta::Type;

use super::{short_name, Document, PrintOptions, Warnings};
use crate::access::Actor;
use crate::error::Result;
use crate::ids::{EvaluationId, RecognitionId, StaffId};
use crate::storage::Readable;
use crate::{evaluations, staff};

/// Which document to print.
#[derive(Debug, Clone, PartialEq, Deserialize, Type)]
#[serde(
    tag = "document",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum PrintRequest {
    Evaluation { id: EvaluationId },
    BlankForm { staff_id: Option<StaffId> },
    Transcript { staff_id: StaffId },
    Compliance,
    Handbook,
    Recognition { id: RecognitionId },
    Suggestions,
    Todo,
    Summary { year: i32 },
    Swot { id: crate::ids::SwotId },
    Project { id: crate::ids::ProjectId },
}

/// A rendered document and the file name it is offered under.
#[derive(Debug, Clone, PartialEq)]
pub struct Printed {
    /// e.g. "Annual review 2026 - Ana Lima.pdf" (not yet made safe for a
    /// file system: see [`super::safe_file_name`]).
    pub name: String,
    pub bytes: Vec<u8>,
    /// What could not be drawn (see [`super::Warnings`]).
    pub warnings: Warnings,
}

/// Renders what `request` names, as `actor` may see it.
pub fn print(
    conn: &dyn Readable,
    actor: &Actor,
    request: &PrintRequest,
    opts: PrintOptions,
) -> Result<Printed> {
    let (name, doc) = match request {
        PrintRequest::Evaluation { id } => {
            let e = evaluations::get(conn, actor, *id)?;
            (
                format!(
                    "{} {} - {}.pdf",
                    e.kind.label(),
                    e.year,
                    short_name(&e.staff.name)
                ),
                Document::Evaluation(*id),
            )
        }
        PrintRequest::BlankForm { staff_id } => {
            let name = match staff_id {
                Some(id) => format!(
                    "Review form - {}.pdf",
                    short_name(&staff::get(conn, actor, *id)?.name)
                ),
                None => "Review form.pdf".to_owned(),
            };
            let doc = Document::BlankForm {
                person: *staff_id,
                template: None,
            };
            (name, doc)
        }
        PrintRequest::Transcript { staff_id } => (
            format!(
                "Training transcript - {}.pdf",
                short_name(&staff::get(conn, actor, *staff_id)?.name)
            ),
            Document::Transcript(*staff_id),
        ),
        PrintRequest::Compliance => ("Training compliance.pdf".to_owned(), Document::Compliance),
        PrintRequest::Recognition { id } => {
            let r = crate::recognition::get(conn, actor, *id)?;
            let first = r.people.first().map_or("", |p| p.staff.name.as_str());
            let more = if r.people.len() > 1 {
                " and others"
            } else {
                ""
            };
            (
                format!(
                    "Thank you {} - {}{more}.pdf",
                    r.happened_on,
                    short_name(first)
                ),
                Document::Recognition(*id),
            )
        }
        PrintRequest::Suggestions => ("You said, we did.pdf".to_owned(), Document::Suggestions),
        PrintRequest::Todo => ("To do this month.pdf".to_owned(), Document::Todo),
        PrintRequest::Swot { id } => (
            format!("SWOT - {}.pdf", crate::swot::get(conn, actor, *id)?.title),
            Document::Swot(*id),
        ),
        PrintRequest::Project { id } => (
            format!(
                "Project - {}.pdf",
                crate::projects::get(conn, actor, *id)?.title
            ),
            Document::Project(*id),
        ),
        PrintRequest::Summary { year } => (
            format!("The practice's year {year}.pdf"),
            Document::Summary(*year),
        ),
        PrintRequest::Handbook => (
            "Service standards handbook.pdf".to_owned(),
            Document::Handbook,
        ),
    };
    let mut bytes = Vec::new();
    let warnings = super::render_to(conn, actor, &doc, opts, &mut bytes)?;
    Ok(Printed {
        name,
        bytes,
        warnings,
    })
}

/// The file (or, for one file per person, folder) the annual batch of `year`
/// is offered under.
pub fn annual_name(year: i32) -> String {
    format!("Annual reviews {year}.pdf")
}

/// The file the recovery-key page is offered under.
pub const RECOVERY_KEY_NAME: &str = "Recovery key.pdf";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_requests_read_the_json_the_ui_sends() {
        let r: PrintRequest =
            serde_json::from_value(serde_json::json!({"document": "evaluation", "id": 7})).unwrap();
        assert_eq!(
            r,
            PrintRequest::Evaluation {
                id: EvaluationId(7)
            }
        );
        let r: PrintRequest =
            serde_json::from_value(serde_json::json!({"document": "blankForm", "staffId": null}))
                .unwrap();
        assert_eq!(r, PrintRequest::BlankForm { staff_id: None });
        let r: PrintRequest =
            serde_json::from_value(serde_json::json!({"document": "handbook"})).unwrap();
        assert_eq!(r, PrintRequest::Handbook);
    }
}
