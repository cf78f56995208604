// The sweep started here, followed trial by trial: each trial is a start of its own (startSweep's
// startIds) until its trainer starts training and its run is stored; one that ends before then
// (refused for its settings, not recorded, stopped) stores no run, and its reason is kept here,
// since the Runs list can not show a run that does not exist. The sweep and its trials are kept in
// localStorage (SWEEP_KEY) as they change, so that a reloaded page shows the same sweep with its
// trials that ended with no run, and follows those not yet ended from their next event on.
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { Requests, RunEventMessage } from '../../../electron/contract'
import type { ProgressEvent } from '../../../core/train/types'
import { useApi } from '../api'
import { useRunStore } from './run'

export interface SweepTrial {
  startId: number
  /** the name its run is (or would have been) stored under */
  name: string
  /** its stored run; null until its trainer starts training */
  runId: number | null
  /** how it ended with no run stored, in the app's words; null while it may still start */
  unstored: { outcome: 'refused' | 'not recorded' | 'stopped' | 'interrupted'; why: string | null } | null
  /** how far its training is, from its events once stored: epochs done of those planned, and what
   *  it does while no epoch ends (its batches, its choice after the last epoch) */
  progress?: { epoch: number; epochs: number; phase: Omit<ProgressEvent, 'type'> | null }
}

/** localStorage key of the sweep started last and its trials (kept across reloads). */
export const SWEEP_KEY = 'fw.sweep'

/** The sweep kept by an earlier page, when it reads as one; null otherwise (none, or written by
 *  another version). */
function keptSweep(): { sweepId: number; trials: SweepTrial[] } | null {
  try {
    const v = JSON.parse(localStorage.getItem(SWEEP_KEY) ?? 'null') as { sweepId?: unknown; trials?: unknown } | null
    if (!v || typeof v.sweepId !== 'number' || !Array.isArray(v.trials)) return null
    const ok = (t: Partial<SweepTrial>) => typeof t.startId === 'number' && typeof t.name === 'string' && (t.runId === null || typeof t.runId === 'number') && (t.unstored === null || (typeof t.unstored === 'object' && typeof t.unstored.outcome === 'string'))
    if (!v.trials.every((t) => t && typeof t === 'object' && ok(t as Partial<SweepTrial>))) return null
    // progress is the live page's: a reloaded one hears the next event
    return { sweepId: v.sweepId, trials: (v.trials as SweepTrial[]).map(({ startId, name, runId, unstored }) => ({ startId, name, runId, unstored })) }
  } catch {
    return null
  }
}

export const useSweepStore = defineStore('sweep', () => {
  const kept = keptSweep()
  const sweepId = ref<number | null>(kept?.sweepId ?? null)
  const trials = ref<SweepTrial[]>(kept?.trials ?? [])
  const stopping = ref(false)
  let subscribed = false
  let starting = false
  /** Events that came before startSweep's answer (browser mode's socket can outrun it). */
  let early: RunEventMessage[] = []

  function onEvent(msg: RunEventMessage): void {
    if (msg.startId === undefined) return void (msg.runId !== null && followStored(msg.runId, msg.event))
    if (starting) {
      early = [...early.slice(-255), msg]
      return
    }
    const t = trials.value.find((x) => x.startId === msg.startId)
    if (!t) return
    if (msg.runId !== null) {
      t.runId = msg.runId // stored at 'started': from here on a run of the Runs list
      followStored(msg.runId, msg.event)
      void useRunStore().refreshList()
      return
    }
    const ev = msg.event
    if (ev.type === 'failed') t.unstored = { outcome: ev.error.name === 'RecordError' ? 'not recorded' : 'refused', why: ev.error.message }
    else if (ev.type === 'status' && ev.status === 'cancelled') t.unstored = { outcome: 'stopped', why: null }
    else if (ev.type === 'status' && ev.status !== 'running' && ev.status !== 'queued') t.unstored = { outcome: 'interrupted', why: ev.error }
  }

  /** A stored trial's training, epoch by epoch and in between. */
  function followStored(runId: number, ev: RunEventMessage['event']): void {
    const t = trials.value.find((x) => x.runId === runId)
    if (!t) return
    if (ev.type === 'started') t.progress = { epoch: 0, epochs: ev.epochs, phase: null }
    else if (!t.progress) return
    else if (ev.type === 'epoch') t.progress = { ...t.progress, epoch: ev.epoch, phase: null }
    else if (ev.type === 'progress') t.progress = { ...t.progress, phase: { phase: ev.phase, done: ev.done, total: ev.total, ...(ev.epoch !== undefined ? { epoch: ev.epoch } : {}) } }
    else if (ev.type === 'done' || ev.type === 'failed' || ev.type === 'status') t.progress = { ...t.progress, phase: null }
  }

  function subscribe(): void {
    if (subscribed) return
    subscribed = true
    useApi().onRunEvent(onEvent)
  }

  /** Starts a sweep; its trials are followed from their first event on. */
  async function start(req: Requests['startSweep']): Promise<number> {
    subscribe()
    starting = true
    early = []
    let r: Awaited<ReturnType<ReturnType<typeof useApi>['startSweep']>>
    try {
      r = await useApi().startSweep(req)
    } finally {
      starting = false
    }
    sweepId.value = r.sweepId
    stopping.value = false
    trials.value = r.startIds.map((startId, i) => ({ startId, name: r.names[i] ?? `trial ${i + 1}`, runId: null, unstored: null }))
    const seen = early
    early = []
    for (const m of seen) onEvent(m)
    return r.sweepId
  }

  /** Stops every trial not yet ended: those waiting or starting store nothing, those training end cancelled. */
  async function stop(): Promise<void> {
    if (sweepId.value === null || stopping.value) return
    stopping.value = true
    try {
      await useApi().stopSweep({ sweepId: sweepId.value })
      await useRunStore().refreshList()
    } finally {
      stopping.value = false
    }
  }

  watch([sweepId, trials], () => {
    if (sweepId.value === null) return
    try {
      localStorage.setItem(SWEEP_KEY, JSON.stringify({ sweepId: sweepId.value, trials: trials.value.map(({ startId, name, runId, unstored }) => ({ startId, name, runId, unstored })) }))
    } catch {
      // storage full or off: the sweep is shown until the page reloads
    }
  }, { deep: true })
  // a sweep kept from before a reload: its trials not yet ended are followed from their next event;
  // one 'ended before training' by the app stopping that the app queued again as it restarted (a
  // sweep cut short) waits or trains once more
  if (kept) {
    subscribe()
    void useApi()
      .listTraining()
      .then((items) => {
        for (const item of items) {
          const t = item.sweepId === sweepId.value ? trials.value.find((x) => x.startId === item.startId) : undefined
          if (t?.unstored?.outcome === 'interrupted') t.unstored = null
        }
      })
      .catch(() => {}) // no answer: the server is gone, which the connection notice says
  }

  /** Trials that have neither a run nor an ending yet: waiting for a trainer, or starting. One
   *  stored while the page reloaded (its 'started' event missed) is the sweep's run of its name. */
  const waiting = computed(() => trials.value.filter((t) => t.runId === null && t.unstored === null && !useRunStore().runs.some((r) => r.sweepId === sweepId.value && r.name === t.name)))
  const unstored = computed(() => trials.value.filter((t) => t.unstored !== null))
  /** Every trial ended with no run: the sweep was not kept. */
  const noneStored = computed(() => trials.value.length > 0 && trials.value.every((t) => t.unstored !== null))

  return { sweepId, trials, stopping, waiting, unstored, noneStored, start, stop, onEvent, subscribe }
})
