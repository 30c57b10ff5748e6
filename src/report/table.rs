//! Rows of named cells written as CSV (with a header) or JSONL (one object per line, keys in
//! column order), through a buffered writer.

use std::io::Write;

pub use super::float::format_float;
use super::float::{push_u64, write_float};

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
    csv: Option<csv::Writer<W>>,
    raw: Option<W>,
    buf: Vec<u8>,
    /// A number's digits, reused for every cell.
    num: String,
}

impl<W: Write> TableWriter<W> {
    pub fn new(out: W, format: Format, columns: Vec<String>) -> std::io::Result<Self> {
        let mut writer = TableWriter {
            format,
            columns,
            csv: None,
            raw: None,
            buf: Vec::new(),
            num: String::new(),
        };
        match format {
            Format::Csv => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(&writer.columns).map_err(into_io)?;
                writer.csv = Some(csv);
            }
            Format::Jsonl => writer.raw = Some(out),
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
                let csv = self.csv.as_mut().expect("csv writer");
                for cell in cells {
                    let num = &mut self.num;
                    num.clear();
                    match cell {
                        Cell::Text(s) => csv.write_field(s),
                        Cell::Int(i) => {
                            push_u64(*i, num);
                            csv.write_field(&*num)
                        }
                        Cell::Float(f) => {
                            write_float(*f, num);
                            csv.write_field(&*num)
                        }
                        Cell::Empty => csv.write_field(""),
                    }
                    .map_err(into_io)?;
                }
                csv.write_record(None::<&[u8]>).map_err(into_io)
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
                self.raw.as_mut().expect("raw writer").write_all(&self.buf)
            }
        }
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(self) -> std::io::Result<W> {
        match (self.csv, self.raw) {
            (Some(csv), _) => csv.into_inner().map_err(|e| e.into_error()),
            (_, Some(mut raw)) => {
                raw.flush()?;
                Ok(raw)
            }
            _ => unreachable!("one writer is always present"),
        }
    }
}

fn into_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
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
