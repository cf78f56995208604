// A classification run stored before its classes were kept (schema 19: runs.classes_json) and
// without a rule: the run lists read its class names off its stored dataset, as fw show does
// (storedRunTarget), once, and keep them with the run. Before, fw runs said "no row of one of the
// classes of "weather"" for a test period without snow, on every listing.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS, migrate, openStore, StoreError } from '../store'
import { listedRunClasses } from '../services/listed-skill'
import { fw } from './test-fixtures/fw'

const sample = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname
const classesOf = (db: string) => {
  const raw = new Database(db, { readonly: true })
  try {
    return (raw.prepare('SELECT classes_json AS c FROM runs WHERE id = 1').get() as { c: string | null }).c
  } finally {
    raw.close()
  }
}

/** A database where fw train stored a classification run of the sample's weather (run 1), open,
 *  its classes then dropped as a run finished before migration 019 has none. */
async function runWithoutClasses(prefix: string): Promise<{ db: string; store: ReturnType<typeof openStore> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const db = join(dir, 'runs.db')
  const t = await fw('train', '--csv', sample, '--target', 'weather', '--task', 'classification', '--epochs', '2', '--db', db, '--out', join(dir, 'out'))
  expect(t.code, t.stderr).toBe(0)
  const store = openStore(db)
  store.db.prepare('UPDATE runs SET classes_json = NULL WHERE id = 1').run()
  return { db, store }
}

describe('a classification run stored before schema 19, without a rule', () => {
  it("fw runs names the class its test period lacks, read once and kept with the run", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-pre19-'))
    const db = join(dir, 'runs.db')
    // a database at schema 18, migrated by fw train; the run then loses its classes, as one
    // finished before migration 019 has none
    const raw = new Database(db)
    migrate(raw, db, MIGRATIONS.slice(0, 18))
    expect(raw.pragma('user_version', { simple: true })).toBe(18)
    raw.close()
    const t = await fw('train', '--csv', sample, '--target', 'weather', '--task', 'classification', '--epochs', '2', '--db', db, '--out', join(dir, 'out'))
    expect(t.code, t.stderr).toBe(0)
    expect(t.stdout).toContain('caution: the test period holds no row of snow')
    const w = new Database(db)
    w.prepare('UPDATE runs SET classes_json = NULL WHERE id = 1').run()
    w.close()

    const first = await fw('runs', '--db', db)
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('note: run 1: the test period holds no row of snow, too few to tell its skill from chance') // was 'of one of the classes of "weather"'
    expect(JSON.parse(classesOf(db)!)).toEqual({ names: ['drizzle', 'rain', 'sun', 'snow', 'fog'] }) // kept: the next list reads them
    const again = await fw('runs', '--db', db)
    expect(again.stdout).toBe(first.stdout)
  }, 120_000)

  it('names them from a database it cannot write too, reading them once a process', async () => {
    const { store } = await runWithoutClasses('fw-pre19-ro-')
    try {
      // a database that cannot be written (root passes every permission check: the write refused here)
      let loads = 0
      const readOnly = {
        ...store,
        runs: { ...store.runs, setClasses: () => { throw new Error('attempt to write a readonly database') } },
        datasets: { ...store.datasets, load: (id: number) => (loads++, store.datasets.load(id)) }
      }
      const run = store.runs.get(1)
      const named = { target: 'weather', classes: { names: ['drizzle', 'rain', 'sun', 'snow', 'fog'], rule: null } }
      expect(listedRunClasses(readOnly, run)).toEqual(named)
      expect(listedRunClasses(readOnly, run)).toEqual(named)
      expect(loads).toBe(1) // the dataset read once
      expect(store.runs.get(1).classesJson).toBeNull() // nothing kept
    } finally {
      store.close()
    }
  }, 120_000)

  it('reads them again at the next list after a store read that failed for now; not after a dataset that no longer prepares', async () => {
    const { db, store } = await runWithoutClasses('fw-pre19-busy-')
    try {
      const run = store.runs.get(1)
      const unnamed = { target: 'weather', classes: null }
      const named = { target: 'weather', classes: { names: ['drizzle', 'rain', 'sun', 'snow', 'fog'], rule: null } }
      // another process holds the database: the first read refused, the next one answered
      let loads = 0
      const busy = { ...store, datasets: { ...store.datasets, load: (id: number) => {
        if (loads++ === 0) throw new StoreError('busy', `database busy (another process holds it): ${db}`)
        return store.datasets.load(id)
      } } }
      expect(listedRunClasses(busy, run)).toEqual(unnamed)
      expect(listedRunClasses(busy, run)).toEqual(named)
      expect(loads).toBe(2)
      expect(JSON.parse(store.runs.get(1).classesJson!)).toEqual({ names: named.classes.names }) // kept once read

      // a dataset that no longer prepares (its target column gone): none, and not read again this process
      store.db.prepare('UPDATE runs SET classes_json = NULL WHERE id = 1').run()
      let reads = 0
      const broken = { ...store, datasets: { ...store.datasets, load: (id: number) => {
        reads++
        const d = store.datasets.load(id)
        return { ...d, columns: d.columns.filter((c) => c.name !== 'weather') }
      } } }
      expect(listedRunClasses(broken, run)).toEqual(unnamed)
      expect(listedRunClasses(broken, run)).toEqual(unnamed)
      expect(reads).toBe(1)
    } finally {
      store.close()
    }
  }, 120_000)
})
