//! The one error type of the core.
//!
//! Every operation returns [`Error`]. At the IPC boundary it becomes an
//! [`ErrorPayload`] — `{ code, field?, message }` — whose JSON shape is pinned by a
//! test, so the UI can place a message next to the field it names and never has to
//! match on message text.

use serde::Serialize;
use specta::Type;

/// Everything that can go wrong in the core, in words an office manager can read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value the user typed (or a file supplied) is not acceptable; `also`
    /// holds the other fields of the same form that are not acceptable
    /// either, so the person sees every problem at once.
    #[error("{message}")]
    Invalid {
        field: String,
        message: String,
        also: Vec<FieldProblem>,
    },
    /// The value clashes with something already saved (a duplicate, a cycle).
    #[error("{message}")]
    Conflict { field: String, message: String },
    /// The record the request names does not exist.
    #[error("{what} {id} does not exist (it may have been deleted)")]
    NotFound { what: &'static str, id: i64 },
    /// The file is not a Standard Practice database; it has not been touched.
    #[error("{path} is not a Standard Practice database ({reason}); it was left untouched")]
    NotOurDatabase { path: String, reason: String },
    /// The database was written by a newer version of the app; it has not been touched.
    #[error("{path} was saved by a newer version of Standard Practice (schema {found}, this version understands up to {supported}); it was left untouched")]
    NewerSchema {
        path: String,
        found: i64,
        supported: i64,
    },
    /// The file looks like ours but is truncated or damaged; it has not been touched.
    /// The window offers to restore a backup, choose another file or start anew.
    #[error("{path} is damaged ({reason}); it was left untouched. Restore a backup, choose another file, or start a new practice")]
    DamagedDatabase { path: String, reason: String },
    /// The file is a practice encrypted with a key this computer does not
    /// have (none of its keys, nor a recovery key typed in, opens it); it has
    /// not been touched. The window asks for its recovery key.
    #[error("{path} is a practice encrypted with a key this computer does not have; it was left untouched. Open it with its recovery key (the printed page), or name its key file")]
    WrongKey { path: String },
    /// The disk is full: the change in progress was rolled back.
    #[error("The disk is full: this change was not saved; everything saved before it is safe. Free some space on the disk that holds {path}, then try again")]
    DiskFull { path: String },
    /// The database file, its folder or its disk cannot be written: a change was
    /// rolled back, or the file could not be opened for use at all.
    #[error("The database file {path} is read-only (the file, its folder or its disk): changes cannot be saved to it; everything saved before is safe. Make it writable, then try again")]
    ReadOnly { path: String },
    /// The operating system could not open, read or write the file: the change was
    /// rolled back.
    #[error("The database file {path} could not be written ({detail}): this change was not saved; everything saved before it is safe. Check the disk, then try again")]
    DiskFailure { path: String, detail: String },
    /// The disk or SQLite failed underneath us.
    #[error("the database could not be read or written: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("the database could not be brought up to date: {0}")]
    Migration(String),
    #[error("a file could not be read or written: {0}")]
    Io(#[from] std::io::Error),
    /// The system's printing (CUPS) is missing, refused the document or did
    /// not answer; the message says which and what to do instead.
    #[error("{0}")]
    Printer(String),
    /// The person stopped a long job (the annual batch) before it finished.
    #[error("cancelled; nothing was written")]
    Cancelled,
    /// A restore failed after the database was copied aside: nothing was
    /// restored, and the message says where that copy is. Its code and field
    /// are the cause's.
    #[error(
        "The backup was not restored: {}. The practice is as it was; a copy of it is in {safety}",
        cause.to_string().trim_end_matches('.')
    )]
    RestoreFailed { safety: String, cause: Box<Error> },
    /// The acting user's role does not allow this, or the record is someone else's.
    #[error("{message}")]
    Forbidden { message: String },
    /// Nobody is signed in (never was, signed out, or locked after idling).
    #[error("{message}")]
    SignedOut { message: String },
}

/// The machine-readable kind of an [`Error`]; the UI switches on this, not on text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Invalid,
    Conflict,
    NotFound,
    NotOurDatabase,
    NewerSchema,
    DamagedDatabase,
    WrongKey,
    DiskFull,
    ReadOnly,
    DiskFailure,
    Database,
    Io,
    Cancelled,
    Forbidden,
    SignedOut,
}

/// One field of a form and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// Every bad field of one form, found in one pass: a form is checked to its
/// end, and the error names the first bad field and carries the others.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<FieldProblem>);

impl Problems {
    /// The value of one field's check; when the check refuses the field,
    /// notes why and answers the type's default (the form is refused at
    /// [`Problems::done`], before any default is used). An error about no
    /// field (the database) is returned at once.
    pub(crate) fn check<T: Default>(&mut self, checked: Result<T>) -> Result<T> {
        match checked {
            Ok(value) => Ok(value),
            Err(Error::Invalid {
                field,
                message,
                also,
            }) => {
                self.0.push(FieldProblem { field, message });
                self.0.extend(also);
                Ok(T::default())
            }
            Err(other) => Err(other),
        }
    }

    /// Notes that `field` is not acceptable, unless a problem with it is
    /// already noted (the first one found stands).
    pub(crate) fn note(&mut self, field: &str, message: impl Into<String>) {
        if !self.0.iter().any(|p| p.field == field) {
            self.0.push(FieldProblem {
                field: field.to_owned(),
                message: message.into(),
            });
        }
    }

    /// `value` when the form gave one; otherwise notes `message` for `field`
    /// and answers none.
    pub(crate) fn given<T>(
        &mut self,
        field: &str,
        value: Option<T>,
        message: impl Into<String>,
    ) -> Option<T> {
        if value.is_none() {
            self.note(field, message);
        }
        value
    }

