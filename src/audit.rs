//! The audit trail: who changed what, when, from what to what.
//!
//! Every change to staff, training records, standards, evaluations (and the
//! catalog, templates, settings and accounts) writes one row here inside the
//! same transaction as the change, so there is never a change without its row
//! or a row without its change. The app only ever inserts into this table.

use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::Value;
use specta::Type;

use crate::access::{Actor, Permission};
use crate::error::Result;
use crate::ids::{text_enum, AuditId, StaffId};
use crate::storage::timestamp;
use crate::storage::Readable;
use crate::storage::Where;

text_enum! {
    /// The kind of record a change was made to.
    pub enum Entity {
        Staff = "staff",
        TrainingRecord = "training_record",
        Standard = "standard",
        Evaluation = "evaluation",
        Template = "template",
        Course = "course",
        JobRole = "job_role",
        Practice = "practice",
        Account = "account",
        Recognition = "recognition",
        PatientFeedback = "patient_feedback",
        ServiceCheck = "service_check",
        FeedbackRequest = "feedback_request",
        Suggestion = "suggestion",
        CheckIn = "check_in",
        LicenceType = "licence_type",
        Licence = "licence",
        JobSwap = "job_swap",
        Swot = "swot",
        Project = "project"
    }
}

/// One field's value before and after, as the record page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, Type)]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

impl Change {
    /// `field`'s value before and after, each in words.
    pub(crate) fn new(
        field: impl Into<String>,
        before: impl Into<String>,
        after: impl Into<String>,
    ) -> Self {
        Change {
            field: field.into(),
            before: before.into(),
            after: after.into(),
        }
    }
}

/// One row of the trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: AuditId,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor: String,
    pub actor_role: String,
    pub entity: Entity,
    #[specta(type = specta_typescript::Number)]
    pub entity_id: i64,
    #[specta(optional)]
    pub person: Option<StaffId>,
    /// What happened, e.g. `created`, `updated`, `finalized`, `amended`.
    pub action: String,
    /// One line a person can read, e.g. "Training logged: CPR (2026-03-02)".
    pub summary: String,
    pub changes: Vec<Change>,
}

/// Writes one row of the trail. Call it inside the transaction of the change.
#[allow(clippy::too_many_arguments)]
pub(crate) fn record(
    tx: &rusqlite::Transaction<'_>,
    actor: &Actor,
    entity: Entity,
    entity_id: i64,
    person: Option<StaffId>,
    action: &str,
    summary: &str,
    changes: &[Change],
) -> Result<()> {
    let at = timestamp();
    record_at(
        tx, actor, &at, entity, entity_id, person, action, summary, changes,
    )
}

/// [`record`] at a time given: an anonymous row is dated to its day.
#[allow(clippy::too_many_arguments)]
fn record_at(
    tx: &rusqlite::Transaction<'_>,
    actor: &Actor,
    at: &str,
    entity: Entity,
    entity_id: i64,
    person: Option<StaffId>,
    action: &str,
    summary: &str,
    changes: &[Change],
) -> Result<()> {
    let changes = serde_json::to_string(changes)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    tx.prepare_cached(
        "INSERT INTO audit_log (at, account_id, actor, actor_role, entity, entity_id, person, action, summary, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
            at,
            actor.account(),
            actor.name(),
            actor.role().as_str(),
            entity,
            entity_id,
            person,
            action,
            summary,
            changes
        ])?;
    Ok(())
}

/// The fields whose values differ between two versions of a record, compared
/// through their JSON form. Bookkeeping fields (ids, timestamps) are left out.
pub(crate) fn diff<T: Serialize>(before: &T, after: &T) -> Vec<Change> {
    let (Ok(Value::Object(b)), Ok(Value::Object(a))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Vec::new();
    };
    let mut fields: Vec<&String> = b.keys().chain(a.keys()).collect();
    fields.sort();
    fields.dedup();
    // Ids are bookkeeping: the names beside them say the same in words.
    fields.retain(|field| {
        !(matches!(field.as_str(), "id" | "createdAt" | "updatedAt")
            || field.ends_with("Id")
            || field.ends_with("Ids"))
    });
    changed(fields.into_iter().map(|field| {
        let was = b.get(field).unwrap_or(&Value::Null);
        let now = a.get(field).unwrap_or(&Value::Null);
        let (mut before, mut after) = (show(was), show(now));
        if before == after && was != now {
            // Changed inside, the same in words (a criterion's weight
            // under the same section titles): show the values in full.
            (before, after) = (was.to_string(), now.to_string());
        }
        Change::new(field.as_str(), before, after)
    }))
}

