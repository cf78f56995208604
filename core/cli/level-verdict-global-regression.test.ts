// A global regression judged against each series' noise as a single run is (regression-level.test.ts):
// a series whose forecast's MAE is a hair below naive's is "level" with the better of naive and
// seasonal naive, not a beat, and one that fits its pattern exactly beats it beyond its noise. The
// verdict, the series tables and fw runs count them alike; each series' noise is kept in
// runs.global_json (seriesNoise), and a run stored before (or one whose noise is malformed) keeps
// today's count by the MAE alone.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { parseGlobalSummary } from '../services/global-run'
import { levelWithin } from '../export/verdict'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-level-global-regression-'))
const db = join(dir, 'runs.db')

/** Two stores of 300 daily rows: a, a trend with a weekly cycle (its statistical models fit it);
 *  b, a random walk seen through noise, which nothing forecasts much better than its last value. */
function csv(): string {
  let s = 1
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648)
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand())
  const day = (i: number) => new Date(Date.UTC(2022, 0, 1 + i)).toISOString().slice(0, 10)
  const lines = ['store,date,y']
  for (let i = 0; i < 300; i++) lines.push(`a,${day(i)},${(50 + 0.3 * i + 8 * Math.sin((2 * Math.PI * i) / 7)).toFixed(3)}`)
  let v = 100
  for (let i = 0; i < 300; i++) {
    v += gauss()
    lines.push(`b,${day(i)},${(v + gauss()).toFixed(3)}`)
  }
  const path = join(dir, 'level.csv')
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}

/** The last word of each store's row in a series table (its "beats better naive"). */
const said = (out: string) => ['a', 'b'].map((x) => / (yes|no|level)$/.exec(out.split('\n').find((l) => l.startsWith(`store = ${x} `))!)![1])

describe('fw train, fw show and fw runs: a global regression counts its series beyond their noise', () => {
  it('says a series within its noise is level, in the verdict, the tables and the runs list', async () => {
    const t = await fw('train', '--csv', csv(), '--decimal', 'dot', '--target', 'y', '--series', 'store', '--global', '--epochs', '3', '--out', join(dir, 'out'), '--db', db)
    expect(t.code, t.stderr).toBe(0)
    const id = Number(/run (\d+) saved/.exec(t.stdout)![1])
    const store = openStore(db, { appVersion: 'test' })
    let json: string
    let rows
    try {
      json = store.runs.get(id).globalJson!
      rows = store.series.list(id)
    } finally {
      store.close()
    }
    const g = parseGlobalSummary(json)!
    const [a, b] = g.seriesNoise!
    // measured as a single run's (errorNoise), of absolute errors (the series' scores are MAEs),
    // against the better of each series' naive forecasts on its test rows
    expect(a).toMatchObject({ baseline: 'seasonal-naive', metric: 'mae', lag: 0, rows: 45 })
    expect(b).toMatchObject({ baseline: 'naive', metric: 'mae', lag: 0, rows: 45 })
    // b's MAE is below naive's (today's rule: a beat), within the noise of its test rows
    expect(rows[1]!.beatsBestNaive).toBe(true)
    expect(levelWithin(b, 'naive')).toBe(true)
    expect(levelWithin(a, 'seasonal-naive')).toBe(false)
    expect(g.summary.beatBestNaive).toBe(2)
    expect(g.summary.bestNaiveNoise).toEqual({ beat: 1, level: 1 })
    // fw train --global's table and line
    expect(said(t.stdout)).toEqual(['yes', 'level'])
    expect(t.stdout).toContain('2 the better of naive and seasonal naive (network alone ')
    expect(t.stdout).toMatch(/\), 1 beyond the noise of their test rows, 1 level with it within that noise\n/)

    const show = await fw('show', String(id), '--db', db)
    expect(show.code, show.stderr).toBe(0)
    const verdict = /\nverdict: (.*)\n/.exec(show.stdout)![1]!
    expect(verdict).toMatch(/^1 of 2 series beat the better of naive and seasonal naive on test beyond the noise of their test rows, 1 level with it within that noise \(mean MASE /)
    expect(said(show.stdout)).toEqual(['yes', 'level'])
    expect(show.stdout).toContain('2 the better of naive and seasonal naive, 1 beyond the noise of their test rows, 1 level with it within that noise\n')
    const runs = await fw('runs', '--db', db)
    expect(runs.code, runs.stderr).toBe(0)
    expect(runs.stdout).toContain('1 the better naive beyond noise, 1 level with it')
    // the report's series section and the workbook's Series sheet say it alike
    const html = join(dir, 'run.html')
    const xlsx = join(dir, 'run.xlsx')
    const e = await fw('export', '--run', String(id), '--report', html, '--xlsx', xlsx, '--db', db)
    expect(e.code, e.stderr).toBe(0)
    const page = readFileSync(html, 'utf8')
    const section = page.slice(page.indexOf('<section id="series"'), page.indexOf('</section>', page.indexOf('<section id="series"')))
    expect(section).toContain('2 the better of naive and seasonal naive, 1 beyond the noise of their test rows, 1 level with it within that noise.')
    expect(section).toContain('<th>beats naive</th><th>beats better naive</th>')
    expect([...section.matchAll(/<td>(yes|no|ties)<\/td><td>(yes|no|level)<\/td>/g)].map((m) => m[2])).toEqual(['yes', 'level'])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(xlsx)
    const sheet: unknown[][] = []
    wb.getWorksheet('Series')!.eachRow((r) => void sheet.push((r.values as unknown[]).slice(1)))
    const at = sheet[0]!.indexOf('beats better naive')
    expect(sheet.slice(1).map((r) => r[at])).toEqual(['yes', 'level'])

    // a run stored before each series' noise was kept, and one whose noise is malformed, count by the MAE alone
    const before = JSON.parse(json) as Record<string, unknown>
    const malformed = { ...before, seriesNoise: [{ ...a, baseline: 'drift' }, b] }
    delete before['seriesNoise']
    for (const stored of [before, malformed]) {
      const s = openStore(db, { appVersion: 'test' })
      try {
        s.runs.setGlobal(id, JSON.stringify(stored))
      } finally {
        s.close()
      }
      expect(parseGlobalSummary(JSON.stringify(stored))!.seriesNoise).toBeUndefined()
      const old = await fw('show', String(id), '--db', db)
      expect(old.code, old.stderr).toBe(0)
      expect(/\nverdict: (.*)\n/.exec(old.stdout)![1]).toMatch(/^2 of 2 series beat the better of naive and seasonal naive on test \(mean MASE /)
      expect(said(old.stdout)).toEqual(['yes', 'yes'])
      const list = await fw('runs', '--db', db)
      expect(list.stdout).not.toContain('beyond noise')
    }
  }, 180_000)
})
