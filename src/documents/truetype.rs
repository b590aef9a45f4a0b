//! Cutting a TrueType face down to the glyphs one document uses.
//!
//! A PDF's CID font draws glyphs by id through its own `/CIDToGIDMap`, so the
//! embedded file needs only what draws them (OpenType's list for a CID font):
//! `glyf` and `loca`, `hmtx`, `head`, `hhea`, `maxp`, and `OS/2` for the
//! metrics readers like to see — no `cmap` (the PDF maps codes to glyphs),
//! no hinting programs (`fpgm`, `prep`, `cvt`: half of a small subset), no
//! names or kerning. Only the glyphs asked for are read, through `loca`,
//! so the cost follows the document, not the face: a subset of Droid Sans
//! Fallback's 49,382 glyphs costs what a subset of Hebrew's 149 does.

use std::collections::HashMap;

/// The subset of `font` holding glyph 0 (.notdef), `glyphs` and the glyphs
/// their composites are made of, renumbered in that order: answers the file
/// and, for each new glyph id, its id in `font`. `None` when the file is not
/// a TrueType face with the tables it needs, or a glyph is out of range.
pub(crate) fn subset(font: &[u8], glyphs: &[u16]) -> Option<(Vec<u8>, Vec<u16>)> {
    let head = table(font, b"head")?;
    let hhea = table(font, b"hhea")?;
    let maxp = table(font, b"maxp")?;
    let hmtx = table(font, b"hmtx")?;
    let loca = table(font, b"loca")?;
    let glyf = table(font, b"glyf")?;
    let long_loca = u16_at(head, 50)? == 1;
    let count = u16_at(maxp, 4)?;
    let metrics = u16_at(hhea, 34)?.max(1);

    let data = |g: u16| -> Option<&[u8]> {
        if g >= count {
            return None;
        }
        let i = usize::from(g);
        let (start, end) = if long_loca {
            (
                u32_at(loca, i * 4)? as usize,
                u32_at(loca, i * 4 + 4)? as usize,
            )
        } else {
            (
                usize::from(u16_at(loca, i * 2)?) * 2,
                usize::from(u16_at(loca, i * 2 + 2)?) * 2,
            )
        };
        glyf.get(start..end.max(start))
    };

    // The glyphs kept, in their new order, and where each old id went.
    let mut ids: Vec<u16> = Vec::with_capacity(glyphs.len() + 1);
    let mut new_id: HashMap<u16, u16> = HashMap::with_capacity(glyphs.len() + 1);
    for g in std::iter::once(0).chain(glyphs.iter().copied()) {
        data(g)?;
        keep(g, &mut ids, &mut new_id)?;
    }
    // Composites need their components, which may be composites too.
    let mut i = 0;
    while i < ids.len() {
        for component in components(data(ids[i])?)? {
            data(component)?;
            keep(component, &mut ids, &mut new_id)?;
        }
        i += 1;
    }

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity((ids.len() + 1) * 4);
    for g in &ids {
        new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
        let glyph = data(*g)?;
        let start = new_glyf.len();
        copy_glyph(glyph, &mut new_glyf)?;
        if is_composite(glyph) {
            renumber_components(&mut new_glyf[start..], &new_id)?;
        }
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
    }
    new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());

    let mut new_hmtx = Vec::with_capacity(ids.len() * 4);
    for g in &ids {
        let (advance, lsb) = if *g < metrics {
            let at = usize::from(*g) * 4;
            (u16_at(hmtx, at)?, u16_at(hmtx, at + 2)?)
        } else {
            let last = usize::from(metrics - 1) * 4;
            let at = usize::from(metrics) * 4 + usize::from(*g - metrics) * 2;
            (u16_at(hmtx, last)?, u16_at(hmtx, at).unwrap_or(0))
        };
        new_hmtx.extend_from_slice(&advance.to_be_bytes());
        new_hmtx.extend_from_slice(&lsb.to_be_bytes());
    }
    let n = u16::try_from(ids.len()).ok()?.to_be_bytes();
    let mut new_maxp = maxp.to_vec();
    new_maxp.get_mut(4..6)?.copy_from_slice(&n);
    let mut new_hhea = hhea.to_vec();
    new_hhea.get_mut(34..36)?.copy_from_slice(&n);
    let mut new_head = head.to_vec();
    // The whole file's checksum goes in later; `loca` is written long.
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());

    let mut tables: Vec<(&[u8; 4], &[u8])> = Vec::with_capacity(7);
    let os2 = table(font, b"OS/2");
    if let Some(os2) = os2 {
        tables.push((b"OS/2", os2));
    }
    tables.extend([
        (b"glyf", new_glyf.as_slice()),
        (b"head", new_head.as_slice()),
        (b"hhea", new_hhea.as_slice()),
        (b"hmtx", new_hmtx.as_slice()),
        (b"loca", new_loca.as_slice()),
        (b"maxp", new_maxp.as_slice()),
    ]);
    let mut out = write_tables(&tables)?;
    // head.checkSumAdjustment: what makes the whole file sum to the magic.
    let adjustment = 0xB1B0_AFBA_u32.wrapping_sub(checksum(&out));
    let head_at = table_offset(&out, b"head")?;
    out.get_mut(head_at + 8..head_at + 12)?
        .copy_from_slice(&adjustment.to_be_bytes());
    Some((out, ids))
}

