// `fw backtest`: walk-forward evaluation with refitted scalers per fold; with --series COL --global,
// of a global model across the series (folds cut at the same dates for all, core/train/backtest-global.ts).
import { backtest, MAX_FOLDS } from '../train/backtest'
import { backtestSummary, backtestTable, backtestHeadline, foldSkipNotes, foldWords, notesByText, seriesCountWords } from '../train/backtest-table'
import { baselineWords } from '../export/verdict'
import { need, UsageError, type Parsed } from './args'
import { fmt, table, type Out } from './format'
import { CSV_FLAGS, csvOptions, decimalNotes, readCsvFile } from './io'
import { SHAPE_FLAGS, buildConfig, cliGradients, cliStatFits } from './train'
import { GLOBAL_FLAGS } from './global-flags'

export const BACKTEST_FLAGS = {
  csv: 'string', target: 'string', features: 'string', time: 'string', task: 'string', rule: 'string',
  config: 'string', epochs: 'integer', seed: 'integer', folds: 'integer', json: 'boolean', horizon: 'integer', direct: 'boolean', ...CSV_FLAGS,
  // what shapes a run, as fw train takes it (buildConfig reads them into the same config fields)
  lookback: 'integer', season: 'string', resample: 'string', level: 'string', transform: 'string', forecaster: 'string', outliers: 'string', threads: 'string',
  calendar: 'string', holidays: 'string', 'period-label': 'string', 'known-future': 'string', ...SHAPE_FLAGS,
  // a global model's, but --cuts: a backtest's folds cut every series at the same dates
  global: GLOBAL_FLAGS.global, 'short-series': GLOBAL_FLAGS['short-series'], 'series-onehot': GLOBAL_FLAGS['series-onehot']
} as const

export async function runBacktest(p: Parsed, out: Out): Promise<void> {
  // refused before the file is read, naming the flag (the app's panel stops at BACKTEST_FOLDS.max)
  const k = typeof p.flags['folds'] === 'number' ? p.flags['folds'] : 5
  if (!Number.isInteger(k) || k < 2 || k > MAX_FOLDS) throw new UsageError(`--folds takes a whole number from 2 to ${MAX_FOLDS} (got ${k})`)
  const ds = await readCsvFile(need(p, 'csv', 'backtest'), csvOptions(p))
  const config = buildConfig(p, ds)
  const folds = await backtest(config, ds, {
    folds: k,
    words: 'cli', // its notes name the flags (--season 7), as fw train's do
    onEvent: (f, e) => {
      if (e.type === 'started' && p.flags['json'] !== true) out.write(`fold ${f}: training on ${e.windows.train + e.windows.val} windows\n`)
    },
    // the threads a run of this config takes (fw train): its gradients, and a global run's
    // per-series statistical fits
    gradients: cliGradients(config),
    statFits: cliStatFits(config)
  })
  const t = backtestTable(folds, backtestHeadline(config.data.task, !!config.data.series?.global))
  // the summary the text ends with: the table's mean row and its verdict, in the same words
  const verdict = backtestSummary(t, { metric: (m) => m, value: (_, v) => fmt(v), baseline: baselineWords })
  if (p.flags['json'] === true) {
    const mean = Object.fromEntries(t.predictors.map((m, i) => [m, t.mean.values[i] ?? null]))
    const summary = { metric: t.metric, mean, bestBaseline: t.bestBaseline, beat: t.beat, compared: t.compared, verdict }
    out.write(JSON.stringify({ folds, summary }, null, 2) + '\n')
    return
  }
  // a global run's folds say how many series each scored: its figures are over those alone
  const rows = t.rows.map((r) => [`fold ${r.fold} (${r.trainRows} + ${r.testRows} rows${r.series ? `; ${seriesCountWords(r.series)}` : ''})`, ...r.values.map((v) => fmt(v))])
  rows.push(['mean', ...t.mean.values.map((v) => fmt(v))])
  // a global run's folds: rows of all its series, each metric over them all (as its own run's)
  const pooled = config.data.series?.global ? ` (${t.metric === 'gmrae' ? 'geometric mean over the series of MAE relative to naive' : 'mean over the series'} each fold scores; rows of those series)` : ''
  out.write(`\ntest ${t.metric} per fold${pooled}:\n${table(['fold', ...t.predictors], rows)}\n`)
  // the app's Backtest panel says the same sentence (each fold judged against the best baseline
  // its forecast is not made of, as Evaluate judges a run)
  out.write(`${verdict}\n`)
  // a model that a fold could not fit is blank there and in the mean: said why; a note that several
  // folds say ("every fold" where all say it), and each series that a global run's folds left out, said once
  for (const [text, fs] of notesByText(folds)) out.write(`note: ${foldWords(fs, folds.length)}: ${text}\n`)
  for (const n of foldSkipNotes(folds)) out.write(`note: ${n}\n`)
  for (const n of decimalNotes(ds)) out.write(`note: ${n}\n`)
}
