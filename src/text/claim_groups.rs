//! Claim groups: the numeric claims of one event that measure the same thing (same kind,
//! subject and unit), gathered across sources, with the range of values they give, the interval
//! all of them allow, and whether they agree. This is the table that shows one outlet's "nearly
//! two and a half hours" beside another's "more than three hours".
//!
//! The rule, kept simple and honest: every claim is its own interval — an exact value is
//! [v, v]; a qualified one is the `low`/`high` the claim carries, open where `None`; a claim
//! with neither bound is taken as exact. Each bound is widened by `tolerance` times its own
//! magnitude (0.0 = strict). The group agrees when every two claims' widened intervals overlap,
//! which on a line is the same as all of them sharing a point. A source that contradicts itself
//! therefore shows too: its two claims are two intervals like any others'.

use std::collections::BTreeMap;

/// One claim as the grouping sees it (borrowed from a `claims` row).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClaimForGroup<'a> {
    /// The outlet the claim comes from.
    pub source: &'a str,
    /// The claim's kind, as `ClaimKind::as_str` spells it.
    pub kind: &'a str,
    /// What the claim measures; claims without a subject are not grouped.
    pub subject: Option<&'a str>,
    /// The claim's unit (`s`, `%`, a currency code, the counted noun).
    pub unit: Option<&'a str>,
    /// The value in the canonical unit; claims without one are not grouped.
    pub value: Option<f64>,
    /// The lowest value the words allow, `None` where open.
    pub low: Option<f64>,
    /// The highest value the words allow, `None` where open.
    pub high: Option<f64>,
}

/// The claims of one event that measure the same thing, across sources.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimGroup {
    /// The claims' kind.
    pub kind: String,
    /// The canonical subject they measure.
    pub subject: String,
    /// Their unit.
    pub unit: Option<String>,
    /// The sources that make the claims, sorted and distinct.
    pub sources: Vec<String>,
    /// The smallest value any claim gives.
    pub min_value: f64,
    /// The largest value any claim gives.
    pub max_value: f64,
    /// The lowest point every claim allows (after tolerance); `None` if open or none is shared.
    pub consensus_low: Option<f64>,
    /// The highest point every claim allows (after tolerance); `None` if open or none is shared.
    pub consensus_high: Option<f64>,
    /// Whether every two claims' intervals overlap after tolerance.
    pub agree: bool,
    /// Indices of the group's claims in the input slice, in input order.
    pub members: Vec<usize>,
}

/// Groups the claims of ONE event by (kind, subject, unit), sorted by that key.
///
/// Only claims with a subject and a finite value take part. `tolerance` widens each interval
/// bound by that fraction of its magnitude before the overlap test (see the module doc).
pub fn group_claims(claims: &[ClaimForGroup], tolerance: f64) -> Vec<ClaimGroup> {
    let tolerance = if tolerance.is_finite() {
        tolerance.abs()
    } else {
        0.0
    };
    let mut groups: BTreeMap<(&str, &str, Option<&str>), Vec<usize>> = BTreeMap::new();
    for (i, c) in claims.iter().enumerate() {
        let (Some(subject), Some(value)) = (c.subject, c.value) else {
            continue;
        };
        if !value.is_finite() {
            continue;
        }
        groups.entry((c.kind, subject, c.unit)).or_default().push(i);
    }
    groups
        .into_iter()
        .map(|((kind, subject, unit), members)| {
            let mut sources: Vec<String> = members
                .iter()
                .map(|&i| claims[i].source.to_string())
                .collect();
            sources.sort();
            sources.dedup();
            let values = members.iter().filter_map(|&i| claims[i].value);
            let min_value = values.clone().fold(f64::INFINITY, f64::min);
            let max_value = values.fold(f64::NEG_INFINITY, f64::max);
            // The intersection of all widened intervals; on a line, pairwise overlap ⇔ non-empty.
            let mut lo = f64::NEG_INFINITY;
            let mut hi = f64::INFINITY;
            for &i in &members {
                let (l, h) = interval(&claims[i], tolerance);
                lo = lo.max(l);
                hi = hi.min(h);
            }
            let agree = lo <= hi;
            let (consensus_low, consensus_high) = if agree {
                (lo.is_finite().then_some(lo), hi.is_finite().then_some(hi))
            } else {
                (None, None)
            };
            ClaimGroup {
                kind: kind.to_string(),
                subject: subject.to_string(),
                unit: unit.map(str::to_string),
                sources,
                min_value,
                max_value,
                consensus_low,
                consensus_high,
                agree,
                members,
            }
        })
        .collect()
}

