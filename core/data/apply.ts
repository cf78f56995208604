// applyFitted: NEW data through a stored, already-fitted pipeline (a saved model's `pipeline` slot).
// Nothing is refitted: the training imputers, scalers, one-hot levels and classes are used as stored,
// so the inputs mean to the network what they meant in training.
//
// Differences from preparePipeline, all because new data is one block with no splits:
// - 'interpolate' and 'ffill' fill a gap from the rows before it (the value before; for a target the
//   run filled by its season, fitted.gapFill, moved as the series moved a season earlier), as the
//   run filled its own rows, which read no later row either;
// - the target is optional (absent when the future is being forecast), and `targetRaw` keeps its
//   missing values as NaN, because it is the "actual" column of a forecast table, not a model input.

import { withModelTime } from './step-index'
import type { MissingPolicy, PipelineConfig, Rule } from './config'
import { testRule } from './config'
import { PipelineError } from './errors'
import { andList, fix, words } from './words'
import { countGaps, dropMissingRows, fillCodes, filledNote, fillNumeric, knownAhead, leadKnown, targetToScaled, targetWithFilled, unseenLevelsNotice, writeOneHot, writeScaled, type FittedPipeline, type GapFill, type InputBlock } from './pipeline'
import { GAP_ADVICE, otherStepWords, prepareSeries, uncheckedStepNote, selectRows, type TimeReport } from './series'
import type { CategoricalColumn, Column, Dataset, DateColumn, Notice } from './types'
import { calendarColumns, withCalendar } from './calendar'
import { lastTargetRow } from './pipeline'
import type { ClockRule } from './clock-rule'
import { noticeTime, zoneMarkOf, type TimeZoneMark } from './time-cell'
import { caseVariants } from './near'
import { booleanPair } from './values'
import { onlyZeroOne, yesNoWords, zeroOneAsYesNo } from './yes-no'

export interface Applied {
  N: number
  D: number
  inputs: Float32Array // (N, D) imputed, scaled, one-hot encoded with the stored pipeline
  /** Regression: original units; classification: class index (NaN = missing or a class unseen in
   *  training). null when the new data has no target column. */
  targetRaw: Float64Array | null // (N)
  time: Float64Array | null // (N) epoch ms
  /** The daylight-saving rule the time column's offsets follow (DateColumn.clock), which the stamps
   *  past the end follow (core/train/time-step.ts inferStep); absent where it has none. */
  clock?: ClockRule
  /** The zone the forecast files write the rows' times in (../data/time-cell zoneMarkOf of the
   *  rows' time column: one series of a long file, its own offsets, not the file's). */
  zone: TimeZoneMark
  lines: Int32Array // (N) 1-based line in the file, 0 for rows made by resampling
  report: TimeReport
  notices: Notice[]
  /** The rows after the last target value when the model has inputs known in the future
   *  (calendar, config.known): their times and inputs (F, D), encoded with the stored pipeline but
   *  never imputed (a missing value stays NaN, over a one-hot block's whole width). Absent otherwise.
   *  These rows are the columns' own values, not led (InputBlock.lead): forecast.ts futureInputs
   *  reads them by time. `inputs` is led across the data and these rows end to end, so the data's
   *  last rows take their lead values from here, or NaN where none is given. */
  future?: { F: number; inputs: Float32Array; time: Float64Array | null; lines: Int32Array }
  /** A yes/no target's words in this file ('no', 'yes'), which its forecast file writes the actual
   *  in; absent where the file writes it 0/1, and for any other target. */
  targetWords?: readonly [string, string]
  /** The regression target in original units with its gaps filled as the run filled the history
   *  its statistical models read (targetWithFilled): by the run's rule, season and splits
   *  (fitted.gapFill, newRowValues), each filled value as the network reads it. Absent where the
   *  model file has no gapFill (saved before it, no season, another rule): forecast.ts then carries
   *  the last value forward, as it did before. */
  targetHistory?: Float64Array
}

