//! Reading an uploaded spreadsheet without trusting it. An XLSX is a zip
//! archive: a small file can inflate to gigabytes (a zip bomb), hold
//! thousands of entries, and a sheet can declare or place a cell a million
//! rows down, which a reader that builds a grid would allocate. All are
//! refused, with a message, before the sheet is expanded: the entries are
//! counted and each one's inflated size measured (reading into nothing,
//! capped), and cells are read one by one within bounds. A CSV file is
//! read record by record, and refused at the first record past the rows
//! or columns allowed.
use crate::refused::{Read, Refused};
use calamine::{Data, DataRef, Reader, Xlsx};
use std::io::{Cursor, Read as _};

/// Inflated size of the whole archive a roster may need.
pub const MAX_INFLATED_BYTES: u64 = 32 * 1024 * 1024;
/// Entries of the archive: a workbook of one sheet has about ten.
pub const MAX_ENTRIES: usize = 200;
/// Columns read; a roster has four.
pub const MAX_COLUMNS: u32 = 64;
/// Blank or header lines read beyond the rows a sheet may hold.
const SLACK_ROWS: usize = 100;

fn refused(rule: &'static str) -> Refused {
    Refused::new("file", rule)
}

/// An uploaded sheet's cells as text, row by row (the header first): an
/// XLSX (a zip archive), or else CSV in UTF-8. At most `max_bytes`, and
/// `max_rows` rows with a few blank lines.
pub fn cells(file_name: &str, bytes: &[u8], max_bytes: usize, max_rows: usize) -> Read<Vec<Vec<String>>> {
    if bytes.len() > max_bytes {
        return Err(refused("too_large"));
    }
    let max_rows = max_rows.saturating_add(SLACK_ROWS);
    if bytes.starts_with(b"PK") || file_name.to_lowercase().ends_with(".xlsx") {
        return xlsx_rows(bytes, u32::try_from(max_rows).unwrap_or(u32::MAX));
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(|_| refused("not_utf8"))?;
    let mut rows = Vec::new();
    for record in csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes()).records() {
        let record = record.map_err(|_| refused("unreadable"))?;
        if rows.len() >= max_rows || record.len() > MAX_COLUMNS as usize {
            return Err(refused("too_many_rows"));
        }
        rows.push(record.iter().map(|c| c.trim().to_string()).collect());
    }
    Ok(rows)
}

/// Where each of `wanted` (a column and the header names it may carry)
/// sits in `header`.
pub fn columns<const N: usize>(header: &[String], wanted: &[(&str, &[&str]); N]) -> Read<[usize; N]> {
    let mut at = [0usize; N];
    for (i, (_, names)) in wanted.iter().enumerate() {
        at[i] = header.iter().position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n))).ok_or(refused("missing_column"))?;
    }
    Ok(at)
}

/// The first sheet's cells as text, row by row, for at most `max_rows`
/// rows (the header included).
pub fn xlsx_rows(bytes: &[u8], max_rows: u32) -> Read<Vec<Vec<String>>> {
    check_inflated_size(bytes)?;
    let unreadable = |_| refused("unreadable");
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let first = book.sheet_names().first().cloned().ok_or(refused("empty"))?;
    let mut cells = book.worksheet_cells_reader(&first).map_err(unreadable)?;
    let declared = cells.dimensions();
    if declared.end.0.saturating_sub(declared.start.0) >= max_rows || declared.end.1.saturating_sub(declared.start.1) >= MAX_COLUMNS {
        return Err(refused("too_many_rows"));
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, col) = cell.get_position();
        if row >= max_rows || col >= MAX_COLUMNS {
            return Err(refused("too_many_rows"));
        }
        let (row, col) = (row as usize, col as usize);
        if rows.len() <= row {
            rows.resize_with(row + 1, Vec::new);
        }
        if rows[row].len() <= col {
            rows[row].resize(col + 1, String::new());
        }
        rows[row][col] = text(cell.get_value()).trim().to_string();
    }
    Ok(rows)
}

fn text(v: &DataRef<'_>) -> String {
    match v {
        DataRef::SharedString(s) => s.to_string(),
        other => Data::from(other.clone()).to_string(),
    }
}

/// Refuses an archive of too many entries, or whose entries inflate,
/// together, beyond the limit.
fn check_inflated_size(bytes: &[u8]) -> Read<()> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| refused("unreadable"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(refused("too_many_entries"));
    }
    let mut left = MAX_INFLATED_BYTES;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|_| refused("unreadable"))?;
        if entry.size() > left {
            return Err(refused("inflates_too_far"));
        }
        let read = std::io::copy(&mut (&mut entry).take(left + 1), &mut std::io::sink()).map_err(|_| refused("unreadable"))?;
        if read > left {
            return Err(refused("inflates_too_far"));
        }
        left -= read;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).expect("entry");
            w.write_all(data).expect("write");
        }
        w.finish().expect("finish");
        out.into_inner()
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_opened() {
        let zeros = vec![0u8; (MAX_INFLATED_BYTES + 1) as usize];
        let bomb = zip_of(&[("xl/worksheets/sheet1.xml", &zeros)]);
        assert!(bomb.len() < 100_000, "{} bytes", bomb.len());
        assert!(matches!(xlsx_rows(&bomb, 10), Err(Refused { rule: "inflates_too_far", .. })));
    }

    #[test]
    fn a_cell_far_down_the_sheet_is_refused_without_building_the_grid() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "姓名").expect("cell");
        sheet.write_string(1_000_000, 16_000, "far").expect("cell");
        let bytes = book.save_to_buffer().expect("xlsx");
        assert!(matches!(xlsx_rows(&bytes, 5_001), Err(Refused { rule: "too_many_rows", .. })));
    }

    #[test]
    fn an_archive_of_many_entries_is_refused() {
        let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("x/{i}")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        assert!(matches!(xlsx_rows(&zip_of(&entries), 10), Err(Refused { rule: "too_many_entries", .. })));
    }

    #[test]
    fn a_csv_file_stops_at_the_first_record_past_its_bounds() {
        let wide = ",".repeat(MAX_COLUMNS as usize);
        assert!(matches!(cells("a.csv", wide.as_bytes(), 1 << 20, 10), Err(Refused { rule: "too_many_rows", .. })));
        let long = "a\n".repeat(10 + SLACK_ROWS + 1);
        assert!(matches!(cells("a.csv", long.as_bytes(), 1 << 20, 10), Err(Refused { rule: "too_many_rows", .. })));
        assert_eq!(cells("a.csv", "\u{feff}姓名, 学号\n张三,1\n".as_bytes(), 1 << 20, 10).expect("rows").len(), 2);
        assert!(matches!(cells("a.csv", b"a", 0, 10), Err(Refused { rule: "too_large", .. })));
    }

    #[test]
    fn an_ordinary_sheet_reads_row_by_row() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "年级").expect("cell");
        sheet.write_string(0, 1, "姓名").expect("cell");
        sheet.write_number(1, 0, 3.0).expect("cell");
        sheet.write_string(1, 1, " 张三 ").expect("cell");
        let rows = xlsx_rows(&book.save_to_buffer().expect("xlsx"), 10).expect("rows");
        assert_eq!(rows, vec![vec!["年级".to_string(), "姓名".into()], vec!["3".into(), "张三".into()]]);
    }
}
