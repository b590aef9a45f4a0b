//! The demo's evaluation template: general sections written for a dental
//! office, then a section each for external and internal customer service
//! built from the practice's standards.

use chrono::NaiveDate;
use rusqlite::Transaction;

use crate::error::Result;
use crate::ids::{StandardId, TemplateId};
use crate::scoring::SectionKind;
use crate::templates::{self, TemplateCriterion, TemplateInput, TemplateSection};

/// A general section of the demo template.
struct GeneralSection {
    title: &'static str,
    criteria: &'static [GeneralCriterion],
}

/// A criterion of a general section, with what each of its five levels means.
struct GeneralCriterion {
    title: &'static str,
    description: &'static str,
    levels: [&'static str; 5],
}

const GENERAL_SECTIONS: &[GeneralSection] = &[
    GeneralSection {
        title: "Job knowledge",
        criteria: &[
            GeneralCriterion {
                title: "Knows the procedures of the role",
                description: "Follows the practice's procedures for scheduling, records, infection control and billing as they apply to the role.",
                levels: [
                    "Often unsure of basic procedures; needs close supervision.",
                    "Knows the common procedures; needs help with the rest.",
                    "Knows and follows the procedures of the role.",
                    "Knows the procedures well and explains them to others.",
                    "The person colleagues ask; keeps procedures up to date.",
                ],
            },
            GeneralCriterion {
                title: "Uses the practice software well",
                description: "Scheduling, charting and billing software, used accurately and without workarounds.",
                levels: [
                    "Avoids the software or makes frequent entry errors.",
                    "Manages the basics with occasional errors.",
                    "Uses it accurately for everyday work.",
                    "Uses it efficiently, including less common features.",
                    "Finds better ways of working and teaches them.",
                ],
            },
        ],
    },
    GeneralSection {
        title: "Quality of work",
        criteria: &[
            GeneralCriterion {
                title: "Accuracy",
                description: "Records, charts, forms and claims are complete and correct the first time.",
                levels: [
                    "Frequent errors that others must correct.",
                    "Some errors; needs checking.",
                    "Accurate work, rare errors.",
                    "Consistently accurate, also under time pressure.",
                    "Exemplary accuracy; catches others' errors tactfully.",
                ],
            },
            GeneralCriterion {
                title: "Thoroughness",
                description: "Finishes what is started; nothing is left for the next shift to discover.",
                levels: [
                    "Leaves work unfinished.",
                    "Sometimes leaves loose ends.",
                    "Finishes work completely.",
                    "Finishes work and checks it.",
                    "Anticipates what else needs doing and does it.",
                ],
            },
        ],
    },
    GeneralSection {
        title: "Dependability",
        criteria: &[
            GeneralCriterion {
                title: "Attendance and punctuality",
                description: "Arrives on time, ready to work; plans leave ahead.",
                levels: [
                    "Frequently late or absent without notice.",
                    "Sometimes late; absences not always planned.",
                    "Reliable attendance and punctuality.",
                    "Always on time; covers for others when asked.",
                    "Completely reliable; steps in without being asked.",
                ],
            },
            GeneralCriterion {
                title: "Follows through",
                description: "Does what was agreed, by when it was agreed.",
                levels: [
                    "Commitments are often missed.",
                    "Needs reminders to follow through.",
                    "Does what was agreed.",
                    "Follows through and reports back.",
                    "Can be relied on for anything, completely.",
                ],
            },
        ],
    },
    GeneralSection {
        title: "Teamwork",
        criteria: &[
            GeneralCriterion {
                title: "Works with colleagues",
                description: "Shares information, helps when others are busy, and accepts help.",
                levels: [
                    "Works alone; creates friction.",
                    "Cooperates when asked.",
                    "A good team member.",
                    "Actively helps colleagues.",
                    "Makes the whole team work better.",
                ],
            },
            GeneralCriterion {
                title: "Handles feedback",
                description: "Listens to feedback, and gives it kindly and usefully.",
                levels: [
                    "Rejects feedback.",
                    "Accepts feedback reluctantly.",
                    "Accepts feedback and acts on it.",
                    "Seeks feedback; gives useful feedback.",
                    "Models how to give and take feedback.",
                ],
            },
        ],
    },
];

/// Adds the template: the general sections, then the standards as criteria,
/// patients' (weighed 1.5) and colleagues'.
pub(super) fn insert(
    tx: &Transaction<'_>,
    today: NaiveDate,
    standard_ids: &[StandardId],
) -> Result<TemplateId> {
    let mut sections: Vec<TemplateSection> = GENERAL_SECTIONS
        .iter()
        .map(|section| TemplateSection {
            kind: SectionKind::General,
            title: section.title.to_owned(),
            criteria: section
                .criteria
                .iter()
                .map(|c| TemplateCriterion {
                    title: c.title.to_owned(),
                    description: c.description.to_owned(),
                    levels: c.levels.iter().map(|l| (*l).to_owned()).collect(),
                    weight: 2.0,
                    standard_id: None,
                    measured: false,
                })
                .collect(),
        })
        .collect();
    let mut external = Vec::new();
    let mut internal = Vec::new();
    for (i, id) in standard_ids.iter().enumerate() {
        let (kind, mut c) = templates::criterion_for(tx, *id, today)?;
        // The phone and the email standards are checked every week (the
        // demo's service checks): their ratings are proposed from them.
        c.measured = i == 0 || i == 2;
        if kind == SectionKind::ExternalService {
            c.weight = 1.5;
            external.push(c);
        } else {
            internal.push(c);
        }
    }
    sections.push(TemplateSection {
        kind: SectionKind::ExternalService,
        title: "External customer service (patients)".to_owned(),
        criteria: external,
    });
    sections.push(TemplateSection {
        kind: SectionKind::InternalService,
        title: "Internal customer service (colleagues)".to_owned(),
        criteria: internal,
    });
    templates::insert(
        tx,
        &TemplateInput {
            name: "Annual review".to_owned(),
            description: "The practice's yearly review for every role: job knowledge, quality, dependability, teamwork, and customer service to patients and to colleagues, scored against our written standards.".to_owned(),
            sections,
        },
    )
}
