// The quality benchmark's series (written by bench/quality/export-series.R) and R's reference
// forecasts (bench/quality/r-reference.R), read from bench/quality/.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/** tuning: the series the default forecaster's choice rule was tuned on (its score there is optimistic); holdout: added after, never used for tuning;
 *  fresh: added after the defaults were fixed, chosen by a rule (bench/quality/export-series.R) blind to any forecaster's results, never used for tuning. */
export const GROUPS = ['tuning', 'holdout', 'fresh'] as const
export type Group = (typeof GROUPS)[number]

export interface SeriesSpec {
  name: string
  group: Group // absent in the manifest: 'tuning'
  file: string // relative to bench/quality/
  frequency: 'yearly' | 'quarterly' | 'monthly' | 'weekly' | 'daily' | 'hourly' | 'other'
  period: number // m: seasonal naive's lag and MASE's scale lag
  horizon: number // h: the held-out tail
  n: number
  origin: string
}

export interface Series extends SeriesSpec {
  time: string[] // (n) as written in the CSV
  value: Float64Array // (n)
}

export interface RMethod {
  label?: string
  error?: string
  seconds: number
  mean?: number[] // (h)
  lower?: number[] // (h) 90 %
  upper?: number[] // (h) 90 %
  smape?: number
  mase?: number
}

export interface RReference {
  R: string
  forecast: string
  level: number
  series: Record<string, { n: number; h: number; m: number; methods: Record<string, RMethod> }>
}

export const qualityDir = (repoRoot: string): string => resolve(repoRoot, 'bench/quality')

/** Every series of bench/quality/series.json, or only those of `group`; a missing group reads as 'tuning', an unknown one throws. */
export function loadManifest(repoRoot: string, group?: Group): SeriesSpec[] {
  const raw = (JSON.parse(readFileSync(resolve(qualityDir(repoRoot), 'series.json'), 'utf8')) as { series: (Omit<SeriesSpec, 'group'> & { group?: string })[] }).series
  const specs = raw.map((s): SeriesSpec => {
    const g = s.group ?? 'tuning'
    if (!(GROUPS as readonly string[]).includes(g)) throw new Error(`series.json: ${s.name} has group '${g}', expected one of ${GROUPS.join(', ')}`)
    return { ...s, group: g as Group }
  })
  return group ? specs.filter((s) => s.group === group) : specs
}

/** One series CSV (time,value; plain numbers, no quoting: the export script writes it so). */
export function readSeries(repoRoot: string, spec: SeriesSpec): Series {
  const lines = readFileSync(resolve(qualityDir(repoRoot), spec.file), 'utf8').trim().split(/\r?\n/)
  if (lines[0] !== 'time,value') throw new Error(`${spec.file}: expected the header time,value, got '${lines[0]}'`)
  const rows = lines.slice(1).map((l) => l.split(','))
  const value = Float64Array.from(rows, (r) => Number(r[1]))
  const bad = value.findIndex((v) => !Number.isFinite(v))
  if (bad >= 0) throw new Error(`${spec.file}: line ${bad + 2} has no number`)
  if (value.length !== spec.n) throw new Error(`${spec.file}: ${value.length} rows, series.json says ${spec.n}`)
  return { ...spec, time: rows.map((r) => r[0]), value }
}

/** The M4 split: everything but the last h points for fitting, the last h for scoring. */
export function split(s: Series): { train: Float64Array; test: Float64Array } {
  const cut = s.value.length - s.horizon
  return { train: s.value.subarray(0, cut), test: s.value.subarray(cut) }
}

export function readRReference(file: string): RReference {
  return JSON.parse(readFileSync(file, 'utf8')) as RReference
}
