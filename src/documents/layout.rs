//! Laying text out on pages: wrapping to the measured width of each glyph,
//! flowing onto new pages instead of cutting, headers with the practice's name,
//! footers with "page n of m" counted per person, and handing each page to the
//! PDF writer as soon as it is full.
//!
//! Only the current group (a person in the annual batch; the whole document
//! otherwise) is held back, and only as the ids of its pages' content: a
//! page's drawing is written when the next page starts, and when the group
//! ends its count is known, so each page gets its header and "page n of m"
//! (a second, small content stream) and its page object.

use std::io::Write;

use super::fonts::{self, FaceId, GlyphUse};
use super::image::Image;
use super::pdf::{self, ObjId, PdfWriter};
use super::shape;
use crate::error::{Error, Result};
use crate::locale::Written;
use crate::practice::PaperSize;

/// How a run of text looks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub size: f32,
    pub bold: bool,
    /// Grey for hints and secondary text.
    pub muted: bool,
}

pub(crate) const BODY: Style = Style {
    size: 9.5,
    bold: false,
    muted: false,
};
/// Body text in bold.
pub(crate) const STRONG: Style = Style { bold: true, ..BODY };
/// Hints and secondary text: smaller, grey.
pub(crate) const SMALL: Style = Style {
    size: 8.0,
    muted: true,
    ..BODY
};
pub(crate) const H1: Style = Style {
    size: 17.0,
    ..STRONG
};
pub(crate) const H2: Style = Style {
    size: 12.5,
    ..STRONG
};

impl Style {
    pub fn line_height(self) -> f32 {
        self.size * 1.32
    }

    fn face(self) -> FaceId {
        if self.bold {
            FaceId::Bold
        } else {
            FaceId::Regular
        }
    }
}

const MARGIN: f32 = 48.0;
const HEADER_SPACE: f32 = 30.0;
const FOOTER_SPACE: f32 = 30.0;

/// One part of a document with its own page count: a person in the annual
/// batch, or the whole document otherwise.
struct Group {
    title: String,
    /// Printed in the header of every page of the group when set (e.g. "DRAFT").
    mark: Option<String>,
    /// The content stream of each of its pages written so far.
    pages: Vec<ObjId>,
    /// Its headings to bookmark, each with the index of its page.
    sections: Vec<(String, usize)>,
}

pub(crate) struct Writer<'o> {
    width: f32,
    height: f32,
    practice: String,
    printed: String,
    pdf: PdfWriter<'o>,
    group: Option<Group>,
    /// The operators of the page being drawn.
    page: Option<Vec<u8>>,
    /// A cleared page buffer, kept to be reused.
    spare: Vec<u8>,
    /// Pages begun in the whole document.
    pages_begun: usize,
    /// Distance from the bottom of the page to the top of the next line.
    y: f32,
    glyphs: GlyphUse,
    /// The first failure to write; drawing goes on without output, and the
    /// failure is answered by the next `end_group` or `finish`.
    failed: Option<Error>,
    /// For double-sided printing: each group ends on an even page, so the
    /// next one starts on a new sheet.
    duplex: bool,
    /// How the practice writes dates, times and money.
    locale: Written,
    /// Whether headings get bookmarks: in a document of one part (a review,
    /// a report), not in a batch, whose outline is one bookmark a person.
    outline_headings: bool,
    /// The logo's size on the page, in points, when the practice has one.
    logo: Option<(f32, f32)>,
    /// The last heading drawn in the current part: where a line is, in a
    /// warning about it.
    heading: String,
    /// A message for each line with a character no font has.
    unprintable: Vec<String>,
}

/// At most this many warnings about characters no font has: after that,
/// the same advice again helps nobody.
const MOST_WARNINGS: usize = 20;

/// The tallest and widest a logo prints in the header, in points (about
/// 8.5 mm by 39 mm): it sits left of the practice's name, above the rule.
const LOGO_HEIGHT: f32 = 24.0;
const LOGO_WIDTH: f32 = 110.0;
const LOGO_GAP: f32 = 8.0;

pub(crate) fn paper_points(paper: PaperSize) -> (f32, f32) {
    match paper {
        PaperSize::A4 => (595.28, 841.89),
        PaperSize::Letter => (612.0, 792.0),
    }
}

