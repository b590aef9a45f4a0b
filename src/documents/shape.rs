//! Setting a line of text: which face draws each character, where each glyph
//! goes, and what the reader of the PDF gets back when copying it.
//!
//! Most text — Latin, Greek, Cyrillic, Vietnamese's precomposed letters,
//! CJK, single emoji — is one glyph per character at the face's advance, read
//! straight from the cmap (the fast path, taken for every line that has only
//! such characters). Anything else is shaped by rustybuzz: Arabic letters
//! joined, Devanagari conjuncts and vowel signs reordered, combining marks
//! placed on their letters (up and down as well as across), emoji sequences
//! joined. Before shaping, the line is put in display order by the Unicode
//! bidirectional algorithm, so a Hebrew or Arabic name reads right to left
//! inside an English sentence.
//!
//! Lines are broken in the order the text was typed, and each line is then
//! set on its own (UAX #9's rule: reorder after breaking).

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use rustybuzz::{BufferClusterLevel, Direction, Script, ShapePlan, UnicodeBuffer};
use unicode_bidi::{bidi_class, BidiClass, Level, ParagraphBidiInfo};
use unicode_normalization::char::is_combining_mark;

use super::fonts::{self, FaceId};

/// One glyph as placed, in ems of the text's size.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    pub gid: u16,
    /// How far the next glyph starts.
    pub advance: f32,
    /// Where this one is drawn from the pen: right and up.
    pub dx: f32,
    pub dy: f32,
    /// The character the glyph was made from (the first of a ligature's),
    /// what the font's ToUnicode map answers for it.
    pub c: char,
    /// All of a ligature's characters, when the glyph stands for more than
    /// one.
    pub ligature: Option<Box<str>>,
}

/// Glyphs of one face, in display order (left to right).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub face: FaceId,
    pub glyphs: Vec<Glyph>,
    /// The text as typed when the glyphs alone would not give it back in
    /// order (right to left, reordered vowel signs, ligatures, emoji
    /// sequences): written as the run's `/ActualText`.
    pub actual: Option<String>,
}

/// The width of `text` in ems, set in `preferred` (regular or bold).
pub(crate) fn width(text: &str, preferred: FaceId) -> f32 {
    let mut sum = 0.0;
    for c in text.chars() {
        if !simple(c) {
            return shaped_width(text, preferred);
        }
        let (f, _, advance) = fonts::pick(preferred, c);
        sum += f32::from(advance) / fonts::face(f).units_per_em;
    }
    sum
}

fn shaped_width(text: &str, preferred: FaceId) -> f32 {
    line(text, preferred)
        .iter()
        .flat_map(|r| &r.glyphs)
        .map(|g| g.advance)
        .sum()
}

/// `text` (one line, no line breaks) set in `preferred`: its runs in display
/// order.
pub(crate) fn line(text: &str, preferred: FaceId) -> Vec<Run> {
    if is_simple(text) {
        return per_character(text, preferred, None);
    }
    let bidi = ParagraphBidiInfo::new(text, Some(direction(text)));
    let (levels, runs) = bidi.visual_runs(0..text.len());
    let mut out = Vec::new();
    for range in runs {
        let rtl = levels.get(range.start).is_some_and(|l| l.is_rtl());
        let piece = &text[range];
        let mut faces = itemize(piece, preferred);
        if rtl {
            faces.reverse();
        }
        for (face, r) in faces {
            out.push(shaped(&piece[r], face, rtl));
        }
    }
    out
}

/// A line's own direction: right to left when it has no left-to-right
/// letter at all (an Arabic name, an all-Hebrew comment: a trailing full
/// stop or emoji goes to the left end); left to right otherwise, so "Comment:
/// " followed by Arabic keeps its label at the left, and an English sentence
/// with a Hebrew name in it reads from the left. (The bidirectional
/// algorithm's default takes the first letter's direction, which suits a
/// page laid out for that script; these pages are laid out left to right.)
fn direction(text: &str) -> Level {
    let mut right = false;
    for c in text.chars() {
        match bidi_class(c) {
            BidiClass::L => return Level::ltr(),
            BidiClass::R | BidiClass::AL => right = true,
            _ => {}
        }
    }
    if right {
        Level::rtl()
    } else {
        Level::ltr()
    }
}

/// The characters of `text` that no face has, each once.
pub(crate) fn missing(text: &str, preferred: FaceId) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        if c.is_control() || ignorable(c) || out.contains(&c) {
            continue;
        }
        if fonts::pick(preferred, c).1 == 0 {
            out.push(c);
        }
    }
    out
}

