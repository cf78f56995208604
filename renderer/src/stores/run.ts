// The run being watched (live or reopened) and the run history. Large arrays sit in shallowRefs and
// are replaced, never mutated, so charts redraw once per event batch.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { checkClassesMessage, checkDeletedMessage, checkQueueMessage, type ConnectionState, type EpochRow, type RunDetail, type RunEventMessage, type RunStatus, type RunListItem, type TrainingItem } from '../../../electron/contract'
import type { ProgressEvent, TrainConfig } from '../../../core/train/types'
import { markPhase, timeLeft, type PhaseMark, type TimeLeft } from '../../../core/train/progress'
import { useApi } from '../api'
import { useDatasetStore } from './dataset'

export const useRunStore = defineStore('run', () => {
  const runId = ref<number | null>(null)
  /** A run started here is stored when its trainer starts training: until then it is this start
   *  (startRun's handle), and one refused before stays a start with no run, its reason in `error`. */
  const startId = ref<number | null>(null)
  const detail = shallowRef<RunDetail | null>(null)
  const epochs = shallowRef<EpochRow[]>([])
  const gradFlow = shallowRef<number[] | null>(null)
  const status = ref<RunStatus | null>(null)
  const error = ref<string | null>(null)
  const totalEpochs = ref<number | null>(null)
  const windows = ref<{ train: number; val: number; test: number } | null>(null)
  const notices = ref<string[]>([])
  /** The trainer's latest note while the run is going (e.g. a global run choosing each series'
   *  forecast after its last epoch); cleared when the run ends. */
  const activity = ref<string | null>(null)
  /** What the trainer is doing while no epoch ends, with the work done (a large epoch's batches, a
   *  global run's series after its last epoch); cleared by the next epoch and when the run ends. */
  const phase = shallowRef<Omit<ProgressEvent, 'type'> | null>(null)
  /** Why no run is shown: the one shown was deleted elsewhere (lost); cleared when another opens. */
  const gone = ref<string | null>(null)
  /** How the watched run ended, from the trainer's 'done' event (null when reopened: derived then). */
  const ended = ref<{ epochsRun: number; bestEpoch: number; stoppedEarly: boolean; ending?: string } | null>(null)
  const runs = shallowRef<RunListItem[]>([])
  /** The runs main said it deleted while this window was open (the app's resume notices drop them). */
  const deletedRuns = shallowRef<ReadonlySet<number>>(new Set())
  /** What this app trains and has queued, in start order (main's listTraining): Train lists those it
   *  does not watch, and Runs the ones not yet stored, each with its own Stop. */
  const training = shallowRef<TrainingItem[]>([])
  /** The epochs each run trained here has reported, by run id (Train's list says how far each is). */
  const epochsOf = shallowRef<ReadonlyMap<number, number>>(new Map())
  /** A start this view did not watch that ended before training (refused, stopped, its trainer
   *  gone): said under the list, since Train shows another run. */
  const queueNotes = ref<string[]>([])
  /** Whether the app's server is reached (browser mode; always 'live' in Electron). While it is not,
   *  no run event can arrive, so nothing here is claimed live. */
  const link = ref<ConnectionState>('live')
  let subscribed = false
  let pending: EpochRow[] = []
  let flush = 0

  /** The config a run was started with here, until its stored detail arrives. */
  const startedConfig = shallowRef<TrainConfig | null>(null)
  const startedDataset = ref<number | null>(null)
  /** The dataset the run trains on: its stored summary's once read, else the one Start was given. */
  const datasetId = computed<number | null>(() => detail.value?.summary.datasetId ?? startedDataset.value)
  const config = computed<TrainConfig | null>(() => detail.value?.config ?? startedConfig.value)
  const running = computed(() => status.value === 'running' || status.value === 'queued')
  /** A run or a start is watched (Train shows it). */
  const watching = computed(() => runId.value !== null || startId.value !== null)
  /** A global run's series (its 'started' event): the epochs' time left names them as the work after. */
  const series = ref<number | null>(null)
  /** Where the phase under way was first told, and the time left it gives when last told (timeLeft:
   *  a global run's per-series phases after its last epoch, from the series done so far). */
  let mark: PhaseMark | null = null
  const phaseLeft = shallowRef<TimeLeft | null>(null)
  const eta = computed(() => {
    const done = epochs.value.length
    // after the last epoch no epoch is left: a global run's phases say their time (phaseLeft)
    if (!running.value || link.value !== 'live' || !totalEpochs.value || done === 0 || done >= totalEpochs.value) return null
    const per = epochs.value.reduce((s, e) => s + e.seconds, 0) / done
    const p = phase.value
    const partial = p?.phase === 'batches' && p.epoch === done + 1 ? p.done / p.total : 0
    return per * (totalEpochs.value - done - partial)
  })
  /** The run's time left (core/train/progress.ts timeLeft): its epochs', and a global run's series after them. */
  const timeLeftNow = computed<TimeLeft | null>(() => {
    if (!running.value || link.value !== 'live') return null
    if (phaseLeft.value) return phaseLeft.value
    return timeLeft({ training: eta.value, series: series.value })
  })

  /** A progress event of the watched run: its phase and counts, and the time left they give. */
  function progressed(ev: ProgressEvent): void {
    phase.value = progressOf(ev)
    mark = markPhase(mark, ev, Date.now())
    phaseLeft.value = timeLeft({ phase: ev, mark, now: Date.now() })
  }

  /** A start's events that came before its handle did (browser mode's socket can outrun the answer). */
  let early: RunEventMessage[] = []

  function onEvent(msg: RunEventMessage): void {
    if (msg.event.type === 'deleted') {
      // runs or datasets deleted, here or in another window or tab: a malformed one is dropped
      try {
        checkDeletedMessage(msg)
      } catch {
        return
      }
      return void deleted(msg.event.runIds, msg.event.datasetIds)
    }
    if (msg.event.type === 'classes') {
      // classes of listed runs found after the list answered without them: the list read again
      // (a malformed one is dropped)
      try {
        checkClassesMessage(msg)
      } catch {
        return
      }
      return void refreshList().catch(() => {})
    }
    if (msg.event.type === 'queue') {
      // the queue changed, maybe from another window or tab: its starts read again, which Train's
      // queue and Runs list (a run is stored, and the runs read again, at its 'started'); a
      // malformed one is dropped, not guessed at
      try {
        checkQueueMessage(msg)
      } catch {
        return
      }
      void refreshTraining().catch(() => {})
      return
    }
    if (msg.startId !== undefined && msg.startId !== startId.value && starting) {
      early = [...early.slice(-15), msg]
      return
    }
    const ev0 = msg.event
    if (ev0.type === 'epoch' && msg.runId !== null) epochsOf.value = new Map(epochsOf.value).set(msg.runId, ev0.epoch)
    if (ev0.type === 'started' || ev0.type === 'status' || ev0.type === 'done' || ev0.type === 'failed') {
      if (msg.runId === null && msg.startId !== undefined && msg.startId !== startId.value) unwatchedEnded(msg)
      void refreshTraining().catch(() => {})
    }
    if (msg.startId !== undefined && msg.startId === startId.value) {
      if (msg.runId === null) return void endedUnstored(msg.event)
      runId.value = msg.runId // stored at 'started': from here on a run like any other
      startId.value = null
    }
    if (msg.runId === null || msg.runId !== runId.value) {
      if (msg.event.type === 'status' || msg.event.type === 'done' || msg.event.type === 'started') void refreshList()
      return
    }
    const ev = msg.event
    switch (ev.type) {
      case 'started':
        totalEpochs.value = ev.epochs
        series.value = ev.series ?? null
        windows.value = ev.windows
        notices.value = ev.notices
        status.value = 'running'
        break
      case 'epoch':
        // Batch epoch events into one array replacement per animation frame.
        pending.push({ epoch: ev.epoch, trainLoss: ev.trainLoss, valLoss: ev.valLoss, gradNorm: ev.gradNorm, clipRate: ev.clipRate, lr: ev.lr, seconds: ev.seconds })
        gradFlow.value = ev.gradFlow
        phase.value = null
        phaseLeft.value = null
        if (!flush) flush = requestAnimationFrame(flushEpochs)
        break
      case 'log':
        if (status.value === 'running' || status.value === 'queued') activity.value = ev.message
        break
      case 'progress':
        if (status.value === 'running' || status.value === 'queued') progressed(ev)
        break
      case 'done':
        // a fast run's last epochs come with its end: shown with it, not a frame later
        flushEpochs()
        activity.value = null
        phase.value = null
        status.value = 'done'
        ended.value = { epochsRun: ev.epochsRun, bestEpoch: ev.bestEpoch, stoppedEarly: ev.stoppedEarly, ...(ev.ending ? { ending: ev.ending } : {}) }
        void open(msg.runId)
        break
      case 'failed':
        flushEpochs()
        activity.value = null
        phase.value = null
        status.value = 'failed'
        error.value = ev.error.message
        break
      case 'status':
        if (ev.status !== 'running') {
          flushEpochs()
          activity.value = null
          phase.value = null
        }
        status.value = ev.status
        error.value = ev.error
        if (ev.status !== 'running') void open(msg.runId)
        break
      default:
        break
    }
  }

  /** The watched start ended before training, so no run was stored: refused (the trainer's reason,
   *  in the words a failed run's would have), stopped, or its trainer gone. */
  function endedUnstored(ev: RunEventMessage['event']): void {
    activity.value = null
    phase.value = null
    if (ev.type === 'failed') {
      status.value = 'failed'
      error.value = ev.error.message
    } else if (ev.type === 'status') {
      status.value = ev.status
      error.value = ev.error
    } else if (ev.type === 'log') activity.value = ev.message
    else if (ev.type === 'progress') progressed(ev)
  }

  /** A start not watched here ended before training: why, under Train's list. */
  function unwatchedEnded(msg: RunEventMessage): void {
    const ev = msg.event
    const item = training.value.find((t) => t.startId === msg.startId)
    const what = `Queued start${item?.name ? ` “${item.name}”` : ''}`
    if (ev.type === 'failed') queueNotes.value = [...queueNotes.value, `${what} was refused before training: ${ev.error.message}`].slice(-5)
    else if (ev.type === 'status' && ev.status === 'interrupted') queueNotes.value = [...queueNotes.value, `${what} ended before training${ev.error ? ` (${ev.error})` : ''}; no run was stored.`].slice(-5)
  }

  /** The epochs batched for the next frame, shown now (the frame's turn, or the run's end). */
  function flushEpochs(): void {
    if (flush) cancelAnimationFrame(flush)
    flush = 0
    if (!pending.length) return
    const seen = new Set(pending.map((e) => e.epoch))
    epochs.value = [...epochs.value.filter((e) => !seen.has(e.epoch)), ...pending].sort((a, b) => a.epoch - b.epoch)
    pending = []
  }

  function subscribe(): void {
    if (subscribed) return
    subscribed = true
    useApi().onRunEvent(onEvent)
    useApi().onConnection?.(onConnection)
    void refreshTraining().catch(() => {})
  }

  /** The server was lost, or is reached again: then what it holds is read afresh (the events missed
   *  meanwhile are gone; a run whose server stopped is interrupted now). */
  function onConnection(state: ConnectionState): void {
    link.value = state
    if (state !== 'live') return
    if (runId.value !== null) void open(runId.value).catch(() => {})
    else void refreshList().catch(() => {})
  }

  function watchRun(id: number | null): void {
    gone.value = null
    runId.value = id
    startId.value = null
    detail.value = null
    startedConfig.value = null
    startedDataset.value = null
    // another run's epochs still batched are not this one's
    if (flush) cancelAnimationFrame(flush)
    flush = 0
    pending = []
    epochs.value = []
    gradFlow.value = null
    status.value = 'running'
    error.value = null
    totalEpochs.value = null
    windows.value = null
    notices.value = []
    activity.value = null
    phase.value = null
    series.value = null
    mark = null
    phaseLeft.value = null
    ended.value = null
  }

  let starting = false
  /** Watches start `id` from its first event on (the events that came before its handle included).
   *  Where the new start waits in the queue, Train shows the run that trains (README): the run
   *  watched here stays watched (its Stop with it) while it trains, else the stored run training
   *  is opened (a finished run shown here, or none), and the start is listed below it; only where
   *  none is stored yet (its trainer still preparing) is the queued start watched. Returns whether
   *  the start is the one watched. */
  async function watchStart(begin: () => Promise<{ startId: number }>): Promise<{ id: number; watched: boolean }> {
    subscribe()
    starting = true
    early = []
    let id: number
    const busy = running.value && (runId.value !== null || startId.value !== null) && link.value === 'live'
    try {
      id = (await begin()).startId
      await refreshTraining().catch(() => {})
    } finally {
      starting = false
    }
    if (training.value.find((t) => t.startId === id)?.state === 'queued') {
      const trains = training.value.find((t) => t.state === 'training' && t.runId !== null)?.runId ?? null
      if (busy || trains !== null) {
        early = []
        // (where it cannot be read, Train keeps what it shows, the start listed below it)
        if (!busy) await open(trains!).catch(() => {})
        return { id, watched: false }
      }
    }
    watchRun(null)
    startId.value = id
    status.value = 'queued'
    const seen = early.filter((m) => m.startId === id)
    early = []
    for (const m of seen) onEvent(m)
    return { id, watched: true }
  }

  /** Starts a run; it is stored, and watched by its run id, once its trainer starts training.
   *  calendarByDefault: its calendar is the one Setup set by default, untouched (the run then says
   *  it is on by default). Returns the start's handle. */
  async function start(datasetId: number, config: TrainConfig, name: string | null = null, calendarByDefault = false): Promise<number> {
    const { id, watched } = await watchStart(() => useApi().startRun({ datasetId, config, name, calendarByDefault }))
    if (watched) {
      startedConfig.value = config
      startedDataset.value = datasetId
      totalEpochs.value = config.training.epochs
    }
    return id
  }

  /** Trains stored run `id` again with its settings, as a new run (stored when it starts training). */
  async function rerun(id: number): Promise<number> {
    const src = await useApi().getRun({ runId: id })
    const { id: started, watched } = await watchStart(() => useApi().rerun({ runId: id }))
    if (watched) {
      startedConfig.value = src.config
      startedDataset.value = src.summary.datasetId
      totalEpochs.value = src.config.training.epochs
    }
    return started
  }

  async function open(id: number): Promise<void> {
    subscribe()
    const d = await useApi().getRun({ runId: id })
    if (runId.value !== id) watchRun(id)
    detail.value = d
    epochs.value = d.epochs
    if (d.gradFlow) gradFlow.value = d.gradFlow
    status.value = d.summary.status
    error.value = d.summary.error
    totalEpochs.value = d.config.training.epochs
    void refreshList()
  }

  async function stop(): Promise<void> {
    if (runId.value !== null) await useApi().stopRun({ runId: runId.value })
    else if (startId.value !== null) await useApi().cancelStart({ startId: startId.value })
  }

  /** Stops one training of the list: a start not yet stored is taken off the queue (or its trainer
   *  stopped), a stored run stopped as Train's Stop stops the watched one. */
  async function stopTraining(item: TrainingItem): Promise<void> {
    if (item.runId !== null) await useApi().stopRun({ runId: item.runId })
    else if (item.startId !== null) await useApi().cancelStart({ startId: item.startId })
    await refreshTraining()
  }

  async function refreshTraining(): Promise<void> {
    training.value = await useApi().listTraining()
  }

  async function resume(): Promise<void> {
    if (runId.value === null) return
    const { runId: id } = await useApi().resumeRun({ runId: runId.value })
    const keep = epochs.value
    const cfg = config.value
    watchRun(id)
    startedConfig.value = cfg
    if (cfg) totalEpochs.value = cfg.training.epochs
    if (id === runId.value) epochs.value = keep
  }

  /** Run `id` was deleted: if it is the one watched, no run is (Train, Evaluate and Export had kept
   *  showing it, and every export failed with "run 7 not found"). */
  function forget(id: number): void {
    if (runId.value !== id) return
    watchRun(id)
    runId.value = null
    status.value = null
  }

  /** Runs deleted by this window (deleteHere), until main has answered: its deletion event is no news here. */
  const deletingHere = new Set<number>()
  /** Deletes runs `ids` with `del` (deleteRun, deleteRuns) and gives main's answer: none is shown
   *  any longer, and the deletion event main sends every window says nothing here of the ones this
   *  window deleted. */
  async function deleteHere<T>(ids: readonly number[], del: () => Promise<T>): Promise<T> {
    for (const id of ids) deletingHere.add(id)
    try {
      const answer = await del()
      for (const id of ids) forget(id)
      return answer
    } finally {
      for (const id of ids) deletingHere.delete(id)
    }
  }

  /** Main deleted runs `runIds` and datasets `datasetIds` (Delete in this or another window or tab):
   *  they leave the Runs list at once; the run shown (Train, Evaluate, Export), if one of them, is no
   *  longer shown and why is said; the open file forgets its stored number, so Setup's next Start
   *  stores it again. */
  function deleted(runIds: readonly number[], datasetIds: readonly number[]): void {
    const ids = new Set(runIds)
    deletedRuns.value = new Set([...deletedRuns.value, ...runIds])
    if (runs.value.some((r) => ids.has(r.id))) runs.value = runs.value.filter((r) => !ids.has(r.id))
    const shown = runId.value
    if (shown !== null && ids.has(shown)) {
      if (deletingHere.has(shown)) forget(shown)
      else lost(shown, 'in another window or tab')
    }
    const data = useDatasetStore()
    for (const id of datasetIds) data.forgetStored(id)
  }

  async function refreshList(): Promise<void> {
    runs.value = await useApi().listRuns()
    void refreshTraining().catch(() => {})
  }

  /** Run `id`, shown here, is gone from main (deleted elsewhere): no run is shown, and why is said. */
  function lost(id: number, where = '(in another window or tab?)'): void {
    forget(id)
    gone.value = `Run #${id} was deleted ${where}; open another from Runs.`
  }
  /** `e` (a request's refusal) says that the run shown here no longer exists: then it is no longer
   *  shown (Evaluate and Export had kept it, and Forecast failed with "run 2 not found"). */
  function lostBy(e: unknown): boolean {
    const id = runId.value
    if (id === null || !(e instanceof Error) || (e as { code?: string }).code !== 'not-found' || !new RegExp(`\\brun ${id} not found`, 'i').test(e.message)) return false
    lost(id)
    return true
  }

  /** After a reload: reopen the run that is still training, else the latest one. */
  async function restore(): Promise<void> {
    subscribe()
    await refreshList()
    if (runId.value !== null || startId.value !== null) return
    const live = runs.value.find((r) => r.status === 'running') ?? runs.value[0]
    if (live) await open(live.id)
  }

  return { gone, lostBy, deleteHere, deletedRuns, training, epochsOf, queueNotes, stopTraining, refreshTraining, runId, startId, watching, link, datasetId, detail, epochs, gradFlow, status, error, totalEpochs, windows, notices, activity, phase, ended, runs, config, running, eta, timeLeft: timeLeftNow, start, rerun, open, stop, resume, forget, refreshList, restore, subscribe, onEvent }
})

/** A progress event's counts, as the store keeps them. */
function progressOf(e: ProgressEvent): Omit<ProgressEvent, 'type'> {
  return { phase: e.phase, done: e.done, total: e.total, ...(e.epoch !== undefined ? { epoch: e.epoch } : {}) }
}
