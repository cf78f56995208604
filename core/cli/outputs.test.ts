// Outputs that cannot be written are bad input, said before any work, naming the path asked for:
// they were "internal error: EISDIR … x.csv.tmp-17987" (exit 1), after the work, and fw export
// wrote its first files before failing on a later one.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'
import { checkWritable, writeFileAtomic } from './io'

const sample = new URL('../../resources/samples/co2-concentration.csv', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'fw-outputs-'))
const db = join(dir, 'runs.db')
const aFile = join(dir, 'a-file')
const aFolder = join(dir, 'a-folder')


let runId = 0
beforeAll(async () => {
  writeFileSync(aFile, 'x')
  mkdirSync(aFolder)
  const t = await fw('train', '--csv', sample, '--target', 'CO2', '--epochs', '1', '--seed', '1', '--db', db, '--out', join(dir, 'out'), '--json')
  expect(t.code).toBe(0)
  runId = (JSON.parse(t.stdout.slice(t.stdout.indexOf('{'))) as { runId: number }).runId
}, 120_000)

describe('outputs that cannot be written', () => {
  it('fw export checks every output first: nothing is written when one cannot be', async () => {
    const model = join(dir, 'exp', 'm.json')
    const r = await fw('export', '--run', String(runId), '--model', model, '--csv', join(aFile, 'x.csv'), '--report', join(dir, 'exp', 'r.html'), '--db', db)
    expect([r.code, r.stderr]).toEqual([2, `fw export: --csv ${join(aFile, 'x.csv')}: ${aFile} is a file, not a folder\n`])
    expect(existsSync(model)).toBe(false)
    const f = await fw('export', '--run', String(runId), '--csv', aFolder, '--db', db)
    expect([f.code, f.stderr]).toEqual([2, `fw export: --csv ${aFolder}: is a folder; name a file in it\n`])
  })

  it('fw predict and fw forecast: a folder as --out is said before the forecast', async () => {
    const model = join(dir, 'out', 'model.json')
    for (const cmd of ['predict', 'forecast']) {
      const r = await fw(cmd, '--model', model, '--csv', sample, '--out', aFolder, ...(cmd === 'forecast' ? ['--steps', '2'] : []))
      expect([r.code, r.stderr]).toEqual([2, `fw ${cmd}: --out ${aFolder}: is a folder; name a file in it\n`])
    }
  })

  it('checkWritable takes files and folders to be made, and writeFileAtomic names the file, not its temporary', () => {
    expect(() => checkWritable(join(dir, 'new', 'deeper', 'f.csv'), '--out f.csv')).not.toThrow()
    expect(() => checkWritable(join(dir, 'new-folder'), '--out new-folder', true)).not.toThrow()
    expect(() => checkWritable(aFile, '--out a-file', true)).toThrow('--out a-file: is a file; name a folder for model.json and predictions.csv')
    expect(() => writeFileAtomic(aFolder, 'x')).toThrow(`cannot write ${aFolder}: it is a folder`)
    expect(existsSync(`${aFolder}.tmp-${process.pid}`)).toBe(false)
  })

  it('--json only where it gives JSON, and --locale a language tag', async () => {
    for (const argv of [['rm', String(runId)], ['resume', String(runId)], ['export', '--run', String(runId), '--csv', join(dir, 'j.csv')]]) {
      const r = await fw(...argv, '--json', '--db', db)
      expect(r.code, argv[0]).toBe(2)
      expect(r.stderr, argv[0]).toContain('unknown option --json')
    }
    const bad = await fw('export', '--run', String(runId), '--csv', join(dir, 'l.csv'), '--locale', 'xx!', '--db', db)
    expect([bad.code, bad.stderr]).toEqual([2, "fw export: --locale: 'xx!' is not a language tag; write e.g. en-US (1234.5 and ,) or de-DE (1234,5 and ;)\n"])
    expect((await fw('export', '--run', String(runId), '--csv', join(dir, 'fr.csv'), '--locale', 'fr-FR', '--db', db)).code).toBe(0)
    expect((await import('node:fs')).readFileSync(join(dir, 'fr.csv'), 'utf8').split('\r\n')[0]).toContain(';')
  })

  it('fw export --onnx of a run whose forecast is not the network alone says so as it writes the file', async () => {
    const t = await fw('train', '--csv', sample, '--target', 'CO2', '--epochs', '1', '--seed', '1', '--forecaster', 'ets', '--db', db, '--out', join(dir, 'ets'), '--json')
    expect(t.code).toBe(0)
    const id = String((JSON.parse(t.stdout.slice(t.stdout.indexOf('{'))) as { runId: number }).runId)
    const r = await fw('export', '--run', id, '--onnx', join(dir, 'ets.onnx'), '--db', db)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^note: the ONNX graph is the network alone; the run's forecast is ETS\(.+\): only the model file \(--model\) forecasts as the run does$/m)
    // a forecast that is the network: no such note
    const n = await fw('train', '--csv', sample, '--target', 'CO2', '--epochs', '1', '--seed', '1', '--forecaster', 'network', '--db', db, '--out', join(dir, 'net'), '--json')
    const nid = String((JSON.parse(n.stdout.slice(n.stdout.indexOf('{'))) as { runId: number }).runId)
    expect((await fw('export', '--run', nid, '--onnx', join(dir, 'net.onnx'), '--db', db)).stdout).not.toContain('network alone')
  }, 120_000)
})
