// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultConfig } from '../../../core/train/config'
import type { ModelPrediction } from '../../../electron/contract'
import { ApiError } from '../../../electron/contract'
import { useDatasetStore } from '../stores/dataset'
import { useRunStore } from '../stores/run'
import { smallDataset, setUpView } from '../test/fakes'
import type { FakeApi } from '../test/fakes'
import ExportView from './ExportView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let api: FakeApi
let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ api, pinia } = setUpView({ saveFile: vi.fn(async () => ({ saved: true, where: 'download' })) }))
})
const opts = () => ({ global: { plugins: [pinia] } })

async function openDoneRun(choice: unknown = undefined, global: unknown = undefined): Promise<void> {
  api.getRun = vi.fn(async () => ({
    summary: { id: 5, datasetId: 3, sweepId: null, name: null, notes: null, status: 'done' as const, createdAt: 0, finishedAt: 1, error: null, cell: 'lstm', epochs: 2, bestValLoss: 0.5, testMetric: null, ...(global ? { global: global as never } : {}) },
    config: defaultConfig('temp'),
    epochs: [], metrics: [], forecasts: [], hasTime: true, gradFlow: null, canResume: false,
    ...(choice ? { choice: choice as never } : {})
  }))
  await useRunStore().open(5)
}

async function chooseFile(w: ReturnType<typeof mount>, file: File): Promise<void> {
  const input = w.find('[data-testid="apply-model-file"]')
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
}

describe('Export view: every export the CLI has', () => {
  it('saves the ONNX model and the XLSX as bytes, the report as text, and the CSV in the chosen locale', async () => {
    await openDoneRun()
    const onnx = new Uint8Array([8, 7, 0x12])
    const xlsx = new Uint8Array([0x50, 0x4b, 3, 4])
    api.exportOnnx = vi.fn(async () => ({ fileName: 'model-run-5.onnx', bytes: onnx }))
    api.exportXlsx = vi.fn(async () => ({ fileName: 'forecast-run-5.xlsx', bytes: xlsx }))
    api.exportReport = vi.fn(async () => ({ fileName: 'report-run-5.html', text: '<!doctype html>' }))
    api.exportForecastCsv = vi.fn(async () => ({ fileName: 'forecast-run-5.csv', text: 'timestamp;forecast\r\n' }))
    const w = mount(ExportView, opts())
    for (const [id, what] of [['export-onnx', 'ONNX model saved'], ['export-xlsx', 'Excel workbook saved'], ['export-report', 'Report saved']]) {
      await w.find(`[data-testid="${id}"]`).trigger('click')
      await flushPromises()
      expect(w.find('[data-testid="export-message"]').text()).toContain(what)
    }
    expect(api.exportOnnx).toHaveBeenCalledWith({ runId: 5 })
    expect(api.saveFile).toHaveBeenCalledWith({ suggestedName: 'model-run-5.onnx', bytes: onnx })
    expect(api.saveFile).toHaveBeenCalledWith({ suggestedName: 'forecast-run-5.xlsx', bytes: xlsx })
    expect(api.saveFile).toHaveBeenCalledWith({ suggestedName: 'report-run-5.html', text: '<!doctype html>' })

    const select = w.find('[data-testid="csv-locale"]')
    expect(w.find(`label:has([data-testid="csv-locale"])`).text()).toContain('Decimals and separator')
    await select.setValue('de-DE')
    await w.find('[data-testid="export-csv"]').trigger('click')
    await flushPromises()
    expect(api.exportForecastCsv).toHaveBeenCalledWith({ runId: 5, locale: 'de-DE' })
    w.unmount()
  })

  it("says a file's note after saving it: a stored run's forecast remade by another forecaster", async () => {
    await openDoneRun()
    const note = 'the run chose ETS(M,Md,N) when it trained; rebuilt by this version of the app from the same weights and data, its forecast is Theta'
    api.exportForecastCsv = vi.fn(async () => ({ fileName: 'forecast-run-5.csv', text: 'timestamp,forecast\r\n', note }))
    api.exportXlsx = vi.fn(async () => ({ fileName: 'forecast-run-5.xlsx', bytes: new Uint8Array([1]), note }))
    api.exportReport = vi.fn(async () => ({ fileName: 'report-run-5.html', text: '<!doctype html>' }))
    const w = mount(ExportView, opts())
    for (const [id, what] of [['export-csv', 'Forecast CSV'], ['export-xlsx', 'Excel workbook']]) {
      await w.find(`[data-testid="${id}"]`).trigger('click')
      await flushPromises()
      expect(w.find('[data-testid="export-message"]').text()).toBe(`${what} saved. Note: ${note}.`)
    }
    await w.find('[data-testid="export-report"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="export-message"]').text()).toBe('Report saved.')
    w.unmount()
  })

  it('says how the forecast past the end is made: the network recursing, or the statistical models alone', async () => {
    await openDoneRun()
    const w = mount(ExportView, opts())
    await flushPromises()
    expect(w.find('[data-testid="ahead-how"]').text()).toBe('The network recurses: each of its predictions feeds its next step.')
    w.unmount()
    await openDoneRun({ chosen: 'combination', label: 'mean of ETS(A,N,A) and Theta', network: 0, members: [], season: 12, steps: 18, validation: [], message: 'the network lost' })
    const s = mount(ExportView, opts())
    await flushPromises()
    expect(s.find('[data-testid="ahead-how"]').text()).toMatch(/^By .*ETS\(A,N,A\) and Theta.*, from the end of the data; the network takes no part\.$/)
    s.unmount()
  })

  it('shows a failed export as an alert', async () => {
    await openDoneRun()
    api.exportOnnx = vi.fn(async () => { throw new ApiError({ name: 'Error', code: 'not-found', message: 'run 5 has no saved weights yet' }) })
    const w = mount(ExportView, opts())
    await w.find('[data-testid="export-onnx"]').trigger('click')
    await flushPromises()
    expect(w.find('[role="alert"]').text()).toBe('Run 5 has no saved weights yet.')
    expect(api.saveFile).not.toHaveBeenCalled()
    w.unmount()
  })

  it('a run deleted in another window or tab: an export says so and the run is no longer shown, here or in Evaluate', async () => {
    await openDoneRun()
    api.exportForecastCsv = vi.fn(async () => { throw new ApiError({ name: 'StoreError', code: 'not-found', message: 'Run 5 not found.' }) })
    const w = mount(ExportView, opts())
    await w.find('[data-testid="export-csv"]').trigger('click')
    await flushPromises()
    expect(w.find('[role="alert"]').exists()).toBe(false)
    expect(w.find('[data-testid="export-csv"]').exists()).toBe(false)
    expect(w.get('[data-testid="run-gone"]').text()).toBe('Run #5 was deleted (in another window or tab?); open another from Runs.')
    expect(useRunStore().runId).toBeNull() // Evaluate reads the same store: no longer shown there either
    w.unmount()
  })
})

