//! Matching people: everyone in the practice and everyone the file adds, by
//! employee number, email and name, so that a manager or the person a training
//! record is for is found by any of them, and a person already here is
//! recognised instead of added twice.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use unicode_normalization::UnicodeNormalization;

use super::report::{quoted, shown};
use super::QUOTED_CHARS;
use crate::error::{Error, Result};
use crate::ids::StaffId;
use crate::staff::StaffInput;
use crate::text;

/// Someone in the practice, or added from the file being imported.
struct Known {
    id: StaffId,
    name: String,
    employee_no: Option<String>,
    email: String,
    /// `YYYY-MM-DD`, or empty.
    hire_date: String,
    /// The line of the file that added them; `None`: here before the import.
    line: Option<u32>,
}

/// Everyone, by employee number, email and name: a lookup is a probe in a
/// map (it used to read the whole staff table, which made an import of
/// thousands of people whose manager is given by name take minutes).
#[derive(Default)]
pub(super) struct Directory {
    people: Vec<Known>,
    by_number: HashMap<String, usize>,
    by_email: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
}

fn number_key(no: &str) -> String {
    no.trim().nfc().collect()
}

fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

impl Directory {
    pub(super) fn load(conn: &Connection) -> Result<Directory> {
        let mut d = Directory::default();
        let mut stmt = conn.prepare("SELECT id, name, employee_no, email, hire_date FROM staff")?;
        let rows = stmt.query_map([], |r| {
            Ok(Known {
                id: r.get(0)?,
                name: r.get(1)?,
                employee_no: r.get(2)?,
                email: r.get(3)?,
                hire_date: r
                    .get::<_, Option<NaiveDate>>(4)?
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                line: None,
            })
        })?;
        for k in rows {
            d.insert(k?);
        }
        Ok(d)
    }

    fn insert(&mut self, k: Known) {
        let i = self.people.len();
        if let Some(no) = &k.employee_no {
            self.by_number.insert(number_key(no), i);
        }
        if !k.email.trim().is_empty() {
            self.by_email
                .entry(email_key(&k.email))
                .or_default()
                .push(i);
        }
        self.by_name
            .entry(text::unique_key(&k.name))
            .or_default()
            .push(i);
        self.people.push(k);
    }

    /// Records someone the import has just added from `line`.
    pub(super) fn add(&mut self, id: StaffId, input: &StaffInput, line: Option<u32>) {
        self.insert(Known {
            id,
            name: input.name.clone(),
            employee_no: input.employee_no.clone(),
            email: input.email.clone(),
            hire_date: input.hire_date.trim().to_owned(),
            line,
        });
    }

    /// The one person with this employee number, email or exact name (in that
    /// order); `Ok(None)` when nobody; an error naming the field when the email
    /// or the name is shared.
    /// The person a row of a record file is about, found by
    /// [`Directory::find`]; when there is none, the row's problem is noted
    /// (`empty` when the row names nobody at all) and `None` answered. Only a
    /// failure of the database is an error.
    pub(super) fn person_of(
        &self,
        employee_no: &str,
        email: &str,
        name: &str,
        empty: &str,
        problems: &mut Vec<String>,
    ) -> Result<Option<StaffId>> {
        match self.find(employee_no, email, name) {
            Ok(Some(id)) => Ok(Some(id)),
            Ok(None) => {
                problems.push(
                    if employee_no.is_empty() && email.is_empty() && name.is_empty() {
                        empty.to_owned()
                    } else {
                        super::report::nobody_matches(employee_no, email, name)
                    },
                );
                Ok(None)
            }
            Err(e) => {
                problems.push(super::report::row_problem(e)?);
                Ok(None)
            }
        }
    }

    pub(super) fn find(
        &self,
        employee_no: &str,
        email: &str,
        name: &str,
    ) -> Result<Option<StaffId>> {
        if !employee_no.trim().is_empty() {
            if let Some(&i) = self.by_number.get(&number_key(employee_no)) {
                return Ok(Some(self.people[i].id));
            }
        }
        if !email.trim().is_empty() {
            match self.by_email.get(&email_key(email)).map(Vec::as_slice) {
                None | Some([]) => {}
                Some([one]) => return Ok(Some(self.people[*one].id)),
                Some(more) => {
                    return Err(Error::invalid(
                        "email",
                        format!(
                            "{} people share the email {}: give their employee number",
                            more.len(),
                            shown(email, QUOTED_CHARS)
                        ),
                    ))
                }
            }
        }
        if !name.trim().is_empty() {
            return match self.by_name.get(&text::unique_key(name)).map(Vec::as_slice) {
                None | Some([]) => Ok(None),
                Some([one]) => Ok(Some(self.people[*one].id)),
                Some(more) => Err(Error::invalid(
                    "name",
                    format!(
                        "{} people are called {}: give their employee number or email",
                        more.len(),
                        quoted(name)
                    ),
                )),
            };
        }
        Ok(None)
    }

