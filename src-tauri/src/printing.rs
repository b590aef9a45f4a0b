//! Printing from the window: render in the core, then send it to a printer
//! (the system's spooler, `standard_practice::printers`), save it where the
//! person chooses (a native save dialog, asked from Rust so the UI needs no
//! file access) or open it in the system's PDF viewer. The annual batch reports its
//! progress through a channel and can be cancelled; it streams into the
//! chosen file (or folder) as it goes.
//!
//! Every print reads from a snapshot of the database taken, briefly, under
//! the app's lock, and then renders on a blocking thread *without* that lock:
//! the window keeps saving while a long batch prints, and the batch sees the
//! database as it was when it started.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde::Serialize;
use specta::Type;
use standard_practice::access::{Actor, Permission};
use standard_practice::documents::{self, BatchTo, PrintOptions, PrintRequest, Printed};
use standard_practice::output::Guard;
use standard_practice::printers::{Printers, Spooler};
use standard_practice::storage::Snapshot;
use standard_practice::{Db, ErrorCode, ErrorPayload};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use crate::dialogs::{self, Ask};
use crate::error::CommandError;
use crate::state::AppState;

type Answer<T> = Result<T, CommandError>;

/// Where a document was written, and what it could not draw (a line for
/// each place where a character no font has prints as a box).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PrintOutcome {
    pub path: String,
    pub warnings: Vec<String>,
}

/// How far the annual batch has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BatchProgress {
    pub done: u32,
    pub total: u32,
}

/// Set by `print_cancel`; the running batch checks it after each person.
#[derive(Default)]
pub struct PrintJobs {
    cancel: Arc<AtomicBool>,
}

fn from_join(e: tauri::Error) -> CommandError {
    CommandError::from_join(e)
}

/// Runs `job` on a blocking thread over a snapshot of the database, as the
/// signed-in actor. Only taking the snapshot holds the app's connection; the
/// job itself does not, so saves in the window go on while it runs.
pub(crate) async fn from_snapshot<T, F>(state: &AppState, job: F) -> Answer<T>
where
    T: Send + 'static,
    F: FnOnce(&Snapshot, &Actor) -> standard_practice::Result<T> + Send + 'static,
{
    let (snapshot, me) = state
        .with_actor(|db: &mut Db, me| Ok((db.snapshot()?, me.clone())))
        .await?;
    tauri::async_runtime::spawn_blocking(move || job(&snapshot, &me))
        .await
        .map_err(from_join)?
        .map_err(CommandError::from)
}

/// Renders the document `request` names, as the signed-in person, from a
/// snapshot of the practice as it is now.
async fn render(state: &AppState, request: PrintRequest) -> Answer<Printed> {
    from_snapshot(state, move |snapshot, me| {
        documents::print(snapshot, me, &request, PrintOptions::now())
    })
    .await
}

/// Asks where to save `name` (a file, or a folder when `folder`).
async fn choose<R: Runtime>(
    app: &AppHandle<R>,
    name: String,
    folder: bool,
) -> Answer<Option<PathBuf>> {
    let ask = if folder {
        Ask::Folder {
            title: "Choose a folder for the reviews",
        }
    } else {
        Ask::Save {
            title: None,
            name,
            kind: dialogs::PDF,
        }
    };
    dialogs::ask(app, ask).await
}

/// Writes `bytes` to `path`, which the person chose in a save dialog that
/// already asked before replacing a file; the practice's own files are still
/// refused.
async fn write(guard: Guard, path: PathBuf, bytes: Vec<u8>) -> Answer<()> {
    tauri::async_runtime::spawn_blocking(move || guard.file(&path, "PDF", true)?.write(&bytes))
        .await
        .map_err(from_join)?
        .map_err(CommandError::from)
}

/// Renders a document and saves it where the person chooses. Answers the path
/// written and what could not be drawn, or nothing when they cancelled the
/// dialog.
#[tauri::command]
#[specta::specta]
pub async fn print_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: PrintRequest,
) -> Answer<Option<PrintOutcome>> {
    let Printed {
        name,
        bytes,
        warnings,
    } = render(&state, request).await?;
    let Some(path) = choose(&app, name, false).await? else {
        return Ok(None);
    };
    write(state.guard()?, path.clone(), bytes).await?;
    Ok(Some(PrintOutcome {
        path: path.display().to_string(),
        warnings,
    }))
}

