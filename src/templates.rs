//! Evaluation templates: sections of weighted criteria, each criterion with a
//! sentence for what every rating level means. Every template has an external
//! and an internal customer service section, and customer service must carry at
//! least the practice's minimum share of the weight. A criterion can be made
//! from a service standard and keeps the link to it.
//!
//! A template is saved whole (name, sections, criteria) in one transaction;
//! evaluations copy what they need when they start, so saving a template never
//! changes one.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::{StandardId, TemplateId};
use crate::practice::RATING_LEVELS;
use crate::scoring::{self, SectionKind};
use crate::standards::{self, Audience};
use crate::storage::Readable;
use crate::storage::{timestamp, unique_violation_as, Db};
use crate::text;

pub const MAX_SECTIONS: usize = 30;
pub const MAX_CRITERIA_PER_SECTION: usize = 40;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateCriterion {
    pub title: String,
    pub description: String,
    /// What ratings 1 to 5 mean for this criterion, lowest first; a blank one
    /// prints as the practice's rating label alone.
    pub levels: Vec<String>,
    /// More than 0, at most 1000, at most two decimals.
    #[specta(type = specta_typescript::Number)]
    pub weight: f64,
    /// The service standard this criterion was made from, if any.
    pub standard_id: Option<StandardId>,
    /// Rated from the standard's service checks: the period's met rate
    /// proposes the rating (by the practice's thresholds), which the reviewer
    /// accepts or overrides with a reason. Only a criterion made from a
    /// standard can be measured.
    pub measured: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateSection {
    pub kind: SectionKind,
    pub title: String,
    pub criteria: Vec<TemplateCriterion>,
}

/// What the template editor sends, and gets back inside a [`Template`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateInput {
    pub name: String,
    pub description: String,
    pub sections: Vec<TemplateSection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub id: TemplateId,
    pub name: String,
    pub description: String,
    pub sections: Vec<TemplateSection>,
    /// Customer service's share of the total weight: "31.0%".
    pub service_share: String,
    /// Evaluations started from this template (they keep their own copy).
    pub evaluation_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateSummary {
    pub id: TemplateId,
    pub name: String,
    pub description: String,
    pub section_count: u32,
    pub criterion_count: u32,
    pub service_share: String,
    pub evaluation_count: u32,
}

struct Valid {
    name: String,
    description: String,
    sections: Vec<ValidSection>,
}

struct ValidSection {
    kind: SectionKind,
    title: String,
    criteria: Vec<ValidCriterion>,
}

pub(crate) struct ValidCriterion {
    pub title: String,
    pub description: String,
    pub levels: Vec<String>,
    pub weight: u32,
    pub standard_id: Option<StandardId>,
    pub measured: bool,
}

/// The levels as stored: exactly five sentences, JSON.
pub(crate) fn levels_json(levels: &[String]) -> rusqlite::Result<String> {
    serde_json::to_string(levels).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

/// The levels read back from column `column` of a row; stored text that is
/// not a list of sentences is an error that says so, not five empty levels.
pub(crate) fn levels_from_json(json: &str, column: usize) -> rusqlite::Result<Vec<String>> {
    let mut levels: Vec<String> = crate::storage::json_column(json, column)?;
    levels.resize(RATING_LEVELS, String::new());
    Ok(levels)
}

fn validate_criterion(
    conn: &Connection,
    problems: &mut Problems,
    field: &str,
    c: &TemplateCriterion,
) -> Result<ValidCriterion> {
    let title = problems.check(text::required(
        &format!("{field}.title"),
        "Criterion",
        &c.title,
        200,
    ))?;
    let description = problems.check(text::optional(
        &format!("{field}.description"),
        "Description",
        &c.description,
        2000,
    ))?;
    if c.levels.len() > RATING_LEVELS {
        problems.note(
            &format!("{field}.levels"),
            format!("A criterion describes at most {RATING_LEVELS} rating levels"),
        );
    }
    let mut levels = Vec::with_capacity(RATING_LEVELS);
    for i in 0..RATING_LEVELS {
        let typed = c.levels.get(i).map(String::as_str).unwrap_or("");
        levels.push(problems.check(text::optional(
            &format!("{field}.levels.{i}"),
            &format!("What rating {} means", i + 1),
            typed,
            500,
        ))?);
    }
    // An unreadable weight counts as 0 until the form is refused.
    let weight = scoring::weight_from_number(c.weight).unwrap_or_else(|| {
        problems.note(
            &format!("{field}.weight"),
            format!(
                "The weight of \"{title}\" must be a number more than 0 and at most 1000, with at most two decimals"
            ),
        );
        0
    });
    if let Some(s) = c.standard_id {
        let exists: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM standards WHERE id = ?1)",
            [s],
            |r| r.get(0),
        )?;
        if !exists {
            problems.note(
                &format!("{field}.standardId"),
                format!("The service standard behind \"{title}\" no longer exists"),
            );
        }
    }
    if c.measured && c.standard_id.is_none() {
        problems.note(
            &format!("{field}.measured"),
            format!(
                "\"{title}\" is not made from a service standard, so no service checks measure it"
            ),
        );
    }
    Ok(ValidCriterion {
        title,
        description,
        levels,
        weight,
        standard_id: c.standard_id,
        measured: c.measured,
    })
}