const KIND_OF_BLOCK: Record<InputBlock['kind'], Column['kind']> = { numeric: 'numeric', boolean: 'boolean', 'one-hot': 'categorical' }

export function applyFitted(dataset: Dataset, config: PipelineConfig, fitted: FittedPipeline): Applied {
  // Name every missing column at once: the user fixes the file in one go, not one column per attempt.
  const derived = config.calendar ? calendarColumns(config.calendar) : []
  const needed = [...new Set([...(config.time.column ? [config.time.column] : []), ...fitted.inputs.map((b) => b.column).filter((n) => !derived.includes(n))])]
  const missing = needed.filter((n) => !dataset.columns.some((c) => c.name === n))
  if (missing.length) throw missingColumns(dataset, missing, config.target, config.time.column ?? '')
  // a model's boolean input, or its yes/no target, given 0s and 1s: read as no and yes, and said
  const yesNo = [...fitted.inputs.filter((b) => b.kind === 'boolean').map((b) => b.column), ...(isYesNoTarget(fitted.target) ? [config.target] : [])]
  // its time column read as the model read it: a step index, or dates (refused where it holds the other)
  dataset = withModelTime(zeroOneAsYesNo(dataset, yesNo, true), config.time.column, fitted.step?.index)
  for (const b of fitted.inputs) {
    if (derived.includes(b.column)) continue
    const c = dataset.columns.find((c) => c.name === b.column) as Column
    if (c.kind !== KIND_OF_BLOCK[b.kind])
      throw new PipelineError('bad-config', `column "${b.column}" of ${dataset.file} is ${c.kind}${notBoolean(c, b.kind, dataset.lines)}, but the model was trained on ${KIND_OF_BLOCK[b.kind]} values`, b.column === config.target ? 'target' : 'features')
  }

  const { dataset: prepared, report } = prepareSeries(dataset, config.time)
  // rows of another step than the training rows': the window, horizon and season would mean other spans.
  // Under a grid "auto" chose, the step of the rows before it (report.sourceStep): daily rows for a
  // monthly model are refused as they are, not averaged onto the grid without a word
  const other = otherStepWords(fitted.step, report, dataset.file, config.window.lookback)
  if (other) throw new PipelineError('other-step', other)
  const withCal = config.calendar ? withCalendar(prepared, config.calendar) : prepared
  const policy = (n: string): MissingPolicy => config.missing.columns[n] ?? config.missing.default
  const find = (ds: Dataset, n: string) => ds.columns.find((c) => c.name === n)
  const hasTarget = find(withCal, config.target) !== undefined
  // with known-future inputs, the rows after the last target value are future rows, kept apart
  const known = fitted.inputs.some((b) => b.known)
  const readsTarget = fitted.inputs.some((b) => b.column === config.target)
  const last = hasTarget && (known || readsTarget) ? lastTargetRow(find(withCal, config.target) as Column) : withCal.rowCount - 1
  if (last < 0 && readsTarget && !known) throw new PipelineError('short-series', `${dataset.file} has no value of "${config.target}": the model reads its history to forecast`, 'target')
  const trailing = withCal.rowCount - 1 - last
  // without them, the model reads the target's history: rows after its last value would be read as
  // filled-in values, and the forecast would start from them, steps numbered from there. Left out, said.
  // gaps: the model keeps its training's reading of the rows; data.resample is no setting here
  const notices = newRowNotices(withCal.notices, config.time.resample)
  if (!fitted.step && report.medianStepMs !== null) notices.push({ code: 'step-unchecked', message: uncheckedStepNote(dataset.file) })
  if (trailing > 0 && !known) {
    const t = withCal.timeColumn ? (find(withCal, withCal.timeColumn) as { values: Float64Array }).values[last] : undefined
    notices.push({
      code: 'trailing-target', column: config.target,
      message: `the last ${trailing === 1 ? 'row' : `${trailing} rows`} of ${dataset.file} (from line ${withCal.lines[last + 1]}) ${trailing === 1 ? 'has' : 'have'} no "${config.target}": the model reads its history, so they are left out, and forecasts start after its last value (line ${withCal.lines[last]}${t !== undefined && t === t ? `, ${noticeTime(t, zoneMarkOf(find(withCal, withCal.timeColumn!)))}` : ''})`
    })
  }
  const series = last === withCal.rowCount - 1 ? withCal : selectRows(withCal, Int32Array.from({ length: last + 1 }, (_, i) => i))
  const futureDs = last === withCal.rowCount - 1 || !known ? null : selectRows(withCal, Int32Array.from({ length: withCal.rowCount - last - 1 }, (_, i) => last + 1 + i))
  const used = [...new Set([...(hasTarget ? [config.target] : []), ...fitted.inputs.map((b) => b.column)])]
  const ds = dropMissingRows({ ...series, notices }, used.filter((n) => policy(n) === 'drop').map((n) => find(series, n) as Column))
  const N = ds.rowCount
  const L = config.window.lookback
  if (N < L) throw new PipelineError('short-series', `need at least ${L} rows, have ${N}: the model looks back ${L} rows`, 'window')

  // categories the model never saw in training enter as none of its levels (a one-hot of zeros): said
  for (const b of fitted.inputs) {
    const c = find(ds, b.column)
    const unseen = c?.kind === 'categorical' && b.levels ? unseenLevelsNotice(c, b.levels) : null
    if (unseen) ds.notices.push(unseen)
  }
  const { inputs, fills } = encodeRows(ds, config, fitted, policy, true)
  // the gaps encodeRows filled, said per column as fw train and the ONNX file's path say them: a
  // seasonal target's by the season its fill took (gapFillSeason, worked out once, in encodeRows)
  const gapColumns = [...new Set(fitted.inputs.map((b) => b.column))].filter((n) => !derived.includes(n)).map((n) => find(ds, n) as Column)
  // a known-future input's blanks at the end are said as its future, as fw train says them
  const gaps = knownAhead(countGaps(gapColumns, ds.lines, policy), gapColumns, fitted.inputs.filter((b) => b.known).map((b) => b.column))
    .map((g) => ({ ...g, season: fills.get(g.column)?.season ?? 1 }))
  if (gaps.some((g) => g.cells > 0)) ds.notices.push({ code: 'filled-inputs', message: filledNote(gaps) })
  const timeCol = ds.timeColumn ? (find(ds, ds.timeColumn) as DateColumn) : null
  const time = timeCol ? timeCol.values : null
  const future = futureDs && {
    F: futureDs.rowCount,
    inputs: encodeRows(futureDs, config, fitted, policy, false).inputs,
    time: futureDs.timeColumn ? (find(futureDs, futureDs.timeColumn) as { values: Float64Array }).values : null,
    lines: futureDs.lines
  }
  leadKnown(fitted.inputs, fitted.D, future ? [inputs, Float32Array.from(future.inputs)] : [inputs])
  const said = isYesNoTarget(fitted.target) ? yesNoWords(ds, config.target) : undefined
  const targetRaw = hasTarget ? targetValues(find(ds, config.target) as Column, fitted, ds.file) : null
  // the target's fill as encodeRows made it where the network reads the target (gapFillSeason once)
  const history = targetRaw && targetHistory(ds, fitted, policy(config.target), targetRaw, fills.get(fitted.target.column)?.season)
  return { N, D: fitted.D, inputs, targetRaw, time, ...(timeCol?.clock ? { clock: timeCol.clock } : {}), zone: zoneMarkOf(timeCol), lines: ds.lines, report, notices: ds.notices, ...(future ? { future } : {}), ...(said ? { targetWords: said } : {}), ...(history ? { targetHistory: history } : {}) }
}

