// fw train --unit COL=UNIT (issue 18): units kept with the dataset and shown by fw train and fw
// show beside the metrics in them; a bad unit or column is a usage error (exit 2) naming the column.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { fw as fwIn } from './test-fixtures/fw'

const sample = new URL('../../resources/samples/seattle-weather.csv', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'fw-cli-units-'))
const db = join(dir, 'runs.db')

const fw = (...argv: string[]) => fwIn(...argv, '--db', db)

describe('fw train --unit', () => {
  it('stores the unit with the dataset; train and show print metrics in it, and no clipping where no bound reached 0', async () => {
    const r = await fw('train', '--csv', sample, '--target', 'wind', '--features', '', '--unit', 'wind=m/s, temp_max=°C', '--epochs', '1', '--out', dir)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/rmse \(m\/s\)/)
    expect(r.stdout).toMatch(/mase(?! \()/)
    // its domain is non-negative, but its log-ratio bounds (×/÷) never reach 0: nothing is clipped (explore19)
    expect(r.stdout).toMatch(/prediction interval: ×\/÷/)
    expect(r.stdout).not.toContain('clipped at 0')
    const id = Number(/run (\d+) saved/.exec(r.stdout)![1])
    const s = openStore(db, { appVersion: 't' })
    try {
      const units = Object.fromEntries(s.datasets.list()[0]!.columns.map((c) => [c.name, c.unit]))
      expect(units).toMatchObject({ wind: 'm/s', temp_max: '°C', precipitation: null })
      expect(JSON.parse(s.runs.get(id).rangeJson!)).toMatchObject({ domain: 'non-negative' })
    } finally {
      s.close()
    }
    const show = await fw('show', String(id))
    expect(show.stdout).toContain('test metrics (wind in m/s):')
    expect(show.stdout).toMatch(/rmse \(m\/s\)/)
    expect(show.stdout).not.toContain('clipped at 0')
    const json = JSON.parse((await fw('show', String(id), '--json')).stdout) as { unit: string; range: { domain: string } }
    expect(json.unit).toBe('m/s')
    expect(json.range.domain).toBe('non-negative')
  })

  it('numbers written with a currency sign are read, their sign the unit unless --unit gives another', async () => {
    const csv = join(dir, 'prices.csv')
    const rows = Array.from({ length: 72 }, (_, i) => `${2015 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01,"$${(1000 + 12.5 * i + 40 * Math.sin(i / 2)).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}",${(2 + Math.cos(i)).toFixed(1)}%`)
    writeFileSync(csv, ['month,price,rate', ...rows].join('\n') + '\n')
    const r = await fw('train', '--csv', csv, '--target', 'price', '--epochs', '1', '--out', dir)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('column "price": numbers written with a currency sign are read as numbers without it ("$1,000.00", line 2, as 1000); its unit is "$"')
    expect(r.stdout).toMatch(/rmse \(\$\)/)
    const given = await fw('train', '--csv', csv, '--target', 'price', '--unit', 'price=USD', '--epochs', '1', '--out', dir)
    expect(given.stdout).toMatch(/rmse \(USD\)/)
    const s = openStore(db, { appVersion: 't' })
    try {
      const byFile = s.datasets.list().filter((d) => d.name === 'prices.csv').map((d) => Object.fromEntries(d.columns.map((c) => [c.name, c.unit])))
      expect(byFile).toEqual(expect.arrayContaining([{ month: null, price: '$', rate: '%' }, { month: null, price: 'USD', rate: '%' }]))
    } finally {
      s.close()
    }
  })

  it('a unit that is too long, a control character, a missing column or a missing = is exit 2, naming it', async () => {
    const cases: [string, string][] = [
      ['wind=metres per second', 'the unit of column "wind" is 17 characters long; at most 16 are allowed'],
      ['wind=m\u0007s', 'the unit of column "wind" contains a control character'],
      ['gust=m/s', 'data.units: no column "gust" in '],
      ['m/s', '--unit takes COLUMN=UNIT']
    ]
    for (const [unit, message] of cases) {
      const r = await fw('train', '--csv', sample, '--target', 'wind', '--unit', unit, '--no-db')
      expect(r.code, unit).toBe(2)
      expect(r.stderr).toContain(message)
    }
  })
})
