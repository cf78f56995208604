/**
 * Schema version 22: whether a queued start's calendar is the one Setup set by default, untouched
 * (startRun's and startSweep's calendarByDefault; a Re-run's from the run's kept note). The run
 * keeps a note that the calendar inputs are on by default only where its start said so, from when
 * it is stored (its training's start), and a queued start is no run yet, so a start queued again
 * after the app stopped must carry the word in its row. queued_starts.calendar_by_default: 1 where it did, 0 otherwise and for rows queued before.
 */
export default /* sql */ `
ALTER TABLE queued_starts ADD COLUMN calendar_by_default INTEGER NOT NULL DEFAULT 0 CHECK (calendar_by_default IN (0, 1));
`
