// The app's Apply model with a global classification's model file (fw train --global --task
// classification) names the class its forecast column gives, as fw predict --model does.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { fw } from '../../core/cli/test-fixtures/fw'
import { importCsv } from '../../core/data'
import { applyModelFile } from './apply-model'

it('Apply model of a global classification: one block per series, its column P(sky = sun)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-apply-global-classes-'))
  const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
  const rows = ['city,date,sky']
  for (const [k, c] of ['a', 'b', 'c'].entries()) for (let i = 0; i < 80; i++) rows.push(`${c},${day(i)},${(i + k) % 3 === 0 ? 'rain' : 'sun'}`)
  const text = rows.join('\n') + '\n'
  writeFileSync(join(dir, 'sky.csv'), text)
  const r = await fw('train', '--csv', join(dir, 'sky.csv'), '--target', 'sky', '--series', 'city', '--global', '--task', 'classification', '--epochs', '1', '--lookback', '7', '--seed', '1', '--no-db', '--out', join(dir, 'run'))
  expect([r.code, r.stderr]).toEqual([0, ''])
  const p = applyModelFile(readFileSync(join(dir, 'run', 'model.json')), 'model.json', await importCsv(text, { fileName: 'new.csv', series: ['city'] }), '0.1.0')
  expect(p.csv.text.split(/\r?\n/)[0]).toBe('city,time,step,P(sky = sun),actual')
  expect(p.global?.series.map((s) => s.label)).toEqual(['city = a', 'city = b', 'city = c'])
}, 120_000)
