//! One block of weighted, L2-normalised n-gram features (word n-grams and character n-grams are
//! two such blocks, each normalised on its own as scikit-learn's stacked vectorizers are).

use crate::features::ln_table::ln_count;
use crate::features::spec::Weighting;

/// Appends the block for `hits` (vocabulary indices, sorted ascending, one entry per occurrence):
/// feature `base + index` with its weight from the term count and `idf`, then scales the appended
/// values to unit L2 norm.
pub(crate) fn push_weighted_block(
    hits: &[u32],
    idf: &[f32],
    weighting: Weighting,
    base: usize,
    indices: &mut Vec<u32>,
    values: &mut Vec<f32>,
) {
    let mut block = WeightedBlock::new(idf, weighting, base, indices, values);
    for run in hits.chunk_by(|a, b| a == b) {
        block.push(run[0] as usize, run.len());
    }
    block.finish();
}

/// [`push_weighted_block`] one term at a time: [`WeightedBlock::push`] each index (ascending)
/// with its count, then [`WeightedBlock::finish`].
pub(crate) struct WeightedBlock<'a> {
    idf: &'a [f32],
    weighting: Weighting,
    base: usize,
    indices: &'a mut Vec<u32>,
    values: &'a mut Vec<f32>,
    first: usize,
    norm: f64,
}

impl<'a> WeightedBlock<'a> {
    pub(crate) fn new(
        idf: &'a [f32],
        weighting: Weighting,
        base: usize,
        indices: &'a mut Vec<u32>,
        values: &'a mut Vec<f32>,
    ) -> Self {
        let first = values.len();
        WeightedBlock {
            idf,
            weighting,
            base,
            indices,
            values,
            first,
            norm: 0.0,
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, index: usize, count: usize) {
        let value = match self.weighting {
            Weighting::Tfidf => (1.0 + ln_count(count)) * self.idf[index],
            Weighting::Tf => count as f32 * self.idf[index],
            Weighting::Binary => 1.0,
        };
        self.norm += f64::from(value) * f64::from(value);
        self.indices.push((self.base + index) as u32);
        self.values.push(value);
    }

    /// Scales the pushed values to unit L2 norm.
    pub(crate) fn finish(self) {
        if self.norm > 0.0 {
            let inv = (1.0 / self.norm.sqrt()) as f32;
            self.values[self.first..].iter_mut().for_each(|v| *v *= inv);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_runs_weights_and_normalises_only_the_new_block() {
        let (mut indices, mut values) = (vec![0], vec![5.0]);
        let idf = [1.0, 2.0, 3.0];
        push_weighted_block(
            &[0, 0, 2],
            &idf,
            Weighting::Tf,
            10,
            &mut indices,
            &mut values,
        );
        assert_eq!(indices, [0, 10, 12]);
        // tf values 2·1 and 1·3, scaled by 1/√13; the earlier value is untouched.
        let n = 13f32.sqrt();
        assert_eq!(values[0], 5.0);
        assert!((values[1] - 2.0 / n).abs() < 1e-6 && (values[2] - 3.0 / n).abs() < 1e-6);
        let (mut i2, mut v2) = (vec![], vec![]);
        push_weighted_block(&[1, 1, 1], &idf, Weighting::Tfidf, 0, &mut i2, &mut v2);
        assert_eq!(i2, [1]);
        assert!(
            (v2[0] - 1.0).abs() < 1e-6,
            "one feature normalises to 1: {v2:?}"
        );
        let (mut i3, mut v3) = (vec![], vec![]);
        push_weighted_block(&[], &idf, Weighting::Binary, 0, &mut i3, &mut v3);
        assert!(i3.is_empty() && v3.is_empty());
    }
}
