//! Spreadsheets for officials and committees (B7): one sheet, a header row
//! in the reader's language, amounts in yuan with two decimals.
use crate::error::{DomainError, DomainResult};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn fail(e: XlsxError) -> DomainError {
    DomainError::Internal(format!("spreadsheet: {e}"))
}

pub enum Cell {
    Text(String),
    /// Fen, written as yuan.
    Money(i64),
    Number(f64),
}

pub struct Sheet {
    book: Workbook,
    row: u32,
    money: Format,
}

impl Sheet {
    /// A workbook whose one sheet is named `title` (at most 31 characters).
    pub fn new(title: &str) -> DomainResult<Sheet> {
        let mut book = Workbook::new();
        let name: String = title.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')).take(31).collect();
        book.add_worksheet().set_name(if name.is_empty() { "Sheet1".to_string() } else { name }).map_err(fail)?;
        Ok(Sheet { book, row: 0, money: Format::new().set_num_format("0.00") })
    }

    fn sheet(&mut self) -> DomainResult<&mut Worksheet> {
        self.book.worksheet_from_index(0).map_err(fail)
    }

    pub fn row(&mut self, texts: &[String]) -> DomainResult<()> {
        let cells: Vec<Cell> = texts.iter().map(|t| Cell::Text(t.clone())).collect();
        self.cells(&cells)
    }

    pub fn cells(&mut self, cells: &[Cell]) -> DomainResult<()> {
        let (r, money) = (self.row, self.money.clone());
        let sheet = self.sheet()?;
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(t) => sheet.write_string(r, c, t).map(|_| ()),
                Cell::Money(fen) => sheet.write_number_with_format(r, c, *fen as f64 / 100.0, &money).map(|_| ()),
                Cell::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
            }
            .map_err(fail)?;
        }
        self.row += 1;
        Ok(())
    }

    pub fn finish(mut self) -> DomainResult<Vec<u8>> {
        self.book.save_to_buffer().map_err(fail)
    }
}
