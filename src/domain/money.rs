//! Money: integer minor units of one currency per board (cents; yen for
//! JPY), never floating point; parsed the ways people type amounts and
//! formatted for the board's currency.

use super::text;

/// An amount in minor units of the board's currency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub i64);

/// A currency: ISO code, symbol, and how many minor-unit digits it has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Currency {
    /// ISO 4217 code, upper case (`EUR`).
    pub code: String,
    /// What amounts are written with (`€`); the code for currencies
    /// without a well-known sign.
    pub symbol: String,
    /// Digits after the decimal point (2 for EUR, 0 for JPY).
    pub digits: u32,
}

/// `text` with every amount in `currency` written as `€…`: for a screen
/// on which money is hidden (a message line names the rate it changed).
pub fn hide_amounts(text: &str, currency: &Currency) -> String {
    let sign = currency.symbol.as_str();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(sign) {
        let after = &rest[at + sign.len()..];
        let mut amount = after.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(after.len());
        // A sentence's full stop or comma is not part of the amount.
        while amount > 0 && after[..amount].ends_with(['.', ',']) {
            amount -= 1;
        }
        out.push_str(&rest[..at + sign.len()]);
        if amount > 0 && after.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('…');
            // `€21k`, `€1.5M`: the unit goes with the amount.
            let unit = usize::from(after[amount..].starts_with(['k', 'M']));
            rest = &after[amount + unit..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Currencies with their sign and minor-unit digits (ISO 4217); any other
/// three-letter code is accepted with two digits and its code as sign.
const KNOWN: &[(&str, &str, u32)] = &[
    ("EUR", "€", 2),
    ("USD", "$", 2),
    ("GBP", "£", 2),
    ("JPY", "¥", 0),
    ("CHF", "CHF ", 2),
    ("SEK", "SEK ", 2),
    ("NOK", "NOK ", 2),
    ("DKK", "DKK ", 2),
    ("PLN", "zł", 2),
    ("CZK", "Kč", 2),
    ("CAD", "CA$", 2),
    ("AUD", "A$", 2),
    ("NZD", "NZ$", 2),
    ("INR", "₹", 2),
    ("CNY", "CN¥", 2),
    ("KRW", "₩", 0),
    ("BRL", "R$", 2),
    ("MXN", "MX$", 2),
    ("ISK", "ISK ", 0),
    ("HUF", "HUF ", 2),
    ("BHD", "BHD ", 3),
    ("KWD", "KWD ", 3),
];

impl Currency {
    /// The currency of an ISO code (`eur` is read as `EUR`).
    pub fn of(code: &str) -> Result<Currency, String> {
        let code = code.trim().to_uppercase();
        if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(format!("\"{code}\" is not a currency code; use an ISO code like EUR, USD or JPY"));
        }
        let (symbol, digits) =
            KNOWN.iter().find(|(c, _, _)| *c == code).map_or((format!("{code} "), 2), |(_, s, d)| (s.to_string(), *d));
        Ok(Currency { code, symbol, digits })
    }

    /// Minor units in one major unit (100 for EUR, 1 for JPY).
    pub fn unit(&self) -> i64 {
        10i64.pow(self.digits)
    }

    /// The currency a sign or code in typed text names, if it is not this one.
    fn other_named(&self, text: &str) -> Option<&'static str> {
        let upper = text.to_uppercase();
        KNOWN
            .iter()
            .filter(|(c, _, _)| *c != self.code)
            .find(|(c, s, _)| upper.contains(c) || (!s.trim().is_empty() && text.contains(s.trim())))
            .map(|(c, _, _)| *c)
    }
}

impl Default for Currency {
    fn default() -> Currency {
        Currency::of("EUR").unwrap_or(Currency { code: "EUR".into(), symbol: "€".into(), digits: 2 })
    }
}

impl Money {
    /// Nothing.
    pub const ZERO: Money = Money(0);

    /// Parses an amount typed by a user: `1,200.50`, `1200.5`, `€1200`,
    /// `1.200,50`, `1200 EUR`. Refuses negative amounts, other currencies,
    /// more decimals than the currency has, and amounts past what 64-bit
    /// minor units hold; each in one sentence.
    pub fn parse(typed: &str, currency: &Currency) -> Result<Money, String> {
        let shown = typed.trim();
        let mut t = shown.to_string();
        for sign in [currency.code.as_str(), currency.symbol.trim()] {
            if !sign.is_empty() {
                t = t.replace(sign, "").replace(&sign.to_lowercase(), "");
            }
        }
        let t: String = t.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\'').collect();
        if t.starts_with('-') || t.ends_with('-') || t.starts_with('−') {
            return Err(format!("an amount cannot be negative ({shown})"));
        }
        if !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') || !t.chars().any(|c| c.is_ascii_digit()) {
            if let Some(other) = currency.other_named(shown) {
                return Err(format!("{shown} is in {other}, but this board counts money in {}", currency.code));
            }
            return Err(format!("\"{shown}\" is not an amount of money, like 1,200.50"));
        }
        let (whole, fraction) = split_decimal(&t, currency.digits)
            .ok_or_else(|| format!("\"{shown}\" is not an amount of money, like 1,200.50"))?;
        if fraction.len() > currency.digits as usize {
            return Err(if currency.digits == 0 {
                format!("{} has no smaller unit, so {shown} cannot be paid; give a whole amount", currency.code)
            } else {
                format!("{shown} has more decimals than {} has ({})", currency.code, currency.digits)
            });
        }
        let too_big = || format!("{shown} is more money than the board can count (at most {})", max_words(currency));
        let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| too_big())? };
        let padded = format!("{fraction:0<width$}", width = currency.digits as usize);
        let minor: i64 = if padded.is_empty() { 0 } else { padded.parse().map_err(|_| too_big())? };
        whole.checked_mul(currency.unit()).and_then(|w| w.checked_add(minor)).map(Money).ok_or_else(too_big)
    }

    /// With its sign and thousands separators: `€1,200.50`, `¥120,000`.
    pub fn format(self, currency: &Currency) -> String {
        let unit = currency.unit();
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = text::count((abs / unit as u64) as i64);
        if currency.digits == 0 {
            return format!("{sign}{}{whole}", currency.symbol);
        }
        let minor = abs % unit as u64;
        format!("{sign}{}{whole}.{minor:0width$}", currency.symbol, width = currency.digits as usize)
    }

    /// Rounded to whole units, for sentences: `€38,000`.
    pub fn format_whole(self, currency: &Currency) -> String {
        let unit = currency.unit() as i128;
        let rounded = ((self.0 as i128 + if self.0 < 0 { -unit / 2 } else { unit / 2 }) / unit) as i64;
        let sign = if rounded < 0 { "-" } else { "" };
        format!("{sign}{}{}", currency.symbol, text::count(rounded.abs()))
    }

    /// The sum, or `None` past what 64 bits hold.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// The sum, held at the largest amount rather than wrapping (totals
    /// of amounts each checked on entry).
    pub fn saturating_add(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }
}

