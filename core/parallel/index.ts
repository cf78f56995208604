// Data-parallel training over worker_threads (Node only). See README.md in this folder.
export { createParallelTrainer, MIN_ROWS_PER_SHARD, MIN_SHARD_WORK, StartStopped, type ParallelOptions, type ParallelTrainer } from './trainer'
export { shardCount, shardRanges } from './shard'
export { findWorkerFile, parallelGradients, resolveThreads, type ParallelGradientOptions } from './gradients'
export { parallelStatFits, type StatReply } from './stats'
