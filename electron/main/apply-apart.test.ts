// The app's Apply model with a model that read a column of times of day apart, as text (fw train
// --type time=categorical, the Data view's Keep "time" apart), on a file whose import read that column
// as the time of day of its days: refused with the way to read it apart, as fw predict is
// (core/data/apply.ts). The stored dataset keeps no notices: the renderer sends the import's.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fw } from '../../core/cli/test-fixtures/fw'
import { importCsv } from '../../core/data'
import { openStore, type Store } from '../../core/store'
import type { DatasetColumn } from '../contract'
import type { Dispatcher } from './handlers'
import { dispatcherOver } from './testing'

const dir = mkdtempSync(join(tmpdir(), 'fw-apply-apart-'))
// two shifts a day, each its own row: the shift's start is a category of the model
const shifts = 'd,time,y\n' + Array.from({ length: 120 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1) + Math.floor(i / 2) * 864e5).toISOString().slice(0, 10)},${i % 2 ? '13:00' : '09:30'},${(10 + Math.sin(i / 3)).toFixed(2)}`).join('\n') + '\n'
const file = join(dir, 'shifts.csv')
let store: Store
let api: Dispatcher
let model: Uint8Array

beforeAll(async () => {
  writeFileSync(file, shifts)
  const r = await fw('train', '--csv', file, '--target', 'y', '--features', 'time', '--type', 'time=categorical', '--epochs', '1', '--lookback', '5', '--no-db', '--out', join(dir, 'run'))
  if (r.code !== 0) throw new Error(r.stderr)
  model = new Uint8Array(readFileSync(join(dir, 'run', 'model.json')))
  store = openStore(join(dir, 'runs.db'), { appVersion: 'test' })
  api = dispatcherOver(store, dir)
}, 60_000)
afterAll(() => store?.close())

describe('Apply model with a model that read the times of day apart', () => {
  it('says, as fw predict does, that the file read the times with the days, and the way to keep them apart', async () => {
    // the file as the Data view reads it by default: "time" joined to "d", and stored so
    const ds = await importCsv(shifts, { fileName: 'shifts.csv' })
    const n = ds.notices.find((x) => x.code === 'date-time-joined')!
    expect([n.column, n.joined]).toEqual(['d', 'time'])
    const columns = ds.columns.filter((c) => c.kind !== 'text') as DatasetColumn[]
    const saved = await api.dispatch('saveDataset', { name: 'shifts.csv', sourceFile: null, columns })
    if (!saved.ok) throw new Error(saved.error.message)
    const { datasetId } = saved.value as { datasetId: number }
    const r = await api.dispatch('predictWithModel', { datasetId, fileName: 'model.json', bytes: model, joined: { day: 'd', time: 'time' } })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('missing-features')
    expect(r.error.message).toBe('shifts.csv lacks the column "time" that the model needs; "time" was read as the time of day of "d", one time, and the model read it apart, as text: in the Data view, press Keep "time" apart, as text. Open a file with those columns in Data, then apply the model again.')
    // fw predict on the same file: the same hint, in the CLI's words
    const p = await fw('predict', '--model', join(dir, 'run', 'model.json'), '--csv', file, '--out', join(dir, 'p.csv'))
    expect(p.code).not.toBe(0)
    expect(p.stderr).toContain('"time" was read as the time of day of "d", one time, and the model read it apart, as text: read the file with --type time=categorical')
    // the stored dataset read apart, as the model was trained: applied
    const apart = await importCsv(shifts, { fileName: 'shifts.csv', columns: { time: { type: 'categorical' } } })
    const kept = await api.dispatch('saveDataset', { name: 'shifts-apart.csv', sourceFile: null, columns: apart.columns.filter((c) => c.kind !== 'text') as DatasetColumn[] })
    if (!kept.ok) throw new Error(kept.error.message)
    const ok = await api.dispatch('predictWithModel', { datasetId: (kept.value as { datasetId: number }).datasetId, fileName: 'model.json', bytes: model })
    expect(ok.ok).toBe(true)
  })

  it('refuses a joined column the stored dataset does not fit, naming the field', async () => {
    const ds = await importCsv(shifts, { fileName: 'shifts.csv' })
    const saved = await api.dispatch('saveDataset', { name: 'shifts.csv', sourceFile: null, columns: ds.columns.filter((c) => c.kind !== 'text') as DatasetColumn[] })
    if (!saved.ok) throw new Error(saved.error.message)
    const { datasetId } = saved.value as { datasetId: number }
    const noDay = await api.dispatch('predictWithModel', { datasetId, fileName: 'model.json', bytes: model, joined: { day: 'y', time: 'time' } })
    expect(noDay.ok ? null : [noDay.error.code, noDay.error.field]).toEqual(['invalid-payload', 'joined.day'])
    const kept = await api.dispatch('predictWithModel', { datasetId, fileName: 'model.json', bytes: model, joined: { day: 'd', time: 'y' } })
    expect(kept.ok ? null : [kept.error.code, kept.error.field]).toEqual(['invalid-payload', 'joined.time'])
  })
})
