//! One integer per short lower-cased word, the key of the word tables of both the n-gram index
//! and the lexicon matcher: its bytes (little-endian), then its length in the top byte, so equal
//! keys mean equal words. While scoring, a token's key is one 16-byte load from the lower-cased
//! stream and a mask ([`window_key`]); tables are built with [`key`].

/// Longest word that has a key (longer words go through a string map).
pub const SHORT_WORD: usize = 15;

/// `MASKS[n]` keeps the low `n` bytes (a table look-up instead of a 128-bit variable shift).
const MASKS: [u128; SHORT_WORD + 1] = {
    let mut masks = [0u128; SHORT_WORD + 1];
    let mut n = 1;
    while n <= SHORT_WORD {
        masks[n] = (1u128 << (8 * n)) - 1;
        n += 1;
    }
    masks
};

/// The key of `word`, if it has at most [`SHORT_WORD`] bytes.
pub fn key(word: &[u8]) -> Option<u128> {
    (word.len() <= SHORT_WORD).then(|| {
        let mut packed = [0u8; 16];
        packed[..word.len()].copy_from_slice(word);
        packed[15] = word.len() as u8;
        u128::from_le_bytes(packed)
    })
}

/// The word a [`key`] was made of (inverse of [`key`]).
pub fn word_of(key: u128) -> Vec<u8> {
    let bytes = key.to_le_bytes();
    bytes[..usize::from(bytes[15]).min(SHORT_WORD)].to_vec()
}

/// The key of the `len`-byte word at the start of `window` (16 bytes read little-endian, see
/// [`window_at`]); the bytes after the word are masked off.
#[inline]
pub fn window_key(window: u128, len: usize) -> u128 {
    debug_assert!(len <= SHORT_WORD);
    window & MASKS[len] | (len as u128) << 120
}

/// The 16 bytes of `stream` from `start` (zeros past its end) as one integer.
#[inline]
pub fn window_at(stream: &[u8], start: usize) -> u128 {
    match stream.get(start..start + 16) {
        Some(bytes) => u128::from_le_bytes(bytes.try_into().expect("16 bytes")),
        None => {
            // Near the stream's end: copy what is there.
            let mut buf = [0u8; 16];
            let rest = stream.get(start..).unwrap_or_default();
            buf[..rest.len()].copy_from_slice(rest);
            u128::from_le_bytes(buf)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keys_are_one_to_one_and_long_words_have_none() {
        assert_eq!(key(b""), Some(0));
        assert_ne!(
            key(b"a"),
            key(b"a\0"),
            "the length tells trailing zeros apart"
        );
        assert!(key(b"abcdefghijklmno").is_some());
        assert_eq!(key(b"abcdefghijklmnop"), None);
    }

    proptest! {
        /// The masked load keys a word as [`key`] does, whatever follows it in the stream.
        #[test]
        fn window_keys_match_keys(word in "\\PC{0,15}", after in proptest::collection::vec(any::<u8>(), 0..20)) {
            let len = word.len();
            prop_assume!(len <= SHORT_WORD);
            let mut stream = word.as_bytes().to_vec();
            stream.extend(&after);
            prop_assert_eq!(Some(window_key(window_at(&stream, 0), len)), key(word.as_bytes()));
            prop_assert_eq!(word_of(key(word.as_bytes()).expect("short")), word.as_bytes());
        }
    }
}
