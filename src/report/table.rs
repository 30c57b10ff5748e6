//! Rows of named cells written as CSV (with a header) or JSONL (one object per line, keys in
//! column order), through a buffered writer.

use std::io::Write;

use super::csv_field;
pub use super::float::format_float;
use super::float::{push_u64_bytes, write_float, write_float_bytes};

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
    /// A number's digits, reused for every cell.
    num: String,
}

impl<W: Write> TableWriter<W> {
    pub fn new(out: W, format: Format, columns: Vec<String>) -> std::io::Result<Self> {
        let mut writer = TableWriter {
            format,
            columns,
            out,
            buf: Vec::new(),
            num: String::new(),
        };
        if format == Format::Csv {
            csv_field::push_record(&mut writer.buf, writer.columns.iter().map(|c| c.as_bytes()));
            writer.out.write_all(&writer.buf)?;
        }
        Ok(writer)
    }

    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    pub fn write_row(&mut self, cells: &[Cell<'_>]) -> std::io::Result<()> {
        debug_assert_eq!(cells.len(), self.columns.len());
        self.buf.clear();
        match self.format {
            Format::Csv => {
                for (i, cell) in cells.iter().enumerate() {
                    if i > 0 {
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
                if cells.len() == 1 && self.buf.is_empty() {
                    self.buf.extend_from_slice(b"\"\""); // as the csv crate: not an empty line
                }
                self.buf.push(b'\n');
                self.out.write_all(&self.buf)
            }
            Format::Jsonl => {
                self.buf.push(b'{');
                for (i, (name, cell)) in self.columns.iter().zip(cells).enumerate() {
                    if i > 0 {
                        self.buf.push(b',');
                    }
                    serde_json::to_writer(&mut self.buf, name).map_err(std::io::Error::other)?;
                    self.buf.push(b':');
                    match cell {
                        Cell::Text(s) => serde_json::to_writer(&mut self.buf, s)
                            .map_err(std::io::Error::other)?,
                        Cell::Int(v) => write!(self.buf, "{v}")?,
                        Cell::Float(f) if f.is_finite() => {
                            self.num.clear();
                            write_float(*f, &mut self.num);
                            self.buf.extend_from_slice(self.num.as_bytes())
                        }
                        Cell::Float(_) | Cell::Empty => self.buf.extend_from_slice(b"null"),
                    }
                }
                self.buf.extend_from_slice(b"}\n");
                self.out.write_all(&self.buf)
            }
        }
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
