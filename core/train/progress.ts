// What a run or an export says while it works (ProgressEvent, core/export/progress.ts
// ExportProgress): one counted phase, one sentence per phase with the counts of work done, the same
// in the CLI, the Train view and the Export view. Pure: core/train.
import type { ProgressPhase } from './types'

const n = (v: number) => v.toLocaleString('en-US')

/** The passes of a global run's preparation (prepareGlobalRun), in a run and in an export: its
 *  series prepared, the series the shared cut dates would skip checked on their own rows ('auto'
 *  cuts), every other series prepared again on its own rows where those cuts found some. */
export type PreparePhase = Extract<ProgressPhase, 'prepare' | 'prepare-check' | 'prepare-again'>

/** What a counted phase is: a run's (ProgressPhase), or an export's rebuild of a single-series run
 *  in steps ('rebuild'), its workbook's rows written ('rows') and the workbook's other parts
 *  ('workbook': its writer loaded before the rows, then the rest of it made, packed and compressed). */
export type CountedPhase = ProgressPhase | 'rebuild' | 'rows' | 'workbook'

/** `done` of `total` items of `phase`; `epoch`: the epoch of a run's 'batches'. */
export interface Counted { phase: CountedPhase; done: number; total: number; epoch?: number }

/** "epoch 1: 2,400 of 6,563 batches", "fitting each series' statistical models: 12 of 30 series",
 *  "rebuilding the run's forecast: 9 of 48 steps done". */
export function progressWords(e: Counted): string {
  switch (e.phase) {
    case 'prepare':
      return e.total === 1 ? 'preparing the data: splitting, scaling and cutting it into windows' : `preparing the data: ${n(e.done)} of ${n(e.total)} series prepared`
    case 'preparing':
      return `preparing the data (splitting, scaling, cutting it into windows): ${n(e.done)} of ${n(e.total)} steps done`
    case 'prepare-check':
      return `checking the series the shared cut dates would skip, each on its own rows: ${n(e.done)} of ${n(e.total)} series`
    case 'prepare-again':
      return `preparing the data again, each series on its own rows: ${n(e.done)} of ${n(e.total)} series`
    case 'batches':
      return `epoch ${e.epoch ?? '?'}: ${n(e.done)} of ${n(e.total)} batches`
    case 'seasons':
      return `reading each series' season and outliers on its training rows: ${n(e.done)} of ${n(e.total)} series`
    case 'models':
      return e.total === 1 ? 'fitting the statistical models on the training rows' : `fitting each series' statistical models: ${n(e.done)} of ${n(e.total)} series`
    case 'choice':
      return e.total === 1 ? 'choosing the forecast on the validation rows' : `choosing each series' forecast on its validation rows: ${n(e.done)} of ${n(e.total)} series done`
    case 'choosing':
      return `choosing the forecast on the validation rows: ${n(e.done)} of ${n(e.total)} steps done`
    case 'rebuild':
      return `rebuilding the run's forecast: ${n(e.done)} of ${n(e.total)} steps done`
    case 'rows':
      return `${n(e.done)} of ${n(e.total)} forecast rows written`
    case 'workbook':
      return `making the workbook: ${n(e.done)} of ${n(e.total)} parts done`
  }
}

/** Work counted in steps of unequal length, known in number up front (a stored run's rebuild:
 *  preparing its data, its statistical models, its validation and test paths, …): each call says one
 *  more done, to `tell` (done never past total). */
export function countedSteps(total: number, tell: ((done: number, total: number) => void) | undefined): () => void {
  let done = 0
  return () => {
    done = Math.min(done + 1, total)
    tell?.(done, total)
  }
}

/** `parts` calls of `step` spread over work told as a share (share(done, total): the parts whole by
 *  then are made, never more than `parts`); end() makes up the parts not made. */
export function inShares(parts: number, step: () => void): { share(done: number, total: number): void; end(): void } {
  let made = 0
  const upTo = (k: number) => {
    for (; made < Math.min(k, parts); made++) step()
  }
  return { share: (done, total) => upTo(total > 0 ? Math.floor((parts * done) / total) : 0), end: () => upTo(parts) }
}

/** `parts` calls of `step` spread over `n` items as each is done (next(): one more item; the parts
 *  whole by then are made); end() makes up the parts not made (no items, or fewer than `n` done). */
export function inParts(parts: number, n: number, step: () => void): { next(): void; end(): void } {
  let items = 0
  const p = inShares(parts, step)
  return { next: () => p.share(++items, n), end: p.end }
}

/** `parts` calls of `step` over work whose items are not known in number up front (the statistical
 *  models' fits: ETS's candidates, ARIMA's search and the iterations of its maximum-likelihood fits):
 *  tick() says one more item done. The first half of the parts (all but the last, which end()
 *  keeps) come one an item, each next quarter one in twice as many items as the last, so a long
 *  search is still counted as it goes (40 parts: the 39th after 124 items); end() makes up the
 *  parts not made. */
