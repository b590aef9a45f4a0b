//! The demo's people: a curated dozen whose names are written in several
//! scripts, then as many generated people as asked for, all reporting to the
//! office manager.

use chrono::{Days, NaiveDate};
use rusqlite::{params, Transaction};

use super::catalog::ROLES;
use super::{years_before, DemoSize};
use crate::error::Result;
use crate::ids::{RoleId, StaffId};
use crate::staff::search_key;

/// One of the curated dozen.
pub(super) struct Curated {
    name: &'static str,
    /// An index into [`ROLES`].
    role: usize,
    department: &'static str,
    /// Years employed.
    years: u64,
    status: &'static str,
}

pub(super) const CURATED: &[Curated] = &[
    Curated {
        name: "Margaret O'Neill",
        role: 0,
        department: "Front office",
        years: 12,
        status: "active",
    },
    Curated {
        name: "Zoë Núñez",
        role: 1,
        department: "Front office",
        years: 4,
        status: "active",
    },
    Curated {
        name: "Nguyễn Văn Anh",
        role: 2,
        department: "Clinical",
        years: 6,
        status: "active",
    },
    Curated {
        name: "王芳",
        role: 2,
        department: "Clinical",
        years: 3,
        status: "active",
    },
    Curated {
        name: "Łukasz Żółć",
        role: 3,
        department: "Clinical",
        years: 2,
        status: "active",
    },
    Curated {
        name: "Aoife Ní Bhriain",
        role: 3,
        department: "Clinical",
        years: 1,
        status: "active",
    },
    Curated {
        name: "Priya Raghunathan",
        role: 4,
        department: "Billing",
        years: 5,
        status: "active",
    },
    Curated {
        name: "Δημήτρης Παπαδόπουλος",
        role: 5,
        department: "Clinical",
        years: 9,
        status: "active",
    },
    Curated {
        name: "Ольга Смирнова",
        role: 1,
        department: "Front office",
        years: 2,
        status: "on_leave",
    },
    Curated {
        name: "佐藤 健",
        role: 3,
        department: "Clinical",
        years: 1,
        status: "active",
    },
    Curated {
        name: "Fatima Al-Sayed",
        role: 4,
        department: "Billing",
        years: 3,
        status: "active",
    },
    Curated {
        name: "Tom Becker",
        role: 1,
        department: "Front office",
        years: 7,
        status: "left",
    },
];

/// The given and family names generated people are made of.
const GIVEN: &[&str] = &[
    "Anna",
    "Ben",
    "Chloé",
    "Dmitri",
    "Emeka",
    "Fernanda",
    "Giulia",
    "Hiroshi",
    "Ines",
    "Jun",
    "Kateřina",
    "Liam",
    "María",
    "Noor",
    "Olivier",
    "Pooja",
    "Quentin",
    "Rosa",
    "Søren",
    "Thảo",
    "Uma",
    "Viktor",
    "Wen",
    "Yusuf",
];
const FAMILY: &[&str] = &[
    "Andersen",
    "Bakker",
    "Chen",
    "Dubois",
    "Eze",
    "Fernández",
    "García",
    "Hoang",
    "Ivanova",
    "Jansen",
    "Kowalski",
    "López",
    "Müller",
    "Nakamura",
    "Okafor",
    "Petrović",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Trần",
    "Ueda",
    "Varga",
    "Wójcik",
    "Yılmaz",
];

/// Someone the demo added, as the rest of the demo needs them.
pub(super) struct DemoPerson {
    pub(super) id: StaffId,
    /// An index into [`ROLES`].
    pub(super) role: usize,
    pub(super) hired: NaiveDate,
    pub(super) status: &'static str,
}

/// Adds the curated dozen, then generated people up to `size.people`.
pub(super) fn insert(
    tx: &Transaction<'_>,
    rng: &mut fastrand::Rng,
    size: DemoSize,
    today: NaiveDate,
    now: &str,
    role_ids: &[RoleId],
) -> Result<Vec<DemoPerson>> {
    let mut insert_person = tx.prepare(
        "INSERT INTO staff (name, search_key, employee_no, role_id, department, manager_id, email, phone,
                            hire_date, status, end_date, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    )?;
    let mut people: Vec<DemoPerson> = Vec::new();
    for i in 0..size.people {
        let (name, role, dept, years, status) = match CURATED.get(i) {
            Some(c) => (c.name.to_owned(), c.role, c.department, c.years, c.status),
            None => {
                let role = 1 + rng.usize(..ROLES.len() - 1);
                let name = format!(
                    "{} {}",
                    GIVEN[rng.usize(..GIVEN.len())],
                    FAMILY[rng.usize(..FAMILY.len())]
                );
                let status = match rng.u8(..20) {
                    0 => "left",
                    1 => "on_leave",
                    _ => "active",
                };
                let dept = match role {
                    1 => "Front office",
                    4 => "Billing",
                    _ => "Clinical",
                };
                (name, role, dept, rng.u64(0..15), status)
            }
        };
        let hired = years_before(today, years, rng.u64(20..300));
        let end = (status == "left").then(|| today - Days::new(rng.u64(10..200)));
        let employee_no = format!("E{:04}", i + 1);
        let email = format!("staff{}@lakeside-dental.example", i + 1);
        let phone = format!("+1 207 555 {:04}", 100 + i);
        insert_person.execute(params![
            name,
            search_key(&name, Some(&employee_no), &email),
            employee_no,
            role_ids[role],
            dept,
            people.first().map(|p| p.id), // everyone reports to the office manager
            email,
            phone,
            hired,
            status,
            end,
            now
        ])?;
        people.push(DemoPerson {
            id: StaffId(tx.last_insert_rowid()),
            role,
            hired,
            status,
        });
    }

    Ok(people)
}
