// Every default of a run lives here. `resolveConfig` merges a partial config over the defaults and
// validates the result at the boundary, throwing ConfigError with the dotted path of the field.
import { ConfigError } from '../engine/errors'
import { CALENDAR_FEATURES } from '../data/calendar'
import { carryApp, fix, nameStart, prefixed, words } from '../data/words'
import { closestName, semicolonHint } from '../data/near'
import { COLUMN_NAME_MAX, MAX_THREADS } from '../data/limits'
import { cutsOutOfOrder, splitInstant } from '../data/time-cell'
import type { DataConfig, ModelConfig, MissingPolicy, TrainConfig, TrainingConfig } from './types'

export const DEFAULT_MODEL: ModelConfig = {
  cell: 'lstm',
  numLayers: 1,
  hiddenSize: 32,
  hiddenActivation: 'tanh',
  outputActivation: 'auto',
  outputMode: 'final',
  dropout: 0,
  forecaster: 'auto',
  outliers: 'clean'
}

export const DEFAULT_TRAINING: TrainingConfig = {
  optimizer: 'adam',
  lr: 0.005,
  momentum: 0.9,
  weightDecay: 0,
  lrSchedule: { kind: 'constant' },
  epochs: 40,
  batchSize: 32,
  clipNorm: 1,
  truncation: { kind: 'none' },
  warmupSteps: 0,
  earlyStopping: { patience: 6 },
  seed: 42,
  threads: 'auto'
}

export const DEFAULT_DATA: Omit<DataConfig, 'target'> = {
  features: [],
  task: 'regression',
  lookBack: 14,
  horizon: 1,
  season: 'auto',
  stride: 1,
  direct: false,
  split: { kind: 'fraction', train: 0.7, val: 0.15, gap: 0 },
  scaling: 'zscore',
  level: 'auto',
  transform: 'auto',
  missing: {},
  missingDefault: 'interpolate',
  duplicates: 'mean',
  resample: null
}

/** The keys `data` takes: the defaulted ones and those a run may leave out. */
export const DATA_KEYS: readonly string[] = [...Object.keys(DEFAULT_DATA), 'target', 'time', 'rule', 'series', 'calendar', 'holidays', 'periodLabel', 'known', 'knownLead', 'cleanScale']

export type PartialConfig = {
  data: Partial<DataConfig> & { target: string }
  model?: Partial<ModelConfig>
  training?: Partial<TrainingConfig>
  interval?: { level?: number }
}

export function defaultConfig(target: string): TrainConfig {
  return resolveConfig({ data: { target } })
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function int(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(field, `must be an integer in [${min}, ${max}] (got ${JSON.stringify(v)})`)
  }
  return v
}

function num(v: unknown, field: string, min: number, max: number, open = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (open && v === min)) {
    throw new ConfigError(field, `must be a number in ${open ? '(' : '['}${min}, ${max}] (got ${JSON.stringify(v)})`)
  }
  return v
}

function oneOf<T extends string>(v: unknown, field: string, options: readonly T[]): T {
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) {
    // an item of a list (data.calendar[0]) given as several joined by ';' ("dow;month")
    const hint = typeof v === 'string' && field.endsWith(']') ? semicolonHint(v, options) : ''
    throw new ConfigError(field, `must be one of ${options.join(', ')} (got ${JSON.stringify(v)})${hint}`)
  }
  return v as T
}

function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') throw new ConfigError(field, `must be true or false (got ${JSON.stringify(v)})`)
  return v
}

function str(v: unknown, field: string, max = 256): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw new ConfigError(field, `must be a non-empty string of at most ${max} characters`)
  return v
}

/** A field naming a column: as long as the import reads one (COLUMN_NAME_MAX), a longer one said by
 *  its start (a 1,025-character name said whole would bury the message). */
