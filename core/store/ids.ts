import type { Ctx } from './context'
import { read } from './context'

/** Ids stored, by table: runs and datasets, ascending; and the largest id each table has ever given
 *  (run_ids, dataset_ids: migrations 009 and 012), deleted or not, in the same snapshot. */
export interface StoredIdLists {
  runs: number[]
  datasets: number[]
  last: { runs: number; datasets: number }
}

/** What another connection changed, found cheaply: main's watch for deletions made by another
 *  process (`fw rm`) reads this (core/services/deletion-watch.ts). */
export interface IdsTable {
  /** SQLite's PRAGMA data_version of this connection: it changes when ANOTHER connection (another
   *  process, or another connection of this one) commits, never on this connection's own commits. */
  dataVersion(): number
  /** The ids of every stored run and dataset, ascending, in one snapshot; with `above`, only those
   *  greater (ids only grow, never reused: those stored since ids up to `above` were read). Read
   *  from a covering index or a rowid range. */
  list(above?: { runs: number; datasets: number }): StoredIdLists
}

export function idsTable(ctx: Ctx): IdsTable {
  const { db } = ctx
  const version = db.prepare<[], number>('PRAGMA data_version').pluck()
  // no ORDER BY: SQLite then reads the ids from a covering index (runs_by_dataset, datasets_by_hash),
  // not from the table's pages, which hold every row's config and columns' metadata
  const ascending = (ids: number[]): number[] => ids.sort((a, b) => a - b)
  const runs = db.prepare<[], number>('SELECT id FROM runs').pluck()
  const datasets = db.prepare<[], number>('SELECT id FROM datasets').pluck()
  const runsAbove = db.prepare<[number], number>('SELECT id FROM runs WHERE id > ? ORDER BY id').pluck()
  const datasetsAbove = db.prepare<[number], number>('SELECT id FROM datasets WHERE id > ? ORDER BY id').pluck()
  const last = db.prepare<[], { runs: number; datasets: number }>(
    `SELECT (SELECT max(last_id, (SELECT coalesce(max(id), 0) FROM runs)) FROM run_ids WHERE one = 1) AS runs,
            (SELECT max(last_id, (SELECT coalesce(max(id), 0) FROM datasets)) FROM dataset_ids WHERE one = 1) AS datasets`
  )
  return {
    dataVersion: () => version.get()!,
    list: (above) =>
      read(ctx, () => ({
        ...(above ? { runs: runsAbove.all(above.runs), datasets: datasetsAbove.all(above.datasets) } : { runs: ascending(runs.all()), datasets: ascending(datasets.all()) }),
        last: last.get()!
      }))
  }
}
