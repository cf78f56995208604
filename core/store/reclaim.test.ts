// Space freed by deletions goes back to the disk (db.ts reclaimSpace): incremental_vacuum in short
// steps on a file made with auto_vacuum INCREMENTAL, never a VACUUM that rewrites the whole file
// under the lock, and safe beside another connection reading the file (WAL).
import fs from 'node:fs'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { Store } from './store'
import { tempStore } from './test-fixtures/temp'

const fresh = () => tempStore('fw-reclaim-', { appVersion: 'test' })
/** A dataset of 8 columns of 250 000 doubles: 16 MB. */
const big = (store: Store, name: string) => store.datasets.save({ name, columns: Array.from({ length: 8 }, (_, c) => ({ name: `c${c}`, kind: 'numeric', data: Float64Array.from({ length: 250_000 }, (_, i) => i * (c + 1)) })) })
/** A store on a file made as an older version made them: auto_vacuum off. */
function older(): { file: string; old: Store } {
  const t = fresh()
  t.store.close()
  const raw = new Database(t.file)
  raw.pragma('auto_vacuum = NONE')
  raw.exec('VACUUM')
  raw.close()
  return { file: t.file, old: t.open({ appVersion: 'test' }) }
}
const size = (file: string) => fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0)

describe('reclaimSpace', () => {
  it('gives a deleted dataset\'s pages back to the disk in a new database', () => {
    const { file, store } = fresh()
    const keep = store.datasets.save({ name: 'small', columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from([1, 2, 3]) }] })
    const id = big(store, 'big')
    store.checkpointWal()
    const before = size(file)
    expect(before).toBeGreaterThan(16e6)
    store.datasets.remove(id)
    const r = store.reclaimSpace()
    expect(r.returned).toBeGreaterThan(15e6)
    expect(r.kept).toBe(0)
    expect(size(file)).toBeLessThan(1e6)
    expect(Array.from(store.datasets.load(keep).columns[0]!.data)).toEqual([1, 2, 3])
    store.close()
    expect(new Database(file, { readonly: true }).pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('beside a connection in the middle of a read: that reader keeps its snapshot, and the file shrinks once it ends', () => {
    const { file, store } = fresh()
    const id = big(store, 'big')
    store.checkpointWal()
    const other = new Database(file, { readonly: true })
    const rows = other.prepare('SELECT length(data) AS n FROM dataset_columns WHERE dataset_id = ?').iterate(id) as IterableIterator<{ n: number }>
    const first = rows.next().value! // a read transaction stays open while the statement steps
    store.datasets.remove(id)
    const t0 = performance.now()
    const r = store.reclaimSpace()
    // not the 5 s busy_timeout a checkpoint waiting for the reader would take
    expect(performance.now() - t0).toBeLessThan(3000)
    expect(r.returned).toBeGreaterThan(15e6)
    // the reader still sees the dataset it started reading, whole
    expect([first.n, ...Array.from(rows, (x) => x.n)]).toEqual(Array(8).fill(2_000_000))
    store.checkpointWal()
    expect(size(file)).toBeLessThan(1e6)
    expect(other.prepare('SELECT count(*) AS n FROM dataset_columns').get()).toEqual({ n: 0 })
    other.close()
    store.close()
  })

  it('in a file made without auto_vacuum (an older version), keeps the free pages and says so', () => {
    const { old } = older()
    old.datasets.remove(big(old, 'big'))
    const r = old.reclaimSpace()
    expect(r.returned).toBe(0)
    expect(r.kept).toBeGreaterThan(15e6)
    old.close()
  })

  it('compact rewrites a file made without auto_vacuum, which then gives deleted space back; refused while another process has the file open', () => {
    const { file, old } = older()
    const keep = old.datasets.save({ name: 'small', columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from([4, 5, 6]) }] })
    old.datasets.remove(big(old, 'big'))
    old.reclaimSpace()
    old.checkpointWal()
    expect(size(file)).toBeGreaterThan(15e6)
    // an idle connection elsewhere (the app, another fw): refused, nothing changed
    const other = new Database(file, { readonly: true })
    other.prepare('SELECT count(*) FROM runs').get()
    expect(() => old.compact()).toThrow(/another process has this database open/)
    expect(size(file)).toBeGreaterThan(15e6)
    // and this connection still reads and writes as before
    expect(Array.from(old.datasets.load(keep).columns[0]!.data)).toEqual([4, 5, 6])
    other.close()
    old.compact()
    expect(size(file)).toBeLessThan(1e6)
    expect(Array.from(old.datasets.load(keep).columns[0]!.data)).toEqual([4, 5, 6])
    // from now on a deletion gives its space back
    old.datasets.remove(big(old, 'again'))
    expect(old.reclaimSpace().kept).toBe(0)
    expect(size(file)).toBeLessThan(1e6)
    // another connection can open it again once compact is done
    const after = new Database(file, { readonly: true })
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok')
    after.close()
    old.close()
  })
})
