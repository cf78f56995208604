// @vitest-environment happy-dom
// Setup (issue 18): defaults that do not surprise, a Reset that can be undone, and a config saved
// and loaded as the JSON `fw --config` takes.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Dataset } from '../../../core/data/types'
import { prepareSeries } from '../../../core/data/series'
import { calendarStep, defaultRoles, formatStep } from '../lib/columns'
import { setImportWorkerFactory, useDatasetStore } from '../stores/dataset'
import { useSetupStore } from '../stores/setup'
import { afterStages, doneReply, fakeWorker, setUpView, smallDataset } from '../test/fakes'
import type { FakeApi } from '../test/fakes'
import SetupView from './SetupView.vue'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

let api: FakeApi
let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  ;({ api, pinia } = setUpView({ saveFile: vi.fn(async () => ({ saved: true, where: 'download' })) }))
})
const opts = () => ({ global: { plugins: [pinia] } })
async function setupOnSmall() {
  setImportWorkerFactory(fakeWorker(doneReply()))
  await useDatasetStore().importFrom('csv', 'small.csv')
  const w = mount(SetupView, opts())
  await afterStages() // Setup mounts its sections a task apart
  return w
}

/** CO2-like: "adjusted CO2" is smoother (more autocorrelated) than "CO2", and nearly the same. */
function co2(): Dataset {
  const n = 120
  const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(1958, 2 + i, 1))
  const adj = Float64Array.from({ length: n }, (_, i) => 315 + 0.1 * i)
  const raw = Float64Array.from({ length: n }, (_, i) => adj[i]! + 0.3 * Math.sin((2 * Math.PI * i) / 12))
  const ticker = Int32Array.from({ length: n }, (_, i) => i % 60)
  return { ...smallDataset(n), file: 'co2.csv', timeColumn: 'Date', columns: [
    { kind: 'date', name: 'Date', values: t, format: 'iso', hasTime: false },
    { kind: 'numeric', name: 'CO2', values: raw },
    { kind: 'numeric', name: 'adjusted CO2', values: adj },
    { kind: 'categorical', name: 'station', codes: ticker, levels: Array.from({ length: 60 }, (_, i) => `s${i}`) }
  ] }
}

describe('the Dropout hint', () => {
  it('says dropout acts between stacked layers only, so with 1 layer it does nothing', async () => {
    const w = await setupOnSmall()
    const input = w.findAll('label').find((l) => l.text() === 'Dropout')
    const hint = w.find(`#${input!.attributes('for')}-msg`)
    expect(hint.text()).toBe('Share of units switched off at random while training, against overfitting (0 = off). It acts between stacked layers only, so with 1 layer it does nothing.')
  })
})

