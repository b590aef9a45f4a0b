//! Recognising columns: a header matched whatever its spelling, among the
//! names other tools' exports give each field, and which column of the file
//! fills which field of a person or a training record.

use super::cells::cell;
use super::file::{file_error, CsvFile};
use super::report::shown;
use super::{ColumnMatch, SHOWN_CHARS};
use crate::error::Result;
use crate::text;

/// A header as compared: accents and case removed, letters and digits only,
/// `#` read as "number" ("Employee #" = "employeenumber").
pub(super) fn header_key(header: &str) -> String {
    text::fold(&header.replace('#', " number"))
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Header keys (see [`header_key`]) both imports read a person from, most
/// specific first. "Employee" alone is not a name: exports use it for ids.
const NAME_KEYS: &[&str] = &[
    "name",
    "fullname",
    "employeename",
    "staffname",
    "displayname",
];
const FIRST_KEYS: &[&str] = &["firstname", "givenname", "forename", "fname", "first"];
const MIDDLE_KEYS: &[&str] = &["middlename", "middlenames", "middleinitial", "mi", "middle"];
const LAST_KEYS: &[&str] = &["lastname", "surname", "familyname", "lname", "last"];
const EMAIL_KEYS: &[&str] = &["email", "emailaddress", "workemail", "mail"];
/// The spellings of an employee number seen in HR tools' and payroll exports
/// ("Empl No", "Emp #", "Employee ID", "Payroll number", "Badge ID", …).
const EMPLOYEE_NO_KEYS: &[&str] = &[
    "employeenumber",
    "employeeno",
    "employeeid",
    "employeenum",
    "employeecode",
    "emplno",
    "emplnumber",
    "emplid",
    "empno",
    "empnumber",
    "empnum",
    "empid",
    "empcode",
    "staffnumber",
    "staffno",
    "staffid",
    "staffcode",
    "personnelnumber",
    "personnelno",
    "payrollnumber",
    "payrollno",
    "payrollid",
    "badgenumber",
    "badgeno",
    "badgeid",
    "number",
];
/// The spellings of a hire date: "Hire date", "DOH", "Date of joining",
/// "Start date", "Joined", …
const HIRE_DATE_KEYS: &[&str] = &[
    "hiredate",
    "dateofhire",
    "datehired",
    "hiredon",
    "hired",
    "doh",
    "startdate",
    "startedon",
    "started",
    "employmentstartdate",
    "dateofemployment",
    "employmentdate",
    "joineddate",
    "joindate",
    "datejoined",
    "joinedon",
    "joined",
    "dateofjoining",
    "joiningdate",
    "originalhiredate",
    "servicestartdate",
];

/// Which column holds each part of a person (`None`: the file has none).
#[derive(Default)]
pub(super) struct StaffColumns {
    pub(super) name: Option<usize>,
    pub(super) first: Option<usize>,
    pub(super) middle: Option<usize>,
    pub(super) last: Option<usize>,
    pub(super) employee_no: Option<usize>,
    pub(super) email: Option<usize>,
    pub(super) phone: Option<usize>,
    pub(super) department: Option<usize>,
    pub(super) role: Option<usize>,
    pub(super) manager: Option<usize>,
    pub(super) hire_date: Option<usize>,
    pub(super) status: Option<usize>,
    pub(super) end_date: Option<usize>,
}

impl StaffColumns {
    pub(super) fn find(file: &CsvFile) -> Result<StaffColumns> {
        let c = StaffColumns {
            name: file.column(NAME_KEYS),
            first: file.column(FIRST_KEYS),
            middle: file.column(MIDDLE_KEYS),
            last: file.column(LAST_KEYS),
            employee_no: file.column(EMPLOYEE_NO_KEYS),
            email: file.column(EMAIL_KEYS),
            phone: file.column(&[
                "phone",
                "phonenumber",
                "telephone",
                "mobile",
                "mobilephone",
                "cell",
                "workphone",
            ]),
            department: file.column(&["department", "dept", "team", "division"]),
            role: file.column(&[
                "jobrole",
                "role",
                "jobtitle",
                "title",
                "position",
                "designation",
                "job",
            ]),
            manager: file.column(&[
                "manager",
                "managername",
                "reportsto",
                "supervisor",
                "linemanager",
            ]),
            hire_date: file.column(HIRE_DATE_KEYS),
            status: file.column(&["status", "employmentstatus", "employeestatus"]),
            end_date: file.column(&[
                "enddate",
                "terminationdate",
                "leavingdate",
                "dateleft",
                "leftdate",
                "lastday",
            ]),
        };
        if c.name.is_none() && c.first.is_none() && c.last.is_none() {
            return Err(file_error(format!(
                "No column for the name: call it Name, or First name and Last name (the file has: {})",
                file.headers_shown()
            )));
        }
        Ok(c)
    }

    /// The person's name: the Name column, or first, middle and last joined. A
    /// middle initial is kept in the name, with its full stop ("Anne M. Marsh"):
    /// a person has one name here (see docs/decisions.md).
    pub(super) fn name(&self, row: &[String]) -> String {
        if self.name.is_some() && !cell(row, self.name).is_empty() {
            return cell(row, self.name).to_owned();
        }
        let middle = cell(row, self.middle);
        let middle = if middle.chars().count() == 1 && middle.chars().all(char::is_alphabetic) {
            format!("{middle}.")
        } else {
            middle.to_owned()
        };
        [cell(row, self.first), &middle, cell(row, self.last)]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The columns that hold one line each, with their labels: every staff
    /// column (a training file's notes may have several lines).
    pub(super) fn single_line(&self) -> [(Option<usize>, &'static str); 13] {
        [
            (self.name, "Name"),
            (self.first, "First name"),
            (self.middle, "Middle name"),
            (self.last, "Last name"),
            (self.employee_no, "Employee number"),
            (self.email, "Email"),
            (self.phone, "Phone"),
            (self.department, "Department"),
            (self.role, "Job role"),
            (self.manager, "Manager"),
            (self.hire_date, "Hire date"),
            (self.status, "Status"),
            (self.end_date, "End date"),
        ]
    }

    pub(super) fn report(&self, file: &CsvFile) -> Vec<ColumnMatch> {
        columns_report(file, &self.single_line())
    }
}

/// Which column holds who completed a course, the course, and the rest of
/// a training record.
pub(super) struct TrainingColumns {
    pub(super) person: StaffColumns,
    pub(super) course: Option<usize>,
    pub(super) completed_on: Option<usize>,
    pub(super) hours: Option<usize>,
    pub(super) provider: Option<usize>,
    pub(super) notes: Option<usize>,
}

impl TrainingColumns {
    pub(super) fn find(file: &CsvFile) -> Result<TrainingColumns> {
        // Who the record is for; the rest of a person is not read from it.
        let person = StaffColumns {
            name: file
                .column(NAME_KEYS)
                .or_else(|| file.column(&["person", "attendee", "learner"])),
            first: file.column(FIRST_KEYS),
            last: file.column(LAST_KEYS),
            employee_no: file.column(EMPLOYEE_NO_KEYS),
            email: file.column(EMAIL_KEYS),
            ..StaffColumns::default()
        };
        let course = file.column(&[
            "course",
            "coursename",
            "coursetitle",
            "training",
            "trainingname",
            "trainingtitle",
            "title",
            "module",
        ]);
        // The specific names first: an LMS export may also have a yes/no "Completed".
        let completed_on = file.column(&[
            "completedon",
            "completiondate",
            "datecompleted",
            "completeddate",
            "dateofcompletion",
            "date",
            "completed",
            "finished",
            "passed",
        ]);
        let c = TrainingColumns {
            person,
            course,
            completed_on,
            hours: file.column(&[
                "hours",
                "duration",
                "credithours",
                "cehours",
                "ceus",
                "time",
            ]),
            provider: file.column(&[
                "provider",
                "trainer",
                "vendor",
                "organisation",
                "organization",
                "issuer",
                "instructor",
            ]),
            notes: file.column(&["notes", "note", "comments", "comment", "remarks"]),
        };
        let mut missing = Vec::new();
        let p = &c.person;
        if p.employee_no.is_none() && p.email.is_none() && p.name.is_none() && p.first.is_none() {
            missing.push("who (Employee number, Email or Name)");
        }
        if c.course.is_none() {
            missing.push("the course (Course)");
        }
        if c.completed_on.is_none() {
            missing.push("the date (Completed on)");
        }
        if !missing.is_empty() {
            return Err(file_error(format!(
                "No column for {} (the file has: {})",
                missing.join(", "),
                file.headers_shown()
            )));
        }
        Ok(c)
    }

    /// The columns that hold one line each, with their labels: all but the
    /// notes, which may have several lines.
    pub(super) fn single_line(&self) -> [(Option<usize>, &'static str); 9] {
        let p = &self.person;
        [
            (p.employee_no, "Employee number"),
            (p.email, "Email"),
            (p.name, "Name"),
            (p.first, "First name"),
            (p.last, "Last name"),
            (self.course, "Course"),
            (self.completed_on, "Completed on"),
            (self.hours, "Hours"),
            (self.provider, "Provider"),
        ]
    }

    pub(super) fn report(&self, file: &CsvFile) -> Vec<ColumnMatch> {
        let mut used = self.single_line().to_vec();
        used.push((self.notes, "Notes"));
        columns_report(file, &used)
    }
}

/// Which column holds who holds a licence, its type, and the rest of it.
pub(super) struct LicenceColumns {
    pub(super) person: StaffColumns,
    pub(super) kind: Option<usize>,
    pub(super) number: Option<usize>,
    pub(super) issuing_body: Option<usize>,
    pub(super) issued_on: Option<usize>,
    pub(super) expires_on: Option<usize>,
    pub(super) notes: Option<usize>,
}

impl LicenceColumns {
    pub(super) fn find(file: &CsvFile) -> Result<LicenceColumns> {
        let person = StaffColumns {
            name: file
                .column(NAME_KEYS)
                .or_else(|| file.column(&["person", "holder", "licensee", "licencee"])),
            first: file.column(FIRST_KEYS),
            last: file.column(LAST_KEYS),
            employee_no: file.column(EMPLOYEE_NO_KEYS),
            email: file.column(EMAIL_KEYS),
            ..StaffColumns::default()
        };
        // Both spellings, and what credential trackers call them.
        let c = LicenceColumns {
            person,
            kind: file.column(&[
                "licencetype",
                "licensetype",
                "licence",
                "license",
                "certification",
                "certificationtype",
                "certificate",
                "credential",
                "credentialtype",
                "type",
            ]),
            number: file.column(&[
                "licencenumber",
                "licensenumber",
                "licenceno",
                "licenseno",
                "certificatenumber",
                "certificationnumber",
                "credentialnumber",
                "registrationnumber",
                "registrationno",
            ]),
            issuing_body: file.column(&[
                "issuingbody",
                "issuedby",
                "issuer",
                "issuingauthority",
                "authority",
                "board",
                "licensingbody",
            ]),
            issued_on: file.column(&[
                "issuedon",
                "issuedate",
                "dateissued",
                "issued",
                "dateofissue",
                "effectivedate",
            ]),
            expires_on: file.column(&[
                "expireson",
                "expirydate",
                "expirationdate",
                "expiry",
                "expiration",
                "expires",
                "validuntil",
                "validto",
                "renewaldate",
                "renewby",
            ]),
            notes: file.column(&["notes", "note", "comments", "comment", "remarks"]),
        };
        let mut missing = Vec::new();
        let p = &c.person;
        if p.employee_no.is_none() && p.email.is_none() && p.name.is_none() && p.first.is_none() {
            missing.push("who (Employee number, Email or Name)");
        }
        if c.kind.is_none() {
            missing.push("the kind of licence (Licence type)");
        }
        if !missing.is_empty() {
            return Err(file_error(format!(
                "No column for {} (the file has: {})",
                missing.join(", "),
                file.headers_shown()
            )));
        }
        Ok(c)
    }

    /// The columns that hold one line each, with their labels.
    pub(super) fn single_line(&self) -> [(Option<usize>, &'static str); 10] {
        let p = &self.person;
        [
            (p.employee_no, "Employee number"),
            (p.email, "Email"),
            (p.name, "Name"),
            (p.first, "First name"),
            (p.last, "Last name"),
            (self.kind, "Licence type"),
            (self.number, "Number"),
            (self.issuing_body, "Issuing body"),
            (self.issued_on, "Issued on"),
            (self.expires_on, "Expires on"),
        ]
    }

    pub(super) fn report(&self, file: &CsvFile) -> Vec<ColumnMatch> {
        let mut used = self.single_line().to_vec();
        used.push((self.notes, "Notes"));
        columns_report(file, &used)
    }
}

/// Which column holds each part of a service check.
pub(super) struct CheckColumns {
    /// Who was checked; no column, or an empty cell: the whole desk.
    pub(super) person: StaffColumns,
    pub(super) standard: Option<usize>,
    pub(super) checked_on: Option<usize>,
    pub(super) observed: Option<usize>,
    pub(super) met: Option<usize>,
    pub(super) note: Option<usize>,
}

impl CheckColumns {
    pub(super) fn find(file: &CsvFile) -> Result<CheckColumns> {
        let person = StaffColumns {
            name: file
                .column(NAME_KEYS)
                .or_else(|| file.column(&["person", "staff", "who", "answeredby", "employee"])),
            first: file.column(FIRST_KEYS),
            last: file.column(LAST_KEYS),
            employee_no: file.column(EMPLOYEE_NO_KEYS),
            email: file.column(EMAIL_KEYS),
            ..StaffColumns::default()
        };
        let c = CheckColumns {
            person,
            standard: file.column(&[
                "standard",
                "standardnumber",
                "standardid",
                "servicestandard",
                "target",
            ]),
            checked_on: file.column(&[
                "checkedon",
                "date",
                "day",
                "checkdate",
                "datechecked",
                "when",
            ]),
            observed: file.column(&[
                "observed",
                "value",
                "measured",
                "result",
                "rings",
                "minutes",
                "hours",
                "businesshours",
                "businessdays",
                "days",
            ]),
            met: file.column(&["met", "targetmet", "metthetarget", "pass", "passed", "ok"]),
            note: file.column(&["note", "notes", "comment", "comments", "remarks"]),
        };
        let mut missing = Vec::new();
        if c.standard.is_none() {
            missing.push("the standard (Standard)");
        }
        if c.checked_on.is_none() {
            missing.push("the date (Checked on)");
        }
        if c.observed.is_none() && c.met.is_none() {
            missing.push("what was found (Observed, or Met)");
        }
        if !missing.is_empty() {
            return Err(file_error(format!(
                "No column for {} (the file has: {})",
                missing.join(", "),
                file.headers_shown()
            )));
        }
        Ok(c)
    }

    /// The columns that hold one line each, with their labels.
    pub(super) fn single_line(&self) -> [(Option<usize>, &'static str); 10] {
        let p = &self.person;
        [
            (p.employee_no, "Employee number"),
            (p.email, "Email"),
            (p.name, "Name"),
            (p.first, "First name"),
            (p.last, "Last name"),
            (self.standard, "Standard"),
            (self.checked_on, "Checked on"),
            (self.observed, "Observed"),
            (self.met, "Met"),
            (self.note, "Note"),
        ]
    }

    pub(super) fn report(&self, file: &CsvFile) -> Vec<ColumnMatch> {
        columns_report(file, &self.single_line())
    }
}

/// Every column of the file, with the field it fills (found in `used`) or none.
fn columns_report(file: &CsvFile, used: &[(Option<usize>, &str)]) -> Vec<ColumnMatch> {
    file.headers
        .iter()
        .enumerate()
        .map(|(i, h)| ColumnMatch {
            header: shown(h, SHOWN_CHARS),
            field: used
                .iter()
                .find(|(c, _)| *c == Some(i))
                .map(|(_, label)| (*label).to_owned()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::file::parse;

    #[test]
    fn headers_match_whatever_their_spelling() {
        assert_eq!(header_key("First Name"), "firstname");
        assert_eq!(header_key("first_name"), "firstname");
        assert_eq!(header_key(" Hire-Date "), "hiredate");
        assert_eq!(header_key("Employee #"), "employeenumber");
        assert_eq!(header_key("Prénom"), "prenom");
    }

    /// The spellings HR tools and spreadsheets use for the keys of a person.
    #[test]
    fn employee_numbers_hire_dates_and_middle_names_in_their_spellings() {
        let taken = |header: &str| {
            let file = parse(&format!("Name,{header}\nAna,x\n")).unwrap();
            let c = StaffColumns::find(&file).unwrap();
            c.report(&file)[1].field.clone()
        };
        for header in [
            "Empl No",
            "Emp No",
            "Emp #",
            "Employee #",
            "Employee ID",
            "Employee No.",
            "Staff No",
            "Staff ID",
            "Payroll number",
            "Payroll No",
            "Personnel No",
            "Emplid",
            "Employee Code",
            "Badge ID",
        ] {
            assert_eq!(
                taken(header).as_deref(),
                Some("Employee number"),
                "{header}"
            );
        }
        for header in [
            "DOH",
            "Date of Hire",
            "Hire date",
            "Hired",
            "Start date",
            "Started",
            "Joined",
            "Date of Joining",
            "Joining Date",
            "Date joined",
            "Employment start date",
        ] {
            assert_eq!(taken(header).as_deref(), Some("Hire date"), "{header}");
        }
        for header in ["MI", "M.I.", "Middle Initial", "Middle Name", "middle_name"] {
            assert_eq!(taken(header).as_deref(), Some("Middle name"), "{header}");
        }
    }

    #[test]
    fn a_middle_initial_stays_in_the_name() {
        let file = parse("First,MI,Last\nAnne,M,Marsh\nWei,J.,Zhang\nLiv,Kari,Halvorsen\nBo,,Li\n")
            .unwrap();
        let c = StaffColumns::find(&file).unwrap();
        let names: Vec<String> = file.rows.iter().map(|r| c.name(&r.fields)).collect();
        assert_eq!(
            names,
            [
                "Anne M. Marsh",
                "Wei J. Zhang",
                "Liv Kari Halvorsen",
                "Bo Li"
            ]
        );
    }
}