function columnName(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new ConfigError(field, 'must be a non-empty column name')
  if (v.length > COLUMN_NAME_MAX) throw new ConfigError(field, `names a column of ${v.length.toLocaleString('en-US')} characters (${nameStart(v)}); a column name may have at most ${COLUMN_NAME_MAX.toLocaleString('en-US')}`)
  return v
}

const MISSING: readonly MissingPolicy[] = ['drop', 'ffill', 'interpolate', 'mean']

/** Merges `input` over the defaults and validates every field. Unknown keys are rejected so a typo
 *  never silently falls back to a default. A column named twice in data.features or data.known is
 *  refused (it would be fed to the network twice, or collapse without a word), except in a run
 *  stored before the check (`stored`), whose weights were trained on its inputs as listed. */
export function resolveConfig(input: unknown, opts: { stored?: boolean } = {}): TrainConfig {
  if (!isObj(input)) throw new ConfigError('config', 'must be an object')
  rejectUnknown(input, ['version', 'data', 'model', 'training', 'interval'], 'config')
  if (input['version'] !== undefined && input['version'] !== 1) throw new ConfigError('version', `must be 1 (got ${JSON.stringify(input['version'])}); this file is from a newer app`)
  const d = input['data']
  if (!isObj(d)) throw new ConfigError('data', 'must be an object with at least a target')
  const m = input['model'] ?? {}
  const t = input['training'] ?? {}
  const iv = input['interval'] ?? {}
  if (!isObj(m)) throw new ConfigError('model', 'must be an object')
  if (!isObj(t)) throw new ConfigError('training', 'must be an object')
  if (!isObj(iv)) throw new ConfigError('interval', 'must be an object')
  rejectUnknown(d, [...DATA_KEYS], 'data')
  rejectUnknown(m, Object.keys(DEFAULT_MODEL), 'model')
  rejectUnknown(t, Object.keys(DEFAULT_TRAINING), 'training')
  rejectUnknown(iv, ['level'], 'interval')

  // A rule makes the target two classes: it implies classification, as --rule does and as the
  // app's Setup only sets one for a classification task. Given with regression, it is refused.
  const ruled = d['rule'] !== undefined && d['task'] === undefined ? { task: 'classification' } : {}
  const data = { ...DEFAULT_DATA, ...d, ...ruled } as Record<string, unknown>
  const model = { ...DEFAULT_MODEL, ...m } as Record<string, unknown>
  const training = { ...DEFAULT_TRAINING, ...t } as Record<string, unknown>

  const features = data['features']
  if (!Array.isArray(features)) throw new ConfigError('data.features', 'must be a list of column names')
  const split = data['split']
  if (!isObj(split)) throw new ConfigError('data.split', 'must be an object')
  const missing = data['missing']
  if (!isObj(missing)) throw new ConfigError('data.missing', 'must map column names to a policy')

  const out: TrainConfig = {
    version: 1,
    data: {
      target: columnName(data['target'], 'data.target'),
      features: features.map((f, i) => columnName(f, `data.features[${i}]`)),
      ...(data['time'] !== undefined ? { time: columnName(data['time'], 'data.time') } : {}),
      ...(data['series'] !== undefined ? { series: resolveSeries(data['series']) } : {}),
      task: oneOf(data['task'], 'data.task', ['regression', 'classification'] as const),
      ...(data['rule'] !== undefined ? { rule: str(data['rule'], 'data.rule', COLUMN_NAME_MAX + 256) } : {}),
      lookBack: int(data['lookBack'], 'data.lookBack', 1, 4096),
      horizon: int(data['horizon'], 'data.horizon', 1, 1024),
      season: resolveSeasonField(data['season']),
      stride: int(data['stride'], 'data.stride', 1, 4096),
      direct: bool(data['direct'], 'data.direct'),
      split: resolveSplit(split),
      scaling: oneOf(data['scaling'], 'data.scaling', ['zscore', 'minmax', 'none'] as const),
      level: oneOf(data['level'], 'data.level', ['auto', 'window', 'global'] as const),
      transform: oneOf(data['transform'], 'data.transform', ['auto', 'none', 'log'] as const),
      missing: Object.fromEntries(Object.entries(missing).map(([k, v]) => [k, oneOf(v, `data.missing.${k}`, MISSING)])),
      missingDefault: oneOf(data['missingDefault'], 'data.missingDefault', MISSING),
      duplicates: oneOf(data['duplicates'], 'data.duplicates', ['keep', 'error', 'mean', 'sum', 'last', 'first'] as const),
      resample: resolveResample(data['resample']),
      ...resolveCalendar(data['calendar'], data['holidays']),
      ...(data['periodLabel'] !== undefined ? { periodLabel: oneOf(data['periodLabel'], 'data.periodLabel', ['start', 'end'] as const) } : {}),
      ...(data['known'] !== undefined ? { known: resolveKnown(data['known'], features) } : {}),
      ...knownLeadOf(data),
      ...cleanScaleOf(data)
    },
    model: {
      cell: oneOf(model['cell'], 'model.cell', ['elman', 'lstm', 'gru'] as const),
      numLayers: int(model['numLayers'], 'model.numLayers', 1, 4),
      hiddenSize: int(model['hiddenSize'], 'model.hiddenSize', 1, 1024),
      hiddenActivation: oneOf(model['hiddenActivation'], 'model.hiddenActivation', ['tanh', 'relu', 'sigmoid'] as const),
      outputActivation: oneOf(model['outputActivation'], 'model.outputActivation', ['auto', 'identity', 'sigmoid', 'softmax'] as const),
      outputMode: oneOf(model['outputMode'], 'model.outputMode', ['per-step', 'final'] as const),
      dropout: num(model['dropout'], 'model.dropout', 0, 0.9),
      forecaster: oneOf(model['forecaster'], 'model.forecaster', ['auto', 'network', 'ensemble', 'combination', 'naive', 'seasonal-naive', 'drift', 'ets', 'theta', 'arima'] as const),
      outliers: oneOf(model['outliers'], 'model.outliers', ['clean', 'keep'] as const)
    },
    training: {
      optimizer: oneOf(training['optimizer'], 'training.optimizer', ['adam', 'sgd'] as const),
      lr: num(training['lr'], 'training.lr', 0, 10, true),
      momentum: num(training['momentum'], 'training.momentum', 0, 0.999),
      weightDecay: num(training['weightDecay'], 'training.weightDecay', 0, 1),
      lrSchedule: resolveSchedule(training['lrSchedule']),
      epochs: int(training['epochs'], 'training.epochs', 1, 100000),
      batchSize: int(training['batchSize'], 'training.batchSize', 1, 65536),
      clipNorm: num(training['clipNorm'], 'training.clipNorm', 0, 1e6),
      truncation: resolveTruncation(training['truncation']),
      warmupSteps: int(training['warmupSteps'], 'training.warmupSteps', 0, 4095),
      earlyStopping: resolveEarlyStopping(training['earlyStopping']),
      seed: int(training['seed'], 'training.seed', 0, 2 ** 32 - 1),
      threads: resolveThreads(training['threads'])
    },
    interval: { level: num(iv['level'] ?? 0.9, 'interval.level', 0.5, 0.999) }
  }
  if (out.training.warmupSteps >= out.data.lookBack) {
    throw new ConfigError('training.warmupSteps', `must be smaller than data.lookBack (${out.data.lookBack})`)
  }
  if (out.data.rule !== undefined && out.data.task !== 'classification') {
    throw new ConfigError('data.rule', `makes the target two classes, so it needs data.task 'classification' (got '${out.data.task}'); leave data.task out or remove the rule`)
  }
  if (out.data.direct && out.data.task !== 'regression') {
    throw new ConfigError('data.direct', 'direct multi-horizon forecasts need data.task regression (a class cannot be forecast per step here)')
  }
  if (out.data.direct && out.model.outputMode !== 'final') {
    const w = words`direct multi-horizon forecasts need ${fix(`model.outputMode 'final' (got '${out.model.outputMode}')`, 'Outputs: Last step only, or Direct steps unticked (Setup, Windows)')}`
    throw carryApp(new ConfigError('data.direct', w.message), prefixed('data.direct ', w))
  }
  if (out.data.task === 'classification' && out.model.forecaster !== 'auto' && out.model.forecaster !== 'network') {
    throw new ConfigError('model.forecaster', `'${out.model.forecaster}' forecasts numbers; classification runs use the network (leave it 'auto')`)
  }
  if (out.data.task === 'classification' && (out.data.level === 'window' || out.data.transform === 'log')) {
    throw new ConfigError(out.data.level === 'window' ? 'data.level' : 'data.transform', `applies to regression only (data.task is 'classification'); leave it 'auto'`)
  }
  if (out.data.features.includes(out.data.target)) {
    throw new ConfigError('data.features', `must not list the target '${out.data.target}' (its history is always an input)`)
  }
  if (!opts.stored) for (const field of ['features', 'known'] as const) refuseRepeated(out.data[field], `data.${field}`)
  return out
}

