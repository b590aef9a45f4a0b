//! The fonts every document embeds, and subsetting them per document.
//!
//! DejaVu Sans (regular and bold) covers Latin with every European and
//! Vietnamese accent, Greek and Cyrillic; Droid Sans Fallback covers Chinese,
//! Japanese and Korean. Each character is drawn in the first face that has it.
//! The files ship inside the binary (licences beside them in `fonts/`); each
//! face is parsed once per process (with allsorts), and each document embeds
//! only the glyphs it uses, so "王芳" costs two glyphs, not four megabytes.
//!
//! Pages name glyphs by their id in the *original* face, so a page can be
//! written before the document's glyph set is known; the subset made at the
//! end keeps its own numbering, and the PDF maps one to the other
//! (`/CIDToGIDMap`, see `pdf.rs`).

use std::collections::HashMap;
use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use allsorts::tables::cmap::Cmap;
use allsorts::tables::os2::Os2;
use allsorts::tables::{FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable};
use allsorts::tag;

use crate::error::{Error, Result};

/// The faces, in the order characters look for a glyph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FaceId {
    Regular = 0,
    Bold = 1,
    Cjk = 2,
}

pub(crate) const FACES: [FaceId; 3] = [FaceId::Regular, FaceId::Bold, FaceId::Cjk];

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

    /// The cmap (the Unicode subtable allsorts picks), advances and metrics;
    /// `None` when a table is missing or broken.
    fn read_tables(&mut self) -> Option<()> {
        let file = ReadScope::new(self.bytes).read::<FontData<'_>>().ok()?;
        let provider = file.table_provider(0).ok()?;
        let table = |tag| provider.read_table_data(tag).ok();
        let head = ReadScope::new(&table(tag::HEAD)?)
            .read::<HeadTable>()
            .ok()?;
        let maxp = ReadScope::new(&table(tag::MAXP)?)
            .read::<MaxpTable>()
            .ok()?;
        let hhea = ReadScope::new(&table(tag::HHEA)?)
            .read::<HheaTable>()
            .ok()?;
        let hmtx_data = table(tag::HMTX)?;
        let hmtx = ReadScope::new(&hmtx_data)
            .read_dep::<HmtxTable<'_>>((
                usize::from(maxp.num_glyphs),
                usize::from(hhea.num_h_metrics),
            ))
            .ok()?;
        self.advances = (0..maxp.num_glyphs)
            .map(|g| hmtx.horizontal_advance(g).unwrap_or(0))
            .collect();
        self.units_per_em = f32::from(head.units_per_em.max(1));
        let os2 = table(tag::OS_2)
            .and_then(|d| ReadScope::new(&d).read_dep::<Os2>(d.len()).ok())
            .map(|os2| (os2.version2to4.map(|v| v.s_cap_height), os2.us_weight_class));
        self.metrics = Metrics {
            ascent: hhea.ascender,
            descent: hhea.descender,
            cap_height: os2.and_then(|(c, _)| c).unwrap_or(hhea.ascender),
            bbox: [head.x_min, head.y_min, head.x_max, head.y_max],
            weight_class: os2.map(|(_, w)| w).unwrap_or(0),
        };
        let cmap_data = table(tag::CMAP)?;
        let cmap = ReadScope::new(&cmap_data).read::<Cmap<'_>>().ok()?;
        let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap).ok()??;
        let (bmp, astral, advances) = (&mut self.bmp, &mut self.astral, &self.advances);
        subtable
            .mappings_fn(|cp, gid| {
                let entry = (gid, advances.get(usize::from(gid)).copied().unwrap_or(0));
                match (usize::try_from(cp), char::from_u32(cp)) {
                    (Ok(i), _) if i < bmp.len() => bmp[i] = entry,
                    (_, Some(c)) => {
                        astral.insert(c, entry);
                    }
                    _ => {}
                }
            })
            .ok()
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

static REGULAR: OnceLock<Face> = OnceLock::new();
static BOLD: OnceLock<Face> = OnceLock::new();
static CJK: OnceLock<Face> = OnceLock::new();

