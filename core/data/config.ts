// The pipeline config: one JSON-serialisable object, stored verbatim with the run. All defaults live in
// defaultConfig(); validateConfig() checks a stored or user-made object and names the bad field.

import { PipelineError } from './errors'
import { cutsOutOfOrder, splitInstant } from './time-cell'
import type { Aggregation, DuplicatePolicy, SeriesChoice, TimeConfig, TimeUnit } from './series'
import type { Dataset } from './types'
import { checkCalendar, type CalendarConfig } from './calendar'
import { fix, words, type Words } from './words'
import { countingOf, countingValues, countsTheRows, type Counting } from './counter'

/** drop: remove the row; ffill: last earlier value; interpolate: the value before (a seasonal target: plus the change a season earlier), no later row read;
 *  mean: training mean (training mode for categories). Gaps with no earlier value fall back to 'mean'. */
export type MissingPolicy = 'drop' | 'ffill' | 'interpolate' | 'mean'
export type ScalingKind = 'zscore' | 'minmax' | 'none'
/** How the target enters the network (regression only).
 *  global: one scaler fitted on the training rows; the network learns absolute (scaled) levels.
 *  window: each window is expressed relative to its last observed target value, in units of the
 *  training rows' mean absolute one-step change; the network's output is the change from that last
 *  value, so an output of 0 is the naive forecast. A trending series then never leaves the range
 *  the network learned. */
export type LevelMode = 'global' | 'window'
/** log: the target is modelled as log(y) (strictly positive series with multiplicative changes). */
export type TargetTransform = 'none' | 'log'
/** auto: log when every target value is positive and the training rows span at least a factor of
 *  LOG_AUTO_RATIO (max/min), else none. Resolved by preparePipeline; stored resolved. */
export const LOG_AUTO_RATIO = 2
/** rule: e.g. 'precipitation > 0', 'temp >= 1.5', 'weather == rain' (class 1 when true). */
export type TaskConfig = { kind: 'regression' } | { kind: 'classification'; rule: string | null }
export type SplitConfig =
  /** train and val are fractions of the rows; test gets the rest. gap: rows left out after each boundary. */
  | { by: 'fraction'; train: number; val: number; gap: number }
  /** valStart/testStart: ISO dates; the first row at or after each starts that split. */
  | { by: 'date'; valStart: string; testStart: string; gap: number }
export interface WindowConfig {
  lookback: number // L: input steps per window (= T of the batch)
  horizon: number // h >= 1: how far ahead the target is
  stride: number // distance between consecutive window starts
  /** per-step: the target sequence is the target column shifted by h; final: one target at end + h */
  mode: 'per-step' | 'final'
  /** final mode only. last (default, also when absent): the one target at end + h; all: the h targets
   *  end + 1 ... end + h, for a direct multi-output network (output k forecasts k rows ahead). */
  targets?: 'last' | 'all'
}
export interface PipelineConfig {
  version: 1
  time: TimeConfig
  target: string
  task: TaskConfig
  /** Past covariates. The target's own past is an input too when targetAsInput. */
  features: string[]
  targetAsInput: boolean
  missing: { default: MissingPolicy; columns: Record<string, MissingPolicy> }
  scaling: ScalingKind
  /** Absent in configs stored before level-relative modelling existed: 'global'. */
  level?: LevelMode
  /** Absent in configs stored before: 'none'. 'auto' only on the way in (see LOG_AUTO_RATIO). */
  transform?: TargetTransform | 'auto'
  split: SplitConfig
  window: WindowConfig
  /** Calendar inputs derived from the time column (calendar.ts); absent: none. */
  calendar?: CalendarConfig
  /** Features whose future values are known (planned promotions, prices): a forecast past the end
   *  takes them from rows past the last target value, or a second file. Absent: none. */
  known?: string[]
  /** false: known inputs read at their own row, as runs stored before the lead were trained
   *  (InputBlock.lead); absent: led by the horizon. */
  knownLead?: false
}

/** Categories with more levels than this are identifiers or mis-read dates, never default features
 *  (the app's Setup and fw train alike). */
export const MAX_FEATURE_LEVELS = 36

/** Training rows per feature below which a run is told its features outnumber what its training
 *  rows can fit: the usual rule of thumb of at least 10 observations per input. */
export const ROWS_PER_FEATURE = 10

/** What Setup and fw train say when a run has more extra features than its training rows / 10
 *  (198 columns on 84 training rows), in each front end's words; null when it has few enough. */