/// The printers this computer prints to, and its default; an empty list when
/// it has none. Asked when the print dialog opens, so a printer added since
/// is there.
#[tauri::command]
#[specta::specta]
pub async fn printers_list(state: State<'_, AppState>) -> Answer<Printers> {
    state.with_actor(|_, _| Ok(())).await?;
    tauri::async_runtime::spawn_blocking(|| Spooler::system().printers())
        .await
        .map_err(from_join)?
        .map_err(CommandError::from)
}

/// Where a document was sent: the printer, its job in the print queue, and
/// what could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PrintSent {
    pub printer: String,
    pub job: String,
    pub warnings: Vec<String>,
}

/// Renders a document and sends it to `printer` (the default when none),
/// `copies` times. Nothing is written to disk on the way: the spooler reads
/// the PDF from a pipe.
#[tauri::command]
#[specta::specta]
pub async fn print_send(
    state: State<'_, AppState>,
    request: PrintRequest,
    printer: Option<String>,
    copies: u32,
) -> Answer<PrintSent> {
    let Printed {
        name,
        bytes,
        warnings,
    } = render(&state, request).await?;
    let sent = tauri::async_runtime::spawn_blocking(move || {
        Spooler::system().print(&bytes, &name, printer.as_deref(), copies)
    })
    .await
    .map_err(from_join)??;
    Ok(PrintSent {
        printer: sent.printer,
        job: sent.job,
        warnings,
    })
}

/// Saves the practice's recovery key, on one page, where the owner chooses:
/// through the save dialog only, never into the cache folder to be opened
/// (the page opens the practice and every backup). Answers the path written,
/// or nothing when the dialog was cancelled.
#[tauri::command]
#[specta::specta]
pub async fn recovery_key_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Answer<Option<String>> {
    state.require(Permission::ManagePractice).await?;
    let Some(path) = choose(&app, documents::RECOVERY_KEY_NAME.into(), false).await? else {
        return Ok(None);
    };
    let guard = state.guard()?;
    let shown = path.display().to_string();
    state
        .with_actor(move |db, me| {
            let dest = guard.file(&path, "PDF", true)?;
            documents::recovery_key_file(db, me, PrintOptions::now(), &dest)?;
            Ok(())
        })
        .await?;
    Ok(Some(shown))
}

/// Renders a document into the app's cache folder and opens it in the system's
/// PDF viewer, where it can be read and printed. Answers the file's path and
/// what could not be drawn.
#[tauri::command]
#[specta::specta]
pub async fn print_open<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: PrintRequest,
) -> Answer<PrintOutcome> {
    // Rendered first: whoever may not print it is refused for that, not
    // told about the viewer; and nothing is written where no viewer can show it.
    let Printed {
        name,
        bytes,
        warnings,
    } = render(&state, request).await?;
    if no_pdf_viewer() {
        return Err(CommandError(ErrorPayload {
            code: ErrorCode::Io,
            field: None,
            message: "No program to show PDFs is set up on this computer: use Save PDF… to keep the file instead"
                .to_owned(),
            also: Vec::new(),
        }));
    }
    // The app's own cache folder (per user), not the shared temporary folder:
    // these are confidential reviews.
    let dir = app
        .path()
        .app_cache_dir()
        .map_err(|e| CommandError::from(standard_practice::Error::Io(std::io::Error::other(e))))?
        .join("opened");
    standard_practice::storage::create_private_dir(&dir)?;
    let path = dir.join(documents::safe_file_name(&name));
    write(state.guard()?, path.clone(), bytes).await?;
    let shown = path.display().to_string();
    app.opener().open_path(shown.clone(), None::<&str>).map_err(|e| {
        CommandError(ErrorPayload {
            code: ErrorCode::Io,
            field: None,
            message: format!(
                "The PDF was made ({shown}) but no program to show it could be started ({e}); use Save as… instead"
            ),
            also: Vec::new(),
        })
    })?;
    Ok(PrintOutcome {
        path: shown,
        warnings,
    })
}

/// True when the desktop says no program opens PDFs. The opener hands the
/// file to `xdg-open` and does not wait to see it fail, so without asking
/// first "Open PDF" would do nothing at all. Where `xdg-mime` is missing the
/// opener is left to try (and its error is shown).
fn no_pdf_viewer() -> bool {
    if !cfg!(target_os = "linux") {
        return false;
    }
    std::process::Command::new("xdg-mime")
        .args(["query", "default", "application/pdf"])
        .output()
        .is_ok_and(|out| out.status.success() && out.stdout.trim_ascii().is_empty())
}

