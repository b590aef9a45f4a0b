//! The content-stream operators a page is drawn with: text set in its
//! faces (shaped runs as `TJ` arrays), rules and the draft watermark.

use super::*;

/// The group's mark (e.g. "DRAFT") across the middle of the page along its
/// diagonal, in light grey beneath the text (the decoration is drawn before
/// the page's body): unmissable, and far from any edge a printer crops.
pub(super) fn watermark_ops(
    ops: &mut Vec<u8>,
    glyphs: &mut GlyphUse,
    width: f32,
    height: f32,
    mark: &str,
) {
    let style = |size| Style {
        size,
        bold: true,
        muted: false,
    };
    let per_point = width_of(mark, style(1.0));
    if per_point <= 0.0 {
        return;
    }
    // Half the diagonal long, and no taller than a sixth of the page's width.
    let diagonal = width.hypot(height);
    let size = (diagonal * 0.5 / per_point).min(width / 6.0);
    let (sin, cos) = height.atan2(width).sin_cos();
    ops.extend_from_slice(b"q ");
    for v in [cos, sin, -sin, cos, width / 2.0, height / 2.0] {
        pdf::number(ops, v);
        ops.push(b' ');
    }
    ops.extend_from_slice(b"cm\n");
    // Centred on the page's centre: half its length back, its capitals'
    // middle (about 0.35 of the size above the baseline) on the diagonal.
    let length = per_point * size;
    glyph_ops(
        ops,
        glyphs,
        -length / 2.0,
        size * 0.65,
        mark,
        style(size),
        0.85,
    );
    ops.extend_from_slice(b"Q\n");
}

/// Text in runs of one face each, as glyph ids of the original faces; each
/// glyph is recorded (with its character) for the fonts written at the end.
pub(super) fn text_ops(
    ops: &mut Vec<u8>,
    glyphs: &mut GlyphUse,
    x: f32,
    top: f32,
    text: &str,
    style: Style,
) -> bool {
    let grey = if style.muted { 0.35 } else { 0.0 };
    glyph_ops(ops, glyphs, x, top, text, style, grey)
}

/// "{place}{what} “{text}” has U+E000, which no font here can print: it
/// shows as a box", the text cut to 60 characters.
pub(super) fn unprintable_message(place: &str, what: &str, text: &str, missing: &[char]) -> String {
    const LONGEST: usize = 60;
    let mut excerpt: String = text.chars().take(LONGEST).collect();
    if text.chars().count() > LONGEST {
        excerpt.push('…');
    }
    let codes: Vec<String> = missing
        .iter()
        .map(|c| format!("U+{:04X}", u32::from(*c)))
        .collect();
    let shows = if missing.len() == 1 {
        "it shows"
    } else {
        "each shows"
    };
    format!(
        "{place}{what} “{excerpt}” has {}, which no font here can print: {shows} as a box",
        codes.join(", ")
    )
}

/// `text_ops` in the grey `grey` (0 black, 1 white). Answers whether a
/// character had no glyph in any face (and was drawn as a box).
pub(super) fn glyph_ops(
    ops: &mut Vec<u8>,
    glyphs: &mut GlyphUse,
    x: f32,
    top: f32,
    text: &str,
    style: Style,
    grey: f32,
) -> bool {
    if text.is_empty() {
        return false;
    }
    let mut boxes = false;
    let baseline = top - style.size;
    let preferred = style.face();
    pdf::number(ops, grey);
    ops.extend_from_slice(b" g BT ");
    pdf::number(ops, x);
    ops.push(b' ');
    pdf::number(ops, baseline);
    ops.extend_from_slice(b" Td");
    let size = style.size;
    if shape::is_simple(text) {
        // One glyph a character at the face's own advance: no numbers between
        // them, one hex string a face.
        let mut current: Option<FaceId> = None;
        for c in text.chars() {
            let c = if c == NO_BREAK { ' ' } else { c };
            let (f, gid, _) = fonts::pick(preferred, c);
            boxes |= gid == 0;
            glyphs.add(f, gid, c);
            if current != Some(f) {
                if current.is_some() {
                    ops.extend_from_slice(b"> Tj");
                }
                ops.push(b' ');
                ops.extend_from_slice(pdf::font_name(f));
                ops.push(b' ');
                pdf::number(ops, size);
                ops.extend_from_slice(b" Tf <");
                current = Some(f);
            }
            pdf::hex_u16(ops, gid);
        }
        ops.extend_from_slice(b"> Tj ET\n");
        return boxes;
    }
    let mut current: Option<FaceId> = None;
    // Shaped: the text matrix is at the pen; each run is one `TJ` whose numbers move
    // every glyph from the font's own advance to the shaped one, and a mark
    // drawn off the pen (above or below its letter) gets its own rise.
    for run in shape::line(text, preferred) {
        if current != Some(run.face) {
            ops.push(b' ');
            ops.extend_from_slice(pdf::font_name(run.face));
            ops.push(b' ');
            pdf::number(ops, size);
            ops.extend_from_slice(b" Tf");
            current = Some(run.face);
        }
        if let Some(actual) = &run.actual {
            ops.extend_from_slice(b" /Span<</ActualText");
            pdf::text_string(ops, actual);
            ops.extend_from_slice(b">>BDC");
        }
        let face = fonts::face(run.face);
        let mut risen = false;
        // Glyphs with nothing between them share one hex string.
        let mut hex = false;
        ops.extend_from_slice(b" [");
        for g in &run.glyphs {
            boxes |= g.gid == 0;
            match &g.ligature {
                Some(text) => glyphs.add_ligature(run.face, g.gid, text),
                None => glyphs.add(run.face, g.gid, g.c),
            }
            let rise = g.dy != 0.0;
            if rise || risen {
                close_hex(ops, &mut hex);
                ops.extend_from_slice(b"] TJ ");
                pdf::number(ops, g.dy * size);
                ops.extend_from_slice(b" Ts [");
                risen = rise;
            }
            // TJ's numbers are thousandths of an em, subtracted from the pen.
            if g.dx != 0.0 {
                close_hex(ops, &mut hex);
                tj_number(ops, -g.dx * 1000.0);
            }
            if !hex {
                ops.push(b'<');
                hex = true;
            }
            pdf::hex_u16(ops, g.gid);
            let correction = face.width_1000(g.gid) as f32 - (g.advance - g.dx) * 1000.0;
            if correction.abs() >= 0.5 {
                close_hex(ops, &mut hex);
                tj_number(ops, correction);
            }
        }
        close_hex(ops, &mut hex);
        ops.extend_from_slice(b"] TJ");
        if risen {
            ops.extend_from_slice(b" 0 Ts");
        }
        if run.actual.is_some() {
            ops.extend_from_slice(b" EMC");
        }
    }
    ops.extend_from_slice(b" ET\n");
    boxes
}

