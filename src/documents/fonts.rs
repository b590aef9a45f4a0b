//! The fonts every document embeds, and subsetting them per document.
//!
//! DejaVu Sans (regular and bold) covers Latin with every European and
//! Vietnamese accent, Greek and Cyrillic; Droid Sans Fallback covers Chinese,
//! Japanese and Korean; Noto Sans covers Arabic, Hebrew and Devanagari
//! (regular and bold), and Noto Emoji draws emoji in black and white. Each
//! character is drawn in the first face that has it, its script's own face
//! first. The files ship inside the binary (licences beside them in
//! `fonts/`); each face is parsed once per process, when first needed (with
//! ttf-parser for the tables, rustybuzz to shape), and each document embeds
//! only the glyphs it uses, so "王芳" costs two glyphs, not four megabytes.
//!
//! Pages name glyphs by their id in the *original* face, so a page can be
//! written before the document's glyph set is known; the subset made at the
//! end keeps its own numbering, and the PDF maps one to the other
//! (`/CIDToGIDMap`, see `pdf.rs`).

use std::collections::HashMap;
use std::sync::OnceLock;

use rustybuzz::ttf_parser;

use super::truetype;
use crate::error::{Error, Result};

/// The faces. A text is set in regular or bold; the other faces stand in
/// for the characters those two lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FaceId {
    Regular = 0,
    Bold = 1,
    Cjk = 2,
    Arabic = 3,
    ArabicBold = 4,
    Hebrew = 5,
    HebrewBold = 6,
    Devanagari = 7,
    DevanagariBold = 8,
    Emoji = 9,
}

pub(crate) const FACES: [FaceId; 10] = [
    FaceId::Regular,
    FaceId::Bold,
    FaceId::Cjk,
    FaceId::Arabic,
    FaceId::ArabicBold,
    FaceId::Hebrew,
    FaceId::HebrewBold,
    FaceId::Devanagari,
    FaceId::DevanagariBold,
    FaceId::Emoji,
];

/// Each face's name and file.
fn file(id: FaceId) -> (&'static str, &'static [u8]) {
    match id {
        FaceId::Regular => ("DejaVuSans", include_bytes!("fonts/DejaVuSans.ttf")),
        FaceId::Bold => (
            "DejaVuSans-Bold",
            include_bytes!("fonts/DejaVuSans-Bold.ttf"),
        ),
        FaceId::Cjk => (
            "DroidSansFallbackFull",
            include_bytes!("fonts/DroidSansFallbackFull.ttf"),
        ),
        FaceId::Arabic => (
            "NotoSansArabic-Regular",
            include_bytes!("fonts/NotoSansArabic-Regular.ttf"),
        ),
        FaceId::ArabicBold => (
            "NotoSansArabic-Bold",
            include_bytes!("fonts/NotoSansArabic-Bold.ttf"),
        ),
        FaceId::Hebrew => (
            "NotoSansHebrew-Regular",
            include_bytes!("fonts/NotoSansHebrew-Regular.ttf"),
        ),
        FaceId::HebrewBold => (
            "NotoSansHebrew-Bold",
            include_bytes!("fonts/NotoSansHebrew-Bold.ttf"),
        ),
        FaceId::Devanagari => (
            "NotoSansDevanagari-Regular",
            include_bytes!("fonts/NotoSansDevanagari-Regular.ttf"),
        ),
        FaceId::DevanagariBold => (
            "NotoSansDevanagari-Bold",
            include_bytes!("fonts/NotoSansDevanagari-Bold.ttf"),
        ),
        FaceId::Emoji => (
            "NotoEmoji-Regular",
            include_bytes!("fonts/NotoEmoji-Regular.ttf"),
        ),
    }
}

/// What a PDF's font descriptor says about a face, in font units.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Metrics {
    pub ascent: i16,
    pub descent: i16,
    pub cap_height: i16,
    pub bbox: [i16; 4],
    pub weight_class: u16,
}

pub(crate) struct Face {
    pub name: &'static str,
    pub bytes: &'static [u8],
    /// Basic Multilingual Plane character → (glyph id, advance in font units),
    /// indexed by code point; glyph 0 means none. Looked up for every
    /// character measured and drawn, so a table rather than a hash.
    bmp: Vec<(u16, u16)>,
    /// The same for characters beyond the BMP.
    astral: HashMap<char, (u16, u16)>,
    /// Advance of every glyph, by glyph id, in font units.
    advances: Vec<u16>,
    pub units_per_em: f32,
    pub metrics: Metrics,
}

