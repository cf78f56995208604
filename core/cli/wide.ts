// fw train --melt COL1,COL2,...: a wide file (one numeric column per series) read as the long layout
// (core/data/melt.ts): the columns become the series "series" and their values the target "value",
// then either one model across them (--global) or one of them (--series-value COL1), through the
// same paths a long file takes.
import { meltWide, type Dataset } from '../data'
import { UsageError, need, str, type Parsed } from './args'
import { csvOptions, readCsvFile } from './io'

export const MELT_FLAGS = { melt: 'string' } as const
export const MELT_HELP: Record<keyof typeof MELT_FLAGS, [string, string]> = {
  melt: ['COL,COL,…', 'a wide file: these numeric columns are separate series ("series" = the column name, target "value"); with --global one model across them, or one of them with --series-value COL']
}

/** The training CSV, melted when --melt is given (which then sets --series series and, unless
 *  given, --target value on `p`, so the rest of the command reads the long layout). */
export async function readTrainingCsv(p: Parsed, command: string): Promise<Dataset> {
  const csv = need(p, 'csv', command)
  const spec = str(p, 'melt')
  if (spec === undefined) return readCsvFile(csv, csvOptions(p))
  const columns = spec.split(',').map((s) => s.trim())
  if (columns.some((c) => c === '')) throw new UsageError(`--melt must name numeric columns, separated by commas (got '${spec}')`)
  const series = str(p, 'series')
  if (series !== undefined && series !== 'series') throw new UsageError(`--melt names the series "series" (the melted columns' names); leave out --series or give --series series (got '${series}')`)
  const target = str(p, 'target')
  if (target !== undefined && target !== 'value') throw new UsageError(`--melt puts the melted columns' values in the target "value"; leave out --target or give --target value (got '${target}')`)
  const { series: _s, ...plain } = csvOptions({ ...p, flags: { ...p.flags, series: undefined as never, 'series-value': undefined as never } })
  const ds = meltWide(await readCsvFile(csv, plain), { columns })
  p.flags['series'] = 'series'
  p.flags['target'] = 'value'
  return ds
}
