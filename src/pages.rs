//! What each screen shows, read in one go, so that a screen is one call across the
//! IPC boundary and one read of the database.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::due::{self, DueCounts, DueItem};
use crate::error::Result;
use crate::ids::StaffId;
use crate::staff::{self, Staff, StaffFilter, StaffRef};
use crate::standards::{self, PersonStandard};
use crate::training::{self, TrainingRecord};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StaffListRow {
    pub person: Staff,
    /// Required training by state; all zero for people who have left.
    pub due: DueCounts,
}

/// The staff list, each person with their required-training counts.
pub fn staff_list(
    conn: &Connection,
    filter: &StaffFilter,
    today: NaiveDate,
) -> Result<Vec<StaffListRow>> {
    let people = staff::list(conn, filter)?;
    let mut counts: HashMap<StaffId, DueCounts> = HashMap::new();
    for item in due::due_items(conn, None, today)? {
        counts.entry(item.staff_id).or_default().add(item.state);
    }
    Ok(people
        .into_iter()
        .map(|person| {
            let due = counts.get(&person.id).copied().unwrap_or_default();
            StaffListRow { person, due }
        })
        .collect())
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StaffPage {
    pub person: Staff,
    pub reports: Vec<StaffRef>,
    /// Newest first, pending and approved.
    pub training: Vec<TrainingRecord>,
    pub due: Vec<DueItem>,
    pub standards: Vec<PersonStandard>,
}

pub fn staff_page(conn: &Connection, id: StaffId, today: NaiveDate) -> Result<StaffPage> {
    Ok(StaffPage {
        person: staff::get(conn, id)?,
        reports: staff::reports(conn, id)?,
        training: training::for_person(conn, id)?,
        due: due::due_items(conn, Some(id), today)?,
        standards: standards::for_person(conn, id, today)?,
    })
}

/// The home screen's summary of what needs attention.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Overview {
    pub practice_name: String,
    pub active_staff: u32,
    pub on_leave: u32,
    /// Required training across everyone who has not left.
    pub due: DueCounts,
    /// People with at least one overdue or never-done required course.
    pub people_behind: u32,
    pub pending_approvals: u32,
    /// Acknowledgments still missing for the standards in force.
    pub missing_acknowledgments: u32,
}

pub fn overview(conn: &Connection, today: NaiveDate) -> Result<Overview> {
    let mut o = Overview {
        practice_name: conn
            .query_row("SELECT name FROM practice WHERE id = 1", [], |r| r.get(0))?,
        ..Overview::default()
    };
    (o.active_staff, o.on_leave) = conn.query_row(
        "SELECT COUNT(*) FILTER (WHERE status = 'active'), COUNT(*) FILTER (WHERE status = 'on_leave') FROM staff",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut behind: HashMap<StaffId, bool> = HashMap::new();
    for item in due::due_items(conn, None, today)? {
        o.due.add(item.state);
        if matches!(
            item.state,
            due::DueState::Overdue | due::DueState::NeverDone
        ) {
            behind.insert(item.staff_id, true);
        }
    }
    o.people_behind = behind.len() as u32;
    o.pending_approvals = conn.query_row(
        "SELECT COUNT(*) FROM training_records WHERE status = 'pending'",
        [],
        |r| r.get(0),
    )?;
    o.missing_acknowledgments = standards::list(conn, today)?
        .iter()
        .filter(|s| s.in_force)
        .map(|s| s.bound_count - s.acknowledged_count)
        .sum();
    Ok(o)
}
