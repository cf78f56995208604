// fw train says when dropout does nothing: it acts between stacked layers only (PyTorch's rule,
// which it warns about), so with one layer the setting changes nothing; with two it says nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from './index'

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
