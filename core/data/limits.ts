// Limits that layers above core/data must agree on, kept here because core/data is the one layer
// that both core/train (which checks a config) and core/store (which checks what it is asked to
// write) may import: ARCHITECTURE.md puts them both above it, and core/store may not import
// core/train. Pure numbers, no imports.

/** Most threads a run may ask for: more shards than cores only adds hand-offs. core/train's
 *  config refuses more, and the store refuses to record more (runs.trial_threads). */
export const MAX_THREADS = 16
