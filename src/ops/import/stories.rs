//! Stories of an imported file, written one at a time as the second reading
//! hands them over: nothing here holds more than one story, so an import of
//! a million stories needs no more memory than one of ten.

use super::sprints::SprintMap;
use super::survey::carried_out_of;
use super::*;
use crate::store::Counters;

/// Writes stories at the bottom of their places, in file order.
pub(super) struct StoryWriter<'m> {
    blank: bool,
    epics: &'m HashMap<String, EpicId>,
    sprints: &'m SprintMap,
    prefix: String,
    counters: Counters,
    next_number: i64,
    now: chrono::NaiveDateTime,
    /// The bottom rank of each place written to so far.
    bottoms: HashMap<Option<SprintId>, Option<i64>>,
    /// The highest story id before the import: a key clashing with a story
    /// above it clashes with an earlier story of the file.
    pub before: i64,
    /// Stories the board had before whose key the file gives: updated in
    /// place (`import --update`), else the file's story gets a new key.
    update: bool,
    /// Stories written (created or updated).
    pub written: usize,
    /// A key the file gives twice, and where the second one is.
    pub twice: Option<(String, String)>,
    /// The file's keys the board already had, and the keys given instead.
    pub renamed: Vec<(String, String)>,
    /// Stories of the board updated from the file.
    pub updated: usize,
    /// Stories of the board the file gives as they are.
    pub unchanged: usize,
    /// The board's stories updated so far (a key given twice is refused).
    pub updated_ids: std::collections::HashSet<StoryId>,
}

