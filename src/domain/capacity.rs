//! Capacity (SPEC §1): a sprint's available person-days are, over the
//! active members, (working days in the sprint − days off) × availability;
//! the suggested capacity in points scales the average velocity by this
//! sprint's person-days against the mean of the velocity window's.
//! Person-days are held as hundredths (like points), money as minor units.

use super::Points;
use super::money::Money;
use super::team::{DayOff, Member};
use chrono::{Datelike, NaiveDate, Weekday};

/// What the team brings to one sprint.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SprintTeam {
    /// Available person-days, in hundredths.
    pub person_days: i64,
    /// What they would be with nobody away (availability still counted).
    pub full_person_days: i64,
    /// Labour cost: each member's available days × their day rate.
    pub labour: Money,
    /// Members active in the sprint.
    pub members: usize,
    /// Of whom away at least part of a day.
    pub away: usize,
    /// The most days (hundredths) any one member is away.
    pub most_days_away: i64,
    /// Active members without a day rate (their days cost nothing here).
    pub unpriced: usize,
}

/// Monday to Friday, from `start` to `end`.
pub fn working_days(start: NaiveDate, end: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    start.iter_days().take_while(move |d| *d <= end).filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
}

/// The team's person-days and labour cost for a sprint from `start` to `end`.
pub fn sprint_team(members: &[Member], days_off: &[DayOff], start: NaiveDate, end: NaiveDate) -> SprintTeam {
    let mut team = SprintTeam::default();
    // Ten-thousandths of a day (hundredths of a day × percent), summed
    // exactly and rounded once.
    let (mut units, mut full_units, mut cost) = (0i128, 0i128, 0i128);
    for m in members {
        let (mut mine, mut full, mut off_total, mut active) = (0i128, 0i128, 0i64, false);
        for day in working_days(start, end).filter(|d| m.active_on(*d)) {
            active = true;
            let off: i64 = days_off
                .iter()
                .filter(|o| o.member.is_none_or(|who| who == m.id) && o.start <= day && day <= o.end)
                .map(|o| o.fraction)
                .sum::<i64>()
                .min(100);
            off_total += off;
            let avail = i128::from(m.fields.availability.clamp(0, 100));
            mine += i128::from(100 - off) * avail;
            full += 100 * avail;
        }
        if !active {
            continue;
        }
        team.members += 1;
        if off_total > 0 {
            team.away += 1;
            team.most_days_away = team.most_days_away.max(off_total);
        }
        units += mine;
        full_units += full;
        match m.fields.day_rate {
            Some(rate) => cost += mine * i128::from(rate.0),
            None => team.unpriced += 1,
        }
    }
    team.person_days = round_div(units, 100);
    team.full_person_days = round_div(full_units, 100);
    team.labour = Money(round_div(cost, 10_000));
    team
}