/// Adds glyph `g` to the subset, next in order, unless it is there already.
fn keep(g: u16, ids: &mut Vec<u16>, new_id: &mut HashMap<u16, u16>) -> Option<()> {
    if let std::collections::hash_map::Entry::Vacant(e) = new_id.entry(g) {
        e.insert(u16::try_from(ids.len()).ok()?);
        ids.push(g);
    }
    Some(())
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Where the table `tag` starts in `font`.
fn table_offset(font: &[u8], tag: &[u8; 4]) -> Option<usize> {
    let tables = usize::from(u16_at(font, 4)?);
    (0..tables).find_map(|i| {
        let record = 12 + i * 16;
        (font.get(record..record + 4)? == tag).then_some(())?;
        Some(u32_at(font, record + 8)? as usize)
    })
}

/// The table `tag` of `font`.
fn table<'f>(font: &'f [u8], tag: &[u8; 4]) -> Option<&'f [u8]> {
    let tables = usize::from(u16_at(font, 4)?);
    (0..tables).find_map(|i| {
        let record = 12 + i * 16;
        (font.get(record..record + 4)? == tag).then_some(())?;
        let offset = u32_at(font, record + 8)? as usize;
        let length = u32_at(font, record + 12)? as usize;
        font.get(offset..offset.checked_add(length)?)
    })
}

fn is_composite(glyph: &[u8]) -> bool {
    glyph.len() >= 10 && glyph[0] & 0x80 != 0
}

// Composite glyph flags.
const ARGS_ARE_WORDS: u16 = 0x0001;
const HAS_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const HAS_X_AND_Y_SCALE: u16 = 0x0040;
const HAS_TWO_BY_TWO: u16 = 0x0080;
const HAS_INSTRUCTIONS: u16 = 0x0100;

/// Where a composite glyph's component at `at`, with `flags`, ends.
fn component_end(at: usize, flags: u16) -> usize {
    let args = if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
    let transform = if flags & HAS_SCALE != 0 {
        2
    } else if flags & HAS_X_AND_Y_SCALE != 0 {
        4
    } else if flags & HAS_TWO_BY_TWO != 0 {
        8
    } else {
        0
    };
    at + 4 + args + transform
}

/// Each component of a composite glyph: the offset of its flags.
fn component_offsets(glyph: &[u8]) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    let mut at = 10;
    loop {
        let flags = u16_at(glyph, at)?;
        out.push(at);
        at = component_end(at, flags);
        if flags & MORE_COMPONENTS == 0 {
            return Some(out);
        }
    }
}

/// The glyphs a composite glyph is made of (none for a simple one).
fn components(glyph: &[u8]) -> Option<Vec<u16>> {
    if !is_composite(glyph) {
        return Some(Vec::new());
    }
    component_offsets(glyph)?
        .into_iter()
        .map(|at| u16_at(glyph, at + 2))
        .collect()
}

