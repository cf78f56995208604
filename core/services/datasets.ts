// A core/data Dataset <-> the run store's typed-array columns. Main and the CLI both save and
// load datasets through these two functions, so a dataset reads back exactly as it was imported.
import type { Column, Dataset, DateColumn, TextColumn } from '../data'
import fs from 'node:fs'
import { datasetContentKey, datasetInUse, StoreError, type DatasetColumnInput, type DatasetInput, type Reclaimed, type Store, type Dataset as StoredDataset } from '../store'
import { sizeWords } from '../data/words'
import { rowOffsetsOf, zoneMarkOf, zoneRowsOf, zoneRowsOk, zoneStepsOk, type TimeZoneMark, type ZoneRows, type ZoneSteps } from '../data/time-cell'
import { clockRuleOf, type ClockRule } from '../data/clock-rule'

interface StoredMeta {
  timeColumn: string | null
  format: Dataset['format']
}

/** A date column's stored metadata: its format, whether it has times, and whether they carried UTC
 *  offsets (kept only when they did, so a dataset stored before reads and compares as it was). */
export const dateMeta = (c: DateColumn): { format: DateColumn['format']; hasTime: boolean; zoned?: true; offsetMin?: number; clock?: ClockRule; offsets?: ZoneSteps; rowOffsets?: ZoneRows } => ({ format: c.format, hasTime: c.hasTime, ...(c.zoned ? { zoned: true as const } : {}), ...(c.zoned && c.offsetMin !== undefined ? { offsetMin: c.offsetMin } : {}), ...(c.zoned && c.clock ? { clock: c.clock } : {}), ...(c.zoned && c.offsets ? { offsets: c.offsets } : {}), ...(c.zoned && c.rowOffsets ? rowsMeta(c.rowOffsets) : {}) })

/** Each row's offset (DateColumn.rowOffsets) as stored: where it changes (ZoneRows); none where no row has one. */
function rowsMeta(o: Float64Array): { rowOffsets?: ZoneRows } {
  const z = zoneRowsOf(o)
  return z.row.length ? { rowOffsets: z } : {}
}

/** A date column from its stored data and metadata (dateMeta); metadata written before a field
 *  existed reads as it did: ISO, no times, no offsets. */
export function dateFromMeta(name: string, values: Float64Array, meta: unknown): DateColumn {
  const m = (meta ?? {}) as { format?: DateColumn['format']; hasTime?: unknown; zoned?: unknown; offsetMin?: unknown; clock?: unknown; offsets?: unknown; rowOffsets?: unknown }
  const offset = m.zoned === true && typeof m.offsetMin === 'number' && Number.isInteger(m.offsetMin) ? { offsetMin: m.offsetMin } : {}
  const clock = m.zoned === true ? clockRuleOf(m.clock) : null // stored before it was kept: none, steady time past the end
  const offsets = m.zoned === true && zoneStepsOk(m.offsets) ? { offsets: m.offsets } : {} // stored before they were kept: none, UTC marked Z
  // series in different zones, rows at one instant with two offsets: each row's (stored before it was kept: none, UTC marked Z)
  const rows = m.zoned === true && values.length > 0 && zoneRowsOk(m.rowOffsets, values.length) ? { rowOffsets: rowOffsetsOf(m.rowOffsets, values.length) } : {}
  return { kind: 'date', name, values, format: m.format ?? 'iso', hasTime: m.hasTime === true, ...(m.zoned === true ? { zoned: true } : {}), ...offset, ...(clock ? { clock } : {}), ...offsets, ...rows }
}

/** The zone a stored dataset's forecast files write its times in (../data/time-cell zoneMarkOf):
 *  of the column `time`, else of its first date column; null where they carried no offset. */
