//! Output: the tables `slant score` writes (CSV / JSONL).

pub mod rows;
pub mod table;

pub use table::{Cell, Format, TableWriter};
