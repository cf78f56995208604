import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import { fromBlob, dtypeOf, toBlob, type Dtype, type NumericArray } from './blobs'
import { StoreError, invalid, notFound } from './errors'
import { now, read, write, type Ctx } from './context'
import { text, textOrNull } from './validate'
import { unitError } from '../data/units'

export interface DatasetColumnInput {
  name: string
  /** The data pipeline's column kind (e.g. 'time', 'numeric', 'categorical'); opaque here. */
  kind: string
  /** One value per row. NaN is allowed here: it is core/data's missing-value marker inside a BLOB. */
  data: NumericArray
  /** Per-column extras (category labels, date format, ...); stored as JSON. */
  meta?: unknown
  /** The unit the user gave the column ("°C", "ppm"); display only. Absent, null or '': none. */
  unit?: string | null
}

export interface DatasetInput {
  name: string
  sourceFile?: string | null
  /** e.g. sha256 of the source file; when omitted, sha256 over the column names, dtypes and bytes. */
  contentHash?: string
  columns: DatasetColumnInput[]
  meta?: unknown
}

export interface DatasetSummary {
  id: number
  name: string
  sourceFile: string | null
  contentHash: string
  importedAt: number
  rowCount: number
  meta: unknown
  columns: { idx: number; name: string; kind: string; dtype: Dtype; meta: unknown; unit: string | null }[]
}

export interface DatasetColumn {
  idx: number
  name: string
  kind: string
  dtype: Dtype
  meta: unknown
  unit: string | null
  data: NumericArray
}

export interface Dataset extends Omit<DatasetSummary, 'columns'> {
  columns: DatasetColumn[]
}

interface DatasetRow {
  id: number
  name: string
  source_file: string | null
  content_hash: string
  imported_at: number
  row_count: number
  meta_json: string
}
interface ColumnRow {
  dataset_id: number
  idx: number
  name: string
  kind: string
  dtype: Dtype
  meta_json: string
  unit: string | null
  data?: Buffer
}