/** Presses a button from the keyboard while its work hangs: the button and the busy status shown meanwhile. */
async function pressHeld(w: ReturnType<typeof mount>, buttonId: string, busyId: string) {
  const button = w.find(`[data-testid="${buttonId}"]`)
  ;(button.element as HTMLButtonElement).focus()
  await button.trigger('click')
  await flushPromises()
  expect(button.attributes('disabled')).toBeDefined()
  return { button, busy: w.find(`[data-testid="${busyId}"]`) }
}

describe('Export view: the keyboard focus while an export runs', () => {
  it('waits on Cancel while the pressed button is disabled, and comes back to that button', async () => {
    await openDoneRun()
    let answer!: (f: { fileName: string; text: string }) => void
    api.exportModel = vi.fn(() => new Promise<{ fileName: string; text: string }>((r) => (answer = r)))
    const w = mount(ExportView, { ...opts(), attachTo: document.body })
    const { button, busy } = await pressHeld(w, 'export-model', 'export-busy')
    expect(busy.text()).toContain('Making the model file… (from the run rebuilt from its data and weights)')
    // the file is made away from the window and can be cancelled: the focus waits on Cancel
    expect(document.activeElement).toBe(w.find('[data-testid="cancel-export"]').element)
    answer({ fileName: 'model-run-5.json', text: '{}' })
    await flushPromises()
    expect(w.find('[data-testid="export-message"]').text()).toContain('Model file saved')
    expect(document.activeElement).toBe(button.element)
    // a failed export gives it back too, to the button pressed that time
    api.exportOnnx = vi.fn(async () => { throw new Error('no network in this run') })
    const onnx = w.find('[data-testid="export-onnx"]')
    ;(onnx.element as HTMLButtonElement).focus()
    await onnx.trigger('click')
    await flushPromises()
    expect(w.find('[role="alert"]').text()).toContain('No network in this run')
    expect(document.activeElement).toBe(onnx.element)
    w.unmount()
  })
})

