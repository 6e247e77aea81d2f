//! Byte-wise tests on eight bytes at once ("SWAR"): the segmenter's hot
//! loops read text a `u64` at a time where a byte loop's exit, at a
//! different place each token, was mispredicted.

/// The eight bytes of `bytes` from `at`, little-endian.
#[inline]
pub(crate) fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut lane = [0u8; 8];
    lane.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(lane)
}

/// A one in every byte of a `u64`, for byte-wise tests on eight bytes at once.
pub(crate) const LANE_ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub(crate) const LANE_HIGH: u64 = 0x8080_8080_8080_8080;
/// The low seven bits of every byte.
pub(crate) const LANE_LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// The high bit of each byte of `x` that is ASCII and strictly between `m`
/// and `n`. Every lane is masked to seven bits first, so no carry or borrow
/// crosses into the next byte.
#[inline]
pub(crate) const fn ascii_lanes_between(x: u64, m: u8, n: u8) -> u64 {
    let low = x & LANE_LOW7;
    let below_n = (LANE_ONES * (127 + n as u64)) - low;
    let above_m = low + LANE_ONES * (127 - m as u64);
    below_n & above_m & !x & LANE_HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Each lane agrees with the byte's own test, whatever its neighbours.
        #[test]
        fn lanes_between_agree_with_each_byte(x in proptest::prelude::any::<u64>(), m in 0u8..127, width in 2u8..60) {
            let n = m.saturating_add(width).min(128);
            let lanes = ascii_lanes_between(x, m, n);
            for (k, byte) in x.to_le_bytes().into_iter().enumerate() {
                let expected = byte < 0x80 && m < byte && byte < n;
                proptest::prop_assert_eq!(lanes >> (8 * k + 7) & 1 == 1, expected, "byte {} of {:#x}", k, x);
            }
        }
    }
}
