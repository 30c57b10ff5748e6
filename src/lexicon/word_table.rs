//! Lower-cased words to values, looked up straight from the `" tok0 tok1 ... "` stream: a word of
//! up to 15 bytes is one `u128` (its bytes, then its length in the top byte; one-to-one), read with
//! one 16-byte load and a mask, and found in an open-addressing table with one multiply-hash. A
//! byte tag per slot (4 KB for a 1,000-word lexicon, so it stays in L1) settles the usual miss
//! without touching the 16-byte keys. Longer words (rare) go through a hash map.

use rustc_hash::FxHashMap;

use crate::text::word_key::{self, SHORT_WORD};

#[derive(Debug, Clone)]
pub(crate) struct WordTable<V> {
    /// Per slot: 0 if empty, else some hash bits of its key (never 0).
    tags: Vec<u8>,
    /// Open addressing, linear probing.
    slots: Vec<(u128, V)>,
    /// `64 - log2(slots.len())`: the hash's top bits pick the slot.
    shift: u32,
    long: FxHashMap<Box<[u8]>, V>,
}

impl<V: Copy + Default> WordTable<V> {
    /// From distinct non-empty words.
    pub fn build<'a>(words: impl IntoIterator<Item = (&'a str, V)>) -> WordTable<V> {
        let mut short = Vec::new();
        let mut long = FxHashMap::default();
        for (word, value) in words {
            match word_key::key(word.as_bytes()) {
                Some(key) => short.push((key, value)),
                None => {
                    long.insert(word.as_bytes().into(), value);
                }
            }
        }
        // At most a quarter full: misses (most tokens) end at an empty slot at once.
        let size = (4 * short.len()).next_power_of_two().max(16);
        let mut table = WordTable {
            tags: vec![0; size],
            slots: vec![(0, V::default()); size],
            shift: 64 - size.trailing_zeros(),
            long,
        };
        for (key, value) in short {
            let (mut slot, tag) = table.slot_of(key);
            while table.tags[slot] != 0 {
                slot = (slot + 1) & (size - 1);
            }
            table.tags[slot] = tag;
            table.slots[slot] = (key, value);
        }
        table
    }

    /// The value of the word `stream[start..end]`, given `head`, the stream's 16 bytes from `start`
    /// ([`word_key::window_at`]).
    #[inline]
    pub fn get(&self, stream: &[u8], start: usize, end: usize, head: u128) -> Option<V> {
        let len = end.checked_sub(start)?;
        if len == 0 {
            return None; // no lexicon word is empty
        }
        if len > SHORT_WORD {
            return self.long.get(stream.get(start..end)?).copied();
        }
        let key = word_key::window_key(head, len);
        let mask = self.tags.len() - 1;
        let (mut slot, tag) = self.slot_of(key);
        loop {
            match self.tags[slot] {
                0 => return None,
                t if t == tag && self.slots[slot].0 == key => return Some(self.slots[slot].1),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// The key's first slot (the hash's top bits) and its tag (lower bits, made non-zero).
    #[inline]
    fn slot_of(&self, key: u128) -> (usize, u8) {
        // One multiply: the top bits of the product depend on every key bit.
        let (lo, hi) = (key as u64, (key >> 64) as u64);
        let h = (lo ^ hi.rotate_left(32)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        ((h >> self.shift) as usize, (h >> 24) as u8 | 1)
    }

    pub fn memory_usage(&self) -> usize {
        self.tags.capacity()
            + self.slots.capacity() * std::mem::size_of::<(u128, V)>()
            + self
                .long
                .keys()
                .map(|k| k.len() + std::mem::size_of::<(Box<[u8]>, V)>())
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_words_of_every_length_anywhere_in_the_stream() {
        let words = [
            "a",
            "war",
            "militias",
            "fifteen-bytes-x",
            "sixteen-bytes-xy",
            "ümit",
        ];
        let table = WordTable::build(words.iter().enumerate().map(|(i, w)| (*w, i as u32 + 1)));
        let stream = " a war militias fifteen-bytes-x sixteen-bytes-xy ümit wa warx ";
        let mut found = Vec::new();
        let mut start = 1;
        for word in stream[1..stream.len() - 1].split(' ') {
            let end = start + word.len();
            let head = word_key::window_at(stream.as_bytes(), start);
            found.push(table.get(stream.as_bytes(), start, end, head));
            start = end + 1;
        }
        assert_eq!(
            found,
            [
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                None,
                None
            ]
        );
        assert_eq!(table.get(stream.as_bytes(), 1, 1, 0), None, "empty word");
    }

    #[test]
    fn collisions_probe_on() {
        // More words than the smallest table has slots: probing must still find each one.
        let words: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
        let table = WordTable::build(words.iter().map(|w| (w.as_str(), 7u8)));
        for w in &words {
            let stream = format!(" {w} ");
            let (stream, end) = (stream.as_bytes(), 1 + w.len());
            assert_eq!(
                table.get(stream, 1, end, word_key::window_at(stream, 1)),
                Some(7),
                "{w}"
            );
        }
        let stream = b" w100 ";
        assert_eq!(
            table.get(stream, 1, 5, word_key::window_at(stream, 1)),
            None
        );
    }
}