export function inTicks(parts: number, step: () => void): { tick(): void; end(): void } {
  let made = 0
  let every = 1 // items a part
  let since = 0 // items since the last part
  let left = Math.ceil((parts - 1) / 2) // parts at this rate
  return {
    tick: () => {
      if (made >= parts - 1 || ++since < every) return
      since = 0
      made++
      step()
      if (--left === 0) {
        every *= 2
        left = Math.max(1, Math.ceil((parts - 1 - made) / 2))
      }
    },
    end: () => {
      for (; made < parts; made++) step()
    }
  }
}

/** `tell` called at most once per whole percent of `total` (and at the end): a count per series or
 *  row would send thousands of messages. */
export function perPercent(tell: (done: number, total: number) => void): (done: number, total: number) => void {
  let told = -1
  return (done, total) => {
    const pct = Math.floor((100 * done) / total)
    if (pct === told && done < total) return
    told = pct
    tell(done, total)
  }
}

/** perPercent for each phase apart (a count told per phase: a global run's preparation passes). */
export function perPhase<P extends string>(tell: (phase: P, done: number, total: number) => void): (phase: P, done: number, total: number) => void {
  const each = new Map<P, (done: number, total: number) => void>()
  return (phase, done, total) => {
    let t = each.get(phase)
    if (!t) each.set(phase, (t = perPercent((d, n) => tell(phase, d, n))))
    t(done, total)
  }
}

/** A time left as the CLI's progress line and the Train view say it: "45 s", "3 min 51 s",
 *  "2 h 10 min" (whole seconds, rounded up; no "2 min 60 s"). */
export function durationWords(seconds: number): string {
  const t = Math.max(0, Math.ceil(seconds))
  if (t < 60) return `${t} s`
  if (t < 3600) return `${Math.floor(t / 60)} min ${t % 60} s`
  const m = Math.ceil(t / 60)
  return `${Math.floor(m / 60)} h ${m % 60} min`
}

/** A global run's phases after its last epoch, each a count of its series, in order: their season
 *  and outliers read ('seasons'), their statistical models fitted over worker threads ('models'),
 *  their forecast chosen ('choice'); with what each leaves to do after it. */
const AFTER_SERIES: Partial<Record<CountedPhase, string | null>> = { seasons: 'to fit and choose', models: 'to choose', choice: null }

/** Where a counted phase was first told, and when (ms): its rate is measured from there. */
export interface PhaseMark { phase: CountedPhase; done: number; at: number }

/** The mark to keep once `e` is told at `now`: `prev` while its phase goes on, else `e` itself. */
export function markPhase(prev: PhaseMark | null, e: { phase: CountedPhase; done: number }, now: number): PhaseMark {
  return prev !== null && prev.phase === e.phase && e.done >= prev.done ? prev : { phase: e.phase, done: e.done, at: now }
}

/** A run's time left: `seconds` (null: not known yet, being estimated), `of`: what they count when
 *  more follows them, `then`: the work after them whose time is not known yet. */
export interface TimeLeft { seconds: number | null; of?: 'training'; then?: string }

/** The time left of a run as the CLI and the Train view say it (timeLeftWords). While it trains
 *  (`training`: the seconds left of its epochs, from their mean): those, and for a global run its
 *  `series` after them. After a global run's last epoch, in one of its per-series phases (`phase`,
 *  first told at `mark`, `now` ms): the series left of it at the rate of those done since, then the
 *  phases after it, unmeasured yet (their series named); nothing done yet: being estimated. Any other
 *  phase after the last epoch (a single series' choice, whose steps differ too much in length):
 *  null, none claimed. */
export function timeLeft(t: { training?: number | null; series?: number | null; phase?: { phase: CountedPhase; done: number; total: number } | null; mark?: PhaseMark | null; now?: number }): TimeLeft | null {
  const p = t.phase
  // one series (a single-series run's choice says 'choice' of 1): no rate to measure
  if (p && p.phase in AFTER_SERIES && p.total > 1) {
    const after = AFTER_SERIES[p.phase]
    const then = after ? { then: `then ${n(p.total)} series ${after}` } : {}
    const m = t.mark
    const since = m && m.phase === p.phase ? p.done - m.done : 0
    if (!m || since <= 0 || t.now === undefined) return { seconds: null }
    return { seconds: ((t.now - m.at) / 1000 / since) * (p.total - p.done), ...then }
  }
  if (p && p.phase !== 'batches') return null
  if (t.training === null || t.training === undefined) return null
  return t.series ? { seconds: t.training, of: 'training', then: `then ${n(t.series)} series to fit and choose` } : { seconds: t.training }
}

/** timeLeft in words: the CLI's "ETA 45 s", "ETA 45 s of training, then 320 series to fit and choose",
 *  "ETA estimating…"; the app's "45 s left", "45 s of training left, then …", "estimating the time left…". */
export function timeLeftWords(t: TimeLeft, to: 'cli' | 'app'): string {
  const then = t.then ? `, ${t.then}` : ''
  if (t.seconds === null) return to === 'cli' ? 'ETA estimating…' : 'estimating the time left…'
  const d = `${durationWords(t.seconds)}${t.of ? ` of ${t.of}` : ''}`
  return (to === 'cli' ? `ETA ${d}` : `${d} left`) + then
}
