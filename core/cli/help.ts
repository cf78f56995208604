// `fw COMMAND --help`: each command's synopsis and every option it takes. The option list is
// built from the command's flag spec, so a flag cannot be accepted without being described
// (help.test.ts checks that every flag has a description).
import type { FlagSpec } from './args'
import { SERIES_HELP } from './series'
import { GLOBAL_HELP } from './global-flags'
import { MELT_HELP } from './wide'
import { DEFAULT_MODEL, DEFAULT_TRAINING } from '../train/config'

/** Default descriptions, [value placeholder, description]; a command may override its own. */
export const FLAG_HELP: Record<string, [string, string]> = {
  csv: ['FILE', 'the CSV file to read (comma, semicolon or tab separated)'],
  target: ['COL', 'the column to forecast'],
  features: ['A,B', 'input columns besides the target (default: every numeric, true/false and category column except the time column, categories of more than 36 values and the columns a note says it left out: near-duplicates of the target, mostly blank categories, columns that count the rows)'],
  time: ['COL', 'the time column: dates, or whole numbers that count steps (t = 1..N, an integer step index: forecasts past the end go on by its step, the files write the integers; docs/data.md); whole numbers 1000-2999 are years only in a column named like a year (year, time, period, …) or read as dates with --type COL=date, chosen or not; default: the first column of dates, else the one increasing whole-number column named t, time, step, period, index or year'],
  task: ['regression|classification', 'what to predict (default: regression; --rule implies classification, and is refused with --task regression)'],
  rule: ['"COL > 0"', 'binary classification target from a rule, e.g. "precipitation > 0"'],
  config: ['cfg.json', 'settings overriding the defaults, e.g. {"model": {"cell": "gru"}, "training": {"batchSize": 64}}; flags override the file. Every key, its type, default and meaning: docs/config.md'],
  cell: ['lstm|gru|elman', `the recurrent cell (model.cell; default ${DEFAULT_MODEL.cell})`],
  layers: ['N', `stacked recurrent layers, 1..4 (model.numLayers; default ${DEFAULT_MODEL.numLayers})`],
  hidden: ['N', `units per layer, 1..1024 (model.hiddenSize; default ${DEFAULT_MODEL.hiddenSize})`],
  dropout: ['P', `dropout between stacked layers while training, 0..0.9 (model.dropout; default ${DEFAULT_MODEL.dropout}; no effect with one layer)`],
  lr: ['RATE', `the learning rate, above 0 and at most 10 (training.lr; default ${DEFAULT_TRAINING.lr})`],
  out: ['DIR', 'output folder for model.json and predictions.csv (default fw-out; files of an earlier run there are replaced, and said to be), kept with the run for fw resume'],
  json: ['', 'print the result as JSON (a failure: one line of JSON on stderr, {"error", "exit", "hint"}; see fw --help)'],
  db: ['FILE', 'the run database (default: $FW_DB, else the one in your user data folder)'],
  'no-db': ['', 'do not record the run in the database'],
  epochs: ['N', 'training epochs'],
  seed: ['N', 'random seed; the same seed repeats the run exactly'],
  threads: ['N|auto', 'threads per training step, 1..16; auto (default) = min(cores, 2)'],
  name: ['NAME', 'a name for the run'],
  horizon: ['H', 'forecast H steps ahead'],
  direct: ['', 'one output per step 1..H instead of step H only'],
  lookback: ['N', 'time steps each window looks back (default: two seasons of the period the data shows; rows under a day apart two days, at most 96 rows)'],
  season: ['N|auto', 'the seasonal period in rows (default auto: from the time column\'s spacing, the week for hourly rows whose weekdays and weekends differ, none for daily rows with no weekly cycle, else detected from the data)'],
  resample: ['STEP|auto|off', "one row per period: auto (default) puts a daily, weekly, monthly, quarterly or yearly series with a few periods absent (at most 15 %) on its grid, the absent ones filled as missing values are (by default from the value before, moved by the season for a seasonal target; never from a later row), and says so; off keeps the rows; a step (day, week, month, 2 week, quarterly, month:sum) resamples to it, one finer than the rows' own step (weeks on quarterly rows) refused"],
  level: ['auto|window|global', 'scale each window by its own last level, or the series globally (regression)'],
  transform: ['auto|none|log', 'transform the target before training (regression)'],
  unit: ['COL=UNIT,…', 'units of columns, e.g. CO2=ppm, kept with the dataset and shown beside metrics, axes and export headers (display only; at most 16 characters)'],
  forecaster: ['NAME', "the run's forecast: auto (default: picked on validation, and said), network, ensemble, combination, ets, theta, arima, drift, naive or seasonal-naive"],
  outliers: ['clean|keep', "clean (default): the statistical models read R's tsoutliers replacements for values far from the rest (found on the training rows, and on the validation rows for scoring the choice, said in the run's choice); keep: every value as it is"],
  encoding: ['utf-8|windows-1252', "how the CSV's bytes are read (default utf-8); windows-1252 for a file Excel saved as plain \"CSV (Comma delimited)\", which a UTF-8 reading refuses; said in a note"],
  delimiter: [', | ; | tab', 'the CSV delimiter (default: detected)'],
  decimal: ['dot|comma', 'the decimal separator (asked about, never guessed)'],
  'date-order': ['dmy|mdy', 'how to read ambiguous dates such as 03/04/2020'],
  'month-order': ['ym|my', 'how to read ambiguous months such as 10-12 (yy-mm: December 2010; mm-yy: October 2012)'],
  na: ['VALUE,…', "more values read as missing (beside '', NA, N/A, #N/A, null, NaN and -), e.g. --na '#REF!,n.a.'"],
  type: ['COL=TYPE,…', 'read a column as numeric, categorical (text), boolean or date, or leave it out (ignore), where the import would refuse its values, e.g. --type note=categorical'],
  ...SERIES_HELP,
  ...GLOBAL_HELP,
  ...MELT_HELP,
  calendar: ['dow,month,doy,hour|auto|none', 'calendar inputs from the time column, each as a sin/cos pair (UTC), known past the end; auto: from the time step (hour and dow sub-daily, dow and month daily, month weekly); default hour,dow where rows under a day apart take the week as their season, else none'],
  holidays: ['FILE', 'a CSV of holiday dates (YYYY-MM-DD, first column): adds a 0/1 holiday input, 1 on a row whose period holds one (a weekly row: the 7 days from its date), known past the end; a business-day series with no row on any of them between its first and last row skips them past the end too'],
  'period-label': ['start|end', "which day of its period a weekly or monthly row's date is, for --holidays: start (default; a week by its Monday holds the 7 days from its date) or end (a week by its Sunday holds the 7 days up to it); the dates cannot tell, and the run's holiday note says which it took"],
  'known-future': ['COL,…', 'features whose future values are known (rows past the last target value, or fw forecast --future FILE), so the forecast can use them past the end'],
  future: ['FILE', 'a CSV with the future values of the known-future features (time column and those columns, rows after the data)'],
  grid: ['grid.json', 'values per setting, e.g. {"model.hiddenSize": [16, 32], "training.lr": [0.01, 0.003]}'],
  random: ['N', 'try N different random combinations of the grid (drawn by --seed) instead of all of them; a grid of N or fewer is tried whole, each once'],
  concurrency: ['N', 'trials trained at once (default: the number of cores)'],
  folds: ['N', 'walk-forward folds (default 5)'],
  run: ['RUN', 'the stored run to use'],
  model: ['FILE', 'a model file (model.json, or model.onnx for fw predict)'],
  steps: ['N', 'how many steps past the end of the data to forecast'],
  onnx: ['FILE', 'write the model as ONNX'],
  xlsx: ['FILE', 'write the test forecast as an Excel workbook'],
  report: ['FILE', 'write a self-contained HTML report'],
  locale: ['TAG', "number format of the CSV export, by language: en-US (default) writes 1234.5 and ',', de-DE, fr-FR and other languages that write 1234,5 write that and ';'"],
  at: ['TIME', "the forecast to explain, by the time of its row (e.g. 2012-06-03; its integer where the time is a step index; the row number without a time column); a time without an offset on data whose times carry one is read on the file's clock (2012-06-03 is its midnight; where the clock turns back and shows a time twice, the first, said: give the offset for the other); default: the first one past the end"],
  windows: ['N', 'validation windows for global and permutation importance (default 500, 0 = this forecast only)']
}

