/**
 * Schema version 16: the app's training queue. A start the app has accepted but whose run is not
 * stored yet (it waits behind another run, or its trainer is still preparing) lived only in main's
 * memory: when the app or the browser-mode server stopped, it was gone without a word. Each such
 * start is now a row here until its run is stored (the row goes in the same transaction), it is
 * removed from the queue, or the trainer refuses it. The next app to open the database takes over
 * the rows of a process that is gone (core/store/queue.ts) and queues them again.
 * start_id: the app's handle of the start, the same after a restart, so a window that shows it
 * still finds it. config_json: the checked config the trainer was given; parent_run_id: the run it re-runs (its
 * run is stored as that run's re-run), NULL once that run is deleted.
 */
export default /* sql */ `
CREATE TABLE queued_starts (
  id             INTEGER PRIMARY KEY,
  start_id       INTEGER NOT NULL, -- the app's handle of the start (startRun's startId), kept when it is queued again
  dataset_id     INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  parent_run_id  INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  name           TEXT,
  config_json    TEXT NOT NULL,
  queued_at      INTEGER NOT NULL,
  owner_host     TEXT NOT NULL,
  owner_pid      INTEGER NOT NULL,
  owner_start    TEXT,
  owner_instance TEXT NOT NULL,
  owner_kind     TEXT NOT NULL CHECK (owner_kind IN ('cli', 'app')),
  heartbeat_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX queued_starts_dataset ON queued_starts(dataset_id);
CREATE INDEX queued_starts_parent ON queued_starts(parent_run_id);
`
