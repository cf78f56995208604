import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { main } from './index'

const sample = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname

function capture() {
  let text = ''
  return { out: { write: (s: string) => void (text += s), isTTY: false }, text: () => text }
}

async function fw(...argv: string[]) {
  const o = capture()
  const e = capture()
  const code = await main(argv, o.out, e.out)
  return { code, stdout: o.text(), stderr: e.text() }
}

type JsonResult = { metrics: { split: string; model: string; metric: string; value: number | null }[]; files: { model: string; predictions: string } }
const metric = (r: JsonResult, model: string, name: string) => r.metrics.find((m) => m.split === 'test' && m.model === model && m.metric === name)!.value!

describe('fw train on the sample data (defaults untouched)', () => {
  it('next-day maximum temperature beats the naive forecast on test RMSE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    const r = await fw('train', '--csv', sample, '--target', 'temp_max', '--out', dir, '--json')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const res = JSON.parse(r.stdout) as JsonResult
    expect(metric(res, 'model', 'rmse')).toBeLessThan(metric(res, 'naive', 'rmse'))
    const rows = Papa.parse<Record<string, string>>(readFileSync(res.files.predictions, 'utf8').trim(), { header: true }).data
    expect(rows.length).toBeGreaterThan(100)
    expect(Object.keys(rows[0]!)).toEqual(['time', 'step', 'forecast', 'lower', 'upper', 'actual'])
    for (const row of rows) expect(Number(row['lower'])).toBeLessThanOrEqual(Number(row['forecast']))
    expect(JSON.parse(readFileSync(res.files.model, 'utf8')).format).toBe('forecast-workbench-model')
  })

  it('rain tomorrow (precipitation > 0) beats the majority class on test accuracy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    const r = await fw('train', '--csv', sample, '--target', 'precipitation', '--rule', 'precipitation > 0', '--out', dir, '--json')
    expect(r.code).toBe(0)
    const res = JSON.parse(r.stdout) as JsonResult
    expect(metric(res, 'model', 'accuracy')).toBeGreaterThan(metric(res, 'majority', 'accuracy'))
  })
})

describe('fw exit status and messages', () => {
  it('exits 2 naming the file, row and column for a bad value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    const file = join(dir, 'bad.csv')
    const lines = ['date,y']
    for (let i = 1; i <= 40; i++) lines.push(`2020-01-${String((i % 28) + 1).padStart(2, '0')},${i === 17 ? 'oops' : i}`)
    writeFileSync(file, lines.join('\n'))
    const r = await fw('train', '--csv', file, '--target', 'y', '--out', dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/bad\.csv/)
    expect(r.stderr).toMatch(/line 18|row 17/)
    expect(r.stderr).toMatch(/"?y"?/)
  })

  it('exits 2 for a missing file, an unknown option, an unknown column and a bad setting', async () => {
    expect((await fw('train', '--csv', '/nonexistent.csv', '--target', 'y')).code).toBe(2)
    expect((await fw('train', '--bogus')).stderr).toMatch(/unknown option --bogus/)
    const col = await fw('train', '--csv', sample, '--target', 'nope')
    expect(col.code).toBe(2)
    expect(col.stderr).toMatch(/nope/)
    const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify({ model: { hiddenSize: 0 } }))
    const cfg = await fw('train', '--csv', sample, '--target', 'temp_max', '--config', join(dir, 'cfg.json'))
    expect(cfg.code).toBe(2)
    expect(cfg.stderr).toMatch(/model\.hiddenSize/)
  })

  it('exits 2 with a usage message for an unknown command', async () => {
    const r = await fw('frobnicate')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/unknown command 'frobnicate'/)
  })
})
