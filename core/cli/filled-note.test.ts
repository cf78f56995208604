// Missing input cells filled by the run's rule are said, with the count and lines per column, by fw train
// and fw predict with the JSON model file, in the words the ONNX file's path uses (core/data
// filledNote); the app's Apply model passes applyFitted's notice on (electron/main/apply-notes.test.ts).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-filled-'))
const DAY = 864e5
/** Daily rows of temp and humidity; humidity blank on the rows `holes` picks, a category on every row. */
function csv(rows: number, holes: (t: number) => boolean): string {
  const lines = Array.from({ length: rows }, (_, t) => {
    const date = new Date(Date.UTC(2021, 0, 1) + t * DAY).toISOString().slice(0, 10)
    const humidity = holes(t) ? '' : (60 + 10 * Math.cos(t / 5)).toFixed(2)
    return `${date},${(10 + 5 * Math.sin(t / 5) + ((t * 7919) % 11) / 10).toFixed(2)},${humidity},${t % 3 ? 'dry' : t % 7 ? 'wet' : ''}`
  })
  return ['date,temp,humidity,sky', ...lines].join('\n') + '\n'
}
let train = ''

beforeAll(async () => {
  const file = join(dir, 'holes.csv')
  writeFileSync(file, csv(160, (t) => t % 40 === 13))
  const r = await fw('train', '--csv', file, '--target', 'temp', '--features', 'humidity,sky', '--epochs', '1', '--lookback', '5', '--forecaster', 'network', '--no-db', '--out', join(dir, 'run'))
  if (r.code !== 0) throw new Error(r.stderr)
  train = r.stdout
}, 120_000)

