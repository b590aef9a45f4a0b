//! Laying text out on pages: wrapping to the measured width of each glyph,
//! flowing onto new pages instead of cutting, headers with the practice's name,
//! footers with "page n of m" counted per person, and writing the PDF with
//! printpdf so that the same content and timestamp give the same bytes.

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, TextItem,
};

use super::fonts::{self, FaceId, GlyphUse};
use crate::error::{Error, Result};
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
pub(crate) const STRONG: Style = Style {
    size: 9.5,
    bold: true,
    muted: false,
};
pub(crate) const SMALL: Style = Style {
    size: 8.0,
    bold: false,
    muted: true,
};
pub(crate) const H1: Style = Style {
    size: 17.0,
    bold: true,
    muted: false,
};
pub(crate) const H2: Style = Style {
    size: 12.5,
    bold: true,
    muted: false,
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

struct PageBuf {
    ops: Vec<Op>,
    group: usize,
}

/// One part of a document with its own page count: a person in the annual
/// batch, or the whole document otherwise.
struct Group {
    title: String,
    /// Printed in the header of every page of the group when set (e.g. "DRAFT").
    mark: Option<String>,
    pages: usize,
}

pub(crate) struct Writer {
    width: f32,
    height: f32,
    practice: String,
    printed: String,
    pages: Vec<PageBuf>,
    groups: Vec<Group>,
    /// Distance from the bottom of the page to the top of the next line.
    y: f32,
    glyphs: GlyphUse,
}

pub(crate) fn paper_points(paper: PaperSize) -> (f32, f32) {
    match paper {
        PaperSize::A4 => (595.28, 841.89),
        PaperSize::Letter => (612.0, 792.0),
    }
}

impl Writer {
    pub fn new(paper: PaperSize, practice: &str, printed: &str) -> Writer {
        let (width, height) = paper_points(paper);
        Writer {
            width,
            height,
            practice: practice.to_owned(),
            printed: printed.to_owned(),
            pages: Vec::new(),
            groups: Vec::new(),
            y: 0.0,
            glyphs: GlyphUse::default(),
        }
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

    fn top(&self) -> f32 {
        self.height - MARGIN - HEADER_SPACE + 12.0
    }

    fn bottom(&self) -> f32 {
        MARGIN + FOOTER_SPACE - 12.0
    }

    pub fn y(&self) -> f32 {
        self.y
    }

    /// Starts a part with its own "page n of m" on a fresh page.
    pub fn start_group(&mut self, title: &str, mark: Option<&str>) {
        self.groups.push(Group {
            title: title.to_owned(),
            mark: mark.map(str::to_owned),
            pages: 0,
        });
        self.new_page();
    }

    pub fn new_page(&mut self) {
        if self.groups.is_empty() {
            self.groups.push(Group {
                title: String::new(),
                mark: None,
                pages: 0,
            });
        }
        let group = self.groups.len() - 1;
        self.groups[group].pages += 1;
        self.pages.push(PageBuf {
            ops: Vec::new(),
            group,
        });
        self.y = self.top();
    }

    /// Moves to a new page unless `height` more fits on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.pages.is_empty() || self.y - height < self.bottom() {
            self.new_page();
        }
    }

    pub fn space(&mut self, height: f32) {
        self.y -= height;
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last].ops
    }

    pub fn width_of(&self, text: &str, style: Style) -> f32 {
        let face = style.face();
        text.chars()
            .map(|c| {
                let (f, _, advance) = fonts::pick(face, c);
                f32::from(advance) / fonts::face(f).units_per_em * style.size
            })
            .sum()
    }

    /// Draws one line of text with its baseline `size` below `top`.
    pub fn text_at(&mut self, x: f32, top: f32, text: &str, style: Style) {
        if text.is_empty() {
            return;
        }
        let baseline = top - style.size;
        let preferred = style.face();
        // Split into runs of one face each; record the glyphs for subsetting.
        let mut runs: Vec<(FaceId, String)> = Vec::new();
        for c in text.chars() {
            let (f, gid, _) = fonts::pick(preferred, c);
            self.glyphs.add(f, gid);
            match runs.last_mut() {
                Some((face, run)) if *face == f => run.push(c),
                _ => runs.push((f, c.to_string())),
            }
        }
        let grey = if style.muted { 0.35 } else { 0.0 };
        let ops = self.ops();
        ops.push(Op::SetFillColor {
            col: Color::Greyscale(Greyscale {
                percent: grey,
                icc_profile: None,
            }),
        });
        ops.push(Op::StartTextSection);
        ops.push(Op::SetTextCursor {
            pos: Point {
                x: Pt(x),
                y: Pt(baseline),
            },
        });
        for (face, run) in runs {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(face)),
                size: Pt(style.size),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(run)],
            });
        }
        ops.push(Op::EndTextSection);
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
                // A word wider than the line: cut it where it fills the line.
                for c in token.chars() {
                    let cw = self.width_of(c.encode_utf8(&mut [0; 4]), style);
                    if line_w + cw > width && !line.is_empty() {
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

    /// A heading kept together with `keep` points of what follows it.
    pub fn heading(&mut self, text: &str, style: Style, keep: f32) {
        self.ensure(style.line_height() + keep + 4.0);
        self.space(4.0);
        self.paragraph(text, style, 0.0);
        self.space(2.0);
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
        let ops = self.ops();
        ops.push(Op::SetOutlineColor {
            col: Color::Greyscale(Greyscale {
                percent: grey,
                icc_profile: None,
            }),
        });
        ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: Point {
                            x: Pt(x1),
                            y: Pt(y1),
                        },
                        bezier: false,
                    },
                    LinePoint {
                        p: Point {
                            x: Pt(x2),
                            y: Pt(y2),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }

    /// An empty square to tick by hand, `size` wide, top-left at (x, top).
    pub fn check_box(&mut self, x: f32, top: f32, size: f32, filled: bool) {
        let ops = self.ops();
        ops.push(Op::SetOutlineColor {
            col: Color::Greyscale(Greyscale {
                percent: 0.0,
                icc_profile: None,
            }),
        });
        ops.push(Op::SetOutlineThickness { pt: Pt(0.8) });
        ops.push(Op::SetFillColor {
            col: Color::Greyscale(Greyscale {
                percent: 0.15,
                icc_profile: None,
            }),
        });
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(top - size),
                width: Pt(size),
                height: Pt(size),
                mode: Some(if filled {
                    printpdf::PaintMode::FillStroke
                } else {
                    printpdf::PaintMode::Stroke
                }),
                winding_order: None,
            },
        });
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
            self.text_at(self.left(), y - 2.0, &label, SMALL);
            self.text_at(date_x, y - 2.0, "Date", SMALL);
            self.y -= 14.0;
        }
    }

    /// Headers, footers with "page n of m" per group, fonts, and the bytes.
    pub fn finish(mut self, title: &str, timestamp: i64) -> Result<Vec<u8>> {
        if self.pages.is_empty() {
            self.new_page();
        }
        let mut number_in_group = vec![0usize; self.groups.len()];
        let pages = std::mem::take(&mut self.pages);
        let mut finished = Vec::with_capacity(pages.len());
        for mut page in pages {
            number_in_group[page.group] += 1;
            let n = number_in_group[page.group];
            let group = &self.groups[page.group];
            let (m, group_title, mark) = (group.pages, group.title.clone(), group.mark.clone());
            let mut decor = std::mem::take(&mut page.ops);
            self.pages.push(PageBuf {
                ops: Vec::new(),
                group: page.group,
            });
            // Header: practice name left, document title right, a rule.
            let top = self.height - MARGIN + 6.0;
            let practice = self.practice.clone();
            self.text_at(self.left(), top, &practice, STRONG);
            let heading = match &mark {
                Some(mark) => format!("{mark} · {group_title}"),
                None => group_title.clone(),
            };
            let w = self.width_of(&heading, SMALL);
            let right = self.right();
            self.text_at(right - w, top - 1.0, &heading, SMALL);
            let rule_y = top - 15.0;
            let (l, r) = (self.left(), self.right());
            self.line(l, rule_y, r, rule_y, 0.5, 0.6);
            if let Some(mark) = &mark {
                // A large mark across the top, unmissable on paper.
                let style = Style {
                    size: 30.0,
                    bold: true,
                    muted: true,
                };
                let w = self.width_of(mark, style);
                let x = (self.width - w) / 2.0;
                let y = self.height - 8.0;
                self.text_at(x, y, mark, style);
            }
            // Footer: when it was printed, and the page within its group.
            let footer_top = MARGIN - 4.0;
            let printed = self.printed.clone();
            self.text_at(self.left(), footer_top, &printed, SMALL);
            let label = format!("Page {n} of {m}");
            let w = self.width_of(&label, SMALL);
            self.text_at(right - w, footer_top, &label, SMALL);
            let mut header_ops = self.pages.pop().map(|p| p.ops).unwrap_or_default();
            header_ops.append(&mut decor);
            finished.push(PdfPage::new(
                Mm(self.width * 25.4 / 72.0),
                Mm(self.height * 25.4 / 72.0),
                header_ops,
            ));
        }
        serialize(title, timestamp, finished, &self.glyphs)
    }
}

