// The dataset being worked on: imported in a worker, then stored in main as typed columns.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Column, ColumnKind, Dataset, ImportOptions } from '../../../core/data/types'
import { ApiError, type DatasetColumn } from '../../../electron/contract'
import { useApi } from '../api'
import { naturalCompare } from '../../../core/data/natural'
import { datasetWarnings } from '../lib/columns'
import type { Warning } from '../lib/columns'
import { seedSummary } from '../lib/summary'
import type { DatasetSummary } from '../lib/summary'
import type { ImportReply, ImportRequest } from '../workers/protocol'
import { readUnits, unitError } from '../../../core/data/units'
import { DEFAULT_MISSING } from '../../../core/data/values'
import { detectSeriesId, filterSeries } from '../../../core/data/series-id'
import { meltWide } from '../../../core/data/melt'
import type { FarValues } from '../../../core/train/far-values'
import type { ClockRule } from '../../../core/data/clock-rule'

export interface ImportFailure {
  name: string
  code: string
  message: string
  /** The refused file (the dataset shown, if any, is still the previous one). */
  file?: string
  /** Set when re-reading the current file with a column retyped failed: that column and type. */
  column?: string
  kind?: string
  /** The refused value, where the refusal names one (a word among numbers): readAsMissing's. */
  value?: string
  /** An ambiguity the user must decide (core/data: ambiguous-number-format ['dot', 'comma'],
   *  ambiguous-date-format ['dmy', 'mdy'], ambiguous-month-format ['ym', 'my']); answer() re-reads the file so. */
  choices?: string[]
}

/** A long file's series id and the one series chosen (one value per id column; null until picked).
 *  oneSeries: the analyst says the rows are one series measured several times (fw --series none). */
export interface SeriesPick { columns: string[]; count: number; values: string[] | null; oneSeries?: boolean }

/** Worker factory, replaced in component tests (happy-dom has no module workers). */
export let makeImportWorker = (): Worker => new Worker(new URL('../workers/import.worker.ts', import.meta.url), { type: 'module' })
/** Bumped with each factory: a worker kept from another factory is never reused. */
let factoryVersion = 0
export function setImportWorkerFactory(f: () => Worker): void {
  makeImportWorker = f
  factoryVersion++
}

/** The file open last, across reloads: its stored id once saved (null until a run stores it). */
const LAST_KEY = 'fw.lastDataset'
export interface LastOpened { name: string; datasetId: number | null }
function remember(v: LastOpened): void {
  try {
    localStorage.setItem(LAST_KEY, JSON.stringify(v))
  } catch {
    // storage may be unavailable (a locked-down profile): the reload then falls back to the last run's data
  }
}
export function lastOpened(): LastOpened | null {
  try {
    const v = JSON.parse(localStorage.getItem(LAST_KEY) ?? 'null') as LastOpened | null
    return v && typeof v.name === 'string' && (v.datasetId === null || Number.isInteger(v.datasetId)) ? v : null
  } catch {
    return null
  }
}