/// The practice's minimum share of the weight for customer service, in percent.
pub(crate) fn service_minimum(conn: &dyn Readable) -> Result<u32> {
    let conn = crate::storage::sql(conn);
    Ok(conn.query_row(
        "SELECT service_weight_minimum FROM practice WHERE id = 1",
        [],
        |r| r.get(0),
    )?)
}

fn validate(conn: &Connection, input: &TemplateInput) -> Result<Valid> {
    let mut problems = Problems::default();
    let name = problems.check(text::required("name", "Template name", &input.name, 200))?;
    let description = problems.check(text::description(&input.description, 2000))?;
    if input.sections.len() > MAX_SECTIONS {
        problems.note(
            "sections",
            format!("A template has at most {MAX_SECTIONS} sections"),
        );
    }
    for (kind, label) in [
        (SectionKind::ExternalService, "an External customer service"),
        (SectionKind::InternalService, "an Internal customer service"),
    ] {
        if !input.sections.iter().any(|s| s.kind == kind) {
            problems.note("sections", format!("Every template needs {label} section"));
        }
    }
    let mut sections = Vec::with_capacity(input.sections.len());
    for (i, s) in input.sections.iter().enumerate() {
        let field = format!("sections.{i}");
        let title = problems.check(text::required(
            &format!("{field}.title"),
            "Section title",
            &s.title,
            200,
        ))?;
        if s.criteria.is_empty() {
            problems.note(
                &format!("{field}.criteria"),
                format!("The section \"{title}\" has no criteria: add one or remove the section"),
            );
        }
        if s.criteria.len() > MAX_CRITERIA_PER_SECTION {
            problems.note(
                &format!("{field}.criteria"),
                format!("A section has at most {MAX_CRITERIA_PER_SECTION} criteria"),
            );
        }
        let mut criteria = Vec::with_capacity(s.criteria.len());
        for (j, c) in s.criteria.iter().enumerate() {
            criteria.push(validate_criterion(
                conn,
                &mut problems,
                &format!("{field}.criteria.{j}"),
                c,
            )?);
        }
        sections.push(ValidSection {
            kind: s.kind,
            title,
            criteria,
        });
    }
    // Customer service's share is only worth weighing once every weight reads.
    problems.done()?;
    let share = scoring::service_share(
        sections
            .iter()
            .flat_map(|s| s.criteria.iter().map(move |c| (s.kind, c.weight))),
    );
    let minimum = service_minimum(conn)?;
    if !share.meets(minimum) {
        let under = u64::from(minimum) * 10 - share.percent_tenths().min(u64::from(minimum) * 10);
        return Err(Error::invalid(
            "sections",
            format!(
                "Customer service carries {} of the weight, {}.{} points under the practice minimum of {minimum}%: \
                 give the customer service criteria more weight or the others less",
                share.percent_display(),
                under.max(1) / 10,
                under.max(1) % 10,
            ),
        ));
    }
    Ok(Valid {
        name,
        description,
        sections,
    })
}

