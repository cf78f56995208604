// The quality benchmark's multi-series part (bench/quality-global.ts): the committed group files hold
// exactly their series.json members; a group is cut by each series' last h in its own layout (and
// written long for fw forecast); a global forecast CSV splits back into series; the summary counts
// the series that beat the better naive.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadManifest, qualityDir, readSeries } from '../bench/quality-data'
import { checkMembers, cutGroup, loadMultiManifest, parseGroupCsv, splitForecastCsv, summariseGlobal, type MultiGroup } from '../bench/quality-global'

const root = resolve(import.meta.dirname, '..')
const wide: MultiGroup = { name: 'w', layout: 'wide', file: 'w.csv', idColumn: null, members: [{ id: 'a', series: 'A' }, { id: 'b', series: 'B' }], origin: '', notes: '' }
const long: MultiGroup = { ...wide, name: 'l', layout: 'long', file: 'l.csv', idColumn: 'series' }

describe('multi-series groups', () => {
  it('the committed files hold their members exactly, with one h and m per group', () => {
    const byName = new Map(loadManifest(root).map((s) => [s.name, readSeries(root, s)]))
    const groups = loadMultiManifest(root)
    expect(groups.map((g) => g.name)).toEqual(expect.arrayContaining(['EuStockMarkets', 'Seatbelts', 'UKLungDeaths']))
    for (const g of groups) {
      const d = parseGroupCsv(readFileSync(resolve(qualityDir(root), g.file), 'utf8'), g)
      expect(() => checkMembers(d, byName), g.name).not.toThrow()
    }
    // and a changed value is caught, naming the file's line
    const g = groups.find((x) => x.name === 'UKLungDeaths')!
    const text = readFileSync(resolve(qualityDir(root), g.file), 'utf8').replace('\n1974-02-01,2552,', '\n1974-02-01,2553,')
    expect(() => checkMembers(parseGroupCsv(text, g), byName)).toThrow(/line 3 .*ldeaths/)
  })

  it('cuts a wide file by the last h rows, and writes the kept rows long', () => {
    const d = parseGroupCsv('time,a,b\n2000-01,1,10\n2000-02,2,20\n2000-03,3,30\n2000-04,4,40\n', wide)
    const { train, long: l } = cutGroup(d, 1)
    expect(train).toBe('time,a,b\n2000-01,1,10\n2000-02,2,20\n2000-03,3,30\n')
    expect(l).toBe('series,time,value\na,2000-01,1\na,2000-02,2\na,2000-03,3\nb,2000-01,10\nb,2000-02,20\nb,2000-03,30\n')
  })

  it('cuts a long file by each series\' own last h, whatever its span', () => {
    const text = 'series,time,value\na,2000,1\nb,1990,5\na,2001,2\na,2002,3\nb,1991,6\nb,1992,7\nb,1993,8\n'
    const d = parseGroupCsv(text, long)
    expect([...d.members.get('b')!.value]).toEqual([5, 6, 7, 8])
    const { train, long: l } = cutGroup(d, 2)
    expect(train).toBe('series,time,value\na,2000,1\nb,1990,5\nb,1991,6\n')
    expect(l).toBe(train)
    expect(() => cutGroup(d, 3)).toThrow(/3 rows, not more than h = 3/)
  })

  it('refuses bad cells and ids the manifest does not list, naming the line', () => {
    expect(() => parseGroupCsv('time,a,b\n2000-01,1,x\n', wide)).toThrow(/line 2, column b: 'x'/)
    expect(() => parseGroupCsv('time,a\n2000-01,1\n', wide)).toThrow(/no column 'b'/)
    expect(() => parseGroupCsv('series,time,value\na,2000,1\nb,2000,2\nc,2000,3\n', long)).toThrow(/not in multi.json's members: c/)
  })

  it('splits a global forecast CSV into one path per series', () => {
    const csv = 'series,time,step,forecast,lower,upper,actual\na,2000-05,1,4.5,4,5,\na,2000-06,2,4.6,,,\nb,2000-05,1,41,,,\n'
    const m = splitForecastCsv(csv, 'series')
    expect([...m.keys()]).toEqual(['a', 'b'])
    expect(m.get('a')).toEqual({ time: ['2000-05', '2000-06'], forecast: [4.5, 4.6], lower: [4, NaN], upper: [5, NaN] })
    expect(m.get('b')!.forecast).toEqual([41])
  })

  it('counts the series a contestant beats the better naive on (ties and no forecast do not count)', () => {
    const rows = [
      { group: 'g', id: 'a', series: 'A', mase: { naive: 1, snaive: 0.5, global: 0.4, defaults: 0.6 } }, // global beats snaive
      { group: 'g', id: 'b', series: 'B', mase: { naive: 0.8, snaive: 2, global: 0.9, defaults: 0.7 } }, // below snaive, not below naive
      { group: 'g', id: 'c', series: 'C', mase: { naive: 1, snaive: 1, global: 1 - 1e-9, defaults: NaN } }, // a tie (below by rounding only); defaults failed
      { group: 'g', id: 'd', series: 'D', mase: { naive: 2, snaive: 3, global: NaN, defaults: 1 } }
    ]
    const s = summariseGlobal(rows, ['global', 'defaults', 'naive', 'snaive'])
    expect(s.series).toBe(4)
    expect(s.beatBetterNaive).toEqual({ global: 1, defaults: 2, naive: 0, snaive: 0 })
    expect(s.failed).toEqual({ global: 1, defaults: 1, naive: 0, snaive: 0 })
    expect(s.geomeanMase['global']).toBeCloseTo(Math.cbrt(0.4 * 0.9 * (1 - 1e-9)), 12)
    expect(s.geomeanMaseRelSnaive['defaults']).toBeCloseTo(Math.cbrt((0.6 / 0.5) * (0.7 / 2) * (1 / 3)), 12)
  })
})
