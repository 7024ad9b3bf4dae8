//! Target quarters of epics, written `2027-Q1`.

use std::fmt;
use std::str::FromStr;

/// A calendar quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    /// The year.
    pub year: i32,
    /// 1 to 4.
    pub q: u8,
}

impl Quarter {
    /// The quarter that contains a date.
    pub fn of(date: chrono::NaiveDate) -> Quarter {
        use chrono::Datelike;
        Quarter { year: date.year(), q: ((date.month0() / 3) + 1) as u8 }
    }

    /// The quarter after this one (the last one, 9999-Q4, stays).
    pub fn next(self) -> Quarter {
        match self {
            Quarter { year: 9999, q: 4 } => self,
            Quarter { year, q: 4 } => Quarter { year: year + 1, q: 1 },
            Quarter { year, q } => Quarter { year, q: q + 1 },
        }
    }

    /// The quarter before this one (the first one, 1900-Q1, stays).
    pub fn prev(self) -> Quarter {
        match self {
            Quarter { year: 1900, q: 1 } => self,
            Quarter { year, q: 1 } => Quarter { year: year - 1, q: 4 },
            Quarter { year, q } => Quarter { year, q: q - 1 },
        }
    }

    /// The last day of the quarter.
    pub fn last_day(self) -> chrono::NaiveDate {
        let (year, month) = if self.q == 4 { (self.year + 1, 1) } else { (self.year, u32::from(self.q) * 3 + 1) };
        chrono::NaiveDate::from_ymd_opt(year, month, 1).and_then(|d| d.pred_opt()).unwrap_or(chrono::NaiveDate::MAX)
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("{}-Q{}", self.year, self.q))
    }
}

impl FromStr for Quarter {
    type Err = String;
    fn from_str(s: &str) -> Result<Quarter, String> {
        let bad = || format!("'{s}' is not a quarter like 2027-Q1");
        let (y, q) = s.trim().split_once("-Q").or_else(|| s.trim().split_once("-q")).ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let q: u8 = q.parse().map_err(|_| bad())?;
        if !(1..=4).contains(&q) || !(1900..=9999).contains(&year) {
            return Err(bad());
        }
        Ok(Quarter { year, q })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prints_and_steps() {
        let q: Quarter = "2027-Q1".parse().unwrap();
        assert_eq!(q.to_string(), "2027-Q1");
        assert_eq!(q.prev().to_string(), "2026-Q4");
        assert_eq!(q.next().next().next().next(), "2028-Q1".parse().unwrap());
        assert_eq!(q.last_day().to_string(), "2027-03-31");
        assert!("2027-Q5".parse::<Quarter>().is_err());
        // The ends stay within what a file can hold.
        assert_eq!("9999-Q4".parse::<Quarter>().unwrap().next().to_string(), "9999-Q4");
        assert_eq!("1900-Q1".parse::<Quarter>().unwrap().prev().to_string(), "1900-Q1");
        assert!("soon".parse::<Quarter>().is_err());
    }
}
