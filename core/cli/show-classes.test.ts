// fw show (and the app's run view, through the same storedRunTarget) names a done two-class run's
// classes and its data file's words for no and yes without preparing the run again: a rule's, a
// true/false column's and a 0/1 column's classes are 'false' and 'true' whatever the rows hold, read
// off the stored target column (preparing a 200,000-row file again took most of fw show's time). A
// column of categories' classes are the levels its training rows hold: read from those stored with the
// run (runs.classes_json); a run stored before they were kept is prepared again.
import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { openStore } from '../store'
import { storedRunTarget } from '../services/run-export'
import { fromStoredDataset } from '../services/datasets'
import { resolveConfig, withStoredDefaults } from '../train/config'
import { forgetYesNoWords } from './test-fixtures/forget-words'
import { fw } from './test-fixtures/fw'

// every preparation of a run, counted (training prepares too: counted from zero before each test)
const prepared = vi.hoisted(() => ({ calls: 0 }))
vi.mock('../train/prepare', async (original) => {
  const m = await original<typeof import('../train/prepare')>()
  return { ...m, prepareRun: (...a: Parameters<typeof m.prepareRun>) => (prepared.calls++, m.prepareRun(...a)) }
})

const dir = mkdtempSync(join(tmpdir(), 'fw-show-classes-'))
const db = join(dir, 'runs.db')
const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
const wet = (i: number) => (i * 7) % 5 < 2
/** A daily file of 90 rows: rain as `no`/`yes` (any words), mm the rain that fell, and sky `dry` or
 *  `wet` but for two test rows of `hail`, a level no training row holds. */
function file(name: string, no: string, yes: string): string {
  const path = join(dir, name)
  const rows = Array.from({ length: 90 }, (_, i) => `${day(i)},${wet(i) ? yes : no},${wet(i) ? (1 + (i % 3)).toFixed(1) : '0'},${i === 85 || i === 88 ? 'hail' : wet(i) ? 'wet' : 'dry'}`)
  writeFileSync(path, ['date,rain,mm,sky', ...rows].join('\n') + '\n')
  return path
}
const yn = file('yn.csv', 'no', 'yes')
const zeroOne = file('01.csv', '0', '1')
const quick = ['--task', 'classification', '--features', '', '--epochs', '30', '--seed', '1', '--db', db]
const RUNS = { yn: 1, zeroOne: 2, rule: 3, sky: 4 }

beforeAll(async () => {
  for (const argv of [['--csv', yn, '--target', 'rain'], ['--csv', zeroOne, '--target', 'rain'], ['--csv', yn, '--target', 'mm', '--rule', 'mm > 0'], ['--csv', yn, '--target', 'sky']]) {
    const r = await fw('train', ...argv, '--out', join(dir, `out-${argv[3]}`), ...quick)
    expect(r.code, r.stderr).toBe(0)
  }
}, 120_000)
beforeEach(() => void (prepared.calls = 0))

function withStore<T>(f: (s: ReturnType<typeof openStore>) => T): T {
  const store = openStore(db)
  try {
    return f(store)
  } finally {
    store.close()
  }
}

/** The classes run `id`'s pipeline fits, prepared again (the way storedRunTarget took before). */
async function preparedClasses(id: number): Promise<string[]> {
  const { prepareRun } = await vi.importActual<typeof import('../train/prepare')>('../train/prepare')
  return withStore((store) => {
    const run = store.runs.get(id)
    const t = prepareRun(resolveConfig(withStoredDefaults(JSON.parse(run.configJson)), { stored: true }), fromStoredDataset(store.datasets.load(run.datasetId))).prep.fitted.target
    return t.kind === 'classification' ? t.classes : []
  })
}

