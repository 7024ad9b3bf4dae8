-- Schema 2 (released; never edit): the burndown and reports read the history
-- from a sprint's start on; without an index that read grows with the whole log.
CREATE INDEX history_at ON history(undone, at);