/// Whether every character of `text` is one glyph, drawn left to right,
/// whatever surrounds it: the line needs no shaping.
pub(crate) fn is_simple(text: &str) -> bool {
    text.chars().all(simple)
}

/// A character that is one glyph, drawn left to right, whatever surrounds
/// it.
fn simple(c: char) -> bool {
    matches!(u32::from(c),
        0x0020..=0x02FF                 // Latin, Latin-1, Latin Extended, IPA
        | 0x0370..=0x0482               // Greek, Cyrillic
        | 0x048A..=0x052F               // the rest of Cyrillic, not its combining marks
        | 0x1E00..=0x1FFF               // Vietnamese and other precomposed Latin, Greek Extended
        | 0x2010..=0x2027               // dashes, quotes, bullets
        | 0x2030..=0x205E               // per mille, primes, other punctuation
        | 0x2070..=0x20CF               // super- and subscripts, currency signs
        | 0x2100..=0x2BFF               // letter-like symbols, arrows, shapes, dingbats
        | 0x3000..=0x3098 | 0x309B..=0x9FFF // CJK (not the two combining kana marks)
        | 0xAC00..=0xD7A3               // Hangul syllables
        | 0xF900..=0xFAFF | 0xFF01..=0xFFEF
        | 0x1F300..=0x1F3FA | 0x1F400..=0x1FAFF // emoji, not the skin-tone modifiers
        | 0x20000..=0x3FFFF)
        || c == super::layout::NO_BREAK
}

/// Characters drawn as nothing (joiners, variation selectors, direction
/// marks): never reported missing.
fn ignorable(c: char) -> bool {
    matches!(u32::from(c),
        0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF
        | 0xE0000..=0xE0FFF)
}

/// Whether `c` belongs to the character before it (a mark, joiner,
/// variation selector or skin tone): a line is never broken before it.
pub(crate) fn continues(c: char) -> bool {
    is_combining_mark(c) || ignorable(c) || (0x1F3FB..=0x1F3FF).contains(&u32::from(c))
}

/// Whether `c` joins the character after it to itself (a virama making a
/// conjunct, a zero-width joiner): a line is never broken after it.
pub(crate) fn joins_next(c: char) -> bool {
    matches!(c, '\u{094D}' | '\u{200D}')
}

/// One run per face, a glyph per character, at each face's own advance.
fn per_character(text: &str, preferred: FaceId, actual: Option<&str>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for c in text.chars() {
        let c = if c == super::layout::NO_BREAK { ' ' } else { c };
        let (face, gid, advance) = fonts::pick(preferred, c);
        let glyph = Glyph {
            gid,
            advance: f32::from(advance) / fonts::face(face).units_per_em,
            dx: 0.0,
            dy: 0.0,
            c,
            ligature: None,
        };
        match out.last_mut() {
            Some(run) if run.face == face => run.glyphs.push(glyph),
            _ => out.push(Run {
                face,
                glyphs: vec![glyph],
                actual: None,
            }),
        }
    }
    if let (Some(text), [run]) = (actual, out.as_mut_slice()) {
        run.actual = Some(text.to_owned());
    }
    out
}

/// `text` cut where the face drawing it changes (in typed order). A mark,
/// joiner or variation selector stays in its letter's face, so the shaper
/// sees them together.
fn itemize(text: &str, preferred: FaceId) -> Vec<(FaceId, Range<usize>)> {
    let mut out: Vec<(FaceId, Range<usize>)> = Vec::new();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let follows = continues(c);
        let face = match out.last() {
            Some((f, _)) if follows => *f,
            _ => fonts::pick(preferred, c).0,
        };
        match out.last_mut() {
            Some((f, r)) if *f == face => r.end = end,
            _ => out.push((face, i..end)),
        }
    }
    out
}

thread_local! {
    /// A shaping plan for each face, direction and script met on this thread:
    /// making one (reading the font's feature tables) costs more than shaping
    /// a line with it.
    static PLANS: RefCell<HashMap<(FaceId, bool, Script), Rc<ShapePlan>>> =
        RefCell::new(HashMap::new());
}

