/**
 * Schema version 13: a done single-series run's notices, kept with it. They were said while it
 * trained (fw train's `note:` lines, the app's Train view) and then lost: fw show and the app's
 * views of a stored run said nothing of a log turned off by a later non-positive value, nor of a
 * MASE scaled by out-of-scale training values. runs.notices_json: a JSON array of Words
 * (core/data/words.ts: `message` in the CLI's words, `app` in the app's where they differ), read
 * back by core/services/run-words.ts runNotices; NULL for runs stored before and for runs with
 * none. A global run keeps its notes in its summary (runs.global_json).
 */
export default /* sql */ `
ALTER TABLE runs ADD COLUMN notices_json TEXT CHECK (notices_json IS NULL OR json_valid(notices_json));
`
