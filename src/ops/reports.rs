//! The Reports screen's numbers: velocity, say/do, cycle time, bug share.
//! Reads only the last sprints shown, through the place index.

use super::*;
pub use crate::domain::report::{Reports, ReviewStory, SprintReport, SprintReview, points_at_close};

/// How many closed sprints the reports look back over (they fit at 80 columns).
pub const REPORT_SPRINTS: usize = 12;

/// Median of a list (`None` if empty).
pub fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

/// Computes the reports.
pub fn reports(r: &impl Reads, settings: &Settings) -> Result<Reports> {
    let records = r.velocity_records()?;
    let completed: Vec<Points> = records.iter().map(|s| s.record.completed).collect();
    let average = velocity::average(&completed, settings.velocity_window);
    let shown = &records[records.len().saturating_sub(REPORT_SPRINTS)..];
    let mut sprints = Vec::new();
    let mut cycles = Vec::new();
    let (mut all_stories, mut all_bugs) = (0usize, 0usize);
    for s in shown {
        let stats = r.story_stats(Place::Sprint(s.sprint.id))?;
        let bugs = stats.iter().filter(|x| x.0 == Kind::Bug).count();
        for (_, status, started, done) in &stats {
            if let (Status::Done, Some(a), Some(b)) = (status, started, done) {
                cycles.push((*b - *a).num_minutes() as f64 / (24.0 * 60.0));
            }
        }
        all_stories += stats.len();
        all_bugs += bugs;
        sprints.push(SprintReport {
            name: s.sprint.fields.name.clone(),
            number: s.sprint.fields.number,
            record: s.record,
            say_do: velocity::say_do(&s.record),
            stories: stats.len(),
            bugs,
        });
    }
    let window = &records[records.len().saturating_sub(settings.velocity_window.max(1))..];
    let committed: i64 = window.iter().map(|s| s.record.committed.hundredths()).sum();
    let done: i64 = window.iter().map(|s| s.record.completed.hundredths()).sum();
    Ok(Reports {
        window: settings.velocity_window,
        average,
        sprints,
        earlier: records.len() - shown.len(),
        window_names: window.iter().map(|s| s.sprint.fields.name.clone()).collect(),
        say_do: (committed > 0).then(|| done as f64 / committed as f64),
        median_cycle_days: median(cycles),
        bug_share: (all_stories > 0).then(|| all_bugs as f64 / all_stories as f64),
        stories: all_stories,
        bugs: all_bugs,
    })
}

/// A closed sprint's review as it was at close: done, carried, added and
/// removed stories, with the points and status each had then.
pub fn sprint_review(r: &impl Reads, sprint: SprintId) -> Result<SprintReview> {
    let (stories, from_history) = r.sprint_at_close(sprint)?;
    Ok(SprintReview::from_stories(stories, from_history))
}