export function wideFeaturesNote(features: number, trainRows: number, target: string): Required<Words> | null {
  if (features === 0 || features * ROWS_PER_FEATURE <= trainRows) return null
  return words`${features} extra ${features === 1 ? 'feature' : 'features'} on ${trainRows} training ${trainRows === 1 ? 'row' : 'rows'} (fewer than ${ROWS_PER_FEATURE} rows per feature): the network can fit noise in so many inputs and forecast worse than with a few; keep the few you expect to drive "${target}" (${fix('--features', 'Select none under Extra input features, then tick those few')})`
}

/** The columns defaultConfig takes as features that are categories of more than MAX_FEATURE_LEVELS
 *  levels, with their level counts: left out of the features a run takes by default. */
export function manyLevelColumns(ds: Dataset, names: string[]): { name: string; levels: number }[] {
  return names.flatMap((n) => {
    const c = ds.columns.find((x) => x.name === n)
    return c?.kind === 'categorical' && c.levels.length > MAX_FEATURE_LEVELS ? [{ name: n, levels: c.levels.length }] : []
  })
}

/**
 * The columns defaultConfig takes as features that are categories or yes/no columns blank in more
 * than half their rows, with their counts: left out of the features a run takes by default. Where
 * blanks outnumber values, a blank is the column's usual state (no note, no event), not a gap in a
 * level that lasts: filled with the level before (missing 'ffill', the default), one holiday note
 * would be carried over the weeks after it, and most of the column would be made up. Chosen by
 * name, such a column is filled as any other (the run's fill note counts the cells).
 */
export function mostlyBlankColumns(ds: Dataset, names: string[]): { name: string; blank: number; rows: number }[] {
  return names.flatMap((n) => {
    const c = ds.columns.find((x) => x.name === n)
    if (c?.kind !== 'categorical' && c?.kind !== 'boolean') return []
    let blank = 0
    if (c.kind === 'categorical') for (const k of c.codes) blank += k < 0 ? 1 : 0
    else for (const v of c.values) blank += v === v ? 0 : 1
    return 2 * blank > ds.rowCount ? [{ name: n, blank, rows: ds.rowCount }] : []
  })
}

/** What a front end says of a column mostlyBlankColumns left out. */
export function mostlyBlankWords(c: { name: string; blank: number; rows: number }): string {
  return `${c.name} (blank in ${c.blank} of ${c.rows} rows: a blank would be filled with the value before it, carrying one over the rows after)`
}

/** The columns defaultConfig takes as features that count the rows (core/data/counter.ts: 0, 1, 2,
 *  …), in time order (a file whose time column runs backwards or jumps about is not judged): as an
 *  input such a column's validation and test values all lie outside the range of its training
 *  values, so it is left out of the features a run takes by default. */
export function countingColumns(ds: Dataset, names: string[]): (Counting & { name: string })[] {
  const time = ds.columns.find((c) => c.name === ds.timeColumn)
  if (time?.kind === 'date') for (let i = 1; i < time.values.length; i++) if (!(time.values[i]! >= time.values[i - 1]!)) return []
  return names.flatMap((n) => {
    const c = ds.columns.find((x) => x.name === n)
    const counting = c?.kind === 'numeric' ? countingOf(c.values) : null
    return counting ? [{ name: n, ...counting }] : []
  })
}

/** What a front end says of a column countingColumns left out. */
export function countingColumnWords(c: Counting & { name: string }): string {
  return `${c.name} (${countingValues(c)}: ${countsTheRows(c)}, so its validation and test values all lie outside the range of its training values, which the network cannot learn from)`
}

/** |corr| above this with the target: the same series under another name, never a default feature. */
export const NEAR_DUPLICATE = 0.99

/** Pearson correlation over the rows where both have a value; NaN when it cannot be computed. */
export function correlation(a: Float64Array, b: Float64Array): number {
  let n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!
    if (x !== x || y !== y) continue
    n++, (sa += x), (sb += y), (saa += x * x), (sbb += y * y), (sab += x * y)
  }
  if (n < 3) return NaN
  const cov = sab - (sa * sb) / n
  const va = saa - (sa * sa) / n
  const vb = sbb - (sb * sb) / n
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : NaN
}

/** Numeric columns that are near-duplicates of `target` (|corr| > NEAR_DUPLICATE): as an input
 *  such a column lets the network copy the answer. */
export function nearDuplicates(ds: Dataset, target: string): string[] {
  const t = ds.columns.find((c) => c.name === target)
  if (!t || t.kind !== 'numeric') return []
  return ds.columns.filter((c) => c.kind === 'numeric' && c.name !== target && Math.abs(correlation(t.values, c.values)) > NEAR_DUPLICATE).map((c) => c.name)
}

