-- Schema 1: every concept of the product (released; never edit).
CREATE TABLE board (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    key_prefix TEXT NOT NULL,
    next_story INTEGER NOT NULL DEFAULT 1,
    next_epic INTEGER NOT NULL DEFAULT 1,
    settings TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE objective (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    metric TEXT NOT NULL DEFAULT '',
    rank INTEGER NOT NULL
);
CREATE TABLE epic (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE COLLATE NOCASE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    objective_id INTEGER REFERENCES objective(id),
    quarter TEXT,
    colour TEXT,
    rank INTEGER NOT NULL
);
CREATE TABLE sprint (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    goal TEXT NOT NULL DEFAULT '',
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    capacity INTEGER,
    state TEXT NOT NULL CHECK (state IN ('planned', 'active', 'closed')),
    committed INTEGER,
    started_at TEXT,
    closed_at TEXT
);
-- At most one active sprint, enforced by the file itself.
CREATE UNIQUE INDEX sprint_one_active ON sprint(state) WHERE state = 'active';
CREATE TABLE story (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE COLLATE NOCASE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    acceptance TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'story' CHECK (kind IN ('story', 'bug', 'task', 'spike')),
    points INTEGER CHECK (points IS NULL OR points >= 0),
    epic_id INTEGER REFERENCES epic(id),
    sprint_id INTEGER REFERENCES sprint(id),
    rank INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done')),
    assignee TEXT NOT NULL DEFAULT '',
    labels TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    started_at TEXT,
    done_at TEXT
);
-- Every column (backlog = NULL sprint) is read as a window in rank order.
CREATE INDEX story_by_place ON story(sprint_id, rank);
CREATE INDEX story_by_epic ON story(epic_id);
-- The stories and points a sprint had when it started.
CREATE TABLE commitment (
    id INTEGER PRIMARY KEY,
    sprint_id INTEGER NOT NULL REFERENCES sprint(id),
    story_id INTEGER NOT NULL,
    points INTEGER NOT NULL,
    UNIQUE (sprint_id, story_id)
);
CREATE TABLE velocity (
    id INTEGER PRIMARY KEY,
    sprint_id INTEGER NOT NULL UNIQUE REFERENCES sprint(id),
    committed INTEGER NOT NULL,
    completed INTEGER NOT NULL,
    added INTEGER NOT NULL,
    removed INTEGER NOT NULL,
    carried_over INTEGER NOT NULL
);
CREATE TABLE risk (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    probability INTEGER NOT NULL CHECK (probability BETWEEN 1 AND 5),
    impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    response TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'mitigated', 'closed')),
    epic_id INTEGER REFERENCES epic(id)
);
-- Every change with its row images before and after: undo, redo, burndown.
CREATE TABLE history (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    label TEXT NOT NULL,
    changes TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX history_undone ON history(undone, seq);
-- Counts and points per place (owner 0 = backlog, else sprint id) and per
-- epic, kept by triggers so that no screen ever sums the board.
CREATE TABLE tally (
    scope TEXT NOT NULL,
    owner INTEGER NOT NULL,
    stories INTEGER NOT NULL DEFAULT 0,
    points INTEGER NOT NULL DEFAULT 0,
    done INTEGER NOT NULL DEFAULT 0,
    unestimated INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, owner)
) WITHOUT ROWID;