/// `n / d` rounded half away from zero, held within 64 bits.
pub fn round_div(n: i128, d: i128) -> i64 {
    let q = if n >= 0 { (n + d / 2) / d } else { (n - d / 2) / d };
    q.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// Suggested capacity in whole points: average velocity × (this sprint's
/// person-days ÷ mean person-days of the window's sprints). `None` without
/// a velocity, or when the window's sprints had no person-days.
pub fn suggested_capacity(average: Option<Points>, person_days: i64, window: &[i64]) -> Option<Points> {
    let average = average?;
    let known: Vec<i64> = window.iter().copied().filter(|d| *d > 0).collect();
    if known.is_empty() {
        return None;
    }
    let mean = known.iter().map(|d| i128::from(*d)).sum::<i128>();
    // avg × this ÷ (sum ÷ n) = avg × this × n ÷ sum, in hundredths of a point.
    let hundredths = round_div(i128::from(average.hundredths()) * i128::from(person_days) * known.len() as i128, mean);
    // Whole points: a suggestion, and what a planner types into a form.
    Some(Points::whole(round_div(i128::from(hundredths), 100).max(0)))
}

/// The mean of the window's person-days (hundredths), for sentences.
pub fn mean_person_days(window: &[i64]) -> Option<i64> {
    let known: Vec<i64> = window.iter().copied().filter(|d| *d > 0).collect();
    (!known.is_empty()).then(|| round_div(known.iter().map(|d| i128::from(*d)).sum(), known.len() as i128))
}

/// Person-days (hundredths) in words: `31`, `30.5`.
pub fn days_words(hundredths: i64) -> String {
    Points::from_hundredths(hundredths).to_string()
}

/// Why the suggestion is what it is, for the start dialog:
/// "3 of 5 away for up to 4 days: 31 person-days of 50 → about 12 pts".
pub fn reason(team: &SprintTeam, suggested: Option<Points>) -> String {
    let away = match team.away {
        0 => "nobody away".to_string(),
        n => format!("{n} of {} away for up to {} days", team.members, days_words(team.most_days_away)),
    };
    let days = format!("{} person-days of {}", days_words(team.person_days), days_words(team.full_person_days));
    match suggested {
        Some(p) => format!("{away}: {days} → about {p} pts"),
        None => format!("{away}: {days} (no closed sprint with person-days to compare yet)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::team::*;

    fn member(id: i64, availability: i64, rate: Option<i64>) -> Member {
        Member {
            id: MemberId(id),
            version: 1,
            added_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            fields: MemberFields {
                name: format!("m{id}"),
                availability,
                day_rate: rate.map(Money),
                ..MemberFields::default()
            },
        }
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn off(member: Option<i64>, start: NaiveDate, end: NaiveDate, fraction: i64) -> DayOff {
        DayOff { id: DayOffId(0), member: member.map(MemberId), start, end, fraction }
    }

    #[test]
    fn person_days_count_working_days_days_off_and_availability() {
        // Sprint Mon 2 Nov – Sun 15 Nov 2026: 10 working days.
        // Five members; m1 at 80 %, day rates 500.00 (m1–m4), m5 unpriced.
        // m1 off Mon 9 – Thu 12 (4 days), m2 off the same 4 days, m3 half
        // days on Mon 2 and Tue 3 (1 day), and a team holiday Wed 11 Nov
        // (m1 and m2 are off already: it cannot take more than the day).
        //   m1: (10 − 4) × 0.8 = 4.8     m2: 10 − 4 = 6
        //   m3: 10 − 1 − 1 (holiday) = 8  m4: 10 − 1 = 9   m5: 10 − 1 = 9
        //   person-days = 4.8 + 6 + 8 + 9 + 9 = 36.8
        //   full (nobody away) = 8 + 10 + 10 + 10 + 10 = 48
        //   labour = (4.8 + 6 + 8 + 9) × €500 = 27.8 × 500 = €13,900
        let members = [
            member(1, 80, Some(50_000)),
            member(2, 100, Some(50_000)),
            member(3, 100, Some(50_000)),
            member(4, 100, Some(50_000)),
            member(5, 100, None),
        ];
        let days_off = [
            off(Some(1), d(11, 9), d(11, 12), 100),
            off(Some(2), d(11, 9), d(11, 12), 100),
            off(Some(3), d(11, 2), d(11, 3), 50),
            off(None, d(11, 11), d(11, 11), 100),
        ];
        assert_eq!(working_days(d(11, 2), d(11, 15)).count(), 10);
        let t = sprint_team(&members, &days_off, d(11, 2), d(11, 15));
        assert_eq!(t.person_days, 3_680);
        assert_eq!(t.full_person_days, 4_800);
        assert_eq!(t.labour, Money(1_390_000));
        assert_eq!((t.members, t.away, t.unpriced), (5, 5, 1));
        assert_eq!(t.most_days_away, 400, "m1 and m2: 4 days, the holiday among them");
    }

    #[test]
    fn members_count_only_on_their_active_days() {
        let mut late = member(1, 100, Some(10_000));
        late.fields.active_from = Some(d(11, 9));
        let t = sprint_team(&[late], &[], d(11, 2), d(11, 15));
        assert_eq!(t.person_days, 500);
        assert_eq!(t.labour, Money(50_000));
    }

    #[test]
    fn the_suggestion_scales_velocity_by_person_days() {
        // Velocity 20 over sprints of 50, 50 and 50 person-days; this
        // sprint has 31: 20 × 31 ÷ 50 = 12.4 → about 12 pts.
        let v = Some(Points::whole(20));
        assert_eq!(suggested_capacity(v, 3_100, &[5_000, 5_000, 5_000]), Some(Points::whole(12)));
        // Half the team away: half the points.
        assert_eq!(suggested_capacity(v, 2_500, &[5_000, 5_000, 5_000]), Some(Points::whole(10)));
        // Window of 40, 50, 60 (mean 50) and a full 50-day sprint: 20.
        assert_eq!(suggested_capacity(v, 5_000, &[4_000, 5_000, 6_000]), Some(Points::whole(20)));
        assert_eq!(suggested_capacity(None, 5_000, &[5_000]), None);
        assert_eq!(suggested_capacity(v, 5_000, &[0, 0]), None);
    }

    #[test]
    fn the_reason_says_who_is_away() {
        let t = SprintTeam {
            person_days: 3_100,
            full_person_days: 5_000,
            members: 5,
            away: 3,
            most_days_away: 400,
            ..SprintTeam::default()
        };
        assert_eq!(
            reason(&t, Some(Points::whole(12))),
            "3 of 5 away for up to 4 days: 31 person-days of 50 → about 12 pts"
        );
    }
}
