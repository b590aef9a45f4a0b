//! The practice's logo: a PNG or JPEG, checked when the owner sets it and
//! made ready for a PDF when a document is printed. A JPEG goes in as it is
//! (PDF readers decode it); a PNG is decoded into 8-bit samples, its
//! transparency into a soft mask.

use std::io::Cursor;

use crate::error::{Error, Result};

/// The largest logo file accepted.
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;
/// The most pixels a side may have: a logo prints about 2.5 cm wide.
pub const MAX_LOGO_PIXELS: u32 = 2048;

/// How an image's samples are stored in the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// The JPEG file itself (`/DCTDecode`).
    Jpeg,
    /// Raw 8-bit samples, deflated by the writer (`/FlateDecode`).
    Samples,
}

/// A logo ready for the PDF writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Image {
    pub width: u32,
    pub height: u32,
    /// 1 (grey) or 3 (RGB) components a pixel.
    pub components: u8,
    pub encoding: Encoding,
    pub data: Vec<u8>,
    /// One 8-bit alpha sample a pixel, when the PNG has transparency.
    pub alpha: Option<Vec<u8>>,
}

fn refused(message: impl Into<String>) -> Error {
    Error::invalid("logo", message)
}

/// Checks a logo file and prepares it: a PNG or a JPEG (grey or RGB), at most
/// 1 MB and 2048 pixels a side, that decodes. Every refusal names the field
/// `logo` and says what to do.
pub(crate) fn prepare(bytes: &[u8]) -> Result<Image> {
    if bytes.is_empty() {
        return Err(refused("The logo file is empty"));
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(refused(format!(
            "The logo is {} KB; a logo may be at most 1024 KB: save it smaller",
            bytes.len() / 1024
        )));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(bytes)
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        jpeg(bytes)
    } else {
        Err(refused("The logo must be a PNG or JPEG image"))
    }
}

fn check_size(width: u32, height: u32) -> Result<()> {
    if width == 0 || height == 0 {
        return Err(refused("The logo image has no pixels"));
    }
    if width > MAX_LOGO_PIXELS || height > MAX_LOGO_PIXELS {
        return Err(refused(format!(
            "The logo is {width} × {height} pixels; at most {MAX_LOGO_PIXELS} a side is needed for print: save it smaller"
        )));
    }
    Ok(())
}

fn png(bytes: &[u8]) -> Result<Image> {
    let unreadable = |_| refused("The logo is not a PNG image that can be read");
    let mut decoder = png::Decoder::new_with_limits(
        Cursor::new(bytes),
        png::Limits {
            bytes: 4 * (MAX_LOGO_PIXELS as usize).pow(2),
        },
    );
    // Palettes and low bit depths to 8-bit samples, 16-bit down to 8.
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(unreadable)?;
    let (width, height) = (reader.info().width, reader.info().height);
    check_size(width, height)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| refused("The logo image is too large"))?;
    let mut samples = vec![0; size];
    let frame = reader.next_frame(&mut samples).map_err(unreadable)?;
    samples.truncate(frame.buffer_size());
    let (components, has_alpha) = match frame.color_type {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::GrayscaleAlpha => (1, true),
        png::ColorType::Rgb => (3, false),
        png::ColorType::Rgba => (3, true),
        png::ColorType::Indexed => {
            return Err(refused(
                "The logo's colours could not be read: save it as an RGB PNG",
            ))
        }
    };
    let (data, alpha) = if has_alpha {
        let step = usize::from(components) + 1;
        let mut colour = Vec::with_capacity(samples.len() / step * usize::from(components));
        let mut alpha = Vec::with_capacity(samples.len() / step);
        for pixel in samples.chunks_exact(step) {
            colour.extend_from_slice(&pixel[..step - 1]);
            alpha.push(pixel[step - 1]);
        }
        // A mask that hides nothing is left out.
        let alpha = alpha.iter().any(|&a| a != 255).then_some(alpha);
        (colour, alpha)
    } else {
        (samples, None)
    };
    Ok(Image {
        width,
        height,
        components,
        encoding: Encoding::Samples,
        data,
        alpha,
    })
}

