// The run's TrainConfig as the Setup view edits it. Defaults come from core/train/config and the
// dataset's default roles (features as core/data's defaultConfig has them, like the CLI); validation is core/train's own resolveConfig, so the form and main agree.
import { defineStore } from 'pinia'
import { computed, nextTick, ref, toRaw, watch } from 'vue'
import { useApi } from '../api'
import { resolveConfig, defaultConfig } from '../../../core/train/config'
import { toPipelineConfig } from '../../../core/train/prepare'
import { rowsToSplit, windowShortfall } from '../../../core/data/pipeline'
import { bareMessage, bareWords, seriesCuts, seriesRows } from '../../../core/data/global'
import { isStepIndex, refuseGridOnStepIndex } from '../../../core/data/step-index'
import { everyWords, seriesZoneMark } from '../../../core/data/series'
import { splitOutOfOrder, zoneMarkOf, type TimeZoneMark } from '../../../core/data/time-cell'
import { refuseCalendarOnStepIndex, type CalendarFeature } from '../../../core/data/calendar'
import { PipelineError } from '../../../core/data/errors'
import { ConfigError } from '../../../core/engine/errors'
import type { PipelineConfig } from '../../../core/data/config'
import { autoResampleFor, gridOffer as offerGrid } from '../../../core/train/grid'
import { defaultLookBackWords, defaultSeasonAndLookBack, type DefaultLookBack } from '../../../core/train/season'
import { globalDefaultLookBack } from '../../../core/train/global-lookback'
import type { TrainConfig } from '../../../core/train/types'
import { selectRows } from '../../../core/data/series'
import { filterSeries } from '../../../core/data/series-id'
import { andList, appErrorText, appWords, fix } from '../../../core/data/words'
import { defaultFeatures, defaultRoles } from '../lib/columns'
import { readySeriesGroups, rowsOf } from '../lib/series-groups'
import { datesToFractions, fractionsToDates, pooledAxis, type FractionSplit, type RunSeries } from '../lib/split-kind'
import { runSpansNow } from '../lib/series-spans'
import { useDatasetStore } from './dataset'

export interface FieldError {
  field: string
  message: string
}

/** localStorage key of the draft kept across reloads (keepDraft). */
export const DRAFT_KEY = 'fw.setupDraft'