/** The features a run takes by default, the app's Setup and fw train alike: defaultConfig's (less
 *  `skip`, a long file's series id columns), without the near-duplicates of the target, the
 *  categories of more than MAX_FEATURE_LEVELS levels, the mostly blank categories
 *  (mostlyBlankColumns) and the columns that count the rows (countingColumns), which are returned
 *  apart for the front end to say what it left out. */
export function defaultFeatureChoice(ds: Dataset, target: string, skip: readonly string[] = []): { features: string[]; nearDuplicates: string[]; manyLevels: { name: string; levels: number }[]; mostlyBlank: { name: string; blank: number; rows: number }[]; counting: (Counting & { name: string })[] } {
  const all = defaultConfig(ds, target).features.filter((f) => !skip.includes(f))
  const dup = nearDuplicates(ds, target).filter((f) => all.includes(f))
  const manyLevels = manyLevelColumns(ds, all)
  const many = new Set(manyLevels.map((c) => c.name))
  const mostlyBlank = mostlyBlankColumns(ds, all.filter((f) => !many.has(f)))
  const counting = countingColumns(ds, all.filter((f) => !dup.includes(f)))
  const out = new Set([...dup, ...many, ...mostlyBlank.map((c) => c.name), ...counting.map((c) => c.name)])
  return { features: all.filter((f) => !out.has(f)), nearDuplicates: dup, manyLevels, mostlyBlank, counting }
}

