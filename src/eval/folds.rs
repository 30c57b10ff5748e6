//! Fold schemes: which rows each fold tests on. Every function returns, per row, the index of the
//! fold that tests it; [`splits`] turns that into train/test row lists. All are deterministic:
//! the only randomness is a [`SplitMix64`] seeded by the caller, consumed in a fixed order.

use std::collections::BTreeMap;

use super::error::EvalError;
use super::rng::SplitMix64;

/// One train/test split. Row indices refer to the evaluated rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Shown in outputs: the fold number, the held-out value or `test`.
    pub name: String,
    pub train: Vec<usize>,
    pub test: Vec<usize>,
}

/// Checks `2 <= folds <= available`.
pub fn check_fold_count(
    folds: usize,
    available: usize,
    what: &'static str,
) -> Result<(), EvalError> {
    if folds < 2 {
        return Err(EvalError::TooFewFolds(folds));
    }
    if folds > available {
        return Err(EvalError::TooManyFolds {
            folds,
            available,
            what,
        });
    }
    Ok(())
}

/// Stratified K-fold: each class's rows (classes in index order) are shuffled and dealt round
/// robin into the folds, the deal continuing where the previous class stopped so fold sizes
/// differ by at most one. `targets[i]` is row `i`'s class.
pub fn stratified(targets: &[usize], folds: usize, seed: u64) -> Result<Vec<usize>, EvalError> {
    check_fold_count(folds, targets.len(), "rows")?;
    let n_classes = targets.iter().max().map_or(0, |&m| m + 1);
    let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); n_classes];
    for (row, &class) in targets.iter().enumerate() {
        by_class[class].push(row);
    }
    let mut rng = SplitMix64::new(seed);
    let mut assignment = vec![0; targets.len()];
    let mut dealt = 0;
    for rows in &mut by_class {
        rng.shuffle(rows);
        for &row in rows.iter() {
            assignment[row] = dealt % folds;
            dealt += 1;
        }
    }
    Ok(assignment)
}

/// Grouped K-fold: rows sharing a group value stay in one fold. Groups are taken largest first
/// (equal sizes in seeded order) and each goes to the fold with the fewest rows so far (the
/// lowest-numbered on ties).
pub fn grouped(groups: &[&str], folds: usize, seed: u64) -> Result<Vec<usize>, EvalError> {
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (row, &group) in groups.iter().enumerate() {
        members.entry(group).or_default().push(row);
    }
    check_fold_count(folds, members.len(), "groups")?;
    let mut order: Vec<Vec<usize>> = members.into_values().collect();
    SplitMix64::new(seed).shuffle(&mut order);
    // Stable: equal sizes keep their shuffled order.
    order.sort_by_key(|rows| std::cmp::Reverse(rows.len()));
    let mut sizes = vec![0usize; folds];
    let mut assignment = vec![0; groups.len()];
    for rows in &order {
        let fold = (0..folds).min_by_key(|&f| sizes[f]).unwrap_or(0);
        sizes[fold] += rows.len();
        for &row in rows {
            assignment[row] = fold;
        }
    }
    Ok(assignment)
}

/// Leave-one-out by value: one fold per distinct value (in sorted order), named by the value.
pub fn leave_one_out(
    values: &[&str],
    column: &str,
) -> Result<(Vec<usize>, Vec<String>), EvalError> {
    let names: Vec<String> = values
        .iter()
        .copied()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(str::to_string)
        .collect();
    if names.len() < 2 {
        return Err(EvalError::TooFewGroups {
            column: column.to_string(),
            found: names.len(),
        });
    }
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let assignment = values.iter().map(|v| index[v]).collect();
    Ok((assignment, names))
}

/// The splits of an assignment: fold `f` tests on its rows and trains on all the others. Folds
/// without rows are dropped. `names[f]` names fold `f`.
pub fn splits(assignment: &[usize], names: &[String]) -> Vec<Split> {
    let mut tests: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    for (row, &fold) in assignment.iter().enumerate() {
        tests[fold].push(row);
    }
    tests
        .into_iter()
        .enumerate()
        .filter(|(_, test)| !test.is_empty())
        .map(|(fold, test)| Split {
            name: names[fold].clone(),
            train: (0..assignment.len())
                .filter(|&row| assignment[row] != fold)
                .collect(),
            test,
        })
        .collect()
}

