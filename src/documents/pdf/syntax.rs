//! How values are written in PDF syntax: numbers short and exact to a
//! hundredth, glyph ids in hex, text strings, references.

use super::ObjId;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Four hex digits: how a glyph id is shown in a content stream's `<…>`.
pub(crate) fn hex_u16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&[
        HEX[usize::from(v >> 12)],
        HEX[usize::from((v >> 8) & 0xF)],
        HEX[usize::from((v >> 4) & 0xF)],
        HEX[usize::from(v & 0xF)],
    ]);
}

pub(crate) fn integer(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    let mut digits = [0u8; 20];
    let mut n = v.unsigned_abs();
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// A number to two decimals, without trailing zeros: `12`, `0.35`, `841.89`.
/// A hundredth of a point is far below what paper or screen shows.
pub(crate) fn number(out: &mut Vec<u8>, v: f32) {
    let hundredths = (f64::from(v) * 100.0).round() as i64;
    if hundredths < 0 {
        out.push(b'-');
    }
    let h = hundredths.unsigned_abs();
    integer(out, (h / 100) as i64);
    let frac = h % 100;
    if frac != 0 {
        out.push(b'.');
        out.push(b'0' + (frac / 10) as u8);
        if !frac.is_multiple_of(10) {
            out.push(b'0' + (frac % 10) as u8);
        }
    }
}

pub(super) fn reference(out: &mut Vec<u8>, id: ObjId) {
    integer(out, i64::from(id));
    out.extend_from_slice(b" 0 R");
}

/// `/Kids[…]` of a page-tree node.
pub(super) fn kids(out: &mut Vec<u8>, ids: &[ObjId]) {
    out.extend_from_slice(b"/Kids[");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        reference(out, *id);
    }
    out.push(b']');
}

/// A PDF text string: literal when it is printable ASCII, else UTF-16BE with
/// its byte-order mark, in hex.
pub(crate) fn text_string(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        out.push(b'(');
        for b in s.bytes() {
            if matches!(b, b'(' | b')' | b'\\') {
                out.push(b'\\');
            }
            out.push(b);
        }
        out.push(b')');
    } else {
        out.extend_from_slice(b"<FEFF");
        for unit in s.encode_utf16() {
            hex_u16(out, unit);
        }
        out.push(b'>');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: f32) -> String {
        let mut out = Vec::new();
        number(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_to_a_hundredth() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(0.35), "0.35");
        assert_eq!(num(841.89), "841.89");
        assert_eq!(num(595.28), "595.28");
        assert_eq!(num(-3.5), "-3.5");
        assert_eq!(num(0.001), "0");
        assert_eq!(num(790.389), "790.39");
    }

    #[test]
    fn text_strings_are_literal_when_ascii_else_utf16() {
        let mut out = Vec::new();
        text_string(&mut out, "Reviews (2026) \\ all");
        assert_eq!(out, b"(Reviews \\(2026\\) \\\\ all)");
        let mut out = Vec::new();
        text_string(&mut out, "Zoë 王");
        assert_eq!(out, b"<FEFF005A006F00EB0020738B>");
    }
}
