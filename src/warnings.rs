//! Warnings gathered while reading, grouped by kind and bounded: each kind keeps its first
//! [`SHOWN_PER_KIND`] messages and counts the rest, so 20,000 duplicate ids cost a few strings and
//! a counter, and the terminal shows "… and 19,995 more duplicate-id warnings" instead of a flood.
//!
//! Readers push here; the command line prints them through [`crate::cli::Console`]. Under
//! `--strict` a reader returns an error at the first warning instead of pushing it.

/// Messages kept (and shown) per kind; the rest are counted.
pub const SHOWN_PER_KIND: usize = 5;

/// Warnings of several kinds, each with its first messages and a total count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warnings {
    kinds: Vec<Kind>,
}

/// One kind of warning: its first messages and how many there were in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kind {
    /// Short name used in the summary line ("duplicate id", "unmapped article", …).
    pub name: &'static str,
    /// The first [`SHOWN_PER_KIND`] messages, each naming its file and line.
    pub shown: Vec<String>,
    /// How many warnings of this kind there were, shown or not.
    pub total: usize,
}

impl Kind {
    /// Warnings of this kind that were counted but not kept.
    pub fn more(&self) -> usize {
        self.total - self.shown.len()
    }

    /// The summary line for the warnings not shown, if any: "… and 12 more duplicate id warnings".
    pub fn more_line(&self) -> Option<String> {
        let more = self.more();
        (more > 0).then(|| {
            format!(
                "… and {more} more {} warning{}",
                self.name,
                if more == 1 { "" } else { "s" }
            )
        })
    }
}

impl Warnings {
    /// Adds a warning of `kind`.
    pub fn push(&mut self, kind: &'static str, message: impl Into<String>) {
        self.push_with(kind, || message.into());
    }

    /// Adds a warning of `kind`, building its message only when it is kept.
    pub fn push_with(&mut self, kind: &'static str, message: impl FnOnce() -> String) {
        let k = match self.kinds.iter().position(|k| k.name == kind) {
            Some(i) => &mut self.kinds[i],
            None => {
                self.kinds.push(Kind {
                    name: kind,
                    shown: Vec::new(),
                    total: 0,
                });
                self.kinds.last_mut().expect("just pushed")
            }
        };
        k.total += 1;
        if k.shown.len() < SHOWN_PER_KIND {
            k.shown.push(message());
        }
    }

    /// Adds every warning of `other` (its uncounted ones stay counted).
    pub fn extend(&mut self, other: Warnings) {
        for kind in other.kinds {
            let total = kind.total;
            let shown = kind.shown.len();
            for message in kind.shown {
                self.push(kind.name, message);
            }
            if let Some(k) = self.kinds.iter_mut().find(|k| k.name == kind.name) {
                k.total += total - shown;
            }
        }
    }

    /// The kinds, in the order their first warning came.
    pub fn kinds(&self) -> &[Kind] {
        &self.kinds
    }

    /// Total warnings of every kind.
    pub fn total(&self) -> usize {
        self.kinds.iter().map(|k| k.total).sum()
    }

    /// Total warnings of one kind.
    pub fn count(&self, kind: &str) -> usize {
        self.kinds
            .iter()
            .find(|k| k.name == kind)
            .map_or(0, |k| k.total)
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// Every kept message, kind by kind.
    pub fn messages(&self) -> impl Iterator<Item = &str> {
        self.kinds
            .iter()
            .flat_map(|k| k.shown.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_keep_their_first_messages_and_count_the_rest() {
        let mut w = Warnings::default();
        for i in 0..12 {
            w.push("duplicate id", format!("a.csv:{i}: dup"));
        }
        w.push("other", "one");
        let mut built = 0;
        for _ in 0..3 {
            w.push_with("other", || {
                built += 1;
                "more".into()
            });
        }
        assert_eq!(w.kinds().len(), 2);
        let dup = &w.kinds()[0];
        assert_eq!((dup.shown.len(), dup.total, dup.more()), (5, 12, 7));
        assert_eq!(
            dup.more_line().as_deref(),
            Some("… and 7 more duplicate id warnings")
        );
        assert_eq!(built, 3, "messages are built while fewer than 5 are kept");
        assert_eq!(w.kinds()[1].more_line(), None);
        assert_eq!((w.total(), w.count("other"), w.count("x")), (16, 4, 0));

        let mut all = Warnings::default();
        all.push("duplicate id", "first");
        all.extend(w);
        assert_eq!(all.count("duplicate id"), 13);
        assert_eq!(all.kinds()[0].shown.len(), 5);
        assert_eq!(all.kinds()[0].shown[0], "first");
    }
}
