//! Reading and writing: articles to score, labeled sentences to train on, outlet maps, and
//! output files that are written atomically.

pub mod articles;
pub mod atomic;
pub(crate) mod csv_header;
pub mod csv_records;
pub mod json_object;
pub mod labeled;
pub mod outlets;
pub mod quotes;
pub mod repeats;
mod writeback;

pub use articles::{Article, ArticleColumns, ArticleReader, ReadReport};
pub use atomic::AtomicFile;
pub use labeled::{read_labeled, LabeledColumns, LabeledRow, LabeledSet};
pub use outlets::OutletMap;
