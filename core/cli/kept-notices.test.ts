// A run's notices that bear on reading its results are kept with it (runs.notices_json): fw show
// says them after training, as fw train did while it trained, and the report and the workbook
// carry them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const day = (i: number) => new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10)

describe('a notice kept with the run', () => {
  it('a later non-positive value that turns the automatic log off: fw train says it, and fw show says it again from the store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-kept-notices-'))
    const csv = join(dir, 'laterzero.csv')
    // training rows grow from 10 to ~73 (a log would be taken); row 250 (line 252), among the validation rows, is 0
    const rows = ['date,y', ...Array.from({ length: 300 }, (_, i) => `${day(i)},${i === 250 ? 0 : (10 + i * 0.3 + 3 * Math.sin((2 * Math.PI * i) / 7)).toFixed(3)}`)]
    writeFileSync(csv, rows.join('\n') + '\n')
    const db = join(dir, 'runs.db')
    const t = await fw('train', '--csv', csv, '--target', 'y', '--epochs', '2', '--decimal', 'dot', '--db', db, '--out', dir)
    expect([t.code, t.stderr]).toEqual([0, ''])
    const said = /note: the training rows of "y" span a factor of [\d.]+ \(at least 2: a log would be taken\), but it is 0 on line 252 of \S*laterzero\.csv \(the validation rows\), which has no log: it is modelled as it is\n/
    expect(t.stdout).toMatch(said)
    const id = /run (\d+) saved/.exec(t.stdout)![1]!
    const s = await fw('show', id, '--db', db)
    expect([s.code, s.stderr]).toEqual([0, ''])
    expect(s.stdout).toMatch(said)
    const j = JSON.parse((await fw('show', id, '--db', db, '--json')).stdout) as { run: { notices: string[] } }
    expect(j.run.notices).toHaveLength(1)
    expect(j.run.notices[0]).toContain('but it is 0 on line 252 of')
    // the report and the workbook say it too, in the app's words (one file whoever exports it: no
    // file path, nothing of the CLI), as a sentence
    const report = join(dir, 'report.html')
    const xlsx = join(dir, 'forecast.xlsx')
    const e = await fw('export', '--run', id, '--db', db, '--report', report, '--xlsx', xlsx)
    expect([e.code, e.stderr]).toEqual([0, ''])
    const app = /^The training rows of "y" span a factor of [\d.]+ \(at least 2: a log would be taken\), but it is 0 on line 252 \(the validation rows\), which has no log: it is modelled as it is\.$/
    const html = readFileSync(report, 'utf8')
    const section = /<section id="notices"><h2>Notices<\/h2><ul><li>([^<]*)<\/li><\/ul><\/section>/.exec(html)
    expect(section?.[1]?.replace(/&quot;/g, '"')).toMatch(app)
    expect(html.indexOf('<section id="notices">')).toBeGreaterThan(html.indexOf('<section id="verdict"'))
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(xlsx)
    const about: unknown[][] = []
    wb.getWorksheet('About')!.eachRow((r) => void about.push((r.values as unknown[]).slice(1)))
    const notices = about.filter((r) => r[0] === 'notice')
    expect(notices).toHaveLength(1)
    expect(notices[0]![1]).toMatch(app)
  }, 60_000)

  it('a category level first seen in the test rows: fw train says it once, as fw predict does, and fw show again from the store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-kept-notices-'))
    const csv = join(dir, 'unseen.csv')
    // promo A/B on the first 240 rows, C on the last 60 (the test rows of a 70/15/15 split)
    const rows = ['date,y,promo', ...Array.from({ length: 300 }, (_, i) => `${day(i)},${(20 + 3 * Math.sin((2 * Math.PI * i) / 7) + (i % 5) / 4).toFixed(2)},${i >= 240 ? 'C' : i % 2 ? 'A' : 'B'}`)]
    writeFileSync(csv, rows.join('\n') + '\n')
    const db = join(dir, 'runs.db')
    const t = await fw('train', '--csv', csv, '--target', 'y', '--features', 'promo', '--epochs', '1', '--decimal', 'dot', '--db', db, '--out', dir)
    expect([t.code, t.stderr]).toEqual([0, ''])
    const said = 'note: "promo" has a value the model never saw in training ("C"; 60 rows): it enters as none of its known values\n'
    expect(t.stdout.split(said)).toHaveLength(2) // once
    const id = /run (\d+) saved/.exec(t.stdout)![1]!
    const s = await fw('show', id, '--db', db)
    expect([s.code, s.stderr]).toEqual([0, ''])
    expect(s.stdout).toContain(said)
  }, 60_000)

  it("one value far out of scale among the training rows: the stall note names it, not the learning rate, and MASE's scale is said, kept with the run", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-out-of-scale-'))
    const csv = join(dir, 'spike.csv')
    // a weekly series around 100; row 60 (line 62), a training row, is 1e7
    const rows = ['date,y', ...Array.from({ length: 300 }, (_, i) => `${day(i)},${i === 60 ? 1e7 : (100 + 0.2 * i + 10 * Math.sin((2 * Math.PI * i) / 7) + ((i * 37) % 11) / 5).toFixed(3)}`)]
    writeFileSync(csv, rows.join('\n') + '\n')
    const db = join(dir, 'runs.db')
    const t = await fw('train', '--csv', csv, '--target', 'y', '--epochs', '6', '--decimal', 'dot', '--db', db, '--out', dir)
    expect([t.code, t.stderr]).toEqual([0, ''])
    expect(t.stdout).toMatch(/\nnote: training loss barely moved: .*; the training rows hold a value far out of scale at line 62 \(10000000\), which the network reads as it is and which dominates its loss \(the scaler and the statistical models read it replaced\); a learning rate will not change that: fix or remove it in the file, then train again\n/)
    expect(t.stdout).not.toMatch(/larger one/)
    const mase = /note: MASE is scaled by the training rows' mean one-step change with the value at line 62 \(10000000\) replaced, as the statistical models read it; with it as it is \(M4's definition\) the scale would be ([\d.e]+) times larger and every MASE \1 times smaller\n/
    expect(t.stdout).toMatch(mase)
    const id = /run (\d+) saved/.exec(t.stdout)![1]!
    expect((await fw('show', id, '--db', db)).stdout).toMatch(mase)
  }, 60_000)

  it('an interval of zero width (a straight line fitted exactly): fw train says so after its interval, and fw show from the store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-kept-notices-'))
    const csv = join(dir, 'line.csv')
    writeFileSync(csv, ['date,y', ...Array.from({ length: 120 }, (_, i) => `${day(i)},${(100.3 + 0.7 * i).toFixed(10)}`)].join('\n') + '\n')
    const db = join(dir, 'runs.db')
    const t = await fw('train', '--csv', csv, '--target', 'y', '--epochs', '1', '--db', db, '--out', dir)
    expect([t.code, t.stderr]).toEqual([0, ''])
    const said = /note: the 90 % prediction interval has zero width: every one of the \d+ validation and test errors it is calibrated on was 0 \(to rounding: the forecast fits these rows exactly\), so it promises nothing about new data/
    expect(t.stdout).toMatch(new RegExp(`90% prediction interval: .*\\n${said.source}`))
    expect(t.stdout.match(/zero width/g)).toHaveLength(1)
    const id = /run (\d+) saved/.exec(t.stdout)![1]!
    const s = await fw('show', id, '--db', db)
    expect(s.stdout).toMatch(said)
  }, 60_000)
})
