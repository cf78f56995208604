/**
 * Schema version 17: a sweep's trials in the app's training queue. A sweep's trials were kept only
 * in main's memory: when the app or the browser-mode server stopped, its trials not yet begun were
 * gone without a word, and the sweep had to be started again by hand. Each such trial is now a
 * queued_starts row like any start (migration 016), naming its sweep and how many trials the sweep
 * has, so the next app to open the database queues the remaining ones again, in order, as trials of
 * the same sweep, and can say "a sweep of 8 trials was cut short after 3".
 * sweep_id: the sweep the trial belongs to (NULL: a start of its own). A sweep row is deleted only
 * when none of its trials was stored and none is left (core/services/stored-at-start.ts
 * dropEmptySweep), so the CASCADE removes nothing that could still run.
 * sweep_trials: how many trials the sweep has in all; set exactly when sweep_id is.
 */
export default /* sql */ `
ALTER TABLE queued_starts ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id) ON DELETE CASCADE;
ALTER TABLE queued_starts ADD COLUMN sweep_trials INTEGER CHECK (sweep_trials IS NULL OR sweep_trials >= 1);
CREATE INDEX queued_starts_sweep ON queued_starts(sweep_id) WHERE sweep_id IS NOT NULL;
`