/** Applied.targetHistory: the target of `ds` (`raw`, original units) filled by the run's rule as
 *  the network's input is (newRowValues with gapFillSeason), read back through the target's scale as
 *  the run read its statistical models' history (targetWithFilled); null without a gapFill that
 *  applies to these rows. `made`: the fill's season where encodeRows filled the target. */
function targetHistory(ds: Dataset, fitted: FittedPipeline, policy: MissingPolicy, raw: Float64Array, made?: number): Float64Array | null {
  const t = fitted.target
  const season = made ?? gapFillSeason(ds, fitted.gapFill, t.column, t.column)
  if (t.kind !== 'regression' || !(season > 1)) return null
  const filled = newRowValues(raw, { policy, imputer: fitted.imputers[t.column], season })
  return targetWithFilled({ fitted, targetRaw: raw, target: Float32Array.from(filled, (x) => targetToScaled(t, x)) })
}

/** The refusal of new rows that lack columns the model needs (`missing`, named all at once, so the
 *  user fixes the file in one go); `target` the target's name, said so where it is the one missing.
 *  The JSON model file's path (applyFitted) and an ONNX file's (its time column) say it alike. */
export function missingColumns(dataset: Dataset, missing: readonly string[], target: string, timeColumn = ''): PipelineError {
  // a column renamed only in case ("Sales" for "sales") is pointed out, not matched: names are
  // exact, and a nearer guess (closestColumn's typos and abbreviations) is not offered for a model
  const names = dataset.columns.map((c) => c.name)
  const cased = missing.flatMap((n) => caseVariants(n, names).map((c) => `"${c}" for "${n}"`))
  const hint = cased.length ? `; names must match exactly, case included, and this file has ${andList(cased)}: rename ${cased.length === 1 ? 'it' : 'them'} in the file` : ''
  // a column of times of day the import joined to the days, which the model read apart, as text
  const joined = dataset.notices.find((n) => n.code === 'date-time-joined' && n.joined !== undefined && missing.includes(n.joined))
  const apart = joined ? words`; "${joined.joined!}" was read as the time of day of "${joined.column ?? ''}", one time, and the model read it apart, as text: ${fix(`read the file with --type ${joined.joined!}=categorical`, `in the Data view, press Keep "${joined.joined!}" apart, as text`)}` : ''
  // each named by its role: the time column and the target's history (when the model reads it)
  // are no features
  const time = missing.find((n) => n === timeColumn)
  const tgt = missing.find((n) => n === target && n !== time)
  const inputs = missing.filter((n) => n !== time && n !== tgt)
  const quoted = (ns: string[]) => andList(ns.map((n) => `"${n}"`))
  const roles = [
    ...(time ? [`the time column "${time}"`] : []),
    ...(tgt ? [`the target column "${tgt}"`] : []),
    ...(inputs.length ? [`the ${time || tgt ? 'input ' : ''}column${inputs.length === 1 ? '' : 's'} ${quoted(inputs)}`] : [])
  ]
  return new PipelineError('unknown-column',
    words`${dataset.file} lacks ${andList(roles)} that the model needs${tgt ? (roles.length === 1 ? ' (it reads its history)' : " (it reads the target's history)") : ''}${hint}${apart}`, tgt ? 'target' : inputs.length ? 'features' : 'time')
}

