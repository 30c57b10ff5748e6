//! Compressed sparse row (CSR) matrix: the feature matrix the models train and score on.
//!
//! Rows are documents or sentences, columns are features; values are `f32` (features are
//! counts or TF-IDF weights, so f32 is plenty and halves the memory), the models widen to f64.

use linfa::dataset::Records;
use ndarray::Array2;
use thiserror::Error;

/// Errors raised while building a [`CsrMatrix`].
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SparseError {
    #[error("row {row}: column index {index} is out of range for {ncols} columns")]
    IndexOutOfRange {
        row: usize,
        index: u32,
        ncols: usize,
    },
    #[error("row {row}, column {index}: value {value} is not finite")]
    NonFiniteValue { row: usize, index: u32, value: f32 },
    #[error("invalid CSR layout: {0}")]
    InvalidLayout(String),
}

/// A sparse matrix in CSR form: row `i` owns `indices[indptr[i]..indptr[i + 1]]` and the
/// matching `values`. Column indices inside a row are strictly increasing and every stored
/// value is finite ([`CsrBuilder`] also drops zeros).
#[derive(Debug, Clone, PartialEq)]
pub struct CsrMatrix {
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f32>,
    ncols: usize,
}

impl CsrMatrix {
    /// Builds a matrix from raw CSR arrays, checking every invariant the models rely on.
    pub fn from_parts(
        indptr: Vec<usize>,
        indices: Vec<u32>,
        values: Vec<f32>,
        ncols: usize,
    ) -> Result<Self, SparseError> {
        let layout = |why: String| Err(SparseError::InvalidLayout(why));
        if indptr.first() != Some(&0) {
            return layout("indptr must start with 0".into());
        }
        if indices.len() != values.len() {
            return layout(format!(
                "{} indices but {} values",
                indices.len(),
                values.len()
            ));
        }
        if indptr.last() != Some(&indices.len()) {
            return layout(format!("indptr must end with nnz = {}", indices.len()));
        }
        for (row, bounds) in indptr.windows(2).enumerate() {
            if bounds[0] > bounds[1] {
                return layout(format!("indptr decreases at row {row}"));
            }
            let (row_indices, row_values) = (
                &indices[bounds[0]..bounds[1]],
                &values[bounds[0]..bounds[1]],
            );
            for (k, (&index, &value)) in row_indices.iter().zip(row_values).enumerate() {
                check_entry(row, index, value, ncols)?;
                if k > 0 && row_indices[k - 1] >= index {
                    return layout(format!("row {row}: column indices not strictly increasing"));
                }
            }
        }
        Ok(Self {
            indptr,
            indices,
            values,
            ncols,
        })
    }

    pub fn nrows(&self) -> usize {
        self.indptr.len() - 1
    }

    pub fn ncols(&self) -> usize {
        self.ncols
    }

    /// Number of stored (non-zero) entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Column indices and values of row `i`. Panics if `i >= nrows()`, like slice indexing.
    pub fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let span = self.indptr[i]..self.indptr[i + 1];
        (&self.indices[span.clone()], &self.values[span])
    }

    /// Iterates over all rows in order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = (&[u32], &[f32])> + '_ {
        (0..self.nrows()).map(move |i| self.row(i))
    }

    /// Dense copy in f64 (every f32 widens exactly). For tests and small problems only.
    pub fn to_dense(&self) -> Array2<f64> {
        let mut dense = Array2::zeros((self.nrows(), self.ncols));
        for (i, (indices, values)) in self.rows().enumerate() {
            for (&j, &v) in indices.iter().zip(values) {
                dense[(i, j as usize)] = f64::from(v);
            }
        }
        dense
    }

    /// A new matrix made of the given rows, in the given order (repeats allowed, as in a
    /// bootstrap). Panics if a row index is `>= nrows()`, like slice indexing.
    pub fn select_rows(&self, rows: &[usize]) -> CsrMatrix {
        let nnz = rows
            .iter()
            .map(|&i| self.indptr[i + 1] - self.indptr[i])
            .sum();
        let mut indptr = Vec::with_capacity(rows.len() + 1);
        let mut indices = Vec::with_capacity(nnz);
        let mut values = Vec::with_capacity(nnz);
        indptr.push(0);
        for &i in rows {
            let (row_indices, row_values) = self.row(i);
            indices.extend_from_slice(row_indices);
            values.extend_from_slice(row_values);
            indptr.push(indices.len());
        }
        CsrMatrix {
            indptr,
            indices,
            values,
            ncols: self.ncols,
        }
    }
}

impl Records for CsrMatrix {
    type Elem = f32;

    fn nsamples(&self) -> usize {
        self.nrows()
    }

    fn nfeatures(&self) -> usize {
        self.ncols
    }
}

fn check_entry(row: usize, index: u32, value: f32, ncols: usize) -> Result<(), SparseError> {
    if index as usize >= ncols {
        return Err(SparseError::IndexOutOfRange { row, index, ncols });
    }
    if !value.is_finite() {
        return Err(SparseError::NonFiniteValue { row, index, value });
    }
    Ok(())
}

/// Builds a [`CsrMatrix`] one row at a time. Entries of a row may come in any order; duplicate
/// column indices are summed (in the order given) and entries that end up zero are dropped.
#[derive(Debug, Clone)]
pub struct CsrBuilder {
    ncols: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f32>,
    /// Reused per row so that building does not allocate per row.
    row_buffer: Vec<(u32, f32)>,
}

impl CsrBuilder {
    pub fn new(ncols: usize) -> Self {
        Self::with_capacity(ncols, 0, 0)
    }