export function storedZoneMark(columns: readonly { name: string; kind: string; meta: unknown }[], time: string | null | undefined): TimeZoneMark {
  const c = columns.find((x) => x.kind === 'date' && (time == null || x.name === time))
  return c ? zoneMarkOf(dateFromMeta(c.name, new Float64Array(0), c.meta)) : null
}

/** The zone a stored run's data wrote its times in (storedZoneMark): of its config's time column
 *  (`time`), else of the one the import found, else of its first date column; null without its
 *  dataset. fw compare, fw show and the app's run detail (Compare, Evaluate) read it alike. */
export function storedRunZone(dataset: { columns: readonly { name: string; kind: string; meta: unknown }[]; meta: unknown } | undefined, time: string | null | undefined): TimeZoneMark {
  return dataset ? storedZoneMark(dataset.columns, time ?? storedTimeColumn(dataset)) : null
}

/** The time column the import found, as toStoredDataset keeps it with a dataset (fw's runs read it
 *  there, their config naming none); null where it kept none (the app's datasets stored before it
 *  sent one, whose runs name it in their config). */
export function storedTimeColumn(d: { meta: unknown } | undefined): string | null {
  const meta = d?.meta as { timeColumn?: unknown } | null | undefined
  return typeof meta?.timeColumn === 'string' ? meta.timeColumn : null
}

/** One typed column as the store keeps it, with the unit the user gave it (display only; the store
 *  checks it): fw's datasets (toStoredDataset) and the app's (saveDataset) alike, so the same file
 *  stored by either is one dataset (core/store saveOrReuse). A yes/no column keeps its file's own
 *  words (no, yes), which its forecast files write a yes/no target's actual in. */
export function toStoredColumn(c: Exclude<Column, TextColumn>, unit: string | undefined): DatasetColumnInput {
  const u = unit ? { unit } : {}
  switch (c.kind) {
    case 'numeric':
      return { name: c.name, kind: c.kind, data: c.values, ...u }
    case 'boolean':
      return { name: c.name, kind: c.kind, data: c.values, ...(c.words ? { meta: { words: c.words } } : {}), ...u }
    case 'date':
      return { name: c.name, kind: 'date', data: c.values, meta: dateMeta(c), ...u }
    case 'categorical':
      return { name: c.name, kind: 'categorical', data: c.codes, meta: { levels: c.levels }, ...u }
  }
}

/** `units`: column name -> the unit the user gave it (display only; the store checks them). */
export function toStoredDataset(ds: Dataset, name: string, sourceFile: string | null, units: Record<string, string> = {}): DatasetInput {
  // text columns (ids, comments) are not model inputs and are not stored
  const columns = ds.columns.flatMap((c) => (c.kind === 'text' ? [] : [toStoredColumn(c, units[c.name])]))
  const meta: StoredMeta = { timeColumn: ds.timeColumn, format: ds.format }
  return { name, sourceFile, columns, meta }
}

/** A stored yes/no column's words, two strings; anything else (a dataset stored before) is none. */
const storedWords = (w: unknown): boolean => Array.isArray(w) && w.length === 2 && w.every((x) => typeof x === 'string')

/** A dataset's file as a shared export names it (the report's Dataset section, the workbook's Data
 *  sheet): its name without the folders (a report is passed on, and a path such as
 *  /home/ana/clients/… or C:\Users\ana\… says whose machine and what else is on it). Errors and the
 *  app's own views keep the full path (Dataset.file). */
export function fileNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
}

export function fromStoredDataset(s: StoredDataset): Dataset {
  const meta = (s.meta ?? {}) as Partial<StoredMeta>
  return datasetOf(s.sourceFile ?? s.name, s.rowCount, s.columns.map((c) => fromStoredColumn(c, s.id)), meta)
}

/** One stored column as it was imported (toStoredColumn's inverse): fw's datasets and the app's
 *  getDataset alike. */
