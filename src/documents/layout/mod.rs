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

mod flow;
mod ops;
mod table;

use ops::{line_ops, text_ops, unprintable_message, watermark_ops};
pub(crate) use table::Table;

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

fn width_of(text: &str, style: Style) -> f32 {
    shape::width(text, style.face()) * style.size
}

/// The no-break space: "(weight\u{a0}1.5)" never breaks across lines. It is
/// drawn, measured and extracted as an ordinary space.
pub(crate) const NO_BREAK: char = '\u{a0}';