describe('defaults that do not surprise', () => {
  it('targets the measured series, not its adjusted copy, and ticks neither the copy nor a 60-level category', () => {
    const r = defaultRoles(co2())
    expect(r.target).toBe('CO2')
    expect(r.features).toEqual([])
  })

  it('names monthly and weekly steps in calendar words', () => {
    const day = 86_400_000
    expect([calendarStep(31 * day), calendarStep(7 * day), calendarStep(3 * day)]).toEqual(['monthly', 'weekly', null])
    expect(formatStep(31 * day)).toBe('a month (monthly)')
  })

  it('warns when a ticked feature is the target under another name', async () => {
    setImportWorkerFactory(fakeWorker(doneReply(co2())))
    await useDatasetStore().importFrom('csv', 'co2.csv')
    const w = mount(SetupView, opts())
    await afterStages() // Setup mounts its sections a task apart
    expect(w.find('[data-testid="duplicate-feature"]').exists()).toBe(false)
    const box = w.findAll('fieldset input[type="checkbox"]').find((b) => (b.element.parentElement?.textContent ?? '').includes('adjusted CO2'))!
    await box.setValue(true)
    expect(w.find('[data-testid="duplicate-feature"]').text()).toContain('adjusted CO2 is almost the same series as CO2')
  })

  it('warns when the extra features outnumber the training rows / 10, as fw train does, and not once fewer are ticked', async () => {
    // 60 rows, 70 % training (42 rows), 12 noise columns beside the target: 12 features need 120
    const n = 60
    const noise = (k: number) => Float64Array.from({ length: n }, (_, i) => ((i * 7919 + k * 104_729) % 97) / 10)
    const ds: Dataset = { ...smallDataset(n), file: 'wide.csv', timeColumn: 'Date', columns: [
      { kind: 'date', name: 'Date', values: Float64Array.from({ length: n }, (_, i) => Date.UTC(2020, 0, i + 1)), format: 'iso', hasTime: false },
      { kind: 'numeric', name: 'y', values: Float64Array.from({ length: n }, (_, i) => 100 + i + 3 * Math.sin(i)) },
      ...Array.from({ length: 12 }, (_, k) => ({ kind: 'numeric' as const, name: `x${k}`, values: noise(k) }))
    ] }
    setImportWorkerFactory(fakeWorker(doneReply(ds)))
    await useDatasetStore().importFrom('csv', 'wide.csv')
    const w = mount(SetupView, opts())
    await afterStages()
    expect(useSetupStore().draft!.data.target).toBe('y')
    expect(useSetupStore().draft!.data.features).toHaveLength(12)
    const note = w.find('[data-testid="wide-features"]')
    expect(note.text()).toBe('12 extra features on 42 training rows (fewer than 10 rows per feature): the network can fit noise in so many inputs and forecast worse than with a few; keep the few you expect to drive "y" (Select none under Extra input features, then tick those few).')
    // 5 features want 50 training rows: still too many; 4 want 40, fewer than the 42 there are
    useSetupStore().draft!.data.features = ['x0', 'x1', 'x2', 'x3', 'x4']
    await flushPromises()
    expect(w.find('[data-testid="wide-features"]').text()).toContain('5 extra features on 42 training rows')
    useSetupStore().draft!.data.features = ['x0', 'x1', 'x2', 'x3']
    await flushPromises()
    expect(w.find('[data-testid="wide-features"]').exists()).toBe(false)
  })

  it('warns when most time steps differ from the usual one, as fw train does, and not when few do', async () => {
    // steps of 1, 2 and 3 h in turn: the usual (median) step is 2 h, and 52 of the 79 differ from it
    const n = 80
    const at = (hours: (i: number) => number) => { let t = Date.UTC(2024, 0, 1); return Float64Array.from({ length: n }, (_, i) => (t += i > 0 ? hours(i) * 36e5 : 0)) }
    const ds: Dataset = { ...smallDataset(n), file: 'uneven.csv', timeColumn: 'time', columns: [
      { kind: 'date', name: 'time', values: at((i) => 1 + (i % 3)), format: 'iso', hasTime: true },
      { kind: 'numeric', name: 'y', values: Float64Array.from({ length: n }, (_, i) => 100 + 10 * Math.sin(i / 3)) }
    ] }
    setImportWorkerFactory(fakeWorker(doneReply(ds)))
    await useDatasetStore().importFrom('csv', 'uneven.csv')
    const w = mount(SetupView, opts())
    await afterStages()
    expect(w.find('[data-testid="mostly-irregular"]').text()).toBe("52 of 79 time steps (66 %) differ from the usual step of 2 h: the season, the horizon and the forecast's timestamps past the end all assume that every step is the usual one, so they mean little here; resample the rows to a regular step, or aggregate them to a coarser one (one row per step, made before the file is imported), and train on that.")
    // every tenth step 3 h: 7 of 79 off, the Data view's count alone
    ;(useDatasetStore().dataset!.columns[0] as { values: Float64Array }).values = at((i) => (i % 10 === 0 ? 3 : 1))
    useDatasetStore().dataset = { ...useDatasetStore().dataset! }
    await flushPromises()
    expect(w.find('[data-testid="mostly-irregular"]').exists()).toBe(false)
  })

  it('counts the hour a spring daylight-saving change skips in local clock times as no irregular step, as a run does: at the 50 % edge, no warning', async () => {
    // hourly local times (no offset) over the night Europe's clocks go forward, 02:00 on 31 March
    // 2024 skipped, with four half-hour steps before: 4 of 9 steps off the usual hour, not most
    // (the skipped hour counted, 5 of 9 would be). Written in UTC (zoned), the hour is a gap.
    const values = Float64Array.from([22, 22.5, 23, 23.5, 24, 25, 27, 28, 29, 30], (h) => Date.UTC(2024, 2, 30) + h * 36e5)
    const night = (zoned: boolean): Dataset => ({ ...smallDataset(values.length), file: 'night.csv', timeColumn: 'time', columns: [
      { kind: 'date', name: 'time', values, format: 'iso', hasTime: true, zoned },
      { kind: 'numeric', name: 'y', values: Float64Array.from(values, (_, i) => 100 + 10 * Math.sin(i / 3)) }
    ] })
    const runSays = (ds: Dataset) => prepareSeries(ds, { column: 'time', duplicates: 'keep', resample: null }).dataset.notices.some((n) => n.code === 'mostly-irregular')
    const setupSays = async (zoned: boolean) => {
      setImportWorkerFactory(fakeWorker(doneReply(night(zoned))))
      await useDatasetStore().importFrom('csv', 'night.csv')
      const w = mount(SetupView, opts())
      await afterStages()
      const said = w.find('[data-testid="mostly-irregular"]')
      const text = said.exists() ? said.text() : null
      w.unmount()
      return text
    }
    expect(runSays(night(false))).toBe(false)
    expect(await setupSays(false)).toBeNull()
    // in UTC: 5 of 9 off, said by both
    expect(runSays(night(true))).toBe(true)
    expect(await setupSays(true)).toMatch(/^5 of 9 time steps \(56 %\) differ from the usual step of an hour \(hourly\): /)
  })
})

