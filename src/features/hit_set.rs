//! The vocabulary hits of one sentence, read back in ascending index order with their counts,
//! without sorting them: a sentence's ~20 hits come in text order, and sorting them (insertion
//! sort, a misprediction per step) was a visible share of featurizing. Each hit sets a bit in a
//! two-level bitset (1.5 KB for a 12k vocabulary); a repeat, which finds its bit set, goes to a
//! short list instead.

#[derive(Debug, Default)]
pub(crate) struct HitSet {
    /// One bit per vocabulary index that was hit.
    bits: Vec<u64>,
    /// One bit per word of `bits` that is not zero.
    blocks: Vec<u64>,
    /// Indices hit more than once: one entry per repeat.
    repeats: Vec<u32>,
}

impl HitSet {
    /// Makes room for indices below `n` (the set must be empty; allocation is kept).
    pub(crate) fn reserve(&mut self, n: usize) {
        let words = n.div_ceil(64);
        if self.bits.len() < words {
            self.bits.resize(words, 0);
            self.blocks.resize(words.div_ceil(64), 0);
        }
    }

    /// Adds one occurrence of `index` (below the `n` of [`Self::reserve`]).
    #[inline]
    pub(crate) fn add(&mut self, index: u32) {
        let i = index as usize;
        let bit = 1u64 << (i % 64);
        let word = &mut self.bits[i / 64];
        if *word & bit != 0 {
            self.repeats.push(index);
        }
        *word |= bit;
        self.blocks[i / 4096] |= 1 << ((i / 64) % 64);
    }

    /// Calls `f(index, count)` for each index added since the last drain, ascending, and empties
    /// the set.
    pub(crate) fn drain(&mut self, mut f: impl FnMut(usize, usize)) {
        self.repeats.sort_unstable();
        let mut repeats = self.repeats.iter().peekable();
        for b in 0..self.blocks.len() {
            let mut block = std::mem::take(&mut self.blocks[b]);
            while block != 0 {
                let w = b * 64 + block.trailing_zeros() as usize;
                block &= block - 1;
                let mut word = std::mem::take(&mut self.bits[w]);
                while word != 0 {
                    let index = w * 64 + word.trailing_zeros() as usize;
                    word &= word - 1;
                    let mut count = 1;
                    while repeats.next_if(|&&r| r as usize == index).is_some() {
                        count += 1;
                    }
                    f(index, count);
                }
            }
        }
        self.repeats.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The slow twin: sort, then count runs.
    fn sorted_runs(hits: &[u32]) -> Vec<(usize, usize)> {
        let mut hits = hits.to_vec();
        hits.sort_unstable();
        hits.chunk_by(|a, b| a == b)
            .map(|run| (run[0] as usize, run.len()))
            .collect()
    }

    proptest! {
        #[test]
        fn drains_what_sorting_and_counting_runs_give(
            n in 1usize..20_000,
            sentences in prop::collection::vec(prop::collection::vec(any::<u32>(), 0..40), 1..4),
        ) {
            let mut set = HitSet::default();
            set.reserve(n);
            for hits in sentences {
                // Few distinct values too, so that repeats are common.
                let hits: Vec<u32> = hits.iter().map(|&h| h % (n as u32).min(1 + h % 97)).collect();
                hits.iter().for_each(|&h| set.add(h));
                let mut drained = Vec::new();
                set.drain(|index, count| drained.push((index, count)));
                prop_assert_eq!(drained, sorted_runs(&hits));
            }
        }
    }

    #[test]
    fn growing_keeps_working() {
        let mut set = HitSet::default();
        set.reserve(10);
        set.add(3);
        set.add(3);
        let mut drained = Vec::new();
        set.drain(|i, c| drained.push((i, c)));
        set.reserve(100_000);
        set.add(99_999);
        set.add(4_096);
        set.drain(|i, c| drained.push((i, c)));
        assert_eq!(drained, [(3, 2), (4_096, 1), (99_999, 1)]);
    }
}
