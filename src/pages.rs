//! What each screen shows, read in one go, so that a screen is one call across the
//! IPC boundary and one read of the database.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use specta::Type;

use crate::access::{Actor, Permission};
use crate::audit::{self, AuditEntry};
use crate::check_ins::{self, SharedCheckIn};
use crate::colleague_feedback::{self, ColleagueSummary, ToAnswer};
use crate::due::{self, DueCounts, DueItem};
use crate::error::{Error, Result};
use crate::evaluations::self_review::SelfReview;
use crate::evaluations::{self, EvaluationSummary};
use crate::ids::StaffId;
use crate::licences::{self, Licence, LicenceStatus};
use crate::recognition::{self, Recognition, StandardRef, WallEntry};
use crate::roles::{self, InternalCustomers};
use crate::staff::{self, Staff, StaffFilter, StaffRef};
use crate::standards::{self, PersonStandard};
use crate::storage::Readable;
use crate::suggestions::{self, BoardEntry, Suggestion};
use crate::training::{self, TrainingRecord};

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StaffListRow {
    pub person: Staff,
    /// Required training by state; all zero for people who have left.
    pub due: DueCounts,
}

/// The staff list, each person with their required-training counts.
pub fn staff_list(
    conn: &dyn Readable,
    actor: &Actor,
    filter: &StaffFilter,
    today: NaiveDate,
) -> Result<Vec<StaffListRow>> {
    let conn = crate::storage::sql(conn);
    let people = staff::list(conn, actor, filter)?;
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

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StaffPage {
    pub person: Staff,
    pub reports: Vec<StaffRef>,
    /// Newest first, pending and approved.
    pub training: Vec<TrainingRecord>,
    pub due: Vec<DueItem>,
    /// Their licences, each type's latest expiry first, unchecked ones included.
    pub licences: Vec<Licence>,
    /// Where they stand with each licence their role requires or they hold,
    /// with their continuing education; worst first.
    pub licence_status: Vec<LicenceStatus>,
    pub standards: Vec<PersonStandard>,
    /// Whom they serve: the roles their role serves, and the people in them.
    pub internal_customers: InternalCustomers,
    /// Thank-yous they received, newest first.
    pub recognitions: Vec<Recognition>,
    /// Every change about this person (record, training, acknowledgments,
    /// evaluations, account), newest first.
    pub changes: Vec<AuditEntry>,
}

/// A person's page, for the owner and managers.
pub fn staff_page(
    conn: &dyn Readable,
    actor: &Actor,
    id: StaffId,
    today: NaiveDate,
) -> Result<StaffPage> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::ViewStaff)?;
    Ok(StaffPage {
        person: staff::load(conn, id)?,
        reports: staff::reports(conn, id)?,
        training: training::of_person(conn, id)?,
        due: due::due_items(conn, Some(id), today)?,
        licences: licences::of_person(conn, id)?,
        licence_status: licences::licence_statuses(conn, Some(id), today)?,
        standards: standards::of_person(conn, id, today)?,
        internal_customers: roles::internal_customers(conn, id)?,
        recognitions: recognition::list_between(conn, Some(id), None, None, None)?,
        changes: audit::for_person(conn, actor, id)?,
    })
}

