// fw export --xlsx and --report of a global classification (one network across series for a class
// target): the workbook's sheets as a global regression's, its Series sheet each series' class
// scores as the store keeps them (migration 021), its Metrics the means against each series' own
// baselines, its forecasts named by class and its About sheet saying what the run is; the report
// with each series' scores and the run's summary, drawn as a classification, never as a regression.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from './index'
import { fw as fwIn } from './test-fixtures/fw'
import { openStore } from '../store'
import { parseGlobalSummary } from '../services/global-run'
import { formatNumber } from '../export/report/scale'

const dir = mkdtempSync(join(tmpdir(), 'fw-export-global-classes-'))
const db = join(dir, 'runs.db')
const quick = ['--epochs', '3', '--lookback', '7', '--seed', '3']

const fw = (...argv: string[]) => fwIn(...argv, '--db', db)

/** A long file of 4 stores, 90 days each: sales (a weekly pattern, sales > 150 on some days) and
 *  sky, one of three words. */
function longFile(): string {
  const rows = ['store,date,sales,sky']
  for (const [k, s] of ['s1', 's2', 's3', 's4'].entries()) {
    for (let i = 0; i < 90; i++) {
      const day = new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10)
      const sky = ['rain', 'sun', 'snow'][i % 5 ? (i * (k + 1) + k) % 3 : (i + k) % 3]
      rows.push(`${s},${day},${100 + 20 * ((i + k) % 7) + 5 * k},${sky}`)
    }
  }
  const csv = join(dir, 'long.csv')
  writeFileSync(csv, rows.join('\n') + '\n')
  return csv
}

let csv = ''
beforeAll(() => {
  csv = longFile()
})

async function trained(...how: string[]): Promise<number> {
  const r = await fw('train', '--csv', csv, '--series', 'store', '--global', ...how, ...quick, '--out', join(dir, `out-${how.join('-').replace(/\W+/g, '_')}`))
  expect([r.code, r.stderr]).toEqual([0, ''])
  return Number(/run (\d+) saved/.exec(r.stdout)![1])
}

/** A run trained with `how`, then its workbook and report written by fw export (name.xlsx, name.html). */
async function exported(name: string, ...how: string[]) {
  const id = await trained(...how)
  const xlsx = join(dir, `${name}.xlsx`)
  const html = join(dir, `${name}.html`)
  const r = await fw('export', '--run', String(id), '--xlsx', xlsx, '--report', html)
  expect([r.code, r.stderr]).toEqual([0, ''])
  return { id, xlsx, html, r }
}

/** The stored series and summary of run `id`, as fw show reads them. */
function stored(id: number) {
  const store = openStore(db)
  try {
    const g = parseGlobalSummary(store.runs.get(id).globalJson)!
    return { series: store.series.list(id), summary: g.summary, metrics: store.metrics.list(id), seriesRateNoise: g.seriesRateNoise }
  } finally {
    store.close()
  }
}

async function workbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(file)
  return wb
}
const rowsOf = (ws: ExcelJS.Worksheet): unknown[][] => {
  const out: unknown[][] = []
  ws.eachRow((r) => void out.push((r.values as unknown[]).slice(1)))
  return out
}
const aboutOf = (wb: ExcelJS.Workbook) => new Map(rowsOf(wb.getWorksheet('About')!).map((r) => [r[0], r[1]]))

/** The report's section `id` as written. */
const sectionHtml = (html: string, id: string) => {
  const from = html.indexOf(`<section id="${id}"`)
  expect(from).toBeGreaterThan(0)
  return html.slice(from, html.indexOf('</section>', from))
}
/** Its text, tags dropped and entities read. */
const sectionText = (html: string, id: string) =>
  sectionHtml(html, id).replace(/<[^>]+>/g, ' ').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ')
/** A score as the report's tables write it (4 significant digits). */
const f4 = (v: number | null | undefined) => formatNumber(v ?? null, 4)