impl<'m> StoryWriter<'m> {
    /// A writer for stories that find their epics and sprints in these maps.
    pub fn new(
        tx: &Tx<'_>,
        blank: bool,
        update: bool,
        epics: &'m HashMap<String, EpicId>,
        sprints: &'m SprintMap,
    ) -> Result<StoryWriter<'m>> {
        let counters = tx.counters()?;
        Ok(StoryWriter {
            blank,
            epics,
            sprints,
            prefix: tx.board()?.key_prefix,
            counters,
            next_number: counters.next_story,
            now: tx.now(),
            bottoms: HashMap::new(),
            before: tx.highest_story_id()?,
            update,
            written: 0,
            twice: None,
            renamed: Vec::new(),
            updated: 0,
            unchanged: 0,
            updated_ids: Default::default(),
        })
    }

    /// Checks and writes the file's `i`-th story.
    pub fn add(&mut self, tx: &mut Tx<'_>, i: usize, s: StoryDoc, got: &mut Imported) -> Result<()> {
        let at = |field| StoryAt { line: s.line, i, field };
        check_title(at("title"), "a story", &s.title)?;
        for (field, what, t) in [
            ("description", "the description", &s.description),
            ("acceptance", "the acceptance criteria", &s.acceptance),
            ("assignee", "the assignee", &s.assignee),
        ] {
            check_text(at(field), what, t)?;
        }
        let epic = match &s.epic {
            Some(k) => Some(find_epic_ref(tx, self.epics, self.blank, k, at("epic"))?),
            None => None,
        };
        let place = match &s.sprint {
            Some(name) => Some(find_sprint_ref(tx, &self.sprints.by_name, self.blank, name, at("sprint"))?),
            None => None,
        };
        // An unfinished story of a sprint that is over waits at the top of
        // the backlog, carried out of it (its commitment still counts it).
        let (place, left) = match place {
            Some(p) if s.status != Status::Done && self.sprints.leaves_behind(p) => (None, Some(p)),
            other => (other, None),
        };
        let to = if left.is_some() { Position::Top } else { Position::Bottom };
        let key = match s.key.as_deref().map(str::trim) {
            Some("") => return bad(at("key"), "a story key cannot be empty (leave it out to get the next key)"),
            Some(k) => k.to_string(),
            None => self.next_key(tx)?,
        };
        let carried = carried_out_of(&s);
        // Only a board that had stories can hold a key before the file does;
        // probing first (rather than catching the insert's failure) keeps
        // PostgreSQL's transaction usable.
        let holder = if self.blank { None } else { tx.story_by_key(&key)?.filter(|h| h.id.0 <= self.before) };
        let key = match holder {
            Some(old) if self.update => {
                if !self.updated_ids.insert(old.id) {
                    self.twice = Some((key.clone(), at("key").to_string()));
                    return refuse(format!("the key {key} appears twice in the file"));
                }
                let points = s.points.or(old.fields.points).unwrap_or_default();
                let row = super::update::fields(&old, s, epic, self.now);
                let (edited, moved) = (row != old.fields, Place::from_sprint(place) != old.place);
                if edited {
                    tx.update_story(old.id, &row)?;
                }
                if moved {
                    tx.place_story(old.id, Place::from_sprint(place), to)?;
                    self.bottoms.remove(&place);
                }
                self.commit(tx, old.id, place.or(left), &carried, points)?;
                self.written += 1;
                if edited || moved {
                    self.updated += 1;
                } else {
                    self.unchanged += 1;
                }
                return Ok(());
            }
            Some(old) => {
                let new = self.next_key(tx)?;
                self.renamed.push((old.key, new.clone()));
                new
            }
            None => key,
        };
        let at_key = at("key");
        let points = s.points;
        let new = NewStory {
            key: Some(key),
            row: StoryFields {
                title: s.title,
                description: s.description,
                acceptance: s.acceptance,
                kind: s.kind,
                points,
                epic,
                status: s.status,
                assignee: s.assignee,
                labels: s.labels,
                started: s.started,
                done: s.done,
            },
            place,
            created: Some(s.created.unwrap_or(self.now)),
        };
        let key = new.key.as_deref().unwrap_or_default();
        if left.is_some() {
            let id = tx.insert_story(&new, Position::Top).map_err(|e| self.clash(tx, key, at_key, e))?;
            // The backlog's bottom may have moved (it was empty): read it again.
            self.bottoms.remove(&None);
            self.commit(tx, id, left, &carried, points.unwrap_or_default())?;
            self.written += 1;
            got.stories += 1;
            got.points += points.unwrap_or_default();
            return Ok(());
        }
        let bottom = match self.bottoms.get(&place) {
            Some(b) => *b,
            None => tx.rank_bounds(Place::from_sprint(place))?.1,
        };
        let written = match rank::between(bottom, None) {
            Some(rank) => tx.append_story(key, &new, rank).map(|id| (id, rank)),
            // Ranks ran out at the bottom: the positioned insert renumbers.
            None => tx.insert_story(&new, Position::Bottom).and_then(|id| Ok((id, tx.card(id)?.map_or(0, |c| c.rank)))),
        };
        let (id, rank) = written.map_err(|e| self.clash(tx, key, at_key, e))?;
        self.bottoms.insert(place, Some(rank));
        self.commit(tx, id, place, &carried, points.unwrap_or_default())?;
        self.written += 1;
        got.stories += 1;
        got.points += points.unwrap_or_default();
        Ok(())
    }

    /// The board's next free key (the counters are past every key of the
    /// file with the board's prefix, see `bump_counters`, so only the board
    /// can hold one).
    fn next_key(&mut self, tx: &Tx<'_>) -> Result<String> {
        loop {
            let key = format!("{}-{}", self.prefix, self.next_number);
            self.next_number += 1;
            if !tx.key_taken(&key)? {
                return Ok(key);
            }
        }
    }

    /// Counts a story in the commitment of the sprints started by this
    /// import that it is in, or was carried out of.
    fn commit(
        &self,
        tx: &mut Tx<'_>,
        id: StoryId,
        place: Option<SprintId>,
        carried: &[String],
        points: Points,
    ) -> Result<()> {
        let earlier = carried.iter().filter_map(|name| self.sprints.by_name.get(name).copied());
        for sprint in place.into_iter().chain(earlier) {
            if self.sprints.commits_stories(sprint) {
                tx.append_commitment(sprint, id, points)?;
            }
        }
        Ok(())
    }

    /// Why a story could not be written under `key`: the board has the key,
    /// or the file had it already (noted in `twice`, for the caller to say
    /// where), or the write failed for a reason of its own.
    fn clash(&mut self, tx: &Tx<'_>, key: &str, at: StoryAt<'_>, e: crate::store::Error) -> Error {
        match tx.story_by_key(key) {
            Ok(Some(holder)) if holder.id.0 > self.before => {
                self.twice = Some((key.to_string(), at.to_string()));
                Error::Refused(format!("the key {key} appears twice in the file"))
            }
            Ok(Some(_)) => Error::Refused(format!("{at}: the board already has a story {key}")),
            _ => e.into(),
        }
    }

    /// Keeps numbering after the keys given out.
    pub fn finish(self, tx: &mut Tx<'_>) -> Result<()> {
        if self.next_number != self.counters.next_story {
            tx.set_counters(Counters { next_story: self.next_number, ..self.counters })?;
        }
        Ok(())
    }
}

/// A sprint a story names: one of the file's, or an open one on the board.
fn find_sprint_ref(
    tx: &Tx<'_>,
    sprints: &HashMap<String, SprintId>,
    blank: bool,
    name: &str,
    at: impl std::fmt::Display,
) -> Result<SprintId> {
    if let Some(id) = sprints.get(&norm(name)) {
        return Ok(*id);
    }
    match tx.sprint_by_name(name)?.filter(|_| !blank) {
        Some(s) if s.fields.state == SprintState::Closed => {
            bad(at, format!("{} is closed; stories can only go to the backlog or an open sprint", s.fields.name))
        }
        Some(s) => Ok(s.id),
        None if blank => bad(at, format!("no sprint named \"{}\" in the file", name.trim())),
        None => bad(at, format!("no sprint named \"{}\" in the file or on the board", name.trim())),
    }
}
