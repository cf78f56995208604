// fw train --global without --lookback took its default look-back from the first series of the
// file (last stop's note, item 1: 58 against 57 for the same rows in two orders). Now the median of
// every series' own default (core/train/global-lookback.ts), which Setup takes too
// (renderer/src/stores/setup-global-lookback.test.ts reads the same file).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { storesCsv } from '../train/test-fixtures/stores-of-three-lengths'
import { parseArgs } from './args'
import { readCsvFile } from './io'
import { buildConfig, TRAIN_FLAGS } from './train'

const dir = mkdtempSync(join(tmpdir(), 'fw-global-lookback-'))

async function config(order: string[], ...more: string[]) {
  const file = join(dir, `${order.join('')}.csv`)
  writeFileSync(file, storesCsv(order))
  const ds = await readCsvFile(file)
  return buildConfig(parseArgs(['--csv', file, '--target', 'sales', '--series', 'store', ...more], TRAIN_FLAGS), ds)
}

describe('fw train --global: the default look-back', () => {
  it('is the same whichever series comes first in the file: the median of the series\' own defaults', async () => {
    const own = await Promise.all(['a', 'b', 'c'].map(async (s) => (await config(['a', 'b', 'c'], '--series-value', s)).data.lookBack))
    // each store's own default differs (40, 60 and 100 months: two seasons capped for the short ones)
    expect(new Set(own).size).toBe(3)
    const first = await config(['a', 'b', 'c'], '--global')
    const last = await config(['c', 'b', 'a'], '--global')
    const middle = await config(['b', 'c', 'a'], '--global')
    expect(first.data.lookBack).toBe(last.data.lookBack)
    expect(middle.data.lookBack).toBe(first.data.lookBack)
    // the 60-month store's: 24 rows (two seasons) capped so that 42 training rows hold two windows
    expect(first.data.lookBack).toBe([...own].sort((x, y) => x - y)[1])
    expect(first.data.lookBack).toBe(20)
  })

  it('is the same whatever the order of the rows within a series', async () => {
    const file = join(dir, 'shuffled.csv')
    const [head, ...rows] = storesCsv(['a', 'b', 'c']).trim().split('\n')
    // every seventh row first: each store's months no longer in time order in the file
    writeFileSync(file, [head, ...rows.filter((_, i) => i % 7 === 0), ...rows.filter((_, i) => i % 7 !== 0)].join('\n') + '\n')
    const ds = await readCsvFile(file)
    const shuffled = buildConfig(parseArgs(['--csv', file, '--target', 'sales', '--series', 'store', '--global'], TRAIN_FLAGS), ds)
    expect(shuffled.data.lookBack).toBe((await config(['a', 'b', 'c'], '--global')).data.lookBack)
  })

  it('a look-back given is kept', async () => {
    expect((await config(['c', 'b', 'a'], '--global', '--lookback', '9')).data.lookBack).toBe(9)
  })
})
