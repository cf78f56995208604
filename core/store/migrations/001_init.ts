/**
 * Schema version 1. Times are INTEGER milliseconds since the Unix epoch (UTC).
 * REAL columns hold NULL for "absent"; the access modules reject NaN before it gets here.
 */
export default /* sql */ `
CREATE TABLE datasets (
  id           INTEGER PRIMARY KEY,
  name         TEXT    NOT NULL,
  source_file  TEXT,
  content_hash TEXT    NOT NULL,
  imported_at  INTEGER NOT NULL,
  row_count    INTEGER NOT NULL CHECK (row_count >= 0),
  meta_json    TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(meta_json))
) STRICT;
CREATE INDEX datasets_by_hash ON datasets (content_hash);

-- One typed-array BLOB per column; the dtype says how to read the bytes back.
CREATE TABLE dataset_columns (
  id         INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  idx        INTEGER NOT NULL CHECK (idx >= 0),
  name       TEXT    NOT NULL,
  kind       TEXT    NOT NULL,
  dtype      TEXT    NOT NULL CHECK (dtype IN ('f64', 'f32', 'i32', 'u32', 'i16', 'u16', 'i8', 'u8')),
  meta_json  TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(meta_json)),
  data       BLOB    NOT NULL,
  UNIQUE (dataset_id, idx),
  UNIQUE (dataset_id, name)
) STRICT;

CREATE TABLE sweeps (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  spec_json  TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(spec_json)),
  notes      TEXT,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE runs (
  id            INTEGER PRIMARY KEY,
  dataset_id    INTEGER NOT NULL REFERENCES datasets (id) ON DELETE RESTRICT,
  sweep_id      INTEGER REFERENCES sweeps (id) ON DELETE SET NULL,
  parent_run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL, -- the run this one re-runs
  config_json   TEXT    NOT NULL CHECK (json_valid(config_json)), -- verbatim as submitted
  seed          INTEGER NOT NULL,
  app_version   TEXT    NOT NULL,
  status        TEXT    NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'done', 'failed', 'interrupted', 'cancelled')),
  created_at    INTEGER NOT NULL,
  started_at    INTEGER,
  finished_at   INTEGER,
  error         TEXT,
  name          TEXT,
  notes         TEXT
) STRICT;
CREATE INDEX runs_by_status ON runs (status);
CREATE INDEX runs_by_dataset ON runs (dataset_id);
CREATE INDEX runs_by_sweep ON runs (sweep_id) WHERE sweep_id IS NOT NULL;
CREATE INDEX runs_by_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;

CREATE TABLE epochs (
  run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  epoch      INTEGER NOT NULL CHECK (epoch >= 0),
  train_loss REAL    NOT NULL,
  val_loss   REAL,
  grad_norm  REAL    CHECK (grad_norm >= 0),     -- before clipping
  clip_rate  REAL    CHECK (clip_rate BETWEEN 0 AND 1), -- fraction of steps that were clipped
  lr         REAL    NOT NULL,
  seconds    REAL    NOT NULL CHECK (seconds >= 0),
  PRIMARY KEY (run_id, epoch)
) STRICT, WITHOUT ROWID;

-- At most one 'best' and one 'last' per run: the primary key makes a second one an upsert.
CREATE TABLE checkpoints (
  run_id        INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  kind          TEXT    NOT NULL CHECK (kind IN ('best', 'last')),
  epoch         INTEGER NOT NULL CHECK (epoch >= 0),
  val_loss      REAL,
  weights_dtype TEXT    NOT NULL CHECK (weights_dtype IN ('f32', 'f64')),
  weights       BLOB    NOT NULL,
  layout_json   TEXT    NOT NULL CHECK (json_valid(layout_json)),
  optim_step    INTEGER NOT NULL CHECK (optim_step >= 0),
  optim_m       BLOB    NOT NULL, -- Float64Array bytes
  optim_v       BLOB    NOT NULL, -- Float64Array bytes
  rng_json      TEXT    CHECK (rng_json IS NULL OR json_valid(rng_json)),
  saved_at      INTEGER NOT NULL,
  PRIMARY KEY (run_id, kind)
) STRICT;

CREATE TABLE metrics (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  split  TEXT    NOT NULL CHECK (split IN ('train', 'val', 'test')),
  model  TEXT    NOT NULL, -- 'model' for the trained network, else a baseline name
  metric TEXT    NOT NULL,
  value  REAL,             -- NULL when undefined (e.g. MASE with a zero denominator)
  PRIMARY KEY (run_id, split, model, metric)
) STRICT, WITHOUT ROWID;

CREATE TABLE forecasts (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  ts     INTEGER NOT NULL, -- target time in ms (or the row index when the data has no time column)
  step   INTEGER NOT NULL CHECK (step >= 1), -- horizon step: 1 = one step ahead
  value  REAL    NOT NULL,
  lower  REAL,
  upper  REAL,
  actual REAL,
  PRIMARY KEY (run_id, ts, step)
) STRICT, WITHOUT ROWID;
`