describe('filled missing inputs', () => {
  it('fw train says them, per column, with the rule', () => {
    // 4 humidity cells blank (days 13, 53, 93 and 133: lines 15, 55, 95 and 135, the header line 1);
    // sky blank on the rows divisible by 21 (t % 3 == 0 and t % 7 == 0), row 0 among them: no level
    // before it, so the training rows' most frequent level fills it
    expect(train).toContain("\nnote: missing inputs filled by the run's rule (humidity: 4 cells, at lines 15, 55, 95 and 1 more, by the value before; sky: 8 cells, at lines 2, 23, 44 and 5 more: 7 by the level before, the first one by the training rows' most frequent level)\n") // was "humidity: 4 cells by a straight line between the values either side; …", without the lines
  })

  it('fw predict with the JSON model file says them in the same words', async () => {
    const file = join(dir, 'new.csv')
    writeFileSync(file, csv(40, (t) => t === 3 || t === 4))
    const r = await fw('predict', '--model', join(dir, 'run', 'model.json'), '--csv', file, '--out', join(dir, 'p.csv'))
    expect(r.code).toBe(0)
    // humidity blank on rows 3 and 4 (lines 5 and 6); sky on rows 0 and 21 (lines 2 and 23): row 0 has no level before it
    expect(r.stdout).toContain("\nnote: missing inputs filled by the run's rule (humidity: 2 cells, at lines 5 and 6, by the value before; sky: 2 cells, at lines 2 and 23: 1 by the level before, the first one by the training rows' most frequent level)\n") // was "humidity: 2 cells by a straight line between the values either side; …", without the lines
  })

  it("fw predict fills the cells at the column's end as every other: from the value before", async () => {
    const file = join(dir, 'end.csv')
    writeFileSync(file, csv(40, (t) => t === 3 || t >= 38))
    const r = await fw('predict', '--model', join(dir, 'run', 'model.json'), '--csv', file, '--out', join(dir, 'e.csv'))
    expect(r.code).toBe(0)
    // rows 3, 38 and 39: lines 5, 40 and 41
    expect(r.stdout).toContain('(humidity: 3 cells, at lines 5, 40 and 41, by the value before; sky:') // was "humidity: 3 cells, at lines 5, 40 and 41: 1 by a straight line between the values either side, 2 carried forward from the value before (…)"
  })

  it('says nothing where no input is missing', async () => {
    const file = join(dir, 'full.csv')
    writeFileSync(file, csv(40, () => false).replace(/,\n/g, ',dry\n'))
    const r = await fw('predict', '--model', join(dir, 'run', 'model.json'), '--csv', file, '--out', join(dir, 'q.csv'))
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('missing inputs filled')
  })

  it("names the filled cells' lines as the file has them where its rows are out of time order (fw train, fw predict with the JSON model file and the ONNX file)", async () => {
    // the rows of the first file written last first: the row of day t is on line 160 - t + 1, so
    // humidity's blanks (days 13, 53, 93, 133) are on lines 148, 108, 68 and 28, sky's (the days
    // t % 21 == 0) on lines 161, 140, ..., 14
    const [header, ...rows] = csv(160, (t) => t % 40 === 13).trimEnd().split('\n')
    const file = join(dir, 'reversed.csv')
    writeFileSync(file, [header, ...rows.reverse()].join('\n') + '\n')
    const db = join(dir, 'reversed.db')
    const r = await fw('train', '--csv', file, '--target', 'temp', '--features', 'humidity,sky', '--epochs', '1', '--lookback', '5', '--forecaster', 'network', '--db', db, '--out', join(dir, 'reversed'))
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toContain('rows were not in time order') // the premise: the rows were sorted by time
    const said = "missing inputs filled by the run's rule (humidity: 4 cells, at lines 28, 68, 108 and 1 more, by the value before; sky: 8 cells, at lines 14, 35, 56 and 5 more: 7 by the level before, the first one by the training rows' most frequent level)"
    expect(r.stdout).toContain(`\nnote: ${said}\n`)
    const p = await fw('predict', '--model', join(dir, 'reversed', 'model.json'), '--csv', file, '--out', join(dir, 'reversed-p.csv'))
    expect([p.code, p.stderr]).toEqual([0, ''])
    expect(p.stdout).toContain(`\nnote: ${said}\n`)
    const runId = /^run (\d+) /m.exec(r.stdout)![1]!
    expect((await fw('export', '--run', runId, '--onnx', join(dir, 'reversed.onnx'), '--db', db)).code).toBe(0)
    const o = await fw('predict', '--model', join(dir, 'reversed.onnx'), '--csv', file, '--out', join(dir, 'reversed-onnx.csv'))
    expect([o.code, o.stderr]).toEqual([0, ''])
    expect(o.stdout).toContain(said.replace("the run's rule", "the run's rule, as the JSON model file fills them"))
  }, 120_000)

  it("a known-future input's blanks at the end are its future not yet written in, not gaps its rule filled (fw train, fw predict)", async () => {
    // humidity known in the future, blank on one inner row and on the last 5 rows (temp still given)
    const file = join(dir, 'known-end.csv')
    writeFileSync(file, csv(160, (t) => t === 50 || t >= 155))
    const r = await fw('train', '--csv', file, '--target', 'temp', '--features', 'humidity', '--known-future', 'humidity', '--horizon', '3', '--epochs', '1', '--lookback', '5', '--forecaster', 'network', '--no-db', '--out', join(dir, 'known'))
    expect([r.code, r.stderr]).toEqual([0, ''])
    // the line of the inner blank (row 50, line 52), not those of the blanks at the end, its future
    const said = "note: missing inputs filled by the run's rule (humidity: 1 cell, at line 52, by the value before; its last 5 rows are blank, its future not yet written in: the windows that reach them read the value before, and a forecast past the end needs its values in rows after the last target value)\n"
    expect(r.stdout).toContain(said)
    expect(r.stdout).not.toContain('carried forward')
    const p = await fw('predict', '--model', join(dir, 'known', 'model.json'), '--csv', file, '--out', join(dir, 'known.csv'))
    expect(p.code).toBe(0)
    expect(p.stdout).toContain(said)
    // the ONNX file's path says them so too (its words after "the run's rule")
    const db = join(dir, 'known.db')
    const t = await fw('train', '--csv', file, '--target', 'temp', '--features', 'humidity', '--known-future', 'humidity', '--horizon', '3', '--epochs', '1', '--lookback', '5', '--forecaster', 'network', '--db', db, '--out', join(dir, 'known-db'), '--json')
    const runId = String((JSON.parse(t.stdout.slice(t.stdout.indexOf('{'))) as { runId: number }).runId)
    expect((await fw('export', '--run', runId, '--onnx', join(dir, 'known.onnx'), '--db', db)).code).toBe(0)
    const o = await fw('predict', '--model', join(dir, 'known.onnx'), '--csv', file, '--out', join(dir, 'known-onnx.csv'))
    expect([o.code, o.stderr]).toEqual([0, ''])
    expect(o.stdout).toMatch(/missing inputs filled by the run's rule[^(]*\(humidity: 1 cell, at line 52, by the value before; its last 5 rows are blank, its future not yet written in: /)
  }, 120_000)
})
