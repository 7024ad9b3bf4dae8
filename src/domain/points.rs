//! Story points: decimals held exactly as hundredths, and the estimation scale.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Story points, held as whole hundredths so sums never drift (0.5 + 0.5 is 1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(i64);

/// The largest estimate accepted: far above any real scale, small enough that
/// a million stories still sum without overflow.
pub const MAX_POINTS: i64 = 1_000_000;

impl Points {
    /// Zero points.
    pub const ZERO: Points = Points(0);

    /// Points from whole hundredths (as stored in SQL).
    pub fn from_hundredths(h: i64) -> Points {
        Points(h)
    }

    /// The value in whole hundredths.
    pub fn hundredths(self) -> i64 {
        self.0
    }

    /// Points from whole points.
    pub fn whole(n: i64) -> Points {
        Points(n * 100)
    }

    /// The value as a float, for JSON and charts.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Points from a float; refuses negative, non-finite or absurd values.
    pub fn from_f64(v: f64) -> Result<Points, String> {
        if !v.is_finite() {
            return Err(format!("{v} is not a number of points"));
        }
        if v < 0.0 {
            return Err(format!("points cannot be negative ({v})"));
        }
        if v > MAX_POINTS as f64 {
            return Err(format!("{v} points is more than the limit of {MAX_POINTS}"));
        }
        Ok(Points((v * 100.0).round() as i64))
    }

    /// Parses what a user typed: `5`, `0.5`, `1,5`.
    pub fn parse(text: &str) -> Result<Points, String> {
        let t = text.trim().replace(',', ".");
        match t.parse::<f64>() {
            Ok(v) => Points::from_f64(v),
            Err(_) => Err(format!("'{}' is not a number of points", text.trim())),
        }
    }

    /// With thousands separators, for sentences: `5,184`, `1,234.5`, `0.25`.
    pub fn grouped(self) -> String {
        let frac = Points::from_hundredths(self.0.abs() % 100).to_string();
        let whole = super::text::count(self.0 / 100);
        let sign = if self.0 < 0 && self.0 / 100 == 0 { "-" } else { "" };
        if frac == "0" { format!("{sign}{whole}") } else { format!("{sign}{whole}{}", frac.trim_start_matches('0')) }
    }

    /// Parses points or the word `none` (unestimated).
    pub fn parse_optional(text: &str) -> Result<Option<Points>, String> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("none") || t == "-" || t.is_empty() { Ok(None) } else { Points::parse(t).map(Some) }
    }
}

impl std::ops::Add for Points {
    type Output = Points;
    fn add(self, o: Points) -> Points {
        Points(self.0 + o.0)
    }
}

impl std::ops::AddAssign for Points {
    fn add_assign(&mut self, o: Points) {
        self.0 += o.0;
    }
}

impl std::ops::Sub for Points {
    type Output = Points;
    fn sub(self, o: Points) -> Points {
        Points(self.0 - o.0)
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Points {
    /// `5`, `0.5`, `1.25`: no trailing zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.abs();
        let (whole, frac) = (abs / 100, abs % 100);
        let text = if frac == 0 {
            format!("{sign}{whole}")
        } else if frac % 10 == 0 {
            format!("{sign}{whole}.{}", frac / 10)
        } else {
            format!("{sign}{whole}.{frac:02}")
        };
        f.pad(&text)
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 { s.serialize_i64(self.0 / 100) } else { s.serialize_f64(self.as_f64()) }
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Points, D::Error> {
        let v = f64::deserialize(d)?;
        Points::from_f64(v).map_err(serde::de::Error::custom)
    }
}

/// The estimation scale: the values `p`, `+` and `-` step through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scale(Vec<Points>);

impl Default for Scale {
    fn default() -> Scale {
        Scale::new(
            [0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 40.0, 100.0]
                .iter()
                .map(|v| Points::from_f64(*v).expect("default scale is valid"))
                .collect(),
        )
        .expect("default scale is not empty")
    }
}

impl Scale {
    /// A scale from values; sorted and deduplicated. Refuses an empty list.
    pub fn new(mut values: Vec<Points>) -> Result<Scale, String> {
        values.sort();
        values.dedup();
        if values.is_empty() {
            return Err("the estimation scale needs at least one value".into());
        }
        Ok(Scale(values))
    }

    /// The values, smallest first.
    pub fn values(&self) -> &[Points] {
        &self.0
    }

    /// One step up the scale. Unestimated goes to the smallest value;
    /// an off-scale value goes to the next value above it.
    pub fn up(&self, current: Option<Points>) -> Option<Points> {
        match current {
            None => self.0.first().copied(),
            Some(p) => Some(self.0.iter().copied().find(|v| *v > p).unwrap_or(p)),
        }
    }

    /// One step down the scale. The smallest value stays (use `p` and
    /// `none` to clear an estimate); an off-scale value goes to the next below.
    pub fn down(&self, current: Option<Points>) -> Option<Points> {
        current.map(|p| self.0.iter().rev().copied().find(|v| *v < p).unwrap_or(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_sum_exactly_and_print_without_trailing_zeros() {
        let half = Points::parse("0.5").unwrap();
        assert_eq!((half + half).to_string(), "1");
        assert_eq!(half.to_string(), "0.5");
        assert_eq!(Points::parse("1.25").unwrap().to_string(), "1.25");
        assert_eq!(Points::parse("1,5").unwrap().to_string(), "1.5");
    }

    #[test]
    fn grouped_points_read_well_in_sentences() {
        assert_eq!(Points::whole(5184).grouped(), "5,184");
        assert_eq!(Points::parse("1234.5").unwrap().grouped(), "1,234.5");
        assert_eq!(Points::parse("0.25").unwrap().grouped(), "0.25");
    }

    #[test]
    fn refuses_negative_and_non_numeric_points() {
        assert!(Points::parse("-1").unwrap_err().contains("negative"));
        assert!(Points::parse("five").unwrap_err().contains("not a number"));
        assert!(Points::parse("NaN").is_err());
        assert_eq!(Points::parse_optional("none").unwrap(), None);
    }

    #[test]
    fn scale_steps_from_unestimated_and_off_scale_values() {
        let s = Scale::default();
        assert_eq!(s.up(None), Some(Points::ZERO));
        assert_eq!(s.up(Some(Points::whole(3))), Some(Points::whole(5)));
        assert_eq!(s.up(Some(Points::whole(4))), Some(Points::whole(5)));
        assert_eq!(s.down(Some(Points::whole(4))), Some(Points::whole(3)));
        assert_eq!(s.up(Some(Points::whole(100))), Some(Points::whole(100)));
        assert_eq!(s.down(Some(Points::ZERO)), Some(Points::ZERO));
        assert_eq!(s.down(None), None);
    }

    #[test]
    fn json_writes_whole_points_as_integers() {
        assert_eq!(serde_json::to_string(&Points::whole(5)).unwrap(), "5");
        assert_eq!(serde_json::to_string(&Points::parse("0.5").unwrap()).unwrap(), "0.5");
        let p: Points = serde_json::from_str("2.5").unwrap();
        assert_eq!(p, Points::parse("2.5").unwrap());
        assert!(serde_json::from_str::<Points>("-3").is_err());
    }
}
