// The future values of known-future features from a second file (fw forecast --future FILE,
// issue 13 item 6): its rows are appended after the data's, with the target left empty, so that
// applyFitted sees them as the rows past the last target value, as if they had been in the file.
import { PipelineError } from './errors'
import { dataZoneMark, isOffsetMark, noticeTime, stampZone, zoneMarkOf } from './time-cell'
import { seriesRows } from './global'
import type { Column, ColumnKind, Dataset } from './types'

/** A column of the future file read as another kind than the data's (a word among its numbers made
 *  it text): `column`, the data's `kind` and `dataFile`, so that a caller that can read the file again
 *  with the column typed so has the import name the cell (core/cli/io.ts namingFutureCell). */
export class FutureKindError extends PipelineError {
  constructor(message: string, readonly column: string, readonly kind: ColumnKind, readonly dataFile: string) {
    super('bad-config', message, 'future')
  }
}

/** `ds` followed by the rows of `future`. `future` needs the time column (when `ds` has one) and
 *  only columns `ds` has, of the same kind; every time in it must come after the last time of `ds`.
 *  Columns it lacks are missing on its rows. */
export function appendFuture(ds: Dataset, future: Dataset): Dataset {
  const bad = (what: string): never => {
    throw new PipelineError('bad-config', what, 'future')
  }
  for (const c of future.columns) {
    const mine = ds.columns.find((x) => x.name === c.name)
    if (!mine) bad(`${future.file} has a column "${c.name}" that ${ds.file} lacks (${ds.columns.map((x) => x.name).join(', ')})`)
    if (mine!.kind !== c.kind && c.kind !== 'text') throw new FutureKindError(`column "${c.name}" is ${c.kind} in ${future.file} but ${mine!.kind} in ${ds.file}`, c.name, mine!.kind, ds.file)
  }
  const N = ds.rowCount
  const F = future.rowCount
  if (ds.timeColumn) {
    const ft = future.columns.find((c) => c.name === ds.timeColumn)
    if (!ft || ft.kind !== 'date') return bad(`${future.file} needs the time column "${ds.timeColumn}" (dates) to place its rows after ${ds.file}'s`)
    const mt = (ds.columns.find((c) => c.name === ds.timeColumn) as { values: Float64Array }).values
    let last = -Infinity
    for (const t of mt) if (t > last) last = t
    const i = ft.values.findIndex((t) => !(t > last))
    // times as the files wrote them, in the data's zone (noticeTime), not UTC instants
    const zone = dataZoneMark(ds)
    if (i >= 0) bad(`${future.file}, line ${future.lines[i]}: "${ds.timeColumn}" is ${Number.isNaN(ft.values[i]!) ? 'empty' : noticeTime(ft.values[i]!, dataZoneMark(future, ds.timeColumn))}, not after the last time of ${ds.file} (${noticeTime(last, zone)}); the future file holds only rows after the data`)
    repeatedTime(future, ft.values, ds.timeColumn)
  }
  const columns = ds.columns.map((c): Column => {
    const f = future.columns.find((x) => x.name === c.name)
    switch (c.kind) {
      case 'numeric':
      case 'boolean':
      case 'date': {
        const values = new Float64Array(N + F).fill(NaN) // (N + F)
        values.set(c.values)
        if (f && f.kind === c.kind) values.set(f.values, N)
        if (c.kind !== 'date' || !c.rowOffsets) return { ...c, values }
        // each row's own offset: the future rows' as their file wrote them (none: NaN)
        const rowOffsets = new Float64Array(N + F).fill(NaN) // (N + F)
        rowOffsets.set(c.rowOffsets)
        const fz = f?.kind === 'date' ? zoneMarkOf(f) : null
        if (f?.kind === 'date' && f.rowOffsets) rowOffsets.set(f.rowOffsets, N)
        else if (f?.kind === 'date' && isOffsetMark(fz) && fz !== 'Z')
          f.values.forEach((t, i) => (rowOffsets[N + i] = t === t ? (stampZone(t, fz) as number) : NaN))
        return { ...c, values, rowOffsets }
      }
      case 'categorical': {
        const levels = [...c.levels]
        const codes = new Int32Array(N + F).fill(-1) // (N + F)
        codes.set(c.codes)
        if (f && f.kind === 'categorical') {
          const pos = new Map(levels.map((l, k) => [l, k]))
          f.codes.forEach((code, i) => {
            if (code < 0) return
            const l = f.levels[code]!
            if (!pos.has(l)) pos.set(l, levels.push(l) - 1)
            codes[N + i] = pos.get(l)!
          })
        }
        return { ...c, codes, levels }
      }
      case 'text':
        return c
    }
  })
  const lines = new Int32Array(N + F) // (N + F) the future file's own line numbers on its rows
  lines.set(ds.lines)
  lines.set(future.lines, N)
  return { ...ds, rowCount: N + F, columns, lines, notices: [...ds.notices, { code: 'future-file', message: `${F} future rows from ${future.file}` }] }
}

/** A time the future file gives twice for one series (by its declared id, when it has those columns)
 *  is refused, naming the file, the lines of both rows and the time: the data's repeated times are
 *  merged by mean and said, but two future values of a known input are a mistake to correct. (Lines,
 *  not row numbers: a global model's series come here as their own rows of the file.) */
function repeatedTime(future: Dataset, time: Float64Array, name: string): void {
  const ids = future.series?.declared ? future.series.columns : []
  const groups = ids.length && ids.every((n) => future.columns.some((c) => c.name === n))
    ? seriesRows(future, ids)
    : [{ label: '', rows: Int32Array.from({ length: future.rowCount }, (_, i) => i) }]
  const series = groups.length > 1
  const zone = dataZoneMark(future, name) // the time as the file wrote it
  for (const g of groups) {
    const first = new Map<number, number>() // time -> its first row
    for (const i of g.rows) {
      const j = first.get(time[i]!)
      if (j !== undefined)
        throw new PipelineError('bad-config', `${future.file}, lines ${future.lines[j]} and ${future.lines[i]}: both rows are ${noticeTime(time[i]!, zone)} ("${name}")${series ? ` for ${g.label}` : ''}; a future file holds one row per time${series ? ' and series' : ''}: remove one of them`, 'future')
      first.set(time[i]!, i)
    }
  }
}
