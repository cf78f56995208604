// What the app calls each setting of a run's config (core/train/config.ts names it by its path,
// "training.lr"): Setup's field labels, also used where a setting is named outside Setup.
const FIELD_WORDS: Record<string, string> = {
  'data.time': 'Time column', 'data.series': 'Series', 'data.rule': 'Rule', 'data.resample': 'Calendar grid', 'data.direct': 'Direct steps', 'data.target': 'Target', 'data.task': 'Task', 'data.features': 'Features', 'data.lookBack': 'Look-back', 'data.season': 'Season', 'data.horizon': 'Horizon', 'data.stride': 'Stride', 'data.split': 'Split', 'data.split.valStart': 'Validation from', 'data.split.testStart': 'Test from', 'data.calendar': 'Calendar inputs', 'data.holidays': 'Holiday dates', 'data.known': 'Known in the future',
  'model.cell': 'Cell', 'model.numLayers': 'Layers', 'model.hiddenSize': 'Hidden size', 'model.dropout': 'Dropout', 'model.hiddenActivation': 'Hidden activation', 'model.outputActivation': 'Output activation', 'model.outputMode': 'Outputs', 'model.forecaster': 'Forecaster', 'model.outliers': 'Outliers',
  'training.optimizer': 'Optimiser', 'training.lr': 'Learning rate', 'training.epochs': 'Epochs', 'training.batchSize': 'Batch size', 'training.clipNorm': 'Clip gradient norm', 'training.truncation': 'Truncated BPTT', 'training.earlyStopping': 'Early stopping', 'training.seed': 'Seed', 'training.threads': 'Threads', 'interval.level': 'Interval level'
}
/** The label of config path `field` (or of its section), else the path itself. */
export const wordsFor = (field: string) => FIELD_WORDS[field] ?? FIELD_WORDS[field.split('.').slice(0, 2).join('.')] ?? field

/** Setup's choices for a global run's Cuts and for "A series the cuts leave without a window"
 *  (data.series.global.cuts, .short), also used where a queued run's settings are named. */
export const CUTS_WORDS: Record<'auto' | 'dates' | 'series', string> = { auto: 'auto', dates: 'the same dates for every series', series: 'each series on its own rows' }
export const SHORT_WORDS: Record<'skip' | 'refuse', string> = { skip: 'skip it', refuse: 'refuse the run' }