/// A claim's interval widened by the tolerance; infinite where open.
fn interval(c: &ClaimForGroup, tolerance: f64) -> (f64, f64) {
    let finite = |x: Option<f64>| x.filter(|v| v.is_finite());
    let (low, high) = match (finite(c.low), finite(c.high)) {
        (None, None) => (c.value, c.value),
        bounds => bounds,
    };
    let low = low.map_or(f64::NEG_INFINITY, |l| l - tolerance * l.abs());
    let high = high.map_or(f64::INFINITY, |h| h + tolerance * h.abs());
    (low, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim<'a>(
        source: &'a str,
        value: f64,
        low: Option<f64>,
        high: Option<f64>,
    ) -> ClaimForGroup<'a> {
        ClaimForGroup {
            source,
            kind: "duration",
            subject: Some("meeting"),
            unit: Some("s"),
            value: Some(value),
            low,
            high,
        }
    }

    #[test]
    fn the_summit_length_disagrees_across_outlets() {
        let claims = [
            claim("a", 9000.0, None, Some(9000.0)), // nearly two and a half hours
            claim("b", 10800.0, Some(10800.0), Some(10800.0)), // three hours
            claim("c", 9000.0, Some(8100.0), Some(9900.0)), // around two and a half hours
        ];
        let g = group_claims(&claims, 0.0);
        assert_eq!(g.len(), 1);
        assert_eq!((g[0].min_value, g[0].max_value), (9000.0, 10800.0));
        assert!(!g[0].agree);
        assert_eq!((g[0].consensus_low, g[0].consensus_high), (None, None));
        // 5 %: "nearly 9000 s" reaches 9450, "three hours" comes down to 10260: still apart.
        assert!(!group_claims(&claims, 0.05)[0].agree);
        // 10 %: 9900 against 9720: they meet.
        assert!(group_claims(&claims, 0.1)[0].agree);
    }

    #[test]
    fn overlapping_claims_agree_with_a_consensus() {
        let claims = [
            claim("b", 10800.0, Some(10800.0), None), // more than three hours
            claim("a", 10800.0, None, Some(10800.0)), // nearly three hours
            claim("a", 10800.0, None, None),          // three hours, no bounds given
        ];
        let g = group_claims(&claims, 0.0);
        assert!(g[0].agree);
        assert_eq!(
            (g[0].consensus_low, g[0].consensus_high),
            (Some(10800.0), Some(10800.0))
        );
        assert_eq!(g[0].sources, vec!["a".to_string(), "b".to_string()]);
        assert_eq!(g[0].members, vec![0, 1, 2]);
    }

    #[test]
    fn open_consensus_is_none_and_groups_are_sorted_by_key() {
        let mut claims = vec![claim("a", 100.0, Some(100.0), None)];
        claims.push(ClaimForGroup {
            kind: "count",
            unit: Some("people"),
            ..claim("a", 5.0, None, None)
        });
        claims.push(ClaimForGroup {
            subject: None,
            ..claim("a", 1.0, None, None)
        });
        let g = group_claims(&claims, 0.0);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].kind, "count");
        assert_eq!(
            (g[1].consensus_low, g[1].consensus_high),
            (Some(100.0), None)
        );
    }
}
