//! Writing a PDF as it is produced: every object goes to the output the moment
//! it is complete, so a document of a hundred thousand pages needs no more
//! memory than one of three.
//!
//! What stays in memory is small and per object or per page-tree node: the
//! byte offset of every object (for the cross-reference table), the ids of the
//! pages of the page-tree node being filled, the glyphs used (bounded by the
//! fonts, not the document) and one pending bookmark. At the end come the
//! fonts (subset to the glyphs used, see `fonts.rs`), the page tree's root,
//! the outline's root, the catalog, the document information and the
//! cross-reference table, whose trailer carries an `/ID` that is a hash of
//! every byte before it: the same content and timestamp give the same bytes.
//!
//! Text is shown as two-byte glyph ids of the original faces (Identity-H
//! CIDFonts whose CIDs are those ids), so pages can be written before the
//! glyph set is known; each font then maps the ids to its subset's glyphs
//! (`/CIDToGIDMap`) and to the characters they were drawn for (`/ToUnicode`),
//! which is what makes `pdftotext` give the exact text back.

use std::io::Write;

use super::image::{Encoding, Image};

use chrono::{DateTime, Utc};
use flate2::{Compress, Compression, FlushCompress, Status};

use super::fonts::{self, FaceId, GlyphUse};
use crate::error::{Error, Result};

mod syntax;

pub(crate) use syntax::{hex_u16, integer, number, text_string};
use syntax::{kids, reference};

/// A PDF object number (generation is always 0).
pub(crate) type ObjId = u32;

const CATALOG: ObjId = 1;
const PAGE_TREE: ObjId = 2;
const RESOURCES: ObjId = 3;
const FIRST_FREE: ObjId = 4;

/// Pages per node of the page tree: the root holds nodes, each node up to this
/// many pages, so no array grows with the document and a viewer finds page
/// 90,000 without reading 90,000 references.
const PAGES_PER_NODE: usize = 64;

/// zlib's fastest level: a few percent larger than the default, in a
/// fraction of the time.
const COMPRESSION: u32 = 1;

/// The PDF resource name of a face's font: `/F0`, `/F1`, `/F2`.
pub(crate) fn font_name(face: FaceId) -> &'static [u8] {
    match face {
        FaceId::Regular => b"/F0",
        FaceId::Bold => b"/F1",
        FaceId::Cjk => b"/F2",
        FaceId::Arabic => b"/F3",
        FaceId::ArabicBold => b"/F4",
        FaceId::Hebrew => b"/F5",
        FaceId::HebrewBold => b"/F6",
        FaceId::Devanagari => b"/F7",
        FaceId::DevanagariBold => b"/F8",
        FaceId::Emoji => b"/F9",
    }
}

/// The output, counting bytes for the cross-reference table and hashing them
/// for the document id.
struct Counted<'o> {
    out: &'o mut dyn Write,
    at: u64,
    hash: [u64; 2],
}

impl Counted<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        // FNV-1a, twice with different seeds, for 128 bits.
        let [mut a, mut b] = self.hash;
        for byte in bytes {
            a = (a ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
            b = (b ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.hash = [a, b];
        self.out.write_all(bytes)?;
        self.at += bytes.len() as u64;
        Ok(())
    }
}

/// A bookmark waiting for the next one, whose id it must name as `/Next`.
struct Bookmark {
    id: Option<ObjId>,
    prev: Option<ObjId>,
    title: String,
    page: ObjId,
}

pub(crate) struct PdfWriter<'o> {
    out: Counted<'o>,
    /// Byte offset of object `n` at index `n - 1`; 0 while reserved, unwritten.
    offsets: Vec<u64>,
    media_box: Vec<u8>,
    /// The page-tree node being filled and the pages in it so far.
    node: Option<(ObjId, Vec<ObjId>)>,
    /// Every node written (the root's kids).
    nodes: Vec<ObjId>,
    page_count: usize,
    outline_root: Option<ObjId>,
    outline_first: Option<ObjId>,
    outline_last: Option<ObjId>,
    outline_count: usize,
    pending: Option<Bookmark>,
    /// The image drawn as `/Logo` on every page, if any.
    logo: Option<ObjId>,
    deflate: Compress,
    deflated: Vec<u8>,
}