/// `text`, all in `face`, shaped; right to left when `rtl`.
fn shaped(text: &str, face: FaceId, rtl: bool) -> Run {
    let Some(shaper) = fonts::shaper(face) else {
        return per_character(text, face, Some(text)).pop().unwrap_or(Run {
            face,
            glyphs: Vec::new(),
            actual: None,
        });
    };
    let per_em = fonts::face(face).units_per_em;
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    // Each glyph keeps its own character (a reordered vowel sign or a mark
    // is not merged into its letter's), for the ToUnicode map.
    buffer.set_cluster_level(BufferClusterLevel::Characters);
    buffer.guess_segment_properties();
    let key = (face, rtl, buffer.script());
    let plan = PLANS.with_borrow_mut(|plans| {
        Rc::clone(plans.entry(key).or_insert_with(|| {
            Rc::new(ShapePlan::new(
                shaper,
                buffer.direction(),
                Some(buffer.script()),
                None,
                &[],
            ))
        }))
    });
    let shaped = rustybuzz::shape_with_plan(shaper, &plan, buffer);
    let infos = shaped.glyph_infos();
    // Each cluster's text ends where the next cluster (in typed order) starts.
    let mut starts: Vec<usize> = infos
        .iter()
        .filter_map(|i| usize::try_from(i.cluster).ok())
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let mut seen: Vec<usize> = Vec::new();
    let glyphs: Vec<Glyph> = infos
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(info, pos)| {
            let at = usize::try_from(info.cluster).unwrap_or(usize::MAX);
            let end = starts
                .iter()
                .find(|s| **s > at)
                .copied()
                .unwrap_or(text.len());
            let cluster: String = text
                .get(at..end)
                .unwrap_or("")
                .chars()
                .filter(|c| !ignorable(*c))
                .map(|c| if c == super::layout::NO_BREAK { ' ' } else { c })
                .collect();
            // The first glyph of a cluster carries its text; the others (a
            // letter drawn in two pieces) carry their first character. A
            // reader puts right-to-left text back in typed order character
            // by character, reversing what it finds on the page, so a
            // right-to-left ligature lists its characters as drawn: reversed.
            let first = !seen.contains(&at);
            seen.push(at);
            let cluster: String = if rtl {
                cluster.chars().rev().collect()
            } else {
                cluster
            };
            Glyph {
                gid: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: pos.x_advance as f32 / per_em,
                dx: pos.x_offset as f32 / per_em,
                dy: pos.y_offset as f32 / per_em,
                c: cluster.chars().next().unwrap_or(' '),
                ligature: (first && cluster.chars().nth(1).is_some()).then(|| cluster.into()),
            }
        })
        .collect();
    // What the glyphs alone give back (a reader puts right-to-left glyphs
    // back in typed order itself), against what was typed: when they differ,
    // the run carries the typed text.
    let read_back = glyph_text(&glyphs, rtl);
    let typed: String = text
        .chars()
        .filter(|c| !ignorable(*c))
        .map(|c| if c == super::layout::NO_BREAK { ' ' } else { c })
        .collect();
    let whole = typed.chars().count() == text.chars().count();
    let actual = (read_back != typed || !whole).then(|| text.replace(super::layout::NO_BREAK, " "));
    Run {
        face,
        glyphs,
        actual,
    }
}