/** The time notices of new rows given to a saved model (the JSON model file's path, and an ONNX
 *  file's): the irregular-steps notice without the config's advice where the model was trained
 *  without a grid (`resample` null), as a saved model keeps its training's reading of the rows. */
export function newRowNotices(notices: Notice[], resample: unknown): Notice[] {
  // why --resample auto put no grid: a training run's choice, not applying a model's
  return notices.filter((n) => n.code !== 'no-auto-grid').map((n) => (n.code === 'irregular' && !resample && n.message.endsWith(GAP_ADVICE) ? { ...n, ...gapWords(n.message.slice(0, -GAP_ADVICE.length)) } : n))
}

/** The irregular-steps notice of new rows, `said` without the config's advice: this model was
 *  trained on rows as they are, so filling the gaps takes a model trained with a grid. */
const gapWords = (said: string) => words`${said}: this model was trained without resampling, so it cannot fill the gaps; ${fix('a model trained with fw train --resample STEP can', "a model trained with Setup's calendar grid can")}`

/** Where a column read as text holds what a yes/no column of the model's does not (" (\"maybe\" on
 *  line 50)"): its first value outside every true/false pair, and that value's line; '' otherwise. */
function notBoolean(c: Column, kind: InputBlock['kind'], lines: Int32Array): string {
  if (c.kind !== 'categorical' || kind !== 'boolean') return ''
  const odd = c.levels.findIndex((l) => booleanPair([l]) === null)
  const row = odd < 0 ? -1 : c.codes.indexOf(odd)
  return row < 0 ? '' : ` ("${c.levels[odd]}" on line ${lines[row]}, not a yes/no or true/false value)`
}