/// A JPEG's size and components, from its frame header (SOF); the file goes
/// into the PDF unchanged.
fn jpeg(bytes: &[u8]) -> Result<Image> {
    let unreadable = || refused("The logo is not a JPEG image that can be read");
    let mut at = 2;
    loop {
        let marker = bytes.get(at..at + 2).ok_or_else(unreadable)?;
        if marker[0] != 0xFF {
            return Err(unreadable());
        }
        let kind = marker[1];
        if kind == 0xFF {
            at += 1; // fill byte
            continue;
        }
        let len = bytes
            .get(at + 2..at + 4)
            .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
            .ok_or_else(unreadable)?;
        // Start-of-frame markers (not DHT, JPG or DAC, which share the range).
        if (0xC0..=0xCF).contains(&kind) && ![0xC4, 0xC8, 0xCC].contains(&kind) {
            let header = bytes.get(at + 4..at + 10).ok_or_else(unreadable)?;
            let height = u32::from(u16::from_be_bytes([header[1], header[2]]));
            let width = u32::from(u16::from_be_bytes([header[3], header[4]]));
            let components = header[5];
            if header[0] != 8 {
                return Err(refused(
                    "The logo is a 12-bit JPEG; save it as an ordinary 8-bit one",
                ));
            }
            if components != 1 && components != 3 {
                return Err(refused(
                    "The logo is a CMYK JPEG (for a print shop); save it as an RGB JPEG or a PNG",
                ));
            }
            check_size(width, height)?;
            return Ok(Image {
                width,
                height,
                components,
                encoding: Encoding::Jpeg,
                data: bytes.to_vec(),
                alpha: None,
            });
        }
        if kind == 0xDA || kind == 0xD9 || len < 2 {
            // Image data or the end before any frame header.
            return Err(unreadable());
        }
        at += 2 + len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `w` × `h` pixels of `colour` (RGBA), made with the png crate.
    pub(crate) fn png_file(w: u32, h: u32, colour: [u8; 4]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut e = png::Encoder::new(&mut out, w, h);
            e.set_color(png::ColorType::Rgba);
            e.set_depth(png::BitDepth::Eight);
            let mut w2 = e.write_header().unwrap();
            let data: Vec<u8> = (0..w * h).flat_map(|_| colour).collect();
            w2.write_image_data(&data).unwrap();
        }
        out
    }

    #[test]
    fn a_png_is_decoded_with_its_transparency() {
        let img = prepare(&png_file(3, 2, [10, 20, 30, 128])).unwrap();
        assert_eq!((img.width, img.height, img.components), (3, 2, 3));
        assert_eq!(img.data, [10, 20, 30].repeat(6));
        assert_eq!(img.alpha, Some(vec![128; 6]));
        let opaque = prepare(&png_file(1, 1, [1, 2, 3, 255])).unwrap();
        assert_eq!(opaque.alpha, None, "no mask when nothing is transparent");
    }

    #[test]
    fn a_jpeg_goes_in_as_it_is() {
        // SOI, an APP0 segment, SOF0 (8-bit, 40 × 30, 3 components), EOI.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 8, 0, 30, 0, 40, 3]);
        jpeg.extend_from_slice(&[0; 9]);
        jpeg.extend_from_slice(&[0xFF, 0xD9]);
        let img = prepare(&jpeg).unwrap();
        assert_eq!((img.width, img.height, img.components), (40, 30, 3));
        assert_eq!(img.encoding, Encoding::Jpeg);
        assert_eq!(img.data, jpeg);
        // CMYK is refused, naming what to do.
        let mut cmyk = jpeg.clone();
        cmyk[17] = 4;
        assert!(prepare(&cmyk).unwrap_err().to_string().contains("CMYK"));
    }

    #[test]
    fn anything_else_is_refused_at_the_logo_field() {
        let huge = png_file(MAX_LOGO_PIXELS + 1, 1, [0, 0, 0, 255]);
        let cut = &png_file(4, 4, [0, 0, 0, 255])[..40];
        for bad in [
            &b""[..],
            b"GIF89a......",
            b"\xFF\xD8\xFF",
            b"\xFF\xD8\xFF\xDA\x00\x02",
            cut,
            &huge,
            &vec![0x89; MAX_LOGO_BYTES + 1],
        ] {
            let e = prepare(bad).unwrap_err();
            assert_eq!(e.payload().field.as_deref(), Some("logo"), "{e}");
        }
    }
}