export function fromStoredColumn(c: StoredDataset['columns'][number], datasetId: number): Exclude<Column, TextColumn> {
  const m = (c.meta ?? {}) as { levels?: string[]; words?: unknown }
  switch (c.kind) {
    case 'numeric':
      return { kind: c.kind, name: c.name, values: asF64(c.data) }
    case 'boolean':
      return { kind: c.kind, name: c.name, values: asF64(c.data), ...(storedWords(m.words) ? { words: m.words as [string, string] } : {}) }
    case 'date':
      return dateFromMeta(c.name, asF64(c.data), c.meta)
    case 'categorical':
      return { kind: 'categorical', name: c.name, codes: c.data instanceof Int32Array ? c.data : Int32Array.from(c.data), levels: m.levels ?? [] }
    default:
      throw new Error(`dataset ${datasetId}: column ${c.name} has unknown kind ${c.kind}`)
  }
}

/** A file's typed columns that are not stored (the app's Apply model on the file open in Data), as
 *  fromStoredDataset reads them stored, less the import facts the app does not send here (its time
 *  column: apply-model.ts takes the first date column, as the import chose it; its format). */
export function unstoredDataset(file: string, columns: Exclude<Column, TextColumn>[]): Dataset {
  const c = columns[0]
  return datasetOf(file, c === undefined ? 0 : c.kind === 'categorical' ? c.codes.length : c.values.length, columns, {})
}

function datasetOf(file: string, rowCount: number, columns: Column[], meta: Partial<StoredMeta>): Dataset {
  return {
    file,
    rowCount,
    columns,
    lines: Int32Array.from({ length: rowCount }, (_, i) => i + 2),
    format: meta.format ?? { delimiter: ',', decimal: null, newline: '\n', bom: false },
    timeColumn: meta.timeColumn ?? null,
    notices: []
  }
}

const asF64 = (a: ArrayLike<number>): Float64Array => (a instanceof Float64Array ? a : Float64Array.from(a))

/** A stored dataset as the lists show it: what it is, which runs use it, how much it holds. */
export interface StoredDatasetRow {
  id: number
  name: string
  sourceFile: string | null
  importedAt: number
  rowCount: number
  columnCount: number
  /** Its columns: name, kind and the unit the user gave (null: none). */
  columns: { name: string; kind: string; unit: string | null }[]
  /** How many runs train on it, and which (ascending). */
  runs: number
  runIds: number[]
  /** Why it cannot be deleted (runs use it, naming them), as removeDataset would refuse it; null
   *  when it can (core/store datasetInUse, the one rule). */
  inUse: string | null
  /** Bytes of its column data in the database. */
  bytes: number
  /** The other stored datasets that hold the same rows (core/store datasetContentKey: the same
   *  content hash, row count and columns), ascending: an older build kept one copy per run. Said,
   *  never merged: the analyst may delete the spare ones. */
  sameRows: number[]
}

/** Every stored dataset, newest first, with the runs using each and its size (main and the CLI list these). */
export function storedDatasets(store: Store): StoredDatasetRow[] {
  const usage = store.datasets.usage()
  const listed = store.datasets.list()
  const keys = new Map(listed.map((d) => [d.id, datasetContentKey(d)]))
  return listed.map((d) => {
    const runIds = usage.get(d.id)?.runIds ?? []
    const sameRows = listed.filter((x) => x.id !== d.id && keys.get(x.id) === keys.get(d.id)).map((x) => x.id).sort((x, y) => x - y)
    return {
      id: d.id, name: d.name, sourceFile: d.sourceFile, importedAt: d.importedAt, rowCount: d.rowCount, columnCount: d.columns.length,
      columns: d.columns.map((c) => ({ name: c.name, kind: c.kind, unit: c.unit })),
      runs: runIds.length,
      runIds,
      inUse: datasetInUse(d.id, runIds),
      bytes: usage.get(d.id)?.bytes ?? 0,
      sameRows
    }
  })
}

