//! Photos and PDF documents are never decoded on the server: it keeps
//! and serves their bytes (photos with `nosniff` and a sandboxing policy,
//! PDFs only as downloads), so the only reading is of their size and their
//! first and last bytes, which bounds it by construction.
use crate::refused::{Read, Refused};

/// A JPEG of at most `max` bytes: it starts with a start-of-image marker
/// and ends with an end-of-image marker.
pub fn jpeg(field: &'static str, bytes: &[u8], max: usize) -> Read<()> {
    sized(field, bytes, max)?;
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) && bytes.ends_with(&[0xFF, 0xD9]) { Ok(()) } else { Err(Refused::new(field, "not_jpeg")) }
}

/// A PDF of at most `max` bytes: it starts with its header.
pub fn pdf(field: &'static str, bytes: &[u8], max: usize) -> Read<()> {
    sized(field, bytes, max)?;
    if bytes.starts_with(b"%PDF-") { Ok(()) } else { Err(Refused::new(field, "not_pdf")) }
}

fn sized(field: &'static str, bytes: &[u8], max: usize) -> Read<()> {
    if bytes.is_empty() {
        return Err(Refused::new(field, "empty"));
    }
    if bytes.len() > max {
        return Err(Refused::new(field, "too_large"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_size_and_the_markers_are_read() {
        assert_eq!(jpeg("photo", &[0xFF, 0xD8, 0xFF, 0, 0xFF, 0xD9], 10), Ok(()));
        assert_eq!(jpeg("photo", &[0xFF, 0xD8, 0xFF, 0, 0xFF, 0xD9], 5), Err(Refused::new("photo", "too_large")));
        assert_eq!(jpeg("photo", b"GIF89a", 10), Err(Refused::new("photo", "not_jpeg")));
        assert_eq!(jpeg("photo", b"", 10), Err(Refused::new("photo", "empty")));
        assert_eq!(pdf("documents", b"%PDF-1.7 ...", 100), Ok(()));
        assert_eq!(pdf("documents", b"<html>", 100), Err(Refused::new("documents", "not_pdf")));
    }
}
