// fw rm RUN [RUN …]: every run named goes in one transaction, or none does.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { main } from './index'

async function fw(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { write: (s) => void (stdout += s), isTTY: false }, { write: (s) => void (stderr += s), isTTY: false })
  return { code, stdout, stderr }
}

/** A database with four cancelled runs; returns it and their ids. */
function seeded(): { db: string; runs: number[] } {
  const db = join(mkdtempSync(join(tmpdir(), 'fw-rm-many-')), 'runs.db')
  const store = openStore(db, { appVersion: 'test' })
  const ds = store.datasets.save({ name: 'small.csv', columns: [{ name: 'y', kind: 'numeric', data: Float64Array.from([1, 2, 3]) }] })
  const runs = Array.from({ length: 4 }, () => store.runs.create({ datasetId: ds, configJson: '{}', seed: 1 }))
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
    expect(r.stderr).toMatch(/expected a run id \(a positive integer\), got 'x7'/)
    expect(left(db)).toEqual(runs)
  })
})
