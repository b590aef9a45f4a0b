//! Process-improvement projects: a problem ("billing cycle too long"), the
//! roles in the process and a team drawn from every one of them, one measure
//! with its baseline and target ("days from visit to claim sent": 12 → 5),
//! dated measurements, a status and an outcome, and the suggestions and
//! standards it came from. The owner and managers run them; everyone may
//! read them (a team is the practice's, and staff are on it).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, Entity, Subject};
use crate::error::{Error, Problems, Result};
use crate::ids::{text_enum, ProjectId, RoleId, StaffId, StandardId, SuggestionId};
use crate::roles::RoleRef;
use crate::staff::{self, StaffRef};
use crate::storage::{timestamp, Db, Readable};
use crate::text;

text_enum! {
    pub enum ProjectStatus { Proposed = "proposed", Active = "active", Done = "done", Dropped = "dropped" }
}

impl ProjectStatus {
    pub fn label(self) -> &'static str {
        match self {
            ProjectStatus::Proposed => "Proposed",
            ProjectStatus::Active => "Under way",
            ProjectStatus::Done => "Done",
            ProjectStatus::Dropped => "Dropped",
        }
    }
}

/// The most measurements one project keeps: a weekly one for ten years.
pub const MAX_MEASUREMENTS: usize = 520;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Measurement {
    /// `YYYY-MM-DD` on the way in; a date on the way out.
    pub measured_on: String,
    #[specta(type = specta_typescript::Number)]
    pub value: f64,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: ProjectId,
    pub title: String,
    pub problem: String,
    pub status: ProjectStatus,
    pub measure: String,
    pub unit: String,
    #[specta(type = specta_typescript::Number)]
    pub baseline: f64,
    #[specta(type = specta_typescript::Number)]
    pub target: f64,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub outcome: String,
    pub roles: Vec<RoleRef>,
    pub team: Vec<StaffRef>,
    /// Oldest first.
    pub measurements: Vec<Measurement>,
    pub suggestion_ids: Vec<SuggestionId>,
    pub standard_ids: Vec<StandardId>,
    /// The latest measurement reached the target (lower or higher, whichever
    /// way the target lies from the baseline).
    pub target_met: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct ProjectInput {
    pub title: String,
    pub problem: String,
    pub status: Option<ProjectStatus>,
    pub measure: String,
    pub unit: String,
    #[specta(type = Option<specta_typescript::Number>)]
    pub baseline: Option<f64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub target: Option<f64>,
    pub started_on: String,
    pub ended_on: String,
    pub outcome: String,
    /// The roles in the process; the team has someone from each.
    pub role_ids: Vec<RoleId>,
    pub team_ids: Vec<StaffId>,
    pub measurements: Vec<Measurement>,
    pub suggestion_ids: Vec<SuggestionId>,
    pub standard_ids: Vec<StandardId>,
}

/// Every project, under way first, then proposed, done and dropped.
pub fn list(conn: &dyn Readable, actor: &Actor) -> Result<Vec<Project>> {
    actor.require(Permission::UsePractice)?;
    let conn = crate::storage::sql(conn);
    let ids = crate::storage::all(
        conn,
        "SELECT id FROM projects ORDER BY CASE status WHEN 'active' THEN 0 WHEN 'proposed' THEN 1
                WHEN 'done' THEN 2 ELSE 3 END, COALESCE(started_on, created_at) DESC, id DESC",
        [],
        |r| r.get::<_, ProjectId>(0),
    )?;
    ids.into_iter().map(|id| load(conn, id)).collect()
}

pub fn get(conn: &dyn Readable, actor: &Actor, id: ProjectId) -> Result<Project> {
    actor.require(Permission::UsePractice)?;
    load(crate::storage::sql(conn), id)
}

pub(crate) fn load(conn: &Connection, id: ProjectId) -> Result<Project> {
    let mut p = conn
        .query_row(
            "SELECT id, title, problem, status, measure, unit, baseline, target, started_on, ended_on, outcome
               FROM projects WHERE id = ?1",
            [id],
            |r| {
                Ok(Project {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    problem: r.get(2)?,
                    status: r.get(3)?,
                    measure: r.get(4)?,
                    unit: r.get(5)?,
                    baseline: r.get(6)?,
                    target: r.get(7)?,
                    started_on: r.get(8)?,
                    ended_on: r.get(9)?,
                    outcome: r.get(10)?,
                    roles: Vec::new(),
                    team: Vec::new(),
                    measurements: Vec::new(),
                    suggestion_ids: Vec::new(),
                    standard_ids: Vec::new(),
                    target_met: false,
                })
            },
        )
        .optional()?
        .ok_or(Error::not_found("Project", id.0))?;
    p.roles = crate::storage::all(
        conn,
        "SELECT r.id, r.name FROM project_roles pr JOIN job_roles r ON r.id = pr.role_id
          WHERE pr.project_id = ?1 ORDER BY r.name_key",
        [id],
        |r| {
            Ok(RoleRef {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        },
    )?;
    p.team = crate::storage::all(
        conn,
        "SELECT s.id, s.name FROM project_members m JOIN staff s ON s.id = m.staff_id
          WHERE m.project_id = ?1 ORDER BY s.search_key, s.id",
        [id],
        |r| StaffRef::from_columns(r, 0),
    )?;
    p.measurements = crate::storage::all(
        conn,
        "SELECT measured_on, value, note FROM project_measurements
          WHERE project_id = ?1 ORDER BY measured_on, id",
        [id],
        |r| {
            Ok(Measurement {
                measured_on: r.get(0)?,
                value: r.get(1)?,
                note: r.get(2)?,
            })
        },
    )?;
    p.suggestion_ids = crate::storage::all(
        conn,
        "SELECT suggestion_id FROM project_suggestions WHERE project_id = ?1 ORDER BY suggestion_id",
        [id],
        |r| r.get(0),
    )?;
    p.standard_ids = crate::storage::all(
        conn,
        "SELECT standard_id FROM project_standards WHERE project_id = ?1 ORDER BY standard_id",
        [id],
        |r| r.get(0),
    )?;
    p.target_met = p.measurements.last().is_some_and(|m| {
        if p.target < p.baseline {
            m.value <= p.target
        } else {
            m.value >= p.target
        }
    });
    Ok(p)
}

struct Valid {
    title: String,
    problem: String,
    status: ProjectStatus,
    measure: String,
    unit: String,
    baseline: f64,
    target: f64,
    started_on: Option<NaiveDate>,
    ended_on: Option<NaiveDate>,
    outcome: String,
    measurements: Vec<(NaiveDate, f64, String)>,
}

fn number(problems: &mut Problems, field: &str, label: &str, v: Option<f64>) -> f64 {
    match v {
        Some(v) if v.is_finite() && v.abs() <= 1e9 => v,
        Some(_) => {
            problems.note(field, format!("{label} must be a number"));
            0.0
        }
        None => {
            problems.note(field, format!("Give the {}", label.to_lowercase()));
            0.0
        }
    }
}

fn validate(conn: &Connection, input: &ProjectInput, today: NaiveDate) -> Result<Valid> {
    let mut problems = Problems::default();
    let title = problems.check(text::required(
        "title",
        "The problem in a line",
        &input.title,
        200,
    ))?;
    let problem = problems.check(text::optional(
        "problem",
        "The problem",
        &input.problem,
        4000,
    ))?;
    let status = problems
        .given("status", input.status, "Choose the project's status")
        .unwrap_or(ProjectStatus::Proposed);
    let measure = problems.check(text::required("measure", "Measure", &input.measure, 200))?;
    let unit = problems.check(text::optional("unit", "Unit", &input.unit, 40))?;
    let baseline = number(&mut problems, "baseline", "Baseline", input.baseline);
    let target = number(&mut problems, "target", "Target", input.target);
    if input.baseline.is_some() && input.target.is_some() && baseline == target {
        problems.note(
            "target",
            "The target must differ from the baseline: it is what the team works towards",
        );
    }
    let started_on = problems.check(text::optional_date(
        "startedOn",
        "Start date",
        Some(&input.started_on),
    ))?;
    let ended_on = problems.check(text::optional_date(
        "endedOn",
        "End date",
        Some(&input.ended_on),
    ))?;
    let outcome = problems.check(text::optional("outcome", "Outcome", &input.outcome, 4000))?;
    if let (Some(a), Some(b)) = (started_on, ended_on) {
        if b < a {
            problems.note("endedOn", format!("End date {b} is before the start {a}"));
        }
    }
    if let Some(d) = started_on.filter(|d| *d > today) {
        if status != ProjectStatus::Proposed {
            problems.note("startedOn", format!("Start date {d} is in the future"));
        }
    }
    if matches!(status, ProjectStatus::Done | ProjectStatus::Dropped) && ended_on.is_none() {
        problems.note("endedOn", "Give the day the project ended");
    }
    if input.measurements.len() > MAX_MEASUREMENTS {
        problems.note(
            "measurements",
            format!("At most {MAX_MEASUREMENTS} measurements"),
        );
    }
    let mut measurements = Vec::new();
    for m in input.measurements.iter().take(MAX_MEASUREMENTS) {
        let Ok(on) = text::date("measurements", "A measurement's date", &m.measured_on) else {
            problems.note(
                "measurements",
                format!(
                    "A measurement's date must be written like 2024-03-15, not “{}”",
                    m.measured_on.chars().take(20).collect::<String>()
                ),
            );
            continue;
        };
        if on > today {
            problems.note(
                "measurements",
                format!("The measurement of {on} is in the future"),
            );
        }
        if !m.value.is_finite() || m.value.abs() > 1e9 {
            problems.note(
                "measurements",
                format!("The measurement of {on} must be a number"),
            );
        }
        let note = problems.check(text::optional(
            "measurements",
            "A measurement's note",
            &m.note,
            500,
        ))?;
        measurements.push((on, m.value, note));
    }
    measurements.sort_by_key(|m| m.0);
    // A team drawn from every role in the process.
    for role in &input.role_ids {
        let name: Option<String> = conn
            .query_row("SELECT name FROM job_roles WHERE id = ?1", [role], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(name) = name else {
            problems.note("roleIds", format!("Job role {role} does not exist"));
            continue;
        };
        let mut covered = false;
        for person in &input.team_ids {
            let of_role: Option<Option<RoleId>> = conn
                .query_row("SELECT role_id FROM staff WHERE id = ?1", [person], |r| {
                    r.get(0)
                })
                .optional()?;
            covered |= of_role.flatten() == Some(*role);
        }
        if !covered {
            problems.note("teamIds", format!("Nobody from {name} is on the team: the team is drawn from every role in the process"));
        }
    }
    for person in &input.team_ids {
        problems.check(staff::ensure_exists(conn, "teamIds", *person).map(|_| ()))?;
    }
    for s in &input.suggestion_ids {
        let found: Option<i64> = conn
            .query_row("SELECT id FROM suggestions WHERE id = ?1", [s], |r| {
                r.get(0)
            })
            .optional()?;
        if found.is_none() {
            problems.note("suggestionIds", format!("Suggestion {s} does not exist"));
        }
    }
    for s in &input.standard_ids {
        let found: Option<i64> = conn
            .query_row("SELECT id FROM standards WHERE id = ?1", [s], |r| r.get(0))
            .optional()?;
        if found.is_none() {
            problems.note("standardIds", format!("Standard {s} does not exist"));
        }
    }
    problems.done()?;
    Ok(Valid {
        title,
        problem,
        status,
        measure,
        unit,
        baseline,
        target,
        started_on,
        ended_on,
        outcome,
        measurements,
    })
}

fn save_parts(tx: &Transaction<'_>, id: ProjectId, input: &ProjectInput, v: &Valid) -> Result<()> {
    for table in [
        "project_roles",
        "project_members",
        "project_measurements",
        "project_suggestions",
        "project_standards",
    ] {
        tx.execute(&format!("DELETE FROM {table} WHERE project_id = ?1"), [id])?;
    }
    for r in &input.role_ids {
        tx.execute(
            "INSERT OR IGNORE INTO project_roles (project_id, role_id) VALUES (?1, ?2)",
            params![id, r],
        )?;
    }
    for s in &input.team_ids {
        tx.execute(
            "INSERT OR IGNORE INTO project_members (project_id, staff_id) VALUES (?1, ?2)",
            params![id, s],
        )?;
    }
    for (on, value, note) in &v.measurements {
        tx.execute(
            "INSERT INTO project_measurements (project_id, measured_on, value, note) VALUES (?1, ?2, ?3, ?4)",
            params![id, on, value, note],
        )?;
    }
    for s in &input.suggestion_ids {
        tx.execute(
            "INSERT OR IGNORE INTO project_suggestions (project_id, suggestion_id) VALUES (?1, ?2)",
            params![id, s],
        )?;
    }
    for s in &input.standard_ids {
        tx.execute(
            "INSERT OR IGNORE INTO project_standards (project_id, standard_id) VALUES (?1, ?2)",
            params![id, s],
        )?;
    }
    Ok(())
}

pub fn create(
    db: &mut Db,
    actor: &Actor,
    input: &ProjectInput,
    today: NaiveDate,
) -> Result<Project> {
    actor.require(Permission::EditStandards)?;
    let id = db.write(|tx| insert(tx, actor, input, today))?;
    load(db.conn(), id)
}

pub(crate) fn insert(
    tx: &Transaction<'_>,
    actor: &Actor,
    input: &ProjectInput,
    today: NaiveDate,
) -> Result<ProjectId> {
    let v = validate(tx, input, today)?;
    let now = timestamp();
    tx.execute(
        "INSERT INTO projects (title, problem, status, measure, unit, baseline, target, started_on,
                               ended_on, outcome, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            v.title,
            v.problem,
            v.status,
            v.measure,
            v.unit,
            v.baseline,
            v.target,
            v.started_on,
            v.ended_on,
            v.outcome,
            now
        ],
    )?;
    let id = ProjectId(tx.last_insert_rowid());
    save_parts(tx, id, input, &v)?;
    let after = load(tx, id)?;
    audit::created(tx, actor, subject(&after), &audited(tx, &after)?)?;
    Ok(id)
}

pub fn update(
    db: &mut Db,
    actor: &Actor,
    id: ProjectId,
    input: &ProjectInput,
    today: NaiveDate,
) -> Result<Project> {
    actor.require(Permission::EditStandards)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        let v = validate(tx, input, today)?;
        tx.execute(
            "UPDATE projects SET title = ?1, problem = ?2, status = ?3, measure = ?4, unit = ?5,
                    baseline = ?6, target = ?7, started_on = ?8, ended_on = ?9, outcome = ?10,
                    updated_at = ?11 WHERE id = ?12",
            params![
                v.title,
                v.problem,
                v.status,
                v.measure,
                v.unit,
                v.baseline,
                v.target,
                v.started_on,
                v.ended_on,
                v.outcome,
                timestamp(),
                id
            ],
        )?;
        save_parts(tx, id, input, &v)?;
        let after = load(tx, id)?;
        audit::updated(
            tx,
            actor,
            subject(&before),
            &audited(tx, &before)?,
            &audited(tx, &after)?,
        )
    })?;
    load(db.conn(), id)
}

pub fn delete(db: &mut Db, actor: &Actor, id: ProjectId) -> Result<()> {
    actor.require(Permission::EditStandards)?;
    db.write(|tx| {
        let before = load(tx, id)?;
        tx.execute("DELETE FROM projects WHERE id = ?1", [id])?;
        audit::deleted(tx, actor, subject(&before), &audited(tx, &before)?)
    })
}

/// A project as the trail records it: the ids it links, by what they say.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Audited<'a> {
    #[serde(flatten)]
    project: &'a Project,
    suggestions: Vec<String>,
    standards: Vec<String>,
}

fn audited<'a>(conn: &Connection, p: &'a Project) -> Result<Audited<'a>> {
    Ok(Audited {
        project: p,
        suggestions: audit::names_of(conn, "SELECT text FROM suggestions WHERE id = ?1", &p.suggestion_ids)?,
        standards: audit::names_of(
            conn,
            "SELECT v.statement FROM standard_versions v WHERE v.standard_id = ?1 ORDER BY v.version DESC LIMIT 1",
            &p.standard_ids,
        )?,
    })
}

fn subject(p: &Project) -> Subject<'_> {
    Subject::of(Entity::Project, p.id.0, "Improvement project", &p.title)
}