/** A list of column names that names one twice, refused naming it (as core/data's calendar inputs). */
function refuseRepeated(names: readonly string[] | undefined, field: string): void {
  const twice = names?.find((n, i) => names.indexOf(n) !== i)
  if (twice !== undefined) throw new ConfigError(field, `lists "${twice}" twice (${names!.join(', ')}); each column is one input: name it once`)
}

/** data.series: { columns: [COL, ...], values: [VALUE, ...] | null }, one value per column;
 *  { columns: [], values: [] }: the rows are one series (fw --series none); with global (values
 *  null): one model across every series (core/train/global.ts). */
function resolveSeries(v: unknown): NonNullable<DataConfig['series']> {
  if (!isObj(v)) throw new ConfigError('data.series', 'must be an object { columns, values }')
  rejectUnknown(v, ['columns', 'values', 'global'], 'data.series')
  const cols = v['columns']
  if (!Array.isArray(cols)) throw new ConfigError('data.series.columns', 'must be a list of column names ([] with values []: the rows are one series)')
  const columns = cols.map((c, i) => columnName(c, `data.series.columns[${i}]`))
  const vals = v['values'] ?? null
  if (v['global'] !== undefined) {
    const g = v['global']
    if (!isObj(g)) throw new ConfigError('data.series.global', "must be an object { short: 'skip' | 'refuse', oneHot: boolean, cuts: 'auto' | 'dates' | 'series' }")
    rejectUnknown(g, ['short', 'oneHot', 'cuts'], 'data.series.global')
    if (columns.length === 0) throw new ConfigError('data.series.columns', 'must name the series id column(s) for a global model')
    if (vals !== null) throw new ConfigError('data.series.values', 'must be null for a global model: it trains on every series')
    const oneHot = bool(g['oneHot'] ?? false, 'data.series.global.oneHot')
    const short = oneOf(g['short'] ?? 'skip', 'data.series.global.short', ['skip', 'refuse'] as const)
    const cuts = oneOf(g['cuts'] ?? 'auto', 'data.series.global.cuts', ['auto', 'dates', 'series'] as const)
    return { columns, values: null, global: { short, ...(oneHot ? { oneHot: true as const } : {}), cuts } }
  }
  if (vals === null) return { columns, values: null }
  if (!Array.isArray(vals) || vals.length !== columns.length || !vals.every((x) => typeof x === 'string'))
    throw new ConfigError('data.series.values', `must be one value per series column (${columns.join(', ')}), or null`)
  return { columns, values: [...(vals as string[])] }
}

