//! Typed ids, so a staff id can never be passed where a course id is expected.
//! In TypeScript they are named aliases of `number`.

use serde::{Deserialize, Serialize};
use specta::Type;

macro_rules! id_type {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
        #[serde(transparent)]
        // A named type in TypeScript, carried as a number: SQLite's row ids
        // stay far below 2^53, where a JavaScript number is still exact.
        #[specta(transparent = false)]
        pub struct $name(#[specta(type = specta_typescript::Number)] pub i64);

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                i64::column_result(v).map($name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    StaffId,
    RoleId,
    CourseId,
    RecordId,
    StandardId,
    VersionId,
    TemplateId,
    EvaluationId,
    CriterionId,
    AccountId,
    AuditId,
    RecognitionId,
    FeedbackId,
    CheckId,
    RequestId,
    SuggestionId,
    CheckInId,
    LicenceTypeId,
    LicenceId,
    SwapId,
    SwotId,
    ProjectId,
    // The id of a record of whichever kind an `audit::Entity` names.
    EntityId,
);

/// An enum stored in SQLite as the same snake_case text serde gives it, so the
/// database, the JSON and the TypeScript all spell a value one way.
macro_rules! text_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, specta::Type)]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $text)] $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                match v.as_str()? {
                    $($text => Ok($name::$variant),)*
                    other => Err(rusqlite::types::FromSqlError::Other(
                        format!("unknown {} {other:?}", stringify!($name)).into(),
                    )),
                }
            }
        }
    };
}
pub(crate) use text_enum;
