// What the app calls each setting of a run's config (core/train/config.ts names it by its path,
// "training.lr"): Setup's field labels, also used where a setting is named outside Setup.
const FIELD_WORDS: Record<string, string> = {
  'data.time': 'Time column', 'data.target': 'Target', 'data.task': 'Task', 'data.features': 'Features', 'data.lookBack': 'Look-back', 'data.season': 'Season', 'data.horizon': 'Horizon', 'data.stride': 'Stride', 'data.split': 'Split', 'data.calendar': 'Calendar inputs', 'data.holidays': 'Holiday dates', 'data.known': 'Known in the future',
  'model.cell': 'Cell', 'model.numLayers': 'Layers', 'model.hiddenSize': 'Hidden size', 'model.dropout': 'Dropout', 'model.forecaster': 'Forecaster', 'model.outliers': 'Outliers',
  'training.optimizer': 'Optimiser', 'training.lr': 'Learning rate', 'training.epochs': 'Epochs', 'training.batchSize': 'Batch size', 'training.clipNorm': 'Clip gradient norm', 'training.truncation': 'Truncated BPTT', 'training.earlyStopping': 'Early stopping', 'training.seed': 'Seed', 'interval.level': 'Interval level'
}
/** The label of config path `field` (or of its section), else the path itself. */
export const wordsFor = (field: string) => FIELD_WORDS[field] ?? FIELD_WORDS[field.split('.').slice(0, 2).join('.')] ?? field
