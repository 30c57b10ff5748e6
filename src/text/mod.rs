//! Text processing: cleaning scraped articles, news-aware sentence splitting, and tokens with
//! byte offsets.

pub mod boilerplate;
pub mod canonical;
pub mod clean;
pub mod gram_filter;
pub mod html;
pub mod hyphens;
pub mod language;
pub mod lowered;
pub mod normalize;
pub mod paragraphs;
pub mod rule_literals;
pub mod sentences;
pub mod tokens;
pub mod word_key;
pub mod words;
