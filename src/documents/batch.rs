//! The annual batch: every review of a year, and blank forms for those who
//! have none yet, into one PDF or a folder of one PDF each, written person
//! by person so that its memory does not grow with the practice.

use super::*;

/// What the annual batch prints for one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchEntry {
    Finalized,
    Draft,
    Blank,
}

/// Who the annual batch prints, by name, with their evaluation and what it gets.
pub type BatchPlan = Vec<(StaffRef, Option<EvaluationId>, BatchEntry)>;

/// Who the annual batch for `year` prints, in name order: everyone with an
/// annual evaluation of that year, whatever their status today (a review of
/// someone now on leave or gone is still their review of that year), and —
/// for the year in progress or the next, as of `today` — a blank form for each
/// active person who has none yet. A past year prints only the reviews it
/// kept. Only ids, names and statuses: everything else is read when each
/// person's form is drawn.
pub fn annual_plan(
    conn: &dyn Readable,
    actor: &Actor,
    year: i32,
    today: NaiveDate,
) -> Result<BatchPlan> {
    let conn = crate::storage::sql(conn);
    actor.require(Permission::Evaluate)?;
    let blanks = year >= chrono::Datelike::year(&today);
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.name, e.id, e.status FROM evaluations e
           JOIN staff s ON s.id = e.staff_id
          WHERE e.year = ?1 AND e.kind = 'annual'
         UNION ALL
         SELECT s.id, s.name, NULL, NULL FROM staff s
          WHERE ?2 AND s.status = 'active'
            AND NOT EXISTS (SELECT 1 FROM evaluations e
                             WHERE e.staff_id = s.id AND e.year = ?1 AND e.kind = 'annual')",
    )?;
    let mut rows = stmt
        .query_map(rusqlite::params![year, blanks], |r| {
            Ok((
                StaffRef::from_columns(r, 0)?,
                r.get::<_, Option<EvaluationId>>(2)?,
                r.get::<_, Option<evaluations::EvaluationStatus>>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // Never the actor's own draft (see `evaluations::get`).
    rows.retain(|(who, _, status)| {
        !status.is_some_and(|s| evaluations::own_draft(actor, who.id, s))
    });
    // The staff list's order (`staff::list_all`): folded name, then id.
    rows.sort_by_cached_key(|(who, _, _)| (text::fold(&who.name), who.id));
    Ok(rows
        .into_iter()
        .map(|(who, id, status)| match (id, status) {
            (Some(id), Some(evaluations::EvaluationStatus::Draft)) => {
                (who, Some(id), BatchEntry::Draft)
            }
            (Some(id), _) => (who, Some(id), BatchEntry::Finalized),
            (None, _) => (who, None, BatchEntry::Blank),
        })
        .collect())
}

fn batch_part(
    conn: &Connection,
    ctx: &Context,
    w: &mut Writer,
    year: i32,
    who: &StaffRef,
    eval: Option<EvaluationId>,
    template: &mut Option<Template>,
) -> Result<()> {
    match eval {
        Some(id) => draw_evaluation(conn, ctx, w, &evaluations::load(conn, id)?)?,
        None => {
            if template.is_none() {
                *template = Some(default_template(conn, None)?);
            }
            let person = staff::load(conn, who.id)?;
            let evidence = so_far(conn, ctx, who.id, year)?;
            if let Some(t) = template.as_ref() {
                review::blank(
                    w,
                    &t.name,
                    &t.sections,
                    &BlankFor {
                        person: Some(&person),
                        role: person.role_name.as_deref(),
                        period: Some(ctx.year_period(year)),
                        reviewer: None,
                        evidence: evidence.as_ref(),
                    },
                    &ctx.settings.rating_labels,
                    "",
                );
            }
        }
    }
    Ok(())
}

fn batch_start(
    conn: &Connection,
    actor: &Actor,
    year: i32,
    opts: PrintOptions,
) -> Result<(Context, BatchPlan)> {
    may_print_reviews(actor)?;
    let ctx = Context::new(conn, opts)?;
    // Next year's forms may be printed ahead; a year further on, or before
    // anyone kept records, is a typing mistake, not a year of blank forms.
    let latest = chrono::Datelike::year(&ctx.today) + 1;
    if !(1900..=latest).contains(&year) {
        return Err(Error::invalid(
            "year",
            format!("{year} is not a year to print reviews for: give a year from 1900 to {latest}"),
        ));
    }
    let plan = annual_plan(conn, actor, year, ctx.today)?;
    if plan.is_empty() {
        return Err(Error::invalid(
            "year",
            if year < chrono::Datelike::year(&ctx.today) {
                format!("There are no annual reviews of {year} to print")
            } else {
                "There is nobody active to print for".to_string()
            },
        ));
    }
    Ok((ctx, plan))
}

/// Called after each person with (done, total); returning false cancels.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize) -> bool;

/// Where the annual batch goes: one file, or one file per person in a folder.
#[derive(Debug, Clone, Copy)]
pub enum BatchTo<'a> {
    File(&'a Destination),
    Folder(&'a Folder),
}

/// Prints the annual batch to `to`: each person's pages are written before
/// the next person is read, and the files are put in place only when the
/// whole batch is done (a folder's all together). A failure or a cancel
/// leaves nothing, not even a temporary file. Answers the files written and
/// what could not be drawn.
pub fn annual_to(
    conn: &dyn Readable,
    actor: &Actor,
    year: i32,
    opts: PrintOptions,
    to: BatchTo<'_>,
    progress: Progress<'_>,
) -> Result<(Vec<PathBuf>, Warnings)> {
    let conn = crate::storage::sql(conn);
    match to {
        BatchTo::File(dest) => {
            let (staged, _, warnings) = into_file(dest, |out| {
                annual_into(conn, actor, year, opts, out, &mut *progress)
            })?;
            Ok((output::place_all(vec![staged])?, warnings))
        }
        BatchTo::Folder(folder) => annual_folder(conn, actor, year, opts, folder, progress),
    }
}

/// The whole year as one PDF written into `out` person by person: each
/// active person on fresh pages, "page n of m" counted per person, a
/// bookmark each. `progress` is called once a person's pages are written.
pub fn annual_into(
    conn: &dyn Readable,
    actor: &Actor,
    year: i32,
    opts: PrintOptions,
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> Result<Warnings> {
    let conn = crate::storage::sql(conn);
    let (ctx, plan) = batch_start(conn, actor, year, opts)?;
    let mut w = ctx.writer(out, true)?;
    let mut template = None;
    for (i, (who, eval, _)) in plan.iter().enumerate() {
        batch_part(conn, &ctx, &mut w, year, who, *eval, &mut template)?;
        w.end_group()?;
        if !progress(i + 1, plan.len()) {
            return Err(Error::Cancelled);
        }
    }
    w.finish(&format!("Annual reviews {year}"), ctx.timestamp)
}

/// The whole year as one PDF's bytes.
pub fn annual_pdf(
    conn: &dyn Readable,
    actor: &Actor,
    year: i32,
    opts: PrintOptions,
    progress: Progress<'_>,
) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    annual_into(conn, actor, year, opts, &mut bytes, progress)?;
    Ok(bytes)
}

/// One file per person, each complete under a temporary name before the
/// next person is read; all renamed into place at the end.
fn annual_folder(
    conn: &Connection,
    actor: &Actor,
    year: i32,
    opts: PrintOptions,
    folder: &Folder,
    progress: Progress<'_>,
) -> Result<(Vec<PathBuf>, Warnings)> {
    let (ctx, plan) = batch_start(conn, actor, year, opts)?;
    // A file in the way is refused before anything is drawn.
    for (who, _, _) in &plan {
        folder.file(&file_name(year, who), "PDF")?;
    }
    let mut template = None;
    let mut staged = Vec::with_capacity(plan.len());
    let mut warnings = Warnings::new();
    for (i, (who, eval, _)) in plan.iter().enumerate() {
        let dest = folder.file(&file_name(year, who), "PDF")?;
        let title = format!("Annual review {year} — {}", who.name);
        let (file, _, more) = into_file(&dest, |out| {
            ctx.print(out, &title, |w| {
                batch_part(conn, &ctx, w, year, who, *eval, &mut template)
            })
        })?;
        staged.push(file);
        // The practice's name is checked in every file: warned about once.
        for w in more {
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        if !progress(i + 1, plan.len()) {
            return Err(Error::Cancelled);
        }
    }
    Ok((output::place_all(staged)?, warnings))
}

/// "2026 annual review - 0012 Zoë Núñez.pdf": the id keeps namesakes apart;
/// characters no file system accepts become "-".
fn file_name(year: i32, who: &StaffRef) -> String {
    safe_file_name(&format!(
        "{year} annual review - {:04} {}.pdf",
        who.id.0,
        short_name(who.name.trim())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_unique_per_person() {
        let who = StaffRef {
            id: StaffId(12),
            name: "A/B: \"C\"".into(),
        };
        assert_eq!(
            file_name(2026, &who),
            "2026 annual review - 0012 A-B- -C-.pdf"
        );
    }
}