/// The largest amount, in words of the currency.
fn max_words(currency: &Currency) -> String {
    Money(i64::MAX).format_whole(currency)
}

/// The whole and fraction digits of a typed number: with both `,` and `.`,
/// the last one is the decimal point; one kind appearing more than once,
/// or once before exactly three digits (when the currency has fewer than
/// three decimals), groups thousands; otherwise it is the decimal point.
fn split_decimal(t: &str, digits: u32) -> Option<(String, String)> {
    let last_dot = t.rfind('.');
    let last_comma = t.rfind(',');
    let decimal = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(d.max(c)),
        (Some(p), None) | (None, Some(p)) => {
            let sep = t.as_bytes()[p] as char;
            let many = t.matches(sep).count() > 1;
            let after = t.len() - p - 1;
            if many || (after == 3 && digits < 3) { None } else { Some(p) }
        }
        (None, None) => None,
    };
    let (whole, fraction) = match decimal {
        Some(p) => (&t[..p], &t[p + 1..]),
        None => (t, ""),
    };
    if fraction.contains(['.', ',']) {
        return None;
    }
    // Grouping separators must group by three.
    let groups: Vec<&str> = whole.split(['.', ',']).collect();
    if groups.len() > 1 && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return None;
    }
    Some((groups.concat(), fraction.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_are_hidden_and_the_words_kept() {
        let eur = Currency::of("EUR").unwrap();
        assert_eq!(
            hide_amounts("Changed Tom (tester, 100 %, €400.00 a day), was €1,200.50.", &eur),
            "Changed Tom (tester, 100 %, €… a day), was €…."
        );
        assert_eq!(hide_amounts("Sprint 8 · 38 pd · €21k · €1.5M left", &eur), "Sprint 8 · 38 pd · €… · €… left");
        assert_eq!(hide_amounts("no money, € alone, 5 pts", &eur), "no money, € alone, 5 pts");
        let chf = Currency::of("CHF").unwrap();
        assert_eq!(hide_amounts("Budget CHF 2,000.00 set", &chf), "Budget CHF … set");
    }

    use super::*;

    fn eur() -> Currency {
        Currency::of("EUR").unwrap()
    }

    #[test]
    fn amounts_are_read_the_ways_people_type_them() {
        let c = eur();
        for (typed, cents) in [
            ("1,200.50", 120_050),
            ("1200.5", 120_050),
            ("€1200", 120_000),
            ("1.200,50", 120_050),
            ("1200 EUR", 120_000),
            ("12,5", 1_250),
            ("1,200", 120_000),
            ("0.99", 99),
            ("1 200", 120_000),
        ] {
            assert_eq!(Money::parse(typed, &c), Ok(Money(cents)), "{typed}");
        }
        let yen = Currency::of("jpy").unwrap();
        assert_eq!(Money::parse("¥120,000", &yen), Ok(Money(120_000)));
        assert!(Money::parse("1200.5", &yen).unwrap_err().contains("JPY has no smaller unit"));
    }

    #[test]
    fn bad_amounts_are_refused_in_one_sentence() {
        let c = eur();
        assert_eq!(Money::parse("-5", &c).unwrap_err(), "an amount cannot be negative (-5)");
        assert_eq!(Money::parse("lots", &c).unwrap_err(), "\"lots\" is not an amount of money, like 1,200.50");
        assert_eq!(Money::parse("$100", &c).unwrap_err(), "$100 is in USD, but this board counts money in EUR");
        assert_eq!(Money::parse("100 GBP", &c).unwrap_err(), "100 GBP is in GBP, but this board counts money in EUR");
        assert!(Money::parse("1.005", &Currency::of("BHD").unwrap()).is_ok());
        assert!(Money::parse("1.234", &c).is_ok(), "three digits after one separator group thousands");
        assert!(Money::parse("1.23456", &c).unwrap_err().contains("more decimals than EUR"));
        // i64::MAX cents is 92,233,720,368,547,758.07 euros.
        assert!(Money::parse("92233720368547758.07", &c).is_ok());
        assert!(Money::parse("92233720368547758.08", &c).unwrap_err().contains("more money than the board can count"));
        assert!(Money::parse("99999999999999999999", &c).unwrap_err().contains("more money"));
    }

    #[test]
    fn amounts_are_formatted_for_the_currency() {
        assert_eq!(Money(120_050).format(&eur()), "€1,200.50");
        assert_eq!(Money(-5).format(&eur()), "-€0.05");
        assert_eq!(Money(3_800_000).format_whole(&eur()), "€38,000");
        assert_eq!(Money(120_000).format(&Currency::of("JPY").unwrap()), "¥120,000");
        assert_eq!(Money(150).format(&Currency::of("XTS").unwrap()), "XTS 1.50");
        assert!(Currency::of("euro").is_err());
    }
}