export function datasetsTable(ctx: Ctx) {
  const db: Database.Database = ctx.db
  const insertDataset = db.prepare(
    // the next number never given (migration 012): a deleted dataset's number is not given again
    `INSERT INTO datasets (id, name, source_file, content_hash, imported_at, row_count, meta_json)
     VALUES ((SELECT max(last_id, (SELECT coalesce(max(id), 0) FROM datasets)) + 1 FROM dataset_ids WHERE one = 1),
       ?, ?, ?, ?, ?, ?)`
  )
  const insertColumn = db.prepare(
    `INSERT INTO dataset_columns (dataset_id, idx, name, kind, dtype, meta_json, unit, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const updateUnit = db.prepare<[string | null, number, string]>('UPDATE dataset_columns SET unit = ? WHERE dataset_id = ? AND name = ?')
  const selectAll = db.prepare<[], DatasetRow>('SELECT * FROM datasets ORDER BY imported_at DESC, id DESC')
  const selectOne = db.prepare<[number], DatasetRow>('SELECT * FROM datasets WHERE id = ?')
  const selectByHash = db.prepare<[string], DatasetRow>('SELECT * FROM datasets WHERE content_hash = ? ORDER BY id DESC')
  const selectColumnHeads = db.prepare<[], ColumnRow>(
    'SELECT dataset_id, idx, name, kind, dtype, meta_json, unit FROM dataset_columns ORDER BY dataset_id, idx'
  )
  const selectColumns = db.prepare<[number], ColumnRow>('SELECT * FROM dataset_columns WHERE dataset_id = ? ORDER BY idx')
  const selectHeads = db.prepare<[number], ColumnRow>('SELECT dataset_id, idx, name, kind, dtype, meta_json, unit FROM dataset_columns WHERE dataset_id = ? ORDER BY idx')
  const remove = db.prepare('DELETE FROM datasets WHERE id = ?')
  const selectUsage = db.prepare<[], { id: number; run_ids: string | null; bytes: number }>(
    `SELECT d.id, (SELECT group_concat(r.id) FROM runs r WHERE r.dataset_id = d.id) AS run_ids,
            (SELECT coalesce(sum(length(c.data)), 0) FROM dataset_columns c WHERE c.dataset_id = d.id) AS bytes
     FROM datasets d`
  )
  const selectUsers = db.prepare<[number], { id: number }>('SELECT id FROM runs WHERE dataset_id = ? ORDER BY id')
  // a run, or a start queued by any process (its row would go with the dataset: ON DELETE CASCADE)
  const selectUsed = db.prepare<[number, number], { n: number }>(
    'SELECT (SELECT count(*) FROM runs WHERE dataset_id = ?) + (SELECT count(*) FROM queued_starts WHERE dataset_id = ?) AS n'
  )

  function summary(row: DatasetRow, heads: ColumnRow[]): DatasetSummary {
    return {
      ...head(row),
      columns: heads.map((c) => ({ idx: c.idx, name: c.name, kind: c.kind, dtype: c.dtype, meta: JSON.parse(c.meta_json), unit: c.unit }))
    }
  }

  /** save's input, checked field by field (naming the field at fault), with its content hash. */
  function checked(input: DatasetInput) {
    const name = text('dataset.name', input.name)
    const sourceFile = textOrNull('dataset.sourceFile', input.sourceFile)
    if (!Array.isArray(input.columns) || input.columns.length === 0) throw invalid('dataset.columns', 'must list at least one column')
    const rowCount = input.columns[0].data?.length ?? 0
    const seen = new Set<string>()
    const columns = input.columns.map((c, i) => {
      const field = `dataset.columns[${i}]`
      text(`${field}.name`, c.name)
      text(`${field}.kind`, c.kind)
      const dtype = dtypeOf(`${field}.data`, c.data)
      if (c.data.length !== rowCount) throw invalid(`${field}.data`, `has ${c.data.length} rows, column 0 has ${rowCount}`)
      if (seen.has(c.name)) throw invalid(`${field}.name`, `duplicate column name ${JSON.stringify(c.name)}`)
      seen.add(c.name)
      return { ...c, dtype, metaJson: JSON.stringify(c.meta ?? {}), unit: unitOrNull(`${field}.unit`, c.name, c.unit) }
    })
    const hash = input.contentHash === undefined ? hashColumns(columns) : text('dataset.contentHash', input.contentHash)
    const metaJson = JSON.stringify(input.meta ?? {})
    return { name, sourceFile, columns, hash, metaJson, rowCount }
  }

  /** The newest stored dataset holding `c`'s rows (datasetContentKey), under its name, with its time
   *  column, units and column facts; null where none does. */
  function sameAs(c: ReturnType<typeof checked>): number | null {
    const key = datasetContentKey({ contentHash: c.hash, rowCount: c.rowCount, columns: c.columns })
    const time = timeColumnOf(c.metaJson)
    const same = selectByHash.all(c.hash).find((r) => {
      if (r.name !== c.name || r.row_count !== c.rowCount || timeColumnOf(r.meta_json) !== time) return false
      const heads = selectHeads.all(r.id)
      return (
        datasetContentKey({ contentHash: r.content_hash, rowCount: r.row_count, columns: heads.map((h) => ({ ...h, meta: JSON.parse(h.meta_json) })) }) === key &&
        // and the same import facts of each column (a date column's clock rule, which the key leaves out)
        heads.every((h, i) => h.unit === c.columns[i]!.unit && h.meta_json === c.columns[i]!.metaJson)
      )
    })
    return same ? same.id : null
  }

  function insert(c: ReturnType<typeof checked>): number {
    return write(ctx, 'dataset', 'NORMAL', () => {
      const id = Number(insertDataset.run(c.name, c.sourceFile, c.hash, now(), c.rowCount, c.metaJson).lastInsertRowid)
      c.columns.forEach((col, idx) => insertColumn.run(id, idx, col.name, col.kind, col.dtype, col.metaJson, col.unit, toBlob(col.data)))
      return id
    })
  }

  return {
    /**
     * Stores the dataset and all its columns in one transaction; returns its id.
     *
     * Durability: atomic (a kill -9 at any moment leaves all of the dataset or none of it), and
     * once save returns the dataset survives a crash of the app (synchronous=NORMAL). It survives
     * a power cut once its WAL frames are checkpointed. A dataset bigger than the auto-checkpoint
     * threshold (AUTOCHECKPOINT_PAGES, 4 MiB) is checkpointed by the commit itself, inside this
     * call: fsync WAL, copy into the database, fsync database. A reader whose snapshot predates
     * the commit can hold that copy back to a later checkpoint, as for any NORMAL commit.
     */
    save(input: DatasetInput): number {
      return insert(checked(input))
    },

    /**
     * The id of a stored dataset holding the same rows as `input` (datasetContentKey: the same
     * columns, values, types, levels and date formats), under the same name, with the same units,
     * the same time column and the same column facts (a date column's clock rule), else save's: `fw train` and `fw sweep` store the CSV they read with
     * every run, the app each file it opens, and the same file trained ten times kept ten copies of
     * it. The path it was read from and how it was written (delimiter, decimal mark, line ends) are
     * not compared: the CLI keeps the path, browser mode has none, and an older fw wrote an
     * undecided decimal mark as null where it now writes "dot"; none of these changes a row.
     */
    saveOrReuse(input: DatasetInput): { id: number; reused: boolean } {
      const c = checked(input)
      return write(ctx, 'dataset', 'NORMAL', () => {
        const same = sameAs(c)
        return same !== null ? { id: same, reused: true } : { id: insert(c), reused: false }
      })
    },

    /** The stored dataset saveOrReuse would reuse for `input`, found without storing anything; null
     *  where it would store one (the app's Setup asks so of a file not stored yet). */
    findSame(input: DatasetInput): number | null {
      const c = checked(input)
      return read(ctx, () => sameAs(c))
    },

    /** Every dataset with its column headers but not the data. */
    list(): DatasetSummary[] {
      return read(ctx, () => {
        const heads = new Map<number, ColumnRow[]>()
        for (const c of selectColumnHeads.all()) {
          const list = heads.get(c.dataset_id) ?? []
          list.push(c)
          heads.set(c.dataset_id, list)
        }
        return selectAll.all().map((r) => summary(r, heads.get(r.id) ?? []))
      })
    },

    /** Datasets imported from identical content, newest first (to offer reuse instead of a re-import). */
    findByHash(contentHash: string): DatasetSummary[] {
      return read(ctx, () => selectByHash.all(contentHash).map((r) => summary(r, selectColumns.all(r.id))))
    },

    /** The dataset with its column data as typed arrays. */
    load(id: number): Dataset {
      return read(ctx, () => {
        const row = selectOne.get(id)
        if (row === undefined) throw notFound(`dataset ${id}`)
        const columns = selectColumns.all(id).map((c) => ({
          idx: c.idx,
          name: c.name,
          kind: c.kind,
          dtype: c.dtype,
          meta: JSON.parse(c.meta_json) as unknown,
          unit: c.unit,
          data: fromBlob(c.dtype, c.data as Buffer)
        }))
        return { ...head(row), columns }
      })
    },

    /**
     * Sets the units of some columns by name ('' or null clears one), in one transaction: an
     * unknown column or a bad unit ('invalid', naming the column) changes nothing.
     */
    setUnits(id: number, units: Record<string, string | null>): void {
      const checked = Object.entries(units).map(([name, unit], i) => [name, unitOrNull(`units[${i}]`, name, unit)] as const)
      write(ctx, 'column units', 'NORMAL', () => {
        if (selectOne.get(id) === undefined) throw notFound(`dataset ${id}`)
        for (const [name, unit] of checked) {
          if (updateUnit.run(unit, id, name).changes === 0) throw invalid('units', `dataset ${id} has no column ${JSON.stringify(name)}`)
        }
      })
    },

    /** Per dataset: the runs that use it (ascending) and the bytes of its column data. */
    usage(): Map<number, { runIds: number[]; bytes: number }> {
      return read(ctx, () => new Map(selectUsage.all().map((u) => [u.id, { runIds: idsOf(u.run_ids), bytes: u.bytes }])))
    },

    /** Deletes dataset `id` if no run and no queued start (of any process) uses it, checked in the
     *  same transaction; false: kept (used, or already gone). */
    removeUnused(id: number): boolean {
      return write(ctx, 'dataset deletion', 'NORMAL', () => selectUsed.get(id, id)!.n === 0 && remove.run(id).changes === 1)
    },

    /** Deletes a dataset no run uses; 'in-use' otherwise, naming the runs (datasetInUse). */
    remove(id: number): void {
      write(ctx, 'dataset deletion', 'NORMAL', () => {
        const inUse = datasetInUse(id, selectUsers.all(id).map((r) => r.id))
        if (inUse) throw new StoreError('in-use', inUse)
        if (remove.run(id).changes === 0) throw notFound(`dataset ${id}`)
      })
    }
  }
}

export type DatasetsTable = ReturnType<typeof datasetsTable>

/**
 * The one rule for deleting a dataset, which the store's remove enforces and the lists show
 * beforehand (fw datasets' JSON, the app's Delete): a dataset that runs use is kept, and why, naming
 * them; null when none does and it may go.
 */
export function datasetInUse(id: number, runIds: readonly number[]): string | null {
  if (!runIds.length) return null
  const one = runIds.length === 1
  return `dataset ${id} is used by ${one ? 'run' : 'runs'} ${idRanges(runIds)}; delete ${one ? `run ${runIds[0]}` : 'those runs'} first`
}

/** Every id, three or more consecutive ones as a range ("1-5, 7 and 9-11"; fw rm takes ranges): the runs to delete
 *  are all named, where "1, 2, 3, 4, 5 and 6 more" hid those it asked to delete. */
export function idRanges(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b)
  const out: string[] = []
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++
    if (j - i >= 2) out.push(`${sorted[i]}-${sorted[j]}`)
    else for (let k = i; k <= j; k++) out.push(String(sorted[k]))
    i = j + 1
  }
  return out.length > 1 ? `${out.slice(0, -1).join(', ')} and ${out[out.length - 1]}` : out.join('')
}

/**
 * What a dataset's rows are, whatever file, path or import options they were read from: its content
 * hash (column names, types and values), its row count and each column's name, kind and extras
 * (category levels, date format and offsets; not a date column's clock rule: rowFacts). Two datasets with equal keys hold the same rows, so their runs'
 * scores are on the same data (the app's and fw's Compare); the units a user gave (display only)
 * are no part of it.
 */
export function datasetContentKey(d: { contentHash: string; rowCount: number; columns: readonly { name: string; kind: string; meta?: unknown }[] }): string {
  const heads = d.columns.map((c) => [c.name, c.kind, rowFacts(c.meta)])
  return 'sha256:' + createHash('sha256').update(JSON.stringify([d.contentHash, d.rowCount, heads])).digest('hex')
}

/** A column's stored facts less a date column's clock rule and rows' offsets (core/data
 *  DateColumn.clock, .offsets, .rowOffsets): read from the file's offsets (which its content hash holds), they
 *  say how the times are written and step past the end, not what the rows are; a dataset stored
 *  before they were kept holds the same rows as one stored after. */
function rowFacts(meta: unknown): unknown {
  if (!meta || typeof meta !== 'object' || !('clock' in meta || 'offsets' in meta || 'rowOffsets' in meta)) return meta ?? {}
  const { clock: _clock, offsets: _offsets, rowOffsets: _rows, ...rest } = meta as Record<string, unknown>
  return rest
}

/** The time column a dataset's import facts name (null: none was found); undefined where they name
 *  none at all (the app stored no import facts before), which matches only the same. */
function timeColumnOf(metaJson: string): string | null | undefined {
  const m = JSON.parse(metaJson) as { timeColumn?: unknown } | null
  return m && typeof m === 'object' && (typeof m.timeColumn === 'string' || m.timeColumn === null) ? m.timeColumn : undefined
}

/** group_concat's "3,5,8" as ascending ids; null (no run) as none. */
function idsOf(list: string | null): number[] {
  return list ? list.split(',').map(Number).sort((a, b) => a - b) : []
}


function head(row: DatasetRow): Omit<DatasetSummary, 'columns'> {
  return {
    id: row.id,
    name: row.name,
    sourceFile: row.source_file,
    contentHash: row.content_hash,
    importedAt: row.imported_at,
    rowCount: row.row_count,
    meta: JSON.parse(row.meta_json)
  }
}

/** A checked unit, null for none (absent, null or ''); 'invalid' names the column. */
function unitOrNull(field: string, column: string, unit: unknown): string | null {
  if (unit === undefined || unit === null || unit === '') return null
  const why = unitError(column, unit)
  if (why) throw invalid(field, why)
  return unit as string
}

function hashColumns(columns: { name: string; dtype: Dtype; data: NumericArray }[]): string {
  const h = createHash('sha256')
  for (const c of columns) h.update(`${c.name}\0${c.dtype}\0`).update(toBlob(c.data))
  return 'sha256:' + h.digest('hex')
}