    /// Whether the row describes someone already here, so that importing a
    /// file twice adds nobody twice: `Some(Ok(note))` to skip the row,
    /// `Some(Err(problem))` when its employee number belongs to someone else
    /// (neither skipped nor merged: the office must say who is who), `None`
    /// for someone new.
    ///
    /// An employee number, when both sides have one, decides. Otherwise the
    /// row is someone here who has the same name, or the same email and a
    /// spelling of the same name, with no other employee number, email or hire
    /// date than the row's.
    pub(super) fn already_here(
        &self,
        row: &StaffInput,
        line: u32,
    ) -> Option<std::result::Result<String, String>> {
        let number = row
            .employee_no
            .as_deref()
            .map(number_key)
            .filter(|n| !n.is_empty());
        if let Some(no) = &number {
            if let Some(&i) = self.by_number.get(no) {
                let k = &self.people[i];
                let at = match k.line {
                    Some(l) if l != line => format!("on line {l}"),
                    _ => "here".to_owned(),
                };
                return Some(if same_name(&k.name, &row.name) {
                    Ok(match k.line {
                        None => format!(
                            "Already in the practice (employee number {}); skipped",
                            shown(no, QUOTED_CHARS)
                        ),
                        Some(l) => format!("The same person as line {l}; skipped"),
                    })
                } else {
                    Err(format!(
                        "Employee number {} is already used by {} {at}: correct the number, or the name if it is the same person",
                        quoted(no),
                        shown(&k.name, QUOTED_CHARS)
                    ))
                });
            }
        }
        let email = email_key(&row.email);
        let hire = row.hire_date.trim();
        let by_name = self.by_name.get(&text::unique_key(&row.name));
        let by_email = (!email.is_empty())
            .then(|| self.by_email.get(&email))
            .flatten();
        let candidates = by_name.into_iter().chain(by_email).flatten();
        for &i in candidates {
            let k = &self.people[i];
            let same_email = !email.is_empty() && email_key(&k.email) == email;
            let fits = k.line.is_none()
                && !(number.is_some() && k.employee_no.is_some())
                && (k.email.trim().is_empty() || email.is_empty() || same_email)
                && (k.hire_date.is_empty() || hire.is_empty() || k.hire_date == hire)
                && if same_email {
                    same_name(&k.name, &row.name)
                } else {
                    text::unique_key(&k.name) == text::unique_key(&row.name)
                };
            if !fits {
                continue;
            }
            return Some(Ok(match &number {
                Some(no) => format!(
                    "Already in the practice as {}, without an employee number; skipped (give them {} on their page)",
                    shown(&k.name, QUOTED_CHARS),
                    shown(no, QUOTED_CHARS)
                ),
                None if same_email => {
                    "Already in the practice (same name and email); skipped".to_owned()
                }
                None => "Already in the practice (same name); skipped".to_owned(),
            }));
        }
        None
    }
}

/// Two spellings of one person's name: the same words in any order, ignoring
/// case, accents and punctuation, and a middle initial that one of them leaves
/// out ("Anne M. Marsh", "Anne Marsh", "Marsh, Anne") — but not two different
/// initials ("Mark A. Robinson", "Mark C. Robinson").
fn same_name(a: &str, b: &str) -> bool {
    let parts = |s: &str| {
        let (mut initials, mut words): (Vec<String>, Vec<String>) = text::fold(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .partition(|w| w.len() == 1 && w.bytes().all(|b| b.is_ascii_alphabetic()));
        initials.sort();
        words.sort();
        (words, initials)
    };
    let ((words_a, initials_a), (words_b, initials_b)) = (parts(a), parts(b));
    words_a == words_b
        && (initials_a == initials_b
            || (!words_a.is_empty() && (initials_a.is_empty() || initials_b.is_empty())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_name() {
        assert!(same_name("Anne M. Marsh", "Anne Marsh"));
        assert!(same_name("Anne M. Marsh", "MARSH, Anne M"));
        assert!(same_name("Zoë Núñez", "Zoe Nunez"));
        assert!(same_name("王芳", "王芳"));
        assert!(!same_name("Mark A. Robinson", "Mark C. Robinson"));
        assert!(!same_name("Ana Díaz", "Ana Díaz López"));
        assert!(!same_name("Tomás Ferreira", "Paula Reyes"));
    }
}
