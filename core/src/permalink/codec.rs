//! The byte codecs of the permalink: a small LZ77 compressor and unpadded base64url. Both are
//! written here because the page needs a few dozen lines of each, not a dependency; the decoders
//! are total (any input gives `Ok` or an `Err` that names the problem, never a panic) and the
//! decompressor refuses to grow past [`MAX_OUTPUT`].
//!
//! The compressed stream is a sequence of tokens:
//! - a byte `t < 0x80` starts a literal run of `t + 1` bytes, which follow;
//! - a byte `t >= 0x80` is a copy of `(t & 0x7f) + 3` bytes from `d` bytes back in the output,
//!   where `d ≥ 1` follows as an unsigned LEB128 number.

use std::fmt;

/// The most bytes the decompressor produces (a scenario is a few kilobytes).
pub const MAX_OUTPUT: usize = 1 << 20;

const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 0x7f + MIN_MATCH;
const MAX_LITERALS: usize = 0x80;
const WINDOW: usize = 1 << 15;
const CANDIDATES: usize = 24;

/// Why a permalink's bytes could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A character that is not in the base64url alphabet, at this position.
    BadCharacter {
        /// The 0-based position in the text.
        position: usize,
    },
    /// The text's length cannot be base64 (one character too many).
    BadLength,
    /// The compressed stream ends in the middle of a token.
    Truncated,
    /// A copy reaches back before the start of the output.
    BadDistance,
    /// The output would be larger than [`MAX_OUTPUT`].
    TooLarge,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::BadCharacter { position } => {
                write!(f, "character {} is not base64url", position + 1)
            }
            DecodeError::BadLength => write!(f, "the data has a length base64 cannot have"),
            DecodeError::Truncated => write!(f, "the data is cut short"),
            DecodeError::BadDistance => write!(f, "the data is corrupt"),
            DecodeError::TooLarge => write!(f, "the data is too large"),
        }
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn sextet(b: u8) -> Option<u32> {
    match b {
        b'A'..=b'Z' => Some(u32::from(b - b'A')),
        b'a'..=b'z' => Some(u32::from(b - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(b - b'0') + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

fn alphabet_char(index: u32) -> char {
    ALPHABET
        .get((index & 63) as usize)
        .map_or('A', |b| char::from(*b))
}

/// Encodes bytes as base64url without padding (RFC 4648 §5).
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        let chars = chunk.len() + 1;
        for k in 0..chars {
            out.push(alphabet_char(n >> (18 - 6 * k)));
        }
    }
    out
}

/// Decodes unpadded base64url (trailing `=` are tolerated).
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let text = text.trim_end_matches('=');
    let bytes = text.as_bytes();
    if bytes.len() % 4 == 1 {
        return Err(DecodeError::BadLength);
    }
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for (c, chunk) in bytes.chunks(4).enumerate() {
        let mut n = 0u32;
        for (k, b) in chunk.iter().enumerate() {
            let v = sextet(*b).ok_or(DecodeError::BadCharacter {
                position: c * 4 + k,
            })?;
            n |= v << (18 - 6 * k);
        }
        let produced = chunk.len().saturating_sub(1);
        for k in 0..produced {
            out.push(((n >> (16 - 8 * k)) & 0xff) as u8);
        }
    }
    Ok(out)
}

/// Compresses bytes (greedy LZ77 over a 32 KiB window).
pub fn compress(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 2 + 16);
    // For each 3-byte prefix, the positions where it was seen, most recent last.
    let mut seen: std::collections::HashMap<[u8; 3], Vec<usize>> = Default::default();
    let mut literals: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < input.len() {
        let (best_len, best_dist) = longest_match(input, i, &seen);
        if best_len >= MIN_MATCH {
            flush_literals(&mut out, &mut literals);
            out.push(0x80 | (best_len - MIN_MATCH) as u8);
            push_varint(&mut out, best_dist);
            for p in i..i + best_len {
                remember(input, p, &mut seen);
            }
            i += best_len;
        } else {
            if let Some(b) = input.get(i) {
                literals.push(*b);
            }
            if literals.len() == MAX_LITERALS {
                flush_literals(&mut out, &mut literals);
            }
            remember(input, i, &mut seen);
            i += 1;
        }
    }
    flush_literals(&mut out, &mut literals);
    out
}

fn prefix(input: &[u8], at: usize) -> Option<[u8; 3]> {
    match input.get(at..at + 3) {
        Some([a, b, c]) => Some([*a, *b, *c]),
        _ => None,
    }
}

fn remember(input: &[u8], at: usize, seen: &mut std::collections::HashMap<[u8; 3], Vec<usize>>) {
    if let Some(key) = prefix(input, at) {
        let list = seen.entry(key).or_default();
        list.push(at);
        if list.len() > CANDIDATES * 2 {
            list.drain(..CANDIDATES);
        }
    }
}

