/**
 * Schema version 18: each series of a global run keeps its target's range facts, as a single-series
 * run keeps its own (runs.range_json, migration 005): the history before its test period and the test
 * values outside it (core/train/domain.ts targetRangeOf). fw show and the app's Evaluate say from it
 * why a series whose test period left its history scored badly (a level shift), without its dataset.
 * range_json: that TargetRange as JSON text; NULL in rows stored before, and where the series had no
 * observed value before its test period.
 */
export default /* sql */ `
ALTER TABLE run_series ADD COLUMN range_json TEXT;
`