impl Face {
    fn load(name: &'static str, bytes: &'static [u8]) -> Face {
        // The files are part of the binary and checked by a test, so a face that
        // fails to parse can only be a broken build; it then draws nothing.
        let mut face = Face {
            name,
            bytes,
            bmp: vec![(0u16, 0u16); 0x1_0000],
            astral: HashMap::new(),
            advances: Vec::new(),
            units_per_em: 1000.0,
            metrics: Metrics::default(),
        };
        let _ = face.read_tables();
        face
    }

    /// The cmap (every Unicode subtable), advances and metrics; `None` when a
    /// table is missing or broken.
    fn read_tables(&mut self) -> Option<()> {
        let face = ttf_parser::Face::parse(self.bytes, 0).ok()?;
        let tables = face.tables();
        self.advances = (0..face.number_of_glyphs())
            .map(|g| face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0))
            .collect();
        self.units_per_em = f32::from(face.units_per_em().max(1));
        let bbox = face.global_bounding_box();
        self.metrics = Metrics {
            ascent: tables.hhea.ascender,
            descent: tables.hhea.descender,
            cap_height: face.capital_height().unwrap_or(tables.hhea.ascender),
            bbox: [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max],
            weight_class: tables.os2.map_or(0, |os2| os2.weight().to_number()),
        };
        let (bmp, astral, advances) = (&mut self.bmp, &mut self.astral, &self.advances);
        for subtable in tables
            .cmap?
            .subtables
            .into_iter()
            .filter(|t| t.is_unicode())
        {
            subtable.codepoints(|cp| {
                let Some(gid) = subtable.glyph_index(cp) else {
                    return;
                };
                let entry = (
                    gid.0,
                    advances.get(usize::from(gid.0)).copied().unwrap_or(0),
                );
                match (usize::try_from(cp), char::from_u32(cp)) {
                    // The first subtable to map a character wins.
                    (Ok(i), _) if i < bmp.len() => {
                        bmp[i] = if bmp[i].0 == 0 { entry } else { bmp[i] };
                    }
                    (_, Some(c)) => {
                        astral.entry(c).or_insert(entry);
                    }
                    _ => {}
                }
            });
        }
        Some(())
    }

    pub fn glyph(&self, c: char) -> Option<(u16, u16)> {
        let found = match self.bmp.get(c as usize) {
            Some(entry) => *entry,
            None => self.astral.get(&c).copied()?,
        };
        (found.0 != 0).then_some(found)
    }

    /// A glyph's advance in thousandths of an em, as PDF's `/W` wants it.
    pub fn width_1000(&self, gid: u16) -> i64 {
        let advance = self.advances.get(usize::from(gid)).copied().unwrap_or(0);
        (f32::from(advance) * 1000.0 / self.units_per_em).round() as i64
    }

    /// A value in font units, in thousandths of an em.
    pub fn scaled(&self, v: i16) -> i64 {
        (f32::from(v) * 1000.0 / self.units_per_em).round() as i64
    }
}

static LOADED: [OnceLock<Face>; FACES.len()] = [const { OnceLock::new() }; FACES.len()];
static SHAPERS: [OnceLock<Option<rustybuzz::Face<'static>>>; FACES.len()] =
    [const { OnceLock::new() }; FACES.len()];

pub(crate) fn face(id: FaceId) -> &'static Face {
    LOADED[id as usize].get_or_init(|| {
        let (name, bytes) = file(id);
        Face::load(name, bytes)
    })
}

/// The face as rustybuzz reads it, to shape with; `None` only for a broken
/// build (a test parses every face).
pub(crate) fn shaper(id: FaceId) -> Option<&'static rustybuzz::Face<'static>> {
    SHAPERS[id as usize]
        .get_or_init(|| rustybuzz::Face::from_slice(file(id).1, 0))
        .as_ref()
}

