// fw rm RUN|A-B [RUN|A-B …]: in one transaction, every run named alone (all must exist, or none goes)
// and the runs that exist in each range (the ids already gone are said; an empty range refuses).
import { mkdtempSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { fw } from './test-fixtures/fw'

/** A database with `n` cancelled runs; returns it and their ids. */
function seeded(n = 4): { db: string; runs: number[] } {
  const db = join(mkdtempSync(join(tmpdir(), 'fw-rm-many-')), 'runs.db')
  const store = openStore(db, { appVersion: 'test' })
  const ds = store.datasets.save({ name: 'small.csv', columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from([1, 2, 3]) }] })
  const runs = Array.from({ length: n }, () => store.runs.create({ datasetId: ds, configJson: '{}', seed: 1 }))
  for (const r of runs) store.cancelRun(r) // a queued run of a live process (this one) is not for fw rm
  store.close()
  return { db, runs }
}
const left = (db: string) => {
  const store = openStore(db, { appVersion: 'test' })
  try {
    return store.runs.list().map((r) => r.id).sort((a, b) => a - b)
  } finally {
    store.close()
  }
}

describe('fw rm with several runs', () => {
  it('deletes every run named at once, and says how many', async () => {
    const { db, runs } = seeded()
    const [a, b, c, d] = runs as [number, number, number, number]
    const r = await fw('rm', String(a), String(c), String(d), '--db', db)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^3 runs deleted \\(${a}, ${c}, ${d}\\)`))
    expect(left(db)).toEqual([b])
  })

  it('deletes none when one of them is missing, naming it', async () => {
    const { db, runs } = seeded()
    const r = await fw('rm', String(runs[0]), '999', String(runs[1]), '--db', db)
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/run 999 not found/)
    expect(left(db)).toEqual(runs)
  })

  it('refuses a word among the ids before touching the database', async () => {
    const { db, runs } = seeded()
    const r = await fw('rm', String(runs[0]), 'x7', '--db', db)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/expected a run id \(a positive integer\) or a range of them \(3-10\), got 'x7'/)
    expect(left(db)).toEqual(runs)
  })

  it('deletes a range with both its ends, beside single ids', async () => {
    const { db, runs } = seeded(8) // runs 1-8
    const r = await fw('rm', '2-5', '7', '--db', db)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^5 runs deleted \(2-5, 7\)/)
    expect(left(db)).toEqual([runs[0], runs[5], runs[7]])
  })

  it('deletes the runs that exist in a range, saying which ids in it were already gone', async () => {
    const { db } = seeded(8)
    expect((await fw('rm', '3', '5', '--db', db)).code).toBe(0)
    const r = await fw('rm', '2-6', '--db', db)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^3 runs deleted \(2, 4, 6\)/)
    expect(r.stdout).toContain('already gone in 2-6: 3, 5\n')
    expect(left(db)).toEqual([1, 7, 8])
  })

  it('still deletes none when an id named alone is missing, whatever the ranges beside it hold', async () => {
    const { db } = seeded(8)
    expect((await fw('rm', '3', '5', '--db', db)).code).toBe(0)
    const r = await fw('rm', '2-6', '5', '12', '--db', db)
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/runs 5, 12 not found/)
    expect(left(db)).toEqual([1, 2, 4, 6, 7, 8])
  })

  it('refuses a range with no run in it, deleting none, naming the range', async () => {
    const { db } = seeded(8)
    expect((await fw('rm', '3-5', '--db', db)).code).toBe(0)
    const r = await fw('rm', '1', '3-5', '20-30', '--db', db)
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/no run found in ranges 3-5, 20-30/)
    expect(left(db)).toEqual([1, 2, 6, 7, 8])
    // a range over the ids after the last run deletes nothing either
    const r2 = await fw('rm', '9-12', '--db', db)
    expect(r2.code).not.toBe(0)
    expect(r2.stderr).toMatch(/no run found in range 9-12/)
  })

  it('deletes overlapping ranges and ids inside them once each', async () => {
    const { db } = seeded(8)
    expect((await fw('rm', '4', '--db', db)).code).toBe(0)
    const r = await fw('rm', '2-5', '3-6', '3', '--db', db)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^4 runs deleted \(2, 3, 5, 6\)/)
    expect(r.stdout).toContain('already gone in 2-5: 4\nalready gone in 3-6: 4\n')
    expect(left(db)).toEqual([1, 7, 8])
  })

  it('refuses a reversed or malformed range before touching the database, naming it', async () => {
    const { db, runs } = seeded()
    for (const [arg, said] of [
      ['4-2', /range '4-2' is reversed; write 2-4/],
      ['0-3', /range '0-3' must go from one run id/],
      ['2-', /expected a run id \(a positive integer\) or a range of them \(3-10\), got '2-'/],
      ['1-2-3', /got '1-2-3'/],
      ['1-9999999', /range '1-9999999' spans 9999999 ids, more than 100000/]
    ] as const) {
      const r = await fw('rm', '1', arg, '--db', db)
      expect(r.code, arg).toBe(2)
      expect(r.stderr, arg).toMatch(said)
    }
    expect(left(db)).toEqual(runs)
  })

  it('refuses a range that holds a run another process trains, deleting none', async () => {
    const { db, runs } = seeded()
    const store = openStore(db, { appVersion: 'test' })
    // run 2 queued again by a live process other than this one (its owner stamp is not ours)
    store.db.prepare(`UPDATE runs SET status = 'running', owner_host = ?, owner_pid = ?, owner_instance = 'other', owner_kind = 'cli', heartbeat_at = ? WHERE id = 2`).run(hostname(), process.pid, Date.now())
    store.close()
    const r = await fw('rm', '1-4', '--db', db)
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/run 2 is being trained by another process/)
    expect(left(db)).toEqual(runs)
  })
})