impl<'o> Writer<'o> {
    /// A document on `paper` written to `out` as it is drawn.
    pub fn new(
        paper: PaperSize,
        practice: &str,
        printed: &str,
        out: &'o mut dyn Write,
    ) -> Result<Writer<'o>> {
        let (width, height) = paper_points(paper);
        Ok(Writer {
            width,
            height,
            practice: practice.to_owned(),
            printed: printed.to_owned(),
            pdf: PdfWriter::new(out, width, height)?,
            group: None,
            page: None,
            spare: Vec::new(),
            pages_begun: 0,
            y: 0.0,
            glyphs: GlyphUse::default(),
            failed: None,
            duplex: false,
            locale: Written::default(),
            outline_headings: false,
            logo: None,
            heading: String::new(),
            unprintable: Vec::new(),
        })
    }

    /// Heads every page with the practice's logo, scaled to fit (never
    /// enlarged beyond 1 point a pixel), left of its name.
    pub fn with_logo(mut self, image: Option<&Image>) -> Result<Self> {
        if let Some(image) = image {
            self.pdf.logo(image)?;
            let (w, h) = (image.width as f32, image.height as f32);
            let scale = (LOGO_HEIGHT / h).min(LOGO_WIDTH / w).min(1.0);
            self.logo = Some((w * scale, h * scale));
        }
        Ok(self)
    }

    /// Bookmarks every heading (see [`Writer::heading`]) as well as each part.
    pub fn outline_headings(mut self, on: bool) -> Self {
        self.outline_headings = on;
        self
    }

    /// Dates, times and money written the practice's way.
    pub fn with_locale(mut self, locale: Written) -> Self {
        self.locale = locale;
        self
    }

    pub fn locale(&self) -> &Written {
        &self.locale
    }

    /// Pads each group (each person's part of a batch) to an even number of
    /// pages with a page saying it is blank, so that printed double-sided
    /// nobody's first page lands on the back of someone else's last.
    pub fn duplex(mut self, on: bool) -> Self {
        self.duplex = on;
        self
    }

    pub fn left(&self) -> f32 {
        MARGIN
    }

    pub fn right(&self) -> f32 {
        self.width - MARGIN
    }

    pub fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN
    }

    /// The height a page has for content, between its header and footer.
    pub fn content_height(&self) -> f32 {
        self.top() - self.bottom()
    }

    /// The height `text` takes as a paragraph in `style` indented by `indent`.
    pub fn paragraph_height(&self, text: &str, style: Style, indent: f32) -> f32 {
        if text.is_empty() {
            return 0.0;
        }
        self.wrap(text, style, self.content_width() - indent).len() as f32 * style.line_height()
    }

    fn top(&self) -> f32 {
        self.height - MARGIN - HEADER_SPACE + 12.0
    }

    fn bottom(&self) -> f32 {
        MARGIN + FOOTER_SPACE - 12.0
    }

    pub fn y(&self) -> f32 {
        self.y
    }

    /// Starts a part with its own "page n of m" on a fresh page; the part
    /// before it is finished and written.
    pub fn start_group(&mut self, title: &str, mark: Option<&str>) {
        self.close_group();
        self.group = Some(Group {
            title: title.to_owned(),
            mark: mark.map(str::to_owned),
            pages: Vec::new(),
            sections: Vec::new(),
        });
        self.heading.clear();
        self.new_page();
    }

    /// Finishes the current part and writes all of it out, answering the
    /// first failure to write since the document began.
    pub fn end_group(&mut self) -> Result<()> {
        self.close_group();
        match self.failed.take() {
            Some(e) => {
                // Nothing more is written once something could not be.
                self.failed = Some(Error::Io(std::io::Error::other(
                    "the document could not be written",
                )));
                Err(e)
            }
            None => Ok(()),
        }
    }

    pub fn new_page(&mut self) {
        self.flush_page();
        if self.group.is_none() {
            self.group = Some(Group {
                title: String::new(),
                mark: None,
                pages: Vec::new(),
                sections: Vec::new(),
            });
        }
        let mut page = std::mem::take(&mut self.spare);
        page.clear();
        self.page = Some(page);
        self.pages_begun += 1;
        self.y = self.top();
    }

    /// Moves to a new page unless `height` more fits on this one.
    /// Starts a new page unless `height` fits on this one; says whether it did.
    pub fn ensure(&mut self, height: f32) -> bool {
        let turn = self.page.is_none() || self.y - height < self.bottom();
        if turn {
            self.new_page();
        }
        turn
    }

    pub fn space(&mut self, height: f32) {
        self.y -= height;
    }

    /// Writes the page being drawn, keeping its id in its group.
    fn flush_page(&mut self) {
        let Some(page) = self.page.take() else {
            return;
        };
        if self.failed.is_none() {
            match self.pdf.content(&page) {
                Ok(id) => {
                    if let Some(g) = self.group.as_mut() {
                        g.pages.push(id);
                    }
                }
                Err(e) => self.failed = Some(e),
            }
        }
        self.spare = page;
    }

    /// Writes the current group's pages: each gets its header and footer,
    /// now that the group's page count is known, and its page object; the
    /// group's first page gets a bookmark with its title.
    fn close_group(&mut self) {
        self.flush_page();
        if self.duplex && self.group.as_ref().is_some_and(|g| g.pages.len() % 2 == 1) {
            self.new_page();
            let note = "This page is intentionally blank.";
            let x = (self.width - self.width_of(note, SMALL)) / 2.0;
            self.text_at(x, self.height / 2.0, note, SMALL);
            self.flush_page();
        }
        let Some(group) = self.group.take() else {
            return;
        };
        if self.failed.is_some() {
            return;
        }
        let m = group.pages.len();
        let mut decor = std::mem::take(&mut self.spare);
        for (i, body) in group.pages.iter().enumerate() {
            decor.clear();
            self.decorate(&mut decor, &group, i + 1, m);
            let written = (|| -> Result<()> {
                let d = self.pdf.content(&decor)?;
                let page = self.pdf.page(&[d, *body])?;
                if i == 0 && !group.title.is_empty() {
                    self.pdf.bookmark(&group.title, page)?;
                }
                for (title, _) in group.sections.iter().filter(|(_, on)| *on == i) {
                    self.pdf.bookmark(title, page)?;
                }
                Ok(())
            })();
            if let Err(e) = written {
                self.failed = Some(e);
                break;
            }
        }
        self.spare = decor;
    }

    /// Page `n` of `m`'s header (practice name left, the group's title
    /// right, a rule, and its mark across the top) and footer (when it was
    /// printed, and the page within its group).
    fn decorate(&mut self, ops: &mut Vec<u8>, group: &Group, n: usize, m: usize) {
        let (left, right) = (self.left(), self.right());
        let top = self.height - MARGIN + 6.0;
        let heading = match &group.mark {
            Some(mark) => format!("{mark} · {}", group.title),
            None => group.title.clone(),
        };
        let (practice, title) = self.header(&heading);
        let label = format!("Page {n} of {m}");
        let rule_y = top - 15.0;
        let name_x = match self.logo {
            Some((w, h)) => {
                // Bottom-aligned with the name's first line, above the rule.
                ops.extend_from_slice(b"q ");
                for v in [w, 0.0, 0.0, h, left, rule_y + 3.0] {
                    pdf::number(ops, v);
                    ops.push(b' ');
                }
                ops.extend_from_slice(b"cm /Logo Do Q\n");
                left + w + LOGO_GAP
            }
            None => left,
        };
        let label_x = right - self.width_of(&label, SMALL);
        let glyphs = &mut self.glyphs;
        // Lines stack upward from the rule into the margin, so the rule and
        // the page below it stay where they are.
        for (style, lines, right_aligned, drop) in [
            (practice.0, &practice.1, false, 0.0),
            (title.0, &title.1, true, 1.0),
        ] {
            let count = lines.len();
            for (i, line) in lines.iter().enumerate() {
                let y = top - drop + (count - 1 - i) as f32 * style.line_height();
                let x = if right_aligned {
                    right - width_of(line, style)
                } else {
                    name_x
                };
                text_ops(ops, glyphs, x, y, line, style);
            }
        }
        line_ops(ops, left, rule_y, right, rule_y, 0.5, 0.6);
        if let Some(mark) = &group.mark {
            watermark_ops(ops, glyphs, self.width, self.height, mark);
        }
        let footer_top = MARGIN - 4.0;
        text_ops(ops, glyphs, left, footer_top, &self.printed, SMALL);
        text_ops(ops, glyphs, label_x, footer_top, &label, SMALL);
    }

    /// The running header's two texts, the practice's name (left) and the
    /// group's title (right), each as lines in its style: on one line each
    /// when they fit side by side; else the name takes at most two fifths of
    /// the width and the title the rest, both wrapped, shrinking until each
    /// takes at most three lines. They never run into each other.
    fn header(&self, title: &str) -> ((Style, Vec<String>), (Style, Vec<String>)) {
        const GAP: f32 = 12.0;
        // The logo takes its place at the left.
        let width = self.content_width() - self.logo.map_or(0.0, |(w, _)| w + LOGO_GAP);
        let (p, t) = (
            self.width_of(&self.practice, STRONG),
            self.width_of(title, SMALL),
        );
        if p + GAP + t <= width {
            return (
                (STRONG, vec![self.practice.clone()]),
                (SMALL, vec![title.to_owned()]),
            );
        }
        let at = |scale: f32| {
            let strong = Style {
                size: STRONG.size * scale,
                ..STRONG
            };
            let small = Style {
                size: SMALL.size * scale,
                ..SMALL
            };
            let practice_width = self.width_of(&self.practice, strong).min(width * 0.4);
            let practice = self.wrap(&self.practice, strong, practice_width);
            let title = self.wrap(title, small, width - GAP - practice_width);
            ((strong, practice), (small, title))
        };
        [1.0, 0.85]
            .into_iter()
            .map(at)
            .find(|((_, p), (_, t))| p.len() <= 3 && t.len() <= 3)
            .unwrap_or_else(|| at(0.7))
    }

    /// The page being drawn (begun if there is none) and the glyph record.
    fn canvas(&mut self) -> (&mut Vec<u8>, &mut GlyphUse) {
        if self.page.is_none() {
            self.new_page();
        }
        (self.page.get_or_insert_with(Vec::new), &mut self.glyphs)
    }

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

    /// Writes the last group, the fonts and the rest of the document.
    /// Answers a warning for each line that has a character no font has
    /// (it prints as a box), saying where it is.
    pub fn finish(mut self, title: &str, timestamp: i64) -> Result<Vec<String>> {
        if self.pages_begun == 0 {
            self.new_page();
        }
        self.end_group()?;
        self.pdf.finish(&self.glyphs, title, timestamp)?;
        let missing = shape::missing(&self.practice, FaceId::Bold);
        if !missing.is_empty() {
            let message = unprintable_message("", "The practice's name", &self.practice, &missing);
            self.unprintable.insert(0, message);
        }
        Ok(self.unprintable)
    }
}

