-- Schema 3: a board a team can share.
-- Every item carries a version, so an action decided on a screen can tell
-- whether the item changed since it was drawn. Triggers bump it on every
-- update that does not set it itself, so no write path can forget to.
ALTER TABLE story ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sprint ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE epic ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE objective ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE risk ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER story_version AFTER UPDATE ON story WHEN NEW.version = OLD.version
BEGIN UPDATE story SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER sprint_version AFTER UPDATE ON sprint WHEN NEW.version = OLD.version
BEGIN UPDATE sprint SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER epic_version AFTER UPDATE ON epic WHEN NEW.version = OLD.version
BEGIN UPDATE epic SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER objective_version AFTER UPDATE ON objective WHEN NEW.version = OLD.version
BEGIN UPDATE objective SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER risk_version AFTER UPDATE ON risk WHEN NEW.version = OLD.version
BEGIN UPDATE risk SET version = OLD.version + 1 WHERE id = NEW.id; END;

-- History entries name their author and the schema their row images were
-- written in; `undone` is 0 while in effect, else the `touched` stamp of its
-- undo (redo takes the newest undo back), or -1 once a newer change by its
-- author ended the chance of a redo (the entry stays, to say who undid it). `touched` grows with every commit,
-- undo and redo: another instance asks "what happened since stamp N?" to say
-- who changed what. AUTOINCREMENT: a seq is never given out twice.
CREATE TABLE history_v3 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    label TEXT NOT NULL,
    author TEXT NOT NULL,
    schema INTEGER NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0,
    undone_by TEXT,
    touched INTEGER NOT NULL DEFAULT 0
);
-- Entries written before authors existed have the author '' (anyone's).
-- Schema 2 redid the oldest undone entry first; here redo takes the highest
-- undo stamp, so old undone entries get stamps in reverse seq order (all at
-- or below the board's stamp, which starts at max(seq)).
INSERT INTO history_v3 (seq, at, label, author, schema, undone, touched)
    SELECT seq, at, label, '', 2,
        CASE WHEN undone = 0 THEN 0 ELSE (SELECT max(seq) FROM history) + 1 - seq END, seq
    FROM history;

-- One row per changed row of an entry, written as the operation goes (an
-- import of a million stories never holds its history in memory), and
-- indexed by row, so undo can ask "did someone else touch these since?".
CREATE TABLE history_row (
    seq INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    tbl TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    before TEXT,
    after TEXT,
    PRIMARY KEY (seq, ord)
) WITHOUT ROWID;
CREATE INDEX history_row_by_row ON history_row(tbl, row_id, seq);

-- What the burndown needs, per sprint: a story joining or leaving it, its
-- points and whether it is done, as each change left them (NULL: unchanged).
-- Written in the same transaction as the change; only sprint stories have
-- rows, so a large backlog import adds none.
CREATE TABLE story_event (
    sprint_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    story_id INTEGER NOT NULL,
    in_sprint INTEGER,
    points INTEGER,
    done INTEGER,
    PRIMARY KEY (sprint_id, seq, story_id)
) WITHOUT ROWID;
CREATE INDEX story_event_by_seq ON story_event(seq);
-- `undo_generation` goes up with every undo and redo: a screen that keeps
-- the events it read reads only newer ones until it changes (undo and redo
-- change old ones). `stamp` is the last `touched` stamp given out: kept
-- here, not taken from max(touched), because entries are discarded and a
-- stamp must never be given out twice.
CREATE TABLE history_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    undo_generation INTEGER NOT NULL,
    stamp INTEGER NOT NULL
);
INSERT INTO history_state (id, undo_generation, stamp) SELECT 1, 0, coalesce(max(seq), 0) FROM history;