/// Appends `glyph` to `out`, without the padding the face left after it.
/// Its hinting instructions stay: without the face's hinting programs they
/// do less, but a renderer that runs them without anti-aliasing (Ghostscript
/// at 100 dpi) then still draws a hyphen one pixel tall, where without them
/// it dropped it.
fn copy_glyph(glyph: &[u8], out: &mut Vec<u8>) -> Option<()> {
    if glyph.is_empty() {
        return Some(());
    }
    let end = if is_composite(glyph) {
        let last = *component_offsets(glyph)?.last()?;
        let flags = u16_at(glyph, last)?;
        let end = component_end(last, flags);
        if flags & HAS_INSTRUCTIONS != 0 {
            end + 2 + usize::from(u16_at(glyph, end)?)
        } else {
            end
        }
    } else {
        // Its contours' end points, the instructions' length and the
        // instructions, then the outline's flags and coordinates.
        let contours = usize::from(u16_at(glyph, 0)?);
        let length_at = 10 + contours * 2;
        let points = match contours {
            0 => 0,
            _ => usize::from(u16_at(glyph, length_at - 2)?) + 1,
        };
        let length = usize::from(u16_at(glyph, length_at)?);
        outline_end(glyph, length_at + 2 + length, points)?
    };
    out.extend_from_slice(glyph.get(..end)?);
    Some(())
}

/// Where a simple glyph's outline, starting at `at` with `points` points,
/// ends: its flags (each may repeat), then the x and the y coordinates, one
/// or two bytes each (or none, when the same as the last) as the flags say.
fn outline_end(glyph: &[u8], mut at: usize, points: usize) -> Option<usize> {
    const X_SHORT: u8 = 0x02;
    const Y_SHORT: u8 = 0x04;
    const REPEAT: u8 = 0x08;
    const X_SAME: u8 = 0x10;
    const Y_SAME: u8 = 0x20;
    let (mut read, mut x_bytes, mut y_bytes) = (0usize, 0usize, 0usize);
    while read < points {
        let flag = *glyph.get(at)?;
        at += 1;
        let times = if flag & REPEAT != 0 {
            at += 1;
            usize::from(*glyph.get(at - 1)?) + 1
        } else {
            1
        };
        let x = if flag & X_SHORT != 0 {
            1
        } else if flag & X_SAME != 0 {
            0
        } else {
            2
        };
        let y = if flag & Y_SHORT != 0 {
            1
        } else if flag & Y_SAME != 0 {
            0
        } else {
            2
        };
        x_bytes += x * times;
        y_bytes += y * times;
        read += times;
    }
    let end = at + x_bytes + y_bytes;
    (end <= glyph.len()).then_some(end)
}

/// Rewrites a composite glyph's component ids (copied into `glyph`) to their
/// new ids.
fn renumber_components(glyph: &mut [u8], new_id: &HashMap<u16, u16>) -> Option<()> {
    for at in component_offsets(glyph)? {
        let old = u16_at(glyph, at + 2)?;
        let new = new_id.get(&old)?;
        glyph
            .get_mut(at + 2..at + 4)?
            .copy_from_slice(&new.to_be_bytes());
    }
    Some(())
}

/// The sum of `data` as big-endian 32-bit words, zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, word| {
        let mut w = [0u8; 4];
        w[..word.len()].copy_from_slice(word);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// A TrueType file of `tables` (in tag order): the directory, then each
