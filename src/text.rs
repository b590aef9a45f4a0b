//! Checking and normalising what people type: names, free text, dates, numbers.
//!
//! Every check returns an [`Error::Invalid`] naming the field (in the payload's
//! camelCase naming) and saying what is wrong in plain words, so the UI can put
//! the message right under the input.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

use crate::error::{Error, Result};

/// Trims `value` and requires 1..=`max` characters (not bytes: "王芳" is two).
pub fn required(field: &str, label: &str, value: &str, max: usize) -> Result<String> {
    let v = clean(value);
    if v.is_empty() {
        return Err(Error::invalid(field, format!("{label} is required")));
    }
    within(field, label, v, max)
}

/// A name: like [`required`], and on one line. A line break in a name is
/// nearly always a CSV file's unbalanced quote that took the rows after it
/// into one cell, so it is refused wherever a name is saved (the window's form,
/// an import).
pub fn name(field: &str, label: &str, value: &str, max: usize) -> Result<String> {
    if value
        .trim()
        .contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
    {
        return Err(Error::invalid(
            field,
            format!("{label} cannot contain a line break"),
        ));
    }
    required(field, label, value, max)
}

/// Trims `value` and allows 0..=`max` characters.
pub fn optional(field: &str, label: &str, value: &str, max: usize) -> Result<String> {
    within(field, label, clean(value), max)
}

/// The "Description" a course, a job role or a template may have: optional,
/// at most `max` characters.
pub fn description(value: &str, max: usize) -> Result<String> {
    optional("description", "Description", value, max)
}

/// Like [`optional`], but an empty value becomes `None`.
pub fn optional_some(
    field: &str,
    label: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>> {
    let v = optional(field, label, value.unwrap_or(""), max)?;
    Ok(if v.is_empty() { None } else { Some(v) })
}

fn within(field: &str, label: &str, v: String, max: usize) -> Result<String> {
    let n = v.chars().count();
    if n > max {
        return Err(Error::invalid(
            field,
            format!("{label} is too long: {n} characters, at most {max} allowed"),
        ));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Error::invalid(
            field,
            format!("{label} contains control characters"),
        ));
    }
    Ok(v)
}

/// NFC-normalised and trimmed, so the same name typed two ways is stored one way.
fn clean(value: &str) -> String {
    value.nfc().collect::<String>().trim().to_owned()
}

/// A date typed as `YYYY-MM-DD`; other shapes and impossible days are refused.
pub fn date(field: &str, label: &str, value: &str) -> Result<NaiveDate> {
    let v = value.trim();
    let shaped = v.len() == 10
        && v.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(Error::invalid(
            field,
            format!("{label} must be a date written like 2024-03-15"),
        ));
    }
    let d = NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| Error::invalid(field, format!("{label} {v} is not a real date")))?;
    if d.year_ce().1 < 1900 {
        return Err(Error::invalid(field, format!("{label} must be after 1900")));
    }
    Ok(d)
}

/// An optional date: empty means none.
pub fn optional_date(field: &str, label: &str, value: Option<&str>) -> Result<Option<NaiveDate>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => date(field, label, v).map(Some),
    }
}

/// A finite number in `min..=max`.
pub fn number(field: &str, label: &str, value: f64, min: f64, max: f64) -> Result<f64> {
    if !value.is_finite() || value < min || value > max {
        return Err(Error::invalid(
            field,
            format!("{label} must be between {min} and {max}"),
        ));
    }
    Ok(value)
}

/// `s` followed by spaces up to `columns` terminal columns (a CJK character
/// takes two, a combining mark none); longer text is left as it is. For the
/// CLI's tables, which `{:<n}` would pad by characters.
pub fn pad(s: &str, columns: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let used = s.width();
    format!("{s}{}", " ".repeat(columns.saturating_sub(used)))
}

