//! A file attached to a record: a training certificate, a licence's scanned
//! copy. What the window sends (its name and its bytes in base64), what is
//! kept about it, and the one check every attachment passes: its size, and
//! that it really is a PDF, PNG or JPEG (by its first bytes, not its name).

use base64::Engine;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{Error, Result};
use crate::text;

/// The largest file accepted: 5 MiB.
pub const MAX_ATTACHMENT_BYTES: usize = 5 * 1024 * 1024;

/// What is shown about a stored file: its name, type and size.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CertificateInfo {
    pub file_name: String,
    pub media_type: String,
    pub size: u32,
}

/// A file as the window sends it: its name and its bytes in base64.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CertificateUpload {
    pub file_name: String,
    pub data_base64: String,
}

/// A stored file as the window receives it, to show or save.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CertificateFile {
    pub file_name: String,
    pub media_type: String,
    pub data_base64: String,
}

impl CertificateFile {
    pub(crate) fn new(info: CertificateInfo, data: &[u8]) -> CertificateFile {
        CertificateFile {
            file_name: info.file_name,
            media_type: info.media_type,
            data_base64: base64::engine::general_purpose::STANDARD.encode(data),
        }
    }
}

/// An upload that passed [`check`]: ready to store.
pub(crate) struct Attachment {
    pub file_name: String,
    pub media_type: &'static str,
    pub data: Vec<u8>,
}

/// Decodes and checks an upload for `field`; `what` names it in messages
/// ("certificate", "scan").
pub(crate) fn check(field: &str, what: &str, upload: &CertificateUpload) -> Result<Attachment> {
    let file_name = text::required(field, "File name", &upload.file_name, 255)?;
    // base64 is 4/3 of the bytes: refuse an oversized upload before decoding it.
    if upload.data_base64.len() > MAX_ATTACHMENT_BYTES / 3 * 4 + 8 {
        return Err(too_large(
            field,
            what,
            &file_name,
            upload.data_base64.len() / 4 * 3,
        ));
    }
    let data = base64::engine::general_purpose::STANDARD
        .decode(upload.data_base64.trim())
        .map_err(|_| {
            Error::invalid(field, format!("The file \"{file_name}\" could not be read"))
        })?;
    if data.len() > MAX_ATTACHMENT_BYTES {
        return Err(too_large(field, what, &file_name, data.len()));
    }
    if data.is_empty() {
        return Err(Error::invalid(
            field,
            format!("The file \"{file_name}\" is empty"),
        ));
    }
    let media_type = if data.starts_with(b"%PDF-") {
        "application/pdf"
    } else if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if data.starts_with(b"\xFF\xD8\xFF") {
        "image/jpeg"
    } else {
        return Err(Error::invalid(
            field,
            format!("The file \"{file_name}\" is not a PDF, PNG or JPEG; scan or save the {what} as one of those"),
        ));
    };
    Ok(Attachment {
        file_name,
        media_type,
        data,
    })
}

/// The trail's change when `new` replaces a stored file with other bytes
/// under the same name, type and size — which reads the same in words, but
/// is a change — unless `changes` already says the file changed.
pub(crate) fn replaced(
    field: &str,
    stored: Option<&[u8]>,
    new: Option<&Attachment>,
    changes: &mut Vec<crate::audit::Change>,
) {
    let Some(new) = new.filter(|n| stored.is_some_and(|d| d != n.data)) else {
        return;
    };
    if !changes.iter().any(|ch| ch.field == field) {
        changes.push(crate::audit::Change::new(
            field,
            new.file_name.clone(),
            format!("{} (replaced by another file)", new.file_name),
        ));
    }
}

fn too_large(field: &str, what: &str, name: &str, bytes: usize) -> Error {
    Error::invalid(
        field,
        format!(
            "The file \"{name}\" is {:.1} MB; a {what} can be at most {} MB",
            bytes as f64 / 1_048_576.0,
            MAX_ATTACHMENT_BYTES / 1_048_576
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(bytes: &[u8]) -> CertificateUpload {
        CertificateUpload {
            file_name: "cpr.pdf".into(),
            data_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }

    #[test]
    fn files_are_checked_by_content_and_size() {
        let check = |bytes: &[u8]| check("certificate", "certificate", &upload(bytes));
        assert_eq!(
            check(b"%PDF-1.7 ...").unwrap().media_type,
            "application/pdf"
        );
        assert_eq!(
            check(b"\xFF\xD8\xFF\xE0jpeg").unwrap().media_type,
            "image/jpeg"
        );
        let e = check(b"MZ\x90\x00 an exe").err().unwrap();
        assert!(e.to_string().contains("not a PDF, PNG or JPEG"));
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_ATTACHMENT_BYTES + 1, b' ');
        let e = check(&big).err().unwrap();
        assert_eq!(e.field(), Some("certificate"));
        assert!(e.to_string().contains("at most 5 MB"), "{e}");
        let e = super::check(
            "scan",
            "scan",
            &CertificateUpload {
                file_name: "x.pdf".into(),
                data_base64: "!!!".into(),
            },
        )
        .err()
        .unwrap();
        assert_eq!(e.field(), Some("scan"));
        assert!(e.to_string().contains("could not be read"));
    }
}