pub(crate) fn face(id: FaceId) -> &'static Face {
    match id {
        FaceId::Regular => {
            REGULAR.get_or_init(|| Face::load("DejaVuSans", include_bytes!("fonts/DejaVuSans.ttf")))
        }
        FaceId::Bold => BOLD.get_or_init(|| {
            Face::load(
                "DejaVuSans-Bold",
                include_bytes!("fonts/DejaVuSans-Bold.ttf"),
            )
        }),
        FaceId::Cjk => CJK.get_or_init(|| {
            Face::load(
                "DroidSansFallbackFull",
                include_bytes!("fonts/DroidSansFallbackFull.ttf"),
            )
        }),
    }
}

/// Whether a character is surely one DejaVu lacks, so the CJK face need not
/// be consulted (or even loaded) for the common case.
fn is_cjk_range(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x11FF | 0x2E80..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// The face to draw `c` in when the text is in `preferred` (regular or bold),
/// with its glyph and advance. A character no face has is drawn as the
/// preferred face's missing-glyph box.
pub(crate) fn pick(preferred: FaceId, c: char) -> (FaceId, u16, u16) {
    if !is_cjk_range(c) {
        if let Some((g, w)) = face(preferred).glyph(c) {
            return (preferred, g, w);
        }
    }
    if let Some((g, w)) = face(FaceId::Cjk).glyph(c) {
        return (FaceId::Cjk, g, w);
    }
    if let Some((g, w)) = face(preferred).glyph(c) {
        return (preferred, g, w);
    }
    let notdef = face(preferred).glyph('?').map(|(_, w)| w).unwrap_or(0);
    (preferred, 0, notdef)
}

/// The glyphs one document uses, per face, each with the character it was
/// first drawn for (what `pdftotext` gets back for it). A table indexed by
/// glyph id: every character drawn passes through here.
#[derive(Default)]
pub(crate) struct GlyphUse {
    /// `char as u32 + 1` by glyph id; 0 for a glyph not used.
    used: [Vec<u32>; 3],
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

    /// The faces used, each with its glyphs in id order and their characters.
    pub fn faces(&self) -> impl Iterator<Item = (FaceId, Vec<(u16, char)>)> + '_ {
        FACES.iter().filter_map(|f| {
            let glyphs: Vec<(u16, char)> = self.used[*f as usize]
                .iter()
                .enumerate()
                .filter(|(_, c)| **c != 0)
                .filter_map(|(g, c)| Some((u16::try_from(g).ok()?, char::from_u32(c - 1)?)))
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
/// so the same text gives the same bytes. Only the tables a reader draws
/// with are kept: no hinting programs (cvt, fpgm, prep), which would make up
/// half of a small subset's size.
pub(crate) fn subset_font(id: FaceId, glyphs: &[u16]) -> Result<Subset> {
    let f = face(id);
    let broken = |what: &str| {
        Error::Io(std::io::Error::other(format!(
            "the font {} could not be {what}",
            f.name
        )))
    };
    let data = ReadScope::new(f.bytes)
        .read::<FontData<'_>>()
        .map_err(|_| broken("read"))?;
    let provider = data.table_provider(0).map_err(|_| broken("read"))?;
    let ids: Vec<u16> = std::iter::once(0)
        .chain(glyphs.iter().copied().filter(|g| *g != 0))
        .collect();
    let tables = SubsetProfile::Custom(vec![
        tag::CMAP,
        tag::HEAD,
        tag::HHEA,
        tag::HMTX,
        tag::MAXP,
        tag::OS_2,
    ]);
    let bytes =
        subset(&provider, &ids, &tables, CmapTarget::Unicode).map_err(|_| broken("subset"))?;
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
            assert!(f.advances.len() > 1000, "{}", f.name);
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
        assert_eq!(&a.ids[1..], &glyphs[..]);
    }

    #[test]
    fn glyph_use_keeps_the_first_character_of_each_glyph() {
        let mut used = GlyphUse::default();
        used.add(FaceId::Bold, 40, 'a');
        used.add(FaceId::Bold, 40, 'b');
        used.add(FaceId::Bold, 3, '\0');
        used.add(FaceId::Cjk, 9000, '王');
        let faces: Vec<_> = used.faces().collect();
        assert_eq!(
            faces,
            vec![
                (FaceId::Bold, vec![(3, '\0'), (40, 'a')]),
                (FaceId::Cjk, vec![(9000, '王')])
            ]
        );
    }
}
