//! The one error type commands return.
//!
//! It serializes exactly as the core's `ErrorPayload` — `{ code, field?, message }`
//! — so the UI handles an error the same way whichever command it came from.

use serde::Serialize;
use standard_practice::{ErrorCode, ErrorPayload};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(transparent)]
pub struct CommandError(pub ErrorPayload);

impl From<standard_practice::Error> for CommandError {
    fn from(e: standard_practice::Error) -> Self {
        CommandError(e.payload())
    }
}

impl CommandError {
    /// The database is not open: repeat why it could not be opened.
    pub(crate) fn not_open(open_error: Option<ErrorPayload>) -> Self {
        CommandError(open_error.unwrap_or_else(|| ErrorPayload {
            code: ErrorCode::Database,
            field: None,
            message: "the database is not open".to_owned(),
            also: Vec::new(),
        }))
    }

    /// The blocking task died (a panic in the core): report it rather than hang.
    pub(crate) fn from_join(e: tauri::Error) -> Self {
        CommandError(ErrorPayload {
            code: ErrorCode::Database,
            field: None,
            message: format!("the request failed unexpectedly and nothing was saved ({e})"),
            also: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UI reads these keys; `field` is left out, not `null`, when absent.
    #[test]
    fn serializes_exactly_as_the_core_payload() {
        let core = standard_practice::Error::NotFound {
            what: "staff member",
            id: 7,
        };
        let json = serde_json::to_value(CommandError::from(core)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "not_found",
                "message": "staff member 7 does not exist (it may have been deleted)"
            })
        );
    }
}