fn write_structure(tx: &Connection, id: TemplateId, v: &Valid) -> Result<()> {
    tx.execute("DELETE FROM template_sections WHERE template_id = ?1", [id])?;
    let mut section_stmt = tx.prepare_cached(
        "INSERT INTO template_sections (template_id, position, kind, title) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut criterion_stmt = tx.prepare_cached(
        "INSERT INTO template_criteria (section_id, position, title, description, levels, weight, standard_id,
                measured)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (i, s) in v.sections.iter().enumerate() {
        section_stmt.execute(params![id, i as i64, s.kind, s.title])?;
        let section_id = tx.last_insert_rowid();
        for (j, c) in s.criteria.iter().enumerate() {
            criterion_stmt.execute(params![
                section_id,
                j as i64,
                c.title,
                c.description,
                levels_json(&c.levels)?,
                c.weight,
                c.standard_id,
                c.measured
            ])?;
        }
    }
    Ok(())
}

pub fn create(db: &mut Db, actor: &Actor, input: &TemplateInput) -> Result<Template> {
    actor.require(Permission::Evaluate)?;
    let id = db
        .write(|tx| {
            let id = insert(tx, input)?;
            let after = load(tx, id)?;
            audit::created(tx, actor, subject(&after), &after)?;
            Ok(id)
        })
        .map_err(unique_violation_as(|| {
            Error::name_taken("a template", input.name.trim())
        }))?;
    load(db.conn(), id)
}

fn subject(t: &Template) -> Subject<'_> {
    Subject::of(Entity::Template, t.id.0, "Evaluation template", &t.name)
}

/// Validates and inserts a template inside the caller's transaction.
pub(crate) fn insert(tx: &Connection, input: &TemplateInput) -> Result<TemplateId> {
    let v = validate(tx, input)?;
    let now = timestamp();
    tx.execute(
        "INSERT INTO templates (name, name_key, description, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![v.name, text::unique_key(&v.name), v.description, now],
    )?;
    let id = TemplateId(tx.last_insert_rowid());
    write_structure(tx, id, &v)?;
    Ok(id)
}

pub fn update(
    db: &mut Db,
    actor: &Actor,
    id: TemplateId,
    input: &TemplateInput,
) -> Result<Template> {
    actor.require(Permission::Evaluate)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        let v = validate(tx, input)?;
        tx.execute(
            "UPDATE templates SET name = ?2, name_key = ?3, description = ?4, updated_at = ?5 WHERE id = ?1",
            params![id, v.name, text::unique_key(&v.name), v.description, timestamp()],
        )?;
        write_structure(tx, id, &v)?;
        audit::updated(tx, actor, subject(&before), &before, &load(tx, id)?)
    })
    .map_err(unique_violation_as(|| Error::name_taken("a template", input.name.trim())))?;
    load(db.conn(), id)
}

/// Deletes a template; evaluations started from it keep their own copy.
pub fn delete(db: &mut Db, actor: &Actor, id: TemplateId) -> Result<()> {
    actor.require(Permission::Evaluate)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        tx.execute("DELETE FROM templates WHERE id = ?1", [id])?;
        audit::deleted(tx, actor, subject(&before), &before)
    })
}

pub(crate) fn ensure_exists(conn: &Connection, id: TemplateId) -> Result<()> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM templates WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if exists {
        Ok(())
    } else {
        Err(Error::not_found("Template", id.0))
    }
}

fn sections_of(conn: &Connection, id: TemplateId) -> Result<Vec<TemplateSection>> {
    let mut sections_stmt = conn.prepare_cached(
        "SELECT id, kind, title FROM template_sections WHERE template_id = ?1 ORDER BY position",
    )?;
    let mut criteria_stmt = conn.prepare_cached(
        "SELECT title, description, levels, weight, standard_id, measured FROM template_criteria
          WHERE section_id = ?1 ORDER BY position",
    )?;
    let rows = sections_stmt
        .query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, SectionKind>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (section_id, kind, title) in rows {
        let criteria = criteria_stmt
            .query_map([section_id], |r| {
                Ok(TemplateCriterion {
                    title: r.get(0)?,
                    description: r.get(1)?,
                    levels: levels_from_json(&r.get::<_, String>(2)?, 2)?,
                    weight: scoring::weight_to_number(r.get(3)?),
                    standard_id: r.get(4)?,
                    measured: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.push(TemplateSection {
            kind,
            title,
            criteria,
        });
    }
    Ok(out)
}

fn share_of(sections: &[TemplateSection]) -> String {
    scoring::service_share(sections.iter().flat_map(|s| {
        s.criteria
            .iter()
            .map(move |c| (s.kind, scoring::weight_from_number(c.weight).unwrap_or(0)))
    }))
    .percent_display()
}

fn evaluation_count(conn: &Connection, id: TemplateId) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM evaluations WHERE template_id = ?1",
        [id],
        |r| r.get(0),
    )?)
}

pub fn get(conn: &dyn Readable, actor: &Actor, id: TemplateId) -> Result<Template> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::Evaluate)?;
    load(conn, id)
}

