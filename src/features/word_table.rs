//! An open-addressing hash table from packed short words (`u128` keys, see
//! [`word_key`](crate::text::word_key)) to word ids and a `u32` value per word, built once per model
//! and only read while scoring.
//!
//! Why not a `HashMap<u128, u32>`: a look-up cost ~25 ns, nearly all of it waiting for two cache
//! misses (the control bytes, then the bucket). Here each slot is one `u32` (the id plus a tag of
//! the hash), so the slots of a 10k-word vocabulary take 128 KB, and a word outside the vocabulary
//! usually ends at an empty slot or a tag mismatch without reading a key. The key and value of a
//! word sit together in `entries`, indexed by id; ids are given most frequent word first, so the
//! entries of the common words share a few cache lines. And [`WordTable::first_slot`] lets a
//! caller read the slots of all tokens of a sentence before resolving any of them, so that their
//! cache misses overlap instead of coming one after the other.

/// Bits of a slot that hold the word id (ids are below `2^ID_BITS - 1`).
const ID_BITS: u32 = 21;
const ID_MASK: u32 = (1 << ID_BITS) - 1;
/// Bits of the hash kept beside the id.
const TAG_BITS: u32 = 32 - ID_BITS;
/// A free slot: no valid id has all id bits set.
pub(crate) const EMPTY: u32 = u32::MAX;

/// The key and value of one word (`key` as two halves: 24 bytes instead of a `u128`'s 32).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Entry {
    key: [u64; 2],
    value: u32,
}

fn halves(key: u128) -> [u64; 2] {
    [key as u64, (key >> 64) as u64]
}

#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct WordTable {
    /// `tag << ID_BITS | id`, or [`EMPTY`]; a power of two long, at most half full.
    slots: Vec<u32>,
    /// Per id: its key and value (ids without a key hold a zero key and are never in `slots`).
    entries: Vec<Entry>,
    /// `64 - log2(slots.len())`: the top bits of the hash pick the home slot.
    shift: u32,
}

/// Folded multiply of the key's halves (as foldhash): every key bit reaches the top bits, with
/// one 64×64→128-bit multiplication.
fn hash(key: u128) -> u64 {
    let lo = key as u64 ^ 0x243f_6a88_85a3_08d3;
    let hi = (key >> 64) as u64 ^ 0x1319_8a2e_0370_7344;
    let m = u128::from(lo) * u128::from(hi);
    m as u64 ^ (m >> 64) as u64
}

impl WordTable {
    /// A table of `words`, `(key, id)` with distinct keys and ids below `2^21 - 1`; `values[id]`
    /// is the value of id `id` (there may be ids without a key).
    pub(crate) fn new(words: &[(u128, u32)], values: &[u32]) -> WordTable {
        let len = (2 * words.len()).next_power_of_two().max(16);
        let mut table = WordTable {
            slots: vec![EMPTY; len],
            entries: values
                .iter()
                .map(|&value| Entry { key: [0; 2], value })
                .collect(),
            shift: 64 - len.trailing_zeros(),
        };
        for &(key, id) in words {
            assert!(id < ID_MASK, "word ids fit beside the tag");
            table.entries[id as usize].key = halves(key);
            let (mut at, tag) = table.home(key);
            while table.slots[at] != EMPTY {
                at = (at + 1) & (len - 1);
            }
            table.slots[at] = tag | id;
        }
        table
    }

    /// The home slot of `key` and its tag (already shifted into place).
    #[inline]
    fn home(&self, key: u128) -> (usize, u32) {
        let h = hash(key);
        let at = (h >> self.shift) as usize;
        // The tag comes from the bits below the slot bits (independent of the slot).
        let tag = ((h >> (self.shift - TAG_BITS)) as u32) << ID_BITS;
        (at, tag)
    }

    /// The home slot's content for `key`: the first step of [`Self::get`], to be passed to
    /// [`Self::resolve`] later.
    #[inline]
    pub(crate) fn first_slot(&self, key: u128) -> u32 {
        self.slots[self.home(key).0]
    }

    /// `(id, value)` of `key`, if it is in the table.
    pub(crate) fn get(&self, key: u128) -> Option<(u32, u32)> {
        self.resolve(key, self.first_slot(key))
    }

    /// [`Self::get`] given `first`, the [`Self::first_slot`] of `key`.
    #[inline]
    pub(crate) fn resolve(&self, key: u128, first: u32) -> Option<(u32, u32)> {
        if first == EMPTY {
            return None;
        }
        let (mut at, tag) = self.home(key);
        let mask = self.slots.len() - 1;
        let mut slot = first;
        loop {
            if slot & !ID_MASK == tag {
                let id = slot & ID_MASK;
                let entry = &self.entries[id as usize];
                if entry.key == halves(key) {
                    return Some((id, entry.value));
                }
            }
            at = (at + 1) & mask;
            slot = self.slots[at];
            if slot == EMPTY {
                return None;
            }
        }
    }

    /// The key of each id (`None` for an id without one).
    pub(crate) fn keys(&self) -> impl Iterator<Item = (u32, Option<u128>)> + '_ {
        self.entries.iter().enumerate().map(|(id, e)| {
            let key = u128::from(e.key[0]) | u128::from(e.key[1]) << 64;
            (id as u32, (key != 0).then_some(key))
        })
    }

    /// Number of ids (one more than the largest).
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The value of `id`.
    pub(crate) fn value(&self, id: u32) -> u32 {
        self.entries[id as usize].value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    proptest! {
        /// The table finds exactly the keys a `HashMap` holds, with their ids and values.
        #[test]
        fn agrees_with_a_hash_map(
            keys in prop::collection::hash_set(0u128..4096, 0..300),
            probes in prop::collection::vec(0u128..4096, 0..200),
            high in any::<u128>(),
        ) {
            // Spread the small keys over the whole width too (equal low bits, other high bits).
            let keys: Vec<u128> = keys.into_iter().map(|k| k ^ (high & !0xfff)).collect();
            let words: Vec<(u128, u32)> = keys.iter().zip(0u32..).map(|(&k, id)| (k, id)).collect();
            let values: Vec<u32> = (0..words.len() as u32 + 2).map(|id| id * 7 + 1).collect();
            let table = WordTable::new(&words, &values);
            let map: HashMap<u128, u32> = words.iter().copied().collect();
            for key in probes.into_iter().map(|k| k ^ (high & !0xfff)).chain(keys) {
                let expected = map.get(&key).map(|&id| (id, values[id as usize]));
                prop_assert_eq!(table.get(key), expected);
                prop_assert_eq!(table.resolve(key, table.first_slot(key)), expected);
            }
            let last = words.len() as u32 + 1;
            prop_assert_eq!(table.value(last), values[last as usize]);
        }
    }

    #[test]
    fn empty_table_finds_nothing() {
        let table = WordTable::new(&[], &[5]);
        assert_eq!(table.get(0), None);
        assert_eq!(table.get(u128::MAX), None);
        assert_eq!(table.value(0), 5);
    }
}
