/**
 * Schema version 5 (issue 18):
 * - dataset_columns.unit: the unit the user gave a column ("°C", "ppm"), display-only text shown on
 *   axes, metric tables and export headers; NULL when none was given (and for columns stored before).
 * - runs.range_json: the target's range facts computed when the run trained (core/train/domain.ts):
 *   its domain (forecasts clipped at 0 when every training value is >= 0) and how many test values
 *   lie outside everything before the test period, so views show the warning without the dataset.
 *   NULL for classification runs, unfinished runs and runs stored before.
 */
export default /* sql */ `
ALTER TABLE dataset_columns ADD COLUMN unit TEXT CHECK (unit IS NULL OR length(unit) BETWEEN 1 AND 16);
ALTER TABLE runs ADD COLUMN range_json TEXT CHECK (range_json IS NULL OR json_valid(range_json));
`