/// The fields whose words differ, in the order given: the one rule of every
/// change list. [`diff`] gives a record's fields through its JSON form; a
/// record whose page says its fields in words of its own (an evaluation's
/// ratings, goals, recommendation) gives those words, field by field.
pub(crate) fn changed(fields: impl IntoIterator<Item = Change>) -> Vec<Change> {
    fields.into_iter().filter(|c| c.before != c.after).collect()
}

/// The record a change is about, for the one-line summary: "Course created: CPR".
pub struct Subject<'a> {
    pub entity: Entity,
    pub id: i64,
    /// The staff member the record is about, if any.
    pub person: Option<StaffId>,
    /// What kind of record, as a person says it: "Staff record", "Course".
    pub what: &'a str,
    /// Which one: a name, a title.
    pub name: &'a str,
}

impl<'a> Subject<'a> {
    /// A record about no staff member in particular: a course, a job role, a
    /// template, a standard, the settings.
    pub(crate) fn of(entity: Entity, id: i64, what: &'a str, name: &'a str) -> Self {
        Subject {
            entity,
            id,
            person: None,
            what,
            name,
        }
    }

    /// The same record, in `person`'s change list.
    pub(crate) fn about(self, person: StaffId) -> Self {
        Subject {
            person: Some(person),
            ..self
        }
    }
}

/// Who or what holds a record that is about to be deleted.
pub(crate) struct Held {
    pub count: usize,
    /// The first three, and how many more: "Ana, Sam, Lee and 2 others".
    pub names: String,
}

impl Held {
    pub(crate) fn one(&self) -> bool {
        self.count == 1
    }

    /// The holders named after their `kind` (made plural for several), and
    /// what to do first: "the job roles Front desk and Billing: take it out
    /// of them first".
    pub(crate) fn take_it_out_of(&self, kind: &str) -> String {
        let (s, them) = if self.one() {
            ("", "it")
        } else {
            ("s", "them")
        };
        format!("the {kind}{s} {}: take it out of {them} first", self.names)
    }

    /// The people holding the record, as the one to change: "them" or "each of them".
    pub(crate) fn each_of_them(&self) -> &'static str {
        if self.one() {
            "them"
        } else {
            "each of them"
        }
    }
}

/// Refuses a deletion (a conflict at `field`, in the words `say` gives) while
/// `sql` finds anything holding the record: deleting never lets a foreign key
/// quietly change another record.
pub(crate) fn refuse_if_held<I: rusqlite::ToSql>(
    conn: &Connection,
    field: &str,
    sql: &str,
    id: I,
    say: impl FnOnce(&Held) -> String,
) -> Result<()> {
    let (count, first) = holders(conn, sql, id)?;
    if count == 0 {
        return Ok(());
    }
    let held = Held {
        count,
        names: crate::text::names_in_words(&first, count),
    };
    Err(crate::error::Error::conflict(field, say(&held)))
}

