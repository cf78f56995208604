// Series are shown in natural order (core/data/natural.ts: "s2" before "s10"), not file order:
// fw show's and fw train --global's tables of a global run's series. Display only: the run keeps its series in file order.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openStore } from '../store'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-series-order-'))

it('fw train --global and fw show list a global run\'s series in natural order; the store keeps file order', async () => {
  const csv = join(dir, 'long.csv')
  const rows = ['date,store,sales']
  for (const s of ['s10', 's2', 's1']) for (let i = 0; i < 60; i++) rows.push(`${new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10)},${s},${10 + Math.sin(i) + s.length}`)
  writeFileSync(csv, rows.join('\n') + '\n')
  const db = join(dir, 'runs.db')
  const t = await fw('train', '--csv', csv, '--target', 'sales', '--series', 'store', '--global', '--epochs', '1', '--lookback', '5', '--db', db, '--out', join(dir, 'o'))
  expect(t.code).toBe(0)
  const labels = (text: string) => text.split('\n').map((l) => /^(?:store = )?(s\d+)\b/.exec(l.trim())?.[1]).filter(Boolean)
  expect(labels(t.stdout)).toEqual(['s1', 's2', 's10']) // fw train --global's own table
  expect(labels((await fw('show', '1', '--db', db)).stdout)).toEqual(['s1', 's2', 's10'])
  const store = openStore(db, { appVersion: 'test' })
  try {
    expect(store.series.list(1).map((s) => s.label).join(' ')).toMatch(/s10.*s2.*s1/)
  } finally {
    store.close()
  }
}, 60_000)