/** data.calendar ('auto' | 'none' | a list of CALENDAR_FEATURES) and data.holidays (YYYY-MM-DD dates);
 *  absent stays absent, so configs stored before the setting round-trip unchanged. */
function resolveCalendar(c: unknown, h: unknown): Pick<DataConfig, 'calendar' | 'holidays'> {
  const out: Pick<DataConfig, 'calendar' | 'holidays'> = {}
  if (h !== undefined) {
    if (!Array.isArray(h) || h.length === 0 || !h.every((d) => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d))))
      throw new ConfigError('data.holidays', 'must be a non-empty list of dates written YYYY-MM-DD')
    out.holidays = [...(h as string[])]
  }
  if (c === undefined) return out
  if (c === 'auto' || c === 'none') return { ...out, calendar: c }
  if (!Array.isArray(c)) throw new ConfigError('data.calendar', `must be 'auto', 'none' or a list of ${CALENDAR_FEATURES.join(', ')} (got ${JSON.stringify(c)})`)
  const list = c.map((f, i) => oneOf(f, `data.calendar[${i}]`, CALENDAR_FEATURES))
  if (new Set(list).size !== list.length) throw new ConfigError('data.calendar', `lists a feature twice (${list.join(', ')})`)
  if (list.includes('holiday') && !out.holidays) {
    const w = words`'holiday' needs data.holidays (${fix('fw train --holidays FILE', 'Holiday dates… in Setup')})`
    throw carryApp(new ConfigError('data.calendar', w.message), prefixed('data.calendar ', w))
  }
  return { ...out, calendar: list }
}

