//! Reading and writing: articles to score, labeled sentences to train on, outlet maps, and
//! output files that are written
//! atomically and checked against the inputs before anything is read.

pub mod articles;
pub mod atomic;
pub(crate) mod csv_header;
pub mod csv_records;
pub mod csv_table;
pub mod identity;
pub mod input;
pub mod json_object;
pub mod labeled;
pub mod limits;
pub mod outlets;
pub mod plan;
pub mod quotes;
pub mod references;
pub mod repeats;
pub mod report_dir;
mod writeback;

pub use articles::{Article, ArticleColumns, ArticleReader, ReadReport};
pub use atomic::AtomicFile;
pub use labeled::{read_labeled, LabeledColumns, LabeledRow, LabeledSet};
pub use outlets::OutletMap;
pub use plan::{Dest, IoPlan};
pub use report_dir::ReportDir;
