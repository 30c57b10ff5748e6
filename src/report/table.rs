//! Rows of named cells written as CSV (with a header) or JSONL (one object per line, keys in
//! column order), through a buffered writer.

use std::io::Write;

use super::csv_field;
pub use super::float::format_float;
use super::float::{push_u64_bytes, write_float_bytes};

/// Output format of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Jsonl,
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Text(&'a str),
    Int(u64),
    Float(f64),
    Empty,
}

pub struct TableWriter<W: Write> {
    format: Format,
    columns: Vec<String>,
    out: W,
    /// The row being rendered, written out whole.
    buf: Vec<u8>,
    /// Cells added to the row being built.
    cells_in_row: usize,
    /// A text cell being built ([`Self::text_cell_with`]), reused.
    scratch: String,
}

impl<W: Write> TableWriter<W> {
    /// A writer that starts its table: the CSV header is written first.
    pub fn new(out: W, format: Format, columns: Vec<String>) -> std::io::Result<Self> {
        let mut writer = TableWriter::continuing(out, format, columns);
        if format == Format::Csv {
            csv_field::push_record(&mut writer.buf, writer.columns.iter().map(|c| c.as_bytes()));
            writer.out.write_all(&writer.buf)?;
            writer.buf.clear();
        }
        Ok(writer)
    }

    /// A writer whose rows continue a table already begun elsewhere: the CSV header is not written.
    pub fn continuing(out: W, format: Format, columns: Vec<String>) -> Self {
        TableWriter {
            format,
            columns,
            out,
            buf: Vec::new(),
            cells_in_row: 0,
            scratch: String::new(),
        }
    }

    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    pub fn write_row(&mut self, cells: &[Cell<'_>]) -> std::io::Result<()> {
        debug_assert_eq!(cells.len(), self.columns.len());
        for cell in cells {
            self.cell(cell);
        }
        self.end_row()
    }

    /// Adds one cell to the row being built (cells go in column order; [`Self::end_row`] writes
    /// the row). The same bytes as [`Self::write_row`], without building a slice of cells.
    pub fn cell(&mut self, cell: &Cell<'_>) {
        let column = self.cells_in_row;
        self.cells_in_row += 1;
        match self.format {
            Format::Csv => {
                if column > 0 {
                    self.buf.push(b',');
                }
                match cell {
                    Cell::Text(s) => csv_field::push_field(&mut self.buf, s.as_bytes()),
                    Cell::Int(i) => push_u64_bytes(*i, &mut self.buf),
                    // Digits, `.` and `-` (empty when not finite): never quoted.
                    Cell::Float(f) => write_float_bytes(*f, &mut self.buf),
                    Cell::Empty => {}
                }
            }
            Format::Jsonl => {
                self.buf.push(if column == 0 { b'{' } else { b',' });
                let name = self.columns.get(column).map_or("", String::as_str);
                // Writing JSON into a Vec<u8> cannot fail.
                let _ = serde_json::to_writer(&mut self.buf, name);
                self.buf.push(b':');
                match cell {
                    Cell::Text(s) => {
                        let _ = serde_json::to_writer(&mut self.buf, s);
                    }
                    Cell::Int(v) => push_u64_bytes(*v, &mut self.buf),
                    Cell::Float(f) if f.is_finite() => write_float_bytes(*f, &mut self.buf),
                    Cell::Float(_) | Cell::Empty => self.buf.extend_from_slice(b"null"),
                }
            }
        }
    }

    /// Adds a text cell built by `build` into a reused buffer.
    pub fn text_cell_with(&mut self, build: impl FnOnce(&mut String)) {
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        build(&mut text);
        self.cell(&Cell::Text(&text));
        self.scratch = text;
    }

    /// Writes the row built by [`Self::cell`] calls.
    pub fn end_row(&mut self) -> std::io::Result<()> {
        debug_assert_eq!(self.cells_in_row, self.columns.len());
        match self.format {
            Format::Csv => {
                if self.cells_in_row == 1 && self.buf.is_empty() {
                    self.buf.extend_from_slice(b"\"\""); // as the csv crate: not an empty line
                }
                self.buf.push(b'\n');
            }
            Format::Jsonl => {
                if self.cells_in_row == 0 {
                    self.buf.push(b'{');
                }
                self.buf.extend_from_slice(b"}\n");
            }
        }
        self.cells_in_row = 0;
        let written = self.out.write_all(&self.buf);
        self.buf.clear();
        written
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(format: Format) -> String {
        let mut t = TableWriter::new(
            Vec::new(),
            format,
            vec!["id".into(), "text".into(), "p".into(), "n".into()],
        )
        .unwrap();
        t.write_row(&[
            Cell::Text("a1"),
            Cell::Text("He said, \"no\"."),
            Cell::Float(0.25),
            Cell::Int(3),
        ])
        .unwrap();
        t.write_row(&[
            Cell::Text("a2"),
            Cell::Empty,
            Cell::Float(f64::NAN),
            Cell::Int(0),
        ])
        .unwrap();
        String::from_utf8(t.finish().unwrap()).unwrap()
    }

    #[test]
    fn csv_quotes_and_has_a_header() {
        assert_eq!(
            write(Format::Csv),
            "id,text,p,n\na1,\"He said, \"\"no\"\".\",0.25,3\na2,,,0\n"
        );
    }

    #[test]
    fn jsonl_keeps_column_order_and_uses_null() {
        assert_eq!(
            write(Format::Jsonl),
            "{\"id\":\"a1\",\"text\":\"He said, \\\"no\\\".\",\"p\":0.25,\"n\":3}\n{\"id\":\"a2\",\"text\":null,\"p\":null,\"n\":0}\n"
        );
    }
}
