//! Attachments: PDF, JPEG and PNG files up to a configurable size, their
//! type told by content (never by name), stored outside the database under
//! their SHA-256 (a local directory by default), reachable by their owner
//! only.
//!
//! The server keeps the list of an application's attachments; whatever list
//! a browser sends with a form is replaced by it, so the signed content names
//! only files that really were uploaded.
//!
//! What one account keeps unsent is bounded ([`crate::config::Quota`]), and
//! files no attachment refers to any more are deleted ([`collect`]).

pub mod collect;
mod routes;
mod store;

pub(crate) use routes::{File, attach, detach, serve};
pub use routes::{PAYMENT_ORDER, router};
pub use store::for_application;

/// The kind of a file, by its first bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn types_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"MZ\x90\x00 an exe named scan.pdf"), None);
        assert_eq!(sniff(b""), None);
    }
}