/** Whether a data config (resolved or as stored) has inputs known in the future: features listed
 *  in `known`, calendar inputs, or a holiday table. */
export function hasKnownInputs(data: { known?: unknown; calendar?: unknown; holidays?: unknown }): boolean {
  const cal = data.calendar
  return (Array.isArray(data.known) && data.known.length > 0) || (cal !== undefined && cal !== 'none' && !(Array.isArray(cal) && cal.length === 0)) || (Array.isArray(data.holidays) && data.holidays.length > 0)
}

/** data.cleanScale: true (the default) for a regression run, false as given (runs stored before it). */
function cleanScaleOf(data: Record<string, unknown>): { cleanScale?: boolean } {
  const v = data['cleanScale']
  if (v !== undefined && typeof v !== 'boolean') throw new ConfigError('data.cleanScale', 'must be true or false')
  return data['task'] === 'regression' ? { cleanScale: v ?? true } : {}
}

/** data.knownLead: true (the default) for a run with inputs known in the future, false as given
 *  (runs stored before the lead); absent for a run without them. */
function knownLeadOf(data: Record<string, unknown>): { knownLead?: boolean } {
  const v = data['knownLead']
  if (v !== undefined && typeof v !== 'boolean') throw new ConfigError('data.knownLead', 'must be true or false')
  return hasKnownInputs(data) ? { knownLead: v ?? true } : {}
}

function resolveKnown(v: unknown, features: unknown[]): string[] {
  if (!Array.isArray(v)) throw new ConfigError('data.known', 'must be a list of feature names')
  return v.map((k, i) => {
    const name = columnName(k, `data.known[${i}]`)
    if (!features.includes(name)) throw new ConfigError(`data.known[${i}]`, `'${name}' is not one of data.features (${features.join(', ')}); a known-future column must be an input`)
    return name
  })
}

/** The keys each section takes, for a key given in the wrong one ("training.dropout"). */
const SECTION_KEYS: readonly [string, readonly string[]][] = [['data', DATA_KEYS], ['model', Object.keys(DEFAULT_MODEL)], ['training', Object.keys(DEFAULT_TRAINING)], ['interval', ['level']]]

/** What the refusal of an unknown key `k` of `where` ('config' at the top) adds: the nearest known
 *  key (as the CLI's flags are), " (did you mean model.cell?)", `tail` after it (the rest of a
 *  sweep grid's dotted path), or the section that takes it, " (dropout is a model setting:
 *  model.dropout)"; '' when neither. */
