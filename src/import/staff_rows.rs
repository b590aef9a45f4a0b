//! The staff import: each row made into a person through `staff::insert`
//! (roles the file names added when the practice has none by that name,
//! someone already here skipped), then everyone's manager linked once all of
//! them exist, from the bottom of the chart up.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::Transaction;

use super::cells::{cell, date_text, line_break, status_of};
use super::columns::StaffColumns;
use super::directory::Directory;
use super::file::CsvFile;
use super::report::{finish, quoted, row_problem, shown};
use super::{ImportKind, ImportReport, ImportRow, SHOWN_CHARS};
use crate::access::Actor;
use crate::error::Result;
use crate::ids::{RoleId, StaffId};
use crate::roles::{self, RoleInput};
use crate::staff::{self, StaffInput};
use crate::text;

/// Someone the file adds, with the manager their row names, to link once
/// everyone exists.
struct ManagerNamed {
    /// The index of the person's row in the report.
    row: usize,
    person: StaffId,
    manager: String,
}

/// A manager found for someone the file adds.
#[derive(Debug, Clone, Copy)]
struct ManagerLink {
    /// The index of the person's row in the report.
    row: usize,
    person: StaffId,
    manager: StaffId,
}

/// Adds the file's people (see the module's doc) and reports every row.
pub(super) fn import_staff(
    tx: &Transaction<'_>,
    actor: &Actor,
    file: &CsvFile,
    c: &StaffColumns,
    today: NaiveDate,
) -> Result<ImportReport> {
    let mut role_ids: HashMap<String, RoleId> = roles::list_all(tx)?
        .into_iter()
        .map(|r| (text::unique_key(&r.name), r.id))
        .collect();
    let mut new_roles = Vec::new();
    let mut rows = Vec::new();
    // Everyone in the practice, and then everyone added from the file, so that
    // a file imported twice adds nobody twice and managers are found by name,
    // number or email without reading the staff table once a row.
    let mut people = Directory::load(tx)?;
    // People added, with the manager their row names, to link once all exist.
    let mut managers: Vec<ManagerNamed> = Vec::new();
    for csv_row in &file.rows {
        let (line, row) = (csv_row.line, csv_row.fields.as_slice());
        let name = c.name(row);
        let summary = if name.is_empty() {
            "(no name)".to_owned()
        } else {
            shown(&name, SHOWN_CHARS)
        };
        let mut problems = Vec::new();
        problems.extend(line_break(csv_row, &c.single_line(), file.delimiter));
        let mut input = StaffInput {
            name: name.clone(),
            employee_no: Some(cell(row, c.employee_no).to_owned()).filter(|s| !s.is_empty()),
            department: cell(row, c.department).to_owned(),
            email: cell(row, c.email).to_owned(),
            phone: cell(row, c.phone).to_owned(),
            ..Default::default()
        };
        let mut date_problems = Vec::new();
        for (column, target, label) in [
            (c.hire_date, &mut input.hire_date, "Hire date"),
            (c.end_date, &mut input.end_date, "End date"),
        ] {
            let value = cell(row, column);
            match date_text(value) {
                Ok(d) => *target = d,
                Err(e) => {
                    *target = value.to_owned();
                    date_problems.push(format!("{label}: {e}"));
                }
            }
        }
        // Someone already here is skipped whatever else the row says (as a
        // second import of the same file must be); a clash is one more problem.
        if problems.is_empty() {
            match people.already_here(&input, line) {
                Some(Ok(skipped)) => {
                    rows.push(ImportRow {
                        line,
                        summary,
                        problems,
                        note: Some(skipped),
                    });
                    continue;
                }
                Some(Err(clash)) => problems.push(clash),
                None => {}
            }
        }
        problems.append(&mut date_problems);
        match status_of(cell(row, c.status)) {
            Ok(s) => input.status = s,
            Err(e) => problems.push(e),
        }
        let role = cell(row, c.role);
        if !role.is_empty() {
            let key = text::unique_key(role);
            let id = match role_ids.get(&key) {
                Some(id) => Some(*id),
                None => match roles::insert(
                    tx,
                    actor,
                    &RoleInput {
                        name: role.to_owned(),
                        ..Default::default()
                    },
                ) {
                    Ok(id) => {
                        new_roles.push(shown(role, SHOWN_CHARS));
                        role_ids.insert(key, id);
                        Some(id)
                    }
                    Err(e) => {
                        problems.push(format!("Job role: {}", row_problem(e)?));
                        None
                    }
                },
            };
            input.role_id = id;
        }
        if problems.is_empty() {
            match staff::insert(tx, actor, &input, today) {
                Ok(id) => {
                    people.add(id, &input, Some(line));
                    let manager = cell(row, c.manager);
                    if !manager.is_empty() {
                        managers.push(ManagerNamed {
                            row: rows.len(),
                            person: id,
                            manager: manager.to_owned(),
                        });
                    }
                }
                Err(e) => problems.push(row_problem(e)?),
            }
        }
        rows.push(ImportRow {
            line,
            summary,
            problems,
            note: None,
        });
    }
    let mut links = Vec::new();
    for ManagerNamed {
        row,
        person,
        manager,
    } in managers
    {
        match people.find(&manager, &manager, &manager) {
            Ok(Some(m)) => links.push(ManagerLink {
                row,
                person,
                manager: m,
            }),
            Ok(None) => rows[row].problems.push(format!(
                "Manager {}: nobody in the practice or the file has that name or employee number",
                quoted(&manager)
            )),
            Err(e) => rows[row]
                .problems
                .push(format!("Manager: {}", row_problem(e)?)),
        }
    }
    for i in link_order(&links) {
        let link = links[i];
        if let Err(e) = staff::set_manager(tx, actor, link.person, link.manager) {
            let problem = row_problem(e)?;
            rows[link.row].problems.push(format!("Manager: {problem}"));
        }
    }
    Ok(finish(
        ImportKind::Staff,
        file,
        c.report(file),
        rows,
        new_roles,
    ))
}