describe('Export view: cancelling an export', () => {
  /** `verb` hangs until Cancel, which main answers by ending the export's thread: the export's own answer is then 'cancelled'. */
  function cancelEnds(verb: 'exportReport' | 'exportXlsx'): void {
    let refuse!: (e: Error) => void
    ;(api as Record<string, unknown>)[verb] = vi.fn(() => new Promise((_, no) => (refuse = no)))
    api.cancelExport = vi.fn(async () => {
      refuse(new ApiError({ name: 'ExportCancelled', code: 'cancelled', message: 'the export was cancelled; no file was written' }))
      return { cancelled: true }
    })
  }

  it('Cancel ends the export: nothing is saved, the view says so and is idle, the focus back on the button pressed', async () => {
    await openDoneRun()
    cancelEnds('exportReport')
    const w = mount(ExportView, { ...opts(), attachTo: document.body })
    const { button } = await pressHeld(w, 'export-report', 'export-busy')
    const cancel = w.find('[data-testid="cancel-export"]')
    expect(cancel.attributes('aria-label')).toBe('Cancel the export')
    expect(document.activeElement).toBe(cancel.element)
    await cancel.trigger('click')
    await flushPromises()
    expect(api.cancelExport).toHaveBeenCalledTimes(1)
    expect(api.saveFile).not.toHaveBeenCalled()
    expect(w.find('[data-testid="export-busy"]').exists()).toBe(false)
    expect(w.find('[role="alert"]').exists()).toBe(false)
    expect(w.find('[data-testid="export-message"]').text()).toBe('Export cancelled; no file was saved.')
    expect(button.attributes('disabled')).toBeUndefined()
    expect(document.activeElement).toBe(button.element)
    w.unmount()
  })

  it("a global run's export has Cancel too, and nothing is saved after it", async () => {
    await openDoneRun(undefined, { columns: ['store'], series: 50, meanMase: 1, meanNaiveMase: 1.2, beatNaive: 30, beatBestNaive: 20, skipped: [] })
    cancelEnds('exportXlsx')
    const w = mount(ExportView, { ...opts(), attachTo: document.body })
    // the report charts the median-MASE series (core/export/chart-series.ts), not the first one
    expect(w.find('[data-testid="global-report"]').text()).toContain('the one with the median MASE')
    expect(w.find('[data-testid="global-report"]').text()).not.toContain('first series')
    await pressHeld(w, 'export-xlsx', 'export-busy')
    const cancel = w.find('[data-testid="cancel-export"]')
    expect(document.activeElement).toBe(cancel.element)
    await cancel.trigger('click')
    await flushPromises()
    expect(api.saveFile).not.toHaveBeenCalled()
    expect(w.find('[data-testid="export-message"]').text()).toBe('Export cancelled; no file was saved.')
    w.unmount()
  })

  it('a file made just as Cancel was pressed is not saved', async () => {
    await openDoneRun()
    let answer!: (f: { fileName: string; bytes: Uint8Array }) => void
    api.exportXlsx = vi.fn(() => new Promise<{ fileName: string; bytes: Uint8Array }>((r) => (answer = r)))
    api.cancelExport = vi.fn(async () => ({ cancelled: false })) // main had finished it already
    const w = mount(ExportView, { ...opts(), attachTo: document.body })
    await pressHeld(w, 'export-xlsx', 'export-busy')
    await w.find('[data-testid="cancel-export"]').trigger('click')
    expect(w.find('[data-testid="export-busy"]').text()).toContain('Cancelling…')
    answer({ fileName: 'forecast-run-5.xlsx', bytes: new Uint8Array([1]) })
    await flushPromises()
    expect(api.saveFile).not.toHaveBeenCalled()
    expect(w.find('[data-testid="export-message"]').text()).toBe('Export cancelled; no file was saved.')
    w.unmount()
  })
})

