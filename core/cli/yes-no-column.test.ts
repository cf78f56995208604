// A yes/no target's probability column is named in the data file's own word for yes: P(rain = yes)
// for a file of no/yes, P(rain = 1) for a file of 0/1, not the model's class names P(rain = true)
// for both, in every forecast file (fw train's predictions.csv, fw predict and fw forecast with the
// JSON and the ONNX model, the export's CSV, workbook and report); a stored run whose dataset kept no words (stored before they
// were kept) writes P(rain = true), as it did.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { Window } from 'happy-dom'
import { beforeAll, describe, expect, it } from 'vitest'
import { SHEETS } from '../export/forecast-xlsx'
import { openStore } from '../store'
import { storedRunTarget } from '../services/run-export'
import { forgetYesNoWords } from './test-fixtures/forget-words'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-yes-no-column-'))
const db = join(dir, 'runs.db')
const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
/** A daily file whose rain is written `no`/`yes` (any words), rainy on 2 days of 5. */
function file(name: string, no: string, yes: string): string {
  const path = join(dir, name)
  writeFileSync(path, ['date,rain', ...Array.from({ length: 90 }, (_, i) => `${day(i)},${(i * 7) % 5 < 2 ? yes : no}`)].join('\n') + '\n')
  return path
}
const yn = file('yn.csv', 'no', 'yes')
const zeroOne = file('01.csv', '0', '1')
const YN = file('YN.csv', 'No', 'Yes')
const quick = ['--task', 'classification', '--features', '', '--epochs', '1', '--seed', '1', '--db', db]
const header = (path: string) => readFileSync(path, 'utf8').split(/\r?\n/)[0]!.split(',')
const probColumn = (path: string) => header(path).find((c) => c.startsWith('P('))

beforeAll(async () => {
  for (const [csv, out] of [[yn, 'yn'], [zeroOne, '01']] as const) {
    const r = await fw('train', '--csv', csv, '--target', 'rain', '--out', join(dir, out), ...quick)
    expect(r.code, r.stderr).toBe(0)
  }
}, 120_000)

describe("a yes/no target's probability column in the file's own words", () => {
  it("fw train's predictions.csv: P(rain = yes) for a no/yes file, P(rain = 1) for a 0/1 file", () => {
    expect(probColumn(join(dir, 'yn', 'predictions.csv'))).toBe('P(rain = yes)')
    expect(probColumn(join(dir, '01', 'predictions.csv'))).toBe('P(rain = 1)')
    // the 0/1 file's actual stays 0 and 1, the no/yes file's is in its words
    const actuals = (p: string) => new Set(readFileSync(p, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[header(p).indexOf('actual')]))
    expect(actuals(join(dir, '01', 'predictions.csv'))).toEqual(new Set(['0', '1']))
    expect(actuals(join(dir, 'yn', 'predictions.csv'))).toEqual(new Set(['no', 'yes']))
  })

  it('fw predict and fw forecast name it in the words of the file they read', async () => {
    for (const [model, csv, want] of [['yn', YN, 'P(rain = Yes)'], ['yn', zeroOne, 'P(rain = 1)'], ['01', yn, 'P(rain = yes)'], ['01', zeroOne, 'P(rain = 1)']] as const) {
      for (const argv of [['predict'], ['forecast', '--steps', '1']]) {
        const out = join(dir, `${argv[0]}-${model}-${csv.split('/').at(-1)}`)
        const r = await fw(...argv, '--model', join(dir, model, 'model.json'), '--csv', csv, '--out', out)
        expect(r.code, r.stderr).toBe(0)
        expect(probColumn(out), `${argv[0]} ${model} on ${csv}`).toBe(want)
      }
    }
  }, 60_000)

  it("fw predict with the run's ONNX file names it in the words of the file it reads", async () => {
    const onnx = join(dir, 'yn.onnx')
    const e = await fw('export', '--run', '1', '--onnx', onnx, '--db', db)
    expect(e.code, e.stderr).toBe(0)
    for (const [csv, want] of [[YN, 'P(rain = Yes)'], [zeroOne, 'P(rain = 1)']] as const) {
      const out = join(dir, `onnx-${csv.split('/').at(-1)}`)
      const r = await fw('predict', '--model', onnx, '--csv', csv, '--out', out)
      expect(r.code, r.stderr).toBe(0)
      expect(probColumn(out)).toBe(want)
    }
  }, 60_000)

  /** The export's CSV header's, the workbook's forecast sheet's and the report's probability name. */
  async function exported(run: number, name: string): Promise<{ csv: string | undefined; xlsx: unknown; report: boolean }> {
    const out = join(dir, name)
    const r = await fw('export', '--run', String(run), '--db', db, '--csv', join(out, 'f.csv'), '--xlsx', join(out, 'f.xlsx'), '--report', join(out, 'r.html'))
    expect(r.code, r.stderr).toBe(0)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(join(out, 'f.xlsx'))
    const sheetHeader = (wb.getWorksheet(SHEETS.forecast)!.getRow(1).values as unknown[]).filter((v) => typeof v === 'string' && v.startsWith('P('))
    const csv = probColumn(join(out, 'f.csv'))
    const doc = new new Window().DOMParser().parseFromString(readFileSync(join(out, 'r.html'), 'utf8'), 'text/html')
    return { csv, xlsx: sheetHeader[0], report: doc.body.textContent!.includes(csv!) }
  }

  it("fw export's CSV, workbook and report of each stored run", async () => {
    expect(await exported(1, 'export-yn')).toEqual({ csv: 'P(rain = yes)', xlsx: 'P(rain = yes)', report: true })
    expect(await exported(2, 'export-01')).toEqual({ csv: 'P(rain = 1)', xlsx: 'P(rain = 1)', report: true })
    // the app's Evaluate and Export name it from the same words (RunDetail.classWords)
    const store = openStore(db)
    try {
      expect(storedRunTarget(store, 1)).toEqual({ names: ['false', 'true'], words: ['no', 'yes'] })
      expect(storedRunTarget(store, 2)).toEqual({ names: ['false', 'true'], words: ['0', '1'] })
    } finally {
      store.close()
    }
  }, 60_000)

  it('a run whose dataset was stored before the words were kept writes P(rain = true), as before', async () => {
    forgetYesNoWords(db, 1, 'rain')
    const r = await exported(1, 'export-before')
    expect(r).toEqual({ csv: 'P(rain = true)', xlsx: 'P(rain = true)', report: true })
    const store = openStore(db)
    try {
      expect(storedRunTarget(store, 1)).toEqual({ names: ['false', 'true'] })
    } finally {
      store.close()
    }
  }, 60_000)
})