/// `0`, `1`, … `n - 1`.
pub fn numbered(n: usize) -> Vec<String> {
    (0..n).map(|i| i.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold_sizes(assignment: &[usize], folds: usize) -> Vec<usize> {
        let mut sizes = vec![0; folds];
        assignment.iter().for_each(|&f| sizes[f] += 1);
        sizes
    }

    #[test]
    fn stratified_keeps_class_proportions_and_balanced_sizes() {
        // 10 of class 0, 5 of class 1, 5 folds: each fold gets 2 + 1.
        let targets: Vec<usize> = (0..15).map(|i| usize::from(i >= 10)).collect();
        let assignment = stratified(&targets, 5, 13).unwrap();
        assert_eq!(fold_sizes(&assignment, 5), [3, 3, 3, 3, 3]);
        for fold in 0..5 {
            let ones = (0..15)
                .filter(|&r| assignment[r] == fold && targets[r] == 1)
                .count();
            assert_eq!(ones, 1, "fold {fold}");
        }
        assert_eq!(assignment, stratified(&targets, 5, 13).unwrap());
        assert_ne!(assignment, stratified(&targets, 5, 14).unwrap());
        // Uneven sizes differ by at most one.
        let sizes = fold_sizes(&stratified(&targets, 4, 1).unwrap(), 4);
        assert_eq!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap(), 1);
    }

    #[test]
    fn fold_counts_are_checked() {
        assert!(matches!(
            stratified(&[0, 1, 0], 1, 0),
            Err(EvalError::TooFewFolds(1))
        ));
        assert!(matches!(
            stratified(&[0, 1, 0], 4, 0),
            Err(EvalError::TooManyFolds {
                folds: 4,
                available: 3,
                ..
            })
        ));
        assert!(matches!(
            grouped(&["a", "a", "b"], 3, 0),
            Err(EvalError::TooManyFolds { available: 2, .. })
        ));
        assert!(matches!(
            leave_one_out(&["a", "a"], "outlet"),
            Err(EvalError::TooFewGroups { found: 1, .. })
        ));
    }

    #[test]
    fn grouped_never_splits_a_group_and_balances_largest_first() {
        // Group sizes 5, 3, 3, 2, 1 into 2 folds: 5 -> f0, 3 -> f1, 3 -> f1 (3 < 5),
        // 2 -> f0 (5 < 6), 1 -> f1 (6 < 7) => sizes 7 and 7.
        let mut groups = Vec::new();
        for (name, size) in [("e", 1), ("a", 5), ("b", 3), ("c", 3), ("d", 2)] {
            groups.extend(std::iter::repeat_n(name, size));
        }
        let assignment = grouped(&groups, 2, 13).unwrap();
        assert_eq!(fold_sizes(&assignment, 2), [7, 7]);
        for (row, group) in groups.iter().enumerate() {
            let first = groups.iter().position(|g| g == group).unwrap();
            assert_eq!(assignment[row], assignment[first], "group {group}");
        }
        let a_fold = assignment[groups.iter().position(|&g| g == "a").unwrap()];
        assert_eq!(a_fold, 0, "the largest group goes first, to fold 0");
    }

    #[test]
    fn leave_one_out_makes_one_named_fold_per_value() {
        let (assignment, names) = leave_one_out(&["y", "x", "y", "z"], "outlet").unwrap();
        assert_eq!(names, ["x", "y", "z"]);
        assert_eq!(assignment, [1, 0, 1, 2]);
        let splits = splits(&assignment, &names);
        assert_eq!(splits.len(), 3);
        assert_eq!(splits[1].name, "y");
        assert_eq!(splits[1].test, [0, 2]);
        assert_eq!(splits[1].train, [1, 3]);
    }

    #[test]
    fn splits_drop_empty_folds() {
        let splits = splits(&[0, 2, 2], &numbered(3));
        let names: Vec<_> = splits.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["0", "2"]);
        assert_eq!(splits[0].train, [1, 2]);
    }
}