export interface CommandHelp {
  /** Usage lines without the leading "fw ". */
  usage: string[]
  /** What the command does, one or two sentences. */
  about: string
  flags: FlagSpec
  /** Descriptions that differ from FLAG_HELP for this command. */
  overrides?: Record<string, [string, string]>
  /** Options of a neighbouring command this one refuses, each with why: listed in its help, and
   *  the reason said when one is given (parseArgs). */
  refused?: Record<string, string>
}

export function commandHelp(c: CommandHelp): string {
  const lines = c.usage.map((u, i) => `${i === 0 ? 'usage: ' : '       '}fw ${u}`)
  const opts = Object.keys(c.flags).sort().map((f) => {
    const [value, text] = c.overrides?.[f] ?? FLAG_HELP[f] ?? ['', '']
    return [`--${f}${value ? ` ${value}` : ''}`, text] as const
  })
  opts.push(['--help, -h', 'show this help and exit'])
  const width = Math.max(...opts.map(([o]) => o.length))
  const refused = Object.entries(c.refused ?? {}).map(([f, why]) => `  --${f}: ${why}`)
  return `${lines.join('\n')}\n\n${c.about}\n\noptions:\n${opts.map(([o, t]) => `  ${o.padEnd(width)}  ${t}`).join('\n')}\n${refused.length ? `\nnot taken:\n${refused.join('\n')}\n` : ''}\nSee all commands with: fw --help\n`.replace(/ +\n/g, '\n')
}