describe('fw export of a global classification', () => {
  it('two classes (--rule): the workbook names P(sales > 150), its Series and Metrics sheets hold the stored scores; the report each series\' scores', async () => {
    const { id, xlsx, html, r } = await exported('two', '--target', 'sales', '--rule', 'sales > 150')
    expect(r.stdout).toBe(`xlsx of run ${id} (4 series) written to ${xlsx}\nreport of run ${id} (4 series) written to ${html}\n`)
    const { series, summary, metrics, seriesRateNoise } = stored(id)
    const c = summary.classification!
    // each series against its training rate: level within 2 SE of its own test rows' noise (kept by position), else by its Brier
    expect(seriesRateNoise).toHaveLength(series.length)
    const rateWord = (s: (typeof series)[number]) => {
      const n = seriesRateNoise![s.position]
      return n && Math.abs(n.mean) < 2 * n.se ? 'level' : s.brier! < s.rateBrier! ? 'yes' : 'no'
    }
    // the tables count as the verdict counts
    expect([series.filter((s) => rateWord(s) === 'yes').length, series.filter((s) => rateWord(s) === 'level').length]).toEqual([c.rateNoise!.beat, c.rateNoise!.level])
    const wb = await workbook(xlsx)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Forecast', 'Series', 'Metrics', 'Config', 'Data', 'About'])
    const forecast = rowsOf(wb.getWorksheet('Forecast')!)
    expect(forecast[0]).toEqual(['store', 'time', 'step', 'P(sales > 150)', 'actual'])
    // every series' test rows, a probability and the class that came (0 or 1)
    expect(forecast.length - 1).toBe(series.reduce((n, s) => n + s.n, 0))
    for (const row of forecast.slice(1)) {
      expect(row[3]).toBeGreaterThanOrEqual(0)
      expect(row[3]).toBeLessThanOrEqual(1)
      expect([0, 1]).toContain(row[4])
    }
    const sheet = rowsOf(wb.getWorksheet('Series')!)
    expect(sheet[0]).toEqual(['store', 'test forecasts', 'accuracy', 'brier', 'log loss', 'training-rate brier', 'persistence brier', 'majority accuracy', 'beats training rate', 'forecast by'])
    expect(sheet.slice(1)).toEqual(series.map((s) => [s.key[0], s.n, s.accuracy, s.brier, s.logLoss, s.rateBrier, s.persistenceBrier, s.majorityAccuracy, rateWord(s), 'network']))
    // the means as stored, against each series' own baselines; skill against the one best on validation, the stored skill
    const m = rowsOf(wb.getWorksheet('Metrics')!)
    expect(m[0]).toEqual(['split', 'metric', 'model', 'majority', 'persistence', 'training-rate', 'best baseline', 'skill vs best'])
    const brier = m.find((x) => x[1] === 'brier')!
    expect(brier.slice(0, 6)).toEqual(['test', 'brier', c.model.brier, c.baselines.majority.brier, c.baselines.persistence.brier, c.baselines['training-rate'].brier])
    expect(brier.slice(6)).toEqual([c.bestBaseline, metrics.find((x) => x.metric === 'skill')!.value])
    const about = aboutOf(wb)
    expect(about.get('run kind')).toBe('a global classification: one network across 4 series (store), forecasting whether sales > 150 1 step ahead; every series is forecast by it and scored against its own majority, persistence and training-rate baselines')
    expect(about.get('forecast made by')).toBe('the network')
    // the series counted beyond the noise of their test rows, the run level where its own noise says so (globalClassVerdict)
    const counted = `${c.rateNoise!.beat} of 4 series beat their training rate on test beyond the noise of their test rows${c.rateNoise!.level ? `, ${c.rateNoise!.level} level with it within that noise` : ''} \\(mean Brier `
    const level = Math.abs(c.noise!.mean) < 2 * c.noise!.se ? 'Level with the best baseline \\(.*\\) on test \\(mean Brier over the series\\): the difference, .*; ' : ''
    expect(about.get('verdict')).toMatch(new RegExp(`^${level}${counted}`))
    expect(about.get('forecast column')).toBe('P(sales > 150): the predicted probability, 0 to 1')
    expect(String(about.get('threshold chosen on validation'))).toMatch(/^(Chosen on validation|No threshold was chosen on validation)/)
    expect([...about.values()].join(' ')).not.toMatch(/MASE|naive|NaN|undefined/)

    const page = readFileSync(html, 'utf8')
    expect(page).not.toMatch(/NaN|undefined/)
    const table = sectionText(page, 'series')
    // its lead counts them beyond noise too, as the verdict and the table do
    expect(table).toContain(`${c.beatRate} of them beat their training rate on test (a lower Brier), ${c.rateNoise!.beat} beyond the noise of their test rows, ${c.rateNoise!.level} level with it within that noise.`)
    // and its card counts those beyond noise, as the verdict does
    expect(page).toContain(`<div class="label">series beating their training rate</div><div class="value">${c.rateNoise!.beat} of 4</div>`)
    expect(table).toContain('accuracy Brier log loss training-rate Brier persistence Brier majority accuracy beats training rate')
    for (const s of series) expect(table).toContain(`${s.key[0]} ${s.n} ${[s.accuracy, s.brier, s.logLoss, s.rateBrier, s.persistenceBrier, s.majorityAccuracy].map(f4).join(' ')} ${rateWord(s)}`)
    expect(sectionText(page, 'verdict')).toMatch(new RegExp(`${level}${counted}`))
    // the run's summary: the means against the baselines, and the skill named beside its yardstick
    expect(sectionText(page, 'metrics')).toContain(`test brier ${f4(c.model.brier)} ${f4(c.baselines.majority.brier)} ${f4(c.baselines.persistence.brier)} ${f4(c.baselines['training-rate'].brier)}`)
    // drawn as a classification: the probability of the class against the class that came, a confusion matrix and ROC curve of every series pooled
    expect(sectionText(page, 'forecast')).toContain('Test-split predicted probability P(sales > 150) against the actual class')
    expect(page).toContain('aria-label="ROC curve"')
    expect(sectionText(page, 'classification')).toContain("Every series' test rows pooled (4 series)")
    expect(page).not.toMatch(/MASE|interval coverage|naive MAE|Forecast against actual/)
  }, 90_000)

  it('fw export --help says which files a global classification gets', async () => {
    let out = ''
    expect(await main(['export', '--help'], { write: (x) => void (out += x), isTTY: false }, { write: () => {}, isTTY: false })).toBe(0)
    expect(out).toContain("--onnx (one graph for all its series, whose per-series scaling enters as inputs; that of a global classification gives its classes' probabilities: of two, the second's alone")
    expect(out).not.toContain('not made yet')
  })

  it('three classes (text): the workbook names each row\'s class, no empty probability columns; the report draws no class index', async () => {
    const { id, xlsx, html } = await exported('three', '--target', 'sky', '--task', 'classification')
    const { series, summary } = stored(id)
    const c = summary.classification!
    expect(c.classes).toHaveLength(3)
    const wb = await workbook(xlsx)
    const forecast = rowsOf(wb.getWorksheet('Forecast')!)
    expect(forecast[0]).toEqual(['store', 'time', 'step', 'forecast', 'actual'])
    for (const row of forecast.slice(1)) {
      expect(c.classes).toContain(row[3])
      expect(c.classes).toContain(row[4])
    }
    const sheet = rowsOf(wb.getWorksheet('Series')!)
    expect(sheet.slice(1).map((x) => x.slice(0, 8))).toEqual(series.map((s) => [s.key[0], s.n, s.accuracy, s.brier, s.logLoss, s.rateBrier, s.persistenceBrier, s.majorityAccuracy]))
    const about = aboutOf(wb)
    expect(about.get('run kind')).toBe(`a global classification: one network across 4 series (store), forecasting the class of sky 1 step ahead, one of ${c.classes.map((x) => `"${x}"`).join(', ')}; every series is forecast by it and scored against its own majority, persistence and training-rate baselines`)
    expect(about.get('forecast column')).toBe('the likeliest class by name, as actual names its; a global run keeps no probability of each class')

    const page = readFileSync(html, 'utf8')
    expect(page).not.toMatch(/NaN|undefined/)
    const table = sectionText(page, 'series')
    for (const s of series) expect(table).toContain(`${s.key[0]} ${s.n} ${[s.accuracy, s.brier, s.logLoss].map(f4).join(' ')}`)
    // the series shown first: each class's probability rebuilt from the run's model file (its stored
    // weights), whose likeliest class is the stored forecast at every test row (checked below)
    const shown = sectionText(page, 'forecast')
    expect(shown).toContain(`Test split, 3 classes (${c.classes.join(', ')}): the probability the model gave the class that happened, and that of its likeliest class, which is the forecast.`)
    expect(shown).toContain("rebuilt from the run's model file")
    expect(shown).not.toContain('hold every class\'s probability')
    expect(sectionHtml(page, 'forecast')).toContain('aria-label="probability of the actual class and of the likeliest class"')
    const first = series.find((s) => shown.includes(`Series store = ${s.key[0]}`))!
    expect(first).toBeDefined()
    const store = openStore(db)
    let json = ''
    try {
      const { storedGlobalModel } = await import('../services/global-run')
      const { forecastGlobal } = await import('../train/forecast-global')
      const { fromStoredDataset } = await import('../services/datasets')
      const gm = storedGlobalModel(store, id)
      const one = { ...gm, series: gm.series.filter((s) => s.key[0] === first.key[0]) }
      const points = forecastGlobal(one, fromStoredDataset(store.datasets.load(store.runs.get(id).datasetId)), null).blocks[0]!.points
      const stored = store.series.forecasts(id, first.position)
      const byTime = new Map(points.map((p) => [p.time, p]))
      // every stored test row: its stored class is the likeliest of the probabilities drawn
      for (const f of stored) {
        const probs = byTime.get(f.ts)!.probs!
        expect(probs.indexOf(Math.max(...probs))).toBe(f.value)
      }
      // what the chart draws: the report's rows of that series, each class's probability as rebuilt
      const { globalReportInputOf } = await import('../services/global-run')
      const input = globalReportInputOf(store, id)
      expect(input.forecast.map((f) => f.probs)).toEqual(stored.map((f) => byTime.get(f.ts)!.probs))
      // a damaged model file (its series list lost): the rebuild throws, the report is still written, with no chart, and why
      json = store.db.prepare<[number], { j: string }>('SELECT model_json AS j FROM global_models WHERE run_id = ?').get(id)!.j
      const broken = JSON.parse(json) as { pipeline: { global: { series?: unknown } } }
      delete broken.pipeline.global.series
      store.db.prepare('UPDATE global_models SET model_json = ? WHERE run_id = ?').run(JSON.stringify(broken), id)
    } finally {
      store.close()
    }
    const damaged = join(dir, 'three-damaged.html')
    expect(await fw('export', '--run', String(id), '--report', damaged)).toMatchObject({ code: 0, stderr: '' })
    const damagedText = sectionText(readFileSync(damaged, 'utf8'), 'forecast')
    expect(damagedText).toContain(`could not be rebuilt: run ${id}: pipeline.global.series must list at least one series`)
    expect(damagedText).toContain('no chart is drawn')
    expect(sectionHtml(readFileSync(damaged, 'utf8'), 'forecast')).not.toContain('<svg')
    // a model file that loads but that the stored data refuses (another series id column): the same
    const reopened = openStore(db)
    try {
      const { storedGlobalModelJson } = await import('../services/global-run')
      reopened.db.prepare('UPDATE global_models SET model_json = ? WHERE run_id = ?').run(json, id)
      const m = JSON.parse(storedGlobalModelJson(reopened, id)) as { pipeline: { global: { columns: string[] } } }
      expect(m.pipeline.global.columns).toEqual(['store'])
      m.pipeline.global.columns = ['shop']
      reopened.db.prepare('UPDATE global_models SET model_json = ? WHERE run_id = ?').run(JSON.stringify(m), id)
    } finally {
      reopened.close()
    }
    const refused = join(dir, 'three-refused.html')
    expect(await fw('export', '--run', String(id), '--report', refused)).toMatchObject({ code: 0, stderr: '' })
    expect(sectionText(readFileSync(refused, 'utf8'), 'forecast')).toMatch(/could not be rebuilt: .*shop.* no chart is drawn/)
    const again = openStore(db)
    try {
      // a run stored before model files were kept (migration 008): nothing to rebuild from, no chart, and why
      again.db.prepare('DELETE FROM global_models WHERE run_id = ?').run(id)
    } finally {
      again.close()
    }
    const older = join(dir, 'three-older.html')
    expect(await fw('export', '--run', String(id), '--report', older)).toMatchObject({ code: 0, stderr: '' })
    const olderPage = readFileSync(older, 'utf8')
    expect(sectionText(olderPage, 'forecast')).toContain('no chart is drawn')
    expect(sectionHtml(olderPage, 'forecast')).not.toContain('<svg')
    expect(page).toContain('aria-label="confusion matrix"')
    expect(page).not.toMatch(/MASE|interval coverage|the AUC in the metrics table/)
  }, 90_000)
})