/// What a reader gets back from `glyphs` by their `/ToUnicode` entries: in
/// display order, or — right to left — reversed into typed order, as
/// readers do.
fn glyph_text(glyphs: &[Glyph], rtl: bool) -> String {
    let drawn: String = glyphs
        .iter()
        .map(|g| {
            g.ligature
                .as_deref()
                .map_or_else(|| g.c.to_string(), str::to_owned)
        })
        .collect();
    if rtl {
        drawn.chars().rev().collect()
    } else {
        drawn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars_of(runs: &[Run]) -> String {
        runs.iter().flat_map(|r| &r.glyphs).map(|g| g.c).collect()
    }

    /// What a reader gets back from a run: its typed text when it carries
    /// one, else its glyphs' text, put back in typed order when right to left.
    fn read_back(run: &Run, rtl: bool) -> String {
        match &run.actual {
            Some(actual) => actual.clone(),
            None => glyph_text(&run.glyphs, rtl),
        }
    }

    #[test]
    fn latin_takes_the_fast_path_one_glyph_a_character() {
        let runs = line("Zoë Núñez 王芳", FaceId::Regular);
        assert_eq!(chars_of(&runs), "Zoë Núñez 王芳");
        assert!(runs.iter().all(|r| r.actual.is_none()));
        assert_eq!(runs.len(), 2, "DejaVu, then Droid Sans Fallback");
    }

    #[test]
    fn arabic_ligatures_read_back_as_typed() {
        // Lam and alef maksura are one glyph in Noto Sans Arabic.
        let runs = line("على", FaceId::Regular);
        assert_eq!(runs[0].glyphs.len(), 2);
        assert_eq!(read_back(&runs[0], true), "على");
    }

    #[test]
    fn arabic_is_joined_and_set_right_to_left_with_its_typed_text() {
        let name = "محمد";
        let runs = line(name, FaceId::Regular);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].face, FaceId::Arabic);
        assert_eq!(read_back(&runs[0], true), name);
        // Display order: the last letter typed is drawn first (leftmost).
        assert_eq!(runs[0].glyphs.first().map(|g| g.c), Some('د'));
        // Joined: the first letter is its initial form, not the isolated one.
        let isolated = fonts::face(FaceId::Arabic).glyph('م').map(|(g, _)| g);
        assert_ne!(runs[0].glyphs.last().map(|g| g.gid), isolated);
    }

    #[test]
    fn a_hebrew_name_inside_english_keeps_the_english_in_place() {
        let runs = line("Reviewer: דנה כהן (manager)", FaceId::Regular);
        let faces: Vec<FaceId> = runs.iter().map(|r| r.face).collect();
        assert_eq!(faces.first(), Some(&FaceId::Regular));
        assert!(faces.contains(&FaceId::Hebrew));
        let hebrew: Vec<&Run> = runs.iter().filter(|r| r.face == FaceId::Hebrew).collect();
        // Two words, right to left: the second word typed comes first.
        assert_eq!(read_back(hebrew[0], true), "כהן");
        assert_eq!(read_back(hebrew[1], true), "דנה");
    }

    #[test]
    fn devanagari_vowel_signs_are_reordered_but_read_back_as_typed() {
        // "ki": the vowel sign i is typed after its consonant, drawn before it.
        let runs = line("कि", FaceId::Bold);
        assert_eq!(runs[0].face, FaceId::DevanagariBold);
        assert_eq!(chars_of(&runs), "िक");
        assert_eq!(runs[0].actual.as_deref(), Some("कि"));
    }

    #[test]
    fn combining_marks_sit_on_their_letter() {
        // E and a combining acute become É, which the font has.
        let runs = line("E\u{301}", FaceId::Regular);
        assert_eq!(runs[0].glyphs.len(), 1);
        assert_eq!(read_back(&runs[0], false), "E\u{301}");
        // Q has no accented form: the accent is moved up over the capital.
        let runs = line("Q\u{301}", FaceId::Regular);
        let glyphs: Vec<&Glyph> = runs.iter().flat_map(|r| &r.glyphs).collect();
        assert_eq!(glyphs.len(), 2);
        assert_eq!(glyphs[1].advance, 0.0, "the mark takes no room");
        assert!(glyphs[1].dy > 0.0, "raised over the capital: {glyphs:?}");
    }

    #[test]
    fn emoji_have_their_face_and_sequences_read_back_whole() {
        let runs = line("👍 🦷 ⭐", FaceId::Regular);
        assert!(runs.iter().any(|r| r.face == FaceId::Emoji));
        assert!(runs.iter().flat_map(|r| &r.glyphs).all(|g| g.gid != 0));
        let runs = line("👍🏽", FaceId::Regular);
        assert_eq!(runs[0].face, FaceId::Emoji);
        assert_eq!(read_back(&runs[0], false), "👍🏽");
    }

    #[test]
    fn widths_agree_with_what_is_drawn() {
        for text in ["Zoë", "محمد علي", "नमस्ते", "שלום", "Ngô Bảo Châu 👍🏽"]
        {
            let drawn: f32 = line(text, FaceId::Regular)
                .iter()
                .flat_map(|r| &r.glyphs)
                .map(|g| g.advance)
                .sum();
            assert!(
                (width(text, FaceId::Regular) - drawn).abs() < 1e-4,
                "{text}"
            );
            assert!(drawn > 0.5, "{text}");
        }
    }

    #[test]
    fn characters_no_face_has_are_named() {
        assert_eq!(
            missing("Zoë 王芳 محمد 👍", FaceId::Regular),
            Vec::<char>::new()
        );
        // A private-use character and an unassigned one; joiners are not missing.
        assert_eq!(
            missing("a\u{E000}b\u{200D}\u{E000}\u{10FFFD}", FaceId::Regular),
            vec!['\u{E000}', '\u{10FFFD}']
        );
    }
}
