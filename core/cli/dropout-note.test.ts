// fw train says when dropout does nothing: it acts between stacked layers only (PyTorch's rule,
// which it warns about), so with one layer the setting changes nothing; with two it says nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { expandGrid } from '../train/sweep'
import { parseArgs } from './args'
import { main } from './index'
import { readCsvFile } from './io'
import { recordNewRun } from './runs'
import { sweepIdleDropout } from './sweep'
import { TRAIN_FLAGS, buildConfig } from './train'

const sample = join(resolve(__dirname, '../..'), 'resources/samples/seattle-weather.csv')
const dir = mkdtempSync(join(tmpdir(), 'fw-dropout-note-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function trainWith(model: object, ...more: string[]) {
  const cfg = join(dir, 'cfg.json')
  writeFileSync(cfg, JSON.stringify({ model }))
  let stdout = ''
  let stderr = ''
  const code = await main(['train', '--csv', sample, '--target', 'temp_max', '--epochs', '1', '--threads', '1', '--no-db', '--out', join(dir, 'out'), '--config', cfg, ...more],
    { write: (s) => void (stdout += s), isTTY: false }, { write: (s) => void (stderr += s), isTTY: false })
  expect(code, stderr).toBe(0)
  return stdout
}

const NOTE = 'note: dropout 0.5 does nothing with 1 layer: dropout acts between stacked layers only; set --layers 2 or more to use it, or --dropout 0\n'

describe('fw train and a dropout that does nothing', () => {
  it('says so for 1 layer, in --json among the notes too', async () => {
    expect(await trainWith({ dropout: 0.5, hiddenSize: 4 })).toContain(NOTE)
    const json = JSON.parse(await trainWith({ dropout: 0.5, hiddenSize: 4 }, '--json')) as { notes: string[] }
    expect(json.notes).toContain(NOTE.slice('note: '.length, -1))
  }, 60_000)

  it('says nothing with 2 layers, or without dropout', async () => {
    expect(await trainWith({ dropout: 0.5, numLayers: 2, hiddenSize: 4 })).not.toContain('note: dropout')
    expect(await trainWith({ dropout: 0, hiddenSize: 4 })).not.toContain('note: dropout')
  }, 60_000)
})

describe('fw resume and fw sweep and a dropout that does nothing', () => {
  it('fw resume says so, with no fix (a stored run keeps its layers)', async () => {
    const db = join(dir, 'resume.db')
    const ds = await readCsvFile(sample)
    const args = ['--csv', sample, '--target', 'temp_max', '--epochs', '1', '--threads', '1', '--hidden', '4']
    const store = openStore(db)
    const ids = [0.5, 0].map((dropout) => {
      const config = buildConfig(parseArgs([...args, '--dropout', String(dropout)], TRAIN_FLAGS), ds)
      const { runId } = recordNewRun(store, ds, sample, config, null, {}, null)
      store.runs.transition(runId, 'running')
      return runId
    })
    store.recoverInterrupted('the process was killed') // both left before their first checkpoint
    store.close()
    const resumed = async (id: number) => {
      let stdout = ''
      let stderr = ''
      const code = await main(['resume', String(id), '--db', db, '--out', join(dir, `resumed-${id}`)], { write: (s) => void (stdout += s), isTTY: false }, { write: (s) => void (stderr += s), isTTY: false })
      expect(code, stderr).toBe(0)
      return stdout
    }
    expect(await resumed(ids[0]!)).toContain('note: dropout 0.5 does nothing with 1 layer: dropout acts between stacked layers only\n')
    expect(await resumed(ids[1]!)).not.toContain('note: dropout')
  }, 60_000)

  it('fw sweep says so once: as fw train does for the base config, else naming the trials and their dropouts', async () => {
    const ds = await readCsvFile(sample)
    const base = (...more: string[]) => buildConfig(parseArgs(['--csv', sample, '--target', 'temp_max', ...more], TRAIN_FLAGS), ds)
    expect(sweepIdleDropout(expandGrid(base('--dropout', '0.5'), { 'training.lr': [0.01, 0.001] }))).toBe(NOTE.slice('note: '.length, -1))
    expect(sweepIdleDropout(expandGrid(base(), { 'model.dropout': [0, 0.2, 0.5] })))
      .toBe('dropout 0.2 and 0.5 does nothing with 1 layer, in trials 2 and 3: dropout acts between stacked layers only; set --layers 2 or more (or model.numLayers in the grid) to use it')
    expect(sweepIdleDropout(expandGrid(base(), { 'model.dropout': [0.2, 0.5] })))
      .toBe('dropout 0.2 and 0.5 does nothing with 1 layer, in every trial: dropout acts between stacked layers only; set --layers 2 or more (or model.numLayers in the grid) to use it')
    expect(sweepIdleDropout(expandGrid(base('--dropout', '0.5'), { 'model.numLayers': [1, 2] })))
      .toBe('dropout 0.5 does nothing with 1 layer, in trial 1: dropout acts between stacked layers only; set --layers 2 or more (or model.numLayers in the grid) to use it')
    expect(sweepIdleDropout(expandGrid(base('--dropout', '0.5', '--layers', '2'), { 'model.dropout': [0.2, 0.5] }))).toBeNull()
  })
})