/// A count with its noun in the right number: "1 record", "2 records",
/// "0 records".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The end (a byte index just past it) of the first sentence of `s` that ends
/// at or after byte `from`: a '.', '!' or '?' followed by white space or the
/// end of the text, so "2.5 mm" does not end a sentence. `None` when no
/// sentence ends there.
pub fn sentence_end(s: &str, from: usize) -> Option<usize> {
    let rest = s.get(from..)?;
    rest.char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?')
                && rest[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map(|(i, c)| from + i + c.len_utf8())
}

/// The key two names are compared by for uniqueness: NFC, lower case, single spaces.
pub fn unique_key(value: &str) -> String {
    clean(value)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The form a name is searched in: lower case, accents and case removed, so that
/// typing "zoe nunez" or "nguyen" finds "Zoë Núñez" and "Nguyễn Văn Anh".
pub fn fold(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.nfkd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'ø' | 'Ø' => out.push('o'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn pad_counts_terminal_columns() {
        use super::pad;
        assert_eq!(pad("Zoë Núñez", 12), "Zoë Núñez   ");
        assert_eq!(pad("佐藤 健", 9), "佐藤 健  ", "two columns a character");
        assert_eq!(
            pad("Zoe\u{301}", 5),
            "Zoe\u{301}  ",
            "a combining mark takes none"
        );
        assert_eq!(pad("longer than this", 4), "longer than this");
    }

    use super::*;

    #[test]
    fn counts_say_their_noun_in_the_right_number() {
        assert_eq!(count(1, "record", "records"), "1 record");
        assert_eq!(count(0, "record", "records"), "0 records");
        assert_eq!(count(2, "person", "people"), "2 people");
    }

    #[test]
    fn names_in_any_script_count_characters_not_bytes() {
        assert_eq!(required("name", "Name", "  王芳 ", 2).unwrap(), "王芳");
        assert!(required("name", "Name", "王芳王", 2).is_err());
        let long = "a".repeat(10_000);
        let err = required("name", "Name", &long, 200).unwrap_err();
        assert_eq!(err.field(), Some("name"));
        assert!(err.to_string().contains("10000 characters"));
        assert!(required("name", "Name", "   ", 200).is_err());
        assert!(required("name", "Name", "a\u{0}b", 200).is_err());
    }

    #[test]
    fn a_name_is_one_line() {
        assert_eq!(
            name("name", "Name", " Zoë Núñez ", 200).unwrap(),
            "Zoë Núñez"
        );
        assert_eq!(name("name", "Name", "Bo Li\r\n", 200).unwrap(), "Bo Li");
        for broken in ["Bo Li\nCy Park", "Bo\r\nLi", "Bo\u{2028}Li", "Bo\u{85}Li"] {
            let e = name("name", "Name", broken, 200).unwrap_err();
            assert_eq!(e.field(), Some("name"));
            assert!(e.to_string().contains("line break"), "{broken:?}: {e}");
        }
        // Free text keeps its lines.
        assert!(optional("notes", "Notes", "one\ntwo", 100).is_ok());
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(
            date("d", "Date", "2024-02-29").unwrap().to_string(),
            "2024-02-29"
        );
        for bad in ["2023-02-29", "2024-13-01", "2024-04-31"] {
            let e = date("d", "Date", bad).unwrap_err();
            assert!(e.to_string().contains("not a real date"), "{bad}: {e}");
        }
        for bad in [
            "",
            "15/03/2024",
            "2024-3-5",
            "yesterday",
            "2024-03-15T00:00",
        ] {
            let e = date("d", "Date", bad).unwrap_err();
            assert!(e.to_string().contains("written like"), "{bad}: {e}");
        }
        assert!(date("d", "Date", "1850-01-01").is_err());
    }

    #[test]
    fn numbers_refuse_nan_and_out_of_range() {
        assert!(number("h", "Hours", f64::NAN, 0.0, 10.0).is_err());
        assert!(number("h", "Hours", -1.0, 0.0, 10.0).is_err());
        assert!(number("h", "Hours", f64::INFINITY, 0.0, 10.0).is_err());
        assert_eq!(number("h", "Hours", 2.5, 0.0, 10.0).unwrap(), 2.5);
    }

    #[test]
    fn fold_finds_names_without_accents() {
        assert_eq!(fold("Zoë Núñez"), "zoe nunez");
        assert_eq!(fold("Nguyễn Văn Anh"), "nguyen van anh");
        assert_eq!(fold("Łukasz Żółć"), "lukasz zolc");
        assert_eq!(fold("王芳"), "王芳");
        assert_eq!(unique_key("  CPR   and First Aid "), "cpr and first aid");
    }
}

/// Names for a message: "Ana", "Ana and Sam", "Ana, Sam and Lee", or past
/// three "Ana, Sam, Lee and 4 others" — `total` counts every holder, `names`
/// the first few of them.
pub fn names_in_words(names: &[String], total: usize) -> String {
    let shown = &names[..names.len().min(3)];
    let rest = total.saturating_sub(shown.len());
    match (shown, rest) {
        ([], _) => String::new(),
        ([one], 0) => one.clone(),
        ([first @ .., last], 0) => format!("{} and {last}", first.join(", ")),
        (_, 1) => format!("{} and 1 other", shown.join(", ")),
        (_, n) => format!("{} and {n} others", shown.join(", ")),
    }
}

#[cfg(test)]
mod names_tests {
    use super::names_in_words;

    #[test]
    fn names_read_as_a_sentence() {
        let n = |v: &[&str], total| {
            names_in_words(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>(), total)
        };
        assert_eq!(n(&["Ana"], 1), "Ana");
        assert_eq!(n(&["Ana", "Sam"], 2), "Ana and Sam");
        assert_eq!(n(&["Ana", "Sam", "Lee"], 3), "Ana, Sam and Lee");
        assert_eq!(n(&["Ana", "Sam", "Lee"], 4), "Ana, Sam, Lee and 1 other");
        assert_eq!(n(&["Ana", "Sam", "Lee"], 9), "Ana, Sam, Lee and 6 others");
        assert_eq!(n(&[], 0), "");
    }
}