fn longest_match(
    input: &[u8],
    at: usize,
    seen: &std::collections::HashMap<[u8; 3], Vec<usize>>,
) -> (usize, usize) {
    let Some(key) = prefix(input, at) else {
        return (0, 0);
    };
    let Some(list) = seen.get(&key) else {
        return (0, 0);
    };
    let rest = input.get(at..).unwrap_or_default();
    let mut best = (0, 0);
    for &start in list.iter().rev().take(CANDIDATES) {
        let dist = at - start;
        if dist > WINDOW {
            break;
        }
        let earlier = input.get(start..).unwrap_or_default();
        let len = earlier
            .iter()
            .zip(rest)
            .take(MAX_MATCH)
            .take_while(|(a, b)| a == b)
            .count();
        if len > best.0 {
            best = (len, dist);
            if len == MAX_MATCH {
                break;
            }
        }
    }
    best
}

fn flush_literals(out: &mut Vec<u8>, literals: &mut Vec<u8>) {
    if let Some(n) = literals.len().checked_sub(1) {
        out.push(n as u8);
        out.append(literals);
    }
}

fn push_varint(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// Decompresses what [`compress`] produced.
pub fn decompress(input: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let mut out: Vec<u8> = Vec::with_capacity(input.len() * 3);
    let mut bytes = input.iter();
    while let Some(&token) = bytes.next() {
        if token < 0x80 {
            let n = usize::from(token) + 1;
            for _ in 0..n {
                out.push(*bytes.next().ok_or(DecodeError::Truncated)?);
            }
        } else {
            let len = usize::from(token & 0x7f) + MIN_MATCH;
            let mut dist = 0usize;
            let mut shift = 0u32;
            loop {
                let b = *bytes.next().ok_or(DecodeError::Truncated)?;
                if shift > 28 {
                    return Err(DecodeError::BadDistance);
                }
                dist |= usize::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            if dist == 0 || dist > out.len() {
                return Err(DecodeError::BadDistance);
            }
            let start = out.len() - dist;
            for k in 0..len {
                let b = *out.get(start + k).ok_or(DecodeError::BadDistance)?;
                out.push(b);
            }
        }
        if out.len() > MAX_OUTPUT {
            return Err(DecodeError::TooLarge);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        let data: Vec<u8> = (0..=255u8).collect();
        for n in 0..data.len() {
            let part = data.get(..n).unwrap_or_default();
            let text = base64url_encode(part);
            assert!(!text.contains(['+', '/', '=']), "{text}");
            assert_eq!(base64url_decode(&text), Ok(part.to_vec()), "length {n}");
        }
    }

    #[test]
    fn base64url_known_values() {
        for (name, input, expected) in [
            ("empty", &b""[..], ""),
            ("one byte", b"f", "Zg"),
            ("two bytes", b"fo", "Zm8"),
            ("three bytes", b"foo", "Zm9v"),
            ("url-safe alphabet", b"\xfb\xff", "-_8"),
        ] {
            assert_eq!(base64url_encode(input), expected, "{name}");
        }
    }

    #[test]
    fn base64url_rejects_what_it_cannot_read() {
        for (name, input, expected) in [
            (
                "plus sign",
                "ab+d",
                DecodeError::BadCharacter { position: 2 },
            ),
            ("one dangling char", "abcde", DecodeError::BadLength),
            ("space", "ab d", DecodeError::BadCharacter { position: 2 }),
        ] {
            assert_eq!(base64url_decode(input), Err(expected), "{name}");
        }
    }

    #[test]
    fn compression_round_trips() {
        let json = br#"{"origin":"https://app.example.com","request":{"url":"https://api.example.com/v1/orders","method":"PUT","headers":[["Content-Type","application/json"]]},"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example.com"],["Access-Control-Allow-Methods","GET, POST, PUT"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example.com"]]}}"#;
        let packed = compress(json);
        assert!(packed.len() < json.len() * 3 / 4, "{} bytes", packed.len());
        assert_eq!(decompress(&packed), Ok(json.to_vec()));
        for input in [
            &b""[..],
            b"a",
            b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            b"abcabcabcabd",
        ] {
            assert_eq!(decompress(&compress(input)), Ok(input.to_vec()));
        }
        // Long inputs with literal runs longer than one token.
        let long: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(decompress(&compress(&long)), Ok(long));
    }

    #[test]
    fn decompression_never_panics_on_garbage() {
        // A deterministic pseudo-random walk over short byte strings.
        let mut x: u32 = 12345;
        for _ in 0..20000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let len = (x % 24) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|i| (x.rotate_left(i as u32 * 3) & 0xff) as u8)
                .collect();
            let _ = decompress(&bytes);
        }
        assert_eq!(decompress(&[0x05, b'a']), Err(DecodeError::Truncated));
        assert_eq!(decompress(&[0x80, 0x01]), Err(DecodeError::BadDistance));
        assert_eq!(
            decompress(&[0x00, b'a', 0x80, 0x00]),
            Err(DecodeError::BadDistance)
        );
    }

    #[test]
    fn decompression_refuses_bombs() {
        // One literal, then copies of distance 1 as far as the data goes.
        let mut bomb = vec![0x00, b'a'];
        for _ in 0..20000 {
            bomb.extend_from_slice(&[0xff, 0x01]);
        }
        assert_eq!(decompress(&bomb), Err(DecodeError::TooLarge));
    }
}
