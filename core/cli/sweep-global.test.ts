// fw sweep --global --series COL: each trial a global run (one model across every series, trained
// and stored as fw train --global's), ranked by the validation GMRAE that run stores, printed and
// given by --json as stored; the global flags' refusals stay where they hold. The trials run in the
// real trainer, bundled from this checkout's source (as electron/trainer/cancel.test.ts does).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMANDS } from './index'
import { fw } from './test-fixtures/fw'
import { commandHelp } from './help'
import { fmt } from './format'
import { GLOBAL_RANK_WORDS, seriesApartNote } from './sweep'
import { openStore } from '../store'
import { parseGlobalSummary } from '../services/global-run'
import { trialThreads } from '../train/sweep'
import { bundleTrainer } from './test-fixtures/bundle-trainer'

const dir = mkdtempSync(join(tmpdir(), 'fw-sweep-global-'))
const csv = join(dir, 'long.csv')
const grid = join(dir, 'grid.json')
let trainer: { restore: () => void } | null = null

beforeAll(async () => {
  trainer = await bundleTrainer('fw-sweep-global')
  // four daily series of 80 rows each: a weekly cycle on its own level and trend
  const day = (i: number) => new Date(Date.UTC(2022, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
  const rows = ['date,store,sales']
  for (const [k, s] of ['a', 'b', 'c', 'd'].entries()) for (let i = 0; i < 80; i++) rows.push(`${day(i)},${s},${(50 + 20 * k + 0.3 * (k + 1) * i + 8 * Math.sin((2 * Math.PI * i) / 7 + k) + 3 * Math.cos(i * (k + 2))).toFixed(2)}`)
  writeFileSync(csv, rows.join('\n') + '\n')
  writeFileSync(grid, JSON.stringify({ 'data.lookBack': [5, 9] }))
}, 120_000)

afterAll(() => {
  trainer?.restore()
  rmSync(dir, { recursive: true, force: true })
})

const sweepArgs = (db: string) => ['sweep', '--csv', csv, '--target', 'sales', '--series', 'store', '--global', '--grid', grid, '--epochs', '1', '--hidden', '4', '--seed', '2', '--forecaster', 'network', '--concurrency', '2', '--db', join(dir, db)]

/** The validation GMRAE the run stores (its global summary's `validation`). */
function storedScore(db: string, runId: number): number {
  const store = openStore(join(dir, db))
  try {
    return (parseGlobalSummary(store.runs.get(runId).globalJson!)!.summary as unknown as { validation: { gmrae: number } }).validation.gmrae
  } finally {
    store.close()
  }
}

describe('fw sweep --global', () => {
  it('trains each trial as a global run, stored under the sweep, ranked by the validation GMRAE each run stores, as printed', async () => {
    const r = await fw(...sweepArgs('text.db'))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^sweep 1: 2 trials, each one global model across every series of store, \d at a time\n/)
    expect(r.stdout).toContain(`\n${GLOBAL_RANK_WORDS}\n`)
    // the network forecasts every series (--forecaster network), so the look-backs score apart
    expect(r.stdout).not.toContain('trials tie')
    const store = openStore(join(dir, 'text.db'))
    let runs
    try {
      runs = store.runs.list().filter((x) => x.sweepId === 1)
      expect(runs).toHaveLength(2)
      for (const run of runs) {
        expect(run.status).toBe('done')
        // a global run as fw train --global stores one: its series and their scores
        expect(run.globalJson).not.toBeNull()
        expect(store.series.list(run.id).map((s) => s.label)).toEqual(['store = a', 'store = b', 'store = c', 'store = d'])
        // the share of the cores each trial trained on, kept for fw resume
        expect(store.runs.get(run.id).trialThreads).toBe(trialThreads('auto', availableParallelism(), Math.min(2, availableParallelism())) ?? null)
      }
    } finally {
      store.close()
    }
    const lines = r.stdout.split('\n')
    const head = lines.findIndex((l) => /^rank +trial/.test(l))
    expect(lines[head]).toMatch(/^rank +trial +run +data\.lookBack +forecast val gmrae +network used +best val loss +status$/)
    const body = lines.slice(head + 2, head + 4).map((l) => l.trim().split(/ +/))
    // each row's printed score is the one its run stores, and the rows go best first
    const scores = body.map((cells) => ({ rank: Number(cells[0]), run: Number(cells[2]), printed: cells[4]!, stored: storedScore('text.db', Number(cells[2])) }))
    for (const s of scores) expect(s.printed).toBe(fmt(s.stored))
    expect(scores.map((s) => s.run).sort()).toEqual(runs.map((x) => x.id).sort())
    expect(scores[0]!.stored).toBeLessThan(scores[1]!.stored)
    expect(scores[0]!.rank).toBe(1)
    expect(scores[1]!.rank).toBe(2)
  }, 300_000)

  it('--json gives each trial with the score its run stores, named gmrae, best first', async () => {
    const r = await fw(...sweepArgs('json.db'), '--json')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const rows = JSON.parse(r.stdout) as { runId: number; trial: number; params: Record<string, unknown>; rank: number; status: string; forecast: { error: number; metric: string }; series: string[] }[]
    expect(rows.map((x) => x.params['data.lookBack']).sort()).toEqual([5, 9])
    for (const x of rows) {
      expect(x.status).toBe('done')
      expect(x.forecast.metric).toBe('gmrae')
      expect(x.forecast.error).toBe(storedScore('json.db', x.runId))
      expect(x.series).toHaveLength(4)
    }
    expect(rows[0]!.forecast.error).toBeLessThanOrEqual(rows[1]!.forecast.error)
    expect(rows[0]!.rank).toBe(1)
  }, 300_000)

  it('says where a longer look-back left a short series out of a trial, whose score is then over fewer series', async () => {
    // series d has 16 rows: a look-back of 12 leaves its training rows without a window
    const rows = readFileSync(csv, 'utf8').trim().split('\n')
    const short = join(dir, 'short.csv')
    writeFileSync(short, [...rows.filter((l) => !l.includes(',d,')), ...rows.filter((l) => l.includes(',d,')).slice(-16)].join('\n') + '\n')
    const shortGrid = join(dir, 'short.json')
    writeFileSync(shortGrid, JSON.stringify({ 'data.lookBack': [3, 12] }))
    const args = ['sweep', '--csv', short, '--target', 'sales', '--series', 'store', '--global', '--cuts', 'series', '--grid', shortGrid, '--epochs', '1', '--hidden', '4', '--db', join(dir, 'short.db')]
    const r = await fw(...args)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('\nnote: the trials did not all train the same series (trial 2 without store = d: too short for its settings, skipped as --short-series skip skips it), so their scores are means over different series and do not compare as ranked; --short-series refuse refuses such a trial instead\n')
    // and --short-series refuse does
    const refused = await fw(...args, '--short-series', 'refuse')
    expect(refused.code).toBe(0)
    expect(refused.stdout).toMatch(/\n {2}trial 2: refused before training, no run stored — window: series store = d \(16 rows/)
    expect(refused.stdout).not.toContain('did not all train the same series')
  }, 300_000)

  it('refuses what a global run refuses, before any trial, naming the flag', async () => {
    const base = ['sweep', '--csv', csv, '--target', 'sales', '--grid', grid, '--db', join(dir, 'refused.db')]
    expect(await fw(...base, '--global')).toEqual({ code: 2, stdout: '', stderr: 'fw sweep: --global needs --series COL[,COL]: the column(s) naming the series of the long file\n' })
    expect(await fw(...base, '--global', '--series', 'store', '--series-value', 'a')).toEqual({ code: 2, stdout: '', stderr: 'fw sweep: --global trains on every series; leave out --series-value\n' })
    expect(await fw(...base, '--series', 'store', '--series-value', 'a', '--cuts', 'series')).toEqual({ code: 2, stdout: '', stderr: 'fw sweep: --cuts applies to --global only\n' })
    // still not taken: --no-db and --out, each with its reason
    const noDb = await fw(...base, '--global', '--series', 'store', '--no-db')
    expect([noDb.code, noDb.stderr]).toEqual([2, expect.stringMatching(/^fw sweep: --no-db does not apply here: each trial is a run kept in the database/)])
  })

  it('its help lists --global among the options it takes', () => {
    const help = commandHelp(COMMANDS['sweep']!)
    expect(help).toMatch(/\n {2}--global +with --series COL: one model across every series/)
    expect(help).toMatch(/^usage: fw sweep .* \[--series COL --global\] \[train options but --no-db, --out\]\n/)
    expect(help).toContain('\nnot taken:\n  --no-db: ')
    expect(help).not.toContain('\n  --global: a sweep')
  })
})

describe('the note of global trials that trained different series', () => {
  it('names the trials short of series and what they lack, and says nothing where all trained the same', () => {
    const all = ['store = a', 'store = b', 'store = c']
    expect(seriesApartNote([{ trial: 1, series: all }, { trial: 2, series: all }])).toBeNull()
    expect(seriesApartNote([{ trial: 1, series: all }, { trial: 2, series: null }])).toBeNull()
    expect(seriesApartNote([{ trial: 1, series: all }, { trial: 2, series: ['store = a', 'store = c'] }])).toBe(
      'the trials did not all train the same series (trial 2 without store = b: too short for its settings, skipped as --short-series skip skips it), so their scores are means over different series and do not compare as ranked; --short-series refuse refuses such a trial instead'
    )
  })
})
