/**
 * Schema version 8 (issue 13, item 4): a global run keeps its model file, the one fw train --global
 * writes to fw-out/model.json (core/train/global.ts globalModelFile: the network's weights and each
 * series' pipeline, chosen forecaster and fitted statistical members), so that the app and fw can
 * forecast it past the end and export it from the run alone.
 * - global_models: one row per global run, the model file's JSON text exactly as written. A table of
 *   its own, not a column of runs, so that listing runs never reads files of several megabytes.
 * Global runs stored before have no row: they read as null, and whoever needs the file says the run
 * must be trained again (core/services/global-run.ts storedGlobalModel).
 */
export default /* sql */ `
CREATE TABLE global_models (
  run_id     INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  model_json TEXT    NOT NULL CHECK (json_valid(model_json))
) STRICT;
`