/// Prints the annual batch for `year` (`documents::annual_plan` says who) as
/// one PDF, or one file per person into a folder, reporting progress after
/// each person; `duplex` pads each person's part to an even page count for
/// double-sided printing. Answers where it was written and what could not be
/// drawn, or nothing when the person cancelled the dialog.
#[tauri::command]
#[specta::specta]
pub async fn print_annual<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    jobs: State<'_, PrintJobs>,
    year: i32,
    folder: bool,
    duplex: bool,
    on_progress: Channel<BatchProgress>,
) -> Answer<Option<PrintOutcome>> {
    let Some(target) = choose(&app, documents::annual_name(year), folder).await? else {
        return Ok(None);
    };
    let cancel = Arc::clone(&jobs.cancel);
    cancel.store(false, Ordering::SeqCst);
    let dest = target.clone();
    let guard = state.guard()?;
    let warnings = from_snapshot(&state, move |snapshot, me| {
        let conn = snapshot;
        let mut progress = |done: usize, total: usize| {
            let _ = on_progress.send(BatchProgress {
                done: done as u32,
                total: total as u32,
            });
            !cancel.load(Ordering::SeqCst)
        };
        let opts = PrintOptions {
            duplex,
            ..PrintOptions::now()
        };
        if folder {
            // The folder dialog does not ask about the files inside it.
            let folder = guard.folder(&dest, false)?;
            let (_, warnings) = documents::annual_to(
                conn,
                me,
                year,
                opts,
                BatchTo::Folder(&folder),
                &mut progress,
            )?;
            Ok(warnings)
        } else {
            let dest = guard.file(&dest, "PDF", true)?;
            let to = BatchTo::File(&dest);
            let (_, warnings) = documents::annual_to(conn, me, year, opts, to, &mut progress)?;
            Ok(warnings)
        }
    })
    .await?;
    Ok(Some(PrintOutcome {
        path: target.display().to_string(),
        warnings,
    }))
}

/// Stops the running annual batch after the person it is on; nothing is written.
#[tauri::command]
#[specta::specta]
pub async fn print_cancel(jobs: State<'_, PrintJobs>) -> Answer<()> {
    jobs.cancel.store(true, Ordering::SeqCst);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The old annual batch rendered inside `with_actor`, holding the app's
    /// connection for the whole batch: a save from the window waited for it.
    /// Now the job runs on a snapshot: the save goes through while the job is
    /// still running, and the job still sees the practice as it was.
    #[test]
    fn a_print_job_never_holds_up_a_save_and_sees_one_moment() {
        use standard_practice::practice;
        use std::sync::mpsc;
        use std::time::Duration;

        let dir = tempfile::tempdir().unwrap();
        let state = crate::state::tests::open(dir.path().join("p.sqlite3"));
        state.sign_in(Actor::system("Test"), 60);
        let set_name = |name: &'static str| {
            tauri::async_runtime::block_on(state.with_actor(move |db, me| {
                let mut settings = practice::settings(db, me)?;
                settings.name = name.to_owned();
                practice::update(db, me, &settings).map(drop)
            }))
        };
        set_name("Before").unwrap();

        let (started, wait_started) = mpsc::channel();
        let (saved, wait_saved) = mpsc::channel::<()>();
        std::thread::scope(|scope| {
            let job = scope.spawn(|| {
                tauri::async_runtime::block_on(from_snapshot(&state, move |snapshot, me| {
                    let first = practice::settings(snapshot, me)?.name;
                    let _ = started.send(());
                    // Fails (rather than hangs) if the save cannot happen while this runs.
                    let save_went_through =
                        wait_saved.recv_timeout(Duration::from_secs(30)).is_ok();
                    let again = practice::settings(snapshot, me)?.name;
                    Ok((first, save_went_through, again))
                }))
            });
            wait_started.recv().unwrap();
            set_name("After").unwrap();
            saved.send(()).unwrap();
            let (first, save_went_through, again) = job.join().unwrap().unwrap();
            assert!(save_went_through, "the save waited for the print job");
            assert_eq!((first.as_str(), again.as_str()), ("Before", "Before"));
        });
        let now = tauri::async_runtime::block_on(
            state.with_actor(|db, me| Ok(practice::settings(db, me)?.name)),
        )
        .unwrap();
        assert_eq!(now, "After");
    }

    #[test]
    fn suggested_names_are_safe_for_every_file_system() {
        assert_eq!(
            documents::safe_file_name("Annual review 2026 - A/B: \"C\""),
            "Annual review 2026 - A-B- -C-"
        );
        assert_eq!(documents::safe_file_name("王芳"), "王芳");
    }
}
