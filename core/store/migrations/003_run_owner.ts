/**
 * Schema version 3: who is training a run. The app and any number of `fw` processes may share one
 * database, so "running" alone cannot tell a live run from one whose process died. Each process
 * that starts or resumes a run stamps it with its identity and keeps a heartbeat; on opening the
 * database, a process marks a running run interrupted only when that owner is provably gone
 * (core/store/owner.ts). Rows written before this version have no owner: nobody can be training
 * them any more, so they count as gone.
 */
export default /* sql */ `
ALTER TABLE runs ADD COLUMN owner_host     TEXT;    -- os.hostname() of the training process
ALTER TABLE runs ADD COLUMN owner_pid      INTEGER; -- its process id
ALTER TABLE runs ADD COLUMN owner_start    TEXT;    -- its start token (Linux: boot id + start time); NULL where unknown
ALTER TABLE runs ADD COLUMN owner_instance TEXT;    -- a random id per open store, unique even when a pid is reused
ALTER TABLE runs ADD COLUMN owner_kind     TEXT CHECK (owner_kind IS NULL OR owner_kind IN ('cli', 'app'));
ALTER TABLE runs ADD COLUMN heartbeat_at   INTEGER; -- ms; written with each epoch and every few seconds while running
`