/// What the staff kiosk shows the signed-in person: their own record, training
/// (pending included), due status, the standards to acknowledge, their own
/// finalized evaluations and the thank-yous they received; whom they serve;
/// and the practice's wall of recent thank-yous. Of anyone else, only names.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct KioskPage {
    pub person: Staff,
    pub training: Vec<TrainingRecord>,
    pub due: Vec<DueItem>,
    /// Their own licences (those waiting for the office included), and where
    /// they stand with each, continuing education included.
    pub licences: Vec<Licence>,
    pub licence_status: Vec<LicenceStatus>,
    pub standards: Vec<PersonStandard>,
    /// Finalized (to acknowledge) and acknowledged evaluations; never drafts.
    pub evaluations: Vec<EvaluationSummary>,
    pub internal_customers: InternalCustomers,
    /// Thank-yous they received, newest first, hidden ones included.
    pub recognitions: Vec<Recognition>,
    /// Everyone's recent thank-yous (see [`recognition::wall`]).
    pub wall: Vec<WallEntry>,
    /// The active colleagues they may thank, by name.
    pub colleagues: Vec<StaffRef>,
    /// Colleagues' requests for their feedback, still open and unanswered.
    pub feedback_to_give: Vec<ToAnswer>,
    /// How many colleagues answered about them over the last year, and what
    /// they said in sum once at least three did (never who said what).
    pub feedback_answered: u32,
    pub feedback_about_me: Option<ColleagueSummary>,
    /// Their draft evaluations, to rate themselves on (their own ratings only).
    pub self_reviews: Vec<SelfReview>,
    /// Their signed suggestions, with what was decided.
    pub suggestions: Vec<Suggestion>,
    /// "You said, we did": everyone's decided suggestions, without names.
    pub board: Vec<BoardEntry>,
    /// The shared part of their check-ins, newest first.
    pub check_ins: Vec<SharedCheckIn>,
    /// Every standard in force, by what it says: a thank-you may cite one
    /// that binds the colleague thanked, not only the kiosk person's.
    pub standards_in_force: Vec<StandardRef>,
}

pub fn kiosk(conn: &dyn Readable, actor: &Actor, today: NaiveDate) -> Result<KioskPage> {
    let conn = crate::storage::sql(conn);
    let Some(me) = actor.staff() else {
        return Err(Error::Forbidden {
            message: format!(
                "{} has no staff record, so there is no kiosk page to show",
                actor.name()
            ),
        });
    };
    let about_me = colleague_feedback::summary(conn, me, today - chrono::Days::new(364), today)?;
    Ok(KioskPage {
        person: staff::load(conn, me)?,
        training: training::of_person(conn, me)?,
        due: due::due_items(conn, Some(me), today)?,
        licences: licences::of_person(conn, me)?,
        licence_status: licences::licence_statuses(conn, Some(me), today)?,
        standards: standards::of_person(conn, me, today)?,
        evaluations: evaluations::history(conn, actor, me)?,
        internal_customers: roles::internal_customers(conn, me)?,
        recognitions: recognition::list_between(conn, Some(me), None, None, None)?,
        wall: recognition::wall(conn, actor, today)?,
        colleagues: recognition::colleagues(conn, actor)?,
        feedback_to_give: colleague_feedback::to_answer(conn, actor, today)?,
        feedback_answered: about_me.0,
        feedback_about_me: about_me.1,
        self_reviews: evaluations::self_review::of_person(conn, me)?,
        suggestions: suggestions::of_person(conn, me)?,
        board: suggestions::board(conn, actor)?,
        check_ins: check_ins::shared(conn, me)?,
        standards_in_force: standards::list_all(conn, today)?
            .into_iter()
            .filter(|s| s.in_force)
            .map(|s| StandardRef {
                id: s.id,
                statement: s.current.statement,
            })
            .collect(),
    })
}

/// The home screen's summary of what needs attention.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    pub practice_name: String,
    pub active_staff: u32,
    pub on_leave: u32,
    /// Required training across everyone who has not left.
    pub due: DueCounts,
    /// People with at least one overdue or never-done required course.
    pub people_behind: u32,
    /// Training logged and licences recorded at the kiosk, waiting for the office.
    pub pending_approvals: u32,
    /// Acknowledgments still missing for the standards in force.
    pub missing_acknowledgments: u32,
    /// How the copy off the computer stands, for those who may take backups.
    #[specta(optional)]
    pub offsite: Option<crate::offsite::OffsiteStatus>,
}

pub fn overview(conn: &dyn Readable, actor: &Actor, today: NaiveDate) -> Result<Overview> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::ViewStaff)?;
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
        "SELECT (SELECT COUNT(*) FROM training_records WHERE status = 'pending')
              + (SELECT COUNT(*) FROM licences WHERE checked = 0)",
        [],
        |r| r.get(0),
    )?;
    o.missing_acknowledgments = standards::list_all(conn, today)?
        .iter()
        .filter(|s| s.in_force)
        .map(|s| s.bound_count - s.acknowledged_count)
        .sum();
    if actor.require(Permission::Backup).is_ok() {
        o.offsite = Some(crate::offsite::read_status(conn)?);
    }
    Ok(o)
}
