/**
 * Schema version 9: a run's number is never given again. `runs.id` is an INTEGER PRIMARY KEY
 * without AUTOINCREMENT, so SQLite gives a new row the largest id + 1: after `fw rm` (or the app's
 * Delete) of the newest run, the next run took its number, and a report or forecast file named
 * "run 5" then meant another run. run_ids keeps the largest number ever given (seeded with the
 * largest now stored); runs.ts inserts with the next one, and the trigger keeps the mark up for
 * any other insert. A table rebuild with AUTOINCREMENT would do the same at the price of copying
 * every run.
 */
export default /* sql */ `
CREATE TABLE run_ids (
  one     INTEGER PRIMARY KEY CHECK (one = 1),
  last_id INTEGER NOT NULL CHECK (last_id >= 0)
) STRICT;
INSERT INTO run_ids (one, last_id) SELECT 1, coalesce(max(id), 0) FROM runs;
CREATE TRIGGER runs_keep_last_id AFTER INSERT ON runs BEGIN
  UPDATE run_ids SET last_id = max(last_id, NEW.id) WHERE one = 1;
END;
`