describe("a done run's classes, without preparing it again", () => {
  it('fw show of a yes/no, a 0/1 and a rule run counts the class in the words it did, preparing nothing', async () => {
    for (const [id, holds] of [[RUNS.yn, 'where rain = yes'], [RUNS.zeroOne, 'where rain = 1'], [RUNS.rule, 'where the class holds']] as const) {
      const r = await fw('show', String(id), '--db', db)
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toMatch(new RegExp(`threshold chosen on validation: [0-9.]+ \\(Youden's J [0-9.]+ on \\d+ validation rows, \\d+ ${holds}\\)`))
    }
    expect(prepared.calls).toBe(0)
  })

  it("the names and words are those its pipeline fitted (the app's run view reads the same)", async () => {
    const got = withStore((store) => [RUNS.yn, RUNS.zeroOne, RUNS.rule].map((id) => storedRunTarget(store, id)))
    expect(prepared.calls).toBe(0)
    expect(got).toEqual([{ names: ['false', 'true'], words: ['no', 'yes'] }, { names: ['false', 'true'], words: ['0', '1'] }, { names: ['false', 'true'] }])
    for (const [i, id] of [RUNS.yn, RUNS.zeroOne, RUNS.rule].entries()) expect(got[i]!.names).toEqual(await preparedClasses(id))
  })

  it("a column of categories reads the classes stored with it: the levels its training rows hold, not a test row's", async () => {
    expect(withStore((store) => storedRunTarget(store, RUNS.sky))).toEqual({ names: ['wet', 'dry'] })
    expect(prepared.calls).toBe(0)
    expect(await preparedClasses(RUNS.sky)).toEqual(['wet', 'dry'])
    const show = await fw('show', String(RUNS.sky), '--db', db)
    expect(show.code, show.stderr).toBe(0)
    expect(prepared.calls).toBe(0)
  })

  it('a column of categories stored before its classes were kept (classes_json NULL) is prepared again, to the same names', () => {
    const sql = new Database(db)
    const kept = sql.prepare('SELECT classes_json FROM runs WHERE id = ?').pluck().get(RUNS.sky) as string
    try {
      // kept with the run: the class names, and the test rows' Brier noise the verdict reads (73ca789c)
      expect(JSON.parse(kept)).toEqual({ names: ['wet', 'dry'], noise: expect.objectContaining({ baseline: expect.any(String), rows: expect.any(Number) }) })
      sql.prepare('UPDATE runs SET classes_json = NULL WHERE id = ?').run(RUNS.sky)
      expect(withStore((store) => storedRunTarget(store, RUNS.sky))).toEqual({ names: ['wet', 'dry'] })
      expect(prepared.calls).toBe(1)
    } finally {
      sql.prepare('UPDATE runs SET classes_json = ? WHERE id = ?').run(kept, RUNS.sky)
      sql.close()
    }
  })

  it('a run that is not done is prepared again, as before', () => {
    const sql = new Database(db)
    try {
      sql.prepare("UPDATE runs SET status = 'cancelled' WHERE id = ?").run(RUNS.zeroOne)
      expect(withStore((store) => storedRunTarget(store, RUNS.zeroOne))).toEqual({ names: ['false', 'true'], words: ['0', '1'] })
      expect(prepared.calls).toBe(1)
    } finally {
      sql.prepare("UPDATE runs SET status = 'done' WHERE id = ?").run(RUNS.zeroOne)
      sql.close()
    }
  })

  it('a run stored in the old shape (no words, no threshold kept) opens, shows and exports as before, preparing nothing to show', async () => {
    forgetYesNoWords(db, RUNS.yn, 'rain')
    const sql = new Database(db)
    try {
      expect(sql.prepare('UPDATE runs SET threshold_json = NULL WHERE id = ?').run(RUNS.yn).changes).toBe(1)
    } finally {
      sql.close()
    }
    const show = await fw('show', String(RUNS.yn), '--db', db)
    expect(show.code, show.stderr).toBe(0)
    expect(show.stdout).toContain('threshold chosen on validation: none is kept with this run')
    expect(withStore((store) => storedRunTarget(store, RUNS.yn))).toEqual({ names: ['false', 'true'] })
    expect(prepared.calls).toBe(0)
    // its export rebuilds it (prepared, as every export is) and names the class as before the words were kept
    const csv = join(dir, 'old.csv')
    const e = await fw('export', '--run', String(RUNS.yn), '--db', db, '--csv', csv)
    expect(e.code, e.stderr).toBe(0)
    expect(readFileSync(csv, 'utf8').split(/\r?\n/)[0]).toContain('P(rain = true)')
  }, 60_000)
})
