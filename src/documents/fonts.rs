//! The fonts every document embeds, and subsetting them per document.
//!
//! DejaVu Sans (regular and bold) covers Latin with every European and
//! Vietnamese accent, Greek and Cyrillic; Droid Sans Fallback covers Chinese,
//! Japanese and Korean. Each character is drawn in the first face that has it.
//! The files ship inside the binary (licences beside them in `fonts/`); each
//! face is parsed once per process, and each document embeds only the glyphs it
//! uses, so "王芳" costs two glyphs, not four megabytes.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use allsorts::tag;
use printpdf::ParsedFont;

use crate::error::{Error, Result};

/// The faces, in the order characters look for a glyph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FaceId {
    Regular = 0,
    Bold = 1,
    Cjk = 2,
}

pub(crate) const FACES: [FaceId; 3] = [FaceId::Regular, FaceId::Bold, FaceId::Cjk];

pub(crate) struct Face {
    pub name: &'static str,
    pub bytes: &'static [u8],
    /// Basic Multilingual Plane character → (glyph id, advance in font units),
    /// indexed by code point; glyph 0 means none. Looked up for every
    /// character measured and drawn, so a table rather than a hash.
    bmp: Vec<(u16, u16)>,
    /// The same for characters beyond the BMP.
    astral: HashMap<char, (u16, u16)>,
    pub units_per_em: f32,
}

impl Face {
    fn load(name: &'static str, bytes: &'static [u8]) -> Face {
        let mut warnings = Vec::new();
        // The files are part of the binary and checked by a test, so a face that
        // fails to parse can only be a broken build; it then draws nothing.
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings);
        let mut bmp = vec![(0u16, 0u16); 0x1_0000];
        let mut astral = HashMap::new();
        let mut units_per_em = 1000.0;
        if let Some(p) = parsed {
            units_per_em = f32::from(p.units_per_em.max(1));
            for (cp, gid) in &p.codepoint_to_glyph {
                let entry = (*gid, p.glyph_widths.get(gid).copied().unwrap_or(0));
                match (usize::try_from(*cp), char::from_u32(*cp)) {
                    (Ok(i), _) if i < bmp.len() => bmp[i] = entry,
                    (_, Some(c)) => {
                        astral.insert(c, entry);
                    }
                    _ => {}
                }
            }
        }
        Face {
            name,
            bytes,
            bmp,
            astral,
            units_per_em,
        }
    }

    pub fn glyph(&self, c: char) -> Option<(u16, u16)> {
        let found = match self.bmp.get(c as usize) {
            Some(entry) => *entry,
            None => self.astral.get(&c).copied()?,
        };
        (found.0 != 0).then_some(found)
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

/// The glyphs one document uses, per face.
#[derive(Default)]
pub(crate) struct GlyphUse {
    used: [BTreeSet<u16>; 3],
}

impl GlyphUse {
    pub fn add(&mut self, face: FaceId, gid: u16) {
        self.used[face as usize].insert(gid);
    }

    pub fn faces(&self) -> impl Iterator<Item = (FaceId, &BTreeSet<u16>)> {
        FACES
            .iter()
            .map(|f| (*f, &self.used[*f as usize]))
            .filter(|(_, s)| !s.is_empty())
    }
}

/// The subset of `face` holding `glyphs` (and .notdef), as a font printpdf
/// embeds whole, named with the subset tag PDF readers expect ("ABCDEF+Name"),
/// derived from the glyph set so the same text gives the same bytes.
pub(crate) fn subset_font(id: FaceId, glyphs: &BTreeSet<u16>) -> Result<ParsedFont> {
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
    // The tables a PDF reader draws with, without the hinting programs (cvt,
    // fpgm, prep) that would make up half of a small subset's size.
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
    let mut parsed =
        ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()).ok_or_else(|| broken("subset"))?;
    parsed.font_name = Some(format!("{}+{}", subset_tag(&ids), f.name));
    Ok(parsed)
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
    fn subsets_are_small_and_tagged_by_their_glyphs() {
        let glyphs: BTreeSet<u16> = "Zoë".chars().map(|c| pick(FaceId::Regular, c).1).collect();
        let a = subset_font(FaceId::Regular, &glyphs).unwrap();
        assert!(
            a.original_bytes.len() < 20_000,
            "{}",
            a.original_bytes.len()
        );
        let b = subset_font(FaceId::Regular, &glyphs).unwrap();
        assert_eq!(a.font_name, b.font_name);
        assert!(a
            .font_name
            .as_deref()
            .unwrap_or("")
            .ends_with("+DejaVuSans"));
    }
}
