// The longest silences (no progress told) of forecastXlsx itself on a 100,000-row hourly Forecast
// sheet: its rows (told each) and its parts (WORKBOOK_PARTS), the four longest, and when each part
// came. EXP_XLSX=dir keeps the files (to compare cell by cell with those of another writer).
//   npx vitest run --config bench/experiments/vitest.config.ts bench/experiments/workbook-silence.exp.ts
// Measured on 6 December on a 2-core machine at a load average of 20 to 26, the writer before
// (exceljs's in-memory Workbook, its write stages counted) and after (its streaming writer) run
// alternately (by this file's first form: the same counts, three more small workbooks between): the in-memory writer
// 259 and 368 s, its longest silences 95 s and 133, 93, 88 s (its cells prepared, its sheets
// written, the whole compressed: its three counted stages); the streaming writer 150 s (its longest
// silence 5.0 s, before the first row: every row's cells made first) and, those made as each row is
// written, 197 s, its longest silences 0.89 s (the other sheets), 0.60 s (before the first row, its
// widths and time format), 0.60 s (the finish), 0.48 s (among the rows). The files' cells the same.
// Again by this file, back to back at a load average of 14 to 15: the in-memory writer 26.7 s, its
// longest silences 10.3, 6.1 and 4.6 s (its stages); the streaming writer 14.6 s, none over 0.34 s.
// The price: the sample's first part, exceljs loaded in a fresh worker, 0.20 s (its Workbook module
// alone, an internal file) against 1.01 s (the package's entry, its streaming reader included).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { sampleForecastExport } from '../../test/fixtures/export/sample-run'
import { forecastXlsx } from '../../core/export/forecast-xlsx'
import type { ForecastExport } from '../../core/export/types'

const fx = sampleForecastExport()
const rows = (n: number): ForecastExport => ({ ...fx, rows: Array.from({ length: n }, (_, i) => ({ ...fx.rows[i % fx.rows.length]!, time: Date.UTC(2020, 0, 1) + i * 36e5, row: i })) })
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`

it('100,000 hourly rows', async () => {
  for (const [name, x] of [['sample', fx], ['100k', rows(100_000)]] as const) {
    const t0 = performance.now()
    let last = t0
    const longest: { ms: number; before: string }[] = []
    const parts: string[] = []
    const tell = (before: string) => {
      const t = performance.now()
      longest.push({ ms: t - last, before })
      longest.sort((a, b) => b.ms - a.ms)
      longest.length = Math.min(longest.length, 4)
      last = t
    }
    const bytes = await forecastXlsx(x, { rows: (d) => tell(`row ${d}`), parts: (d, n) => (tell(`part ${d}/${n}`), parts.push(`${d}/${n} at ${s(performance.now() - t0)}`)) })
    tell('the end')
    if (process.env['EXP_XLSX']) writeFileSync(join(process.env['EXP_XLSX'], `${name}.xlsx`), bytes)
    // the first, a three-week sample, in a fresh worker: exceljs loaded
    console.log(`${name}: ${s(performance.now() - t0)}, ${bytes.length} bytes; longest silences ${longest.map((g) => `${s(g.ms)} before ${g.before}`).join(', ')}; parts ${parts.join(', ')}`)
  }
})
