//! Licences and certifications, and continuing education. What kinds the
//! practice keeps and the education each asks for (`types`), each person's
//! licences with their scans (`records`), and **the** rule of where a person
//! stands with each (`status`: current / due soon / expired / missing, and
//! their hours in the cycle). A job role requires licence types as it
//! requires courses (`roles`).

mod records;
mod status;
mod types;

pub use records::{
    check, delete, for_person, get, list_all, record, scan, unchecked, update, Licence,
    LicenceInput,
};
pub(crate) use records::{insert, of_person};
pub(crate) use status::licence_statuses;
pub use status::{
    ce_cycle, hours, licence_state, statuses, CeProgress, LicenceState, LicenceStatus,
};
pub(crate) use types::ensure_type;
pub use types::{
    create_type, delete_type, list_types, update_type, CeRule, LicenceType, LicenceTypeInput,
    MAX_CYCLE_MONTHS,
};