/**
 * Deletes a dataset no run uses (the store refuses one that runs use, 'in-use' naming them) and
 * gives the space it freed back to the disk where the database file allows it. `file` is the
 * database's size on disk before and after; `said` the outcome in words, as fw and the app say it.
 */
export function removeDataset(store: Store, id: number): { reclaimed: Reclaimed; file: { before: number; after: number }; said: string } {
  const before = databaseBytes(store.file)
  store.datasets.remove(id)
  const after = reclaimAfterDeletion(store, before)
  return { ...after, said: `dataset ${id} deleted${after.said}` }
}

/**
 * Gives back the space a deletion that has committed freed (Store.reclaimSpace), and says how it
 * went, to follow "run 3 deleted": a disk too full for that step (or the file busy or unreadable
 * then) leaves the deletion done, so it is said as a step skipped, not as a failure of the deletion
 * (fw rm exits 0, the app's Delete closes): the freed pages stay free inside the file, and the next
 * deletion gives them back. Any other error is a bug and is thrown. `before`: the file's bytes
 * before the deletion (databaseBytes).
 */
export function reclaimAfterDeletion(store: Store, before: number): { reclaimed: Reclaimed; file: { before: number; after: number }; said: string; skipped: boolean } {
  try {
    const reclaimed = store.reclaimSpace()
    const file = { before, after: databaseBytes(store.file) }
    return { reclaimed, file, said: reclaimedWords(reclaimed, file), skipped: false }
  } catch (e) {
    if (!(e instanceof StoreError) || !['disk-full', 'busy', 'io'].includes(e.code)) throw e
    const full = e.code === 'disk-full'
    const said = `; its space was not given back to the disk (${full ? `the disk holding ${store.file} is full` : e.message}): it stays free inside the database file, and the next deletion gives it back${full ? ' once there is room' : ''}`
    return { reclaimed: { returned: 0, kept: 0 }, file: { before, after: databaseBytes(store.file) }, said, skipped: true }
  }
}

/**
 * Deletes dataset `id` if nothing uses it (no run, no queued start), giving its space back as
 * removeDataset does; false: kept. The app drops, by this, a dataset stored for a start that ended
 * before its run existed (stopped while preparing, refused), as fw train stores nothing then; a
 * disk too full to give the space back leaves it free inside the file (reclaimAfterDeletion).
 */
export function dropUnusedDataset(store: Store, id: number): boolean {
  if (!store.datasets.removeUnused(id)) return false
  reclaimAfterDeletion(store, 0)
  return true
}

/** What a deletion gave back to the disk, or why the file keeps it. */
export function reclaimedWords(r: Reclaimed, file: { before: number; after: number }): string {
  // what was given back, always; the file's sizes only where they differ as shown (a 19 kB dataset
  // in a 1.9 MB file would read 'went from 1.9 MB to 1.9 MB')
  const [from, to] = [sizeWords(file.before), sizeWords(file.after)]
  const shrank = file.before > file.after ? `; ${sizeWords(file.before - file.after)} given back to the disk${from !== to ? ` (the database file went from ${from} to ${to})` : ''}` : ''
  // a file made before auto_vacuum (db.ts) can give nothing back without a rewrite of the whole file
  const kept = r.kept > 0 ? `; ${sizeWords(r.kept)} stays free inside the database file, which later writes reuse (a file made by an older version gives no space back to the disk)` : ''
  return shrank + kept
}

/**
 * Rewrites the database file so that it keeps no free space inside it, and switches a file made by
 * an older version to give deleted space back from then on (Store.compact; refused, 'in-use', while
 * another process has the file open). `file` is its size on disk before and after.
 */
export function compactDatabase(store: Store): { file: { before: number; after: number } } {
  const before = databaseBytes(store.file)
  store.compact()
  return { file: { before, after: databaseBytes(store.file) } }
}

/** The database's bytes on disk, its WAL included. */
export function databaseBytes(file: string): number {
  return [file, `${file}-wal`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0)
}