/// The order to give people their managers in: everyone before their own
/// manager (the deepest in the file's chart first), so that the check against a
/// cycle — a walk up the new manager's chain in `staff::set_manager` — stops at
/// once at a manager not linked yet, and linking a file that lists a long chain
/// takes linear time, not quadratic. A cycle in the file is cut at one link,
/// which comes last and is the one refused.
fn link_order(links: &[ManagerLink]) -> Vec<usize> {
    let manager_of: HashMap<StaffId, StaffId> =
        links.iter().map(|l| (l.person, l.manager)).collect();
    let mut depth: HashMap<StaffId, usize> = HashMap::with_capacity(links.len());
    for link in links {
        let start = link.person;
        // Walk up from `start` to someone whose depth is known, or who has no
        // manager in the file (depth 0), or back onto this walk (a cycle).
        let mut path = vec![start];
        let mut on_path: HashSet<StaffId> = [start].into();
        let mut above = None;
        while let Some(&last) = path.last() {
            if depth.contains_key(&last) {
                path.pop();
                above = depth.get(&last).copied();
                break;
            }
            match manager_of.get(&last) {
                Some(m) if on_path.contains(m) => break, // `last` closes a cycle: cut there
                Some(m) if manager_of.contains_key(m) || depth.contains_key(m) => {
                    on_path.insert(*m);
                    path.push(*m);
                }
                _ => break, // a manager already in the practice, or none
            }
        }
        let top = above.map_or(0, |a| a + 1);
        for (d, p) in (top..).zip(path.into_iter().rev()) {
            depth.insert(p, d);
        }
    }
    let mut order: Vec<usize> = (0..links.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(depth.get(&links[i].person).copied().unwrap_or(0)));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everyone is linked before their own manager, so the walk that refuses a
    /// cycle stops at once; a cycle is cut at one link, which comes last.
    #[test]
    fn managers_are_linked_from_the_bottom_of_the_chart_up() {
        let link = |row: usize, person: i64, manager: i64| ManagerLink {
            row,
            person: StaffId(person),
            manager: StaffId(manager),
        };
        // A chain listed top-down: 1 <- 2 <- 3 <- 4 (4's manager is 3, …).
        let chain = [link(0, 2, 1), link(1, 3, 2), link(2, 4, 3)];
        assert_eq!(link_order(&chain), [2, 1, 0]);
        // And bottom-up, with someone whose manager is already in the practice.
        let chain = [link(0, 4, 3), link(1, 3, 2), link(2, 2, 99)];
        assert_eq!(link_order(&chain), [0, 1, 2]);
        // A cycle 5 -> 6 -> 7 -> 5, with 8 reporting to 5.
        let cycle = [link(0, 8, 5), link(1, 5, 6), link(2, 6, 7), link(3, 7, 5)];
        let order = link_order(&cycle);
        let at = |i: usize| order.iter().position(|&o| o == i).unwrap();
        assert!(at(0) < at(1) && at(1) < at(2) && at(2) < at(3), "{order:?}");
    }
}
