/**
 * Schema version 19: a done classification run's class names, in the order its forecasts index them
 * (its pipeline's fitted target classes), with a yes/no target's data file's words for no and yes
 * (core/data yesNoWords). fw show, the app's run view and the Runs lists read them
 * instead of preparing the run again: a column of categories' classes are the levels its training
 * rows hold, which only the pipeline knows, and preparing a large file again took seconds.
 * classes_json: JSON {"names": [...], "words"?: [no, yes]} (core/store/runs.ts StoredClasses); NULL for
 * regression, global runs and every run stored before (core/services/run-export.ts storedRunTarget
 * prepares those again, as it did).
 */
export default /* sql */ `
ALTER TABLE runs ADD COLUMN classes_json TEXT CHECK (classes_json IS NULL OR json_valid(classes_json));
`
