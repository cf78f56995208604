// The app's Apply model with a JSON model file said nothing of the stamps past the end and the data's
// clock, where the ONNX graph's Apply model, fw predict and fw forecast say it (forecast.ts
// aheadClockNote): the last windows' forecasts pass the end, and a switch of the rule the file's
// offsets follow.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from '../../core/cli/test-fixtures/fw'
import { importCsv } from '../../core/data'
import { offsetAt, type ClockRule } from '../../core/data/clock-rule'
import { offsetText } from '../../core/data/time-cell'
import { applyModelFile } from './apply-model'

const dir = mkdtempSync(join(tmpdir(), 'fw-apply-clock-'))
const BERLIN: ClockRule = { rule: 'EU', std: 60 }
/** 6-hourly rows with Berlin's offsets from 2023-03-01 to the Saturday before 2024's spring switch. */
function berlin(): string {
  const lines = Array.from({ length: 1584 }, (_, i) => {
    const t = Date.UTC(2023, 2, 1) + i * 6 * 3_600_000
    const o = offsetAt(t, BERLIN)
    return `${new Date(t + o * 60_000).toISOString().slice(0, 19)}${offsetText(o)},${(100 + 10 * Math.cos((Math.PI * i) / 2) + ((i * 31) % 7) / 10).toFixed(2)}`
  })
  return ['time,load', ...lines].join('\n') + '\n'
}

describe('Apply model with a JSON model file and the data\'s clock', () => {
  it('says what fw predict says of the stamps past the end', async () => {
    const text = berlin()
    const csv = join(dir, 'berlin.csv')
    writeFileSync(csv, text)
    const run = join(dir, 'run')
    const t = await fw('train', '--csv', csv, '--target', 'load', '--epochs', '1', '--seed', '1', '--forecaster', 'naive', '--lookback', '8', '--horizon', '6', '--no-db', '--out', run)
    expect(t.code, t.stderr).toBe(0)
    const p = await fw('predict', '--model', join(run, 'model.json'), '--csv', csv, '--out', join(dir, 'p.csv'))
    const said = /^note: (the times past the end .*)$/m.exec(p.stdout)?.[1]
    expect(said).toContain('not with the EU clock changes seen in the file')
    const a = await applyModelFile(readFileSync(join(run, 'model.json')), 'model.json', await importCsv(text, { fileName: 'berlin.csv' }), '0.1.0')
    expect(a.notes).toContain(`${said![0]!.toUpperCase()}${said!.slice(1)}.`)
  }, 120_000)
})