impl<'o> PdfWriter<'o> {
    /// Starts a document of pages `width` × `height` points, writing its header.
    pub fn new(out: &'o mut dyn Write, width: f32, height: f32) -> Result<PdfWriter<'o>> {
        let mut media_box = b"[0 0 ".to_vec();
        number(&mut media_box, width);
        media_box.push(b' ');
        number(&mut media_box, height);
        media_box.push(b']');
        let mut w = PdfWriter {
            out: Counted {
                out,
                at: 0,
                hash: [0xcbf2_9ce4_8422_2325, 0x8422_2325_cbf2_9ce4],
            },
            offsets: vec![0; (FIRST_FREE - 1) as usize],
            media_box,
            node: None,
            nodes: Vec::new(),
            page_count: 0,
            outline_root: None,
            outline_first: None,
            outline_last: None,
            outline_count: 0,
            pending: None,
            logo: None,
            deflate: Compress::new(Compression::new(COMPRESSION), true),
            deflated: Vec::new(),
        };
        // A comment of bytes above 127 right after the version tells transfer
        // programs the file is binary.
        w.out.put(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")?;
        Ok(w)
    }

    fn reserve(&mut self) -> ObjId {
        self.offsets.push(0);
        self.offsets.len() as ObjId
    }

    fn begin(&mut self, id: ObjId) -> Result<()> {
        if let Some(slot) = self.offsets.get_mut(id as usize - 1) {
            *slot = self.out.at;
        }
        let mut head = Vec::with_capacity(16);
        integer(&mut head, i64::from(id));
        head.extend_from_slice(b" 0 obj\n");
        self.out.put(&head)
    }

    /// Writes object `id` as the dictionary `<<body>>`.
    fn dict(&mut self, id: ObjId, body: &[u8]) -> Result<()> {
        self.begin(id)?;
        self.out.put(b"<<")?;
        self.out.put(body)?;
        self.out.put(b">>\nendobj\n")
    }

    /// Writes object `id` as a stream of `data`, deflated, with `extra`
    /// entries in its dictionary.
    fn stream(&mut self, id: ObjId, extra: &[u8], data: &[u8]) -> Result<()> {
        self.deflate.reset();
        let mut deflated = std::mem::take(&mut self.deflated);
        deflated.clear();
        deflated.reserve(data.len() / 2 + 64);
        let start = self.deflate.total_in();
        loop {
            let done = usize::try_from(self.deflate.total_in() - start).unwrap_or(usize::MAX);
            let status = self
                .deflate
                .compress_vec(
                    data.get(done..).unwrap_or_default(),
                    &mut deflated,
                    FlushCompress::Finish,
                )
                .map_err(|e| Error::Io(std::io::Error::other(e)))?;
            if status == Status::StreamEnd {
                break;
            }
            deflated.reserve(deflated.capacity().max(64));
        }
        let mut head = Vec::with_capacity(64 + extra.len());
        head.extend_from_slice(b"<</Filter/FlateDecode/Length ");
        integer(&mut head, deflated.len() as i64);
        head.extend_from_slice(extra);
        head.extend_from_slice(b">>\nstream\n");
        let result = (|| {
            self.begin(id)?;
            self.out.put(&head)?;
            self.out.put(&deflated)?;
            self.out.put(b"\nendstream\nendobj\n")
        })();
        self.deflated = deflated;
        result
    }

    /// Writes `image` as the XObject pages draw with `/Logo Do` (with its
    /// transparency as a soft mask).
    pub fn logo(&mut self, image: &Image) -> Result<()> {
        let colour: &[u8] = if image.components == 1 {
            b"/DeviceGray"
        } else {
            b"/DeviceRGB"
        };
        let mut extra = b"/Type/XObject/Subtype/Image/Width ".to_vec();
        integer(&mut extra, i64::from(image.width));
        extra.extend_from_slice(b"/Height ");
        integer(&mut extra, i64::from(image.height));
        extra.extend_from_slice(b"/BitsPerComponent 8/ColorSpace");
        if let Some(alpha) = &image.alpha {
            let mask = self.reserve();
            let mut mask_extra = extra.clone();
            mask_extra.extend_from_slice(b"/DeviceGray");
            self.stream(mask, &mask_extra, alpha)?;
            extra.extend_from_slice(colour);
            extra.extend_from_slice(b"/SMask ");
            reference(&mut extra, mask);
        } else {
            extra.extend_from_slice(colour);
        }
        let id = self.reserve();
        match image.encoding {
            Encoding::Samples => self.stream(id, &extra, &image.data)?,
            Encoding::Jpeg => {
                let mut head = b"<</Filter/DCTDecode/Length ".to_vec();
                integer(&mut head, image.data.len() as i64);
                head.extend_from_slice(&extra);
                head.extend_from_slice(b">>\nstream\n");
                self.begin(id)?;
                self.out.put(&head)?;
                self.out.put(&image.data)?;
                self.out.put(b"\nendstream\nendobj\n")?;
            }
        }
        self.logo = Some(id);
        Ok(())
    }

    /// Writes a page's content stream (operators, uncompressed), answering its id.
    pub fn content(&mut self, ops: &[u8]) -> Result<ObjId> {
        let id = self.reserve();
        self.stream(id, b"", ops)?;
        Ok(id)
    }

    /// Writes a page drawn by `contents` (in order), answering its id.
    pub fn page(&mut self, contents: &[ObjId]) -> Result<ObjId> {
        let parent = match &self.node {
            Some((id, _)) => *id,
            None => {
                let id = self.reserve();
                self.node = Some((id, Vec::with_capacity(PAGES_PER_NODE)));
                id
            }
        };
        let id = self.reserve();
        let mut body = Vec::with_capacity(128);
        body.extend_from_slice(b"/Type/Page/Parent ");
        reference(&mut body, parent);
        body.extend_from_slice(b"/MediaBox");
        body.extend_from_slice(&self.media_box);
        body.extend_from_slice(b"/Resources ");
        reference(&mut body, RESOURCES);
        body.extend_from_slice(b"/Contents[");
        for (i, c) in contents.iter().enumerate() {
            if i > 0 {
                body.push(b' ');
            }
            reference(&mut body, *c);
        }
        body.push(b']');
        self.dict(id, &body)?;
        self.page_count += 1;
        let full = match &mut self.node {
            Some((_, pages)) => {
                pages.push(id);
                pages.len() >= PAGES_PER_NODE
            }
            None => false,
        };
        if full {
            self.close_node()?;
        }
        Ok(id)
    }

    fn close_node(&mut self) -> Result<()> {
        let Some((id, pages)) = self.node.take() else {
            return Ok(());
        };
        let mut body = Vec::with_capacity(32 + pages.len() * 10);
        body.extend_from_slice(b"/Type/Pages/Parent ");
        reference(&mut body, PAGE_TREE);
        kids(&mut body, &pages);
        body.extend_from_slice(b"/Count ");
        integer(&mut body, pages.len() as i64);
        self.dict(id, &body)?;
        self.nodes.push(id);
        Ok(())
    }

    /// Adds a bookmark to `page` titled `title`, after the others. A document
    /// with a single bookmark gets no outline: there is nothing to navigate.
    /// Each bookmark is written when the next one comes (it names it as
    /// `/Next`), so only one is ever held.
    pub fn bookmark(&mut self, title: &str, page: ObjId) -> Result<()> {
        let next = match self.pending.take() {
            Some(mut previous) => {
                let id = match previous.id {
                    Some(id) => id,
                    None => self.reserve(),
                };
                previous.id = Some(id);
                let next = self.reserve();
                self.write_bookmark(&previous, Some(next))?;
                Bookmark {
                    id: Some(next),
                    prev: Some(id),
                    title: title.to_owned(),
                    page,
                }
            }
            None => Bookmark {
                id: None,
                prev: None,
                title: title.to_owned(),
                page,
            },
        };
        self.pending = Some(next);
        Ok(())
    }

    fn write_bookmark(&mut self, b: &Bookmark, next: Option<ObjId>) -> Result<()> {
        let Some(id) = b.id else {
            return Ok(());
        };
        let root = match self.outline_root {
            Some(root) => root,
            None => {
                let root = self.reserve();
                self.outline_root = Some(root);
                root
            }
        };
        if self.outline_first.is_none() {
            self.outline_first = Some(id);
        }
        self.outline_last = Some(id);
        self.outline_count += 1;
        let mut body = Vec::with_capacity(96 + b.title.len() * 4);
        body.extend_from_slice(b"/Title");
        text_string(&mut body, &b.title);
        body.extend_from_slice(b"/Parent ");
        reference(&mut body, root);
        if let Some(prev) = b.prev {
            body.extend_from_slice(b"/Prev ");
            reference(&mut body, prev);
        }
        if let Some(next) = next {
            body.extend_from_slice(b"/Next ");
            reference(&mut body, next);
        }
        body.extend_from_slice(b"/Dest[");
        reference(&mut body, b.page);
        body.extend_from_slice(b"/XYZ null null null]");
        self.dict(id, &body)
    }

    /// Writes the fonts, the page tree, the outline, the catalog, the document
    /// information and the cross-reference table.
    pub fn finish(mut self, glyphs: &GlyphUse, title: &str, timestamp: i64) -> Result<()> {
        self.close_node()?;
        if let Some(last) = self.pending.take() {
            if last.id.is_some() {
                self.write_bookmark(&last, None)?;
            }
        }

        let mut resources = b"/Font<<".to_vec();
        for (face, used) in glyphs.faces() {
            let id = self.font(face, &used)?;
            resources.extend_from_slice(font_name(face));
            resources.push(b' ');
            reference(&mut resources, id);
        }
        resources.extend_from_slice(b">>");
        if let Some(logo) = self.logo {
            resources.extend_from_slice(b"/XObject<</Logo ");
            reference(&mut resources, logo);
            resources.extend_from_slice(b">>");
        }
        self.dict(RESOURCES, &resources)?;

        let mut root = b"/Type/Pages".to_vec();
        let nodes = std::mem::take(&mut self.nodes);
        kids(&mut root, &nodes);
        root.extend_from_slice(b"/Count ");
        integer(&mut root, self.page_count as i64);
        self.dict(PAGE_TREE, &root)?;

        let mut catalog = b"/Type/Catalog/Pages ".to_vec();
        reference(&mut catalog, PAGE_TREE);
        // The forms' own words are English (names may be in any script): a
        // screen reader reads them as English. The viewer's title bar shows
        // the document's title rather than its file name.
        catalog.extend_from_slice(b"/Lang(en)/ViewerPreferences<</DisplayDocTitle true>>");
        let when = DateTime::<Utc>::from_timestamp(timestamp, 0)
            .ok_or_else(|| Error::invalid("timestamp", "The print time is out of range"))?;
        let metadata = self.reserve();
        let xmp = xmp(title, &when.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        let mut head = b"<</Type/Metadata/Subtype/XML/Length ".to_vec();
        integer(&mut head, xmp.len() as i64);
        head.extend_from_slice(b">>\nstream\n");
        self.begin(metadata)?;
        self.out.put(&head)?;
        self.out.put(xmp.as_bytes())?;
        self.out.put(b"\nendstream\nendobj\n")?;
        catalog.extend_from_slice(b"/Metadata ");
        reference(&mut catalog, metadata);
        if let (Some(outline), Some(first), Some(last)) =
            (self.outline_root, self.outline_first, self.outline_last)
        {
            let mut body = b"/Type/Outlines/First ".to_vec();
            reference(&mut body, first);
            body.extend_from_slice(b"/Last ");
            reference(&mut body, last);
            body.extend_from_slice(b"/Count ");
            integer(&mut body, self.outline_count as i64);
            self.dict(outline, &body)?;
            catalog.extend_from_slice(b"/Outlines ");
            reference(&mut catalog, outline);
            catalog.extend_from_slice(b"/PageMode/UseOutlines");
        }
        self.dict(CATALOG, &catalog)?;

        let date = format!("D:{}Z", when.format("%Y%m%d%H%M%S"));
        let info = self.reserve();
        let mut body = b"/Title".to_vec();
        text_string(&mut body, title);
        body.extend_from_slice(b"/Creator(Standard Practice)/Producer(Standard Practice)");
        body.extend_from_slice(b"/CreationDate");
        text_string(&mut body, &date);
        body.extend_from_slice(b"/ModDate");
        text_string(&mut body, &date);
        self.dict(info, &body)?;

        // The table goes out in slices: at 20 bytes an object it would
        // otherwise be the one thing that grows with the document.
        let xref_at = self.out.at;
        let size = self.offsets.len() + 1;
        let mut table = Vec::with_capacity(64 * 1024);
        table.extend_from_slice(b"xref\n0 ");
        integer(&mut table, size as i64);
        table.extend_from_slice(b"\n0000000000 65535 f \n");
        let offsets = std::mem::take(&mut self.offsets);
        for offset in &offsets {
            if *offset == 0 {
                // Reserved and never written; nothing refers to it.
                table.extend_from_slice(b"0000000000 00000 f \n");
            } else {
                let digits = offset.to_string();
                table.extend(std::iter::repeat_n(
                    b'0',
                    10usize.saturating_sub(digits.len()),
                ));
                table.extend_from_slice(digits.as_bytes());
                table.extend_from_slice(b" 00000 n \n");
            }
            if table.len() >= 64 * 1024 - 20 {
                self.out.put(&table)?;
                table.clear();
            }
        }
        table.extend_from_slice(b"trailer\n<</Size ");
        integer(&mut table, size as i64);
        table.extend_from_slice(b"/Root ");
        reference(&mut table, CATALOG);
        table.extend_from_slice(b"/Info ");
        reference(&mut table, info);
        self.out.put(&table)?;
        // The id is a hash of everything before it.
        let id = format!("{:016x}{:016x}", self.out.hash[0], self.out.hash[1]);
        let mut tail = format!("/ID[<{id}><{id}>]>>\nstartxref\n").into_bytes();
        integer(&mut tail, xref_at as i64);
        tail.extend_from_slice(b"\n%%EOF\n");
        self.out.put(&tail)?;
        self.out.out.flush()?;
        Ok(())
    }

    /// Embeds the subset of `face` holding `used` (original glyph id, the
    /// character drawn with it) as a Type 0 font, answering its id.
    fn font(&mut self, face: FaceId, used: &[(u16, String)]) -> Result<ObjId> {
        let f = fonts::face(face);
        let gids: Vec<u16> = used.iter().map(|(g, _)| *g).collect();
        let subset = fonts::subset_font(face, &gids)?;

        let file = self.reserve();
        let mut extra = b"/Length1 ".to_vec();
        integer(&mut extra, subset.bytes.len() as i64);
        self.stream(file, &extra, &subset.bytes)?;

        // CID (original glyph id) → glyph id in the subset, two bytes each.
        let max_cid = gids.iter().copied().max().unwrap_or(0);
        let mut map = vec![0u8; (usize::from(max_cid) + 1) * 2];
        for (new, old) in subset.ids.iter().enumerate() {
            let at = usize::from(*old) * 2;
            if let (Some(slot), Ok(new)) = (map.get_mut(at..at + 2), u16::try_from(new)) {
                slot.copy_from_slice(&new.to_be_bytes());
            }
        }
        let cid_to_gid = self.reserve();
        self.stream(cid_to_gid, b"", &map)?;

        let to_unicode = self.reserve();
        self.stream(to_unicode, b"", &to_unicode_cmap(used))?;

        let m = f.metrics;
        let descriptor = self.reserve();
        let mut body = b"/Type/FontDescriptor/FontName/".to_vec();
        body.extend_from_slice(subset.name.as_bytes());
        // Symbolic: the glyphs are named by id, not by a standard encoding.
        body.extend_from_slice(b"/Flags 4/ItalicAngle 0/Ascent ");
        integer(&mut body, f.scaled(m.ascent));
        body.extend_from_slice(b"/Descent ");
        integer(&mut body, f.scaled(m.descent));
        body.extend_from_slice(b"/CapHeight ");
        integer(&mut body, f.scaled(m.cap_height));
        // The usual estimate of the stem width from the weight class.
        let stem_v = if m.weight_class == 0 {
            80
        } else {
            50 + (f32::from(m.weight_class) / 65.0).powi(2).round() as i64
        };
        body.extend_from_slice(b"/StemV ");
        integer(&mut body, stem_v);
        body.extend_from_slice(b"/FontBBox[");
        for (i, v) in m.bbox.iter().enumerate() {
            if i > 0 {
                body.push(b' ');
            }
            integer(&mut body, f.scaled(*v));
        }
        body.extend_from_slice(b"]/FontFile2 ");
        reference(&mut body, file);
        self.dict(descriptor, &body)?;

        let font = self.reserve();
        let mut body = b"/Type/Font/Subtype/Type0/BaseFont/".to_vec();
        body.extend_from_slice(subset.name.as_bytes());
        body.extend_from_slice(b"/Encoding/Identity-H/ToUnicode ");
        reference(&mut body, to_unicode);
        body.extend_from_slice(b"/DescendantFonts[<</Type/Font/Subtype/CIDFontType2/BaseFont/");
        body.extend_from_slice(subset.name.as_bytes());
        body.extend_from_slice(
            b"/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor ",
        );
        reference(&mut body, descriptor);
        body.extend_from_slice(b"/CIDToGIDMap ");
        reference(&mut body, cid_to_gid);
        body.extend_from_slice(b"/DW 1000/W[");
        // Runs of consecutive CIDs share one array: `first [w w w]`.
        let mut run_end: Option<u16> = None;
        for g in &gids {
            if run_end.is_some_and(|end| end + 1 == *g) {
                body.push(b' ');
            } else {
                if run_end.is_some() {
                    body.push(b']');
                }
                integer(&mut body, i64::from(*g));
                body.push(b'[');
            }
            integer(&mut body, f.width_1000(*g));
            run_end = Some(*g);
        }
        if run_end.is_some() {
            body.push(b']');
        }
        body.extend_from_slice(b"]>>]");
        self.dict(font, &body)?;
        Ok(font)
    }
}

/// The CMap that gives each CID (original glyph id) back its text.
fn to_unicode_cmap(used: &[(u16, String)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(400 + used.len() * 16);
    out.extend_from_slice(
        b"/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n\
/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n\
1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n",
    );
    for chunk in used.chunks(100) {
        integer(&mut out, chunk.len() as i64);
        out.extend_from_slice(b" beginbfchar\n");
        for (gid, text) in chunk {
            out.push(b'<');
            hex_u16(&mut out, *gid);
            out.extend_from_slice(b"><");
            for unit in text.encode_utf16() {
                hex_u16(&mut out, unit);
            }
            out.extend_from_slice(b">\n");
        }
        out.extend_from_slice(b"endbfchar\n");
    }
    out.extend_from_slice(b"endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n");
    out
}

/// The document's XMP metadata (uncompressed, as archiving and search tools
/// read it): its title, language, format, times and the program that made it,
/// the same as the document information dictionary says.
fn xmp(title: &str, when: &str) -> String {
    let mut escaped = String::with_capacity(title.len());
    for c in title.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            // XML 1.0 has no place for control characters.
            c if c.is_control() => escaped.push(' '),
            c => escaped.push(c),
        }
    }
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n\
         <dc:format>application/pdf</dc:format>\n\
         <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{escaped}</rdf:li></rdf:Alt></dc:title>\n\
         <dc:language><rdf:Bag><rdf:li>en</rdf:li></rdf:Bag></dc:language>\n\
         <xmp:CreateDate>{when}</xmp:CreateDate>\n\
         <xmp:ModifyDate>{when}</xmp:ModifyDate>\n\
         <xmp:MetadataDate>{when}</xmp:MetadataDate>\n\
         <xmp:CreatorTool>Standard Practice</xmp:CreatorTool>\n\
         <pdf:Producer>Standard Practice</pdf:Producer>\n\
         </rdf:Description>\n\
         </rdf:RDF>\n\
         </x:xmpmeta>\n\
         <?xpacket end=\"r\"?>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document of `pages` pages, a bookmark on every tenth, as bytes.
    fn document(pages: usize, timestamp: i64) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut pdf = PdfWriter::new(&mut bytes, 595.28, 841.89).unwrap();
        let mut glyphs = GlyphUse::default();
        let (face, gid, _) = fonts::pick(FaceId::Regular, 'A');
        glyphs.add(face, gid, 'A');
        for i in 0..pages {
            let mut ops = b"BT /F0 12 Tf 72 720 Td <".to_vec();
            hex_u16(&mut ops, gid);
            ops.extend_from_slice(b"> Tj ET");
            let content = pdf.content(&ops).unwrap();
            let page = pdf.page(&[content]).unwrap();
            if i % 10 == 0 {
                pdf.bookmark(&format!("Part {i}"), page).unwrap();
            }
        }
        pdf.finish(&glyphs, "Test", timestamp).unwrap();
        bytes
    }

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }

    #[test]
    fn every_cross_reference_points_at_its_object() {
        let pdf = document(130, 0);
        let tail = &pdf[find(&pdf, b"startxref\n").unwrap() + 10..];
        let at: usize =
            std::str::from_utf8(&tail[..tail.iter().position(|b| *b == b'\n').unwrap()])
                .unwrap()
                .parse()
                .unwrap();
        let table = std::str::from_utf8(&pdf[at..]).unwrap();
        let mut lines = table.lines();
        assert_eq!(lines.next(), Some("xref"));
        let size: usize = lines.next().unwrap()[2..].parse().unwrap();
        let entries: Vec<&str> = lines.take(size).collect();
        assert!(entries[0].ends_with(" f "));
        for (id, entry) in entries.iter().enumerate().skip(1) {
            assert_eq!(entry.len(), 19, "each line is 20 bytes with its newline");
            assert!(entry.ends_with(" n "), "object {id} was written: {entry}");
            let offset: usize = entry[..10].parse().unwrap();
            assert!(
                pdf[offset..].starts_with(format!("{id} 0 obj\n").as_bytes()),
                "object {id}"
            );
        }
        let text = String::from_utf8_lossy(&pdf);
        // 130 pages in three nodes of the page tree; 13 bookmarks.
        assert!(text.contains("/Type/Pages/Kids["), "{text}");
        assert!(text.contains("/Count 130"));
        assert_eq!(text.matches("/Type/Pages/Parent 2 0 R").count(), 3);
        assert!(text.contains("/Type/Outlines/First") && text.contains("/Count 13"));
        assert!(text.contains("/CIDToGIDMap") && text.contains("/ToUnicode"));
        // Its language, its title in the viewer's title bar, no PDF/X claim.
        assert!(text.contains("/Lang(en)"));
        assert!(text.contains("/ViewerPreferences<</DisplayDocTitle true>>"));
        assert!(!text.contains("GTS_PDFX"));
    }

    #[test]
    fn the_id_is_a_hash_of_the_content() {
        let a = document(3, 0);
        assert_eq!(a, document(3, 0), "same content, same bytes");
        let b = document(3, 60);
        let id = |pdf: &[u8]| {
            let at = find(pdf, b"/ID[<").unwrap() + 5;
            pdf[at..at + 32].to_vec()
        };
        assert_ne!(id(&a), id(&b), "another time, another id");
        assert_ne!(id(&a), id(&document(4, 0)));
    }

    #[test]
    fn one_bookmark_makes_no_outline() {
        let pdf = String::from_utf8_lossy(&document(5, 0)).into_owned();
        assert!(!pdf.contains("/Outlines"), "{pdf}");
    }
}
