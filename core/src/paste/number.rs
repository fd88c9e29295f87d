//! Decimal numbers read into `f64` exactly as `str::parse::<f64>` reads them (same grammar, same
//! correctly rounded result), in about 1 KB of code: the standard library's parser
//! carries large tables (Eisel-Lemire powers of five), which the page's WebAssembly would pay
//! for a rarely used feature (numbers in a pasted `fetch()` call). The arithmetic is plain big
//! integers: slow for long inputs, but exact.

use std::cmp::Ordering;

/// The significant digits kept; later ones only count as "something non-zero follows". A
/// halfway point between two doubles has at most 767 significant digits, so 800 decide every
/// rounding exactly.
const MAX_DIGITS: usize = 800;

/// Reads `text` as `str::parse::<f64>` does: an optional sign, then `inf`, `infinity` or `nan`
/// (any case), or digits with an optional `.` and an optional exponent (`e`/`E`, optional sign,
/// digits). `None` where the standard parser returns an error.
pub(crate) fn parse_f64(text: &str) -> Option<f64> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    let magnitude = if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if rest.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        decimal(rest)?
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// An unsigned decimal number, correctly rounded.
fn decimal(text: &str) -> Option<f64> {
    let mut bytes = text.bytes().peekable();
    let mut digits: Vec<u8> = Vec::new();
    let mut truncated = false;
    let mut any_digit = false;
    // The value is `digits × 10^exp10` (plus what was truncated).
    let mut exp10: i64 = 0;
    let mut after_point = false;
    while let Some(&b) = bytes.peek() {
        match b {
            b'0'..=b'9' => {
                any_digit = true;
                if after_point {
                    exp10 -= 1;
                }
                if digits.len() < MAX_DIGITS {
                    if b != b'0' || !digits.is_empty() {
                        digits.push(b - b'0');
                    }
                } else {
                    truncated |= b != b'0';
                    exp10 += 1;
                }
            }
            b'.' if !after_point => after_point = true,
            _ => break,
        }
        bytes.next();
    }
    if !any_digit {
        return None;
    }
    if let Some(b'e' | b'E') = bytes.peek() {
        bytes.next();
        let negative = match bytes.peek() {
            Some(b'-') => {
                bytes.next();
                true
            }
            Some(b'+') => {
                bytes.next();
                false
            }
            _ => false,
        };
        let mut exponent: i64 = 0;
        let mut any = false;
        while let Some(&b @ b'0'..=b'9') = bytes.peek() {
            any = true;
            // Saturates far beyond any exponent that changes the result.
            exponent = (exponent * 10 + i64::from(b - b'0')).min(1 << 40);
            bytes.next();
        }
        if !any {
            return None;
        }
        exp10 += if negative { -exponent } else { exponent };
    }
    if bytes.next().is_some() {
        return None;
    }
    if digits.is_empty() {
        return Some(0.0);
    }
    if truncated {
        digits.push(1);
        exp10 -= 1;
    }
    let count = i64::try_from(digits.len()).ok()?;
    // The value lies in [10^(count - 1 + exp10), 10^(count + exp10)).
    if count - 1 + exp10 > 308 {
        return Some(f64::INFINITY);
    }
    if count + exp10 < -324 {
        return Some(0.0);
    }
    let mut m: Vec<u32> = Vec::new();
    for d in digits {
        mul_small(&mut m, 10, u32::from(d));
    }
    if exp10 >= 0 {
        for _ in 0..exp10 {
            mul_small(&mut m, 10, 0);
        }
        return Some(round(&m, 0, false));
    }
    let mut divisor = vec![1];
    for _ in exp10..0 {
        mul_small(&mut divisor, 10, 0);
    }
    // A quotient of 56 or 57 bits: more than the 53 kept, so that the rounding bit and the
    // sticky bits are exact.
    let shift = 56 - (bit_len(&m) as i64 - bit_len(&divisor) as i64);
    let (mut rest, divisor) = if shift >= 0 {
        (shl(&m, usize::try_from(shift).ok()?), divisor)
    } else {
        (m, shl(&divisor, usize::try_from(-shift).ok()?))
    };
    let mut quotient: u64 = 0;
    for i in (0..58).rev() {
        let part = shl(&divisor, i);
        if compare(&rest, &part) != Ordering::Less {
            sub_assign(&mut rest, &part);
            quotient |= 1 << i;
        }
    }
    let q = [quotient as u32, (quotient >> 32) as u32];
    Some(round(&trimmed(q.to_vec()), -shift, !rest.is_empty()))
}

