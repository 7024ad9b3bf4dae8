-- Schema 4: the team, its days off, money against budget, and stories that
-- wait on others (released; never edit). Money is integer minor units of
-- the board's currency (cents; yen for JPY), never floating point;
-- fractions of a day are hundredths, like points.
CREATE TABLE member (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role TEXT NOT NULL DEFAULT '',
    -- Hundredths of an hour per working day (800 = 8 h).
    hours INTEGER NOT NULL DEFAULT 800 CHECK (hours > 0 AND hours <= 2400),
    -- Percent of a working day given to the board's work.
    availability INTEGER NOT NULL DEFAULT 100 CHECK (availability BETWEEN 0 AND 100),
    day_rate INTEGER CHECK (day_rate IS NULL OR day_rate >= 0),
    active_from TEXT,
    active_to TEXT,
    -- The day the member was entered: a sprint closed before it never
    -- counted them, so removing them loses no frozen number of it.
    added_on TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
-- A member's day off, or the whole team's (member_id NULL).
CREATE TABLE day_off (
    id INTEGER PRIMARY KEY,
    member_id INTEGER REFERENCES member(id),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    -- Hundredths of each day taken off (50 = half days).
    fraction INTEGER NOT NULL DEFAULT 100 CHECK (fraction BETWEEN 1 AND 100),
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX day_off_by_date ON day_off(start_date);
-- What may be spent on the board, an objective or an epic: one per scope.
CREATE TABLE budget (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL CHECK (scope IN ('board', 'objective', 'epic')),
    objective_id INTEGER REFERENCES objective(id),
    epic_id INTEGER REFERENCES epic(id),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    currency TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT,
    note TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX budget_one_per_scope ON budget(scope, coalesce(objective_id, 0), coalesce(epic_id, 0));
-- Non-labour cost: licences, services, hardware.
CREATE TABLE expense (
    id INTEGER PRIMARY KEY,
    spent_on TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount >= 0),
    category TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    epic_id INTEGER REFERENCES epic(id),
    sprint_id INTEGER REFERENCES sprint(id),
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX expense_by_date ON expense(spent_on);
-- Story `story_id` is blocked by story `blocker_id`.
CREATE TABLE dependency (
    id INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL REFERENCES story(id),
    blocker_id INTEGER NOT NULL REFERENCES story(id),
    CHECK (story_id != blocker_id),
    UNIQUE (story_id, blocker_id)
);
CREATE INDEX dependency_by_blocker ON dependency(blocker_id);
-- Frozen at close, like the points: hundredths of a person-day, and the
-- labour cost in minor units. NULL for sprints closed before schema 4.
ALTER TABLE velocity ADD COLUMN person_days INTEGER;
ALTER TABLE velocity ADD COLUMN cost INTEGER;
CREATE TRIGGER member_version AFTER UPDATE ON member WHEN NEW.version = OLD.version
BEGIN UPDATE member SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER day_off_version AFTER UPDATE ON day_off WHEN NEW.version = OLD.version
BEGIN UPDATE day_off SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER budget_version AFTER UPDATE ON budget WHEN NEW.version = OLD.version
BEGIN UPDATE budget SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER expense_version AFTER UPDATE ON expense WHEN NEW.version = OLD.version
BEGIN UPDATE expense SET version = OLD.version + 1 WHERE id = NEW.id; END;