describe('Export view: how far an export is', () => {
  it('shows the share main has counted in an accessible progress bar while the file is made, and none after', async () => {
    await openDoneRun(undefined, { columns: ['store'], series: 50, meanMase: 1, meanNaiveMase: 1.2, beatNaive: 30, beatBestNaive: 20, skipped: [] })
    let answer!: (f: { fileName: string; bytes: Uint8Array }) => void
    api.exportXlsx = vi.fn(() => new Promise<{ fileName: string; bytes: Uint8Array }>((r) => (answer = r)))
    const told = [{ phase: 'prepare' as const, done: 23, total: 50 }, { phase: 'rows' as const, done: 1000, total: 4000 }]
    api.exportProgress = vi.fn(async () => ({ progress: told.length > 1 ? told.shift()! : told[0]! }))
    const w = mount(ExportView, { ...opts(), attachTo: document.body })
    await pressHeld(w, 'export-xlsx', 'export-busy')
    expect(w.find('[data-testid="export-progress"]').exists()).toBe(false) // nothing told yet
    await vi.waitFor(() => expect(w.find('[data-testid="export-progress-words"]').text()).toBe('46 % (preparing the data: 23 of 50 series prepared)'), { timeout: 2000 })
    const bar = w.find('[data-testid="export-progress"]')
    expect(bar.element.tagName).toBe('PROGRESS') // role progressbar
    expect([bar.attributes('value'), bar.attributes('max'), bar.attributes('aria-label'), bar.attributes('aria-valuetext')]).toEqual(['23', '50', 'Export progress', '46 %: preparing the data: 23 of 50 series prepared'])
    await vi.waitFor(() => expect(w.find('[data-testid="export-progress-words"]').text()).toBe('25 % (1,000 of 4,000 forecast rows written)'), { timeout: 2000 })
    answer({ fileName: 'forecast-run-5.xlsx', bytes: new Uint8Array([1]) })
    await flushPromises()
    expect(w.find('[data-testid="export-progress"]').exists()).toBe(false)
    expect(w.find('[data-testid="export-message"]').text()).toContain('Excel workbook saved')
    const asked = (api.exportProgress as ReturnType<typeof vi.fn>).mock.calls.length
    await new Promise((r) => setTimeout(r, 600))
    expect((api.exportProgress as ReturnType<typeof vi.fn>).mock.calls.length).toBe(asked) // no more asking once it is made
    w.unmount()
  })
})