fn font_id(face: FaceId) -> FontId {
    FontId(format!("F{}", face as usize))
}

/// Words and the spaces between them as separate tokens; CJK characters each
/// on their own, since a line may break between any two of them.
fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_space = false;
    for c in text.chars() {
        let cjk = matches!(u32::from(c), 0x2E80..=0x9FFF | 0xAC00..=0xD7FF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF);
        let space = c.is_whitespace();
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

/// Builds the PDF: the used glyphs of each face as a subset font, the pages,
/// the given timestamp, and a document id derived from the content, so the
/// same input gives the same bytes.
fn serialize(
    title: &str,
    timestamp: i64,
    pages: Vec<PdfPage>,
    glyphs: &GlyphUse,
) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(title);
    let when = printpdf::OffsetDateTime::from_unix_timestamp(timestamp)
        .map_err(|e| Error::invalid("printedAt", format!("The print time is out of range: {e}")))?;
    doc.metadata.info.creation_date = when;
    doc.metadata.info.modification_date = when;
    doc.metadata.info.metadata_date = when;
    doc.metadata.info.creator = "Standard Practice".to_owned();
    doc.metadata.info.producer = "Standard Practice".to_owned();
    for (face, used) in glyphs.faces() {
        let font = fonts::subset_font(face, used)?;
        doc.resources
            .fonts
            .map
            .insert(font_id(face), printpdf::PdfFont::new(font));
    }
    doc.with_pages(pages);
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    compress(&mut lo)?;
    // printpdf gives every document a random id; ours is a hash of the content,
    // written over a placeholder of the same length.
    const PLACEHOLDER: &[u8; 32] = b"00000000000000000000000000000000";
    let id = lopdf::Object::String(PLACEHOLDER.to_vec(), lopdf::StringFormat::Literal);
    lo.trailer
        .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)?;
    let digest = content_id(&bytes);
    let mut start = 0;
    while let Some(at) = find(&bytes[start..], PLACEHOLDER) {
        let at = start + at;
        bytes[at..at + 32].copy_from_slice(digest.as_bytes());
        start = at + 32;
    }
    Ok(bytes)
}

/// Deflates every stream not already compressed. lopdf's own `compress` uses
/// the slowest zlib level; the default level makes files a few percent larger
/// in a fraction of the time.
fn compress(doc: &mut lopdf::Document) -> Result<()> {
    use std::io::Write as _;
    for object in doc.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
                continue;
            }
            let mut z =
                flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(COMPRESSION));
            z.write_all(&stream.content)?;
            let deflated = z.finish()?;
            if deflated.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(deflated);
            }
        }
    }
    Ok(())
}

const COMPRESSION: u32 = 1;

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// 32 hex digits from two FNV-1a passes over the bytes.
fn content_id(bytes: &[u8]) -> String {
    let fnv = |seed: u64| {
        bytes.iter().fold(seed, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    format!(
        "{:016x}{:016x}",
        fnv(0xcbf2_9ce4_8422_2325),
        fnv(0x8422_2325_cbf2_9ce4)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer() -> Writer {
        Writer::new(PaperSize::A4, "Lakeside", "Printed 2026-11-23")
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
    fn line_breaks_in_the_text_are_kept() {
        let w = writer();
        assert_eq!(
            w.wrap("one\ntwo\n\nthree", BODY, 400.0),
            ["one", "two", "", "three"]
        );
    }
}