export function defaultConfig(ds: Dataset, target: string, patch: Partial<PipelineConfig> = {}): PipelineConfig {
  // a column with no value at all (the import notes it: 'all-missing') can inform nothing, and as a
  // feature it would only make the run fail
  // a column named like the time that did not read as one (Excel serial days, a counter; the
  // import's notice says so and that it is no input unless chosen) would be a trending input that a
  // forecast extrapolates
  const notTime = new Set(ds.notices.flatMap((n) => (n.code === 'excel-serial' || n.code === 'time-not-read') && n.column ? [n.column] : []))
  const features = ds.columns
    .filter((c) => c.name !== target && c.name !== ds.timeColumn && !notTime.has(c.name) && (c.kind === 'numeric' || c.kind === 'boolean' ? c.values.some((v) => v === v) : c.kind === 'categorical' && c.codes.some((k) => k >= 0)))
    .map((c) => c.name)
  const tcol = ds.columns.find((c) => c.name === target)
  const task: TaskConfig = tcol && (tcol.kind === 'categorical' || tcol.kind === 'boolean') ? { kind: 'classification', rule: null } : { kind: 'regression' }
  return {
    version: 1,
    time: { column: ds.timeColumn, duplicates: 'keep', resample: null },
    target,
    task,
    features,
    targetAsInput: true,
    missing: { default: 'ffill', columns: {} },
    scaling: 'zscore',
    split: { by: 'fraction', train: 0.7, val: 0.15, gap: 0 },
    window: { lookback: 30, horizon: 1, stride: 1, mode: 'final' },
    ...patch
  }
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
const bad = (field: string, what: string): never => {
  throw new PipelineError('bad-config', what, field)
}
function oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) bad(field, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`)
  return v as T
}
function int(v: unknown, field: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) bad(field, `must be an integer >= ${min} (got ${JSON.stringify(v)})`)
  return v as number
}
function str(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '') bad(field, `must be a non-empty string (got ${JSON.stringify(v)})`)
  return v as string
}

const POLICIES = ['drop', 'ffill', 'interpolate', 'mean'] as const
const AGGS = ['mean', 'sum', 'last', 'first'] as const
const UNITS: readonly TimeUnit[] = ['second', 'minute', 'hour', 'day', 'week', 'month']

/** A time.resample setting (a grid step and how rows within a step are aggregated) checked and
 *  typed; null or absent: none. Throws PipelineError naming the field under `field`. */
export function checkResample(value: unknown, field = 'time.resample'): TimeConfig['resample'] {
  if (value === null || value === undefined) return null
  const r = isObj(value) ? value : bad(field, 'must be an object or null')
  const f = isObj(r.freq) ? r.freq : bad(`${field}.freq`, 'must be an object')
  return {
    freq: { unit: oneOf(f.unit, `${field}.freq.unit`, UNITS), every: int(f.every, `${field}.freq.every`, 1) },
    agg: oneOf<Aggregation>(r.agg, `${field}.agg`, AGGS),
    // chosen by data.resample "auto" (core/train/grid.ts): kept, so that applying the model can tell
    // a grid that fills absent periods from one that aggregates finer rows
    ...(r.auto === true ? { auto: true as const } : {})
  }
}

/** A missing-value setting ({ default, columns }: a policy per column, the default for the rest)
 *  checked and typed; throws PipelineError naming the field under `field`. */
export function checkMissing(value: unknown, field = 'missing'): PipelineConfig['missing'] {
  const m = isObj(value) ? value : bad(field, 'must be an object')
  const mcols = isObj(m.columns) ? m.columns : bad(`${field}.columns`, 'must be an object')
  const columns: Record<string, MissingPolicy> = {}
  for (const [k, v] of Object.entries(mcols)) columns[k] = oneOf(v, `${field}.columns.${k}`, POLICIES)
  return { default: oneOf(m.default, `${field}.default`, POLICIES), columns }
}

/** Checks a config (e.g. parsed from a stored run) and returns it typed; throws PipelineError naming the field. */
export function validateConfig(json: unknown): PipelineConfig {
  if (!isObj(json)) return bad('config', 'must be an object')
  if (json.version !== 1) bad('version', `must be 1 (got ${JSON.stringify(json.version)})`)
  const t = isObj(json.time) ? json.time : bad('time', 'must be an object')
  if (t.column !== null && typeof t.column !== 'string') bad('time.column', 'must be a column name or null')
  const duplicates = oneOf<DuplicatePolicy>(t.duplicates, 'time.duplicates', ['keep', 'error', ...AGGS])
  const resample = checkResample(t.resample)
  const series: SeriesChoice | null | undefined = t.series === undefined ? undefined : t.series === null ? null : seriesChoice(t.series)
  const task = isObj(json.task) ? json.task : bad('task', 'must be an object')
  const kind = oneOf(task.kind, 'task.kind', ['regression', 'classification'] as const)
  if (kind === 'classification' && task.rule !== null && task.rule !== undefined && typeof task.rule !== 'string') bad('task.rule', 'must be a string or null')
  if (!Array.isArray(json.features) || !json.features.every((f) => typeof f === 'string')) bad('features', 'must be an array of column names')
  if (typeof json.targetAsInput !== 'boolean') bad('targetAsInput', 'must be true or false')
  const missing = checkMissing(json.missing)
  const s = isObj(json.split) ? json.split : bad('split', 'must be an object')
  let split: SplitConfig
  const gap = int(s.gap ?? 0, 'split.gap', 0)
  if (s.by === 'fraction') {
    const tr = s.train
    const va = s.val
    if (typeof tr !== 'number' || !(tr > 0 && tr < 1)) bad('split.train', `must be a fraction in (0, 1) (got ${JSON.stringify(tr)})`)
    if (typeof va !== 'number' || !(va > 0 && (tr as number) + va < 1)) bad('split.val', `must be > 0 with train + val < 1 (got ${JSON.stringify(va)})`)
    split = { by: 'fraction', train: tr as number, val: va as number, gap }
  } else if (s.by === 'date') {
    const vs = str(s.valStart, 'split.valStart')
    const ts = str(s.testStart, 'split.testStart')
    // read as the split reads them (splitInstant); without the file's clock, one cut with an offset
    // and one without are ordered by the split (computeSplits), unless no offset can mend the order
    if (Number.isNaN(splitInstant(vs))) bad('split.valStart', `is not an ISO date (got ${JSON.stringify(vs)})`)
    if (Number.isNaN(splitInstant(ts))) bad('split.testStart', `is not an ISO date (got ${JSON.stringify(ts)})`)
    if (cutsOutOfOrder(vs, ts)) bad('split.testStart', 'must be after split.valStart')
    split = { by: 'date', valStart: vs, testStart: ts, gap }
  } else return bad('split.by', `must be 'fraction' or 'date' (got ${JSON.stringify(s.by)})`)
  const w = isObj(json.window) ? json.window : bad('window', 'must be an object')
  return {
    version: 1,
    // absent stays absent so configs stored before the option round-trip unchanged
    time: { column: (t.column as string | null) ?? null, duplicates, resample, ...(series === undefined ? {} : { series }) },
    target: str(json.target, 'target'),
    task: kind === 'regression' ? { kind } : { kind, rule: (task.rule as string | null | undefined) ?? null },
    features: [...(json.features as string[])],
    targetAsInput: json.targetAsInput as boolean,
    missing,
    scaling: oneOf(json.scaling, 'scaling', ['zscore', 'minmax', 'none'] as const),
    // absent stays absent so configs stored before the option round-trip unchanged
    ...(json.level === undefined ? {} : { level: oneOf(json.level, 'level', ['global', 'window'] as const) }),
    ...(json.transform === undefined ? {} : { transform: oneOf(json.transform, 'transform', ['none', 'log'] as const) }),
    split,
    window: {
      lookback: int(w.lookback, 'window.lookback', 1),
      horizon: int(w.horizon, 'window.horizon', 1),
      stride: int(w.stride, 'window.stride', 1),
      mode: oneOf(w.mode, 'window.mode', ['per-step', 'final'] as const),
      // absent stays absent so configs stored before the option round-trip unchanged
      ...(w.targets === undefined ? {} : { targets: directTargets(w.targets, w.mode) })
    },
    ...(json.calendar === undefined ? {} : { calendar: checkCalendar(json.calendar) }),
    ...(json.known === undefined ? {} : { known: knownColumns(json.known, json.features as string[]) }),
    ...(json.knownLead === undefined ? {} : { knownLead: json.knownLead === false ? false : bad('knownLead', 'must be false or absent') })
  }
}

function knownColumns(v: unknown, features: string[]): string[] {
  if (!Array.isArray(v) || !v.every((k) => typeof k === 'string')) return bad('known', 'must be a list of column names')
  const notFeature = (v as string[]).find((k) => !features.includes(k))
  if (notFeature !== undefined) bad('known', `names "${notFeature}", which is not one of the features (${features.join(', ')})`)
  return [...(v as string[])]
}

function seriesChoice(v: unknown): SeriesChoice {
  const s = isObj(v) ? v : bad('time.series', 'must be an object or null')
  const cols = s.columns
  if (!Array.isArray(cols) || !cols.every((c) => typeof c === 'string' && c !== '')) bad('time.series.columns', 'must be a list of column names ([] = one series, no id)')
  const vals = s.values
  if (vals !== null && (!Array.isArray(vals) || vals.length !== (cols as string[]).length || !vals.every((x) => typeof x === 'string')))
    bad('time.series.values', `must be null or one value per series column (${(cols as string[]).join(', ')})`)
  return { columns: [...(cols as string[])], values: vals === null ? null : [...(vals as string[])] }
}

function directTargets(v: unknown, mode: unknown): 'last' | 'all' {
  const t = oneOf(v, 'window.targets', ['last', 'all'] as const)
  if (t === 'all' && mode !== 'final') bad('window.targets', `'all' needs window.mode 'final' (got ${JSON.stringify(mode)})`)
  return t
}

// ---- classification rules -------------------------------------------------------------------------

export interface Rule { column: string | null; op: '>' | '>=' | '<' | '<=' | '==' | '!='; value: number | string }
const RULE = /^\s*([^<>=!]*?)\s*(>=|<=|==|!=|>|<|=)\s*(.+?)\s*$/

/** Parses 'COL > 0', 'COL >= 1.5', 'COL == rain', or without the column ('> 0'). */
export function parseRule(text: string): Rule {
  const m = RULE.exec(text)
  if (!m || m[3] === '') throw new PipelineError('bad-rule', `cannot read the rule ${JSON.stringify(text)}; write e.g. "precipitation > 0" or "weather == rain"`, 'task.rule')
  const op = (m[2] === '=' ? '==' : m[2]) as Rule['op']
  const raw = m[3].replace(/^["']|["']$/g, '')
  const num = Number(raw)
  const value = raw !== '' && Number.isFinite(num) ? num : raw
  if (typeof value === 'string' && op !== '==' && op !== '!=') throw new PipelineError('bad-rule', `${op} needs a number (got ${JSON.stringify(raw)})`, 'task.rule')
  return { column: m[1] === '' ? null : m[1], op, value }
}

/** The refusal of a rule about a column other than the target (the rule makes the target's two
 *  classes), said by fw train before the data is prepared and by the pipeline for the app's runs;
 *  null for a rule about the target (or no column). `field`: the setting, as the caller names it. */
export function ruleOffTarget(rule: Rule, target: string, field = 'task.rule'): PipelineError | null {
  if (!rule.column || rule.column === target) return null
  // "Rain > 0" for "rain": names are exact, as everywhere, and the rule as it should read is said
  const cased = rule.column.toLowerCase() === target.toLowerCase() ? `; names must match exactly, case included: write "${target} ${rule.op} ${rule.value}"` : ''
  return new PipelineError('bad-rule', `the rule is about "${rule.column}" but the target is "${target}"${cased}`, field)
}

export function testRule(r: Rule, x: number | string): boolean {
  switch (r.op) {
    case '>': return (x as number) > (r.value as number)
    case '>=': return (x as number) >= (r.value as number)
    case '<': return (x as number) < (r.value as number)
    case '<=': return (x as number) <= (r.value as number)
    case '==': return String(x) === String(r.value)
    case '!=': return String(x) !== String(r.value)
  }
}
