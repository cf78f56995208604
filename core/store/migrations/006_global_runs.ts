/**
 * Schema version 6 (issue 13, items 4 and 8): global runs, one network across every series of a
 * long file (core/train/global.ts), recorded like any run.
 * - runs.global_json: the run's series id column(s), shared cut dates, aggregate scores (mean MASE,
 *   series beating naive), skipped series and notes. NULL for single-series runs and runs stored before.
 * - run_series: one row per series the run kept, in the run's order (position), with its id values
 *   (key_json, a JSON array of strings), label and test scores. A NULL score is undefined for that
 *   series (MASE of a constant series, no seasonal naive, no interval).
 * - series_forecasts: each series' test forecast, as forecasts holds a single-series run's.
 */
export default /* sql */ `
ALTER TABLE runs ADD COLUMN global_json TEXT CHECK (global_json IS NULL OR json_valid(global_json));

CREATE TABLE run_series (
  run_id              INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position            INTEGER NOT NULL CHECK (position >= 0),
  key_json            TEXT    NOT NULL CHECK (json_valid(key_json) AND json_type(key_json) = 'array'),
  label               TEXT    NOT NULL,
  rows                INTEGER NOT NULL CHECK (rows >= 0),
  season              INTEGER NOT NULL CHECK (season >= 0),
  n                   INTEGER NOT NULL CHECK (n >= 0), -- test forecasts scored
  mae                 REAL,
  mase                REAL,
  naive_mae           REAL,
  naive_mase          REAL,
  snaive_mae          REAL,
  interval_half_width REAL,
  coverage            REAL,
  beats_naive         INTEGER NOT NULL CHECK (beats_naive IN (0, 1)),
  beats_best_naive    INTEGER NOT NULL CHECK (beats_best_naive IN (0, 1)),
  PRIMARY KEY (run_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE series_forecasts (
  run_id   INTEGER NOT NULL,
  position INTEGER NOT NULL,
  ts       INTEGER NOT NULL,
  step     INTEGER NOT NULL CHECK (step >= 1),
  value    REAL    NOT NULL,
  lower    REAL,
  upper    REAL,
  actual   REAL,
  PRIMARY KEY (run_id, position, ts, step),
  FOREIGN KEY (run_id, position) REFERENCES run_series (run_id, position) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
`
