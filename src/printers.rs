//! Sending a rendered PDF to a printer, through the system's print spooler:
//! CUPS on Linux (and macOS), driven by its own commands, `lpstat` to list
//! the printers and `lp` to print. The document goes to `lp` on its standard
//! input, so nothing is written to disk on the way: these are confidential
//! reviews, and CUPS keeps its own spool.
//!
//! Windows has no `lp`: there the error says to use Open PDF and print from
//! the PDF viewer (a Windows spooler is not built yet).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;
use specta::Type;

use crate::{Error, Result};

/// The most copies one print asks for: a typo of 100 for 10 wastes a ream.
pub const MAX_COPIES: u32 = 20;

/// How long `lp` may take to hand the document to the spooler. CUPS answers
/// in well under a second; a spooler that does not answer at all must not
/// leave the window waiting for ever.
const SPOOLER_TIMEOUT: Duration = Duration::from_secs(60);

/// The printers the system knows, and which one it prints to by default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Printers {
    pub names: Vec<String>,
    pub default: Option<String>,
}

/// What the spooler said when it took a document: its job, as the system's
/// print queue shows it (`PDF-12`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Printed {
    pub printer: String,
    pub job: String,
}

/// The spooler's two commands. [`Spooler::system`] finds them on the `PATH`;
/// tests name stand-ins.
#[derive(Debug, Clone)]
pub struct Spooler {
    pub lp: PathBuf,
    pub lpstat: PathBuf,
}

impl Spooler {
    pub fn system() -> Spooler {
        Spooler {
            lp: "lp".into(),
            lpstat: "lpstat".into(),
        }
    }

    /// The printers CUPS knows (`lpstat -e`) and its default (`lpstat -d`).
    /// No CUPS at all is an error that says so; CUPS with no printer is an
    /// empty list.
    pub fn printers(&self) -> Result<Printers> {
        let names = self.lpstat(&["-e"])?;
        let names: Vec<String> = names
            .lines()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect();
        // "system default destination: NAME", or "no system default destination".
        let default = self
            .lpstat(&["-d"])
            .ok()
            .and_then(|out| {
                out.lines().find_map(|l| {
                    l.split_once("destination:")
                        .map(|(_, n)| n.trim().to_owned())
                })
            })
            .filter(|n| names.contains(n));
        Ok(Printers { names, default })
    }

