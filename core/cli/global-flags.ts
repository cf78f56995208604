// The flags of a global model across series (fw train --series COL --global) and what they make of
// data.series; kept apart from global.ts so that train.ts can take them without an import cycle.
import { UsageError, str, type Parsed } from './args'
import { seriesOption } from './series'

export const GLOBAL_FLAGS = { global: 'boolean', 'short-series': 'string', 'series-onehot': 'boolean', cuts: 'string' } as const

export const GLOBAL_HELP: Record<keyof typeof GLOBAL_FLAGS, [string, string]> = {
  global: ['', 'with --series COL: one model across every series of the long file, of values or of classes (same cut dates, or per-series cuts, see --cuts; scaling per series, metrics per series; recorded in the run database like any run)'],
  'short-series': ['skip|refuse', 'with --global: a series with no window in some split (too short, or outside the cut dates) is skipped and named (skip, the default) or refuses the run'],
  cuts: ['auto|dates|series', 'with --global: cut every series at the same dates from the pooled time axis (dates), split each series on its own rows as a single-series run does (series), or the dates unless they would skip series that span other periods, said in a notice (auto, the default)'],
  'series-onehot': ['', 'with --global: the series id is an input too (one-hot), so the network can tell the series apart (at most 100 series per id column)']
}

/** data.series for --global: the id columns, no one value, and what to do with short series. */
export function globalSeries(p: Parsed): { columns: string[]; values: null; global: { short: string; oneHot?: boolean; cuts: string } } | undefined {
  const short = str(p, 'short-series')
  const oneHot = p.flags['series-onehot'] === true
  const cuts = str(p, 'cuts')
  if (p.flags['global'] !== true) {
    if (short !== undefined || oneHot || cuts !== undefined) throw new UsageError(`--${oneHot ? 'series-onehot' : short !== undefined ? 'short-series' : 'cuts'} applies to --global only`)
    return undefined
  }
  const s = seriesOption(p)
  if (!s || s.columns.length === 0) throw new UsageError('--global needs --series COL[,COL]: the column(s) naming the series of the long file')
  if (s.values !== null) throw new UsageError('--global trains on every series; leave out --series-value')
  // anything else goes through as given, for resolveConfig to name data.series.global.short
  return { columns: s.columns, values: null, global: { short: short ?? 'skip', ...(oneHot ? { oneHot: true } : {}), cuts: cuts ?? 'auto' } }
}
