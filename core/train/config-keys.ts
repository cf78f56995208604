// Every key of a run's config (`fw train --config cfg.json`, a sweep grid's dotted paths), with its
// type, default and meaning: docs/config.md is written from this table (config-keys.test.ts checks
// it is, and that the table names every key resolveConfig takes, with the defaults of ./config.ts).
import { DATA_KEYS, DEFAULT_DATA, DEFAULT_MODEL, DEFAULT_TRAINING, MAX_THREADS } from './config'

export interface ConfigKey {
  /** The dotted path, e.g. "model.hiddenSize". */
  key: string
  /** The values it takes, e.g. "integer 1..4", "lstm | gru | elman". */
  type: string
  /** What it means, one or two sentences. */
  meaning: string
  /** Where the default is not in DEFAULT_DATA/MODEL/TRAINING: what happens when the key is left out. */
  absent?: string
  /** The fw train flag that sets it. */
  flag?: string
}

const D = 'data.'
const M = 'model.'
const T = 'training.'

export const CONFIG_KEYS: readonly ConfigKey[] = [
  { key: 'version', type: '1', meaning: 'The config format; a file with another number is from a newer app.', absent: '1' },
  { key: D + 'target', type: 'column name', meaning: 'The column to forecast (required).', absent: 'none: required', flag: '--target' },
  { key: D + 'features', type: 'list of column names', meaning: "Input columns besides the target (its own history is always an input). fw train's default, without --features or this key: every numeric, true/false and category column but the time column and categories of more than 36 values, less the columns fw train and Setup leave out and say (data.md, Features: near-duplicates of the target, mostly blank categories, columns that count the rows). Each column once: a name listed twice is refused.", flag: '--features' },
  { key: D + 'time', type: 'column name', meaning: 'The time column.', absent: 'detected', flag: '--time' },
  { key: D + 'series', type: '{ columns: [names], values: [values] | null, global?: { short: "skip" | "refuse", oneHot: boolean, cuts: "auto" | "dates" | "series" } }', meaning: 'A long file\'s series id column(s) and the one series to train on; with global (values null), one model across every series.', absent: 'one series', flag: '--series, --series-value, --global' },
  { key: D + 'task', type: '"regression" | "classification"', meaning: 'Forecast a value, or a class.', flag: '--task' },
  { key: D + 'rule', type: 'text, e.g. "precipitation > 0"', meaning: 'Makes the target two classes from a numeric column; implies classification (with `data.task` "regression" beside it, the rule is refused).', absent: 'none', flag: '--rule' },
  { key: D + 'lookBack', type: 'integer 1..4096', meaning: "Rows each window looks back. fw train's default, without --lookback or this key: two seasons of the period the data shows, fewer for a short series.", flag: '--lookback' },
  { key: D + 'horizon', type: 'integer 1..1024', meaning: 'Forecast this many rows ahead.', flag: '--horizon' },
  { key: D + 'season', type: '"auto" | integer 1..8760', meaning: 'The seasonal period in rows (1: none); auto: from the time column\'s spacing or the data. A number half the training rows or more is warned about: Theta and ARIMA fit a season only on more than two of it (and longer than the training rows, no statistical model reads it); the warning names the longest season they can fit.', flag: '--season' },
  { key: D + 'stride', type: 'integer 1..4096', meaning: 'Rows between the starts of two training windows.' },
  { key: D + 'direct', type: 'true | false', meaning: 'One output per step 1..horizon instead of step horizon only (regression, model.outputMode "final").', flag: '--direct' },
  { key: D + 'split', type: '{ kind: "fraction", train, val, gap } | { kind: "date", valStart, testStart, gap }', meaning: 'How the rows are split, in time order: shares of the rows (train + val < 1, the rest is test) or the dates validation and test start at (the first row at or after each; a date or time without an offset is read on the file\'s clock, 2024-03-01 its midnight (a global run\'s series that keep their own offsets: on each series\' own clock), one with an offset names that instant; testStart must come after valStart as instants on that clock, so one with an offset and one without are ordered when the file is read; Setup\'s Split by chooses shares of rows or dates, turning one into the other so that the run cuts the same rows: the shares become the dates of the first validation and test rows, on the file\'s clock, and the dates the shortest shares that cut the same rows (a global run\'s on the pooled times of every series, their order checked on each series\' own clock where the series keep their own offsets, where each series on its own rows gives way to the same dates for every series, which it says; dates that cut no shares, past the last row say, give back the shares before them, saying so); it shows a split by dates as two fields, Validation from and Test from, with the chart\'s boundaries at the rows they cut (a boundary dragged, or moved by its keys, takes the time of the row it comes to as its date, on the file\'s clock), and checks their order as they are typed, on the file\'s clock (the series picked\'s own; a global run\'s on each series\' own where the series keep their own offsets, naming a series whose clock puts them out of order), in the words the run refuses it with, beside Test from, with Start off; there is no split by dates without a time column or on an integer step index); gap: rows left out between the parts.' },
  { key: D + 'scaling', type: '"zscore" | "minmax" | "none"', meaning: 'How inputs are scaled, fitted on the training rows only.' },
  { key: D + 'level', type: '"auto" | "window" | "global"', meaning: "Regression: the network sees the target relative to each window's last value (window), or scaled once (global); auto: window for regression, global for classification.", flag: '--level' },
  { key: D + 'transform', type: '"auto" | "none" | "log"', meaning: 'Regression: model log(y), y, or decide from the data (auto).', flag: '--transform' },
  { key: D + 'missing', type: '{ column: "drop" | "ffill" | "interpolate" | "mean" }', meaning: 'What to do with missing values, per column, each from the rows before it (no rule reads a later row): "interpolate" (the default; a name kept from when it drew a line to the value after the gap, which it no longer does) the value before, and for a regression target with a season above 1 the value before plus the change between the same rows a season earlier; "ffill" the value before on every column, a seasonal target too (the only difference from "interpolate"); "mean" the training rows\' mean; "drop" leaves the row out. Where no value comes before, the training mean (a category: its most frequent level).' },
  { key: D + 'missingDefault', type: '"drop" | "ffill" | "interpolate" | "mean"', meaning: 'What to do with missing values in columns data.missing does not name (the rules as in data.missing: "interpolate", the default, is the value before, moved by the season a seasonal target has).' },
  { key: D + 'duplicates', type: '"keep" | "error" | "mean" | "sum" | "last" | "first"', meaning: 'Rows sharing a timestamp: keep them, refuse the file, or make them one row (each number by the rule; a category takes its last value under "mean", "sum" and "last", its first under "first"). "keep" also keeps `data.resample` "auto" off a file with repeated times, since a grid would merge them.' },
  { key: D + 'resample', type: 'null | { unit: "second" | "minute" | "hour" | "day" | "week" | "month", every: integer, agg: "mean" | "sum" | "last" | "first", auto?: true }', meaning: 'One row per period (empty periods become missing rows), or null to keep the rows. fw train resolves "auto" (its default; --resample auto) against the rows before the run: a daily, weekly (from Monday), monthly, quarterly or yearly series with a few periods absent (at most 15 %) is put on its grid, stored with auto: true and said in the run\'s notices; any other series stores null (docs/data.md, "Missing periods").' },
  { key: D + 'calendar', type: '"auto" | "none" | list of "dow", "month", "doy", "hour", "holiday"', meaning: 'Calendar inputs from the time column, as sin/cos pairs, known past the end. One with no cycle at the rows\' step (the hour of day cycles on rows under a day apart, the day of week under a week, the month and day of year under a year: `hour,dow` on quarters) is warned about, named, and kept with the run.', absent: 'none; ["hour", "dow"] where rows under a day apart take the week as their season (stored so with the run)', flag: '--calendar' },
  { key: D + 'holidays', type: 'list of dates YYYY-MM-DD', meaning: 'Holiday dates for the 0/1 holiday input.', absent: 'none', flag: '--holidays FILE' },
  { key: D + 'periodLabel', type: '"start" | "end"', meaning: "Which day of its period a weekly or monthly row's date is, for the holiday flag: start (a week by its Monday covers the 7 days from its date) or end (a week by its Sunday covers the 7 days up to it). A run on a calendar grid dates rows by their start.", absent: 'start', flag: '--period-label' },
  { key: D + 'known', type: 'list of names from data.features', meaning: 'Features whose future values are known, so the forecast past the end can use them; each once.', absent: 'none', flag: '--known-future' },
  { key: D + 'knownLead', type: 'true | false', meaning: 'Whether known-future inputs and the calendar are read horizon rows ahead (runs stored before it: false).', absent: 'true when the run has such inputs' },
  { key: D + 'cleanScale', type: 'true | false', meaning: "Regression: whether the target's scaler and the automatic log decision are fitted with outliers replaced (runs stored before it: false).", absent: 'true for regression' },
  { key: M + 'cell', type: '"lstm" | "gru" | "elman"', meaning: 'The recurrent cell.', flag: '--cell' },
  { key: M + 'numLayers', type: 'integer 1..4', meaning: 'Stacked recurrent layers.', flag: '--layers' },
  { key: M + 'hiddenSize', type: 'integer 1..1024', meaning: 'Units per layer.', flag: '--hidden' },
  { key: M + 'hiddenActivation', type: '"tanh" | "relu" | "sigmoid"', meaning: "The cell's activation (Elman cells; LSTM and GRU keep their gates')." },
  { key: M + 'outputActivation', type: '"auto" | "identity" | "sigmoid" | "softmax"', meaning: 'The head\'s activation; auto: identity for regression, sigmoid or softmax for classification.' },
  { key: M + 'outputMode', type: '"final" | "per-step"', meaning: "Score the window's last step only, or every step." },
  { key: M + 'dropout', type: 'number 0..0.9', meaning: 'Dropout between stacked layers while training (no effect with one layer).', flag: '--dropout' },
  { key: M + 'forecaster', type: '"auto" | "network" | "ensemble" | "combination" | "naive" | "seasonal-naive" | "drift" | "ets" | "theta" | "arima"', meaning: "Regression: the run's forecast; auto picks on validation and says why.", flag: '--forecaster' },
  { key: M + 'outliers', type: '"clean" | "keep"', meaning: 'Whether the statistical models read replacements for outliers, or every value as it is.', flag: '--outliers' },
  { key: T + 'optimizer', type: '"adam" | "sgd"', meaning: 'The optimizer.' },
  { key: T + 'lr', type: 'number above 0, at most 10', meaning: 'The learning rate.', flag: '--lr' },
  { key: T + 'momentum', type: 'number 0..0.999', meaning: 'SGD momentum (sgd only).' },
  { key: T + 'weightDecay', type: 'number 0..1', meaning: 'L2 weight decay.' },
  { key: T + 'lrSchedule', type: '{ kind: "constant" } | { kind: "step", stepSize: integer, gamma: number in (0, 1] } | { kind: "cosine" }', meaning: 'How the learning rate changes over the epochs.' },
  { key: T + 'epochs', type: 'integer 1..100000', meaning: 'Most epochs to train.', flag: '--epochs' },
  { key: T + 'batchSize', type: 'integer 1..65536', meaning: 'Windows per mini-batch.' },
  { key: T + 'clipNorm', type: 'number 0..1000000', meaning: 'Gradient norm clipping; 0: none.' },
  { key: T + 'truncation', type: '{ kind: "none" } | { kind: "sliding" | "chunked", k: integer 1..4096 }', meaning: 'Truncated backpropagation through time, k steps.' },
  { key: T + 'warmupSteps', type: 'integer 0..4095, below data.lookBack', meaning: 'Per-step mode: the first steps of each window are not scored.' },
  { key: T + 'earlyStopping', type: 'null | { patience: integer 1..10000 }', meaning: 'Stop after this many epochs without a better validation loss; null: never.' },
  { key: T + 'seed', type: `integer 0..${2 ** 32 - 1}`, meaning: 'The random seed; the same seed repeats the run.', flag: '--seed' },
  { key: T + 'threads', type: `"auto" | integer 1..${MAX_THREADS}`, meaning: 'Threads per training step; auto: min(cores, 2).', flag: '--threads' },
  { key: 'interval.level', type: 'number 0.5..0.999', meaning: 'The level of the split-conformal prediction interval.', absent: '0.9' }
]

