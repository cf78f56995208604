// Limits that layers above core/data must agree on, kept here because core/data is the one layer
// that both core/train (which checks a config) and core/store (which checks what it is asked to
// write) may import: ARCHITECTURE.md puts them both above it, and core/store may not import
// core/train. Pure numbers, no imports.

/** Most threads a run may ask for: more shards than cores only adds hand-offs. core/train's
 *  config refuses more, and the store refuses to record more (runs.trial_threads). */
export const MAX_THREADS = 16

/** Longest column name, in UTF-16 code units: survey-style headers run to a few hundred characters
 *  (explore24's 307-character one was refused by every run at the old 256). The import refuses a
 *  longer one, naming it; core/train's config and the IPC contract take names up to it. */
export const COLUMN_NAME_MAX = 1024
