//! `todo`: the practice's to-do list.

use standard_practice::todo::TodoItem;
use standard_practice::{text, Error};

use super::printable;

/// One line per item, overdue first; or the items as a JSON array.
pub fn print_todo(items: &[TodoItem], json: bool) -> Result<(), Error> {
    if json {
        let out = serde_json::to_string(items).map_err(|e| Error::Io(std::io::Error::other(e)))?;
        println!("{out}");
        return Ok(());
    }
    for i in items {
        let when = match (i.due_on, i.overdue) {
            (Some(on), true) => format!("{on}  OVERDUE"),
            (Some(on), false) => format!("{on}"),
            (None, true) => "OVERDUE".to_owned(),
            (None, false) => String::new(),
        };
        let who = i
            .who
            .as_ref()
            .map_or(String::new(), |w| printable(&w.name).into_owned());
        println!(
            "{} {} {}",
            text::pad(&when, 19),
            text::pad(&who, 28),
            printable(&i.what)
        );
    }
    let overdue = items.iter().filter(|i| i.overdue).count();
    println!(
        "{}, {overdue} overdue",
        text::count(items.len(), "thing to do", "things to do")
    );
    Ok(())
}