/// The double nearest to `(x + f) × 2^k`, where `0 <= f < 1` is non-zero exactly when `sticky`
/// (ties to even). `x` is non-zero.
fn round(x: &[u32], k: i64, sticky: bool) -> f64 {
    let len = bit_len(x) as i64;
    let top = len - 1 + k;
    if top > 1023 {
        return f64::INFINITY;
    }
    let precision = if top >= -1022 { 53 } else { 53 + 1022 + top };
    let dropped = len - precision;
    let (mut mantissa, mut lsb) = if dropped <= 0 {
        (bits(x, 0, len), k)
    } else {
        let d = dropped as u64;
        let mut mantissa = bits(x, d, precision.max(0));
        let half = bit(x, d - 1);
        let below = sticky || (0..d - 1).any(|i| bit(x, i));
        if half && (below || mantissa & 1 == 1) {
            mantissa += 1;
        }
        (mantissa, k + dropped)
    };
    if mantissa == 0 {
        return 0.0;
    }
    if mantissa == 1 << 53 {
        mantissa >>= 1;
        lsb += 1;
    }
    while mantissa < 1 << 52 && lsb > -1074 {
        mantissa <<= 1;
        lsb -= 1;
    }
    if mantissa < 1 << 52 {
        return f64::from_bits(mantissa);
    }
    let biased = lsb + 52 + 1023;
    if biased >= 2047 {
        return f64::INFINITY;
    }
    f64::from_bits(((biased as u64) << 52) | (mantissa & ((1 << 52) - 1)))
}

/// `x = x × m + add`.
fn mul_small(x: &mut Vec<u32>, m: u32, add: u32) {
    let mut carry = u64::from(add);
    for limb in x.iter_mut() {
        let v = u64::from(*limb) * u64::from(m) + carry;
        *limb = v as u32;
        carry = v >> 32;
    }
    if carry != 0 {
        x.push(carry as u32);
    }
}

/// `x` without its high zero limbs.
fn trimmed(mut x: Vec<u32>) -> Vec<u32> {
    while x.last() == Some(&0) {
        x.pop();
    }
    x
}

/// The number of significant bits of `x` (trimmed).
fn bit_len(x: &[u32]) -> u64 {
    x.last().map_or(0, |&w| {
        (x.len() as u64 - 1) * 32 + u64::from(32 - w.leading_zeros())
    })
}

/// Bit `i` of `x`.
fn bit(x: &[u32], i: u64) -> bool {
    x.get((i / 32) as usize)
        .is_some_and(|w| (w >> (i % 32)) & 1 == 1)
}

/// `count` (at most 64) bits of `x` from bit `from` up.
fn bits(x: &[u32], from: u64, count: i64) -> u64 {
    (0..count.max(0) as u64).fold(0, |acc, i| acc | (u64::from(bit(x, from + i)) << i))
}

/// `x × 2^n`.
fn shl(x: &[u32], n: usize) -> Vec<u32> {
    let (limbs, shift) = (n / 32, n % 32);
    let mut out = vec![0; limbs];
    let mut carry = 0;
    for &w in x {
        if shift == 0 {
            out.push(w);
        } else {
            out.push((w << shift) | carry);
            carry = w >> (32 - shift);
        }
    }
    if carry != 0 {
        out.push(carry);
    }
    out
}

/// Compares two trimmed numbers.
fn compare(a: &[u32], b: &[u32]) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

/// `a -= b`, where `a >= b`; `a` stays trimmed.
fn sub_assign(a: &mut Vec<u32>, b: &[u32]) {
    let mut borrow = false;
    for (i, limb) in a.iter_mut().enumerate() {
        let (v, b1) = limb.overflowing_sub(b.get(i).copied().unwrap_or(0));
        let (v, b2) = v.overflowing_sub(u32::from(borrow));
        *limb = v;
        borrow = b1 || b2;
    }
    let t = trimmed(std::mem::take(a));
    *a = t;
}

#[cfg(test)]
mod tests {
    use super::parse_f64;

