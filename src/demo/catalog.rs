//! The demo's catalog: the dental office's job roles and the training
//! courses they require.

use rusqlite::{params, Transaction};

use crate::error::Result;
use crate::ids::{CourseId, RoleId};
use crate::text;

/// A job role of the demo practice.
pub(super) struct DemoRole {
    name: &'static str,
    description: &'static str,
}

/// A course of the demo's catalog.
pub(super) struct DemoCourse {
    title: &'static str,
    category: &'static str,
    pub(super) provider: &'static str,
    pub(super) hours: f64,
    /// How long a completion counts; `None`: for good.
    pub(super) validity_months: Option<u32>,
    /// The roles (indexes into [`ROLES`]) that require it.
    pub(super) roles: &'static [usize],
}

/// The roles; people and courses name them by their index here.
pub(super) const ROLES: &[DemoRole] = &[
    DemoRole {
        name: "Office manager",
        description: "Runs the front office, schedules, staff records and training.",
    },
    DemoRole {
        name: "Receptionist",
        description: "Greets patients, answers the phone, books and confirms appointments.",
    },
    DemoRole {
        name: "Dental hygienist",
        description: "Cleanings, periodontal care and patient education.",
    },
    DemoRole {
        name: "Dental assistant",
        description: "Chairside assistance, sterilisation, radiographs.",
    },
    DemoRole {
        name: "Billing coordinator",
        description: "Insurance claims, statements and payment plans.",
    },
    DemoRole {
        name: "Dentist",
        description: "Examinations, diagnosis and treatment.",
    },
];

pub(super) const COURSES: &[DemoCourse] = &[
    DemoCourse {
        title: "CPR and Basic Life Support",
        category: "safety",
        provider: "Red Cross",
        hours: 4.0,
        validity_months: Some(24),
        roles: &[0, 1, 2, 3, 4, 5],
    },
    DemoCourse {
        title: "Infection control",
        category: "infection_control",
        provider: "State Dental Association",
        hours: 2.0,
        validity_months: Some(12),
        roles: &[2, 3, 5],
    },
    DemoCourse {
        title: "Patient privacy (HIPAA)",
        category: "compliance",
        provider: "In house",
        hours: 1.0,
        validity_months: Some(12),
        roles: &[0, 1, 2, 3, 4, 5],
    },
    DemoCourse {
        title: "Telephone courtesy",
        category: "customer_service",
        provider: "In house",
        hours: 1.5,
        validity_months: None,
        roles: &[0, 1],
    },
    DemoCourse {
        title: "Handling difficult conversations",
        category: "customer_service",
        provider: "Practice Coaching Ltd",
        hours: 3.0,
        validity_months: Some(36),
        roles: &[0, 1, 4],
    },
    DemoCourse {
        title: "Serving your internal customers",
        category: "customer_service",
        provider: "In house",
        hours: 2.0,
        validity_months: None,
        roles: &[0, 1, 2, 3, 4, 5],
    },
    DemoCourse {
        title: "Fire safety and evacuation",
        category: "safety",
        provider: "In house",
        hours: 1.0,
        validity_months: Some(12),
        roles: &[0, 1, 2, 3, 4, 5],
    },
    DemoCourse {
        title: "Practice management software",
        category: "software",
        provider: "Vendor webinar",
        hours: 2.0,
        validity_months: None,
        roles: &[0, 1, 4],
    },
    DemoCourse {
        title: "Radiation safety",
        category: "clinical",
        provider: "State Dental Association",
        hours: 3.0,
        validity_months: Some(24),
        roles: &[2, 3, 5],
    },
    DemoCourse {
        title: "Insurance coding update",
        category: "other",
        provider: "Billing Network",
        hours: 2.0,
        validity_months: Some(12),
        roles: &[4],
    },
];

/// Adds the roles; their ids in the order of [`ROLES`].
pub(super) fn insert_roles(tx: &Transaction<'_>) -> Result<Vec<RoleId>> {
    let mut role_ids = Vec::new();
    for role in ROLES {
        tx.execute(
            "INSERT INTO job_roles (name, name_key, description) VALUES (?1, ?2, ?3)",
            params![role.name, text::unique_key(role.name), role.description],
        )?;
        role_ids.push(RoleId(tx.last_insert_rowid()));
    }
    Ok(role_ids)
}

/// Adds the courses and the roles that require them; their ids in the order
/// of [`COURSES`].
pub(super) fn insert_courses(tx: &Transaction<'_>, role_ids: &[RoleId]) -> Result<Vec<CourseId>> {
    let mut course_ids = Vec::new();
    for course in COURSES {
        tx.execute(
            "INSERT INTO courses (title, title_key, category, provider, default_hours, validity_months)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                course.title,
                text::unique_key(course.title),
                course.category,
                course.provider,
                course.hours,
                course.validity_months
            ],
        )?;
        let id = CourseId(tx.last_insert_rowid());
        for r in course.roles {
            tx.execute(
                "INSERT INTO role_courses (role_id, course_id) VALUES (?1, ?2)",
                params![role_ids[*r], id],
            )?;
        }
        course_ids.push(id);
    }
    Ok(course_ids)
}