export const useDatasetStore = defineStore('dataset', () => {
  // Shallow (and the summary too): a million-row file's typed arrays must never become reactive proxies.
  const dataset = shallowRef<Dataset | null>(null)
  const summary = shallowRef<DatasetSummary | null>(null)
  const fileName = ref<string | null>(null)
  /** The file being read now; fileName changes only when it imports, so the screen never names a
   *  file whose rows it does not show. */
  const importing = ref<string | null>(null)
  const sourcePath = ref<string | null>(null)
  const datasetId = ref<number | null>(null)
  /** The dataset number the last save found already stored (an identical file imported again). */
  const reusedId = ref<number | null>(null)
  /** What the Data and Train views say of it while that dataset is the one open. */
  const reusedNote = computed(() =>
    reusedId.value !== null && reusedId.value === datasetId.value ? `${fileName.value ?? 'This file'} is already stored as dataset ${reusedId.value}; reused, not stored again.` : null
  )
  /** Where opening another dataset (a run's, by Setup's button or Runs' ⚙) would close a file
   *  imported and not stored yet, losing it: the words that say so ('this closes neg.csv, which is
   *  not stored'), said before the switch; null where nothing would be lost. */
  const closesUnstored = computed(() => (dataset.value && datasetId.value === null ? `this closes ${fileName.value ?? dataset.value.file}, which is not stored` : null))
  const progress = ref<{ fraction: number; records: number } | null>(null)
  const error = ref<ImportFailure | null>(null)
  const seconds = ref<number | null>(null)
  /** After a reload: the name of the file open before it, which was never stored (no run used it). */
  const notStored = ref<string | null>(null)
  const overrides = ref<Record<string, ColumnKind | 'ignore'>>({})
  const fixedMissing = ref<Set<string>>(new Set())
  /** Column name -> the unit the user gave it ("ppm"); kept with the stored dataset. */
  const units = ref<Record<string, string>>({})
  let worker: Worker | null = null
  let lastSource: File | string | null = null
  /** The file shown can be read again (a column retyped): not a stored dataset loaded after a reload. */
  const rereadable = ref(false)
  /** The last file asked to import, and the answers given for it (decimal style, date order). */
  let tried: { source: File | string; name: string; path: string | null } | null = null
  let answered: { source: File | string; options: Partial<ImportOptions> } | null = null
  const series = ref<SeriesPick | null>(null)
  /** A wide file read as separate series (issue 13, item 2; meltWide, as fw train --melt): the file
   *  as imported and its summary, to go back to, the columns melted and the long layout's names.
   *  null: the dataset is the file as imported. */
  const wide = shallowRef<{ dataset: Dataset; summary: DatasetSummary | null; columns: string[]; series: string; value: string } | null>(null)

  const warnings = computed<Warning[]>(() => (dataset.value ? (summary.value?.warnings ?? datasetWarnings(dataset.value)) : []))
  const usableColumns = computed(() => (dataset.value?.columns ?? []).filter((c): c is DatasetColumn => c.kind !== 'text'))

  // The import worker kept between imports, warmed when the app starts (warm()): a fresh worker's
  // first import runs uncompiled code (about 0.4 s more on a 1M-row file in chromium). Cancel
  // terminates the worker at work; the one kept is then made afresh.
  let kept: { w: Worker; version: number } | null = null
  function takeWorker(): Worker {
    const k = kept
    kept = null
    if (k && k.version === factoryVersion) return k.w
    k?.w.terminate()
    return makeImportWorker()
  }
  function keep(w: Worker): void {
    if (kept) return w.terminate()
    w.onmessage = null
    w.onerror = () => {
      if (kept?.w === w) kept = null
    }
    kept = { w, version: factoryVersion }
  }
  /** Makes the import worker ahead of the first file and lets it read a small generated CSV. */
  function warm(): void {
    if (kept || worker) return
    let w: Worker
    try {
      w = makeImportWorker()
    } catch {
      return // no module workers here: each import makes its own, as before
    }
    keep(w)
    w.postMessage({ type: 'warm' })
  }
  /** warm() once the page is idle: after a cancel, the next file should not meet a cold worker. */
  function warmWhenIdle(): void {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(warm, { timeout: 2000 })
    else setTimeout(warm, 500)
  }

  function cancel(): void {
    if (worker) {
      worker.terminate()
      warmWhenIdle()
    }
    worker = null
    progress.value = null
  }

  function importFrom(source: File | string, name: string, path: string | null = null): Promise<boolean> {
    cancel()
    // Column types chosen for another file do not apply to this one.
    const sameSource = source === lastSource
    importing.value = name
    error.value = null
    progress.value = { fraction: 0, records: 0 }
    const options: ImportOptions = { fileName: name }
    const cols = sameSource ? Object.entries(overrides.value) : []
    if (cols.length) options.columns = Object.fromEntries(cols.map(([k, type]) => [k, { type }]))
    tried = { source, name, path }
    if (answered?.source === source) {
      // a column type answered (an import refusal's "read as text") joins the types chosen before;
      // a type chosen since (the column's Type) wins over the answer
      const { columns, ...rest } = answered.options
      Object.assign(options, rest)
      if (columns) options.columns = { ...columns, ...options.columns }
    }
    const w = (worker = takeWorker())
    return new Promise((resolve) => {
      w.onmessage = (e: MessageEvent<ImportReply>) => {
        const m = e.data
        if (m.type === 'warm') return // the warm-up, finished before this import started
        if (m.type === 'progress') progress.value = { fraction: m.totalChars ? Math.min(1, m.chars / m.totalChars) : 0, records: m.records }
        else {
          keep(w)
          worker = null
          progress.value = null
          importing.value = null
          if (m.type === 'done') {
            // All at once: the name, the rows and the source change together, or not at all.
            if (!sameSource) overrides.value = {}
            // a retyped re-read keeps the units; another file starts with those read off its values ("$1,234.50": "$")
            const kept = sameSource ? Object.fromEntries(Object.entries(units.value).filter(([k]) => m.dataset.columns.some((c) => c.name === k))) : {}
            units.value = { ...readUnits(m.dataset.columns), ...kept }
            lastSource = source
            rereadable.value = true
            fileName.value = name
            sourcePath.value = path
            seedSummary(m.dataset, m.summary)
            summary.value = m.summary
            proposeSeries(m.dataset)
            wide.value = null
            dataset.value = m.dataset
            datasetId.value = null
            reusedId.value = null
            seconds.value = m.seconds
            remember({ name, datasetId: null })
            notStored.value = null
            resolve(true)
          } else {
            error.value = { ...(m.type === 'error' ? m.error : { name: 'WorkerError', code: 'failed', message: `unexpected "${m.type}" from the import worker` }), file: name }
            resolve(false)
          }
        }
      }
      w.onerror = (e) => {
        w.terminate()
        worker = null
        progress.value = null
        importing.value = null
        error.value = { name: 'WorkerError', code: 'failed', message: e.message || 'the import worker failed', file: name }
        resolve(false)
      }
      w.postMessage({ type: 'import', source, options })
    })
  }

  /** Re-reads the current file with `column` as `kind`; when that fails, the column keeps its type
   *  and the error says which column could not be read so (nothing else was imported). */
  async function retype(column: string, kind: ColumnKind | 'ignore'): Promise<void> {
    const before = overrides.value
    overrides.value = { ...overrides.value, [column]: kind }
    if (lastSource === null || !fileName.value) return
    if (!(await importFrom(lastSource, fileName.value, sourcePath.value))) {
      overrides.value = before
      if (error.value) error.value = { ...error.value, column, kind }
    }
  }

  /** Re-reads the current file with `column`'s type as the import finds it (no type chosen, none
   *  answered): a column of times of day kept apart as text is then read with the days as one time. */
  async function untype(column: string): Promise<void> {
    const before = { overrides: overrides.value, answered }
    const { [column]: _chosen, ...rest } = overrides.value
    overrides.value = rest
    const columns = answered?.options.columns
    if (answered && columns?.[column]) {
      const { [column]: _answered, ...others } = columns
      answered = { source: answered.source, options: { ...answered.options, columns: others } }
    }
    if (lastSource === null || !fileName.value) return
    if (!(await importFrom(lastSource, fileName.value, sourcePath.value))) ({ overrides: overrides.value, answered } = before)
  }

  /** The open dataset's columns as main takes them: text columns (ids, comments) are not model
   *  inputs and are left out. */
  function typedColumns(): DatasetColumn[] {
    const ds = dataset.value
    if (!ds) throw new Error('no dataset imported yet')
    return ds.columns.filter((c): c is Exclude<Column, { kind: 'text' }> => c.kind !== 'text')
  }

  /** The open dataset as saveDataset stores it: its typed columns, the units given, its name. */
  function storedForm() {
    const ds = dataset.value
    if (!ds) throw new Error('no dataset imported yet')
    const columns = typedColumns()
    const given = Object.fromEntries(Object.entries(units.value).filter(([k, u]) => u && columns.some((c) => c.name === k)))
    return { name: fileName.value ?? ds.file, sourceFile: sourcePath.value, columns, timeColumn: ds.timeColumn, ...(Object.keys(given).length ? { units: given } : {}) }
  }
  /** The open dataset is stored as `id`: found stored already (reused), or stored now. */
  function storedAs(id: number, reused: boolean): void {
    datasetId.value = id
    reusedId.value = reused ? id : null
    remember({ name: fileName.value ?? dataset.value!.file, datasetId: id })
  }

  /** Stores the typed columns in main once; later calls reuse the id. */
  async function save(): Promise<number> {
    if (datasetId.value !== null) return datasetId.value
    const r = await useApi().saveDataset(storedForm())
    storedAs(r.datasetId, r.reused)
    return r.datasetId
  }

  /** A file imported and not stored whose rows main holds already (the same rows, units, name and
   *  time column: what save would reuse, fw's as the app's) is that stored dataset from now on, as
   *  after save: so nothing says it is not stored, and a run trained on it is on its data. Resolves
   *  to the stored id, or null where none holds it, or main could not say (nothing changes then). */
  async function findStored(): Promise<number | null> {
    if (datasetId.value !== null) return datasetId.value
    const asked = dataset.value
    if (!asked) return null
    try {
      const { datasetId: id } = await useApi().findStoredDataset(storedForm())
      // another file opened (or this one stored) meanwhile: the answer is not of the file open
      if (id === null || dataset.value !== asked || datasetId.value !== null) return datasetId.value
      storedAs(id, true)
      return id
    } catch {
      return null
    }
  }

  /** Runs `use` (a Start) on the open dataset's stored number. Where main no longer has that
   *  dataset (deleted in another window or by fw rm, or dropped with a start on it that ended before
   *  its run existed), the columns still open here are stored again and `use` runs once more on the
   *  new number: Start trains on what the analyst sees, not on "dataset 2 not found". */
  async function withStored<T>(use: (datasetId: number) => Promise<T>): Promise<T> {
    const id = await save()
    try {
      return await use(id)
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'not-found' && e.field === 'datasetId')) throw e
      forgetStored(id)
      return use(await save())
    }
  }

  /** After a reload: the stored dataset a run used, back as the working dataset (no re-import). */
  async function loadStored(id: number): Promise<void> {
    const { summary: stored, columns } = await useApi().getDataset({ datasetId: id })
    const time = columns.find((c) => c.kind === 'date')
    const ds: Dataset = {
      file: stored.name,
      rowCount: stored.rowCount,
      columns,
      lines: new Int32Array(0), // line numbers are not stored
      format: { delimiter: ',', decimal: null, newline: '\n', bom: false },
      timeColumn: time ? time.name : null,
      notices: []
    }
    // a long file's series id, as the import found it (a stored dataset keeps none): its time warnings
    // are then read within each series, not across the step from one series' last row to the next's
    const d = detectSeriesId(ds)
    ds.series = d.candidate && d.strong ? { columns: [...d.candidate.columns], count: d.candidate.count, declared: false } : null
    const s = await summariseOffThread(ds)
    if (s) seedSummary(ds, s)
    summary.value = s
    proposeSeries(ds)
    wide.value = null
    dataset.value = ds
    units.value = Object.fromEntries(stored.columns.flatMap((c) => (c.unit ? [[c.name, c.unit]] : [])))
    fileName.value = stored.name
    sourcePath.value = stored.sourceFile
    datasetId.value = id
    reusedId.value = null
    lastSource = null
    rereadable.value = false
    remember({ name: stored.name, datasetId: id })
  }

  /** After the stored dataset `id` was deleted: the one open here stays open, no longer stored, so
   *  that the next run stores it again rather than naming a dataset that is gone. */
  function forgetStored(id: number): void {
    if (datasetId.value !== id) return
    datasetId.value = null
    remember({ name: fileName.value ?? dataset.value?.file ?? '', datasetId: null })
  }

  /** One request to a worker of its own (the data are copied there), and what `pick` takes from
   *  its reply; null when the worker fails or answers something else. */
  function askWorker<T>(req: ImportRequest, pick: (m: ImportReply) => T | null): Promise<T | null> {
    return new Promise((resolve) => {
      let w: Worker
      try {
        w = makeImportWorker()
      } catch {
        return resolve(null)
      }
      w.onmessage = (e: MessageEvent<ImportReply>) => {
        w.terminate()
        resolve(pick(e.data))
      }
      w.onerror = () => (w.terminate(), resolve(null))
      w.postMessage(req)
    })
  }

  /** The summary from the worker; null if the worker fails, and the views then compute what they
   *  need on the main thread. */
  function summariseOffThread(ds: Dataset): Promise<DatasetSummary | null> {
    return askWorker({ type: 'summarise', dataset: ds }, (m) => (m.type === 'summary' ? m.summary : null))
  }

  /** The values of one series far from the rest (core/train/far-values.ts), found in a worker (a
   *  second at 20 000 seasonal rows), its steps read on the time column's clock rule (`clock`,
   *  DateColumn.clock), or `stepIndex` (the time column an integer step index: the season found
   *  from the values); null when there was no search or the worker failed. */
  function farValuesOffThread(values: Float64Array, time: Float64Array | null, clock: ClockRule | null, stepIndex = false): Promise<FarValues | null> {
    return askWorker({ type: 'far', values, time, clock, stepIndex }, (m) => (m.type === 'far' ? m.far : null))
  }

  /**
   * Sets (or with '' clears) the unit of a column: checked here first (core/data/units.ts), and
   * stored at once when the dataset already is. Resolves to why the unit was refused (naming the
   * column; nothing changes), or null.
   */
  async function setUnit(column: string, unit: string): Promise<string | null> {
    const u = unit.trim()
    const why = unitError(column, u)
    if (why) return why
    const before = units.value
    units.value = { ...units.value, [column]: u }
    if (datasetId.value === null) return null
    try {
      await useApi().setColumnUnits({ datasetId: datasetId.value, units: { [column]: u } })
      return null
    } catch (e) {
      units.value = before
      return e instanceof Error ? e.message : String(e)
    }
  }

  /** Re-reads the file just refused with the user's answer to its ambiguity ({ decimal } or
   *  { dateOrder }, { monthOrder }); the answer is kept for further re-reads of that file. */
  function answer(choice: Partial<ImportOptions>): Promise<boolean> {
    if (!tried) return Promise.resolve(false)
    const { source, name, path } = tried
    const before = answered?.source === source ? answered.options : {}
    const columns = before.columns || choice.columns ? { columns: { ...before.columns, ...choice.columns } } : {}
    answered = { source, options: { ...before, ...choice, ...columns } }
    return importFrom(source, name, path)
  }

  /** Re-reads the file just refused with `value` read as missing, beside the usual tokens (and
   *  those answered before); `retyped`: the column type whose re-read was refused, kept. */
  function readAsMissing(value: string, retyped?: { column: string; kind: ColumnKind }): Promise<boolean> {
    const before = tried && answered?.source === tried.source ? answered.options.missingTokens : undefined
    const missingTokens = [...(before ?? DEFAULT_MISSING), value]
    return answer(retyped ? { missingTokens, columns: { [retyped.column]: { type: retyped.kind } } } : { missingTokens })
  }

  /** The series id the import proposed (or, for a stored dataset, the one detected now); nothing picked. */
  function proposeSeries(ds: Dataset): void {
    let s: { columns: string[]; count: number } | null = ds.series ?? null
    if (ds.series === undefined) {
      const d = detectSeriesId(ds)
      s = d.candidate && d.strong ? d.candidate : null
    }
    series.value = s ? { columns: [...s.columns], count: s.count, values: null } : null
  }
  /** One series of a long file (one value per id column), or null for none picked. */
  function pickSeries(values: string[] | null): void {
    if (series.value) series.value = { ...series.value, values: values ? [...values] : null, oneSeries: false }
  }
  /** The rows are one series after all (true), or the proposed id stands again (false). */
  function markOneSeries(one: boolean): void {
    if (series.value) series.value = { ...series.value, values: null, oneSeries: one }
  }
  /** Each id column's values, in natural order (store 2 before store 10), for the picker: display
   *  only, the column's levels keep their file order. */
  const seriesLevels = computed<string[][]>(() => {
    const ds = dataset.value
    return (series.value?.columns ?? []).map((name) => {
      const c = ds?.columns.find((x) => x.name === name)
      if (c?.kind === 'categorical') return [...c.levels].sort(naturalCompare)
      if (c?.kind === 'numeric') return [...new Set(Array.from(c.values).filter((v) => v === v))].map(String).sort(naturalCompare)
      return []
    })
  })
  /** The rows of the series picked (null: none picked, all rows). */
  const seriesRows = computed<Int32Array | null>(() => {
    const ds = dataset.value
    const s = series.value
    if (!ds || !s?.values) return null
    try {
      return filterSeries(ds, s.columns, s.values).rows
    } catch {
      return null
    }
  })

  /**
   * The numeric `columns` of the file as separate series (meltWide): one row per series per time, the
   * series id "series" and the values "value" (or the first free name after them), proposed as the
   * series id as a long file's is. Called again, it melts the file as imported with the new columns.
   * Throws meltWide's error (naming the column) with nothing changed.
   */
  async function melt(columns: string[]): Promise<void> {
    const src = wide.value?.dataset ?? dataset.value
    if (!src) return
    const taken = new Set(src.columns.filter((c) => !columns.includes(c.name)).map((c) => c.name))
    const free = (base: string) => {
      let name = base
      for (let k = 2; taken.has(name); k++) name = `${base}_${k}`
      return name
    }
    const names = { series: free('series'), value: free('value') }
    const long = meltWide(src, { columns, seriesColumn: names.series, valueColumn: names.value })
    const s = await summariseOffThread(long)
    if (s) seedSummary(long, s)
    wide.value = { dataset: src, summary: wide.value?.summary ?? summary.value, columns: [...columns], ...names }
    // the values keep the unit their columns shared
    const shared = new Set(columns.map((c) => units.value[c] ?? ''))
    const unit = shared.size === 1 ? [...shared][0]! : ''
    // (the melted columns' own stay, for unmelt: save() stores only the units of columns it has)
    units.value = { ...units.value, ...(unit ? { [names.value]: unit } : {}) }
    summary.value = s
    proposeSeries(long)
    dataset.value = long
    datasetId.value = null
  }
  /** Back to the file as imported, its columns side by side. */
  function unmelt(): void {
    const w = wide.value
    if (!w) return
    wide.value = null
    summary.value = w.summary
    proposeSeries(w.dataset)
    const { [w.value]: _value, ...kept } = units.value
    units.value = kept
    dataset.value = w.dataset
    datasetId.value = null
  }

  function markMissingFixed(column: string): void {
    fixedMissing.value = new Set([...fixedMissing.value, column])
  }

  return { dataset, summary, fileName, importing, notStored, sourcePath, datasetId, reusedNote, closesUnstored, progress, error, seconds, overrides, warnings, usableColumns, fixedMissing, units, importFrom, cancel, warm, warmWhenIdle, farValuesOffThread, retype, untype, rereadable, typedColumns, save, findStored, withStored, markMissingFixed, loadStored, forgetStored, setUnit, answer, readAsMissing, series, seriesLevels, seriesRows, pickSeries, markOneSeries, wide, melt, unmelt }
})
