//! The team and money part of the exported document ([`TeamDoc`]), read
//! from the store with names in place of row ids.

use crate::domain::team_document::*;
use crate::domain::*;
use crate::store::{Reads, Store, TeamReads};
use std::collections::HashMap;

/// Everything of the team and money the board holds.
pub fn team_doc(store: &Store) -> crate::store::Result<TeamDoc> {
    let members = store.members()?;
    let names: HashMap<MemberId, String> = members.iter().map(|m| (m.id, m.fields.name.clone())).collect();
    let epics: HashMap<EpicId, String> = store.epics()?.into_iter().map(|e| (e.id, e.key)).collect();
    let objectives: HashMap<ObjectiveId, String> = store.objectives()?.into_iter().map(|o| (o.id, o.title)).collect();
    let sprints: HashMap<SprintId, String> = store.sprints()?.into_iter().map(|s| (s.id, s.fields.name)).collect();
    let mut dependencies = Vec::new();
    for d in store.dependencies()? {
        if let (Some(a), Some(b)) = (store.card(d.story)?, store.card(d.blocker)?) {
            dependencies.push(DependencyDoc { story: a.key, by: b.key });
        }
    }
    let mut frozen: Vec<(i64, SprintTeamDoc)> = store
        .frozen_team()?
        .into_iter()
        .filter_map(|(id, f)| {
            let pd = f.person_days?;
            let name = sprints.get(&id)?.clone();
            Some((
                id.0,
                SprintTeamDoc { sprint: name, person_days: Points::from_hundredths(pd), cost: f.cost.map(|c| c.0) },
            ))
        })
        .collect();
    frozen.sort_by_key(|(id, _)| *id);
    Ok(TeamDoc {
        members: members
            .into_iter()
            .map(|m| MemberDoc {
                name: m.fields.name,
                role: m.fields.role,
                hours: Points::from_hundredths(m.fields.hours),
                availability: m.fields.availability,
                day_rate: m.fields.day_rate.map(|r| r.0),
                active_from: m.fields.active_from,
                active_to: m.fields.active_to,
                added_on: Some(m.added_on),
            })
            .collect(),
        days_off: store
            .days_off()?
            .into_iter()
            .map(|d| DayOffDoc {
                member: d.member.and_then(|m| names.get(&m).cloned()),
                from: d.start,
                to: d.end,
                fraction: Points::from_hundredths(d.fraction),
            })
            .collect(),
        budgets: store
            .budgets()?
            .into_iter()
            .map(|b| BudgetDoc {
                scope: b.scope.word().to_string(),
                target: match b.scope {
                    BudgetScope::Board => None,
                    BudgetScope::Objective(o) => objectives.get(&o).cloned(),
                    BudgetScope::Epic(e) => epics.get(&e).cloned(),
                },
                amount: b.amount.0,
                currency: b.currency,
                from: b.from,
                to: b.to,
                note: b.note,
            })
            .collect(),
        expenses: store
            .expenses()?
            .into_iter()
            .map(|e| ExpenseDoc {
                date: e.date,
                amount: e.amount.0,
                category: e.category,
                note: e.note,
                epic: e.epic.and_then(|id| epics.get(&id).cloned()),
                sprint: e.sprint.and_then(|id| sprints.get(&id).cloned()),
            })
            .collect(),
        dependencies,
        sprint_team: frozen.into_iter().map(|(_, d)| d).collect(),
    })
}
