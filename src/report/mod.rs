//! Output: the tables `slant score` writes (CSV / JSONL).

pub mod csv_field;
pub mod float;
pub mod rows;
pub mod table;

pub use table::{Cell, Format, TableWriter};
pub mod charts;
pub mod outlets;
pub mod render;
pub mod stats;
