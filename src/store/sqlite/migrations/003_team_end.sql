-- Schema 3, after the old entries were translated into history_row and
-- story_event (see schema.rs): the new history table takes the old one's place.
DROP TABLE history;
ALTER TABLE history_v3 RENAME TO history;
CREATE INDEX history_undone ON history(undone, seq);
CREATE INDEX history_at ON history(undone, at);
CREATE INDEX history_by_author ON history(author, undone, seq);
CREATE INDEX history_touched ON history(touched);