/** How a saved model fills a column's gaps on new rows: the column's missing-value policy from the
 *  rows before each gap (fillNumeric; for a target its run filled by the season, by that season:
 *  `season`, gapFillSeason), and the training
 *  mean (numbers) or mode (a level) where the policy takes it or no earlier value is. The JSON model
 *  file (encodeRows) and an ONNX file that carries the run's rule (core/services/onnx-predict.ts)
 *  both fill through newRowValues and newRowLevels. */
export interface NewRowFill {
  policy: MissingPolicy
  imputer: number | string | undefined
  /** the season a seasonal target's gaps are filled by (gapFillSeason; absent or 1: the value before) */
  season?: number
}

/** A copy of a numeric or boolean column's values, its gaps filled by `fill` (null: left NaN). */
export function newRowValues(values: Float64Array, fill: NewRowFill | null): Float64Array {
  const v = Float64Array.from(values)
  if (fill) fillNumeric(v, fill.policy, Number(fill.imputer), fill.season ?? 1)
  return v
}

/** A categorical column's rows as indices into the training `levels`: a level they lack is
 *  levels.length (present, but none of them: a one-hot of zeros), a missing value -1, filled by
 *  `fill` (null: left -1) with the training mode's index where the policy takes it. */
export function newRowLevels(c: CategoricalColumn, levels: readonly string[], fill: NewRowFill | null): Int32Array {
  const pos = new Map(levels.map((l, k) => [l, k]))
  const k = Int32Array.from(c.codes, (code) => (code < 0 ? -1 : (pos.get(c.levels[code]!) ?? levels.length)))
  if (fill) fillCodes(k, fill.policy, pos.get(String(fill.imputer)) ?? levels.length)
  return k
}

/** The rows of `ds` as inputs (N, D) with the stored pipeline, and each column's fill (its policy,
 *  imputer, and a seasonal target's splits and season); `fill` false (future rows): no imputation,
 *  a missing value stays NaN (a one-hot block: NaN over its width), and no fills. */
function encodeRows(ds: Dataset, config: PipelineConfig, fitted: FittedPipeline, policy: (n: string) => MissingPolicy, fill: boolean): { inputs: Float32Array; fills: Map<string, NewRowFill> } {
  const N = ds.rowCount
  const D = fitted.D
  const find = (n: string) => ds.columns.find((c) => c.name === n)
  const inputs = new Float32Array(N * D) // (N, D)
  const fills = new Map<string, NewRowFill>()
  /** the column's fill, kept for the note; null where the rows are not filled */
  const fillOf = (column: string, made: () => NewRowFill): NewRowFill | null => {
    if (!fill) return null
    const f = made()
    fills.set(column, f)
    return f
  }
  for (const b of fitted.inputs) {
    const c = find(b.column) as Column
    if (c.kind === 'categorical') {
      const k = newRowLevels(c, b.levels ?? [], fillOf(b.column, () => ({ policy: policy(b.column), imputer: fitted.imputers[b.column] })))
      writeOneHot(inputs, D, b.offset, b.size, k)
      if (!fill) for (let i = 0; i < N; i++) if (k[i]! < 0) inputs.fill(NaN, i * D + b.offset, i * D + b.offset + b.size)
    } else if (c.kind === 'numeric' || c.kind === 'boolean') {
      const v = newRowValues(c.values, fillOf(b.column, () => ({ policy: policy(b.column), imputer: fitted.imputers[b.column], season: gapFillSeason(ds, fitted.gapFill, fitted.target.column, b.column) })))
      if (b.column === config.target && fitted.target.kind === 'regression' && fitted.target.transform === 'log') {
        // future rows (fill false) have no target: a missing value stays NaN, as log(NaN) is
        const bad = v.findIndex((x) => !(x > 0) && (fill || x === x))
        if (bad >= 0) throw new PipelineError('bad-config', `the model forecasts log("${b.column}"), which needs positive values; ${ds.file} has ${v[bad]} on line ${ds.lines[bad]}`, 'target')
        for (let i = 0; i < v.length; i++) v[i] = Math.log(v[i])
      }
      writeScaled(inputs, D, b.offset, fitted.scalers[b.column] ?? { kind: 'none' }, v)
    }
  }
  return { inputs, fills }
}

