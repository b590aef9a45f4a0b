//! Text flowing down the page: lines wrapped to the measured width,
//! paragraphs, list items, headings, labelled fields, rules, boxes and
//! signature lines, each moving the writer down as it draws.

use super::*;

impl Writer<'_> {
    pub fn width_of(&self, text: &str, style: Style) -> f32 {
        width_of(text, style)
    }

    /// Draws one line of text with its baseline `size` below `top`.
    pub fn text_at(&mut self, x: f32, top: f32, text: &str, style: Style) {
        if text.is_empty() {
            return;
        }
        let (ops, glyphs) = self.canvas();
        if text_ops(ops, glyphs, x, top, text, style) {
            self.unprintable_in(text, style);
        }
    }

    /// Notes the characters of `text` (just drawn) that no face has, with
    /// where they are: the part, the heading above, the line itself.
    fn unprintable_in(&mut self, text: &str, style: Style) {
        let missing = shape::missing(text, style.face());
        if missing.is_empty() || self.unprintable.len() >= MOST_WARNINGS {
            return;
        }
        let part = self.group.as_ref().map_or("", |g| g.title.as_str());
        let place = match (part.is_empty(), self.heading.is_empty()) {
            (true, true) => String::new(),
            (false, true) => format!("{part}: "),
            (true, false) => format!("Under “{}”: ", self.heading),
            (false, false) => format!("{part}, under “{}”: ", self.heading),
        };
        let what = if place.is_empty() {
            "The line"
        } else {
            "the line"
        };
        let message = unprintable_message(&place, what, text, &missing);
        if !self.unprintable.contains(&message) {
            self.unprintable.push(message);
        }
    }

    /// Breaks `text` into lines no wider than `width`: at spaces, between CJK
    /// characters, and inside a word only when the word alone is too wide.
    /// Line breaks in the text are kept; nothing is ever dropped.
    pub fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_w = 0.0;
            for token in tokens(paragraph) {
                let token_w = self.width_of(&token, style);
                let is_space = token.chars().all(char::is_whitespace);
                if line_w + token_w <= width || line.is_empty() && !is_space && token_w <= width {
                    if !(line.is_empty() && is_space) {
                        line.push_str(&token);
                        line_w += token_w;
                    }
                    continue;
                }
                if is_space {
                    lines.push(std::mem::take(&mut line).trim_end().to_owned());
                    line_w = 0.0;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line).trim_end().to_owned());
                    line_w = 0.0;
                }
                if token_w <= width {
                    line.push_str(&token);
                    line_w = token_w;
                    continue;
                }
                // A word wider than the line: cut it where it fills the line,
                // but never inside a letter: not before a mark, joiner or
                // variation selector, nor after a virama or joiner (a
                // Devanagari conjunct, an emoji sequence).
                let mut previous = None;
                for c in token.chars() {
                    let cw = self.width_of(c.encode_utf8(&mut [0; 4]), style);
                    let inside = shape::continues(c) || previous.is_some_and(shape::joins_next);
                    previous = Some(c);
                    if line_w + cw > width && !line.is_empty() && !inside {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += cw;
                }
            }
            lines.push(line.trim_end().to_owned());
        }
        lines
    }

    /// Wrapped text at `indent` from the left margin, flowing onto new pages.
    pub fn paragraph(&mut self, text: &str, style: Style, indent: f32) {
        let width = self.content_width() - indent;
        for line in self.wrap(text, style, width) {
            self.ensure(style.line_height());
            let top = self.y;
            self.text_at(self.left() + indent, top, &line, style);
            self.y -= style.line_height();
        }
    }

    /// `text` wrapped to the content width, each line centred.
    pub fn centred(&mut self, text: &str, style: Style) {
        for line in self.wrap(text, style, self.content_width()) {
            self.ensure(style.line_height());
            let x = self.left() + (self.content_width() - self.width_of(&line, style)) / 2.0;
            let top = self.y;
            self.text_at(x, top, &line, style);
            self.y -= style.line_height();
        }
    }

    /// Keeps the next `height` points together: a new page first unless they
    /// fit on this one — when they fit on a page at all (what is longer than
    /// a page flows on over pages as it must).
    pub fn keep(&mut self, height: f32) {
        if height <= self.content_height() {
            self.ensure(height);
        }
    }

    /// The height of [`Writer::item`]'s text.
    pub fn item_height(&self, marker: &str, text: &str, style: Style, indent: f32) -> f32 {
        let hang = self.width_of(&format!("{marker} "), style);
        self.wrap(text, style, self.content_width() - indent - hang)
            .len() as f32
            * style.line_height()
    }

    /// A list item with a hanging indent: `marker` ("•", "2.") at `indent`,
    /// the text wrapped beside it with every line starting under the first
    /// word; kept on one page when it fits on one.
    pub fn item(&mut self, marker: &str, text: &str, style: Style, indent: f32) {
        let hang = self.width_of(&format!("{marker} "), style);
        let lines = self.wrap(text, style, self.content_width() - indent - hang);
        self.keep(lines.len() as f32 * style.line_height());
        for (i, line) in lines.iter().enumerate() {
            self.ensure(style.line_height());
            let top = self.y;
            if i == 0 {
                self.text_at(self.left() + indent, top, marker, style);
            }
            self.text_at(self.left() + indent + hang, top, line, style);
            self.y -= style.line_height();
        }
    }

    /// A heading kept together with `keep` points of what follows it.
    pub fn heading(&mut self, text: &str, style: Style, keep: f32) {
        self.ensure(style.line_height() + keep + 4.0);
        if self.outline_headings {
            if let Some(g) = self.group.as_mut() {
                // The page being drawn is the next one the group keeps.
                let on = g.pages.len();
                g.sections.push((text.to_owned(), on));
            }
        }
        self.space(4.0);
        self.paragraph(text, style, 0.0);
        self.under(text);
        self.space(2.0);
    }

    /// Names what follows, in warnings about it, as a heading does (for a
    /// title drawn as a paragraph: a criterion's).
    pub fn under(&mut self, title: &str) {
        title.clone_into(&mut self.heading);
    }

    /// "Label: value" rows: the label in a column, the value wrapped beside it.
    pub fn field(&mut self, label: &str, value: &str, label_width: f32) {
        let width = self.content_width() - label_width;
        let lines = self.wrap(value, BODY, width);
        self.ensure(BODY.line_height() * lines.len().min(3) as f32);
        let top = self.y;
        self.text_at(self.left(), top, label, SMALL);
        for line in lines {
            self.ensure(BODY.line_height());
            let top = self.y;
            self.text_at(self.left() + label_width, top, &line, BODY);
            self.y -= BODY.line_height();
        }
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32, grey: f32) {
        let (ops, _) = self.canvas();
        line_ops(ops, x1, y1, x2, y2, thickness, grey);
    }

    /// An empty square to tick by hand, `size` wide, top-left at (x, top).
    pub fn check_box(&mut self, x: f32, top: f32, size: f32, filled: bool) {
        self.rect(x, top, size, size, filled);
    }

    /// A box to write in, `width` by `height`, top-left at (x, top).
    pub fn rect(&mut self, x: f32, top: f32, width: f32, height: f32, filled: bool) {
        let (ops, _) = self.canvas();
        ops.extend_from_slice(b"0 G 0.8 w 0.15 g ");
        for v in [x, top - height, width, height] {
            pdf::number(ops, v);
            ops.push(b' ');
        }
        ops.extend_from_slice(if filled { b"re B\n" } else { b"re S\n" });
    }

    /// A filled rectangle in `colour` (red, green, blue, 0 to 1), no outline:
    /// a chart's bar.
    pub fn fill(&mut self, x: f32, top: f32, width: f32, height: f32, colour: [f32; 3]) {
        if width <= 0.0 || height <= 0.0 {
            return;
        }
        let (ops, _) = self.canvas();
        for v in colour {
            pdf::number(ops, v);
            ops.push(b' ');
        }
        ops.extend_from_slice(b"rg ");
        for v in [x, top - height, width, height] {
            pdf::number(ops, v);
            ops.push(b' ');
        }
        ops.extend_from_slice(b"re f 0 g\n");
    }

    /// A line through `points` (page coordinates) in `colour`, with a small
    /// square on each: a chart's series.
    pub fn polyline(&mut self, points: &[(f32, f32)], thickness: f32, colour: [f32; 3]) {
        if points.is_empty() {
            return;
        }
        let (ops, _) = self.canvas();
        for v in colour {
            pdf::number(ops, v);
            ops.push(b' ');
        }
        ops.extend_from_slice(b"RG ");
        pdf::number(ops, thickness);
        ops.extend_from_slice(b" w 1 J 1 j ");
        for (i, (x, y)) in points.iter().enumerate() {
            pdf::number(ops, *x);
            ops.push(b' ');
            pdf::number(ops, *y);
            ops.extend_from_slice(if i == 0 { b" m " } else { b" l " });
        }
        ops.extend_from_slice(b"S 0 J 0 j 0 G\n");
        for (x, y) in points {
            self.fill(x - 2.0, y + 2.0, 4.0, 4.0, colour);
        }
    }

    /// `n` ruled lines to write on by hand, each `gap` apart.
    pub fn writing_lines(&mut self, n: usize, gap: f32, indent: f32) {
        for _ in 0..n {
            self.ensure(gap);
            self.y -= gap;
            let y = self.y;
            let (x1, x2) = (self.left() + indent, self.right());
            self.line(x1, y, x2, y, 0.4, 0.55);
        }
        self.y -= 4.0;
    }

    /// Signature and date lines for each role, kept together on one page.
    pub fn signatures(&mut self, who: &[(&str, &str)]) {
        self.ensure(who.len() as f32 * 44.0 + 10.0);
        let date_x = self.left() + self.content_width() * 0.68;
        for (role, name) in who {
            self.y -= 30.0;
            let y = self.y;
            let (x1, x2) = (self.left(), date_x - 18.0);
            self.line(x1, y, x2, y, 0.6, 0.0);
            let right = self.right();
            self.line(date_x, y, right, y, 0.6, 0.0);
            let label = if name.is_empty() {
                (*role).to_owned()
            } else {
                format!("{role}: {name}")
            };
            // A long name wraps under its own line, never under "Date".
            let lines = self.wrap(&label, SMALL, x2 - x1);
            for (i, line) in lines.iter().enumerate() {
                let top = y - 2.0 - i as f32 * SMALL.line_height();
                self.text_at(self.left(), top, line, SMALL);
            }
            self.text_at(date_x, y - 2.0, "Date", SMALL);
            self.y -= 14.0 + lines.len().saturating_sub(1) as f32 * SMALL.line_height();
        }
    }
}