describe('Export view: applying a model file', () => {
  const prediction: ModelPrediction = {
    kind: 'onnx', target: 'temp', lookBack: 3, horizon: 1, hasTime: true,
    rows: [0, 1, 2, 3, 4, 5, 6].map((i) => ({ ts: Date.UTC(2020, 0, 4 + i), step: 1, value: 10 + i, lower: null, upper: null, actual: i < 6 ? 11 + i : null })),
    forecaster: 'the network alone (an ONNX graph holds the network only)',
    notes: ['ONNX model: no prediction interval (the file carries none).'],
    csv: { fileName: 'predictions-m.csv', text: 'time,step,forecast\r\n' }
  }

  // Exploratory pass 16: the open file was stored as a dataset first (no run using it), while Stored
  // datasets says a file is kept when a run first trains on it
  it('sends the open dataset\'s columns without storing it, and the file\'s bytes; shows the count and saves the predictions CSV', async () => {
    // the working dataset as Data leaves it after an import (not stored yet)
    const data = useDatasetStore()
    data.dataset = smallDataset()
    data.fileName = 'small.csv'
    api.saveDataset = vi.fn(async () => ({ datasetId: 7, reused: false }))
    api.predictWithModel = vi.fn(async () => prediction)
    const w = mount(ExportView, opts())
    expect(w.find('[data-testid="apply-model"]').text()).toContain('small.csv')
    const run = w.find('[data-testid="apply-model-run"]')
    expect(run.attributes('disabled')).toBeDefined()
    expect(w.find('label:has([data-testid="apply-model-file"])').text()).toContain('Model file')
    await chooseFile(w, new File([new Uint8Array([1, 2, 3])], 'm.onnx'))
    await run.trigger('click')
    await flushPromises()
    const req = (api.predictWithModel as ReturnType<typeof vi.fn>).mock.calls[0]![0] as { datasetId?: number; dataset?: { name: string; columns: { name: string }[] }; fileName: string; bytes: Uint8Array }
    expect([req.datasetId, req.fileName, Array.from(req.bytes)]).toEqual([undefined, 'm.onnx', [1, 2, 3]])
    expect(req.dataset?.name).toBe('small.csv')
    expect(req.dataset?.columns.map((c) => c.name)).toEqual(data.dataset.columns.filter((c) => c.kind !== 'text').map((c) => c.name))
    expect(api.saveDataset).not.toHaveBeenCalled()
    expect(data.datasetId).toBeNull()
    // a file stored already (a run trained on it): named by its id, its columns not sent again
    data.datasetId = 4
    await run.trigger('click')
    await flushPromises()
    expect((api.predictWithModel as ReturnType<typeof vi.fn>).mock.calls[1]![0]).toMatchObject({ datasetId: 4, fileName: 'm.onnx' })
    expect((api.predictWithModel as ReturnType<typeof vi.fn>).mock.calls[1]![0].dataset).toBeUndefined()
    expect(w.find('[data-testid="apply-model-count"]').text()).toBe('7')
    expect(w.find('[data-testid="apply-model-result"]').text()).toContain('no prediction interval')
    expect(w.find('[data-testid="apply-model-forecaster"]').text()).toBe('the network alone (an ONNX graph holds the network only)')
    await w.find('[data-testid="apply-model-download"]').trigger('click')
    await flushPromises()
    expect(api.saveFile).toHaveBeenCalledWith({ suggestedName: 'predictions-m.csv', text: 'time,step,forecast\r\n' })
    w.unmount()
  })

  // Exploratory pass 20, finding 8: Export of run #3 (store05.csv) said "Apply a model file to this
  // dataset … applied to weather.csv", the Data view's last file, as though it were the run's
  it('names the file it applies to and, where a run of another dataset is shown, that it is not that run\'s', async () => {
    await openDoneRun()
    const runDetail = useRunStore().detail!
    useRunStore().detail = { ...runDetail, summary: { ...runDetail.summary, datasetName: 'store05.csv' } }
    const data = useDatasetStore()
    const w = mount(ExportView, opts())
    const said = () => w.find('[data-testid="apply-model-target"]').text().replace(/\s+/g, ' ')
    // no file open in Data: the run's own dataset, by its name
    expect(w.find('#apply-model-title').text()).toBe('Apply a model file to a dataset')
    expect(said()).toBe('applied to store05.csv, the dataset of run #5.')
    // a file open in Data goes first: said to be that file, and not the run's
    data.dataset = smallDataset()
    data.fileName = 'weather.csv'
    await flushPromises()
    expect(said()).toBe('applied to weather.csv, the file open in Data, not to store05.csv, the dataset of run #5 shown above (open it in Data\'s Stored datasets to apply the model to it).')
    // the file open in Data is the run's stored dataset: nothing to tell apart
    data.datasetId = 3
    data.fileName = 'store05.csv'
    await flushPromises()
    expect(said()).toBe('applied to store05.csv, the file open in Data.')
    w.unmount()
  })

  it('sends the column of times of day the import read with the days, for the hint of a model that read it apart', async () => {
    // the stored dataset keeps no notices: the refusal's "Keep "time" apart" hint needs the import's
    const data = useDatasetStore()
    data.dataset = { ...smallDataset(), notices: [{ code: 'date-time-joined', column: 'date', joined: 'time', message: 'columns "date" and "time" hold the day and the time of day: read as one time, "date"' }] }
    data.fileName = 'small.csv'
    const said = 'small.csv lacks the column "time" that the model needs; "time" was read as the time of day of "date", one time, and the model read it apart, as text: in the Data view, press Keep "time" apart, as text.'
    api.predictWithModel = vi.fn(async () => { throw new ApiError({ name: 'ModelApplyError', code: 'missing-features', message: said }) })
    const w = mount(ExportView, opts())
    await chooseFile(w, new File(['{}'], 'm.json'))
    await w.find('[data-testid="apply-model-run"]').trigger('click')
    await flushPromises()
    expect((api.predictWithModel as ReturnType<typeof vi.fn>).mock.calls[0]![0]).toMatchObject({ dataset: { name: 'small.csv' }, fileName: 'm.json', joined: { day: 'date', time: 'time' } })
    expect(w.find('[data-testid="apply-model-error"]').text()).toBe(said)
    w.unmount()
  })

  it('keeps the focus on the busy status while the model is applied, then gives it back to Apply model', async () => {
    await openDoneRun()
    let answer!: (p: ModelPrediction) => void
    api.predictWithModel = vi.fn(() => new Promise<ModelPrediction>((r) => (answer = r)))
    const w = mount(ExportView, { ...opts(), attachTo: document.body })
    await chooseFile(w, new File(['{}'], 'm.json'))
    const { button: run, busy } = await pressHeld(w, 'apply-model-run', 'apply-model-busy')
    expect(busy.text()).toBe('Applying m.json to the dataset of run #5…')
    expect(document.activeElement).toBe(busy.element)
    answer(prediction)
    await flushPromises()
    expect(w.find('[data-testid="apply-model-count"]').text()).toBe('7')
    expect(document.activeElement).toBe(run.element)
    w.unmount()
  })

  it('a global model file: the count over every series, a series picker, the picked series\' forecaster and first rows', async () => {
    await openDoneRun()
    const block = (number: number, label: string, forecaster: string, base: number) => ({
      number, key: [label.slice(8)], label, forecaster,
      rows: [0, 1, 2].map((i) => ({ ts: Date.UTC(2021, 0, 8 + i), step: 1, value: base + i, lower: null, upper: null, actual: null }))
    })
    api.predictWithModel = vi.fn(async (): Promise<ModelPrediction> => ({
      kind: 'json', target: 'sales', lookBack: 7, horizon: 1, hasTime: true, rows: [],
      forecaster: "each series' own choice on its validation rows", notes: [], csv: { fileName: 'predictions-model-run-5.csv', text: 'store,time\r\n' },
      global: { columns: ['store'], series: [block(1, 'store = north', 'ETS(A,N,N)', 100), block(2, 'store = south', 'the network', 200)] }
    }))
    const w = mount(ExportView, opts())
    await chooseFile(w, new File(['{}'], 'model-run-5.json'))
    await w.find('[data-testid="apply-model-run"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="apply-model-count"]').text()).toBe('6')
    expect(w.find('[data-testid="apply-model-series-count"]').text()).toBe('2')
    expect(w.find('[data-testid="apply-model-series"]').text()).toBe('store = north: 3 forecasts, made by ETS(A,N,N).')
    const first = () => w.find('[data-testid="apply-model-result"] table tbody td.num').text()
    expect(first()).toBe('100')
    await w.find('[data-testid="series-picker"]').setValue('2')
    expect(w.find('[data-testid="apply-model-series"]').text()).toBe('store = south: 3 forecasts, made by the network.')
    expect(first()).toBe('200')
    w.unmount()
  })

  it('a global model file\'s series zones: each checked as it comes in, and its times shown in it, as Forecast past the end does', async () => {
    await openDoneRun()
    const rows = [0, 1].map((i) => ({ ts: Date.UTC(2021, 0, 8 + i), step: 1, value: 1 + i, lower: null, upper: null, actual: null }))
    const answer = (zone: unknown): ModelPrediction => ({
      kind: 'json', target: 'sales', lookBack: 7, horizon: 1, hasTime: true, rows: [],
      forecaster: 'the network', notes: [], csv: { fileName: 'p.csv', text: 'store,time\r\n' },
      global: { columns: ['store'], series: [{ number: 1, key: ['north'], label: 'store = north', forecaster: 'the network', rows, zone: zone as never }] }
    })
    api.predictWithModel = vi.fn(async () => answer(60))
    const w = mount(ExportView, opts())
    await chooseFile(w, new File(['{}'], 'model-run-5.json'))
    await w.find('[data-testid="apply-model-run"]').trigger('click')
    await flushPromises()
    const times = () => w.findAll('[data-testid="apply-model-result"] table tbody tr').map((r) => r.find('td').text())
    expect(times()).toEqual(['2021-01-08T01:00:00+01:00', '2021-01-09T01:00:00+01:00'])
    // a zone that is none is refused, naming it, and nothing is shown as if it were one
    api.predictWithModel = vi.fn(async () => answer('Mars'))
    await w.find('[data-testid="apply-model-run"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="apply-model-error"]').text()).toContain('global.series[0].zone')
    expect(w.find('[data-testid="apply-model-result"]').exists()).toBe(false)
    w.unmount()
  })

  it('uses the selected run\'s dataset when none is open, and shows what the model lacks', async () => {
    await openDoneRun()
    api.predictWithModel = vi.fn(async () => { throw new ApiError({ name: 'ModelApplyError', code: 'missing-features', message: "w.csv lacks the column the model was trained on: 'sky'" }) })
    const w = mount(ExportView, opts())
    await chooseFile(w, new File(['{}'], 'm.json'))
    await w.find('[data-testid="apply-model-run"]').trigger('click')
    await flushPromises()
    expect((api.predictWithModel as ReturnType<typeof vi.fn>).mock.calls[0]![0]).toMatchObject({ datasetId: 3, fileName: 'm.json' })
    expect(w.find('[data-testid="apply-model-error"]').text()).toContain("'sky'")
    expect(w.find('[data-testid="apply-model-result"]').exists()).toBe(false)
    w.unmount()
  })
})