const DEFAULTS: Record<string, object> = { data: DEFAULT_DATA, model: DEFAULT_MODEL, training: DEFAULT_TRAINING }

/** A key's default as written in a config file, or what leaving it out means. */
export function defaultOf(k: ConfigKey): string {
  if (k.absent !== undefined) return k.absent
  const [section, name] = k.key.split('.') as [string, string]
  const d = DEFAULTS[section]
  if (!d || !(name in d)) throw new Error(`${k.key}: no default in config.ts and none stated`)
  return JSON.stringify((d as Record<string, unknown>)[name])
}

/** Every key resolveConfig takes at the top of its section, as dotted paths. */
export function acceptedKeys(): string[] {
  return ['version', ...DATA_KEYS.map((k) => D + k), ...Object.keys(DEFAULT_MODEL).map((k) => M + k), ...Object.keys(DEFAULT_TRAINING).map((k) => T + k), 'interval.level']
}

const cell = (s: string): string => s.replace(/\|/g, '\\|')

/** The table of docs/config.md. */
export function configKeysMarkdown(): string {
  const rows = CONFIG_KEYS.map((k) => `| \`${k.key}\` | ${cell(k.type)} | ${cell(defaultOf(k))} | ${cell(k.meaning)}${k.flag ? ` (\`${k.flag}\`)` : ''} |`)
  return ['| key | type | default | meaning (fw train flag) |', '| --- | --- | --- | --- |', ...rows].join('\n') + '\n'
}
