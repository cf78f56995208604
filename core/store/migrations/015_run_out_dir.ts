/**
 * Schema version 15: the folder a run's files are written to. `fw train --out DIR` wrote model.json
 * and predictions.csv there once training ended, but the folder was not kept: `fw resume` of a run
 * killed before its end could not write them where the command had asked. runs.out_dir: that folder
 * as an absolute path (core/cli/runs.ts recordNewRun). NULL for runs of the app, which writes no
 * files of its own, for fw sweep's trials, and for every run stored before (fw resume then writes
 * to fw-out, or to its own --out, and says so).
 */
export default /* sql */ `
ALTER TABLE runs ADD COLUMN out_dir TEXT;
`
