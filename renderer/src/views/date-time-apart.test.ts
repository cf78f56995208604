// @vitest-environment happy-dom
// A file with the day and the time of day in two columns (date,time,value): the import reads them
// as one time, with a notice. The notice's button keeps "time" apart, as text (what fw's --type
// time=categorical does), the column's Type and the notices lead back, and days that then repeat
// (several shifts a day) are said with what a run does with them, never merged silently.
import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { importCsv } from '../../../core/data/import'
import type { Dataset, ImportOptions } from '../../../core/data/types'
import { summarise } from '../lib/summary'
import { validateRequest, type DatasetColumn } from '../../../electron/contract'
import { setImportWorkerFactory, useDatasetStore } from '../stores/dataset'
import { doneReply, setUpView, type FakeApi } from '../test/fakes'
import DataView from './DataView.vue'

enableAutoUnmount(afterEach)
vi.mock('../lib/chart', () => import('../test/chart-stub'))

let pinia: ReturnType<typeof createPinia>
let api: FakeApi
const asked: ImportOptions[] = []
beforeEach(() => {
  ;({ pinia, api } = setUpView({ saveDataset: vi.fn(async () => ({ datasetId: 5, reused: false })) }))
  asked.length = 0
  // the import worker, reading the text as the real one does (core/data/import)
  setImportWorkerFactory(() => {
    const w = {
      onmessage: null as ((e: MessageEvent) => void) | null,
      onerror: null,
      postMessage(msg: { type: string; source: string; options: ImportOptions; dataset: Dataset }) {
        // a stored dataset loaded back: its summary, as the worker makes it
        if (msg.type === 'summarise') return void setTimeout(() => w.onmessage?.({ data: { type: 'summary', summary: summarise(msg.dataset) } } as MessageEvent))
        if (msg.type !== 'import') return
        asked.push(msg.options)
        void importCsv(msg.source, msg.options).then((ds) => w.onmessage?.({ data: doneReply(ds) } as MessageEvent))
      },
      terminate() {}
    }
    return w as unknown as Worker
  })
})

/** `days` days, with a row for each of `shifts` (times of day) a day. */
const shiftsFile = (days: number, shifts: string[]) =>
  'date,time,value\n' + Array.from({ length: days }, (_, d) => shifts.map((t, k) => `2024-01-${String(d + 1).padStart(2, '0')},${t},${d * 10 + k}`).join('\n')).join('\n') + '\n'

const names = () => useDatasetStore().dataset!.columns.map((c) => c.name)
const notes = (w: VueWrapper) => w.get('[data-testid="import-notes"]').text()
async function open(text: string): Promise<VueWrapper> {
  const w = mount(DataView, { global: { plugins: [pinia] } })
  await useDatasetStore().importFrom(text, 'shifts.csv')
  await flushPromises()
  return w
}