/// How many rows `sql` (one `?1` parameter, one text column) finds, and the
/// first three of them.
fn holders<I: rusqlite::ToSql>(
    conn: &Connection,
    sql: &str,
    id: I,
) -> Result<(usize, Vec<String>)> {
    let count: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM ({sql})"), [&id], |r| {
        r.get(0)
    })?;
    let first = conn
        .prepare(&format!("{sql} LIMIT 3"))?
        .query_map([&id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((usize::try_from(count).unwrap_or(0), first))
}

/// The names behind a list of ids, in its order, for a record whose field is
/// only ids (the trail leaves ids out): `sql` selects one name by `?1`.
pub(crate) fn names_of<I: rusqlite::ToSql>(
    conn: &Connection,
    sql: &str,
    ids: &[I],
) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let names = ids
        .iter()
        .map(|id| stmt.query_row([id], |r| r.get(0)))
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// Records a new record with every field it was created with.
pub(crate) fn created<T: Serialize>(
    tx: &rusqlite::Transaction<'_>,
    actor: &Actor,
    s: Subject<'_>,
    after: &T,
) -> Result<()> {
    let changes: Vec<Change> = diff(
        &empty(),
        &serde_json::to_value(after).unwrap_or(Value::Null),
    )
    .into_iter()
    .filter(|c| !c.after.is_empty())
    .collect();
    record_about(tx, actor, s, "created", &changes)
}

/// Records the fields that changed, if any did.
pub(crate) fn updated<T: Serialize>(
    tx: &rusqlite::Transaction<'_>,
    actor: &Actor,
    s: Subject<'_>,
    before: &T,
    after: &T,
) -> Result<()> {
    let changes = diff(before, after);
    if changes.is_empty() {
        return Ok(());
    }
    record_about(tx, actor, s, "updated", &changes)
}

/// Records a deletion with every field the record had.
pub(crate) fn deleted<T: Serialize>(
    tx: &rusqlite::Transaction<'_>,
    actor: &Actor,
    s: Subject<'_>,
    before: &T,
) -> Result<()> {
    let changes: Vec<Change> = diff(
        &serde_json::to_value(before).unwrap_or(Value::Null),
        &empty(),
    )
    .into_iter()
    .filter(|c| !c.before.is_empty())
    .collect();
    record_about(tx, actor, s, "deleted", &changes)
}

/// One row about `s`, summarized as "<what> <action>: <name>".
pub(crate) fn record_about(
    tx: &rusqlite::Transaction<'_>,
    actor: &Actor,
    s: Subject<'_>,
    action: &str,
    changes: &[Change],
) -> Result<()> {
    let summary = format!("{} {action}: {}", s.what, s.name);
    record(
        tx, actor, s.entity, s.id, s.person, action, &summary, changes,
    )
}

fn empty() -> Value {
    Value::Object(Default::default())
}

/// One row about `s` with no changes listed, dated `at` (RFC 3339): for
/// what was given anonymously, which must not be matched by its minute.
pub(crate) fn record_dated(
    tx: &rusqlite::Transaction<'_>,
    actor: &Actor,
    at: &str,
    s: Subject<'_>,
    action: &str,
) -> Result<()> {
    let summary = format!("{} {action}: {}", s.what, s.name);
    record_at(
        tx,
        actor,
        at,
        s.entity,
        s.id,
        s.person,
        action,
        &summary,
        &[],
    )
}

/// A value as a person reads it: text as is, a record by its name or title,
/// lists joined with commas, nothing as empty.
pub(crate) fn show(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(show).collect::<Vec<_>>().join(", "),
        Value::Object(o) => o
            .get("name")
            .or_else(|| o.get("title"))
            .or_else(|| o.get("fileName"))
            .map(show)
            .unwrap_or_else(|| v.to_string()),
    }
}

/// What no change list shows anyone: a self-review's ratings saved before
/// it is handed in (until then the reviewer does not see them).
const UNSEEN: &str = "NOT (entity = 'evaluation' AND action = 'self-review saved'
      AND entity_id IN (SELECT id FROM evaluations WHERE self_review_on IS NULL))";

/// What the change list does not show an owner or manager whose account
/// names their staff record, about themselves: edits to their draft review,
/// their check-ins (with the private notes) and the feedback asked about them
/// (who was asked, who answered when). See `Actor::require_about_another`.
const NOT_ABOUT_ME: &str = "NOT (person = ? AND (entity IN ('check_in', 'feedback_request')
      OR (entity = 'evaluation' AND action = 'updated')))";

/// `filters` with what `actor` may not see in the trail left out.
fn seen_by(actor: &Actor, filters: Where) -> Where {
    filters
        .when(UNSEEN, true)
        .filter(NOT_ABOUT_ME, actor.staff())
}

/// The changes to one record, newest first.
pub fn for_record(
    conn: &dyn Readable,
    actor: &Actor,
    entity: Entity,
    id: i64,
) -> Result<Vec<AuditEntry>> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::ViewAudit)?;
    let filters = seen_by(
        actor,
        Where::default()
            .filter("entity = ?", Some(entity))
            .filter("entity_id = ?", Some(id)),
    );
    query_page(conn, &filters.sql(), filters.params(), 500)
}