describe('Reset and config files', () => {
  it('Reset can be undone, target included', async () => {
    const w = await setupOnSmall()
    await w.find('[data-testid="epochs"]').setValue('7')
    await w.find('[data-testid="reset-defaults"]').trigger('click')
    expect(useSetupStore().draft!.training.epochs).not.toBe(7)
    expect(w.find('[data-testid="reset-done"]').text()).toContain('the target too')
    await w.find('[data-testid="undo-reset"]').trigger('click')
    expect(useSetupStore().draft!.training.epochs).toBe(7)
    expect(w.find('[data-testid="reset-done"]').exists()).toBe(false)
  })

  it('saves the config as JSON and loads it back; a config for other columns is refused in words', async () => {
    const w = await setupOnSmall()
    await w.find('[data-testid="epochs"]').setValue('9')
    await w.find('[data-testid="save-config"]').trigger('click')
    await flushPromises()
    const saved = (api.saveFile as ReturnType<typeof vi.fn>).mock.calls[0]![0] as { suggestedName: string; text: string }
    expect(saved.suggestedName).toBe('config-temp.json')
    const json = JSON.parse(saved.text)
    expect(json.training.epochs).toBe(9)
    expect(w.find('[data-testid="config-message"]').text()).toContain('Load config… reads it back')

    useSetupStore().reset()
    expect(useSetupStore().draft!.training.epochs).not.toBe(9)
    const input = w.find('[data-testid="config-file"]')
    Object.defineProperty(input.element, 'files', { value: [new File([saved.text], 'config-temp.json')], configurable: true })
    await input.trigger('change')
    await flushPromises()
    expect(useSetupStore().draft!.training.epochs).toBe(9)

    Object.defineProperty(input.element, 'files', { value: [new File([JSON.stringify({ ...json, data: { ...json.data, target: 'nope' } })], 'other.json')], configurable: true })
    await input.trigger('change')
    await flushPromises()
    expect(w.find('.alert.error').text()).toBe('Could not load other.json: The config needs column “nope”, which this dataset does not have.')
    Object.defineProperty(input.element, 'files', { value: [new File([JSON.stringify({ ...json, data: { ...json.data, target: 'nope', features: ['gone', 'lost'] } })], 'other.json')], configurable: true })
    await input.trigger('change')
    await flushPromises()
    expect(w.find('.alert.error').text()).toBe('Could not load other.json: The config needs columns “nope”, “gone” and “lost”, which this dataset does not have.') // was "“nope”, “gone”, “lost”"
    expect(useSetupStore().draft!.data.target).toBe('temp')
  })

  it('loads a partial config as fw train --config takes one: what it names over the current settings, through the same validation, saying which fields it set', async () => {
    const w = await setupOnSmall()
    const setup = useSetupStore()
    const before = JSON.parse(JSON.stringify(setup.draft))
    const input = w.find('[data-testid="config-file"]')
    const load = async (name: string, body: unknown) => {
      Object.defineProperty(input.element, 'files', { value: [new File([JSON.stringify(body)], name)], configurable: true })
      await input.trigger('change')
      await flushPromises()
    }
    await load('part.json', { training: { epochs: 7, lr: 0.002 }, model: { hiddenSize: 16 } })
    expect(w.find('.alert.error').exists()).toBe(false)
    expect(w.find('[data-testid="config-message"]').text()).toBe('Loaded the config from part.json: it sets training.epochs, training.lr and model.hiddenSize; the other settings are kept as they were.')
    expect(setup.draft!.training).toEqual({ ...before.training, epochs: 7, lr: 0.002 })
    expect(setup.draft!.model).toEqual({ ...before.model, hiddenSize: 16 })
    expect(setup.draft!.data).toEqual(before.data)
    // a bad value is named by core/train's validation, and nothing changes
    await load('bad.json', { training: { epochs: -1 } })
    expect(w.find('.alert.error').text()).toMatch(/^Could not load bad\.json: .*training\.epochs/)
    expect(setup.draft!.training.epochs).toBe(7)
  })
})