/// Ends the hex string of glyph ids being written in a `TJ` array, if any.
fn close_hex(ops: &mut Vec<u8>, hex: &mut bool) {
    if *hex {
        ops.push(b'>');
        *hex = false;
    }
}

/// A number in a `TJ` array, apart from a number just before it.
fn tj_number(ops: &mut Vec<u8>, v: f32) {
    if ops.last().is_some_and(|b| b.is_ascii_digit() || *b == b'.') {
        ops.push(b' ');
    }
    pdf::number(ops, v);
}

pub(super) fn line_ops(
    ops: &mut Vec<u8>,
    x1: f32,
    y1: f32,
    x2: f32,
    y2: f32,
    thickness: f32,
    grey: f32,
) {
    pdf::number(ops, grey);
    ops.extend_from_slice(b" G ");
    pdf::number(ops, thickness);
    ops.extend_from_slice(b" w ");
    for (v, op) in [(x1, b" "), (y1, b"m"), (x2, b" "), (y2, b"l")] {
        pdf::number(ops, v);
        ops.push(b' ');
        if op != b" " {
            ops.extend_from_slice(op);
            ops.push(b' ');
        }
    }
    ops.extend_from_slice(b"S\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every glyph of a shaped word moves the pen exactly as shaping says:
    /// the widths the PDF gives its glyphs, less the `TJ` numbers between
    /// them, add up to the measured width (a mark moved off its pen and
    /// back leaves no trace, and no two numbers run together).
    #[test]
    fn a_shaped_word_advances_the_pen_by_its_measured_width() {
        for word in ["שָׁלוֹם", "नमस्ते", "شكراً", "Q\u{301}Q\u{323}\u{301}"]
        {
            let mut ops = Vec::new();
            let mut glyphs = GlyphUse::default();
            text_ops(&mut ops, &mut glyphs, 0.0, 100.0, word, BODY);
            let ops = String::from_utf8(ops).unwrap();
            // Tokens: `[`, `]`, `<hex>`, and whatever whitespace separates.
            let spaced = ops
                .replace('[', " [ ")
                .replace(']', " ] ")
                .replace('<', " <")
                .replace('>', "> ");
            let (mut face, mut inside, mut moved) = (FaceId::Regular, false, 0.0f32);
            for t in spaced.split_whitespace() {
                match t {
                    "[" => inside = true,
                    "]" => inside = false,
                    _ if t.starts_with("/F") => {
                        face = fonts::FACES[t[2..].parse::<usize>().unwrap()]
                    }
                    _ if inside && t.starts_with('<') => {
                        let hex = t.trim_matches(['<', '>']);
                        for i in (0..hex.len()).step_by(4) {
                            let gid = u16::from_str_radix(&hex[i..i + 4], 16).unwrap();
                            moved += fonts::face(face).width_1000(gid) as f32;
                        }
                    }
                    _ if inside => moved -= t.parse::<f32>().unwrap(),
                    _ => {}
                }
            }
            let expected = shape::width(word, BODY.face()) * 1000.0;
            assert!(
                (moved - expected).abs() < 2.0,
                "{word}: the pen moved {moved} thousandths, shaping says {expected}\n{ops}"
            );
        }
    }
}