pub(crate) fn load(conn: &Connection, id: TemplateId) -> Result<Template> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT name, description FROM templates WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((name, description)) = row else {
        return Err(Error::not_found("Template", id.0));
    };
    let sections = sections_of(conn, id)?;
    Ok(Template {
        id,
        name,
        description,
        service_share: share_of(&sections),
        evaluation_count: evaluation_count(conn, id)?,
        sections,
    })
}

pub fn list(conn: &dyn Readable, actor: &Actor) -> Result<Vec<TemplateSummary>> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::Evaluate)?;
    list_all(conn)
}

pub(crate) fn list_all(conn: &Connection) -> Result<Vec<TemplateSummary>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM templates ORDER BY name_key")?;
    let ids = stmt
        .query_map([], |r| r.get::<_, TemplateId>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let t = load(conn, id)?;
        out.push(TemplateSummary {
            id: t.id,
            name: t.name,
            description: t.description,
            section_count: t.sections.len() as u32,
            criterion_count: t.sections.iter().map(|s| s.criteria.len() as u32).sum(),
            service_share: t.service_share,
            evaluation_count: t.evaluation_count,
        });
    }
    Ok(out)
}

/// A criterion made from the service standard in force (the one-click "add from
/// standard"), linked to it. The caller puts it in the section of the
/// standard's audience.
pub fn criterion_from_standard(
    conn: &dyn Readable,
    actor: &Actor,
    id: StandardId,
    today: NaiveDate,
) -> Result<(SectionKind, TemplateCriterion)> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::Evaluate)?;
    criterion_for(conn, id, today)
}

pub(crate) fn criterion_for(
    conn: &Connection,
    id: StandardId,
    today: NaiveDate,
) -> Result<(SectionKind, TemplateCriterion)> {
    let detail = standards::load_detail(conn, id, today)?;
    let v = detail.standard.current;
    let kind = match v.audience {
        Audience::External => SectionKind::ExternalService,
        Audience::Internal => SectionKind::InternalService,
    };
    let target = v.target_label.clone();
    let levels = vec![
        format!("Seldom meets the standard ({target})."),
        "Meets the standard some of the time; needs reminders.".to_owned(),
        format!("Meets the standard consistently ({target})."),
        "Meets it consistently, also when busy, and helps others to.".to_owned(),
        "Sets the example: the standard is met every time and colleagues learn it from them."
            .to_owned(),
    ];
    Ok((
        kind,
        TemplateCriterion {
            title: short_title(&v.statement),
            description: format!("{} Target: {target}.", v.statement),
            levels,
            weight: 1.0,
            standard_id: Some(id),
            measured: false,
        },
    ))
}

/// The first sentence of a statement, at most 80 characters, as a criterion title.
fn short_title(statement: &str) -> String {
    let first = crate::text::sentence_end(statement, 0)
        .map_or(statement, |end| &statement[..end])
        .trim()
        .trim_end_matches(['.', '!', '?']);
    if first.chars().count() <= 80 {
        return first.to_owned();
    }
    let mut cut: String = first.chars().take(79).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_titles_take_the_first_sentence() {
        assert_eq!(
            short_title("Answer every call before the third ring. Smile."),
            "Answer every call before the third ring"
        );
        // A full stop inside a number does not end the sentence.
        assert_eq!(short_title("Keep a 2.5 m gap. Always."), "Keep a 2.5 m gap");
        let long = "word ".repeat(40);
        let t = short_title(&long);
        assert!(t.chars().count() <= 80 && t.ends_with('…'), "{t}");
    }

    #[test]
    fn levels_round_trip_and_pad_to_five() {
        let l = vec!["a".to_owned(), "b".to_owned()];
        assert_eq!(
            levels_from_json(&levels_json(&l).unwrap(), 0)
                .unwrap()
                .len(),
            RATING_LEVELS
        );
        assert!(
            levels_from_json("not json", 0).is_err(),
            "damage is not five empty levels"
        );
    }
}
