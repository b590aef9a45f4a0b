//! The practice's to-do list: everything dated that needs someone, computed
//! here from the records themselves — training due, licences expiring,
//! continuing education short with the cycle ending, reviews due (the annual
//! round, the 90-day review after hire, the mid-year review, a check-in's next
//! date), colleagues' feedback closing, what waits for the office (training
//! to approve, licences to check), standards not yet acknowledged and
//! suggestions not yet decided. Each item says what, who and when, and where
//! in the window it is done.
//!
//! The owner and managers see the practice's list (`list`); a person sees
//! their own at the kiosk (`mine`). Which kinds are on, and how far ahead each
//! warns, are the practice's settings (`settings`); once a day the app raises
//! one notification of what became due since the last (`reminders`).
//!
//! Files: `items` (each kind's items), `settings` (the reminder settings),
//! `reminders` (the daily notification's count).

mod items;
mod reminders;
mod settings;

use chrono::NaiveDate;
use serde::Serialize;
use specta::Type;

use crate::access::{Actor, Permission};
use crate::error::{Error, Result};
use crate::ids::{text_enum, EvaluationId, RequestId, StaffId, StandardId};
use crate::staff::StaffRef;
use crate::storage::Readable;

pub use reminders::{daily, DailyReminder};
pub use settings::{settings, update_settings, ReminderSetting};

text_enum! {
    /// The kinds of reminder, each turned on or off in the settings.
    pub enum Reminder {
        Training = "training",
        Licences = "licences",
        ContinuingEducation = "continuing_education",
        AnnualReview = "annual_review",
        NinetyDayReview = "ninety_day_review",
        MidYearReview = "mid_year_review",
        CheckIn = "check_in",
        Feedback = "feedback",
        Approvals = "approvals",
        Acknowledgments = "acknowledgments",
        Suggestions = "suggestions",
    }
}

impl Reminder {
    /// The kind as the settings name it.
    pub fn label(self) -> &'static str {
        match self {
            Reminder::Training => "Training due",
            Reminder::Licences => "Licences expiring",
            Reminder::ContinuingEducation => "Continuing education short",
            Reminder::AnnualReview => "Annual reviews",
            Reminder::NinetyDayReview => "90-day reviews after hire",
            Reminder::MidYearReview => "Mid-year reviews",
            Reminder::CheckIn => "Check-ins",
            Reminder::Feedback => "Colleagues' feedback closing",
            Reminder::Approvals => "Training and licences to check",
            Reminder::Acknowledgments => "Standards not yet acknowledged",
            Reminder::Suggestions => "Suggestions to decide",
        }
    }
}

/// Where in the window an item is done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(
    tag = "screen",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Place {
    /// The person's page (training, licences, check-ins).
    Staff {
        staff_id: StaffId,
    },
    /// Training waiting for approval and licences waiting to be checked.
    Pending,
    Evaluation {
        evaluation_id: EvaluationId,
    },
    FeedbackRequest {
        request_id: RequestId,
    },
    Standard {
        standard_id: StandardId,
    },
    Suggestions,
    /// The person's own kiosk page.
    Kiosk,
}

/// One thing to do.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TodoItem {
    pub reminder: Reminder,
    /// What is to be done, in words: "CPR and Basic Life Support is overdue".
    pub what: String,
    /// Whom it is about, when it is about one person.
    pub who: Option<StaffRef>,
    /// The day it is due by (or was); `None` when it waits with no date.
    pub due_on: Option<NaiveDate>,
    /// Past its day, or missing altogether.
    pub overdue: bool,
    pub opens: Place,
    /// The same thing keeps the same key from day to day: what the daily
    /// reminder counts as already told.
    pub key: String,
}

/// The practice's list, for the owner and managers: overdue first, then by
/// day, then by what.
pub fn list(conn: &dyn Readable, actor: &Actor, today: NaiveDate) -> Result<Vec<TodoItem>> {
    actor.require(Permission::ViewStaff)?;
    let conn = crate::storage::sql(conn);
    // About themselves an owner or manager is the person: their own review
    // is someone else's to write, so it is not on their list.
    let mut all = items::practice(conn, today, &settings::enabled(conn)?, actor.staff())?;
    sort(&mut all);
    Ok(all)
}

/// A person's own list at the kiosk: their training, licences and
/// continuing education, the standards they have not acknowledged, the
/// colleagues' feedback they were asked for, their self-review to hand in and
/// their review to acknowledge.
pub fn mine(conn: &dyn Readable, actor: &Actor, today: NaiveDate) -> Result<Vec<TodoItem>> {
    actor.require(Permission::UsePractice)?;
    let Some(me) = actor.staff() else {
        return Err(Error::Forbidden {
            message: format!(
                "{} has no staff record, so there is no list of their own",
                actor.name()
            ),
        });
    };
    let conn = crate::storage::sql(conn);
    let mut all = items::of_person(conn, me, today, &settings::enabled(conn)?)?;
    sort(&mut all);
    Ok(all)
}

fn sort(items: &mut [TodoItem]) {
    items.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then_with(|| match (a.due_on, b.due_on) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.what.cmp(&b.what))
            .then_with(|| a.key.cmp(&b.key))
    });
}