/// table at a four-byte boundary.
fn write_tables(tables: &[(&[u8; 4], &[u8])]) -> Option<Vec<u8>> {
    let n = u16::try_from(tables.len()).ok()?;
    let power = 1u16 << (15 - n.leading_zeros());
    let search_range = power * 16;
    let entry_selector = power.trailing_zeros() as u16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, search_range, entry_selector, n * 16 - search_range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + tables.len() * 16;
    for (tag, data) in tables {
        out.extend_from_slice(*tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&u32::try_from(offset).ok()?.to_be_bytes());
        out.extend_from_slice(&u32::try_from(data.len()).ok()?.to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustybuzz::ttf_parser::{self, GlyphId, OutlineBuilder};

    const DEJAVU: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");

    /// A glyph's outline as text, to compare.
    #[derive(Default)]
    struct Path(String);

    impl OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0 += &format!("M{x} {y} ");
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0 += &format!("L{x} {y} ");
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0 += &format!("Q{x1} {y1} {x} {y} ");
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0 += &format!("C{x1} {y1} {x2} {y2} {x} {y} ");
        }
        fn close(&mut self) {
            self.0 += "Z ";
        }
    }

    fn outline(face: &ttf_parser::Face, g: u16) -> String {
        let mut path = Path::default();
        face.outline_glyph(GlyphId(g), &mut path);
        path.0
    }

    #[test]
    fn a_subset_draws_each_glyph_as_the_face_does() {
        let face = ttf_parser::Face::parse(DEJAVU, 0).unwrap();
        let gid = |c| face.glyph_index(c).unwrap().0;
        // "ë" is a composite of "e" and a diaeresis; "Q" and "-" are simple.
        let mut wanted: Vec<u16> = ['Q', 'ë', '-', 'ệ'].map(gid).to_vec();
        wanted.sort_unstable();
        let (bytes, ids) = subset(DEJAVU, &wanted).unwrap();
        assert_eq!(ids[0], 0);
        assert_eq!(&ids[1..=wanted.len()], &wanted[..]);
        assert!(
            ids.len() > wanted.len() + 1,
            "the composites' parts came along"
        );
        let small = ttf_parser::Face::parse(&bytes, 0).unwrap();
        assert_eq!(small.number_of_glyphs() as usize, ids.len());
        for (new, old) in ids.iter().enumerate() {
            let new = new as u16;
            assert_eq!(outline(&small, new), outline(&face, *old), "glyph {old}");
            assert_eq!(
                small.glyph_hor_advance(GlyphId(new)),
                face.glyph_hor_advance(GlyphId(*old))
            );
        }
        // A few kilobytes, not the face's 740.
        assert!(bytes.len() < 8_000, "{}", bytes.len());
        // The whole file sums to the magic number, as head says it should.
        assert_eq!(checksum(&bytes), 0xB1B0_AFBA);
    }

    #[test]
    fn the_largest_face_costs_no_more_than_its_glyphs() {
        let cjk = include_bytes!("fonts/DroidSansFallbackFull.ttf");
        let face = ttf_parser::Face::parse(cjk, 0).unwrap();
        let wanted: Vec<u16> = "王芳佐藤健"
            .chars()
            .map(|c| face.glyph_index(c).unwrap().0)
            .collect();
        let mut sorted = wanted.clone();
        sorted.sort_unstable();
        let (bytes, ids) = subset(cjk, &sorted).unwrap();
        // Five characters and .notdef, and the parts some are built from.
        assert!(ids.len() >= 6 && ids.len() < 30, "{}", ids.len());
        assert!(bytes.len() < 10_000, "{}", bytes.len());
        let small = ttf_parser::Face::parse(&bytes, 0).unwrap();
        for (new, old) in ids.iter().enumerate() {
            assert_eq!(outline(&small, new as u16), outline(&face, *old));
        }
    }

    #[test]
    fn a_broken_face_or_glyph_is_refused_not_read_past() {
        assert!(subset(b"", &[1]).is_none());
        assert!(subset(&DEJAVU[..2_000], &[36]).is_none());
        assert!(
            subset(DEJAVU, &[u16::MAX]).is_none(),
            "a glyph beyond the face"
        );
        // Every face of the app subsets.
        let face = ttf_parser::Face::parse(DEJAVU, 0).unwrap();
        let all: Vec<u16> = (1..face.number_of_glyphs()).collect();
        let (bytes, _) = subset(DEJAVU, &all).unwrap();
        assert!(ttf_parser::Face::parse(&bytes, 0).is_ok());
    }
}
