// fw datasets and fw rm --dataset: the stored datasets with the runs that use them, and deleting
// one no run uses, its space given back to the disk (core/services/datasets.ts).
import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { fw } from './test-fixtures/fw'

/** A database with a 16 MB dataset no run uses and a small one that run 1 uses. */
function seeded(): { db: string; big: number; small: number; run: number } {
  const db = join(mkdtempSync(join(tmpdir(), 'fw-datasets-')), 'runs.db')
  const store = openStore(db, { appVersion: 'test' })
  const big = store.datasets.save({ name: 'big.csv', columns: Array.from({ length: 8 }, (_, c) => ({ name: `c${c}`, kind: 'numeric', data: Float64Array.from({ length: 250_000 }, (_, i) => i + c) })) })
  const small = store.datasets.save({ name: 'small.csv', columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from([1, 2, 3]) }] })
  const run = store.runs.create({ datasetId: small, configJson: '{}', seed: 1 })
  store.cancelRun(run) // a queued run of a live process (this one) is not for fw rm to delete
  store.close()
  return { db, big, small, run }
}

describe('fw datasets and fw rm --dataset', () => {
  it('lists each dataset with the runs that use it and its size', async () => {
    const { db, big, small } = seeded()
    const r = await fw('datasets', '--db', db)
    expect(r.code).toBe(0)
    const line = (id: number) => r.stdout.split('\n').find((l) => l.startsWith(`${id} `))!.split(/\s{2,}/)
    expect(line(big).slice(0, 6)).toEqual([String(big), 'big.csv', '250000', '8', '0', '16.0 MB'])
    expect(line(small).slice(0, 6)).toEqual([String(small), 'small.csv', '3', '1', '1', '24 B'])
    expect(r.stdout).toContain('1 dataset is used by no run (16.0 MB); delete one with: fw rm --dataset N')
    const json = JSON.parse((await fw('datasets', '--db', db, '--json')).stdout) as { id: number; runs: number; bytes: number }[]
    expect(json.map((d) => [d.id, d.runs, d.bytes])).toEqual([[small, 1, 24], [big, 0, 16e6]])
  })

  it('says which datasets hold the same rows (an older version kept one per run), in the table\'s words and in --json', async () => {
    const { db, big, small } = seeded()
    const store = openStore(db, { appVersion: 'test' })
    const copy = store.datasets.save({ name: 'small.csv', columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from([1, 2, 3]) }] })
    store.close()
    const r = await fw('datasets', '--db', db)
    expect(r.stdout).toContain(`\ndatasets ${small} and ${copy} hold the same rows; runs on any of them score on the same data\n`)
    const json = JSON.parse((await fw('datasets', '--db', db, '--json')).stdout) as { id: number; sameRows: number[] }[]
    expect(json.map((d) => [d.id, d.sameRows])).toEqual([[copy, [small]], [small, [copy]], [big, []]])
  })

  it('deletes a dataset no run uses and the file shrinks; refuses one a run uses, naming it', async () => {
    const { db, big, small, run } = seeded()
    const before = statSync(db).size
    expect(before).toBeGreaterThan(16e6)
    const used = await fw('rm', '--dataset', String(small), '--db', db)
    expect(used).toMatchObject({ code: 2, stdout: '' })
    expect(used.stderr).toContain(`dataset ${small} is used by run ${run}; delete run ${run} first`)
    const r = await fw('rm', '--dataset', String(big), '--db', db)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^dataset ${big} deleted; [\\d.]+ MB given back to the disk \\(the database file went from 16\\.\\d MB to \\d+\\.\\d kB\\)\\n$`))
    expect(statSync(db).size).toBeLessThan(1e6)
    // fw rm of the run gives its dataset free: both go, and the file keeps no free page
    expect((await fw('rm', String(run), '--db', db)).code).toBe(0)
    expect((await fw('rm', '--dataset', String(small), '--db', db)).code).toBe(0)
    expect((await fw('datasets', '--db', db)).stdout).toMatch(/^no datasets in /)
    const check = new Database(db, { readonly: true })
    expect(check.pragma('freelist_count', { simple: true })).toBe(0)
    check.close()
  })

  it('says what is wrong with --dataset, with exit status 2', async () => {
    const { db, run } = seeded()
    for (const [args, said] of [
      [['--dataset', 'x'], "fw rm --dataset: expected a dataset id (a positive integer, see fw datasets), got 'x'"],
      [['--dataset', '0'], "got '0'"],
      [['--dataset', '99'], 'dataset 99'],
      [[String(run), '--dataset', '1'], `fw rm --dataset: one dataset id is expected, and '${run}' was given besides: delete one dataset at a time (fw rm --dataset 1), and runs apart (fw rm RUN...)`],
      // two dataset ids: told that one is expected, not that a run was given
      [['--dataset', '1', '2'], "fw rm --dataset: one dataset id is expected, and '2' was given besides: delete one dataset at a time (fw rm --dataset 1)"]
    ] as const) {
      const r = await fw('rm', ...args, '--db', db)
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(said)
    }
    const help = await fw('rm', '--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/--dataset N\s+delete stored dataset N/)
    expect((await fw('datasets', '--help')).stdout).toContain('how many runs use each')
  })
})

describe('fw compact', () => {
  it('rewrites a file an older version made, which kept deleted space inside it; refused while another process has it open', async () => {
    const { db, big } = seeded()
    const raw = new Database(db)
    raw.pragma('auto_vacuum = NONE')
    raw.exec('VACUUM')
    raw.close()
    const rm = await fw('rm', '--dataset', String(big), '--db', db)
    expect(rm.stdout).toMatch(/stays free inside the database file, which later writes reuse \(a file made by an older version gives no space back to the disk\)\nfw compact rewrites the file so that it gives that space back to the disk/)
    expect(statSync(db).size).toBeGreaterThan(16e6)
    const other = new Database(db, { readonly: true })
    other.prepare('SELECT count(*) FROM runs').get()
    const busy = await fw('compact', '--db', db)
    other.close()
    expect(busy).toMatchObject({ code: 2, stdout: '' })
    expect(busy.stderr).toContain('another process has this database open (the app, or another fw command); close it, then compact again')
    const r = await fw('compact', '--db', db)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/: went from 16\.\d MB to \d+\.\d kB; deleting runs and datasets gives their space back to the disk from now on\n$/)
    expect(statSync(db).size).toBeLessThan(1e6)
    const again = await fw('compact', '--db', db)
    expect(again.stdout).toContain('nothing free inside it to give back')
    expect(again.stdout).not.toMatch(/went from|from now on/) // explore22 saw 'went from 2.4 MB to 2.4 MB; … from now on' on a compact database
    expect((await fw('compact', 'x', '--db', db)).stderr).toContain("fw compact: takes no arguments, got 'x'")
    expect((await fw('compact', '--help')).stdout).toContain('close the app and any other fw command on it first')
  })
})

describe('fw train stores a file it has stored before once', () => {
  it('however its path is spelt, by its absolute path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-reuse-'))
    const db = join(dir, 'runs.db')
    const csv = join(dir, 'y.csv')
    writeFileSync(csv, 'date,y\n' + Array.from({ length: 80 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${Math.sin(i / 3) + i / 40}`).join('\n') + '\n')
    const cwd = process.cwd()
    try {
      process.chdir(dir)
      for (const path of [csv, 'y.csv', './y.csv']) expect((await fw('train', '--csv', path, '--target', 'y', '--epochs', '1', '--db', db, '--out', join(dir, 'out'))).code).toBe(0)
    } finally {
      process.chdir(cwd)
    }
    const store = openStore(db, { appVersion: 'test' })
    try {
      expect(store.datasets.list().map((d) => d.sourceFile)).toEqual([csv])
      expect(store.runs.list().map((r) => r.datasetId)).toEqual([1, 1, 1])
    } finally {
      store.close()
    }
  }, 60_000)
})