    /// `parse_f64` agrees with the standard library, bit for bit (any NaN for a NaN).
    fn same(text: &str) {
        let ours = parse_f64(text);
        let std = text.parse::<f64>().ok();
        match (ours, std) {
            (Some(a), Some(b)) if a.is_nan() && b.is_nan() => {}
            (Some(a), Some(b)) => assert_eq!(a.to_bits(), b.to_bits(), "{text:?}: {a} vs {b}"),
            (a, b) => assert_eq!(a, b, "{text:?}"),
        }
    }

    #[test]
    fn agrees_with_the_standard_parser_on_chosen_inputs() {
        for text in [
            "",
            "+",
            "-",
            ".",
            "e",
            "e5",
            "1e",
            "1e+",
            "1e-",
            ".e1",
            "1.e1",
            ".5",
            "5.",
            "-.5",
            "+5",
            "--5",
            "+-5",
            "0",
            "-0",
            "00",
            "0.000",
            "1",
            "12",
            "1.5",
            "-1.5",
            "1_0",
            "0x1F",
            "1e5",
            "1E5",
            "1e+5",
            "1e-5",
            "1.5e3",
            "inf",
            "-inf",
            "+INF",
            "Infinity",
            "-infinity",
            "infinit",
            "nan",
            "NaN",
            "-NaN",
            "nan1",
            "1e308",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e309",
            "2e308",
            "1e-323",
            "5e-324",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.47e-324",
            "2e-324",
            "3e-324",
            "1e-400",
            "1e-325",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "2.2250738585072012e-308",
            "9007199254740993",
            "9007199254740992.5",
            "9007199254740993.0000000000000000001",
            "0.1",
            "0.2",
            "0.3",
            "123456789012345678901234567890",
            "1e99999999999999999999",
            "1e-99999999999999999999",
            "0e99999999999",
            "0.0e-99999",
            "1 ",
            " 1",
            "1..2",
            "1.2.3",
            "7.038531e-26",
            "8.5e-323",
            "1.0e23",
            "9.999999999999999e22",
        ] {
            same(text);
        }
        // Halfway between 1 and its successor, with and without a tail after 800 digits.
        let half = "1.00000000000000011102230246251565404236316680908203125";
        same(half);
        same(&format!("{half}{}1", "0".repeat(900)));
        same(&format!("{half}{}", "0".repeat(900)));
        same(&format!("{}1", "0".repeat(2000)));
        same(&format!("0.{}1", "0".repeat(2000)));
        same(&format!("1{}", "0".repeat(400)));
        same(&format!("1{}e-400", "0".repeat(400)));
    }

    #[test]
    fn agrees_with_the_standard_parser_on_random_inputs() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..5_000 {
            // Random doubles printed exactly, shortest, and perturbed in the last digits.
            let x = f64::from_bits(next());
            if !x.is_finite() {
                continue;
            }
            same(&format!("{x}"));
            same(&format!("{x:e}"));
            same(&format!("{x:.30e}"));
            same(&format!("{:.25e}", x * 1.000_000_000_000_000_1));
        }
        for _ in 0..5_000 {
            // Exactly halfway between two doubles (ties go to even), and just off halfway.
            let r = next();
            let odd = u128::from((next() >> 11) | (1 << 52)) * 2 + 1;
            let k = (r % 100) as u32;
            let tie = if k < 28 {
                // odd × 2^-(k + 1) = odd × 5^(k + 1) / 10^(k + 1).
                let digits = (odd * 5u128.pow(k + 1)).to_string();
                format!("{digits}e-{}", k + 1)
            } else {
                (odd << (k - 28)).to_string()
            };
            same(&tie);
            same(&format!("{tie}1"));
            same(&tie.replace('e', "00000000000000000000000000000000001e"));
        }
        for _ in 0..20_000 {
            // Random short decimals in every shape.
            let r = next();
            let digits = format!("{}", next() >> (r % 64));
            let point = (r >> 8) as usize % (digits.len() + 1);
            let (int, frac) = digits.split_at(point);
            let exp = ((r >> 16) % 700) as i64 - 350;
            let text = match (r >> 32) % 4 {
                0 => format!("{int}.{frac}"),
                1 => format!("{int}.{frac}e{exp}"),
                2 => format!("-{digits}E{exp}"),
                _ => format!("{digits}e+{}", exp.abs()),
            };
            same(&text);
        }
    }
}
