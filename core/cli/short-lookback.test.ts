// fw train's note on a look-back shortened by a short series names what the default reads: two
// days of rows less than a day apart (their season found automatically), two seasons of others.
import { describe, expect, it } from 'vitest'
import { importCsv } from '../data'
import { defaultConfig } from '../train/config'
import { defaultSeasonAndLookBack } from '../train/season'
import { shortLookBack } from './train'

async function noteFor(stepMinutes: number, rows: number): Promise<string | null> {
  const t0 = Date.UTC(2024, 0, 1)
  const lines = Array.from({ length: rows }, (_, i) => {
    const t = t0 + i * stepMinutes * 60_000
    return `${new Date(t).toISOString()},${(50 + 10 * Math.sin((2 * Math.PI * (t % 864e5)) / 864e5) + (i % 3)).toFixed(2)}`
  })
  const ds = await importCsv('time,load\n' + lines.join('\n') + '\n', { fileName: 'short.csv' })
  const config = defaultConfig('load')
  config.data.lookBack = defaultSeasonAndLookBack(ds, 'load', config.data.season, config.data.horizon).lookBack
  return shortLookBack(ds, config)
}

describe('the short look-back note', () => {
  it('says two days of half-hourly rows (it said two seasons)', async () => {
    expect(await noteFor(30, 150)).toMatch(/^look-back \d+ rows, as the series is short \(with rows enough: 96 rows, two days\): more would leave too few training windows in 150 rows; --lookback N sets it$/)
  })
})
