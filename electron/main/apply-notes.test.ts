// What the app's Apply model says beside its forecasts, as fw predict says it: every notice applying
// the model made (a category level the model never saw, ...), the clipping at 0, and a warning when
// the file's values lie far outside the run's training range, with a units hint where they are a
// power of 10 off (core/train/domain.ts outsideHistory, one rule for both front ends); fw forecast's
// warning past the end (beyondHistory) ends with the same hint.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fw } from '../../core/cli/test-fixtures/fw'
import { importCsv } from '../../core/data'
import { applyModelFile } from './apply-model'

const dir = mkdtempSync(join(tmpdir(), 'fw-apply-notes-'))
const DAY = 864e5
const T0 = Date.UTC(2021, 0, 1)
/** 200 daily rows of a weekly cycle, with a region feature (north and south in turn). */
function csv(rows: number, region: (t: number) => string, scale = 1): string {
  const lines = Array.from({ length: rows }, (_, t) => `${new Date(T0 + t * DAY).toISOString().slice(0, 10)},${((100 + 20 * Math.sin((2 * Math.PI * t) / 7) + ((t * 7919) % 13) / 4) * scale).toFixed(6)},${region(t)}`)
  return ['date,sales,region', ...lines].join('\n') + '\n'
}
const turns = (t: number) => (t % 2 ? 'south' : 'north')
let model: Uint8Array
let modelPath: string

beforeAll(async () => {
  const train = join(dir, 'sales.csv')
  writeFileSync(train, csv(200, turns))
  const r = await fw('train', '--csv', train, '--target', 'sales', '--features', 'region', '--epochs', '1', '--lookback', '7', '--forecaster', 'combination', '--db', join(dir, 'runs.db'), '--out', join(dir, 'run'))
  if (r.code !== 0) throw new Error(r.stderr)
  modelPath = join(dir, 'run', 'model.json')
  model = readFileSync(modelPath)
}, 120_000)

const apply = async (text: string, file: string) => applyModelFile(model, 'model.json', await importCsv(text, { fileName: file }), '0.1.0')

describe("Apply model's notes and warnings", () => {
  it('passes every notice fw predict prints: a category level the model never saw; no clipping at 0 where no value reached it', async () => {
    const p = await apply(csv(60, () => 'east'), 'east.csv')
    expect(p.notes).toContain('"region" has a value the model never saw in training ("east"; 60 rows): it enters as none of its known values.')
    // sales near 100: no forecast or bound reached 0, so nothing was clipped (explore19)
    expect(p.notes.join(' ')).not.toContain('clipped at 0')
    expect(p.warnings).toBeUndefined()
  })

  it('warns, as fw predict does, when the values lie outside the training range, about 1,000 times smaller', async () => {
    const p = await apply(csv(60, turns, 1 / 1000), 'units.csv')
    expect(p.warnings).toHaveLength(1)
    expect(p.warnings![0]).toMatch(/^All 60 values of sales in units\.csv lie below everything the run saw before its test period \(.+ to .+\): .*about 1,000 times smaller than the training values: are the units the same\?/)
    const units = join(dir, 'units.csv')
    writeFileSync(units, csv(60, turns, 1 / 1000))
    const r = await fw('predict', '--model', modelPath, '--csv', units, '--out', join(dir, 'p.csv'))
    expect(r.code).toBe(0)
    // the same words (numbers as each front end writes them)
    expect(r.stdout).toMatch(/\nwarning: all 60 values of sales in units\.csv lie below everything the run saw before its test period \(.+ to .+\): .*about 1,000 times smaller than the training values: are the units the same\?\n/)
  })

  it('gives fw forecast the same units hint when the last values lie outside the training range, a power of 10 off', async () => {
    const units = join(dir, 'units-ahead.csv')
    writeFileSync(units, csv(60, turns, 1 / 1000))
    const r = await fw('forecast', '--model', modelPath, '--csv', units, '--steps', '3', '--out', join(dir, 'f.csv'))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/\nwarning: the last 60 values of sales \(2021-01-01 to 2021-03-01\) lie below everything the run saw before its test period \(.+ to .+\): .*train again with a later split .*\. They are about 1,000 times smaller than the training values: are the units the same\?\n/)
    // values outside by no power of 10 (a level shift): the warning without the hint
    const shifted = join(dir, 'shifted.csv')
    writeFileSync(shifted, csv(60, turns, 3))
    const s = await fw('forecast', '--model', modelPath, '--csv', shifted, '--steps', '3', '--out', join(dir, 'g.csv'))
    expect(s.stdout).toMatch(/\nwarning: the last \d+ values of sales .* lie above everything the run saw/)
    expect(s.stdout).not.toContain('units')
  })

  it('says nothing of the range when the values lie inside it', async () => {
    const p = await apply(csv(60, turns), 'same.csv')
    expect(p.warnings).toBeUndefined()
    const same = join(dir, 'same.csv')
    writeFileSync(same, csv(60, turns))
    const r = await fw('predict', '--model', modelPath, '--csv', same, '--out', join(dir, 'q.csv'))
    expect(r.stdout).not.toContain('warning:')
  })
})

describe("Apply model's note on filled gaps", () => {
  it('says the missing input cells the run\'s rule filled, per column, as fw predict and the ONNX file\'s path say them', async () => {
    const lines = csv(60, turns).split('\n')
    lines[10] = lines[10]!.replace(/,(north|south)$/, ',')
    lines[11] = lines[11]!.replace(/,(north|south)$/, ',')
    lines[20] = lines[20]!.replace(/,[^,]+,/, ',,')
    const p = await apply(lines.join('\n'), 'holes.csv')
    // lines[k] is line k + 1 of the file: region blank on lines 11 and 12, sales on line 21
    expect(p.notes).toContain("Missing inputs filled by the run's rule (sales: 1 cell, at line 21, by the value before plus the change between the same rows a season (7 rows) earlier; region: 2 cells, at lines 11 and 12, by the level before).") // was "(sales: 1 cell, at line 21, by the 7-row season and the level either side; …)"
    expect((await apply(csv(60, turns), 'full.csv')).notes.join(' ')).not.toContain('Missing inputs filled')
  })
})

describe("Apply model's notes about time with an ONNX file", () => {
  it('says the repeated date merged, as the JSON model file says it, and merges it as that file does', async () => {
    const onnxPath = join(dir, 'model.onnx')
    const e = await fw('export', '--from', modelPath, '--onnx', onnxPath)
    if (e.code !== 0) throw new Error(e.stderr)
    const [header, ...lines] = csv(60, turns).trim().split('\n')
    const text = [header, ...lines.slice(0, 31), lines[30]!.replace(/,[^,]+,/, ',150,'), ...lines.slice(31)].join('\n') + '\n'
    const ds = await importCsv(text, { fileName: 'dup.csv' })
    const fromJson = await apply(text, 'dup.csv')
    const fromOnnx = await applyModelFile(readFileSync(onnxPath), 'model.onnx', ds, '0.1.0')
    const merged = (notes: string[]) => notes.filter((n) => n.includes('repeat an earlier timestamp'))
    expect(merged(fromJson.notes)).toEqual(['1 row merged: they repeat an earlier timestamp (first at line 33, 2021-01-31); 61 rows aggregated by mean into 60 ("region" takes the last value of each time).'])
    expect(merged(fromOnnx.notes)).toEqual(merged(fromJson.notes)) // was []
    expect(fromOnnx.rows.map((r) => r.ts)).toEqual(fromJson.rows.map((r) => r.ts))
  })
})