    pub fn with_capacity(ncols: usize, nrows: usize, nnz: usize) -> Self {
        let mut indptr = Vec::with_capacity(nrows + 1);
        indptr.push(0);
        Self {
            ncols,
            indptr,
            indices: Vec::with_capacity(nnz),
            values: Vec::with_capacity(nnz),
            row_buffer: Vec::new(),
        }
    }

    /// Rows pushed so far.
    pub fn nrows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Appends one row of `(column, value)` pairs. On error nothing is appended.
    pub fn push_row<I>(&mut self, entries: I) -> Result<(), SparseError>
    where
        I: IntoIterator<Item = (u32, f32)>,
    {
        let row = self.nrows();
        self.row_buffer.clear();
        for (index, value) in entries {
            check_entry(row, index, value, self.ncols)?;
            self.row_buffer.push((index, value));
        }
        // Stable sort: duplicates are summed in the order the caller gave them.
        if !self.row_buffer.windows(2).all(|w| w[0].0 < w[1].0) {
            self.row_buffer.sort_by_key(|&(index, _)| index);
        }
        let mut merged = self.row_buffer.iter().copied().peekable();
        while let Some((index, mut value)) = merged.next() {
            while let Some(&(_, more)) = merged.peek().filter(|(next, _)| *next == index) {
                value += more;
                merged.next();
            }
            if value != 0.0 {
                self.indices.push(index);
                self.values.push(value);
            }
        }
        self.indptr.push(self.indices.len());
        Ok(())
    }

    pub fn build(self) -> CsrMatrix {
        CsrMatrix {
            indptr: self.indptr,
            indices: self.indices,
            values: self.values,
            ncols: self.ncols,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn small() -> CsrMatrix {
        let mut builder = CsrBuilder::new(4);
        builder.push_row([(3, 1.0), (0, 2.0)]).unwrap();
        builder.push_row([]).unwrap();
        builder.push_row([(1, 0.5), (1, 0.25), (2, 0.0)]).unwrap();
        builder.build()
    }

    #[test]
    fn builder_sorts_merges_and_drops_zeros() {
        let m = small();
        assert_eq!((m.nrows(), m.ncols(), m.nnz()), (3, 4, 3));
        assert_eq!(m.row(0), (&[0u32, 3][..], &[2.0f32, 1.0][..]));
        assert_eq!(m.row(1), (&[][..], &[][..]));
        assert_eq!(m.row(2), (&[1u32][..], &[0.75f32][..]));
    }

    #[test]
    fn duplicates_cancelling_to_zero_are_dropped() {
        let mut builder = CsrBuilder::new(2);
        builder.push_row([(1, 1.5), (1, -1.5), (0, 1.0)]).unwrap();
        let m = builder.build();
        assert_eq!(m.row(0), (&[0u32][..], &[1.0f32][..]));
    }

    #[test]
    fn builder_rejects_bad_entries_without_appending() {
        let mut builder = CsrBuilder::new(4);
        let err = builder.push_row([(0, 1.0), (4, 1.0)]).unwrap_err();
        assert_eq!(
            err,
            SparseError::IndexOutOfRange {
                row: 0,
                index: 4,
                ncols: 4
            }
        );
        let err = builder.push_row([(1, f32::NAN)]).unwrap_err();
        assert!(matches!(err, SparseError::NonFiniteValue { index: 1, .. }));
        assert_eq!(builder.nrows(), 0);
        builder.push_row([(2, 1.0)]).unwrap();
        let m = builder.build();
        assert_eq!((m.nrows(), m.nnz()), (1, 1));
    }

    #[test]
    fn to_dense_places_values() {
        let expected = array![
            [2.0, 0.0, 0.0, 1.0],
            [0.0, 0.0, 0.0, 0.0],
            [0.0, 0.75, 0.0, 0.0]
        ];
        assert_eq!(small().to_dense(), expected);
    }

    #[test]
    fn select_rows_reorders_and_repeats() {
        let m = small();
        let picked = m.select_rows(&[2, 0, 2]);
        assert_eq!((picked.nrows(), picked.ncols(), picked.nnz()), (3, 4, 4));
        assert_eq!(picked.row(0), m.row(2));
        assert_eq!(picked.row(1), m.row(0));
        assert_eq!(picked.row(2), m.row(2));
        assert_eq!(m.select_rows(&[]).nrows(), 0);
    }

    #[test]
    fn records_report_shape() {
        let m = small();
        assert_eq!((m.nsamples(), m.nfeatures()), (3, 4));
    }

    #[test]
    fn from_parts_accepts_valid_and_rejects_broken_layouts() {
        let m = small();
        let rebuilt = CsrMatrix::from_parts(
            m.indptr.clone(),
            m.indices.clone(),
            m.values.clone(),
            m.ncols,
        )
        .unwrap();
        assert_eq!(rebuilt, m);
        let unsorted = CsrMatrix::from_parts(vec![0, 2], vec![3, 1], vec![1.0, 1.0], 4);
        assert!(matches!(unsorted, Err(SparseError::InvalidLayout(_))));
        let short = CsrMatrix::from_parts(vec![0, 3], vec![1], vec![1.0], 4);
        assert!(matches!(short, Err(SparseError::InvalidLayout(_))));
        let wide = CsrMatrix::from_parts(vec![0, 1], vec![9], vec![1.0], 4);
        assert!(matches!(wide, Err(SparseError::IndexOutOfRange { .. })));
        assert!(CsrMatrix::from_parts(vec![], vec![], vec![], 4).is_err());
    }
}