    /// Refuses the form when any field was refused: the first one named, the
    /// others in `also`.
    pub(crate) fn done(self) -> Result<()> {
        let mut found = self.0.into_iter();
        match found.next() {
            None => Ok(()),
            Some(first) => Err(Error::Invalid {
                field: first.field,
                message: first.message,
                also: found.collect(),
            }),
        }
    }
}

/// The serialized form of an [`Error`] at the IPC boundary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    /// The form field the message is about, in the payload's own (camelCase) naming.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub field: Option<String>,
    pub message: String,
    /// The form's other bad fields, when there are several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[specta(optional)]
    pub also: Vec<FieldProblem>,
}

impl Error {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.to_owned(),
            message: message.into(),
            also: Vec::new(),
        }
    }

    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        Error::Conflict {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    /// No `what` (a course, a training record) with this id.
    pub fn not_found(what: &'static str, id: i64) -> Self {
        Error::NotFound { what, id }
    }

    /// The refusal of a second `what` (a job role, a template) called `name`.
    pub(crate) fn name_taken(what: &str, name: &str) -> Self {
        Error::conflict("name", format!("There is already {what} called \"{name}\""))
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid { .. } => ErrorCode::Invalid,
            Error::Conflict { .. } => ErrorCode::Conflict,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::NotOurDatabase { .. } => ErrorCode::NotOurDatabase,
            Error::NewerSchema { .. } => ErrorCode::NewerSchema,
            Error::DamagedDatabase { .. } => ErrorCode::DamagedDatabase,
            Error::WrongKey { .. } => ErrorCode::WrongKey,
            Error::DiskFull { .. } => ErrorCode::DiskFull,
            Error::ReadOnly { .. } => ErrorCode::ReadOnly,
            Error::DiskFailure { .. } => ErrorCode::DiskFailure,
            Error::Database(_) | Error::Migration(_) => ErrorCode::Database,
            Error::Io(_) | Error::Printer(_) => ErrorCode::Io,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::RestoreFailed { cause, .. } => cause.code(),
            Error::Forbidden { .. } => ErrorCode::Forbidden,
            Error::SignedOut { .. } => ErrorCode::SignedOut,
        }
    }

    /// The same error about the file at `path` (a refusal found on a private
    /// copy, told about the file it was made from).
    pub(crate) fn with_path(self, path: &str) -> Error {
        match self {
            Error::NotOurDatabase { reason, .. } => Error::NotOurDatabase {
                path: path.to_owned(),
                reason,
            },
            Error::DamagedDatabase { reason, .. } => Error::DamagedDatabase {
                path: path.to_owned(),
                reason,
            },
            Error::NewerSchema {
                found, supported, ..
            } => Error::NewerSchema {
                path: path.to_owned(),
                found,
                supported,
            },
            Error::WrongKey { .. } => Error::WrongKey {
                path: path.to_owned(),
            },
            other => other,
        }
    }

    /// The field this error is about, if it is about one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { field, .. } | Error::Conflict { field, .. } => Some(field),
            Error::RestoreFailed { cause, .. } => cause.field(),
            _ => None,
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            field: self.field().map(str::to_owned),
            message: self.to_string(),
            also: match self {
                Error::Invalid { also, .. } => also.clone(),
                _ => Vec::new(),
            },
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The UI depends on exactly this shape; changing it is a breaking change.
    #[test]
    fn payload_json_shape_is_pinned() {
        let with_field = Error::invalid("hireDate", "Hire date is not a real date").payload();
        assert_eq!(
            serde_json::to_value(&with_field).unwrap(),
            serde_json::json!({"code": "invalid", "field": "hireDate", "message": "Hire date is not a real date"})
        );
        let mut problems = Problems::default();
        problems.note("name", "Name is required");
        problems.note("email", "Email \"a@\" is not an email address");
        problems.note("name", "a second problem with a field keeps the first");
        let several = problems.done().unwrap_err().payload();
        assert_eq!(
            serde_json::to_value(&several).unwrap(),
            serde_json::json!({"code": "invalid", "field": "name", "message": "Name is required",
                "also": [{"field": "email", "message": "Email \"a@\" is not an email address"}]})
        );
        assert!(Problems::default().done().is_ok());
        let without = Error::not_found("Staff member", 7).payload();
        assert_eq!(
            serde_json::to_value(&without).unwrap(),
            serde_json::json!({"code": "not_found", "message": "Staff member 7 does not exist (it may have been deleted)"})
        );
    }

    /// The window switches on these codes to offer a recovery screen (damaged file)
    /// or to explain a refused save (full disk, read-only file, failing disk).
    #[test]
    fn file_and_disk_codes_are_pinned() {
        let path = || "/p/x.sqlite3".to_owned();
        for (err, code) in [
            (
                Error::DamagedDatabase {
                    path: path(),
                    reason: "truncated".into(),
                },
                "damaged_database",
            ),
            (Error::WrongKey { path: path() }, "wrong_key"),
            (Error::DiskFull { path: path() }, "disk_full"),
            (Error::ReadOnly { path: path() }, "read_only"),
            (
                Error::DiskFailure {
                    path: path(),
                    detail: "I/O error".into(),
                },
                "disk_failure",
            ),
        ] {
            let json = serde_json::to_value(err.payload()).unwrap();
            assert_eq!(json["code"], code, "{json}");
            assert!(json.get("field").is_none(), "{json}");
            assert!(
                json["message"].as_str().unwrap().contains("/p/x.sqlite3"),
                "the message names the file: {json}"
            );
        }
        let full = Error::DiskFull { path: path() }.to_string();
        assert!(full.starts_with(
            "The disk is full: this change was not saved; everything saved before it is safe"
        ));
    }
}
