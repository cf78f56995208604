// Short series (pass 15, findings 2 and 3): fw show counts a run's one stored forecast row in the
// singular; fw train says the look-back it cut short for the series chosen in a long file.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

/** fw train on a file of six daily values of y into a new database: what it said, and fw show 1. */
async function sixRows(values: number[]) {
  const dir = mkdtempSync(join(tmpdir(), 'fw-six-rows-'))
  const csv = join(dir, 'six.csv')
  writeFileSync(csv, 'date,y\n' + values.map((y, i) => `2022-01-0${i + 1},${y}`).join('\n') + '\n')
  const db = join(dir, 'runs.db')
  const t = await fw('train', '--csv', csv, '--target', 'y', '--epochs', '1', '--db', db, '--out', dir)
  expect([t.code, t.stderr]).toEqual([0, ''])
  return { train: t.stdout, show: (await fw('show', '1', '--db', db)).stdout }
}

it('fw show says "1 forecast row stored" of a run with one test row', async () => {
  expect((await sixRows([12, 15, 11, 14, 16, 13])).show).toMatch(/\n1 forecast row stored\n/)
})

it('fw train --series-value says a look-back cut short for the series chosen, in the words of Setup\'s look-back field', async () => {
  // S01 of 200 daily rows, S04 of 120: with --horizon 60 the default for S04 is 2 rows, not 14
  const dir = mkdtempSync(join(tmpdir(), 'fw-short-series-'))
  const csv = join(dir, 'stores.csv')
  const day = (i: number) => new Date(Date.UTC(2022, 0, 1 + i)).toISOString().slice(0, 10)
  const rows = [...Array.from({ length: 200 }, (_, i) => `${day(i)},S01,${100 + (i % 7) * 5 + (i % 3)}`), ...Array.from({ length: 120 }, (_, i) => `${day(i)},S04,${80 + (i % 7) * 4 + (i % 2)}`)]
  writeFileSync(csv, 'date,store,sales\n' + rows.join('\n') + '\n')
  const t = await fw('train', '--csv', csv, '--series', 'store', '--series-value', 'S04', '--target', 'sales', '--horizon', '60', '--epochs', '1', '--no-db', '--out', dir)
  expect([t.code, t.stderr]).toEqual([0, ''])
  expect(t.stdout).toMatch(/^note: look-back 2 rows, as the series is short \(with rows enough: 14 rows, two seasons\): more would leave too few training windows in 120 rows; --lookback N sets it$/m)
})

it('a forecaster chosen on fewer than 10 validation rows says how few, where the choice is said (fw train, fw show)', async () => {
  // explore19 #13: six rows, 1 validation window; naive was chosen and nothing said that one row
  // cannot tell the forecasters apart
  const { train, show } = await sixRows([10, 11, 12, 13, 14, 15])
  expect(train).toMatch(/windows: 2 train, 1 validation, 1 test/)
  const few = '; this choice rests on 1 validation row (fewer than 10), too few to tell the forecasters apart: more rows, or a larger validation share, give one to trust'
  expect(train).toMatch(new RegExp(`\\n(forecast|warning): [^\\n]*${few.replace(/[()]/g, '\\$&')}\\n`))
  expect(show).toContain(few)
})
