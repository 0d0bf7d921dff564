//! A proof or collector's photo and a bid's documents: only their size and
//! markers are read.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if inputs::files::jpeg("photo", data, 400 * 1024).is_ok() {
        assert!(data.starts_with(&[0xFF, 0xD8, 0xFF]) && data.ends_with(&[0xFF, 0xD9]));
    }
    if inputs::files::pdf("documents", data, 1024 * 1024).is_ok() {
        assert!(data.starts_with(b"%PDF-"));
    }
});
