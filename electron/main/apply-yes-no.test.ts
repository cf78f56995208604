// The app's Apply model names a yes/no target's probability column in the words of the file it is
// given, as fw predict does: P(rain = Yes) for a file of No/Yes, P(rain = 1) for a file of 0/1,
// with the run's JSON model file and with its ONNX file alike.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fw } from '../../core/cli/test-fixtures/fw'
import { importCsv } from '../../core/data'
import { applyModelFile } from './apply-model'

const dir = mkdtempSync(join(tmpdir(), 'fw-apply-yes-no-'))
const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
const csv = (no: string, yes: string) => ['date,rain', ...Array.from({ length: 90 }, (_, i) => `${day(i)},${(i * 7) % 5 < 2 ? yes : no}`)].join('\n') + '\n'
const files: Record<'json' | 'onnx', Uint8Array> = { json: new Uint8Array(), onnx: new Uint8Array() }

beforeAll(async () => {
  writeFileSync(join(dir, 'yn.csv'), csv('no', 'yes'))
  const db = join(dir, 'runs.db')
  const r = await fw('train', '--csv', join(dir, 'yn.csv'), '--target', 'rain', '--task', 'classification', '--features', '', '--epochs', '1', '--seed', '1', '--db', db, '--out', join(dir, 'run'))
  if (r.code !== 0) throw new Error(r.stderr)
  const e = await fw('export', '--run', '1', '--onnx', join(dir, 'model.onnx'), '--db', db)
  if (e.code !== 0) throw new Error(e.stderr)
  files.json = readFileSync(join(dir, 'run', 'model.json'))
  files.onnx = readFileSync(join(dir, 'model.onnx'))
}, 120_000)

describe("Apply model: a yes/no target's probability in the file's own words", () => {
  for (const kind of ['json', 'onnx'] as const) {
    it(`${kind} model: P(rain = Yes) for a No/Yes file, P(rain = 1) for a 0/1 file`, async () => {
      for (const [no, yes] of [['No', 'Yes'], ['0', '1']]) {
        const p = applyModelFile(files[kind], `model.${kind}`, await importCsv(csv(no!, yes!), { fileName: 'new.csv' }), '0.1.0')
        const header = p.csv.text.split(/\r?\n/)[0]!.split(',')
        expect(header).toContain(`P(rain = ${yes})`)
        // the actual in the file's words too (blank past the file's last known value)
        const actual = header.indexOf('actual')
        expect(new Set(p.csv.text.trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[actual]).filter((a) => a !== ''))).toEqual(new Set([no, yes]))
      }
    })
  }
})