/// Every change about one person: their staff record, training, acknowledgments,
/// evaluations and account, newest first.
pub fn for_person(conn: &dyn Readable, actor: &Actor, person: StaffId) -> Result<Vec<AuditEntry>> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::ViewAudit)?;
    let filters = seen_by(
        actor,
        Where::default().filter(
            "(person = ? OR (entity = 'staff' AND entity_id = ?))",
            Some(person),
        ),
    );
    query_page(conn, &filters.sql(), filters.params(), 500)
}

/// Which part of the practice's change list to read.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditFilter {
    /// Only changes to this kind of record.
    pub entity: Option<Entity>,
    /// Only changes about this person (as [`for_person`]).
    pub person: Option<StaffId>,
    /// Only changes older than this one: the next page.
    pub before: Option<AuditId>,
}

/// One page of the practice's change list, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// True when older changes match the filter: ask again with `before` set
    /// to the last entry's id.
    pub more: bool,
}

/// How many changes a page of the practice's change list holds.
pub const PAGE: usize = 200;

/// The whole practice's change list, filtered by kind of record and person,
/// a page at a time: changes to courses, roles, templates, settings and
/// accounts as well as to people.
pub fn list(conn: &dyn Readable, actor: &Actor, filter: &AuditFilter) -> Result<AuditPage> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::ViewAudit)?;
    let filters = seen_by(
        actor,
        Where::default()
            .filter("entity = ?", filter.entity)
            .filter(
                "(person = ? OR (entity = 'staff' AND entity_id = ?))",
                filter.person,
            )
            .filter("id < ?", filter.before),
    );
    let mut entries = query_page(conn, &filters.sql(), filters.params(), PAGE + 1)?;
    let more = entries.len() > PAGE;
    entries.truncate(PAGE);
    Ok(AuditPage { entries, more })
}

/// The newest `limit` changes `filter` (a `WHERE` clause, or nothing) keeps.
fn query_page(
    conn: &Connection,
    filter: &str,
    args: impl rusqlite::Params,
    limit: usize,
) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, at, actor, actor_role, entity, entity_id, person, action, summary, changes
           FROM audit_log {filter} ORDER BY id DESC LIMIT {limit}"
    ))?;
    let rows = stmt
        .query_map(args, |r| {
            let changes: String = r.get(9)?;
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                actor_role: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
                person: r.get(6)?,
                action: r.get(7)?,
                summary: r.get(8)?,
                // A damaged row says so; it does not read as "no changes".
                changes: crate::storage::json_column(&changes, 9)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_names_changed_fields_in_words() {
        let before = json!({"id": 1, "name": "Ana", "role": {"id": 2, "name": "Reception"}, "updatedAt": "x",
                            "email": "", "tags": ["a", "b"], "active": true});
        let after = json!({"id": 1, "name": "Ana", "role": {"id": 3, "name": "Billing"}, "updatedAt": "y",
                           "email": "ana@example.org", "tags": ["a"], "active": false});
        let d = diff(&before, &after);
        let fields: Vec<&str> = d.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["active", "email", "role", "tags"]);
        assert_eq!(
            d[0],
            Change {
                field: "active".into(),
                before: "yes".into(),
                after: "no".into()
            }
        );
        assert_eq!(d[2].before, "Reception");
        assert_eq!(d[2].after, "Billing");
        assert_eq!(d[3].before, "a, b");
    }

    #[test]
    fn changed_keeps_the_fields_whose_words_differ_in_the_order_given() {
        let fields = [
            Change::new("Strengths", "Kind", "Kind"),
            Change::new("Rating: Checks patient Id", "not rated", "4 (Good)"),
            Change::new("Goals", "", ""),
            Change::new("Comment", "", "Agreed"),
        ];
        let kept: Vec<String> = changed(fields).into_iter().map(|c| c.field).collect();
        // Its own words are never taken for bookkeeping, whatever they end in.
        assert_eq!(kept, ["Rating: Checks patient Id", "Comment"]);
    }
}
