//! Who is acting, and what they may do.
//!
//! Every core operation takes an [`Actor`] and asks it first: `actor.require(…)`
//! for practice-wide work, `actor.require_self_or(person, …)` for what a staff
//! member may also do for themselves at the kiosk. The whole policy is the one
//! table in [`allows`]; the window only hides what the core would refuse anyway.
//!
//! An `Actor` is made only by signing in ([`crate::accounts::sign_in`]) or, for
//! the command line and the demo, by [`Actor::system`]: the shell never builds
//! one from what the UI sends, so a crafted payload cannot claim to be someone
//! else.

use std::time::{Duration, Instant};

use serde::Serialize;
use specta::Type;

use crate::error::{Error, Result};
use crate::ids::{text_enum, AccountId, StaffId};

text_enum! {
    /// What an account may do: the owner everything, a manager the daily work,
    /// a staff member only their own records at the kiosk.
    pub enum AccountRole { Owner = "owner", Manager = "manager", Staff = "staff" }
}

impl AccountRole {
    pub fn label(self) -> &'static str {
        match self {
            AccountRole::Owner => "Owner",
            AccountRole::Manager => "Manager",
            AccountRole::Staff => "Staff",
        }
    }
}

text_enum! {
    /// A kind of work the policy grants or refuses. The window is told which
    /// of these the signed-in person holds ([`Actor`]'s `permissions`) and
    /// shows or hides from that alone.
    pub enum Permission {
        /// Read the practice's name and settings, which shape every screen:
        /// everyone signed in, the kiosk included.
        UsePractice = "usePractice",
        /// Practice settings and the owner's and managers' accounts.
        ManagePractice = "managePractice",
        /// Give a staff member a kiosk PIN, or take it away.
        ManagePins = "managePins",
        /// Everyone's staff records, training, due status and the overview.
        ViewStaff = "viewStaff",
        /// Create, change and delete staff records, job roles and courses.
        EditStaff = "editStaff",
        /// Log approved training for anyone, correct and delete records, approve.
        EditTraining = "editTraining",
        /// Write and revise the service standards.
        EditStandards = "editStandards",
        /// Record an acknowledgment (a standard or an evaluation) for someone else.
        RecordForOthers = "recordForOthers",
        /// See evaluations, templates, scores; draft evaluations and templates.
        Evaluate = "evaluate",
        /// Finalize and amend evaluations.
        Finalize = "finalize",
        /// Decide an evaluation's pay or reward recommendation: the
        /// recommendation, merit percentage, bonus and their note. Which fields
        /// these are is a type in the evaluations module, not a label.
        DecidePay = "decidePay",
        /// Record and read the evidence of service: patients' compliments and
        /// complaints, service checks, check-ins, requests for colleagues'
        /// feedback and their answers, decisions on suggestions; and remove
        /// a thank-you. (Anyone with a staff record may thank a colleague.)
        RecordService = "recordService",
        /// Print evaluations, forms and reports.
        Print = "print",
        /// Read the audit trail.
        ViewAudit = "viewAudit",
        /// Take a backup now.
        Backup = "backup",
        /// Replace the practice with a backup.
        Restore = "restore",
    }
}

/// The policy: which role may do what. Staff self-service (logging one's own
/// training, acknowledging, seeing one's own history) is not here: it is
/// granted per person by [`Actor::require_self_or`].
pub fn allows(role: AccountRole, permission: Permission) -> bool {
    use Permission::*;
    match role {
        AccountRole::Owner => true,
        AccountRole::Manager => {
            !matches!(permission, ManagePractice | Finalize | DecidePay | Restore)
        }
        AccountRole::Staff => matches!(permission, UsePractice),
    }
}

/// Everything the policy grants `role`, in the order of [`Permission::ALL`].
pub fn granted(role: AccountRole) -> Vec<Permission> {
    Permission::ALL
        .iter()
        .copied()
        .filter(|p| allows(role, *p))
        .collect()
}

/// Who is doing something: a signed-in account, or the command line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    /// The account; `None` for the command line and the demo.
    account: Option<AccountId>,
    role: AccountRole,
    name: String,
    /// The staff member this account belongs to, if any (always, for staff).
    staff: Option<StaffId>,
    /// What the policy grants this role, for the window to show or hide by.
    /// Staff self-service is granted per person and is not listed here.
    permissions: Vec<Permission>,
}

impl Actor {
    pub(crate) fn signed_in(
        account: AccountId,
        role: AccountRole,
        name: String,
        staff: Option<StaffId>,
    ) -> Actor {
        Actor {
            account: Some(account),
            role,
            name,
            staff,
            permissions: granted(role),
        }
    }

    /// The command line (and the demo): whoever can run commands on this
    /// computer already holds the database file, so it acts with the owner's
    /// rights. The audit trail records it under `label`.
    pub fn system(label: &str) -> Actor {
        Actor {
            account: None,
            role: AccountRole::Owner,
            name: label.to_owned(),
            staff: None,
            permissions: granted(AccountRole::Owner),
        }
    }

    /// Whoever gave something anonymously, as the audit trail records it: a
    /// staff member with no account, no name and no staff record.
    pub(crate) fn anonymous() -> Actor {
        Actor {
            account: None,
            role: AccountRole::Staff,
            name: "Anonymous".to_owned(),
            staff: None,
            permissions: Vec::new(),
        }
    }

    pub fn account(&self) -> Option<AccountId> {
        self.account
    }