/// The script whose own face draws `c` before the face the text is set in,
/// if any: DejaVu has some Arabic and Hebrew letters, but not the forms and
/// marks that join and place them, and no Devanagari; emoji beyond the Basic
/// Multilingual Plane have their own face.
fn script_face(c: char, bold: bool) -> Option<FaceId> {
    let pair = |regular, heavy| Some(if bold { heavy } else { regular });
    match u32::from(c) {
        0x1100..=0x11FF
        | 0x2E80..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7FF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF => Some(FaceId::Cjk),
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            pair(FaceId::Arabic, FaceId::ArabicBold)
        }
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => pair(FaceId::Hebrew, FaceId::HebrewBold),
        0x0900..=0x097F | 0xA8E0..=0xA8FF | 0x1CD0..=0x1CFF => {
            pair(FaceId::Devanagari, FaceId::DevanagariBold)
        }
        0x1F000..=0x1FAFF => Some(FaceId::Emoji),
        _ => None,
    }
}

/// The face to draw `c` in when the text is in `preferred` (regular or bold),
/// with its glyph and advance: its script's face, then the preferred face,
/// then any face that has it. A character no face has is answered with
/// glyph 0, drawn as the preferred face's missing-glyph box.
pub(crate) fn pick(preferred: FaceId, c: char) -> (FaceId, u16, u16) {
    // Below Hebrew, no script has a face of its own: the common case.
    if u32::from(c) < 0x0590 {
        if let Some((g, w)) = face(preferred).glyph(c) {
            return (preferred, g, w);
        }
    }
    let bold = preferred == FaceId::Bold;
    let first = script_face(c, bold);
    if first.is_none() {
        if let Some((g, w)) = face(preferred).glyph(c) {
            return (preferred, g, w);
        }
    }
    let fallbacks = [
        FaceId::Cjk,
        if bold {
            FaceId::ArabicBold
        } else {
            FaceId::Arabic
        },
        if bold {
            FaceId::HebrewBold
        } else {
            FaceId::Hebrew
        },
        if bold {
            FaceId::DevanagariBold
        } else {
            FaceId::Devanagari
        },
        FaceId::Emoji,
    ];
    for f in first.into_iter().chain([preferred]).chain(fallbacks) {
        if let Some((g, w)) = face(f).glyph(c) {
            return (f, g, w);
        }
    }
    let notdef = face(preferred).glyph('?').map(|(_, w)| w).unwrap_or(0);
    (preferred, 0, notdef)
}

/// The glyphs one document uses, per face, each with the text it was first
/// drawn for (what `pdftotext` gets back for it): a character, or for a
/// ligature (Arabic's lam-alef) its characters. A table indexed by glyph id:
/// every character drawn passes through here.
#[derive(Default)]
pub(crate) struct GlyphUse {
    /// `char as u32 + 1` by glyph id; 0 for a glyph not used.
    used: [Vec<u32>; FACES.len()],
    /// The glyphs that stand for more than one character.
    ligatures: HashMap<(FaceId, u16), String>,
}

impl GlyphUse {
    pub fn add(&mut self, face: FaceId, gid: u16, c: char) {
        let table = &mut self.used[face as usize];
        let i = usize::from(gid);
        if i >= table.len() {
            table.resize(i + 1, 0);
        }
        if table[i] == 0 {
            table[i] = u32::from(c) + 1;
        }
    }

    /// A glyph drawn for all of `text` (its first use decides, as for one
    /// character).
    pub fn add_ligature(&mut self, face: FaceId, gid: u16, text: &str) {
        let Some(first) = text.chars().next() else {
            return;
        };
        let new = self.used[face as usize]
            .get(usize::from(gid))
            .is_none_or(|c| *c == 0);
        self.add(face, gid, first);
        if new && text.len() > first.len_utf8() {
            self.ligatures.insert((face, gid), text.to_owned());
        }
    }

    /// The faces used, each with its glyphs in id order and their text.
    pub fn faces(&self) -> impl Iterator<Item = (FaceId, Vec<(u16, String)>)> + '_ {
        FACES.iter().filter_map(|f| {
            let glyphs: Vec<(u16, String)> = self.used[*f as usize]
                .iter()
                .enumerate()
                .filter(|(_, c)| **c != 0)
                .filter_map(|(g, c)| {
                    let g = u16::try_from(g).ok()?;
                    let text = match self.ligatures.get(&(*f, g)) {
                        Some(text) => text.clone(),
                        None => char::from_u32(c - 1)?.to_string(),
                    };
                    Some((g, text))
                })
                .collect();
            (!glyphs.is_empty()).then_some((*f, glyphs))
        })
    }
}

/// A face cut down to the glyphs a document uses.
pub(crate) struct Subset {
    /// The TrueType file to embed.
    pub bytes: Vec<u8>,
    /// "ABCDEF+Name", the tag derived from the glyph set.
    pub name: String,
    /// The original glyph ids in the subset's order: the subset's glyph `i`
    /// is the original glyph `ids[i]` (0, .notdef, first).
    pub ids: Vec<u16>,
}

