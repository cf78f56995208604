import { Window } from 'happy-dom'
import { describe, expect, it } from 'vitest'
import { sampleReport } from '../../test/fixtures/export/sample-run'
import { renderReport, REPORT_SECTIONS } from './report'
import { baselineWords } from './verdict'

function parse(html: string) {
  const window = new Window()
  return new window.DOMParser().parseFromString(html, 'text/html')
}

/** Anything a browser would fetch: src/href/srcset/xlink:href/url()/@import pointing anywhere. */
const LOADS = /\b(?:src|href|srcset|xlink:href|action|poster|data)\s*=\s*["']?\s*(?:https?:|\/\/)|url\(\s*["']?\s*(?:https?:|\/\/)|@import/i

describe('run report', () => {
  it.each(['regression', 'classification'] as const)('%s: one self-contained page with every section', (task) => {
    const input = sampleReport(task)
    const html = renderReport(input)
    expect(html).not.toMatch(LOADS)
    const doc = parse(html)
    expect(doc.querySelectorAll('script, link, img, iframe, object, embed')).toHaveLength(0)
    const ids = [...doc.querySelectorAll('section')].map((s) => s.id)
    expect(ids).toEqual(REPORT_SECTIONS.filter((s) => (s !== 'classification' || task === 'classification') && s !== 'series' && s !== 'notices'))
    for (const id of ['loss', 'gradients', 'forecast', 'split']) expect(doc.querySelector(`#${id} svg`)).not.toBeNull()
    expect(doc.querySelector('title')!.textContent).toContain(input.title)
    // every metric row of the input is in the table, with its baseline columns; the stored skill is
    // the skill column of its metric's row, not a row of its own
    const metricRows = doc.querySelectorAll('#metrics tbody tr')
    expect(metricRows.length).toBe(new Set(input.metrics.filter((m) => m.metric !== 'skill').map((m) => `${m.split}/${m.metric}`)).size)
    expect([...metricRows].map((tr) => tr.querySelectorAll('td')[1]!.textContent)).not.toContain('skill')
    expect([...doc.querySelectorAll('#metrics thead th')].map((th) => th.textContent)).toEqual(['split', 'metric', 'model', ...input.baselineNames.map(baselineWords), 'skill vs best baseline'])
    expect(doc.querySelectorAll('#data tbody tr').length).toBe(input.data.columns.length)
    if (task === 'classification') {
      expect(doc.querySelector('#classification svg[aria-label="confusion matrix"]')).not.toBeNull()
      expect(doc.querySelector('#classification svg[aria-label="ROC curve"]')).not.toBeNull()
    }
  })

  it('escapes text from the data and the config', () => {
    const input = sampleReport()
    input.title = '<script>alert(1)</script>'
    input.data.columns[1].name = '<img src=x onerror=alert(1)>'
    const doc = parse(renderReport(input))
    expect(doc.querySelectorAll('script, img')).toHaveLength(0)
    expect(doc.querySelector('h1')!.textContent).toBe('<script>alert(1)</script>')
  })

  it('shows the skill of the model against the best baseline', () => {
    const input = sampleReport()
    const doc = parse(renderReport(input))
    const row = [...doc.querySelectorAll('#metrics tbody tr')].find((tr) => tr.textContent!.startsWith('testmae'))!
    const v = (who: string) => input.metrics.find((m) => m.split === 'test' && m.metric === 'mae' && m.model === who)!.value!
    const best = Math.min(v('naive'), v('seasonal_naive'))
    expect(row.lastElementChild!.textContent).toContain(`${((1 - v('model') / best) * 100).toFixed(1)} %`)
  })

  it('classification: the header cards give the Brier score with its own skill, as the verdict does', () => {
    const doc = parse(renderReport(sampleReport('classification')))
    const cards = [...doc.querySelectorAll('.kpi')].map((k) => k.textContent!)
    expect(cards[0]).toContain('test Brier score')
    expect(cards[0]).toContain('0.24')
    expect(cards[0]).not.toMatch(/accuracy/i)
    expect(cards[1]).toContain('+42.9 %') // 1 - 0.24 / 0.42, not accuracy's +33.3 % against persistence
    expect(cards[1]).toContain('on brier')
    expect(doc.querySelector('#verdict h2')!.textContent).toContain('by 42.9 % on test (Brier score')
  })

  it('classification: the forecast chart names the probability it draws, and the threshold is said', () => {
    const input = { ...sampleReport('classification'), target: 'precipitation', classes: { names: ['false', 'true'], rule: { column: 'precipitation', op: '>' as const, value: 0 } } }
    const doc = parse(renderReport(input))
    const forecast = doc.querySelector('#forecast')!
    expect(forecast.querySelector('h2')!.textContent).toBe('Predicted probability against actual')
    expect(forecast.textContent).not.toContain('original units')
    expect(forecast.textContent).toContain('Test-split predicted probability P(precipitation > 0)')
    expect(forecast.querySelector('svg')!.textContent).toContain('P(precipitation > 0); actual: 1 yes, 0 no')
    expect(doc.querySelector('#classification .lead')!.textContent).toContain('threshold 0.5')
    expect(doc.querySelector('#metrics .lead')!.textContent).toMatch(/Brier score: .*0 is perfect, 2 the worst.*threshold 0\.5/)
    // regression keeps its words
    expect(parse(renderReport(sampleReport())).querySelector('#forecast')!.textContent).toContain('Test-split forecasts in original units.')
  })

  it("says the run's kept notices as sentences in a Notices section after the verdict; a run with none (or stored before) has no section", () => {
    const doc = parse(renderReport({ ...sampleReport(), notices: ['MASE is scaled by <the training rows>', 'a second one'] }))
    expect([...doc.querySelectorAll('#notices li')].map((li) => li.textContent)).toEqual(['MASE is scaled by <the training rows>.', 'A second one.'])
    expect(doc.querySelector('#verdict + #notices')).not.toBeNull()
    for (const notices of [undefined, []]) expect(parse(renderReport({ ...sampleReport(), notices })).querySelector('#notices')).toBeNull()
  })

  it('a forecast and a baseline that both fit the test period to rounding: no skill, and the reason in the tile, the cell title and the verdict', () => {
    const input = sampleReport()
    input.range = { domain: null, min: 100.3, max: 171, n: 18, above: 0, below: 0 }
    input.metrics = input.metrics.filter((m) => m.metric !== 'rmse' && m.metric !== 'skill').concat(
      { split: 'test', model: 'model', metric: 'rmse', value: 2.0e-14 },
      ...input.baselineNames.map((b, i) => ({ split: 'test' as const, model: b, metric: 'rmse', value: i === 0 ? 2.4e-14 : 0.7 + i })),
      ...input.baselineNames.map((b, i) => ({ split: 'val' as const, model: b, metric: 'rmse', value: i === 0 ? 1e-14 : 0.7 + i }))
    )
    const doc = parse(renderReport(input))
    const b = baselineWords(input.baselineNames[0]!)
    const why = `the forecast and the ${b} baseline both fit the test period exactly`
    const row = [...doc.querySelectorAll('#metrics tbody tr')].find((r) => r.children[0]!.textContent === 'test' && r.children[1]!.textContent!.startsWith('rmse'))!
    expect(row.lastElementChild!.textContent).toBe('–')
    expect(row.lastElementChild!.getAttribute('title')).toContain(`No skill: ${why}`)
    expect(doc.querySelector('#verdict h2')!.textContent).toContain(`No test skill could be measured: ${why}`)
    expect(doc.body.textContent).toContain(`no skill: ${why}`)
    // every row says its own split and its metric as the reader knows it, a score's perfect value 1
    input.metrics = input.metrics.concat(
      { split: 'test', model: 'model', metric: 'r2', value: 1 - 1e-16 },
      ...input.baselineNames.map((b, i) => ({ split: 'test' as const, model: b, metric: 'r2', value: i === 0 ? 1 - 2e-16 : 0.5 })),
      { split: 'val', model: 'model', metric: 'rmse', value: 2e-14 }
    )
    const cells = parse(renderReport(input))
    const title = (split: string, metric: string) => [...cells.querySelectorAll('#metrics tbody tr')].find((r) => r.children[0]!.textContent === split && r.children[1]!.textContent!.startsWith(metric))!.lastElementChild!.getAttribute('title')
    expect(title('test', 'r2')).toBe(`No skill: the forecast and the ${b} baseline both fit the test period exactly (R² 1 to rounding), so the ratio of their errors is rounding noise, not skill`)
    expect(title('val', 'rmse')).toBe(`No skill: the forecast and the ${b} baseline both fit the validation rows exactly (RMSE 0 to rounding), so the ratio of their errors is rounding noise, not skill`)
  })

  it("says in the report's verdict when the test scores rest on few forecasts", () => {
    const input = sampleReport()
    input.metrics = [...input.metrics, { split: 'test', model: 'model', metric: 'skill', value: 0.2 }]
    expect(parse(renderReport(input)).querySelector('#verdict h2')!.textContent).not.toContain('over only')
    input.forecast = input.forecast.slice(0, 8) // 8 with an actual
    const doc = parse(renderReport(input))
    expect(doc.querySelector('#verdict h2')!.textContent).toMatch(/on test \(RMSE, over only 8 test forecasts\)/)
    expect(doc.querySelector('#verdict')!.textContent).toContain('8 test forecasts are too few')
  })

  it('says a vanishing gradient beside its flow chart (effective memory, what to change, in the app\'s words), and labels a log axis over 46 decades with few ticks', () => {
    const input = sampleReport()
    expect(parse(renderReport(input)).querySelector('#vanishing')).toBeNull() // the sample's flow keeps the gradient
    // an Elman cell at look-back 200: the gradient shrinks 0.6× a step back (0.6^27 ≥ 1e-6: the latest 28 steps reached), to 1e-45 at the oldest
    const elman = Array.from({ length: 200 }, (_, t) => Math.max(1e-45, 0.15 * 0.6 ** (199 - t)))
    input.epochs = input.epochs.map((e) => ({ ...e, gradFlow: elman }))
    const lstm = parse(renderReport(input)).querySelector('#gradients #vanishing')?.textContent ?? '' // the sample's 2-layer LSTM
    expect(lstm).toContain('the LSTM cell it has keeps it no further here: with 2 stacked layers, fewer (Layers in Setup) may let it reach further back, or a shorter look-back, about 28 steps (Look-back in Setup)')
    input.config = { ...input.config as object, model: { ...(input.config as { model: object }).model, cell: 'elman' } }
    const doc = parse(renderReport(input))
    const said = doc.querySelector('#gradients #vanishing')?.textContent ?? ''
    expect(said).toMatch(/^Vanishing gradient \(measured at the top of the 2 layers only\): the oldest 172 of the window's 200 steps get under 1e-6 of the gradient that reaches the last one .*the latest 28 rows only \(its effective memory\); an LSTM or GRU cell \(Cell in Setup\) keeps the gradient further back, or a shorter look-back \(Look-back in Setup\)/)
    expect(doc.querySelector('#gradients')!.textContent).toContain('(back-propagation through time), measured at the top of the 2 layers only.')
    const flowChart = doc.querySelector('#gradients svg[aria-label="gradient norm per time step"]')!
    const yLabels = [...flowChart.querySelectorAll('text')].map((t) => t.textContent ?? '').filter((t) => /e-\d/.test(t))
    expect(yLabels.length).toBeGreaterThanOrEqual(3)
    expect(yLabels.length).toBeLessThanOrEqual(8)
  })

  it("captions the validation scores with the steps the choice scored: fewer than K where validation holds fewer rows (explore25, daily3y.csv at horizon 365)", () => {
    const input = sampleReport()
    const validation = [{ name: 'network', label: 'network', mae: 1.781 }, { name: 'ensemble', label: 'mean of the network, ETS(A,A,A) and Theta', mae: 6.97 }]
    const choice = { chosen: 'network', label: 'network', network: 1, members: [], season: 7, steps: 365, validation, message: 'the network alone made 3.9 times less error' }
    const caption = (c: typeof choice & { scored?: { steps: number; rows: number; reach: number } }) => parse(renderReport({ ...input, choice: c })).querySelector('table.scores caption')!.textContent!
    expect(caption({ ...choice, scored: { steps: 169, rows: 169, reach: 365 } })).toMatch(/^Validation MAE over steps 1–169 of 365 ahead: validation holds 169 rows, lower is better \(every candidate scored 1 to 169 steps ahead from each validation origin, whatever the horizon/)
    // every step scored, or a run stored before: steps 1–K, as before
    expect(caption(choice)).toMatch(/^Validation MAE over steps 1–365 ahead, lower is better \(every candidate scored 365 steps ahead from each validation origin/)
  })

  it('shows the network alone beside a forecast that is not the network, outside the skill', () => {
    const input = sampleReport()
    const plain = parse(renderReport(input))
    expect([...plain.querySelectorAll('#metrics thead th')].map((th) => th.textContent)).not.toContain('network alone')
    // the network alone beat everything on test MAE: it is bold, but the skill stays the forecast's
    input.metrics = [...input.metrics, ...input.metrics.filter((m) => m.model === 'model').map((m) => ({ ...m, model: 'network', value: m.metric === 'mae' ? 1e-3 : m.value }))]
    const doc = parse(renderReport(input))
    const head = [...doc.querySelectorAll('#metrics thead th')].map((th) => th.textContent)
    expect(head).toEqual(['split', 'metric', 'model', 'network alone', ...input.baselineNames.map(baselineWords), 'skill vs best baseline'])
    const row = [...doc.querySelectorAll('#metrics tbody tr')].find((tr) => tr.textContent!.startsWith('testmae'))!
    const cells = [...row.querySelectorAll('td')]
    expect(cells[3]!.textContent).toBe('0.001')
    expect(cells[3]!.classList.contains('best')).toBe(true)
    const v = (who: string) => input.metrics.find((m) => m.split === 'test' && m.metric === 'mae' && m.model === who)!.value!
    expect(row.lastElementChild!.textContent).toContain(`${((1 - v('model') / Math.min(v('naive'), v('seasonal_naive'))) * 100).toFixed(1)} %`)
    expect(doc.querySelector('#metrics')!.textContent).toContain('not a baseline')
  })
})

// Exploratory pass 20, finding 7: "store05.csv · 156 rows" above a table of 169 values a column,
// "weather.csv · 1,095 rows" for a file of 1,090 (5 added by the daily grid)
describe('the Dataset section says the rows of the file and of the run apart', () => {
  const lead = (data: object) => parse(renderReport({ ...sampleReport(), data: { ...sampleReport().data, ...data } })).querySelector('#data .lead')!.textContent!
  it('names the file\'s rows and the run\'s, and the rows a time grid added', () => {
    expect(lead({ rows: 156, fileRows: 169, gridRows: 0 })).toMatch(/^city-load\.csv · 169 rows in the file \(the column table counts them\); 156 in the run · time column date from .* to .* \(the run's rows\)$/)
    expect(lead({ rows: 1095, fileRows: 1090, gridRows: 5 })).toMatch(/^city-load\.csv · 1,090 rows in the file \(the column table counts them\); 1,095 in the run, 5 of them added by its regular time grid where the file has no row · time column/)
    expect(lead({ fileRows: sampleReport().data.rows, gridRows: 0 })).toMatch(/^city-load\.csv · \d+ rows · time column date from [^()]*$/)
  })
})