    pub fn role(&self) -> AccountRole {
        self.role
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the policy grants this actor's role (self-service aside).
    pub fn permissions(&self) -> &[Permission] {
        &self.permissions
    }

    /// The staff member this account belongs to, if any.
    pub fn staff(&self) -> Option<StaffId> {
        self.staff
    }

    pub fn can(&self, permission: Permission) -> bool {
        allows(self.role, permission)
    }

    /// Refuses unless the policy grants `permission` to this actor's role.
    pub fn require(&self, permission: Permission) -> Result<()> {
        if self.can(permission) {
            Ok(())
        } else {
            Err(self.refusal(permission))
        }
    }

    /// Allows work on `person`'s own records by that person; anyone else needs
    /// `permission`.
    pub fn require_self_or(&self, person: StaffId, permission: Permission) -> Result<()> {
        if self.is(person) {
            Ok(())
        } else {
            self.require(permission)
        }
    }

    /// True when this actor is the staff member `person`.
    pub fn is(&self, person: StaffId) -> bool {
        self.staff == Some(person)
    }

    /// Requires `permission` for work about `person`, and that the actor is
    /// not `person`: nobody writes their own review or check-in, or reads
    /// what colleagues said about them one by one — not even an owner or a
    /// manager whose account names their staff record. `refusal` is the
    /// message when the actor is `person`.
    pub fn require_about_another(
        &self,
        person: StaffId,
        permission: Permission,
        refusal: &str,
    ) -> Result<()> {
        if self.is(person) {
            return Err(Error::Forbidden {
                message: refusal.to_owned(),
            });
        }
        self.require(permission)
    }

    fn refusal(&self, permission: Permission) -> Error {
        use Permission::*;
        let what = match permission {
            UsePractice => "read the practice's settings",
            ManagePractice => "change the practice's settings or accounts",
            ManagePins => "set kiosk PINs",
            ViewStaff => "see other people's records",
            EditStaff => "change staff records, job roles or courses",
            EditTraining => "change other people's training records",
            EditStandards => "change the service standards",
            RecordForOthers => "record this for someone else",
            Evaluate => "see or change evaluations",
            Finalize => "finalize or amend evaluations",
            DecidePay => "decide the pay or reward recommendation",
            RecordService => "record or read the evidence of service",
            Print => "print documents",
            ViewAudit => "see the audit trail",
            Backup => "take backups",
            Restore => "restore a backup",
        };
        Error::Forbidden {
            message: format!(
                "Signed in as {} ({}), you cannot {what}",
                self.name,
                self.role.label().to_lowercase()
            ),
        }
    }
}

/// A signed-in actor and when they last did something. The window locks
/// itself after the practice's idle time; this is where that is decided, so a
/// command sent after the limit is refused even if the window missed its timer.
#[derive(Debug, Clone)]
pub struct Session {
    actor: Actor,
    last_active: Instant,
    idle_limit: Duration,
}

impl Session {
    pub fn new(actor: Actor, idle_limit: Duration, now: Instant) -> Session {
        Session {
            actor,
            last_active: now,
            idle_limit,
        }
    }

    /// The actor, if the session has not been idle longer than its limit; marks
    /// it active. After the limit it answers [`Error::SignedOut`] for good.
    pub fn touch(&mut self, now: Instant) -> Result<Actor> {
        if now.saturating_duration_since(self.last_active) > self.idle_limit {
            return Err(Error::SignedOut {
                message: format!(
                    "Locked after {} minutes without use: sign in again",
                    self.idle_limit.as_secs() / 60
                ),
            });
        }
        self.last_active = now;
        Ok(self.actor.clone())
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn set_idle_limit(&mut self, idle_limit: Duration) {
        self.idle_limit = idle_limit;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_table() {
        use Permission::*;
        let all = [
            ManagePractice,
            ManagePins,
            ViewStaff,
            EditStaff,
            EditTraining,
            EditStandards,
            RecordForOthers,
            Evaluate,
            Finalize,
            Print,
            ViewAudit,
            Backup,
            Restore,
        ];
        for p in all {
            assert!(allows(AccountRole::Owner, p), "{p:?}");
            assert!(!allows(AccountRole::Staff, p), "{p:?}");
            let manager = !matches!(p, ManagePractice | Finalize | Restore);
            assert_eq!(allows(AccountRole::Manager, p), manager, "{p:?}");
        }
    }

    #[test]
    fn staff_may_act_only_for_themselves() {
        let me = Actor::signed_in(
            AccountId(3),
            AccountRole::Staff,
            "Ana".into(),
            Some(StaffId(7)),
        );
        assert!(me
            .require_self_or(StaffId(7), Permission::EditTraining)
            .is_ok());
        let e = me
            .require_self_or(StaffId(8), Permission::EditTraining)
            .unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::Forbidden);
        assert!(e.to_string().contains("Ana (staff)"));
    }

    #[test]
    fn a_session_locks_after_its_idle_limit() {
        let start = Instant::now();
        let mut s = Session::new(Actor::system("test"), Duration::from_secs(300), start);
        assert!(s.touch(start + Duration::from_secs(299)).is_ok());
        // Activity moves the limit along.
        assert!(s.touch(start + Duration::from_secs(590)).is_ok());
        let e = s.touch(start + Duration::from_secs(891)).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::SignedOut);
        assert!(e.to_string().contains("5 minutes"));
    }
}
