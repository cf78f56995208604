/**
 * Schema version 14: a two-class run's threshold chosen on its validation rows. A run kept its
 * test probabilities only, so the Evaluate view's threshold could be moved only by looking at the
 * test rows, which flatters them. runs.threshold_json: core/data/threshold.ts ThresholdChoice (the
 * rule, the threshold or why none was chosen, the validation rows it was chosen on and its
 * validation scores), read back by core/services/stored-threshold.ts. NULL for every run stored
 * before (they say that no validation choice is kept with them), for regression and for runs of
 * more than two classes.
 */
export default /* sql */ `
ALTER TABLE runs ADD COLUMN threshold_json TEXT CHECK (threshold_json IS NULL OR json_valid(threshold_json));
`
