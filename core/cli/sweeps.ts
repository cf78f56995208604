// fw sweeps: the stored sweeps, each with its trials stored and its best; fw sweeps SWEEP: that
// sweep's ranking again, the table fw sweep printed at its end, read from the runs as stored
// (core/services/sweep-trials.ts storedRanking), with the trials that never started named.
import { storedRanking } from '../services/sweep-trials'
import { andListCut } from '../data/words'
import { UsageError, wholeNumber, type Parsed } from './args'
import { fmt, table, type Out } from './format'
import { openCliStore } from './runs'
import { printRanking } from './sweep'
import type { Store } from '../store'

export function sweepsCommand(p: Parsed, out: Out): void {
  const raw = p.positional[0]
  const id = raw === undefined ? null : wholeNumber(raw) ?? NaN
  if (id !== null && (!Number.isSafeInteger(id) || id <= 0)) throw new UsageError(`fw sweeps: expected a sweep id (a positive integer, see fw sweeps), got '${raw}'`)
  const store = openCliStore(p)
  try {
    if (id === null) listSweeps(store, p.flags['json'] === true, out)
    else showSweep(store, id, p.flags['json'] === true, out)
  } finally {
    store.close()
  }
}

/** A ranked row's score, said with its metric ("gmrae 0.4339"); '—' where none. */
const scoreWords = (f: { error: number | null; metric: string } | null) => (f && f.error !== null ? `${f.metric} ${fmt(f.error)}` : '—')

function listSweeps(store: Store, json: boolean, out: Out): void {
  const rows = store.sweeps.list().map((s) => {
    const r = storedRanking(store, s.id)
    const best = r.ranked.find((x) => x.rank === 1) ?? null
    return { id: s.id, name: s.name, createdAt: s.createdAt, trials: r.trials, stored: r.ranked.filter((x) => x.runId !== null).length, best: best ? { runId: best.runId, trial: best.trial, forecast: best.forecast } : null }
  })
  if (json) return void out.write(JSON.stringify(rows, null, 2) + '\n')
  if (!rows.length) return void out.write(`no sweeps in ${store.file}; start one with: fw sweep --csv FILE --target COL --grid grid.json\n`)
  out.write(table(['sweep', 'name', 'trials stored', 'best run', 'its forecast val score', 'created'], rows.map((s) => [
    String(s.id), s.name, s.trials === null ? String(s.stored) : `${s.stored} of ${s.trials}`, s.best?.runId == null ? '—' : String(s.best.runId), scoreWords(s.best?.forecast ?? null),
    new Date(s.createdAt).toISOString().slice(0, 16).replace('T', ' ')
  ])) + '\n')
  out.write('\nfw sweeps SWEEP ranks a sweep\'s trials\n')
}

function showSweep(store: Store, id: number, json: boolean, out: Out): void {
  const sweep = store.sweeps.get(id)
  const r = storedRanking(store, id)
  if (json) return void out.write(JSON.stringify({ sweep: { id: sweep.id, name: sweep.name, createdAt: sweep.createdAt, spec: JSON.parse(sweep.specJson) as unknown }, trials: r.trials, unstored: r.unstored, ranked: r.ranked }, null, 2) + '\n')
  const stored = r.ranked.filter((x) => x.runId !== null)
  out.write(`sweep ${id} "${sweep.name}": ${r.trials === null ? `${stored.length} trials stored` : `${r.trials} trials, ${stored.length} stored`}\n`)
  if (r.unstored.length) {
    const one = r.unstored.length === 1
    const again = r.ofFw ? `the fw sweep command that made the sweep, run again, trains ${one ? 'it' : 'them'} and skips the trials stored` : 'a sweep of the app, which fw sweep does not continue'
    out.write(`${one ? 'trial' : 'trials'} ${andListCut(r.unstored, 8)} never started training (stopped, or refused for ${one ? 'its' : 'their'} settings): ${again}\n`)
  }
  const global = stored.some((x) => x.forecast?.metric === 'gmrae' || x.series !== null)
  printRanking(out, r.ranked, r.paths, global)
  const stopped = stored.filter((x) => x.status === 'cancelled' || x.status === 'interrupted')
  if (stopped.length) out.write(`${andListCut(stopped.map((x) => `run ${x.runId}`), 8)} stopped while training: fw resume RUN continues ${stopped.length === 1 ? 'it' : 'each'}\n`)
}
