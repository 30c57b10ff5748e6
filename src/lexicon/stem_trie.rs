//! The single-token wildcard stems as a byte trie, for the longest stem that begins a token. A
//! bitmap of the stems' first three bytes turns most tokens away before the walk (whose exit after
//! one or two bytes the CPU could not predict).

const NONE: u32 = u32::MAX;

/// 2^14 filter bits (2 KB): a few dozen stems set under 1% of them.
const FILTER_BITS: u32 = 14;
const FILTER_WORDS: usize = 1 << (FILTER_BITS - 6);

/// The filter bit of three bytes (little-endian in the low 24 bits of `first3`).
#[inline]
fn filter_bit(first3: u32) -> usize {
    ((first3 & 0xff_ffff).wrapping_mul(0x9e37_79b1) >> (32 - FILTER_BITS)) as usize
}

#[derive(Debug, Clone)]
struct Node {
    /// The entry whose stem ends here, or [`NONE`].
    entry: u32,
    /// This node's edges: `labels[edges.0..edges.1]`, `targets[..]` alike, sorted by label.
    edges: (u32, u32),
}

#[derive(Debug, Clone)]
pub(crate) struct StemTrie {
    /// Bit [`filter_bit`] of each stem's first three bytes; all set if a stem is shorter.
    filter: Box<[u64; FILTER_WORDS]>,
    /// Node reached by each first byte, or [`NONE`].
    root: Box<[u32; 256]>,
    nodes: Vec<Node>,
    labels: Vec<u8>,
    targets: Vec<u32>,
}

impl StemTrie {
    /// `stems` as (stem, entry); of equal stems the first is kept (as the automaton keeps the
    /// lowest pattern id). Empty stems are skipped: the caller never passes one.
    pub fn build<'a>(stems: impl IntoIterator<Item = (&'a str, u32)>) -> StemTrie {
        // Built as nested sorted maps, then laid out breadth-first.
        #[derive(Default)]
        struct Building {
            entry: Option<u32>,
            children: std::collections::BTreeMap<u8, Building>,
        }
        let mut top = Building::default();
        let mut filter = Box::new([0u64; FILTER_WORDS]);
        for (stem, entry) in stems {
            if stem.is_empty() {
                continue;
            }
            match stem.as_bytes() {
                &[a, b, c, ..] => {
                    let bit = filter_bit(u32::from_le_bytes([a, b, c, 0]));
                    filter[bit / 64] |= 1 << (bit % 64);
                }
                _ => filter.fill(u64::MAX), // a token of any third byte may start with it
            }
            let node = stem
                .bytes()
                .fold(&mut top, |node, b| node.children.entry(b).or_default());
            node.entry.get_or_insert(entry);
        }
        let mut trie = StemTrie {
            filter,
            root: Box::new([NONE; 256]),
            nodes: Vec::new(),
            labels: Vec::new(),
            targets: Vec::new(),
        };
        let mut queue = std::collections::VecDeque::new();
        for (&b, child) in &top.children {
            trie.root[usize::from(b)] = trie.nodes.len() as u32 + queue.len() as u32;
            queue.push_back(child);
        }
        // Breadth-first: a node's children are numbered after every node already queued.
        while let Some(node) = queue.pop_front() {
            let start = trie.labels.len() as u32;
            for (&b, child) in &node.children {
                trie.labels.push(b);
                trie.targets
                    .push((trie.nodes.len() + 1 + queue.len()) as u32);
                queue.push_back(child);
            }
            trie.nodes.push(Node {
                entry: node.entry.unwrap_or(NONE),
                edges: (start, trie.labels.len() as u32),
            });
        }
        trie
    }

    /// Whether a token whose first three bytes (padded with what follows it) are `first3` may
    /// start with a stem: false for most tokens.
    #[inline]
    pub fn may_start(&self, first3: u32) -> bool {
        let bit = filter_bit(first3);
        self.filter[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The entry of the longest stem that `word` starts with (the whole word included).
    #[inline]
    pub fn longest_prefix(&self, word: &[u8]) -> Option<u32> {
        let (&first, rest) = word.split_first()?;
        let mut node = self.root[usize::from(first)];
        if node == NONE {
            return None;
        }
        let mut best = self.nodes[node as usize].entry;
        for &b in rest {
            let (start, end) = self.nodes[node as usize].edges;
            let labels = &self.labels[start as usize..end as usize];
            let Some(k) = labels.iter().position(|&l| l == b) else {
                break;
            };
            node = self.targets[start as usize + k];
            let entry = self.nodes[node as usize].entry;
            if entry != NONE {
                best = entry;
            }
        }
        (best != NONE).then_some(best)
    }

    pub fn memory_usage(&self) -> usize {
        std::mem::size_of::<[u64; FILTER_WORDS]>()
            + std::mem::size_of::<[u32; 256]>()
            + self.nodes.capacity() * std::mem::size_of::<Node>()
            + self.labels.capacity()
            + self.targets.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_longest_stem_that_starts_the_word() {
        let trie = StemTrie::build([("assassin", 0), ("ass", 1), ("anti-", 2), ("b", 3)]);
        assert_eq!(trie.longest_prefix(b"assassinated"), Some(0));
        assert_eq!(trie.longest_prefix(b"assassin"), Some(0));
        assert_eq!(trie.longest_prefix(b"assassi"), Some(1));
        assert_eq!(trie.longest_prefix(b"ass"), Some(1));
        assert_eq!(trie.longest_prefix(b"as"), None);
        assert_eq!(trie.longest_prefix(b"anti-war"), Some(2));
        assert_eq!(trie.longest_prefix(b"anti"), None);
        assert_eq!(trie.longest_prefix(b"b"), Some(3));
        assert_eq!(trie.longest_prefix(b""), None);
        assert_eq!(trie.longest_prefix(b"xyz"), None);
        assert!(
            trie.may_start(u32::from_le_bytes(*b"xyz ")),
            "a short stem disables the filter"
        );
    }

    #[test]
    fn filter_passes_every_token_that_starts_with_a_stem() {
        let trie = StemTrie::build([("assassin", 0), ("anti-", 1), ("war", 2)]);
        let first3 = |t: &[u8]| u32::from_le_bytes([t[0], t[1], t[2], 0]);
        for token in [&b"assassinated"[..], b"anti-war", b"war ", b"warfare"] {
            assert!(trie.may_start(first3(token)));
        }
        let passed = [&b"the"[..], b"of ", b"a  ", b"said", b"was", b"an "]
            .iter()
            .filter(|t| trie.may_start(first3(t)))
            .count();
        assert!(passed <= 1, "{passed} of 6 other words passed");
    }

    #[test]
    fn the_first_of_equal_stems_wins() {
        let trie = StemTrie::build([("war", 7), ("war", 2), ("", 9)]);
        assert_eq!(trie.longest_prefix(b"warfare"), Some(7));
        assert_eq!(StemTrie::build([]).longest_prefix(b"war"), None);
    }
}