export function unknownKeyHelp(k: string, known: readonly string[], where: string, tail = ''): string {
  const path = (k: string) => (where === 'config' ? k : `${where}.${k}`)
  const near = closestName(k, known)
  const home = near ? undefined : SECTION_KEYS.find(([s, keys]) => s !== where && keys.includes(k))?.[0]
  return near ? ` (did you mean ${path(near)}${tail}?)` : home ? ` (${k} is a ${home} setting: ${home}.${k})` : ''
}

/** An unknown key is refused with unknownKeyHelp's words; docs/config.md lists them all. */
function rejectUnknown(o: Record<string, unknown>, known: string[], where: string): void {
  for (const k of Object.keys(o)) {
    if (known.includes(k)) continue
    throw new ConfigError(where === 'config' ? k : `${where}.${k}`, `is not a known setting${unknownKeyHelp(k, known, where)}; see docs/config.md`)
  }
}

function resolveSplit(s: Record<string, unknown>): DataConfig['split'] {
  const kind = oneOf(s['kind'] ?? 'fraction', 'data.split.kind', ['fraction', 'date'] as const)
  const gap = int(s['gap'] ?? 0, 'data.split.gap', 0, 100000)
  if (kind === 'date') {
    const valStart = str(s['valStart'], 'data.split.valStart')
    const testStart = str(s['testStart'], 'data.split.testStart')
    // read as the split reads them (splitInstant; a date without an offset is the file's midnight
    // there): one cut with an offset and one without are ordered on the file's clock by the split
    // (computeSplits), unless no offset can mend the order (cutsOutOfOrder)
    if (Number.isNaN(splitInstant(valStart))) throw new ConfigError('data.split.valStart', `is not a date (got ${JSON.stringify(valStart)})`)
    if (Number.isNaN(splitInstant(testStart))) throw new ConfigError('data.split.testStart', `is not a date (got ${JSON.stringify(testStart)})`)
    if (cutsOutOfOrder(valStart, testStart)) throw new ConfigError('data.split.testStart', 'must come after data.split.valStart')
    return { kind, valStart, testStart, gap }
  }
  const train = num(s['train'] ?? 0.7, 'data.split.train', 0, 1, true)
  const val = num(s['val'] ?? 0.15, 'data.split.val', 0, 1, true)
  if (train + val >= 1) throw new ConfigError('data.split', `train + val must leave rows for the test split (got ${train} + ${val})`)
  return { kind, train, val, gap }
}

function resolveSchedule(v: unknown): TrainingConfig['lrSchedule'] {
  if (!isObj(v)) throw new ConfigError('training.lrSchedule', 'must be an object like {"kind":"constant"}')
  const kind = oneOf(v['kind'], 'training.lrSchedule.kind', ['constant', 'step', 'cosine'] as const)
  if (kind === 'step') {
    return { kind, stepSize: int(v['stepSize'], 'training.lrSchedule.stepSize', 1, 100000), gamma: num(v['gamma'], 'training.lrSchedule.gamma', 0, 1, true) }
  }
  return { kind }
}

function resolveTruncation(v: unknown): TrainingConfig['truncation'] {
  if (!isObj(v)) throw new ConfigError('training.truncation', 'must be an object like {"kind":"none"}')
  const kind = oneOf(v['kind'], 'training.truncation.kind', ['none', 'sliding', 'chunked'] as const)
  if (kind === 'none') return { kind }
  return { kind, k: int(v['k'], 'training.truncation.k', 1, 4096) }
}

/** A config as stored with a run, before resolveConfig. Settings added later get the value that
 *  reproduces what such a run did, not today's default: runs stored before `training.threads`
 *  trained on one thread; before `data.level` and `data.transform`, on globally scaled levels; before
 *  `model.outliers`, with the statistical models reading every value as it was; before
 *  `data.knownLead`, reading inputs known in the future at their own row; before `data.cleanScale`,
 *  with the target's scaler and log decision fitted on its outliers as they are. */
