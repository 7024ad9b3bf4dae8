//! The forecast: when each epic is likely to finish, by Monte Carlo over
//! the recorded velocities, walking the remaining work in board order
//! (active sprint, planned sprints, then the backlog by rank).

use super::*;
use crate::domain::forecast;
pub use crate::domain::outlook::{EpicForecast, Forecast, FutureSprint, Outlook, sprint_end};
use chrono::{Duration, NaiveDate};

/// Trials per forecast: enough that P85 moves by less than a sprint between seeds.
pub const TRIALS: usize = 10_000;

/// Future sprints listed at most; the rest of the backlog is summed up.
pub const FUTURE_SPRINTS_LISTED: usize = 52;

/// The name of sprint slot `k` of the forecast: an open sprint's own name,
/// then `Sprint N` numbered on from the last sprint.
pub fn future_sprint_name(open: &[Sprint], last_number: i64, k: usize) -> String {
    match k.checked_sub(1).and_then(|i| open.get(i)) {
        Some(s) => s.fields.name.clone(),
        None => format!("Sprint {}", last_number + k.saturating_sub(open.len()) as i64),
    }
}

/// The `base` of [`sprint_end`]: the latest end of any sprint, or yesterday.
pub fn future_base(r: &impl Reads, today: NaiveDate) -> Result<NaiveDate> {
    let yesterday = today - Duration::days(1);
    Ok(r.sprint_extent()?.1.map_or(yesterday, |e| e.max(yesterday)))
}

/// Computes the forecast. Reads every unfinished story once, in board order.
pub fn forecast(r: &impl Reads, settings: &Settings, today: NaiveDate) -> Result<Forecast> {
    let velocity = velocity(r, settings)?;
    let base = future_base(r, today)?;
    let open = r.open_sprints()?;
    let mut places: Vec<Place> = open.iter().map(|s| Place::Sprint(s.id)).collect();
    places.push(Place::Backlog);
    let epics = r.epics()?;
    let index: std::collections::HashMap<EpicId, usize> = epics.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    let mut last_at = vec![None::<Points>; epics.len()];
    let mut remaining = vec![Points::ZERO; epics.len()];
    let mut unestimated = vec![0i64; epics.len()];
    let (mut total, mut total_unestimated) = (Points::ZERO, 0i64);
    let last_number = r.sprint_extent()?.0;
    let mut future: Vec<FutureSprint> = Vec::new();
    for place in places {
        // One walk over all remaining work: the open sprints' stories come
        // first, so a planned sprint with room left takes backlog stories
        // too, exactly as the Monte Carlo below counts them.
        let mut walk = if place == Place::Backlog { forecast::Walk::resume(velocity.average, total) } else { None };
        r.each_remaining(place, &mut |epic, points| {
            if let Some(w) = walk.as_mut() {
                let k = w.take(points);
                if k <= open.len() + FUTURE_SPRINTS_LISTED {
                    while future.len() < k {
                        let n = future.len() + 1;
                        future.push(FutureSprint {
                            name: future_sprint_name(&open, last_number, n),
                            end: sprint_end(&open, n, settings.sprint_days, base),
                            points: Points::ZERO,
                            stories: 0,
                            unestimated: 0,
                        });
                    }
                    let f = &mut future[k - 1];
                    f.points += points.unwrap_or_default();
                    f.stories += 1;
                    f.unestimated += usize::from(points.is_none());
                }
            }
            total += points.unwrap_or_default();
            total_unestimated += i64::from(points.is_none());
            if let Some(&i) = epic.as_ref().and_then(|e| index.get(e)) {
                remaining[i] += points.unwrap_or_default();
                unestimated[i] += i64::from(points.is_none());
                last_at[i] = Some(total);
            }
        })?;
    }
    // Sprints the backlog does not reach (full with their own stories) are not listed.
    future.retain(|f| f.stories > 0);
    let targets: Vec<Points> = last_at.iter().map(|t| t.unwrap_or_default()).collect();
    // Each recorded sprint with its cost: the trials that date an epic add
    // up the cost of the sprints it needs (no cost recorded: dates only).
    let history = costed_history(r)?;
    let priced = history.iter().any(|(_, c)| c.0 > 0);
    let trials = forecast::monte_carlo_costed(&history, &targets, TRIALS, forecast::SEED);
    let finishes: Option<Vec<forecast::Finish>> = trials.as_ref().map(|t| t.iter().map(|(f, _)| *f).collect());
    let epics = epics
        .into_iter()
        .enumerate()
        .map(|(i, epic)| {
            let finish = finishes.as_ref().map(|f| f[i]);
            let date = |k: usize| if k == 0 { today } else { sprint_end(&open, k, settings.sprint_days, base) };
            let (p50_date, p85_date) = match finish {
                Some(f) if last_at[i].is_some() => (Some(date(f.p50)), Some(date(f.p85))),
                _ => (None, None),
            };
            let outlook = match (last_at[i], epic.fields.quarter, p50_date, p85_date) {
                (None, _, _, _) => Outlook::Done,
                (_, None, _, _) => Outlook::NoTarget,
                (_, _, None, _) | (_, _, _, None) => Outlook::Unknown,
                (_, Some(q), Some(p50), Some(p85)) => {
                    let end = q.last_day();
                    if p85 <= end {
                        Outlook::OnTrack
                    } else if p50 <= end {
                        Outlook::AtRisk
                    } else {
                        Outlook::Late
                    }
                }
            };
            let finish = if last_at[i].is_some() { finish } else { None };
            // The trial's cost to reach the epic's last story covers the
            // work ranked before it too: the epic's share is its points'.
            let cost = match (&trials, last_at[i]) {
                (Some(t), Some(at)) if priced && at.hundredths() > 0 => {
                    let share = |m: crate::domain::money::Money| {
                        crate::domain::money::Money(crate::domain::capacity::round_div(
                            i128::from(m.0) * i128::from(remaining[i].hundredths()),
                            i128::from(at.hundredths()),
                        ))
                    };
                    Some(crate::domain::cost::CostRange { p50: share(t[i].1.p50), p85: share(t[i].1.p85) })
                }
                _ => None,
            };
            EpicForecast {
                cost,
                epic,
                remaining: remaining[i],
                unestimated: unestimated[i],
                finish,
                p50_date,
                p85_date,
                outlook,
            }
        })
        .collect();
    let blocked = dependency_warnings(r)?.into_iter().map(|w| w.words).collect();
    Ok(Forecast { future, velocity, trials: TRIALS, remaining: total, unestimated: total_unestimated, epics, blocked })
}