    /// Sends `pdf` to `printer` (one of [`Spooler::printers`]; none means the
    /// system's default), `copies` times, titled `title` in the print queue.
    pub fn print(
        &self,
        pdf: &[u8],
        title: &str,
        printer: Option<&str>,
        copies: u32,
    ) -> Result<Printed> {
        if !(1..=MAX_COPIES).contains(&copies) {
            return Err(Error::invalid(
                "copies",
                format!("Copies must be a whole number from 1 to {MAX_COPIES}"),
            ));
        }
        let known = self.printers()?;
        let printer = match printer {
            Some(name) if known.names.iter().any(|n| n == name) => name.to_owned(),
            Some(name) => {
                return Err(Error::invalid(
                    "printer",
                    format!("There is no printer called \"{name}\" on this computer (any more); choose one from the list"),
                ))
            }
            None => known.default.clone().ok_or_else(|| {
                Error::invalid(
                    "printer",
                    if known.names.is_empty() {
                        NO_PRINTER.to_owned()
                    } else {
                        "This computer has no default printer: choose one from the list".to_owned()
                    },
                )
            })?,
        };
        let mut child = Command::new(&self.lp)
            .env("LC_ALL", "C")
            .arg("-d")
            .arg(&printer)
            .arg("-n")
            .arg(copies.to_string())
            .arg("-t")
            .arg(title)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| no_spooler(&self.lp, &e))?;
        // Written from a thread of its own, so that a spooler that stops
        // reading cannot hold this one past the time limit.
        let stdin = child.stdin.take();
        let out = std::thread::scope(|scope| {
            let writer = scope.spawn(move || stdin.map(|mut stdin| stdin.write_all(pdf)));
            let out = wait(child, SPOOLER_TIMEOUT);
            (out, writer.join())
        });
        let (out, written) = (out.0?, out.1);
        if !out.status.success() {
            return Err(spooler_said(&printer, &out.stderr));
        }
        if let Ok(Some(Err(e))) = written {
            return Err(Error::Printer(format!(
                "The document could not be handed to the printer {printer} ({e}); nothing was printed"
            )));
        }
        // "request id is PDF-12 (1 file(s))"
        let stdout = String::from_utf8_lossy(&out.stdout);
        let job = stdout
            .split_once("request id is ")
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .unwrap_or("")
            .to_owned();
        Ok(Printed { printer, job })
    }

    fn lpstat(&self, args: &[&str]) -> Result<String> {
        let out = Command::new(&self.lpstat)
            .env("LC_ALL", "C")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| no_spooler(&self.lpstat, &e))?;
        // `lpstat -e` with no printer at all exits 1 and says so on stderr.
        if !out.status.success() && out.stdout.is_empty() {
            let said = String::from_utf8_lossy(&out.stderr);
            if said.contains("No destinations") || said.trim().is_empty() {
                return Ok(String::new());
            }
            return Err(Error::Printer(format!(
                "The printing system did not answer ({}); use Save PDF… or Open PDF instead",
                said.trim()
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

const NO_PRINTER: &str =
    "No printer is set up on this computer: add one in the system's printer settings, or use Save PDF… or Open PDF";

fn no_spooler(program: &std::path::Path, e: &std::io::Error) -> Error {
    if cfg!(windows) {
        Error::Printer(
            "Printing straight to a printer is not available on Windows yet: use Open PDF, and print from the PDF viewer".to_owned(),
        )
    } else if e.kind() == std::io::ErrorKind::NotFound {
        Error::Printer(
            "This computer has no printing system (CUPS) to print with: use Save PDF… or Open PDF and print from there".to_owned(),
        )
    } else {
        Error::Printer(format!(
            "The printing system could not be started ({}: {e}); use Save PDF… or Open PDF instead",
            program.display()
        ))
    }
}

fn spooler_said(printer: &str, stderr: &[u8]) -> Error {
    let said = String::from_utf8_lossy(stderr);
    let said = said.lines().next().unwrap_or("").trim();
    let said = said.strip_prefix("lp: ").unwrap_or(said);
    Error::Printer(format!(
        "The printer {printer} refused the document ({}); nothing was printed",
        if said.is_empty() {
            "no reason given"
        } else {
            said
        }
    ))
}

/// Waits for `child` to finish, for at most `limit`; a spooler that hangs is
/// killed and named.
fn wait(mut child: std::process::Child, limit: Duration) -> Result<std::process::Output> {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return Ok(child.wait_with_output()?),
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::Printer(format!(
                    "The printing system did not answer within {} seconds; the document may not have been printed",
                    limit.as_secs()
                )));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// Stand-ins for `lp` and `lpstat` in a temporary folder: `lpstat` lists
    /// `printers`, `lp` keeps its arguments and what it read.
    fn spooler(
        dir: &std::path::Path,
        printers: &[&str],
        default: Option<&str>,
        lp: &str,
    ) -> Spooler {
        let script = |name: &str, body: &str| {
            let path = dir.join(name);
            std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            path
        };
        let list = printers.join("\\n");
        let default = match default {
            Some(d) => format!("echo 'system default destination: {d}'"),
            None => "echo 'no system default destination'".to_owned(),
        };
        let lpstat = script(
            "lpstat",
            &format!(
                "case \"$1\" in -e) [ -n '{list}' ] || {{ echo 'lpstat: No destinations added.' >&2; exit 1; }}; printf '{list}\\n';; -d) {default};; esac"
            ),
        );
        let dir_s = dir.display();
        let lp = script("lp", &lp.replace("$DIR", &dir_s.to_string()));
        Spooler { lp, lpstat }
    }

    const RECORDING_LP: &str =
        "printf '%s\\n' \"$@\" > $DIR/args; cat > $DIR/doc; echo 'request id is Office-7 (1 file(s))'";

    /// Two printers, "Office" the default, and an `lp` that keeps its job.
    fn office(dir: &std::path::Path) -> Spooler {
        spooler(dir, &["Office", "Front desk"], Some("Office"), RECORDING_LP)
    }

    #[test]
    fn the_printers_and_the_default_are_listed() {
        let dir = tempfile::tempdir().unwrap();
        let s = office(dir.path());
        let found = s.printers().unwrap();
        assert_eq!(found.names, vec!["Office", "Front desk"]);
        assert_eq!(found.default.as_deref(), Some("Office"));
    }

    #[test]
    fn the_document_reaches_lp_on_its_input_with_printer_copies_and_title() {
        let dir = tempfile::tempdir().unwrap();
        let s = office(dir.path());
        let done = s
            .print(b"%PDF-1.7 review", "Review - Zoë", Some("Front desk"), 2)
            .unwrap();
        assert_eq!(done.job, "Office-7");
        assert_eq!(done.printer, "Front desk");
        let args = std::fs::read_to_string(dir.path().join("args")).unwrap();
        assert_eq!(args, "-d\nFront desk\n-n\n2\n-t\nReview - Zoë\n");
        assert_eq!(
            std::fs::read(dir.path().join("doc")).unwrap(),
            b"%PDF-1.7 review"
        );
        // None is the system's default.
        s.print(b"x", "t", None, 1).unwrap();
        let args = std::fs::read_to_string(dir.path().join("args")).unwrap();
        assert!(args.starts_with("-d\nOffice\n"), "{args}");
    }

    #[test]
    fn an_unknown_printer_bad_copies_or_no_printer_name_the_field_and_print_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let s = spooler(dir.path(), &["Office"], None, RECORDING_LP);
        for (printer, copies, field) in [
            (Some("-oraw"), 1, "printer"),
            (Some("Elsewhere"), 1, "printer"),
            (None, 1, "printer"),
            (Some("Office"), 0, "copies"),
            (Some("Office"), MAX_COPIES + 1, "copies"),
        ] {
            let e = s.print(b"x", "t", printer, copies).unwrap_err();
            assert_eq!(e.field(), Some(field), "{printer:?} {copies}: {e}");
        }
        assert!(!dir.path().join("args").exists(), "lp ran");

        let none = spooler(dir.path(), &[], None, RECORDING_LP);
        assert_eq!(none.printers().unwrap(), Printers::default());
        let e = none.print(b"x", "t", None, 1).unwrap_err();
        assert!(e.to_string().contains("No printer is set up"), "{e}");
    }

    #[test]
    fn what_the_spooler_refuses_or_lacks_is_said() {
        let dir = tempfile::tempdir().unwrap();
        let s = spooler(
            dir.path(),
            &["Office"],
            Some("Office"),
            "cat >/dev/null; echo 'lp: The printer or class is not accepting jobs.' >&2; exit 1",
        );
        let e = s.print(b"x", "t", None, 1).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::Io);
        assert!(e.to_string().contains("is not accepting jobs"), "{e}");

        let missing = Spooler {
            lp: dir.path().join("no-lp"),
            lpstat: dir.path().join("no-lpstat"),
        };
        let e = missing.printers().unwrap_err();
        assert!(e.to_string().contains("no printing system"), "{e}");
    }

    #[test]
    fn a_spooler_that_never_answers_is_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let s = spooler(dir.path(), &["Office"], Some("Office"), "sleep 30");
        let child = Command::new(&s.lp)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let e = wait(child, Duration::from_millis(200)).unwrap_err();
        assert!(e.to_string().contains("did not answer"), "{e}");
    }
}
