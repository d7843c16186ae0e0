//! Random values for generated data (passwords, hashes) and the garbage fault.

use ring::rand::{SecureRandom, SystemRandom};

/// `n` random bytes.
pub fn bytes(n: usize) -> Vec<u8> {
    let mut out = vec![0u8; n];
    // NB: SystemRandom only fails when the OS has no random source at all; zeros still make
    // valid (if dull) test data.
    let _ = SystemRandom::new().fill(&mut out);
    out
}

/// `len` random letters and digits.
pub fn token(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    bytes(len)
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// Something shaped like the yescrypt hashes Virtualmin stores (`$y$j9T$salt$hash`).
pub fn password_hash() -> String {
    format!("$y$j9T${}.${}", token(21), token(43))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_have_the_asked_length_and_differ() {
        let (a, b) = (token(25), token(25));
        assert_eq!(a.len(), 25);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }
}
