//! slant: measure how news outlets frame a story and which side they take.
//!
//! The modules follow the data flow: [`corpus`] reads articles and labeled sentences, [`text`]
//! cleans, splits and tokenizes, [`lexicon`] finds loaded terms, [`features`] turns a sentence into
//! a sparse vector, [`model`] trains and applies the logistic classifiers, [`score`] runs the
//! pipeline over articles and [`report`] writes the results.

pub mod corpus;
pub mod defaults;
pub mod error;
pub mod eval;
pub mod features;
pub mod lexicon;
pub mod model;
pub mod report;
pub mod score;
pub mod text;
pub mod warnings;

pub use error::{Error, Result};
pub use model::Model;
pub mod cli;