export const useSetupStore = defineStore('setup', () => {
  const data = useDatasetStore()
  const draft = ref<TrainConfig | null>(null)
  /** The season 'auto' gives the draft's target, and the look-back derived from it (Setup's
   *  default), worked out when the draft is made and again when another target or series is picked
   *  (`on`: what it was worked out on, defaultsOn). */
  const autoSeason = ref<{ target: string; on: Int32Array | 'all' | null; season: number; lookBack: number; calendar: readonly string[] } | null>(null)
  /** The config before the last "Reset to defaults", for its Undo (null: nothing to undo). */
  const beforeReset = ref<TrainConfig | null>(null)

  /** Reset to defaults, keeping what was there for one Undo. */
  function resetWithUndo(): void {
    beforeReset.value = draft.value ? (JSON.parse(JSON.stringify(draft.value)) as TrainConfig) : null
    reset()
  }
  function undoReset(): void {
    if (beforeReset.value) adopt(beforeReset.value)
    beforeReset.value = null
  }
  /** A whole config as the draft (a loaded file, an undone reset), its look-back as it is: the
   *  target's season is worked out first, so the target watch below leaves the look-back alone. */
  /** The Calendar grid set Off by hand (chooseGrid): null resample then means the user's Off, not
   *  "auto found none", and applySeries keeps it when the series change (one model across series).
   *  A new draft (reset, adopt) forgets it. */
  let gridOffByHand = false
  /** The calendar list Setup itself set on the draft as the default one (reset, or a new target's
   *  default followed): while the draft holds this very list, untouched, the run's calendar is the
   *  default, which the start says (startRun's calendarByDefault) for the run's "on by default"
   *  note. A list ticked by hand is a new one, the same cycles or not: asked for. */
  let defaultCalendar: unknown = null
  /** Whether the draft's calendar is the one Setup set by default, untouched (defaultCalendar). */
  function calendarByDefault(): boolean {
    const c = draft.value?.data.calendar
    return Array.isArray(c) && c.length > 0 && toRaw(c) === defaultCalendar
  }
  /** The split by shares the draft had before it was turned into dates (chooseSplitKind): given
   *  back where the dates cut no shares, rather than a guess. A new draft forgets it. */
  let sharesBefore: FractionSplit | null = null
  /** Setup's Calendar grid select: a grid by name, or Off (null), kept as chosen. */
  function chooseGrid(r: TrainConfig['data']['resample']): void {
    if (!draft.value) return
    draft.value.data.resample = r
    gridOffByHand = r === null
  }
  function adopt(c: TrainConfig): void {
    gridOffByHand = false
    sharesBefore = null
    if (data.dataset && !seasonOf(c.data.target, c)) seasonFor(data.dataset, c.data.target, c)
    draft.value = c
  }

  /** A config file (the JSON `fw --config` takes, complete or partial) as the draft: validated by
   *  core/train, and its columns checked against the dataset. A partial file (no data.target, as
   *  fw train --config takes one beside its flags) sets what it names over the current settings,
   *  through the same validation; `set` lists the fields it set (null: a complete file). Throws
   *  with a plain message. */
  function load(text: string): { config: TrainConfig; set: string[] | null } {
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch (e) {
      throw new Error(`This is not a JSON file (${(e as Error).message}).`)
    }
    const target = (raw as { data?: { target?: unknown } } | null)?.data?.target
    let set: string[] | null = null
    if (typeof target !== 'string') {
      if (!draft.value) throw new Error('The file names no target (its data.target), and none is chosen yet: open a dataset first, or load a file made with Save config.')
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('The file is not a config: it holds no settings (an object such as {"training": {"epochs": 50}}).')
      const file = raw as Record<string, unknown>
      const base = JSON.parse(JSON.stringify(draft.value)) as Record<string, unknown>
      set = []
      for (const [k, v] of Object.entries(file)) {
        const section = base[k]
        if (v !== null && typeof v === 'object' && !Array.isArray(v) && section !== null && typeof section === 'object') {
          base[k] = { ...(section as object), ...(v as object) }
          set.push(...Object.keys(v as object).map((f) => `${k}.${f}`))
        } else (base[k] = v), set.push(k) // not a section: resolveConfig names it
      }
      raw = base
    }
    const c = resolveConfig(raw)
    const missing = missingColumns(c)
    if (missing.length) throw new Error(`The config needs column${missing.length > 1 ? 's' : ''} ${andList(missing.map((m) => `“${m}”`))}, which this dataset does not have.`)
    beforeReset.value = null
    adopt(c)
    from.value = null
    return { config: c, set }
  }

  /** Where the draft's settings came from when not the defaults nor a hand edit: "run #7" after
   *  fromRun, said in Setup until the settings are reset or another config is loaded. */
  const from = ref<{ runId: number; name: string | null } | null>(null)

  /** A stored run's settings as the draft (Runs: "Set up from"), to change one thing and train
   *  again: the run's dataset is opened first when another one is open, and its series picked.
   *  Throws with a plain message when the dataset no longer has the run's columns. */
  async function fromRun(runId: number): Promise<void> {
    const det = await useApi().getRun({ runId })
    const c = resolveConfig(JSON.parse(JSON.stringify(det.config)))
    if (data.datasetId !== det.summary.datasetId) {
      await data.loadStored(det.summary.datasetId)
      await nextTick() // the new dataset's watch below has made its draft: the run's comes after it
    }
    // a config without data.time (fw train's) trained on the dataset's time column: said as such
    if (c.data.time === undefined && data.dataset?.timeColumn) c.data.time = data.dataset.timeColumn
    const missing = missingColumns(c)
    if (missing.length) throw new Error(`Run #${runId} needs column${missing.length > 1 ? 's' : ''} ${andList(missing.map((m) => `“${m}”`))}, which its dataset no longer has.`)
    // one series of a long file: picked as in Data, so that Setup draws and counts that series
    const one = c.data.series
    if (one && !one.global && one.values?.length && data.series && !data.series.oneSeries) data.pickSeries([...one.values])
    beforeReset.value = null
    adopt(c)
    from.value = { runId, name: det.summary.name ?? null }
  }

  function reset(): void {
    from.value = null
    gridOffByHand = false
    sharesBefore = null
    const ds = data.dataset
    if (!ds) return (draft.value = null), undefined
    const roles = defaultRoles(ds)
    // a wide file read as separate series: the melted values are the target, as fw train --melt has it
    const melted = data.wide?.value
    if (melted && melted !== roles.target && ds.columns.some((c) => c.name === melted)) Object.assign(roles, { target: melted, features: defaultFeatures(ds, melted) })
    if (!roles.target) return (draft.value = null), undefined
    const c = defaultConfig(roles.target)
    // the look-back the CLI takes by default: two seasons of the period the data shows (of the
    // series picked, in a long file)
    const d = seasonFor(ds, roles.target, c)
    c.data.lookBack = d.lookBack
    // and its calendar (the same core function as fw train's): the hour of day and the day of week
    // where sub-daily rows take the week
    if (d.calendar.length) c.data.calendar = [...d.calendar]
    defaultCalendar = c.data.calendar ?? null
    if (roles.time) c.data.time = roles.time
    c.data.features = roles.features
    // applySeries: as fw train by default, a calendar series with a few periods absent on its grid
    applySeries(c)
    for (const col of data.fixedMissing) c.data.missing[col] = 'interpolate'
    draft.value = c
  }
  // a new dataset: the defaults, or the draft that was being edited for it before a reload
  watch(
    () => data.dataset,
    () => {
      reset()
      const kept = data.datasetId !== null ? keptDraft(data.datasetId) : null
      if (kept) adopt(kept)
    }
  )
  // and when the dataset is stored (the first Start training of an imported file): the draft edited
  // before it had no id to be kept under, and a reload mid-run came back to the defaults
  watch([draft, () => data.datasetId], keepDraft, { deep: true })

  /** The dataset's columns that config `c` names and the dataset lacks. */
  function missingColumns(c: TrainConfig): string[] {
    const names = new Set((data.dataset?.columns ?? []).map((x) => x.name))
    return [c.data.target, ...c.data.features, ...(c.data.time ? [c.data.time] : [])].filter((n) => !names.has(n))
  }
  /** The draft of the stored dataset open, kept across reloads (a browser's F5, the window's
   *  reload): one at a time, and only a stored dataset's, whose id says it is the same data. */
  function keepDraft(): void {
    if (data.datasetId === null || !draft.value) return
    try {
      localStorage.setItem(DRAFT_KEY, JSON.stringify({ datasetId: data.datasetId, config: draft.value }))
    } catch {
      // storage may be unavailable (a locked-down profile): a reload then starts from the defaults
    }
  }
  /** The kept draft of dataset `id`, when it is still a valid config for its columns; else null. */
  function keptDraft(id: number): TrainConfig | null {
    try {
      const v = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null') as { datasetId?: unknown; config?: unknown } | null
      if (!v || v.datasetId !== id) return null
      const c = resolveConfig(v.config)
      return missingColumns(c).length ? null : c
    } catch {
      return null // written by another version, or edited: the defaults
    }
  }

  /** The default season and look-back of `target` (of the series picked, in a long file), kept. */
  function seasonFor(ds: NonNullable<typeof data.dataset>, target: string, c: TrainConfig): DefaultLookBack {
    const d = defaultsOf(ds, target, c)
    autoSeason.value = { target, on: defaultsOnFor(c), season: d.season, lookBack: d.lookBack, calendar: d.calendar }
    return d
  }
  /** Whether a draft's calendar is the default `auto` gave (none: undefined). */
  const sameCalendar = (c: TrainConfig['data']['calendar'], auto: readonly string[]): boolean =>
    auto.length === 0 ? c === undefined : Array.isArray(c) && c.length === auto.length && c.every((f, i) => f === auto[i])
  /** Whether autoSeason is that of `target` on what config `c`'s defaults are worked out on (the draft's). */
  const seasonOf = (target: string, c: TrainConfig | null = draft.value): boolean => autoSeason.value?.target === target && autoSeason.value.on === defaultsOnFor(c)
  /** What Setup's default season and look-back are worked out on: the rows of the series picked in
   *  Data; every series of a long file when one model across all is chosen, or none is picked yet
   *  ('all': the median of their own, core/train globalDefaultLookBack, as fw train --global takes
   *  it, whatever the order of the rows; not the first series, which the view still shows); null:
   *  the whole file, of one series. */
  function defaultsOnFor(c: TrainConfig | null): Int32Array | 'all' | null {
    const s = data.series
    if (!data.dataset || !s || s.oneSeries) return null
    return c?.data.series?.global || !(data.seriesRows && s.values) ? 'all' : data.seriesRows
  }
  const defaultsOn = computed(() => defaultsOnFor(draft.value))
  function defaultsOf(ds: NonNullable<typeof data.dataset>, target: string, c: TrainConfig): DefaultLookBack {
    const on = defaultsOnFor(c)
    if (on === 'all') return allSeriesDefaults(ds, target, c.data.season, c.data.horizon)
    return defaultSeasonAndLookBack(on ? selectRows(ds, on) : ds, target, c.data.season, c.data.horizon)
  }
  /** globalDefaultLookBack over the series of the long file open, the last answer kept: the look-back
   *  field's words and the default itself ask for the same one (a pass over every series). */
  let lastAll: { ds: object; key: string; d: DefaultLookBack } | null = null
  function allSeriesDefaults(ds: NonNullable<typeof data.dataset>, target: string, season: 'auto' | number, horizon: number): DefaultLookBack {
    const columns = data.series?.columns ?? []
    const key = JSON.stringify([columns, target, season, horizon])
    if (lastAll?.ds === ds && lastAll.key === key) return lastAll.d
    // the Data view's grouping where it is done (no other pass over a million rows), else core/data's;
    // a series column that cannot group the rows: the whole file, as a file of one series
    const g = readySeriesGroups(ds, columns)
    let groups: Int32Array[] = []
    try {
      groups = g ? g.keys.map((_, k) => rowsOf(g, k)) : seriesRows(ds, columns).map((x) => x.rows)
    } catch {
      groups = []
    }
    const d = globalDefaultLookBack(ds, groups, target, season, horizon)
    lastAll = { ds, key, d }
    return d
  }
  /** The look-back a run would take by default with the draft's target, season and horizon (of the
   *  series picked, or of every series, in a long file: defaultsOn), in words for the look-back field ("48 rows, two days"); null
   *  while the season or horizon is not a valid one (its field names the error). */
  const defaultLookBack = computed<string | null>(() => {
    const c = draft.value
    const ds = data.dataset
    const ok = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1
    if (!c || !ds || !ds.columns.some((x) => x.name === c.data.target && x.kind === 'numeric')) return null
    if (!ok(c.data.horizon) || !(c.data.season === 'auto' || ok(c.data.season))) return null
    return defaultLookBackWords(defaultsOf(ds, c.data.target, c))
  })

  /** A long file with no series picked: its first series (the one of the first row), which the view
   *  shows (its defaults come from every series, defaultsOn); the rows pooled have no one spacing. */
  function firstSeries(ds: NonNullable<typeof data.dataset>): { rows: Int32Array; values: string[] } | null {
    const s = data.series
    if (!s || s.oneSeries || ds.rowCount === 0) return null
    const values = s.columns.map((name) => {
      const c = ds.columns.find((x) => x.name === name)
      return c?.kind === 'categorical' ? c.levels[c.codes[0]!] : c?.kind === 'numeric' ? String(c.values[0]) : undefined
    })
    if (values.some((v) => v === undefined)) return null
    // the Data view's grouping, when it is done: series 0 is the first row's (groups are in order of
    // first appearance), and its rows are there without another pass over a million rows
    const g = readySeriesGroups(ds, s.columns)
    if (g && g.keys[0]?.every((v, i) => v === values[i])) return { rows: rowsOf(g, 0), values: values as string[] }
    try {
      return { rows: filterSeries(ds, s.columns, values as string[]).rows, values: values as string[] }
    } catch {
      return null // an id the picker cannot filter by: every row, as before
    }
  }

  /** The one series of a long file that Setup draws (the split timeline): the one picked in Data,
   *  else the first; null for a file of one series. Its defaults: defaultsOn. */
  const shownSeries = computed<{ rows: Int32Array; label: string } | null>(() => {
    const ds = data.dataset
    const s = data.series
    if (!ds || !s || s.oneSeries) return null
    const one = data.seriesRows && s.values ? { rows: data.seriesRows, values: s.values } : firstSeries(ds)
    return one ? { rows: one.rows, label: s.columns.map((c, i) => `${c} = ${one.values[i]}`).join(', ') } : null
  })

  // Another target, another series picked in Data, or one model across all series chosen (or
  // left): its own season, and its look-back where the look-back was the default one (a hand-set
  // look-back is kept), as fw train derives both from the target and the series it is given (a
  // 6-row series: look-back 2, not the 14 of the others; a global model: the median of its series').
  watch(
    () => [draft.value?.data.target, defaultsOn.value] as const,
    ([target]) => {
      const c = draft.value
      const ds = data.dataset
      const before = autoSeason.value
      if (!c || !ds || !target || seasonOf(target)) return
      const d = seasonFor(ds, target, c)
      if (before && c.data.lookBack === before.lookBack) c.data.lookBack = d.lookBack
      // the calendar too, where it was the default one (none given, or the one the week gave)
      if (before && sameCalendar(c.data.calendar, before.calendar)) {
        if (d.calendar.length) c.data.calendar = [...d.calendar]
        else delete c.data.calendar
        defaultCalendar = toRaw(c.data.calendar) ?? null
      }
    }
  )

  /** The series picked in the Data view as data.series (the trainer keeps its rows), or one model
   *  across every series when Setup chose it (data.series.global, kept while the file is long);
   *  the id columns are no inputs. Without either, a long file is refused here, naming the id. */
  function applySeries(c: TrainConfig): void {
    const s = data.series
    const global = c.data.series?.global
    if (s && !s.oneSeries && global) c.data.series = { columns: [...s.columns], values: null, global }
    else if (s?.oneSeries) c.data.series = { columns: [], values: [] }
    else if (s?.values) c.data.series = { columns: [...s.columns], values: [...s.values] }
    else delete c.data.series
    if (s) c.data.features = c.data.features.filter((f) => !s.columns.includes(f))
    // as fw train by default (the same core function): a calendar series with a few periods absent
    // on its grid, said by the run; for a global model decided over all its series, for a series
    // picked from its rows. Decided again when the series change, unless a grid was chosen by name
    // or set Off by hand (chooseGrid)
    const ds = data.dataset
    if (ds && !gridOffByHand && (!c.data.resample || c.data.resample.auto)) c.data.resample = autoResampleFor(ds, c.data.time ?? ds.timeColumn, c.data.series, c.data.duplicates)
  }

  /** Setup's choice for a long file: one model across all its series (global, as fw train --global
   *  with --short-series, --series-onehot and --cuts; cuts absent or 'auto' is the default), or null
   *  for the one series picked in Data. */
  function chooseGlobal(g: { short: 'skip' | 'refuse'; oneHot: boolean; cuts?: 'auto' | 'dates' | 'series' } | null): void {
    const c = draft.value
    const s = data.series
    if (!c || !s || s.oneSeries) return
    if (g) c.data.series = { columns: [...s.columns], values: null, global: { short: g.short, ...(g.oneHot ? { oneHot: true as const } : {}), ...(g.cuts && g.cuts !== 'auto' ? { cuts: g.cuts } : {}) } }
    else delete c.data.series
    applySeries(c)
  }
  watch(
    () => data.series,
    () => {
      if (draft.value) applySeries(draft.value)
    }
  )
  // A "Fill from the value before" fix (the rule 'interpolate') on the Data view reaches a config already being edited.
  watch(
    () => data.fixedMissing,
    (cols) => {
      if (draft.value) for (const c of cols) draft.value.data.missing[c] = 'interpolate'
    }
  )

  const resolved = computed<{ config: TrainConfig | null; error: FieldError | null }>(() => {
    if (!draft.value) return { config: null, error: null }
    // a long file with no series picked: the trainer would refuse it; said here, before Start
    const s = data.series
    const series = draft.value.data.series
    if (s && !s.oneSeries && !series?.values && !series?.global)
      return { config: null, error: { field: 'config', message: `Pick one series in Data, or choose one model across all ${s.count} series: ${andList(s.columns)} ${s.columns.length > 1 ? 'split' : 'splits'} the rows into ${s.count} series.` } }
    const grid = gridOnStepIndex(draft.value) ?? calendarOnStepIndex(draft.value)
    if (grid) return { config: null, error: grid }
    try {
      const config = resolveConfig(JSON.parse(JSON.stringify(draft.value)))
      const order = splitOrder(config) ?? cutsOfDates(config)
      return order ? { config: null, error: order } : { config, error: null }
    } catch (e) {
      // in the app's words where the error carries them (a Setup field, not a config key or a flag)
      const x = e as Error & { field?: string }
      return { config: null, error: { field: x.field ?? 'config', message: appErrorText(x) } }
    }
  })
  /** A split by dates with one date written with an offset and one without, out of order on the
   *  file's clock (the series picked's own, where its rows keep their own offsets; a global run's
   *  on each series' own: ownClockOrder), as the run judges it when it cuts the rows (core/data
   *  computeSplits: splitOutOfOrder), in its words, under Test from; null otherwise (two dates read
   *  alike are ordered by resolveConfig already). */
  function splitOrder(c: TrainConfig): FieldError | null {
    const s = c.data.split
    const ds = data.dataset
    if (s.kind !== 'date' || !ds) return null
    const own = c.data.series?.global ? ownClockOrder(s) : null
    if (own) return own
    const zone = seriesZoneMark(ds, c.data.time ?? ds.timeColumn, c.data.series?.global ? null : c.data.series)
    const order = splitOutOfOrder(s.valStart, s.testStart, zone, 'split.valStart')
    return order ? { field: 'data.split.testStart', message: `data.split.testStart: ${order}` } : null
  }
  /** The column config `c` takes its times from (its data.time, else the dataset's time column) in
   *  the dataset open; undefined where there is none. */
  function timeColumnOf(c: TrainConfig) {
    const ds = data.dataset
    return ds?.columns.find((x) => x.name === (c.data.time ?? ds.timeColumn))
  }
  /** A global run's time column and series where the file keeps each row's UTC offset (series
   *  in different zones); null otherwise, or while a row has no series (the run names its line). A
   *  pass over every row, made again only when the file, the time column or the id changes. */
  const ownClockSeries = computed(() => {
    const c = draft.value
    const ds = data.dataset
    const columns = c?.data.series?.global ? c.data.series.columns : null
    const tcol = c ? timeColumnOf(c) : undefined
    if (!ds || !columns?.length || tcol?.kind !== 'date' || (!tcol.offsets && !tcol.rowOffsets)) return null
    try {
      return { tcol, list: seriesRows(ds, [...columns]) }
    } catch (e) {
      if (e instanceof PipelineError) return null
      throw e
    }
  })
  /** Whether a global run reads the split's dates on each series' own clock (Setup's hints say so). */
  const ownClocks = computed(() => ownClockSeries.value !== null)
  /** The last dates ownClockOrder judged, and its verdict: each series' clock read once per pair typed, not at every change of the draft. */
  let ownOrderSeen: { on: object; valStart: string; testStart: string; error: FieldError | null } | null = null
  /** A global run's split by dates out of order on some series' own clock, as the run refuses it at
   *  Start (core/data/global seriesCuts, naming the series), under Test from; null otherwise. */
  function ownClockOrder(s: Extract<TrainConfig['data']['split'], { kind: 'date' }>): FieldError | null {
    const own = ownClockSeries.value
    if (!own) return null
    if (ownOrderSeen?.on === own && ownOrderSeen.valStart === s.valStart && ownOrderSeen.testStart === s.testStart) return ownOrderSeen.error
    let error: FieldError | null = null
    try {
      seriesCuts(own.tcol, own.list, { by: 'date', valStart: s.valStart, testStart: s.testStart, gap: s.gap })
    } catch (e) {
      if (!(e instanceof PipelineError)) throw e
      error = { field: 'data.split.testStart', message: `data.split.testStart: ${bareMessage(e)}` }
    }
    ownOrderSeen = { on: own, valStart: s.valStart, testStart: s.testStart, error }
    return error
  }
  /** A global run cut each series on its own rows with a split by dates (a loaded config's, a run's
   *  settings): the run refuses it (core/data prepareGlobal), said under Cuts before Start. */
  function cutsOfDates(c: TrainConfig): FieldError | null {
    const s = c.data.split
    return s.kind === 'date' && c.data.series?.global?.cuts === 'series'
      ? { field: 'data.series.global.cuts', message: `Each series on its own rows is cut by shares of its rows; a split by dates (validation from ${s.valStart}, test from ${s.testStart}) cuts every series at those dates: choose the same dates for every series, or a split by share of rows.` }
      : null
  }

  /** Why the draft's split cannot be by dates (no time column, or a step index: no dates to cut
   *  at); null where it can. */
  const noDates = computed<string | null>(() => {
    const c = draft.value
    const ds = data.dataset
    if (!c || !ds) return null
    const t = timeColumnOf(c)
    if (!t || t.kind !== 'date') return 'a split by dates needs a time column'
    return isStepIndex(t) ? 'the time column is an integer step index, no dates' : null
  })
  /** The times the run cuts, sorted, and the clock a split's dates are read on: a global run's
   *  pooled axis (every time of the file, as pooledCuts cuts it); else the rows of the one series the
   *  run takes (runRows); or why they are not known yet. */
  function cutRows(c: TrainConfig): { rows: Float64Array; zone: TimeZoneMark } | { error: string } {
    const ds = data.dataset
    const t = timeColumnOf(c)
    if (!ds || !t || t.kind !== 'date') return { error: 'a split by dates needs a time column' }
    if (c.data.series?.global) return { rows: pooledAxis(t.values), zone: zoneMarkOf(t) }
    const r = runRows.value ?? rowsBesideSplit(c)
    if (!r?.time) return { error: 'the rows the run takes are not known while a setting stops Start' }
    return { rows: r.time, zone: r.zone ?? seriesZoneMark(ds, c.data.time ?? ds.timeColumn, c.data.series) }
  }
  /** The rows the run takes where the draft's split alone stops it (dates out of order, or not
   *  dates): they do not depend on the split (rowsKey), so read with the default one; null where
   *  another setting stops it too. */
  function rowsBesideSplit(c: TrainConfig): ReturnType<typeof rowsToSplit> {
    const ds = data.dataset
    try {
      const raw = JSON.parse(JSON.stringify(c)) as TrainConfig
      raw.data.split = defaultConfig(c.data.target).data.split
      const config = resolveConfig(raw)
      return ds ? rowsToSplit(ds, toPipelineConfig(config, ds), data.seriesRows ?? undefined) : null
    } catch (e) {
      if (e instanceof ConfigError) return null // another setting's error, which its field says
      throw e
    }
  }
  /** A global run's series as its lanes cut them (the rows the run has of each, runSpansNow: the
   *  lanes' where read), where cuts 'auto' may split each series on its own rows under shares but
   *  never under dates (lib/split-kind autoCutsMoved); null for any other run. */
  function runSeriesOf(c: TrainConfig): RunSeries | null {
    const ds = data.dataset
    const t = timeColumnOf(c)
    const columns = c.data.series?.global ? [...c.data.series.columns] : []
    if (!ds || t?.kind !== 'date' || !columns.length || (c.data.series!.global!.cuts ?? 'auto') !== 'auto') return null
    const p = toPipelineConfig(c, ds)
    return { spans: runSpansNow(ds, columns, t.name, p), cut: { window: p.window, cuts: 'auto', zone: zoneMarkOf(t), columns } }
  }
  /** Setup's choice of split, by share of rows ('fraction') or by dates ('date'): the draft's split
   *  turned into the other form so that the run cuts the same rows (lib/split-kind.ts). Returns what
   *  to say: a split by shares that cuts no dates stays as it is, and why; dates that cut no shares
   *  give way to the shares before them (else the defaults), and the note says so; null when
   *  turned as asked. */
  function chooseSplitKind(kind: 'fraction' | 'date'): string | null {
    const c = draft.value
    if (!c || c.data.split.kind === kind) return null
    const s = c.data.split
    const on = cutRows(c)
    if (s.kind === 'fraction') {
      if (noDates.value) return `No split by dates: ${noDates.value}.`
      // a global run's series whose shares have them each split on its own rows: no dates do that
      const d = 'error' in on ? on : fractionsToDates(s, on.rows, on.zone, runSeriesOf(c))
      if ('error' in d) return `The split stays by share of rows: ${d.error}.`
      sharesBefore = { ...s }
      c.data.split = d
      // each series on its own rows is cut by shares: the dates cut every series alike
      const g = c.data.series?.global
      if (g?.cuts === 'series') {
        g.cuts = 'dates'
        return 'Each series on its own rows is cut by shares of its rows: the cuts are now the same dates for every series.'
      }
      return null
    }
    // a global run's series on their own clocks: the dates' order checked on each, as the run does;
    // and no shares that would have it split each series on its own rows instead of at the dates
    const f = 'error' in on ? on : datesToFractions(s, on.rows, on.zone, c.data.series?.global ? ownClockSeries.value : null, runSeriesOf(c))
    if (!('error' in f)) {
      c.data.split = f
      return null
    }
    const back = sharesBefore ?? (defaultConfig(c.data.target).data.split as FractionSplit)
    c.data.split = { ...back, gap: s.gap }
    const pct = (x: number) => `${Math.round(x * 1000) / 10} %`
    return `The dates cut no shares of the rows (${f.error}): the split is by share of rows at ${pct(back.train)} training and ${pct(back.val)} validation, ${sharesBefore ? 'as before the dates' : 'the defaults'}.`
  }

  /** A calendar grid on a step index (a loaded config's, a run's settings): the run's refusal
   *  (refuseGridOnStepIndex) in the app's words, under the Calendar grid; null otherwise. */
  function gridOnStepIndex(c: TrainConfig): FieldError | null {
    const ds = data.dataset
    const r = c.data.resample
    try {
      if (ds && r) refuseGridOnStepIndex(ds, c.data.time ?? ds.timeColumn, fix('data.resample', `the Calendar grid (${everyWords(r)})`), 'data.resample')
      return null
    } catch (e) {
      if (!(e instanceof PipelineError)) throw e
      return { field: 'data.resample', message: appWords(bareWords(e)) }
    }
  }
  /** Calendar inputs or a holiday table on a step index (a loaded config's, a run's settings):
   *  the run's refusal (refuseCalendarOnStepIndex) in the app's words, before Start; null otherwise. */
  function calendarOnStepIndex(c: TrainConfig): FieldError | null {
    const ds = data.dataset
    const cal = c.data.calendar
    const features = [...new Set<CalendarFeature>([...(Array.isArray(cal) ? cal : []), ...(c.data.holidays?.length ? ['holiday' as const] : [])])]
    try {
      if (ds) refuseCalendarOnStepIndex(ds, c.data.time ?? ds.timeColumn, features)
      return null
    } catch (e) {
      if (!(e instanceof PipelineError)) throw e
      return { field: c.data.holidays?.length && !Array.isArray(cal) ? 'data.holidays' : 'data.calendar', message: appWords(bareWords(e)) }
    }
  }
  /** The rows a run with these settings would split (one series; a global run skips or refuses its
   *  short series itself), worked out again only when the settings that choose them change (a
   *  JSON key without the split and window: a pass over every row, not at each look-back typed). */
  const rowsKey = computed<string | null>(() => {
    const c = resolved.value.config
    const ds = data.dataset
    return c && ds && !c.data.series?.global ? JSON.stringify({ ...toPipelineConfig(c, ds), split: null, window: null }) : null
  })
  const runRows = computed(() => {
    const k = rowsKey.value
    // the series picked in Data: its rows as the Data view found them, not another pass over the file
    return k && data.dataset ? rowsToSplit(data.dataset, JSON.parse(k) as PipelineConfig, data.seriesRows ?? undefined) : null
  })
  /** The run's note of the rows after the last target value, left out of the split (core/data
   *  rowsToSplit: "the last 13 rows … have no "sales": left out of the split; …"), in the app's words. */
  const futureRowsNote = computed<string | null>(() => {
    const f = runRows.value?.future
    return f ? appWords(f.note) : null
  })
  /** The refusal a run with these settings would meet for want of windows (core/data
   *  windowShortfall, the run's own words: "need at least 22 rows, have 6: …"); null otherwise. */
  const shortfall = computed<string | null>(() => {
    const c = resolved.value.config
    const ds = data.dataset
    const e = c && ds && runRows.value ? windowShortfall(ds, toPipelineConfig(c, ds), runRows.value) : null
    return e ? bareMessage(e) : null
  })
  /** The draft resolved and checked, or the error that stops Start (a field's, or the whole
   *  config's), shown beside the button. */
  const check = computed<{ config: TrainConfig | null; error: FieldError | null }>(() => {
    const r = resolved.value
    return r.config && shortfall.value ? { config: null, error: { field: 'data.split', message: shortfall.value } } : r
  })

  /** The validation message for one field (or any field under it), for display beside it. */
  function errorFor(field: string): string | null {
    const err = check.value.error
    return err && (err.field === field || err.field.startsWith(field + '.') || err.field.startsWith(field + '[')) ? err.message : null
  }

  /** The calendar grid offered where the draft's grid is off and the rows are a calendar step with a
   *  few periods absent (core/train/grid.ts gridOffer: the grid "auto" takes and the button's words),
   *  on Setup's gap notice and the Data view's irregular-steps warning; null otherwise (a global
   *  run's grid is decided over all its series by applySeries, autoResampleFor). */
  const gridOffer = computed(() => {
    const c = draft.value
    const ds = data.dataset
    if (!c || c.data.resample || !ds || c.data.series?.global) return null
    return offerGrid(ds, c.data.time ?? ds.timeColumn, c.data.missing[c.data.target] ?? c.data.missingDefault, c.data.duplicates)
  })
  function takeGridOffer(): void {
    if (draft.value && gridOffer.value) chooseGrid({ ...gridOffer.value.resample })
  }

  return { draft, calendarByDefault, gridOffer, takeGridOffer, chooseGrid, autoSeason, defaultLookBack, check, futureRowsNote, reset, resetWithUndo, undoReset, beforeReset, load, fromRun, from, errorFor, chooseGlobal, shownSeries, chooseSplitKind, noDates, ownClocks }
})