describe('the day and the time of day in two columns, in the Data view', () => {
  it('keeps "time" apart, as text, from the notice\'s button, and reads the two as one time again from its Type', async () => {
    const w = await open(shiftsFile(10, ['09:30']))
    expect(names()).toEqual(['date', 'value'])
    expect(notes(w)).toContain('columns "date" and "time" hold the day and the time of day: read as one time, "date"')
    expect(notes(w)).not.toContain('--type') // the CLI's words stay the CLI's
    const keep = w.get('[data-testid="keep-times-apart"]')
    expect(keep.element.tagName).toBe('BUTTON') // reached and pressed with the keyboard
    expect(keep.text()).toBe('Keep “time” apart, as text')
    await keep.trigger('click')
    await flushPromises()
    // re-read as --type time=categorical reads it
    expect(asked.at(-1)?.columns).toEqual({ time: { type: 'categorical' } })
    expect(names()).toEqual(['date', 'time', 'value'])
    const ds = useDatasetStore()
    expect(ds.dataset!.columns.find((c) => c.name === 'time')?.kind).toBe('categorical')
    expect(notes(w)).toContain('column "time" holds times of day and is read as text, as chosen: the time column "date" holds the days alone')
    expect(w.find('[data-testid="keep-times-apart"]').exists()).toBe(false)
    // one row a day: nothing repeats, so no warning; the notice leads back
    expect(ds.warnings.map((x) => x.code)).not.toContain('duplicates')
    expect(w.get('[data-testid="join-times"]').text()).toBe('Read “date” and “time” as one time')
    // the column's Type leads back too
    const type = w.get('select[aria-label="Type of time"]')
    expect((type.element as HTMLSelectElement).value).toBe('categorical')
    expect(type.findAll('option').map((o) => o.text())).toContain('time of day, joined to date')
    await type.setValue('join')
    await flushPromises()
    expect(names()).toEqual(['date', 'value'])
    expect(asked.at(-1)?.columns).toBeUndefined()
    expect(ds.overrides).toEqual({})
    // and the notice's button again
    await w.get('[data-testid="keep-times-apart"]').trigger('click')
    await flushPromises()
    await w.get('[data-testid="join-times"]').trigger('click')
    await flushPromises()
    expect(names()).toEqual(['date', 'value'])
    expect(notes(w)).toContain('read as one time, "date"')
  })

  it('says that a run merges each day\'s rows when the times of several shifts a day are kept apart, with the way back', async () => {
    const w = await open(shiftsFile(10, ['06:00', '14:00', '22:00']))
    expect(useDatasetStore().dataset!.rowCount).toBe(30)
    await w.get('[data-testid="keep-times-apart"]').trigger('click')
    await flushPromises()
    const ds = useDatasetStore()
    expect(names()).toEqual(['date', 'time', 'value'])
    const dup = ds.warnings.find((x) => x.code === 'duplicates')
    expect(dup?.message).toBe('20 rows share a timestamp with the row before (the first at 2024-01-01). "time" holds times of day, read apart as text, so "date" holds the days alone: a run merges each day\'s rows into one (their mean). To keep every row, read "date" and "time" as one time.')
    const item = w.findAll('.warnings li').find((li) => li.text().includes('20 rows share a timestamp'))!
    const back = item.get('button')
    expect(back.text()).toBe('Read “date” and “time” as one time')
    // one button for it: the notice's is left to the warning
    expect(w.find('[data-testid="join-times"]').exists()).toBe(false)
    await back.trigger('click')
    await flushPromises()
    expect(names()).toEqual(['date', 'value'])
    expect(ds.warnings.map((x) => x.code)).not.toContain('duplicates')
  })

  it('stores the dataset with "time" apart, as the run reads it; loaded back after a reload, the warning stays and no button offers a re-read of a file it has not', async () => {
    const w = await open(shiftsFile(10, ['06:00', '14:00', '22:00']))
    await w.get('[data-testid="keep-times-apart"]').trigger('click')
    await flushPromises()
    const ds = useDatasetStore()
    expect(await ds.save()).toBe(5)
    const sent = vi.mocked(api.saveDataset).mock.calls[0]![0]
    validateRequest('saveDataset', sent) // the payload main (and browser mode's server) checks
    const columns = sent.columns as DatasetColumn[]
    expect(columns.map((c) => [c.name, c.kind])).toEqual([['date', 'date'], ['time', 'categorical'], ['value', 'numeric']])
    expect(columns[0]!.kind === 'date' && columns[0]!.hasTime).toBe(false)
    expect(columns[1]!.kind === 'categorical' && columns[1]!.levels).toEqual(['06:00', '14:00', '22:00'])
    // the time column the import found, kept with the dataset as fw keeps it (so the two share one dataset)
    expect(sent.timeColumn).toBe('date')
    // after a reload the stored columns come back, not the file
    api.getDataset = vi.fn(async () => ({ summary: { id: 5, name: 'shifts.csv', sourceFile: null, rowCount: 30, importedAt: 0, columns: columns.map((c) => ({ name: c.name, kind: c.kind, unit: null })) }, columns }))
    await ds.loadStored(5)
    await flushPromises()
    expect(names()).toEqual(['date', 'time', 'value'])
    expect(ds.warnings.find((x) => x.code === 'duplicates')?.message).toContain('a run merges each day\'s rows into one (their mean)')
    expect(w.findAll('.warnings li button').map((b) => b.text())).not.toContain('Read “date” and “time” as one time')
    expect(w.get('select[aria-label="Type of time"]').findAll('option').map((o) => o.text())).not.toContain('time of day, joined to date')
  })
})