/// A table whose cells wrap within their columns (a row is as tall as its
/// tallest cell and stays on one page), and whose column headings are
/// repeated at the top of every page it continues onto. Columns are a heading
/// and the x offset where the column starts, from the left margin.
pub(crate) struct Table<'c> {
    columns: &'c [(&'c str, f32)],
}

impl<'c> Table<'c> {
    /// Draws the headings, on the page of the first row.
    pub fn new(w: &mut Writer, columns: &'c [(&'c str, f32)]) -> Table<'c> {
        let table = Table { columns };
        let headings: Vec<&str> = columns.iter().map(|(h, _)| *h).collect();
        let first = table.height(w, &headings, STRONG) + BODY.line_height();
        w.ensure(first);
        table.draw(w, &headings, STRONG);
        table
    }

    pub fn row(&self, w: &mut Writer, cells: &[&str]) {
        self.row_in(w, cells, BODY);
    }

    /// A row in `style` (a total in bold).
    pub fn row_in(&self, w: &mut Writer, cells: &[&str], style: Style) {
        if w.ensure(self.height(w, cells, style)) {
            let headings: Vec<&str> = self.columns.iter().map(|(h, _)| *h).collect();
            self.draw(w, &headings, STRONG);
        }
        self.draw(w, cells, style);
    }

    /// Each column's width: to the next column, less a gap; the last to the margin.
    fn width(&self, w: &Writer, i: usize) -> f32 {
        let x = self.columns[i].1;
        self.columns
            .get(i + 1)
            .map_or(w.right() - w.left() - x, |(_, next)| next - x - 6.0)
    }

    fn lines(&self, w: &Writer, cells: &[&str], style: Style) -> Vec<Vec<String>> {
        // One cell per column; a cell beyond the last column is not drawn.
        cells
            .iter()
            .take(self.columns.len())
            .enumerate()
            .map(|(i, text)| w.wrap(text, style, self.width(w, i)))
            .collect()
    }

    fn height(&self, w: &Writer, cells: &[&str], style: Style) -> f32 {
        let most = self.lines(w, cells, style).iter().map(Vec::len).max();
        most.unwrap_or(1).max(1) as f32 * style.line_height()
    }

    fn draw(&self, w: &mut Writer, cells: &[&str], style: Style) {
        let height = self.height(w, cells, style);
        let top = w.y();
        for (lines, (_, x)) in self.lines(w, cells, style).iter().zip(self.columns) {
            for (n, line) in lines.iter().enumerate() {
                let y = top - n as f32 * style.line_height();
                w.text_at(w.left() + x, y, line, style);
            }
        }
        w.space(height);
    }
}

fn width_of(text: &str, style: Style) -> f32 {
    shape::width(text, style.face()) * style.size
}

/// The group's mark (e.g. "DRAFT") across the middle of the page along its
/// diagonal, in light grey beneath the text (the decoration is drawn before
/// the page's body): unmissable, and far from any edge a printer crops.
fn watermark_ops(ops: &mut Vec<u8>, glyphs: &mut GlyphUse, width: f32, height: f32, mark: &str) {
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
fn text_ops(
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
fn unprintable_message(place: &str, what: &str, text: &str, missing: &[char]) -> String {
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
fn glyph_ops(
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

fn line_ops(ops: &mut Vec<u8>, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32, grey: f32) {
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

/// Words and the spaces between them as separate tokens; CJK characters each
/// on their own, since a line may break between any two of them.
/// The no-break space: "(weight\u{a0}1.5)" never breaks across lines. It is
/// drawn, measured and extracted as an ordinary space.
pub(crate) const NO_BREAK: char = '\u{a0}';

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
