#![allow(dead_code)]

use chrono::NaiveDate;
use standard_practice::courses::{self, CourseCategory, CourseInput};
use standard_practice::ids::{CourseId, RoleId, StaffId};
use standard_practice::roles::{self, RoleInput};
use standard_practice::staff::{self, StaffInput};
use standard_practice::Db;
use tempfile::TempDir;

pub fn today() -> NaiveDate {
    d("2026-11-23")
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A new database file in its own temporary folder (kept alive by the `TempDir`).
pub fn fresh() -> (TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("practice.sqlite3")).unwrap();
    (dir, db)
}

pub fn course(db: &mut Db, title: &str, validity: Option<u32>) -> CourseId {
    courses::create(
        db,
        &me(),
        &CourseInput {
            title: title.into(),
            category: CourseCategory::Safety,
            provider: "Red Cross".into(),
            default_hours: 2.0,
            validity_months: validity,
            description: String::new(),
        },
    )
    .unwrap()
    .id
}

pub fn role(db: &mut Db, name: &str, courses: &[CourseId]) -> RoleId {
    roles::create(
        db,
        &me(),
        &RoleInput {
            name: name.into(),
            description: String::new(),
            required_course_ids: courses.to_vec(),
        },
    )
    .unwrap()
    .id
}

pub fn person(db: &mut Db, name: &str, role: Option<RoleId>, hired: &str) -> StaffId {
    staff::create(
        db,
        &me(),
        &StaffInput {
            name: name.into(),
            role_id: role,
            hire_date: hired.into(),
            ..Default::default()
        },
        today(),
    )
    .unwrap()
    .id
}

/// Counts the rows of every table: equal before and after a refused change proves
/// nothing was half-saved.
pub fn row_counts(db: &Db) -> Vec<(String, i64)> {
    let conn = db.conn();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let n = conn
                .query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

/// Everything in the database as text, to prove a refused change altered nothing.
pub fn snapshot(db: &Db) -> String {
    let conn = db.conn();
    let mut out = String::new();
    for (table, _) in row_counts(db) {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1"))
            .unwrap();
        let cols = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut line = String::new();
                for i in 0..cols {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push_str(&format!("{v:?}|"));
                }
                Ok(line)
            })
            .unwrap();
        out.push_str(&table);
        out.push('\n');
        for r in rows {
            out.push_str(&r.unwrap());
            out.push('\n');
        }
    }
    out
}

/// The acting user of tests that are not about access: the owner's rights.
pub fn me() -> standard_practice::access::Actor {
    standard_practice::access::Actor::system("Test")
}

/// The form of an evaluation as it stands: saving it changes nothing.
pub fn edit_of(
    e: &standard_practice::evaluations::Evaluation,
) -> standard_practice::evaluations::EvaluationEdit {
    use standard_practice::evaluations::{EvaluationEdit, RatingInput};
    EvaluationEdit {
        ratings: e
            .sections
            .iter()
            .flat_map(|s| &s.criteria)
            .map(|c| RatingInput {
                criterion_id: c.id,
                rating: c.rating.map(i64::from),
                not_applicable: c.not_applicable,
                comment: c.comment.clone(),
            })
            .collect(),
        strengths: e.strengths.clone(),
        improvements: e.improvements.clone(),
        goals: e.goals.clone(),
        training_plan: e.training_plan.iter().filter_map(|p| p.course_id).collect(),
        recommendation: Some(e.recommendation),
        merit_percent: e.merit_percent,
        bonus_amount: e.bonus_amount,
        recommendation_note: e.recommendation_note.clone(),
        employee_comments: e.employee_comments.clone(),
        amendment_reason: String::new(),
    }
}
