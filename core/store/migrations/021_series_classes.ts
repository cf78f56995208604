/**
 * Schema version 21: each series of a global classification (one network across series for a class
 * target, core/train/global-classes.ts) keeps its test scores: the network's accuracy, Brier and log
 * loss, its own training rate's and persistence's Brier and its majority class's accuracy (each
 * baseline fitted on that series' training rows). fw show and the app's Evaluate list them where a
 * regression's series list MAE and MASE (which a class has none of: NULL there).
 * NULL in every regression's rows and in rows stored before.
 */
export default /* sql */ `
ALTER TABLE run_series ADD COLUMN accuracy REAL;
ALTER TABLE run_series ADD COLUMN brier REAL;
ALTER TABLE run_series ADD COLUMN log_loss REAL;
ALTER TABLE run_series ADD COLUMN rate_brier REAL;
ALTER TABLE run_series ADD COLUMN persistence_brier REAL;
ALTER TABLE run_series ADD COLUMN majority_accuracy REAL;
`
