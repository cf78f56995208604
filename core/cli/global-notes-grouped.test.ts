// fw train --global prints its series' notes grouped by kind, as fw forecast does (exploratory pass
// 20, finding 11: 2 notes × 40 series, where fw forecast said 3 and "and so for 37 more series");
// --json keeps every series' note.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-global-notes-'))

it('five stores each missing a value: three said, "and so for 2 more series"; all five in --json', async () => {
  const rows = ['date,store,sales']
  for (const s of ['s1', 's2', 's3', 's4', 's5'])
    for (let i = 0; i < 80; i++) rows.push(`${new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10)},${s},${i === 20 ? '' : (10 + Math.sin(i / 2) + s.length + (i % 3)).toFixed(2)}`)
  const csv = join(dir, 'long.csv')
  writeFileSync(csv, rows.join('\n') + '\n')
  const args = ['train', '--csv', csv, '--target', 'sales', '--series', 'store', '--global', '--epochs', '1', '--lookback', '5', '--no-db']
  const t = await fw(...args, '--out', join(dir, 'o'))
  expect(t.code, t.stderr).toBe(0)
  const missing = t.stdout.split('\n').filter((l) => /^note: series store = s\d: target "sales" is missing on 1 row /.test(l))
  expect(missing.map((l) => /s\d/.exec(l)![0])).toEqual(['s1', 's2', 's3'])
  expect(t.stdout).toMatch(/is missing on 1 row [^\n]*\nnote: and so for 2 more series\n/)
  const j = await fw(...args, '--out', join(dir, 'j'), '--json')
  expect(j.code, j.stderr).toBe(0)
  const notes = (JSON.parse(j.stdout) as { notes: string[] }).notes.filter((n) => /^series store = s\d: target "sales" is missing/.test(n))
  expect(notes).toHaveLength(5)
}, 60_000)
