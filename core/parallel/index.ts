// Data-parallel training over worker_threads (Node only). See README.md in this folder.
export { createParallelTrainer, MIN_ROWS_PER_SHARD, MIN_SHARD_WORK, type ParallelOptions, type ParallelTrainer } from './trainer'
export { shardRanges } from './shard'