/** fillNumeric's season for column `column` of the new rows `ds`: the target of a run that filled
 *  its gaps by the season (FittedPipeline.gapFill, or an ONNX file's metadata 'missing') is filled
 *  by it, where the rows have dates to place it; otherwise 1 (the value before). */
export function gapFillSeason(ds: Dataset, g: GapFill | undefined, target: string, column: string): number {
  const time = ds.timeColumn ? ds.columns.find((c) => c.name === ds.timeColumn) : undefined
  return g && column === target && time?.kind === 'date' ? g.season : 1
}

/** The target in original units (regression) or as the stored class index (classification). */
function targetValues(c: Column, fitted: FittedPipeline, file: string): Float64Array {
  const t = fitted.target
  if (t.kind === 'regression') {
    if (c.kind !== 'numeric') throw new PipelineError('bad-config', `target "${t.column}" of ${file} is ${c.kind}; the model needs numbers`, 'target')
    return Float64Array.from(c.values)
  }
  return classValues(c, t, file)
}

/** A classification target of two classes, false and true, without a rule: a boolean column's, or
 *  a 0/1 column's read as no/yes (yes-no.ts). 0 and 1 are its false and true. */
export function isYesNoTarget(t: { kind?: string; classes?: readonly string[]; rule?: Rule | null }): boolean {
  return t.kind !== 'regression' && !t.rule && t.classes?.length === 2 && t.classes[0] === 'false' && t.classes[1] === 'true'
}

/** A classification target's column as class indices into `classes` (NaN: missing, or a class
 *  unseen in training): the rule's 0/1 where the run has one, else the level's index; a boolean
 *  column is 0/1. The JSON model file and an ONNX file's `classes` metadata give the same. */
export function classValues(c: Column, t: { column: string; classes: string[]; rule: Rule | null }, file: string): Float64Array {
  const wrong = (what: string) => new PipelineError('bad-config', `target "${t.column}" of ${file} is ${c.kind}; the model needs ${what}`, 'target')
  const { rule, classes } = t
  if (c.kind === 'categorical') {
    const pos = new Map(classes.map((l, k) => [l, k]))
    return Float64Array.from(c.codes, (code) => (code < 0 ? NaN : rule ? Number(testRule(rule, c.levels[code])) : (pos.get(c.levels[code]) ?? NaN)))
  }
  if (c.kind === 'numeric' || c.kind === 'boolean') {
    if (!rule && c.kind === 'numeric' && !(isYesNoTarget(t) && onlyZeroOne(c))) throw wrong(`one of the classes ${classes.join(', ')}`)
    return Float64Array.from(c.values, (x) => (x !== x ? NaN : rule ? Number(testRule(rule, x)) : x >= 0.5 ? 1 : 0))
  }
  throw wrong(rule ? 'numbers or categories for its rule' : `one of the classes ${classes.join(', ')}`)
}