/// Words and the spaces between them as separate tokens; CJK characters each
/// on their own, since a line may break between any two of them.
fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_space = false;
    for c in text.chars() {
        let cjk = matches!(u32::from(c), 0x2E80..=0x9FFF | 0xAC00..=0xD7FF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF);
        // A no-break space joins its neighbours into one token.
        let space = c.is_whitespace() && c != NO_BREAK;
        if cjk {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            out.push(c.to_string());
            continue;
        }
        if !current.is_empty() && space != current_space {
            out.push(std::mem::take(&mut current));
        }
        current_space = space;
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer() -> Writer<'static> {
        let out: &'static mut Vec<u8> = Box::leak(Box::default());
        Writer::new(PaperSize::A4, "Lakeside", "Printed 2026-11-23", out).unwrap()
    }

    #[test]
    fn wrapping_keeps_every_character_and_fits_the_width() {
        let w = writer();
        let text = "Answer every call with the practice name and your own name, before the third ring. \
                    Supercalifragilisticexpialidocioussupercalifragilisticexpialidocious 王芳王芳王芳王芳王芳王芳王芳王芳王芳王芳王芳王芳王芳王芳";
        let lines = w.wrap(text, BODY, 120.0);
        assert!(lines.len() > 5, "{lines:?}");
        for l in &lines {
            assert!(w.width_of(l, BODY) <= 120.5, "{l:?} is too wide");
        }
        let joined: String = lines
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let original: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(joined, original, "nothing dropped, nothing added");
    }

    #[test]
    fn a_no_break_space_keeps_its_words_on_one_line() {
        let w = writer();
        let text = format!(
            "Tell a waiting patient how long the delay will be{NO_BREAK}(weight{NO_BREAK}1.5)"
        );
        for width in [120.0, 150.0, 200.0, 260.0] {
            let lines = w.wrap(&text, STRONG, width);
            assert!(
                lines
                    .iter()
                    .any(|l| l.ends_with(&format!("be{NO_BREAK}(weight{NO_BREAK}1.5)"))),
                "{lines:?} at {width}"
            );
        }
        // Measured as an ordinary space.
        assert_eq!(w.width_of("a\u{a0}b", BODY), w.width_of("a b", BODY));
    }

    /// A word cut because it is wider than the line is cut between letters,
    /// never between a letter and its mark or inside a conjunct.
    #[test]
    fn a_long_word_is_never_cut_inside_a_letter() {
        let w = writer();
        for word in ["Q\u{301}".repeat(40), "प्रि".repeat(30), "👍🏽".repeat(30)] {
            let lines = w.wrap(&word, BODY, 60.0);
            assert!(lines.len() > 1, "{word} is cut");
            for l in &lines {
                let first = l.chars().next().unwrap();
                assert!(!shape::continues(first), "{l:?} starts with a mark");
                assert!(!l.ends_with('\u{94D}'), "{l:?} ends inside a conjunct");
            }
            assert_eq!(lines.concat(), word);
        }
    }

    #[test]
    fn line_breaks_in_the_text_are_kept() {
        let w = writer();
        assert_eq!(
            w.wrap("one\ntwo\n\nthree", BODY, 400.0),
            ["one", "two", "", "three"]
        );
    }
}