export function withStoredDefaults(raw: unknown): unknown {
  if (!isObj(raw)) return raw
  let out = raw
  if (isObj(raw['training']) && !('threads' in raw['training'])) out = { ...out, training: { ...raw['training'], threads: 1 } }
  const d = raw['data']
  if (isObj(d) && (!('level' in d) || !('transform' in d))) out = { ...out, data: { level: 'global', transform: 'none', ...d } }
  // before a rule implied classification, a regression run ignored its data.rule
  const rd = out['data']
  if (isObj(rd) && rd['task'] === 'regression' && 'rule' in rd) {
    const { rule: _ignored, ...rest } = rd
    out = { ...out, data: rest }
  }
  // before model.forecaster, the network was the forecast
  const m = raw['model']
  if (!isObj(m) || !('forecaster' in m)) out = { ...out, model: { ...(isObj(m) ? m : {}), forecaster: 'network' } }
  // before model.outliers, the statistical models read every value as it was
  const om = out['model']
  if (isObj(om) && !('outliers' in om)) out = { ...out, model: { ...om, outliers: 'keep' } }
  // before data.cleanScale, the target's scaler and the log decision read the outliers as they are
  const cd = out['data']
  if (isObj(cd) && !('cleanScale' in cd) && (cd['task'] ?? 'regression') === 'regression') out = { ...out, data: { ...cd, cleanScale: false } }
  // before data.series.global.cuts, a global run cut every series at the same dates
  // before data.knownLead, inputs known in the future were read at their own row, not h rows ahead
  const kd = out['data']
  if (isObj(kd) && !('knownLead' in kd) && hasKnownInputs(kd)) out = { ...out, data: { ...kd, knownLead: false } }
  const od = out['data']
  const s = isObj(od) ? od['series'] : undefined
  if (isObj(od) && isObj(s) && isObj(s['global']) && !('cuts' in s['global'])) out = { ...out, data: { ...od, series: { ...s, global: { ...s['global'], cuts: 'dates' } } } }
  return out
}

/** Most threads a run may ask for (core/data/limits.ts, which the store reads too). */
export { MAX_THREADS }

function resolveThreads(v: unknown): TrainingConfig['threads'] {
  if (v === 'auto') return v
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_THREADS) {
    throw new ConfigError('training.threads', `must be 'auto' or an integer in [1, ${MAX_THREADS}] (got ${JSON.stringify(v)})`)
  }
  return v
}

function resolveSeasonField(v: unknown): 'auto' | number {
  if (v === 'auto') return v
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 8760) {
    throw new ConfigError('data.season', `must be 'auto' or the rows per seasonal cycle, an integer in [1, 8760] (got ${JSON.stringify(v)})`)
  }
  return v
}

function resolveEarlyStopping(v: unknown): TrainingConfig['earlyStopping'] {
  if (v === null) return null
  if (!isObj(v)) throw new ConfigError('training.earlyStopping', 'must be null or {"patience": n}')
  return { patience: int(v['patience'], 'training.earlyStopping.patience', 1, 10000) }
}

function resolveResample(v: unknown): DataConfig['resample'] {
  if (v === null || v === undefined) return null
  if (v === 'auto') throw new ConfigError('data.resample', '"auto" is resolved against the rows before the run starts (fw train); here it must be null or {"unit": "day", "every": 1, "agg": "mean"}')
  if (!isObj(v)) throw new ConfigError('data.resample', 'must be null or {"unit": "day", "every": 1, "agg": "mean"}')
  return {
    unit: oneOf(v['unit'], 'data.resample.unit', ['second', 'minute', 'hour', 'day', 'week', 'month'] as const),
    every: int(v['every'] ?? 1, 'data.resample.every', 1, 10000),
    agg: oneOf(v['agg'] ?? 'mean', 'data.resample.agg', ['mean', 'sum', 'last', 'first'] as const),
    ...(v['auto'] === undefined ? {} : bool(v['auto'], 'data.resample.auto') ? { auto: true as const } : {})
  }
}
