// The backtest of the run open in Evaluate: started through api.startBacktest, followed on the
// backtest event channel. A store, not the panel's own state, so that leaving Evaluate and coming
// back shows the same progress or result. Nothing is kept past the page: main stores no backtest.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { BacktestEvent, BacktestEventMessage, BacktestFold } from '../../../electron/contract'
import type { ProgressEvent, TrainConfig } from '../../../core/train/types'
import { useApi } from '../api'

export type BacktestStatus = 'idle' | 'starting' | 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled'

export const useBacktestStore = defineStore('backtest', () => {
  const runId = ref<number | null>(null) // the run whose settings are backtested
  const jobId = ref<number | null>(null)
  const status = ref<BacktestStatus>('idle')
  const folds = ref(5)
  const fold = ref(0) // the fold training now, 1-based
  const epoch = ref(0)
  const epochs = ref(0)
  /** What the fold does while no epoch ends, with its work done (its batches, its series' models
   *  and choice after its last epoch); cleared by its next epoch and its end. */
  const phase = shallowRef<Omit<ProgressEvent, 'type'> | null>(null)
  const results = shallowRef<BacktestFold[]>([])
  const error = ref<string | null>(null)
  // events that arrive before startBacktest's answer names their job (a socket can beat the reply)
  let early: BacktestEventMessage[] = []
  let listening = false

  const busy = computed(() => status.value === 'starting' || status.value === 'running' || status.value === 'cancelling')
  /** Done share of the whole backtest, 0..1: the folds finished plus the current fold's epochs. */
  const fraction = computed(() => {
    if (status.value === 'done') return 1
    if (!fold.value || !folds.value) return 0
    const p = phase.value
    const partial = p?.phase === 'batches' && p.epoch === epoch.value + 1 ? p.done / p.total : 0
    return Math.min(1, (fold.value - 1 + (epochs.value ? (epoch.value + partial) / epochs.value : 0)) / folds.value)
  })

  function apply(e: BacktestEvent): void {
    if (e.type !== 'progress') phase.value = null
    switch (e.type) {
      case 'fold-started':
        return void ((fold.value = e.fold), (epoch.value = 0), (epochs.value = e.epochs))
      case 'epoch':
        return void ((fold.value = e.fold), (epoch.value = e.epoch), (epochs.value = e.epochs))
      case 'progress':
        return void ((fold.value = e.fold), (phase.value = { phase: e.phase, done: e.done, total: e.total, ...(e.epoch !== undefined ? { epoch: e.epoch } : {}) }))
      case 'fold-done':
        results.value = [...results.value, e.result]
        return
      case 'done':
        results.value = e.folds
        status.value = 'done'
        return
      case 'failed':
        error.value = e.error.message
        status.value = 'failed'
        return
      case 'cancelled':
        // a backtest is whole or not at all: the folds seen so far go too
        results.value = []
        status.value = 'cancelled'
    }
  }

  function onEvent(msg: BacktestEventMessage): void {
    if (status.value === 'starting' && jobId.value === null) early.push(msg)
    else if (msg.jobId === jobId.value && busy.value) apply(msg.event)
  }

  async function start(run: number, datasetId: number, config: TrainConfig, k: number): Promise<void> {
    if (!listening) (useApi().onBacktestEvent(onEvent), (listening = true))
    runId.value = run
    jobId.value = null
    folds.value = k
    fold.value = epoch.value = epochs.value = 0
    phase.value = null
    results.value = []
    error.value = null
    status.value = 'starting'
    early = []
    try {
      // a plain copy: a stored run's config as main gave it, never a reactive proxy
      const r = await useApi().startBacktest({ datasetId, config: JSON.parse(JSON.stringify(config)) as TrainConfig, folds: k })
      jobId.value = r.jobId
      // Cancel pressed before main answered: the job is cancelled now that it has a name
      if ((status.value as BacktestStatus) === 'cancelling') return void (await stop(r.jobId))
      status.value = 'running'
      for (const m of early) if (m.jobId === r.jobId && busy.value) apply(m.event)
    } catch (e) {
      // a refusal names its field first ("folds: 40 rows allow at most 12 folds"): the sentence alone
      const msg = e instanceof Error ? e.message : String(e)
      const field = (e as { field?: unknown }).field
      error.value = typeof field === 'string' && msg.startsWith(`${field}: `) ? msg.slice(field.length + 2) : msg
      status.value = 'failed'
    } finally {
      early = []
    }
  }

  /** Cancel is offered from the start: pressed while main has not yet named the job, start cancels
   *  it once it has (the focus is on Cancel from the press of Run on). */
  async function cancel(): Promise<void> {
    if (status.value === 'starting') return void (status.value = 'cancelling')
    if (jobId.value === null || status.value !== 'running') return
    status.value = 'cancelling'
    await stop(jobId.value)
  }

  async function stop(id: number): Promise<void> {
    try {
      await useApi().cancelBacktest({ jobId: id })
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
    }
    // its 'cancelled' event normally came first; if the job had ended meanwhile, say cancelled anyway
    if (jobId.value === id && status.value === 'cancelling') apply({ type: 'cancelled' })
  }

  return { runId, jobId, status, folds, fold, epoch, epochs, phase, results, error, busy, fraction, start, cancel }
})
