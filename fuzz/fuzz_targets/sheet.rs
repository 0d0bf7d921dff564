//! An uploaded roster or bank statement, as CSV or XLSX (the first byte
//! picks the name it comes with): rows and columns stay within bounds.
#![no_main]
use libfuzzer_sys::fuzz_target;

const MAX_BYTES: usize = 1024 * 1024;
const MAX_ROWS: usize = 5_000;

fuzz_target!(|data: &[u8]| {
    let Some((first, bytes)) = data.split_first() else { return };
    let name = if first % 2 == 0 { "roster.csv" } else { "roster.xlsx" };
    if let Ok(rows) = inputs::sheet::cells(name, bytes, MAX_BYTES, MAX_ROWS) {
        assert!(rows.len() <= MAX_ROWS + 100);
        assert!(rows.iter().all(|r| r.len() <= inputs::sheet::MAX_COLUMNS as usize));
        if let Some(header) = rows.first() {
            let _ = inputs::sheet::columns(header, &[("name", &["姓名", "name"]), ("grade", &["年级", "grade"])]);
        }
    }
});