/// The subset of `face` holding `glyphs` (sorted original ids) and .notdef,
/// named with the subset tag PDF readers expect, derived from the glyph set
/// so the same text gives the same bytes (see `truetype.rs` for what is
/// kept).
pub(crate) fn subset_font(id: FaceId, glyphs: &[u16]) -> Result<Subset> {
    let f = face(id);
    let wanted: Vec<u16> = glyphs.iter().copied().filter(|g| *g != 0).collect();
    let (bytes, ids) = truetype::subset(f.bytes, &wanted).ok_or_else(|| {
        Error::Io(std::io::Error::other(format!(
            "the font {} could not be subset",
            f.name
        )))
    })?;
    Ok(Subset {
        bytes,
        name: format!("{}+{}", subset_tag(&ids), f.name),
        ids,
    })
}

/// Six capital letters from the glyph ids (FNV-1a), as PDF's subset tag.
fn subset_tag(ids: &[u16]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for id in ids {
        for b in id.to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_script_has_a_face_with_its_glyphs() {
        for name in [
            "Zoë Núñez",
            "Łukasz Żółć",
            "Nguyễn Văn Anh",
            "Δημήτρης Παπαδόπουλος",
            "Ольга Смирнова",
            "Aoife Ní Bhriain",
        ] {
            for c in name.chars() {
                let (f, g, _) = pick(FaceId::Regular, c);
                assert_eq!(f, FaceId::Regular, "{c} in {name}");
                assert_ne!(g, 0, "{c} in {name} has a glyph");
            }
        }
        for c in "王芳佐藤健".chars() {
            let (f, g, _) = pick(FaceId::Bold, c);
            assert_eq!(f, FaceId::Cjk, "{c}");
            assert_ne!(g, 0, "{c}");
        }
    }

    #[test]
    fn every_face_parses_with_its_metrics() {
        for id in FACES {
            let f = face(id);
            // DejaVu's em is 2048 units, Droid Sans Fallback's 256.
            assert!(f.units_per_em >= 256.0, "{}", f.name);
            assert!(f.metrics.ascent > 0 && f.metrics.descent < 0, "{}", f.name);
            assert!(f.metrics.bbox[2] > f.metrics.bbox[0], "{}", f.name);
            assert!(f.advances.len() > 100, "{}", f.name);
        }
        let (_, a, _) = pick(FaceId::Regular, 'a');
        assert!(face(FaceId::Regular).width_1000(a) > 400);
    }

    #[test]
    fn subsets_are_small_and_tagged_by_their_glyphs() {
        let mut glyphs: Vec<u16> = "Zoë".chars().map(|c| pick(FaceId::Regular, c).1).collect();
        glyphs.sort_unstable();
        let a = subset_font(FaceId::Regular, &glyphs).unwrap();
        assert!(a.bytes.len() < 20_000, "{}", a.bytes.len());
        let b = subset_font(FaceId::Regular, &glyphs).unwrap();
        assert_eq!(a.name, b.name);
        assert!(a.name.ends_with("+DejaVuSans"));
        assert_eq!(a.ids[0], 0, ".notdef comes first");
        assert_eq!(&a.ids[1..=glyphs.len()], &glyphs[..]);
        // "ë" is made of "e" and a diaeresis: both come along, after.
        assert_eq!(a.ids.len(), glyphs.len() + 3);
    }

    #[test]
    fn glyph_use_keeps_the_first_character_of_each_glyph() {
        let mut used = GlyphUse::default();
        used.add(FaceId::Bold, 40, 'a');
        used.add(FaceId::Bold, 40, 'b');
        used.add(FaceId::Bold, 3, '\0');
        used.add(FaceId::Cjk, 9000, '王');
        used.add_ligature(FaceId::Arabic, 500, "لا");
        used.add_ligature(FaceId::Arabic, 500, "x");
        let faces: Vec<_> = used.faces().collect();
        let s = |t: &str| t.to_owned();
        assert_eq!(
            faces,
            vec![
                (FaceId::Bold, vec![(3, s("\0")), (40, s("a"))]),
                (FaceId::Cjk, vec![(9000, s("王"))]),
                (FaceId::Arabic, vec![(500, s("لا"))]),
            ]
        );
    }
}
