// --series COL[,COL] and --series-value VALUE[,VALUE]: one series of a long file (issue 13). The
// columns are read as categories whatever their number of values, and the run keeps the rows of
// the chosen series (data.series, filtered in core/data/series.ts); without a value, a run is
// refused naming the count, unless --global trains one model across them (global-flags.ts).
import { type ImportOptions, type PipelineConfig } from '../data'
import { UsageError, str, type Parsed } from './args'

export const SERIES_FLAGS = { series: 'string', 'series-value': 'string' } as const

export const SERIES_HELP: Record<keyof typeof SERIES_FLAGS, [string, string]> = {
  series: ['COL[,COL]|none', 'the column(s) naming the series of a long file (one row per series per time); proposed when detected. none: the rows are one series, repeated times merged'],
  'series-value': ['VALUE[,VALUE]', "the one series to use, one value per --series column (e.g. --series symbol --series-value IBM); a global run's or model's own series columns when --series is left out"]
}

const list = (s: string) => s.split(',').map((x) => x.trim())

/** The chosen series from the command line, or undefined when --series is not given. */
export function seriesOption(p: Parsed): { columns: string[]; values: string[] | null } | undefined {
  const cols = str(p, 'series')
  const vals = str(p, 'series-value')
  if (cols === undefined) {
    if (vals !== undefined) throw new UsageError('--series-value needs --series COL: the column that holds the value')
    return undefined
  }
  if (cols.trim() === 'none') {
    // the rows are one series measured several times: repeated times are merged, with a notice
    if (vals !== undefined) throw new UsageError('--series none takes no --series-value')
    return { columns: [], values: [] }
  }
  const columns = list(cols)
  if (columns.some((c) => c === '')) throw new UsageError(`--series must name columns, separated by commas (got '${cols}')`)
  if (vals === undefined) return { columns, values: null }
  const values = columns.length === 1 ? [vals.trim()] : list(vals)
  if (values.length !== columns.length)
    throw new UsageError(`--series-value needs one value per --series column (${columns.join(', ')}), separated by commas (got '${vals}')`)
  return { columns, values }
}

/** Import options for --series: its columns are read as categories with up to a million values. */
export function seriesImport(p: Parsed): Partial<ImportOptions> {
  const s = seriesOption(p)
  return s && s.columns.length ? { series: s.columns } : {}
}

/** The id columns of data.series and the chosen series' rows (core/data's chosenSeries). */
export { chosenSeries } from '../data/series'

/** A saved pipeline with the series chosen on the command line (fw predict / fw forecast), which
 *  replaces the one it was trained on; unchanged without --series. */
export function withSeries(config: PipelineConfig, p: Parsed): PipelineConfig {
  const s = seriesOption(p)
  return s ? { ...config, time: { ...config.time, series: s } } : config
}
